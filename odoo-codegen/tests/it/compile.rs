//! Generated code compiles, and decodes what a real Odoo sends.
//!
//! From the recorded Odoo 19 schema (394 models, 7,544 fields) this writes a throwaway crate
//! under `<target>/odoo-all-models/` holding:
//!
//! - `src/all/`: bindings for every model (the default read lists);
//! - `src/snap_*/`: the checked-in insta snapshots of `tests/it/snapshots/`, as they are;
//! - `src/rec/`: one struct per recorded `read`/`search_read` answer, generated with that
//!   answer's field list (`only_fields`): a struct's fields are its read list, and the derive
//!   reads a missing non-`Option` field as an error;
//! - `tests/decode.rs`: decodes every recorded `read`/`search_read` answer (XML-RPC, JSON-RPC,
//!   JSON-2, and the two bench files) into those structs, and the answers holding every field
//!   into the `all::` structs as well.
//!
//! Then it checks that rustfmt leaves the generated `mod.rs` alone and runs `cargo test` on the
//! crate once (it must build without a warning), with `CARGO_TARGET_DIR` set to the
//! workspace's target directory so dependencies are shared. Needs `ODOO_RECORDINGS`.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use odoo_codegen::{Config, Generated, Layout};
use odoo_runtime::schema::Schema;
use odoo_runtime::Value;
use odoo_tests::recordings;
use quote::{format_ident, quote};

/// A recorded `read` / `search_read` exchange.
struct Exchange {
    /// `xmlrpc/011-read-fields`, …
    name: String,
    /// `xmlrpc`, `jsonrpc`, `json2` (wrapped body) or `raw-json` (bare body).
    kind: &'static str,
    model: String,
    response: PathBuf,
    /// The keys of the records in the answer.
    keys: BTreeSet<String>,
    /// The call had `bin_size` in its context: binaries hold sizes, which `Binary` refuses
    /// (with a message that names the fix).
    bin_size: bool,
}

fn json_file(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("read a recording"))
        .expect("a recording is JSON")
}

/// The records of a successful answer, as JSON values (`None` for faults and errors).
fn records(kind: &str, response: &Path) -> Option<Vec<serde_json::Value>> {
    let rows = match kind {
        "xmlrpc" => {
            let body = std::fs::read(response).ok()?;
            let v: Value = odoo_runtime::xmlrpc::decode_response(&body).ok()?;
            serde_json::to_value(&v).ok()?
        }
        "jsonrpc" => json_file(response).get("result")?.clone(),
        "json2" => {
            let r = json_file(response);
            if r.get("status")?.as_u64()? != 200 {
                return None;
            }
            r.get("body")?.clone()
        }
        _ => json_file(response),
    };
    rows.as_array().cloned()
}

