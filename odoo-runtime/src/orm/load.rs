//! Bulk import and export with external ids: `load` (Odoo's import: a matrix of text cells,
//! with an `id` column of external ids), an upsert keyed by an external id that can be
//! retried after a lost answer, `export_data`, and external-id lookups in `ir.model.data`.
//!
//! `load` runs the whole matrix in one transaction: either every row is imported, or none is
//! and the answer lists what was wrong with each row ([`Error::import_messages`]). A row whose
//! `id` cell names an external id that already exists updates that record instead of creating
//! another: a `load` (or an [`upsert`](Client::upsert)) sent twice, because its first answer was
//! lost to a timeout or a reset connection, leaves one record, not two.
//!
//! ```no_run
//! use odoo_runtime::{Client, OdooModel, RecordId, Values};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String>, pub email: Option<String> }
//!
//! # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
//! let loaded = client
//!     .load::<Partner>(["id", "name", "email"])
//!     .row(["shop.customer_1", "Ada", "ada@example.com"])
//!     .row(["shop.customer_2", "Grace", "grace@example.com"])
//!     .await?;
//! assert_eq!(loaded.ids.len(), 2);
//!
//! // Safe to send again after a lost answer: the external id makes it an update.
//! let id = client
//!     .upsert("shop.customer_3", Values::<Partner>::new().set(Partner::NAME, "Linus"))
//!     .await?;
//! assert_eq!(client.external_id::<Partner>("shop.customer_3").await?, Some(id));
//!
//! let rows = client.export_data([id], ["id", "name"]).await?;
//! assert_eq!(rows[0][0].as_str(), Some("shop.customer_3"));
//! # Ok(()) }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::future::IntoFuture;
use std::marker::PhantomData;

use serde::Deserialize;

use crate::call::Call;
use crate::client::Client;
use crate::error::Fault;
use crate::error::{Error, ErrorKind};
use crate::model::OdooModel;
use crate::operation::{context_setter, ids_arg, into_future, BoxFuture, Operation, Options};
use crate::types::RecordId;
use crate::value::{Map, Value};
use crate::write::Values;

/// The module Odoo gives an external id written without one (`customer_1` is
/// `__import__.customer_1`).
pub const IMPORT_MODULE: &str = "__import__";

/// `name` as Odoo stores it: `module.name`, with [`IMPORT_MODULE`] when it has no module.
fn qualified(xml_id: &str) -> (String, String) {
    match xml_id.split_once('.') {
        Some((module, name)) => (module.to_owned(), name.to_owned()),
        None => (IMPORT_MODULE.to_owned(), xml_id.to_owned()),
    }
}

// ------------------------------------------------------------------------------- messages

/// How bad an import message is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ImportMessageKind {
    /// The row was refused, and with it the whole `load`.
    Error,
    /// The row was imported, with a remark.
    Warning,
    /// A remark.
    Info,
}

/// The rows of the data matrix a message is about, by index from 0, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct RowRange {
    /// The first row.
    pub from: i64,
    /// The last row (a record with one2many lines spans several).
    pub to: i64,
}

/// One message of `load` about a row, as Odoo words it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ImportMessage {
    /// Error, warning or info.
    #[serde(rename = "type")]
    pub kind: ImportMessageKind,
    /// What was wrong, e.g. `Unknown value 'maybe' for boolean field 'Is a Company'`.
    pub message: String,
    /// The technical name of the field, when the message is about one.
    #[serde(default, deserialize_with = "false_as_none")]
    pub field: Option<String>,
    /// The index of the record among those the matrix describes.
    #[serde(default)]
    pub record: Option<i64>,
    /// The rows of the matrix.
    #[serde(default)]
    pub rows: Option<RowRange>,
    /// Odoo's hint: a text (`Use '1' for yes and '0' for no`) or an action listing the
    /// possible values.
    #[serde(default)]
    pub moreinfo: Option<Value>,
}

fn false_as_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

