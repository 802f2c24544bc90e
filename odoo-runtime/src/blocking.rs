//! A synchronous facade over the async [`Client`](crate::Client), behind the `blocking`
//! feature.
//!
//! It owns a small current-thread Tokio runtime and blocks on each call. Use it from plain
//! `fn main`, scripts, threads and tests; never from inside an async runtime, where blocking
//! would stall it: a call there — also from `tokio::task::spawn_blocking` — fails with an
//! [`ErrorKind::Builder`](crate::ErrorKind::Builder) error that says what to use instead.
//! Building it, and dropping it, is fine anywhere.
//!
//! ```no_run
//! use odoo_runtime::blocking::Client;
//!
//! let client = Client::builder()
//!     .url("http://localhost:8069")
//!     .database("odoo19")
//!     .password("admin", "admin")
//!     .build()?;
//! println!("server {}", client.version()?.server_version);
//! let uid = client.authenticate()?;
//! // Every async API is available through `run`, e.g. the typed ones:
//! let count: i64 = client.run(|c| async move {
//!     c.call(odoo_runtime::Call::new("res.partner", "search_count").arg("domain", Vec::<()>::new())).await
//! })?;
//! # let _ = (uid, count);
//! # Ok::<(), odoo_runtime::Error>(())
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::future::IntoFuture;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::builder::ClientBuilder;
use crate::call::Call;
use crate::client::ServerVersion;
use crate::error::Error;
use crate::protocol::Protocol;
use crate::schema::Field;

/// A blocking Odoo client. Cheap to clone; clones share the runtime, the connection pool and
/// the cached uid.
#[derive(Clone)]
pub struct Client {
    inner: crate::client::Client,
    runtime: Arc<Runtime>,
}

/// The client's runtime, shut down without blocking when the last clone goes: dropping a
/// Tokio runtime blocks (and panics inside another runtime); shutting it down in the
/// background does neither.
struct Runtime(Option<tokio::runtime::Runtime>);

impl Drop for Runtime {
    fn drop(&mut self) {
        if let Some(rt) = self.0.take() {
            rt.shutdown_background();
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Client")
            .field("client", &self.inner)
            .finish()
    }
}

/// Builds a blocking [`Client`]: the same settings as the async [`ClientBuilder`].
#[derive(Debug)]
#[must_use]
pub struct Builder(ClientBuilder);

impl Client {
    /// Starts building a blocking client. Every setter of [`ClientBuilder`] is available
    /// through [`Builder::with`] and the most common ones directly.
    pub fn builder() -> Builder {
        Builder(crate::client::Client::builder())
    }

    /// Wraps an async client.
    pub fn from_async(client: crate::client::Client) -> Result<Client, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::builder(format!("cannot start the blocking client's runtime: {e}"))
            })?;
        Ok(Client {
            inner: client,
            runtime: Arc::new(Runtime(Some(runtime))),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::client::Client {
        &self.inner
    }

    /// Runs any async operation of the client to completion.
    ///
    /// Fails with an [`ErrorKind::Builder`](crate::ErrorKind::Builder) error, sending
    /// nothing, when called from inside an async runtime (a task, or `spawn_blocking`):
    /// blocking there would stall the runtime, or deadlock it when the server answering runs
    /// on it too.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let client = odoo_runtime::blocking::Client::builder()
    ///     .url("http://localhost:8069").database("odoo19").password("admin", "admin")
    ///     .build()
    ///     .unwrap();
    /// let e = client.version().unwrap_err();
    /// assert_eq!(e.kind(), odoo_runtime::ErrorKind::Builder);
    /// // Inside a runtime, use the async client: `client.as_async().version().await`.
    /// # }
    /// ```
    pub fn run<'a, F, Fut, T>(&'a self, f: F) -> Result<T, Error>
    where
        F: FnOnce(&'a crate::client::Client) -> Fut,
        Fut: IntoFuture<Output = Result<T, Error>>,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::builder(
                "the blocking client was called inside an async runtime, where blocking would \
                 stall it: use the async odoo_runtime::Client there (`client.as_async()`); from \
                 `spawn_blocking`, run it on the runtime: \
                 `Handle::current().block_on(client.as_async().version())`",
            ));
        }
        match &self.runtime.0 {
            Some(rt) => rt.block_on(f(&self.inner).into_future()),
            None => Err(Error::builder("the blocking client's runtime is shut down")),
        }
    }

    /// See [`crate::Client::version`].
    pub fn version(&self) -> Result<ServerVersion, Error> {
        self.run(|c| c.version())
    }

    /// See [`crate::Client::authenticate`].
    pub fn authenticate(&self) -> Result<i64, Error> {
        self.run(|c| c.authenticate())
    }

    /// See [`crate::Client::protocol`].
    pub fn protocol(&self) -> Result<Protocol, Error> {
        self.run(|c| c.protocol())
    }

    /// See [`crate::Client::execute_kw`].
    pub fn execute_kw<T: DeserializeOwned + Send + 'static>(
        &self,
        model: &str,
        method: &str,
        args: impl Serialize,
        kwargs: impl Serialize,
    ) -> Result<T, Error> {
        self.run(|c| c.execute_kw(model, method, args, kwargs))
    }

    /// See [`crate::Client::call`].
    pub fn call<T: DeserializeOwned + Send + 'static>(&self, call: Call) -> Result<T, Error> {
        self.run(|c| c.call(call))
    }

    /// See [`crate::Client::fields_get`].
    pub fn fields_get(&self, model: &str) -> Result<BTreeMap<String, Field>, Error> {
        self.run(|c| c.fields_get(model))
    }

    /// Any stream of the async client as an iterator, e.g. a paged read
    /// ([`SearchRead::stream`](crate::typed::SearchRead::stream)) with its pages in flight:
    /// memory stays bounded by the pages in flight, however many records there are.
    ///
    /// Each `next` blocks until the next item is there; inside an async runtime it yields one
    /// [`ErrorKind::Builder`](crate::ErrorKind::Builder) error and ends, as [`Client::run`] does.
    ///
    /// ```no_run
    /// # use odoo_runtime::{OdooModel, RecordId, Domain};
    /// # #[derive(Debug, OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
    /// # fn run(client: odoo_runtime::blocking::Client) -> Result<(), odoo_runtime::Error> {
    /// for partner in client.iter(|c| c.search_read::<Partner>(Domain::all()).order("id").stream(1000)) {
    ///     println!("{:?}", partner?.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn iter<'a, T, S>(&'a self, f: impl FnOnce(&'a crate::client::Client) -> S) -> Iter<'a, T>
    where
        S: futures_core::Stream<Item = Result<T, Error>> + Send + 'a,
    {
        Iter {
            stream: Some(Box::pin(f(&self.inner))),
            client: self,
        }
    }
}

