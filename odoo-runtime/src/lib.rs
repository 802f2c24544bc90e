//! A typed Odoo client.
//!
//! `odoo-runtime` is the one crate users name: an async [`Client`] (and a blocking facade
//! behind the `blocking` feature) over Odoo's XML-RPC, JSON-RPC and JSON-2 APIs, typed errors,
//! a dynamic [`Value`], and the schema types shared with `odoo-codegen` and `odoo-testkit`.
#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod error;
pub mod schema;
pub mod xmlrpc;
pub mod value;

pub use error::{DecodeContext, Error, ErrorKind, Fault, FaultCode, Result};
pub use value::{Map, Value, ValueError};
