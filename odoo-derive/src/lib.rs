//! Derive macros for `odoo-runtime`: `#[derive(OdooModel)]` and `#[derive(OdooSelection)]`.
//!
//! Use them through `odoo_runtime` (`use odoo_runtime::OdooModel;`), which documents the
//! attributes: see `odoo_runtime::OdooModel` and `odoo_runtime::OdooSelection`.
//!
//! The derive runs in phases, each in its own module: `attr` reads `#[odoo(...)]`, `ast`
//! builds a model of the input that keeps the original tokens, `check` validates across fields,
//! `expand` writes the code. Every error is collected (`ctxt`) so one compile shows them all,
//! each pointing at the offending token.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;

use proc_macro::TokenStream;

/// Implements `odoo_runtime::OdooModel`, `Deserialize` and the typed field handles.
#[proc_macro_derive(OdooModel, attributes(odoo))]
pub fn derive_odoo_model(input: TokenStream) -> TokenStream {
    expand::model(input.into()).into()
}

/// Implements `odoo_runtime::OdooSelection`, `Serialize`, `Deserialize`, `Display`, `ALL`
/// and `as_str()` for an enum of selection values.
#[proc_macro_derive(OdooSelection, attributes(odoo))]
pub fn derive_odoo_selection(input: TokenStream) -> TokenStream {
    expand::selection(input.into()).into()
}

#[cfg(test)]
mod snapshots;
