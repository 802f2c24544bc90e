//! Rust types for Odoo's field types.
//!
//! | Odoo field type | Rust type in a model struct |
//! | --- | --- |
//! | `id` | [`RecordId<Self>`](RecordId) |
//! | `boolean` | `bool` |
//! | `integer` | `i64` |
//! | `float`, `monetary` | `f64` |
//! | `char`, `text`, `html` | `Option<String>` (or `String` when it is always set) |
//! | `selection` | `Option<E>` with `#[derive(OdooSelection)] enum E` |
//! | `date` | `Option<`[`Date`]`>` |
//! | `datetime` | `Option<`[`DateTime`]`>` |
//! | `binary` | `Option<`[`Binary`]`>` |
//! | `many2one` | `Option<`[`Many2one<M>`](Many2one)`>` |
//! | `one2many`, `many2many` | [`X2Many<M>`](X2Many) |
//! | `reference` | `Option<`[`Reference`]`>` |
//! | `many2one_reference` | `Option<i64>` |
//! | `json`, `properties`, `properties_definition` | `Option<serde_json::Value>` |
//!
//! Odoo sends `false` for an empty value; every deserializer of this crate reads `false` as
//! `None` for an `Option`, at any depth. A `false` in a field that is not an `Option` is a
//! decode error that names the model, the record id and the field.
//!
//! Relations name their target with a type parameter. When the target model has no Rust type,
//! use [`AnyModel`]: `Many2one<AnyModel>`, `X2Many<AnyModel>`.
//!
//! ```
//! use odoo_runtime::{Date, Many2one, RecordId, Reference, X2Many, AnyModel};
//!
//! let m: Many2one<AnyModel> = odoo_runtime::json::from_slice(br#"[233, "United States"]"#).unwrap();
//! assert_eq!(m.id, RecordId::new(233));
//! assert_eq!(m.name.as_deref(), Some("United States"));
//!
//! let tags: X2Many<AnyModel> = odoo_runtime::json::from_slice(b"[7, 5]").unwrap();
//! assert_eq!(tags.len(), 2);
//!
//! let r: Reference = "ir.actions.act_window,12".parse().unwrap();
//! assert_eq!((r.model.as_str(), r.id), ("ir.actions.act_window", 12));
//!
//! let d: Date = odoo_runtime::json::from_slice(br#""2025-01-31""#).unwrap();
//! assert_eq!(d.to_string(), "2025-01-31");
//! ```

mod binary;
mod date;
mod many2one;
mod parse;
mod record_id;
mod reference;
mod x2many;

pub(crate) use binary::{decode_base64, BINARY_TOKEN};
pub use binary::{Binary, BinaryOrSize, BinarySize};
pub use date::{Date, DateTime};
pub use many2one::Many2one;
pub use parse::ParseError;
pub use record_id::{AnyModel, RecordId};
pub use reference::Reference;
pub use x2many::X2Many;
