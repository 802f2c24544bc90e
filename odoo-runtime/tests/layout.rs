//! Imports flow one way in odoo-runtime: every module has a layer, and an import points to a
//! lower layer (or to a sibling in the same directory, without a cycle). A path to an item
//! of the crate root (`crate::Error`, a re-export) counts as an import of `lib.rs`, the top
//! layer: inside the crate, name the module that defines the item.

use std::path::Path;

/// Every module of odoo-runtime and its layer, lowest first. A new file must be placed here.
const LAYERS: &[(&str, u32)] = &[
    // Leaves: the error type, secrets, the XML text scanner, the server clock, selections.
    ("error", 0),
    ("secret", 0),
    ("unborrow", 0),
    ("frame", 1),
    ("xmlrpc::text", 0),
    ("transport::clock", 0),
    ("model::selection", 0),
    // The dynamic value, and serde into and out of it.
    ("value::dynamic", 1),
    ("value::ser", 2),
    ("value::de_impl", 2),
    ("value", 3),
    // Field value types.
    ("types::parse", 4),
    ("types::record_id", 4),
    ("types::binary", 4),
    ("types::date", 4),
    ("types::many2one", 4),
    ("types::reference", 4),
    ("types::x2many", 4),
    ("types", 4),
    // A call; the model traits (the web_read specification lowest), writes, and the field
    // type impls, which name the writes' `Command`.
    ("call", 5),
    ("context", 5),
    ("model::spec", 5),
    ("model::field", 5),
    ("model::record", 5),
    ("write", 6),
    ("model::impls", 7),
    ("model", 7),
    // Domains; what derive expansions and the decoders call.
    ("domain", 8),
    ("__private", 8),
    // Wire formats.
    ("json", 9),
    ("xmlrpc::decode", 9),
    ("xmlrpc::encode", 9),
    ("xmlrpc::frame", 9),
    ("xmlrpc", 9),
    ("json::frame", 9),
    ("schema", 10),
    // HTTP, then the protocols over it.
    ("transport::status", 10),
    ("transport::retry", 10),
    ("transport::redirect", 10),
    ("transport::spill", 10),
    ("transport::http", 10),
    ("transport::stream", 10),
    ("transport", 10),
    ("protocol::conventions", 11),
    ("protocol::versions", 11),
    ("protocol::xml_rpc", 11),
    ("protocol::json_rpc", 11),
    ("protocol::json2", 11),
    ("protocol::streamed", 11),
    ("protocol::datas", 11),
    ("protocol::wire", 11),
    ("protocol", 11),
    // The checked settings, the client, its builder.
    ("config", 12),
    ("client", 13),
    ("builder", 14),
    // The typed builders: their plumbing, paging, the typed CRUD, sync, the ORM calls.
    ("operation", 14),
    ("paging", 15),
    ("typed", 16),
    ("sync", 16),
    ("orm::named", 17),
    ("orm::group", 17),
    ("orm::copy", 17),
    ("orm::default_get", 17),
    ("orm::formatted_read_group", 17),
    ("orm::method", 17),
    ("orm::name_create", 17),
    ("orm::name_search", 17),
    ("orm::read_group", 17),
    ("orm::web_read", 17),
    ("orm::load", 17),
    ("orm::translations", 17),
    ("orm", 17),
    // Files in and out of ir.attachment, streamed.
    ("attachment", 17),
    // The blocking facade over the async client.
    ("blocking", 18),
    // lib.rs: re-exports everything.
    ("", 19),
];

/// TEMPORARY, with the checker below: imports in `transport/`, `protocol/` and `json.rs`,
/// which are being rewritten (issue 23) and were left alone here. Each is skipped by the
/// check; an entry that no longer exists fails the test, so the list only shrinks.

#[test]
fn imports_flow_one_way() {
    odoo_layout::check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), LAYERS);
}
