//! The asynchronous [`Client`] and its [`ClientBuilder`].
//!
//! ```no_run
//! # async fn run() -> Result<(), odoo_runtime::Error> {
//! use odoo_runtime::{Client, Value};
//!
//! let client = Client::builder()
//!     .url("https://odoo.example.com")
//!     .database("prod")
//!     .password("admin", "secret")
//!     .build()?;
//! let version = client.version().await?;
//! println!("Odoo {}", version.server_version);
//! let count: i64 = client
//!     .execute_kw("res.partner", "search_count", (vec![("is_company", "=", true)],), Value::Nil)
//!     .await?;
//! # let _ = count; Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::OnceCell;
use tracing::Instrument as _;

use crate::schema::{Field, FIELD_ATTRIBUTES};
use crate::{json, xmlrpc, Call, Error, ErrorKind, Map, Value};

/// The wire protocol a [`Client`] speaks.
///
/// One typed API serves all three: switching the protocol on the builder changes no call site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `/xmlrpc/2/common` and `/xmlrpc/2/object`: every Odoo version; deprecated in Odoo 19,
    /// to be removed in Odoo 22.
    XmlRpc,
    /// `/jsonrpc`: every Odoo version; deprecated in Odoo 19 like XML-RPC.
    JsonRpc,
    /// `/json/2/<model>/<method>` with an API key: Odoo 19 and later.
    Json2,
}

impl Protocol {
    /// The protocol's name as the CLI and the docs write it: `xmlrpc`, `jsonrpc`, `json2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::XmlRpc => "xmlrpc",
            Protocol::JsonRpc => "jsonrpc",
            Protocol::Json2 => "json2",
        }
    }
}

