//! `web_read` and `web_search_read`: records with their related records in one call, as the
//! web client reads them (Odoo 17+), and the same answer from `read` / `search_read` calls on
//! servers without them.

use serde::Deserialize;
use std::collections::HashMap;

use crate::call::Call;
use crate::client::Client;
use crate::domain::Domain;
use crate::error::{Error, ErrorKind, Fault};
use crate::model::{OdooModel, Specification, MAX_DEPTH};
use crate::operation::{
    context_setter, dedup, ids_arg, into_future, paging_setters, BoxFuture, Keyed, Operation,
    Options,
};
use crate::typed::Records;
use crate::types::RecordId;
use crate::value::{Map, Value};

/// How the records are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strategy {
    /// `web_read`, and `read` calls when the server has no `web_read`.
    Auto,
    /// `read` calls only: one for the records, one per nested field and level.
    Read,
}

/// `web_read`: records of `M` by id, with the fields of `M`; a many2one or x2many field whose
/// type is a model struct comes with that struct's fields, in the same call. Made by
/// [`Client::web_read`].
#[must_use = "a query does nothing until it is awaited"]
pub struct WebRead<'a, M> {
    client: &'a Client,
    ids: Vec<RecordId<M>>,
    strategy: Strategy,
    options: Options,
}

impl<'a, M: OdooModel> WebRead<'a, M> {
    context_setter!();

    /// Reads with `read` instead, as on a server without `web_read` (Odoo 16 and older): one
    /// call for the records, then one per nested field and level. The answer is the same.
    pub fn without_web_read(mut self) -> Self {
        self.strategy = Strategy::Read;
        self
    }

    /// The `web_read` call this query makes (a specification that cannot be built, a struct
    /// nesting itself too deep, is an error).
    pub fn to_call(&self) -> Result<Call, Error> {
        let spec = Specification::of::<M>().to_value()?;
        Ok(self.options.apply(
            Call::new(M::MODEL, "web_read")
                .ids(ids_arg(&self.ids))
                .arg_value("specification", spec),
        ))
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for WebRead<'a, M> {
    type Answer = Vec<Keyed<M>>;
    type Output = Records<M>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        self.to_call()
    }
    fn known(&self) -> Option<Records<M>> {
        self.ids.is_empty().then(Records::none)
    }
    /// `web_read`, or `read` calls on a server without it.
    async fn fetch(&self) -> Result<Vec<Keyed<M>>, Error> {
        match self.strategy {
            Strategy::Auto => match self.client.call(self.to_call()?).await {
                Err(e) if is_unknown_method(&e, "web_read") => self.read_rows().await,
                other => other,
            },
            Strategy::Read => self.read_rows().await,
        }
    }
    fn decode(self, rows: Vec<Keyed<M>>) -> Result<Records<M>, Error> {
        Ok(Records::ordered(&self.ids, rows))
    }
}
into_future!(['a, M: OdooModel + Send] WebRead<'a, M> => Records<M>);

impl<'a, M: OdooModel> WebRead<'a, M> {
    async fn read_rows(&self) -> Result<Vec<Keyed<M>>, Error> {
        let spec = Specification::of::<M>();
        let ids = ids_arg(&self.ids);
        let rows = read_nested(self.client, &self.options, spec, ids, 0).await?;
        decode_rows(rows)
    }
}

/// `web_search_read`: the records of `M` matching a domain, as [`WebRead`] reads them, and how
/// many match. Made by [`Client::web_search_read`].
#[must_use = "a query does nothing until it is awaited"]
pub struct WebSearchRead<'a, M> {
    client: &'a Client,
    domain: Domain<M>,
    limit: Option<u64>,
    offset: u64,
    order: Option<String>,
    count_limit: Option<u64>,
    strategy: Strategy,
    options: Options,
}

/// What [`Client::web_search_read`] answers.
#[derive(Clone, Debug, PartialEq)]
pub struct WebSearchResult<M> {
    /// How many records match (counted up to the `count_limit`, when one is given, and only
    /// when the page is full: otherwise the records read and the offset).
    pub length: u64,
    /// The page of records.
    pub records: Vec<M>,
}

