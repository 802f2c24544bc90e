//! Connection settings from flags, a config file and the environment.

use std::fmt;

use odoo_runtime::{Client, Protocol};

use crate::error::Error;

/// The environment variables the generator reads (a build script reruns when one changes).
pub const VARIABLES: &[&str] = &[
    "ODOO_URL",
    "ODOO_DB",
    "ODOO_USER",
    "ODOO_PASSWORD",
    "ODOO_API_KEY",
    "ODOO_PROTOCOL",
    "ODOO_OFFLINE",
];

/// `true` when a build should re-pull: `ODOO_URL` is set (non-empty) and `ODOO_OFFLINE` is not.
pub fn live_requested() -> bool {
    let set = |v: &str| std::env::var_os(v).is_some_and(|s| !s.is_empty());
    set("ODOO_URL") && !set("ODOO_OFFLINE")
}

/// A password or an API key; `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub enum Secret {
    /// A password.
    Password(String),
    /// An API key.
    ApiKey(String),
}

impl Secret {
    /// `"password"` or `"api key"`: what kind of secret, for messages and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            Secret::Password(_) => "password",
            Secret::ApiKey(_) => "api key",
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Secret::Password(_) => f.write_str("Password(***)"),
            Secret::ApiKey(_) => f.write_str("ApiKey(***)"),
        }
    }
}

/// Where and how to connect. Each setting comes from, in order: a flag, the config file, the
/// environment (`ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD`, `ODOO_API_KEY`,
/// `ODOO_PROTOCOL`).
///
/// ```
/// use odoo_codegen::env::{Connection, Secret};
/// let c = Connection {
///     url: Some("http://localhost:8069".into()),
///     database: Some("odoo19".into()),
///     login: Some("admin".into()),
///     secret: Some(Secret::ApiKey("0123abcd".into())),
///     protocol: None,
/// };
/// assert!(!format!("{c:?}").contains("0123abcd"));
/// assert!(c.client().is_ok());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Connection {
    /// The server URL.
    pub url: Option<String>,
    /// The database.
    pub database: Option<String>,
    /// The login.
    pub login: Option<String>,
    /// The password or API key.
    pub secret: Option<Secret>,
    /// The protocol; the client picks when `None`.
    pub protocol: Option<Protocol>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|s| !s.is_empty())
}

impl Connection {
    /// The settings from the environment alone.
    pub fn from_env() -> Result<Connection, Error> {
        Connection::default().or_env()
    }

    /// Fills the settings still missing from the environment. An API key wins over a password.
    pub fn or_env(mut self) -> Result<Connection, Error> {
        self.url = self.url.or_else(|| var("ODOO_URL"));
        self.database = self.database.or_else(|| var("ODOO_DB"));
        self.login = self.login.or_else(|| var("ODOO_USER"));
        if self.secret.is_none() {
            self.secret = var("ODOO_API_KEY")
                .map(Secret::ApiKey)
                .or_else(|| var("ODOO_PASSWORD").map(Secret::Password));
        }
        if self.protocol.is_none() {
            if let Some(p) = var("ODOO_PROTOCOL") {
                self.protocol = Some(p.parse().map_err(|e: odoo_runtime::Error| {
                    Error::config(format!("ODOO_PROTOCOL: {}", e))
                })?);
            }
        }
        Ok(self)
    }

    /// The URL to show in a message or a log: without user info (`user:password@`), query or
    /// fragment, which may hold credentials; `(none)` when unset.
    ///
    /// ```
    /// let c = odoo_codegen::env::Connection {
    ///     url: Some("https://me:hunter2@odoo.example.com:8069/odoo?token=abc#x".into()),
    ///     ..Default::default()
    /// };
    /// assert_eq!(c.url_for_logs(), "https://odoo.example.com:8069/odoo");
    /// ```
    pub fn url_for_logs(&self) -> String {
        let Some(url) = self.url.as_deref() else {
            return "(none)".to_owned();
        };
        let (scheme, rest) = match url.split_once("://") {
            Some((scheme, rest)) => (Some(scheme), rest),
            None => (None, url),
        };
        let rest = rest.split(['?', '#']).next().unwrap_or_default();
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        match scheme {
            Some(scheme) => format!("{scheme}://{host}{path}"),
            None => format!("{host}{path}"),
        }
    }

    /// Builds the client; a missing setting is named with the flag and the variable that set it.
    pub fn client(&self) -> Result<Client, Error> {
        let mut missing = Vec::new();
        if self.url.is_none() {
            missing.push("the server URL (--url or ODOO_URL)");
        }
        if self.database.is_none() {
            missing.push("the database (--db or ODOO_DB)");
        }
        if self.secret.is_none() {
            missing.push("a password or API key (ODOO_PASSWORD or ODOO_API_KEY)");
        }
        let needs_login = !matches!(
            (&self.secret, self.protocol),
            (Some(Secret::ApiKey(_)), Some(Protocol::Json2))
        );
        if self.login.is_none() && needs_login {
            missing.push("the login (--user or ODOO_USER)");
        }
        if !missing.is_empty() {
            return Err(Error::config(format!("missing {}", missing.join(", "))));
        }
        let login = self.login.clone().unwrap_or_default();
        let mut builder = Client::builder()
            .url(self.url.clone().unwrap_or_default())
            .database(self.database.clone().unwrap_or_default());
        builder = match &self.secret {
            Some(Secret::ApiKey(k)) => builder.api_key(login, k.clone()),
            Some(Secret::Password(p)) => builder.password(login, p.clone()),
            None => builder,
        };
        if let Some(p) = self.protocol {
            builder = builder.protocol(p);
        }
        Ok(builder.build()?)
    }
}
