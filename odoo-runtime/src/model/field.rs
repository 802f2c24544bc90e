//! [`Field`] handles, their access ([`Writable`], [`ReadOnly`]), and the traits that say what
//! each Rust field type can do ([`OdooField`], [`Relational`], [`TextSearch`], [`Ordered`]).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::Serialize;

use super::spec::SpecKind;
use crate::value::Value;

/// Marks a [`Field`] handle whose field can be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writable {}

/// Marks a [`Field`] handle whose field is read, never written (`#[odoo(readonly)]`, the `id`,
/// and dotted paths).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadOnly {}

/// Implemented by [`Writable`] only: the access a handle needs to be given to
/// [`Values::set`](crate::write::Values::set) or [`Values::clear`](crate::write::Values::clear).
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

/// A typed handle on a field of model `M` whose Rust type is `T`; `A` is its access,
/// [`Writable`] or [`ReadOnly`].
///
/// The derive makes one per field (`ResPartner::NAME`). A handle knows the field's Odoo name
/// (or dotted path, see [`Field::then`]); its methods build [domain](crate::Domain) leaves
/// typed by `T`, and [`Values`](crate::write::Values) accepts it to set or clear the field.
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

/// A Rust type that can hold an Odoo field's value in a `#[derive(OdooModel)]` struct.
///
/// `Write` is what [`Values::set`](crate::write::Values::set) accepts for it (through `Into`), and
/// `Operand` what domain comparisons accept.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a supported Odoo field type",
    label = "unsupported field type",
    note = "supported: bool, i64, i32, f64, f32, String, RecordId<M> (the `id` field), Many2one<M>, X2Many<M>, Reference, Date, DateTime, Binary, BinaryOrSize, BinarySize, serde_json::Value, a #[derive(OdooSelection)] enum, a #[derive(OdooModel)] struct or a Vec of them (a relation read with `web_read`), and Option<T> of any of these",
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
    fn __clear_value() -> Value {
        Value::Bool(false)
    }
    /// How `web_read` reads the field (see [`Specification`](super::spec::Specification)).
    #[doc(hidden)]
    fn __spec_kind() -> SpecKind {
        SpecKind::Plain
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
