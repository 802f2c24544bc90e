//! The server's state: its users, passwords and API keys, the store, and the `/doc-bearer`
//! API documentation.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use odoo_runtime::{Map, Value};

use crate::access::{self, Access, Grants};
use crate::exception::{Class, OResult, OdooError};
use crate::methods::{self, Classes};
use crate::store::Store;

/// A user of the test server.
///
/// ```
/// use odoo_testkit::User;
/// let demo = User::new("demo2", "demo2").uid(7).name("Demo 2").restricted();
/// assert_eq!(demo.login_name(), "demo2");
/// ```
#[derive(Clone)]
pub struct User {
    pub(crate) uid: Option<i64>,
    pub(crate) login: String,
    pub(crate) password: String,
    pub(crate) api_keys: Vec<String>,
    pub(crate) name: Option<String>,
    pub(crate) restricted: bool,
    pub(crate) readable: Option<HashSet<String>>,
    pub(crate) groups: Vec<String>,
}

impl std::fmt::Debug for User {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never shows the password or the keys.
        f.debug_struct("User")
            .field("uid", &self.uid)
            .field("login", &self.login)
            .field("api_keys", &self.api_keys.len())
            .field("restricted", &self.restricted)
            .finish_non_exhaustive()
    }
}

impl Access for User {
    fn check(&self, store: &Store, model: &str, operation: &str) -> OResult<()> {
        let who = Grants {
            restricted: self.restricted,
            readable: self.readable.as_ref(),
            groups: &self.groups,
        };
        access::check(&who, store, model, operation)
    }
}

impl User {
    /// A user with a login and a password; the server gives it the next free uid (the first
    /// user gets 2, as `admin` has in Odoo).
    pub fn new(login: impl Into<String>, password: impl Into<String>) -> User {
        User {
            uid: None,
            login: login.into(),
            password: password.into(),
            api_keys: Vec::new(),
            name: None,
            restricted: false,
            readable: None,
            groups: Vec::new(),
        }
    }

    /// Sets the uid.
    pub fn uid(mut self, uid: i64) -> User {
        self.uid = Some(uid);
        self
    }

    /// Sets the name shown in `create_uid` and `write_uid` (the login otherwise).
    pub fn name(mut self, name: impl Into<String>) -> User {
        self.name = Some(name.into());
        self
    }

    /// Adds an API key, which works in place of the password over XML-RPC and JSON-RPC and as
    /// the bearer token of JSON-2.
    pub fn api_key(mut self, key: impl Into<String>) -> User {
        self.api_keys.push(key.into());
        self
    }

    /// Makes the user restricted: subject to the access rules of
    /// [`TestServerBuilder::access_rule`](crate::TestServerBuilder::access_rule) and its
    /// [`User::groups`]. Without any rule, every write is an `AccessError`, and so is reading a
    /// model outside [`User::can_read`] (by default the basic models an internal user reads:
    /// partners, tags, countries, states, currencies, users, companies, languages).
    pub fn restricted(mut self) -> User {
        self.restricted = true;
        self
    }

    /// The groups a restricted user belongs to (their names as access errors list them,
    /// `Role / User`), for the rules of
    /// [`TestServerBuilder::access_rule`](crate::TestServerBuilder::access_rule).
    ///
    /// ```
    /// let demo = odoo_testkit::User::new("demo2", "demo2").restricted().groups(["Role / User"]);
    /// # drop(demo);
    /// ```
    pub fn groups<I, S>(mut self, groups: I) -> User
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.groups = groups.into_iter().map(Into::into).collect();
        self
    }

    /// The models a restricted user may read when no access rule is given (replaces the
    /// default list).
    pub fn can_read<I, S>(mut self, models: I) -> User
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.readable = Some(models.into_iter().map(Into::into).collect());
        self
    }

    /// The login.
    pub fn login_name(&self) -> &str {
        &self.login
    }
}

