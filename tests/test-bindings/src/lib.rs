//! The bindings with methods that the live suite generates from a real Odoo 19
//! (`tests/tests/live/generated/`, which `whole_database::generated_bindings_are_fresh`
//! compares with, and with `ODOO_LIVE_BLESS=1` rewrites from, the live server), built once as a
//! library for every test that uses them: the live suite (`odoo-tests --test live`), the
//! odoo-testkit end-to-end tests of the typed methods (`odoo-tests --test it
//! typed_methods_testkit::`) and the compile-fail cases of `tests/typed_methods.rs` here.
//!
//! Before, each of those compiled the ~5,000 generated lines again: two test binaries and three
//! trybuild ui files.

#[path = "../../tests/live/generated/mod.rs"]
mod generated;

pub use generated::*;
