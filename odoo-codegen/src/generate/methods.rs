//! A model's methods: one associated function of its struct per bound method, a thin call into
//! `odoo_runtime::orm::MethodCall`, and a builder for the methods that have optional
//! parameters.
//!
//! ```text
//! impl SaleOrder {
//!     /// Confirm the given quotation(s) and set their confirmation date. …
//!     pub fn action_confirm<'a>(client: &'a Client, ids: impl IntoIterator<Item = RecordId<SaleOrder>>)
//!         -> MethodCall<'a, SaleOrder, bool> {
//!         MethodCall::on_records(client, "action_confirm", ids)
//!     }
//! }
//! ```
//!
//! A record method takes the ids (`RecordId`s of its own model), a model method (`@api.model`)
//! does not; required parameters are arguments, typed from their annotations
//! ([`super::annotation`]); optional and keyword-only ones are setters of the builder the
//! function returns (`ResPartner::message_post(&c, ids).body("…")`), and `**kwargs` go through
//! its `arg(name, value)`. A builder is declarations only: the struct, its setters, and the
//! `MethodCall` it wraps (`__private::MethodBuilder`); `odoo_runtime::__method_builder!` writes
//! `arg`, `context` and the `IntoFuture` that awaits the inner call. The answer is typed from the return annotation, or `Value`.

use std::collections::{BTreeMap, BTreeSet};

use odoo_runtime::schema::{Method, Model, Parameter};
use proc_macro2::TokenStream;
use quote::quote;

use super::annotation::{parameter_type, result_type, ParamType};
use super::docs::{code, docs};
use super::html::{html_to_doc_lines, summary, wrap, WIDTH};
use crate::config::Config;
use crate::ident::{self, Scope};

/// Methods whose answer is a recordset that their documentation does not name: Odoo 19
/// answers its ids, 17 and 18 (through `@api.returns`) one id. Typed as
/// `Ids<the model's struct>` (`AnyModel` when it is not generated).
const RECORDSET_RESULTS: &[(&str, &str)] = &[("message_post", "mail.message")];

/// What the model file needs for its methods.
#[derive(Default)]
pub(crate) struct Methods {
    /// The `impl Model { … }` block (empty when no method is bound).
    pub(crate) functions: TokenStream,
    /// The builders, after the struct.
    pub(crate) builders: TokenStream,
    /// Names imported from `odoo_runtime`.
    pub(crate) imports: BTreeSet<&'static str>,
    /// Names imported from `odoo_runtime::orm`.
    pub(crate) orm_imports: BTreeSet<&'static str>,
    /// How many methods were bound.
    pub(crate) count: usize,
}

/// One parameter, planned.
struct Planned<'a> {
    odoo: &'a str,
    rust: proc_macro2::Ident,
    param: &'a Parameter,
    ty: ParamType,
}

/// `true` for an ASCII Python identifier.
fn is_python_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `true` for a method Odoo lets clients call: `get_public_method` refuses `_private` ones.
fn is_callable_name(name: &str) -> bool {
    is_python_name(name) && !name.starts_with('_')
}

