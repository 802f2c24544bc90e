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

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Serialize;

use crate::types::{Binary, BinaryOrSize, Date, DateTime, Many2one, RecordId, Reference, X2Many};
use crate::write::Command;

/// A Rust type that stands for one Odoo model. Implement it with `#[derive(OdooModel)]`.
///
/// A derived struct reads exactly its own fields: [`OdooModel::FIELDS`] is what the typed
/// `read` and `search_read` ask for. Its `Deserialize` reads Odoo's record dict by field name,
/// ignores fields it does not know, and reports a bad value with the model, the record id and
/// the field (see [`DecodeContext`](crate::DecodeContext)).
///
/// # Derive attributes
///
/// On the struct:
/// - `#[odoo(model = "res.partner")]` (required): the Odoo model name.
/// - `#[odoo(odoo_version = "19.0")]`: the Odoo version the struct was generated from
///   ([`OdooModel::ODOO_VERSION`]).
///
/// On a field:
/// - `#[odoo(name = "type")]`: the Odoo field name when it differs from the Rust one. A raw
///   identifier `r#type` is the Odoo field `type` without it.
/// - `#[odoo(readonly)]`: read, never written; its handle is a `Field<_, _, ReadOnly>` that
///   [`Values::set`](crate::Values::set) refuses at compile time. The `id` field is always
///   read-only.
/// - `#[odoo(skip)]`: not an Odoo field: not read, filled with `Default::default()`, no handle.
///
/// Doc comments and other attributes are allowed on fields (the derive ignores them; serde
/// attributes have no effect, as the derive writes its own `Deserialize`).
/// A field named `id` (Odoo `id`) must be `RecordId<Self>` or `i64`.
///
/// # Handles
///
/// Each non-skipped field gets `pub const UPPER_NAME: Field<Self, FieldType, Access>` where
/// `UPPER_NAME` is the Rust field name in upper case with a leading `r#` dropped. The names
/// `MODEL` and `FIELDS` would hide the trait's consts, so those two get a `_FIELD` suffix
/// (`IrModel::MODEL_FIELD` for a field `model`). Two fields whose handle names coincide are a
/// compile error.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an Odoo model struct",
    label = "not a `#[derive(OdooModel)]` struct",
    note = "a `Vec` field holds the records of a relation read with `web_read`: `Vec<Tag>` where `Tag` derives `OdooModel`; for the ids alone use `X2Many<M>`"
)]
pub trait OdooModel: DeserializeOwned + Send + Sized + 'static {
    /// The Odoo model name, e.g. `res.partner`.
    const MODEL: &'static str;
    /// The Odoo names of the fields this type reads, in declaration order.
    const FIELDS: &'static [&'static str];
    /// The Odoo version the type was generated from (`#[odoo(odoo_version = "19.0")]`, which
    /// `odoo-codegen` writes), if any. When a typed call fails on an unknown field or a value
    /// that does not decode, and the server's major version is another one, the error names
    /// both versions.
    const ODOO_VERSION: Option<&'static str> = None;

    /// Decodes one record and returns its id too (taken from the `id` key whether or not the
    /// struct has an `id` field). The typed `read` uses it to order records.
    #[doc(hidden)]
    fn __deserialize_record<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<(Option<i64>, Self), D::Error>;

    /// The `web_read` specification of this type (see [`crate::orm::Specification`]). The
    /// derive writes it from the fields' types; by default every field is read plainly.
    #[doc(hidden)]
    fn __specification() -> crate::orm::Specification {
        crate::orm::Specification::plain(Self::MODEL, Self::FIELDS)
    }
}

// ------------------------------------------------------------------------------- access

/// Marks a [`Field`] handle whose field can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {}

/// Marks a [`Field`] handle whose field is read, never written (`#[odoo(readonly)]`, the `id`,
/// and dotted paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {}

/// Implemented by [`Writable`] only: the access a handle needs to be given to
/// [`Values::set`](crate::Values::set) or [`Values::clear`](crate::Values::clear).
#[diagnostic::on_unimplemented(
    message = "this field is read-only: its handle cannot be written",
    label = "a read-only field (`#[odoo(readonly)]`, `id` or a dotted path)",
    note = "remove `#[odoo(readonly)]` from the field if Odoo lets you write it, or use `Values::set_raw`"
)]
pub trait CanWrite: sealed::Sealed {}
impl CanWrite for Writable {}

/// The access of a handle: [`Writable`] or [`ReadOnly`].
pub trait Access: sealed::Sealed + 'static {}
impl Access for Writable {}
impl Access for ReadOnly {}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Writable {}
    impl Sealed for super::ReadOnly {}
}

