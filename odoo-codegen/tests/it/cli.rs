//! The `odoo-codegen` binary: help output, `generate`, `--check`, the config file, secrets.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_odoo-codegen"));
    for var in odoo_codegen::env::VARIABLES {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = common::target_dir().join("odoo-codegen-cli").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

#[test]
fn help() {
    for args in [
        &["--help"][..],
        &["pull", "--help"],
        &["generate", "--help"],
    ] {
        let out = bin().args(args).output().expect("run");
        assert!(out.status.success());
        let name = format!(
            "help_{}",
            args.join("_").trim_start_matches("--").replace("--", "")
        );
        insta::assert_snapshot!(name, text(&out).0);
    }
}

fn write_snapshot(dir: &Path) -> PathBuf {
    let path = dir.join("odoo-schema.json");
    std::fs::write(
        &path,
        odoo_codegen::snapshot::render(&common::awkward_schema()),
    )
    .expect("write");
    path
}

#[test]
fn generate_then_check() {
    let dir = scratch("check");
    let snapshot = write_snapshot(&dir);
    let out_dir = dir.join("src/odoo");
    let run = |extra: &[&str]| {
        let out = bin()
            .arg("generate")
            .arg("--snapshot")
            .arg(&snapshot)
            .arg("--out")
            .arg(&out_dir)
            .args(["--models", "x_*,res.partner"])
            .args(extra)
            .output()
            .expect("run");
        (out.status.code(), text(&out))
    };

    let (code, (stdout, stderr)) = run(&[]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("generated 4 models"), "{stdout}");
    assert!(
        stderr.contains("warning: `x_awkward.x_spline` has the unknown field type"),
        "{stderr}"
    );

    let (code, (stdout, _)) = run(&["--check"]);
    assert_eq!(code, Some(0), "a fresh directory passes --check: {stdout}");

    // A hand edit makes it stale.
    let file = out_dir.join("x_awkward.rs");
    let original = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, original.replace("pub x_name:", "pub x_nom:")).expect("edit");
    let (code, (_, stderr)) = run(&["--check"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("is stale")
            && stderr.contains("changed: ")
            && stderr.contains("x_awkward.rs"),
        "{stderr}"
    );

    // A missing file, and a generated file no longer generated.
    std::fs::write(&file, &original).expect("restore");
    std::fs::remove_file(out_dir.join("res_partner.rs")).expect("remove");
    std::fs::write(
        out_dir.join("x_gone.rs"),
        format!(
            "{} 0.0.0 from Odoo 19.0, database old.\n",
            odoo_codegen::HEADER_PREFIX
        ),
    )
    .expect("write");
    std::fs::write(out_dir.join("hand_written.rs"), "// mine\n").expect("write");
    let (code, (_, stderr)) = run(&["--check"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("missing: ")
            && stderr.contains("no longer generated: ")
            && stderr.contains("x_gone.rs"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("hand_written.rs"),
        "files without the header are not ours: {stderr}"
    );

    // `generate` repairs it, leaves files that are right untouched, removes the stale one.
    let (code, (stdout, _)) = run(&[]);
    assert_eq!(code, Some(0));
    assert!(stdout.contains("1 files written"), "{stdout}");
    assert!(!out_dir.join("x_gone.rs").exists());
    assert!(out_dir.join("hand_written.rs").exists());
    assert_eq!(run(&["--check"]).0, Some(0));
}

#[test]
fn a_missing_snapshot_names_the_fix() {
    let dir = scratch("missing");
    let out = bin()
        .arg("generate")
        .arg("--snapshot")
        .arg(dir.join("nope.json"))
        .arg("--out")
        .arg(dir.join("gen"))
        .output()
        .expect("run");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("nope.json") && stderr.contains("odoo-codegen pull"),
        "{stderr}"
    );
}

#[test]
fn config_file() {
    let dir = scratch("config");
    write_snapshot(&dir);
    std::fs::write(
        dir.join("odoo-codegen.json"),
        r#"{"snapshot": "odoo-schema.json", "out": "gen", "models": ["x_awkward*"],
            "per_model": {"x_awkward": {"only": ["x_name", "type"]}}}"#,
    )
    .expect("write");
    let out = bin()
        .arg("generate")
        .arg("--config")
        .arg(dir.join("odoo-codegen.json"))
        .output()
        .expect("run");
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    let code = std::fs::read_to_string(dir.join("gen/x_awkward.rs")).expect("generated");
    assert!(
        code.contains("pub x_name: Option<String>") && code.contains("pub type_:"),
        "{code}"
    );
    assert!(
        !code.contains("pub x_amount"),
        "only the listed fields are read"
    );
    assert!(
        code.contains("- excluded: ") && code.contains("`x_amount`"),
        "the struct's doc names the fields it leaves out"
    );
    assert!(!dir.join("gen/res_partner.rs").exists());

    std::fs::write(dir.join("bad.json"), r#"{"password": "hunter2"}"#).expect("write");
    let out = bin()
        .arg("generate")
        .arg("--config")
        .arg(dir.join("bad.json"))
        .output()
        .expect("run");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("unknown field `password`"),
        "secrets are not accepted in the file: {stderr}"
    );
    assert!(!stderr.contains("hunter2"));
}

/// The lines of standard error that are the error report: exactly one, the last.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("error")).collect()
}

