//! The in-memory database: one table of records per model, read and written with Odoo's
//! semantics (value forms, defaults, x2many commands, required fields, recursion guards).

use std::collections::{BTreeMap, HashMap, HashSet};

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Map, Value};

use crate::exception::{Class, OResult, OdooError};
use crate::pyrepr::{repr, str_repr};
use crate::values::{human_size, is_null, normalize_date, normalize_datetime, now_string, truthy};

/// The superuser id (`odoo.SUPERUSER_ID`).
pub(crate) const SUPERUSER: i64 = 1;

/// The magic fields Odoo writes itself (`LOG_ACCESS_COLUMNS` and `id`).
const MAGIC_FIELDS: &[&str] = &[
    "id",
    "create_uid",
    "create_date",
    "write_uid",
    "write_date",
    "display_name",
];

/// One model's records: stored values by field name (many2one as a bare id, many2many as an
/// id list; one2many is not stored, it is computed from the inverse many2one).
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub(crate) rows: BTreeMap<i64, Map>,
    pub(crate) next_id: i64,
}

/// Who calls and with which context.
#[derive(Clone, Debug)]
pub(crate) struct Env {
    pub(crate) uid: i64,
    pub(crate) context: Map,
}

impl Env {
    pub(crate) fn new(uid: i64, context: Map) -> Env {
        Env { uid, context }
    }

    /// `active_test` of the context (true unless set to a falsy value).
    pub(crate) fn active_test(&self) -> bool {
        self.context.get("active_test").map_or(true, truthy)
    }
}

/// The database behind a test server.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) schema: Schema,
    pub(crate) tables: HashMap<String, Table>,
    pub(crate) meta: crate::meta::MetaIds,
    /// The access-control list (`ir.model.access`); empty: the simple default rules.
    pub(crate) acl: Vec<crate::access::Rule>,
    /// Rows changed in the current call, with their previous state, to roll back on error.
    undo: Vec<(String, i64, Option<Map>)>,
    in_transaction: bool,
}

impl Store {
    pub(crate) fn new(mut schema: Schema) -> Store {
        crate::meta::ensure_meta_models(&mut schema);
        crate::methods::ensure_model_data(&mut schema);
        Store {
            schema,
            tables: HashMap::new(),
            meta: Default::default(),
            acl: Vec::new(),
            undo: Vec::new(),
            in_transaction: false,
        }
    }

    // ----- transactions -----

