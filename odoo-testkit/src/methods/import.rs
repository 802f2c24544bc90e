//! Odoo's import and export (`load`, `export_data` in `odoo/orm/models.py`, the converters of
//! `odoo/addons/base/models/ir_fields.py`) and the external ids they use (`ir.model.data`).
//!
//! `load` reads a matrix of text cells, converts every row first (a bad cell is a message,
//! not an exception), then creates or updates the records, all or none: a row whose `id`
//! names an existing external id updates its record. One2many lines (several rows per
//! record) are not modelled.

use odoo_runtime::schema::{Field, FieldType};
use odoo_runtime::{Map, Value};

use super::bind::opt_str_list;
use super::bind::Bound;
use super::ctx::Ctx;
use crate::exception::{Class, OResult, OdooError};
use crate::pyrepr::{str_repr, type_name};
use crate::store::Store;
use crate::version::Dialect;

pub(crate) use crate::meta::MODEL_DATA;

fn text(v: &Value) -> Option<&str> {
    v.as_str()
}

/// The `ir.model.data` row of `module.name`, with its model and record.
fn lookup(store: &Store, xml_id: &str) -> Option<(i64, String, i64)> {
    let (module, name) = xml_id.split_once('.')?;
    store.all_ids(MODEL_DATA).into_iter().find_map(|id| {
        let row = store.row(MODEL_DATA, id)?;
        (row.get("module").and_then(text) == Some(module)
            && row.get("name").and_then(text) == Some(name))
        .then(|| {
            (
                id,
                row.get("model").and_then(text).unwrap_or("").to_owned(),
                row.get("res_id").and_then(Value::as_i64).unwrap_or(0),
            )
        })
    })
}

/// The record `xml_id` names in `model`, if it exists.
fn resolve(store: &Store, model: &str, xml_id: &str) -> Option<i64> {
    let (_, m, res_id) = lookup(store, xml_id)?;
    (m == model && store.exists(model, res_id)).then_some(res_id)
}

/// Records `xml_id` as the external id of `model` `id` (a stale row is pointed at it).
fn register(ctx: &mut Ctx<'_>, xml_id: &str, model: &str, id: i64) -> OResult<()> {
    let (module, name) = xml_id.split_once('.').unwrap_or(("__import__", xml_id));
    match lookup(ctx.store, &format!("{module}.{name}")) {
        Some((row, _, _)) => {
            let vals: Map = [
                ("model".to_owned(), Value::from(model)),
                ("res_id".to_owned(), Value::Int(id)),
            ]
            .into_iter()
            .collect();
            ctx.store.write(MODEL_DATA, &[row], vals, ctx.env)
        }
        None => {
            let vals: Map = [
                ("module", Value::from(module)),
                ("name", Value::from(name)),
                ("model", Value::from(model)),
                ("res_id", Value::Int(id)),
                ("noupdate", Value::Bool(false)),
                ("complete_name", Value::from(format!("{module}.{name}"))),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect();
            ctx.store.create(MODEL_DATA, vec![vals], ctx.env).map(drop)
        }
    }
}

/// Removes the external ids of records being deleted (`unlink` does it in Odoo).
pub(crate) fn unlink_external_ids(store: &mut Store, model: &str, ids: &[i64]) -> OResult<()> {
    if model == MODEL_DATA || !store.has_model(MODEL_DATA) {
        return Ok(());
    }
    let rows: Vec<i64> = store
        .all_ids(MODEL_DATA)
        .into_iter()
        .filter(|r| {
            store.row(MODEL_DATA, *r).is_some_and(|row| {
                row.get("model").and_then(text) == Some(model)
                    && row
                        .get("res_id")
                        .and_then(Value::as_i64)
                        .is_some_and(|i| ids.contains(&i))
            })
        })
        .collect();
    store.unlink(MODEL_DATA, &rows)
}

// ------------------------------------------------------------------------------- load

/// A column of `load`: a field path, `fix_import_export_id_paths` applied.
fn path(column: &str) -> Vec<String> {
    column
        .replace(".id", "/.id")
        .replace("//.id", "/.id")
        .split('/')
        .map(str::to_owned)
        .collect()
}

/// One converted row: its external id, database id and values.
struct Row {
    xml_id: Option<String>,
    db_id: Option<i64>,
    values: Map,
}

/// A message of `load` about row `index`.
fn message(index: usize, field: Option<(&str, &str)>, text: String, more: Option<Value>) -> Value {
    let mut m: Map = [
        (
            "rows".to_owned(),
            Value::Struct(
                [
                    ("from".to_owned(), Value::Int(index as i64)),
                    ("to".to_owned(), Value::Int(index as i64)),
                ]
                .into_iter()
                .collect(),
            ),
        ),
        ("type".to_owned(), Value::from("error")),
        ("record".to_owned(), Value::Int(index as i64)),
        ("message".to_owned(), Value::String(text)),
    ]
    .into_iter()
    .collect();
    if let Some((name, label)) = field {
        m.insert("field".into(), Value::from(name));
        m.insert("field_name".into(), Value::from(label));
    }
    if let Some(more) = more {
        m.insert("moreinfo".into(), more);
    }
    Value::Struct(m)
}

/// The record of `relation` a cell names through `subfield` (`.id`, `id`, or its name).
fn reference(store: &Store, relation: &str, subfield: &str, cell: &str) -> Result<i64, String> {
    match subfield {
        ".id" => cell
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| store.exists(relation, *id))
            .ok_or_else(|| format!("No matching record found for database id '{cell}'")),
        "id" => {
            let xml_id = if cell.contains('.') {
                cell.to_owned()
            } else {
                format!("__import__.{cell}")
            };
            resolve(store, relation, &xml_id)
                .ok_or_else(|| format!("No matching record found for external id '{cell}'"))
        }
        _ => store
            .all_ids(relation)
            .into_iter()
            .find(|id| crate::names::display_name(store, relation, *id) == cell)
            .ok_or_else(|| format!("No matching record found for name '{cell}'")),
    }
}

