//! The public methods, one row each: Odoo 19's Python signature (as `odoo/orm/models.py`
//! and `addons/web/models/models.py` define it, and `/doc-bearer/<model>.json` documents
//! it) and the handler that runs it. Adding a method is adding a row.

use odoo_runtime::Value;

use super::bind::{kw_only, opt, req, var_kw, Bound, Default, Param};
use super::ctx::Ctx;
use super::{group, import, mail, read_group, records, sale, translations, web};
use crate::exception::OResult;
use crate::store::Store;

/// Runs a method once its arguments are bound.
pub(crate) type Handler = fn(&mut Ctx<'_>, Bound) -> OResult<Value>;

/// One public method.
#[derive(Debug)]
pub(crate) struct Method {
    pub(crate) name: &'static str,
    /// `@api.model`: called on the model, so `call_kw` takes no ids from `args` and JSON-2
    /// refuses `ids`.
    pub(crate) api_model: bool,
    /// The parameters after `self`.
    pub(crate) params: &'static [Param],
    /// The class that defines the method on a model that does not override it (`BaseModel`
    /// for the ORM's methods, `Base` for those modules add to every model).
    pub(crate) class: &'static str,
    /// The return annotation `/doc-bearer` shows, if any.
    pub(crate) returns: Option<&'static str>,
    /// The only models that have it (`context_get`: `res.users`); empty for every model.
    pub(crate) models: &'static [&'static str],
    /// Whether a model has it, beyond `models` (`message_post`: the `mail.thread` models).
    pub(crate) available: fn(&Store, &str) -> bool,
    /// The model and module that introduce it (`/doc-bearer`'s `model` and `module`).
    pub(crate) defined_in: (&'static str, &'static str),
    /// Listed by `/doc-bearer` (deprecated methods such as `read_group` are not).
    pub(crate) listed: bool,
    pub(crate) handler: Handler,
}

fn anywhere(_: &Store, _: &str) -> bool {
    true
}

pub(super) const fn row(
    name: &'static str,
    api_model: bool,
    params: &'static [Param],
    class: &'static str,
    returns: Option<&'static str>,
    handler: Handler,
) -> Method {
    Method {
        name,
        api_model,
        params,
        class,
        returns,
        models: &[],
        available: anywhere,
        defined_in: ("core", "core"),
        listed: true,
        handler,
    }
}

const MODEL: bool = true;
const RECORDS: bool = false;

