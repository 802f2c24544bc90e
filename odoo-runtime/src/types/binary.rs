//! [`Binary`], [`BinaryOrSize`] and [`BinarySize`]: binary fields, which share their
//! decoding, and the sizes a `bin_size` read gives.

use std::fmt;
use std::hash::Hash;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

/// A binary field's content, decoded from base64.
///
/// Odoo sends binary fields as base64 text (over XML-RPC as `<string>`, not `<base64>`); both
/// forms are read. It serializes as base64 text, which Odoo expects on writes.
///
/// **`bin_size`**: with `bin_size` in the context Odoo sends a human-readable size such as
/// `"10.44 Kb"` instead of the content. Decoding that into `Binary` is a decode error that says
/// so; to read sizes, declare the field as [`BinarySize`] or [`BinaryOrSize`].
///
/// In a long answer (a `read` of records), the base64 is decoded while it streams in: a
/// string that grows past 1 MiB leaves the decoder's buffer as it arrives and is decoded four
/// characters at a time, so the text is never held next to the bytes (a 50 MB file peaks at
/// about 1.3× its size, on every protocol). Base64 that is not one plain line (Python's
/// `encodebytes` breaks it every 76 characters; Odoo does not) is decoded at the end, the same
/// way; elsewhere (a short answer, a [`Value`](crate::Value)) it is decoded where the decoder
/// holds it, without a compact copy. For a file too big to hold, stream it instead:
/// [`Client::download_attachment`](crate::Client::download_attachment).
///
/// ```
/// use odoo_runtime::Binary;
/// let b: Binary = odoo_runtime::json::from_slice(br#""aGVsbG8=""#).unwrap();
/// assert_eq!(&*b, b"hello");
/// let e = odoo_runtime::json::from_slice::<Binary>(br#""10.44 Kb""#).unwrap_err();
/// assert!(e.to_string().contains("bin_size"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}
impl Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}
impl From<Vec<u8>> for Binary {
    fn from(b: Vec<u8>) -> Self {
        Binary(b)
    }
}
impl From<&[u8]> for Binary {
    fn from(b: &[u8]) -> Self {
        Binary(b.to_vec())
    }
}
impl From<Binary> for Vec<u8> {
    fn from(b: Binary) -> Self {
        b.0
    }
}
impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}
/// The name under which [`Binary`] and [`BinaryOrSize`] ask for their value
/// (`deserialize_newtype_struct`), as serde_json's `RawValue` does: the decoders of a long
/// answer then hand them a string kept beside its element as its decoded bytes (see
/// `crate::side`). Any other deserializer visits the newtype, and the visitor asks for the
/// value itself (`deserialize_any`), as before.
pub(crate) const BINARY_TOKEN: &str = "$odoo::Binary";

impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_newtype_struct(BINARY_TOKEN, BinaryVisitor)? {
            BinaryOrSize::Content(b) => Ok(b),
            BinaryOrSize::Size(s) => Err(de::Error::custom(format_args!(
                "binary field holds the size {:?}, not its content: the call had `bin_size` in its \
                 context; remove it, or read the field as `BinaryOrSize`",
                s.text()
            ))),
        }
    }
}

/// A binary field read either way: its content, or the size Odoo sends instead when the
/// context has `bin_size`.
///
/// ```
/// use odoo_runtime::{Binary, BinaryOrSize, BinarySize};
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""10.44 Kb""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Size(BinarySize::parse("10.44 Kb").unwrap()));
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""aGk=""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Content(Binary(b"hi".to_vec())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BinaryOrSize {
    /// The content.
    Content(Binary),
    /// The size Odoo sent instead (context `bin_size`).
    Size(BinarySize),
}

impl Serialize for BinaryOrSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BinaryOrSize::Content(b) => b.serialize(s),
            BinaryOrSize::Size(t) => t.serialize(s),
        }
    }
}
impl<'de> Deserialize<'de> for BinaryOrSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(BINARY_TOKEN, BinaryVisitor)
    }
}