impl std::str::FromStr for Protocol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Protocol, Error> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "xmlrpc" => Ok(Protocol::XmlRpc),
            "jsonrpc" => Ok(Protocol::JsonRpc),
            "json2" => Ok(Protocol::Json2),
            _ => Err(Error::builder(format!(
                "unknown protocol `{s}`: expected `xmlrpc`, `jsonrpc` or `json2`"
            ))),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A password or API key. Its `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SecretKind {
    Password,
    ApiKey,
}

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
    /// The major version, e.g. 19 (also for `saas~18.4`, which gives 18).
    pub fn major(&self) -> Option<u32> {
        if let Some(Value::Int(n)) = self.server_version_info.first() {
            return u32::try_from(*n).ok();
        }
        let s = self.server_version.trim_start_matches("saas~");
        s.split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
    }
}

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
    fn new() -> ClientBuilder {
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
        self.secret = Some((SecretKind::Password, Secret(password.into())));
        self
    }

    /// Authenticates with a login and an API key. Over XML-RPC and JSON-RPC the key works in
    /// place of the password; JSON-2 sends it as `Authorization: bearer <key>` and needs no
    /// login (pass an empty one if unknown).
    pub fn api_key(mut self, login: impl Into<String>, key: impl Into<String>) -> Self {
        self.login = Some(login.into());
        self.secret = Some((SecretKind::ApiKey, Secret(key.into())));
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

    /// Checks the settings and builds the client. Fails with [`ErrorKind::Builder`] on a
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
                (String::new(), SecretKind::Password, Secret(String::new()))
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
                database,
                login,
                secret,
                protocol: resolved,
                context: self.context,
                max_response_bytes: self.max_response_bytes,
                retries: self.retries,
                max_retry_wait: self.max_retry_wait,
                uid,
                http,
                next_id: std::sync::atomic::AtomicU64::new(1),
            }),
        })
    }
}

/// An Odoo client. Cheap to clone: clones share the connection pool and the cached uid.
///
/// See the [crate documentation](crate) for a tour.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    database: String,
    login: String,
    secret: Secret,
    protocol: OnceCell<Protocol>,
    context: Map,
    max_response_bytes: usize,
    retries: u32,
    max_retry_wait: Duration,
    uid: OnceCell<i64>,
    http: reqwest::Client,
    next_id: std::sync::atomic::AtomicU64,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("url", &i.url)
            .field("database", &i.database)
            .field("login", &i.login)
            .field("secret", &i.secret)
            .field("protocol", &i.protocol.get())
            .field("uid", &i.uid.get())
            .field("context", &i.context)
            .finish()
    }
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    /// The server's base URL.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The database.
    pub fn database(&self) -> &str {
        &self.inner.database
    }

    /// The login.
    pub fn login(&self) -> &str {
        &self.inner.login
    }

    /// The default context sent with every call.
    pub fn default_context(&self) -> &Map {
        &self.inner.context
    }

    /// The protocol in use, asking the server's version first when it was left to the client.
    pub async fn protocol(&self) -> Result<Protocol, Error> {
        self.inner
            .protocol
            .get_or_try_init(|| async {
                let version = self.version().await?;
                Ok(if version.major().is_some_and(|m| m >= 19) {
                    Protocol::Json2
                } else {
                    Protocol::XmlRpc
                })
            })
            .await
            .copied()
    }

    /// `common.version`: the server's version, without authentication.
    pub async fn version(&self) -> Result<ServerVersion, Error> {
        self.rpc(
            self.common_protocol(),
            "common",
            "version",
            &(),
            ("", "version"),
        )
        .await
    }

    /// Authenticates (once; the uid is cached) and returns the user id.
    ///
    /// A wrong login or secret is an [`ErrorKind::AccessDenied`] error that names the login and
    /// the database, never the secret. With JSON-2 every request carries the API key and
    /// no session exists: this reads the key's uid from `res.users.context_get`.
    pub async fn authenticate(&self) -> Result<i64, Error> {
        self.inner
            .uid
            .get_or_try_init(|| async {
                let i = &self.inner;
                let params = (&i.database, &i.login, i.secret.expose(), Map::new());
                let answer: Value = match self.protocol().await? {
                    p @ (Protocol::JsonRpc | Protocol::XmlRpc) => {
                        self.rpc(p, "common", "authenticate", &params, ("", "authenticate"))
                            .await?
                    }
                    Protocol::Json2 => {
                        // The key is the user: its context names the uid.
                        let context: Map =
                            self.json2("res.users", "context_get", &Map::new()).await?;
                        context.get("uid").cloned().unwrap_or(Value::Bool(false))
                    }
                };
                match answer {
                    Value::Int(uid) if uid > 0 => Ok(uid),
                    _ => Err(Error::access_denied(&i.login, &i.database)),
                }
            })
            .await
            .copied()
    }

    /// Calls `method` on `model` with positional `args` and keyword `kwargs` (XML-RPC's and
    /// JSON-RPC's `execute_kw`), decoding the result into `T` (use [`Value`] for untyped use).
    /// The client's default context is added to `kwargs` unless it has its own `context`.
    ///
    /// JSON-2 has no positional arguments: there, use [`Client::call`] with named parameters.
    pub async fn execute_kw<T: DeserializeOwned>(
        &self,
        model: &str,
        method: &str,
        args: impl Serialize,
        kwargs: impl Serialize,
    ) -> Result<T, Error> {
        let args = match Value::from_serialize(&args)? {
            Value::Array(a) => a,
            Value::Nil => Vec::new(),
            other => vec![other],
        };
        let mut kwargs = match Value::from_serialize(&kwargs)? {
            Value::Struct(m) => m,
            Value::Nil => Map::new(),
            other => {
                return Err(Error::encode(format!(
                    "execute_kw keyword arguments must be a struct, got {}",
                    other.kind_name()
                )))
            }
        };
        if !kwargs.contains_key("context") && !self.inner.context.is_empty() {
            kwargs.insert("context".into(), Value::Struct(self.inner.context.clone()));
        }
        match self.protocol().await? {
            Protocol::Json2 => Err(Error::encode(format!(
                "{model}.{method}: JSON-2 takes named parameters only; use Client::call"
            ))),
            p => {
                self.object_execute_kw(p, model, method, &args, &kwargs)
                    .await
            }
        }
    }

    /// Makes a [`Call`] on any protocol and decodes the result into `T`.
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// use odoo_runtime::Call;
    /// let ids: Vec<i64> = client
    ///     .call(Call::new("res.partner", "search").arg("domain", [("is_company", "=", true)]).arg("limit", 5))
    ///     .await?;
    /// # let _ = ids; Ok(()) }
    /// ```
    pub async fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T, Error> {
        call.check()?;
        let protocol = self.protocol().await?;
        let mut context = self.inner.context.clone();
        if let Some(c) = call.call_context() {
            context.extend(c.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        match protocol {
            Protocol::Json2 => {
                let mut body = Map::new();
                if let Some(ids) = call.record_ids() {
                    body.insert("ids".into(), ids.iter().copied().map(Value::Int).collect());
                }
                if !context.is_empty() {
                    body.insert("context".into(), Value::Struct(context));
                }
                for (k, v) in call.params() {
                    body.insert(k.clone(), v.clone());
                }
                let span = tracing::debug_span!(
                    "odoo.call",
                    protocol = protocol.as_str(),
                    model = call.model(),
                    method = call.method()
                );
                self.json2(call.model(), call.method(), &body)
                    .instrument(span)
                    .await
            }
            p => {
                let args: Vec<Value> = call
                    .record_ids()
                    .map(|ids| vec![ids.iter().copied().map(Value::Int).collect()])
                    .unwrap_or_default();
                let mut kwargs: Map = call.params().iter().cloned().collect();
                if !context.is_empty() {
                    kwargs.insert("context".into(), Value::Struct(context));
                }
                self.object_execute_kw(p, call.model(), call.method(), &args, &kwargs)
                    .await
            }
        }
    }

    /// `fields_get` with an explicit attribute list ([`FIELD_ATTRIBUTES`]), typed.
    ///
    /// The explicit list matters: without one, Odoo 19 faults over XML-RPC on some models.
    pub async fn fields_get(
        &self,
        model: &str,
    ) -> Result<std::collections::BTreeMap<String, Field>, Error> {
        let fields: std::collections::BTreeMap<String, Field> = self
            .call(Call::new(model, "fields_get").arg("attributes", FIELD_ATTRIBUTES))
            .await?;
        Ok(fields
            .into_iter()
            .map(|(name, mut f)| {
                if f.name.is_empty() {
                    f.name = name.clone();
                }
                (name, f)
            })
            .collect())
    }

    /// Odoo 19's API documentation of one model (`GET /doc-bearer/<model>.json`, API key
    /// only): its fields and every public method with its parameters.
    pub async fn api_doc(&self, model: &str) -> Result<crate::schema::Model, Error> {
        let url = format!("{}/doc-bearer/{model}.json", self.inner.url);
        let response = self
            .send(|| self.inner.http.get(&url), &url, true, true)
            .await?;
        if response.status != 200 {
            return Err(json::decode_json2_error(response.status, &response.body)
                .unwrap_or_else(|| http_status_error(&response)));
        }
        if !looks_like_json(&response.body) {
            return Err(not_protocol_error("JSON", &response));
        }
        crate::schema::Model::from_api_doc(&response.body)
    }

    // ------------------------------------------------------------------ transports

    async fn object_execute_kw<T: DeserializeOwned>(
        &self,
        protocol: Protocol,
        model: &str,
        method: &str,
        args: &[Value],
        kwargs: &Map,
    ) -> Result<T, Error> {
        let uid = self.authenticate().await?;
        let i = &self.inner;
        let params = (
            &i.database,
            uid,
            i.secret.expose(),
            model,
            method,
            args,
            kwargs,
        );
        let span = tracing::debug_span!("odoo.call", protocol = protocol.as_str(), model, method);
        self.rpc(protocol, "object", "execute_kw", &params, (model, method))
            .instrument(span)
            .await
    }

    /// `service.method(params)` over XML-RPC or JSON-RPC (the `common` service, or `object`'s
    /// `execute_kw`, whose model and method name the log line and decide retries).
    async fn rpc<T: DeserializeOwned, P: Serialize>(
        &self,
        protocol: Protocol,
        service: &str,
        method: &str,
        params: &P,
        target: (&str, &str),
    ) -> Result<T, Error> {
        let (model, model_method) = target;
        let (url, body, content_type) = match protocol {
            Protocol::JsonRpc => {
                let id = self
                    .inner
                    .next_id
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let envelope = JsonRpcEnvelope {
                    jsonrpc: "2.0",
                    method: "call",
                    params: JsonRpcParams {
                        service,
                        method,
                        args: params,
                    },
                    id,
                };
                (
                    format!("{}/jsonrpc", self.inner.url),
                    json::to_vec(&envelope)?,
                    "application/json",
                )
            }
            _ => (
                format!("{}/xmlrpc/2/{service}", self.inner.url),
                xmlrpc::encode_call(method, params)?,
                "text/xml",
            ),
        };
        let started = Instant::now();
        let sent = body.len();
        let response = self
            .post(&url, body, content_type, false, is_retry_safe(model_method))
            .await?;
        let result = if response.status != 200 {
            Err(http_status_error(&response))
        } else if protocol == Protocol::JsonRpc {
            json::decode_jsonrpc_response(&response.body).map_err(|e| {
                if e.kind() == ErrorKind::Decode && !looks_like_json(&response.body) {
                    not_protocol_error("JSON-RPC", &response)
                } else {
                    e
                }
            })
        } else if !looks_like_xml(&response.body) {
            Err(not_protocol_error("XML-RPC", &response))
        } else {
            xmlrpc::decode_response(&response.body)
        };
        log_call(
            service,
            model,
            model_method,
            started,
            sent,
            response.body.len(),
            &result,
        );
        result
    }

    /// The protocol for the `common` service: JSON-RPC when chosen, XML-RPC otherwise (JSON-2
    /// has no `common` service).
    fn common_protocol(&self) -> Protocol {
        match self.inner.protocol.get() {
            Some(Protocol::JsonRpc) => Protocol::JsonRpc,
            _ => Protocol::XmlRpc,
        }
    }

    async fn json2<T: DeserializeOwned>(
        &self,
        model: &str,
        method: &str,
        body: &Map,
    ) -> Result<T, Error> {
        let payload = json::to_vec(body)?;
        let url = format!("{}/json/2/{model}/{method}", self.inner.url);
        let started = Instant::now();
        let sent = payload.len();
        let response = self
            .post(
                &url,
                payload,
                "application/json",
                true,
                is_retry_safe(method),
            )
            .await?;
        let result = if response.status == 200 {
            json::from_slice(&response.body).map_err(|e| {
                if !looks_like_json(&response.body) {
                    not_protocol_error("JSON-2", &response)
                } else {
                    e
                }
            })
        } else {
            Err(json::decode_json2_error(response.status, &response.body)
                .unwrap_or_else(|| http_status_error(&response)))
        };
        log_call(
            "json2",
            model,
            method,
            started,
            sent,
            response.body.len(),
            &result,
        );
        result
    }

    async fn post(
        &self,
        url: &str,
        body: Vec<u8>,
        content_type: &str,
        bearer: bool,
        retry_safe: bool,
    ) -> Result<RawResponse, Error> {
        let body = bytes::Bytes::from(body);
        let make = || {
            self.inner
                .http
                .post(url)
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body.clone())
        };
        self.send(make, url, bearer, retry_safe).await
    }

    /// Sends a request, retrying as [`ClientBuilder::retries`] documents.
    async fn send(
        &self,
        make: impl Fn() -> reqwest::RequestBuilder,
        url: &str,
        bearer: bool,
        retry_safe: bool,
    ) -> Result<RawResponse, Error> {
        let mut attempt = 0u32;
        loop {
            let outcome = self.send_once(make(), url, bearer).await;
            let retry_after = match &outcome {
                // The connection was refused: the request never reached the server.
                Err(e) if e.is_connect() => Some(None),
                Err(e) if e.is_timeout() && retry_safe => Some(None),
                // 429: the server turned the request away without running it.
                Ok(r) if r.status == 429 => Some(r.retry_after),
                Ok(r) if matches!(r.status, 502..=504) && retry_safe => Some(r.retry_after),
                _ => None,
            };
            match retry_after {
                Some(wait) if attempt < self.inner.retries => {
                    let backoff = Duration::from_millis(200u64 << attempt.min(6));
                    let wait = wait.unwrap_or(backoff).min(self.inner.max_retry_wait);
                    tracing::debug!(
                        url = strip_query(url),
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return outcome,
            }
        }
    }

    async fn send_once(
        &self,
        mut request: reqwest::RequestBuilder,
        url: &str,
        bearer: bool,
    ) -> Result<RawResponse, Error> {
        if bearer {
            let mut value = reqwest::header::HeaderValue::from_str(&format!(
                "bearer {}",
                self.inner.secret.expose()
            ))
            .map_err(|_| {
                Error::builder("the API key contains characters not allowed in an HTTP header")
            })?;
            value.set_sensitive(true);
            request = request
                .header(reqwest::header::AUTHORIZATION, value)
                .header("X-Odoo-Database", self.inner.database.as_str());
        }
        let mut response = request.send().await.map_err(|e| transport_error(e, url))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let limit = self.inner.max_response_bytes;
        if response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::transport(
                format!(
                    "response of {} bytes from {url} exceeds the limit of {limit} bytes",
                    response.content_length().unwrap_or(0)
                ),
                Some(status),
            ));
        }
        let mut body = Vec::with_capacity(response.content_length().map_or(0, |n| n as usize));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(e, url))?
        {
            if body.len() + chunk.len() > limit {
                return Err(Error::transport(
                    format!("response from {url} exceeds the limit of {limit} bytes"),
                    Some(status),
                ));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            content_type,
            body,
            url: url.to_owned(),
            retry_after,
        })
    }
}

