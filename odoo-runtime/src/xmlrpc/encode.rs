//! The encoder: a serde `Serializer` that writes XML-RPC straight into a `Vec<u8>`, in the
//! exact layout of Python's `xmlrpc.client.Marshaller` (one `\n` after every closing
//! `</value>` except `<nil/>`'s, `<member>` and `<name>` on their own lines, base64 in lines
//! of 76), so that its output compares byte for byte with what Python clients and Odoo send.

use std::fmt::Write as _;
use std::io::Write as _;

use base64::Engine as _;
use serde::ser::{self, Serialize};

use super::text::{escape_into, write_python_float, Controls};
use crate::error::Error;
use crate::value::DATETIME_TOKEN;

type Result<T, E = Error> = std::result::Result<T, E>;

/// Where the encoder is, for error messages.
#[derive(Clone, Copy)]
enum Seg {
    Param(usize),
    Index(usize),
    Field(&'static str),
    /// A map key, as the byte range of its escaped text in the output.
    Key(usize, usize),
}

/// Writes XML-RPC values into `out`.
pub(crate) struct Encoder {
    pub(crate) out: Vec<u8>,
    controls: Controls,
    path: Vec<Seg>,
    /// Set while the next value is the parameter list of a `<methodCall>`.
    params_top: bool,
}

impl Encoder {
    pub(crate) fn new(out: Vec<u8>, controls: Controls) -> Encoder {
        Encoder {
            out,
            controls,
            path: Vec::new(),
            params_top: false,
        }
    }

    /// Serializes `params` (a sequence, a tuple or `()`) as `<params>`, one `<param>` each.
    pub(crate) fn params<P: Serialize + ?Sized>(&mut self, params: &P) -> Result<()> {
        self.params_top = true;
        let r = params.serialize(&mut *self);
        self.params_top = false;
        r
    }

    /// Serializes one `<value>`.
    pub(crate) fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    /// Appends text with markup escaped and control characters handled per `self.controls`.
    pub(crate) fn text(&mut self, s: &str) -> Result<()> {
        escape_into(&mut self.out, s, self.controls).map_err(|bad| {
            self.error(format!(
                "a string holds the character U+{:04X} at character {}, which XML 1.0 cannot \
                 carry (Odoo's parser would reject the whole request)",
                bad.ch as u32, bad.index
            ))
        })
    }

    fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Param(i) => {
                    let _ = write!(s, "param #{i}");
                }
                Seg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
                Seg::Field(f) => {
                    let _ = write!(s, ".{f}");
                }
                Seg::Key(a, b) => {
                    let key = self
                        .out
                        .get(a..b)
                        .map(String::from_utf8_lossy)
                        .unwrap_or_default();
                    let _ = write!(s, ".{key}");
                }
            }
        }
        s
    }

    fn error(&self, message: impl std::fmt::Display) -> Error {
        let path = self.path_string();
        if path.is_empty() {
            Error::encode(message.to_string())
        } else {
            Error::encode(format!("{message} (at `{}`)", path.trim_start_matches('.')))
        }
    }

    /// Scalars cannot stand for a parameter list.
    #[inline]
    fn scalar(&mut self, what: &str) -> Result<()> {
        if self.params_top {
            return Err(self.error(format_args!(
                "the parameters of a call must be a sequence or a tuple, found {what}"
            )));
        }
        Ok(())
    }

    fn int(&mut self, v: i64) -> Result<()> {
        self.scalar("an integer")?;
        // Odoo's server reads `<int>` and `<i8>` of any size, but Python's `xmlrpc.client`
        // (and so Odoo when it answers) only writes 32-bit `<int>`s; keep to that when it fits.
        if i32::try_from(v).is_ok() {
            self.out.extend_from_slice(b"<value><int>");
            let _ = write!(self.out, "{v}");
            self.out.extend_from_slice(b"</int></value>\n");
        } else {
            self.out.extend_from_slice(b"<value><i8>");
            let _ = write!(self.out, "{v}");
            self.out.extend_from_slice(b"</i8></value>\n");
        }
        Ok(())
    }

    fn wide_int(&mut self, v: impl Into<i128> + std::fmt::Display + Copy) -> Result<()> {
        match i64::try_from(v.into()) {
            Ok(v) => self.int(v),
            Err(_) => Err(self.error(format_args!(
                "integer {v} does not fit in 64 bits (XML-RPC's widest integer is <i8>)"
            ))),
        }
    }

    fn double(&mut self, v: f64, sci: impl FnOnce() -> String) -> Result<()> {
        self.scalar("a double")?;
        if !v.is_finite() {
            return Err(self.error(format_args!(
                "cannot encode the double {v}: XML-RPC has no NaN or infinity"
            )));
        }
        self.out.extend_from_slice(b"<value><double>");
        write_python_float(&mut self.out, &sci());
        self.out.extend_from_slice(b"</double></value>\n");
        Ok(())
    }

    fn string(&mut self, v: &str) -> Result<()> {
        self.scalar("a string")?;
        self.out.extend_from_slice(b"<value><string>");
        self.text(v)?;
        self.out.extend_from_slice(b"</string></value>\n");
        Ok(())
    }

    fn nil(&mut self) {
        // Python writes no newline after `<nil/>`'s value (`dump_nil`).
        self.out.extend_from_slice(b"<value><nil/></value>");
    }

    /// Opens a one-member struct `{variant: …}` for a newtype, tuple or struct variant.
    fn open_variant(&mut self, variant: &'static str) -> Result<()> {
        self.scalar("an enum variant")?;
        self.out
            .extend_from_slice(b"<value><struct>\n<member>\n<name>");
        self.text(variant)?;
        self.out.extend_from_slice(b"</name>\n");
        self.path.push(Seg::Field(variant));
        Ok(())
    }

    fn close_variant(&mut self) {
        self.path.pop();
        self.out
            .extend_from_slice(b"</member>\n</struct></value>\n");
    }

    fn open_array(&mut self) -> Compound<'_> {
        if std::mem::take(&mut self.params_top) {
            self.out.extend_from_slice(b"<params>\n");
            self.path.push(Seg::Param(0));
            Compound {
                enc: self,
                kind: Kind::Params,
                index: 0,
                variant: false,
            }
        } else {
            self.out.extend_from_slice(b"<value><array><data>\n");
            self.path.push(Seg::Index(0));
            Compound {
                enc: self,
                kind: Kind::Array,
                index: 0,
                variant: false,
            }
        }
    }

    fn open_struct(&mut self, what: &str) -> Result<Compound<'_>> {
        self.scalar(what)?;
        self.out.extend_from_slice(b"<value><struct>\n");
        self.path.push(Seg::Index(0));
        Ok(Compound {
            enc: self,
            kind: Kind::Struct,
            index: 0,
            variant: false,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Params,
    Array,
    Struct,
}

/// The state of an array, a parameter list or a struct being written.
pub(crate) struct Compound<'a> {
    enc: &'a mut Encoder,
    kind: Kind,
    index: usize,
    /// Also close the `{variant: …}` wrapper on `end`.
    variant: bool,
}

