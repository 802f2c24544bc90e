//! Answers of a server → [`Schema`]: the pure half of introspection.
//!
//! Live introspection ([`crate::introspect`]) only makes the calls; turning their answers into
//! a schema happens here, so the same code also reads saved answers (the recordings of a real
//! Odoo in `shared/odoo19/schema/`) and tests need no server.
//!
//! There are two ways of reading a schema, and they differ:
//!
//! | | `fields_get`, per model | `ir.model.fields` + `ir.model.fields.selection`, in bulk |
//! | --- | --- | --- |
//! | calls | one per model (394 on a stock Odoo 19 with sale, account and project) | two |
//! | fields | those the user may see (fields restricted to groups the user lacks are left out) | every field definition, stored or not, whoever reads it |
//! | selections | static **and dynamic** (evaluated: `lang`, `tz`, `state` of some models…) | static only: a selection computed by a method has no rows |
//! | extra attributes | `sortable`, `searchable`, `groups`, `digits`… | `translate`, `company_dependent`, `manual` |
//!
//! On the recorded Odoo 19 database (394 models) the two reads agree on every type, and:
//!
//! - the bulk path finds 7 fields `fields_get` hides from the admin user (`res.users.totp_secret`,
//!   `project.project.stage_id`…): they are restricted to groups, so a struct reading them
//!   fails for users outside those groups (leave them out with
//!   [`Config::exclude_fields`](crate::Config::exclude_fields));
//! - 118 selection fields (in 49 models) have no `ir.model.fields.selection` rows: 89 of them
//!   are related fields that mirror another field (`res.users.lang` is `partner_id.lang`), the
//!   rest are selections computed by a method (`res.partner.lang`, `resource.calendar.tz`…);
//! - one relation attribute differs (`account.bank.statement.first_line_index`).
//!
//! [`crate::introspect`]'s default ([`FieldsSource::Bulk`](crate::introspect::FieldsSource))
//! therefore reads in bulk, copies related selections from the fields they mirror
//! ([`propagate_related_selections`]), and asks `fields_get` only for the `selection` of the 23
//! fields left ([`selections_to_ask`], 21 models). The result then matches `fields_get`'s on
//! every type and selection (`tests/it/convert.rs` checks it on the recordings).

use std::collections::BTreeMap;
use std::path::PathBuf;

use odoo_runtime::schema::{Field, FieldType, Model, Schema, SelectionOption, FIELD_ATTRIBUTES};
use odoo_runtime::Value;

use crate::error::Error;

/// The fields `ir.model` is read with.
pub const IR_MODEL_FIELDS: &[&str] = &[
    "model",
    "name",
    "info",
    "modules",
    "order",
    "state",
    "transient",
];

/// The fields `ir.model.fields` is read with in bulk, on Odoo 18 and 19 (Odoo 17 has no
/// `company_dependent`: `introspect::ir_model_fields_columns` picks the columns by
/// version). Not `selection_ids`: the selection rows name their field (`field_id`), and
/// reading a one2many per row costs the server a query (and odoo-testkit a scan per row).
pub const IR_MODEL_FIELDS_FIELDS: &[&str] = &[
    "model",
    "name",
    "ttype",
    "field_description",
    "help",
    "required",
    "readonly",
    "store",
    "relation",
    "relation_field",
    "related",
    "translate",
    "company_dependent",
    "state",
];

/// The fields `ir.model.fields.selection` is read with.
pub const IR_MODEL_FIELDS_SELECTION_FIELDS: &[&str] = &["field_id", "value", "name", "sequence"];