#[derive(Serialize)]
struct JsonRpcEnvelope<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: JsonRpcParams<'a, P>,
    id: u64,
}

#[derive(Serialize)]
struct JsonRpcParams<'a, P> {
    service: &'a str,
    method: &'a str,
    args: &'a P,
}

struct RawResponse {
    retry_after: Option<Duration>,
    status: u16,
    content_type: String,
    body: Vec<u8>,
    url: String,
}

/// Methods that only read: retrying them after a timeout or a gateway error cannot apply a
/// change twice.
const READ_ONLY_METHODS: &[&str] = &[
    "version",
    "authenticate",
    "login",
    "search",
    "search_read",
    "read",
    "search_count",
    "fields_get",
    "name_search",
    "default_get",
    "context_get",
    "check_access_rights",
    "check_access",
    "has_access",
    "read_group",
    "formatted_read_group",
    "web_search_read",
    "web_read",
    "get_views",
    "name_get",
    "exists",
    "api_doc",
];

fn is_retry_safe(method: &str) -> bool {
    READ_ONLY_METHODS.contains(&method)
}

fn log_call<T>(
    service: &str,
    model: &str,
    method: &str,
    started: Instant,
    sent: usize,
    received: usize,
    result: &Result<T, Error>,
) {
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(_) => tracing::debug!(
            service,
            model,
            method,
            elapsed_ms,
            sent,
            received,
            "odoo call"
        ),
        Err(e) => {
            tracing::debug!(service, model, method, elapsed_ms, sent, received, error = %e, "odoo call failed")
        }
    }
}

