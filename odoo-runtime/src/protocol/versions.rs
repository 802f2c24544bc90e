//! What differs between the Odoo versions the client speaks to — 17, 18 and 19 — in one place,
//! next to the [calling conventions](super::conventions).
//!
//! The client picks a [`Dialect`] by the server's major version (`common.version`, asked once
//! per client and cached). Most calls need no version: [`CallingConventions::ODOO_16_TO_19`]
//! holds forms every version accepts, so a client with a password never asks. The version is
//! asked only where it changes what the client does:
//!
//! - **JSON-2 and `/doc-bearer`** exist from Odoo 19 on ([`Dialect::json2`]). Odoo 17 answers
//!   `/json/2/…` with its HTML 404 page, Odoo 18 with a 303 to `/web/login` (its `/json/<path>`
//!   route of the web client, `auth='user'`). A JSON-2 call to a server known to be older is
//!   refused before it is sent; an HTML answer to one makes the client ask the version, and
//!   either way the error says `JSON-2 needs Odoo 19; this server is Odoo 18.0-20250702`.
//! - **Result shapes** ([`RESHAPED`]): a [`Call`](crate::Call) names its parameters as Odoo 19
//!   does, and its result has Odoo 19's shape too: `copy` answers an id on 17 (`[id]` from 18),
//!   `message_post` an id on 17 and 18 (`[id]` on 19); the client makes them lists.
//! - **Methods of some versions only** ([`METHODS`]): `formatted_read_group` (19), `name_get`
//!   (17), `has_access` (18), `exists` and `search_fetch` (public up to 18)… When the server says
//!   such a method does not exist or is private, the error adds which versions have it and what
//!   to call instead.
//! - **Bindings of another version**: a struct generated from one version
//!   (`#[odoo(odoo_version = "19.0")]`) used against another fails, when a field is unknown or
//!   does not decode, with `bindings generated from Odoo 19.0; the server is Odoo 17.0-20240709`
//!   added to the error ([`bindings_note`]).
//!
//! Everything else a client meets differs only in ways it need not act on; it is listed here so
//! that one page says it all (sources: each version's `odoo/models.py` or `odoo/orm/`,
//! `odoo/service/model.py`, `odoo/http.py`, checked against live servers):
//!
//! | difference | 17 | 18 | 19 | what the client does |
//! | --- | --- | --- | --- | --- |
//! | JSON-2, `/doc-bearer` | 404 HTML | 303 → `/web/login` | yes | [`Dialect::json2`] |
//! | `copy` result | `id` | `[id]` | `[id]` | [`RESHAPED`] |
//! | `message_post` result | `id` | `id` | `[id]` | [`RESHAPED`] |
//! | `formatted_read_group`, `web_name_search` | — | — | yes | [`METHODS`] (`read_group`, `name_search` everywhere) |
//! | `name_get` | yes (deprecated) | — | — | [`METHODS`] (read `display_name`) |
//! | `has_access` | — | yes | yes | [`METHODS`] |
//! | `check_access` | — | public | private | [`METHODS`] |
//! | `exists`, `search_fetch` | public | public | private | [`METHODS`] |
//! | `name_search` domain keyword | `args` | `args` | `domain` | sent by position everywhere ([`super::conventions`]) |
//! | `default_get` keyword | `fields_list`, `fields` or `default_fields` by model | the same | `fields` | sent by position everywhere |
//! | `write` keyword | `vals` (`values` in 51 overrides) | `vals` | `vals` | sent by position everywhere |
//! | `has_group` | model method `(group)` | record method `([uid], group)` | as 18 | none: the caller picks the form |
//! | `web_read_group` | `(domain, fields, groupby, …, lazy)` | as 17 | `(domain, groupby, aggregates, …)` | none: the caller picks the form |
//! | `server_version` | `17.0-20240709` (nightly) | `18.0-20250702` | `19.0` | [`ServerVersion::major`](crate::ServerVersion::major) reads `server_version_info[0]` |
//! | JSON-RPC `error.code` | 200 | 200 | 0 | errors are classified by `data.name`, never by the code |
//! | XML-RPC fault texts | `The method 'x' does not exist on the model 'm'`, `Private methods (such as _x)`, `Invalid field 'f' on model 'm'`, `Invalid leaf (…)`, NOT NULL as `The operation cannot be completed:\n- Create/update: a mandatory field is not set.…` | as 17 but `The method 'm.x' does not exist`, `Private methods (such as 'm._x')` | `Invalid field 'f' on 'm'`, `… in condition (…)`, `Invalid operator in condition`, `Missing required value for the field 'F' (f)` | errors are classified by fault code and class, never by text |
//! | record method without ids | `IndexError: tuple index out of range` | as 17 | `list index out of range` | the client always sends ids (`[]` when none) |
//! | `context.lang` unknown | ignored | `UserError: Invalid language code` | as 18 | none |
//! | `<dateTime.iso8601>` in a `write` | `TypeError` (parsed without `use_datetime`) | stored | stored | the client sends datetimes as `"YYYY-MM-DD HH:MM:SS"` strings |
//! | `res.users` groups field | `groups_id` | `groups_id` | `group_ids` | none (generated bindings follow their version) |
//! | `res.users` `fields_get` | adds `in_group_<id>`, `sel_groups_<ids>` pseudo-fields | as 17 | none | `odoo-codegen` leaves them out |
//! | `ir.model.fields` columns | no `company_dependent`; `translate` boolean | `translate` boolean | `translate` a selection; no `complete_name` | `odoo-codegen`'s introspection picks its columns by version |
//! | fields_get aggregation attribute | `group_operator` | `aggregator` | `aggregator` | none |
//! | API keys | never expire | `expiration_date` | as 18 | none: a key is a password to XML-RPC and JSON-RPC on all three |

