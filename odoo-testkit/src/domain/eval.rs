//! Evaluating a parsed domain over the store with the semantics of `odoo/orm/domains.py` and
//! the SQL Odoo generates (NULL handling, `any` on many2one without `active_test`, names
//! searched through `display_name`, hierarchies).

use std::collections::HashSet;

use odoo_runtime::schema::FieldType;
use odoo_runtime::Value;

use super::parse::{and, domain_repr, mentions, or, parse, Cond, Dom};
use crate::exception::{Class, OResult, OdooError};
use crate::pyrepr::repr;
use crate::store::{Scope, Store};
use crate::values::{is_null, like_match, next_day, normalize_date, normalize_datetime, truthy};

/// Evaluates domains against the store.
pub(crate) struct Evaluator<'s> {
    store: &'s Store,
    /// The company and language whose values the conditions compare.
    scope: Scope,
}

impl<'s> Evaluator<'s> {
    pub(crate) fn new(store: &'s Store) -> Evaluator<'s> {
        Evaluator {
            store,
            scope: Scope::default(),
        }
    }

    /// Compares the values `scope`'s company and language see.
    pub(crate) fn scoped(mut self, scope: Scope) -> Evaluator<'s> {
        self.scope = scope;
        self
    }

    /// `_search`: the ids of `model` matching `dom`, ascending, with the implicit active
    /// filter when `active_test` holds.
    pub(crate) fn search(&self, model: &str, dom: &Dom, active_test: bool) -> OResult<Vec<i64>> {
        self.validate(model, dom, 0)?;
        let mut cands = self.store.all_ids(model);
        if active_test {
            if let Some(active) = self.store.active_field(model) {
                if !mentions(dom, active) {
                    cands.retain(|id| self.store.is_active(model, *id));
                }
            }
        }
        self.eval(model, dom, &cands, active_test)
    }

    /// Checks fields and sub-domains the way Odoo's optimization does, before any row is read.
    fn validate(&self, model: &str, dom: &Dom, depth: usize) -> OResult<()> {
        if depth > 32 {
            return Ok(());
        }
        match dom {
            Dom::True | Dom::False => Ok(()),
            Dom::And(c) | Dom::Or(c) => c.iter().try_for_each(|d| self.validate(model, d, depth)),
            Dom::Not(d) => self.validate(model, d, depth),
            Dom::Cond(c) => {
                let (fname, rest) = match c.path.split_once('.') {
                    Some((a, b)) => (a, Some(b)),
                    None => (c.path.as_str(), None),
                };
                if !self.store.has_field(model, fname) {
                    // Raised while handling the KeyError of `model._fields[fname]`.
                    return Err(c
                        .raise(&format!("Invalid field {model}.{fname}"), Class::ValueError)
                        .during(OdooError::new(Class::KeyError, fname)));
                }
                let ftype = self.store.field_type(model, fname).unwrap_or_default();
                let comodel = self
                    .store
                    .field(model, fname)
                    .and_then(|f| f.relation.clone());
                if let Some(rest) = rest {
                    if let (true, Some(comodel)) = (ftype.is_relational(), comodel.as_deref()) {
                        let sub = Dom::Cond(Cond {
                            path: rest.to_owned(),
                            op: c.op.clone(),
                            value: c.value.clone(),
                        });
                        return self.validate(comodel, &sub, depth + 1);
                    }
                    return Err(c.raise(
                        &format!("Invalid field {model}.{}", c.path),
                        Class::ValueError,
                    ));
                }
                if c.op.starts_with("any") || c.op.starts_with("not any") {
                    let target = if fname == "id" {
                        Some(model.to_owned())
                    } else {
                        comodel
                    };
                    match (ftype.is_relational() || fname == "id", target) {
                        (true, Some(target)) => {
                            let sub = parse(&c.value)?;
                            self.validate(&target, &sub, depth + 1)?;
                        }
                        _ => {
                            // The sub-domain shows as Odoo's `Domain` shows it.
                            let shown = Cond {
                                value: Value::String(domain_repr(&parse(&c.value)?)),
                                ..c.clone()
                            };
                            return Err(OdooError::value(format!(
                                "Cannot use 'any' with non-relational fields in condition ({}, {}, {})",
                                repr(&Value::String(shown.path.clone())),
                                repr(&Value::String(shown.op.clone())),
                                crate::values::py_str(&shown.value)
                            )));
                        }
                    }
                }
                Ok(())
            }
        }
    }

