//! Writing records: `create` (defaults, magic fields), `write`, `unlink` (cascades), `copy`,
//! the seed data and `complete_name`; the checks they run are in `checks.rs`, x2many commands
//! in `x2many.rs`.

use std::collections::HashSet;

use odoo_runtime::schema::{Field, FieldType};
use odoo_runtime::{Map, Value};

use super::attachment;
use super::context;
use crate::exception::{Class, OResult, OdooError};
use crate::names::display_name;
use crate::pyrepr::{repr, str_repr};
use crate::store::{Env, Store, SUPERUSER};
use crate::values::{is_null, normalize_date, normalize_datetime, now_string, truthy};

/// The magic fields Odoo writes itself (`LOG_ACCESS_COLUMNS` and `id`).
pub(super) const MAGIC_FIELDS: &[&str] = &[
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "display_name",
];

impl Store {
    /// `create(vals_list)`.
    pub(crate) fn create(
        &mut self,
        model: &str,
        vals_list: Vec<Map>,
        env: &Env,
    ) -> OResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(vals_list.len());
        for vals in vals_list {
            self.check_read_targets(model, &vals, &["parent_id"], env)?;
            for name in vals.keys() {
                if !self.has_field(model, name) {
                    return Err(OdooError::value(format!(
                        "Invalid field {} in {}",
                        str_repr(name),
                        str_repr(model)
                    )));
                }
            }
            let mut vals = vals;
            let content = if model == attachment::IR_ATTACHMENT {
                self.attachment_content(&mut vals, true, None)?
            } else {
                None
            };
            let defaults = self.defaults(model, None, env);
            let mut full = defaults.clone();
            full.extend(vals);
            let id = self.next_id(model);
            let now = now_string();
            let mut row = Map::new();
            for magic in [
                ("create_date", Value::String(now.clone())),
                ("write_date", Value::String(now)),
            ] {
                if self.field(model, magic.0).is_some() {
                    row.insert(magic.0.into(), magic.1);
                }
            }
            for magic in ["create_uid", "write_uid"] {
                if self.field(model, magic).is_some() {
                    row.insert(magic.into(), Value::Int(env.uid));
                }
            }
            let mut x2many = Vec::new();
            for (name, value) in full {
                if MAGIC_FIELDS.contains(&name.as_str()) {
                    continue;
                }
                let Some(field) = self.field(model, &name).cloned() else {
                    continue;
                };
                if field.field_type.is_x2many() {
                    x2many.push((field, value));
                } else if stored(&field) {
                    let value = self.convert(model, &field, value)?;
                    self.place_created(&mut row, model, &field, value, &defaults, env)?;
                }
            }
            self.log(model, id);
            self.tables
                .entry(model.to_owned())
                .or_default()
                .rows
                .insert(id, row);
            if let Some(datas) = content {
                self.set_value(model, id, "datas", Value::String(datas));
            }
            self.check_contact_name(model, id)?;
            self.check_required(model, id)?;
            self.check_unique(model, id)?;
            self.check_foreign_keys(model, id)?;
            for (field, value) in x2many {
                self.apply_x2many(model, id, &field, value, env)?;
            }
            self.recompute_complete_names(model, &[id]);
            self.compute_partner_share(model, id);
            self.check_recursion(model, &[id])?;
            ids.push(id);
        }
        Ok(ids)
    }

    /// Puts a new record's value in its row: a company-dependent value for the current
    /// company (the default for the others), a translatable text in the current language and
    /// as the `en_US` text.
    fn place_created(
        &self,
        row: &mut Map,
        model: &str,
        field: &Field,
        value: Value,
        defaults: &Map,
        env: &Env,
    ) -> OResult<()> {
        let name = field.name.clone();
        if context::is_company_dependent(field) {
            let company = self.env_company(env)?;
            if let Some(d) = defaults.get(&name) {
                row.insert(name.clone(), self.convert(model, field, d.clone())?);
            }
            row.insert(context::company_key(&name, company), value);
            return Ok(());
        }
        if context::is_translated(field) {
            if let Some(lang) = self.env_lang(env)?.filter(|l| l != context::BASE_LANG) {
                row.insert(context::lang_key(&name, &lang), value.clone());
            }
        }
        row.insert(name, value);
        Ok(())
    }

    /// Default values for a new record: the schema's defaults, `active`, and the context's
    /// `default_<field>` keys. With `only`, just those fields.
    pub(crate) fn defaults(&self, model: &str, only: Option<&[String]>, env: &Env) -> Map {
        let mut out = Map::new();
        let Some(m) = self.model(model) else {
            return out;
        };
        for (name, field) in &m.fields {
            if only.is_some_and(|o| !o.iter().any(|n| n == name)) {
                continue;
            }
            if let Some(v) = env.context.get(&format!("default_{name}")) {
                out.insert(name.clone(), v.clone());
            } else if let Some(d) = &field.default {
                out.insert(name.clone(), d.clone());
            } else if (name == "active" || name == "x_active")
                && field.field_type == FieldType::Boolean
            {
                out.insert(name.clone(), Value::Bool(true));
            }
        }
        out
    }

    /// `write(vals)` on existing records.
    pub(crate) fn write(&mut self, model: &str, ids: &[i64], vals: Map, env: &Env) -> OResult<()> {
        let missing: Vec<i64> = ids
            .iter()
            .copied()
            .filter(|i| !self.exists(model, *i))
            .collect();
        if !missing.is_empty() {
            return Err(OdooError::missing(model, &missing, env.uid));
        }
        for name in vals.keys() {
            if !self.has_field(model, name) {
                return Err(OdooError::value(format!(
                    "Invalid field {} on model {}",
                    str_repr(name),
                    str_repr(model)
                )));
            }
        }
        // Writing a translation reads `env.lang`, and so does everything `res.partner`'s
        // `write` does.
        let translated = vals
            .keys()
            .any(|k| self.field(model, k).is_some_and(context::is_translated));
        if translated {
            // The cache misses the value in that language first.
            self.env_lang(env)
                .map_err(|e| e.during(OdooError::new(Class::KeyError, "lang")))?;
        } else if model == "res.partner" {
            self.env_lang(env)?;
        }
        self.check_read_targets(model, &vals, &["parent_id", "country_id"], env)?;
        let now = now_string();
        for &id in ids {
            let mut vals = vals.clone();
            let content = if model == attachment::IR_ATTACHMENT {
                let name = match self.raw(model, id, "name") {
                    Value::String(s) => Some(s),
                    _ => None,
                };
                self.attachment_content(&mut vals, false, name.as_deref())?
            } else {
                None
            };
            if let Some(datas) = content {
                self.set_value(model, id, "datas", Value::String(datas));
            }
            for (name, value) in &vals {
                if MAGIC_FIELDS.contains(&name.as_str()) {
                    continue;
                }
                let Some(field) = self.field(model, name).cloned() else {
                    continue;
                };
                if field.field_type.is_x2many() {
                    self.apply_x2many(model, id, &field, value.clone(), env)?;
                } else if stored(&field) {
                    let v = self.convert(model, &field, value.clone())?;
                    self.set_contextual(model, id, &field, v, env);
                }
            }
            if vals
                .keys()
                .any(|k| Some(k.as_str()) == self.rec_name(model) || k == "parent_id")
            {
                // A name given by the seed data no longer holds.
                self.log(model, id);
                if let Some(row) = self.tables.get_mut(model).and_then(|t| t.rows.get_mut(&id)) {
                    row.remove("display_name");
                }
            }
            if self.field(model, "write_date").is_some() {
                self.set_value(model, id, "write_date", Value::String(now.clone()));
            }
            if self.field(model, "write_uid").is_some() {
                self.set_value(model, id, "write_uid", Value::Int(env.uid));
            }
            self.check_contact_name(model, id)?;
            self.check_required(model, id)?;
            self.check_unique(model, id)?;
            self.check_foreign_keys(model, id)?;
        }
        self.recompute_complete_names(model, ids);
        if vals.contains_key("parent_id") {
            self.check_recursion(model, ids)?;
        }
        Ok(())
    }

    /// `unlink()`: removes the records and applies the `ondelete` policy of each many2one
    /// pointing at them: `cascade` removes the referencing records, `set null` empties the
    /// value, `restrict` refuses (PostgreSQL's violation, which `retrying` turns into Odoo's
    /// ValidationError). Where the policy is not known, Odoo's usual ones: `cascade` for a
    /// required many2one (one2many lines), `set null` for the others.
    pub(crate) fn unlink(&mut self, model: &str, ids: &[i64]) -> OResult<()> {
        for &id in ids {
            if self.exists(model, id) {
                self.log(model, id);
                if let Some(t) = self.tables.get_mut(model) {
                    t.rows.remove(&id);
                }
            }
        }
        // `ondelete='set null'` on the many2ones that pointed at them.
        let gone: HashSet<i64> = ids.iter().copied().collect();
        let referencing: Vec<(String, String, String, bool)> = self
            .schema
            .models
            .values()
            .flat_map(|m| {
                m.fields
                    .values()
                    .filter(|f| {
                        f.field_type == FieldType::Many2one && f.relation.as_deref() == Some(model)
                    })
                    .map(move |f| {
                        (
                            m.model.clone(),
                            f.name.clone(),
                            f.string.clone(),
                            f.required,
                        )
                    })
            })
            .collect();
        for (other, field, label, required) in referencing {
            let hits: Vec<i64> = self
                .tables
                .get(&other)
                .map(|t| {
                    t.rows
                        .iter()
                        .filter(|(_, r)| matches!(r.get(&field), Some(Value::Int(i)) if gone.contains(i)))
                        .map(|(k, _)| *k)
                        .collect()
                })
                .unwrap_or_default();
            if hits.is_empty() {
                continue;
            }
            let policy = self
                .on_delete
                .get(&(other.clone(), field.clone()))
                .map(String::as_str)
                .unwrap_or(if required { "cascade" } else { "set null" });
            if policy == "restrict" {
                let (table, target) = (other.replace('.', "_"), model.replace('.', "_"));
                let key = self
                    .tables
                    .get(&other)
                    .and_then(|t| t.rows.get(&hits[0]))
                    .and_then(|r| r.get(&field))
                    .and_then(Value::as_i64)
                    .unwrap_or_default();
                return Err(OdooError::validation(format!(
                    "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '{}' ({other})\nThanks to the following constraint: '{label}' ({field})\nHow about archiving the record instead?",
                    self.model_label(&other)
                ))
                .caused_by(OdooError::new(
                    Class::ForeignKeyViolation,
                    format!(
                        "update or delete on table \"{target}\" violates foreign key constraint \"{table}_{field}_fkey\" on table \"{table}\"\nDETAIL:  Key (id)=({key}) is still referenced from table \"{table}\".\n"
                    ),
                )));
            }
            if policy == "cascade" {
                self.unlink(&other, &hits)?;
            } else {
                for id in hits {
                    self.set_value(&other, id, &field, Value::Bool(false));
                }
            }
        }
        Ok(())
    }

    /// `copy(default)`: a new record with the stored values of each one (one2many left out).
    pub(crate) fn copy(
        &mut self,
        model: &str,
        ids: &[i64],
        default: Map,
        env: &Env,
    ) -> OResult<Vec<i64>> {
        let mut out = Vec::new();
        for &id in ids {
            let Some(row) = self.row(model, id).cloned() else {
                return Err(OdooError::missing(model, &[id], env.uid));
            };
            let mut vals = Map::new();
            for (name, value) in row {
                if MAGIC_FIELDS.contains(&name.as_str()) || name == "complete_name" {
                    continue;
                }
                match self.field(model, &name) {
                    Some(f) if f.field_type == FieldType::One2many => continue,
                    Some(f) if f.field_type == FieldType::Many2many => {
                        vals.insert(
                            name,
                            Value::Array(vec![Value::Array(vec![6.into(), 0.into(), value])]),
                        );
                    }
                    Some(_) => {
                        vals.insert(name, value);
                    }
                    None => {}
                }
            }
            vals.extend(default.clone());
            out.extend(self.create(model, vec![vals], env)?);
        }
        Ok(out)
    }

    /// Converts a written value to the stored form of the field, validating it.
    fn convert(&self, model: &str, field: &Field, value: Value) -> OResult<Value> {
        let bad = |v: &Value| {
            OdooError::value(format!(
                "Wrong value for {model}.{}: {}",
                field.name,
                repr(v)
            ))
        };
        Ok(match &field.field_type {
            FieldType::Boolean => Value::Bool(truthy(&value)),
            FieldType::Integer | FieldType::Many2oneReference => match value {
                Value::Int(i) => Value::Int(i),
                Value::Double(d) => Value::Int(d as i64),
                Value::Bool(b) => Value::Int(i64::from(b)),
                Value::Nil => Value::Int(0),
                Value::String(s) => Value::Int(
                    s.trim()
                        .parse()
                        .map_err(|_| bad(&Value::String(s.clone())))?,
                ),
                v => return Err(bad(&v)),
            },
            FieldType::Float | FieldType::Monetary => match value {
                Value::Int(i) => Value::Double(i as f64),
                Value::Double(d) => Value::Double(d),
                Value::Bool(b) => Value::Double(if b { 1.0 } else { 0.0 }),
                Value::Nil => Value::Double(0.0),
                Value::String(s) => Value::Double(
                    s.trim()
                        .parse()
                        .map_err(|_| bad(&Value::String(s.clone())))?,
                ),
                v => return Err(bad(&v)),
            },
            FieldType::Many2one => match value {
                // PostgreSQL stores a negative id, and the foreign key refuses it.
                Value::Int(i) if i != 0 => Value::Int(i),
                Value::Int(_) | Value::Nil | Value::Bool(false) => Value::Bool(false),
                Value::Array(a) if matches!(a.first(), Some(Value::Int(_))) => a[0].clone(),
                v => return Err(bad(&v)),
            },
            FieldType::Selection => {
                if is_null(&value) {
                    return Ok(Value::Bool(false));
                }
                if let Some(options) = field.selection.as_ref().filter(|o| !o.is_empty()) {
                    if !options.iter().any(|o| o.value == value) {
                        return Err(bad(&value));
                    }
                }
                value
            }
            FieldType::Date | FieldType::Datetime => match value {
                Value::Nil | Value::Bool(false) => Value::Bool(false),
                Value::String(s) if s.is_empty() => Value::Bool(false),
                // Odoo 17's `xmlrpc.client.DateTime` (see `Dialect::xmlrpc_datetime_objects`):
                // `Datetime.to_datetime` takes its `len()`, `Date.to_date` slices it.
                Value::DateTime(_) => {
                    return Err(OdooError::type_error(
                        if field.field_type == FieldType::Date {
                            "'DateTime' object is not subscriptable"
                        } else {
                            "object of type 'DateTime' has no len()"
                        },
                    ))
                }
                // `datetime.strptime(value, DATETIME_FORMAT[:len(value)-2])`: an ISO `T`
                // between the date and the time matches no format.
                Value::String(s) if field.field_type == FieldType::Datetime && s.contains('T') => {
                    const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";
                    let end = s
                        .chars()
                        .count()
                        .saturating_sub(2)
                        .min(DATETIME_FORMAT.len());
                    return Err(OdooError::value(format!(
                        "time data {} does not match format '{}'",
                        str_repr(&s),
                        &DATETIME_FORMAT[..end]
                    )));
                }
                Value::String(s) => {
                    let norm = if field.field_type == FieldType::Date {
                        normalize_date(&s)
                    } else {
                        normalize_datetime(&s)
                    };
                    match norm {
                        Some(n) => Value::String(n),
                        None => {
                            let kind = if field.field_type == FieldType::Date {
                                "date"
                            } else {
                                "datetime"
                            };
                            return Err(OdooError::value(format!(
                                "Invalid isoformat string: {} ({kind} field {model}.{})",
                                str_repr(&s),
                                field.name
                            )));
                        }
                    }
                }
                v => return Err(bad(&v)),
            },
            FieldType::Char | FieldType::Text | FieldType::Html | FieldType::Reference => {
                match value {
                    Value::Nil | Value::Bool(false) => Value::Bool(false),
                    Value::String(s) => Value::String(s),
                    Value::Int(i) => Value::String(i.to_string()),
                    Value::Double(d) => Value::String(d.to_string()),
                    Value::Bool(true) => Value::String("True".into()),
                    v => return Err(bad(&v)),
                }
            }
            FieldType::Binary => match value {
                Value::Nil | Value::Bool(false) => Value::Bool(false),
                Value::String(s) => Value::String(s),
                v @ Value::Base64(_) => crate::values::normalize_input(v),
                v => return Err(bad(&v)),
            },
            _ => value,
        })
    }

    /// Loads seed records of one model: many2one as bare ids (or pairs), many2many as id
    /// lists; one2many values are ignored (they come from the inverse many2one).
    pub(crate) fn seed(&mut self, model: &str, records: &[Value]) -> Result<(), String> {
        if !self.has_model(model) {
            return Err(format!("seed data: unknown model `{model}`"));
        }
        let mut ids = Vec::new();
        for (i, rec) in records.iter().enumerate() {
            let Value::Struct(vals) = rec else {
                return Err(format!(
                    "seed data: record #{i} of `{model}` is not an object"
                ));
            };
            let id = match vals.get("id") {
                Some(Value::Int(id)) if *id > 0 => *id,
                Some(other) => {
                    return Err(format!(
                        "seed data: record #{i} of `{model}` has an invalid id {other:?}"
                    ))
                }
                None => self.next_id(model),
            };
            let mut row = Map::new();
            for (name, value) in vals {
                if name == "id" {
                    continue;
                }
                let Some(field) = self.field(model, name) else {
                    return Err(format!("seed data: unknown field `{name}` on `{model}`"));
                };
                let value = crate::values::normalize_input(value.clone());
                match field.field_type {
                    FieldType::One2many => {}
                    FieldType::Many2one => {
                        let v = match value {
                            Value::Array(a) => a.first().cloned().unwrap_or(Value::Bool(false)),
                            v => v,
                        };
                        row.insert(name.clone(), v);
                    }
                    _ => {
                        row.insert(name.clone(), value);
                    }
                }
            }
            let row = match self.row(model, id) {
                // Later seed data completes or corrects a record given earlier.
                Some(existing) => {
                    let mut merged = existing.clone();
                    merged.extend(row);
                    merged
                }
                // A new record gets the defaults it would get from `create`.
                None => {
                    let mut full = self.defaults(model, None, &Env::new(SUPERUSER, Map::new()));
                    full.retain(|k, _| {
                        self.field(model, k)
                            .is_some_and(|f| f.store && !f.field_type.is_x2many())
                    });
                    full.extend(row);
                    full
                }
            };
            self.put_row(model, id, row);
            ids.push(id);
        }
        let needs_name: Vec<i64> = ids
            .into_iter()
            .filter(|id| !matches!(self.raw(model, *id, "complete_name"), Value::String(_)))
            .collect();
        self.recompute_complete_names(model, &needs_name);
        Ok(())
    }

    /// Recomputes `complete_name` of records and of their descendants (res.partner's
    /// "Company, Person"; `Parent / Child` elsewhere).
    fn recompute_complete_names(&mut self, model: &str, ids: &[i64]) {
        let has_complete = self.field(model, "complete_name").is_some_and(|f| f.store);
        let parent_field = self.parent_field(model);
        if !has_complete {
            return;
        }
        let mut todo: Vec<i64> = ids.to_vec();
        let mut seen = HashSet::new();
        while let Some(id) = todo.pop() {
            if !seen.insert(id) || !self.exists(model, id) {
                continue;
            }
            let name = match self.rec_name(model).map(|f| self.raw(model, id, f)) {
                Some(Value::String(s)) => s,
                _ => String::new(),
            };
            let parent = parent_field.and_then(|p| self.m2o(model, id, p));
            let complete = match parent {
                Some(p) if self.field(model, "is_company").is_some() => {
                    if truthy(&self.raw(model, id, "is_company")) {
                        name
                    } else {
                        format!("{}, {name}", self.commercial_name(model, p))
                    }
                }
                Some(p) => {
                    let pname = match self.raw(model, p, "complete_name") {
                        Value::String(s) => s,
                        _ => display_name(self, model, p),
                    };
                    format!("{pname} / {name}")
                }
                None => name,
            };
            self.set_value(model, id, "complete_name", Value::String(complete));
            if let Some(p) = parent_field {
                let children: Vec<i64> = self
                    .tables
                    .get(model)
                    .map(|t| {
                        t.rows
                            .iter()
                            .filter(|(_, r)| r.get(p) == Some(&Value::Int(id)))
                            .map(|(k, _)| *k)
                            .collect()
                    })
                    .unwrap_or_default();
                todo.extend(children);
            }
        }
    }

    /// The name of a partner's commercial entity (the first company up the parent chain).
    fn commercial_name(&self, model: &str, mut id: i64) -> String {
        let mut guard = 0;
        while guard < 64 {
            guard += 1;
            let is_company = truthy(&self.raw(model, id, "is_company"));
            match self.m2o(model, id, "parent_id") {
                Some(p) if !is_company => id = p,
                _ => break,
            }
        }
        match self.raw(model, id, "name") {
            Value::String(s) => s,
            _ => String::new(),
        }
    }
}