/// A `fields_get` answer (field name → attributes) as typed fields, keeping only the
/// attributes introspection asks for ([`FIELD_ATTRIBUTES`]): an answer saved without an
/// attribute list gives the same fields as a live call with one.
///
/// ```
/// let answer: odoo_runtime::Value = serde_json::from_str(
///     r#"{"name": {"type": "char", "string": "Name", "store": true, "depends": [], "exportable": true}}"#,
/// ).unwrap();
/// let fields = odoo_codegen::convert::fields_get_answer(&answer).unwrap();
/// assert_eq!(fields["name"].name, "name");
/// assert!(!fields["name"].extra.contains_key("exportable"));
/// ```
pub fn fields_get_answer(answer: &Value) -> Result<BTreeMap<String, Field>, Error> {
    let Some(map) = answer.as_struct() else {
        return Err(Error::snapshot(format!(
            "a fields_get answer is a struct, not {}",
            answer.kind_name()
        )));
    };
    let mut fields = BTreeMap::new();
    for (name, attributes) in map {
        let Some(attributes) = attributes.as_struct() else {
            return Err(Error::snapshot(format!(
                "field `{name}`: attributes are not a struct"
            )));
        };
        let kept: odoo_runtime::Map = attributes
            .iter()
            .filter(|(k, _)| FIELD_ATTRIBUTES.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let mut field: Field = Value::Struct(kept)
            .deserialize_into()
            .map_err(|e| Error::snapshot(format!("field `{name}`: {e}")))?;
        field.name = name.clone();
        fields.insert(name.clone(), field);
    }
    Ok(fields)
}

fn text(row: &Value, key: &str) -> Option<String> {
    row.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn flag(row: &Value, key: &str) -> bool {
    row.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn id_of(v: Option<&Value>) -> Option<i64> {
    match v? {
        Value::Int(i) => Some(*i),
        Value::Array(a) => a.first().and_then(Value::as_i64),
        _ => None,
    }
}

/// `ir.model.fields` rows and `ir.model.fields.selection` rows → model → field name → field.
///
/// Selections come out in the server's order (`sequence`, then `id`); a selection field
/// without rows (a dynamic selection) gets `selection: None`.
///
/// ```
/// use odoo_runtime::Value;
/// let rows: Vec<Value> = serde_json::from_str(r#"[{"id": 10, "model": "sale.order", "name": "state",
///     "ttype": "selection", "field_description": "Status", "help": false, "required": false,
///     "readonly": true, "store": true, "relation": false, "relation_field": false,
///     "selection_ids": [2, 1], "state": "base"}]"#).unwrap();
/// let sel: Vec<Value> = serde_json::from_str(r#"[
///     {"id": 1, "field_id": [10, "Status"], "value": "draft", "name": "Quotation", "sequence": 0},
///     {"id": 2, "field_id": [10, "Status"], "value": "sale", "name": "Sales Order", "sequence": 1}]"#).unwrap();
/// let fields = odoo_codegen::convert::bulk_fields(&rows, &sel);
/// let state = &fields["sale.order"]["state"];
/// assert_eq!(state.selection.as_ref().unwrap()[0].label, "Quotation");
/// ```
pub fn bulk_fields(
    field_rows: &[Value],
    selection_rows: &[Value],
) -> BTreeMap<String, BTreeMap<String, Field>> {
    // field id → (sequence, id, option)
    let mut options: BTreeMap<i64, Vec<(i64, i64, SelectionOption)>> = BTreeMap::new();
    for row in selection_rows {
        let (Some(field_id), Some(value)) = (id_of(row.get("field_id")), row.get("value")) else {
            continue;
        };
        let label = text(row, "name").unwrap_or_default();
        let sequence = row.get("sequence").and_then(Value::as_i64).unwrap_or(0);
        let id = row.get("id").and_then(Value::as_i64).unwrap_or(0);
        options.entry(field_id).or_default().push((
            sequence,
            id,
            SelectionOption {
                value: value.clone(),
                label,
            },
        ));
    }
    let mut models: BTreeMap<String, BTreeMap<String, Field>> = BTreeMap::new();
    for row in field_rows {
        let (Some(model), Some(name), Some(ttype)) =
            (text(row, "model"), text(row, "name"), text(row, "ttype"))
        else {
            continue;
        };
        let mut field = Field::new(
            name.clone(),
            FieldType::parse(&ttype),
            text(row, "field_description").unwrap_or_default(),
        );
        field.help = text(row, "help");
        field.required = flag(row, "required");
        field.readonly = flag(row, "readonly");
        field.store = row.get("store").and_then(Value::as_bool).unwrap_or(true);
        field.relation = text(row, "relation");
        field.relation_field = text(row, "relation_field");
        if matches!(
            field.field_type,
            FieldType::Selection | FieldType::Reference
        ) {
            let id = row.get("id").and_then(Value::as_i64);
            let mut opts = id.and_then(|id| options.remove(&id)).unwrap_or_default();
            opts.sort_by_key(|(seq, id, _)| (*seq, *id));
            if !opts.is_empty() {
                field.selection = Some(opts.into_iter().map(|(_, _, o)| o).collect());
            }
        }
        if matches!(
            field.field_type,
            FieldType::Char | FieldType::Text | FieldType::Html
        ) {
            // A boolean up to Odoo 18, a selection (`standard`, `html_translate`,
            // `xml_translate` or `false`) on 19; `fields_get` says a boolean on all three.
            let translate = match row.get("translate") {
                Some(Value::Bool(b)) => *b,
                Some(Value::String(s)) => !s.is_empty(),
                _ => false,
            };
            field
                .extra
                .insert("translate".into(), serde_json::Value::Bool(translate));
        }
        // No such column on Odoo 17: the attribute stays unknown rather than false.
        if row.get("company_dependent").is_some() {
            field.extra.insert(
                "company_dependent".into(),
                serde_json::Value::Bool(flag(row, "company_dependent")),
            );
        }
        field.extra.insert(
            "manual".into(),
            serde_json::Value::Bool(text(row, "state").as_deref() == Some("manual")),
        );
        models.entry(model).or_default().insert(name, field);
    }
    models
}

/// The selection fields without values, by model: what the bulk path cannot know (dynamic
/// selections). Introspection asks `fields_get` for these.
pub fn dynamic_selections(
    fields: &BTreeMap<String, BTreeMap<String, Field>>,
) -> BTreeMap<String, Vec<String>> {
    fields
        .iter()
        .filter_map(|(model, fields)| {
            let names: Vec<String> = fields
                .values()
                .filter(|f| {
                    f.field_type == FieldType::Selection
                        && f.selection.as_ref().is_none_or(Vec::is_empty)
                })
                .map(|f| f.name.clone())
                .collect();
            (!names.is_empty()).then(|| (model.clone(), names))
        })
        .collect()
}

/// The `related` path of each related field in `ir.model.fields` rows: (model, field) → path,
/// e.g. (`res.users`, `lang`) → `partner_id.lang`.
pub fn related_paths(field_rows: &[Value]) -> BTreeMap<(String, String), String> {
    field_rows
        .iter()
        .filter_map(|row| {
            Some((
                (text(row, "model")?, text(row, "name")?),
                text(row, "related")?,
            ))
        })
        .collect()
}

/// Follows a related field to the field it mirrors (through any number of related hops).
fn related_target(
    fields: &BTreeMap<String, BTreeMap<String, Field>>,
    related: &BTreeMap<(String, String), String>,
    model: &str,
    field: &str,
) -> Option<(String, String)> {
    let mut current = (model.to_owned(), field.to_owned());
    for _ in 0..8 {
        let Some(path) = related.get(&current) else {
            return Some(current);
        };
        let mut steps: Vec<&str> = path.split('.').collect();
        let last = steps.pop()?;
        let mut m = current.0.clone();
        for step in steps {
            m = fields.get(&m)?.get(step)?.relation.clone()?;
        }
        fields.get(&m)?.get(last)?;
        current = (m, last.to_owned());
    }
    None
}

/// Copies the values of static selections to the related fields that mirror them: the bulk
/// rows hold values for the defining field only (`res.users.lang` mirrors
/// `res.partner.lang`). Returns how many fields were filled.
pub fn propagate_related_selections(
    fields: &mut BTreeMap<String, BTreeMap<String, Field>>,
    related: &BTreeMap<(String, String), String>,
) -> usize {
    let mut filled = Vec::new();
    for ((model, name), _) in related.iter() {
        let Some(f) = fields.get(model).and_then(|m| m.get(name)) else {
            continue;
        };
        if f.field_type != FieldType::Selection
            || f.selection.as_ref().is_some_and(|s| !s.is_empty())
        {
            continue;
        }
        let Some((tm, tf)) = related_target(fields, related, model, name) else {
            continue;
        };
        if let Some(sel) = fields
            .get(&tm)
            .and_then(|m| m.get(&tf))
            .and_then(|f| f.selection.clone())
            .filter(|s| !s.is_empty())
        {
            filled.push((model.clone(), name.clone(), sel));
        }
    }
    let count = filled.len();
    for (model, name, sel) in filled {
        if let Some(f) = fields.get_mut(&model).and_then(|m| m.get_mut(&name)) {
            f.selection = Some(sel);
        }
    }
    count
}

/// The selection fields whose values only `fields_get` can give, by model: dynamic
/// selections, with related fields replaced by the field they mirror (so the answer for
/// `res.partner.lang` also serves `res.users.lang`).
pub fn selections_to_ask(
    fields: &BTreeMap<String, BTreeMap<String, Field>>,
    related: &BTreeMap<(String, String), String>,
) -> BTreeMap<String, Vec<String>> {
    let mut ask: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (model, names) in dynamic_selections(fields) {
        for name in names {
            let (m, f) =
                related_target(fields, related, &model, &name).unwrap_or((model.clone(), name));
            let list = ask.entry(m).or_default();
            if !list.contains(&f) {
                list.push(f);
            }
        }
    }
    for list in ask.values_mut() {
        list.sort();
    }
    ask
}

/// Fills the `selection` of fields from a `fields_get(allfields=…, attributes=["selection"])`
/// answer.
pub fn apply_selections(fields: &mut BTreeMap<String, Field>, answer: &Value) {
    let Some(map) = answer.as_struct() else {
        return;
    };
    for (name, attributes) in map {
        let (Some(field), Some(selection)) = (fields.get_mut(name), attributes.get("selection"))
        else {
            continue;
        };
        if let Ok(options) = selection.clone().deserialize_into::<Vec<SelectionOption>>() {
            field.selection = Some(options);
        }
    }
}

/// The saved form of a schema read: `ir_model.json` (the `ir.model` rows), `fields_get/<model>.json`
/// (one `fields_get` answer per model), `ir_model_fields.json` and
/// `ir_model_fields_selection.json` (the bulk rows), as in `shared/odoo19/schema/`.
#[derive(Clone, Debug)]
pub struct SavedSchema {
    dir: PathBuf,
    odoo_version: String,
    database: String,
}

impl SavedSchema {
    /// Saved answers in `dir`, from a server of this version and database.
    pub fn new(
        dir: impl Into<PathBuf>,
        odoo_version: impl Into<String>,
        database: impl Into<String>,
    ) -> Self {
        SavedSchema {
            dir: dir.into(),
            odoo_version: odoo_version.into(),
            database: database.into(),
        }
    }

    fn read(&self, rel: &str) -> Result<Value, Error> {
        let path = self.dir.join(rel);
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        odoo_runtime::json::from_slice(&bytes).map_err(|e| Error::snapshot(e.to_string()).at(&path))
    }

    fn rows(&self, rel: &str) -> Result<Vec<Value>, Error> {
        match self.read(rel)? {
            Value::Array(rows) => Ok(rows),
            other => Err(Error::snapshot(format!(
                "expected a list of rows, got {}",
                other.kind_name()
            ))
            .at(&self.dir.join(rel))),
        }
    }

    /// The schema from `ir_model.json` and the `fields_get` answers: the same transformation as
    /// [`FieldsSource::FieldsGet`](crate::introspect::FieldsSource).
    pub fn from_fields_get(&self) -> Result<Schema, Error> {
        let ir_model = self.rows("ir_model.json")?;
        let mut answers = Vec::new();
        for row in &ir_model {
            let Some(model) = text(row, "model") else {
                continue;
            };
            let rel = format!("fields_get/{model}.json");
            if self.dir.join(&rel).exists() {
                answers.push((model, fields_get_answer(&self.read(&rel)?)?));
            }
        }
        Ok(Schema::from_parts(
            self.odoo_version.clone(),
            self.database.clone(),
            &ir_model,
            answers,
        ))
    }

    /// The schema from `ir_model.json` and the two bulk reads, with no `fields_get` top-up:
    /// [`FieldsSource::BulkOnly`](crate::introspect::FieldsSource).
    pub fn from_bulk(&self) -> Result<Schema, Error> {
        let ir_model = self.rows("ir_model.json")?;
        let fields = bulk_fields(
            &self.rows("ir_model_fields.json")?,
            &self.rows("ir_model_fields_selection.json")?,
        );
        Ok(schema_from_bulk(
            &self.odoo_version,
            &self.database,
            &ir_model,
            fields,
        ))
    }
}

/// `ir.model` rows plus bulk fields → a schema (models without fields keep an empty list;
/// fields of models not in `ir_model_rows` are dropped).
pub fn schema_from_bulk(
    odoo_version: &str,
    database: &str,
    ir_model_rows: &[Value],
    mut fields: BTreeMap<String, BTreeMap<String, Field>>,
) -> Schema {
    let mut schema = Schema::new(odoo_version, database);
    for row in ir_model_rows {
        if let Some(model) = Model::from_ir_model(row) {
            let f = fields.remove(&model.model).unwrap_or_default();
            schema.insert(model.with_fields(f));
        }
    }
    schema
}

/// How two schemas differ, field by field: what the comparison test prints.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaDiff {
    /// Models only in the first / only in the second.
    pub models_only_in: (Vec<String>, Vec<String>),
    /// `model.field` only in the first / only in the second.
    pub fields_only_in: (Vec<String>, Vec<String>),
    /// `model.field` whose type differs.
    pub types: Vec<String>,
    /// `model.field` whose selection differs (values or labels).
    pub selections: Vec<String>,
    /// `model.field` whose label, help, required, readonly, store, relation or
    /// relation_field differs, with the attribute names.
    pub attributes: Vec<String>,
}

impl SchemaDiff {
    /// `true` when the two schemas agree on everything compared.
    pub fn is_empty(&self) -> bool {
        *self == SchemaDiff::default()
    }
}

/// Compares two schemas (types, selections and the attributes generation uses; `extra`
/// attributes are ignored).
pub fn compare(a: &Schema, b: &Schema) -> SchemaDiff {
    let mut diff = SchemaDiff::default();
    for name in a.models.keys().filter(|m| !b.models.contains_key(*m)) {
        diff.models_only_in.0.push(name.clone());
    }
    for name in b.models.keys().filter(|m| !a.models.contains_key(*m)) {
        diff.models_only_in.1.push(name.clone());
    }
    for (name, ma) in &a.models {
        let Some(mb) = b.models.get(name) else {
            continue;
        };
        for (fname, fa) in &ma.fields {
            let key = format!("{name}.{fname}");
            let Some(fb) = mb.fields.get(fname) else {
                diff.fields_only_in.0.push(key);
                continue;
            };
            if fa.field_type != fb.field_type {
                diff.types.push(key.clone());
            }
            // No values and an empty list mean the same: nothing is known.
            let values = |f: &Field| f.selection.clone().filter(|s| !s.is_empty());
            if values(fa) != values(fb) && fa.field_type == FieldType::Selection {
                diff.selections.push(key.clone());
            }
            let mut attrs = Vec::new();
            if fa.string != fb.string {
                attrs.push("string");
            }
            if fa.help != fb.help {
                attrs.push("help");
            }
            if fa.required != fb.required {
                attrs.push("required");
            }
            if fa.readonly != fb.readonly {
                attrs.push("readonly");
            }
            if fa.store != fb.store {
                attrs.push("store");
            }
            if fa.relation != fb.relation {
                attrs.push("relation");
            }
            if fa.relation_field != fb.relation_field {
                attrs.push("relation_field");
            }
            if !attrs.is_empty() {
                diff.attributes
                    .push(format!("{key} ({})", attrs.join(", ")));
            }
        }
        for fname in mb.fields.keys().filter(|f| !ma.fields.contains_key(*f)) {
            diff.fields_only_in.1.push(format!("{name}.{fname}"));
        }
    }
    diff
}