    fn eval(&self, model: &str, dom: &Dom, cands: &[i64], active_test: bool) -> OResult<Vec<i64>> {
        match dom {
            Dom::True => Ok(cands.to_vec()),
            Dom::False => Ok(Vec::new()),
            Dom::And(children) => {
                let mut cur = cands.to_vec();
                for c in children {
                    if cur.is_empty() {
                        break;
                    }
                    cur = self.eval(model, c, &cur, active_test)?;
                }
                Ok(cur)
            }
            Dom::Or(children) => {
                let mut hit: HashSet<i64> = HashSet::new();
                for c in children {
                    hit.extend(self.eval(model, c, cands, active_test)?);
                }
                Ok(cands.iter().copied().filter(|i| hit.contains(i)).collect())
            }
            Dom::Not(d) => {
                let hit: HashSet<i64> = self
                    .eval(model, d, cands, active_test)?
                    .into_iter()
                    .collect();
                Ok(cands.iter().copied().filter(|i| !hit.contains(i)).collect())
            }
            Dom::Cond(c) => self.eval_cond(model, c, cands, active_test),
        }
    }

    fn eval_cond(
        &self,
        model: &str,
        c: &Cond,
        cands: &[i64],
        active_test: bool,
    ) -> OResult<Vec<i64>> {
        let store = self.store;
        let (fname, rest) = match c.path.split_once('.') {
            Some((a, b)) => (a, Some(b)),
            None => (c.path.as_str(), None),
        };
        let field = store.field(model, fname).cloned();
        let ftype = store.field_type(model, fname).unwrap_or_default();
        let comodel = field
            .as_ref()
            .and_then(|f| f.relation.clone())
            .unwrap_or_default();

        // a.b op v  <=>  a any (b op v)
        if let Some(rest) = rest {
            let sub = Dom::Cond(Cond {
                path: rest.to_owned(),
                op: c.op.clone(),
                value: c.value.clone(),
            });
            return self.eval_any(
                model,
                fname,
                &ftype,
                &comodel,
                &sub,
                true,
                cands,
                active_test,
            );
        }

        let mut op = c.op.as_str();
        let mut value = c.value.clone();
        match op {
            "=?" => {
                if !truthy(&value) {
                    return Ok(cands.to_vec());
                }
                op = "=";
            }
            "<>" => op = "!=",
            "==" => op = "=",
            _ => {}
        }
        // `_search_display_name`: the condition on each field of `_rec_names_search`.
        if fname == "display_name" && rest.is_none() {
            let fields = crate::names::search_fields(store, model);
            if !fields.is_empty() {
                let negative = matches!(op, "!=" | "not in" | "not like" | "not ilike");
                if op.ends_with("like") && !truthy(&value) && !op.contains('=') {
                    return Ok(if negative { Vec::new() } else { cands.to_vec() });
                }
                let conds: Vec<Dom> = fields
                    .into_iter()
                    .map(|f| {
                        let relational = store
                            .field_type(model, &f)
                            .is_some_and(|t| t.is_relational());
                        Dom::Cond(Cond {
                            path: if relational {
                                format!("{f}.display_name")
                            } else {
                                f
                            },
                            op: op.to_owned(),
                            value: value.clone(),
                        })
                    })
                    .collect();
                let dom = if negative { and(conds) } else { or(conds) };
                return self.eval(model, &dom, cands, active_test);
            }
        }
        if op == "child_of" || op == "parent_of" {
            return self.eval_hierarchy(
                model,
                fname,
                &ftype,
                &comodel,
                op,
                &value,
                cands,
                active_test,
                c,
            );
        }
        if matches!(op, "any" | "not any" | "any!" | "not any!") {
            let sub = parse(&value)?;
            let positive = !op.starts_with("not");
            if fname == "id" {
                let hit: HashSet<i64> = self
                    .eval(model, &sub, cands, active_test)?
                    .into_iter()
                    .collect();
                return Ok(cands
                    .iter()
                    .copied()
                    .filter(|i| hit.contains(i) == positive)
                    .collect());
            }
            return self.eval_any(
                model,
                fname,
                &ftype,
                &comodel,
                &sub,
                positive,
                cands,
                active_test,
            );
        }

        // Non-stored fields: display_name is searched on its value; others cannot be searched
        // (Odoo logs an error and ignores the condition). Company-dependent fields are
        // searched per company (17 says `store: false` of them: `ir.property` rows).
        let stored = field
            .as_ref()
            .is_none_or(|f| f.store || crate::store::is_company_dependent(f))
            || fname == "id";
        if !stored && fname != "display_name" {
            return Ok(cands.to_vec());
        }

        // Equality with a collection is `in`.
        if op == "=" || op == "!=" {
            if let Value::Array(a) = &value {
                value = if a.is_empty() {
                    Value::Array(vec![Value::Bool(false)])
                } else {
                    value.clone()
                };
                op = if op == "=" { "in" } else { "not in" };
            }
        }
        if op == "in" || op == "not in" {
            let list = match value {
                Value::Array(a) => a,
                v => vec![v],
            };
            if list.is_empty() {
                return Ok(if op == "in" {
                    Vec::new()
                } else {
                    cands.to_vec()
                });
            }
            value = Value::Array(list);
        }

        // Pattern with an empty value.
        if op.ends_with("like") && !truthy(&value) {
            let negative = op.starts_with("not");
            let result = negative == op.contains('=');
            if ftype.is_relational() || op.contains('=') {
                let sub = Cond {
                    path: c.path.clone(),
                    op: if result { "!=".into() } else { "=".into() },
                    value: Value::Bool(false),
                };
                return self.eval_cond(model, &sub, cands, active_test);
            }
            return Ok(if result { cands.to_vec() } else { Vec::new() });
        }
        if op.ends_with("like") {
            value = match value {
                Value::String(s) => Value::String(s),
                _ if op.contains('=') => {
                    return Err(c.raise("The pattern to match must be a string", Class::TypeError))
                }
                v => Value::String(py_str(&v)),
            };
        }

        // Relational fields compared with names search the comodel's display_name.
        if ftype.is_relational() {
            if (op.starts_with('<') || op.starts_with('>')) && matches!(value, Value::String(_)) {
                return Err(c.raise(
                    "Inequality not supported for relational field using a string",
                    Class::TypeError,
                ));
            }
            let has_str = match &value {
                Value::String(_) => true,
                Value::Array(a) => a.iter().any(|v| matches!(v, Value::String(_))),
                _ => false,
            };
            if op.ends_with("like") || (has_str && matches!(op, "in" | "not in" | "=" | "!=")) {
                let negative = matches!(op, "not in" | "!=" | "not like" | "not ilike");
                let positive_op = match op {
                    "not in" | "=" | "!=" => "in",
                    "not like" => "like",
                    "not ilike" => "ilike",
                    o => o,
                };
                let co_active = ftype != FieldType::Many2one && active_test;
                let ids = self.value_to_ids(&comodel, &value, positive_op, co_active)?;
                let list = Value::Array(ids.into_iter().map(Value::Int).collect());
                return self.eval_relational_in(
                    model,
                    fname,
                    &ftype,
                    &list,
                    !negative,
                    cands,
                    active_test,
                );
            }
            if matches!(op, "in" | "not in" | "=" | "!=") {
                let list = match value {
                    Value::Array(a) => Value::Array(a),
                    v => Value::Array(vec![v]),
                };
                let positive = matches!(op, "in" | "=");
                return self.eval_relational_in(
                    model,
                    fname,
                    &ftype,
                    &list,
                    positive,
                    cands,
                    active_test,
                );
            }
        }

        // Booleans: (b, 'in', [True, False]) is always true.
        if ftype == FieldType::Boolean && fname != "id" {
            if let (true, Value::Array(a)) = (matches!(op, "in" | "not in"), &value) {
                let set: HashSet<bool> = a.iter().map(bool_of).collect();
                if set.len() == 2 {
                    return Ok(if op == "in" {
                        cands.to_vec()
                    } else {
                        Vec::new()
                    });
                }
            }
        }

        // Dates and datetimes compare as normalized text; a day given to a datetime
        // comparison shifts the bound the way `_optimize_type_datetime` does.
        if matches!(ftype, FieldType::Date | FieldType::Datetime) && !op.ends_with("like") {
            if (op.starts_with('<') || op.starts_with('>')) && is_null(&value) {
                return Ok(Vec::new());
            }
            let norm = |v: &Value| -> OResult<Value> {
                match v {
                    Value::String(s) => {
                        let n = if ftype == FieldType::Date {
                            normalize_date(s)
                        } else {
                            normalize_datetime(s)
                        };
                        n.map(Value::String).ok_or_else(|| {
                            OdooError::value(format!("Invalid isoformat string: {}", repr(v)))
                        })
                    }
                    other => Ok(other.clone()),
                }
            };
            value = match value {
                Value::Array(a) => Value::Array(a.iter().map(norm).collect::<OResult<_>>()?),
                v => {
                    let is_day = matches!(&v, Value::String(s) if s.trim().len() == 10);
                    let n = norm(&v)?;
                    if ftype == FieldType::Datetime && is_day && (op == ">" || op == "<=") {
                        if let Value::String(s) = &n {
                            op = if op == ">" { ">=" } else { "<" };
                            Value::String(next_day(s).unwrap_or_else(|| s.clone()))
                        } else {
                            n
                        }
                    } else {
                        n
                    }
                }
            };
        }

        let numeric = matches!(
            ftype,
            FieldType::Integer
                | FieldType::Float
                | FieldType::Monetary
                | FieldType::Many2oneReference
                | FieldType::Boolean
        );
        let value_of = |id: i64| -> Value {
            if fname == "display_name" {
                return Value::String(crate::names::display_name(store, model, id));
            }
            let raw = store.raw_in(model, id, fname, &self.scope);
            match (&ftype, raw) {
                (FieldType::Boolean, v) => Value::Bool(truthy(&v)),
                (_, Value::Nil) | (_, Value::Bool(false)) if numeric => Value::Int(0),
                (_, Value::String(s)) if s.is_empty() => Value::Nil,
                (_, Value::Bool(false)) => Value::Nil,
                (_, v) => v,
            }
        };
        let pred: Box<dyn Fn(&Value) -> bool> = match op {
            "in" | "not in" | "=" | "!=" => {
                let list = match &value {
                    Value::Array(a) => a.clone(),
                    v => vec![v.clone()],
                };
                let has_null = list.iter().any(is_null);
                let is_bool = ftype == FieldType::Boolean;
                let positive = matches!(op, "in" | "=");
                Box::new(move |v: &Value| {
                    let found = if is_null(v) || (is_bool && *v == Value::Bool(false)) {
                        has_null || list.iter().any(|x| eq_values(v, x))
                    } else {
                        list.iter().any(|x| !is_null(x) && eq_values(v, x))
                            || (is_bool && list.iter().any(|x| !bool_of(x)) && !bool_of(v))
                    };
                    found == positive
                })
            }
            "<" | ">" | "<=" | ">=" => {
                let op = op.to_owned();
                let bound = value.clone();
                Box::new(move |v: &Value| {
                    if is_null(v) || is_null(&bound) {
                        return false;
                    }
                    match cmp_values(v, &bound) {
                        Some(o) => match op.as_str() {
                            "<" => o.is_lt(),
                            ">" => o.is_gt(),
                            "<=" => o.is_le(),
                            _ => o.is_ge(),
                        },
                        None => false,
                    }
                })
            }
            "like" | "not like" | "ilike" | "not ilike" | "=like" | "=ilike" => {
                let pattern = match &value {
                    Value::String(s) => s.clone(),
                    v => py_str(v),
                };
                let pattern = if op.starts_with('=') {
                    pattern
                } else {
                    format!("%{pattern}%")
                };
                let ci = op.contains("ilike");
                let negative = op.starts_with("not");
                Box::new(move |v: &Value| {
                    let hit = match v {
                        Value::Nil | Value::Bool(false) => false,
                        Value::String(s) => like_match(s, &pattern, ci),
                        other => like_match(&py_str(other), &pattern, ci),
                    };
                    hit != negative
                })
            }
            _ => return Err(c.raise("Invalid operator", Class::ValueError)),
        };
        Ok(cands
            .iter()
            .copied()
            .filter(|id| pred(&value_of(*id)))
            .collect())
    }