/// The action `ir.fields.converter` attaches to a reference it could not resolve: the
/// external ids of `relation`'s records for an id, its records for a name.
fn possible_values(store: &Store, relation: &str, subfield: &str) -> Value {
    let major = Dialect::of(&store.schema.odoo_version).major;
    let by_id = matches!(subfield, "id" | ".id");
    let mut action: Map = [
        ("name", Value::from("Possible Values")),
        ("type", Value::from("ir.actions.act_window")),
        ("target", Value::from("new")),
        (
            "view_mode",
            Value::from(if major <= 17 {
                "tree,form"
            } else {
                "list,form"
            }),
        ),
        (
            "views",
            Value::Array(vec![
                Value::Array(vec![Value::Bool(false), Value::from("list")]),
                Value::Array(vec![Value::Bool(false), Value::from("form")]),
            ]),
        ),
        (
            "context",
            Value::Struct(
                [("create".to_owned(), Value::Bool(false))]
                    .into_iter()
                    .collect(),
            ),
        ),
        ("help", Value::from("See all possible values")),
        (
            "res_model",
            Value::from(if by_id { MODEL_DATA } else { relation }),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    if by_id {
        action.insert(
            "domain".into(),
            Value::Array(vec![Value::Array(vec![
                Value::from("model"),
                Value::from("="),
                Value::from(relation),
            ])]),
        );
    }
    Value::Struct(action)
}

/// What `ir.fields.converter` makes of `cell` for `field`, or the message of its refusal.
fn convert(
    store: &Store,
    field: &Field,
    subfield: &str,
    cell: &str,
) -> Result<Value, (String, Option<Value>)> {
    let label = &field.string;
    let no_more = |m: String| (m, None);
    match field.field_type {
        FieldType::Boolean => match cell.to_lowercase().as_str() {
            "1" | "true" | "yes" => Ok(Value::Bool(true)),
            "0" | "false" | "no" => Ok(Value::Bool(false)),
            _ => Err((
                format!("Unknown value '{cell}' for boolean field '{label}'"),
                Some(Value::from("Use '1' for yes and '0' for no")),
            )),
        },
        FieldType::Integer => cell.trim().parse::<i64>().map(Value::Int).map_err(|_| {
            no_more(format!(
                "'{cell}' does not seem to be an integer for field '{label}'"
            ))
        }),
        FieldType::Float | FieldType::Monetary => {
            cell.trim().parse::<f64>().map(Value::Double).map_err(|_| {
                no_more(format!(
                    "'{cell}' does not seem to be a number for field '{label}'"
                ))
            })
        }
        FieldType::Selection => {
            let options = field.selection.as_deref().unwrap_or_default();
            options
                .iter()
                .find(|o| o.value.as_str() == Some(cell) || o.label.eq_ignore_ascii_case(cell))
                .map(|o| o.value.clone())
                .ok_or_else(|| {
                    no_more(format!(
                        "Value '{cell}' not found in selection field '{label}'"
                    ))
                })
        }
        FieldType::Many2one => {
            let relation = field.relation.as_deref().unwrap_or_default();
            reference(store, relation, subfield, cell)
                .map(Value::Int)
                .map_err(|m| {
                    (
                        format!("{m} in field '{label}'"),
                        Some(possible_values(store, relation, subfield)),
                    )
                })
        }
        FieldType::Many2many => {
            let relation = field.relation.as_deref().unwrap_or_default();
            let ids = cell
                .split(',')
                .map(|c| reference(store, relation, subfield, c.trim()))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|m| no_more(format!("{m} in field '{label}'")))?;
            Ok(Value::Array(vec![Value::Array(vec![
                Value::Int(6),
                Value::Int(0),
                Value::Array(ids.into_iter().map(Value::Int).collect()),
            ])]))
        }
        _ => Ok(Value::from(cell)),
    }
}

pub(super) fn load(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "create")?;
    let dialect = Dialect::of(&ctx.store.schema.odoo_version);
    let columns = opt_str_list("fields", &args.get("fields"))?.unwrap_or_default();
    let paths: Vec<Vec<String>> = columns.iter().map(|c| path(c)).collect();
    for p in &paths {
        let name = p[0].as_str();
        if name != "id" && name != ".id" && !ctx.store.has_field(ctx.model, name) {
            return Err(if dialect.major <= 17 {
                OdooError::new(Class::KeyError, name)
            } else {
                OdooError::value(format!("Invalid field name {}", str_repr(name)))
            });
        }
        if ctx.store.field_type(ctx.model, name) == Some(FieldType::One2many) {
            return Err(OdooError::user(
                "odoo-testkit: load does not import one2many lines",
            ));
        }
    }
    let data = match args.get("data") {
        Value::Array(rows) => rows,
        other => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not iterable",
                type_name(&other)
            )))
        }
    };
    let mut messages = Vec::new();
    let mut rows = Vec::new();
    for (index, cells) in data.iter().enumerate() {
        let cells = cells.as_array().unwrap_or_default();
        let mut row = Row {
            xml_id: None,
            db_id: None,
            values: Map::new(),
        };
        // `zip`: a short row leaves its last columns out.
        for (p, cell) in paths.iter().zip(cells) {
            let name = p[0].as_str();
            let field = ctx.store.field(ctx.model, name).cloned();
            let cell_text = match cell {
                Value::String(s) => s.clone(),
                Value::Bool(false) | Value::Nil => String::new(),
                other => {
                    if field
                        .as_ref()
                        .is_some_and(|f| f.field_type == FieldType::Boolean)
                    {
                        return Err(OdooError::new(
                            Class::AttributeError,
                            format!("'{}' object has no attribute 'lower'", type_name(other)),
                        ));
                    }
                    crate::values::py_str(other)
                }
            };
            match (name, field) {
                ("id", _) => {
                    if !cell_text.is_empty() {
                        row.xml_id = Some(if cell_text.contains('.') {
                            cell_text
                        } else {
                            format!("__import__.{cell_text}")
                        });
                    }
                }
                (".id", _) => match cell_text.trim().parse::<i64>() {
                    Ok(id) if ctx.store.exists(ctx.model, id) => row.db_id = Some(id),
                    _ if cell_text.is_empty() => {}
                    _ => messages.push(message(
                        index,
                        Some((".id", ".id")),
                        format!("Unknown database identifier '{cell_text}'"),
                        None,
                    )),
                },
                (_, Some(field)) => {
                    if cell_text.is_empty() {
                        row.values.insert(name.to_owned(), Value::Bool(false));
                        continue;
                    }
                    let subfield = p.get(1).map_or("", String::as_str);
                    match convert(ctx.store, &field, subfield, &cell_text) {
                        Ok(v) => {
                            row.values.insert(name.to_owned(), v);
                        }
                        Err((m, more)) => messages.push(message(
                            index,
                            Some((name, field.string.as_str())),
                            m,
                            more,
                        )),
                    }
                }
                (_, None) => {}
            }
        }
        rows.push((index, row));
    }
    if !messages.is_empty() {
        return Ok(refused(messages));
    }
    // All rows or none: the tables as they were, to put back if a record is refused.
    let before = ctx.store.tables.clone();
    let mut ids = Vec::new();
    for (index, row) in rows {
        let existing = row
            .xml_id
            .as_deref()
            .and_then(|x| resolve(ctx.store, ctx.model, x))
            .or(row.db_id);
        let model = ctx.model;
        let done = match existing {
            Some(id) => ctx
                .store
                .write(model, &[id], row.values, ctx.env)
                .map(|()| id),
            None => ctx
                .store
                .create(model, vec![row.values], ctx.env)
                .map(|ids| ids[0]),
        };
        let id = match done {
            Ok(id) => id,
            Err(e) => {
                ctx.store.tables = before;
                return Ok(refused(vec![message(index, None, e.str(), None)]));
            }
        };
        if let (Some(xml_id), None) = (&row.xml_id, existing) {
            register(ctx, xml_id, model, id)?;
        }
        ids.push(Value::Int(id));
    }
    Ok(answer(Value::Array(ids), Vec::new()))
}

