//! `ir.model`, `ir.model.fields` and `ir.model.fields.selection` served from the schema, so
//! that a client introspects the test server as it introspects Odoo, and custom models
//! (`x_…`, `state = manual`) created through them change the schema.

use odoo_runtime::schema::{Field, FieldType, Model, Schema, SelectionOption};
use odoo_runtime::{Map, Value};

use crate::exception::{OResult, OdooError};
use crate::store::{Env, MetaIds, Rule, Store};
use crate::version::{Dialect, TRANSLATE_SELECTION};

pub(crate) const IR_MODEL: &str = "ir.model";
pub(crate) const IR_FIELDS: &str = "ir.model.fields";
pub(crate) const IR_SELECTION: &str = "ir.model.fields.selection";

impl MetaIds {
    fn id(map_next: &mut i64, existing: Option<i64>) -> i64 {
        match existing {
            Some(id) => id,
            None => {
                *map_next += 1;
                *map_next
            }
        }
    }
}

/// `true` for the three models served from the schema.
pub(crate) fn is_meta(model: &str) -> bool {
    matches!(model, IR_MODEL | IR_FIELDS | IR_SELECTION)
}

use crate::orm::unique::violation as unique_violation;

fn field(name: &str, t: FieldType, label: &str) -> Field {
    Field::new(name, t, label)
}

fn rel(name: &str, t: FieldType, label: &str, relation: &str, inverse: Option<&str>) -> Field {
    let mut f = Field::new(name, t, label);
    f.relation = Some(relation.to_owned());
    f.relation_field = inverse.map(str::to_owned);
    f
}

fn readonly(mut f: Field) -> Field {
    f.readonly = true;
    f
}

/// The fields every model has: `id`, `display_name` and the log-access fields.
pub(crate) fn magic_fields(has_users: bool) -> Vec<Field> {
    let mut out = vec![
        readonly(field("id", FieldType::Integer, "ID")),
        {
            let mut f = readonly(field("display_name", FieldType::Char, "Display Name"));
            f.store = false;
            f
        },
        readonly(field("create_date", FieldType::Datetime, "Created on")),
        readonly(field("write_date", FieldType::Datetime, "Last Updated on")),
    ];
    if has_users {
        out.push(readonly(rel(
            "create_uid",
            FieldType::Many2one,
            "Created by",
            "res.users",
            None,
        )));
        out.push(readonly(rel(
            "write_uid",
            FieldType::Many2one,
            "Last Updated by",
            "res.users",
            None,
        )));
    }
    out
}

fn add_model(schema: &mut Schema, name: &str, label: &str, order: &str, fields: Vec<Field>) {
    if schema.models.contains_key(name) {
        return;
    }
    let mut m = Model::new(name, label);
    m.order = Some(order.to_owned());
    m.modules = vec!["base".into()];
    for f in magic_fields(false).into_iter().chain(fields) {
        m.fields.insert(f.name.clone(), f);
    }
    schema.insert(m);
}

/// Adds the models the server itself needs when the schema lacks them: the three schema
/// models and `res.users`, with the `ir.model.fields` columns of the schema's Odoo version.
/// A store for `schema`, with the meta models (`ir.model`, …) added to the schema first.
pub(crate) fn store(mut schema: Schema) -> Store {
    ensure_meta_models(&mut schema);
    ensure_model_data(&mut schema);
    crate::orm::attachment::ensure_attachment_model(&mut schema, magic_fields(true));
    Store::new(schema)
}

