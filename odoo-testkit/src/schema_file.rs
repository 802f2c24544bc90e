//! Reading a schema from disk: a snapshot file or a recordings directory. Kept apart from
//! starting a server, which takes the parsed [`Schema`].

use std::path::Path;

use odoo_runtime::schema::{Field, Schema};
use odoo_runtime::Value;

use crate::error::Error;

/// Reads a schema: a snapshot file (as `odoo-codegen` writes it), or a directory laid out like
/// the recordings' `schema/` (`ir_model.json` and `fields_get/<model>.json`). Reading is kept
/// apart from starting a server, which takes the parsed [`Schema`].
///
/// ```no_run
/// let schema = odoo_testkit::load_schema("../shared/odoo19/schema".as_ref()).unwrap();
/// assert!(schema.model("res.partner").is_some());
/// ```
pub fn load_schema(path: &Path) -> Result<Schema, Error> {
    if path.is_dir() {
        return load_schema_dir(path);
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read {}", path.display()), e))?;
    Schema::from_snapshot(&text).map_err(|e| Error::config(format!("{}: {e}", path.display())))
}

fn load_schema_dir(dir: &Path) -> Result<Schema, Error> {
    let read = |p: &Path| -> Result<String, Error> {
        std::fs::read_to_string(p).map_err(|e| Error::io(format!("cannot read {}", p.display()), e))
    };
    let rows: Vec<Value> =
        serde_json::from_str::<serde_json::Value>(&read(&dir.join("ir_model.json"))?)
            .map_err(|e| Error::config(format!("ir_model.json: {e}")))
            .and_then(|v| match Value::from(v) {
                Value::Array(a) => Ok(a),
                _ => Err(Error::config("ir_model.json must hold a list of rows")),
            })?;
    let mut fields = Vec::new();
    let fg = dir.join("fields_get");
    let entries = std::fs::read_dir(&fg)
        .map_err(|e| Error::io(format!("cannot list {}", fg.display()), e))?;
    for entry in entries {
        let path = entry
            .map_err(|e| Error::io(format!("cannot list {}", fg.display()), e))?
            .path();
        let Some(model) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let parsed: std::collections::BTreeMap<String, Field> = serde_json::from_str(&read(&path)?)
            .map_err(|e| Error::config(format!("{}: {e}", path.display())))?;
        fields.push((model.to_owned(), parsed));
    }
    Ok(Schema::from_parts("19.0", "odoo19", &rows, fields))
}
