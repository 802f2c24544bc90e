//! Imports flow one way (STYLE.md 21): filters → settings → generate (pure) → output (files) →
//! build script / CLI, and nothing lower imports something higher (`odoo_layout::check`; inside
//! `generate/`, a module may import a sibling, without a cycle).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{TokenStream, TokenTree};

/// Every module of the crate and its layer, lowest first. A new file must be placed here.
const LAYERS: &[(&str, u32)] = &[
    // Leaves: the error type, name matching, naming.
    ("error", 0),
    ("glob", 0),
    ("ident", 0),
    // Model filters; the snapshot format; saved answers → schema; connection settings.
    ("filter", 1),
    ("snapshot", 1),
    ("convert", 1),
    ("env", 1),
    // Settings, and reading a live database (which must not know about generation).
    ("config", 2),
    ("introspect", 2),
    ("api_doc", 2),
    // Pure generation: schema + settings → files in memory.
    ("generate", 3),
    ("generate::annotation", 3),
    ("generate::docs", 3),
    ("generate::html", 3),
    ("generate::methods", 3),
    ("generate::model", 3),
    ("generate::module", 3),
    ("generate::selection", 3),
    // Files: layout, write-if-changed, --check.
    ("output", 4),
    // The entry points.
    ("build_script", 5),
    ("cli", 6),
    // lib.rs: re-exports everything.
    ("", 7),
];

/// Also checks the README's table of these layers, when it has one.
#[test]
fn imports_flow_one_way() {
    odoo_layout::check(&root().join("src"), LAYERS);
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every token of a stream, groups flattened (their delimiters dropped).
fn flat(stream: TokenStream, out: &mut Vec<String>) {
    for t in stream {
        match t {
            TokenTree::Group(g) => flat(g.stream(), out),
            other => out.push(other.to_string()),
        }
    }
}

/// odoo-codegen calls no constructor of `odoo_runtime::Error` (they are the runtime's own): it
/// converts runtime errors with `From` and makes its own with `odoo_codegen::Error`. So no
/// `odoo_runtime::Error::…` path, and no `use odoo_runtime::…` that brings `Error` in under a
/// shorter name.
#[test]
fn no_runtime_error_is_constructed_here() {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    rust_files(&root.join("tests"), &mut files);
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("tests/layout.rs")) {
        let text = std::fs::read_to_string(file).expect("read");
        let stream = TokenStream::from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not tokenize: {e}", file.display()));
        let mut tokens = Vec::new();
        flat(stream, &mut tokens);
        let joined = tokens.concat();
        if joined.contains("odoo_runtime::Error::") {
            found.push(format!("{}: `odoo_runtime::Error::…`", file.display()));
        }
        for (i, t) in tokens.iter().enumerate() {
            let from_runtime = tokens[i + 1..]
                .iter()
                .find(|t| *t != ":")
                .is_some_and(|t| t == "odoo_runtime");
            if t == "use" && from_runtime {
                let statement: Vec<&String> =
                    tokens[i..].iter().take_while(|t| *t != ";").collect();
                if statement.iter().any(|t| *t == "Error") {
                    found.push(format!("{}: `use odoo_runtime::…Error`", file.display()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "runtime errors named for construction:\n  {}",
        found.join("\n  ")
    );
}