fn transport_error(e: reqwest::Error, url: &str) -> Error {
    // reqwest's own messages name the URL, never the body: safe to keep as the source.
    let url = strip_query(url);
    if e.is_timeout() {
        Error::timeout(format!("no answer from {url} in time")).with_source(e.without_url())
    } else if e.is_connect() {
        Error::connect(format!("cannot connect to {url}")).with_source(e.without_url())
    } else {
        Error::transport(
            format!("request to {url} failed: {}", error_chain(&e)),
            None,
        )
        .with_source(e.without_url())
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
}

fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// A short, printable excerpt of a body for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX * 4)]);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

fn http_status_error(r: &RawResponse) -> Error {
    // A 401 or 403 without Odoo's error body (a proxy's own authentication, say) still means
    // the same to the caller as Odoo's.
    let kind = match r.status {
        401 => Some(ErrorKind::AccessDenied),
        403 => Some(ErrorKind::AccessError),
        _ => None,
    };
    if let Some(kind) = kind {
        let mut fault_message = format!("HTTP {} from {}", r.status, strip_query(&r.url));
        if !r.body.is_empty() {
            fault_message.push_str(": ");
            fault_message.push_str(&excerpt(&r.body));
        }
        return Error::server(
            kind,
            crate::Fault {
                code: None,
                class: None,
                message: fault_message,
                traceback: None,
            },
        )
        .with_status(r.status);
    }
    Error::transport(
        format!(
            "HTTP {} from {} ({}): {}",
            r.status,
            strip_query(&r.url),
            if r.content_type.is_empty() {
                "no content type"
            } else {
                &r.content_type
            },
            excerpt(&r.body)
        ),
        Some(r.status),
    )
}

fn not_protocol_error(protocol: &str, r: &RawResponse) -> Error {
    Error::transport(
        format!(
            "the answer from {} is not {protocol} ({}): {}",
            strip_query(&r.url),
            if r.content_type.is_empty() {
                "no content type"
            } else {
                &r.content_type
            },
            if r.body.is_empty() {
                "empty body".to_owned()
            } else {
                excerpt(&r.body)
            }
        ),
        Some(r.status),
    )
}

fn first_non_space(body: &[u8]) -> Option<u8> {
    body.iter().copied().find(|b| !b.is_ascii_whitespace())
}

fn looks_like_xml(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let rest = &body[start..];
    rest.starts_with(b"<?xml") || rest.starts_with(b"<methodResponse")
}

fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        first_non_space(body),
        Some(b'{' | b'[' | b'"' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9')
    )
}
