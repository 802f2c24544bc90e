//! Imports flow one way: the store (tables, no Odoo semantics) → the ORM's semantics → the
//! methods table → the protocols → HTTP, and nothing lower imports something higher
//! (`odoo_layout::check`; inside `methods/`, `domain/` and `orm/`, a module may import a
//! sibling, without a cycle).

use std::path::Path;

/// Every module of the crate and its layer, lowest first. A new file must be placed here.
const LAYERS: &[(&str, u32)] = &[
    // Leaves: the crate's error, Python's `repr`, Odoo's exceptions, value helpers, versions.
    ("error", 0),
    ("pyrepr", 0),
    ("schema_file", 1),
    ("exception", 1),
    ("values", 2),
    ("version", 2),
    // 1. The store: tables and records, with no Odoo semantics.
    ("store", 3),
    // 2. ORM semantics: names, order, domains, reading and writing records, the meta models,
    //    access rights.
    ("names", 4),
    ("order", 5),
    ("domain", 6),
    ("domain::parse", 6),
    ("domain::eval", 6),
    ("orm", 7),
    ("orm::read", 7),
    ("orm::checks", 7),
    ("orm::write", 7),
    ("orm::x2many", 7),
    ("orm::attachment", 7),
    ("orm::context", 7),
    ("orm::rules", 7),
    ("orm::unique", 7),
    ("meta", 8),
    ("access", 9),
    // 3. The methods table: one row per public model method, and its handlers.
    ("methods", 10),
    ("methods::bind", 10),
    ("methods::ctx", 10),
    ("methods::group", 10),
    ("methods::import", 10),
    ("methods::mail", 10),
    ("methods::read_group", 10),
    ("methods::records", 10),
    ("methods::sale", 10),
    ("methods::table", 10),
    ("methods::translations", 10),
    ("methods::versions", 10),
    ("methods::web", 10),
    // 4. The services (users, `common`, `db`, `object`) and the three protocols' dispatch.
    ("service", 11),
    ("rpc", 12),
    ("session", 12),
    ("report", 12),
    // 5. HTTP: routes, bodies, statuses.
    ("http", 13),
    // The public API: the server and its builder, re-exported by lib.rs.
    ("server", 14),
    ("", 15),
];

/// Also checks the README's table of these layers, when it has one.
#[test]
fn imports_flow_one_way() {
    odoo_layout::check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), LAYERS);
}
