//! The in-memory database: the schema and one table of rows per model, with transactions and
//! the lookups every layer above uses. Odoo's semantics (value forms, defaults, x2many
//! commands, required fields, recursion guards) are the ORM's, in `orm/`.

use std::collections::{BTreeMap, HashMap};

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Map, Value};

use crate::exception::OResult;
use crate::values::truthy;

/// The superuser id (`odoo.SUPERUSER_ID`).
pub(crate) const SUPERUSER: i64 = 1;

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
        self.context.get("active_test").is_none_or(truthy)
    }
}

/// The company and language whose values a read or a search sees (`orm/context.rs` takes
/// them from the context): a company-dependent field holds a value per company, a
/// translatable field a value per language, beside the plain value in the same row, under
/// keys no field can have (`field\u{1}<company>`, `field\u{2}<lang>`). The plain value is
/// the fallback: every company's default, the `en_US` text.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    pub(crate) company: Option<i64>,
    /// A language other than `en_US`.
    pub(crate) lang: Option<String>,
}

/// Whether a field holds a value per company (`company_dependent` in `fields_get`).
pub(crate) fn is_company_dependent(field: &Field) -> bool {
    field.extra.get("company_dependent") == Some(&serde_json::Value::Bool(true))
}

/// Whether a field holds a value per language (`translate` in `fields_get`).
pub(crate) fn is_translated(field: &Field) -> bool {
    field
        .extra
        .get("translate")
        .is_some_and(|t| !matches!(t, serde_json::Value::Bool(false) | serde_json::Value::Null))
}

/// The row key of a company-dependent field's value for one company.
pub(crate) fn company_key(field: &str, company: i64) -> String {
    format!("{field}\u{1}{company}")
}

/// The row key of a translatable field's value in one language (not `en_US`).
pub(crate) fn lang_key(field: &str, lang: &str) -> String {
    format!("{field}\u{2}{lang}")
}

/// One row of the access-control list: `model` may be used for `operations` by the members of
/// `group`, or by everyone when there is no group. Plain data here; `access.rs` gives it its
/// meaning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rule {
    pub(crate) model: String,
    /// The group's name as the error lists it (`Role / User`, `Sales/Administrator`).
    pub(crate) group: Option<String>,
    pub(crate) read: bool,
    pub(crate) write: bool,
    pub(crate) create: bool,
    pub(crate) unlink: bool,
}

/// A record rule (`ir.rule`): which records of `model` the members of `groups` (everyone, when
/// there is none: a global rule) may use for the operations it names, as the domain Odoo
/// writes in `domain_force`. Plain data here; `orm/rules.rs` checks and evaluates it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RecordRule {
    pub(crate) name: String,
    pub(crate) model: String,
    /// The groups' names, as [`Rule::group`] names them.
    pub(crate) groups: Vec<String>,
    /// `domain_force`, Python source (`[('company_id', 'in', company_ids)]`).
    pub(crate) domain: String,
    pub(crate) read: bool,
    pub(crate) write: bool,
    pub(crate) create: bool,
    pub(crate) unlink: bool,
}

/// A `unique` constraint of a model's table (`ir.model.constraint` of type `u` whose
/// definition is `unique (…)`): no two records hold the same values in `fields`, unless one is
/// empty (SQL's `NULL`s never collide). Plain data here; `orm/unique.rs` enforces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UniqueConstraint {
    pub(crate) model: String,
    /// The index's name (`res_currency_unique_name`), which PostgreSQL's message names.
    pub(crate) name: String,
    pub(crate) fields: Vec<String>,
    /// The message Odoo declares with it (`The currency code must be unique!`).
    pub(crate) message: String,
}

/// The stable ids of schema rows, assigned on first sight (`meta.rs` assigns them).
#[derive(Debug, Default)]
pub(crate) struct MetaIds {
    pub(crate) models: HashMap<String, i64>,
    pub(crate) fields: HashMap<(String, String), i64>,
    pub(crate) selections: HashMap<(String, String, String), i64>,
    pub(crate) next: [i64; 3],
    /// The schema changed since the tables were last built.
    pub(crate) built: bool,
}

/// The database behind a test server.
#[derive(Debug)]
pub(crate) struct Store {
    pub(crate) schema: Schema,
    pub(crate) tables: HashMap<String, Table>,
    /// The ids of the meta models' records (`meta.rs` keeps them).
    pub(crate) meta: MetaIds,
    /// The access-control list (`ir.model.access`, `access.rs` reads it); empty: the simple
    /// default rules.
    pub(crate) acl: Vec<Rule>,
    /// The record rules (`ir.rule`, `orm/rules.rs` evaluates them).
    pub(crate) record_rules: Vec<RecordRule>,
    /// The `unique` constraints (`orm/unique.rs` enforces them).
    pub(crate) unique: Vec<UniqueConstraint>,
    /// The groups of each user, by uid, as record rules name them.
    pub(crate) user_groups: HashMap<i64, Vec<String>>,
    /// The installed languages besides `en_US` (`res.lang` active; `orm/context.rs` reads it).
    pub(crate) languages: Vec<String>,
    /// The `ondelete` policy of many2one fields, where it is known (`ir.model.fields`'
    /// `on_delete`; a schema from `fields_get` lacks it): `cascade`, `set null`, `restrict`.
    pub(crate) on_delete: HashMap<(String, String), String>,
    /// Rows changed in the current call, with their previous state, to roll back on error.
    undo: Vec<(String, i64, Option<Map>)>,
    in_transaction: bool,
}

impl Store {
    /// An empty store for `schema` as it is (`meta::store` adds the meta models first).
    pub(crate) fn new(schema: Schema) -> Store {
        Store {
            schema,
            tables: HashMap::new(),
            meta: Default::default(),
            acl: Vec::new(),
            record_rules: Vec::new(),
            unique: Vec::new(),
            user_groups: HashMap::new(),
            languages: Vec::new(),
            on_delete: HashMap::new(),
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

    /// Keeps the row's previous state, to put it back if the transaction fails.
    pub(crate) fn log(&mut self, model: &str, id: i64) {
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

    /// The stored value of a field as `scope` sees it: a company's or a language's own
    /// value, else the plain one.
    pub(crate) fn raw_in(&self, model: &str, id: i64, name: &str, scope: &Scope) -> Value {
        let key = match self.field(model, name) {
            Some(f) if is_company_dependent(f) => scope.company.map(|c| company_key(name, c)),
            Some(f) if is_translated(f) => scope.lang.as_deref().map(|l| lang_key(name, l)),
            _ => None,
        };
        key.and_then(|k| self.row(model, id).and_then(|r| r.get(&k)).cloned())
            .filter(|v| !matches!(v, Value::Nil))
            .unwrap_or_else(|| self.raw(model, id, name))
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

    /// Sets one stored value of an existing row as is.
    pub(crate) fn set_value(&mut self, model: &str, id: i64, field: &str, value: Value) {
        self.log(model, id);
        if let Some(row) = self.tables.get_mut(model).and_then(|t| t.rows.get_mut(&id)) {
            row.insert(field.to_owned(), value);
        }
    }

    /// The id the next record of `model` gets.
    /// New records of `model` get `id` or more.
    pub(crate) fn number_from(&mut self, model: &str, id: i64) {
        let table = self.tables.entry(model.to_owned()).or_default();
        table.next_id = table.next_id.max(id);
    }

    pub(crate) fn next_id(&mut self, model: &str) -> i64 {
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
}
