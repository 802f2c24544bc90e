//! The asynchronous [`Client`]: version, authentication, any method call, `fields_get` and
//! `api_doc`. The typed model API is in [`crate::typed`], the settings in
//! [`ClientBuilder`](crate::builder::ClientBuilder); how a call goes on the wire is
//! [`crate::protocol`]'s business.
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
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::sync::OnceCell;

use crate::call::Call;
use crate::config::Config;
use crate::error::Error;
use crate::model::OdooModel;
use crate::protocol::conventions::{CallingConventions, Positional};
pub use crate::protocol::versions::ServerVersion;
use crate::protocol::versions::{self, Dialect};
use crate::protocol::Protocol;
use crate::protocol::{self, Common, Execute, Message, Params, Session};
use crate::schema::{Field, FIELD_ATTRIBUTES};
use crate::secret::SecretKind;
use crate::transport::Transport;
use crate::value::{Map, Value};
use crate::web::session::{Credentials, WebSession};

/// An Odoo client. Cheap to clone: clones share the connection pool and the cached uid.
///
/// See the [crate documentation](crate) for a tour.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    login: String,
    secret_kind: SecretKind,
    protocol: OnceCell<Protocol>,
    context: Map,
    uid: OnceCell<i64>,
    /// `common.version`, asked once (see [`Client::version`]).
    version: OnceCell<ServerVersion>,
    /// The calling conventions until the server's version is known.
    conventions: &'static CallingConventions,
    request_ids: AtomicU64,
    transport: Transport,
    /// The web session of the report downloads, opened at the first one.
    web: WebSession,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &self.inner;
        f.debug_struct("Client")
            .field("url", &i.url)
            .field("database", &i.transport.database)
            .field("login", &i.login)
            .field("secret", &i.transport.secret)
            .field("protocol", &i.protocol.get())
            .field("uid", &i.uid.get())
            .field(
                "server_version",
                &i.version.get().map(|v| v.server_version.as_str()),
            )
            .field("context", &i.context)
            .finish()
    }
}

impl Client {
    /// The server's time, as the `Date` of its answers tells it (the incremental sync reads it).
    pub(crate) fn server_clock(&self) -> &crate::transport::clock::ServerClock {
        &self.inner.transport.clock
    }

    /// The client `config` describes (what [`ClientBuilder::build`](crate::builder::ClientBuilder::build) checked).
    pub(crate) fn new(config: Config) -> Client {
        let protocol = OnceCell::new();
        if let Some(p) = config.protocol {
            let _ = protocol.set(p);
        } else if config.secret_kind == SecretKind::Password {
            // Only XML-RPC and JSON-RPC take a password; JSON-2 needs an API key.
            let _ = protocol.set(Protocol::XmlRpc);
        }
        let uid = OnceCell::new();
        if let Some(u) = config.uid {
            let _ = uid.set(u);
        }
        Client {
            inner: Arc::new(Inner {
                url: config.url,
                login: config.login,
                secret_kind: config.secret_kind,
                protocol,
                context: config.context,
                uid,
                version: OnceCell::new(),
                conventions: &CallingConventions::ODOO_16_TO_19,
                request_ids: AtomicU64::new(1),
                transport: Transport::new(config.transport),
                web: WebSession::default(),
            }),
        }
    }

    /// The server's base URL.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The database.
    pub fn database(&self) -> &str {
        &self.inner.transport.database
    }

    /// The login.
    pub fn login(&self) -> &str {
        &self.inner.login
    }

    /// The default context sent with every call.
    pub fn default_context(&self) -> &Map {
        &self.inner.context
    }

