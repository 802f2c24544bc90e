//! Helpers shared by the tests that read the recordings of a real Odoo 19.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use odoo_runtime::schema::Schema;

/// The recordings directory from `ODOO_RECORDINGS`: `None` (with a notice) when unset; a
/// panic when it is set but the files are missing.
pub fn recordings() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("ODOO_RECORDINGS") else {
        println!("ODOO_RECORDINGS is not set: skipping the tests against the Odoo 19 recordings");
        return None;
    };
    let dir = PathBuf::from(dir);
    for needed in [
        "index.json",
        "schema/ir_model.json",
        "schema/fields_get",
        "domains/data.json",
        "domains/cases.json",
    ] {
        assert!(
            dir.join(needed).exists(),
            "ODOO_RECORDINGS={} lacks {needed}",
            dir.display()
        );
    }
    Some(dir)
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub fn json(path: &Path) -> serde_json::Value {
    serde_json::from_str(&read(path))
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The recorded schema (394 models).
pub fn schema(dir: &Path) -> Schema {
    odoo_testkit::load_schema(&dir.join("schema")).expect("the recorded schema loads")
}

pub fn fixture(name: &str) -> String {
    read(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
}