#[test]
fn secrets_are_never_printed_and_errors_stay_one_line() {
    // Six runs at once: each waits out the client's retries of a refused connection.
    let mut runs = Vec::new();
    for (var, secret) in [
        ("ODOO_PASSWORD", "pw-3c1e7a"),
        ("ODOO_API_KEY", "key-9f2b44"),
    ] {
        for (verbosity, rust_log) in [(None, None), (Some("-vv"), None), (None, Some("trace"))] {
            let mut cmd = bin();
            cmd.args(verbosity)
                .args([
                    "pull",
                    "--url",
                    "http://127.0.0.1:9",
                    "--db",
                    "odoo19",
                    "--user",
                    "admin",
                    "--quiet",
                    "--out",
                ])
                .arg(common::target_dir().join("never-written.json"))
                .env(var, secret);
            if let Some(filter) = rust_log {
                cmd.env("RUST_LOG", filter);
            }
            let child = cmd
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("run");
            runs.push((var, secret, verbosity, rust_log, child));
        }
    }
    for (var, secret, verbosity, rust_log, child) in runs {
        let out = child.wait_with_output().expect("run");
        let (stdout, stderr) = text(&out);
        let how = format!("{var}, {verbosity:?}, RUST_LOG={rust_log:?}");
        assert_eq!(out.status.code(), Some(2), "{how}: {stdout}{stderr}");
        assert_eq!(
            error_lines(&stderr).len(),
            1,
            "{how}: one error line: {stderr}"
        );
        assert!(
            stderr
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("error: ")),
            "{how}: {stderr}"
        );
        if verbosity.is_some() || rust_log.is_some() {
            assert!(
                stderr.contains("connecting") && stderr.contains("127.0.0.1:9"),
                "{how}: the log says where it connects: {stderr}"
            );
        } else {
            assert!(stderr.starts_with("error: "), "{how}: {stderr}");
        }
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{how}: the secret leaked: {stdout}{stderr}"
        );
    }

    let out = bin()
        .args(["generate", "--snapshot", "nope.json"])
        .env("RUST_LOG", "odoo_codegen=loud")
        .output()
        .expect("run");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.starts_with("error: RUST_LOG=`odoo_codegen=loud`") && stderr.lines().count() == 1,
        "a bad RUST_LOG is one clear error: {stderr}"
    );
    let out = bin()
        .args(["pull", "--help"])
        .env("ODOO_URL", "http://user:pw-leak@x")
        .output()
        .expect("run");
    assert!(
        !text(&out).0.contains("pw-leak"),
        "--help must not show environment values"
    );

    let out = bin()
        .args(["pull", "--url", "http://127.0.0.1:9", "--db", "odoo19"])
        .output()
        .expect("run");
    let (_, stderr) = text(&out);
    assert!(
        stderr.contains("ODOO_PASSWORD or ODOO_API_KEY"),
        "a missing secret names where to put it: {stderr}"
    );
}