impl fmt::Display for ImportMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(rows) = self.rows {
            if rows.from == rows.to {
                write!(f, "row {}", rows.from)?;
            } else {
                write!(f, "rows {}–{}", rows.from, rows.to)?;
            }
            if let Some(field) = &self.field {
                write!(f, ", `{field}`")?;
            }
            f.write_str(": ")?;
        } else if let Some(field) = &self.field {
            write!(f, "`{field}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// The messages of a refused `load`, kept as the source of its [`Error`].
#[derive(Debug)]
struct Refused(Vec<ImportMessage>);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} import message(s)", self.0.len())
    }
}

impl std::error::Error for Refused {}

impl Error {
    /// The per-row messages of a `load` the server refused (an [`ErrorKind::UserError`]
    /// whose message lists them): which row, which field, and why. `None` for any other
    /// error.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
    /// # async fn run(client: Client) {
    /// let refused = client.load::<Partner>(["name", "is_company"]).row(["Acme", "maybe"]).await;
    /// let Err(e) = refused else { return };
    /// for m in e.import_messages().unwrap_or_default() {
    ///     println!("{:?} {:?}: {}", m.rows, m.field, m.message);
    /// }
    /// # }
    /// ```
    pub fn import_messages(&self) -> Option<&[ImportMessage]> {
        std::error::Error::source(self)?
            .downcast_ref::<Refused>()
            .map(|r| r.0.as_slice())
    }
}

// ------------------------------------------------------------------------------- load

/// What `load` imported: the ids of the records, in the order of the matrix's records, and
/// the warnings it gave.
#[derive(Debug)]
#[non_exhaustive]
pub struct Loaded<M> {
    /// The records created or updated, one per record of the matrix.
    pub ids: Vec<RecordId<M>>,
    /// Warnings and remarks (errors make the whole `load` an error instead).
    pub messages: Vec<ImportMessage>,
}

#[derive(Deserialize)]
pub(crate) struct Answer {
    #[serde(default)]
    ids: Value,
    #[serde(default)]
    messages: Vec<ImportMessage>,
}

/// `load`: imports a matrix of text cells into `M`, all rows or none. Made by
/// [`Client::load`].
#[must_use = "a query does nothing until it is awaited"]
pub struct Load<'a, M> {
    client: &'a Client,
    fields: Vec<String>,
    rows: Vec<Vec<String>>,
    options: Options,
    _m: PhantomData<fn() -> M>,
}

impl<'a, M: OdooModel> Load<'a, M> {
    context_setter!();

