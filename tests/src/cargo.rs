//! Cargo run from inside a test, on a throwaway crate that shares the workspace's target
//! directory.
//!
//! `cargo test` gives a test binary the variables of its own package (`CARGO_MANIFEST_DIR`,
//! `CARGO_PKG_NAME`, `CARGO_PKG_VERSION_*`, …). A cargo started from the test inherits them,
//! and build scripts that track them (ring's: `cargo:rerun-if-env-changed=CARGO_PKG_NAME` and
//! a dozen more) see them change: ring's build script runs again in the shared target, its C
//! is compiled again, and the workspace's next build rebuilds ring, rustls, reqwest and
//! relinks every binary above them (CI's examples step spent 28 s on that). [`command`]
//! starts cargo without them, as a shell would; [`run`] runs it on a throwaway crate, whose
//! manifest ends with [`PROFILES`].

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// The profiles a throwaway crate's manifest ends with: it is built once, so it carries no
/// debug info and writes no incremental cache (a fresh check of 394 generated models takes
/// about 20 s instead of 25).
pub const PROFILES: &str =
    "[profile.dev]\ndebug = false\nincremental = false\n\n[profile.dev.package.\"*\"]\ndebug = false\n";

/// Runs [`command`] with `args` on the crate at `root`, building into `target`, without the
/// caller's `RUSTFLAGS` and without colours: whether it succeeded, what it printed (standard
/// output, then standard error) and how many seconds it took.
pub fn run(root: &Path, target: &Path, args: &[&str]) -> (bool, String, f64) {
    let started = Instant::now();
    let output = command()
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("run cargo");
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.success(),
        log,
        started.elapsed().as_secs_f64(),
    )
}

/// `$CARGO` (else `cargo`), without the variables `cargo test` set for the test binary.
/// Cargo's own settings (`CARGO_HOME`, `CARGO_TARGET_DIR`, `CARGO_BUILD_*`, `CARGO_NET_*`,
/// `CARGO_INCREMENTAL`, …) are kept.
///
/// ```no_run
/// let output = odoo_tests::cargo::command()
///     .args(["check", "--message-format=short"])
///     .current_dir("target/my-throwaway-crate")
///     .output()
///     .expect("run cargo");
/// # let _ = output;
/// ```
pub fn command() -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (name, _) in std::env::vars_os() {
        if set_for_the_test(&name) {
            command.env_remove(&name);
        }
    }
    command
}

/// Whether `name` is one of the package's variables Cargo sets for what it runs (a test
/// binary, a build script), not one of Cargo's settings.
fn set_for_the_test(name: &OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    name.starts_with("CARGO_PKG_")
        || name.starts_with("CARGO_MANIFEST_")
        || name.starts_with("CARGO_BIN_EXE_")
        || name.starts_with("CARGO_CFG_")
        || matches!(
            name,
            "CARGO_CRATE_NAME"
                | "CARGO_BIN_NAME"
                | "CARGO_PRIMARY_PACKAGE"
                | "CARGO_TARGET_TMPDIR"
                | "CARGO_RUSTC_CURRENT_DIR"
                | "OUT_DIR"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_package_variables_go_and_the_settings_stay() {
        assert!(set_for_the_test(OsStr::new("CARGO_PKG_VERSION_MAJOR")));
        assert!(set_for_the_test(OsStr::new("CARGO_MANIFEST_DIR")));
        assert!(set_for_the_test(OsStr::new("CARGO_BIN_EXE_odoo-codegen")));
        assert!(set_for_the_test(OsStr::new("OUT_DIR")));
        assert!(!set_for_the_test(OsStr::new("CARGO_HOME")));
        assert!(!set_for_the_test(OsStr::new("CARGO_TARGET_DIR")));
        assert!(!set_for_the_test(OsStr::new("CARGO_INCREMENTAL")));
        assert!(!set_for_the_test(OsStr::new("CARGO")));
    }

    #[test]
    fn the_command_drops_what_cargo_test_gave_this_binary() {
        assert!(
            std::env::var_os("CARGO_PKG_NAME").is_some(),
            "run by cargo test, which sets CARGO_PKG_NAME"
        );
        let command = command();
        let removed: Vec<_> = command
            .get_envs()
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.to_owned())
            .collect();
        assert!(removed.iter().any(|k| k == "CARGO_PKG_NAME"), "{removed:?}");
        assert!(
            removed.iter().any(|k| k == "CARGO_MANIFEST_DIR"),
            "{removed:?}"
        );
        assert!(removed.iter().all(|k| set_for_the_test(k)), "{removed:?}");
    }
}
