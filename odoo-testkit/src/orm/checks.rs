//! The integrity checks `create` and `write` run on a record: required fields (Odoo's NOT NULL
//! violation), a contact's name, many2one targets (the foreign keys), the records a write reads,
//! and recursion in parent links.

use std::collections::HashSet;

use odoo_runtime::schema::{Field, FieldType};
use odoo_runtime::{Map, Value};

use super::write::{is_computed, MAGIC_FIELDS};
use crate::exception::{Class, OResult, OdooError};
use crate::store::{Env, Store};
use crate::values::is_null;

impl Store {
    /// Odoo's NOT NULL violation, reported on the first missing required field (many2one
    /// fields first, as they usually come first in a model's columns). Fields Odoo computes
    /// (a non-empty `depends`) are left out, and so are selection, numeric and boolean fields,
    /// whose Odoo defaults a schema does not carry; give those with
    /// `TestServerBuilder::default_value` or `Field::default`.
    pub(super) fn check_required(&self, model: &str, id: i64) -> OResult<()> {
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

    /// `res.partner`'s `check_name` constraint, `CHECK((type='contact' AND name IS NOT NULL)
    /// OR type!='contact')`, and its message; a user without a partner meets it first, in
    /// the partner Odoo makes for it.
    pub(super) fn check_contact_name(&self, model: &str, id: i64) -> OResult<()> {
        let empty = |m: &str| {
            let name = self.raw(m, id, "name");
            is_null(&name) || name == Value::String(String::new())
        };
        let refused = match model {
            "res.partner" => self.raw(model, id, "type") == Value::from("contact") && empty(model),
            "res.users" => self.m2o(model, id, "partner_id").is_none() && empty(model),
            _ => false,
        };
        if !refused {
            return Ok(());
        }
        Err(
            OdooError::validation("The operation cannot be completed: Contacts require a name")
                .caused_by(OdooError::new(
                    Class::CheckViolation,
                    "new row for relation \"res_partner\" violates check constraint \"res_partner_check_name\"",
                )),
        )
    }

    /// The foreign keys of many2one columns: each value names a record of the comodel, or
    /// `retrying` turns PostgreSQL's violation into Odoo's ValidationError (worded for a
    /// delete, whatever the statement). A comodel the store holds no record of (one the
    /// schema knows but the seed did not fill) is not checked.
    pub(super) fn check_foreign_keys(&self, model: &str, id: i64) -> OResult<()> {
        let Some(m) = self.model(model) else {
            return Ok(());
        };
        let mut fields: Vec<&Field> = m
            .fields
            .values()
            .filter(|f| f.field_type == FieldType::Many2one && f.store)
            .collect();
        fields.sort_by(|a, b| a.name.cmp(&b.name));
        for f in fields {
            let Value::Int(target) = self.raw(model, id, &f.name) else {
                continue;
            };
            let Some(comodel) = f.relation.as_deref() else {
                continue;
            };
            let held = self.tables.get(comodel).is_some_and(|t| !t.rows.is_empty());
            if target == 0 || !held || self.exists(comodel, target) {
                continue;
            }
            let table = model.replace('.', "_");
            return Err(OdooError::validation(format!(
                "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '{}' ({model})\nThanks to the following constraint: '{}' ({})\nHow about archiving the record instead?",
                self.model_label(model),
                f.string,
                f.name
            ))
            .caused_by(OdooError::new(
                Class::ForeignKeyViolation,
                format!(
                    "insert or update on table \"{table}\" violates foreign key constraint \"{table}_{}_fkey\"\nDETAIL:  Key ({})=({target}) is not present in table \"{}\".\n",
                    f.name,
                    f.name,
                    comodel.replace('.', "_")
                ),
            )));
        }
        Ok(())
    }

    /// Many2ones a model's own `create`/`write` reads before the row is flushed: a missing
    /// target is then a `MissingError` (`res.partner` syncs from its parent on both, and
    /// reads its country on `write`).
    pub(super) fn check_read_targets(
        &self,
        model: &str,
        vals: &Map,
        fields: &[&str],
        env: &Env,
    ) -> OResult<()> {
        if model != "res.partner" {
            return Ok(());
        }
        for name in fields {
            let (Some(Value::Int(target)), Some(f)) = (vals.get(*name), self.field(model, name))
            else {
                continue;
            };
            let Some(comodel) = f.relation.as_deref() else {
                continue;
            };
            let held = self.tables.get(comodel).is_some_and(|t| !t.rows.is_empty());
            if *target > 0 && held && !self.exists(comodel, *target) {
                return Err(OdooError::missing(comodel, &[*target], env.uid));
            }
        }
        Ok(())
    }

    /// The recursion guard of hierarchies (`_check_recursion`, `_parent_store_update`).
    pub(super) fn check_recursion(&self, model: &str, ids: &[i64]) -> OResult<()> {
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
}
