//! The JSON decoder with Odoo's rules (`false` as `None`) on arbitrary bytes: a result or a
//! typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_runtime::{json, Value};

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct Row {
    id: i64,
    name: Option<String>,
    parent_id: Option<(i64, String)>,
    category_id: Vec<i64>,
    tags: Option<Vec<Option<String>>>,
    amount: Option<f64>,
}

fuzz_target!(|data: &[u8]| {
    let _ = json::from_slice::<Vec<Row>>(data);
    if let Ok(value) = json::from_slice::<Value>(data) {
        // Whatever decodes re-encodes and decodes to the same value.
        let text = serde_json::to_vec(&serde_json::Value::from(value.clone())).expect("re-encodes");
        let again: Value = json::from_slice(&text).expect("decodes again");
        assert_eq!(again, value);
    }
});
