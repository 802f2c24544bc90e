//! An Odoo-compatible server for tests.
//!
//! `odoo-testkit` serves Odoo 19's three external APIs — XML-RPC (`/xmlrpc/2/*` and the legacy
//! `/xmlrpc/*`), JSON-RPC (`/jsonrpc`) and JSON-2 (`/json/2/<model>/<method>`, with the
//! `/doc-bearer` API documentation) — over an in-memory store built from a [`Schema`](odoo_runtime::schema::Schema) and seed
//! data. It answers the way a real Odoo 19 does, down to value forms (`false` for empty
//! values, `[id, display_name]` pairs), domains and orderings, fault codes, HTTP statuses and
//! error bodies; its conformance suite replays recordings of a real server.
//!
//! ```
//! use odoo_runtime::schema::{Field, FieldType, Model, Schema};
//! use odoo_testkit::TestServer;
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), odoo_testkit::Error> {
//! let mut schema = Schema::new("19.0", "odoo19");
//! let mut partner = Model::new("res.partner", "Contact");
//! partner.fields.insert("name".into(), Field::new("name", FieldType::Char, "Name"));
//! schema.insert(partner);
//!
//! let server = TestServer::builder()
//!     .schema(schema)
//!     .data_json(r#"{"res.partner": [{"id": 1, "name": "Acme"}]}"#)
//!     .database("odoo19")
//!     .user("admin", "admin") // uid 2
//!     .api_key("admin", "the-key")
//!     .start()
//!     .await?;
//! assert!(server.url().starts_with("http://127.0.0.1:"));
//! let id = server.create("res.partner", serde_json::json!({"name": "Globex"}))?;
//! assert_eq!(server.search("res.partner", serde_json::json!([["name", "ilike", "glob"]]))?, [id]);
//! # Ok(()) }
//! ```
//!
//! From synchronous code, [`TestServerBuilder::start_background`] runs the server on its own
//! thread and runtime. Either way the server stops when the [`TestServer`] is dropped.
#![warn(missing_docs)]
#![deny(unsafe_code)]

mod access;
mod domain;
mod error;
mod exception;
mod http;
mod meta;
mod methods;
mod names;
mod order;
mod orm;
mod pyrepr;
mod report;
mod rpc;
mod schema_file;
mod server;
mod service;
mod session;
mod store;
mod values;
mod version;

pub use error::{Error, ErrorKind};
pub use schema_file::load_schema;
pub use server::{TestServer, TestServerBuilder};
pub use service::User;