/// Everything a request needs.
pub(crate) struct State {
    pub(crate) store: Mutex<Store>,
    pub(crate) database: String,
    pub(crate) users: Vec<User>,
    /// Which class defines which method, for `TypeError` messages.
    pub(crate) classes: Classes,
    /// `list_db` of Odoo's configuration: whether `db.list` answers.
    pub(crate) list_db: bool,
    /// The Odoo version answered as.
    pub(crate) dialect: crate::version::Dialect,
    /// The web sessions `/web/session/authenticate` opened.
    pub(crate) sessions: Sessions,
    /// Whether reports render as PDF (Odoo with wkhtmltopdf installed).
    pub(crate) wkhtmltopdf: bool,
}

impl State {
    /// Locks the store; a poisoned lock (a panic while holding it) is taken over, since every
    /// call is its own transaction and rolls back what it left half done.
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn check_db(&self, db: &Value) -> OResult<()> {
        match db.as_str() {
            Some(d) if d == self.database => Ok(()),
            Some(d) => Err(OdooError::unknown_database(d)),
            None => Err(OdooError::unknown_database(&crate::pyrepr::repr(db))),
        }
    }

    pub(crate) fn user_by_uid(&self, uid: i64) -> Option<&User> {
        self.users.iter().find(|u| u.uid == Some(uid))
    }

    /// The uid for a login and a password or API key.
    pub(crate) fn login(&self, login: &str, secret: &str) -> Option<i64> {
        self.users
            .iter()
            .find(|u| {
                u.login == login && (u.password == secret || u.api_keys.iter().any(|k| k == secret))
            })
            .and_then(|u| u.uid)
    }

    /// The user an API key belongs to.
    pub(crate) fn user_by_key(&self, key: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.api_keys.iter().any(|k| k == key))
    }

    /// `res.users._check_uid_passwd(uid, passwd)`: the user, or `AccessDenied`.
    pub(crate) fn check_uid_passwd(&self, uid: i64, secret: &Value) -> OResult<&User> {
        let user = self.user_by_uid(uid).ok_or_else(OdooError::access_denied)?;
        let secret = secret.as_str().ok_or_else(OdooError::access_denied)?;
        if user.password == secret || user.api_keys.iter().any(|k| k == secret) {
            Ok(user)
        } else {
            Err(OdooError::access_denied())
        }
    }
}

/// The open sessions: id → (uid, whether a request used it since the login).
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<HashMap<String, (i64, bool)>>,
    made: AtomicU64,
}

impl Sessions {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (i64, bool)>> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A new, unguessable id: 84 URL-safe characters on 18 and 19, 40 hex digits on 17.
    pub(crate) fn new_id(&self, major: u32) -> String {
        const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        const HEX: &[u8] = b"0123456789abcdef";
        let seed = self.made.fetch_add(1, Ordering::Relaxed);
        let (len, alphabet) = if major <= 17 {
            (40, HEX)
        } else {
            (84, URL_SAFE)
        };
        let base = alphabet.len() as u64;
        let mut out = String::with_capacity(len);
        let mut round = 0u64;
        while out.len() < len {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u64(seed);
            h.write_u64(round);
            let mut bits = h.finish();
            for _ in 0..8 {
                if out.len() == len {
                    break;
                }
                out.push(char::from(alphabet[(bits % base) as usize]));
                bits /= base;
            }
            round += 1;
        }
        out
    }

    /// Opens a session for `uid` and returns its id.
    pub(crate) fn open(&self, uid: i64, major: u32) -> String {
        let id = self.new_id(major);
        self.lock().insert(id.clone(), (uid, false));
        id
    }

    /// The uid of the session a request's `Cookie` header names, its id, and whether this is
    /// the first request in it since the login (Odoo 18 and 19 then save the session, which
    /// sets its cookie again).
    pub(crate) fn uid<'c>(&self, cookie: Option<&'c str>) -> Option<(i64, &'c str, bool)> {
        let id = session_id(cookie?)?;
        let mut open = self.lock();
        let (uid, used) = open.get_mut(id)?;
        let first = !*used;
        *used = true;
        Some((*uid, id, first))
    }

    /// Ends the session a `Cookie` header names; `false` when there was none.
    pub(crate) fn end(&self, cookie: Option<&str>) -> bool {
        cookie
            .and_then(session_id)
            .is_some_and(|id| self.lock().remove(id).is_some())
    }
}

