//! The Odoo version the test server answers as, and what differs between Odoo 17, 18 and 19
//! on the wire, in one place.
//!
//! The version comes from the schema served ([`Schema::odoo_version`](odoo_runtime::schema::Schema),
//! which `odoo-codegen pull` records): a snapshot pulled from Odoo 17.0-20240709 makes the
//! server answer `version()` with `17.0-20240709` and behave as 17 where the difference
//! shows to a client. Everything is written as Odoo 19 does it, then [`Dialect`] turns what an
//! older version says differently:
//!
//! | what | 17 | 18 | 19 |
//! | --- | --- | --- | --- |
//! | `version()`, `about(True)`, `db.server_version` | the schema's version (`17.0-20240709`) | the same | `19.0` |
//! | `/json/2/…` | 404 HTML page | 303 to `/web/login?redirect=…` | JSON-2 |
//! | `/doc-bearer/…` | 404 HTML page | 404 HTML page | the API documentation |
//! | JSON-RPC `error.code` | 200 | 200 | 0 |
//! | `copy` | the new id | `[id]` | `[id]` |
//! | `formatted_read_group` | does not exist | does not exist | yes |
//! | unknown method | `The method 'x' does not exist on the model 'm'` | `The method 'm.x' does not exist` | as 18 |
//! | private method | `Private methods (such as _x) cannot be called remotely.` | `… (such as 'm._x') …` | as 18 |
//! | unknown field | `Invalid field 'f' on model 'm'` | as 17 | `Invalid field 'f' on 'm'` |
//! | domain: unknown field, operator | `Invalid field m.f in leaf (…)`, `Invalid leaf (…)` | as 17 | `… in condition (…)`, `Invalid operator in condition (…)` |
//! | required value missing | `The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n…\nModel: L (m)\nField: F (f)\n` | as 17 | `The operation cannot be completed: Missing required value for the field 'F' (f).\n…` |
//! | record method without ids | `tuple index out of range` | as 17 | `list index out of range` |
//! | a `UserError` on an HTTP route (a report's PDF without wkhtmltopdf) | 400 page | 400 page | 422 page |
//! | a missing record in an HTML or text report | 400 page (`Record does not exist…`) | as 17 | the bare 500 page |
//! | `ir.model.fields` | no `company_dependent`; `translate` boolean | `translate` boolean | `translate` `standard` / `html_translate` / `false` |
//! | `/json/2`'s and `/doc-bearer`'s 404 page | `text/html;charset=utf-8`, the website's `http_routing` 404 | as 17 | — |
//! | `execute_kw` with too few or too many arguments, `args` or `kw` of a wrong type | `execute_kw()`'s and `execute()`'s `TypeError`s (a Python function), after the password is checked | as 17 | `ValueError: not enough values to unpack…` |
//! | `/jsonrpc` without its parameters | `RPC.jsonrpc() missing …` | as 17 | `JSONRPC.jsonrpc() missing …` |
//! | `AccessDenied` in a JSON error | with its traceback | as 17 | no traceback |
//! | a many2one to a missing record | `…another model requires the record being deleted…\nModel: L (m)\nConstraint: m_f_fkey\n` | as 17 | `…Another model is using the record…\nThe troublemaker is: …` |
//! | `create` of an unknown field | `Invalid field 'f' on model 'm'` | as 17 | `Invalid field 'f' in 'm'` |
//! | a malformed domain, an unknown operator | `Domain […] is syntactically not correct.`, `Invalid leaf (…)` | as 17 | `Domain() malformed domain …`, `Domain() invalid item …` |
//! | `create` without `vals_list` | `BaseModel.create() missing…` | `create() missing…` | as 17 |
//! | XML-RPC `<dateTime.iso8601>` written to a datetime or date field | `TypeError: object of type 'DateTime' has no len()`, `… is not subscriptable` (an `xmlrpc.client.DateTime`) | stored | stored |
//! | `env.lang` of a language not installed | ignored (en_US) | `Invalid language code` | as 18 |
//! | `get_field_translations` of a field not translated | one entry per language | none | as 18 |
//! | an attachment's text content | `application/octet-stream` | `text/plain` | as 18 |
//! | company-dependent fields in `fields_get` | `store: false` (`ir.property`), kept per company all the same | stored | stored |
//! | a domain that is not a list, a number among its items, `any` on a plain field | `AssertionError: Domains to normalize…`, `TypeError: 'int' object is not subscriptable`, `KeyError: None` | as 17 | `Domain()`'s `TypeError`, `ValueError`s |
//! | `read_group` of a field without an aggregate | its `group_operator` | its `aggregator` | as 18 |
//! | an `order` that is not text | `AttributeError: 'int' object has no attribute 'split'` | `TypeError: expected string…` | as 18 |
//! | a domain condition on an empty field name | `ValueError: Invalid field m. in leaf ('', '=', 1)` | as 17 | `TypeError: Empty field name in condition …` |
//!
//! Which methods each version has and lets a client call (`name_get`, `exists`,
//! `search_fetch`, `check_access_rights`, `has_access`, `name_search`'s `args`,
//! `update_field_translations`' `source_lang`), and the order in which each checks a private
//! name, are `methods/versions.rs`.
//!
//! Not followed: the exceptions chained before the last one in a traceback before 19 (the
//! differential suite compares them on 19 only); the methods that return `None` (`fetch`,
//! 18's `check_access`, `check_access_rule`) and the public methods of 17 and 18 the test
//! server has no handler for (`browse`, `update`…: `does not exist` there); 18's private `_…`
//! methods of models other than `BaseModel`; the groups an `AccessError` lists (they come
//! from the seed).

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use crate::exception::{Class, OdooError};

