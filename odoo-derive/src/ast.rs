//! The input as the derive understands it: each item keeps the syn node it came from, so
//! `check` and `expand` can point errors and generated code at the user's tokens.

use proc_macro2::Span;
use syn::{Attribute, Data, DeriveInput, Fields, Ident, LitStr, Type};

use crate::attr;
use crate::ctxt::Ctxt;

/// A struct deriving `OdooModel`.
pub struct Model<'a> {
    pub input: &'a DeriveInput,
    pub ident: &'a Ident,
    pub attrs: attr::Container,
    pub fields: Vec<ModelField<'a>>,
}

pub struct ModelField<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    pub ty: &'a Type,
    pub attrs: attr::Field,
    /// The Odoo field name: `#[odoo(name)]`, else the Rust name without `r#`.
    pub odoo_name: String,
    /// The associated const of its handle.
    pub handle: Ident,
}

impl ModelField<'_> {
    pub fn is_id(&self) -> bool {
        self.odoo_name == "id"
    }
    pub fn is_skipped(&self) -> bool {
        self.attrs.skip.is_some()
    }
    pub fn is_readonly(&self) -> bool {
        self.attrs.readonly.is_some() || self.is_id()
    }
    /// The doc comments on the field.
    pub fn docs(&self) -> impl Iterator<Item = &Attribute> {
        self.original
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
    }
}

/// The Rust name of a field without a leading `r#`.
pub fn unraw(ident: &Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
}

/// The handle of a field: its Rust name in upper case, with `_FIELD` added to the names of the
/// trait's own consts so a handle never hides them.
pub fn handle_name(rust_name: &str) -> String {
    let upper = rust_name.to_uppercase();
    match upper.as_str() {
        "MODEL" | "FIELDS" => format!("{upper}_FIELD"),
        _ => upper,
    }
}

impl<'a> Model<'a> {
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Model<'a>> {
        let attrs = attr::Container::from_attrs(cx, &input.attrs);
        let named = match &input.data {
            Data::Struct(s) => match &s.fields {
                Fields::Named(named) => named,
                Fields::Unnamed(_) | Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`OdooModel` needs a struct with named fields, one per Odoo field",
                    );
                    return None;
                }
            },
            Data::Enum(e) => {
                cx.error_spanned_by(
                    e.enum_token,
                    "`OdooModel` can only be derived for a struct; for a selection, derive `OdooSelection`",
                );
                return None;
            }
            Data::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "`OdooModel` can only be derived for a struct",
                );
                return None;
            }
        };
        let fields = named
            .named
            .iter()
            .filter_map(|f| {
                let ident = f.ident.as_ref()?;
                let attrs = attr::Field::from_attrs(cx, &f.attrs);
                let rust_name = unraw(ident);
                let odoo_name = attrs
                    .name
                    .as_ref()
                    .map_or_else(|| rust_name.clone(), |n| n.value.value());
                let handle = Ident::new(&handle_name(&rust_name), ident.span());
                Some(ModelField {
                    original: f,
                    ident,
                    ty: &f.ty,
                    attrs,
                    odoo_name,
                    handle,
                })
            })
            .collect();
        Some(Model {
            input,
            ident: &input.ident,
            attrs,
            fields,
        })
    }

    /// The Odoo model name; empty when missing (reported by `check`).
    pub fn model_name(&self) -> String {
        self.attrs
            .model
            .as_ref()
            .map(|m| m.value.value())
            .unwrap_or_default()
    }
}

/// An enum deriving `OdooSelection`.
pub struct Selection<'a> {
    pub input: &'a DeriveInput,
    pub ident: &'a Ident,
    pub variants: Vec<SelectionVariant<'a>>,
}

pub struct SelectionVariant<'a> {
    pub original: &'a syn::Variant,
    pub ident: &'a Ident,
    pub attrs: attr::Variant,
    /// The Odoo value: `#[odoo(value)]`, else the variant name in snake_case.
    pub value: String,
}

impl SelectionVariant<'_> {
    pub fn is_other(&self) -> bool {
        self.attrs.other.is_some()
    }
    /// What errors about the value point at: the attribute's string, else the variant name.
    pub fn value_span(&self) -> Span {
        self.attrs
            .value
            .as_ref()
            .map_or_else(|| self.ident.span(), |v| v.value.span())
    }
    pub fn value_lit(&self) -> LitStr {
        LitStr::new(&self.value, self.value_span())
    }
}

/// `ToInvoice` → `to_invoice`, `HTTPServer` → `http_server`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = unraw_str(name).chars().collect();
    let mut out = String::with_capacity(chars.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev_lower =
                i > 0 && (chars[i - 1].is_lowercase() || chars[i - 1].is_ascii_digit());
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            let prev_upper = i > 0 && chars[i - 1].is_uppercase();
            if i > 0 && chars[i - 1] != '_' && (prev_lower || (prev_upper && next_lower)) {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn unraw_str(s: &str) -> &str {
    s.strip_prefix("r#").unwrap_or(s)
}

impl<'a> Selection<'a> {
    pub fn from_ast(cx: &Ctxt, input: &'a DeriveInput) -> Option<Selection<'a>> {
        attr::enum_attrs(cx, &input.attrs);
        let data = match &input.data {
            Data::Enum(e) => e,
            Data::Struct(s) => {
                cx.error_spanned_by(
                    s.struct_token,
                    "`OdooSelection` can only be derived for an enum",
                );
                return None;
            }
            Data::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "`OdooSelection` can only be derived for an enum",
                );
                return None;
            }
        };
        let variants = data
            .variants
            .iter()
            .map(|v| {
                let attrs = attr::Variant::from_attrs(cx, &v.attrs);
                let value = attrs
                    .value
                    .as_ref()
                    .map_or_else(|| snake_case(&v.ident.to_string()), |l| l.value.value());
                SelectionVariant {
                    original: v,
                    ident: &v.ident,
                    attrs,
                    value,
                }
            })
            .collect();
        Some(Selection {
            input,
            ident: &input.ident,
            variants,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naming() {
        assert_eq!(snake_case("ToInvoice"), "to_invoice");
        assert_eq!(snake_case("Draft"), "draft");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("V2Beta"), "v2_beta");
        assert_eq!(snake_case("r#Type"), "type");
        assert_eq!(handle_name("country_id"), "COUNTRY_ID");
        assert_eq!(handle_name("type_"), "TYPE_");
        assert_eq!(handle_name("model"), "MODEL_FIELD");
        assert_eq!(handle_name("fields"), "FIELDS_FIELD");
        let raw: Ident = syn::parse_str("r#type").unwrap();
        assert_eq!(unraw(&raw), "type");
    }
}
