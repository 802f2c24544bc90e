//! The `mod.rs` of a generation: one documented module per model and the re-export of its
//! struct.

use std::collections::BTreeMap;

use odoo_runtime::schema::Model;
use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_text, docs};
use crate::config::Layout;
use crate::ident;

/// `mod.rs` for `models`, whose type and module names are in `types` and `modules`.
pub(crate) fn mod_file(
    models: &[&Model],
    types: &BTreeMap<String, String>,
    modules: &BTreeMap<String, String>,
    layout: &Layout,
) -> TokenStream {
    let items = models.iter().map(|m| {
        let module = ident::ident(&modules[&m.model]);
        let label = if m.name.is_empty() {
            m.model.clone()
        } else {
            m.name.clone()
        };
        let doc = docs(&[format!("{} (`{}`).", doc_text(&label), m.model)]);
        let decl = match layout {
            // rustfmt formats differently from prettyplease: `cargo fmt` must not touch the
            // model files, or `--check` would find them stale.
            Layout::Modules => quote! {
                #[rustfmt::skip]
                pub mod #module;
            },
            Layout::IncludeFromOutDir(dir) => {
                let dir = dir.trim_matches('/');
                let path = if dir.is_empty() {
                    format!("/{module}.rs")
                } else {
                    format!("/{dir}/{module}.rs")
                };
                quote!(pub mod #module { include!(concat!(env!("OUT_DIR"), #path)); })
            }
        };
        let ty = ident::ident(&types[&m.model]);
        quote! {
            #doc
            #decl
            pub use #module::#ty;
        }
    });
    quote! {
        #(#items)*
    }
}
