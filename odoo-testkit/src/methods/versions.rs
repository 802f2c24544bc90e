//! The methods that exist, or are public, in some versions only, and what a version checks
//! first: Odoo 19's table ([`super::table`]) is the base, and this module turns it into 17's
//! or 18's.
//!
//! | method | 17 | 18 | 19 |
//! | --- | --- | --- | --- |
//! | `name_get` | records: `[(id, display_name)]` | does not exist | does not exist |
//! | `exists`, `search_fetch` | public | public | `@api.private` |
//! | `check_access_rights(operation, raise_exception=True)` | public: `True` | public: `None` (`check_access`'s) | as 18 (deprecated) |
//! | `has_access(operation)` | does not exist | public | public |
//! | `name_search` | `(name, args, operator, limit)` | as 17 | `(name, domain, operator, limit)` |
//! | `update_field_translations` | `(field_name, translations)` | `(…, source_lang='')` | as 18 |
//! | a private name | `_…` and `init`, checked before anything else | looked up first (`does not exist`), then `_…` and `@api.private` | `_…` first, then looked up, then `@api.private` |
//!
//! Methods returning `None` (`fetch`, 18's `check_access`, `check_access_rule`) are left out:
//! XML-RPC cannot send their answer.

use odoo_runtime::Value;

use super::bind::{opt, req, Bound, Default, Param};
use super::ctx::Ctx;
use super::records;
use super::table::Method;
use super::translations;
use crate::exception::{OResult, OdooError};

/// A method of some versions only.
pub(crate) struct Versioned {
    pub(crate) since: u32,
    pub(crate) until: u32,
    pub(crate) method: Method,
}

const fn versioned(since: u32, until: u32, method: Method) -> Versioned {
    Versioned {
        since,
        until,
        method,
    }
}

const MODEL: bool = true;
const RECORDS: bool = false;

/// `name_search` up to 18: the domain is `args`.
const NAME_SEARCH_18: &[Param] = &[
    opt("name", Default::Str("")),
    opt("args", Default::None),
    opt("operator", Default::Str("ilike")),
    opt("limit", Default::Int(100)),
];

/// Looked up before Odoo 19's table.
pub(crate) const VERSIONED: &[Versioned] = &[
    versioned(
        17,
        17,
        Method {
            listed: false,
            ..super::table::row("name_get", RECORDS, &[], "BaseModel", None, name_get)
        },
    ),
    versioned(
        17,
        18,
        Method {
            listed: false,
            ..super::table::row("exists", RECORDS, &[], "BaseModel", None, exists)
        },
    ),
    versioned(
        17,
        18,
        Method {
            listed: false,
            ..super::table::row(
                "search_fetch",
                MODEL,
                &[
                    req("domain"),
                    req("field_names"),
                    opt("offset", Default::Int(0)),
                    opt("limit", Default::None),
                    opt("order", Default::None),
                ],
                "BaseModel",
                None,
                search_fetch,
            )
        },
    ),
    versioned(
        17,
        19,
        Method {
            listed: false,
            ..super::table::row(
                "check_access_rights",
                MODEL,
                &[req("operation"), opt("raise_exception", Default::True)],
                "BaseModel",
                None,
                check_access_rights,
            )
        },
    ),
    versioned(
        18,
        19,
        Method {
            listed: false,
            ..super::table::row(
                "has_access",
                RECORDS,
                &[req("operation")],
                "BaseModel",
                None,
                has_access,
            )
        },
    ),
    versioned(
        17,
        17,
        Method {
            listed: false,
            ..super::table::row(
                "update_field_translations",
                RECORDS,
                &[req("field_name"), req("translations")],
                "BaseModel",
                None,
                translations::update_field_translations,
            )
        },
    ),
    versioned(
        17,
        18,
        Method {
            listed: false,
            ..super::table::row(
                "name_search",
                MODEL,
                NAME_SEARCH_18,
                "BaseModel",
                None,
                name_search_args,
            )
        },
    ),
];

/// The method of `major` named `name`, if this module has one.
pub(crate) fn method(major: u32, name: &str) -> Option<&'static Method> {
    VERSIONED
        .iter()
        .find(|v| v.method.name == name && (v.since..=v.until).contains(&major))
        .map(|v| &v.method)
}

