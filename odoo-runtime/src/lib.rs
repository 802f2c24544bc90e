//! A typed Odoo client.
//!
//! `odoo-runtime` is the one crate users name: an async [`Client`] (and a blocking facade
//! behind the `blocking` feature) over Odoo's XML-RPC, JSON-RPC and JSON-2 APIs, typed errors,
//! a dynamic [`Value`], and the schema types shared with `odoo-codegen` and `odoo-testkit`.
//!
//! # Typed models
//!
//! A struct with `#[derive(OdooModel)]` stands for an Odoo model: it reads exactly its own
//! fields, and its field handles build typed [domains](Domain) and [writes](Values). The
//! typed methods of [`Client`] ([`search_read`](Client::search_read), [`read`](Client::read),
//! [`create`](Client::create), [`write`](Client::write), …) work on every protocol. Field
//! types are listed in [`types`].
//!
//! ```no_run
//! use odoo_runtime::{Client, Many2one, OdooModel, RecordId, Values};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.country")]
//! pub struct Country {
//!     pub id: RecordId<Country>,
//!     pub code: Option<String>,
//! }
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner {
//!     pub id: RecordId<Partner>,
//!     pub name: Option<String>,
//!     pub is_company: bool,
//!     pub country_id: Option<Many2one<Country>>,
//! }
//!
//! # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
//! let belgians = client
//!     .search_read(Partner::IS_COMPANY.eq(true) & Partner::COUNTRY_ID.then(Country::CODE).eq("BE"))
//!     .order("name")
//!     .limit(10)
//!     .await?;
//! let id = client.create(Values::<Partner>::new().set(Partner::NAME, "Acme")).await?;
//! # let _ = (belgians, id); Ok(()) }
//! ```
#![warn(missing_docs)]
#![deny(unsafe_code)]

#[cfg(feature = "blocking")]
#[cfg_attr(docsrs, doc(cfg(feature = "blocking")))]
pub mod blocking;
mod call;
mod client;
pub mod error;
pub mod json;
pub mod schema;
pub mod value;
pub mod xmlrpc;

pub mod domain;
pub mod model;
pub mod typed;
pub mod types;
pub mod write;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use call::Call;
pub use client::{Client, ClientBuilder, Protocol, ServerVersion, DEFAULT_MAX_RESPONSE_BYTES};
pub use error::{DecodeContext, Error, ErrorKind, Fault, FaultCode, Result};
pub use value::{Map, Value, ValueError};

pub use domain::Domain;
pub use model::{Access, CanWrite, Field, OdooField, OdooModel, OdooSelection, Ordered, ReadOnly, Relational, TextSearch, Writable};
pub use odoo_derive::{OdooModel, OdooSelection};
pub use typed::{Create, CreateMany, Read, Records, Search, SearchCount, SearchRead, Unlink, Write};
pub use types::{AnyModel, Binary, BinaryOrSize, Date, DateTime, Many2one, ParseError, RecordId, Reference, X2Many};
pub use write::{Command, Values};
