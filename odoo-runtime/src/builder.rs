//! [`ClientBuilder`]: the settings of a [`Client`], checked at [`ClientBuilder::build`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::OnceCell;

use crate::client::{Client, Inner};
use crate::protocol::conventions::CallingConventions;
use crate::secret::{Secret, SecretKind};
use crate::transport::retry::RetryPolicy;
use crate::transport::Transport;
use crate::{Error, Map, Protocol, Value};

/// Builds a [`Client`]. Every setter takes and returns the builder by value; bad input is
/// kept until [`ClientBuilder::build`] reports it.
///
/// ```
/// use odoo_runtime::{Client, Protocol};
/// use std::time::Duration;
///
/// let client = Client::builder()
///     .url("http://localhost:8069")
///     .database("odoo19")
///     .api_key("admin", "0123456789abcdef")
///     .protocol(Protocol::Json2)
///     .timeout(Duration::from_secs(30))
///     .context("lang", "fr_FR")
///     .build()
///     .unwrap();
/// assert_eq!(client.database(), "odoo19");
/// assert!(!format!("{client:?}").contains("0123456789abcdef"));
/// ```
#[must_use]
pub struct ClientBuilder {
    url: Option<String>,
    database: Option<String>,
    login: Option<String>,
    secret: Option<(SecretKind, Secret)>,
    protocol: Option<Protocol>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    max_response_bytes: usize,
    retries: u32,
    max_retry_wait: Duration,
    context: Map,
    uid: Option<i64>,
    errors: Vec<String>,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("url", &self.url)
            .field("database", &self.database)
            .field("login", &self.login)
            .field("secret", &self.secret.as_ref().map(|(k, s)| (k, s)))
            .field("protocol", &self.protocol)
            .field("timeout", &self.timeout)
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

/// The default cap on a response body: 512 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 512 << 20;

impl ClientBuilder {
    pub(crate) fn new() -> ClientBuilder {
        ClientBuilder {
            url: None,
            database: None,
            login: None,
            secret: None,
            protocol: None,
            timeout: Some(Duration::from_secs(120)),
            connect_timeout: Some(Duration::from_secs(10)),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retries: 2,
            max_retry_wait: Duration::from_secs(30),
            context: Map::new(),
            uid: None,
            errors: Vec::new(),
            http: None,
        }
    }

    /// The server's base URL, e.g. `https://mycompany.odoo.com` (no path).
    pub fn url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// The database name.
    pub fn database(mut self, database: impl Into<String>) -> Self {
        self.database = Some(database.into());
        self
    }

    /// Authenticates with a login and a password.
    pub fn password(mut self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.login = Some(login.into());
        self.secret = Some((SecretKind::Password, Secret::new(password.into())));
        self
    }

    /// Authenticates with a login and an API key. Over XML-RPC and JSON-RPC the key works in
    /// place of the password; JSON-2 sends it as `Authorization: bearer <key>` and needs no
    /// login (pass an empty one if unknown).
    pub fn api_key(mut self, login: impl Into<String>, key: impl Into<String>) -> Self {
        self.login = Some(login.into());
        self.secret = Some((SecretKind::ApiKey, Secret::new(key.into())));
        self
    }

    /// The protocol. Without this the client picks: JSON-2 when an API key is given and the
    /// server is Odoo 19 or later (asked once through `common.version`), XML-RPC otherwise.
    pub fn protocol(mut self, protocol: Protocol) -> Self {
        self.protocol = Some(protocol);
        self
    }

    /// The timeout for one whole request (default 120 s); `None` disables it.
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// The timeout for connecting (default 10 s).
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// The largest response body accepted (default [`DEFAULT_MAX_RESPONSE_BYTES`]); a larger
    /// one fails with a transport error instead of exhausting memory.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// How many times a request may be retried (default 2), and only where that is safe:
    ///
    /// - a refused connection (the request never reached the server) and an HTTP 429 (the
    ///   server turned it away unrun): any method;
    /// - a timeout or an HTTP 502, 503 or 504: only methods that read (`search`, `read`,
    ///   `search_read`, `search_count`, `fields_get`, `name_search`, `version`,
    ///   `authenticate`, …) — never a `create`, `write`, `unlink` or other method that may
    ///   already have run on the server.
    ///
    /// A `Retry-After` header (in seconds) sets the wait, capped by
    /// [`ClientBuilder::max_retry_wait`]; without one the wait doubles from 200 ms. `0`
    /// disables retries.
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// The longest wait between two attempts (default 30 s), whatever `Retry-After` asks.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// Adds a key to the default context sent with every call (`lang`, `tz`,
    /// `allowed_company_ids`, `active_test`…).
    pub fn context(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.context.insert(key.into(), value.into());
        self
    }