    fn session(&self) -> Session<'_> {
        let i = &self.inner;
        Session {
            url: &i.url,
            database: &i.transport.database,
            login: &i.login,
            secret: &i.transport.secret,
            conventions: self.dialect().map_or(i.conventions, |d| d.conventions),
            request_ids: &i.request_ids,
        }
    }

    /// The transport, the web session and what logging in to it needs (the report downloads).
    pub(crate) fn web(&self) -> (&Transport, &WebSession, Credentials<'_>) {
        let i = &self.inner;
        let credentials = Credentials {
            url: &i.url,
            database: &i.transport.database,
            login: &i.login,
            secret: &i.transport.secret,
            secret_kind: i.secret_kind,
            request_ids: &i.request_ids,
        };
        (&i.transport, &i.web, credentials)
    }

    /// The dialect of the server, once its version is known.
    fn dialect(&self) -> Option<&'static Dialect> {
        let major = self.inner.version.get()?.major()?;
        Some(versions::dialect(major))
    }

    async fn exchange<T: DeserializeOwned + Send + 'static>(
        &self,
        protocol: Protocol,
        message: Message<'_>,
    ) -> Result<T, Error> {
        protocol::exchange(protocol, &self.inner.transport, &self.session(), message).await
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

    /// `common.version`: the server's version, without authentication. Asked once: clones
    /// of the client share the answer. Before the protocol is known, and on JSON-2 (which has
    /// no `common` service), it is asked over XML-RPC.
    ///
    /// The client asks it itself only where versions differ in what it must do: to pick a
    /// protocol for an API key, and to explain an error (JSON-2 on Odoo 17 or 18, a method or
    /// a field of another version).
    pub async fn version(&self) -> Result<ServerVersion, Error> {
        self.inner
            .version
            .get_or_try_init(|| async {
                let protocol = self
                    .inner
                    .protocol
                    .get()
                    .copied()
                    .unwrap_or(Protocol::XmlRpc);
                self.exchange(protocol, Message::Common(Common::Version))
                    .await
            })
            .await
            .cloned()
    }

    /// The version if it is known or can be asked; `None` when asking fails (the error being
    /// explained is then returned as it is).
    async fn version_for_errors(&self) -> Option<ServerVersion> {
        self.version().await.ok()
    }

    /// Refuses JSON-2 (`what`: `JSON-2`, `/doc-bearer`) on a server known to be older than 19.
    fn check_json2(&self, what: &str) -> Result<(), Error> {
        match (self.inner.version.get(), self.dialect()) {
            (Some(v), Some(d)) if !d.json2 => Err(versions::json2_refused(what, v)),
            _ => Ok(()),
        }
    }

    /// An error of a JSON-2 or `/doc-bearer` request: when the answer was not JSON-2 (an HTML
    /// page), the server's version says whether it is too old.
    async fn explain_json2(&self, what: &str, e: Error) -> Error {
        if !versions::not_json2(&e) {
            return e;
        }
        match self.version_for_errors().await {
            Some(v) if v.major().is_some_and(|m| !versions::dialect(m).json2) => {
                versions::json2_refused(what, &v)
            }
            _ => e,
        }
    }

    /// Authenticates (once; the uid is cached) and returns the user id.
    ///
    /// A wrong login or secret is an [`ErrorKind::AccessDenied`](crate::ErrorKind) error that
    /// names the login and the database, never the secret. With JSON-2 every request carries
    /// the API key and no session exists: this reads the key's uid from
    /// `res.users.context_get`.
    pub async fn authenticate(&self) -> Result<i64, Error> {
        self.inner
            .uid
            .get_or_try_init(|| async {
                let protocol = self.protocol().await?;
                let answer: Value = if protocol == Protocol::Json2 {
                    self.check_json2("JSON-2")?;
                    match self
                        .exchange(protocol, Message::Common(Common::Authenticate))
                        .await
                    {
                        Ok(answer) => answer,
                        Err(e) => return Err(self.explain_json2("JSON-2", e).await),
                    }
                } else {
                    self.exchange(protocol, Message::Common(Common::Authenticate))
                        .await?
                };
                match answer {
                    Value::Int(uid) if uid > 0 => Ok(uid),
                    _ => Err(Error::access_denied(self.login(), self.database())),
                }
            })
            .await
            .copied()
    }

    /// A model call over `protocol`, authenticated first where the protocol carries the uid.
    async fn execute<T: DeserializeOwned + Send + 'static>(
        &self,
        protocol: Protocol,
        model: &str,
        method: &str,
        params: Params<'_>,
    ) -> Result<T, Error> {
        if protocol == Protocol::Json2 {
            self.check_json2("JSON-2")?;
        }
        let uid = if protocol.carries_uid() {
            Some(self.authenticate().await?)
        } else {
            None
        };
        let execute = Execute {
            model,
            method,
            uid,
            params,
        };
        match self.exchange(protocol, Message::Execute(execute)).await {
            Err(e) if protocol == Protocol::Json2 => Err(self.explain_json2("JSON-2", e).await),
            other => other,
        }
    }

    /// The merged context of a call: the client's, then `extra`.
    fn merged_context(&self, extra: &[(String, Value)]) -> Map {
        let mut context = self.inner.context.clone();
        context.extend(extra.iter().cloned());
        context
    }

    /// `ir.attachment.create` of `vals` whose `datas` is `base64_len` bytes of base64 that
    /// `pump` sends as the request goes out (see [`protocol::datas`]); the new id.
    pub(crate) async fn upload_datas<F, Fut>(
        &self,
        mut vals: Map,
        context: &[(String, Value)],
        base64_len: u64,
        pump: F,
    ) -> Result<i64, Error>
    where
        F: FnOnce(crate::transport::upload::BodySender, bytes::Bytes, bytes::Bytes) -> Fut,
        Fut: std::future::Future<Output = Result<(), Error>>,
    {
        let protocol = self.protocol().await?;
        if protocol == Protocol::Json2 {
            self.check_json2("JSON-2")?;
        }
        let uid = if protocol.carries_uid() {
            Some(self.authenticate().await?)
        } else {
            None
        };
        vals.insert("datas".into(), Value::from(protocol::datas::MARKER));
        let params = vec![(
            "vals_list".to_owned(),
            Value::Array(vec![Value::Struct(vals)]),
        )];
        let message = Message::Execute(Execute {
            model: "ir.attachment",
            method: "create",
            uid,
            params: Params::Named {
                ids: None,
                params: &params,
                context: self.merged_context(context),
            },
        });
        let transport = &self.inner.transport;
        let answer = protocol::upload(
            protocol,
            transport,
            &self.session(),
            message,
            base64_len,
            pump,
        )
        .await;
        let answer = match answer {
            Err(e) if protocol == Protocol::Json2 => Err(self.explain_json2("JSON-2", e).await),
            other => other,
        }?;
        match answer {
            Value::Int(id) => Ok(id),
            Value::Array(ids) => match ids.as_slice() {
                [Value::Int(id)] => Ok(*id),
                _ => Err(Error::decode_message(format!(
                    "ir.attachment.create answered {} ids for one attachment",
                    ids.len()
                ))),
            },
            other => Err(Error::decode_message(format!(
                "ir.attachment.create answered {}, not an id",
                other.kind_name()
            ))),
        }
    }

    /// Writes the decoded `field` of the `model` record `id` to `sink` as the answer arrives
    /// (see [`protocol::datas`]); the number of bytes.
    pub(crate) async fn download_datas(
        &self,
        (model, id, field): (&str, i64, &str),
        context: &[(String, Value)],
        sink: tokio::sync::mpsc::Sender<bytes::Bytes>,
        max: Option<u64>,
    ) -> Result<u64, Error> {
        let protocol = self.protocol().await?;
        if protocol == Protocol::Json2 {
            self.check_json2("JSON-2")?;
        }
        let uid = if protocol.carries_uid() {
            Some(self.authenticate().await?)
        } else {
            None
        };
        let mut context = self.merged_context(context);
        // The content, never its size.
        context.insert("bin_size".into(), Value::Bool(false));
        let params = vec![("fields".to_owned(), Value::Array(vec![Value::from(field)]))];
        let ids = [id];
        let message = Message::Execute(Execute {
            model,
            method: "read",
            uid,
            params: Params::Named {
                ids: Some(&ids),
                params: &params,
                context,
            },
        });
        let transport = &self.inner.transport;
        let record = (id, field);
        let outcome = protocol::download(
            protocol,
            transport,
            &self.session(),
            message,
            record,
            sink,
            max,
        )
        .await;
        match outcome {
            Err(e) if protocol == Protocol::Json2 => Err(self.explain_json2("JSON-2", e).await),
            other => other,
        }
    }

    /// Calls `method` on `model` with positional `args` and keyword `kwargs` (XML-RPC's and
    /// JSON-RPC's `execute_kw`), decoding the result into `T` (use [`Value`] for untyped use).
    /// The client's default context is added to `kwargs` unless it has its own `context`.
    ///
    /// The arguments go as given: [`Client::call`] is the form that applies Odoo's calling
    /// conventions for you. JSON-2 has no positional arguments: there, use [`Client::call`].
    pub async fn execute_kw<T: DeserializeOwned + Send + 'static>(
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
        let protocol = self.protocol().await?;
        self.execute(
            protocol,
            model,
            method,
            Params::Positional(Positional { args, kwargs }),
        )
        .await
    }

    /// Makes a [`Call`] on any protocol and decodes the result into `T`.
    ///
    /// JSON-2 sends the named parameters as they are. XML-RPC and JSON-RPC send them the way
    /// Odoo's external API documentation does: for the ORM methods (`search`, `read`,
    /// `create`, `write`, …) some go by position (`create` → `[vals_list]`, `write` →
    /// `[ids, vals]`, `search` → `[domain]` with `offset`, `limit`, `order` by keyword); for any
    /// other method the ids are the first argument and every named parameter a keyword.
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// use odoo_runtime::Call;
    /// let ids: Vec<i64> = client
    ///     .call(Call::new("res.partner", "search").arg("domain", [("is_company", "=", true)]).arg("limit", 5))
    ///     .await?;
    /// let confirmed: bool = client.call(Call::new("sale.order", "action_confirm").ids([7])).await?;
    /// # let _ = (ids, confirmed); Ok(()) }
    /// ```
    ///
    /// The result has Odoo 19's shape on every version: `copy` and `message_post`, which answer
    /// a bare id on older versions, give a list of ids. When the server says the method does
    /// not exist or is private and another version has it (`formatted_read_group` on Odoo 17,
    /// `exists` on 19…), the error says which versions have it and what to call instead.
    pub async fn call<T: DeserializeOwned + Send + 'static>(&self, call: Call) -> Result<T, Error> {
        call.check()?;
        let protocol = self.protocol().await?;
        let mut context = self.inner.context.clone();
        if let Some(c) = call.call_context() {
            context.extend(c.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        let params = Params::Named {
            ids: call.record_ids(),
            params: call.params(),
            context,
        };
        let method = call.method();
        let result = if versions::reshaped(method) {
            self.execute::<Value>(protocol, call.model(), method, params)
                .await
                .and_then(|answer| versions::reshape(method, answer).deserialize_into())
        } else {
            self.execute(protocol, call.model(), method, params).await
        };
        match result {
            Err(e) if versions::says_no_such_method(&e) => {
                let note = self
                    .version_for_errors()
                    .await
                    .and_then(|v| versions::method_note(method, &v));
                Err(match note {
                    Some(note) => e.with_sentence(note),
                    None => e,
                })
            }
            other => other,
        }
    }

    /// [`Client::call`] for a typed model: an error that may come from a field of another
    /// version says so when `M` was generated from another major version than the server's
    /// (`bindings generated from Odoo 19.0; the server is Odoo 17.0-20240709`).
    pub(crate) async fn call_model<M: OdooModel, T: DeserializeOwned + Send + 'static>(
        &self,
        call: Call,
    ) -> Result<T, Error> {
        self.call_explained(call, M::ODOO_VERSION).await
    }

    /// [`Client::call`], with the versions of the bindings (`bindings`, when given) and of the
    /// server added to an error that may come from a field of another version.
    pub(crate) async fn call_explained<T: DeserializeOwned + Send + 'static>(
        &self,
        call: Call,
        bindings: Option<&'static str>,
    ) -> Result<T, Error> {
        match self.call(call).await {
            Err(e) => Err(self.explain(e, bindings).await),
            ok => ok,
        }
    }

    /// Adds the versions of the bindings and of the server to an error that may come from a
    /// field of another version.
    async fn explain(&self, e: Error, bindings: Option<&'static str>) -> Error {
        let Some(bindings) = bindings else {
            return e;
        };
        if !versions::may_be_a_field_of_another_version(&e) {
            return e;
        }
        match self
            .version_for_errors()
            .await
            .and_then(|v| versions::bindings_note(bindings, &v))
        {
            Some(note) => e.with_sentence(note),
            None => e,
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

    /// Odoo 19's API documentation of one model (`GET /doc-bearer/<model>.json`): its fields
    /// and every public method with its parameters. It needs an API key, whatever the
    /// protocol; a client with a password gets an [`ErrorKind::Builder`](crate::ErrorKind)
    /// error and sends nothing. On Odoo 17 and 18, which have no `/doc-bearer`, the error is
    /// an [`ErrorKind::Builder`](crate::ErrorKind) one that names the server's version.
    pub async fn api_doc(&self, model: &str) -> Result<crate::schema::Model, Error> {
        let doc = self.api_doc_if_changed(model, None).await?;
        doc.ok_or_else(|| {
            Error::decode_message("/doc-bearer answered 304 to a request without `If-None-Match`")
        })
    }

    /// [`api_doc`](Client::api_doc), unless the documentation is still the one whose `ETag`
    /// is `etag` ([`Model::methods_etag`](crate::schema::Model::methods_etag) of an earlier
    /// read): then `Ok(None)`, from a `304 Not Modified` that costs the server nothing,
    /// where rendering the documentation takes it 0.5–2 s per model.
    ///
    /// Odoo 19 derives the `ETag` from the registry's sequence (bumped by a module install or
    /// upgrade, a custom field or model), the language and the user's groups.
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client, old: odoo_runtime::schema::Model) -> Result<(), odoo_runtime::Error> {
    /// match client.api_doc_if_changed("res.partner", old.methods_etag.as_deref()).await? {
    ///     None => println!("unchanged"),
    ///     Some(doc) => println!("{} methods", doc.methods.len()),
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn api_doc_if_changed(
        &self,
        model: &str,
        etag: Option<&str>,
    ) -> Result<Option<crate::schema::Model>, Error> {
        if self.inner.secret_kind != SecretKind::ApiKey {
            return Err(Error::builder(
                "api_doc needs an API key: `/doc-bearer` takes no password; use `.api_key(login, key)`",
            ));
        }
        const WHAT: &str = "/doc-bearer (the API documentation)";
        self.check_json2(WHAT)?;
        match protocol::api_doc(&self.inner.transport, &self.session(), model, etag).await {
            Err(e) => Err(self.explain_json2(WHAT, e).await),
            ok => ok,
        }
    }
}
