//! Items that derive expansions and sibling crates use. Not a public API: no stability promise.

pub use serde;
pub use serde_json;

// The tagging of decode errors with their model, record and field lives with the errors (the
// decoders read the tags back with `error::split_context`).
use crate::error::field_error;

// ------------------------------------------------------------------------------- derive support
//
// What `#[derive(OdooModel)]` and `#[derive(OdooSelection)]` expansions call. Keeping the
// machinery here keeps the expansions short and lets it be tested once.

pub use crate::model::OdooSelection;
pub use crate::model::{Field, OdooField, OdooModel, ReadOnly, Relational, TextSearch, Writable};
pub use crate::model::{SpecKind, Specification};
pub use crate::types::RecordId;
pub use std::fmt::{Formatter, Result as FmtResult};
pub use std::option::Option::{self, None, Some};
pub use std::result::Result::{self, Err, Ok};
pub use std::string::String;

// ------------------------------------------------------------------------------- generated methods

/// A builder that generated bindings wrap around a [`MethodCall`](crate::orm::MethodCall)
/// for a method with optional parameters: `pub struct SaleOrderMessagePost<'a>(MethodCall<'a,
/// SaleOrder, Ids<MailMessage>>)`. The generated file declares the struct, the setters of the
/// documented parameters and this impl (the call it wraps, so the answer it decodes); then
/// [`__method_builder!`](crate::__method_builder) writes the rest.
#[doc(hidden)]
pub trait MethodBuilder<'a> {
    /// The `MethodCall` the builder wraps.
    type Call: std::future::IntoFuture;
}

/// What every generated method builder has besides its own setters (see [`MethodBuilder`]):
/// `arg` for `**kwargs`, `context`, and `IntoFuture`, which awaits the inner call. A macro,
/// as the orphan rule allows no blanket `IntoFuture` for the builders of another crate.
#[doc(hidden)]
#[macro_export]
macro_rules! __method_builder {
    ($name:ident) => {
        impl<'a> $name<'a> {
            /// Any other parameter, by its Odoo name (what the method takes in `**kwargs`).
            pub fn arg(
                self,
                name: &str,
                value: impl ::std::convert::Into<$crate::value::Value>,
            ) -> Self {
                Self(
                    self.0
                        .arg(name, ::std::convert::Into::<$crate::value::Value>::into(value)),
                )
            }

            /// A context key for this call (over the client's default context).
            pub fn context(
                self,
                key: &str,
                value: impl ::std::convert::Into<$crate::value::Value>,
            ) -> Self {
                Self(self.0.context(key, value))
            }
        }

        impl<'a> ::std::future::IntoFuture for $name<'a> {
            type Output = <<Self as $crate::__private::MethodBuilder<'a>>::Call as ::std::future::IntoFuture>::Output;
            type IntoFuture = <<Self as $crate::__private::MethodBuilder<'a>>::Call as ::std::future::IntoFuture>::IntoFuture;
            fn into_future(self) -> Self::IntoFuture {
                ::std::future::IntoFuture::into_future(self.0)
            }
        }
    };
}

// ------------------------------------------------------------------------------- record decoding

/// The key of a record member: the generated lookup maps a name to an index (`0` is `id`,
/// `usize::MAX` a field the struct does not read).
pub struct KeySeed(pub fn(&str) -> usize);

/// The index [`KeySeed`] gives a member the struct does not read.
pub const UNKNOWN_KEY: usize = usize::MAX;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = usize;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
        Ok((self.0)(v))
    }
    fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<usize, E> {
        Ok(std::str::from_utf8(v).map_or(UNKNOWN_KEY, self.0))
    }
}

/// The value of a field that was absent from the record: `None` for an `Option`, an error
/// naming the field for anything else (serde's own rule).
pub fn missing_field<'de, T: serde::Deserialize<'de>, E: serde::de::Error>(
    field: &'static str,
) -> Result<T, E> {
    struct Missing<E>(&'static str, std::marker::PhantomData<E>);
    impl<'de, E: serde::de::Error> serde::Deserializer<'de> for Missing<E> {
        type Error = E;
        fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
            Err(E::missing_field(self.0))
        }
        fn deserialize_option<V: serde::de::Visitor<'de>>(self, v: V) -> Result<V::Value, E> {
            v.visit_none()
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }
    T::deserialize(Missing(field, std::marker::PhantomData))
}

/// The next map value, decoded as the field `field`: an error is tagged with the model, the
/// record id and the field (see `error::field_error`).
#[inline]
pub fn next_field<'de, A: serde::de::MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    model: &str,
    id: Option<i64>,
    field: &str,
) -> Result<T, A::Error> {
    map.next_value()
        .map_err(|e| field_error(model, id, field, e))
}

/// The decoded value of a field, or, when the record did not have it, `None` for an `Option`
/// and an error naming the field otherwise.
#[inline]
pub fn take_field<'de, T: serde::Deserialize<'de>, E: serde::de::Error>(
    slot: Option<T>,
    model: &str,
    id: Option<i64>,
    field: &'static str,
) -> Result<T, E> {
    match slot {
        Some(v) => Ok(v),
        None => missing_field(field).map_err(|e: E| field_error(model, id, field, e)),
    }
}

/// The type of a model's `id` field.
#[diagnostic::on_unimplemented(
    message = "the `id` field must be `RecordId<Self>` or `i64`, not `{Self}`",
    label = "the record id",
    note = "declare it `pub id: RecordId<Self>`, or give the field another name"
)]
pub trait IdField: Sized {
    /// The field's value for record id `id`.
    fn from_id(id: i64) -> Self;
}
impl<M> IdField for crate::types::RecordId<M> {
    fn from_id(id: i64) -> Self {
        crate::types::RecordId::new(id)
    }
}
impl IdField for i64 {
    fn from_id(id: i64) -> Self {
        id
    }
}

/// How `web_read` reads a field of type `T`; also the compile-time check that the type is
/// supported (the bound carries the diagnostic).
pub fn spec_kind<T: OdooField>() -> SpecKind {
    T::__spec_kind()
}

/// An error for a record that has no `id` where a typed id is needed.
pub fn missing_id<E: serde::de::Error>(model: &str) -> E {
    E::custom(format_args!("a `{model}` record without `id`"))
}

/// Decodes a selection value by its Odoo text.
pub struct SelectionVisitor<T>(pub std::marker::PhantomData<fn() -> T>);

impl<'de, T: OdooSelection> serde::de::Visitor<'de> for SelectionVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a selection value")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
        T::from_value(v).ok_or_else(|| E::unknown_variant(v, T::VALUES))
    }
}

/// Deserializes a selection enum.
pub fn deserialize_selection<'de, T: OdooSelection, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<T, D::Error> {
    d.deserialize_str(SelectionVisitor(std::marker::PhantomData))
}