pub(crate) fn ensure_meta_models(schema: &mut Schema) {
    let dialect = Dialect::of(&schema.odoo_version);
    let mut translate = field("translate", dialect.translate_type(), "Translatable");
    if translate.field_type == FieldType::Selection {
        translate.selection = Some(
            TRANSLATE_SELECTION
                .iter()
                .map(|(value, label)| SelectionOption {
                    value: Value::from(*value),
                    label: (*label).to_owned(),
                })
                .collect(),
        );
    }
    let company_dependent = dialect
        .has_company_dependent_column()
        .then(|| field("company_dependent", FieldType::Boolean, "Company Dependent"));
    add_model(
        schema,
        IR_MODEL,
        "Models",
        "model",
        vec![
            field("name", FieldType::Char, "Model Description"),
            field("model", FieldType::Char, "Model"),
            field("info", FieldType::Text, "Information"),
            field("order", FieldType::Char, "Order"),
            field("modules", FieldType::Char, "In Apps"),
            field("state", FieldType::Selection, "Type"),
            field("transient", FieldType::Boolean, "Transient Model"),
            rel(
                "field_id",
                FieldType::One2many,
                "Fields",
                IR_FIELDS,
                Some("model_id"),
            ),
        ],
    );
    add_model(
        schema,
        IR_FIELDS,
        "Fields",
        "id",
        vec![
            field("name", FieldType::Char, "Field Name"),
            field("model", FieldType::Char, "Model Name"),
            rel("model_id", FieldType::Many2one, "Model", IR_MODEL, None),
            field("field_description", FieldType::Char, "Field Label"),
            field("help", FieldType::Text, "Field Help"),
            field("ttype", FieldType::Char, "Field Type"),
            field("relation", FieldType::Char, "Related Model"),
            field("relation_field", FieldType::Char, "Related Field"),
            field("required", FieldType::Boolean, "Required"),
            field("readonly", FieldType::Boolean, "Readonly"),
            field("store", FieldType::Boolean, "Stored"),
            field("index", FieldType::Boolean, "Indexed"),
            translate,
        ]
        .into_iter()
        .chain(company_dependent)
        .chain([
            field("copied", FieldType::Boolean, "Copied"),
            field("compute", FieldType::Text, "Compute"),
            field("related", FieldType::Char, "Related Field Definition"),
            field("depends", FieldType::Char, "Dependencies"),
            field("on_delete", FieldType::Selection, "On Delete"),
            field("modules", FieldType::Char, "In Apps"),
            field("state", FieldType::Selection, "Type"),
            rel(
                "selection_ids",
                FieldType::One2many,
                "Selection Options",
                IR_SELECTION,
                Some("field_id"),
            ),
        ])
        .collect(),
    );
    add_model(
        schema,
        IR_SELECTION,
        "Fields Selection",
        "sequence, id",
        vec![
            rel("field_id", FieldType::Many2one, "Field", IR_FIELDS, None),
            field("value", FieldType::Char, "Value"),
            field("name", FieldType::Char, "Name"),
            field("sequence", FieldType::Integer, "Sequence"),
        ],
    );
    add_model(
        schema,
        "res.users",
        "User",
        "name, login",
        vec![
            field("name", FieldType::Char, "Name"),
            field("login", FieldType::Char, "Login"),
            field("active", FieldType::Boolean, "Active"),
        ],
    );
}

fn text(v: &Option<String>) -> Value {
    v.as_ref()
        .filter(|s| !s.is_empty())
        .map_or(Value::Bool(false), |s| Value::String(s.clone()))
}

fn flag(f: &Field, key: &str) -> bool {
    f.extra
        .get(key)
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false)
}

fn extra_bool(f: &Field, key: &str) -> Value {
    Value::Bool(flag(f, key))
}

