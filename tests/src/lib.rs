//! End-to-end tests of odoo-rs: odoo-testkit ↔ odoo-codegen ↔ generated code ↔ odoo-runtime, on
//! every protocol (`tests/`), and a live suite against a real Odoo when `ODOO_URL` is set.