/// The methods of `model` that `config` binds; `types` names the struct of every generated
/// model (model → type name).
pub(crate) fn methods(
    config: &Config,
    types: &BTreeMap<String, String>,
    model: &Model,
    ty_name: &str,
    type_scope: &mut Scope,
    warnings: &mut Vec<String>,
) -> Methods {
    let mut out = Methods::default();
    let ty = ident::ident(ty_name);
    let model_ty = quote!(#ty);
    let mut fn_scope = Scope::snake().reserve(ident::RESERVED_METHOD_NAMES.iter().copied());
    let mut functions = Vec::new();
    let mut builders = Vec::new();
    for (name, method) in &model.methods {
        if !config.binds_method(&model.model, name, method) {
            continue;
        }
        if !is_callable_name(name) {
            warnings.push(format!(
                "`{}.{name}` is not a name Odoo lets clients call: no function",
                model.model
            ));
            continue;
        }
        let fn_name = fn_scope.claim(&ident::method_name(name));
        let fn_ident = ident::ident(&fn_name);

        // Parameters in the signature's order: required ones are arguments, the others setters.
        let mut param_scope =
            Scope::snake().reserve(ident::RESERVED_PARAMETER_NAMES.iter().copied());
        let mut required = Vec::new();
        let mut optional = Vec::new();
        let mut var_keyword = false;
        for pname in method.parameter_names() {
            let Some(param) = method.parameters.get(pname) else {
                continue;
            };
            if param.is_variadic() {
                var_keyword |= param.kind.as_deref() == Some("VAR_KEYWORD");
                continue;
            }
            if !is_python_name(pname) {
                warnings.push(format!(
                    "`{}.{name}` has a parameter `{pname}` that is not a Python name: left out",
                    model.model
                ));
                continue;
            }
            let is_optional = !param.is_required();
            let none_default = matches!(param.default, Some(odoo_runtime::Value::Nil));
            let ty = parameter_type(param.annotation.as_deref(), &model_ty, none_default);
            let rust = ident::ident(&param_scope.claim(&ident::parameter_name(pname)));
            let planned = Planned {
                odoo: pname,
                rust,
                param,
                ty,
            };
            if is_optional {
                optional.push(planned);
            } else {
                required.push(planned);
            }
        }
        for p in required.iter().chain(&optional) {
            note_imports(&p.ty, &mut out.imports);
        }

        let result = match RECORDSET_RESULTS.iter().find(|(m, _)| m == name) {
            Some((_, target)) => {
                out.orm_imports.insert("Ids");
                match types.get(*target) {
                    Some(t) if *target == model.model => {
                        let t = ident::ident(t);
                        quote!(Ids<#t>)
                    }
                    Some(t) => {
                        let t = ident::ident(t);
                        quote!(Ids<super::#t>)
                    }
                    None => {
                        out.imports.insert("AnyModel");
                        quote!(Ids<AnyModel>)
                    }
                }
            }
            None => result_type(method.returns.as_deref()),
        };
        let result_text = result.to_string();
        if result_text.contains("Value") {
            out.imports.insert("Value");
        }
        if result_text.contains("Map") {
            out.imports.insert("Map");
        }

        let odoo_name = name.as_str();
        let (receiver, start) = if method.is_model_method() {
            (quote!(), quote!(MethodCall::on_model(client, #odoo_name)))
        } else {
            (
                quote!(ids: impl IntoIterator<Item = RecordId<#ty>>,),
                quote!(MethodCall::on_records(client, #odoo_name, ids)),
            )
        };
        let args = required.iter().map(|p| {
            let rust = &p.rust;
            let ty = &p.ty.ty;
            quote!(#rust: #ty,)
        });
        let sets = required.iter().map(|p| {
            let (odoo, rust) = (p.odoo, &p.rust);
            if p.ty.into_value {
                quote!(.arg(#odoo, Into::<Value>::into(#rust)))
            } else {
                quote!(.arg(#odoo, #rust))
            }
        });
        let call_ty = quote!(MethodCall<'a, #ty, #result>);
        let doc = function_docs(
            model,
            name,
            method,
            &required,
            &optional,
            var_keyword,
            &type_text(&result),
        );

        if optional.is_empty() && !var_keyword {
            functions.push(quote! {
                #doc
                pub fn #fn_ident<'a>(client: &'a Client, #receiver #(#args)*) -> #call_ty {
                    #start #(#sets)*
                }
            });
        } else {
            let builder_name = type_scope.claim(&ident::builder_name(ty_name, &fn_name));
            let builder = ident::ident(&builder_name);
            functions.push(quote! {
                #doc
                pub fn #fn_ident<'a>(client: &'a Client, #receiver #(#args)*) -> #builder<'a> {
                    #builder(#start #(#sets)*)
                }
            });
            builders.push(builder_item(
                &builder, &ty, &fn_ident, &call_ty, &optional, model, name,
            ));
        }
        out.count += 1;
    }
    if out.count > 0 {
        out.imports.insert("Client");
        out.orm_imports.insert("MethodCall");
        out.functions = quote! {
            impl #ty {
                #(#functions)*
            }
        };
        out.builders = quote!(#(#builders)*);
    }
    out
}

/// A type as rustdoc shows it (`Option<(i64, String)>`), printed by prettyplease.
fn type_text(ty: &TokenStream) -> String {
    syn::parse2::<syn::File>(quote!(type T = #ty;))
        .map(|file| prettyplease::unparse(&file))
        .ok()
        .and_then(|text| {
            let text = text.trim().strip_prefix("type T = ")?.strip_suffix(';')?;
            // A long type spans lines: one line again.
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            Some(text.replace("< ", "<").replace(", >", ">"))
        })
        .unwrap_or_else(|| ty.to_string())
}

fn note_imports(ty: &ParamType, imports: &mut BTreeSet<&'static str>) {
    let text = ty.ty.to_string();
    for name in ["Domain", "Values", "Value"] {
        if text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == name)
        {
            imports.insert(name);
        }
    }
}

/// The annotation and default of a parameter, for its docs: `` (`str`, default `""`) ``.
fn facts(param: &Parameter) -> String {
    let mut facts = Vec::new();
    if let Some(a) = &param.annotation {
        facts.push(code(a));
    }
    if param.is_keyword_only() {
        facts.push("keyword-only".to_owned());
    }
    if let Some(d) = &param.default {
        facts.push(format!("default {}", code(&rust_repr(d))));
    }
    if facts.is_empty() {
        String::new()
    } else {
        format!(" ({})", facts.join(", "))
    }
}

/// A default as the Rust value a caller would pass for it: `true`, `"ilike"`, `1.0`; `None`
/// stays `None` (the parameter is optional), a list or dict is shown as the JSON it is sent as.
fn rust_repr(v: &odoo_runtime::Value) -> String {
    use odoo_runtime::Value;
    match v {
        Value::Nil => "None".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => format!("{d:?}"),
        Value::String(s) => format!("{s:?}"),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

fn param_line(p: &Planned<'_>) -> Vec<String> {
    let lines = p
        .param
        .doc
        .as_deref()
        .map(html_to_doc_lines)
        .unwrap_or_default();
    let text = summary(&lines);
    let head = format!("`{}`{}", p.odoo, facts(p.param));
    if text.is_empty() {
        wrap("- ", &head, WIDTH)
    } else {
        wrap("- ", &format!("{head}: {text}"), WIDTH)
    }
}

#[allow(clippy::too_many_arguments)]
fn function_docs(
    model: &Model,
    name: &str,
    method: &Method,
    required: &[Planned<'_>],
    optional: &[Planned<'_>],
    var_keyword: bool,
    result: &str,
) -> TokenStream {
    let mut lines = method
        .doc
        .as_deref()
        .map(html_to_doc_lines)
        .unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let origin = match (method.defined_in.as_deref(), method.module.as_deref()) {
        // Odoo's `/doc-bearer` says `core` for the ORM's own methods (`BaseModel`).
        (Some("core"), _) | (_, Some("core")) => " (an ORM method of every model)".to_owned(),
        (Some(m), Some(module)) if m != model.model => {
            format!(" (inherited from `{m}`, module `{module}`)")
        }
        (_, Some(module)) => format!(" (module `{module}`)"),
        _ => String::new(),
    };
    let kind = if method.is_model_method() {
        "a model method (`@api.model`, no ids)"
    } else {
        "a record method (on `ids`)"
    };
    let returns = match method.returns.as_deref() {
        Some(r) if result == "Value" => format!("; answers `Value` (documented as {})", code(r)),
        _ => format!("; answers `{result}`"),
    };
    lines.extend(wrap(
        "",
        &format!("`{}.{name}`{origin}: {kind}{returns}.", model.model),
        WIDTH,
    ));
    if !required.is_empty() {
        lines.push(String::new());
        lines.push("Parameters:".into());
        lines.push(String::new());
        for p in required {
            lines.extend(param_line(p));
        }
    }
    if !optional.is_empty() || var_keyword {
        lines.push(String::new());
        let mut names: Vec<String> = optional.iter().map(|p| format!("`{}`", p.rust)).collect();
        if var_keyword {
            names.push("others by `arg(name, value)` (`**kwargs`)".into());
        }
        lines.extend(wrap(
            "",
            &format!(
                "Optional parameters, set on the returned builder: {}.",
                names.join(", ")
            ),
            WIDTH,
        ));
    }
    docs(&lines)
}

fn builder_item(
    builder: &proc_macro2::Ident,
    ty: &proc_macro2::Ident,
    fn_ident: &proc_macro2::Ident,
    call_ty: &TokenStream,
    optional: &[Planned<'_>],
    model: &Model,
    name: &str,
) -> TokenStream {
    let summary_doc = docs(&wrap(
        "",
        &format!(
            "The call of [`{ty}::{fn_ident}`] (`{}.{name}`): set its optional parameters, then `.await` it.",
            model.model
        ),
        WIDTH,
    ));
    let setters = optional.iter().map(|p| {
        let (odoo, rust) = (p.odoo, &p.rust);
        let ty = &p.ty.ty;
        let mut lines = vec![format!("`{odoo}`{}.", facts(p.param))];
        let doc_lines = p
            .param
            .doc
            .as_deref()
            .map(html_to_doc_lines)
            .unwrap_or_default();
        if !doc_lines.is_empty() {
            lines.push(String::new());
            lines.extend(doc_lines);
        }
        let doc = docs(&lines);
        let value = if p.ty.into_value {
            quote!(Into::<Value>::into(#rust))
        } else {
            quote!(#rust)
        };
        quote! {
            #doc
            pub fn #rust(self, #rust: #ty) -> Self {
                Self(self.0.arg(#odoo, #value))
            }
        }
    });
    quote! {
        #summary_doc
        #[must_use = "a call does nothing until it is awaited"]
        pub struct #builder<'a>(#call_ty);

        impl<'a> #builder<'a> {
            #(#setters)*
        }

        impl<'a> ::odoo_runtime::__private::MethodBuilder<'a> for #builder<'a> {
            type Call = #call_ty;
        }

        ::odoo_runtime::__method_builder!(#builder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callable_names() {
        assert!(is_callable_name("action_confirm"));
        assert!(!is_callable_name("_private"));
        assert!(!is_callable_name("a-b"));
        assert!(!is_callable_name(""));
        assert!(is_python_name("_x"));
    }

    #[test]
    fn types_as_rustdoc_shows_them() {
        assert_eq!(
            type_text(&quote!(Option<(i64, String)>)),
            "Option<(i64, String)>"
        );
        assert_eq!(type_text(&quote!((i64,))), "(i64,)");
        assert_eq!(
            type_text(&quote!(Ids<super::MailMessage>)),
            "Ids<super::MailMessage>"
        );
    }

    #[test]
    fn defaults_in_rust_terms() {
        use odoo_runtime::Value;
        assert_eq!(rust_repr(&Value::Nil), "None");
        assert_eq!(rust_repr(&Value::from("ilike")), "\"ilike\"");
        assert_eq!(rust_repr(&Value::from("it's")), "\"it's\"");
        assert_eq!(rust_repr(&Value::Array(vec![])), "[]");
        assert_eq!(rust_repr(&Value::Bool(false)), "false");
        assert_eq!(rust_repr(&Value::Int(100)), "100");
        assert_eq!(rust_repr(&Value::Double(1.0)), "1.0");
    }
}