    /// `field in ids` / `not in` for relational fields (ids may hold `False`: "not set").
    #[allow(clippy::too_many_arguments)]
    fn eval_relational_in(
        &self,
        model: &str,
        fname: &str,
        ftype: &FieldType,
        list: &Value,
        positive: bool,
        cands: &[i64],
        active_test: bool,
    ) -> OResult<Vec<i64>> {
        let items = list.as_array().unwrap_or_default();
        let has_null = items.iter().any(is_null);
        let ids: HashSet<i64> = items
            .iter()
            .filter_map(Value::as_i64)
            .filter(|i| *i != 0)
            .collect();
        let store = self.store;
        let field = store.field(model, fname).cloned();
        Ok(cands
            .iter()
            .copied()
            .filter(|&id| {
                let found = match (ftype, &field) {
                    (FieldType::Many2one, _) => match store.m2o(model, id, fname) {
                        Some(t) => ids.contains(&t),
                        None => has_null,
                    },
                    (_, Some(f)) if ftype.is_x2many() => {
                        let linked = store.linked(model, id, f, active_test);
                        (linked.is_empty() && has_null) || linked.iter().any(|l| ids.contains(l))
                    }
                    _ => ids.contains(&id),
                };
                found == positive
            })
            .collect())
    }

    /// `field any domain` (or `not any`).
    #[allow(clippy::too_many_arguments)]
    fn eval_any(
        &self,
        model: &str,
        fname: &str,
        ftype: &FieldType,
        comodel: &str,
        sub: &Dom,
        positive: bool,
        cands: &[i64],
        active_test: bool,
    ) -> OResult<Vec<i64>> {
        let store = self.store;
        // many2one: the comodel is searched with active_test=False; x2many: with the context's.
        let sub_active = ftype.is_x2many() && active_test;
        let matched: HashSet<i64> = self.search(comodel, sub, sub_active)?.into_iter().collect();
        let field = store.field(model, fname).cloned();
        Ok(cands
            .iter()
            .copied()
            .filter(|&id| {
                let found = match (ftype, &field) {
                    (FieldType::Many2one, _) => store
                        .m2o(model, id, fname)
                        .is_some_and(|t| matched.contains(&t)),
                    (_, Some(f)) if ftype.is_x2many() => store
                        .linked(model, id, f, false)
                        .iter()
                        .any(|l| matched.contains(l)),
                    _ => false,
                };
                found == positive
            })
            .collect())
    }

