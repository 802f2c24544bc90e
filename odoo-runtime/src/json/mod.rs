//! JSON decoding with Odoo's value rules, for JSON-RPC and JSON-2.
//!
//! Odoo sends `false` for most empty values. The XML-RPC decoder and [`Value`](crate::Value)'s
//! deserializer read `false` as `None` when the target is an `Option`; serde_json cannot, so
//! [`OdooDeserializer`] wraps any serde deserializer and applies the same rule at every depth.
//! Typed structs therefore decode the same bytes the same way whichever protocol carried them.
//!
//! ```
//! #[derive(serde::Deserialize, Debug, PartialEq)]
//! struct Partner { id: i64, email: Option<String>, parent_id: Option<(i64, String)> }
//!
//! let body = br#"[{"id": 7, "email": false, "parent_id": [1, "Acme"]}]"#;
//! let rows: Vec<Partner> = odoo_runtime::json::from_slice(body).unwrap();
//! assert_eq!(rows[0], Partner { id: 7, email: None, parent_id: Some((1, "Acme".into())) });
//! ```

pub(crate) mod codec;
pub(crate) mod error;
pub(crate) mod frame;
pub(crate) mod json2;
pub(crate) mod rpc;
pub(crate) mod side;

pub use codec::{from_slice, OdooDeserializer};
