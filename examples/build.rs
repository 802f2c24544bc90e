//! The `build-script` way: bindings generated at build time from the checked-in snapshot.
//! No server is needed; with `ODOO_URL` set (and `ODOO_OFFLINE` unset) and the `live` feature
//! the snapshot would be re-pulled first.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR")?).join("odoo");
    odoo_codegen::Config::new()
        .snapshot("schema/demo-schema.json")
        .models(["res.*", "sale.*"])
        // The demo snapshot is a fixture: never re-pull it, even with ODOO_URL set.
        .live(odoo_codegen::Live::Never)
        .generate_to(out)?;
    Ok(())
}
