//! The walk-through of Odoo's external API documentation as a new user follows it, through
//! clients nobody here wrote: `walkthrough.py` runs it with Python's own `xmlrpc.client` (and
//! `urllib` for JSON-2) against the real Odoo and against odoo-testkit seeded from it, and
//! every step must end the same way on both (the value, or the fault code and message, or the
//! HTTP status and error). It covers version, authenticate with the right and a wrong password,
//! search, read, search_read, search_count, create, write, unlink, read after unlink, the
//! `ir.model` ilike search, a custom model and its fields, CRUD on it before and after an
//! `ir.model.access` row, and `fields_get` with attributes.

use std::process::Command;

use serde_json::Value as Json;

use crate::wire::Target;

/// The script, next to this file.
const SCRIPT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/differential/walkthrough.py"
);

/// Each step's outcome on `target`, one JSON object per line of the script's output.
async fn steps(target: &Target, login: &str) -> Result<Vec<Json>, String> {
    let args = [
        SCRIPT.to_owned(),
        target.url.clone(),
        target.db.clone(),
        login.to_owned(),
        target.admin.password.clone(),
        target.admin.key.clone(),
    ];
    let name = target.name;
    let output = tokio::task::spawn_blocking(move || Command::new("python3").args(&args).output())
        .await
        .map_err(|e| format!("{name}: the walk-through did not finish: {e}"))?
        .map_err(|e| format!("{name}: cannot run python3 (the walk-through needs it): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{name}: walkthrough.py failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).map_err(|e| format!("{name}: not JSON ({e}): {line}"))
        })
        .collect()
}

/// Runs the walk-through on both servers as the admin `login`: the number of steps, and a
/// report of each step that ends differently.
pub async fn compare(real: &Target, kit: &Target, login: &str) -> (usize, Vec<String>) {
    let want = match steps(real, login).await {
        Ok(s) => s,
        Err(e) => return (0, vec![e]),
    };
    let got = match steps(kit, login).await {
        Ok(s) => s,
        Err(e) => return (want.len(), vec![e]),
    };
    let mut differ = Vec::new();
    if want.len() != got.len() {
        differ.push(format!(
            "walk-through: {} steps on Odoo, {} on odoo-testkit",
            want.len(),
            got.len()
        ));
    }
    for (w, g) in want.iter().zip(&got) {
        if w != g {
            differ.push(format!(
                "walk-through step {}:\n    Odoo:         {w}\n    odoo-testkit: {g}",
                w["step"]
            ));
        }
    }
    (want.len(), differ)
}