/// Whether `name` is a method of every model of `major` that cannot be called remotely, or
/// `None` when the version does not have it (18 looks the name up first).
pub(crate) fn private(major: u32, name: &str, private_19: &[&str]) -> Option<bool> {
    match major {
        ..=17 => Some(name.starts_with('_') || name == "init"),
        18 if name.starts_with('_') => BASE_MODEL_PRIVATE_18.contains(&name).then_some(true),
        18 => Some(PRIVATE_18.contains(&name)),
        _ => Some(name.starts_with('_') || private_19.contains(&name)),
    }
}

/// Whether the version refuses `name` as private before it looks for the model (17's
/// `check_method_name` in `execute`).
pub(crate) fn refused_before_the_model(store: &crate::store::Store, name: &str) -> bool {
    crate::version::Dialect::of(&store.schema.odoo_version).major <= 17
        && (name.starts_with('_') || name == "init")
}

/// Odoo 18's `@api.private` methods of `BaseModel`.
const PRIVATE_18: &[&str] = &[
    "concat",
    "ensure_one",
    "filtered",
    "filtered_domain",
    "flush_model",
    "flush_recordset",
    "grouped",
    "init",
    "invalidate_model",
    "invalidate_recordset",
    "mapped",
    "new",
    "sorted",
    "sudo",
    "union",
    "with_company",
    "with_context",
    "with_env",
    "with_prefetch",
    "with_user",
];

/// The `_…` methods of Odoo 18's `BaseModel` (`odoo/models.py`): a private name that is not
/// one of them does not exist on 18.
const BASE_MODEL_PRIVATE_18: &[&str] = &[
    "_add_field",
    "_add_inherited_fields",
    "_add_missing_default_values",
    "_add_precomputed_values",
    "_add_sql_constraints",
    "_apply_ir_rules",
    "_apply_onchange_methods",
    "_as_query",
    "_auto_init",
    "_build_model",
    "_build_model_attributes",
    "_build_model_check_base",
    "_build_model_check_parent",
    "_cache",
    "_check_access",
    "_check_company",
    "_check_company_domain",
    "_check_m2m_recursion",
    "_check_parent_path",
    "_check_qorder",
    "_check_recursion",
    "_check_removed_columns",
    "_clean_properties",
    "_compute_display_name",
    "_compute_field_value",
    "_condition_to_sql",
    "_constraint_methods",
    "_convert_records",
    "_convert_to_record",
    "_convert_to_write",
    "_create",
    "_determine_fields_to_fetch",
    "_export_rows",
    "_extract_records",
    "_fetch_field",
    "_fetch_query",
    "_field_to_sql",
    "_filter_access_rules",
    "_filter_access_rules_python",
    "_filtered_access",
    "_flush",
    "_flush_search",
    "_get_base_lang",
    "_get_external_ids",
    "_get_placeholder_filename",
    "_get_redirect_suggested_company",
    "_has_cycle",
    "_has_onchange",
    "_in_cache_without",
    "_inherits_check",
    "_init_column",
    "_init_constraints_onchanges",
    "_invalidate_cache",
    "_is_an_ordinary_table",
    "_load_records",
    "_load_records_create",
    "_load_records_write",
    "_mapped_func",
    "_modified",
    "_modified_triggers",
    "_onchange_methods",
    "_ondelete_methods",
    "_order_field_to_sql",
    "_order_to_sql",
    "_origin",
    "_parent_store_compute",
    "_parent_store_create",
    "_parent_store_update",
    "_parent_store_update_prepare",
    "_pop_field",
    "_prepare_create_values",
    "_prepare_setup",
    "_read_format",
    "_read_group",
    "_read_group_empty_value",
    "_read_group_expand_full",
    "_read_group_fill_results",
    "_read_group_fill_temporal",
    "_read_group_format_result",
    "_read_group_format_result_properties",
    "_read_group_get_annotated_groupby",
    "_read_group_groupby",
    "_read_group_groupby_properties",
    "_read_group_having",
    "_read_group_orderby",
    "_read_group_postprocess_aggregate",
    "_read_group_postprocess_groupby",
    "_read_group_select",
    "_rec_name_fallback",
    "_recompute_field",
    "_recompute_model",
    "_recompute_recordset",
    "_register_hook",
    "_search",
    "_search_display_name",
    "_setup_base",
    "_setup_complete",
    "_setup_fields",
    "_table_has_rows",
    "_table_sql",
    "_traverse_related_sql",
    "_unregister_hook",
    "_update_cache",
    "_update_field_translations",
    "_valid_field_parameter",
    "_validate_fields",
    "_where_calc",
    "_write",
    "_write_multi",
];

