//! What the tests against the recordings need beyond `odoo_tests::recordings`: the recorded
//! schema loaded by odoo-testkit, and this crate's fixtures.
#![allow(dead_code)]

use std::path::Path;

use odoo_runtime::schema::Schema;

/// The recorded schema (394 models).
pub fn schema(dir: &Path) -> Schema {
    odoo_testkit::load_schema(&dir.join("schema")).expect("the recorded schema loads")
}

/// A file of `tests/fixtures`.
pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
