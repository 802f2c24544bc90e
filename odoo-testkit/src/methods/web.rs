//! `web_read` and `web_search_read` (`addons/web/models/models.py`): records read with a
//! specification, related records nested, as the web client reads them.

use std::collections::HashMap;

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use super::bind::Bound;
use super::ctx::Ctx;
use super::records::{opt_int, search_ids};
use crate::exception::{OResult, OdooError};
use crate::pyrepr::type_name;
use crate::store::{Env, Store};

/// The specification: a dict of field names to dicts (`.items()` of anything else fails as
/// Python's would).
fn specification(v: &Value) -> OResult<Map> {
    match v {
        Value::Struct(m) => Ok(m.clone()),
        other => Err(OdooError::new(
            crate::exception::Class::AttributeError,
            format!("'{}' object has no attribute 'items'", type_name(other)),
        )),
    }
}

pub(super) fn web_read(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let spec = specification(&args.get("specification"))?;
    let ids = ctx.ids.clone();
    Ok(Value::Array(read_spec(
        ctx.store, ctx.env, ctx.model, &ids, &spec,
    )?))
}

pub(super) fn web_search_read(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let spec = specification(&args.get("specification"))?;
    let offset = opt_int(&args.get("offset"))?.unwrap_or(0);
    let limit = opt_int(&args.get("limit"))?;
    let count_limit = opt_int(&args.get("count_limit"))?;
    let domain = args.get("domain");
    let ids = search_ids(
        ctx.store,
        ctx.env,
        ctx.model,
        &domain,
        offset,
        limit,
        &args.get("order"),
    )?;
    let records = read_spec(ctx.store, ctx.env, ctx.model, &ids, &spec)?;
    // `_format_web_search_read_results`.
    let mut out = Map::new();
    let length = if records.is_empty() {
        0
    } else {
        let current = records.len() as i64 + offset;
        let limit_reached = limit == Some(records.len() as i64);
        let count_limit_reached = count_limit.is_some_and(|c| c != 0 && c <= current);
        if limit.is_some_and(|l| l != 0) && limit_reached && !count_limit_reached {
            search_ids(
                ctx.store,
                ctx.env,
                ctx.model,
                &domain,
                0,
                count_limit,
                &Value::Nil,
            )?
            .len() as i64
        } else {
            current
        }
    };
    out.insert("length".into(), Value::Int(length));
    out.insert("records".into(), Value::Array(records));
    Ok(Value::Struct(out))
}

/// `records.web_read(specification)`.
fn read_spec(
    store: &Store,
    env: &Env,
    model: &str,
    ids: &[i64],
    spec: &Map,
) -> OResult<Vec<Value>> {
    let names: Vec<String> = spec.keys().cloned().collect();
    let mut rows = if names.is_empty() || names == ["id"] {
        ids.iter()
            .map(|id| Value::Struct([("id".to_owned(), Value::Int(*id))].into_iter().collect()))
            .collect()
    } else {
        store.read(model, ids, Some(&names), false, env)?
    };
    if rows.is_empty() {
        return Ok(rows);
    }
    // `self[field_name]` for a nested many2one (`fields` given) or a non-empty x2many spec
    // fetches the field on every record asked: a missing one is a `MissingError` there, where
    // `read` alone leaves it out.
    let fetches = spec.iter().any(|(name, field_spec)| {
        let nonempty = field_spec.as_struct().is_some_and(|m| !m.is_empty());
        match store.field(model, name).map(|f| &f.field_type) {
            Some(FieldType::Many2one) => field_spec.get("fields").is_some(),
            Some(FieldType::One2many | FieldType::Many2many) => nonempty,
            _ => false,
        }
    });
    if fetches {
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|id| !store.exists(model, *id))
            .collect();
        if !missing.is_empty() {
            return Err(OdooError::missing(model, &missing, env.uid));
        }
    }
    for (name, field_spec) in spec {
        let Some(field) = store.field(model, name) else {
            continue;
        };
        let comodel = field.relation.clone().unwrap_or_default();
        let sub = field_spec.get("fields").and_then(Value::as_struct);
        match (&field.field_type, sub) {
            (FieldType::Many2one, Some(sub)) => {
                let mut extra = sub.clone();
                let with_name = extra.remove("display_name").is_some();
                let co_ids: Vec<i64> = unique(rows.iter().filter_map(|r| r.get(name)?.as_i64()));
                let mut data: HashMap<i64, Map> = read_spec(store, env, &comodel, &co_ids, &extra)?
                    .into_iter()
                    .filter_map(|v| match v {
                        Value::Struct(m) => Some((m.get("id")?.as_i64()?, m)),
                        _ => None,
                    })
                    .collect();
                if with_name {
                    for id in &co_ids {
                        if let Some(m) = data.get_mut(id) {
                            m.insert(
                                "display_name".into(),
                                Value::String(crate::names::display_name(store, &comodel, *id)),
                            );
                        }
                    }
                }
                for row in &mut rows {
                    if let Some(slot) = slot(row, name) {
                        if let Some(id) = slot.as_i64() {
                            *slot = data
                                .get(&id)
                                .cloned()
                                .map_or(Value::Bool(false), Value::Struct);
                        }
                    }
                }
            }
            (FieldType::One2many | FieldType::Many2many, Some(sub)) => {
                let limit = field_spec.get("limit").and_then(Value::as_i64);
                let co_ids: Vec<i64> = unique(rows.iter().flat_map(|r| {
                    let ids = related(r.get(name));
                    let n = limit.map_or(ids.len(), |l| (l.max(0) as usize).min(ids.len()));
                    ids.into_iter().take(n)
                }));
                let data: HashMap<i64, Value> = read_spec(store, env, &comodel, &co_ids, sub)?
                    .into_iter()
                    .filter_map(|v| Some((v.get("id")?.as_i64()?, v)))
                    .collect();
                for row in &mut rows {
                    if let Some(slot) = slot(row, name) {
                        let ids = related(Some(slot));
                        *slot = Value::Array(
                            ids.into_iter()
                                .map(|id| {
                                    data.get(&id).cloned().unwrap_or_else(|| {
                                        Value::Struct(
                                            [("id".to_owned(), Value::Int(id))]
                                                .into_iter()
                                                .collect(),
                                        )
                                    })
                                })
                                .collect(),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    Ok(rows)
}

fn slot<'a>(row: &'a mut Value, name: &str) -> Option<&'a mut Value> {
    match row {
        Value::Struct(m) => m.get_mut(name),
        _ => None,
    }
}

fn related(v: Option<&Value>) -> Vec<i64> {
    v.and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

fn unique(ids: impl Iterator<Item = i64>) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.filter(|i| seen.insert(*i)).collect()
}