/// What `/json/2/…` answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Json2 {
    /// JSON-2 (19+).
    Served,
    /// The HTML 404 page (17: no such route).
    NotFound,
    /// 303 to `/web/login` (18: the web client's `/json/<path>` route, `auth='user'`).
    LoginRedirect,
}

/// The version served.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Dialect {
    pub(crate) major: u32,
    /// `server_version`: `19.0`, `17.0-20240709`…
    pub(crate) server_version: String,
}

impl Dialect {
    /// The dialect of a schema's `odoo_version` (Odoo 19 when empty or unreadable; versions
    /// before 17 as 17, after 19 as 19).
    pub(crate) fn of(odoo_version: &str) -> Dialect {
        let text = odoo_version.trim();
        let major = text
            .trim_start_matches("saas~")
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse::<u32>().ok());
        match major {
            Some(m) => Dialect {
                major: m.clamp(17, 19),
                server_version: text.to_owned(),
            },
            None => Dialect {
                major: 19,
                server_version: "19.0".into(),
            },
        }
    }

    /// `common.version()`.
    pub(crate) fn version(&self) -> Value {
        let mut m = Map::new();
        m.insert("server_version".into(), self.server_version.as_str().into());
        m.insert(
            "server_version_info".into(),
            Value::Array(vec![
                i64::from(self.major).into(),
                0.into(),
                0.into(),
                "final".into(),
                0.into(),
                "".into(),
            ]),
        );
        m.insert("server_serie".into(), format!("{}.0", self.major).into());
        m.insert("protocol_version".into(), 1.into());
        Value::Struct(m)
    }

    pub(crate) fn json2(&self) -> Json2 {
        match self.major {
            ..=17 => Json2::NotFound,
            18 => Json2::LoginRedirect,
            _ => Json2::Served,
        }
    }

    /// `/doc-bearer` exists (19+, the `api_doc` module).
    pub(crate) fn doc_bearer(&self) -> bool {
        self.major >= 19
    }

    /// The status of the error page of a `UserError` raised by an HTTP route: 422
    /// (`http_status`) on 19, `BadRequest` before.
    pub(crate) fn user_error_page_status(&self) -> u16 {
        if self.major >= 19 {
            422
        } else {
            400
        }
    }

    /// Whether a `MissingError` raised by an HTTP route shows its message (a 400 page), as
    /// before 19; on 19 its 404 ends in the bare 500 page of `http_routing`.
    pub(crate) fn missing_record_page(&self) -> bool {
        self.major <= 18
    }

    /// JSON-RPC's `error.code` for a server error.
    pub(crate) fn jsonrpc_error_code(&self) -> i64 {
        if self.major <= 18 {
            200
        } else {
            0
        }
    }

    /// Whether `env.lang` ignores a `lang` that is not installed (17: `lang if
    /// _lang_get_id(lang) else None`), where 18 and 19 raise `Invalid language code`.
    pub(crate) fn ignores_unknown_lang(&self) -> bool {
        self.major <= 17
    }

    /// Whether `get_field_translations` lists a field that is not translated too (17: one
    /// entry per language, its value in each).
    pub(crate) fn lists_untranslated_fields(&self) -> bool {
        self.major <= 17
    }

    /// Whether an attachment's text content is `text/plain` (18's `_odoo_guess_mimetype`
    /// has a text rule; 17's calls it `application/octet-stream`).
    pub(crate) fn sniffs_text(&self) -> bool {
        self.major >= 18
    }

    /// Whether XML-RPC's `<dateTime.iso8601>` reaches the ORM as an `xmlrpc.client.DateTime`
    /// (17's dispatcher reads requests without `use_datetime`; 18 and 19 get a `datetime`).
    pub(crate) fn xmlrpc_datetime_objects(&self) -> bool {
        self.major <= 17
    }

    /// Whether an `AccessDenied` in a JSON error shows no traceback (19's `serialize_exception`
    /// formats the emptied `__traceback__`; 17's and 18's format the one being handled).
    pub(crate) fn hides_access_denied_traceback(&self) -> bool {
        self.major >= 19
    }

    /// Whether the version has `method` on every model (those the table of methods has and
    /// some versions lack).
    pub(crate) fn has_method(&self, method: &str) -> bool {
        !(method == "formatted_read_group" && self.major <= 18)
    }

    /// The result of `method` as this version shapes it: Odoo 17's `copy` answers the new
    /// record's id (`@api.returns('self', lambda value: value.id)`).
    pub(crate) fn result(&self, method: &str, value: Value) -> Value {
        match value {
            Value::Array(mut ids) if method == "copy" && self.major <= 17 && ids.len() == 1 => {
                ids.remove(0)
            }
            other => other,
        }
    }

    /// `ir.model.fields` has a `company_dependent` column (18+).
    pub(crate) fn has_company_dependent_column(&self) -> bool {
        self.major >= 18
    }

    /// The type of `ir.model.fields.translate`: a boolean up to 18, a selection on 19.
    pub(crate) fn translate_type(&self) -> FieldType {
        if self.major >= 19 {
            FieldType::Selection
        } else {
            FieldType::Boolean
        }
    }

    /// `ir.model.fields.translate` of a field: a boolean up to 18, a selection on 19.
    pub(crate) fn translate_column(&self, translate: bool, html: bool) -> Value {
        match (self.major >= 19, translate) {
            (false, t) => Value::Bool(t),
            (true, false) => Value::Bool(false),
            (true, true) if html => "html_translate".into(),
            (true, true) => "standard".into(),
        }
    }

    /// A domain's error on `model` as this version raises it: up to 18, a condition on an
    /// empty field name is looked up (`Invalid field m. in leaf (…)`), where 19's `Domain()`
    /// refuses it before it knows the model.
    pub(crate) fn domain_error(&self, model: &str, mut e: OdooError) -> OdooError {
        if self.major <= 18 && e.class == Class::TypeError {
            if let Some(leaf) = e.message.strip_prefix("Empty field name in condition ") {
                e.message = format!("Invalid field {model}. in leaf {leaf}");
                e.class = Class::ValueError;
            }
        }
        e
    }

    /// The exception as this version words it (and, where it raises another one, that
    /// exception: [`RECLASS`]).
    pub(crate) fn reword(&self, mut e: OdooError) -> OdooError {
        let major = self.major;
        if let Some((class, message)) = RECLASS
            .iter()
            .filter(|r| (r.since..=r.until).contains(&major) && r.class == e.class)
            .find_map(|r| (r.turn)(&e.message))
        {
            e.class = class;
            e.message = message;
        }
        e.map_messages(&|class, message| {
            WORDING
                .iter()
                .filter(|w| (w.since..=w.until).contains(&major) && w.class == class)
                .find_map(|w| (w.reword)(message))
        })
    }
}

