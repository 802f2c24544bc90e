//! Turning the checked input into code. Paths are absolute (`::odoo_runtime::__private::…`)
//! so that no name in the user's scope can change what the expansion means.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{DeriveInput, LitStr};

use crate::ast::{Model, Selection};
use crate::{check, ctxt::Ctxt};

/// The `OdooModel` derive on a token stream (what the tests call).
pub(crate) fn model(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input) {
        Ok(input) => derive_model(&input),
        Err(e) => e.to_compile_error(),
    }
}

/// The `OdooSelection` derive on a token stream (what the tests call).
pub(crate) fn selection(input: TokenStream) -> TokenStream {
    match syn::parse2::<DeriveInput>(input) {
        Ok(input) => derive_selection(&input),
        Err(e) => e.to_compile_error(),
    }
}

/// `#[derive(OdooModel)]`.
pub fn derive_model(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let model = Model::from_ast(&cx, input);
    if let Some(model) = &model {
        check::check_model(&cx, model);
    }
    match (cx.check(), model) {
        (Ok(()), Some(model)) => expand_model(&model),
        (Err(e), _) => with_fallback(e, model_fallback(input)),
        (Ok(()), None) => model_fallback(input),
    }
}

/// `#[derive(OdooSelection)]`.
pub fn derive_selection(input: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let sel = Selection::from_ast(&cx, input);
    if let Some(sel) = &sel {
        check::check_selection(&cx, sel);
    }
    match (cx.check(), sel) {
        (Ok(()), Some(sel)) => expand_selection(&sel),
        (Err(e), _) => with_fallback(e, selection_fallback(input)),
        (Ok(()), None) => selection_fallback(input),
    }
}

fn with_fallback(e: syn::Error, fallback: TokenStream) -> TokenStream {
    let errors = e.to_compile_error();
    quote!(#errors #fallback)
}

/// After an error, the traits are still implemented, so the user sees the one real error and
/// not a cascade of "trait not implemented" at every use. The bodies are never run: the crate
/// does not compile.
fn model_fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    if !matches!(input.data, syn::Data::Struct(_)) || !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[automatically_derived]
        impl #impl_generics ::odoo_runtime::__private::OdooModel for #ident #ty_generics #where_clause {
            const MODEL: &'static ::core::primitive::str = "";
            const FIELDS: &'static [&'static ::core::primitive::str] = &[];
            fn __deserialize_record<'de, __D: ::odoo_runtime::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::odoo_runtime::__private::Result<(::odoo_runtime::__private::Option<::core::primitive::i64>, Self), __D::Error> {
                ::core::unreachable!()
            }
        }
        #[automatically_derived]
        impl<'de> ::odoo_runtime::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::odoo_runtime::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::odoo_runtime::__private::Result<Self, __D::Error> {
                ::core::unreachable!()
            }
        }
    }
}

fn selection_fallback(input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    if !matches!(input.data, syn::Data::Enum(_)) || !input.generics.params.is_empty() {
        return TokenStream::new();
    }
    quote! {
        #[automatically_derived]
        impl ::odoo_runtime::__private::OdooSelection for #ident {
            const VALUES: &'static [&'static ::core::primitive::str] = &[];
            fn as_str(&self) -> &::core::primitive::str {
                ::core::unreachable!()
            }
            fn from_value(__value: &::core::primitive::str) -> ::odoo_runtime::__private::Option<Self> {
                ::core::unreachable!()
            }
        }
    }
}

