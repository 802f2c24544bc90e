//! Odoo's calling conventions: how a [`Call`](crate::Call)'s named parameters go into
//! XML-RPC's and JSON-RPC's `execute_kw(…, model, method, args, kwargs)`.
//!
//! JSON-2 takes every parameter by name, so a `Call` names them as Odoo 19 does (`domain`,
//! `vals_list`, `vals`, `fields`…). `execute_kw` is older and the server reads some of them by
//! position: `call_kw` takes a record method's ids from `args[0]`, `create` reads its values
//! from `args[0]`, and the first parameter of `search`, `search_count` and `name_search` is
//! called `args` on Odoo ≤ 16 (and `name_search`'s on 17), so a `domain=` keyword fails there.
//! Odoo's external API documentation and every Python client therefore send these
//! positionally, and so does this table: one row per ORM method, with the parameters that go
//! by position, in order. Everything else goes by keyword. A method that is not in the table
//! keeps all its named parameters as keywords, with its ids (if given) as `args[0]`.
//!
//! The rows hold only forms that Odoo 16 to 19 all accept (checked against each version's
//! `odoo/models.py` / `odoo/orm/models.py`). Where versions come to differ, a second table
//! goes next to [`CallingConventions::ODOO_16_TO_19`] and the client picks one by the
//! server's major version.

use crate::error::Error;
use crate::value::{Map, Value};

/// Whose method it is: the records' (`self` is the records of `ids`) or the model's
/// (`@api.model`: no ids).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Receiver {
    /// `args[0]` holds the ids; a call without ids runs on no records (`[]`), as JSON-2 does.
    Records,
    /// No ids: a call that gives some is refused before it is sent.
    Model,
}

/// What goes in a positional slot that the call left out while giving a later one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fill {
    /// The slot cannot be skipped: the later parameters go by keyword instead.
    Required,
    /// `""` (the default of `name_search`'s `name`).
    EmptyString,
    /// `[]` (an empty domain).
    EmptyList,
}

impl Fill {
    fn value(self) -> Option<Value> {
        match self {
            Fill::Required => None,
            Fill::EmptyString => Some(Value::from("")),
            Fill::EmptyList => Some(Value::Array(Vec::new())),
        }
    }
}

/// One positional parameter: the name a [`Call`](crate::Call) gives it, and what fills it
/// when skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) name: &'static str,
    pub(crate) fill: Fill,
}

/// How one method is called over `execute_kw`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Convention {
    pub(crate) method: &'static str,
    pub(crate) receiver: Receiver,
    /// After the ids (for [`Receiver::Records`]), in order.
    pub(crate) positional: &'static [Slot],
}

const fn slot(name: &'static str, fill: Fill) -> Slot {
    Slot { name, fill }
}

const fn row(method: &'static str, receiver: Receiver, positional: &'static [Slot]) -> Convention {
    Convention {
        method,
        receiver,
        positional,
    }
}

use Fill::{EmptyList, EmptyString, Required};
use Receiver::{Model, Records};

/// The calling conventions of a range of server versions.
#[derive(Debug)]
pub(crate) struct CallingConventions {
    rows: &'static [Convention],
}

/// The `execute_kw` parameters of one call.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Positional {
    pub(crate) args: Vec<Value>,
    pub(crate) kwargs: Map,
}

impl CallingConventions {
    /// Odoo 16, 17, 18 and 19. The signatures behind each row (19 / 17 and 16):
    ///
    /// | method | Odoo 19 | Odoo 17, 16 |
    /// | --- | --- | --- |
    /// | `search` | `search(domain, offset, limit, order)` | `search(domain ∣ args, …)` |
    /// | `search_count` | `search_count(domain, limit)` | `search_count(domain ∣ args, …)` |
    /// | `search_read` | `search_read(domain, fields, offset, limit, order, **read_kwargs)` | the same |
    /// | `name_search` | `name_search(name, domain, operator, limit)` | `name_search(name, args, operator, limit)` |
    /// | `read` | `read(fields, load)` on records | the same |
    /// | `create` | `create(vals_list)`, read from `args[0]` by `call_kw` | the same |
    /// | `write` | `write(vals)` on records | the same |
    /// | `unlink` | `unlink()` on records | the same |
    /// | `copy` | `copy(default)` on records | the same |
    /// | `fields_get` | `fields_get(allfields, attributes)` | the same |
    /// | `default_get` | `default_get(fields)` | `default_get(fields_list)` |
    /// | `name_create` | `name_create(name)` | the same |
    /// | `read_group` | `read_group(domain, fields, groupby, offset, limit, orderby, lazy)` | the same |
    pub(crate) const ODOO_16_TO_19: CallingConventions = CallingConventions {
        rows: &[
            row("search", Model, &[slot("domain", EmptyList)]),
            row("search_count", Model, &[slot("domain", EmptyList)]),
            row("search_read", Model, &[slot("domain", EmptyList)]),
            row(
                "name_search",
                Model,
                &[slot("name", EmptyString), slot("domain", EmptyList)],
            ),
            row("read", Records, &[]),
            row("create", Model, &[slot("vals_list", Required)]),
            row("write", Records, &[slot("vals", Required)]),
            row("unlink", Records, &[]),
            row("copy", Records, &[]),
            row("fields_get", Model, &[]),
            row("default_get", Model, &[slot("fields", Required)]),
            row("name_create", Model, &[slot("name", Required)]),
            row(
                "read_group",
                Model,
                &[
                    slot("domain", EmptyList),
                    slot("fields", Required),
                    slot("groupby", Required),
                ],
            ),
        ],
    };

