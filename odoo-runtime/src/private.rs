//! Items that derive expansions and sibling crates use. Not a public API: no stability promise.

use std::fmt::Display;

use crate::DecodeContext;

pub use serde;
pub use serde_json;

// A serde error message can only carry text. Derived decoders tag the message with where the
// error happened; `split_context` turns the tag back into a `DecodeContext` when the message
// becomes an `Error`. The tag is `\u{1}odoo` + `model\u{1}id\u{1}field\u{1}` + message.
const TAG: &str = "\u{1}odoo";
const SEP: char = '\u{1}';

/// A serde error naming the model, the record id (when known) and the field.
pub fn field_error<E: serde::de::Error>(
    model: &str,
    id: Option<i64>,
    field: &str,
    inner: impl Display,
) -> E {
    // `{:#}`: an inner `Error` gives its message alone, not `decode error: …` again.
    let inner = format!("{inner:#}");
    // An inner error that is already tagged (a nested record) keeps its own, deeper context.
    if inner.starts_with(TAG) {
        return E::custom(inner);
    }
    let id = id.map(|i| i.to_string()).unwrap_or_default();
    E::custom(format_args!(
        "{TAG}{model}{SEP}{id}{SEP}{field}{SEP}{inner}"
    ))
}

/// Splits a tagged message into its text and context (see [`field_error`]). Untagged messages
/// come back unchanged, with no context.
pub fn split_context(message: &str) -> (String, Option<DecodeContext>) {
    let Some(start) = message.find(TAG) else {
        return (message.to_owned(), None);
    };
    let before = &message[..start];
    let mut parts = message[start + TAG.len()..].splitn(4, SEP);
    let (Some(model), Some(id), Some(field), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (message.replace(SEP, " "), None);
    };
    let mut ctx = DecodeContext {
        model: (!model.is_empty()).then(|| model.to_owned()),
        record_id: id.parse().ok(),
        field: (!field.is_empty()).then(|| field.to_owned()),
        ..DecodeContext::default()
    };
    // serde's "invalid type: X, expected Y" becomes found/expected.
    if let Some(body) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
    {
        if let Some((found, expected)) = body.split_once(", expected ") {
            ctx.found = Some(found.to_owned());
            ctx.expected = Some(
                expected
                    .split(" at line ")
                    .next()
                    .unwrap_or(expected)
                    .to_owned(),
            );
        }
    }
    (format!("{before}{rest}"), Some(ctx))
}

// ------------------------------------------------------------------------------- derive support
//
// What `#[derive(OdooModel)]` and `#[derive(OdooSelection)]` expansions call. Keeping the
// machinery here keeps the expansions short and lets it be tested once.

pub use crate::model::OdooSelection;
pub use crate::model::{Field, OdooField, OdooModel, ReadOnly, Writable};
pub use std::fmt::{Formatter, Result as FmtResult};
pub use std::option::Option::{self, None, Some};
pub use std::result::Result::{self, Err, Ok};
pub use std::string::String;

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
/// record id and the field (see [`field_error`]).
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
impl<M> IdField for crate::RecordId<M> {
    fn from_id(id: i64) -> Self {
        crate::RecordId::new(id)
    }
}
impl IdField for i64 {
    fn from_id(id: i64) -> Self {
        id
    }
}

/// Compile-time check that a field type is supported (the bound carries the diagnostic).
pub fn assert_field<T: OdooField>() {}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_round_trip() {
        let e: serde::de::value::Error = field_error(
            "res.partner",
            Some(7),
            "email",
            "invalid type: boolean `false`, expected a string",
        );
        let (msg, ctx) = split_context(&e.to_string());
        assert_eq!(msg, "invalid type: boolean `false`, expected a string");
        let ctx = ctx.unwrap();
        assert_eq!(ctx.model.as_deref(), Some("res.partner"));
        assert_eq!(ctx.record_id, Some(7));
        assert_eq!(ctx.field.as_deref(), Some("email"));
        assert_eq!(ctx.found.as_deref(), Some("boolean `false`"));
        assert_eq!(ctx.expected.as_deref(), Some("a string"));
        let nested: serde::de::value::Error = field_error("sale.order", Some(1), "order_line", e);
        assert_eq!(
            split_context(&nested.to_string())
                .1
                .unwrap()
                .model
                .as_deref(),
            Some("res.partner")
        );
    }
}
