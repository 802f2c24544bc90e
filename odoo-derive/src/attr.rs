//! Reading `#[odoo(...)]` attributes. Nothing here knows about expansion: each attribute is
//! kept with the token it came from, so later phases can point at it.

use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

use crate::ctxt::Ctxt;

/// A value read from an attribute, with the tokens it came from.
pub struct Spanned<T> {
    pub value: T,
    /// The attribute's path (`name`, `readonly`, …): errors about the attribute point there.
    pub path: syn::Path,
}

/// Stores `value` for `path`, or reports a duplicate.
fn set_once<T>(cx: &Ctxt, slot: &mut Option<Spanned<T>>, meta: &ParseNestedMeta, value: T) {
    if slot.is_some() {
        let name = path_name(&meta.path);
        cx.error_spanned_by(&meta.path, format!("duplicate attribute `{name}`"));
    } else {
        *slot = Some(Spanned {
            value,
            path: meta.path.clone(),
        });
    }
}

fn path_name(path: &syn::Path) -> String {
    path.segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect::<Vec<_>>()
        .join("::")
}

/// `key = "string"`.
fn string_value(meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<LitStr> {
    if meta.input.is_empty() || meta.input.peek(syn::Token![,]) {
        return Err(meta.error(format!(
            "expected `{key} = \"…\"`, e.g. `{key} = \"{example}\"`"
        )));
    }
    let expr: syn::Expr = meta.value()?.parse()?;
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s),
        other => Err(syn::Error::new_spanned(
            other,
            format!("expected a string literal, e.g. `{key} = \"{example}\"`"),
        )),
    }
}

/// A flag: `readonly`, not `readonly = …`.
fn flag(meta: &ParseNestedMeta, key: &str) -> syn::Result<()> {
    if meta.input.is_empty() || meta.input.peek(syn::Token![,]) {
        Ok(())
    } else {
        Err(meta.error(format!("`{key}` takes no value; write `#[odoo({key})]`")))
    }
}

/// Runs `f` on each item of every `#[odoo(...)]` attribute.
fn each_odoo_meta(
    cx: &Ctxt,
    attrs: &[Attribute],
    mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("odoo")) {
        if let syn::Meta::Path(_) = attr.meta {
            cx.error_spanned_by(attr, "expected `#[odoo(...)]` with at least one item");
            continue;
        }
        if let Err(e) = attr.parse_nested_meta(|meta| f(&meta)) {
            cx.syn_error(e);
        }
    }
}

fn unknown(meta: &ParseNestedMeta, expected: &str) -> syn::Error {
    meta.error(format!(
        "unknown attribute `{}`; expected {expected}",
        path_name(&meta.path)
    ))
}

/// `#[odoo(...)]` on a struct.
#[derive(Default)]
pub struct Container {
    pub model: Option<Spanned<LitStr>>,
    /// `model` was written, even if its value was bad (reported already): no "missing" error.
    pub model_written: bool,
    /// `odoo_version = "19.0"`: the Odoo version the struct was generated from.
    pub odoo_version: Option<Spanned<LitStr>>,
}

impl Container {
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Container {
        let mut out = Container::default();
        each_odoo_meta(cx, attrs, |meta| {
            if meta.path.is_ident("model") {
                out.model_written = true;
                let v = string_value(meta, "model", "res.partner")?;
                set_once(cx, &mut out.model, meta, v);
                Ok(())
            } else if meta.path.is_ident("odoo_version") {
                let v = string_value(meta, "odoo_version", "19.0")?;
                set_once(cx, &mut out.odoo_version, meta, v);
                Ok(())
            } else {
                Err(unknown(meta, "`model` or `odoo_version`"))
            }
        });
        out
    }
}

/// `#[odoo(...)]` on a struct field.
#[derive(Default)]
pub struct Field {
    pub name: Option<Spanned<LitStr>>,
    pub readonly: Option<Spanned<()>>,
    pub skip: Option<Spanned<()>>,
}

impl Field {
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Field {
        let mut out = Field::default();
        each_odoo_meta(cx, attrs, |meta| {
            if meta.path.is_ident("name") {
                let v = string_value(meta, "name", "type")?;
                set_once(cx, &mut out.name, meta, v);
            } else if meta.path.is_ident("readonly") {
                flag(meta, "readonly")?;
                set_once(cx, &mut out.readonly, meta, ());
            } else if meta.path.is_ident("skip") {
                flag(meta, "skip")?;
                set_once(cx, &mut out.skip, meta, ());
            } else {
                return Err(unknown(meta, "one of `name`, `readonly`, `skip`"));
            }
            Ok(())
        });
        out
    }
}

/// `#[odoo(...)]` on an enum: none is defined; any is reported.
pub fn enum_attrs(cx: &Ctxt, attrs: &[Attribute]) {
    each_odoo_meta(cx, attrs, |meta| {
        Err(meta.error(format!(
            "unknown attribute `{}`; `OdooSelection` takes attributes on variants only (`value`, `other`)",
            path_name(&meta.path)
        )))
    });
}

/// `#[odoo(...)]` on an enum variant.
#[derive(Default)]
pub struct Variant {
    pub value: Option<Spanned<LitStr>>,
    pub other: Option<Spanned<()>>,
}

impl Variant {
    pub fn from_attrs(cx: &Ctxt, attrs: &[Attribute]) -> Variant {
        let mut out = Variant::default();
        each_odoo_meta(cx, attrs, |meta| {
            if meta.path.is_ident("value") {
                let v = string_value(meta, "value", "to invoice")?;
                set_once(cx, &mut out.value, meta, v);
            } else if meta.path.is_ident("other") {
                flag(meta, "other")?;
                set_once(cx, &mut out.other, meta, ());
            } else {
                return Err(unknown(meta, "one of `value`, `other`"));
            }
            Ok(())
        });
        out
    }
}
