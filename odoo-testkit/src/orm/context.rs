//! What the context changes in the ORM: the current company (`allowed_company_ids`, checked
//! against the user's companies as `env.company` checks it), the language (`lang`, checked
//! against the installed languages as `env.lang` checks it), and the values that depend on
//! them: company-dependent fields hold a value per company, translatable fields a value per
//! language.
//!
//! Both live in the record's row beside the plain value, under keys no field can have: the
//! plain value is the fallback (every company's default; the `en_US` text), and
//! `field\u{1}<company>` or `field\u{2}<lang>` hold the specific ones. Searching and ordering
//! see the plain value.

use odoo_runtime::schema::{Field, FieldType};
use odoo_runtime::Value;

use crate::exception::{Class, OResult, OdooError};
use crate::pyrepr::type_name;
pub(crate) use crate::store::{company_key, is_company_dependent, is_translated, lang_key};
use crate::store::{Env, Scope, Store};
use crate::values::{py_str, truthy};

/// Odoo's base language: always there, and what a translatable field's plain value holds.
pub(crate) const BASE_LANG: &str = "en_US";

/// Methods that never read `env.lang`: the defaults, counting, deleting, and the translation
/// methods themselves (which check languages their own way).
const LANG_FREE: &[&str] = &[
    "default_get",
    "get_field_translations",
    "search_count",
    "unlink",
    "update_field_translations",
    "write",
];

/// Methods that read `env.company` on every model: those that compute defaults
/// (`ir.default` is per company).
const COMPANY_DEFAULTS: &[&str] = &["copy", "create", "default_get", "load", "name_create"];

/// The models whose record rules restrict by company: reading any of their records evaluates
/// `company_ids`, and so checks `allowed_company_ids`.
fn has_company_rules(store: &Store, model: &str) -> bool {
    model == "res.company"
        || ["company_id", "company_ids"].iter().any(|f| {
            store
                .field(model, f)
                .is_some_and(|f| f.relation.as_deref() == Some("res.company"))
        })
}

impl Store {
    /// The installed languages: `en_US`, those the builder installed, and the active
    /// `res.lang` records the store holds.
    pub(crate) fn installed_languages(&self) -> Vec<String> {
        let mut langs = vec![BASE_LANG.to_owned()];
        let active = self.all_ids("res.lang").into_iter().filter(|id| {
            self.field("res.lang", "active").is_none()
                || truthy(&self.raw("res.lang", *id, "active"))
        });
        let codes = active.filter_map(|id| match self.raw("res.lang", id, "code") {
            Value::String(code) => Some(code),
            _ => None,
        });
        for code in self.languages.iter().cloned().chain(codes) {
            if !langs.contains(&code) {
                langs.push(code);
            }
        }
        langs
    }

    /// `env.lang`: the context's `lang` when it is installed, none when empty, and Odoo's
    /// `UserError` for any other — none on Odoo 17, whose `env.lang` ignores a language that
    /// is not installed.
    pub(crate) fn env_lang(&self, env: &Env) -> OResult<Option<String>> {
        match env.context.get("lang") {
            None => Ok(None),
            Some(v) if !truthy(v) => Ok(None),
            Some(Value::String(s)) if self.installed_languages().contains(s) => Ok(Some(s.clone())),
            Some(_)
                if crate::version::Dialect::of(&self.schema.odoo_version)
                    .ignores_unknown_lang() =>
            {
                Ok(None)
            }
            Some(v) => Err(OdooError::user(format!(
                "Invalid language code: {}",
                py_str(v)
            ))),
        }
    }

    /// The language a read or write uses: `env.lang`, `en_US` when there is none (or it is
    /// invalid, which the call has refused already).
    fn lang_of(&self, env: &Env) -> String {
        self.env_lang(env)
            .ok()
            .flatten()
            .unwrap_or_else(|| BASE_LANG.to_owned())
    }

    /// The companies a user may work in (`user._get_company_ids()`): their `company_ids`, else
    /// every company there is; `None` when the store knows no company at all.
    fn user_companies(&self, uid: i64) -> Option<Vec<i64>> {
        let mut ids: Vec<i64> = match self.raw("res.users", uid, "company_ids") {
            Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        };
        if ids.is_empty() {
            ids = self.all_ids("res.company");
        }
        (!ids.is_empty()).then_some(ids)
    }

