//! Derive-level record decoding on arbitrary bytes, through both decoders: a derived
//! `OdooModel` with every kind of field must decode or fail with a typed error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use odoo_runtime::{
    json, xmlrpc, Binary, Date, DateTime, Many2one, OdooModel, OdooSelection, RecordId, Reference,
    X2Many,
};

#[derive(Debug, OdooSelection)]
enum Kind {
    #[odoo(value = "contact")]
    Contact,
    #[odoo(value = "to invoice")]
    ToInvoice,
    #[odoo(other)]
    Other(String),
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    is_company: bool,
    color: i64,
    credit_limit: f64,
    r#type: Option<Kind>,
    parent_id: Option<Many2one<Partner>>,
    child_ids: X2Many<Partner>,
    date: Option<Date>,
    write_date: Option<DateTime>,
    image_128: Option<Binary>,
    reference: Option<Reference>,
    res_id: Option<i64>,
    properties: Option<serde_json::Value>,
}

fuzz_target!(|data: &[u8]| {
    let _ = xmlrpc::decode_response::<Vec<Partner>>(data);
    let _ = json::from_slice::<Vec<Partner>>(data);
});