use serde::{Deserialize, Serialize};

use super::conventions::CallingConventions;
use crate::error::{Error, ErrorKind};
use crate::value::Value;

/// What `common.version` answers.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ServerVersion {
    /// e.g. `19.0`, or `saas~18.4` on Odoo Online.
    pub server_version: String,
    /// e.g. `[19, 0, 0, "final", 0, ""]`.
    #[serde(default)]
    pub server_version_info: Vec<Value>,
    /// e.g. `19.0`.
    #[serde(default)]
    pub server_serie: String,
    /// The XML-RPC protocol version (1).
    #[serde(default)]
    pub protocol_version: i64,
}

impl ServerVersion {
    /// The major version, e.g. 19 (also for `saas~18.4`, which gives 18, and for the nightly
    /// `17.0-20240709`, which gives 17): `server_version_info[0]`, else the number that starts
    /// `server_version`.
    ///
    /// ```
    /// # use odoo_runtime::ServerVersion;
    /// let v: ServerVersion = serde_json::from_str(r#"{"server_version": "saas~18.4"}"#).unwrap();
    /// assert_eq!(v.major(), Some(18));
    /// ```
    pub fn major(&self) -> Option<u32> {
        if let Some(Value::Int(n)) = self.server_version_info.first() {
            return u32::try_from(*n).ok();
        }
        major_of(&self.server_version)
    }
}

/// One major version of Odoo, as the client sees it.
#[derive(Debug)]
pub(crate) struct Dialect {
    /// The major version this row describes.
    pub(crate) major: u32,
    /// Whether `/json/2/<model>/<method>` and `/doc-bearer` exist.
    pub(crate) json2: bool,
    /// How `execute_kw` takes a [`Call`](crate::Call)'s named parameters.
    pub(crate) conventions: &'static CallingConventions,
}

/// The supported versions, oldest first. A server older than the first row is spoken to as
/// the first (Odoo 16 takes the same forms), one newer than the last as the last.
pub(crate) const DIALECTS: &[Dialect] = &[
    Dialect {
        major: 17,
        json2: false,
        conventions: &CallingConventions::ODOO_16_TO_19,
    },
    Dialect {
        major: 18,
        json2: false,
        conventions: &CallingConventions::ODOO_16_TO_19,
    },
    Dialect {
        major: 19,
        json2: true,
        conventions: &CallingConventions::ODOO_16_TO_19,
    },
];