/// The size of a binary field as a read with `bin_size` in the context gives it: the text
/// Odoo sent and the number of bytes it stands for.
///
/// Odoo writes two forms. A field kept in an attachment (every binary field by default, and
/// `ir.attachment.datas`) gives `human_size(file_size)`: two decimals and a unit of 1024
/// (`"27.00 bytes"`, `"10.44 Kb"`, `"1.20 Mb"`, `"3.00 Gb"`; the same on Odoo 17, 18 and 19). A
/// field stored in its own column (`attachment=False`) gives PostgreSQL's `pg_size_pretty`
/// (`"27 bytes"`, `"10 kB"`, `"1234 kB"`, `"12 MB"`). An empty field is `false`: read it as
/// `Option<BinarySize>`. The bytes are exact for sizes below 1 KiB and rounded above (to the
/// two decimals of `human_size`, or to pg's whole units): for the exact size of an
/// attachment, read `ir.attachment.file_size`.
///
/// ```
/// use odoo_runtime::BinarySize;
/// let s: BinarySize = odoo_runtime::json::from_slice(br#""1.50 Kb""#).unwrap();
/// assert_eq!(s.bytes(), 1536);
/// assert_eq!(s.text(), "1.50 Kb");
/// assert_eq!(BinarySize::parse("27 bytes").unwrap().bytes(), 27);
/// assert_eq!(BinarySize::parse("10 kB").unwrap().bytes(), 10 * 1024);
/// assert!(BinarySize::parse("aGk=").is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BinarySize {
    text: String,
    bytes: u64,
}

impl BinarySize {
    /// Reads Odoo's size text (`human_size` or `pg_size_pretty`); `None` when `text` is not one.
    pub fn parse(text: &str) -> Option<BinarySize> {
        let (number, unit) = text.trim().split_once(' ')?;
        let scale: u64 = match unit {
            "bytes" | "byte" => 1,
            "Kb" | "kB" => 1 << 10,
            "Mb" | "MB" => 1 << 20,
            "Gb" | "GB" => 1 << 30,
            "Tb" | "TB" => 1 << 40,
            "PB" => 1 << 50,
            _ => return None,
        };
        if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            return None;
        }
        let n: f64 = number.parse().ok()?;
        let bytes = (n * scale as f64).round();
        if !bytes.is_finite() || bytes < 0.0 || bytes > u64::MAX as f64 {
            return None;
        }
        Some(BinarySize {
            text: text.to_owned(),
            bytes: bytes as u64,
        })
    }

    /// The text Odoo sent, such as `"10.44 Kb"`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The number of bytes the text stands for (rounded as the text is, see the type's docs).
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl fmt::Display for BinarySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for BinarySize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for BinarySize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct SizeVisitor;
        impl Visitor<'_> for SizeVisitor {
            type Value = BinarySize;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a size such as \"10.44 Kb\" (a read with `bin_size`)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<BinarySize, E> {
                BinarySize::parse(v).ok_or_else(|| {
                    E::custom(format_args!(
                        "expected a size such as \"10.44 Kb\" (a read with `bin_size` in the \
                         context), found {} characters of other text: read the content as \
                         `Binary`, or add `bin_size` to the context",
                        v.len()
                    ))
                })
            }
        }
        d.deserialize_str(SizeVisitor)
    }
}

struct BinaryVisitor;

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = BinaryOrSize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text or bytes")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<BinaryOrSize, E> {
        // A size has a space, which base64 never has (it may have line breaks).
        if let Some(size) = v.contains(' ').then(|| BinarySize::parse(v)).flatten() {
            return Ok(BinaryOrSize::Size(size));
        }
        decode_base64(v.as_bytes())
            .map(|b| BinaryOrSize::Content(Binary(b)))
            .map_err(|e| E::custom(format_args!("invalid base64 in a binary field: {e}")))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v.to_vec())))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v)))
    }
    /// The newtype of [`BINARY_TOKEN`], from a deserializer that does not know it: the value.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<BinaryOrSize, D::Error> {
        d.deserialize_any(self)
    }
}