#[derive(Deserialize)]
#[serde(bound = "M: OdooModel")]
pub(crate) struct RawResult<M> {
    length: u64,
    records: Vec<M>,
}

impl<'a, M: OdooModel> WebSearchRead<'a, M> {
    paging_setters!();
    context_setter!();

    /// Counts matching records only up to `count_limit` (the web client's `10000+`).
    pub fn count_limit(mut self, count_limit: u64) -> Self {
        self.count_limit = Some(count_limit);
        self
    }

    /// Reads with `search_read` and `read` instead, as on a server without `web_search_read`:
    /// one call for the records, then one per nested field and level, and a `search_count`
    /// when the page is full. The answer is the same.
    pub fn without_web_read(mut self) -> Self {
        self.strategy = Strategy::Read;
        self
    }

    /// The `web_search_read` call this query makes.
    pub fn to_call(&self) -> Result<Call, Error> {
        let spec = Specification::of::<M>().to_value()?;
        let mut call = Call::new(M::MODEL, "web_search_read")
            .arg("domain", &self.domain)
            .arg_value("specification", spec);
        if self.offset > 0 {
            call = call.arg("offset", self.offset);
        }
        if let Some(limit) = self.limit {
            call = call.arg("limit", limit);
        }
        if let Some(order) = &self.order {
            call = call.arg("order", order);
        }
        if let Some(count_limit) = self.count_limit {
            call = call.arg("count_limit", count_limit);
        }
        Ok(self.options.apply(call))
    }

    async fn search_rows(&self) -> Result<RawResult<M>, Error> {
        let spec = Specification::of::<M>();
        let mut call = Call::new(M::MODEL, "search_read")
            .arg("domain", &self.domain)
            .arg("fields", field_list(&spec));
        if self.offset > 0 {
            call = call.arg("offset", self.offset);
        }
        if let Some(limit) = self.limit {
            call = call.arg("limit", limit);
        }
        if let Some(order) = &self.order {
            call = call.arg("order", order);
        }
        let rows: Vec<Value> = self.client.call(self.options.apply(call)).await?;
        let read = rows.len() as u64;
        let rows = fill_nested(self.client, &self.options, &spec, rows, 0).await?;
        let records = decode_rows::<M>(rows)?.into_iter().map(|k| k.1).collect();
        // `_format_web_search_read_results`: count only when the page is full.
        let current = read + self.offset;
        let length = match self.limit {
            _ if read == 0 => 0,
            Some(limit)
                if read == limit && !self.count_limit.is_some_and(|c| c > 0 && c <= current) =>
            {
                let mut count = Call::new(M::MODEL, "search_count").arg("domain", &self.domain);
                if let Some(c) = self.count_limit {
                    count = count.arg("limit", c);
                }
                self.client.call(self.options.apply(count)).await?
            }
            _ => current,
        };
        Ok(RawResult { length, records })
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for WebSearchRead<'a, M> {
    type Answer = RawResult<M>;
    type Output = WebSearchResult<M>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        self.to_call()
    }
    /// `web_search_read`, or `search_read` and `read` calls on a server without it.
    async fn fetch(&self) -> Result<RawResult<M>, Error> {
        if self.strategy == Strategy::Read {
            return self.search_rows().await;
        }
        match self.client.call(self.to_call()?).await {
            Err(e) if is_unknown_method(&e, "web_search_read") => self.search_rows().await,
            other => other,
        }
    }
    fn decode(self, raw: RawResult<M>) -> Result<WebSearchResult<M>, Error> {
        Ok(WebSearchResult {
            length: raw.length,
            records: raw.records,
        })
    }
}
into_future!(['a, M: OdooModel + Send] WebSearchRead<'a, M> => WebSearchResult<M>);

/// `true` for "the method does not exist" (AttributeError over XML-RPC and JSON-RPC, 404 over
/// JSON-2): the server predates the method.
fn is_unknown_method(e: &Error, method: &str) -> bool {
    e.server_message()
        .is_some_and(|m| m.contains(method) && m.contains("does not exist"))
}

/// The fields `read` is asked for: the specification's, or `id` alone (an empty list would read
/// every field).
fn field_list(spec: &Specification) -> Vec<&'static str> {
    let names = spec.names();
    if names.is_empty() {
        vec!["id"]
    } else {
        names
    }
}

