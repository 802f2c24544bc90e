//! The whole database of the live server: pulled with both sources, the snapshot naming the
//! server's version, bindings for every model generated, `cargo check`ed (timed) and used to
//! read records of every model.
//!
//! The bindings of every model go into a throwaway crate, `<target>/odoo-live-models-<major>/`,
//! checked with the workspace's target directory so dependencies are shared (with
//! `ODOO_LIVE_SCRATCH=<dir>`, the crates and their own target directory go to `<dir>` instead,
//! outside the checkout, to be deleted after). A second one,
//! `<target>/odoo-live-read-<major>/`, holds the bindings of the most used models ([`READ`]; all
//! of them with `ODOO_LIVE_READ_ALL=1`), generated from the same full schema, and a `main` that
//! reads up to two records of each through its struct and prints one line per model; a binding
//! that does not fit the server (an unknown field, a value that does not decode) fails the test.
//! Both crates build with `odoo_tests::cargo::PROFILES` (no debug info, no incremental cache).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use odoo_codegen::introspect::{introspect, FieldsSource, IntrospectOptions, Introspection};
use odoo_codegen::Config;
use odoo_runtime::schema::Schema;
use odoo_runtime::Protocol;

use crate::env::{Credential, Live, Setup};
use crate::versions::Expect;

/// The setup the whole database is read with: JSON-2 where it exists, XML-RPC before.
async fn setup() -> Setup {
    Setup {
        name: "whole_database",
        credential: Credential::ApiKey,
        protocol: if Expect::get().await.json2() {
            Protocol::Json2
        } else {
            Protocol::XmlRpc
        },
    }
}

fn fields(schema: &Schema) -> usize {
    schema.models.values().map(|m| m.fields.len()).sum()
}

/// `<target>`: the test binary is `<target>/<profile>/deps/live-…`.
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .expect("the test binary's path")
        .ancestors()
        .nth(3)
        .map(PathBuf::from)
        .expect("a test binary lives in <target>/<profile>/deps")
}

/// Where the throwaway crates go: `ODOO_LIVE_SCRATCH`, else `<target>`.
fn scratch_dir() -> PathBuf {
    std::env::var_os("ODOO_LIVE_SCRATCH")
        .map(PathBuf::from)
        .unwrap_or_else(target_dir)
}

/// Their target directory: `<scratch>/target` with `ODOO_LIVE_SCRATCH`, else `<target>`.
fn crates_target_dir() -> PathBuf {
    match std::env::var_os("ODOO_LIVE_SCRATCH") {
        Some(dir) => PathBuf::from(dir).join("target"),
        None => target_dir(),
    }
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(60)..].join("\n")
}

/// `(model, module, type)` of each generated struct, from the generated `mod.rs`
/// (`/// Label (`model`).`, `pub mod module;`, `pub use module::Type;`).
fn structs(mod_rs: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut model = None;
    for line in mod_rs.lines() {
        if let Some(doc) = line.strip_prefix("/// ") {
            model = doc
                .rsplit_once("(`")
                .and_then(|(_, rest)| rest.split_once("`)"))
                .map(|(m, _)| m.to_owned());
        } else if let Some(rest) = line.strip_prefix("pub use ")
            && let (Some((module, ty)), Some(m)) =
                (rest.trim_end_matches(';').split_once("::"), model.take())
        {
            out.push((m, module.to_owned(), ty.to_owned()));
        }
    }
    out
}

/// The models read through their bindings by default: the ones integrations use most.
/// `ODOO_LIVE_READ_ALL=1` reads every model that can have records instead (each version's
/// read binary then takes a few minutes to build).
const READ: &[&str] = &[
    "account.account",
    "account.journal",
    "account.move",
    "account.move.line",
    "account.payment",
    "account.tax",
    "ir.attachment",
    "ir.model",
    "ir.model.fields",
    "mail.activity",
    "mail.message",
    "product.category",
    "product.product",
    "product.template",
    "project.project",
    "project.task",
    "res.company",
    "res.country",
    "res.country.state",
    "res.currency",
    "res.groups",
    "res.partner",
    "res.partner.category",
    "res.users",
    "sale.order",
    "sale.order.line",
    "uom.uom",
];