/// The options of Odoo 19's `ir.model.fields.translate` (`odoo/addons/base/models/ir_model.py`).
pub(crate) const TRANSLATE_SELECTION: &[(&str, &str)] = &[
    ("standard", "Translate as a whole"),
    ("html_translate", "Translate HTML terms"),
    ("xml_translate", "Translate XML terms"),
];

/// A message Odoo 19 words differently than the versions from `since` up to `until`.
struct Wording {
    since: u32,
    until: u32,
    class: Class,
    /// The older wording of a 19 message, or `None` when the row does not apply.
    reword: fn(&str) -> Option<String>,
}

const WORDING: &[Wording] = &[
    // `get_public_method` 18+ vs 17's `check_method_name` and `getattr`.
    Wording {
        since: 17,
        until: 17,
        class: Class::AttributeError,
        reword: |m| {
            let inner = m
                .strip_prefix("The method '")?
                .strip_suffix("' does not exist")?;
            let (model, method) = inner.rsplit_once('.')?;
            Some(format!(
                "The method '{method}' does not exist on the model '{model}'"
            ))
        },
    },
    Wording {
        since: 17,
        until: 17,
        class: Class::AccessError,
        reword: |m| {
            let inner = m
                .strip_prefix("Private methods (such as '")?
                .strip_suffix("') cannot be called remotely.")?;
            let (_, method) = inner.rsplit_once('.')?;
            Some(format!(
                "Private methods (such as {method}) cannot be called remotely."
            ))
        },
    },
    // `Invalid field 'f' on model 'm'` (`odoo/models.py` up to 18).
    Wording {
        since: 17,
        until: 18,
        class: Class::ValueError,
        reword: |m| {
            let rest = m.strip_prefix("Invalid field '")?;
            let (field, model) = rest.split_once("' on '")?;
            Some(format!("Invalid field '{field}' on model '{model}"))
        },
    },
    // `create` of an unknown field: `_add_missing_default_values` up to 18 words it as `read`.
    Wording {
        since: 17,
        until: 18,
        class: Class::ValueError,
        reword: |m| {
            let rest = m.strip_prefix("Invalid field '")?;
            let (field, model) = rest.split_once("' in '")?;
            Some(format!("Invalid field '{field}' on model '{model}"))
        },
    },
    // A domain `Domain()` of 19 cannot read: `expression.normalize_domain` up to 18.
    Wording {
        since: 17,
        until: 18,
        class: Class::ValueError,
        reword: |m| {
            if let Some(d) = m.strip_prefix("Domain() malformed domain ") {
                return Some(format!("Domain {d} is syntactically not correct."));
            }
            // A three-item list with an operator 18 does not know (`any!`).
            let item = m
                .strip_prefix("Domain() invalid item in domain: [")?
                .strip_suffix(']')?;
            item.starts_with('\'')
                .then(|| format!("Invalid leaf ({item})"))
        },
    },
    // Domains: `expression.py` up to 18 speaks of leaves.
    Wording {
        since: 17,
        until: 18,
        class: Class::ValueError,
        reword: |m| {
            if let Some(rest) = m.strip_prefix("Invalid operator in condition ") {
                return Some(format!("Invalid leaf {rest}"));
            }
            let (head, leaf) = m.split_once(" in condition (")?;
            head.starts_with("Invalid field ")
                .then(|| format!("{head} in leaf ({leaf}"))
        },
    },
    // `execute_kw` up to 18 calls `execute(…, *args)`: the ids come out of a tuple.
    Wording {
        since: 17,
        until: 18,
        class: Class::IndexError,
        reword: |m| (m == "list index out of range").then(|| "tuple index out of range".into()),
    },
    // A NOT NULL violation: 19's `_sql_error_to_message` names the field first.
    Wording {
        since: 17,
        until: 18,
        class: Class::ValidationError,
        reword: |m| {
            let rest = m.strip_prefix(
                "The operation cannot be completed: Missing required value for the field '",
            )?;
            let (label, rest) = rest.split_once("' (")?;
            let (field, rest) = rest.split_once(").\nModel: '")?;
            let (model_label, rest) = rest.split_once("' (")?;
            let (model, _) = rest.split_once(")\n")?;
            Some(format!(
                "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n\
                 - Delete: another model requires the record being deleted. If possible, archive it instead.\n\n\
                 Model: {model_label} ({model})\nField: {label} ({field})\n"
            ))
        },
    },
    // A foreign-key violation: 17's and 18's `_as_validation_error` name the constraint.
    Wording {
        since: 17,
        until: 18,
        class: Class::ValidationError,
        reword: |m| {
            let rest = m.strip_prefix(
                "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: '",
            )?;
            let (label, rest) = rest.split_once("' (")?;
            let (model, rest) = rest.split_once(")\nThanks to the following constraint: '")?;
            let (_, rest) = rest.split_once("' (")?;
            let (field, _) = rest.split_once(")\n")?;
            Some(format!(
                "The operation cannot be completed: another model requires the record being deleted. \
                 If possible, archive it instead.\n\nModel: {label} ({model})\nConstraint: {}_{field}_fkey\n",
                model.replace('.', "_")
            ))
        },
    },
    // The class of `/jsonrpc`'s controller: `RPC` up to 18 (`odoo/addons/base/controllers/rpc.py`).
    Wording {
        since: 17,
        until: 18,
        class: Class::TypeError,
        reword: |m| {
            m.strip_prefix("JSONRPC.jsonrpc()")
                .map(|rest| format!("RPC.jsonrpc(){rest}"))
        },
    },
    // 18's `create` is wrapped by `api.model_create_multi` without `functools.wraps`' name
    // in the message.
    Wording {
        since: 18,
        until: 18,
        class: Class::TypeError,
        reword: |m| {
            m.strip_prefix("BaseModel.create() missing")
                .map(|rest| format!("create() missing{rest}"))
        },
    },
];