    /// Replaces the default context.
    pub fn context_map(mut self, context: Map) -> Self {
        self.context = context;
        self
    }

    /// Skips `authenticate` by giving the uid (XML-RPC and JSON-RPC).
    pub fn uid(mut self, uid: i64) -> Self {
        if uid <= 0 {
            self.errors.push(format!("uid must be positive, got {uid}"));
        }
        self.uid = Some(uid);
        self
    }

    /// Uses this `reqwest` client (to share a connection pool or set proxies and TLS roots).
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client. Fails with [`ErrorKind::Builder`](crate::ErrorKind::Builder) on a
    /// missing or malformed URL, a missing database or credentials, or an API-key-only
    /// protocol without a key.
    pub fn build(self) -> Result<Client, Error> {
        let mut errors = self.errors;
        let url = match self.url.as_deref().map(str::trim) {
            None | Some("") => {
                errors.push("no URL given: call `.url(\"https://…\")`".into());
                String::new()
            }
            Some(u) => {
                match reqwest::Url::parse(u) {
                    Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {
                        if parsed.password().is_some() || !parsed.username().is_empty() {
                            errors.push("the URL must not carry credentials: use `.password()` or `.api_key()`".into());
                        }
                        u.trim_end_matches('/').to_owned()
                    }
                    Ok(parsed) => {
                        errors.push(format!(
                            "URL scheme `{}` is not http or https",
                            parsed.scheme()
                        ));
                        String::new()
                    }
                    Err(e) => {
                        errors.push(format!("invalid URL: {e}"));
                        String::new()
                    }
                }
            }
        };
        let database = self.database.unwrap_or_default();
        if database.trim().is_empty() {
            errors.push("no database given: call `.database(\"…\")`".into());
        }
        let (login, secret_kind, secret) = match (self.login, self.secret) {
            (Some(l), Some((k, s))) => (l, k, s),
            _ => {
                errors.push("no credentials given: call `.password(login, password)` or `.api_key(login, key)`".into());
                (
                    String::new(),
                    SecretKind::Password,
                    Secret::new(String::new()),
                )
            }
        };
        if secret.expose().is_empty() && !errors.iter().any(|e| e.starts_with("no credentials")) {
            errors.push("the password or API key is empty".into());
        }
        if login.is_empty() && self.protocol != Some(Protocol::Json2) {
            errors.push("the login is empty (only JSON-2 works without one)".into());
        }
        if self.protocol == Some(Protocol::Json2) && secret_kind != SecretKind::ApiKey {
            errors.push("JSON-2 needs an API key: use `.api_key(login, key)`".into());
        }
        if self.max_response_bytes == 0 {
            errors.push("max_response_bytes must be positive".into());
        }
        if !errors.is_empty() {
            return Err(Error::builder(errors.join("; ")));
        }
        let http = match self.http {
            Some(h) => h,
            None => {
                let mut b = reqwest::Client::builder().pool_max_idle_per_host(16);
                if let Some(t) = self.timeout {
                    b = b.timeout(t);
                }
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build()
                    .map_err(|e| Error::builder(format!("HTTP client: {e}")))?
            }
        };
        let resolved = OnceCell::new();
        if let Some(p) = self.protocol {
            let _ = resolved.set(p);
        } else if secret_kind == SecretKind::Password {
            let _ = resolved.set(Protocol::XmlRpc);
        }
        let uid = OnceCell::new();
        if let Some(u) = self.uid {
            let _ = uid.set(u);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                url,
                login,
                secret_kind,
                protocol: resolved,
                context: self.context,
                uid,
                version: OnceCell::new(),
                conventions: &CallingConventions::ODOO_16_TO_19,
                request_ids: std::sync::atomic::AtomicU64::new(1),
                transport: Transport {
                    http,
                    database,
                    secret,
                    max_response_bytes: self.max_response_bytes,
                    retry: RetryPolicy {
                        retries: self.retries,
                        max_wait: self.max_retry_wait,
                    },
                },
            }),
        })
    }
}
