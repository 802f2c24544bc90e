//! The serde glue: `serde::Deserializer` for the decoder, and the accessors for arrays,
//! structs, member names, date-times and enums.

use std::borrow::Cow;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::deserializer::{Deserializer, Event, Result, Seg};
use super::errors::unexpected;
use super::scan::Elem;
use crate::error::Error;
use crate::types::BINARY_TOKEN;
use crate::value::DATETIME_TOKEN;

impl<'de> Deserializer<'de> {
    /// Hands an already read event to a visitor.
    #[inline]
    pub(super) fn visit<V: Visitor<'de>>(
        &mut self,
        ev: Event<'de>,
        visitor: V,
    ) -> Result<V::Value> {
        match ev {
            Event::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Event::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Event::Int(i) => visitor.visit_i64(i),
            Event::Bool(b) => visitor.visit_bool(b),
            Event::Struct { empty } => self.visit_struct(empty, visitor),
            Event::Array { empty } => self.visit_array(empty, visitor),
            Event::Double(d) => visitor.visit_f64(d),
            Event::Nil | Event::Skipped => visitor.visit_unit(),
            Event::Base64(raw) => {
                let bytes = self.base64(raw)?;
                visitor.visit_byte_buf(bytes)
            }
            Event::DateTime(text) => visitor.visit_map(DateTimeAccess { text: Some(text) }),
            Event::Side {
                index,
                tail,
                base64: false,
            } => {
                let text = self.side_string(index, &tail)?;
                visitor.visit_string(text)
            }
            Event::Side {
                index,
                tail,
                base64: true,
            } => {
                let bytes = self.side_bytes(index, &tail)?;
                visitor.visit_byte_buf(bytes)
            }
        }
    }

    pub(super) fn visit_array<V: Visitor<'de>>(
        &mut self,
        empty: bool,
        visitor: V,
    ) -> Result<V::Value> {
        let start = self.value_start;
        self.path.push(Seg::Index(0));
        let mut access = SeqAccess {
            de: self,
            index: 0,
            done: empty,
        };
        let r = visitor.visit_seq(&mut access);
        let done = access.done;
        let v = match r {
            Ok(v) => v,
            Err(e) => return Err(self.container_error(e, start)),
        };
        if !done {
            self.ws();
            if !self.rest().starts_with(b"</") {
                self.path.pop();
                return Err(self.syntax(
                    start,
                    "invalid length: the array has more elements than expected",
                    Some(("fewer elements".into(), "more".into())),
                ));
            }
        }
        self.path.pop();
        self.finish_array(empty)?;
        Ok(v)
    }

    pub(super) fn visit_struct<V: Visitor<'de>>(
        &mut self,
        empty: bool,
        visitor: V,
    ) -> Result<V::Value> {
        let start = self.value_start;
        self.path.push(Seg::Index(0));
        let mut access = MapAccess {
            de: self,
            done: empty,
        };
        let r = visitor.visit_map(&mut access);
        let done = access.done;
        let v = match r {
            Ok(v) => v,
            Err(e) => return Err(self.container_error(e, start)),
        };
        self.path.pop();
        if !done {
            self.ws();
            if !self.rest().starts_with(b"</") {
                return Err(self.syntax(
                    start,
                    "the struct has members the visitor did not read",
                    None,
                ));
            }
        }
        self.finish_struct(empty)?;
        Ok(v)
    }
}

// ----- serde glue ---------------------------------------------------------------------------

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let ev = self.next_event()?;
        self.visit(ev, visitor)
    }

    /// `<boolean>0</boolean>` (Odoo's empty value) and `<nil/>` are `None`.
    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::Nil | Event::Bool(false) => visitor.visit_none(),
            ev => {
                self.pending = Some(ev);
                visitor.visit_some(self)
            }
        }
    }

    /// A `<dateTime.iso8601>` is its text here; `<base64>` its raw text.
    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::DateTime(Cow::Borrowed(s)) | Event::Base64(s) => visitor.visit_borrowed_str(s),
            Event::DateTime(Cow::Owned(s)) => visitor.visit_string(s),
            Event::Side { index, tail, .. } => {
                let text = self.side_string(index, &tail)?;
                visitor.visit_string(text)
            }
            ev => self.visit(ev, visitor),
        }
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `<base64>`, or a `<string>` holding base64 (Odoo's binary fields), decoded.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::Base64(raw) | Event::Str(Cow::Borrowed(raw)) => {
                let bytes = self.base64(raw)?;
                visitor.visit_byte_buf(bytes)
            }
            Event::Str(Cow::Owned(text)) => {
                let bytes = self.base64_owned(&text)?;
                visitor.visit_byte_buf(bytes)
            }
            Event::Side { index, tail, .. } => {
                let bytes = self.side_bytes(index, &tail)?;
                visitor.visit_byte_buf(bytes)
            }
            ev => self.visit(ev, visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == DATETIME_TOKEN {
            match self.next_event()? {
                Event::DateTime(Cow::Borrowed(s)) => return visitor.visit_borrowed_str(s),
                Event::DateTime(Cow::Owned(s)) => return visitor.visit_string(s),
                ev => self.pending = Some(ev),
            }
        }
        if name == BINARY_TOKEN {
            // A kept string gives its bytes, moved; when it is not canonical base64, its text
            // (which the visitor decodes, or refuses, as before).
            match self.next_event()? {
                Event::Side {
                    index,
                    tail,
                    base64: false,
                } => {
                    return match self.side_text(index)?.finish(&tail) {
                        Ok(bytes) => visitor.visit_byte_buf(bytes),
                        Err(text) => visitor.visit_string(text),
                    }
                }
                ev => self.pending = Some(ev),
            }
        }
        visitor.visit_newtype_struct(self)
    }

    /// A string is a unit variant; a one-member struct `{variant: value}` any variant.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.next_event()? {
            Event::Str(s) => visitor.visit_enum(UnitVariant { name: s }),
            Event::Side {
                index,
                tail,
                base64: false,
            } => {
                let name = Cow::Owned(self.side_string(index, &tail)?);
                visitor.visit_enum(UnitVariant { name })
            }
            Event::Struct { empty: false } => {
                let start = self.value_start;
                self.path.push(Seg::Index(0));
                let (s, e, esc) = self.member_name()?;
                if let Some(top) = self.path.last_mut() {
                    *top = Seg::Key(s, e);
                }
                let variant = self.cow(s, e, esc)?;
                let v = visitor
                    .visit_enum(VariantAccess {
                        de: &mut *self,
                        variant,
                    })
                    .map_err(|e| self.container_error(e, start))?;
                self.path.pop();
                self.close_tag(Elem::Member)?;
                self.ws();
                if !self.rest().starts_with(b"</") {
                    return Err(self.syntax(
                        start,
                        "an enum is a struct with exactly one member",
                        None,
                    ));
                }
                self.finish_struct(false)?;
                Ok(v)
            }
            ev => Err(de::Error::invalid_type(
                unexpected(&ev),
                &"an enum: a string or a one-member struct",
            )),
        }
    }

    /// Skips the whole value without building anything.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char unit unit_struct seq tuple
        tuple_struct map struct identifier
    }
}