/// Sorted by name (the order `/doc-bearer` lists them in).
pub(crate) const METHODS: &[Method] = &[
    row(
        "action_archive",
        RECORDS,
        &[],
        "BaseModel",
        None,
        records::action_archive,
    ),
    Method {
        models: &[sale::ORDER],
        defined_in: (sale::ORDER, "sale"),
        ..row(
            "action_cancel",
            RECORDS,
            &[],
            "SaleOrder",
            None,
            sale::action_cancel,
        )
    },
    Method {
        models: &[sale::ORDER],
        defined_in: (sale::ORDER, "sale"),
        ..row(
            "action_confirm",
            RECORDS,
            &[],
            "SaleOrder",
            Some("bool"),
            sale::action_confirm,
        )
    },
    Method {
        models: &[sale::ORDER],
        defined_in: (sale::ORDER, "sale"),
        ..row(
            "action_draft",
            RECORDS,
            &[],
            "SaleOrder",
            None,
            sale::action_draft,
        )
    },
    row(
        "action_unarchive",
        RECORDS,
        &[],
        "BaseModel",
        None,
        records::action_unarchive,
    ),
    Method {
        models: &["res.users"],
        ..row(
            "context_get",
            MODEL,
            &[],
            "ResUsers",
            None,
            records::context_get,
        )
    },
    row(
        "copy",
        RECORDS,
        &[opt("default", Default::None)],
        "BaseModel",
        Some("list[int]"),
        records::copy,
    ),
    row(
        "create",
        MODEL,
        &[req("vals_list")],
        "BaseModel",
        Some("list[int]"),
        records::create,
    ),
    row(
        "default_get",
        MODEL,
        &[req("fields")],
        "BaseModel",
        Some("ValuesType"),
        records::default_get,
    ),
    row(
        "export_data",
        RECORDS,
        &[req("fields_to_export")],
        "BaseModel",
        Some("dict"),
        import::export_data,
    ),
    row(
        "fields_get",
        MODEL,
        &[
            opt("allfields", Default::None),
            opt("attributes", Default::None),
        ],
        "BaseModel",
        Some("dict[str, ValuesType]"),
        records::fields_get_method,
    ),
    Method {
        defined_in: ("base", "web"),
        ..row(
            "formatted_read_group",
            MODEL,
            &[
                req("domain"),
                opt("groupby", Default::EmptyTuple),
                opt("aggregates", Default::EmptyTuple),
                opt("having", Default::EmptyTuple),
                opt("offset", Default::Int(0)),
                opt("limit", Default::None),
                opt("order", Default::None),
            ],
            "Base",
            Some("list[dict]"),
            group::formatted_read_group,
        )
    },
    row(
        "get_field_translations",
        RECORDS,
        &[req("field_name"), opt("langs", Default::None)],
        "BaseModel",
        Some("tuple[list[dict[str, str]], dict[str, typing.Any]]"),
        translations::get_field_translations,
    ),
    row(
        "load",
        MODEL,
        &[req("fields"), req("data")],
        "BaseModel",
        None,
        import::load,
    ),
    Method {
        available: mail::is_thread,
        defined_in: ("mail.thread", "mail"),
        ..row(
            "message_post",
            RECORDS,
            &[
                kw_only("body", Default::Str("")),
                kw_only("subject", Default::None),
                kw_only("message_type", Default::Str("notification")),
                kw_only("email_from", Default::None),
                kw_only("author_id", Default::None),
                kw_only("parent_id", Default::False),
                kw_only("subtype_xmlid", Default::None),
                kw_only("subtype_id", Default::False),
                kw_only("partner_ids", Default::None),
                kw_only("outgoing_email_to", Default::False),
                kw_only("incoming_email_to", Default::False),
                kw_only("incoming_email_cc", Default::False),
                kw_only("attachments", Default::None),
                kw_only("attachment_ids", Default::None),
                kw_only("body_is_html", Default::False),
                var_kw("kwargs"),
            ],
            "MailThread",
            None,
            mail::message_post,
        )
    },
    row(
        "name_create",
        MODEL,
        &[req("name")],
        "BaseModel",
        Some("tuple[int, str] | typing.Literal[False]"),
        records::name_create,
    ),
    row(
        "name_search",
        MODEL,
        &[
            opt("name", Default::Str("")),
            opt("domain", Default::None),
            opt("operator", Default::Str("ilike")),
            opt("limit", Default::Int(100)),
        ],
        "BaseModel",
        Some("list[tuple[int, str]]"),
        records::name_search,
    ),
    row(
        "read",
        RECORDS,
        &[
            opt("fields", Default::None),
            opt("load", Default::Str("_classic_read")),
        ],
        "BaseModel",
        Some("list[ValuesType]"),
        records::read,
    ),
    Method {
        listed: false,
        ..row(
            "read_group",
            MODEL,
            &[
                req("domain"),
                req("fields"),
                req("groupby"),
                opt("offset", Default::Int(0)),
                opt("limit", Default::None),
                opt("orderby", Default::False),
                opt("lazy", Default::True),
            ],
            "BaseModel",
            None,
            read_group::read_group,
        )
    },
    row(
        "search",
        MODEL,
        &[
            req("domain"),
            opt("offset", Default::Int(0)),
            opt("limit", Default::None),
            opt("order", Default::None),
        ],
        "BaseModel",
        Some("list[int]"),
        records::search,
    ),
    row(
        "search_count",
        MODEL,
        &[req("domain"), opt("limit", Default::None)],
        "BaseModel",
        Some("int"),
        records::search_count,
    ),
    row(
        "search_read",
        MODEL,
        &[
            opt("domain", Default::None),
            opt("fields", Default::None),
            opt("offset", Default::Int(0)),
            opt("limit", Default::None),
            opt("order", Default::None),
            var_kw("read_kwargs"),
        ],
        "BaseModel",
        Some("list[ValuesType]"),
        records::search_read,
    ),
    row(
        "unlink",
        RECORDS,
        &[],
        "Base",
        Some("typing.Literal[True]"),
        records::unlink,
    ),
    row(
        "update_field_translations",
        RECORDS,
        &[
            req("field_name"),
            req("translations"),
            opt("source_lang", Default::Str("")),
        ],
        "BaseModel",
        Some("bool"),
        translations::update_field_translations,
    ),
    Method {
        defined_in: ("base", "web"),
        ..row(
            "web_read",
            RECORDS,
            &[req("specification")],
            "Base",
            Some("list[dict]"),
            web::web_read,
        )
    },
    Method {
        defined_in: ("base", "web"),
        ..row(
            "web_search_read",
            MODEL,
            &[
                req("domain"),
                req("specification"),
                opt("offset", Default::Int(0)),
                opt("limit", Default::None),
                opt("order", Default::None),
                opt("count_limit", Default::None),
            ],
            "Base",
            None,
            web::web_search_read,
        )
    },
    row(
        "write",
        RECORDS,
        &[req("vals")],
        "BaseModel",
        Some("typing.Literal[True]"),
        records::write,
    ),
];

/// The method `name` of `model`, if the server has it.
pub(crate) fn method(store: &Store, model: &str, name: &str) -> Option<&'static Method> {
    METHODS
        .iter()
        .find(|m| m.name == name && has(m, store, model))
}

fn has(m: &Method, store: &Store, model: &str) -> bool {
    (m.models.is_empty() || m.models.contains(&model)) && (m.available)(store, model)
}

/// The public methods of a model that `/doc-bearer` lists.
pub(crate) fn public_methods<'a>(
    store: &'a Store,
    model: &'a str,
) -> impl Iterator<Item = &'static Method> + 'a {
    METHODS
        .iter()
        .filter(move |m| m.listed && has(m, store, model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_sorted_and_unique() {
        let names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }
}
