//! The [`OdooModel`] trait, typed field handles ([`Field`]) and the traits that say what each
//! Rust field type can do ([`OdooField`], [`Relational`], …).
//!
//! `#[derive(OdooModel)]` implements [`OdooModel`] and adds one associated const per field: a
//! [`Field`] handle named after the Rust field in upper case (`name` → `NAME`,
//! `country_id` → `COUNTRY_ID`, `r#type` / `type_` → `TYPE` / `TYPE_`). Handles build typed
//! [domains](crate::Domain) and [writes](crate::Values):
//!
//! ```
//! use odoo_runtime::{OdooModel, RecordId, Many2one, Values, Domain};
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
//!     pub country_id: Option<Many2one<Country>>,
//!     #[odoo(readonly)]
//!     pub display_name: Option<String>,
//! }
//!
//! assert_eq!(Partner::MODEL, "res.partner");
//! assert_eq!(Partner::FIELDS, ["id", "name", "country_id", "display_name"]);
//! assert_eq!(Partner::COUNTRY_ID.name(), "country_id");
//!
//! let d: Domain<Partner> = Partner::NAME.ilike("acme") & Partner::COUNTRY_ID.then(Country::CODE).eq("BE");
//! assert_eq!(
//!     serde_json::to_string(&d).unwrap(),
//!     r#"[["name","ilike","acme"],["country_id.code","=","BE"]]"#
//! );
//! let v = Values::<Partner>::new().set(Partner::NAME, "Acme").clear(Partner::COUNTRY_ID);
//! assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"country_id":false,"name":"Acme"}"#);
//! ```
//!
//! Setting a read-only field does not compile:
//!
//! ```compile_fail
//! # use odoo_runtime::{OdooModel, RecordId, Values};
//! # #[derive(OdooModel)] #[odoo(model = "res.partner")]
//! # pub struct Partner { pub id: RecordId<Partner>, #[odoo(readonly)] pub display_name: Option<String> }
//! let v = Values::<Partner>::new().set(Partner::DISPLAY_NAME, "x");
//! ```

pub(crate) mod field;
mod impls;
pub(crate) mod record;
pub(crate) mod selection;
pub(crate) mod spec;

pub use field::{
    Access, CanWrite, Field, OdooField, Ordered, ReadOnly, Relational, TextSearch, Writable,
};
pub use record::OdooModel;
pub use selection::OdooSelection;
pub use spec::{SpecKind, Specification, MAX_DEPTH};
