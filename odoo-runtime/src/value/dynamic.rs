//! [`Value`], [`Map`] and [`ValueError`]: the dynamic value and what converting it can fail with.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

/// The members of an XML-RPC `<struct>` or a JSON object, sorted by name.
pub type Map = BTreeMap<String, Value>;

/// The name under which an XML-RPC `dateTime.iso8601` travels through serde.
///
/// Serde has no date type. A [`Value::DateTime`] serializes as a newtype struct of this name,
/// which the XML-RPC encoder writes as `<dateTime.iso8601>`; the XML-RPC decoder hands a
/// `<dateTime.iso8601>` to `deserialize_any` as a one-entry map keyed by this name, which
/// [`Value`]'s visitor turns back into [`Value::DateTime`]. Every other serde format sees a
/// plain string (serialization) or an ordinary map (deserialization).
#[doc(hidden)]
pub const DATETIME_TOKEN: &str = "$__odoo_xmlrpc_datetime";

/// A dynamically typed Odoo value.
///
/// The variants are those of XML-RPC, which is the richer format: JSON has no binary and no
/// date type, so from JSON a `Value` holds strings where XML-RPC would hold
/// [`Value::Base64`] or [`Value::DateTime`].
#[derive(Clone, PartialEq, Default)]
pub enum Value {
    /// `<nil/>` or JSON `null`. Odoo itself sends `false` for empty values, never nil.
    #[default]
    Nil,
    /// `<boolean>` or a JSON boolean. Note that Odoo sends `false` for most empty values.
    Bool(bool),
    /// `<int>`, `<i4>`, `<i8>` or a JSON integer.
    Int(i64),
    /// `<double>` or a JSON number with a fraction or exponent.
    Double(f64),
    /// `<string>`, untyped text, or a JSON string.
    String(String),
    /// `<base64>`, decoded.
    Base64(Vec<u8>),
    /// `<dateTime.iso8601>`, as written (for example `20250131T10:30:00`).
    DateTime(String),
    /// `<array>` or a JSON array.
    Array(Vec<Value>),
    /// `<struct>` or a JSON object.
    Struct(Map),
}

static NIL: Value = Value::Nil;

impl Value {
    /// The name of this value's kind, as used in error messages (`"int"`, `"string"`, …).
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Nil => "nil",
            Value::Bool(_) => "boolean",
            Value::Int(_) => "int",
            Value::Double(_) => "double",
            Value::String(_) => "string",
            Value::Base64(_) => "base64",
            Value::DateTime(_) => "dateTime",
            Value::Array(_) => "array",
            Value::Struct(_) => "struct",
        }
    }

    /// `true` for [`Value::Nil`].
    pub fn is_nil(&self) -> bool {
        matches!(self, Value::Nil)
    }

    /// `true` for `false`, Odoo's marker for an empty value.
    pub fn is_false(&self) -> bool {
        matches!(self, Value::Bool(false))
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The number as a float, if this is an integer or a double.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Double(d) => Some(*d),
            _ => None,
        }
    }

    /// The string, if this is one (a `dateTime` counts: it is text on the wire).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::DateTime(s) => Some(s),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members, if this is a struct.
    pub fn as_struct(&self) -> Option<&Map> {
        match self {
            Value::Struct(m) => Some(m),
            _ => None,
        }
    }

    /// A member of a struct, or `None` when this is not a struct or has no such member.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_struct().and_then(|m| m.get(key))
    }

    /// Deserializes a typed value out of this `Value`.
    ///
    /// ```
    /// use odoo_runtime::Value;
    /// let v = Value::from(vec![Value::from(1), Value::from(2)]);
    /// let ids: Vec<i64> = v.deserialize_into().unwrap();
    /// assert_eq!(ids, [1, 2]);
    /// ```
    pub fn deserialize_into<T: de::DeserializeOwned>(&self) -> Result<T, crate::error::Error> {
        T::deserialize(self).map_err(|e: ValueError| crate::error::Error::decode_message(e.0))
    }
}

