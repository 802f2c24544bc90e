//! What this crate's integration tests share beyond `odoo_tests::recordings`: the recorded
//! schema converted by odoo-codegen, the awkward fixture, and where the build is.
#![allow(dead_code)]

use std::path::PathBuf;

use odoo_runtime::schema::Schema;

/// The recorded schema, converted through the fields_get path.
pub fn recorded_schema(dir: &std::path::Path) -> Schema {
    odoo_codegen::convert::SavedSchema::new(dir.join("schema"), "19.0", "odoo19")
        .from_fields_get()
        .expect("convert the recorded fields_get answers")
}

/// The hand-written schema with awkward names (tests/fixtures/x_awkward.json).
pub fn awkward_schema() -> Schema {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/x_awkward.json");
    odoo_codegen::snapshot::read(&path).expect("read the fixture")
}

/// The target directory this test binary was built in (`<target>/debug/deps/<test>`).
pub fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .map(PathBuf::from)
        .expect("a test binary lives in <target>/<profile>/deps")
}

/// The workspace root (the lexical parent of this package: no symlink resolution).
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf()
}

/// The recorded schema with the methods of `res.partner` that the recordings hold (Odoo 19's
/// `/doc-bearer/res.partner.json`, `json2/029-doc-model`; the recordings document no other
/// model's methods).
pub fn recorded_schema_with_methods(dir: &std::path::Path) -> Schema {
    let mut schema = recorded_schema(dir);
    let recorded: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.join("json2/029-doc-model.response.json"))
            .expect("the recorded /doc-bearer/res.partner.json"),
    )
    .expect("JSON");
    let body = serde_json::to_vec(&recorded["body"]).expect("JSON");
    let doc = odoo_runtime::schema::Model::from_api_doc(&body).expect("an API doc");
    schema
        .models
        .get_mut("res.partner")
        .expect("res.partner in the recorded schema")
        .methods = doc.methods;
    schema
}
