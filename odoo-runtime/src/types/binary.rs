//! [`Binary`] and [`BinaryOrSize`]: binary fields, which share their decoding.

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
/// so; to read sizes, declare the field as [`BinaryOrSize`] (or `Option<String>`).
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
impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(BinaryVisitor)? {
            BinaryOrSize::Content(b) => Ok(b),
            BinaryOrSize::Size(s) => Err(de::Error::custom(format_args!(
                "binary field holds the size {s:?}, not its content: the call had `bin_size` in its \
                 context; remove it, or read the field as `BinaryOrSize`"
            ))),
        }
    }
}

/// A binary field read either way: its content, or the size text Odoo sends instead when the
/// context has `bin_size`.
///
/// ```
/// use odoo_runtime::{Binary, BinaryOrSize};
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""10.44 Kb""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Size("10.44 Kb".into()));
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""aGk=""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Content(Binary(b"hi".to_vec())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BinaryOrSize {
    /// The content.
    Content(Binary),
    /// A human-readable size such as `"10.44 Kb"` (context `bin_size`).
    Size(String),
}

impl Serialize for BinaryOrSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BinaryOrSize::Content(b) => b.serialize(s),
            BinaryOrSize::Size(t) => s.serialize_str(t),
        }
    }
}
impl<'de> Deserialize<'de> for BinaryOrSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BinaryVisitor)
    }
}

struct BinaryVisitor;

/// Odoo's `human_size`: a number, a space and a unit (`bytes`, `Kb`, `Mb`, …). Never valid
/// base64, which has no spaces.
fn is_size_text(s: &str) -> bool {
    let mut parts = s.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(n), Some(unit), None)
            if n.parse::<f64>().is_ok() && unit.chars().all(|c| c.is_ascii_alphabetic())
    )
}

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = BinaryOrSize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text or bytes")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<BinaryOrSize, E> {
        use base64::Engine as _;
        if is_size_text(v) {
            return Ok(BinaryOrSize::Size(v.to_owned()));
        }
        // Odoo's base64 may be wrapped on several lines.
        let decoded = if v.contains(['\n', '\r', ' ']) {
            let clean: String = v.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD.decode(clean)
        } else {
            base64::engine::general_purpose::STANDARD.decode(v)
        };
        decoded
            .map(|b| BinaryOrSize::Content(Binary(b)))
            .map_err(|e| E::custom(format_args!("invalid base64 in a binary field: {e}")))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v.to_vec())))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

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
