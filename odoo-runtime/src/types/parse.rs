//! What the text-valued types share: [`ParseError`] and a `FromStr` visitor.

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Visitor};

/// The error of parsing a [`Reference`](super::Reference), a [`Date`](super::Date) or a
/// [`DateTime`](super::DateTime) from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(pub(super) String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ParseError {}

/// Deserializes any `FromStr` type from a string.
pub(super) struct FromStrVisitor<T> {
    expecting: &'static str,
    _t: PhantomData<fn() -> T>,
}
impl<T> FromStrVisitor<T> {
    pub(super) fn new(expecting: &'static str) -> Self {
        FromStrVisitor {
            expecting,
            _t: PhantomData,
        }
    }
}
impl<'de, T: FromStr<Err = ParseError>> Visitor<'de> for FromStrVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
    /// An XML-RPC `<dateTime.iso8601>` read through `deserialize_any` comes as a one-entry map.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<std::borrow::Cow<'de, str>>()? {
            Some(k) if k == crate::value::DATETIME_TOKEN => {
                let text: std::borrow::Cow<'de, str> = map.next_value()?;
                text.parse().map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}