/// An exception Odoo 19 raises where the versions from `since` up to `until` raise another
/// class: the other exception, or `None` when the row does not apply.
struct Reclass {
    since: u32,
    until: u32,
    class: Class,
    turn: fn(&str) -> Option<(Class, String)>,
}

const RECLASS: &[Reclass] = &[
    // A domain that is not a list: `normalize_domain` up to 18 asserts.
    Reclass {
        since: 17,
        until: 18,
        class: Class::TypeError,
        turn: |m| {
            m.starts_with("Domain() invalid argument type for domain: ")
                .then(|| {
                    (
                        Class::AssertionError,
                        "Domains to normalize must have a 'domain' form: a list or tuple of domain components"
                            .into(),
                    )
                })
        },
    },
    // A number among the items: up to 18, `normalize_domain` indexes it.
    Reclass {
        since: 17,
        until: 18,
        class: Class::ValueError,
        turn: |m| {
            let item = m.strip_prefix("Domain() invalid item in domain: ")?;
            let kind = if item.parse::<i64>().is_ok() {
                "int"
            } else if item.parse::<f64>().is_ok() {
                "float"
            } else {
                return None;
            };
            Some((
                Class::TypeError,
                format!("'{kind}' object is not subscriptable"),
            ))
        },
    },
    // An `order` that is not text: 17's `_order_to_sql` splits it first.
    Reclass {
        since: 17,
        until: 17,
        class: Class::TypeError,
        turn: |m| {
            let kind = m
                .strip_prefix("expected string or bytes-like object, got '")?
                .strip_suffix('\'')?;
            Some((
                Class::AttributeError,
                format!("'{kind}' object has no attribute 'split'"),
            ))
        },
    },
    // `any` on a field that is not relational: up to 18, the missing comodel's `KeyError`.
    Reclass {
        since: 17,
        until: 18,
        class: Class::ValueError,
        turn: |m| {
            m.starts_with("Cannot use 'any' with non-relational fields")
                .then(|| (Class::KeyError, "None".into()))
        },
    },
];

