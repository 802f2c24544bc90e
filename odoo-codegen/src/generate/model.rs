//! One model's file: its struct (the read list, documented field by field) and the enums of
//! its selection fields.

use std::collections::{BTreeMap, BTreeSet};

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_lines, doc_text, docs, list_item, one_line, starts_block};
use super::methods::methods;
use super::selection::{selection_type, SelectionField, SelectionType};
use crate::config::{Config, NotRead};
use crate::ident::{self, Priority, Scope};

/// What every model file of one generation shares.
pub(crate) struct Ctx<'a> {
    pub(crate) schema: &'a Schema,
    pub(crate) config: &'a Config,
    /// Model → struct name, for every generated model.
    pub(crate) types: &'a BTreeMap<String, String>,
}

/// One field of a struct, planned.
struct PlannedField<'a> {
    name: &'a str,
    field: &'a Field,
    rust: String,
}

pub(crate) fn model_file(ctx: &Ctx<'_>, model: &Model) -> (TokenStream, Vec<String>) {
    let mut warnings = Vec::new();
    let ty_name = ctx.types[&model.model].clone();
    let ty = ident::ident(&ty_name);

    let mut invalid = Vec::new();
    let read: Vec<&str> = model
        .fields
        .iter()
        .filter(|(name, f)| name.as_str() != "id" && ctx.config.reads(&model.model, name, f))
        .map(|(name, _)| name.as_str())
        .filter(|name| {
            let ok = ident::is_odoo_field_name(name);
            if !ok {
                warnings.push(format!(
                    "`{}.{name}` is not a valid Odoo field name: left out",
                    model.model
                ));
                invalid.push(format!("`{name}`"));
            }
            ok
        })
        .collect();
    let mut field_scope = Scope::snake().reserve(["id"]);
    let planned: Vec<PlannedField<'_>> =
        ident::assign(&mut field_scope, read, ident::field_name, Priority::Natural)
            .into_iter()
            .filter_map(|(odoo, rust)| {
                model
                    .fields
                    .get_key_value(&odoo)
                    .map(|(name, field)| PlannedField { name, field, rust })
            })
            .collect();

    let mut enum_scope = Scope::camel()
        .reserve(ident::RESERVED_TYPE_NAMES.iter().copied())
        .reserve([ty_name.as_str()]);
    let mut imports: BTreeSet<&'static str> = ["OdooModel", "RecordId"].into_iter().collect();
    let mut enums = Vec::new();
    let mut struct_fields = Vec::new();
    for p in &planned {
        let odoo_name = p.name;
        let (field_ty, facts) = field_type(
            ctx,
            model,
            &ty_name,
            p,
            &mut enum_scope,
            &mut imports,
            &mut enums,
            &mut warnings,
        );
        let rust = ident::ident(&p.rust);
        let mut lines = Vec::new();
        let label = doc_text(if p.field.string.is_empty() {
            odoo_name
        } else {
            &p.field.string
        });
        let help = p.field.help.as_deref().map(doc_lines).unwrap_or_default();
        match help.split_first() {
            // A help that starts with a list or a heading is a paragraph of its own.
            Some((first, _)) if starts_block(first) => {
                lines.push(label);
                lines.push(String::new());
                lines.extend(help);
            }
            Some((first, rest)) => {
                lines.push(format!("{label} — {first}"));
                lines.extend(rest.iter().cloned());
            }
            None => lines.push(label),
        }
        lines.push(String::new());
        lines.push(facts);
        let doc = docs(&lines);
        let rename = (p.rust != odoo_name).then(|| quote!(#[odoo(name = #odoo_name)]));
        let readonly = p.field.readonly.then(|| quote!(#[odoo(readonly)]));
        struct_fields.push(quote! {
            #doc
            #rename
            #readonly
            pub #rust: #field_ty,
        });
    }

    let label = if model.name.is_empty() {
        model.model.clone()
    } else {
        doc_text(&model.name)
    };
    let mut lines = vec![format!("{label} (`{}`).", model.model), String::new()];
    if !model.modules.is_empty() {
        lines.push(format!(
            "Modules: {}.",
            model
                .modules
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if let Some(order) = &model.order {
        lines.push(format!("Default order: `{}`.", one_line(order)));
    }
    if model.transient {
        lines.push("A transient model (wizard): its records are deleted regularly.".into());
    }
    if model.state == "manual" {
        lines.push("A custom model, made in the database.".into());
    }
    if !invalid.is_empty() {
        lines.push(format!(
            "Left out (not valid Odoo field names): {}.",
            doc_text(&invalid.join(", "))
        ));
    }
    let mut not_read: BTreeMap<NotRead, Vec<&str>> = BTreeMap::new();
    for (name, f) in &model.fields {
        if let (false, Err(why)) = (
            name == "id",
            ctx.config.read_decision(&model.model, name, f),
        ) {
            not_read.entry(why).or_default().push(name);
        }
    }
    if !not_read.is_empty() {
        lines.push(String::new());
        lines.push(
            "Fields not read (add them with the read-list settings of `odoo_codegen::Config`):"
                .into(),
        );
        let last = not_read.len() - 1;
        for (i, (why, names)) in not_read.iter().enumerate() {
            let head = match why {
                NotRead::NotStored => "not stored",
                NotRead::Binary => "binary",
                NotRead::Excluded => "excluded",
            };
            lines.extend(list_item(head, names, if i == last { '.' } else { ';' }));
        }
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let struct_doc = docs(&lines);
    let model_name = model.model.as_str();
    let methods = methods(
        ctx.config,
        ctx.types,
        model,
        &ty_name,
        &mut enum_scope,
        &mut warnings,
    );
    imports.extend(methods.imports.iter().copied());
    // The version the bindings come from: a typed call that fails on a field of another
    // version names both (see `OdooModel::ODOO_VERSION`).
    let odoo_version = ctx.schema.odoo_version.trim();
    let odoo_attr = if odoo_version.is_empty() {
        quote!(#[odoo(model = #model_name)])
    } else {
        quote!(#[odoo(model = #model_name, odoo_version = #odoo_version)])
    };
    let import_idents = imports.iter().map(|i| format_ident!("{}", i));
    let orm_imports = (!methods.orm_imports.is_empty()).then(|| {
        let names = methods.orm_imports.iter().map(|i| format_ident!("{}", i));
        quote!(use ::odoo_runtime::orm::{#(#names),*};)
    });
    let (functions, builders) = (&methods.functions, &methods.builders);
    let tokens = quote! {
        use ::odoo_runtime::{#(#import_idents),*};
        #orm_imports

        #struct_doc
        #[derive(Debug, Clone, PartialEq, OdooModel)]
        #odoo_attr
        pub struct #ty {
            /// The record id.
            pub id: RecordId<#ty>,
            #(#struct_fields)*
        }

        #functions

        #(#enums)*

        #builders
    };
    (tokens, warnings)
}

#[allow(clippy::too_many_arguments)]
fn field_type(
    ctx: &Ctx<'_>,
    model: &Model,
    model_type: &str,
    p: &PlannedField<'_>,
    enum_scope: &mut Scope,
    imports: &mut BTreeSet<&'static str>,
    enums: &mut Vec<TokenStream>,
    warnings: &mut Vec<String>,
) -> (TokenStream, String) {
    let f = p.field;
    let mut facts = vec![format!("`{}`: {}", p.name, f.field_type)];
    let json = quote!(::odoo_runtime::__private::serde_json::Value);
    let ty = match &f.field_type {
        FieldType::Boolean => quote!(bool),
        FieldType::Integer => quote!(i64),
        FieldType::Float | FieldType::Monetary => quote!(f64),
        FieldType::Char | FieldType::Text | FieldType::Html => quote!(Option<String>),
        FieldType::Date => {
            imports.insert("Date");
            quote!(Option<Date>)
        }
        FieldType::Datetime => {
            imports.insert("DateTime");
            quote!(Option<DateTime>)
        }
        FieldType::Binary => {
            imports.insert("Binary");
            quote!(Option<Binary>)
        }
        FieldType::Reference => {
            imports.insert("Reference");
            quote!(Option<Reference>)
        }
        FieldType::Many2oneReference => quote!(Option<i64>),
        FieldType::Json | FieldType::Properties | FieldType::PropertiesDefinition => {
            quote!(Option<#json>)
        }
        FieldType::Many2one | FieldType::One2many | FieldType::Many2many => {
            let target = relation_target(ctx, model, model_type, f, imports, &mut facts);
            if f.field_type == FieldType::Many2one {
                imports.insert("Many2one");
                quote!(Option<Many2one<#target>>)
            } else {
                imports.insert("X2Many");
                quote!(X2Many<#target>)
            }
        }
        FieldType::Selection => {
            let field = SelectionField {
                model: &model.model,
                model_type,
                name: p.name,
                rust: &p.rust,
                field: f,
            };
            match selection_type(&field, enum_scope, warnings) {
                SelectionType::Enum { name, item } => {
                    imports.insert("OdooSelection");
                    enums.push(item);
                    quote!(Option<#name>)
                }
                SelectionType::Text => quote!(Option<String>),
                SelectionType::Json => quote!(Option<#json>),
            }
        }
        FieldType::Unknown(name) => {
            warnings.push(format!(
                "`{}.{}` has the unknown field type `{name}`: read as JSON",
                model.model, p.name
            ));
            facts[0] = format!("`{}`: unknown field type `{name}`, read as JSON", p.name);
            quote!(Option<#json>)
        }
        // A type added to odoo_runtime::schema after this generator: keep it as JSON.
        #[allow(unreachable_patterns)]
        _ => quote!(Option<#json>),
    };
    if f.required {
        facts.push("required".into());
    }
    if f.readonly {
        facts.push("read-only".into());
    }
    if !f.store {
        facts.push("not stored".into());
    }
    (ty, format!("{}.", facts.join(", ")))
}

fn relation_target(
    ctx: &Ctx<'_>,
    model: &Model,
    model_type: &str,
    f: &Field,
    imports: &mut BTreeSet<&'static str>,
    facts: &mut [String],
) -> TokenStream {
    let Some(target) = f.relation.as_deref().filter(|r| !r.is_empty()) else {
        imports.insert("AnyModel");
        facts[0].push_str(" (no target model)");
        return quote!(AnyModel);
    };
    facts[0].push_str(&format!(" → `{target}`"));
    match ctx.types.get(target) {
        Some(_) if target == model.model => {
            let ty = ident::ident(model_type);
            quote!(#ty)
        }
        Some(ty) => {
            let ty = ident::ident(ty);
            quote!(super::#ty)
        }
        None => {
            imports.insert("AnyModel");
            if !ctx.schema.models.contains_key(target) {
                facts[0].push_str(" (not in the schema)");
            } else {
                facts[0].push_str(" (not generated)");
            }
            quote!(AnyModel)
        }
    }
}