    /// The row of `method`, if it has one.
    pub(crate) fn of(&self, method: &str) -> Option<&'static Convention> {
        self.rows.iter().find(|r| r.method == method)
    }

    /// Every row, for tests and docs.
    #[cfg(test)]
    pub(crate) fn rows(&self) -> &'static [Convention] {
        self.rows
    }

    /// The `args` and `kwargs` of `model.method` called with these ids, named parameters and
    /// context (left out when empty).
    pub(crate) fn split(
        &self,
        model: &str,
        method: &str,
        ids: Option<&[i64]>,
        params: &[(String, Value)],
        context: Map,
    ) -> Result<Positional, Error> {
        let ids_value = |ids: &[i64]| Value::Array(ids.iter().copied().map(Value::Int).collect());
        let mut args = Vec::new();
        let mut kwargs: Map = params.iter().cloned().collect();
        match self.of(method) {
            None => {
                if let Some(ids) = ids {
                    args.push(ids_value(ids));
                }
            }
            Some(row) => {
                match (row.receiver, ids) {
                    (Receiver::Records, ids) => args.push(ids_value(ids.unwrap_or_default())),
                    (Receiver::Model, Some(_)) => {
                        return Err(Error::encode(format!(
                            "{model}.{method} is a model method: it takes no ids"
                        )))
                    }
                    (Receiver::Model, None) => {}
                }
                // The slots up to the last one given go by position, skipped ones filled.
                let last_given = row
                    .positional
                    .iter()
                    .rposition(|s| kwargs.contains_key(s.name));
                if let Some(last) = last_given {
                    for slot in &row.positional[..=last] {
                        match kwargs.remove(slot.name).or_else(|| slot.fill.value()) {
                            Some(v) => args.push(v),
                            None => break,
                        }
                    }
                }
            }
        }
        if !context.is_empty() {
            kwargs.insert("context".into(), Value::Struct(context));
        }
        Ok(Positional { args, kwargs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, Value)]) -> Vec<(String, Value)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn split(method: &str, ids: Option<&[i64]>, pairs: &[(&str, Value)]) -> Positional {
        CallingConventions::ODOO_16_TO_19
            .split("res.partner", method, ids, &params(pairs), Map::new())
            .unwrap()
    }

    fn kw(pairs: &[(&str, Value)]) -> Map {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn domain() -> Value {
        Value::from(vec![Value::from(vec![
            Value::from("is_company"),
            "=".into(),
            true.into(),
        ])])
    }

    fn list(items: &[&str]) -> Value {
        Value::Array(items.iter().map(|s| Value::from(*s)).collect())
    }

    #[test]
    fn search_sends_the_domain_by_position_and_paging_by_keyword() {
        let p = split(
            "search",
            None,
            &[
                ("domain", domain()),
                ("offset", 2.into()),
                ("limit", 5.into()),
                ("order", "name".into()),
            ],
        );
        assert_eq!(p.args, [domain()]);
        assert_eq!(
            p.kwargs,
            kw(&[
                ("offset", 2.into()),
                ("limit", 5.into()),
                ("order", "name".into())
            ])
        );
    }

    #[test]
    fn search_count_and_search_read_send_the_domain_by_position() {
        let p = split(
            "search_count",
            None,
            &[("domain", domain()), ("limit", 3.into())],
        );
        assert_eq!(p.args, [domain()]);
        assert_eq!(p.kwargs, kw(&[("limit", 3.into())]));
        let p = split(
            "search_read",
            None,
            &[("domain", domain()), ("fields", list(&["name"]))],
        );
        assert_eq!(p.args, [domain()]);
        assert_eq!(p.kwargs, kw(&[("fields", list(&["name"]))]));
    }

    #[test]
    fn search_read_without_a_domain_sends_everything_by_keyword() {
        let p = split("search_read", None, &[("fields", list(&["name"]))]);
        assert!(p.args.is_empty());
        assert_eq!(p.kwargs, kw(&[("fields", list(&["name"]))]));
    }

    #[test]
    fn read_sends_ids_first_and_fields_by_keyword() {
        let p = split("read", Some(&[9, 15]), &[("fields", list(&["name"]))]);
        assert_eq!(p.args, [Value::from(vec![Value::from(9), 15.into()])]);
        assert_eq!(p.kwargs, kw(&[("fields", list(&["name"]))]));
    }

    #[test]
    fn a_record_method_without_ids_runs_on_no_records() {
        let p = split("unlink", None, &[]);
        assert_eq!(p.args, [Value::Array(vec![])]);
        assert!(p.kwargs.is_empty());
    }

    #[test]
    fn create_sends_the_list_of_values_as_the_first_argument() {
        let vals = Value::from(vec![Value::Struct(kw(&[("name", "A".into())]))]);
        let p = split("create", None, &[("vals_list", vals.clone())]);
        assert_eq!(p.args, [vals]);
        assert!(p.kwargs.is_empty());
    }

    #[test]
    fn a_model_method_given_ids_is_refused_before_sending() {
        let e = CallingConventions::ODOO_16_TO_19
            .split("res.partner", "create", Some(&[1]), &[], Map::new())
            .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Encode);
        assert!(e.to_string().contains("res.partner.create"), "{e}");
    }

    #[test]
    fn write_sends_ids_then_values() {
        let vals = Value::Struct(kw(&[("name", "B".into())]));
        let p = split("write", Some(&[7]), &[("vals", vals.clone())]);
        assert_eq!(p.args, [Value::from(vec![Value::from(7)]), vals]);
        assert!(p.kwargs.is_empty());
    }

    #[test]
    fn copy_sends_ids_and_default_by_keyword() {
        let default = Value::Struct(kw(&[("name", "C".into())]));
        let p = split("copy", Some(&[7]), &[("default", default.clone())]);
        assert_eq!(p.args, [Value::from(vec![Value::from(7)])]);
        assert_eq!(p.kwargs, kw(&[("default", default)]));
    }

    #[test]
    fn fields_get_sends_everything_by_keyword() {
        let p = split("fields_get", None, &[("attributes", list(&["type"]))]);
        assert!(p.args.is_empty());
        assert_eq!(p.kwargs, kw(&[("attributes", list(&["type"]))]));
    }

    #[test]
    fn default_get_and_name_create_send_their_one_parameter_by_position() {
        let p = split("default_get", None, &[("fields", list(&["lang"]))]);
        assert_eq!(p.args, [list(&["lang"])]);
        let p = split("name_create", None, &[("name", "D".into())]);
        assert_eq!(p.args, [Value::from("D")]);
        assert!(p.kwargs.is_empty());
    }

    #[test]
    fn name_search_fills_a_skipped_name_when_a_domain_is_given() {
        let p = split(
            "name_search",
            None,
            &[("domain", domain()), ("limit", 5.into())],
        );
        assert_eq!(p.args, [Value::from(""), domain()]);
        assert_eq!(p.kwargs, kw(&[("limit", 5.into())]));
        let p = split("name_search", None, &[("name", "Adm".into())]);
        assert_eq!(p.args, [Value::from("Adm")]);
        assert!(p.kwargs.is_empty());
    }

    #[test]
    fn read_group_sends_domain_fields_groupby_by_position_and_the_rest_by_keyword() {
        let p = split(
            "read_group",
            None,
            &[
                ("groupby", list(&["country_id"])),
                ("fields", list(&["id:count"])),
                ("lazy", false.into()),
            ],
        );
        assert_eq!(
            p.args,
            [
                Value::Array(vec![]),
                list(&["id:count"]),
                list(&["country_id"])
            ]
        );
        assert_eq!(p.kwargs, kw(&[("lazy", false.into())]));
    }

    #[test]
    fn a_required_slot_left_out_keeps_the_later_ones_as_keywords() {
        let p = split(
            "read_group",
            None,
            &[("domain", domain()), ("groupby", list(&["country_id"]))],
        );
        assert_eq!(p.args, [domain()]);
        assert_eq!(p.kwargs, kw(&[("groupby", list(&["country_id"]))]));
    }

    #[test]
    fn an_unknown_method_keeps_named_parameters_as_keywords_and_ids_first() {
        let p = split(
            "action_confirm",
            Some(&[3]),
            &[("domain", domain()), ("x", 1.into())],
        );
        assert_eq!(p.args, [Value::from(vec![Value::from(3)])]);
        assert_eq!(p.kwargs, kw(&[("domain", domain()), ("x", 1.into())]));
        let p = split("context_get", None, &[]);
        assert!(p.args.is_empty() && p.kwargs.is_empty());
    }

    #[test]
    fn the_context_goes_by_keyword_only_when_not_empty() {
        let p = CallingConventions::ODOO_16_TO_19
            .split(
                "res.partner",
                "search",
                None,
                &params(&[("domain", domain())]),
                kw(&[("lang", "fr_FR".into())]),
            )
            .unwrap();
        assert_eq!(p.args, [domain()]);
        assert_eq!(
            p.kwargs,
            kw(&[("context", Value::Struct(kw(&[("lang", "fr_FR".into())])))])
        );
    }

    #[test]
    fn every_method_has_one_row_and_every_slot_one_name() {
        let rows = CallingConventions::ODOO_16_TO_19.rows();
        for (i, r) in rows.iter().enumerate() {
            assert!(
                rows[i + 1..].iter().all(|o| o.method != r.method),
                "{} twice",
                r.method
            );
            let mut names: Vec<_> = r.positional.iter().map(|s| s.name).collect();
            let count = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), count, "{}", r.method);
        }
    }
}
