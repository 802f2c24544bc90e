//! Checks across attributes and fields, once everything is read.

use std::collections::HashMap;

use crate::ast::{Model, Selection};
use crate::ctxt::Ctxt;

/// Odoo model names: words of letters, digits and `_`, joined by dots.
fn valid_model_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('.')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// The field names Odoo can hold: a Python identifier (a field defined in a module, letters
/// of any script: `x_prénom`) or a PostgreSQL name (a custom field, which may hold `$`). So a
/// letter or `_`, then letters, digits, `_` and `$`; never a path like `country_id.code`.
fn valid_field_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

pub fn check_model(cx: &Ctxt, model: &Model) {
    if !model.input.generics.params.is_empty() {
        cx.error_spanned_by(
            &model.input.generics,
            "`OdooModel` does not support generic parameters: a model struct stands for one Odoo model",
        );
    }
    match &model.attrs.model {
        None if model.attrs.model_written => {}
        None => cx.error_spanned_by(
            model.ident,
            "missing `#[odoo(model = \"…\")]`: name the Odoo model, e.g. `#[odoo(model = \"res.partner\")]`",
        ),
        Some(m) if !valid_model_name(&m.value.value()) => cx.error_spanned_by(
            &m.value,
            format!(
                "invalid model name `{}`; expected words of letters, digits and `_` joined by dots, e.g. `res.partner`",
                m.value.value()
            ),
        ),
        Some(_) => {}
    }

    let mut by_name: HashMap<&str, &syn::Ident> = HashMap::new();
    let mut by_handle: HashMap<String, &syn::Ident> = HashMap::new();
    for f in &model.fields {
        if f.is_skipped() {
            for (other, what) in [
                (f.attrs.name.as_ref().map(|n| &n.path), "name"),
                (f.attrs.readonly.as_ref().map(|r| &r.path), "readonly"),
            ] {
                if let Some(path) = other {
                    cx.error_spanned_by(
                        path,
                        format!("`{what}` cannot be combined with `skip`: a skipped field is not an Odoo field"),
                    );
                }
            }
            continue;
        }
        if let Some(n) = &f.attrs.name {
            if !valid_field_name(&n.value.value()) {
                cx.error_spanned_by(
                    &n.value,
                    format!(
                        "invalid Odoo field name `{}`; expected letters, digits and `_`, e.g. `partner_id`",
                        n.value.value()
                    ),
                );
                continue;
            }
        }
        let at = || -> proc_macro2::TokenStream {
            match &f.attrs.name {
                Some(n) => quote::ToTokens::to_token_stream(&n.value),
                None => quote::ToTokens::to_token_stream(f.ident),
            }
        };
        if let Some(first) = by_name.get(f.odoo_name.as_str()) {
            cx.error_spanned_by(
                at(),
                format!(
                    "duplicate Odoo field `{}` (also read by `{first}`); give one of them another `#[odoo(name = \"…\")]` or remove it",
                    f.odoo_name
                ),
            );
        } else {
            by_name.insert(&f.odoo_name, f.ident);
        }
        let handle = f.handle.to_string();
        if let Some(first) = by_handle.get(&handle) {
            cx.error_spanned_by(
                f.ident,
                format!(
                    "fields `{first}` and `{}` would both get the handle `{handle}`; rename one (keep the Odoo name with `#[odoo(name = \"…\")]`)",
                    f.ident
                ),
            );
        } else {
            by_handle.insert(handle, f.ident);
        }
    }
}

pub fn check_selection(cx: &Ctxt, sel: &Selection) {
    if !sel.input.generics.params.is_empty() {
        cx.error_spanned_by(
            &sel.input.generics,
            "`OdooSelection` does not support generic parameters",
        );
    }
    let mut other_seen: Option<&syn::Ident> = None;
    let mut values: HashMap<&str, &syn::Ident> = HashMap::new();
    let mut listed = 0;
    for v in &sel.variants {
        if let Some(other) = &v.attrs.other {
            if let Some(value) = &v.attrs.value {
                cx.error_spanned_by(
                    &value.path,
                    "`value` cannot be combined with `other`: the `other` variant holds every unlisted value",
                );
            }
            if let Some(first) = other_seen {
                cx.error_spanned_by(
                    &other.path,
                    format!("only one variant can be `#[odoo(other)]`; `{first}` already is"),
                );
            }
            other_seen = Some(v.ident);
            let one_string =
                matches!(&v.original.fields, syn::Fields::Unnamed(u) if u.unnamed.len() == 1);
            if !one_string {
                cx.error_spanned_by(
                    v.ident,
                    format!(
                        "`#[odoo(other)]` goes on a variant with one `String` field, e.g. `{}(String)`",
                        v.ident
                    ),
                );
            }
            continue;
        }
        if !matches!(v.original.fields, syn::Fields::Unit) {
            cx.error_spanned_by(
                v.original,
                format!(
                    "variant `{}` has fields; selection variants are unit variants, and one may be `#[odoo(other)] Other(String)` for unlisted values",
                    v.ident
                ),
            );
            continue;
        }
        listed += 1;
        if v.value.is_empty() {
            cx.error_spanned_by(
                v.value_lit(),
                "a selection value cannot be empty: Odoo uses `false` for no value",
            );
        } else if let Some(first) = values.get(v.value.as_str()) {
            cx.error_spanned_by(
                v.value_lit(),
                format!(
                    "duplicate selection value `{}` (also used by `{first}`)",
                    v.value
                ),
            );
        } else {
            values.insert(&v.value, v.ident);
        }
    }
    if listed == 0 {
        cx.error_spanned_by(
            sel.ident,
            "an `OdooSelection` enum needs at least one unit variant, e.g. `#[odoo(value = \"draft\")] Draft`",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(valid_model_name("res.partner"));
        assert!(valid_model_name("x_custom"));
        assert!(!valid_model_name("res..partner"));
        assert!(!valid_model_name("res partner"));
        assert!(!valid_model_name(""));
        assert!(valid_field_name("x_studio_field"));
        assert!(valid_field_name("x_prénom"));
        assert!(valid_field_name("x_名前"));
        assert!(valid_field_name("x_price$"));
        assert!(!valid_field_name("1st"));
        assert!(!valid_field_name("$x"));
        assert!(!valid_field_name(""));
        assert!(!valid_field_name("country_id.code"));
        assert!(!valid_field_name("partner id"));
    }
}
