//! Snapshots of expansions, formatted with prettyplease. Review a change with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test -p odoo-derive`).

use quote::quote;

fn pretty(tokens: proc_macro2::TokenStream) -> String {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(file) => prettyplease::unparse(&file),
        Err(_) => tokens.to_string(),
    }
}

#[test]
fn model_expansion() {
    let out = crate::expand::model(quote! {
        #[derive(Debug, Clone, PartialEq, ::odoo_runtime::OdooModel)]
        #[odoo(model = "res.partner")]
        pub struct ResPartner {
            pub id: RecordId<ResPartner>,
            /// The partner's name.
            pub name: Option<String>,
            pub country_id: Option<Many2one<super::res_country::ResCountry>>,
            #[odoo(name = "type")]
            pub type_: Option<ResPartnerType>,
            pub r#ref: Option<String>,
            #[odoo(readonly)]
            pub display_name: Option<String>,
            #[odoo(skip)]
            pub local_note: String,
        }
    });
    insta::assert_snapshot!(pretty(out));
}

#[test]
fn selection_expansion() {
    let out = crate::expand::selection(quote! {
        #[derive(Debug, Clone, PartialEq, OdooSelection)]
        pub enum ResPartnerType {
            #[odoo(value = "contact")]
            Contact,
            #[odoo(value = "invoice")]
            Invoice,
            /// Default value: the variant name in snake_case.
            OtherAddress,
            #[odoo(other)]
            Other(String),
        }
    });
    insta::assert_snapshot!(pretty(out));
}

#[test]
fn errors_are_all_reported_with_a_fallback() {
    let out = crate::expand::model(quote! {
        struct Bad {
            #[odoo(nmae = "x")]
            a: i64,
            #[odoo(name = "a")]
            b: i64,
        }
    });
    insta::assert_snapshot!(pretty(out));
}