// ------------------------------------------------------------------------------- Field

/// A typed handle on a field of model `M` whose Rust type is `T`; `A` is its access,
/// [`Writable`] or [`ReadOnly`].
///
/// The derive makes one per field (`ResPartner::NAME`). A handle knows the field's Odoo name
/// (or dotted path, see [`Field::then`]); its methods build [domain](crate::Domain) leaves
/// typed by `T`, and [`Values`](crate::Values) accepts it to set or clear the field.
pub struct Field<M, T, A = Writable> {
    name: Cow<'static, str>,
    _p: Marker<M, T, A>,
}

/// Ties a handle to its model, type and access without owning any of them.
type Marker<M, T, A> = PhantomData<fn() -> (M, T, A)>;

impl<M, T, A> Field<M, T, A> {
    /// A handle on the field `name`. Used by the derive; prefer the generated consts.
    #[doc(hidden)]
    pub const fn __new(name: &'static str) -> Self {
        Field {
            name: Cow::Borrowed(name),
            _p: PhantomData,
        }
    }

    /// The Odoo field name, or the dotted path (`country_id.code`).
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn path(&self) -> Cow<'static, str> {
        self.name.clone()
    }

    /// The same field, read-only.
    pub fn read_only(&self) -> Field<M, T, ReadOnly> {
        Field {
            name: self.name.clone(),
            _p: PhantomData,
        }
    }
}

impl<M, T: Relational, A> Field<M, T, A> {
    /// A dotted path through this relation: `ResPartner::COUNTRY_ID.then(ResCountry::CODE)` is
    /// `country_id.code`. The next field must belong to this relation's target model, which is
    /// checked at compile time. A path is read-only.
    ///
    /// ```
    /// # use odoo_runtime::{OdooModel, RecordId, Many2one};
    /// # #[derive(OdooModel)] #[odoo(model = "res.country")]
    /// # pub struct Country { pub id: RecordId<Country>, pub code: Option<String> }
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub country_id: Option<Many2one<Country>> }
    /// assert_eq!(Partner::COUNTRY_ID.then(Country::CODE).name(), "country_id.code");
    /// ```
    pub fn then<U, B>(&self, next: Field<T::Target, U, B>) -> Field<M, U, ReadOnly> {
        Field {
            name: Cow::Owned(format!("{}.{}", self.name, next.name)),
            _p: PhantomData,
        }
    }
}

impl<M, T, A> Clone for Field<M, T, A> {
    fn clone(&self) -> Self {
        Field {
            name: self.name.clone(),
            _p: PhantomData,
        }
    }
}
impl<M, T, A> PartialEq for Field<M, T, A> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}
impl<M, T, A> fmt::Debug for Field<M, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field({:?})", self.name)
    }
}
impl<M, T, A> fmt::Display for Field<M, T, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

// ------------------------------------------------------------------------------- field traits

/// A Rust type that can hold an Odoo field's value in a `#[derive(OdooModel)]` struct.
///
/// `Write` is what [`Values::set`](crate::Values::set) accepts for it (through `Into`), and
/// `Operand` what domain comparisons accept.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a supported Odoo field type",
    label = "unsupported field type",
    note = "supported: bool, i64, i32, f64, f32, String, RecordId<M> (the `id` field), Many2one<M>, X2Many<M>, Reference, Date, DateTime, Binary, BinaryOrSize, serde_json::Value, a #[derive(OdooSelection)] enum, a #[derive(OdooModel)] struct or a Vec of them (a relation read with `web_read`), and Option<T> of any of these",
    note = "mark the field `#[odoo(skip)]` if it is not an Odoo field"
)]
pub trait OdooField {
    /// What a write of this field takes.
    type Write: Serialize;
    /// What a domain comparison on this field takes.
    type Operand: Serialize;
    /// The value that empties the field in a write (`false`; for an x2many, Odoo's
    /// `Command.clear()`).
    #[doc(hidden)]
    fn __clear_value() -> crate::Value {
        crate::Value::Bool(false)
    }
    /// How `web_read` reads the field (see [`crate::orm::Specification`]).
    #[doc(hidden)]
    fn __spec_kind() -> crate::orm::SpecKind {
        crate::orm::SpecKind::Plain
    }
}

/// A field type that points at records of `Target`: many2one, x2many, and the `id` itself.
/// It enables [`Field::then`], `any`, `not_any`, `child_of` and `parent_of`.
pub trait Relational {
    /// The model the relation points at.
    type Target;
}

/// A field type whose domain leaves can use `like`, `ilike` and their variants (text, and
/// relations, where Odoo matches the display name).
pub trait TextSearch {}