fn answer(ids: Value, messages: Vec<Value>) -> Value {
    Value::Struct(
        [
            ("ids".to_owned(), ids),
            ("messages".to_owned(), Value::Array(messages)),
            ("nextrow".to_owned(), Value::Int(0)),
        ]
        .into_iter()
        .collect(),
    )
}

fn refused(messages: Vec<Value>) -> Value {
    answer(Value::Bool(false), messages)
}

// ------------------------------------------------------------------------------- export_data

/// The external id of `model` `id`, made in `__export__` when it has none
/// (`__ensure_xml_id`).
fn ensure_xml_id(ctx: &mut Ctx<'_>, model: &str, id: i64) -> OResult<String> {
    let found = ctx.store.all_ids(MODEL_DATA).into_iter().find_map(|r| {
        let row = ctx.store.row(MODEL_DATA, r)?;
        (row.get("model").and_then(text) == Some(model)
            && row.get("res_id").and_then(Value::as_i64) == Some(id))
        .then(|| {
            format!(
                "{}.{}",
                row.get("module").and_then(text).unwrap_or_default(),
                row.get("name").and_then(text).unwrap_or_default()
            )
        })
    });
    if let Some(x) = found {
        return Ok(x);
    }
    // Odoo appends 8 hex digits of a uuid4; a counter keeps the test server deterministic.
    let n = ctx.store.all_ids(MODEL_DATA).len();
    let xml_id = format!("__export__.{}_{id}_{n:08x}", model.replace('.', "_"));
    register(ctx, &xml_id, model, id)?;
    Ok(xml_id)
}

