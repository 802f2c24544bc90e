//! [`OdooModel`]: the trait of a struct that stands for an Odoo model.

use serde::de::{DeserializeOwned, Deserializer};

use super::spec::Specification;

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

    /// The `web_read` specification of this type (see [`Specification`]). The
    /// derive writes it from the fields' types; by default every field is read plainly.
    #[doc(hidden)]
    fn __specification() -> Specification {
        Specification::plain(Self::MODEL, Self::FIELDS)
    }
}

impl Specification {
    /// The specification of `M` (what `#[derive(OdooModel)]` wrote).
    pub fn of<M: OdooModel>() -> Specification {
        M::__specification()
    }
}
