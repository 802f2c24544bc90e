//! odoo-runtime's integration tests, one binary with a module per subject (each one used to be
//! a binary of its own: 11 links of the HTTP stack for one crate). Run one module with
//! `cargo test -p odoo-runtime --test it <module>::`.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`call_conventions`] | what each ORM method sends on each protocol, exactly |
//! | [`client_json`], [`client_xmlrpc`] | the client over real HTTP against a replay server |
//! | [`compression`] | compressed answers, as nginx sends them |
//! | [`hostile_responses`] | whatever a server or proxy sends, an error and never a panic |
//! | [`json_conformance`], [`xmlrpc_conformance`] | the recorded exchanges of a real Odoo 19 |
//! | [`typed_derive`] | the derives as a user sees them |
//! | [`typed_recordings`] | typed structs decode the recorded responses |
//! | [`streamed`] | long answers decoded as they arrive, on every protocol |
//! | [`versions`] | what differs by Odoo version |
//! | [`xmlrpc_codec`] | the XML-RPC codec on its own: encoding, decoding, errors, property-based round trips |
//!
//! [`support`] is the replay server they share.

mod call_conventions;
mod client_json;
mod client_xmlrpc;
mod compression;
mod hostile_responses;
mod json_conformance;
mod streamed;
mod support;
mod typed_derive;
mod typed_recordings;
mod versions;
mod xmlrpc_codec;
mod xmlrpc_conformance;