/// The records `ids` of the specification's model as `web_read` answers them, through `read`.
fn read_nested<'c>(
    client: &'c Client,
    options: &'c Options,
    spec: Specification,
    ids: Vec<i64>,
    depth: usize,
) -> BoxFuture<'c, Result<Vec<Value>, Error>> {
    Box::pin(async move {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let call = Call::new(spec.model, "read")
            .ids(ids.iter().copied())
            .arg("fields", field_list(&spec));
        let rows: Vec<Value> = client.call(options.apply(call)).await?;
        // `web_read` reads the related records through the records themselves: with nested
        // fields, a record that does not exist is Odoo's MissingError, not left out.
        if spec.nested().next().is_some() && rows.len() < ids.len() {
            let found: Vec<i64> = rows
                .iter()
                .filter_map(|r| r.get("id").and_then(Value::as_i64))
                .collect();
            let missing: Vec<String> = ids
                .iter()
                .filter(|id| !found.contains(id))
                .map(|id| format!("{id},"))
                .collect();
            if !missing.is_empty() {
                return Err(Error::server(
                    ErrorKind::MissingRecord,
                    Fault {
                        code: None,
                        class: Some("odoo.exceptions.MissingError".into()),
                        message: format!(
                            "Record does not exist or has been deleted.\n(Record: {}({}))",
                            spec.model,
                            missing.join(" ")
                        ),
                        traceback: None,
                    },
                ));
            }
        }
        fill_nested(client, options, &spec, rows, depth).await
    })
}

/// Replaces, in rows read with `read`, each nested field's ids by the related records.
async fn fill_nested(
    client: &Client,
    options: &Options,
    spec: &Specification,
    mut rows: Vec<Value>,
    depth: usize,
) -> Result<Vec<Value>, Error> {
    if depth > MAX_DEPTH {
        return Err(Error::encode(format!(
            "the web_read specification of {} nests more than {MAX_DEPTH} levels deep (a struct that holds itself?)",
            spec.model
        )));
    }
    for (name, many, sub) in spec.nested() {
        let mut wanted: Vec<i64> = Vec::new();
        for row in &rows {
            wanted.extend(related_ids(row.get(name), many));
        }
        let wanted = dedup(wanted.into_iter().map(RecordId::<()>::new))
            .into_iter()
            .map(RecordId::get)
            .collect();
        let related = read_nested(client, options, sub, wanted, depth + 1).await?;
        let by_id: HashMap<i64, Value> = related
            .into_iter()
            .filter_map(|r| r.get("id").and_then(Value::as_i64).map(|id| (id, r)))
            .collect();
        let record = |id: i64| {
            by_id.get(&id).cloned().unwrap_or_else(|| {
                // Not readable (a record rule) or gone: web_read gives the id alone.
                Value::Struct(
                    [("id".to_owned(), Value::Int(id))]
                        .into_iter()
                        .collect::<Map>(),
                )
            })
        };
        for row in &mut rows {
            let Value::Struct(map) = row else { continue };
            let Some(slot) = map.get_mut(name) else {
                continue;
            };
            let ids = related_ids(Some(slot), many);
            *slot = if many {
                Value::Array(ids.into_iter().map(record).collect())
            } else {
                ids.into_iter().next().map_or(Value::Bool(false), record)
            };
        }
    }
    Ok(rows)
}

/// The ids a `read` value of a many2one (`[id, name]`, a bare id, `false`) or an x2many
/// (`[ids]`) holds.
fn related_ids(value: Option<&Value>, many: bool) -> Vec<i64> {
    match (value, many) {
        (Some(Value::Int(id)), false) => vec![*id],
        (Some(Value::Array(pair)), false) => {
            pair.first().and_then(Value::as_i64).into_iter().collect()
        }
        (Some(Value::Array(ids)), true) => ids.iter().filter_map(Value::as_i64).collect(),
        _ => Vec::new(),
    }
}

