//! `read_group` (`odoo/orm/models.py`, deprecated on Odoo 19 but served): groups of records
//! by plain fields, `lazy` (the first key only) or not, with `field`, `field:func` and
//! `name:func(field)` aggregates, `__domain`, `__context`, `orderby`, `offset`, `limit`.

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use super::bind::Bound;
use super::ctx::Ctx;
use super::group::{aggregate, buckets, shown_key};
use super::records::{opt_int, opt_str_list};
use crate::exception::{OResult, OdooError};
use crate::pyrepr::str_repr;
use crate::values::truthy;

/// One aggregate: the key of the answer, the field and the function.
struct Agg {
    key: String,
    field: String,
    func: String,
}

/// `regex_field_agg = r'(\w+)(?::(\w+)(?:\((\w+)\))?)?'`, matched at the start.
fn parse_spec(spec: &str) -> Option<(String, Option<String>, Option<String>)> {
    let word = |s: &str| -> usize {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    let n = word(spec);
    if n == 0 {
        return None;
    }
    let name = spec[..n].to_owned();
    let rest = &spec[n..];
    let Some(rest) = rest.strip_prefix(':') else {
        return Some((name, None, None));
    };
    let f = word(rest);
    if f == 0 {
        return Some((name, None, None));
    }
    let func = rest[..f].to_owned();
    let rest = &rest[f..];
    if let Some(inner) = rest.strip_prefix('(') {
        let g = word(inner);
        if g > 0 && inner[g..].starts_with(')') {
            return Some((name, Some(func), Some(inner[..g].to_owned())));
        }
    }
    Some((name, Some(func), None))
}

/// The top-level terms of a domain in prefix notation (an operator takes its operands).
fn terms(domain: &[Value]) -> Vec<Vec<Value>> {
    fn term(items: &[Value], at: &mut usize, out: &mut Vec<Value>) {
        let Some(item) = items.get(*at) else { return };
        *at += 1;
        out.push(item.clone());
        let arity = match item.as_str() {
            Some("&") | Some("|") => 2,
            Some("!") => 1,
            _ => 0,
        };
        for _ in 0..arity {
            term(items, at, out);
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    while at < domain.len() {
        let mut t = Vec::new();
        term(domain, &mut at, &mut t);
        out.push(t);
    }
    out
}

/// `Domain.AND(domains)` in Odoo's list form: one `&` less than the terms, then the terms.
fn and(parts: Vec<Vec<Value>>) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for _ in 1..parts.len() {
        out.push(Value::from("&"));
    }
    out.extend(parts.into_iter().flatten());
    Value::Array(out)
}

pub(super) fn read_group(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let (store, env, model) = (&*ctx.store, ctx.env, ctx.model);
    let groupby = match args.get("groupby") {
        Value::String(s) => vec![s],
        v => opt_str_list("groupby", &v)?.unwrap_or_default(),
    };
    let lazy = truthy(&args.get("lazy"));
    let keys: Vec<String> = if lazy {
        groupby.iter().take(1).cloned().collect()
    } else {
        groupby.clone()
    };
    for g in &keys {
        let field = g.split(':').next().unwrap_or_default();
        if !store.has_field(model, field) {
            return Err(OdooError::value(format!(
                "Invalid field {} on model {}",
                str_repr(field),
                str_repr(model)
            )));
        }
        if g.contains(':') {
            return Err(OdooError::user(
                "odoo-testkit: read_group by a date granularity is not supported",
            ));
        }
    }
    let count_key = match (lazy, keys.as_slice()) {
        (true, [one]) => format!("{one}_count"),
        _ => "__count".to_owned(),
    };
    let mut aggs = Vec::new();
    for spec in opt_str_list("fields", &args.get("fields"))?.unwrap_or_default() {
        if spec == "__count" {
            continue;
        }
        let Some((name, func, fname)) = parse_spec(&spec) else {
            return Err(OdooError::value(format!(
                "Invalid field specification {}.",
                str_repr(&spec)
            )));
        };
        // `_read_group_select`'s check of the aggregate (`READ_GROUP_AGGREGATE`), on
        // `fname:func`.
        if let Some(func) = func.as_deref().filter(|f| !AGGREGATES.contains(f)) {
            let field = fname.as_deref().unwrap_or(&name);
            return Err(OdooError::value(format!(
                "Invalid aggregate method {} for {}.",
                str_repr(func),
                str_repr(&format!("{field}:{func}"))
            )));
        }
        match (func, fname) {
            (Some(func), Some(field)) => aggs.push(Agg {
                key: name,
                field,
                func,
            }),
            (Some(func), None) => aggs.push(Agg {
                key: name.clone(),
                field: name,
                func,
            }),
            (None, _) => {
                let Some(field) = store.field(model, &name) else {
                    return Err(OdooError::value(format!(
                        "Invalid field {} on model {}",
                        str_repr(&name),
                        str_repr(model)
                    )));
                };
                // 18 and 19 call it `aggregator`, 17 `group_operator`.
                let aggregator = ["aggregator", "group_operator"]
                    .iter()
                    .find_map(|k| field.extra.get(*k).and_then(|a| a.as_str()));
                if let (true, Some(func)) = (field.store, aggregator) {
                    if !keys.contains(&name) {
                        aggs.push(Agg {
                            key: name.clone(),
                            field: name,
                            func: func.to_owned(),
                        });
                    }
                }
            }
        }
    }
    let domain = args.get("domain");
    let domain_terms = terms(domain.as_array().unwrap_or_default());
    let mut rows = Vec::new();
    for (values, members) in buckets(store, env, model, &keys, &domain)? {
        let mut row = Map::new();
        let mut parts = domain_terms.clone();
        for (g, v) in keys.iter().zip(values) {
            parts.push(vec![Value::Array(vec![
                Value::String(g.clone()),
                "=".into(),
                v.clone(),
            ])]);
            row.insert(g.clone(), shown_key(store, model, g, v));
        }
        row.insert(count_key.clone(), Value::Int(members.len() as i64));
        for a in &aggs {
            row.insert(
                a.key.clone(),
                aggregate(store, env, model, &members, &a.field, &a.func)?,
            );
        }
        row.insert("__domain".into(), and(parts));
        if lazy && groupby.len() > 1 {
            let rest = groupby[1..].iter().cloned().map(Value::String).collect();
            row.insert(
                "__context".into(),
                Value::Struct(
                    [("group_by".to_owned(), Value::Array(rest))]
                        .into_iter()
                        .collect(),
                ),
            );
        }
        rows.push(Value::Struct(row));
    }
    if let Some(order) = args
        .get("orderby")
        .as_str()
        .filter(|o| !o.trim().is_empty())
    {
        let booleans: Vec<String> = keys
            .iter()
            .filter(|k| store.field_type(model, k) == Some(FieldType::Boolean))
            .cloned()
            .collect();
        sort_rows(&mut rows, order, &count_key, &booleans);
    }
    let offset = opt_int(&args.get("offset"))?.unwrap_or(0).max(0) as usize;
    let limit = opt_int(&args.get("limit"))?;
    let mut rows: Vec<Value> = rows.into_iter().skip(offset).collect();
    if let Some(l) = limit.filter(|l| *l > 0) {
        rows.truncate(l as usize);
    }
    Ok(Value::Array(rows))
}

/// The aggregate functions of `READ_GROUP_AGGREGATE` (17 to 19) the test server computes.
const AGGREGATES: &[&str] = &[
    "sum",
    "avg",
    "max",
    "min",
    "bool_and",
    "bool_or",
    "count",
    "count_distinct",
    "array_agg",
    "recordset",
];

/// `orderby` over group keys, aggregates and the count (`__count`), each `asc` or `desc`.
/// Many2one keys compare by display name; an empty key (`false` but in the `booleans`) sorts
/// as PostgreSQL's `NULL`, after every value (last ascending, first descending).
fn sort_rows(rows: &mut [Value], order: &str, count_key: &str, booleans: &[String]) {
    let terms: Vec<(String, bool)> = order
        .split(',')
        .filter_map(|t| {
            let mut words = t.split_whitespace();
            let key = words.next()?.to_owned();
            let desc = words.next().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
            Some((
                if key == "__count" {
                    count_key.to_owned()
                } else {
                    key
                },
                desc,
            ))
        })
        .collect();
    let sort_key = |key: &str, v: Option<&Value>| -> (u8, String, f64) {
        match v {
            Some(Value::Bool(false)) if booleans.iter().any(|b| b == key) => {
                (1, String::new(), 0.0)
            }
            None | Some(Value::Bool(false)) | Some(Value::Nil) => (2, String::new(), 0.0),
            Some(Value::Array(pair)) => (
                1,
                pair.get(1)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                0.0,
            ),
            Some(Value::Int(i)) => (1, String::new(), *i as f64),
            Some(Value::Double(d)) => (1, String::new(), *d),
            Some(Value::Bool(true)) => (1, String::new(), 1.0),
            Some(other) => (1, crate::pyrepr::repr(other), 0.0),
        }
    };
    rows.sort_by(|a, b| {
        for (key, desc) in &terms {
            let (x, y) = (sort_key(key, a.get(key)), sort_key(key, b.get(key)));
            let ord =
                x.0.cmp(&y.0)
                    .then_with(|| x.1.cmp(&y.1))
                    .then_with(|| x.2.partial_cmp(&y.2).unwrap_or(std::cmp::Ordering::Equal));
            let ord = if *desc { ord.reverse() } else { ord };
            if ord != std::cmp::Ordering::Equal {
                return ord;
            }
        }
        std::cmp::Ordering::Equal
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregate_specs_as_the_regex_reads_them() {
        assert_eq!(parse_spec("color"), Some(("color".into(), None, None)));
        assert_eq!(
            parse_spec("color:sum"),
            Some(("color".into(), Some("sum".into()), None))
        );
        assert_eq!(
            parse_spec("c:max(color)"),
            Some(("c".into(), Some("max".into()), Some("color".into())))
        );
        assert_eq!(parse_spec("bad spec!"), Some(("bad".into(), None, None)));
        assert_eq!(parse_spec("!x"), None);
    }

    #[test]
    fn domains_and_as_odoo_writes_them() {
        let leaf = |f: &str| Value::from(vec![Value::from(f), "=".into(), Value::Int(1)]);
        let d = vec![Value::from("|"), leaf("a"), leaf("b"), leaf("c")];
        let t = terms(&d);
        assert_eq!(t.len(), 2);
        let mut parts = t;
        parts.push(vec![leaf("g")]);
        assert_eq!(
            and(parts),
            Value::Array(vec![
                "&".into(),
                "&".into(),
                "|".into(),
                leaf("a"),
                leaf("b"),
                leaf("c"),
                leaf("g")
            ])
        );
        assert_eq!(and(vec![vec![leaf("g")]]), Value::Array(vec![leaf("g")]));
    }
}
