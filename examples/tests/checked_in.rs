//! The checked-in bindings (`src/odoo/`, `src/custom/`) must be what `odoo-codegen generate`
//! writes today: this is the `--check` a user's CI runs.

use clap::Parser as _;
use odoo_codegen::cli::{run, Cli};

fn check(args: &[&str]) -> (u8, String) {
    let manifest = env!("CARGO_MANIFEST_DIR");
    let mut argv = vec!["odoo-codegen".to_owned()];
    for a in args {
        argv.push(a.replace("{dir}", manifest));
    }
    let cli = Cli::try_parse_from(argv).expect("valid command line");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(cli, &mut out, &mut err);
    (
        code,
        String::from_utf8_lossy(&[out, err].concat()).into_owned(),
    )
}

#[test]
fn the_demo_bindings_are_fresh() {
    let (code, text) = check(&[
        "generate",
        "--snapshot",
        "{dir}/schema/demo-schema.json",
        "--out",
        "{dir}/src/odoo",
        "--models",
        "res.*,sale.*",
        "--check",
    ]);
    assert_eq!(
        code, 0,
        "src/odoo is stale; regenerate it with the same command without --check:\n{text}"
    );
}

#[test]
fn a_stale_copy_fails_the_check() {
    let dir = std::env::temp_dir().join(format!("odoo-examples-stale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/odoo");
    for entry in std::fs::read_dir(&src).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
    }
    let partner = dir.join("res_partner.rs");
    let text = std::fs::read_to_string(&partner)
        .unwrap()
        .replace("pub email", "pub e_mail");
    std::fs::write(&partner, text).unwrap();
    let out = dir.to_str().unwrap();
    let (code, text) = check(&[
        "generate",
        "--snapshot",
        "{dir}/schema/demo-schema.json",
        "--out",
        out,
        "--models",
        "res.*,sale.*",
        "--check",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("res_partner.rs"), "{text}");
}

#[test]
fn the_demo_snapshot_is_in_canonical_form() {
    let text = include_str!("../schema/demo-schema.json");
    let schema = odoo_runtime::schema::Schema::from_snapshot(text).unwrap();
    assert_eq!(
        odoo_codegen::snapshot::render(&schema),
        text,
        "rewrite it with snapshot::render"
    );
}
