//! The two ways of reading a schema, compared on the recordings of a real Odoo 19.

use crate::common;

use std::collections::BTreeMap;

use odoo_codegen::convert::{self, SavedSchema};
use odoo_runtime::Value;
use odoo_tests::recordings;

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn fields_get_and_bulk_agree_where_they_should() {
    let dir = recordings::dir();
    let saved = SavedSchema::new(dir.join("schema"), "19.0", "odoo19");
    let by_fields_get = saved.from_fields_get().expect("fields_get path");
    let bulk_only = saved.from_bulk().expect("bulk path");

    let count =
        |s: &odoo_runtime::schema::Schema| s.models.values().map(|m| m.fields.len()).sum::<usize>();
    assert_eq!(by_fields_get.models.len(), 394);
    assert_eq!(count(&by_fields_get), 7544);
    assert_eq!(bulk_only.models.len(), 394);
    assert_eq!(count(&bulk_only), 7551);

    let diff = convert::compare(&by_fields_get, &bulk_only);
    eprintln!("fields_get vs ir.model.fields (bulk only):\n{diff:#?}");
    assert!(diff.models_only_in.0.is_empty() && diff.models_only_in.1.is_empty());
    // fields_get leaves out what the user may not see; the bulk read has every definition.
    assert!(diff.fields_only_in.0.is_empty());
    assert_eq!(
        diff.fields_only_in.1,
        [
            "project.project.duration_tracking",
            "project.project.invoice_count",
            "project.project.stage_id",
            "project.project.vendor_bill_count",
            "res.users.totp_last_counter",
            "res.users.totp_secret",
            "res.users.identitycheck.request",
        ]
    );
    assert!(diff.types.is_empty(), "types differ: {:?}", diff.types);

    // The bulk read has static selections only: every selection that differs is one the bulk
    // path has no values for (a dynamic selection).
    let dynamic = convert::dynamic_selections(
        &bulk_only
            .models
            .iter()
            .map(|(k, m)| (k.clone(), m.fields.clone()))
            .collect(),
    );
    let dynamic_keys: Vec<String> = dynamic
        .iter()
        .flat_map(|(m, fs)| fs.iter().map(move |f| format!("{m}.{f}")))
        .collect();
    eprintln!(
        "{} dynamic selections in {} models",
        dynamic_keys.len(),
        dynamic.len()
    );
    assert_eq!(dynamic_keys.len(), 118);
    assert_eq!(dynamic.len(), 49);
    for key in &diff.selections {
        assert!(
            dynamic_keys.contains(key),
            "{key}: a static selection differs between the two reads"
        );
    }

    // The default source: bulk, related selections copied from the fields they mirror, then
    // `fields_get(allfields=…, attributes=["selection"])` for what is left (simulated here
    // with the recorded fields_get answers), copied again to the related fields.
    let field_rows: Vec<Value> = serde_json::from_slice(
        &std::fs::read(dir.join("schema/ir_model_fields.json")).expect("read"),
    )
    .expect("json");
    let related = convert::related_paths(&field_rows);
    let mut topped_up: BTreeMap<String, BTreeMap<String, odoo_runtime::schema::Field>> = bulk_only
        .models
        .iter()
        .map(|(k, m)| (k.clone(), m.fields.clone()))
        .collect();
    let copied = convert::propagate_related_selections(&mut topped_up, &related);
    let ask = convert::selections_to_ask(&topped_up, &related);
    eprintln!(
        "{copied} related selections copied; fields_get asked for {} fields in {} models",
        ask.values().map(Vec::len).sum::<usize>(),
        ask.len()
    );
    assert!(ask.len() <= 21, "{ask:?}");
    for (model, fields) in &ask {
        let answer: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("schema/fields_get/{model}.json"))).expect("read"),
        )
        .expect("json");
        let only: odoo_runtime::Map = fields
            .iter()
            .filter_map(|f| answer.get(f).map(|v| (f.clone(), v.clone())))
            .collect();
        convert::apply_selections(
            topped_up.get_mut(model).expect("model"),
            &Value::Struct(only),
        );
    }
    convert::propagate_related_selections(&mut topped_up, &related);
    let rows: Vec<Value> =
        serde_json::from_slice(&std::fs::read(dir.join("schema/ir_model.json")).expect("read"))
            .expect("json");
    let bulk = convert::schema_from_bulk("19.0", "odoo19", &rows, topped_up);
    let diff = convert::compare(&by_fields_get, &bulk);
    eprintln!(
        "fields_get vs bulk + dynamic selections: {} selections, {} attribute differences",
        diff.selections.len(),
        diff.attributes.len()
    );
    assert!(diff.selections.is_empty(), "{:?}", diff.selections);
    for a in &diff.attributes {
        eprintln!("  {a}");
    }
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn a_schema_converts_the_same_twice() {
    let dir = recordings::dir();
    let a = odoo_codegen::snapshot::render(&common::recorded_schema(&dir));
    let b = odoo_codegen::snapshot::render(&common::recorded_schema(&dir));
    assert_eq!(a, b);
    assert!(a.starts_with("{\n  \"odoo_version\": \"19.0\",\n  \"database\": \"odoo19\",\n"));
    assert_eq!(
        odoo_codegen::snapshot::parse(&a)
            .expect("parse")
            .models
            .len(),
        394
    );
}
