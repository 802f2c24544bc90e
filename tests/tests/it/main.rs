//! The end-to-end tests of odoo-rs on the embedded test server, one binary with a module per
//! subject (each one used to be a binary of its own). Run one module with `cargo test -p
//! odoo-tests --test it <module>::`.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`attachments`] | files streamed in and out of `ir.attachment`, every protocol |
//! | [`end_to_end`] | odoo-testkit ↔ odoo-codegen ↔ generated code ↔ odoo-runtime, every protocol |
//! | [`typed_client`] | the typed model API: derived structs, typed domains and writes |
//! | [`reports_testkit`] | report downloads in a web session: renewal, streaming, the cap, errors |
//! | [`typed_methods_testkit`] | the generated bindings' methods and the ORM calls beyond CRUD |
//!
//! The other targets of this package stay binaries of their own: `secrets` installs the
//! process's one log subscriber and sets `ODOO_*` variables, `live` and `faults` need a real
//! Odoo (and CI runs them by name).

mod attachments;
mod clients;
mod end_to_end;
mod reports_testkit;
mod typed_client;
mod typed_methods_testkit;
