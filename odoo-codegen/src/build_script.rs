//! The `build.rs` entry point, [`Config::generate_to`]: reads the snapshot (re-pulling it
//! first when asked), generates, writes what changed, and tells cargo when to run again.

use std::path::{Path, PathBuf};

#[cfg(feature = "live")]
use crate::api_doc;
use crate::config::{Config, Layout, Live};
use crate::env;
use crate::error::Error;
use crate::generate::Generated;
#[cfg(feature = "live")]
use crate::introspect;
#[cfg(feature = "live")]
use crate::output;
use crate::snapshot;

impl Config {
    /// The `build.rs` entry point: reads the snapshot (re-pulling it first when live, see
    /// [`Live`]), generates, and writes the files into `dir` (only those whose content
    /// changed, so cargo does not rebuild for nothing). Prints `cargo:rerun-if-changed` for the
    /// snapshot and `cargo:rerun-if-env-changed` for the `ODOO_*` variables.
    ///
    /// ```no_run
    /// let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("odoo");
    /// odoo_codegen::Config::new().snapshot("odoo-schema.json").generate_to(dir).unwrap();
    /// ```
    pub fn generate_to(&self, dir: impl AsRef<Path>) -> Result<Generated, Error> {
        self.check()?;
        let dir = dir.as_ref();
        let directives = self
            .cargo_directives
            .unwrap_or_else(|| std::env::var_os("OUT_DIR").is_some());
        if directives {
            println!("cargo:rerun-if-changed={}", self.snapshot.display());
            for var in env::VARIABLES {
                println!("cargo:rerun-if-env-changed={var}");
            }
        }
        if self.live == Live::WhenUrlSet && env::live_requested() {
            self.repull()?;
        }
        let text = std::fs::read_to_string(&self.snapshot).map_err(|e| {
            Error::io(&self.snapshot, e).with_hint(
                "write it with `odoo-codegen pull --out <path>`, or set ODOO_URL (and ODOO_DB, ODOO_USER, ODOO_PASSWORD or ODOO_API_KEY) to pull it from this build",
            )
        })?;
        let schema = snapshot::parse(&text).map_err(|e| e.at(&self.snapshot))?;
        let mut config = self.clone();
        // The directory must exist for its path to be compared with OUT_DIR's.
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        if config.layout.is_none() {
            config.layout = Some(layout_for(dir));
        }
        let generated = config.generate(&schema)?;
        generated.write_to(dir)?;
        if directives {
            for w in &generated.warnings {
                println!("cargo:warning=odoo-codegen: {w}");
            }
        }
        Ok(generated)
    }

    #[cfg(feature = "live")]
    fn repull(&self) -> Result<(), Error> {
        let connection = env::Connection::from_env()?;
        let options = introspect::IntrospectOptions::default()
            .filter(self.model_filter().clone())
            .progress(false);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| {
                Error::config(format!("cannot start a runtime to pull the schema: {e}"))
            })?;
        let (introspection, methods) = runtime.block_on(async {
            let client = connection.client()?;
            let mut introspection = introspect::introspect(&client, &options).await?;
            let methods = api_doc::read_methods(
                &client,
                &mut introspection.schema,
                &api_doc::MethodsOptions::default(),
            )
            .await;
            Ok::<_, Error>((introspection, methods))
        })?;
        for failure in &introspection.failures {
            println!("cargo:warning=odoo-codegen: {failure}");
        }
        if let Some(notice) = &methods.notice {
            println!("cargo:warning=odoo-codegen: {notice}");
        }
        output::write_snapshot(&self.snapshot, &introspection.schema)?;
        Ok(())
    }

    #[cfg(not(feature = "live"))]
    fn repull(&self) -> Result<(), Error> {
        println!(
            "cargo:warning=odoo-codegen: ODOO_URL is set but the `live` feature is off: using {} as it is",
            self.snapshot.display()
        );
        Ok(())
    }
}

/// [`Layout::IncludeFromOutDir`] when `dir` is under `OUT_DIR`, [`Layout::Modules`] otherwise.
fn layout_for(dir: &Path) -> Layout {
    let Some(out_dir) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        return Layout::Modules;
    };
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (dir, out_dir) = (canon(dir), canon(&out_dir));
    match dir.strip_prefix(&out_dir) {
        Ok(rel) => {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            Layout::IncludeFromOutDir(rel)
        }
        Err(_) => Layout::Modules,
    }
}