    /// `_value_to_ids`: ids, or names searched on the comodel's display_name.
    fn value_to_ids(
        &self,
        comodel: &str,
        value: &Value,
        op: &str,
        active_test: bool,
    ) -> OResult<Vec<i64>> {
        let items: Vec<Value> = match value {
            Value::Int(i) => return Ok(if *i != 0 { vec![*i] } else { Vec::new() }),
            Value::Bool(b) => return Ok(if *b { vec![1] } else { Vec::new() }),
            Value::String(_) => vec![value.clone()],
            Value::Array(a) => a.clone(),
            other => {
                return Err(OdooError::type_error(format!(
                    "Invalid argument to get ids from {comodel}: {}",
                    repr(other)
                )))
            }
        };
        let (ints, names): (Vec<&Value>, Vec<&Value>) = items
            .iter()
            .partition(|v| matches!(v, Value::Int(_) | Value::Bool(_)));
        let mut out: Vec<i64> = ints.iter().filter_map(|v| v.as_i64()).collect();
        if names.is_empty() {
            return Ok(out);
        }
        let dom = if op == "in" {
            Dom::Cond(Cond {
                path: "display_name".into(),
                op: "in".into(),
                value: Value::Array(names.into_iter().cloned().collect()),
            })
        } else {
            or(names
                .into_iter()
                .map(|n| {
                    Dom::Cond(Cond {
                        path: "display_name".into(),
                        op: op.into(),
                        value: n.clone(),
                    })
                })
                .collect())
        };
        if !self.store.has_model(comodel) {
            return Ok(out);
        }
        out.extend(self.search(comodel, &dom, active_test)?);
        Ok(out)
    }