fn exchanges(dir: &Path) -> Vec<Exchange> {
    let index = json_file(&dir.join("index.json"));
    let mut found = Vec::new();
    let mut candidates: Vec<(String, &'static str, String, String, PathBuf, PathBuf)> = Vec::new();
    for entry in index.as_array().expect("index.json is a list") {
        let name = entry["file"].as_str().unwrap_or_default().to_owned();
        if name.starts_with("xmlrpc/") {
            let body = std::fs::read(dir.join(format!("{name}.request.xml"))).expect("request");
            let Ok((_, params)) = odoo_runtime::xmlrpc::decode_call(&body) else {
                continue;
            };
            let (Some(model), Some(method)) = (
                params.get(3).and_then(Value::as_str),
                params.get(4).and_then(Value::as_str),
            ) else {
                continue;
            };
            candidates.push((
                name.clone(),
                "xmlrpc",
                model.to_owned(),
                method.to_owned(),
                dir.join(format!("{name}.request.xml")),
                dir.join(format!("{name}.response.xml")),
            ));
        } else if name.starts_with("jsonrpc/") {
            let req = json_file(&dir.join(format!("{name}.request.json")));
            let args = &req["params"]["args"];
            if let (Some(model), Some(method)) = (args[3].as_str(), args[4].as_str()) {
                candidates.push((
                    name.clone(),
                    "jsonrpc",
                    model.to_owned(),
                    method.to_owned(),
                    dir.join(format!("{name}.request.json")),
                    dir.join(format!("{name}.response.json")),
                ));
            }
        } else if name.starts_with("json2/") {
            let req = json_file(&dir.join(format!("{name}.request.json")));
            let parts: Vec<&str> = req["path"]
                .as_str()
                .unwrap_or_default()
                .split('/')
                .collect();
            if parts.len() == 5 && parts[1] == "json" {
                candidates.push((
                    name.clone(),
                    "json2",
                    parts[3].to_owned(),
                    parts[4].to_owned(),
                    dir.join(format!("{name}.request.json")),
                    dir.join(format!("{name}.response.json")),
                ));
            }
        }
    }
    for bench in ["search-read-10k", "read-all-fields-200"] {
        let body =
            std::fs::read(dir.join(format!("bench/{bench}.request.xml"))).expect("bench request");
        let (_, params) = odoo_runtime::xmlrpc::decode_call(&body).expect("bench request decodes");
        let model = params[3].as_str().unwrap_or_default().to_owned();
        let method = params[4].as_str().unwrap_or_default().to_owned();
        for (ext, kind) in [("xml", "xmlrpc"), ("json", "raw-json")] {
            candidates.push((
                format!("bench/{bench}.{ext}"),
                kind,
                model.clone(),
                method.clone(),
                dir.join(format!("bench/{bench}.request.{ext}")),
                dir.join(format!("bench/{bench}.response.{ext}")),
            ));
        }
    }
    for (name, kind, model, method, request, response) in candidates {
        if method != "read" && method != "search_read" {
            continue;
        }
        let Some(rows) = records(kind, &response) else {
            continue;
        };
        let keys: BTreeSet<String> = rows
            .iter()
            .filter_map(|r| r.as_object())
            .flat_map(|o| o.keys().cloned())
            .collect();
        let bin_size = std::fs::read_to_string(&request).is_ok_and(|r| r.contains("bin_size"));
        found.push(Exchange {
            name,
            kind,
            model,
            response,
            keys,
            bin_size,
        });
    }
    found
}

/// The model created and dropped during the recording (`x_custom_model`), from its recorded
/// `fields_get` answer.
fn add_custom_model(dir: &Path, schema: &mut Schema) {
    let body = std::fs::read(dir.join("xmlrpc/078-custom-fields-get.response.xml"))
        .expect("custom fields_get");
    let answer: Value = odoo_runtime::xmlrpc::decode_response(&body).expect("decode");
    let fields = odoo_codegen::convert::fields_get_answer(&answer).expect("convert");
    let mut model = odoo_runtime::schema::Model::new("x_custom_model", "Custom model");
    model.state = "manual".into();
    schema.insert(model.with_fields(fields));
}

/// The text of an insta snapshot file, without its header.
fn snapshot_body(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read a snapshot");
    let mut parts = text.splitn(3, "---\n");
    let (_, _, body) = (parts.next(), parts.next(), parts.next());
    body.unwrap_or_default().to_owned()
}

struct Crate {
    root: PathBuf,
    files: BTreeMap<PathBuf, String>,
}

impl Crate {
    fn add(&mut self, rel: impl Into<PathBuf>, text: String) {
        self.files.insert(rel.into(), text);
    }

    fn add_generated(&mut self, dir: &str, generated: &Generated) {
        for (path, text) in &generated.files {
            self.add(Path::new("src").join(dir).join(path), text.clone());
        }
    }

    fn write(&self) {
        for (rel, text) in &self.files {
            let path = self.root.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text).expect("write");
            }
        }
    }
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn every_model_compiles_and_decodes_the_recordings() {
    let dir = recordings::dir();
    let workspace = common::workspace_dir();
    let target = common::target_dir();
    let root = target.join("odoo-all-models");

    let started = Instant::now();
    let mut schema = common::recorded_schema_with_methods(&dir);
    let converted = started.elapsed();
    assert_eq!(schema.models.len(), 394);
    assert_eq!(
        schema
            .models
            .values()
            .map(|m| m.fields.len())
            .sum::<usize>(),
        7544
    );
    add_custom_model(&dir, &mut schema);

    let started = Instant::now();
    let all = Config::new()
        .layout(Layout::Modules)
        .generate(&schema)
        .expect("generate every model");
    let generation = started.elapsed();
    let bytes: usize = all.files.iter().map(|(_, t)| t.len()).sum();
    eprintln!(
        "generated {} models ({} files, {:.1} MB) in {:.2} s (schema conversion {:.2} s)",
        all.files.len() - 1,
        all.files.len(),
        bytes as f64 / 1e6,
        generation.as_secs_f64(),
        converted.as_secs_f64()
    );

    // res.partner with every recorded method (the default selection): the file too large to
    // review as a snapshot (`snapshots::partner_methods` holds a few of its methods) is compiled
    // here, warnings denied.
    let partner = all.file("res_partner.rs").expect("res_partner.rs");
    assert!(
        partner.contains("pub fn message_post<'a>(")
            && partner.contains("pub fn rating_apply<'a>("),
        "the compiled res.partner binds its recorded methods"
    );
    let mut krate = Crate {
        root: root.clone(),
        files: BTreeMap::new(),
    };
    krate.add_generated("all", &all);

    // The checked-in snapshots, compiled as they are.
    let snapshots = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/it/snapshots");
    let mut snap_sets: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(&snapshots).expect("snapshots") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let Some(stem) = name
            .strip_prefix("it__snapshots__")
            .and_then(|n| n.strip_suffix("_rs.snap"))
        else {
            continue;
        };
        let Some((set, file)) = stem.split_once("__") else {
            continue;
        };
        snap_sets.insert(set.to_owned());
        krate.add(
            Path::new("src")
                .join(format!("snap_{set}"))
                .join(format!("{file}.rs")),
            snapshot_body(&path),
        );
    }
    assert!(
        snap_sets.contains("x_awkward") && snap_sets.contains("partner_methods"),
        "snapshots missing: {snap_sets:?}"
    );

    // One struct per recorded answer, with that answer's fields.
    let exchanges = exchanges(&dir);
    assert!(
        exchanges.len() >= 30,
        "found only {} recorded read/search_read answers",
        exchanges.len()
    );
    let mut checks = Vec::new();
    let mut rec_mods = Vec::new();
    for (i, ex) in exchanges.iter().enumerate() {
        let module = format!("r{i:02}");
        let fields: Vec<String> = ex.keys.iter().filter(|k| *k != "id").cloned().collect();
        let model_schema = schema
            .models
            .get(&ex.model)
            .unwrap_or_else(|| panic!("{}: model {} not in the schema", ex.name, ex.model));
        let unknown: Vec<&String> = fields
            .iter()
            .filter(|f| !model_schema.fields.contains_key(*f))
            .collect();
        assert!(
            unknown.is_empty(),
            "{}: fields not in the schema: {unknown:?}",
            ex.name
        );
        let config = if fields.is_empty() {
            Config::new()
                .models([ex.model.as_str()])
                .only_fields(&ex.model, ["id"])
        } else {
            Config::new()
                .models([ex.model.as_str()])
                .only_fields(&ex.model, fields.clone())
        };
        let generated = config
            .layout(Layout::Modules)
            .generate(&schema)
            .expect("generate a recording's struct");
        krate.add_generated(&format!("rec/{module}"), &generated);
        rec_mods.push(format_ident!("{}", module));
        let ty = format_ident!("{}", odoo_codegen::ident::type_name(&ex.model));
        let m = format_ident!("{}", module);
        let (kind, path, name) = (ex.kind, ex.response.display().to_string(), ex.name.clone());
        let expect = if ex.bin_size { "bin_size" } else { "" };
        checks.push(quote!(check::<::odoo_all_models::rec::#m::#ty>(#name, #kind, #path, #expect, &mut failures);));
        // Answers with every default field also decode into the `all::` struct.
        let default_fields = Config::new().read_list(model_schema);
        if !default_fields.is_empty() && default_fields.iter().all(|f| ex.keys.contains(f)) {
            let all_name = format!("{name} (all::{ty})");
            checks.push(quote!(check::<::odoo_all_models::all::#ty>(#all_name, #kind, #path, #expect, &mut failures);));
        }
    }
    let checks_count = checks.len();
    let rec_mod_rs = quote!(#(pub mod #rec_mods;)*);
    krate.add("src/rec/mod.rs", rec_mod_rs.to_string());
    let snap_mods = snap_sets.iter().map(|s| format_ident!("snap_{}", s));
    let lib = quote! {
        //! Throwaway crate written by odoo-codegen's tests/it/compile.rs.
        pub mod all;
        pub mod rec;
        #(pub mod #snap_mods;)*
        /// Generated by build.rs into OUT_DIR (the `Layout::IncludeFromOutDir` layout).
        pub mod built {
            include!(concat!(env!("OUT_DIR"), "/odoo/mod.rs"));
        }
    };
    krate.add("src/lib.rs", lib.to_string());
    let decode = quote! {
        fn body(kind: &str, path: &str) -> Vec<u8> {
            let raw = std::fs::read(path).expect("read the recording");
            let json = |v: &serde_json::Value| serde_json::to_vec(v).expect("json");
            match kind {
                "jsonrpc" => json(&serde_json::from_slice::<serde_json::Value>(&raw).expect("json")["result"]),
                "json2" => json(&serde_json::from_slice::<serde_json::Value>(&raw).expect("json")["body"]),
                _ => raw,
            }
        }

        /// Decodes a recorded answer into `Vec<T>`; `expect_error` names a word the error must
        /// hold when the decode must fail.
        fn check<T: serde::de::DeserializeOwned>(name: &str, kind: &str, path: &str, expect_error: &str, failures: &mut Vec<String>) {
            let bytes = body(kind, path);
            let result: Result<Vec<T>, odoo_runtime::Error> = if kind == "xmlrpc" {
                odoo_runtime::xmlrpc::decode_response(&bytes)
            } else {
                odoo_runtime::json::from_slice(&bytes)
            };
            match result {
                Ok(rows) if expect_error.is_empty() => {
                    let _ = rows;
                }
                Ok(_) => failures.push(format!("{name}: decoded, but an error naming `{expect_error}` was expected")),
                Err(e) if !expect_error.is_empty() && e.to_string().contains(expect_error) => {}
                Err(e) => failures.push(format!("{name}: {e}")),
            }
        }

        #[test]
        fn decode_recordings() {
            let mut failures = Vec::new();
            #(#checks)*
            assert!(failures.is_empty(), "{} of {} decodes failed:\n{}", failures.len(), #checks_count, failures.join("\n"));
        }
    };
    let decode = decode.to_string();
    krate.add("tests/decode.rs", decode);
    // The build-script way, offline, from the awkward fixture (models without JSON fields, so
    // no serde_json path is needed).
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/x_awkward.json")
        .display()
        .to_string();
    let build_rs = quote! {
        fn main() {
            let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("odoo");
            odoo_codegen::Config::new()
                .snapshot(#fixture)
                .models(["res.partner", "x_awkward.line", "x_awkward_line"])
                .live(odoo_codegen::Live::Never)
                .generate_to(out)
                .expect("generate from the fixture");
        }
    };
    krate.add("build.rs", build_rs.to_string());
    let codegen = workspace.join("odoo-codegen");
    let runtime = workspace.join("odoo-runtime");
    krate.add(
        "Cargo.toml",
        format!(
            "[package]\nname = \"odoo-all-models\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [workspace]\n\n[dependencies]\nodoo-runtime = {{ path = {runtime:?} }}\nserde_json = \"1\"\n\n\
             [build-dependencies]\nodoo-codegen = {{ path = {codegen:?}, default-features = false }}\n\n\
             [dev-dependencies]\nserde = \"1\"\n\n{profiles}",
            runtime = runtime.display().to_string(),
            codegen = codegen.display().to_string(),
            profiles = odoo_tests::cargo::PROFILES,
        ),
    );
    krate.write();
    // The workspace's lock file: the same dependency versions, no resolution.
    let lock = workspace.join("Cargo.lock");
    if lock.exists() && !root.join("Cargo.lock").exists() {
        std::fs::copy(&lock, root.join("Cargo.lock")).expect("copy Cargo.lock");
    }

    // `cargo fmt` in a user's crate must leave checked-in bindings alone: mod.rs is
    // rustfmt-stable and marks the model files `#[rustfmt::skip]`.
    let out = Command::new("rustfmt")
        .args(["--edition", "2021", "--check"])
        .arg(root.join("src/all/mod.rs"))
        .output()
        .expect("run rustfmt (`rustup component add rustfmt`): the stability check needs it");
    assert!(
        out.status.success(),
        "rustfmt would change the generated mod.rs, or failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    // One build of the crate (its dependencies shared with the workspace's target where the
    // features agree), which must give no warning, and the decode test run.
    let (ok, log, seconds) = odoo_tests::cargo::run(
        &root,
        &target,
        &[
            "test",
            "--test",
            "decode",
            "--message-format=short",
            "--",
            "--nocapture",
        ],
    );
    assert!(
        ok,
        "building the generated crate or decoding the recordings failed:\n{}",
        tail(&log)
    );
    let warnings: Vec<&str> = log.lines().filter(|l| l.contains("warning:")).collect();
    assert!(
        warnings.is_empty(),
        "the generated code has warnings:\n{}",
        warnings.join("\n")
    );
    eprintln!(
        "cargo test (build + decode {} recorded answers, {checks_count} checks): {seconds:.1} s",
        exchanges.len()
    );
}

fn tail(log: &str) -> String {
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(80)..].join("\n")
}

/// How long bindings for all 394 recorded models take to check, without methods, with the
/// default selection ([`MethodSelection::Own`](odoo_codegen::MethodSelection)) and with every
/// method. The recordings document the methods of `res.partner` only: give a snapshot that
/// holds the methods of every model (`odoo-codegen pull --out methods.json` with an API key
/// against a real Odoo 19) in `ODOO_METHODS_FROM`. A measurement (it prints the figures and
/// checks that every variant compiles without a warning), run by hand:
///
/// ```text
/// ODOO_RECORDINGS=../shared/odoo19 ODOO_METHODS_FROM=methods.json \
///     cargo test -p odoo-codegen --test it -- --ignored methods_compile_time --nocapture
/// ```
#[test]
#[ignore = "a measurement: needs ODOO_RECORDINGS and ODOO_METHODS_FROM (a snapshot pulled with methods)"]
fn methods_compile_time() {
    use odoo_codegen::MethodSelection;

    let dir = recordings::dir();
    let from = std::env::var_os("ODOO_METHODS_FROM")
        .map(PathBuf::from)
        .expect("set ODOO_METHODS_FROM to a snapshot pulled with methods");
    let pulled = odoo_codegen::snapshot::read(&from).expect("read ODOO_METHODS_FROM");
    let mut schema = common::recorded_schema(&dir);
    assert_eq!(schema.models.len(), 394);
    let mut with_methods = 0;
    for (name, model) in schema.models.iter_mut() {
        if let Some(p) = pulled.models.get(name) {
            model.methods = p.methods.clone();
            with_methods += usize::from(!model.methods.is_empty());
        }
    }
    let workspace = common::workspace_dir();
    let target = common::target_dir();
    let runtime = workspace.join("odoo-runtime");
    let mut figures = Vec::new();
    for (label, selection) in [
        ("none", MethodSelection::None),
        ("own", MethodSelection::Own),
        ("all", MethodSelection::All),
    ] {
        let config = Config::new()
            .layout(Layout::Modules)
            .method_selection(selection);
        let bound: usize = schema
            .models
            .values()
            .map(|m| {
                m.methods
                    .iter()
                    .filter(|(n, meth)| config.binds_method(&m.model, n, meth))
                    .count()
            })
            .sum();
        let started = Instant::now();
        let generated = config.generate(&schema).expect("generate");
        let generation = started.elapsed().as_secs_f64();
        let bytes: usize = generated.files.iter().map(|(_, t)| t.len()).sum();
        let root = target.join(format!("odoo-methods-{label}"));
        let mut krate = Crate {
            root: root.clone(),
            files: BTreeMap::new(),
        };
        krate.add_generated("all", &generated);
        krate.add(
            "src/lib.rs",
            "//! Throwaway crate written by odoo-codegen's tests/it/compile.rs.\npub mod all;\n"
                .into(),
        );
        krate.add(
            "Cargo.toml",
            format!(
                "[package]\nname = \"odoo-methods-{label}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [workspace]\n\n[dependencies]\nodoo-runtime = {{ path = {runtime:?} }}\nserde_json = \"1\"\n\n{profiles}",
                runtime = runtime.display().to_string(),
                profiles = odoo_tests::cargo::PROFILES,
            ),
        );
        krate.write();
        let lock = workspace.join("Cargo.lock");
        if lock.exists() && !root.join("Cargo.lock").exists() {
            std::fs::copy(&lock, root.join("Cargo.lock")).expect("copy Cargo.lock");
        }
        let (ok, log, _) = odoo_tests::cargo::run(
            &root,
            &target,
            &["check", "--lib", "--message-format=short"],
        );
        assert!(ok, "{label}: cargo check failed:\n{}", tail(&log));
        let _ = std::fs::write(
            root.join("src/lib.rs"),
            format!("{}\n", krate.files[Path::new("src/lib.rs")]),
        );
        let (ok, log, check) = odoo_tests::cargo::run(
            &root,
            &target,
            &["check", "--lib", "--message-format=short"],
        );
        assert!(ok, "{label}: cargo check failed:\n{}", tail(&log));
        let warnings = log.lines().filter(|l| l.contains("warning:")).count();
        assert_eq!(warnings, 0, "{label}: warnings:\n{}", tail(&log));
        figures.push(format!(
            "{label:>4}: {bound:>6} methods, {:>5.1} MB, generated in {generation:.2} s, cargo check {check:.1} s",
            bytes as f64 / 1e6
        ));
    }
    eprintln!(
        "bindings for {} models ({with_methods} with methods from {}):\n{}",
        schema.models.len(),
        from.display(),
        figures.join("\n")
    );
}