    /// Adds a row: one cell per column, as text the way Odoo's import reads it (`1`/`0` for
    /// booleans, `2024-12-31` for dates, `2024-12-31 23:59:59` for datetimes in the context's
    /// `tz`, an id for an `…/.id` column, an external id for an `…/id` column, a name for a
    /// many2one column, an empty cell for false). A row with another number of cells than
    /// there are columns is refused before anything is sent (Odoo would silently drop the
    /// missing cells).
    pub fn row<I: IntoIterator<Item = S>, S: Into<String>>(mut self, cells: I) -> Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Adds rows (see [`row`](Load::row)).
    pub fn rows<R, I, S>(mut self, rows: R) -> Self
    where
        R: IntoIterator<Item = I>,
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.rows.extend(
            rows.into_iter()
                .map(|r| r.into_iter().map(Into::into).collect()),
        );
        self
    }

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        self.options.apply(
            Call::new(M::MODEL, "load")
                .arg("fields", &self.fields)
                .arg("data", &self.rows),
        )
    }

    fn check(&self) -> Result<(), Error> {
        if self.fields.is_empty() {
            return Err(Error::encode(format!("{}.load: no columns", M::MODEL)));
        }
        match self.rows.iter().position(|r| r.len() != self.fields.len()) {
            Some(i) => Err(Error::encode(format!(
                "{}.load: row {i} has {} cells for {} columns",
                M::MODEL,
                self.rows[i].len(),
                self.fields.len()
            ))),
            None => Ok(()),
        }
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for Load<'a, M> {
    type Answer = Answer;
    type Output = Loaded<M>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        self.check().map(|()| self.to_call())
    }
    fn bindings_version(&self) -> Option<&'static str> {
        M::ODOO_VERSION
    }
    fn known(&self) -> Option<Loaded<M>> {
        // No rows: nothing to import (and nothing a check could refuse).
        self.rows.is_empty().then(|| Loaded {
            ids: Vec::new(),
            messages: Vec::new(),
        })
    }
    fn decode(self, answer: Answer) -> Result<Loaded<M>, Error> {
        loaded(M::MODEL, answer)
    }
}
into_future!(['a, M: OdooModel + Send] Load<'a, M> => Loaded<M>);

/// The typed answer of `load`: ids, or the error holding its messages.
fn loaded<M>(model: &str, answer: Answer) -> Result<Loaded<M>, Error> {
    let refused = answer
        .messages
        .iter()
        .any(|m| m.kind == ImportMessageKind::Error);
    match answer.ids {
        Value::Array(ids) if !refused => {
            let ids = ids
                .iter()
                .map(|v| {
                    v.as_i64().map(RecordId::new).ok_or_else(|| {
                        Error::decode_message(format!(
                            "{model}.load answered an id that is not an integer: {}",
                            v.kind_name()
                        ))
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(Loaded {
                ids,
                messages: answer.messages,
            })
        }
        _ => {
            let errors: Vec<String> = answer
                .messages
                .iter()
                .filter(|m| m.kind == ImportMessageKind::Error)
                .map(ToString::to_string)
                .collect();
            let message = if errors.is_empty() {
                format!("{model}.load imported nothing and gave no reason")
            } else {
                format!(
                    "{model}.load refused the data, nothing was imported: {}",
                    errors.join("; ")
                )
            };
            let fault = Fault {
                code: None,
                class: None,
                message,
                traceback: None,
            };
            Err(Error::server(ErrorKind::UserError, fault).with_source(Refused(answer.messages)))
        }
    }
}

// ------------------------------------------------------------------------------- upsert

/// An upsert keyed by an external id: creates the record and its external id, or updates
/// the record the external id already names, in one `load`. Made by [`Client::upsert`].
#[must_use = "a query does nothing until it is awaited"]
pub struct Upsert<'a, M> {
    client: &'a Client,
    xml_id: String,
    values: Values<M>,
    options: Options,
}

impl<'a, M: OdooModel> Upsert<'a, M> {
    context_setter!();
}

/// What `fields_get(attributes=["type"])` answers per field.
#[derive(Deserialize)]
struct FieldType {
    #[serde(rename = "type")]
    kind: String,
}

/// The text `load` reads as `value` for a field of type `kind`, and the column's suffix.
fn cell(field: &str, kind: &str, value: &Value) -> Result<(&'static str, String), Error> {
    let refuse = |what: &str| {
        Error::encode(format!(
            "upsert cannot send `{field}` ({kind}) through `load`: {what}; write it after the upsert"
        ))
    };
    if value.is_false() || value.is_nil() {
        return Ok(("", String::new()));
    }
    let suffix = match kind {
        "many2one" | "many2many" => "/.id",
        "one2many" => return Err(refuse("one2many lines")),
        _ => "",
    };
    let text = match (kind, value) {
        ("many2many", Value::Array(commands)) => {
            // `[[6, 0, ids]]` (Command::set) or `[[5, 0, 0]]` (clear); other commands are not
            // an import's business.
            let mut ids = Vec::new();
            for c in commands {
                match c.as_array() {
                    Some([Value::Int(6), _, Value::Array(set)]) => {
                        ids = set.iter().filter_map(Value::as_i64).collect();
                    }
                    Some([Value::Int(5), ..]) => ids.clear(),
                    Some([Value::Int(4), Value::Int(id), ..]) => ids.push(*id),
                    _ => return Err(refuse("only link, set and clear commands")),
                }
            }
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        }
        (_, Value::Bool(true)) => "1".to_owned(),
        (_, Value::Int(i)) => i.to_string(),
        (_, Value::Double(d)) => d.to_string(),
        (_, Value::String(s)) | (_, Value::DateTime(s)) => s.clone(),
        (_, Value::Base64(b)) => {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD.encode(b)
        }
        (_, other) => return Err(refuse(&format!("a value of type {}", other.kind_name()))),
    };
    Ok((suffix, text))
}

impl<'a, M: OdooModel + Send> IntoFuture for Upsert<'a, M> {
    type Output = Result<RecordId<M>, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        let client = self.client;
        Box::pin(async move {
            let values: Map = self.values.into_map()?;
            if self.xml_id.trim().is_empty() {
                return Err(Error::encode("upsert: the external id is empty"));
            }
            // `load` reads text per field type: ask the types of the fields given (a read,
            // which the client may retry).
            let names: Vec<&str> = values.keys().map(String::as_str).collect();
            let types: BTreeMap<String, FieldType> = if names.is_empty() {
                BTreeMap::new()
            } else {
                client
                    .call_model::<M, _>(
                        Call::new(M::MODEL, "fields_get")
                            .arg("allfields", &names)
                            .arg("attributes", ["type"]),
                    )
                    .await?
            };
            let mut fields = vec!["id".to_owned()];
            let mut row = vec![self.xml_id.clone()];
            for (name, value) in &values {
                let kind = types.get(name).map_or("char", |t| t.kind.as_str());
                let (suffix, text) = cell(name, kind, value)?;
                fields.push(format!("{name}{suffix}"));
                row.push(text);
            }
            let load = Load::<M> {
                client,
                fields,
                rows: vec![row],
                // Typed datetimes are UTC: `load` reads them in the context's `tz`.
                options: Options {
                    context: [("tz".to_owned(), Value::from("UTC"))]
                        .into_iter()
                        .chain(self.options.context)
                        .collect(),
                },
                _m: PhantomData,
            };
            let loaded = load.await?;
            match loaded.ids.as_slice() {
                [id] => Ok(*id),
                other => Err(Error::decode_message(format!(
                    "{}.load of one row answered {} ids",
                    M::MODEL,
                    other.len()
                ))),
            }
        })
    }
}

// ------------------------------------------------------------------------------- export

/// `export_data`: the values of records as Odoo's export writes them. Made by
/// [`Client::export_data`].
#[must_use = "a query does nothing until it is awaited"]
pub struct ExportData<'a, M> {
    client: &'a Client,
    ids: Vec<RecordId<M>>,
    fields: Vec<String>,
    options: Options,
}

impl<'a, M: OdooModel> ExportData<'a, M> {
    context_setter!();

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        self.options.apply(
            Call::new(M::MODEL, "export_data")
                .ids(ids_arg(&self.ids))
                .arg("fields_to_export", &self.fields),
        )
    }
}

#[derive(Deserialize)]
pub(crate) struct Datas {
    datas: Vec<Vec<Value>>,
}

impl<'a, M: OdooModel + Send> Operation<'a> for ExportData<'a, M> {
    type Answer = Datas;
    type Output = Vec<Vec<Value>>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn bindings_version(&self) -> Option<&'static str> {
        M::ODOO_VERSION
    }
    fn known(&self) -> Option<Vec<Vec<Value>>> {
        self.ids.is_empty().then(Vec::new)
    }
    fn decode(self, answer: Datas) -> Result<Vec<Vec<Value>>, Error> {
        Ok(answer.datas)
    }
}
into_future!(['a, M: OdooModel + Send] ExportData<'a, M> => Vec<Vec<Value>>);

// ------------------------------------------------------------------------------- client

#[derive(Deserialize)]
struct ModelData {
    model: String,
    res_id: i64,
}

impl Client {
    /// Odoo's import of a matrix of text cells into `M` (`load`): `fields` names the columns
    /// (`name`, `country_id` by name, `country_id/id` by external id, `country_id/.id` by
    /// database id, `id` for the record's own external id), [`row`](Load::row) adds the rows.
    /// All rows are imported in one transaction, or none: a refused row makes it an
    /// [`ErrorKind::UserError`] whose [`import_messages`](Error::import_messages) say which
    /// row, which field and why. A row whose `id` names an existing external id updates its
    /// record, so the same `load` sent twice imports once. An unknown column is a server
    /// error (`ValueError: Invalid field name`; `KeyError` on Odoo 17).
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let loaded = client
    ///     .load::<Partner>(["id", "name", "is_company", "country_id/id"])
    ///     .row(["shop.acme", "Acme", "1", "base.be"])
    ///     .await?;
    /// println!("imported {:?}", loaded.ids);
    /// # Ok(()) }
    /// ```
    pub fn load<M: OdooModel>(
        &self,
        fields: impl IntoIterator<Item = impl Into<String>>,
    ) -> Load<'_, M> {
        Load {
            client: self,
            fields: fields.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            options: Options::default(),
            _m: PhantomData,
        }
    }

    /// Creates a record of `M` with `values` and the external id `xml_id` (`module.name`; a
    /// bare name gets the module `__import__`), or, when `xml_id` already names a record,
    /// writes `values` on it; returns its id. It is one `load`, so it is atomic, and a retry
    /// after a lost answer (a timeout, a reset connection, a 502 after the server ran it)
    /// finds the external id and updates instead of creating a second record: an idempotent
    /// create.
    ///
    /// Values go as the import's text: many2one and many2many by database id, datetimes in
    /// UTC. One2many lines and x2many commands other than link, set and clear are refused
    /// before anything is sent: write them after. The client asks the fields' types first
    /// (`fields_get`, a read).
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId, Values};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let values = Values::<Partner>::new().set(Partner::NAME, "Order 1042's customer");
    /// let id = match client.upsert("shop.customer_1042", values.clone()).await {
    ///     Err(e) if e.kind() == odoo_runtime::ErrorKind::Transport => {
    ///         // The answer was lost: the server may have run it. Sending it again is safe.
    ///         client.upsert("shop.customer_1042", values).await?
    ///     }
    ///     other => other?,
    /// };
    /// # let _ = id; Ok(()) }
    /// ```
    pub fn upsert<M: OdooModel>(
        &self,
        xml_id: impl Into<String>,
        values: Values<M>,
    ) -> Upsert<'_, M> {
        Upsert {
            client: self,
            xml_id: xml_id.into(),
            values,
            options: Options::default(),
        }
    }

    /// The values of the records `ids` as Odoo's export gives them (`export_data`), one row
    /// per record and one cell per field path of `fields` (`name`, `country_id` as its
    /// name, `country_id/id` as its external id, `id` as the record's own external id, which
    /// Odoo creates, in the module `__export__`, for a record that has none). Odoo 17 to 19
    /// allow it to administrators and to members of `base.group_allow_export`.
    pub fn export_data<M: OdooModel>(
        &self,
        ids: impl IntoIterator<Item = RecordId<M>>,
        fields: impl IntoIterator<Item = impl Into<String>>,
    ) -> ExportData<'_, M> {
        ExportData {
            client: self,
            ids: ids.into_iter().collect(),
            fields: fields.into_iter().map(Into::into).collect(),
            options: Options::default(),
        }
    }

    /// The record of `M` the external id `xml_id` names (`module.name`; a bare name is in
    /// `__import__`), from `ir.model.data`; `None` when there is none. An external id of a
    /// record of another model is an [`ErrorKind::Decode`] error naming that model.
    pub async fn external_id<M: OdooModel>(
        &self,
        xml_id: &str,
    ) -> Result<Option<RecordId<M>>, Error> {
        let (module, name) = qualified(xml_id);
        let rows: Vec<ModelData> = self
            .call(
                Call::new("ir.model.data", "search_read")
                    .arg("domain", [("module", "=", &module), ("name", "=", &name)])
                    .arg("fields", ["model", "res_id"])
                    .arg("limit", 1),
            )
            .await?;
        match rows.into_iter().next() {
            None => Ok(None),
            Some(row) if row.model == M::MODEL => Ok(Some(RecordId::new(row.res_id))),
            Some(row) => Err(Error::decode_message(format!(
                "the external id `{module}.{name}` names a record of {}, not of {}",
                row.model,
                M::MODEL
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(json: &str) -> Answer {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_refused_load_is_a_user_error_with_its_messages() {
        // What Odoo 19 answers to `load(["name", "is_company"], [["Bad", "maybe"]])`.
        let e = loaded::<()>(
            "res.partner",
            answer(
                r#"{"ids": false, "messages": [{"rows": {"from": 0, "to": 0}, "type": "error",
                "record": 0, "field": "is_company", "message": "Unknown value 'maybe' for boolean field 'Is a Company'",
                "moreinfo": "Use '1' for yes and '0' for no", "field_name": "Is a Company"}], "nextrow": 0}"#,
            ),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError);
        assert!(
            e.to_string().contains(
                "row 0, `is_company`: Unknown value 'maybe' for boolean field 'Is a Company'"
            ),
            "{e}"
        );
        let messages = e.import_messages().unwrap();
        assert_eq!(messages[0].field.as_deref(), Some("is_company"));
        assert_eq!(messages[0].rows, Some(RowRange { from: 0, to: 0 }));
    }

    #[test]
    fn a_message_without_a_field_reads() {
        let e = loaded::<()>(
            "res.partner",
            answer(r#"{"ids": false, "messages": [{"rows": {"from": 0, "to": 0}, "record": 0, "type": "error", "message": "Contacts require a name"}]}"#),
        )
        .unwrap_err();
        assert_eq!(e.import_messages().unwrap()[0].field, None);
        assert!(e.to_string().contains("row 0: Contacts require a name"));
    }

    #[test]
    fn an_accepted_load_gives_ids_and_warnings() {
        let ok = loaded::<()>(
            "res.partner",
            answer(r#"{"ids": [7, 8], "messages": [{"type": "warning", "message": "w", "field": false}], "nextrow": 0}"#),
        )
        .unwrap();
        assert_eq!(ok.ids, [RecordId::new(7), RecordId::new(8)]);
        assert_eq!(ok.messages[0].kind, ImportMessageKind::Warning);
    }

    #[test]
    fn other_errors_have_no_import_messages() {
        assert!(Error::encode("x").import_messages().is_none());
    }

    #[test]
    fn cells_are_the_import_text_of_each_type() {
        let c = |kind, v: Value| cell("f", kind, &v).unwrap();
        assert_eq!(c("boolean", Value::Bool(true)), ("", "1".into()));
        assert_eq!(c("boolean", Value::Bool(false)), ("", "".into()));
        assert_eq!(c("char", Value::Bool(false)), ("", "".into()));
        assert_eq!(c("many2one", Value::Int(5)), ("/.id", "5".into()));
        assert_eq!(c("many2one", Value::Bool(false)), ("", "".into()));
        assert_eq!(c("float", Value::Double(2.5)), ("", "2.5".into()));
        let set = Value::from(vec![Value::from(vec![
            Value::Int(6),
            Value::Int(0),
            Value::from(vec![Value::Int(1), Value::Int(2)]),
        ])]);
        assert_eq!(c("many2many", set), ("/.id", "1,2".into()));
        let create = Value::from(vec![Value::from(vec![
            Value::Int(0),
            Value::Int(0),
            Value::Struct(Map::new()),
        ])]);
        assert!(cell("f", "many2many", &create).is_err());
        assert!(cell("f", "one2many", &Value::from(vec![Value::Int(1)])).is_err());
    }

    #[test]
    fn bare_external_ids_are_in_the_import_module() {
        assert_eq!(qualified("a.b"), ("a".into(), "b".into()));
        assert_eq!(qualified("b"), ("__import__".into(), "b".into()));
    }
}