/// Writes a throwaway crate: `Cargo.toml`, the bindings in `src/odoo/`, and `main` (a binary
/// that reads `models`) or `lib` (the bindings only). Dependencies as `odoo-codegen`'s
/// compile test has them, so the builds share them.
fn write_crate(root: &Path, generated: &odoo_codegen::Generated, read: Option<&[String]>) {
    let workspace = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace")
        .to_path_buf();
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (path, text) in &generated.files {
        files.insert(Path::new("src/odoo").join(path), text.clone());
    }
    let name = root.file_name().unwrap().to_string_lossy().into_owned();
    let features = match read {
        None => {
            files.insert(
                "src/lib.rs".into(),
                "//! Bindings for every model of a live database.\npub mod odoo;\n".into(),
            );
            ""
        }
        Some(models) => {
            let mod_rs = generated.file("mod.rs").expect("mod.rs");
            let reads: String = structs(mod_rs)
                .into_iter()
                .filter(|(model, _, _)| models.contains(model))
                .map(|(model, module, ty)| {
                    format!("    read::<odoo::{module}::{ty}>(&client, {model:?});\n")
                })
                .collect();
            files.insert(
                "src/main.rs".into(),
                format!(
                    r#"//! Reads up to two records of each model through its generated struct; one line each:
//! `ok <model> <n>` or `err <model> <kind> <message>`.
mod odoo;

use odoo_runtime::blocking::Client;
use odoo_runtime::{{Domain, OdooModel}};

fn read<M: OdooModel + Send>(client: &Client, model: &str) {{
    match client.run(|c| c.search_read::<M>(Domain::all()).limit(2)) {{
        Ok(rows) => println!("ok {{model}} {{}}", rows.len()),
        Err(e) => println!("err {{model}} {{:?}} {{}}", e.kind(), e.to_string().replace('\n', " ")),
    }}
}}

fn main() {{
    let var = |n: &str| std::env::var(n).unwrap_or_else(|_| panic!("{{n}} is not set"));
    let client = odoo_runtime::Client::builder()
        .url(var("ODOO_URL"))
        .database(var("ODOO_DB"))
        .password(var("ODOO_USER"), var("ODOO_PASSWORD"))
        .build()
        .expect("settings");
    let client = Client::from_async(client).expect("a blocking client");
{reads}}}
"#
                ),
            );
            ", features = [\"blocking\"]"
        }
    };
    files.insert(
        "Cargo.toml".into(),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nodoo-runtime = {{ path = {runtime:?}{features} }}\nserde_json = \"1\"\n\n{profiles}",
            runtime = workspace.join("odoo-runtime").display().to_string(),
            profiles = odoo_tests::cargo::PROFILES,
        ),
    );
    if root.join("src").exists() {
        // Models of an earlier run that are gone now must not stay.
        std::fs::remove_dir_all(root.join("src")).expect("clear the old bindings");
    }
    for (rel, text) in &files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let lock = workspace.join("Cargo.lock");
    if lock.exists() && !root.join("Cargo.lock").exists() {
        std::fs::copy(&lock, root.join("Cargo.lock")).expect("copy Cargo.lock");
    }
}

/// The pulls of every model with both sources, once per run: both tests of the whole database
/// use them.
static PULLED: tokio::sync::OnceCell<(Introspection, Introspection)> =
    tokio::sync::OnceCell::const_new();

async fn pulled(c: &odoo_runtime::Client) -> &'static (Introspection, Introspection) {
    PULLED
        .get_or_init(|| async {
            let _shared = super::SERVER.read().await; // not while a custom model comes and goes
            let bulk = introspect(c, &IntrospectOptions::default().progress(false))
                .await
                .expect("the bulk pull");
            let fields_get = introspect(
                c,
                &IntrospectOptions::default()
                    .source(FieldsSource::FieldsGet)
                    .progress(false),
            )
            .await
            .expect("the fields_get pull");
            (bulk, fields_get)
        })
        .await
}

/// Pulls every model with both sources: the snapshot names the server, and the two agree.
pub async fn every_model_pulled() {
    let s = setup().await;
    let c = s.client();
    let server = c.version().await.expect("version");
    let (bulk, fields_get) = pulled(&c).await;
    for (source, found) in [("bulk", bulk), ("fields-get", fields_get)] {
        println!(
            "Odoo {} over {}: {source}: {} models, {} fields, {} calls in {:.1} s, {} failures",
            server.server_version,
            s.protocol,
            found.schema.models.len(),
            fields(&found.schema),
            found.calls,
            found.elapsed.as_secs_f64(),
            found.failures.len()
        );
        assert!(found.failures.is_empty(), "{source}: {:?}", found.failures);
        assert_eq!(
            found.schema.odoo_version, server.server_version,
            "{source}: the snapshot names the server's version"
        );
        assert!(found.schema.models.len() > 300, "{source}");
        let snapshot = odoo_codegen::snapshot::render(&found.schema);
        assert!(
            snapshot.starts_with(&format!(
                "{{\n  \"odoo_version\": \"{}\",\n  \"database\": \"{}\"",
                server.server_version,
                Live::get().db
            )),
            "{source}: {}",
            &snapshot[..100]
        );
    }
    let diff = odoo_codegen::convert::compare(&bulk.schema, &fields_get.schema);
    println!(
        "bulk vs fields-get: models only in bulk {:?}, only in fields-get {:?}; {} fields only in bulk \
         (restricted to groups), {} only in fields-get; {} types, {} selections differ",
        diff.models_only_in.0,
        diff.models_only_in.1,
        diff.fields_only_in.0.len(),
        diff.fields_only_in.1.len(),
        diff.types.len(),
        diff.selections.len()
    );
    assert!(
        diff.models_only_in.0.is_empty() && diff.models_only_in.1.is_empty(),
        "{diff:?}"
    );
    assert!(diff.types.is_empty(), "types differ: {:?}", diff.types);
    assert!(
        diff.fields_only_in.1.is_empty(),
        "fields_get shows fields ir.model.fields lacks (group pseudo-fields?): {:?}",
        diff.fields_only_in.1
    );
}