/// 17's `name_get`: `[(record.id, record.display_name) for record in self]`.
fn name_get(ctx: &mut Ctx<'_>, _: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    ctx.missing_error()?;
    Ok(Value::Array(
        ctx.ids
            .iter()
            .map(|id| {
                Value::Array(vec![
                    Value::Int(*id),
                    crate::names::display_name(ctx.store, ctx.model, *id).into(),
                ])
            })
            .collect(),
    ))
}

/// `exists()`: the records that are in the database, in the order given (no access check:
/// a query on the table).
fn exists(ctx: &mut Ctx<'_>, _: Bound) -> OResult<Value> {
    let mut seen = Vec::new();
    for id in ctx.ids.iter().copied() {
        if ctx.store.exists(ctx.model, id) && !seen.contains(&id) {
            seen.push(id);
        }
    }
    Ok(Value::Array(seen.into_iter().map(Value::Int).collect()))
}

/// `search_fetch(domain, field_names, …)`: the records found (`@api.returns('self')`), which
/// over RPC are the ids `search` gives.
fn search_fetch(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    records::search(ctx, args)
}

/// `check_access_rights(operation, raise_exception=True)`: the `AccessError`, or `False` when
/// asked not to raise; when allowed, `True` on 17, and from 18 on what `check_access` answers
/// when asked to raise (`None`, which XML-RPC cannot send) or `has_access` (`True`).
fn check_access_rights(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let operation = operation(&args)?;
    let raise = crate::values::truthy(&args.get("raise_exception"));
    let major = crate::version::Dialect::of(&ctx.store.schema.odoo_version).major;
    match ctx.access.check(ctx.store, ctx.model, &operation) {
        Ok(()) if raise && major >= 18 => Ok(Value::Nil),
        Ok(()) => Ok(Value::Bool(true)),
        Err(_) if !raise => Ok(Value::Bool(false)),
        Err(e) => Err(e),
    }
}

/// `has_access(operation)` (`_check_access`): whether the access-control list allows it and
/// every record passes the record rules. With a rule to apply, a record that is gone is
/// Odoo's MissingError (its `filtered_domain` reads the records), before any answer.
fn has_access(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let operation = operation(&args)?;
    if ctx.access.check(ctx.store, ctx.model, &operation).is_err() {
        return Ok(Value::Bool(false));
    }
    let Some(dom) = ctx.store.rule_domain(ctx.env, ctx.model, &operation)? else {
        return Ok(Value::Bool(true));
    };
    ctx.missing_error()?;
    let forbidden = ctx.store.failing(ctx.model, &ctx.ids, &dom)?;
    Ok(Value::Bool(forbidden.is_empty()))
}

/// The operation of an access check (`ir.model.access.check` asserts it).
fn operation(args: &Bound) -> OResult<String> {
    match args.get("operation") {
        Value::String(s) if ["read", "write", "create", "unlink"].contains(&s.as_str()) => Ok(s),
        _ => Err(OdooError::new(
            crate::exception::Class::AssertionError,
            "Invalid access mode",
        )),
    }
}

/// 17's and 18's `name_search(name, args, operator, limit)`: 19's with `args` as `domain`.
fn name_search_args(ctx: &mut Ctx<'_>, mut args: Bound) -> OResult<Value> {
    let domain = args.values.remove("args").unwrap_or(Value::Nil);
    args.values.insert("domain".into(), domain);
    records::name_search(ctx, args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_version_checks_a_private_name_its_own_way() {
        let p19 = &["exists", "sudo"];
        assert_eq!(private(17, "_read", p19), Some(true));
        assert_eq!(private(17, "init", p19), Some(true));
        assert_eq!(private(17, "exists", p19), Some(false));
        // 18 looks the name up first: `_read` is gone in 18, `_search` is there.
        assert_eq!(private(18, "_read", p19), None);
        assert_eq!(private(18, "_search", p19), Some(true));
        assert_eq!(private(18, "sudo", p19), Some(true));
        assert_eq!(private(18, "exists", p19), Some(false));
        assert_eq!(private(19, "_read", p19), Some(true));
        assert_eq!(private(19, "exists", p19), Some(true));
    }

    #[test]
    fn methods_belong_to_their_versions() {
        assert!(method(17, "name_get").is_some());
        assert!(method(18, "name_get").is_none());
        assert!(method(18, "exists").is_some());
        assert!(method(19, "exists").is_none());
        assert!(method(17, "has_access").is_none());
        assert!(method(19, "has_access").is_some());
        assert!(method(18, "name_search").is_some_and(|m| m.params[1].name == "args"));
        assert!(method(19, "name_search").is_none());
    }
}