/// Rows decoded as records of `M`, keeping the derive's error context (model, id, field).
fn decode_rows<M: OdooModel>(rows: Vec<Value>) -> Result<Vec<Keyed<M>>, Error> {
    Vec::<Keyed<M>>::deserialize(&Value::Array(rows)).map_err(|e| {
        let (message, context) = crate::error::split_context(&e.to_string());
        Error::decode(message, context.unwrap_or_default())
    })
}

impl Client {
    /// The records `ids` of `M`, in the order asked, with every field of `M`; a many2one or
    /// x2many field whose type is itself a model struct (`Option<Country>`, `Vec<Tag>`) is
    /// read with that struct's fields in the same call (`web_read`, Odoo 17+). On a server
    /// without `web_read` the records are read with `read`, one call per level of nesting.
    ///
    /// As Odoo's `web_read` does, an id that does not exist is left out (in
    /// [`Records::missing`]) when `M` nests no struct, and is a
    /// [`MissingRecord`](ErrorKind::MissingRecord) error when it does.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// #[derive(Debug, OdooModel)]
    /// #[odoo(model = "res.country")]
    /// pub struct Country { pub id: RecordId<Country>, pub code: Option<String> }
    ///
    /// #[derive(Debug, OdooModel)]
    /// #[odoo(model = "res.partner.category")]
    /// pub struct Tag { pub id: RecordId<Tag>, pub name: Option<String> }
    ///
    /// #[derive(Debug, OdooModel)]
    /// #[odoo(model = "res.partner")]
    /// pub struct Partner {
    ///     pub id: RecordId<Partner>,
    ///     pub name: Option<String>,
    ///     pub country_id: Option<Country>,
    ///     pub category_id: Vec<Tag>,
    /// }
    ///
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let read = client.web_read::<Partner>([RecordId::new(9)]).await?;
    /// for p in &read.records {
    ///     println!("{:?} in {:?}", p.name, p.country_id.as_ref().and_then(|c| c.code.as_deref()));
    /// }
    /// # Ok(()) }
    /// ```
    pub fn web_read<M: OdooModel>(
        &self,
        ids: impl IntoIterator<Item = RecordId<M>>,
    ) -> WebRead<'_, M> {
        WebRead {
            client: self,
            ids: dedup(ids),
            strategy: Strategy::Auto,
            options: Options::default(),
        }
    }

    /// The records of `M` matching `domain`, read as [`Client::web_read`] reads them, and how
    /// many match (`web_search_read`, Odoo 17+; `search_read` and `read` on older servers).
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(Debug, OdooModel)] #[odoo(model = "res.country")]
    /// # pub struct Country { pub id: RecordId<Country>, pub code: Option<String> }
    /// # #[derive(Debug, OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String>, pub country_id: Option<Country> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let page = client
    ///     .web_search_read(Partner::NAME.ilike("acme"))
    ///     .order("name")
    ///     .limit(20)
    ///     .count_limit(10_000)
    ///     .await?;
    /// println!("{} of {}", page.records.len(), page.length);
    /// # Ok(()) }
    /// ```
    pub fn web_search_read<M: OdooModel>(&self, domain: Domain<M>) -> WebSearchRead<'_, M> {
        WebSearchRead {
            client: self,
            domain,
            limit: None,
            offset: 0,
            order: None,
            count_limit: None,
            strategy: Strategy::Auto,
            options: Options::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn related_ids_of_every_read_shape() {
        let pair = Value::from(vec![Value::Int(3), Value::from("x")]);
        assert_eq!(related_ids(Some(&pair), false), [3]);
        assert_eq!(related_ids(Some(&Value::Int(4)), false), [4]);
        assert_eq!(
            related_ids(Some(&Value::Bool(false)), false),
            Vec::<i64>::new()
        );
        let ids = Value::from(vec![Value::Int(5), Value::Int(6)]);
        assert_eq!(related_ids(Some(&ids), true), [5, 6]);
        assert_eq!(related_ids(None, true), Vec::<i64>::new());
    }
}
