//! A dynamic value: what an XML-RPC, JSON-RPC or JSON-2 message can carry.
//!
//! [`Value`] is the untyped escape hatch: every response can be decoded into it, and every
//! request argument can be built from it. Typed code decodes straight into derived structs
//! instead and never builds a `Value` on the way.
//!
//! ```
//! use odoo_runtime::Value;
//!
//! let v = Value::from(vec![Value::from(1), Value::from("Acme")]);
//! assert_eq!(v.as_array().map(|a| a.len()), Some(2));
//! assert_eq!(v[1].as_str(), Some("Acme"));
//! ```

mod de_impl;
mod dynamic;
mod ser;

pub use dynamic::{Map, Value, ValueError, DATETIME_TOKEN};
