//! Test support for every crate of the workspace, in one place: where the recordings of a real
//! Odoo 19 are ([`recordings`]), the models the tests and benchmarks decode them into
//! ([`models`]), a writer that captures logs ([`logs`]), and cargo as a test should start it
//! on a throwaway crate ([`cargo`]).
//!
//! Each crate's integration tests and benchmarks take it as a dev-dependency (`odoo-tests =
//! { path = "../tests" }`): a cycle through dev-dependencies, which Cargo builds because this
//! library depends on `odoo-runtime` alone, never on the crate under test's tests.
//!
//! The package's own tests (`tests/`) are the end-to-end ones: odoo-testkit ↔ odoo-codegen ↔
//! generated code ↔ odoo-runtime on every protocol, and the live suite against a real Odoo
//! (`tests/live/`, ignored without `ODOO_URL`).

pub mod cargo;
pub mod logs;
pub mod models;
pub mod recordings;
