//! The strings kept beside an element (see [`crate::side`]) given back to serde_json's
//! targets: a deserializer around serde_json's that knows the placeholders (the escaped
//! `\u0000`, a number, `\u0000`, then what came after the string left the buffer). A
//! [`Binary`](crate::Binary) (which asks for [`BINARY_TOKEN`]) gets the decoded bytes,
//! moved; every other target the text, exactly as it came.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};

use crate::side::Side;
use crate::types::BINARY_TOKEN;

/// `de`, with the strings its placeholders stand for.
pub(crate) struct SideDeserializer<'s, D> {
    pub(crate) de: D,
    pub(crate) side: &'s RefCell<Side>,
}

impl<'s, D> SideDeserializer<'s, D> {
    fn visitor<V>(&self, visitor: V, binary: bool) -> SideVisitor<'s, V> {
        SideVisitor {
            visitor,
            side: self.side,
            binary,
        }
    }
}

macro_rules! forward {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                let v = self.visitor(visitor, false);
                self.de.$method(v)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for SideDeserializer<'_, D> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor, false);
        self.de.deserialize_unit_struct(name, v)
    }

    /// A `Binary` asks for the value itself (its visitor's `visit_newtype_struct` would do
    /// the same), flagged so that a placeholder gives it the bytes.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == BINARY_TOKEN {
            let v = self.visitor(visitor, true);
            return self.de.deserialize_any(v);
        }
        let v = self.visitor(visitor, false);
        self.de.deserialize_newtype_struct(name, v)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor, false);
        self.de.deserialize_tuple(len, v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor, false);
        self.de.deserialize_tuple_struct(name, len, v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor, false);
        self.de.deserialize_struct(name, fields, v)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        let v = self.visitor(visitor, false);
        self.de.deserialize_enum(name, variants, v)
    }

    fn is_human_readable(&self) -> bool {
        self.de.is_human_readable()
    }
}

/// A visitor that reads placeholders; `binary`: for a `Binary`.
struct SideVisitor<'s, V> {
    visitor: V,
    side: &'s RefCell<Side>,
    binary: bool,
}

impl<'s, V> SideVisitor<'s, V> {
    fn wrap<D>(&self, de: D) -> SideDeserializer<'s, D> {
        SideDeserializer {
            de,
            side: self.side,
        }
    }

    /// The string `text` stands for, when it starts with a placeholder (`text` is a string
    /// or, for a target that asked for bytes, serde_json's unescaped bytes).
    fn kept<E: de::Error>(&self, text: &[u8]) -> Result<Option<Kept>, E> {
        let mut side = self.side.borrow_mut();
        let Some((index, len)) = side.placeholder_at(text) else {
            return Ok(None);
        };
        let kept = side
            .take(index)
            .ok_or_else(|| E::custom("a long string read twice"))?;
        let tail = &text[len..];
        if self.binary {
            if let Ok(tail) = std::str::from_utf8(tail) {
                return Ok(Some(match kept.finish(tail) {
                    Ok(bytes) => Kept::Bytes(bytes),
                    Err(text) => Kept::Text(text.into_bytes()),
                }));
            }
        }
        let mut whole = kept.text().into_bytes();
        whole.extend_from_slice(tail);
        Ok(Some(Kept::Text(whole)))
    }
}

/// What a placeholder gives a target.
enum Kept {
    /// The decoded bytes, for a `Binary`.
    Bytes(Vec<u8>),
    /// The string's bytes as they came.
    Text(Vec<u8>),
}

/// Text rebuilt from a string's text and its tail: UTF-8, as both were.
fn string(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

macro_rules! visit {
    ($($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.visitor.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for SideVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    visit!(
        visit_bool(bool),
        visit_i8(i8),
        visit_i16(i16),
        visit_i32(i32),
        visit_i64(i64),
        visit_i128(i128),
        visit_u8(u8),
        visit_u16(u16),
        visit_u32(u32),
        visit_u64(u64),
        visit_u128(u128),
        visit_f32(f32),
        visit_f64(f64),
        visit_char(char),
    );

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        match self.kept::<E>(v.as_bytes())? {
            None => self.visitor.visit_str(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_string(string(text)),
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        match self.kept::<E>(v.as_bytes())? {
            None => self.visitor.visit_borrowed_str(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_string(string(text)),
        }
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        match self.kept::<E>(v.as_bytes())? {
            None => self.visitor.visit_string(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_string(string(text)),
        }
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        match self.kept::<E>(v)? {
            None => self.visitor.visit_bytes(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_byte_buf(text),
        }
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        match self.kept::<E>(v)? {
            None => self.visitor.visit_borrowed_bytes(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_byte_buf(text),
        }
    }

    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        match self.kept::<E>(&v)? {
            None => self.visitor.visit_byte_buf(v),
            Some(Kept::Bytes(bytes)) => self.visitor.visit_byte_buf(bytes),
            Some(Kept::Text(text)) => self.visitor.visit_byte_buf(text),
        }
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let d = self.wrap(d);
        self.visitor.visit_some(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        let d = self.wrap(d);
        self.visitor.visit_newtype_struct(d)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        let seq = Access {
            inner: seq,
            side: self.side,
        };
        self.visitor.visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        let map = Access {
            inner: map,
            side: self.side,
        };
        self.visitor.visit_map(map)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        let data = Access {
            inner: data,
            side: self.side,
        };
        self.visitor.visit_enum(data)
    }
}

/// A seq, map, enum or variant access whose values read placeholders.
struct Access<'s, A> {
    inner: A,
    side: &'s RefCell<Side>,
}

/// A seed whose deserializer reads placeholders.
struct SideSeed<'s, S> {
    seed: S,
    side: &'s RefCell<Side>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for SideSeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, de: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(SideDeserializer {
            de,
            side: self.side,
        })
    }
}

impl<'s, A> Access<'s, A> {
    fn seed<S>(&self, seed: S) -> SideSeed<'s, S> {
        SideSeed {
            seed,
            side: self.side,
        }
    }

    fn visitor<V>(&self, visitor: V) -> SideVisitor<'s, V> {
        SideVisitor {
            visitor,
            side: self.side,
            binary: false,
        }
    }
}

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

impl<'s, 'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Access<'s, A> {
    type Error = A::Error;
    type Variant = Access<'s, A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        let side = self.side;
        let (value, variant) = self.inner.variant_seed(SideSeed { seed, side })?;
        Ok((
            value,
            Access {
                inner: variant,
                side,
            },
        ))
    }
}

impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Access<'_, A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.inner.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        let seed = self.seed(seed);
        self.inner.newtype_variant_seed(seed)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let v = self.visitor(visitor);
        self.inner.tuple_variant(len, v)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let v = self.visitor(visitor);
        self.inner.struct_variant(fields, v)
    }
}