/// The HTML 404 page of an Odoo without the route (JSON-2 on 17, `/doc-bearer` before 19): the
/// `http_routing.404` page of a database with `website`, its headings as Odoo writes them (the
/// real page also holds the website's layout, assets and a CSRF token).
pub(crate) const NOT_FOUND_PAGE: &str = "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>Odoo</title>\n</head>\n<body>\n<main>\n<h1 class=\"visually-hidden\">Error 404</h1>\n<h2>We couldn't find the page you're looking for!</h2>\n</main>\n</body>\n</html>\n";

/// The content type of [`NOT_FOUND_PAGE`] (Odoo's `Response` of a rendered template, no space).
pub(crate) const NOT_FOUND_CONTENT_TYPE: &str = "text/html;charset=utf-8";

/// `/web/login`, where Odoo 18's `/json/<path>` sends a request without a session.
pub(crate) const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html style=\"height: 100%;\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>Odoo</title>\n</head>\n<body>\n<form class=\"oe_login_form\" role=\"form\" method=\"post\" action=\"/web/login\"></form>\n</body>\n</html>\n";

/// The `Location` of Odoo 18's redirect: `/web/login?redirect=` and the quoted path plus `?`
/// (`werkzeug.urls.url_quote_plus`).
pub(crate) fn login_redirect(path: &str) -> String {
    login_redirect_query(path, "")
}

