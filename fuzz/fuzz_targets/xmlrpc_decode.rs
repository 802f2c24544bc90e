//! The XML-RPC decoder on arbitrary bytes: it must return a result or a typed error, never
//! panic, and whatever it accepts must survive an encode → decode round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_runtime::{xmlrpc, Value};

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Row {
    id: i64,
    name: Option<String>,
    parent_id: Option<(i64, String)>,
    category_id: Vec<i64>,
    amount: Option<f64>,
    image: Option<serde_bytes_like::Bytes>,
}

mod serde_bytes_like {
    /// Accepts a `<base64>` value as bytes.
    pub struct Bytes(#[allow(dead_code)] pub Vec<u8>);
    impl<'de> serde::Deserialize<'de> for Bytes {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> serde::de::Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                    Ok(Bytes(v.to_vec()))
                }
                fn visit_str<E>(self, v: &str) -> Result<Bytes, E> {
                    Ok(Bytes(v.as_bytes().to_vec()))
                }
            }
            d.deserialize_bytes(V)
        }
    }
}

fn has_nan(v: &Value) -> bool {
    match v {
        Value::Double(d) => d.is_nan(),
        Value::Array(a) => a.iter().any(has_nan),
        Value::Struct(m) => m.values().any(has_nan),
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = xmlrpc::decode_response::<Vec<Row>>(data);
    let _ = xmlrpc::decode_call(data);
    if let Ok(value) = xmlrpc::decode_response::<Value>(data) {
        let body = xmlrpc::encode_response(&value).expect("a decoded value re-encodes");
        let again: Value = xmlrpc::decode_response(&body).expect("a re-encoded value decodes");
        if !has_nan(&value) {
            assert_eq!(again, value);
        }
    }
});