/// The dialect of a server with this major version.
pub(crate) fn dialect(major: u32) -> &'static Dialect {
    DIALECTS
        .iter()
        .rev()
        .find(|d| d.major <= major)
        .unwrap_or(&DIALECTS[0])
}

/// The first version with JSON-2.
pub(crate) const JSON2_SINCE: u32 = 19;

/// The error for JSON-2 (or `/doc-bearer`) asked of a server older than Odoo 19.
pub(crate) fn json2_refused(what: &str, version: &ServerVersion) -> Error {
    Error::builder(format!(
        "{what} needs Odoo {JSON2_SINCE}; this server is Odoo {}: use Protocol::XmlRpc or \
         Protocol::JsonRpc (or leave the protocol to the client)",
        version.server_version
    ))
}

/// Whether an error of a JSON-2 or `/doc-bearer` request is an answer from something else than
/// JSON-2: Odoo 17's HTML 404 or Odoo 18's 303 to its login page (the client follows no
/// redirect), or the 418 page Odoo's `http_routing` falls back to when that 404 page itself
/// fails to render (seen on Odoo 17 while another request reloaded the registry). JSON-2
/// reports its own errors as JSON bodies, which never come out as transport errors with these
/// statuses. A 200 that is not JSON-2 (a proxy's page, garbage) is not
/// explained by the version: asking it would be a second request to a server already
/// answering wrong.
pub(crate) fn not_json2(e: &Error) -> bool {
    e.kind() == ErrorKind::Transport && matches!(e.status(), Some(303 | 404 | 418))
}

/// A method whose result Odoo 19 shapes differently than older versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Reshape {
    pub(crate) method: &'static str,
    /// The last version that answers a bare id where Odoo 19 answers a list of ids.
    pub(crate) id_until: u32,
}

/// Results brought to Odoo 19's shape: a bare id becomes `[id]`. By the answer's shape, not by
/// the version, so a server whose version is unknown is read right as well.
pub(crate) const RESHAPED: &[Reshape] = &[
    // 17: `@api.returns('self', lambda value: value.id)`; 18: `@api.returns('self')`.
    Reshape {
        method: "copy",
        id_until: 17,
    },
    // 17, 18: `@api.returns('mail.message', lambda value: value.id)`; 19: no decorator, and
    // `call_kw` turns the record into `.ids`.
    Reshape {
        method: "message_post",
        id_until: 18,
    },
];

/// Whether `method`'s answer is reshaped.
pub(crate) fn reshaped(method: &str) -> bool {
    RESHAPED.iter().any(|r| r.method == method)
}

/// `id` → `[id]` for the methods of [`RESHAPED`]; anything else is left alone.
pub(crate) fn reshape(method: &str, answer: Value) -> Value {
    match answer {
        Value::Int(id) if reshaped(method) => Value::Array(vec![Value::Int(id)]),
        other => other,
    }
}

/// A method that exists, or can be called remotely, in some versions only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Availability {
    pub(crate) method: &'static str,
    /// The first version where it can be called, if not all.
    pub(crate) since: Option<u32>,
    /// The last version where it can be called, if not all later ones.
    pub(crate) until: Option<u32>,
    /// What to call on the other versions.
    pub(crate) instead: &'static str,
}

/// The methods that come and go between 17 and 19.
pub(crate) const METHODS: &[Availability] = &[
    Availability {
        method: "formatted_read_group",
        since: Some(19),
        until: None,
        instead: "call `read_group` (every version; deprecated in 19)",
    },
    Availability {
        method: "web_name_search",
        since: Some(19),
        until: None,
        instead: "call `name_search`",
    },
    Availability {
        method: "name_get",
        since: None,
        until: Some(17),
        instead: "read the `display_name` field",
    },
    Availability {
        method: "has_access",
        since: Some(18),
        until: None,
        instead: "call `check_access_rights` with `raise_exception=False`",
    },
    Availability {
        method: "check_access",
        since: Some(18),
        until: Some(18),
        instead: "call `has_access` (18+) or `check_access_rights`",
    },
    Availability {
        method: "exists",
        since: None,
        until: Some(18),
        instead: "search `[(\"id\", \"in\", ids)]`",
    },
    Availability {
        method: "search_fetch",
        since: None,
        until: Some(18),
        instead: "call `search_read`",
    },
];