impl Deserializer<'_> {
    fn base64_owned(&mut self, text: &str) -> Result<Vec<u8>> {
        crate::types::decode_base64(text.as_bytes()).map_err(|e| {
            let at = self.value_start;
            self.syntax(at, format!("invalid base64: {e}"), None)
        })
    }
}

struct SeqAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</") {
            self.done = true;
            return Ok(None);
        }
        if let Some(top) = de.path.last_mut() {
            *top = Seg::Index(self.index);
        }
        if de.path.len() == 1 {
            de.record_id = None;
        }
        self.index += 1;
        de.nested(seed).map(Some)
    }
}

struct MapAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</") {
            self.done = true;
            return Ok(None);
        }
        let (s, e, esc) = de.member_name()?;
        if let Some(top) = de.path.last_mut() {
            *top = Seg::Key(s, e);
        }
        let key = de.cow(s, e, esc)?;
        match seed.deserialize(KeyDeserializer { key }) {
            Ok(k) => Ok(Some(k)),
            Err(err) => {
                let at = s;
                Err(if de.located { err } else { de.locate(err, at) })
            }
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let de = &mut *self.de;
        let v = de.nested(seed)?;
        if !de.eat(b"\n</member>") {
            de.close_tag(Elem::Member)?;
        }
        Ok(v)
    }
}

/// A struct member name as a deserializer: a string, or a number for integer-keyed maps.
struct KeyDeserializer<'de> {
    key: Cow<'de, str>,
}

macro_rules! key_number {
    ($($method:ident => $visit:ident: $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.key.trim().parse::<$t>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.key {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    key_number!(deserialize_i8 => visit_i64: i64, deserialize_i16 => visit_i64: i64,
        deserialize_i32 => visit_i64: i64, deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u64: u64, deserialize_u16 => visit_u64: u64,
        deserialize_u32 => visit_u64: u64, deserialize_u64 => visit_u64: u64);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant { name: self.key })
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A `<dateTime.iso8601>` handed to `deserialize_any`: the one-entry map
/// `{DATETIME_TOKEN: text}` that [`crate::Value`]'s visitor turns into `Value::DateTime`.
struct DateTimeAccess<'de> {
    text: Option<Cow<'de, str>>,
}

impl<'de> de::MapAccess<'de> for DateTimeAccess<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(DATETIME_TOKEN))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.text.take() {
            Some(Cow::Borrowed(s)) => seed.deserialize(BorrowedStrDeserializer::new(s)),
            Some(Cow::Owned(s)) => seed.deserialize(StringDeserializer::new(s)),
            None => Err(de::Error::custom("dateTime value read twice")),
        }
    }
}

/// A string as an enum: a unit variant.
struct UnitVariant<'de> {
    name: Cow<'de, str>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        let v = match self.name {
            Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s))?,
            Cow::Owned(s) => seed.deserialize(s.into_deserializer())?,
        };
        Ok((v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a newtype variant",
        ))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a tuple variant",
        ))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a struct variant",
        ))
    }
}

/// A one-member struct `{variant: value}` as an enum.
struct VariantAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    variant: Cow<'de, str>,
}

impl<'a, 'de> de::EnumAccess<'de> for VariantAccess<'a, 'de> {
    type Error = Error;
    type Variant = &'a mut Deserializer<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, &'a mut Deserializer<'de>)> {
        let v = match self.variant {
            Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s))?,
            Cow::Owned(s) => seed.deserialize(s.into_deserializer())?,
        };
        Ok((v, self.de))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Deserializer<'de> {
    type Error = Error;

    /// `{variant: nil}` (what a unit variant's value would be).
    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.nested(seed)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}
