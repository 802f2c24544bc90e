//! The codec: [`from_slice`], and [`OdooDeserializer`], which applies Odoo's `false` → `None`
//! rule at every depth of any serde deserializer; one element of a long list decoded as it
//! arrives.

use std::fmt;

use serde::de::value::{
    BoolDeserializer, BorrowedBytesDeserializer, BorrowedStrDeserializer, BytesDeserializer,
    CharDeserializer, EnumAccessDeserializer, F64Deserializer, I64Deserializer,
    MapAccessDeserializer, SeqAccessDeserializer, StrDeserializer, StringDeserializer,
    U64Deserializer,
};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Deserializer, Visitor};
use serde::Serialize;

use std::cell::RefCell;

use crate::error::Error;
use crate::frame::ElementCodec;
use crate::json::side::SideDeserializer;
use crate::side::Side;
use crate::unborrow::Seed;

/// Decodes a JSON body into `T` with Odoo's value rules.
pub fn from_slice<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = T::deserialize(OdooDeserializer(&mut de)).map_err(json_decode_error)?;
    de.end().map_err(json_decode_error)?;
    Ok(value)
}

/// Encodes a request body.
pub(crate) fn to_vec<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::encode(e.to_string()))
}

pub(crate) fn json_decode_error(e: serde_json::Error) -> Error {
    json_decode_error_at(e, 0)
}

/// The error, its column moved `shift` bytes to the right.
fn json_decode_error_at(e: serde_json::Error, shift: usize) -> Error {
    let mut text = e.to_string();
    let (line, column) = (e.line(), e.column());
    if shift > 0 {
        let at = format!(" at line {line} column {column}");
        if let Some(head) = text.strip_suffix(&at) {
            text = format!("{head} at line {line} column {}", column + shift);
        }
    }
    let (message, context) = crate::error::split_context(&text);
    Error::decode(
        format!("{message} (JSON line {line}, column {})", column + shift),
        context.unwrap_or_default(),
    )
}

/// Wraps a serde deserializer so that an `Option` reads Odoo's `false` (and `null`) as `None`,
/// at every depth. Everything else passes through unchanged.
pub struct OdooDeserializer<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for OdooDeserializer<D> {
    type Error = D::Error;

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(OptionVisitor(visitor))
    }

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Wrap(v))
    }
    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_bool(Wrap(v))
    }
    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_i8(Wrap(v))
    }
    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_i16(Wrap(v))
    }
    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_i32(Wrap(v))
    }
    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_i64(Wrap(v))
    }
    fn deserialize_i128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_i128(Wrap(v))
    }
    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_u8(Wrap(v))
    }
    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_u16(Wrap(v))
    }
    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_u32(Wrap(v))
    }
    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_u64(Wrap(v))
    }
    fn deserialize_u128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_u128(Wrap(v))
    }
    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_f32(Wrap(v))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_f64(Wrap(v))
    }
    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_char(Wrap(v))
    }
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_str(Wrap(v))
    }
    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_string(Wrap(v))
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_bytes(Wrap(v))
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_byte_buf(Wrap(v))
    }
    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit(Wrap(v))
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, Wrap(v))
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Wrap(v))
    }
    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_seq(Wrap(v))
    }
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Wrap(v))
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Wrap(v))
    }
    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Wrap(v))
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_struct(name, fields, Wrap(v))
    }
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Wrap(v))
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_identifier(v)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(v)
    }
    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Forwards to the inner visitor, wrapping nested deserializers so the rule applies at depth.
struct Wrap<V>(V);