impl Availability {
    fn covers(&self, major: u32) -> bool {
        self.since.is_none_or(|s| major >= s) && self.until.is_none_or(|u| major <= u)
    }

    fn versions(&self) -> String {
        match (self.since, self.until) {
            (Some(s), Some(u)) if s == u => format!("Odoo {s} only"),
            (Some(s), Some(u)) => format!("Odoo {s} to {u}"),
            (Some(s), None) => format!("Odoo {s} and later"),
            (None, Some(u)) => format!("Odoo {u} and earlier"),
            (None, None) => "every version".to_owned(),
        }
    }
}

/// Whether `e` says that a method does not exist or is private: what a server of a version
/// without it answers.
pub(crate) fn says_no_such_method(e: &Error) -> bool {
    let class = e.exception_class().unwrap_or_default();
    let message = e.server_message().unwrap_or_default();
    class.ends_with("AttributeError") && message.contains("does not exist")
        || e.kind() == ErrorKind::AccessError && message.starts_with("Private methods")
}

/// The note for a method the server's version does not have, if the table knows it.
pub(crate) fn method_note(method: &str, server: &ServerVersion) -> Option<String> {
    let major = server.major()?;
    let row = METHODS.iter().find(|m| m.method == method)?;
    (!row.covers(major)).then(|| {
        format!(
            "`{method}` can be called on {}; this server is Odoo {}: {}",
            row.versions(),
            server.server_version,
            row.instead
        )
    })
}

/// Whether `e` may come from a field that the server's version does not have or types
/// differently: an unknown field (`Invalid field …` in a read list, a domain or values, on
/// every version), a value the server refuses (`Wrong value for …`), or an answer that does
/// not decode.
pub(crate) fn may_be_a_field_of_another_version(e: &Error) -> bool {
    let message = e.server_message().unwrap_or_default();
    e.kind() == ErrorKind::Decode
        || message.contains("Invalid field")
        || message.contains("Wrong value for")
}

/// The note for bindings generated from `bindings` used against `server`, when their major
/// versions differ.
pub(crate) fn bindings_note(bindings: &str, server: &ServerVersion) -> Option<String> {
    let generated = major_of(bindings)?;
    let major = server.major()?;
    (generated != major).then(|| {
        format!(
            "bindings generated from Odoo {bindings}; the server is Odoo {}",
            server.server_version
        )
    })
}