/// A boxed stream of records, as the iterator holds it.
type BoxStream<'a, T> =
    std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<T, Error>> + Send + 'a>>;

/// The iterator of [`Client::iter`].
#[must_use = "an iterator does nothing until it is used"]
pub struct Iter<'a, T> {
    stream: Option<BoxStream<'a, T>>,
    client: &'a Client,
}

impl<T> fmt::Debug for Iter<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("blocking::Iter")
            .field("done", &self.stream.is_none())
            .finish_non_exhaustive()
    }
}

impl<T> Iterator for Iter<'_, T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        use futures_util::StreamExt;
        let stream = self.stream.as_mut()?;
        let item = match self.client.run(|_| async { Ok(stream.next().await) }) {
            Ok(item) => item,
            Err(e) => Some(Err(e)),
        };
        if !matches!(item, Some(Ok(_))) {
            self.stream = None;
        }
        item
    }
}

impl Builder {
    /// Applies any setter of the async [`ClientBuilder`].
    ///
    /// ```
    /// let b = odoo_runtime::blocking::Client::builder()
    ///     .with(|b| b.max_response_bytes(1 << 20).context("lang", "fr_FR"));
    /// # let _ = b;
    /// ```
    pub fn with(self, f: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Builder {
        Builder(f(self.0))
    }

    /// See [`ClientBuilder::url`].
    pub fn url(self, url: impl Into<String>) -> Builder {
        Builder(self.0.url(url))
    }

    /// See [`ClientBuilder::database`].
    pub fn database(self, database: impl Into<String>) -> Builder {
        Builder(self.0.database(database))
    }

    /// See [`ClientBuilder::password`].
    pub fn password(self, login: impl Into<String>, password: impl Into<String>) -> Builder {
        Builder(self.0.password(login, password))
    }

    /// See [`ClientBuilder::api_key`].
    pub fn api_key(self, login: impl Into<String>, key: impl Into<String>) -> Builder {
        Builder(self.0.api_key(login, key))
    }

    /// See [`ClientBuilder::protocol`].
    pub fn protocol(self, protocol: Protocol) -> Builder {
        Builder(self.0.protocol(protocol))
    }

    /// See [`ClientBuilder::timeout`].
    pub fn timeout(self, timeout: impl Into<Option<std::time::Duration>>) -> Builder {
        Builder(self.0.timeout(timeout))
    }

    /// See [`ClientBuilder::context`].
    pub fn context(self, key: impl Into<String>, value: impl Into<crate::value::Value>) -> Builder {
        Builder(self.0.context(key, value))
    }

    /// Checks the settings and builds the client (see [`ClientBuilder::build`]).
    pub fn build(self) -> Result<Client, Error> {
        Client::from_async(self.0.build()?)
    }
}