/// Bindings for every model of the bulk pull, generated and `cargo check`ed without a warning
/// (about a minute per version).
pub async fn every_model_generated_and_checked() {
    let s = setup().await;
    let c = s.client();
    let server = c.version().await.expect("version");
    let major = server.major().expect("a major version");
    let (bulk, _) = pulled(&c).await;
    let schema = &bulk.schema;
    let started = Instant::now();
    let generated = Config::new()
        .generate(schema)
        .expect("generate every model");
    let generation = started.elapsed().as_secs_f64();
    let root = scratch_dir().join(format!("odoo-live-models-{major}"));
    write_crate(&root, &generated, None);
    // Once, the dependencies included: they are checked once for all versions (one target
    // directory), and their warnings would count too (a path dependency is local to Cargo).
    let (ok, log, check) = odoo_tests::cargo::run(
        &root,
        &crates_target_dir(),
        &["check", "--lib", "--message-format=short"],
    );
    assert!(ok, "cargo check of the bindings failed:\n{}", tail(&log));
    let warnings = log.lines().filter(|l| l.contains("warning:")).count();
    assert_eq!(warnings, 0, "the bindings have warnings:\n{}", tail(&log));
    println!(
        "Odoo {}: bindings for {} models ({} fields) generated in {generation:.1} s; cargo check \
         {check:.1} s (the dependencies too, when no other version had checked them yet)",
        server.server_version,
        schema.models.len(),
        fields(schema)
    );
}

/// Records read through bindings generated from the full schema: the models of [`READ`], or
/// all that can have records with `ODOO_LIVE_READ_ALL=1` (not transient, and not abstract: on
/// 17 and 18 abstract models have no `id` row). Building the reading binary takes about two
/// minutes, which CI spends on one version only.
pub async fn models_read_through_their_bindings() {
    let s = setup().await;
    let c = s.client();
    let server = c.version().await.expect("version");
    let major = server.major().expect("a major version");
    let (bulk, fields_get) = pulled(&c).await;
    let schema = &bulk.schema;
    let diff = odoo_codegen::convert::compare(&bulk.schema, &fields_get.schema);
    let all = std::env::var_os("ODOO_LIVE_READ_ALL").is_some();
    let models: Vec<String> = bulk
        .schema
        .models
        .values()
        .filter(|m| {
            if all {
                !m.transient && m.fields.contains_key("id")
            } else {
                READ.contains(&m.model.as_str())
            }
        })
        .map(|m| m.model.clone())
        .collect();
    if !all {
        assert_eq!(models.len(), READ.len(), "every model of READ exists");
    }
    let root = scratch_dir().join(format!("odoo-live-read-{major}"));
    // What a user outside some groups does (see `odoo_codegen::convert`): leave out the fields
    // that `ir.model.fields` lists and the admin may not read (`project.project.stage_id` …).
    let mut config = Config::new().models(models.iter().map(String::as_str));
    for key in &diff.fields_only_in.0 {
        if let Some((model, field)) = key.rsplit_once('.') {
            config = config.exclude_fields(model, [field]);
        }
    }
    let generated = config.generate(schema).expect("generate the models read");
    write_crate(&root, &generated, Some(&models));
    let (ok, log, run) = odoo_tests::cargo::run(&root, &crates_target_dir(), &["run", "--quiet"]);
    assert!(ok, "reading through the bindings failed:\n{}", tail(&log));
    let mut read = 0;
    let mut with_records = 0;
    let mut refused: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for line in log.lines() {
        let mut parts = line.splitn(3, ' ');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("ok"), Some(_), Some(n)) => {
                read += 1;
                if n != "0" {
                    with_records += 1;
                }
            }
            (Some("err"), Some(model), Some(rest)) => {
                let (kind, message) = rest.split_once(' ').unwrap_or((rest, ""));
                // Bindings that do not fit: an unknown field or a value that does not decode.
                if kind == "Decode" || message.contains("Invalid field") {
                    wrong.push(format!("{model}: {message}"));
                } else {
                    refused
                        .entry(format!("{kind}: {}", first_words(message)))
                        .or_default()
                        .push(model.to_owned());
                }
            }
            _ => {}
        }
    }
    println!(
        "Odoo {}: read {read} models through their bindings ({with_records} with records) in \
         {run:.1} s (build included); refused by the server: {}",
        server.server_version,
        refused
            .iter()
            .map(|(why, models)| format!("{} × {why} ({})", models.len(), models.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    );
    assert!(
        wrong.is_empty(),
        "{} models do not read through their bindings:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert_eq!(
        read + refused.values().map(Vec::len).sum::<usize>(),
        models.len(),
        "one line per model"
    );
    if !all {
        assert_eq!(read, READ.len(), "every model of READ reads: {refused:?}");
        assert!(
            with_records >= READ.len() - 3,
            "{with_records} with records"
        );
    }
}

/// The start of a message, without ids, for grouping.
fn first_words(message: &str) -> String {
    message
        .split_whitespace()
        .take(6)
        .collect::<Vec<_>>()
        .join(" ")
}
