//! Imports flow one way in odoo-runtime: every module has a layer, and an import points to a
//! lower layer (or to a sibling in the same directory, without a cycle). A path to an item
//! of the crate root (`crate::Error`, a re-export) counts as an import of `lib.rs`, the top
//! layer: inside the crate, name the module that defines the item.

use std::path::Path;

/// Every module of odoo-runtime and its layer, lowest first. A new file must be placed here.
const LAYERS: &[(&str, u32)] = &[
    // Leaves: the error type, secrets, the XML text scanner, the server clock, selections,
    // long strings kept beside an element.
    ("error", 0),
    ("secret", 0),
    ("unborrow", 0),
    ("side", 0),
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
    ("json::codec", 9),
    ("json::error", 9),
    // The XML-RPC decoder: its state, the scanner, located errors, values, documents, the
    // serde glue.
    ("xmlrpc::decode::deserializer", 9),
    ("xmlrpc::decode::scan", 9),
    ("xmlrpc::decode::errors", 9),
    ("xmlrpc::decode::values", 9),
    ("xmlrpc::decode::document", 9),
    ("xmlrpc::decode::glue", 9),
    ("xmlrpc::decode", 9),
    ("xmlrpc::encode", 9),
    ("xmlrpc::frame", 9),
    ("xmlrpc::codec", 9),
    ("xmlrpc::fault", 9),
    ("json::frame", 9),
    ("json::side", 9),
    ("schema", 10),
    // HTTP, then the protocols over it.
    ("transport::status", 10),
    ("transport::retry", 10),
    ("transport::redirect", 10),
    ("transport::spill", 10),
    ("transport::http", 10),
    ("transport::stream", 10),
    ("transport::upload", 10),
    ("transport", 10),
    ("protocol::conventions", 11),
    ("protocol::versions", 11),
    ("protocol::streamed", 11),
    ("protocol::datas", 11),
    ("protocol::wire", 11),
    // Each protocol's wire, in its codec's directory: the request, and the answer as a value
    // or an error.
    ("xmlrpc::wire", 12),
    ("json::rpc", 12),
    ("json::json2", 13),
    // The one match on the protocol; each codec's table of contents.
    ("protocol", 14),
    ("xmlrpc", 14),
    ("json", 14),
    // The web session (`/web/session/authenticate`), beside the protocols.
    ("web::session", 13),
    // The checked settings, the client, its builder.
    ("config", 15),
    ("client", 16),
    ("builder", 17),
    // The typed builders: their plumbing, paging, the typed CRUD, sync, the ORM calls.
    ("operation", 17),
    ("paging", 18),
    ("typed", 19),
    ("sync", 19),
    ("orm::named", 20),
    ("orm::group", 20),
    ("orm::copy", 20),
    ("orm::default_get", 20),
    ("orm::formatted_read_group", 20),
    ("orm::method", 20),
    ("orm::name_create", 20),
    ("orm::name_search", 20),
    ("orm::read_group", 20),
    ("orm::web_read", 20),
    ("orm::load", 20),
    ("orm::translations", 20),
    ("orm", 20),
    // Report downloads in the web session.
    ("web::report", 20),
    ("web", 20),
    // Files in and out of ir.attachment, streamed.
    ("attachment", 20),
    // The blocking facade over the async client.
    ("blocking", 21),
    // lib.rs: re-exports everything.
    ("", 22),
];

/// TEMPORARY, with the checker below: imports in `transport/`, `protocol/` and `json.rs`,
/// which are being rewritten (issue 23) and were left alone here. Each is skipped by the
/// check; an entry that no longer exists fails the test, so the list only shrinks.

#[test]
fn imports_flow_one_way() {
    odoo_layout::check(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), LAYERS);
}