/// The body of werkzeug's redirect to `location` (`werkzeug.utils.redirect`).
pub(crate) fn redirect_page(location: &str) -> String {
    let escaped = location
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    format!(
        "<!doctype html>\n<html lang=en>\n<title>Redirecting...</title>\n<h1>Redirecting...</h1>\n\
         <p>You should be redirected automatically to the target URL: <a href=\"{escaped}\">{escaped}</a>. \
         If not, click the link.\n"
    )
}

/// [`login_redirect`] of a request with a query: werkzeug's `full_path` is `path?query`.
pub(crate) fn login_redirect_query(path: &str, query: &str) -> String {
    let mut out = String::from("/web/login?redirect=");
    for b in format!("{path}?{query}").bytes() {
        if b.is_ascii_alphanumeric() || b"_.-~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reworded(major: u32, class: Class, message: &str) -> String {
        let d = Dialect {
            major,
            server_version: format!("{major}.0"),
        };
        d.reword(OdooError::new(class, message)).message
    }

    #[test]
    fn the_version_comes_from_the_schema() {
        let d = Dialect::of("17.0-20240709");
        assert_eq!(d.major, 17);
        assert_eq!(
            d.version().get("server_version"),
            Some(&Value::from("17.0-20240709"))
        );
        assert_eq!(d.version().get("server_serie"), Some(&Value::from("17.0")));
        assert_eq!(Dialect::of("").major, 19);
        assert_eq!(Dialect::of("").server_version, "19.0");
        assert_eq!(Dialect::of("saas~18.4").major, 18);
        assert_eq!(Dialect::of("16.0").major, 17);
        assert_eq!(Dialect::of("19.0").json2(), Json2::Served);
        assert_eq!(Dialect::of("18.0").json2(), Json2::LoginRedirect);
        assert_eq!(Dialect::of("17.0").json2(), Json2::NotFound);
    }

    #[test]
    fn older_versions_word_their_errors_as_they_did() {
        use Class::*;
        let method = "The method 'res.partner.nope' does not exist";
        assert_eq!(
            reworded(17, AttributeError, method),
            "The method 'nope' does not exist on the model 'res.partner'"
        );
        assert_eq!(reworded(18, AttributeError, method), method);
        let private = "Private methods (such as 'res.partner._read') cannot be called remotely.";
        assert_eq!(
            reworded(17, AccessError, private),
            "Private methods (such as _read) cannot be called remotely."
        );
        assert_eq!(reworded(19, AccessError, private), private);
        assert_eq!(
            reworded(18, ValueError, "Invalid field 'x' on 'res.partner'"),
            "Invalid field 'x' on model 'res.partner'"
        );
        assert_eq!(
            reworded(
                17,
                ValueError,
                "Invalid field res.partner.x in condition ('x', '=', 1)"
            ),
            "Invalid field res.partner.x in leaf ('x', '=', 1)"
        );
        assert_eq!(
            reworded(
                18,
                ValueError,
                "Invalid operator in condition ('name', 'nope', 'x')"
            ),
            "Invalid leaf ('name', 'nope', 'x')"
        );
        assert_eq!(
            reworded(18, IndexError, "list index out of range"),
            "tuple index out of range"
        );
        let not_null = "The operation cannot be completed: Missing required value for the field 'Country' (country_id).\nModel: 'Country state' (res.country.state)\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n";
        assert_eq!(
            reworded(17, ValidationError, not_null),
            "The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n- Delete: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Country state (res.country.state)\nField: Country (country_id)\n"
        );
        assert_eq!(reworded(19, ValidationError, not_null), not_null);
        let fk = "The operation cannot be completed: Another model is using the record you are trying to delete.\n\nThe troublemaker is: 'Contact' (res.partner)\nThanks to the following constraint: 'Country' (country_id)\nHow about archiving the record instead?";
        assert_eq!(
            reworded(18, ValidationError, fk),
            "The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\nModel: Contact (res.partner)\nConstraint: res_partner_country_id_fkey\n"
        );
        assert_eq!(reworded(19, ValidationError, fk), fk);
        let rpc = "JSONRPC.jsonrpc() missing 1 required positional argument: 'args'";
        assert_eq!(
            reworded(17, TypeError, rpc),
            "RPC.jsonrpc() missing 1 required positional argument: 'args'"
        );
        let create = "BaseModel.create() missing 1 required positional argument: 'vals_list'";
        assert_eq!(
            reworded(18, TypeError, create),
            "create() missing 1 required positional argument: 'vals_list'"
        );
        assert_eq!(reworded(17, TypeError, create), create);
        assert_eq!(
            reworded(17, ValueError, "Domain() malformed domain ['&']"),
            "Domain ['&'] is syntactically not correct."
        );
        assert_eq!(
            reworded(
                18,
                ValueError,
                "Domain() invalid item in domain: ['code', 'any!', []]"
            ),
            "Invalid leaf ('code', 'any!', [])"
        );
        let d = Dialect::of("17.0");
        let e = d.reword(OdooError::value("Domain() invalid item in domain: 5"));
        assert_eq!(
            (e.class, e.message.as_str()),
            (TypeError, "'int' object is not subscriptable")
        );
        let e = d.reword(OdooError::type_error(
            "Domain() invalid argument type for domain: 'x'",
        ));
        assert_eq!(e.class, AssertionError);
        let e = d.domain_error(
            "res.country",
            OdooError::type_error("Empty field name in condition ('', '=', 1)"),
        );
        assert_eq!(
            (e.class, e.message.as_str()),
            (
                ValueError,
                "Invalid field res.country. in leaf ('', '=', 1)"
            )
        );
        let e = Dialect::of("19.0").reword(OdooError::value("Domain() invalid item in domain: 5"));
        assert_eq!(e.class, ValueError);
        assert_eq!(reworded(17, ValueError, "something else"), "something else");
    }

    #[test]
    fn copy_answers_an_id_on_17_and_a_list_after() {
        let list = Value::from(vec![Value::Int(9)]);
        assert_eq!(
            Dialect::of("17.0").result("copy", list.clone()),
            Value::Int(9)
        );
        assert_eq!(Dialect::of("18.0").result("copy", list.clone()), list);
        assert_eq!(Dialect::of("17.0").result("create", list.clone()), list);
    }

    #[test]
    fn the_login_redirect_quotes_the_path() {
        assert_eq!(
            login_redirect("/json/2/res.partner/search_count"),
            "/web/login?redirect=%2Fjson%2F2%2Fres.partner%2Fsearch_count%3F"
        );
    }
}
