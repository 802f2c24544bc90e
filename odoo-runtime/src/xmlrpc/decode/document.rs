//! Whole documents: `<methodResponse>` (a value or a fault) and `<methodCall>` (a method
//! name and its parameters, as a sequence).

use std::borrow::Cow;

use serde::de::{self, DeserializeSeed, Visitor};

use super::deserializer::{Deserializer, Result, Seg};
use super::scan::Elem;
use crate::error::Error;

impl<'de> Deserializer<'de> {
    // ----- documents ----------------------------------------------------------------------

    /// `<methodResponse>` up to its value: `Ok(false)` for `<params><param>`, `Ok(true)` for
    /// `<fault>`.
    pub(crate) fn open_response(&mut self) -> Result<bool> {
        self.prolog()?;
        self.open_tag(Elem::MethodResponse)?;
        self.ws();
        if self.eat(b"<fault>") {
            return Ok(true);
        }
        self.open_tag(Elem::Params)?;
        self.ws();
        if self.rest().starts_with(b"</params>") {
            return Err(self.expected("`<param>`: a response holds one value"));
        }
        self.open_tag(Elem::Param)?;
        Ok(false)
    }

    /// What follows a response's value or fault, through the end of the document.
    pub(crate) fn close_response(&mut self, fault: bool) -> Result<()> {
        if fault {
            self.close_tag(Elem::Fault)?;
        } else {
            self.close_tag(Elem::Param)?;
            self.ws();
            if self.rest().starts_with(b"<param>") {
                return Err(self.expected("`</params>`: a response holds exactly one value"));
            }
            self.close_tag(Elem::Params)?;
        }
        self.close_tag(Elem::MethodResponse)?;
        self.end()
    }

    /// `<methodCall><methodName>…</methodName>`: the method name.
    pub(crate) fn open_call(&mut self) -> Result<Cow<'de, str>> {
        self.in_call = true;
        self.prolog()?;
        self.open_tag(Elem::MethodCall)?;
        self.open_tag(Elem::MethodName)?;
        let (s, e, esc) = self.text()?;
        self.close_tag(Elem::MethodName)?;
        self.cow(s, e, esc)
    }

    /// What follows a call's parameters, through the end of the document.
    pub(crate) fn close_call(&mut self) -> Result<()> {
        self.close_tag(Elem::MethodCall)?;
        self.end()
    }

    /// The parameter list of a call, as a serde sequence.
    pub(crate) fn params<T: de::Deserialize<'de>>(&mut self) -> Result<T> {
        self.ws();
        let present = if self.eat(b"<params>") {
            true
        } else if self.eat(b"<params/>") || self.rest().starts_with(b"</methodCall>") {
            false
        } else {
            self.open_tag(Elem::Params)?;
            true
        };
        let v = T::deserialize(ParamsDeserializer { de: self, present })?;
        Ok(v)
    }
}

/// The parameter list of a call, as a sequence: one element per `<param>`.
struct ParamsDeserializer<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    present: bool,
}

impl<'de> de::Deserializer<'de> for ParamsDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let mut access = ParamsAccess {
            de: self.de,
            index: 0,
            done: !self.present,
        };
        let v = visitor.visit_seq(&mut access)?;
        if !access.done {
            let de = &mut *access.de;
            de.ws();
            if de.rest().starts_with(b"<param>") {
                let at = de.pos;
                return Err(de.syntax(at, "the call has more parameters than expected", None));
            }
        }
        if self.present {
            access.de.close_tag(Elem::Params)?;
        }
        Ok(v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct ParamsAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for ParamsAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</params>") {
            self.done = true;
            return Ok(None);
        }
        de.open_tag(Elem::Param)?;
        de.path.clear();
        de.path.push(Seg::Param(self.index));
        self.index += 1;
        let v = de.nested(seed)?;
        de.path.clear();
        de.close_tag(Elem::Param)?;
        Ok(Some(v))
    }
}