/// Rebuilds the three schema tables when the schema changed.
pub(crate) fn refresh(store: &mut Store) {
    if store.meta.built {
        return;
    }
    let mut models = std::collections::BTreeMap::new();
    let mut fields = std::collections::BTreeMap::new();
    let mut selections = std::collections::BTreeMap::new();
    let dialect = Dialect::of(&store.schema.odoo_version);
    let meta = &mut store.meta;
    for (name, m) in &store.schema.models {
        let mid = MetaIds::id(&mut meta.next[0], meta.models.get(name).copied());
        meta.models.insert(name.clone(), mid);
        let mut row = Map::new();
        row.insert("model".into(), Value::String(name.clone()));
        row.insert("name".into(), Value::String(m.name.clone()));
        row.insert("info".into(), text(&m.info));
        row.insert(
            "order".into(),
            Value::String(m.order.clone().unwrap_or_else(|| "id".into())),
        );
        row.insert(
            "modules".into(),
            if m.modules.is_empty() {
                Value::Bool(false)
            } else {
                Value::String(m.modules.join(", "))
            },
        );
        row.insert("state".into(), Value::String(m.state.clone()));
        row.insert("transient".into(), Value::Bool(m.transient));
        models.insert(mid, row);
        for (fname, f) in &m.fields {
            let key = (name.clone(), fname.clone());
            let fid = MetaIds::id(&mut meta.next[1], meta.fields.get(&key).copied());
            meta.fields.insert(key, fid);
            let manual = f
                .extra
                .get("manual")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false);
            let mut row = Map::new();
            row.insert("name".into(), Value::String(fname.clone()));
            row.insert("model".into(), Value::String(name.clone()));
            row.insert("model_id".into(), Value::Int(mid));
            row.insert("field_description".into(), Value::String(f.string.clone()));
            row.insert("help".into(), text(&f.help));
            row.insert(
                "ttype".into(),
                Value::String(f.field_type.as_str().to_owned()),
            );
            row.insert("relation".into(), text(&f.relation));
            row.insert("relation_field".into(), text(&f.relation_field));
            row.insert("required".into(), Value::Bool(f.required));
            row.insert("readonly".into(), Value::Bool(f.readonly));
            row.insert("store".into(), Value::Bool(f.store));
            row.insert("index".into(), Value::Bool(false));
            row.insert(
                "translate".into(),
                dialect.translate_column(flag(f, "translate"), f.field_type == FieldType::Html),
            );
            if dialect.has_company_dependent_column() {
                row.insert(
                    "company_dependent".into(),
                    extra_bool(f, "company_dependent"),
                );
            }
            row.insert(
                "copied".into(),
                Value::Bool(f.field_type != FieldType::One2many),
            );
            row.insert("compute".into(), Value::Bool(false));
            row.insert("related".into(), Value::Bool(false));
            let depends = match f.extra.get("depends") {
                Some(serde_json::Value::Array(a)) if !a.is_empty() => Value::String(
                    a.iter()
                        .filter_map(serde_json::Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                _ => Value::Bool(false),
            };
            row.insert("depends".into(), depends);
            row.insert(
                "on_delete".into(),
                if f.field_type == FieldType::Many2one {
                    Value::String("set null".into())
                } else {
                    Value::Bool(false)
                },
            );
            row.insert(
                "modules".into(),
                if m.modules.is_empty() {
                    Value::Bool(false)
                } else {
                    Value::String(m.modules.join(", "))
                },
            );
            row.insert(
                "state".into(),
                Value::String(
                    if manual || fname.starts_with("x_") {
                        "manual"
                    } else {
                        "base"
                    }
                    .into(),
                ),
            );
            fields.insert(fid, row);
            if f.field_type == FieldType::Selection {
                for (seq, opt) in f.selection.iter().flatten().enumerate() {
                    let value = match &opt.value {
                        Value::String(s) => s.clone(),
                        other => crate::pyrepr::repr(other),
                    };
                    let key = (name.clone(), fname.clone(), value.clone());
                    let sid = MetaIds::id(&mut meta.next[2], meta.selections.get(&key).copied());
                    meta.selections.insert(key, sid);
                    let mut row = Map::new();
                    row.insert("field_id".into(), Value::Int(fid));
                    row.insert("value".into(), Value::String(value));
                    row.insert("name".into(), Value::String(opt.label.clone()));
                    row.insert("sequence".into(), Value::Int(seq as i64));
                    selections.insert(sid, row);
                }
            }
        }
    }
    let next = meta.next;
    for (model, rows, n) in [
        (IR_MODEL, models, next[0]),
        (IR_FIELDS, fields, next[1]),
        (IR_SELECTION, selections, next[2]),
    ] {
        let table = store.tables.entry(model.to_owned()).or_default();
        table.rows = rows;
        table.next_id = n + 1;
    }
    store.meta.built = true;
}

fn model_name_of(store: &Store, id: i64) -> Option<String> {
    store
        .meta
        .models
        .iter()
        .find(|(_, v)| **v == id)
        .map(|(k, _)| k.clone())
}

fn field_of(store: &Store, id: i64) -> Option<(String, String)> {
    store
        .meta
        .fields
        .iter()
        .find(|(_, v)| **v == id)
        .map(|(k, _)| k.clone())
}

fn str_val(vals: &Map, key: &str) -> Option<String> {
    vals.get(key)
        .and_then(Value::as_str)
        .map(str::to_owned)
        .filter(|s| !s.is_empty())
}

/// `ir.model.create`: a custom model, with its fields (`field_id`, by default one `x_name`)
/// and its access rules (`access_ids`).
pub(crate) fn create_models(
    store: &mut Store,
    vals_list: Vec<Map>,
    env: &Env,
) -> OResult<Vec<i64>> {
    let mut ids = Vec::new();
    for mut vals in vals_list {
        let name = str_val(&vals, "model").ok_or_else(|| {
            OdooError::validation("The operation cannot be completed: Missing required value for the field 'Model' (model).\nModel: 'Models' (ir.model)\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n")
        })?;
        // The unique index fails on insert, before the Python constraint on the name.
        if store.has_model(&name) {
            return Err(unique_violation(
                "Each model must have a unique name.",
                "ir_model_obj_name_uniq",
            ));
        }
        if !name.starts_with("x_") {
            return Err(OdooError::validation(
                "The model name must start with 'x_'.",
            ));
        }
        let label = str_val(&vals, "name").unwrap_or_else(|| name.clone());
        let mut m = Model::new(name.clone(), label);
        m.state = "manual".into();
        m.order = Some(str_val(&vals, "order").unwrap_or_else(|| "id".into()));
        m.info = str_val(&vals, "info");
        m.transient = vals.get("transient").is_some_and(crate::values::truthy);
        let has_users = store.has_model("res.users");
        for f in magic_fields(has_users) {
            m.fields.insert(f.name.clone(), f);
        }
        // `field_id` defaults to one `x_name` field (`IrModel._default_field_id`): given
        // fields replace it.
        if !vals.contains_key("field_id") {
            let mut x_name = Field::new("x_name", FieldType::Char, "Name");
            x_name
                .extra
                .insert("manual".into(), serde_json::Value::Bool(true));
            m.fields.insert("x_name".into(), x_name);
        }
        store.schema.insert(m);
        store.meta.built = false;
        refresh(store);
        let id = store.meta.models.get(&name).copied().unwrap_or_default();
        if let Some(Value::Array(commands)) = vals.remove("field_id") {
            for command in commands {
                if let Some(Value::Struct(fv)) = command.as_array().and_then(|c| c.get(2)) {
                    let mut fv = fv.clone();
                    fv.insert("model_id".into(), Value::Int(id));
                    create_fields(store, vec![fv], env)?;
                }
            }
        }
        if let Some(Value::Array(commands)) = vals.remove("access_ids") {
            for command in &commands {
                if let Some(Value::Struct(av)) = command.as_array().and_then(|c| c.get(2)) {
                    let perm = |k: &str| av.get(k).is_some_and(crate::values::truthy);
                    let group = av.get("group_id").and_then(|g| match g {
                        Value::Int(gid) => Some(match store.raw("res.groups", *gid, "name") {
                            Value::String(s) => s,
                            _ => format!("res.groups({gid},)"),
                        }),
                        _ => None,
                    });
                    store.acl.push(Rule {
                        model: name.clone(),
                        group,
                        read: perm("perm_read"),
                        write: perm("perm_write"),
                        create: perm("perm_create"),
                        unlink: perm("perm_unlink"),
                    });
                }
            }
            if store.has_model("ir.model.access") {
                for command in commands {
                    if let Some(Value::Struct(av)) = command.as_array().and_then(|c| c.get(2)) {
                        let mut av = av.clone();
                        av.insert("model_id".into(), Value::Int(id));
                        av.retain(|k, _| store.has_field("ir.model.access", k));
                        store.create("ir.model.access", vec![av], env)?;
                    }
                }
            }
        }
        ids.push(id);
    }
    Ok(ids)
}

/// `ir.model.fields.create`: a custom `x_` field on a model, with its selection values.
pub(crate) fn create_fields(
    store: &mut Store,
    vals_list: Vec<Map>,
    _env: &Env,
) -> OResult<Vec<i64>> {
    let mut ids = Vec::new();
    for vals in vals_list {
        refresh(store);
        let model = match (vals.get("model_id"), str_val(&vals, "model")) {
            (Some(Value::Int(mid)), _) => model_name_of(store, *mid),
            (Some(Value::Array(pair)), _) => pair.first().and_then(Value::as_i64).and_then(|mid| model_name_of(store, mid)),
            (_, Some(m)) => Some(m),
            _ => None,
        }
        .filter(|m| store.has_model(m))
        .ok_or_else(|| OdooError::validation("The operation cannot be completed: Missing required value for the field 'Model' (model_id).\nModel: 'Fields' (ir.model.fields)\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n"))?;
        let name = str_val(&vals, "name").unwrap_or_default();
        if store.has_field(&model, &name) {
            return Err(unique_violation(
                "Field names must be unique per model.",
                "ir_model_fields_name_unique",
            ));
        }
        if !name.starts_with("x_") {
            return Err(OdooError::validation(
                "The operation cannot be completed: Custom fields must have a name that starts with 'x_'!",
            ));
        }
        let ttype = FieldType::parse(&str_val(&vals, "ttype").unwrap_or_else(|| "char".into()));
        let label = str_val(&vals, "field_description").unwrap_or_else(|| name.clone());
        let mut f = Field::new(name.clone(), ttype.clone(), label);
        f.help = str_val(&vals, "help");
        f.required = vals.get("required").is_some_and(crate::values::truthy);
        f.readonly = vals.get("readonly").is_some_and(crate::values::truthy);
        f.store = vals.get("store").is_none_or(crate::values::truthy);
        f.relation = str_val(&vals, "relation");
        f.relation_field = str_val(&vals, "relation_field");
        f.extra
            .insert("manual".into(), serde_json::Value::Bool(true));
        if ttype == FieldType::Selection {
            let mut options: Vec<(i64, SelectionOption)> = Vec::new();
            if let Some(Value::Array(commands)) = vals.get("selection_ids") {
                for (i, command) in commands.iter().enumerate() {
                    if let Some(Value::Struct(sv)) = command.as_array().and_then(|c| c.get(2)) {
                        let value = str_val(sv, "value").unwrap_or_default();
                        let label = str_val(sv, "name").unwrap_or_else(|| value.clone());
                        let seq = sv
                            .get("sequence")
                            .and_then(Value::as_i64)
                            .unwrap_or(i as i64);
                        options.push((seq, SelectionOption::new(value, label)));
                    }
                }
            } else if let Some(sel) = str_val(&vals, "selection") {
                options = parse_selection_literal(&sel)
                    .into_iter()
                    .enumerate()
                    .map(|(i, o)| (i as i64, o))
                    .collect();
            }
            options.sort_by_key(|(seq, _)| *seq);
            f.selection = Some(options.into_iter().map(|(_, o)| o).collect());
        }
        if let Some(m) = store.schema.models.get_mut(&model) {
            m.fields.insert(name.clone(), f);
        }
        store.meta.built = false;
        refresh(store);
        ids.push(
            store
                .meta
                .fields
                .get(&(model, name))
                .copied()
                .unwrap_or_default(),
        );
    }
    Ok(ids)
}

/// `[('a', 'Alpha'), ('b', 'Beta')]`, the old way of giving a custom selection.
fn parse_selection_literal(s: &str) -> Vec<SelectionOption> {
    let mut out = Vec::new();
    let quoted: Vec<String> = s
        .split(['\'', '"'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, p)| p.to_owned())
        .collect();
    for pair in quoted.chunks(2) {
        if let [v, l] = pair {
            out.push(SelectionOption::new(v.clone(), l.clone()));
        }
    }
    out
}

/// `ir.model.unlink`: drops custom models and their records.
pub(crate) fn unlink_models(store: &mut Store, ids: &[i64]) -> OResult<()> {
    refresh(store);
    for &id in ids {
        let Some(name) = model_name_of(store, id) else {
            continue;
        };
        if store.model(&name).is_some_and(|m| m.state != "manual") {
            return Err(OdooError::user(
                "Model 'Models' contains module data and cannot be removed.",
            ));
        }
        store.acl.retain(|r| r.model != name);
        store.schema.models.remove(&name);
        store.tables.remove(&name);
        store.meta.models.remove(&name);
        store.meta.fields.retain(|(m, _), _| *m != name);
        if store.has_model("ir.model.access") {
            let access: Vec<i64> = store
                .all_ids("ir.model.access")
                .into_iter()
                .filter(|a| store.m2o("ir.model.access", *a, "model_id") == Some(id))
                .collect();
            store.unlink("ir.model.access", &access)?;
        }
    }
    store.meta.built = false;
    refresh(store);
    Ok(())
}

/// `ir.model.fields.unlink`: drops custom fields.
pub(crate) fn unlink_fields(store: &mut Store, ids: &[i64]) -> OResult<()> {
    refresh(store);
    for &id in ids {
        let Some((model, name)) = field_of(store, id) else {
            continue;
        };
        if !name.starts_with("x_") {
            return Err(OdooError::user(
                "This column contains module data and cannot be removed!",
            ));
        }
        if let Some(m) = store.schema.models.get_mut(&model) {
            m.fields.remove(&name);
        }
        store.meta.fields.remove(&(model.clone(), name.clone()));
        if let Some(t) = store.tables.get_mut(&model) {
            for row in t.rows.values_mut() {
                row.remove(&name);
            }
        }
    }
    store.meta.built = false;
    refresh(store);
    Ok(())
}

/// External ids (`ir.model.data`), which `load` and `export_data` use.
pub(crate) const MODEL_DATA: &str = "ir.model.data";

/// Adds `ir.model.data` to a schema that lacks it.
pub(crate) fn ensure_model_data(schema: &mut Schema) {
    if schema.models.contains_key(MODEL_DATA) {
        return;
    }
    let mut m = Model::new(MODEL_DATA, "Model Data");
    m.order = Some("module, model, name".to_owned());
    m.modules = vec!["base".into()];
    let required = |name: &str, t, label: &str| {
        let mut f = Field::new(name, t, label);
        f.required = true;
        f
    };
    for f in magic_fields(false).into_iter().chain([
        required("name", FieldType::Char, "External Identifier"),
        required("module", FieldType::Char, "Module"),
        required("model", FieldType::Char, "Model Name"),
        Field::new("res_id", FieldType::Integer, "Record ID"),
        Field::new("noupdate", FieldType::Boolean, "Non Updatable"),
        Field::new("complete_name", FieldType::Char, "Complete ID"),
    ]) {
        m.fields.insert(f.name.clone(), f);
    }
    schema.insert(m);
}