impl Compound<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let enc = &mut *self.enc;
        match self.kind {
            Kind::Params => {
                if let Some(top) = enc.path.last_mut() {
                    *top = Seg::Param(self.index);
                }
                enc.out.extend_from_slice(b"<param>\n");
                value.serialize(&mut *enc)?;
                enc.out.extend_from_slice(b"</param>\n");
            }
            _ => {
                if let Some(top) = enc.path.last_mut() {
                    *top = Seg::Index(self.index);
                }
                value.serialize(&mut *enc)?;
            }
        }
        self.index += 1;
        Ok(())
    }

    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<()> {
        let enc = &mut *self.enc;
        enc.out.extend_from_slice(b"<member>\n<name>");
        enc.text(key)?;
        enc.out.extend_from_slice(b"</name>\n");
        if let Some(top) = enc.path.last_mut() {
            *top = Seg::Field(key);
        }
        value.serialize(&mut *enc)?;
        enc.out.extend_from_slice(b"</member>\n");
        Ok(())
    }

    fn finish(self) {
        let enc = self.enc;
        enc.path.pop();
        enc.out.extend_from_slice(match self.kind {
            Kind::Params => b"</params>\n",
            Kind::Array => b"</data></array></value>\n",
            Kind::Struct => b"</struct></value>\n",
        });
        if self.variant {
            enc.close_variant();
        }
    }
}

