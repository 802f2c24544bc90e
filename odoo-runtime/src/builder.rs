//! [`ClientBuilder`]: the settings of a [`Client`], checked at [`ClientBuilder::build`].

use std::fmt;
use std::time::Duration;

use crate::client::Client;
use crate::config::{Config, TransportConfig};
use crate::error::Error;
use crate::protocol::Protocol;
use crate::secret::{Secret, SecretKind};
use crate::value::{Map, Value};

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
    /// `None`: not set, 1.5 × the timeout; `Some(None)`: none.
    deadline: Option<Option<Duration>>,
    max_in_flight: Option<usize>,
    max_response_bytes: usize,
    retries: u32,
    max_retry_wait: Duration,
    context: Map,
    uid: Option<i64>,
    errors: Vec<String>,
    http: Option<reqwest::Client>,
    compression: bool,
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
            .field("deadline", &self.effective_deadline())
            .field("max_in_flight", &self.max_in_flight)
            .field("context", &self.context)
            .finish_non_exhaustive()
    }
}

/// The default cap on a response body: 512 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 512 << 20;

/// The `User-Agent` of every request: the crate and its version.
pub(crate) const USER_AGENT: &str = concat!("odoo-rs/", env!("CARGO_PKG_VERSION"));

/// The default cap on the requests of one client in flight at once: 16.
///
/// Odoo serves a request with a database connection from a pool of `db_maxconn` (64 by
/// default) per process: 200 calls at once on a threaded Odoo (`workers = 0`) made most of
/// them fail with an HTTP 500 (`PoolError: The Connection Pool Is Full`). Measured on Odoo 19
/// (2 cores, `workers = 0`): with a cap of 16 the 200 calls all succeed, no slower than at 32
/// or 64, and leave most of the pool to the server's other users.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 16;

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
}

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
            deadline: None,
            max_in_flight: Some(DEFAULT_MAX_IN_FLIGHT),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            retries: 2,
            max_retry_wait: Duration::from_secs(30),
            context: Map::new(),
            uid: None,
            errors: Vec::new(),
            http: None,
            compression: true,
        }
    }

    /// The server's base URL, e.g. `https://mycompany.odoo.com`.
    ///
    /// A path is kept as a prefix of every endpoint, for an Odoo a reverse proxy serves under
    /// one: with `https://example.com/erp`, XML-RPC goes to `https://example.com/erp/xmlrpc/2/…`.
    /// Odoo's own URLs have none: `/odoo` (or `/web`) in a browser's address bar is the web
    /// client, and the API calls sent there fail (`Session expired (invalid CSRF token)`),
    /// which the error then explains.
    ///
    /// Calls are sent to this URL only: a redirect is never followed (see
    /// [`ClientBuilder::http_client`]), it fails naming where it led.
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

    /// The timeout of one attempt, from connecting to the end of the answer (default
    /// 120 s); `None` disables it. A retried call makes several attempts: the whole is
    /// bounded by [`ClientBuilder::deadline`].
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// The limit of one whole call: every attempt, the waits between retries and the wait
    /// for a slot under [`ClientBuilder::max_in_flight`]. By default 1.5 × the timeout (3
    /// minutes with the default timeout), so that a server that hangs costs one timeout and
    /// a shorter retry, not `(retries + 1) × timeout`; `None` disables it. An attempt never
    /// runs past it: the last one gets what is left.
    ///
    /// ```
    /// use std::time::Duration;
    /// let client = odoo_runtime::Client::builder()
    ///     .url("http://localhost:8069").database("odoo19").password("admin", "admin")
    ///     .timeout(Duration::from_secs(20))
    ///     .deadline(Duration::from_secs(30))
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    pub fn deadline(mut self, deadline: impl Into<Option<Duration>>) -> Self {
        self.deadline = Some(deadline.into());
        self
    }

    /// The most requests of this client (and its clones) in flight at once (default
    /// [`DEFAULT_MAX_IN_FLIGHT`]); the others wait for a slot, within their deadline. `None`
    /// removes the cap.
    ///
    /// It keeps a burst of concurrent calls from exhausting the server's database pool,
    /// which Odoo answers with HTTP 500 errors. Raise it for an Odoo with several workers
    /// and a large `db_maxconn`.
    ///
    /// ```
    /// let client = odoo_runtime::Client::builder()
    ///     .url("http://localhost:8069").database("odoo19").password("admin", "admin")
    ///     .max_in_flight(32)
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    pub fn max_in_flight(mut self, max: impl Into<Option<usize>>) -> Self {
        self.max_in_flight = max.into();
        self
    }

    fn effective_deadline(&self) -> Option<Duration> {
        match self.deadline {
            Some(d) => d,
            None => self.timeout.map(|t| t + t / 2),
        }
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
    /// - a timeout, a connection closed or reset before or during the answer (a body cut
    ///   short), an HTTP 502, 503 or 504, and Odoo's HTTP 500 page of a full database pool
    ///   (`PoolError`): only methods that read (`search`, `read`, `search_read`,
    ///   `search_count`, `fields_get`, `name_search`, `version`, `authenticate`, …) — never
    ///   a `create`, `write`, `unlink` or other method that may already have run on the
    ///   server.
    ///
    /// A `Retry-After` header (in seconds or as an HTTP date) sets the wait, capped by
    /// [`ClientBuilder::max_retry_wait`]; without one the wait doubles from 200 ms. No retry
    /// starts past the [deadline](ClientBuilder::deadline). `0` disables retries.
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

    /// Whether answers may come compressed (on by default): requests say `Accept-Encoding:
    /// gzip`, and a compressed answer is decoded as it streams in.
    ///
    /// Odoo itself never compresses an RPC answer, but the nginx of Odoo's deployment guide
    /// (`gzip on` for `text/xml` and `application/json`), Odoo.sh and Odoo Online do: a read of
    /// 10,000 partners over XML-RPC is 18 MB as sent and about 1.3 MB gzipped. The cap of
    /// [`max_response_bytes`](ClientBuilder::max_response_bytes) counts the decoded bytes, so a
    /// small compressed answer that inflates past it (a "gzip bomb") is an error, not a
    /// gigabyte in memory.
    ///
    /// With [`http_client`](ClientBuilder::http_client), that client's own settings decide.
    ///
    /// ```
    /// let client = odoo_runtime::Client::builder()
    ///     .url("http://localhost:8069")
    ///     .database("odoo19")
    ///     .password("admin", "admin")
    ///     .compression(false) // e.g. to measure what crosses the link uncompressed
    ///     .build()
    ///     .unwrap();
    /// # let _ = client;
    /// ```
    pub fn compression(mut self, on: bool) -> Self {
        self.compression = on;
        self
    }

    /// Uses this `reqwest` client (to share a connection pool or set proxies and TLS roots).
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: calls follow no
    /// redirect. One that follows them cannot leak the credentials (a request body is sent
    /// in a form reqwest does not replay, so a 307 or 308 comes back unfollowed; a 301, 302
    /// or 303 turns into a `GET` without it; reqwest drops `Authorization` for another host
    /// or port), but its followed redirects end in an error. The builder's timeout applies
    /// per request; its connect timeout does not.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Checks the settings and builds the client. Fails with
    /// [`ErrorKind::Builder`](crate::ErrorKind::Builder) on a missing or malformed URL (or an
    /// `https://` one without the `rustls` feature and without
    /// [`http_client`](ClientBuilder::http_client)), a missing database or credentials, or an
    /// API-key-only protocol without a key.
    pub fn build(self) -> Result<Client, Error> {
        let deadline = self.effective_deadline();
        let mut errors = self.errors;
        let mut base = None;
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
                        if parsed.query().is_some() || parsed.fragment().is_some() {
                            errors.push("the URL must have no query or fragment: give the server's base URL".into());
                        }
                        if parsed.scheme() == "https"
                            && !cfg!(feature = "rustls")
                            && self.http.is_none()
                        {
                            errors.push("an `https://` URL needs odoo-runtime's `rustls` feature (on by default), or a client with TLS through `.http_client(…)`".into());
                        }
                        base = Some(parsed);
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
        if self.max_in_flight == Some(0) {
            errors.push("max_in_flight must be positive (or `None` for no cap)".into());
        }
        if !errors.is_empty() {
            return Err(Error::builder(errors.join("; ")));
        }
        let Some(base) = base else {
            return Err(Error::builder("invalid URL"));
        };
        let http = match self.http {
            Some(h) => h,
            None => {
                // No redirects: a call carries credentials and goes to the configured URL
                // only. Timeouts are set per request (the deadline shortens the last one).
                let mut b = reqwest::Client::builder()
                    .pool_max_idle_per_host(self.max_in_flight.unwrap_or(16).min(64))
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(USER_AGENT)
                    .gzip(self.compression);
                if let Some(t) = self.connect_timeout {
                    b = b.connect_timeout(t);
                }
                b.build()
                    .map_err(|e| Error::builder(format!("HTTP client: {e}")))?
            }
        };
        Ok(Client::new(Config {
            url,
            login,
            secret_kind,
            protocol: self.protocol,
            context: self.context,
            uid: self.uid,
            transport: TransportConfig {
                http,
                base,
                database,
                secret,
                max_response_bytes: self.max_response_bytes,
                timeout: self.timeout,
                deadline,
                max_in_flight: self.max_in_flight,
                retries: self.retries,
                max_retry_wait: self.max_retry_wait,
            },
        }))
    }
}
