//! `unique` SQL constraints (Odoo's `_sql_constraints`, `models.Constraint` on 19): a create or
//! write that would give two records the same values is PostgreSQL's `UniqueViolation`, which
//! Odoo's `retrying` reports as a `ValidationError` with the message the constraint declares:
//! `The operation cannot be completed: The currency code must be unique!`.

use odoo_runtime::Value;

use crate::exception::{Class, OResult, OdooError};
use crate::store::{Store, UniqueConstraint};
use crate::values::is_null;

/// A unique index's violation with the message its constraint declares, as `retrying`
/// reports it (PostgreSQL's first line only).
pub(crate) fn violation(message: &str, constraint: &str) -> OdooError {
    OdooError::validation(format!("The operation cannot be completed: {message}")).caused_by(
        OdooError::new(
            Class::UniqueViolation,
            format!("duplicate key value violates unique constraint \"{constraint}\""),
        ),
    )
}

/// A constraint from its `ir.model.constraint` row: `definition` is `unique (name)` or
/// `UNIQUE(country_id, code)`; every column must be a stored field of `model`.
pub(crate) fn parse(
    store: &Store,
    model: &str,
    name: &str,
    definition: &str,
    message: &str,
) -> Result<UniqueConstraint, String> {
    let here = || format!("unique constraint `{name}` on `{model}`");
    let d = definition.trim();
    let columns = d
        .get(..6)
        .filter(|k| k.eq_ignore_ascii_case("unique"))
        .map(|_| d[6..].trim())
        .and_then(|rest| rest.strip_prefix('('))
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(|| format!("{}: `{definition}` is not `unique (column, …)`", here()))?;
    let fields: Vec<String> = columns
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect();
    if !store.has_model(model) {
        return Err(format!("{}: no such model in the schema", here()));
    }
    for f in &fields {
        if !store.field(model, f).is_some_and(|f| f.store) {
            return Err(format!("{}: `{f}` is no stored field of the model", here()));
        }
    }
    Ok(UniqueConstraint {
        model: model.to_owned(),
        name: name.to_owned(),
        fields,
        message: message.to_owned(),
    })
}

/// A value as the index compares it: a many2one by its id.
fn key(v: Value) -> Value {
    match v {
        Value::Array(a) if !a.is_empty() => a.into_iter().next().unwrap_or(Value::Nil),
        v => v,
    }
}

impl Store {
    /// Checks the record `id` of `model` against the model's `unique` constraints, in the
    /// order they were given.
    pub(crate) fn check_unique(&self, model: &str, id: i64) -> OResult<()> {
        for c in self.unique.iter().filter(|c| c.model == model) {
            let values: Vec<Value> = c
                .fields
                .iter()
                .map(|f| key(self.raw(model, id, f)))
                .collect();
            if values
                .iter()
                .any(|v| is_null(v) || *v == Value::Bool(false))
            {
                continue;
            }
            let clash = self.all_ids(model).into_iter().any(|other| {
                other != id
                    && c.fields
                        .iter()
                        .zip(&values)
                        .all(|(f, v)| key(self.raw(model, other, f)) == *v)
            });
            if clash {
                return Err(violation(&c.message, &c.name));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_runtime::Map;

    fn store() -> Store {
        let mut s = Store::new(crate::store::tests::partner_schema());
        for (id, name) in [(1, "VIP"), (2, "Prospect")] {
            let mut row = Map::new();
            row.insert("name".into(), Value::String(name.into()));
            s.put_row("res.partner.category", id, row);
        }
        s.put_row("res.partner.category", 3, Map::new());
        s.put_row("res.partner.category", 4, Map::new());
        s
    }

    #[test]
    fn definitions_parse_or_say_why_not() {
        let s = store();
        let c = parse(
            &s,
            "res.partner.category",
            "tag_name_uniq",
            "unique (name)",
            "Unique!",
        )
        .unwrap();
        assert_eq!(c.fields, vec!["name".to_owned()]);
        let c = parse(&s, "res.partner", "x", "UNIQUE(name, parent_id)", "m").unwrap();
        assert_eq!(c.fields, vec!["name".to_owned(), "parent_id".to_owned()]);
        let e = parse(&s, "res.partner", "x", "CHECK (name IS NOT NULL)", "m").unwrap_err();
        assert!(e.contains("is not `unique (column, …)`"), "{e}");
        let e = parse(&s, "res.partner", "x", "unique (nope)", "m").unwrap_err();
        assert!(e.contains("`nope` is no stored field"), "{e}");
    }

    #[test]
    fn equal_values_clash_and_empty_ones_never_do() {
        let mut s = store();
        let c = parse(
            &s,
            "res.partner.category",
            "tag_name_uniq",
            "unique (name)",
            "Unique!",
        )
        .unwrap();
        s.unique.push(c);
        assert!(s.check_unique("res.partner.category", 1).is_ok());
        assert!(s.check_unique("res.partner.category", 3).is_ok());
        s.set_value(
            "res.partner.category",
            2,
            "name",
            Value::String("VIP".into()),
        );
        let e = s.check_unique("res.partner.category", 2).unwrap_err();
        assert_eq!(e.message, "The operation cannot be completed: Unique!");
        assert_eq!(e.class, Class::ValidationError);
    }
}