    /// Runs `f` as one transaction: every row it changed is put back when it fails.
    pub(crate) fn transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> OResult<T>,
    ) -> OResult<T> {
        self.undo.clear();
        self.in_transaction = true;
        let result = f(self);
        self.in_transaction = false;
        if result.is_err() {
            let undo = std::mem::take(&mut self.undo);
            for (model, id, previous) in undo.into_iter().rev() {
                let table = self.tables.entry(model).or_default();
                match previous {
                    Some(row) => {
                        table.rows.insert(id, row);
                    }
                    None => {
                        table.rows.remove(&id);
                    }
                }
            }
        }
        self.undo.clear();
        result
    }

    fn log(&mut self, model: &str, id: i64) {
        if self.in_transaction {
            let previous = self
                .tables
                .get(model)
                .and_then(|t| t.rows.get(&id))
                .cloned();
            self.undo.push((model.to_owned(), id, previous));
        }
    }

    // ----- schema lookups -----

    pub(crate) fn model(&self, name: &str) -> Option<&Model> {
        self.schema.models.get(name)
    }

    pub(crate) fn has_model(&self, name: &str) -> bool {
        self.schema.models.contains_key(name)
    }

    /// The field `name` of `model` (`id` always exists).
    pub(crate) fn field(&self, model: &str, name: &str) -> Option<&Field> {
        self.model(model).and_then(|m| m.fields.get(name))
    }

    pub(crate) fn has_field(&self, model: &str, name: &str) -> bool {
        name == "id" || self.field(model, name).is_some()
    }

    pub(crate) fn field_type(&self, model: &str, name: &str) -> Option<FieldType> {
        if name == "id" {
            return Some(FieldType::Integer);
        }
        self.field(model, name).map(|f| f.field_type.clone())
    }

    /// The model's label, e.g. `Contact`.
    pub(crate) fn model_label(&self, model: &str) -> String {
        self.model(model)
            .map(|m| m.name.clone())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| model.to_owned())
    }

    /// The archiving field (`active`, or `x_active` on custom models), when there is one.
    pub(crate) fn active_field(&self, model: &str) -> Option<&'static str> {
        ["active", "x_active"].into_iter().find(|f| {
            self.field(model, f)
                .is_some_and(|f| f.field_type == FieldType::Boolean)
        })
    }

    /// The default order of a model (`_order`).
    pub(crate) fn default_order(&self, model: &str) -> String {
        self.model(model)
            .and_then(|m| m.order.clone())
            .unwrap_or_else(|| "id".into())
    }

    // ----- rows -----

    pub(crate) fn exists(&self, model: &str, id: i64) -> bool {
        self.tables
            .get(model)
            .is_some_and(|t| t.rows.contains_key(&id))
    }

    pub(crate) fn row(&self, model: &str, id: i64) -> Option<&Map> {
        self.tables.get(model).and_then(|t| t.rows.get(&id))
    }

    /// All ids of a model, ascending.
    pub(crate) fn all_ids(&self, model: &str) -> Vec<i64> {
        self.tables
            .get(model)
            .map(|t| t.rows.keys().copied().collect())
            .unwrap_or_default()
    }

    /// The stored value of a field (`Nil` when never set); `id` is the record's id.
    pub(crate) fn raw(&self, model: &str, id: i64, field: &str) -> Value {
        if field == "id" {
            return Value::Int(id);
        }
        self.row(model, id)
            .and_then(|r| r.get(field))
            .cloned()
            .unwrap_or(Value::Nil)
    }

    /// The id a many2one holds, if any.
    pub(crate) fn m2o(&self, model: &str, id: i64, field: &str) -> Option<i64> {
        match self.raw(model, id, field) {
            Value::Int(i) if i > 0 => Some(i),
            _ => None,
        }
    }

    /// Whether the record is active (models without an active field: always).
    pub(crate) fn is_active(&self, model: &str, id: i64) -> bool {
        match self.active_field(model) {
            Some(f) => truthy(&self.raw(model, id, f)),
            None => true,
        }
    }

    /// Inserts or replaces a row as is (seeding). Keeps `next_id` past it.
    pub(crate) fn put_row(&mut self, model: &str, id: i64, row: Map) {
        self.log(model, id);
        let table = self
            .tables
            .entry(model.to_owned())
            .or_insert_with(|| Table {
                rows: BTreeMap::new(),
                next_id: 1,
            });
        table.rows.insert(id, row);
        if table.next_id <= id {
            table.next_id = id + 1;
        }
    }

    fn set_value(&mut self, model: &str, id: i64, field: &str, value: Value) {
        self.log(model, id);
        if let Some(row) = self.tables.get_mut(model).and_then(|t| t.rows.get_mut(&id)) {
            row.insert(field.to_owned(), value);
        }
    }

    fn next_id(&mut self, model: &str) -> i64 {
        let table = self
            .tables
            .entry(model.to_owned())
            .or_insert_with(|| Table {
                rows: BTreeMap::new(),
                next_id: 1,
            });
        let id = table.next_id.max(1);
        table.next_id = id + 1;
        id
    }

    // ----- names -----

    /// The field that names records (`_rec_name`).
    pub(crate) fn rec_name(&self, model: &str) -> Option<&'static str> {
        ["name", "x_name"]
            .into_iter()
            .find(|f| self.field(model, f).is_some())
    }

    /// `display_name`: the complete name, or the name, or `model,id`.
    pub(crate) fn display_name(&self, model: &str, id: i64) -> String {
        crate::names::display_name(self, model, id)
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
                        _ => self.display_name(model, p),
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

    /// The many2one to the model itself that makes a hierarchy (`_parent_name`).
    pub(crate) fn parent_field(&self, model: &str) -> Option<&'static str> {
        let f = self.field(model, "parent_id")?;
        (f.field_type == FieldType::Many2one && f.relation.as_deref() == Some(model))
            .then_some("parent_id")
    }

    // ----- x2many -----

    /// The ids an x2many field links a record to, in storage order, keeping only existing
    /// (and, with `active_only`, active) comodel records.
    pub(crate) fn linked(
        &self,
        model: &str,
        id: i64,
        field: &Field,
        active_only: bool,
    ) -> Vec<i64> {
        let Some(comodel) = field.relation.as_deref() else {
            return Vec::new();
        };
        let ids: Vec<i64> = match field.field_type {
            FieldType::One2many => {
                let Some(inverse) = field.relation_field.as_deref() else {
                    return Vec::new();
                };
                self.tables
                    .get(comodel)
                    .map(|t| {
                        t.rows
                            .iter()
                            .filter(|(_, r)| r.get(inverse) == Some(&Value::Int(id)))
                            .map(|(k, _)| *k)
                            .collect()
                    })
                    .unwrap_or_default()
            }
            FieldType::Many2many => match self.raw(model, id, &field.name) {
                Value::Array(a) => a
                    .iter()
                    .filter_map(Value::as_i64)
                    .filter(|i| self.exists(comodel, *i))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        if active_only {
            ids.into_iter()
                .filter(|i| self.is_active(comodel, *i))
                .collect()
        } else {
            ids
        }
    }

    // ----- read -----

    /// `read(fields, load)`: existing records only, in the order of `ids`.
    pub(crate) fn read(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
        classic: bool,
        env: &Env,
    ) -> OResult<Vec<Value>> {
        let names: Vec<String> = match fields {
            Some(f) if !f.is_empty() => {
                for name in f {
                    if !self.has_field(model, name) {
                        // `raise ValueError(…) from KeyError`.
                        return Err(OdooError::value(format!(
                            "Invalid field {} on {}",
                            str_repr(name),
                            str_repr(model)
                        ))
                        .caused_by(OdooError::new(Class::KeyError, name.as_str())));
                    }
                }
                f.to_vec()
            }
            _ => {
                let mut all: Vec<String> = vec!["id".into()];
                if let Some(m) = self.model(model) {
                    all.extend(m.fields.keys().filter(|k| k.as_str() != "id").cloned());
                }
                all
            }
        };
        let bin_size = env.context.get("bin_size").is_some_and(truthy);
        // Deleted records are left out; an id given twice is read twice, as Odoo does.
        let mut out = Vec::new();
        for &id in ids {
            if !self.exists(model, id) {
                continue;
            }
            let mut rec = Map::new();
            rec.insert("id".into(), Value::Int(id));
            for name in &names {
                if name == "id" {
                    continue;
                }
                rec.insert(
                    name.clone(),
                    self.read_value(model, id, name, classic, bin_size, env),
                );
            }
            out.push(Value::Struct(rec));
        }
        Ok(out)
    }

    /// One field of one record, in the form `read` returns it.
    pub(crate) fn read_value(
        &self,
        model: &str,
        id: i64,
        name: &str,
        classic: bool,
        bin_size: bool,
        env: &Env,
    ) -> Value {
        if name == "id" {
            return Value::Int(id);
        }
        if name == "display_name" {
            return Value::String(self.display_name(model, id));
        }
        let Some(field) = self.field(model, name) else {
            return Value::Bool(false);
        };
        let raw = self.raw(model, id, name);
        match &field.field_type {
            FieldType::Boolean => Value::Bool(truthy(&raw)),
            FieldType::Integer | FieldType::Many2oneReference => match raw {
                Value::Int(i) => Value::Int(i),
                Value::Double(d) => Value::Int(d as i64),
                _ => Value::Int(0),
            },
            FieldType::Float | FieldType::Monetary => match raw {
                Value::Int(i) => Value::Double(i as f64),
                Value::Double(d) => Value::Double(d),
                _ => Value::Double(0.0),
            },
            FieldType::Many2one => match raw {
                Value::Int(i) if i > 0 => {
                    if classic {
                        let comodel = field.relation.as_deref().unwrap_or_default();
                        let name = if self.has_model(comodel) && self.exists(comodel, i) {
                            self.display_name(comodel, i)
                        } else {
                            format!("{comodel},{i}")
                        };
                        Value::Array(vec![Value::Int(i), Value::String(name)])
                    } else {
                        Value::Int(i)
                    }
                }
                _ => Value::Bool(false),
            },
            FieldType::One2many | FieldType::Many2many => {
                let comodel = field.relation.as_deref().unwrap_or_default();
                let mut ids = self.linked(model, id, field, env.active_test());
                crate::order::sort_default(self, comodel, &mut ids);
                Value::Array(ids.into_iter().map(Value::Int).collect())
            }
            FieldType::Binary => match raw {
                Value::String(s) if !s.is_empty() => {
                    if bin_size {
                        human_size(base64_len(&s))
                    } else {
                        Value::String(s)
                    }
                }
                _ => Value::Bool(false),
            },
            FieldType::Properties => match raw {
                Value::Nil | Value::Bool(false) => Value::Array(Vec::new()),
                v => v,
            },
            FieldType::Json | FieldType::PropertiesDefinition => match raw {
                Value::Nil => Value::Bool(false),
                v => v,
            },
            _ => match raw {
                Value::String(s) if !s.is_empty() => Value::String(s),
                Value::Nil | Value::Bool(false) | Value::String(_) => Value::Bool(false),
                v => v,
            },
        }
    }

    // ----- create / write -----

    /// `create(vals_list)`.
    pub(crate) fn create(
        &mut self,
        model: &str,
        vals_list: Vec<Map>,
        env: &Env,
    ) -> OResult<Vec<i64>> {
        let mut ids = Vec::with_capacity(vals_list.len());
        for vals in vals_list {
            for name in vals.keys() {
                if !self.has_field(model, name) {
                    return Err(OdooError::value(format!(
                        "Invalid field {} in {}",
                        str_repr(name),
                        str_repr(model)
                    )));
                }
            }
            let mut full = self.defaults(model, None, env);
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
                } else if field.store {
                    row.insert(name, self.convert(model, &field, value)?);
                }
            }
            self.log(model, id);
            self.tables
                .entry(model.to_owned())
                .or_default()
                .rows
                .insert(id, row);
            self.check_required(model, id)?;
            for (field, value) in x2many {
                self.apply_x2many(model, id, &field, value, env)?;
            }
            self.recompute_complete_names(model, &[id]);
            self.check_recursion(model, &[id])?;
            ids.push(id);
        }
        Ok(ids)
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
        let now = now_string();
        for &id in ids {
            for (name, value) in &vals {
                if MAGIC_FIELDS.contains(&name.as_str()) {
                    continue;
                }
                let Some(field) = self.field(model, name).cloned() else {
                    continue;
                };
                if field.field_type.is_x2many() {
                    self.apply_x2many(model, id, &field, value.clone(), env)?;
                } else if field.store {
                    let v = self.convert(model, &field, value.clone())?;
                    self.set_value(model, id, name, v);
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
            self.check_required(model, id)?;
        }
        self.recompute_complete_names(model, ids);
        if vals.contains_key("parent_id") {
            self.check_recursion(model, ids)?;
        }
        Ok(())
    }

    /// `unlink()`: removes the records and what cascades from them (one2many children whose
    /// inverse is required); many2one values pointing at them become empty.
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
        let referencing: Vec<(String, String, bool)> = self
            .schema
            .models
            .values()
            .flat_map(|m| {
                m.fields
                    .values()
                    .filter(|f| {
                        f.field_type == FieldType::Many2one && f.relation.as_deref() == Some(model)
                    })
                    .map(move |f| (m.model.clone(), f.name.clone(), f.required))
            })
            .collect();
        for (other, field, required) in referencing {
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
            if required {
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
                Value::Int(i) if i > 0 => Value::Int(i),
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
                Value::String(s) | Value::DateTime(s) => {
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

    /// Odoo's NOT NULL violation, reported on the first missing required field (many2one
    /// fields first, as they usually come first in a model's columns). Fields Odoo computes
    /// (a non-empty `depends`) are left out, and so are selection, numeric and boolean fields,
    /// whose Odoo defaults a schema does not carry; give those with
    /// `TestServerBuilder::default_value` or `Field::default`.
    fn check_required(&self, model: &str, id: i64) -> OResult<()> {
        let Some(m) = self.model(model) else {
            return Ok(());
        };
        let mut missing: Vec<&Field> = m
            .fields
            .values()
            .filter(|f| {
                f.required
                    && f.store
                    && !f.field_type.is_x2many()
                    // Selections and numbers practically always have a default in Odoo,
                    // which a schema does not carry: only check the types that have none.
                    && matches!(
                        f.field_type,
                        FieldType::Char | FieldType::Text | FieldType::Html | FieldType::Many2one | FieldType::Date
                            | FieldType::Datetime | FieldType::Binary | FieldType::Reference
                    )
                    && !MAGIC_FIELDS.contains(&f.name.as_str())
                    && !is_computed(f)
            })
            .filter(|f| {
                let v = self.raw(model, id, &f.name);
                is_null(&v) || v == Value::String(String::new())
            })
            .collect();
        missing.sort_by_key(|f| (f.field_type != FieldType::Many2one, f.name.clone()));
        match missing.first() {
            None => Ok(()),
            // `retrying` turns PostgreSQL's NOT NULL violation into a ValidationError.
            Some(f) => Err(OdooError::validation(format!(
                "The operation cannot be completed: Missing required value for the field '{}' ({}).\nModel: '{}' ({model})\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n",
                f.string,
                f.name,
                self.model_label(model)
            ))
            .caused_by(OdooError::new(
                Class::NotNullViolation,
                format!(
                    "null value in column \"{}\" of relation \"{}\" violates not-null constraint",
                    f.name,
                    model.replace('.', "_")
                ),
            ))),
        }
    }

    /// The recursion guard of hierarchies (`_check_recursion`, `_parent_store_update`).
    fn check_recursion(&self, model: &str, ids: &[i64]) -> OResult<()> {
        let Some(parent) = self.parent_field(model) else {
            return Ok(());
        };
        for &start in ids {
            let mut seen = HashSet::new();
            let mut cur = Some(start);
            while let Some(id) = cur {
                if !seen.insert(id) {
                    return Err(if model == "res.partner" {
                        OdooError::validation("You cannot create recursive Partner hierarchies.")
                    } else if self.field(model, "parent_path").is_some() {
                        OdooError::user("Recursion Detected.")
                    } else {
                        OdooError::validation(format!(
                            "You cannot create recursive {} hierarchies.",
                            self.model_label(model)
                        ))
                    });
                }
                cur = self.m2o(model, id, parent);
            }
        }
        Ok(())
    }

    /// Applies x2many commands (or a plain id list) to one record.
    fn apply_x2many(
        &mut self,
        model: &str,
        id: i64,
        field: &Field,
        value: Value,
        env: &Env,
    ) -> OResult<()> {
        let comodel = field.relation.clone().unwrap_or_default();
        let invalid = |v: &Value| {
            OdooError::value(format!(
                "Invalid command {} for field {model}.{}",
                repr(v),
                field.name
            ))
        };
        let commands: Vec<Value> = match value {
            Value::Nil | Value::Bool(false) => vec![Value::Array(vec![5.into()])],
            Value::Array(a) if !a.is_empty() && a.iter().all(|v| matches!(v, Value::Int(_))) => {
                vec![Value::Array(vec![6.into(), 0.into(), Value::Array(a)])]
            }
            Value::Array(a) => a,
            v => return Err(invalid(&v)),
        };
        let o2m_inverse = (field.field_type == FieldType::One2many)
            .then(|| field.relation_field.clone().unwrap_or_default());
        let mut m2m: Vec<i64> = match self.raw(model, id, &field.name) {
            Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        };
        for command in commands {
            let parts = command.as_array().ok_or_else(|| invalid(&command))?;
            let code = parts
                .first()
                .and_then(Value::as_i64)
                .ok_or_else(|| invalid(&command))?;
            let arg_id = parts.get(1).and_then(Value::as_i64).unwrap_or(0);
            let vals = || -> OResult<Map> {
                match parts.get(2) {
                    Some(Value::Struct(m)) => Ok(m.clone()),
                    _ => Err(invalid(&command)),
                }
            };
            match code {
                0 => {
                    let mut v = vals()?;
                    if let Some(inverse) = &o2m_inverse {
                        v.insert(inverse.clone(), Value::Int(id));
                    }
                    let new = self.create(&comodel, vec![v], env)?;
                    if o2m_inverse.is_none() {
                        m2m.extend(new);
                    }
                }
                1 => self.write(&comodel, &[arg_id], vals()?, env)?,
                2 => {
                    self.unlink(&comodel, &[arg_id])?;
                    m2m.retain(|i| *i != arg_id);
                }
                3 => match &o2m_inverse {
                    Some(inverse) => {
                        if self.m2o(&comodel, arg_id, inverse) == Some(id) {
                            self.set_value(&comodel, arg_id, inverse, Value::Bool(false));
                        }
                    }
                    None => m2m.retain(|i| *i != arg_id),
                },
                4 => match &o2m_inverse {
                    Some(inverse) => {
                        if !self.exists(&comodel, arg_id) {
                            return Err(OdooError::missing(&comodel, &[arg_id], env.uid));
                        }
                        self.set_value(&comodel, arg_id, inverse, Value::Int(id));
                    }
                    None => {
                        if !self.exists(&comodel, arg_id) {
                            return Err(OdooError::missing(&comodel, &[arg_id], env.uid));
                        }
                        if !m2m.contains(&arg_id) {
                            m2m.push(arg_id);
                        }
                    }
                },
                5 | 6 => {
                    let keep: Vec<i64> = if code == 6 {
                        match parts.get(2) {
                            Some(Value::Array(a)) => a.iter().filter_map(Value::as_i64).collect(),
                            Some(Value::Bool(false)) | Some(Value::Nil) | None => Vec::new(),
                            _ => return Err(invalid(&command)),
                        }
                    } else {
                        Vec::new()
                    };
                    match &o2m_inverse {
                        Some(inverse) => {
                            let current = self.linked(model, id, field, false);
                            for child in current.into_iter().filter(|c| !keep.contains(c)) {
                                self.set_value(&comodel, child, inverse, Value::Bool(false));
                            }
                            for child in &keep {
                                if self.exists(&comodel, *child) {
                                    self.set_value(&comodel, *child, inverse, Value::Int(id));
                                }
                            }
                        }
                        None => {
                            let missing: Vec<i64> = keep
                                .iter()
                                .copied()
                                .filter(|k| !self.exists(&comodel, *k))
                                .collect();
                            if !missing.is_empty() {
                                return Err(OdooError::missing(&comodel, &missing, env.uid));
                            }
                            m2m.clear();
                            for k in keep {
                                if !m2m.contains(&k) {
                                    m2m.push(k);
                                }
                            }
                        }
                    }
                }
                // Odoo skips a command it does not know.
                _ => {}
            }
        }
        if o2m_inverse.is_none() {
            self.set_value(
                model,
                id,
                &field.name,
                Value::Array(m2m.into_iter().map(Value::Int).collect()),
            );
        }
        Ok(())
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
}

/// A field computed by Odoo (its `depends` is not empty): the server fills it, not the caller.
fn is_computed(f: &Field) -> bool {
    matches!(f.extra.get("depends"), Some(serde_json::Value::Array(a)) if !a.is_empty())
}

/// The decoded length of base64 text.
fn base64_len(s: &str) -> usize {
    let s = s.trim_end_matches('=');
    s.len() * 3 / 4
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use odoo_runtime::schema::SelectionOption;

    pub(crate) fn partner_schema() -> Schema {
        let mut s = Schema::new("19.0", "test");
        let mut m = Model::new("res.partner", "Contact");
        m.order = Some("complete_name ASC, id DESC".into());
        let mut add = |name: &str, t: FieldType, rel: Option<&str>| {
            let mut f = Field::new(name, t, name);
            f.relation = rel.map(str::to_owned);
            m.fields.insert(name.into(), f);
        };
        add("id", FieldType::Integer, None);
        add("name", FieldType::Char, None);
        add("complete_name", FieldType::Char, None);
        add("is_company", FieldType::Boolean, None);
        add("active", FieldType::Boolean, None);
        add("parent_id", FieldType::Many2one, Some("res.partner"));
        add(
            "category_id",
            FieldType::Many2many,
            Some("res.partner.category"),
        );
        let mut child = Field::new("child_ids", FieldType::One2many, "Contacts");
        child.relation = Some("res.partner".into());
        child.relation_field = Some("parent_id".into());
        m.fields.insert("child_ids".into(), child);
        let mut t = Field::new("type", FieldType::Selection, "Type");
        t.selection = Some(vec![SelectionOption::new("contact", "Contact")]);
        m.fields.insert("type".into(), t);
        s.insert(m);
        let mut c = Model::new("res.partner.category", "Tags");
        c.order = Some("name".into());
        c.fields
            .insert("name".into(), Field::new("name", FieldType::Char, "Name"));
        s.insert(c);
        s
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
        assert_eq!(st.display_name("res.partner", kid), "Parent, Kid");
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
