//! Where the recordings of a real Odoo 19 are: `ODOO_RECORDINGS` (`../shared/odoo19`, see its
//! README), and reading the files in them.
//!
//! A test that reads them is marked, so that `cargo test` without them reports it ignored
//! instead of counting it as passed, and calls [`dir`], which fails with a clear message when
//! the test is run (`--ignored`) without the variable:
//!
//! ```no_run
//! #[test]
//! #[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
//! fn every_recorded_fault_maps_to_its_kind() {
//!     let dir = odoo_tests::recordings::dir();
//!     let index = odoo_tests::recordings::json(&dir, "index.json");
//!     assert!(index.as_array().is_some_and(|entries| !entries.is_empty()));
//! }
//! ```

use std::path::{Path, PathBuf};

/// The variable that names the recordings folder.
pub const VAR: &str = "ODOO_RECORDINGS";

/// What a complete recordings folder holds, checked by [`dir`].
const EXPECTED: &[&str] = &[
    "index.json",
    "xmlrpc",
    "jsonrpc",
    "json2",
    "bench",
    "schema/ir_model.json",
    "schema/fields_get",
    "domains/data.json",
    "domains/cases.json",
];

/// The recordings folder named by `ODOO_RECORDINGS`.
///
/// # Panics
///
/// When the variable is unset (the test was run with `--ignored` without it), or when the
/// folder it names lacks any part of the recordings: either way the message says what to set.
pub fn dir() -> PathBuf {
    let Some(dir) = std::env::var_os(VAR) else {
        panic!(
            "this test needs {VAR}: set it to the recordings of a real Odoo 19 \
             (ODOO_RECORDINGS=../shared/odoo19, see its README)"
        );
    };
    let dir = PathBuf::from(dir);
    check(&dir);
    dir
}

/// The recordings for a benchmark, which has no `#[ignore]`: `ODOO_RECORDINGS` when set (and
/// then they must be complete), else `../shared/odoo19` next to the workspace when it is
/// there, else `None`, for the benchmark to say it has nothing to measure.
pub fn find() -> Option<PathBuf> {
    if std::env::var_os(VAR).is_some() {
        return Some(dir());
    }
    let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/odoo19");
    beside.join("index.json").is_file().then(|| {
        check(&beside);
        beside
    })
}

fn check(dir: &Path) {
    let missing: Vec<&str> = EXPECTED
        .iter()
        .copied()
        .filter(|part| !dir.join(part).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "{VAR}={} does not hold the recordings of a real Odoo 19: {} missing",
        dir.display(),
        missing.join(", ")
    );
}

/// The bytes of the recorded file `rel` (a path inside `dir`).
///
/// # Panics
///
/// When the file cannot be read: a recording the test relies on is missing.
pub fn read(dir: &Path, rel: &str) -> Vec<u8> {
    std::fs::read(dir.join(rel))
        .unwrap_or_else(|e| panic!("cannot read the recording {rel} in {}: {e}", dir.display()))
}

/// The recorded text file `rel` (JSON, XML), as a string.
///
/// # Panics
///
/// When the file cannot be read or is not UTF-8.
pub fn text(dir: &Path, rel: &str) -> String {
    String::from_utf8(read(dir, rel))
        .unwrap_or_else(|e| panic!("the recording {rel} is not UTF-8: {e}"))
}

/// The recorded JSON file `rel`, parsed.
///
/// # Panics
///
/// When the file cannot be read or is not JSON.
pub fn json(dir: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_slice(&read(dir, rel))
        .unwrap_or_else(|e| panic!("the recording {rel} is not JSON: {e}"))
}