    #[allow(clippy::too_many_arguments)]
    fn eval_hierarchy(
        &self,
        model: &str,
        fname: &str,
        ftype: &FieldType,
        comodel: &str,
        op: &str,
        value: &Value,
        cands: &[i64],
        active_test: bool,
        c: &Cond,
    ) -> OResult<Vec<i64>> {
        let store = self.store;
        let (target_model, lookup_active, result_on_id) = match ftype {
            FieldType::Many2one if comodel == model => (model.to_owned(), false, true),
            FieldType::Many2one => (comodel.to_owned(), false, false),
            FieldType::One2many | FieldType::Many2many => (comodel.to_owned(), active_test, false),
            _ if fname == "id" => (model.to_owned(), active_test, true),
            _ => {
                return Err(c.raise(
                    &format!(
                        "Cannot execute {op} for {model}.{fname}, works only for relational fields"
                    ),
                    Class::ValueError,
                ))
            }
        };
        let parent = if target_model == model && fname != "id" && *ftype == FieldType::Many2one {
            fname.to_owned()
        } else {
            "parent_id".to_owned()
        };
        if !store.has_field(&target_model, &parent) {
            return Err(OdooError::value(format!(
                "Invalid field {target_model}.{parent}"
            )));
        }
        // Names are searched with `display_name ilike name`.
        let start = self.value_to_ids(&target_model, value, "ilike", lookup_active)?;
        if start.is_empty() {
            return Ok(Vec::new());
        }
        let mut result: HashSet<i64> = HashSet::new();
        if op == "child_of" {
            let mut frontier: Vec<i64> = start;
            let all = store.all_ids(&target_model);
            while !frontier.is_empty() {
                let fresh: Vec<i64> = frontier.into_iter().filter(|i| result.insert(*i)).collect();
                let set: HashSet<i64> = fresh.iter().copied().collect();
                frontier = all
                    .iter()
                    .copied()
                    .filter(|i| {
                        !result.contains(i)
                            && store
                                .m2o(&target_model, *i, &parent)
                                .is_some_and(|p| set.contains(&p))
                    })
                    .collect();
            }
        } else {
            for s in start {
                let mut cur = Some(s);
                while let Some(id) = cur {
                    if !store.exists(&target_model, id) || !result.insert(id) {
                        break;
                    }
                    cur = store.m2o(&target_model, id, &parent);
                }
            }
        }
        if result_on_id {
            return Ok(cands
                .iter()
                .copied()
                .filter(|i| result.contains(i))
                .collect());
        }
        let list = Value::Array(result.into_iter().map(Value::Int).collect());
        self.eval_relational_in(model, fname, ftype, &list, true, cands, active_test)
    }
}

