//! `order` specifications (`name desc, id`): parsing, many2one expansion through the
//! comodel's `_order`, and sorting with PostgreSQL's NULL placement (last ascending, first
//! descending) and byte-wise (C collation) text comparison.

use std::cmp::Ordering;

use odoo_runtime::schema::FieldType;
use odoo_runtime::Value;

use crate::exception::{OResult, OdooError};
use crate::pyrepr::str_repr;
use crate::store::Store;

/// One sort key: follow `steps` (many2one fields) from the record, then read `field`.
#[derive(Clone, Debug)]
pub(crate) struct Term {
    steps: Vec<(String, String)>,
    model: String,
    field: String,
    desc: bool,
    nulls_first: bool,
}

#[derive(Clone, Debug, PartialEq, PartialOrd)]
enum Key {
    Bool(bool),
    Num(f64),
    Text(String),
}

fn invalid_order(spec: &str) -> OdooError {
    OdooError::user(format!(
        "Invalid \"order\" specified ({spec}). A valid \"order\" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)"
    ))
}

/// Parses an order specification for `model`, expanding many2one fields.
pub(crate) fn parse(store: &Store, model: &str, spec: &str) -> OResult<Vec<Term>> {
    let mut terms = Vec::new();
    parse_into(store, model, spec, &[], false, None, 0, &mut terms)?;
    Ok(terms)
}

#[allow(clippy::too_many_arguments)]
fn parse_into(
    store: &Store,
    model: &str,
    spec: &str,
    steps: &[(String, String)],
    reverse: bool,
    nulls: Option<bool>,
    depth: usize,
    out: &mut Vec<Term>,
) -> OResult<()> {
    if spec.trim().is_empty() {
        return Ok(());
    }
    for part in spec.split(',') {
        let words: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
        let Some(first) = part.split_whitespace().next() else {
            return Err(invalid_order(spec));
        };
        let name = first.trim_matches('"');
        let name = name.strip_suffix(".id").unwrap_or(name);
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        {
            return Err(invalid_order(spec));
        }
        let (mut desc, mut nulls_first) = (false, None);
        let rest: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        match rest.as_slice() {
            [] => {}
            ["asc"] => {}
            ["desc"] => desc = true,
            ["asc" | "desc", "nulls", which] | ["nulls", which]
                if matches!(*which, "first" | "last") =>
            {
                desc = rest[0] == "desc";
                nulls_first = Some(*which == "first");
            }
            _ => return Err(invalid_order(spec)),
        }
        let desc = desc != reverse;
        let nulls_first = nulls_first.or(nulls);
        let Some(ftype) = store.field_type(model, name) else {
            return Err(OdooError::value(format!(
                "Invalid field {} on model {}",
                str_repr(name),
                str_repr(model)
            )));
        };
        if ftype == FieldType::Many2one && depth < 3 {
            let comodel = store
                .field(model, name)
                .and_then(|f| f.relation.clone())
                .unwrap_or_default();
            if store.has_model(&comodel) {
                let mut sub_steps = steps.to_vec();
                sub_steps.push((model.to_owned(), name.to_owned()));
                let order = store.default_order(&comodel);
                parse_into(
                    store,
                    &comodel,
                    &order,
                    &sub_steps,
                    desc,
                    nulls_first,
                    depth + 1,
                    out,
                )?;
                continue;
            }
        }
        out.push(Term {
            steps: steps.to_vec(),
            model: model.to_owned(),
            field: name.to_owned(),
            desc,
            nulls_first: nulls_first.unwrap_or(desc),
        });
    }
    Ok(())
}

fn key(store: &Store, term: &Term, id: i64) -> Option<Key> {
    let mut cur = id;
    for (model, field) in &term.steps {
        cur = store.m2o(model, cur, field)?;
    }
    if !store.exists(&term.model, cur) {
        return None;
    }
    let ftype = store.field_type(&term.model, &term.field)?;
    if term.field == "display_name" {
        return Some(Key::Text(crate::names::display_name(
            store,
            &term.model,
            cur,
        )));
    }
    match (ftype, store.raw(&term.model, cur, &term.field)) {
        (FieldType::Boolean, v) => Some(Key::Bool(crate::values::truthy(&v))),
        (_, Value::Int(i)) => Some(Key::Num(i as f64)),
        (_, Value::Double(d)) => Some(Key::Num(d)),
        (_, Value::String(s)) => Some(Key::Text(s)),
        (_, Value::Bool(true)) => Some(Key::Bool(true)),
        _ => None,
    }
}

fn compare(a: &[Option<Key>], b: &[Option<Key>], terms: &[Term]) -> Ordering {
    for ((ka, kb), t) in a.iter().zip(b).zip(terms) {
        let ord = match (ka, kb) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => {
                if t.nulls_first {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (Some(_), None) => {
                if t.nulls_first {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            (Some(x), Some(y)) => {
                let o = x.partial_cmp(y).unwrap_or(Ordering::Equal);
                if t.desc {
                    o.reverse()
                } else {
                    o
                }
            }
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Sorts ids by terms; ties keep the incoming order.
pub(crate) fn sort(store: &Store, ids: &mut Vec<i64>, terms: &[Term]) {
    if terms.is_empty() || ids.len() < 2 {
        return;
    }
    let mut keyed: Vec<(i64, Vec<Option<Key>>)> = ids
        .iter()
        .map(|&id| (id, terms.iter().map(|t| key(store, t, id)).collect()))
        .collect();
    keyed.sort_by(|a, b| compare(&a.1, &b.1, terms));
    *ids = keyed.into_iter().map(|(id, _)| id).collect();
}

/// Sorts ids by the model's default order (how x2many values are listed).
pub(crate) fn sort_default(store: &Store, model: &str, ids: &mut Vec<i64>) {
    if ids.len() < 2 {
        return;
    }
    let spec = store.default_order(model);
    let terms = parse(store, model, &spec).unwrap_or_default();
    ids.sort_unstable();
    sort(store, ids, &terms);
}