/// A field computed by Odoo (its `depends` is not empty): the server fills it, not the caller.
pub(super) fn is_computed(f: &Field) -> bool {
    matches!(f.extra.get("depends"), Some(serde_json::Value::Array(a)) if !a.is_empty())
}

/// Whether a value written to the field is kept: a stored field, or a company-dependent one
/// (Odoo 17's `fields_get` says `store: false` of those, kept in `ir.property` rows).
fn stored(field: &Field) -> bool {
    field.store || context::is_company_dependent(field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::tests::partner_schema;

    fn vals(v: serde_json::Value) -> Map {
        Value::from(v).as_struct().cloned().unwrap_or_default()
    }

    #[test]
    fn many2ones_name_existing_records_and_unlink_follows_ondelete() {
        let mut st = Store::new(partner_schema());
        let env = Env::new(2, Map::new());
        let parent = st
            .create(
                "res.partner",
                vec![vals(serde_json::json!({"name": "P"}))],
                &env,
            )
            .unwrap()[0];
        let err = st
            .create(
                "res.partner",
                vec![vals(serde_json::json!({"name": "K", "parent_id": 99}))],
                &env,
            )
            .unwrap_err();
        assert_eq!(err.class, Class::MissingError);
        let kid = st
            .create(
                "res.partner",
                vec![vals(serde_json::json!({"name": "K", "parent_id": parent}))],
                &env,
            )
            .unwrap()[0];
        st.on_delete.insert(
            ("res.partner".into(), "parent_id".into()),
            "restrict".into(),
        );
        let err = st
            .transaction(|s| s.unlink("res.partner", &[parent]))
            .unwrap_err();
        assert_eq!(err.class, Class::ValidationError);
        assert!(err
            .message
            .contains("Thanks to the following constraint: 'parent_id' (parent_id)"));
        assert!(st.exists("res.partner", parent));
        st.on_delete
            .insert(("res.partner".into(), "parent_id".into()), "cascade".into());
        st.unlink("res.partner", &[parent]).unwrap();
        assert!(!st.exists("res.partner", kid));
    }

    #[test]
    fn create_read_write_commands() {
        let mut st = Store::new(partner_schema());
        let env = Env::new(2, Map::new());
        st.seed(
            "res.partner.category",
            &[
                serde_json::json!({"id": 3, "name": "B"}).into(),
                serde_json::json!({"id": 7, "name": "A"}).into(),
            ],
        )
        .unwrap();
        let vals: Value = serde_json::json!({"name": "Parent", "is_company": true, "category_id": [[6, 0, [3, 7]]], "child_ids": [[0, 0, {"name": "Kid"}]]}).into();
        let ids = st
            .create("res.partner", vec![vals.as_struct().unwrap().clone()], &env)
            .unwrap();
        let rows = st
            .read(
                "res.partner",
                &ids,
                Some(&[
                    "category_id".into(),
                    "child_ids".into(),
                    "parent_id".into(),
                    "type".into(),
                ]),
                true,
                &env,
            )
            .unwrap();
        assert_eq!(
            rows[0]["category_id"],
            Value::from(vec![Value::Int(7), Value::Int(3)])
        );
        assert_eq!(rows[0]["parent_id"], Value::Bool(false));
        assert_eq!(rows[0]["type"], Value::Bool(false));
        let kid = rows[0]["child_ids"][0].as_i64().unwrap();
        assert_eq!(display_name(&st, "res.partner", kid), "Parent, Kid");
        let err = st
            .transaction(|s| {
                s.write(
                    "res.partner",
                    &ids,
                    [("parent_id".to_string(), Value::Int(kid))]
                        .into_iter()
                        .collect(),
                    &env,
                )
            })
            .unwrap_err();
        assert_eq!(
            err.message,
            "You cannot create recursive Partner hierarchies."
        );
        assert_eq!(
            st.m2o("res.partner", ids[0], "parent_id"),
            None,
            "rolled back"
        );
        let err = st
            .write("res.partner", &[999], Map::new(), &env)
            .unwrap_err();
        assert!(err
            .message
            .starts_with("Record does not exist or has been deleted."));
        let err = st
            .create(
                "res.partner",
                vec![[("type".to_string(), Value::from("nope"))]
                    .into_iter()
                    .collect()],
                &env,
            )
            .unwrap_err();
        assert_eq!(err.message, "Wrong value for res.partner.type: 'nope'");
    }
}