/// Python's truthiness of a value compared with a boolean field (`str2bool` for strings).
fn bool_of(v: &Value) -> bool {
    match v {
        Value::String(s) => !matches!(
            s.to_lowercase().as_str(),
            "" | "0" | "false" | "f" | "n" | "no" | "off"
        ),
        other => truthy(other),
    }
}

/// `str(v)` in Python.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) | Value::DateTime(s) => s.clone(),
        other => repr(other),
    }
}

fn eq_values(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Double(y)) | (Value::Double(y), Value::Int(x)) => (*x as f64) == *y,
        (Value::Bool(x), Value::Int(y)) | (Value::Int(y), Value::Bool(x)) => i64::from(*x) == *y,
        (Value::Bool(x), Value::String(_)) => *x == bool_of(b),
        _ => a == b,
    }
}

fn cmp_values(a: &Value, b: &Value) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Int(_) | Value::Double(_), Value::Int(_) | Value::Double(_)) => {
            a.as_f64()?.partial_cmp(&b.as_f64()?)
        }
        (Value::String(x), Value::String(y)) => Some(x.as_str().cmp(y.as_str())),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Int(_)) => Value::Int(i64::from(*x))
            .as_f64()?
            .partial_cmp(&b.as_f64()?),
        _ => None,
    }
}