impl<'a> ser::Serializer for &'a mut Encoder {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.scalar("a boolean")?;
        self.out.extend_from_slice(if v {
            b"<value><boolean>1</boolean></value>\n"
        } else {
            b"<value><boolean>0</boolean></value>\n"
        });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<()> {
        self.wide_int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.int(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.wide_int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<()> {
        match i64::try_from(v) {
            Ok(v) => self.int(v),
            Err(_) => Err(self.error(format_args!("integer {v} does not fit in 64 bits"))),
        }
    }
    fn serialize_f32(self, v: f32) -> Result<()> {
        // The f32's own shortest digits, so that `0.1f32` travels as `0.1`, not as
        // `0.10000000149011612`.
        self.double(v.into(), || format!("{v:e}"))
    }
    fn serialize_f64(self, v: f64) -> Result<()> {
        self.double(v, || format!("{v:e}"))
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.scalar("bytes")?;
        // `base64.encodebytes`: lines of 76 characters (57 bytes), each ending with `\n`.
        self.out.extend_from_slice(b"<value><base64>\n");
        let engine = &base64::engine::general_purpose::STANDARD;
        for chunk in v.chunks(57) {
            let at = self.out.len();
            self.out
                .resize(at + base64::encoded_len(chunk.len(), true).unwrap_or(76), 0);
            let written = engine.encode_slice(chunk, &mut self.out[at..]).unwrap_or(0);
            self.out.truncate(at + written);
            self.out.push(b'\n');
        }
        self.out.extend_from_slice(b"</base64></value>\n");
        Ok(())
    }
    fn serialize_none(self) -> Result<()> {
        self.scalar("None")?;
        self.nil();
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        if std::mem::take(&mut self.params_top) {
            // `()` as the parameters of a call: no parameters, like Python's `version()`.
            self.out.extend_from_slice(b"<params>\n</params>\n");
            return Ok(());
        }
        self.nil();
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name != DATETIME_TOKEN {
            return value.serialize(self);
        }
        self.scalar("a dateTime")?;
        // Serialize the text as a string, then rewrap the (already escaped) text.
        let start = self.out.len();
        value.serialize(&mut *self)?;
        let written = self.out.split_off(start);
        let text = written
            .strip_prefix(b"<value><string>".as_slice())
            .and_then(|r| r.strip_suffix(b"</string></value>\n".as_slice()))
            .ok_or_else(|| self.error("a dateTime must be a string"))?;
        self.out.extend_from_slice(b"<value><dateTime.iso8601>");
        self.out.extend_from_slice(text);
        self.out.extend_from_slice(b"</dateTime.iso8601></value>\n");
        Ok(())
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(&mut *self)?;
        self.close_variant();
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>> {
        Ok(self.open_array())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>> {
        Ok(self.open_array())
    }
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        Ok(self.open_array())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.open_variant(variant)?;
        let mut c = self.open_array();
        c.variant = true;
        Ok(c)
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>> {
        self.open_struct("a map")
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>> {
        self.open_struct("a struct")
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.open_variant(variant)?;
        let mut c = self.open_struct("a struct variant")?;
        c.variant = true;
        Ok(c)
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let enc = &mut *self.enc;
        enc.out.extend_from_slice(b"<member>\n<name>");
        let start = enc.out.len();
        key.serialize(KeySerializer { enc: &mut *enc })?;
        let end = enc.out.len();
        enc.out.extend_from_slice(b"</name>\n");
        if let Some(top) = enc.path.last_mut() {
            *top = Seg::Key(start, end);
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(&mut *self.enc)?;
        self.enc.out.extend_from_slice(b"</member>\n");
        Ok(())
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(key, value)
    }
    fn end(self) -> Result<()> {
        self.finish();
        Ok(())
    }
}

/// Writes a map key as the text of a `<name>`: strings, characters, integers and booleans
/// (as their decimal or `true`/`false` text, since Odoo's keys are strings).
struct KeySerializer<'a> {
    enc: &'a mut Encoder,
}

impl KeySerializer<'_> {
    fn display(self, v: impl std::fmt::Display) -> Result<()> {
        let _ = write!(self.enc.out, "{v}");
        Ok(())
    }
    fn refuse(self, what: &str) -> Result<()> {
        Err(self.enc.error(format_args!(
            "a struct member name must be a string, found {what}"
        )))
    }
}

macro_rules! key_display {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<()> {
            self.display(v)
        }
    )*};
}

impl ser::Serializer for KeySerializer<'_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    key_display!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_i128: i128, serialize_u8: u8, serialize_u16: u16,
        serialize_u32: u32, serialize_u64: u64, serialize_u128: u128);

    fn serialize_f32(self, _v: f32) -> Result<()> {
        self.refuse("a float")
    }
    fn serialize_f64(self, _v: f64) -> Result<()> {
        self.refuse("a float")
    }
    fn serialize_char(self, v: char) -> Result<()> {
        self.enc.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<()> {
        self.enc.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        self.refuse("bytes")
    }
    fn serialize_none(self) -> Result<()> {
        self.refuse("None")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<()> {
        self.refuse("()")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.refuse("a unit struct")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.enc.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<()> {
        self.refuse("an enum variant with data")
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(self
            .enc
            .error("a struct member name must be a string, found a sequence"))
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(self
            .enc
            .error("a struct member name must be a string, found a tuple"))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(self
            .enc
            .error("a struct member name must be a string, found a tuple struct"))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(self
            .enc
            .error("a struct member name must be a string, found an enum variant"))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(self
            .enc
            .error("a struct member name must be a string, found a map"))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(self
            .enc
            .error("a struct member name must be a string, found a struct"))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(self
            .enc
            .error("a struct member name must be a string, found an enum variant"))
    }
}