    /// `env.companies`' check of `allowed_company_ids`, and the current company (`env.company`):
    /// the first allowed id, else the user's `company_id` (else the first company, else 1).
    pub(crate) fn env_company(&self, env: &Env) -> OResult<i64> {
        let fallback = || {
            self.m2o("res.users", env.uid, "company_id")
                .or_else(|| {
                    self.user_companies(env.uid)
                        .and_then(|c| c.first().copied())
                })
                .unwrap_or(1)
        };
        let Some(given) = env.context.get("allowed_company_ids") else {
            return Ok(fallback());
        };
        if !truthy(given) {
            return Ok(fallback());
        }
        // `set(company_ids)`: the items of a list, the characters of a string, the keys of a
        // dict; anything else is not iterable.
        let items: Vec<Value> = match given {
            Value::Array(a) => a.clone(),
            Value::String(s) => s.chars().map(|c| Value::String(c.to_string())).collect(),
            Value::Struct(m) => m.keys().map(|k| Value::String(k.clone())).collect(),
            other => {
                return Err(OdooError::type_error(format!(
                    "'{}' object is not iterable",
                    type_name(other)
                )))
            }
        };
        let as_id = |v: &Value| match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Double(d) if d.fract() == 0.0 => Some(*d as i64),
            _ => None,
        };
        let ids: Option<Vec<i64>> = items.iter().map(as_id).collect();
        let allowed = self.user_companies(env.uid);
        let refused = || OdooError::access_error("Access to unauthorized or invalid companies.");
        match (ids, allowed) {
            (None, _) => Err(refused()),
            (Some(ids), Some(allowed)) if ids.iter().any(|i| !allowed.contains(i)) => {
                Err(refused())
            }
            (Some(ids), _) => Ok(ids.first().copied().unwrap_or_else(fallback)),
        }
    }

    /// `env.companies.ids`, what record rules call `company_ids`: the context's
    /// `allowed_company_ids` once checked, else every company of the user.
    pub(crate) fn env_company_ids(&self, env: &Env) -> OResult<Vec<i64>> {
        self.env_company(env)?;
        let given: Vec<i64> = match env.context.get("allowed_company_ids") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(|v| match v {
                    Value::Int(i) => Some(*i),
                    Value::Bool(b) => Some(i64::from(*b)),
                    Value::Double(d) if d.fract() == 0.0 => Some(*d as i64),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        if !given.is_empty() {
            return Ok(given);
        }
        Ok(self.user_companies(env.uid).unwrap_or_default())
    }

    /// What a call checks of its context before it runs, where Odoo's methods reach
    /// `env.company` and `env.lang`: the defaults of every model and the records of models
    /// with company rules need a valid company; most methods read in the context's language.
    pub(crate) fn check_context(&self, env: &Env, model: &str, method: &str) -> OResult<()> {
        let company_needed = COMPANY_DEFAULTS.contains(&method)
            || (method != "fields_get" && has_company_rules(self, model));
        if company_needed {
            self.env_company(env)?;
        }
        if !LANG_FREE.contains(&method) {
            self.env_lang(env).map_err(|e| {
                // `read` fetches the translated columns: the cache's miss comes first.
                let translated = self
                    .model(model)
                    .is_some_and(|m| m.fields.values().any(is_translated));
                if method == "read" && translated {
                    e.during(OdooError::new(Class::KeyError, "lang"))
                } else {
                    e
                }
            })?;
        }
        Ok(())
    }

    /// The company and language the context's reads and searches see.
    pub(crate) fn scope(&self, env: &Env) -> Scope {
        let lang = self.lang_of(env);
        Scope {
            company: self.env_company(env).ok(),
            lang: (lang != BASE_LANG).then_some(lang),
        }
    }

    /// The stored value of a field as the context sees it: a company-dependent field's value
    /// for the current company, a translatable field's value in the current language, each
    /// falling back to the plain value.
    pub(crate) fn contextual_raw(&self, model: &str, id: i64, field: &Field, env: &Env) -> Value {
        self.raw_in(model, id, &field.name, &self.scope(env))
    }

    /// Stores a written value where the context puts it: for the current company, or in the
    /// current language (the `en_US` text too while there is none).
    pub(crate) fn set_contextual(
        &mut self,
        model: &str,
        id: i64,
        field: &Field,
        value: Value,
        env: &Env,
    ) {
        if is_company_dependent(field) {
            let company = self.env_company(env).unwrap_or(1);
            self.set_value(model, id, &company_key(&field.name, company), value);
            return;
        }
        if is_translated(field) && field.field_type != FieldType::Boolean {
            let lang = self.lang_of(env);
            if lang != BASE_LANG {
                if !truthy(&self.raw(model, id, &field.name)) {
                    self.set_value(model, id, &field.name, value.clone());
                }
                self.set_value(model, id, &lang_key(&field.name, &lang), value);
                return;
            }
        }
        self.set_value(model, id, &field.name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use odoo_runtime::Map;

    fn env(context: serde_json::Value) -> Env {
        let context: Map = match Value::from(context) {
            Value::Struct(m) => m,
            _ => Map::new(),
        };
        Env::new(2, context)
    }

    fn store() -> Store {
        let mut s = Store::new(crate::store::tests::partner_schema());
        s.put_row("res.company", 1, Map::new());
        s.put_row("res.company", 2, Map::new());
        s
    }

    #[test]
    fn allowed_company_ids_select_and_are_checked() {
        let s = store();
        assert_eq!(s.env_company(&env(serde_json::json!({}))).unwrap(), 1);
        let two = env(serde_json::json!({"allowed_company_ids": [2, 1]}));
        assert_eq!(s.env_company(&two).unwrap(), 2);
        let e = s
            .env_company(&env(serde_json::json!({"allowed_company_ids": [3]})))
            .unwrap_err();
        assert_eq!(e.message, "Access to unauthorized or invalid companies.");
        let e = s
            .env_company(&env(serde_json::json!({"allowed_company_ids": 1})))
            .unwrap_err();
        assert_eq!(e.message, "'int' object is not iterable");
        assert!(s
            .env_company(&env(serde_json::json!({"allowed_company_ids": "1"})))
            .is_err());
    }

    #[test]
    fn only_installed_languages_are_valid() {
        let mut s = store();
        assert_eq!(
            s.env_lang(&env(serde_json::json!({"lang": ""}))).unwrap(),
            None
        );
        let e = s
            .env_lang(&env(serde_json::json!({"lang": "fr_FR"})))
            .unwrap_err();
        assert_eq!(e.message, "Invalid language code: fr_FR");
        s.languages.push("fr_FR".into());
        assert_eq!(
            s.env_lang(&env(serde_json::json!({"lang": "fr_FR"})))
                .unwrap()
                .as_deref(),
            Some("fr_FR")
        );
    }
}