/// The major version in a version text: `19.0` → 19, `17.0-20240709` → 17, `saas~18.4` → 18.
pub(crate) fn major_of(version: &str) -> Option<u32> {
    version
        .trim_start_matches("saas~")
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Fault;

    fn version(text: &str) -> ServerVersion {
        serde_json::from_value(serde_json::json!({ "server_version": text })).unwrap()
    }

    #[test]
    fn each_major_version_has_its_row_and_others_the_nearest() {
        assert_eq!(dialect(17).major, 17);
        assert_eq!(dialect(18).major, 18);
        assert_eq!(dialect(19).major, 19);
        assert_eq!(dialect(16).major, 17, "older: the oldest row");
        assert_eq!(dialect(20).major, 19, "newer: the newest row");
        assert!(!dialect(17).json2 && !dialect(18).json2 && dialect(19).json2);
        for pair in DIALECTS.windows(2) {
            assert!(pair[0].major < pair[1].major, "rows are sorted");
        }
        assert!(DIALECTS.iter().all(|d| d.json2 == (d.major >= JSON2_SINCE)));
    }

    #[test]
    fn the_json2_error_names_the_server_version_and_the_way_out() {
        let e = json2_refused("JSON-2", &version("18.0-20250702"));
        assert_eq!(e.kind(), ErrorKind::Builder);
        assert!(
            e.to_string()
                .contains("JSON-2 needs Odoo 19; this server is Odoo 18.0-20250702"),
            "{e}"
        );
        assert!(e.to_string().contains("Protocol::XmlRpc"), "{e}");
    }

    #[test]
    fn html_answers_to_json2_are_told_apart_from_json2_errors() {
        assert!(not_json2(&Error::transport("HTML 404", Some(404))));
        assert!(!not_json2(&Error::transport("login page", Some(200))));
        assert!(not_json2(&Error::transport("redirect", Some(303))));
        assert!(not_json2(&Error::transport(
            "error page of the error page",
            Some(418)
        )));
        assert!(!not_json2(&Error::transport("bad gateway", Some(502))));
        assert!(!not_json2(&Error::connect("refused")));
        let json_404 = crate::json::error::json_error(
            Some(404),
            "werkzeug.exceptions.NotFound",
            "the model 'x' does not exist".into(),
            None,
        );
        assert!(!not_json2(&json_404));
    }

    #[test]
    fn a_bare_id_of_copy_and_message_post_becomes_a_list() {
        assert_eq!(reshape("copy", Value::Int(7)), Value::from(vec![7]));
        assert_eq!(reshape("message_post", Value::Int(8)), Value::from(vec![8]));
        assert_eq!(reshape("copy", Value::from(vec![7])), Value::from(vec![7]));
        assert_eq!(reshape("create", Value::Int(7)), Value::Int(7));
        assert!(RESHAPED.iter().all(|r| r.id_until < 19));
    }

    #[test]
    fn a_missing_method_is_explained_by_the_versions_that_have_it() {
        let v17 = version("17.0-20240709");
        let v19 = version("19.0");
        let note = method_note("formatted_read_group", &v17).unwrap();
        assert_eq!(
            note,
            "`formatted_read_group` can be called on Odoo 19 and later; this server is Odoo \
             17.0-20240709: call `read_group` (every version; deprecated in 19)"
        );
        assert_eq!(method_note("formatted_read_group", &v19), None);
        assert!(method_note("exists", &v19)
            .unwrap()
            .contains("Odoo 18 and earlier"));
        assert_eq!(method_note("exists", &v17), None);
        assert!(method_note("check_access", &v17)
            .unwrap()
            .contains("Odoo 18 only"));
        assert_eq!(method_note("search", &v17), None, "not in the table");
        for m in METHODS {
            assert!(
                m.since.is_some() || m.until.is_some(),
                "{} is everywhere",
                m.method
            );
            assert!(
                METHODS.iter().filter(|o| o.method == m.method).count() == 1,
                "{} twice",
                m.method
            );
        }
    }

    #[test]
    fn no_such_method_is_read_from_the_class_or_the_private_message() {
        let attribute = Error::server(
            ErrorKind::ServerError,
            Fault {
                code: None,
                class: Some("builtins.AttributeError".into()),
                message: "The method 'res.partner.name_get' does not exist".into(),
                traceback: None,
            },
        );
        assert!(says_no_such_method(&attribute));
        let private = Error::server(
            ErrorKind::AccessError,
            Fault {
                code: None,
                class: None,
                message:
                    "Private methods (such as 'res.partner.exists') cannot be called remotely."
                        .into(),
                traceback: None,
            },
        );
        assert!(says_no_such_method(&private));
        assert!(!says_no_such_method(&Error::decode_message("x")));
    }

    #[test]
    fn bindings_of_another_major_version_are_named_with_the_server_version() {
        let v17 = version("17.0-20240709");
        assert_eq!(
            bindings_note("19.0", &v17).as_deref(),
            Some("bindings generated from Odoo 19.0; the server is Odoo 17.0-20240709")
        );
        assert_eq!(bindings_note("17.0", &v17), None, "same major");
        assert_eq!(bindings_note("nonsense", &v17), None);
        assert_eq!(major_of("saas~18.4"), Some(18));
        assert_eq!(major_of("17.0-20240709"), Some(17));
        let invalid = Error::server(
            ErrorKind::ServerError,
            Fault {
                code: None,
                class: Some("builtins.ValueError".into()),
                message: "Invalid field 'company_dependent' on model 'ir.model.fields'".into(),
                traceback: None,
            },
        );
        assert!(may_be_a_field_of_another_version(&invalid));
        assert!(may_be_a_field_of_another_version(&Error::decode_message(
            "x"
        )));
        assert!(!may_be_a_field_of_another_version(&Error::connect("x")));
    }
}
