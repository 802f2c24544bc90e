//! `formatted_read_group`, for plain groupby fields and `__count` / `field:agg` aggregates, and
//! the grouping and aggregation `read_group` shares.

use std::collections::{BTreeMap, HashSet};

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use super::bind::Bound;
use super::ctx::Ctx;
use super::records::{opt_int, opt_str_list, search_ids};
use crate::exception::{OResult, OdooError};
use crate::pyrepr::{repr, str_repr};
use crate::store::{Env, Store};
use crate::values::{is_null, truthy};

pub(super) fn formatted_read_group(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    group(ctx, &args)
}

fn group(ctx: &mut Ctx<'_>, params: &Bound) -> OResult<Value> {
    let (store, env, model) = (&*ctx.store, ctx.env, ctx.model);
    let groupby = opt_str_list("groupby", &params.get("groupby"))?.unwrap_or_default();
    let aggregates = opt_str_list("aggregates", &params.get("aggregates"))?.unwrap_or_default();
    let rows = buckets(store, env, model, &groupby, &params.get("domain"))?;
    let mut out = Vec::new();
    for (key_values, members) in rows {
        let mut row = Map::new();
        let mut extra_domain = Vec::new();
        for (g, v) in groupby.iter().zip(key_values) {
            extra_domain.push(Value::Array(vec![
                Value::String(g.clone()),
                "=".into(),
                v.clone(),
            ]));
            row.insert(g.clone(), shown_key(store, model, g, v));
        }
        row.insert("__extra_domain".into(), Value::Array(extra_domain));
        for agg in &aggregates {
            let value = if agg == "__count" {
                Value::Int(members.len() as i64)
            } else {
                let (fname, func) = agg.split_once(':').unwrap_or((agg.as_str(), "sum"));
                aggregate(store, env, model, &members, fname, func)?
            };
            row.insert(agg.clone(), value);
        }
        out.push(Value::Struct(row));
    }
    let offset = opt_int(&params.get("offset"))?.unwrap_or(0).max(0) as usize;
    let limit = opt_int(&params.get("limit"))?;
    let mut out: Vec<Value> = out.into_iter().skip(offset).collect();
    if let Some(l) = limit.filter(|l| *l > 0) {
        out.truncate(l as usize);
    }
    Ok(Value::Array(out))
}

/// The records matching `domain`, grouped by the values of `groupby` (plain fields), the
/// groups ordered by the first key: a many2one by its comodel's order, others by value.
pub(super) fn buckets(
    store: &Store,
    env: &Env,
    model: &str,
    groupby: &[String],
    domain: &Value,
) -> OResult<Vec<(Vec<Value>, Vec<i64>)>> {
    for g in groupby {
        if !store.has_field(model, g) {
            return Err(OdooError::value(format!(
                "Invalid field {} on model {}",
                str_repr(g),
                str_repr(model)
            )));
        }
    }
    let ids = search_ids(store, env, model, domain, 0, None, &Value::Nil)?;
    let mut groups: BTreeMap<Vec<String>, (Vec<Value>, Vec<i64>)> = BTreeMap::new();
    for id in &ids {
        let key_values: Vec<Value> = groupby
            .iter()
            .map(|g| store.read_value(model, *id, g, false, false, env))
            .collect();
        let key: Vec<String> = key_values.iter().map(repr).collect();
        groups
            .entry(key)
            .or_insert_with(|| (key_values, Vec::new()))
            .1
            .push(*id);
    }
    let mut rows: Vec<(Vec<Value>, Vec<i64>)> = groups.into_values().collect();
    if let Some(g) = groupby.first() {
        let ftype = store.field_type(model, g).unwrap_or_default();
        if ftype == FieldType::Many2one {
            let comodel = store
                .field(model, g)
                .and_then(|f| f.relation.clone())
                .unwrap_or_default();
            let mut order: Vec<i64> = rows.iter().filter_map(|r| r.0[0].as_i64()).collect();
            crate::order::sort_default(store, &comodel, &mut order);
            rows.sort_by_key(|r| {
                r.0[0]
                    .as_i64()
                    .and_then(|i| order.iter().position(|o| *o == i))
                    .unwrap_or(usize::MAX)
            });
        } else {
            rows.sort_by(|a, b| crate::pyrepr::repr(&a.0[0]).cmp(&crate::pyrepr::repr(&b.0[0])));
        }
    }
    Ok(rows)
}

/// A group key as the answer shows it: a many2one as `[id, display_name]`.
pub(super) fn shown_key(store: &Store, model: &str, g: &str, v: Value) -> Value {
    match (&v, store.field_type(model, g)) {
        (Value::Int(i), Some(FieldType::Many2one)) => {
            let comodel = store
                .field(model, g)
                .and_then(|f| f.relation.clone())
                .unwrap_or_default();
            Value::Array(vec![
                Value::Int(*i),
                Value::String(crate::names::display_name(store, &comodel, *i)),
            ])
        }
        _ => v,
    }
}

/// `func(fname)` over the records `members`.
pub(super) fn aggregate(
    store: &Store,
    env: &Env,
    model: &str,
    members: &[i64],
    fname: &str,
    func: &str,
) -> OResult<Value> {
    if !store.has_field(model, fname) {
        return Err(OdooError::value(format!(
            "Invalid field {} on model {}",
            str_repr(fname),
            str_repr(model)
        )));
    }
    let nums: Vec<f64> = members
        .iter()
        .filter_map(|id| {
            store
                .read_value(model, *id, fname, false, false, env)
                .as_f64()
        })
        .collect();
    let int_field = store.field_type(model, fname) == Some(FieldType::Integer);
    let num = |x: f64| {
        if int_field {
            Value::Int(x as i64)
        } else {
            Value::Double(x)
        }
    };
    Ok(match func {
        "sum" => num(nums.iter().sum()),
        "avg" => Value::Double(if nums.is_empty() {
            0.0
        } else {
            nums.iter().sum::<f64>() / nums.len() as f64
        }),
        "min" => nums
            .iter()
            .copied()
            .reduce(f64::min)
            .map_or(Value::Bool(false), num),
        "max" => nums
            .iter()
            .copied()
            .reduce(f64::max)
            .map_or(Value::Bool(false), num),
        "count" => Value::Int(
            members
                .iter()
                .filter(|id| !is_null(&store.raw(model, **id, fname)))
                .count() as i64,
        ),
        "count_distinct" => {
            let set: HashSet<String> = members
                .iter()
                .map(|id| repr(&store.raw(model, *id, fname)))
                .collect();
            Value::Int(set.len() as i64)
        }
        "bool_and" => Value::Bool(
            members
                .iter()
                .all(|id| truthy(&store.raw(model, *id, fname))),
        ),
        "bool_or" => Value::Bool(
            members
                .iter()
                .any(|id| truthy(&store.raw(model, *id, fname))),
        ),
        other => {
            return Err(OdooError::value(format!(
                "Invalid aggregate function {}.",
                str_repr(other)
            )))
        }
    })
}
