//! odoo-testkit's integration tests, one binary with a module per subject (each one used to be
//! a binary of its own). Run one module with `cargo test -p odoo-testkit --test it <module>::`.
//! The differential tests against a real Odoo are the `differential` target.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`concurrency`] | eight clients writing and eight reading at once, over HTTP |
//! | [`context`] | the runtime's context: a value per company and per language, refused companies and languages, `has_access` under the company rules |
//! | [`conformance`] | every recorded exchange of a real Odoo 19, replayed against the test server |
//! | [`domains`] | the recorded searches, against a server seeded with the recorded records |
//! | [`robustness`] | hostile or clumsy input gets Odoo-shaped errors |
//! | [`strict`] | the calls Odoo 19 refuses, refused as Odoo refuses them |
//! | [`versions`] | the test server answering as Odoo 17 or 18 |
//!
//! [`common`] holds what the recordings tests share.

mod common;
mod concurrency;
mod conformance;
mod context;
mod domains;
mod robustness;
mod strict;
mod versions;