fn expand_model(model: &Model) -> TokenStream {
    let ident = model.ident;
    let model_name = model.model_name();
    let model_lit = LitStr::new(
        &model_name,
        model
            .attrs
            .model
            .as_ref()
            .map_or(ident.span(), |m| m.value.span()),
    );
    let read: Vec<_> = model.fields.iter().filter(|f| !f.is_skipped()).collect();
    let field_names: Vec<LitStr> = read
        .iter()
        .map(|f| LitStr::new(&f.odoo_name, f.ident.span()))
        .collect();

    // Handles, with the field's docs.
    let handles = read.iter().map(|f| {
        let handle = &f.handle;
        let ty = f.ty;
        let name = LitStr::new(&f.odoo_name, f.ident.span());
        let access = if f.is_readonly() {
            quote!(::odoo_runtime::__private::ReadOnly)
        } else {
            quote!(::odoo_runtime::__private::Writable)
        };
        let docs = f.docs();
        let summary = format!(
            " Handle of the Odoo field `{}`{}.",
            f.odoo_name,
            if f.is_readonly() { " (read-only)" } else { "" }
        );
        let vis = &f.original.vis;
        let vis = if matches!(vis, syn::Visibility::Inherited) {
            quote!()
        } else {
            quote!(#vis)
        };
        quote! {
            #[doc = #summary]
            #[doc = ""]
            #(#docs)*
            #vis const #handle: ::odoo_runtime::__private::Field<Self, #ty, #access> =
                ::odoo_runtime::__private::Field::__new(#name);
        }
    });

    // The decoder. Index 0 is always `id`; read fields follow from 1 (the `id` field keeps 0).
    let vars: Vec<_> = model
        .fields
        .iter()
        .enumerate()
        .map(|(i, _)| format_ident!("__f{}", i))
        .collect();
    let mut index = 0usize;
    let mut arms = Vec::new();
    let mut key_arms = Vec::new();
    let mut id_field = None;
    for (f, var) in model.fields.iter().zip(&vars) {
        if f.is_skipped() {
            continue;
        }
        if f.is_id() {
            id_field = Some((var, f.ty));
            continue;
        }
        index += 1;
        let name = &f.odoo_name;
        let lit = proc_macro2::Literal::usize_unsuffixed(index);
        key_arms.push(quote!(#name => #lit,));
        arms.push(quote! {
            #lit => #var = ::odoo_runtime::__private::Some(
                ::odoo_runtime::__private::next_field(&mut __map, #model_lit, __id, #name)?
            ),
        });
    }
    let set_id_field = id_field.map(|(var, ty)| {
        // Inferred, not named: the type may say `Self`, which inside the visitor is the visitor.
        let from_id = quote_spanned!(ty.span()=> ::odoo_runtime::__private::IdField::from_id(__v));
        quote!(#var = ::odoo_runtime::__private::Some(#from_id);)
    });
    let inits = model.fields.iter().zip(&vars).map(|(f, var)| {
        let member = f.ident;
        if f.is_skipped() {
            let ty = f.ty;
            quote_spanned!(ty.span()=> #member: ::core::default::Default::default(),)
        } else {
            let name = &f.odoo_name;
            quote!(#member: ::odoo_runtime::__private::take_field(#var, #model_lit, __id, #name)?,)
        }
    });
    let declares = model
        .fields
        .iter()
        .zip(&vars)
        .filter(|(f, _)| !f.is_skipped())
        .map(|(_, var)| quote!(let mut #var = ::odoo_runtime::__private::None;));
    let expecting = format!("a `{model_name}` record");
    let odoo_version = model.attrs.odoo_version.as_ref().map(|v| {
        let v = &v.value;
        quote! {
            const ODOO_VERSION: ::odoo_runtime::__private::Option<&'static ::core::primitive::str> =
                ::odoo_runtime::__private::Some(#v);
        }
    });

    // The web_read specification: each field read as its type says (a struct nests). It is
    // also the type check of every field, pointing at the field's type (the `id` field's type
    // is checked where the decoder builds it, `IdField::from_id`).
    let spec_fields = read.iter().filter(|f| !f.is_id()).map(|f| {
        let ty = f.ty;
        let name = LitStr::new(&f.odoo_name, f.ident.span());
        let kind = quote_spanned!(ty.span()=> ::odoo_runtime::__private::spec_kind::<#ty>());
        quote!((#name, #kind))
    });

    quote! {
        #[automatically_derived]
        impl ::odoo_runtime::__private::OdooModel for #ident {
            const MODEL: &'static ::core::primitive::str = #model_lit;
            const FIELDS: &'static [&'static ::core::primitive::str] = &[#(#field_names),*];
            #odoo_version

            fn __deserialize_record<'de, __D: ::odoo_runtime::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::odoo_runtime::__private::Result<(::odoo_runtime::__private::Option<::core::primitive::i64>, Self), __D::Error> {
                struct __Visitor;

                impl<'de> ::odoo_runtime::__private::serde::de::Visitor<'de> for __Visitor {
                    type Value = (::odoo_runtime::__private::Option<::core::primitive::i64>, #ident);

                    fn expecting(
                        &self,
                        __f: &mut ::odoo_runtime::__private::Formatter<'_>,
                    ) -> ::odoo_runtime::__private::FmtResult {
                        __f.write_str(#expecting)
                    }

                    fn visit_map<__A: ::odoo_runtime::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::odoo_runtime::__private::Result<Self::Value, __A::Error> {
                        fn __key(__name: &::core::primitive::str) -> ::core::primitive::usize {
                            match __name {
                                "id" => 0,
                                #(#key_arms)*
                                _ => ::odoo_runtime::__private::UNKNOWN_KEY,
                            }
                        }
                        let mut __id: ::odoo_runtime::__private::Option<::core::primitive::i64> = ::odoo_runtime::__private::None;
                        #(#declares)*
                        while let ::odoo_runtime::__private::Some(__k) =
                            ::odoo_runtime::__private::serde::de::MapAccess::next_key_seed(
                                &mut __map,
                                ::odoo_runtime::__private::KeySeed(__key),
                            )?
                        {
                            match __k {
                                0 => {
                                    let __v: ::core::primitive::i64 = ::odoo_runtime::__private::next_field(&mut __map, #model_lit, __id, "id")?;
                                    __id = ::odoo_runtime::__private::Some(__v);
                                    #set_id_field
                                }
                                #(#arms)*
                                _ => {
                                    ::odoo_runtime::__private::serde::de::MapAccess::next_value::<
                                        ::odoo_runtime::__private::serde::de::IgnoredAny,
                                    >(&mut __map)?;
                                }
                            }
                        }
                        ::odoo_runtime::__private::Ok((__id, #ident { #(#inits)* }))
                    }
                }

                ::odoo_runtime::__private::serde::Deserializer::deserialize_map(__deserializer, __Visitor)
            }

            fn __specification() -> ::odoo_runtime::__private::Specification {
                ::odoo_runtime::__private::Specification {
                    model: #model_lit,
                    fields: ::std::vec![#(#spec_fields),*],
                }
            }
        }

        /// The struct as the type of a many2one field of another struct (`Option<ThisStruct>`):
        /// `web_read` reads the related record with this struct's fields.
        #[automatically_derived]
        impl ::odoo_runtime::__private::OdooField for #ident {
            type Write = ::odoo_runtime::__private::RecordId<#ident>;
            type Operand = ::odoo_runtime::__private::RecordId<#ident>;
            fn __spec_kind() -> ::odoo_runtime::__private::SpecKind {
                ::odoo_runtime::__private::SpecKind::Nested {
                    many: false,
                    spec: <#ident as ::odoo_runtime::__private::OdooModel>::__specification,
                }
            }
        }

        #[automatically_derived]
        impl ::odoo_runtime::__private::Relational for #ident {
            type Target = #ident;
        }

        #[automatically_derived]
        impl ::odoo_runtime::__private::TextSearch for #ident {}

        #[automatically_derived]
        impl<'de> ::odoo_runtime::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::odoo_runtime::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::odoo_runtime::__private::Result<Self, __D::Error> {
                match <Self as ::odoo_runtime::__private::OdooModel>::__deserialize_record(__deserializer) {
                    ::odoo_runtime::__private::Ok((_, __record)) => ::odoo_runtime::__private::Ok(__record),
                    ::odoo_runtime::__private::Err(__e) => ::odoo_runtime::__private::Err(__e),
                }
            }
        }

        #[automatically_derived]
        impl #ident {
            #(#handles)*
        }
    }
}

fn expand_selection(sel: &Selection) -> TokenStream {
    let ident = sel.ident;
    let listed: Vec<_> = sel.variants.iter().filter(|v| !v.is_other()).collect();
    let other = sel.variants.iter().find(|v| v.is_other());
    let values: Vec<LitStr> = listed.iter().map(|v| v.value_lit()).collect();
    let idents: Vec<_> = listed.iter().map(|v| v.ident).collect();

    let (other_as_str, other_from) = match other {
        Some(o) => {
            let oi = o.ident;
            let field_ty = match &o.original.fields {
                syn::Fields::Unnamed(u) => {
                    u.unnamed.first().map(|f| f.ty.span()).unwrap_or(oi.span())
                }
                _ => oi.span(),
            };
            (
                quote!(Self::#oi(__s) => __s.as_str(),),
                quote_spanned!(field_ty=> _ => ::odoo_runtime::__private::Some(Self::#oi(::odoo_runtime::__private::String::from(__value))),),
            )
        }
        None => (quote!(), quote!(_ => ::odoo_runtime::__private::None,)),
    };

    quote! {
        #[automatically_derived]
        impl ::odoo_runtime::__private::OdooSelection for #ident {
            const VALUES: &'static [&'static ::core::primitive::str] = &[#(#values),*];

            fn as_str(&self) -> &::core::primitive::str {
                match self {
                    #(Self::#idents => #values,)*
                    #other_as_str
                }
            }

            fn from_value(__value: &::core::primitive::str) -> ::odoo_runtime::__private::Option<Self> {
                match __value {
                    #(#values => ::odoo_runtime::__private::Some(Self::#idents),)*
                    #other_from
                }
            }
        }

        #[automatically_derived]
        impl #ident {
            /// Every listed value, in declaration order.
            pub const ALL: &'static [Self] = &[#(Self::#idents),*];

            /// The Odoo value.
            pub fn as_str(&self) -> &::core::primitive::str {
                <Self as ::odoo_runtime::__private::OdooSelection>::as_str(self)
            }
        }

        #[automatically_derived]
        impl ::core::fmt::Display for #ident {
            fn fmt(&self, __f: &mut ::odoo_runtime::__private::Formatter<'_>) -> ::odoo_runtime::__private::FmtResult {
                __f.write_str(<Self as ::odoo_runtime::__private::OdooSelection>::as_str(self))
            }
        }

        #[automatically_derived]
        impl ::odoo_runtime::__private::serde::Serialize for #ident {
            fn serialize<__S: ::odoo_runtime::__private::serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::odoo_runtime::__private::Result<__S::Ok, __S::Error> {
                __serializer.serialize_str(<Self as ::odoo_runtime::__private::OdooSelection>::as_str(self))
            }
        }

        #[automatically_derived]
        impl<'de> ::odoo_runtime::__private::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::odoo_runtime::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::odoo_runtime::__private::Result<Self, __D::Error> {
                ::odoo_runtime::__private::deserialize_selection(__deserializer)
            }
        }

        #[automatically_derived]
        impl ::odoo_runtime::__private::OdooField for #ident {
            type Write = Self;
            type Operand = Self;
        }
    }
}