macro_rules! forward_visits {
    ($($method:ident($t:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $t) -> Result<V::Value, E> { self.0.$method(v) }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    forward_visits! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char);
        visit_str(&str); visit_borrowed_str(&'de str); visit_string(String);
        visit_bytes(&[u8]); visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(OdooDeserializer(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(OdooDeserializer(d))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(WrapSeq(seq))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(WrapMap(map))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

/// The visitor behind `deserialize_option`: `false`, `null` → `None`; anything else → `Some`.
struct OptionVisitor<V>(V);

impl<'de, V: Visitor<'de>> Visitor<'de> for OptionVisitor<V> {
    type Value = V::Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        if v {
            self.0.visit_some(BoolDeserializer::new(true))
        } else {
            self.0.visit_none()
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        self.0.visit_some(I64Deserializer::new(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        self.0.visit_some(U64Deserializer::new(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        self.0.visit_some(F64Deserializer::new(v))
    }
    fn visit_char<E: de::Error>(self, v: char) -> Result<V::Value, E> {
        self.0.visit_some(CharDeserializer::new(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        self.0.visit_some(StrDeserializer::new(v))
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        self.0.visit_some(BorrowedStrDeserializer::new(v))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        self.0.visit_some(StringDeserializer::new(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<V::Value, E> {
        self.0.visit_some(BytesDeserializer::new(v))
    }
    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<V::Value, E> {
        self.0.visit_some(BorrowedBytesDeserializer::new(v))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<V::Value, E> {
        self.0.visit_some(BytesDeserializer::new(&v))
    }
    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(OdooDeserializer(d))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(OdooDeserializer(d))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_some(SeqAccessDeserializer::new(WrapSeq(seq)))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_some(MapAccessDeserializer::new(WrapMap(map)))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_some(EnumAccessDeserializer::new(data))
    }
}

struct WrapSeq<A>(A);

impl<'de, A: de::SeqAccess<'de>> de::SeqAccess<'de> for WrapSeq<A> {
    type Error = A::Error;
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(WrapSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct WrapMap<A>(A);

impl<'de, A: de::MapAccess<'de>> de::MapAccess<'de> for WrapMap<A> {
    type Error = A::Error;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.0.next_value_seed(WrapSeed(seed))
    }
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

struct WrapSeed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for WrapSeed<S> {
    type Value = S::Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(OdooDeserializer(d))
    }
}

/// Decodes one element with Odoo's JSON value rules.
#[derive(Debug, Default)]
pub(crate) struct ElementDecoder;

impl ElementCodec for ElementDecoder {
    /// JSON's escape: a raw NUL is no JSON, and the framer falls back when an element holds
    /// the escape itself.
    const NUL: &'static [u8] = br"\u0000";

    fn decode<S: DeserializeSeed<'static>>(
        &self,
        bytes: &[u8],
        index: usize,
        seed: S,
        side: Side,
    ) -> Result<S::Value, Error> {
        let mut de = serde_json::Deserializer::from_slice(bytes);
        if side.is_empty() {
            let at_row = |e: serde_json::Error| {
                json_decode_error(e).with_note(&format!(" (row {index} of the answer's list)"))
            };
            let value = Seed(seed)
                .deserialize(OdooDeserializer(&mut de))
                .map_err(at_row)?;
            de.end().map_err(at_row)?;
            return Ok(value);
        }
        let side = RefCell::new(side);
        let at_row = |e: serde_json::Error| {
            // Where the error was in the element as it came, before its long strings were
            // kept aside (they hold no line break).
            let line_start = memchr::memchr_iter(b'\n', bytes)
                .nth(e.line().saturating_sub(2))
                .map_or(0, |i| i + 1);
            let line_start = if e.line() <= 1 { 0 } else { line_start };
            let (_, shift) = side.borrow().origin(line_start + e.column(), line_start);
            json_decode_error_at(e, shift)
                .with_note(&format!(" (row {index} of the answer's list)"))
        };
        let value = Seed(seed)
            .deserialize(SideDeserializer {
                de: OdooDeserializer(&mut de),
                side: &side,
            })
            .map_err(at_row)?;
        de.end().map_err(at_row)?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        a: Option<String>,
        b: Option<Vec<i64>>,
        c: Vec<Option<i64>>,
        d: Option<(i64, String)>,
        e: Option<bool>,
    }

    #[test]
    fn false_is_none_at_every_depth() {
        let rows: Vec<Row> = from_slice(
            br#"[{"a": false, "b": [1,2], "c": [false, 3, null], "d": false, "e": true},
                 {"a": "x", "b": null, "c": [], "d": [4, "y"], "e": false}]"#,
        )
        .unwrap();
        assert_eq!(
            rows[0],
            Row {
                a: None,
                b: Some(vec![1, 2]),
                c: vec![None, Some(3), None],
                d: None,
                e: Some(true)
            }
        );
        assert_eq!(
            rows[1],
            Row {
                a: Some("x".into()),
                b: None,
                c: vec![],
                d: Some((4, "y".into())),
                e: None
            }
        );
    }

    /// Found by `cargo fuzz` (json_decode): a long number decoded, re-encoded and decoded
    /// again came back one ULP off. Decoding must be exact (serde_json's `float_roundtrip`).
    #[test]
    fn long_numbers_round_trip_exactly() {
        let body = b"333353335333353335355335533353353553335533553335335355335350";
        let v: crate::value::Value = from_slice(body).unwrap();
        let again: crate::value::Value =
            from_slice(&serde_json::to_vec(&serde_json::Value::from(v.clone())).unwrap()).unwrap();
        assert_eq!(again, v);
        let x: f64 =
            from_slice(b"0.1000000000000000055511151231257827021181583404541015625").unwrap();
        assert_eq!(x, 0.1);
    }

    #[test]
    fn non_option_false_is_an_error() {
        let e = from_slice::<Vec<String>>(b"[false]").unwrap_err();
        assert!(e.is_decode(), "{e}");
    }
}

/// The framer of `frame.rs` with this module's element decoder.
#[cfg(test)]
mod frame_tests {
    use serde::Deserialize;

    use super::super::frame::{Envelope, ListFramer};
    use super::ElementDecoder;
    use crate::frame::{decode, pieces, Outcome};
    use crate::value::Value;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: String,
        email: Option<String>,
        tags: Vec<i64>,
    }

    const LIST: &str = r#" [{"id": 7, "name": "A, \"b\" ]}", "email": false, "tags": [1, 2]},
        {"id": 8, "name": "\\", "email": "x@y", "tags": []}] "#;

    fn streamed<T: serde::de::DeserializeOwned>(
        body: &[u8],
        size: usize,
        envelope: Envelope,
    ) -> Outcome<T> {
        decode(
            pieces(body, size),
            ListFramer::new(envelope),
            ElementDecoder,
        )
    }

    #[test]
    fn every_piece_size_decodes_as_the_whole_body_does() {
        let whole = vec![
            Row {
                id: 7,
                name: "A, \"b\" ]}".into(),
                email: None,
                tags: vec![1, 2],
            },
            Row {
                id: 8,
                name: "\\".into(),
                email: Some("x@y".into()),
                tags: vec![],
            },
        ];
        let rpc = format!(r#"{{"jsonrpc": "2.0", "id": 12, "result": {LIST}}}"#);
        for size in [1, 2, 3, 5, 16, 1 << 20] {
            for (body, envelope) in [(LIST, Envelope::Bare), (rpc.as_str(), Envelope::JsonRpc)] {
                match streamed::<Vec<Row>>(body.as_bytes(), size, envelope) {
                    Outcome::Decoded(Ok(rows)) => assert_eq!(rows, whole, "{size} {envelope:?}"),
                    other => panic!("{size} {envelope:?}: {other:?}"),
                }
                match streamed::<Value>(body.as_bytes(), size, envelope) {
                    Outcome::Decoded(Ok(Value::Array(rows))) => assert_eq!(rows.len(), 2),
                    other => panic!("{size} {envelope:?}: {other:?}"),
                }
            }
        }
        for body in ["[]", " [ ] ", "[1,2,3]"] {
            for size in [1, 2, 100] {
                match streamed::<Vec<i64>>(body.as_bytes(), size, Envelope::Bare) {
                    Outcome::Decoded(Ok(v)) => {
                        assert_eq!(v, serde_json::from_str::<Vec<i64>>(body).unwrap())
                    }
                    other => panic!("{body} {size}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn not_a_list_is_decoded_whole() {
        for (body, envelope) in [
            (
                r#"{"jsonrpc": "2.0", "id": 1, "error": {"code": 200}}"#,
                Envelope::JsonRpc,
            ),
            (r#"{"jsonrpc": "2.0", "id": 1}"#, Envelope::JsonRpc),
            (
                r#"{"jsonrpc": "2.0", "id": 1, "result": 5}"#,
                Envelope::JsonRpc,
            ),
            (r#"{"id": 3}"#, Envelope::Bare),
            ("<html>", Envelope::Bare),
        ] {
            for size in [1, 3, 1000] {
                match streamed::<Value>(body.as_bytes(), size, envelope) {
                    Outcome::Whole(b) => assert_eq!(b, body.as_bytes()),
                    other => panic!("{body} {size}: {other:?}"),
                }
            }
        }
    }

    /// Blanks are bounded before the first element (a body of blanks is decoded whole, not
    /// scanned again for every piece), and between elements, before or after the `,`, they are
    /// skipped once, whatever the pieces.
    #[test]
    fn runs_of_blanks() {
        let blanks = " ".repeat(3 * 4096);
        for body in [blanks.clone(), format!("[{blanks}1]")] {
            match streamed::<Vec<i64>>(body.as_bytes(), 512, Envelope::Bare) {
                Outcome::Whole(b) => assert_eq!(b, body.as_bytes()),
                other => panic!("{other:?}"),
            }
        }
        let between = format!("[1{blanks},{blanks}2 ,3{blanks}]");
        for size in [1, 7, 512] {
            match streamed::<Vec<i64>>(between.as_bytes(), size, Envelope::Bare) {
                Outcome::Decoded(Ok(v)) => assert_eq!(v, [1, 2, 3], "pieces of {size}"),
                other => panic!("pieces of {size}: {other:?}"),
            }
        }
        match streamed::<Vec<i64>>(format!("[1,{blanks}]").as_bytes(), 100, Envelope::Bare) {
            Outcome::Decoded(Err(e)) => assert!(e.to_string().contains("trailing comma"), "{e}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_lists_are_decode_errors() {
        for body in [
            "[1,,2]",
            "[1,2,]",
            "[1 2]",
            "[1,2",
            "[1,2] x",
            r#"[{"id": "seven"}]"#,
        ] {
            for size in [1, 4, 100] {
                match streamed::<Vec<Value>>(body.as_bytes(), size, Envelope::Bare) {
                    Outcome::Decoded(Err(e)) => assert!(e.is_decode(), "{body}: {e}"),
                    Outcome::Decoded(Ok(v)) if body.contains("seven") => {
                        assert_eq!(v.len(), 1)
                    }
                    other => panic!("{body} {size}: {other:?}"),
                }
            }
        }
        match streamed::<Vec<Row>>(br#"[{"id": "seven"}]"#, 3, Envelope::Bare) {
            Outcome::Decoded(Err(e)) => assert!(e.to_string().contains("row 0"), "{e}"),
            other => panic!("{other:?}"),
        }
    }
}

/// Long strings kept beside the element (see [`crate::side`]; `SIDE_AT` is 64 bytes in unit
/// tests): every target reads what it reads from the element buffered whole.
#[cfg(test)]
mod side_tests {
    use std::collections::BTreeMap;

    use base64::Engine as _;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;

    use super::super::frame::{Envelope, ListFramer};
    use super::ElementDecoder;
    use crate::frame::{decode, pieces, Outcome, KEPT};
    use crate::types::{Binary, BinaryOrSize};
    use crate::value::Value;

    fn b64(n: usize) -> String {
        let data: Vec<u8> = (0..n as u32).map(|i| (i * 7 % 251) as u8).collect();
        base64::engine::general_purpose::STANDARD.encode(data)
    }

    /// A JSON-2 list and the JSON-RPC answer around it; `datas` and `other` as JSON text.
    fn bodies(datas: &str, other: &str) -> [(String, Envelope); 2] {
        let list = format!(
            r#"[{{"id": 7, "datas": "{datas}", "other": "{other}"}}, {{"id": 8, "datas": false, "other": false}}]"#
        );
        [
            (
                format!(r#"{{"jsonrpc": "2.0", "id": 3, "result": {list}}}"#),
                Envelope::JsonRpc,
            ),
            (list, Envelope::Bare),
        ]
    }

    fn streamed<T: DeserializeOwned>(
        body: &str,
        envelope: Envelope,
        size: usize,
    ) -> Result<T, String> {
        match decode(
            pieces(body.as_bytes(), size),
            ListFramer::new(envelope),
            ElementDecoder,
        ) {
            Outcome::Decoded(r) => r.map_err(|e| e.to_string()),
            Outcome::Whole(_) | Outcome::Aborted => panic!("not decoded as a list"),
        }
    }

    fn sizes(max: usize) -> impl Iterator<Item = usize> {
        (1..=max).chain([97, 256, 1000, 4096])
    }

    fn same<T: DeserializeOwned + PartialEq + std::fmt::Debug>(
        datas: &str,
        other: &str,
        max: usize,
    ) {
        for (body, envelope) in bodies(datas, other) {
            let whole = streamed::<T>(&body, envelope, usize::MAX);
            for size in sizes(max) {
                assert_eq!(
                    streamed::<T>(&body, envelope, size),
                    whole,
                    "{envelope:?} in pieces of {size}"
                );
            }
        }
    }

    fn kept(f: impl FnOnce()) -> usize {
        let before = KEPT.with(|k| k.get());
        f();
        KEPT.with(|k| k.get()) - before
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsBinary {
        id: i64,
        datas: Option<Binary>,
        other: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsString {
        id: i64,
        datas: Option<String>,
        other: Option<serde_json::Value>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsEither {
        id: i64,
        datas: Option<BinaryOrSize>,
        other: Option<BinaryOrSize>,
    }

    #[test]
    fn a_long_binary_reads_as_from_the_whole_element_as_every_target() {
        let lines: String = b64(300)
            .as_bytes()
            .chunks(76)
            .map(|l| format!("{}\\n", std::str::from_utf8(l).unwrap()))
            .collect();
        let cases = [
            (
                b64(300),
                "plain text, \\\"quoted\\\", long enough to be kept if it were base64".to_owned(),
            ),
            (b64(299), b64(100)),
            (b64(298), lines.clone()),
            (lines, b64(301)),
            (b64(300).replace('/', "\\/"), "x".into()),
            (format!("{}\\u0041", b64(150)), "é\\u00e9".into()),
        ];
        for (datas, other) in &cases {
            same::<Vec<AsBinary>>(datas, other, 120);
            same::<Vec<AsString>>(datas, other, 40);
            same::<Vec<AsEither>>(datas, other, 40);
            same::<Value>(datas, other, 40);
            same::<serde_json::Value>(datas, other, 40);
            same::<Vec<BTreeMap<String, Value>>>(datas, other, 40);
        }
        let [(body, envelope), _] = bodies(&b64(300), &b64(100));
        let mut rows = Vec::new();
        let n = kept(|| rows = streamed::<Vec<AsBinary>>(&body, envelope, 7).unwrap());
        assert_eq!(n, 2);
        assert_eq!(rows[0].datas.as_deref().map(<[u8]>::len), Some(300));
        assert_eq!(
            kept(|| drop(streamed::<Value>(&body, envelope, usize::MAX))),
            0
        );
    }

    /// A target that asks for a string's bytes (as `serde_bytes` does).
    #[derive(Debug, PartialEq)]
    struct RawBytes(Vec<u8>);

    impl<'de> Deserialize<'de> for RawBytes {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl serde::de::Visitor<'_> for V {
                type Value = RawBytes;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<RawBytes, E> {
                    Ok(RawBytes(v.to_vec()))
                }
                fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawBytes, E> {
                    Ok(RawBytes(v.as_bytes().to_vec()))
                }
            }
            d.deserialize_bytes(V)
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsBytes {
        id: i64,
        datas: Option<RawBytes>,
        other: Option<RawBytes>,
    }

    #[test]
    fn a_target_that_asks_for_bytes_gets_the_string_as_it_came() {
        for (datas, other) in [
            (b64(300), "x".to_owned()),
            (format!("{}\\u00e9é", b64(150)), b64(100)),
        ] {
            same::<Vec<AsBytes>>(&datas, &other, 40);
        }
    }

    #[test]
    fn a_long_key_is_kept_and_given_back_as_text() {
        let key = b64(100);
        let body = format!(r#"[{{"{key}": 1, "id": 2}}]"#);
        let whole = streamed::<Vec<BTreeMap<String, i64>>>(&body, Envelope::Bare, usize::MAX);
        assert_eq!(whole.as_ref().unwrap()[0][&key], 1);
        for size in sizes(30) {
            assert_eq!(streamed(&body, Envelope::Bare, size), whole);
        }
    }

    #[test]
    fn bad_base64_in_a_long_string_is_the_same_error() {
        let good = b64(300);
        for datas in [
            format!("{}QR==", &good[..good.len() - 4]),
            format!("{good}!"),
            format!("{}==QUJD", &good[..good.len() - 2]),
            format!("{}QUJ", &good[..good.len() - 4]),
        ] {
            for (body, envelope) in bodies(&datas, "x") {
                let whole = streamed::<Vec<AsBinary>>(&body, envelope, usize::MAX).unwrap_err();
                assert!(
                    whole.contains("base64") && whole.contains("row 0"),
                    "{whole}"
                );
                for size in sizes(100) {
                    assert_eq!(
                        streamed::<Vec<AsBinary>>(&body, envelope, size).unwrap_err(),
                        whole,
                        "{size}"
                    );
                }
            }
        }
        // An error after a kept string names the column of the element as it came.
        for (body, envelope) in bodies(&good, "x") {
            let late = body.replacen(r#""other": "x""#, r#""other": 5"#, 1);
            let whole = streamed::<Vec<AsBinary>>(&late, envelope, usize::MAX).unwrap_err();
            assert!(whole.contains("column"), "{whole}");
            for size in sizes(50) {
                assert_eq!(
                    streamed::<Vec<AsBinary>>(&late, envelope, size).unwrap_err(),
                    whole
                );
            }
        }
    }

    #[test]
    fn a_nul_of_the_answer_is_not_taken_for_a_placeholder() {
        let datas = b64(300);
        for other in ["\\u00000\\u0000", "\\u00000\\u0000QUJD", "\\\\u0000"] {
            for (body, envelope) in bodies(&datas, other) {
                for target in 0..2 {
                    let whole = if target == 0 {
                        format!(
                            "{:?}",
                            streamed::<Vec<AsString>>(&body, envelope, usize::MAX)
                        )
                    } else {
                        format!("{:?}", streamed::<Value>(&body, envelope, usize::MAX))
                    };
                    for size in sizes(30) {
                        let got = if target == 0 {
                            format!("{:?}", streamed::<Vec<AsString>>(&body, envelope, size))
                        } else {
                            format!("{:?}", streamed::<Value>(&body, envelope, size))
                        };
                        assert_eq!(got, whole, "{other} {size}");
                    }
                }
            }
        }
    }
}