/// `session_id` of a `Cookie` header.
fn session_id(cookie: &str) -> Option<&str> {
    cookie
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == "session_id")
        .map(|(_, value)| value)
}

/// `GET /doc-bearer/index.json`.
pub(crate) fn doc_index(state: &State) -> Value {
    let store = state.lock();
    let mut modules: Vec<String> = Vec::new();
    let mut models = Vec::new();
    for (name, m) in &store.schema.models {
        for module in &m.modules {
            if !modules.contains(module) {
                modules.push(module.clone());
            }
        }
        if m.transient || m.fields.is_empty() {
            continue;
        }
        let fields: Map = m
            .fields
            .iter()
            .map(|(f, def)| {
                (
                    f.clone(),
                    Value::Struct(
                        [("string".to_string(), Value::String(def.string.clone()))]
                            .into_iter()
                            .collect(),
                    ),
                )
            })
            .collect();
        let methods: Vec<Value> = methods::public_methods(&store, name)
            .map(|m| Value::from(m.name))
            .collect();
        let mut entry = Map::new();
        entry.insert("model".into(), Value::String(name.clone()));
        entry.insert("name".into(), Value::String(m.name.clone()));
        entry.insert("fields".into(), Value::Struct(fields));
        entry.insert("methods".into(), Value::Array(methods));
        models.push(Value::Struct(entry));
    }
    modules.sort();
    let mut out = Map::new();
    out.insert(
        "modules".into(),
        Value::Array(modules.into_iter().map(Value::String).collect()),
    );
    out.insert("models".into(), Value::Array(models));
    Value::Struct(out)
}

/// `GET /doc-bearer/<model>.json`.
pub(crate) fn doc_model(state: &State, model: &str) -> OResult<Value> {
    let store = state.lock();
    let Some(m) = store.model(model) else {
        return Err(OdooError::new(
            Class::NotFound,
            format!(
                "the model {} does not exist",
                crate::pyrepr::str_repr(model)
            ),
        ));
    };
    let mut fields = match methods::fields_get(&store, model, None, None) {
        Value::Struct(f) => f,
        _ => Map::new(),
    };
    for attrs in fields.values_mut() {
        if let Value::Struct(a) = attrs {
            a.insert("module".into(), Value::Nil);
        }
    }
    let mut methods_doc = Map::new();
    for sig in methods::public_methods(&store, model) {
        let mut d = Map::new();
        d.insert("signature".into(), Value::from(methods::doc_signature(sig)));
        d.insert(
            "parameters".into(),
            Value::Struct(methods::doc_parameters(sig)),
        );
        if sig.api_model {
            d.insert("api".into(), Value::Array(vec!["model".into()]));
        }
        if let Some(r) = sig.returns {
            d.insert(
                "return".into(),
                Value::Struct(
                    [("annotation".to_owned(), Value::from(r))]
                        .into_iter()
                        .collect(),
                ),
            );
        }
        d.insert("model".into(), sig.defined_in.0.into());
        d.insert("module".into(), sig.defined_in.1.into());
        methods_doc.insert(sig.name.to_owned(), Value::Struct(d));
    }
    let mut out = Map::new();
    out.insert("model".into(), Value::String(model.to_owned()));
    out.insert("name".into(), Value::String(m.name.clone()));
    out.insert("doc".into(), Value::Nil);
    out.insert("fields".into(), Value::Struct(fields));
    out.insert("methods".into(), Value::Struct(methods_doc));
    Ok(Value::Struct(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_found_among_others() {
        assert_eq!(
            session_id("frontend_lang=en_US; session_id=abc"),
            Some("abc")
        );
        assert_eq!(session_id("session_idx=1"), None);
    }

    #[test]
    fn session_ids_are_distinct_and_shaped_per_version() {
        let s = Sessions::default();
        let (a, b) = (s.new_id(19), s.new_id(19));
        assert_ne!(a, b);
        assert_eq!(a.len(), 84);
        let old = s.new_id(17);
        assert_eq!(old.len(), 40);
        assert!(old.bytes().all(|c| c.is_ascii_hexdigit()));
    }
}
