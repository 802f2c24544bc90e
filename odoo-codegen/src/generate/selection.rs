//! Selection fields: a `#[derive(OdooSelection)]` enum per field whose values are known, with
//! the fallback variant [`ident::UNLISTED_VARIANT`] for the values the schema does not list.

use std::collections::BTreeSet;

use odoo_runtime::schema::{Field, SelectionOption};
use odoo_runtime::Value;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::{code, doc_text, docs};
use crate::ident::{self, Priority, Scope};

/// The selection field being typed.
pub(crate) struct SelectionField<'a> {
    /// The Odoo model (`res.partner`).
    pub(crate) model: &'a str,
    /// Its struct's name (`ResPartner`).
    pub(crate) model_type: &'a str,
    /// The Odoo field name (`type`).
    pub(crate) name: &'a str,
    /// The Rust field name (`type_`).
    pub(crate) rust: &'a str,
    pub(crate) field: &'a Field,
}

/// How a selection field is typed.
pub(crate) enum SelectionType {
    /// `Option<#name>`, with the enum's declaration.
    Enum { name: Ident, item: TokenStream },
    /// `Option<String>`: the values are not known (a dynamic selection, computed by a method,
    /// read from `ir.model.fields` only), or there are none.
    Text,
    /// `Option<serde_json::Value>`: values that are not strings.
    Json,
}

/// Types a selection field; an enum name is claimed in `enum_scope`.
pub(crate) fn selection_type(
    s: &SelectionField<'_>,
    enum_scope: &mut Scope,
    warnings: &mut Vec<String>,
) -> SelectionType {
    // Keep the first of duplicated values.
    let mut seen = BTreeSet::new();
    let mut options: Vec<&SelectionOption> = Vec::new();
    for o in s.field.selection.iter().flatten() {
        if matches!(&o.value, Value::String(v) if v.is_empty()) {
            // Odoo reads "no value" as `false`; an empty value cannot be told apart from it.
            warnings.push(format!(
                "`{}.{}` lists the empty selection value: left out",
                s.model, s.name
            ));
            continue;
        }
        let key = format!("{:?}", o.value);
        if seen.insert(key) {
            options.push(o);
        } else {
            warnings.push(format!(
                "`{}.{}` lists the selection value {:?} twice: the first is kept",
                s.model,
                s.name,
                ident::selection_value_text(&o.value)
            ));
        }
    }
    if options.is_empty() {
        return SelectionType::Text;
    }
    if !options.iter().all(|o| matches!(o.value, Value::String(_))) {
        warnings.push(format!(
            "`{}.{}` has non-string selection values: read as JSON",
            s.model, s.name
        ));
        return SelectionType::Json;
    }
    let enum_name = enum_scope.claim(&ident::enum_name(s.model_type, s.rust));
    let enum_ident = ident::ident(&enum_name);
    let mut variant_scope = Scope::camel().reserve([ident::UNLISTED_VARIANT]);
    let names = ident::assign(
        &mut variant_scope,
        options.iter().map(|o| match &o.value {
            Value::String(v) => v.as_str(),
            _ => "",
        }),
        |v| ident::variant_name(&Value::from(v)),
        Priority::Lowercase,
    );
    let unlisted = ident::ident(ident::UNLISTED_VARIANT);
    let variants = options.iter().zip(&names).map(|(o, (value, name))| {
        let v = ident::ident(name);
        let label = doc_text(if o.label.is_empty() { value } else { &o.label });
        let doc = docs(&[label]);
        quote! {
            #doc
            #[odoo(value = #value)]
            #v,
        }
    });
    let what = format!(
        "the values of the field {} of {}.",
        code(s.name),
        code(s.model)
    );
    let doc = docs(&[if s.field.string.trim().is_empty() {
        format!("T{}", &what[1..])
    } else {
        format!("{}: {what}", doc_text(s.field.string.trim()))
    }]);
    let item = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, OdooSelection)]
        pub enum #enum_ident {
            #(#variants)*
            /// A value this schema does not list.
            #[odoo(other)]
            #unlisted(String),
        }
    };
    SelectionType::Enum {
        name: enum_ident,
        item,
    }
}
