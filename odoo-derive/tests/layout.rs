//! Imports flow one way (STYLE.md 5): attributes → model → checks → expansion → the macros, and
//! nothing lower imports something higher (`odoo_layout::check`).

use std::path::Path;

/// Every module of the crate and its layer, lowest first. A new file must be placed here.
const LAYERS: &[(&str, u32)] = &[
    // The error context every phase reports into.
    ("ctxt", 0),
    // The phases, in order: `#[odoo(...)]` attributes, the model, cross-field checks, expansion.
    ("attr", 1),
    ("ast", 2),
    ("check", 3),
    ("expand", 4),
    // Snapshot tests of the expansions.
    ("snapshots", 5),
    // lib.rs: the proc-macro entry points.
    ("", 6),
];

/// Also checks the README's table of these layers, when it has one.
#[test]
fn imports_flow_one_way() {
    odoo_layout::check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), LAYERS);
}