/// Base64 text (standard alphabet, padded, possibly broken into lines as Python's
/// `encodebytes` writes it) decoded straight into the output: line breaks and spaces are
/// skipped through a small stack buffer, never by copying the whole text first, so the only
/// full-size allocation is the decoded bytes.
pub(crate) fn decode_base64(text: &[u8]) -> Result<Vec<u8>, base64::DecodeError> {
    use base64::Engine as _;
    let engine = &base64::engine::general_purpose::STANDARD;
    if !text.iter().any(u8::is_ascii_whitespace) {
        return engine.decode(text);
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let mut group = [0u8; 4096];
    let mut n = 0;
    let mut padded = false;
    for &b in text.iter().filter(|b| !b.is_ascii_whitespace()) {
        if padded && b != b'=' {
            // Text after the padding: invalid wherever it is.
            return Err(base64::DecodeError::InvalidByte(0, b));
        }
        group[n] = b;
        n += 1;
        if n == group.len() {
            engine.decode_vec(&group[..n], &mut out)?;
            padded = group[n - 1] == b'=';
            n = 0;
        }
    }
    if n > 0 {
        engine.decode_vec(&group[..n], &mut out)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn base64_with_line_breaks_decodes_like_without() {
        use base64::Engine as _;
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let text = base64::engine::general_purpose::STANDARD.encode(&data);
        let lines: String = text
            .as_bytes()
            .chunks(76)
            .map(|l| format!("{}\n", std::str::from_utf8(l).unwrap()))
            .collect();
        assert_eq!(decode_base64(lines.as_bytes()).unwrap(), data);
        assert_eq!(decode_base64(text.as_bytes()).unwrap(), data);
        assert!(
            decode_base64(b"QQ==\nQUJD").is_err(),
            "text after the padding"
        );
        assert!(decode_base64(b"QUJ").is_err(), "unpadded");
        assert!(decode_base64(b"QU!D\n").is_err());
    }

    #[test]
    fn sizes_of_both_forms_and_not_base64() {
        let kb = BinarySize::parse("10.44 Kb").unwrap();
        assert_eq!(kb.bytes(), 10691);
        assert_eq!(BinarySize::parse("50.00 Mb").unwrap().bytes(), 50 << 20);
        assert_eq!(BinarySize::parse("27.00 bytes").unwrap().bytes(), 27);
        assert_eq!(BinarySize::parse("1234 kB").unwrap().bytes(), 1234 << 10);
        for bad in [
            "",
            "Kb",
            "10.44",
            "-1 Kb",
            "1e9 Kb",
            "nan Kb",
            "10 parsecs",
            "aGk=",
        ] {
            assert!(BinarySize::parse(bad).is_none(), "{bad:?}");
        }
        let v: Option<BinarySize> = Value::Bool(false).deserialize_into().unwrap();
        assert_eq!(v, None);
        let e = Value::from("aGk=")
            .deserialize_into::<BinarySize>()
            .unwrap_err();
        assert!(e.to_string().contains("bin_size"), "{e}");
    }

    #[test]
    fn binary_forms() {
        let b: Binary = Value::Base64(b"abc".to_vec()).deserialize_into().unwrap();
        assert_eq!(&*b, b"abc");
        let b: Binary = Value::from("YWJj\nZGVm").deserialize_into().unwrap();
        assert_eq!(&*b, b"abcdef");
        let e = Value::from("27.12 Kb")
            .deserialize_into::<Binary>()
            .unwrap_err();
        assert!(e.to_string().contains("bin_size"), "{e}");
        assert!(Value::from("!!").deserialize_into::<Binary>().is_err());
        assert_eq!(
            Value::from_serialize(&Binary(b"abc".to_vec())).unwrap(),
            Value::from("YWJj")
        );
    }
}