/// One cell: the value of `path` on `model` `id`, as `convert_to_export` writes it.
fn export_cell(ctx: &mut Ctx<'_>, model: &str, id: i64, path: &[String]) -> OResult<Value> {
    let name = path[0].as_str();
    match name {
        ".id" => return Ok(Value::String(id.to_string())),
        "id" => return ensure_xml_id(ctx, model, id).map(Value::String),
        _ => {}
    }
    let Some(field) = ctx.store.field(model, name).cloned() else {
        return Err(OdooError::value(format!(
            "Invalid field {} on {}",
            str_repr(name),
            str_repr(model)
        )));
    };
    let raw = ctx.store.raw(model, id, name);
    let relation = field.relation.clone().unwrap_or_default();
    let sub: Vec<String> = if path.len() > 1 {
        path[1..].to_vec()
    } else {
        vec!["display_name".to_owned()]
    };
    Ok(match field.field_type {
        FieldType::Boolean => Value::Bool(crate::values::truthy(&raw)),
        FieldType::Many2one => match raw.as_i64() {
            Some(target) if ctx.store.exists(&relation, target) => {
                export_cell(ctx, &relation, target, &sub)?
            }
            _ => Value::from(""),
        },
        FieldType::Many2many | FieldType::One2many => {
            let ids = ctx.store.linked(model, id, &field, false);
            let mut cells = Vec::new();
            for target in ids {
                cells.push(crate::values::py_str(&export_cell(
                    ctx, &relation, target, &sub,
                )?));
            }
            Value::String(cells.join(","))
        }
        FieldType::Selection => {
            let options = field.selection.as_deref().unwrap_or_default();
            options
                .iter()
                .find(|o| o.value == raw)
                .map_or(Value::from(""), |o| Value::from(o.label.as_str()))
        }
        _ if name == "display_name" => {
            Value::String(crate::names::display_name(ctx.store, model, id))
        }
        FieldType::Integer | FieldType::Float | FieldType::Monetary => match raw {
            Value::Bool(false) | Value::Nil => Value::from(""),
            v => v,
        },
        _ if crate::values::truthy(&raw) => raw,
        _ => Value::from(""),
    })
}

pub(super) fn export_data(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    // Odoo also refuses users outside `base.group_allow_export`; the test server's users
    // have no groups to tell.
    let columns =
        opt_str_list("fields_to_export", &args.get("fields_to_export"))?.unwrap_or_default();
    let paths: Vec<Vec<String>> = columns.iter().map(|c| path(c)).collect();
    let model = ctx.model;
    let ids = ctx.ids.clone();
    let missing: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|i| !ctx.store.exists(model, *i))
        .collect();
    if !missing.is_empty() {
        return Err(OdooError::missing(model, &missing, ctx.env.uid));
    }
    let mut lines = Vec::new();
    for id in ids {
        let mut line = Vec::new();
        for p in &paths {
            line.push(export_cell(ctx, model, id, p)?);
        }
        lines.push(Value::Array(line));
    }
    Ok(Value::Struct(
        [("datas".to_owned(), Value::Array(lines))]
            .into_iter()
            .collect(),
    ))
}