impl std::ops::Index<usize> for Value {
    type Output = Value;
    /// The element at `index`, or [`Value::Nil`] when this is not an array or is too short.
    fn index(&self, index: usize) -> &Value {
        self.as_array().and_then(|a| a.get(index)).unwrap_or(&NIL)
    }
}

impl std::ops::Index<&str> for Value {
    type Output = Value;
    /// The member `key`, or [`Value::Nil`] when this is not a struct or has no such member.
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NIL)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Nil => f.write_str("Nil"),
            Value::Bool(b) => write!(f, "{b:?}"),
            Value::Int(i) => write!(f, "{i:?}"),
            Value::Double(d) => write!(f, "{d:?}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::Base64(b) => write!(f, "Base64({} bytes)", b.len()),
            Value::DateTime(s) => write!(f, "DateTime({s:?})"),
            Value::Array(a) => f.debug_list().entries(a).finish(),
            Value::Struct(m) => f.debug_map().entries(m).finish(),
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Value { Value::Int(i64::from(v)) }
        }
    )*};
}
from_int!(i8, i16, i32, i64, u8, u16, u32);

impl From<bool> for Value {
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Value {
        Value::Double(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::String(v.to_owned())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::String(v)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(v: Vec<T>) -> Value {
        Value::Array(v.into_iter().map(Into::into).collect())
    }
}
impl From<Map> for Value {
    fn from(v: Map) -> Value {
        Value::Struct(v)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    /// `None` becomes `false`, as Odoo expects for an empty value.
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Bool(false), Into::into)
    }
}
impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Value {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Value {
        Value::Struct(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}
impl<V: Into<Value>> FromIterator<V> for Value {
    fn from_iter<I: IntoIterator<Item = V>>(iter: I) -> Value {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

impl From<serde_json::Value> for Value {
    fn from(v: serde_json::Value) -> Value {
        match v {
            serde_json::Value::Null => Value::Nil,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Double(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::Array(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Struct(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

impl From<Value> for serde_json::Value {
    /// Base64 becomes its text form and a dateTime its string, as Odoo's JSON APIs send them.
    /// A non-finite double becomes `null` (JSON has no NaN).
    fn from(v: Value) -> serde_json::Value {
        use base64::Engine as _;
        match v {
            Value::Nil => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Int(i) => serde_json::Value::from(i),
            Value::Double(d) => serde_json::Number::from_f64(d)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(s) | Value::DateTime(s) => serde_json::Value::String(s),
            Value::Base64(b) => {
                serde_json::Value::String(base64::engine::general_purpose::STANDARD.encode(b))
            }
            Value::Array(a) => serde_json::Value::Array(a.into_iter().map(Into::into).collect()),
            Value::Struct(m) => {
                serde_json::Value::Object(m.into_iter().map(|(k, v)| (k, v.into())).collect())
            }
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Nil => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Int(i) => s.serialize_i64(*i),
            Value::Double(d) => s.serialize_f64(*d),
            Value::String(v) => s.serialize_str(v),
            Value::Base64(b) => s.serialize_bytes(b),
            Value::DateTime(v) => s.serialize_newtype_struct(DATETIME_TOKEN, v),
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for e in a {
                    seq.serialize_element(e)?;
                }
                seq.end()
            }
            Value::Struct(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any XML-RPC or JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom(format_args!("integer {v} does not fit in 64 bits")))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom(format_args!("integer {v} does not fit in 64 bits")))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom(format_args!("integer {v} does not fit in 64 bits")))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Double(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Base64(v.to_vec()))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Value, E> {
        Ok(Value::Base64(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(e) = seq.next_element()? {
            out.push(e);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == DATETIME_TOKEN && out.is_empty() {
                let text: String = map.next_value()?;
                return Ok(Value::DateTime(text));
            }
            let value = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Struct(out))
    }
}

/// The error of decoding from a `&Value` (it is a serde `Deserializer`) or encoding into one.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError(pub(crate) String);

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ValueError {}
impl de::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ValueError(msg.to_string())
    }
}
impl serde::ser::Error for ValueError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ValueError(msg.to_string())
    }
}
