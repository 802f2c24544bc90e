//! How Odoo 19 names records: the `display_name` each model computes, and the fields a search
//! on `display_name` looks in (`_rec_names_search`). The rules are those of the models in
//! `odoo/addons/base/models`; a model without a rule of its own names its records by its
//! `_rec_name` (`name`, or `x_name` for custom models).

use odoo_runtime::Value;

use crate::store::Store;

/// A model's own way of computing `display_name`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Display {
    /// The names up the `parent_id` chain, joined with ` / ` (`res.partner.category`).
    ParentPath,
    /// `{name} ({country_id.code})` (`res.country.state`).
    NameAndCountryCode,
}

const DISPLAY: &[(&str, Display)] = &[
    ("res.country.state", Display::NameAndCountryCode),
    ("res.partner.category", Display::ParentPath),
];

/// `_rec_names_search`: the fields a search on `display_name` (and `name_search`) matches.
const REC_NAMES_SEARCH: &[(&str, &[&str])] = &[
    ("ir.model", &["name", "model"]),
    ("res.country", &["name", "code"]),
    ("res.country.state", &["name", "code"]),
    ("res.currency", &["name", "full_name"]),
    (
        "res.partner",
        &["complete_name", "email", "ref", "vat", "company_registry"],
    ),
];

fn text(v: Value) -> String {
    match v {
        Value::String(s) => s,
        _ => String::new(),
    }
}

/// The `display_name` of a record.
pub(crate) fn display_name(store: &Store, model: &str, id: i64) -> String {
    if let Some(Value::String(s)) = store.row(model, id).and_then(|r| r.get("display_name")) {
        return s.clone();
    }
    let rule = DISPLAY.iter().find(|(m, _)| *m == model).map(|(_, r)| *r);
    match rule {
        Some(Display::NameAndCountryCode) => {
            let code = store
                .m2o(model, id, "country_id")
                .map(|c| text(store.raw("res.country", c, "code")))
                .unwrap_or_default();
            format!("{} ({code})", text(store.raw(model, id, "name")))
        }
        Some(Display::ParentPath) => {
            let mut names = Vec::new();
            let mut cur = Some(id);
            while let Some(i) = cur.filter(|_| names.len() < 64) {
                names.push(text(store.raw(model, i, "name")));
                cur = store.m2o(model, i, "parent_id");
            }
            names.reverse();
            names.join(" / ")
        }
        None => {
            if store.field(model, "complete_name").is_some_and(|f| f.store) {
                if let Value::String(s) = store.raw(model, id, "complete_name") {
                    return s;
                }
            }
            match store.rec_name(model) {
                Some(f) => text(store.raw(model, id, f)),
                None => format!("{model},{id}"),
            }
        }
    }
}

/// The fields a search on `display_name` of `model` matches, those the schema has.
pub(crate) fn search_fields(store: &Store, model: &str) -> Vec<String> {
    match REC_NAMES_SEARCH.iter().find(|(m, _)| *m == model) {
        Some((_, fields)) => fields
            .iter()
            .filter(|f| store.has_field(model, f))
            .map(|f| (*f).to_owned())
            .collect(),
        None => store
            .rec_name(model)
            .map(str::to_owned)
            .into_iter()
            .collect(),
    }
}