/// A field type whose values are ordered: `<`, `<=`, `>`, `>=` apply.
pub trait Ordered {}

macro_rules! plain_field {
    ($($t:ty),*) => {$(
        impl OdooField for $t { type Write = $t; type Operand = $t; }
    )*};
}
plain_field!(
    i64,
    i32,
    f64,
    f32,
    Date,
    DateTime,
    bool,
    Binary,
    BinaryOrSize,
    serde_json::Value,
    Reference
);
impl Ordered for i64 {}
impl Ordered for i32 {}
impl Ordered for f64 {}
impl Ordered for f32 {}
impl Ordered for Date {}
impl Ordered for DateTime {}

impl OdooField for String {
    type Write = String;
    type Operand = String;
}
impl Ordered for String {}
impl TextSearch for String {}

impl<T: OdooField> OdooField for Option<T> {
    type Write = T::Write;
    type Operand = T::Operand;
    fn __clear_value() -> crate::Value {
        T::__clear_value()
    }
    fn __spec_kind() -> crate::orm::SpecKind {
        T::__spec_kind()
    }
}
impl<T: Relational> Relational for Option<T> {
    type Target = T::Target;
}
impl<T: TextSearch> TextSearch for Option<T> {}
impl<T: Ordered> Ordered for Option<T> {}

impl<M> OdooField for RecordId<M> {
    type Write = RecordId<M>;
    type Operand = RecordId<M>;
}
impl<M> Relational for RecordId<M> {
    type Target = M;
}
impl<M> Ordered for RecordId<M> {}

impl<M> OdooField for Many2one<M> {
    type Write = RecordId<M>;
    type Operand = RecordId<M>;
    fn __spec_kind() -> crate::orm::SpecKind {
        crate::orm::SpecKind::Many2one
    }
}
impl<M> Relational for Many2one<M> {
    type Target = M;
}
impl<M> TextSearch for Many2one<M> {}

impl<M> OdooField for X2Many<M> {
    type Write = Vec<Command<M>>;
    type Operand = RecordId<M>;
    fn __clear_value() -> crate::Value {
        crate::Value::Array(vec![crate::Value::Array(vec![
            5.into(),
            0.into(),
            0.into(),
        ])])
    }
}
impl<M> Relational for X2Many<M> {
    type Target = M;
}
impl<M> TextSearch for X2Many<M> {}

// ------------------------------------------------------------------------------- selection

/// An enum that stands for the values of a selection field. Implement it with
/// `#[derive(OdooSelection)]`.
///
/// # Derive attributes
///
/// On a unit variant:
/// - `#[odoo(value = "to invoice")]`: the Odoo value. Without it, the value is the variant
///   name in snake_case (`ToInvoice` → `to_invoice`); code generators always write it.
///
/// On one variant with one `String` field:
/// - `#[odoo(other)]`: holds any value the enum does not list, so a value added on the server
///   later still decodes. Without such a variant an unknown value is a decode error listing the
///   known ones.
///
/// The derive adds `Serialize`/`Deserialize` (as the Odoo text), `Display`, an inherent
/// `as_str()` and `ALL` (every listed variant, in declaration order), and makes the enum usable
/// as a field type (`Option<MyEnum>`).
///
/// ```
/// use odoo_runtime::OdooSelection;
///
/// #[derive(Debug, Clone, PartialEq, OdooSelection)]
/// pub enum InvoiceStatus {
///     #[odoo(value = "upselling")]
///     Upselling,
///     #[odoo(value = "invoiced")]
///     Invoiced,
///     #[odoo(value = "to invoice")]
///     ToInvoice,
///     #[odoo(value = "no")]
///     No,
///     #[odoo(other)]
///     Other(String),
/// }
///
/// assert_eq!(InvoiceStatus::ToInvoice.as_str(), "to invoice");
/// assert_eq!(InvoiceStatus::ALL.len(), 4);
/// let s: InvoiceStatus = odoo_runtime::json::from_slice(br#""to invoice""#).unwrap();
/// assert_eq!(s, InvoiceStatus::ToInvoice);
/// let s: InvoiceStatus = odoo_runtime::json::from_slice(br#""partial""#).unwrap();
/// assert_eq!(s, InvoiceStatus::Other("partial".into()));
/// assert_eq!(s.to_string(), "partial");
/// ```
pub trait OdooSelection: Sized + 'static {
    /// The Odoo values of the listed variants, in declaration order.
    const VALUES: &'static [&'static str];
    /// The Odoo value.
    fn as_str(&self) -> &str;
    /// The variant for an Odoo value; `None` for an unknown value when the enum has no
    /// `#[odoo(other)]` variant.
    fn from_value(value: &str) -> Option<Self>;
}
