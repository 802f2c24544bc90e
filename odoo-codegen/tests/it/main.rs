//! odoo-codegen's integration tests, one binary with a module per subject (each one used to be
//! a binary of its own). Run one module with `cargo test -p odoo-codegen --test it <module>::`.
//! The layers test is the `layout` target.
//!
//! | module | what it checks |
//! | --- | --- |
//! | [`cli`] | the `odoo-codegen` binary: help, `generate`, `--check`, the config file, secrets |
//! | [`compile`] | generated code compiles, and decodes what a real Odoo sends |
//! | [`convert`] | the two ways of reading a schema, compared on the recordings |
//! | [`pull`] | `pull` over real HTTP against odoo-testkit |
//! | [`snapshots`] | golden outputs (insta, in `snapshots/`) |
//!
//! [`common`] holds what they share.

mod cli;
mod common;
mod compile;
mod convert;
mod pull;
mod snapshots;
