//! The snapshot file: the [`Schema`] as pretty JSON, keys sorted, no timestamps.
//!
//! Its first lines name the Odoo version and the database it was read from:
//!
//! ```text
//! {
//!   "odoo_version": "19.0",
//!   "database": "odoo19",
//!   "models": {
//!     "res.partner": { … }
//! ```
//!
//! The same database gives the same bytes, so the file can be checked in and diffed, and
//! `odoo-codegen pull --check` can tell when it is stale. Writing it is
//! [`crate::output::write_snapshot`].

use std::path::Path;

use odoo_runtime::schema::Schema;

use crate::error::Error;

/// The snapshot text of `schema`.
///
/// ```
/// let schema = odoo_runtime::schema::Schema::new("19.0", "odoo19");
/// let text = odoo_codegen::snapshot::render(&schema);
/// assert!(text.starts_with("{\n  \"odoo_version\": \"19.0\",\n  \"database\": \"odoo19\""));
/// assert_eq!(odoo_codegen::snapshot::parse(&text).unwrap(), schema);
/// ```
pub fn render(schema: &Schema) -> String {
    schema.to_snapshot()
}

/// Reads a snapshot.
pub fn parse(text: &str) -> Result<Schema, Error> {
    Schema::from_snapshot(text).map_err(|e| {
        Error::snapshot(e.to_string()).with_hint("regenerate it with `odoo-codegen pull`")
    })
}

/// Reads a snapshot file.
pub fn read(path: &Path) -> Result<Schema, Error> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    parse(&text).map_err(|e| e.at(path))
}
