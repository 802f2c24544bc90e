//! A typed Odoo client.
//!
//! `odoo-runtime` is the one crate users name: an async [`Client`] (and a blocking facade
//! behind the `blocking` feature) over Odoo's XML-RPC, JSON-RPC and JSON-2 APIs, typed models,
//! domains and writes, typed errors, a dynamic [`Value`], and the schema types shared with
//! `odoo-codegen` and `odoo-testkit`. This page is a tour, step by step.
//!
//! # 1. Connect
//!
//! A [`ClientBuilder`] takes its settings by value and reports bad input at
//! [`build`](ClientBuilder::build). The [`Protocol`] is picked for you (JSON-2 with an API key
//! on Odoo 19+, XML-RPC otherwise) or set explicitly; no call site depends on it.
//!
//! ```no_run
//! # async fn run() -> Result<(), odoo_runtime::Error> {
//! use odoo_runtime::{Client, Protocol};
//!
//! let client = Client::builder()
//!     .url("https://mycompany.odoo.com")
//!     .database("mycompany")
//!     .api_key("me@example.com", "…")      // or .password(login, password)
//!     .protocol(Protocol::Json2)            // optional
//!     .context("lang", "fr_FR")             // sent with every call
//!     .build()?;
//! println!("Odoo {}", client.version().await?.server_version);
//! # Ok(()) }
//! ```
//!
//! # 2. Typed models
//!
//! A struct with `#[derive(OdooModel)]` stands for an Odoo model: it reads exactly its own
//! fields, and its field handles build typed [domains](Domain) and [writes](Values). The
//! typed methods of [`Client`] ([`search_read`](Client::search_read), [`read`](Client::read),
//! [`create`](Client::create), [`write`](Client::write), …) work on every protocol. Field
//! types are listed in [`types`]; `odoo-codegen` generates such structs for a whole database.
//!
//! ```no_run
//! use odoo_runtime::{Client, Command, Many2one, OdooModel, RecordId, Values, X2Many};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.country")]
//! pub struct Country {
//!     pub id: RecordId<Country>,
//!     pub code: Option<String>,
//! }
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner.category")]
//! pub struct Tag {
//!     pub id: RecordId<Tag>,
//!     pub name: Option<String>,
//! }
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner {
//!     pub id: RecordId<Partner>,
//!     pub name: Option<String>,
//!     pub email: Option<String>,
//!     pub is_company: bool,
//!     pub country_id: Option<Many2one<Country>>,
//!     pub category_id: X2Many<Tag>,
//!     #[odoo(readonly)]
//!     pub display_name: Option<String>,
//! }
//!
//! # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
//! // Read: a typed domain, with a dotted path through a typed relation.
//! let belgians: Vec<Partner> = client
//!     .search_read(Partner::IS_COMPANY.eq(true) & Partner::COUNTRY_ID.then(Country::CODE).eq("BE"))
//!     .order("name")
//!     .limit(10)
//!     .await?;
//!
//! // Write: each field is set, cleared (`false`) or left untouched; x2many through commands.
//! let gold = client.search(Tag::NAME.eq("Gold")).await?;
//! let id = client
//!     .create(
//!         Values::<Partner>::new()
//!             .set(Partner::NAME, "Acme")
//!             .set(Partner::EMAIL, "hi@acme.example")
//!             .set(Partner::CATEGORY_ID, [Command::set(gold)]),
//!     )
//!     .await?;
//! client.write([id], Values::new().clear(Partner::EMAIL)).await?;
//!
//! // Records come back in the order asked; deleted ids are reported, not hidden.
//! let read = client.read([id]).await?;
//! assert!(read.missing.is_empty());
//! client.unlink([id]).await?;
//! # let _ = belgians; Ok(()) }
//! ```
//!
//! # 3. Any method, untyped or typed
//!
//! [`Client::call`] makes any model method call with named parameters on every protocol and
//! decodes the answer into any `serde` type, or into [`Value`]. [`Client::execute_kw`] is
//! XML-RPC's and JSON-RPC's positional form.
//!
//! ```no_run
//! # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
//! use odoo_runtime::{Call, Value};
//! let names: Vec<(i64, String)> = client
//!     .call(Call::new("res.partner", "name_search").arg("name", "acme").arg("limit", 5))
//!     .await?;
//! let fields = client.fields_get("res.partner").await?;        // typed schema
//! let any: Value = client.execute_kw("res.partner", "search_count", (Vec::<Value>::new(),), Value::Nil).await?;
//! # let _ = (names, fields, any); Ok(()) }
//! ```
//!
//! # 4. Errors
//!
//! One [`Error`] with a [kind](ErrorKind) per thing a caller can act on; the server's exception
//! class, message and traceback are kept. See the [`error`] module.
//!
//! ```no_run
//! # async fn run(client: odoo_runtime::Client) {
//! use odoo_runtime::{Call, ErrorKind, Value};
//! match client.call::<Value>(Call::new("res.partner", "read").ids([1]).arg("fields", ["nope"])).await {
//!     Err(e) if e.kind() == ErrorKind::ServerError => eprintln!("{:?}: {:?}", e.exception_class(), e.server_message()),
//!     Err(e) if e.is_missing_record() => eprintln!("gone"),
//!     Err(e) => eprintln!("{e}"),
//!     Ok(v) => println!("{v:?}"),
//! }
//! # }
//! ```
//!
//! # 5. Without async
//!
//! With the `blocking` feature, `blocking::Client` wraps the same client for plain `fn main`.
//!
//! # 6. Testing
//!
//! `odoo-testkit` starts an Odoo-compatible server on loopback, seeded from a schema snapshot:
//! point a `Client` at `server.url()` in your tests.
#![warn(missing_docs)]
#![deny(unsafe_code)]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod builder;
mod call;
mod client;
mod config;
pub mod error;
mod frame;
pub mod json;
mod operation;
mod protocol;
pub mod schema;
mod secret;
mod side;
mod transport;
mod unborrow;
pub mod value;
pub mod web;
pub mod xmlrpc;

pub mod attachment;
pub mod context;
pub mod domain;
pub mod model;
pub mod orm;
pub mod paging;
pub mod sync;
pub mod typed;
pub mod types;
pub mod write;

#[doc(hidden)]
pub mod __private;

pub use builder::{ClientBuilder, DEFAULT_MAX_IN_FLIGHT, DEFAULT_MAX_RESPONSE_BYTES};
pub use call::Call;
pub use client::{Client, ServerVersion};
pub use context::Context;
pub use error::{DecodeContext, Error, ErrorKind, Fault, FaultCode, Result};
pub use protocol::Protocol;
pub use value::{Map, Value, ValueError};
pub use web::report::{Report, ReportBody, ReportFormat};

pub use domain::Domain;
pub use model::{
    Access, CanWrite, Field, OdooField, OdooModel, OdooSelection, Ordered, ReadOnly, Relational,
    TextSearch, Writable,
};
pub use odoo_derive::{OdooModel, OdooSelection};
pub use typed::{
    Create, CreateMany, Read, Records, Search, SearchCount, SearchRead, Unlink, Write,
};
pub use types::{
    AnyModel, Binary, BinaryOrSize, BinarySize, Date, DateTime, Many2one, ParseError, RecordId,
    Reference, X2Many,
};
pub use write::{Command, Values};
