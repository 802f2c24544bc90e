//! Imports flow one way (STYLE.md 21): filters → settings → generate (pure) → output (files) →
//! build script / CLI, and nothing lower imports something higher.
//!
//! The source files are read as token streams (comments and doc text are not code) and every
//! path that starts with `crate::`, `super::`, `self::` or a child module's name is resolved to
//! the module it names. Each module has a layer; an import must point to a lower layer (or,
//! inside `generate/`, to a sibling, without a cycle). A path to an item of the crate root
//! (`crate::Error`, a re-export) counts as an import of `lib.rs`, the top layer: inside the
//! crate, name the module that defines the item.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

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

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The group a module belongs to: its first segment (`generate::model` → `generate`).
fn group(module: &str) -> &str {
    module.split("::").next().unwrap_or_default()
}

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`, `src/lib.rs` → `` (the root).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("a file under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
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

fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_owned()
    } else {
        format!("{base}::{name}")
    }
}

fn parent(module: &str) -> String {
    module
        .rsplit_once("::")
        .map(|(p, _)| p.to_owned())
        .unwrap_or_default()
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!((tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':')
}

struct Scan<'a> {
    modules: &'a BTreeSet<String>,
    /// The file's module: every import found is an edge from it.
    file_module: String,
    imports: BTreeSet<String>,
}

impl Scan<'_> {
    /// Walks a token stream; `current` is the module the tokens are in (an inline `mod tests`
    /// is a module of its own for `super::`, but its imports are the file's).
    fn walk(&mut self, stream: TokenStream, current: &str) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                // `quote!(super::#ty)` is generated code, not an import.
                TokenTree::Ident(id)
                    if (id == "quote" || id == "quote_spanned")
                        && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') =>
                {
                    i += 3;
                    continue;
                }
                TokenTree::Ident(id) if id == "mod" => match (tokens.get(i + 1), tokens.get(i + 2))
                {
                    // An inline module: `mod tests { … }`.
                    (Some(TokenTree::Ident(name)), Some(TokenTree::Group(g)))
                        if g.delimiter() == Delimiter::Brace =>
                    {
                        self.walk(g.stream(), &join(current, &name.to_string()));
                        i += 3;
                        continue;
                    }
                    // `mod child;` is an edge too: a child that imports its parent closes a
                    // cycle (so `crate::Error` inside the crate is one: name `crate::error`).
                    (Some(TokenTree::Ident(name)), _) => {
                        let child = join(current, &name.to_string());
                        if self.modules.contains(&child) {
                            self.record(&child);
                        }
                    }
                    _ => {}
                },
                TokenTree::Ident(id)
                    if is_path_sep(&tokens, i + 1) && !(i >= 2 && is_path_sep(&tokens, i - 2)) =>
                {
                    let id = id.to_string();
                    let base = match id.as_str() {
                        "crate" => Some(String::new()),
                        "super" => Some(parent(current)),
                        "self" => Some(current.to_owned()),
                        child if self.modules.contains(&join(current, child)) => {
                            Some(join(current, child))
                        }
                        _ => None,
                    };
                    if let Some(base) = base {
                        i = self.path(&tokens, i + 1, base);
                        continue;
                    }
                }
                TokenTree::Group(g) => self.walk(g.stream(), current),
                _ => {}
            }
            i += 1;
        }
    }

    /// Follows `::segment` from `base` while the segments name modules; records the module
    /// reached. Returns the index after the path.
    fn path(&mut self, tokens: &[TokenTree], mut i: usize, mut base: String) -> usize {
        while is_path_sep(tokens, i) {
            match tokens.get(i + 2) {
                Some(TokenTree::Ident(next)) if next == "super" => {
                    base = parent(&base);
                    i += 3;
                }
                Some(TokenTree::Ident(next))
                    if self.modules.contains(&join(&base, &next.to_string())) =>
                {
                    base = join(&base, &next.to_string());
                    i += 3;
                }
                // `use crate::{a::X, b}`: each branch from here.
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => {
                    let inner: Vec<TokenTree> = g.stream().into_iter().collect();
                    for branch in
                        inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                    {
                        self.branch(branch, &base);
                    }
                    return i + 3;
                }
                _ => break,
            }
        }
        self.record(&base);
        i
    }

    fn branch(&mut self, branch: &[TokenTree], base: &str) {
        match branch.first() {
            Some(TokenTree::Ident(first)) if first == "self" => self.record(base),
            Some(TokenTree::Ident(first))
                if self.modules.contains(&join(base, &first.to_string())) =>
            {
                let start = join(base, &first.to_string());
                let mut rest = vec![TokenTree::Ident(first.clone())];
                rest.extend(branch[1..].iter().cloned());
                self.path(&rest, 1, start);
            }
            Some(_) => self.record(base),
            None => {}
        }
    }

    fn record(&mut self, target: &str) {
        if target != self.file_module {
            self.imports.insert(target.to_owned());
        }
    }
}

/// module → the modules it imports, for every `.rs` file under `src` (the binary's `main.rs`
/// aside: it is a crate of its own).
fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| f != &src.join("main.rs"));
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(src, f)).collect();
    let mut graph = BTreeMap::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).expect("read a source file");
        let tokens = TokenStream::from_str(&text)
            .unwrap_or_else(|e| panic!("{} does not tokenize: {e}", file.display()));
        let mut scan = Scan {
            modules: &modules,
            file_module: module.clone(),
            imports: BTreeSet::new(),
        };
        scan.walk(tokens, &module);
        graph.insert(module, scan.imports);
    }
    graph
}

/// The groups of modules that import each other (strongly connected components with more
/// than one module, or a module importing itself), each with the imports inside it.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_owned()];
        while let Some(n) = todo.pop() {
            for next in graph.get(&n).into_iter().flatten() {
                if seen.insert(next.clone()) {
                    todo.push(next.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|n| (n, reach(n))).collect();
    let name = |m: &str| {
        if m.is_empty() {
            "lib".to_owned()
        } else {
            m.to_owned()
        }
    };
    let mut groups: BTreeSet<Vec<String>> = BTreeSet::new();
    for (n, r) in &reachable {
        if !r.contains(*n) {
            continue;
        }
        let members: Vec<String> = reachable
            .iter()
            .filter(|(m, rm)| rm.contains(*n) && r.contains(**m))
            .map(|(m, _)| (*m).clone())
            .collect();
        groups.insert(members);
    }
    groups
        .into_iter()
        .map(|members| {
            let edges: Vec<String> = members
                .iter()
                .flat_map(|from| {
                    graph[from]
                        .iter()
                        .filter(|to| members.contains(to))
                        .map(move |to| format!("{} → {}", name(from), name(to)))
                })
                .collect();
            edges.join(", ")
        })
        .collect()
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn imports_flow_one_way() {
    let graph = import_graph(&src());
    let name = |m: &str| {
        if m.is_empty() {
            "lib".to_owned()
        } else {
            m.to_owned()
        }
    };
    let unplaced: Vec<String> = graph
        .keys()
        .filter(|m| layer(m).is_none())
        .map(|m| name(m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer in LAYERS: {unplaced:?}"
    );

    for (from, to) in &graph {
        let to: Vec<String> = to.iter().map(|m| name(m)).collect();
        eprintln!("{} → {}", name(from), to.join(", "));
    }
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles:\n  {}", found.join("\n  "));

    let mut upward = Vec::new();
    for (from, imports) in &graph {
        for to in imports {
            let (lf, lt) = (layer(from).unwrap_or(0), layer(to).unwrap_or(u32::MAX));
            let sibling = group(from) == group(to) && !from.is_empty() && !to.is_empty();
            if lt >= lf && !sibling {
                upward.push(format!(
                    "{} (layer {lf}) imports {} (layer {lt})",
                    name(from),
                    name(to)
                ));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not flow down:\n  {}",
        upward.join("\n  ")
    );
}

/// The scanner finds what it is meant to find: a cycle through a grouped `use`, `super::` and
/// a root re-export, and nothing in comments, doc text or `quote!`.
#[test]
fn the_scanner_sees_grouped_super_and_root_imports() {
    let dir = std::env::temp_dir().join(format!("odoo-codegen-layout-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("gen")).expect("dir");
    let files = [
        ("lib.rs", "mod a; mod b; mod gen; pub use a::A;"),
        ("a.rs", "use crate::{b::{self, B}, gen};\npub struct A;"),
        ("b.rs", "//! See crate::a.\n/// [`crate::gen`]\npub struct B; fn f() { let _ = quote!(super::a::A); }"),
        ("gen/mod.rs", "mod x; mod y; pub fn g() { x::run(); }"),
        ("gen/x.rs", "pub fn run() { super::y::go(); }"),
        ("gen/y.rs", "pub fn go() { let _ = crate::A; }\n#[cfg(test)] mod tests { use super::*; }"),
    ];
    for (path, text) in files {
        std::fs::write(dir.join(path), text).expect("write");
    }
    let graph = import_graph(&dir);
    std::fs::remove_dir_all(&dir).expect("clean up");
    let edges: Vec<String> = graph
        .iter()
        .flat_map(|(from, to)| to.iter().map(move |t| format!("{from}->{t}")))
        .collect();
    assert_eq!(
        edges,
        [
            "->a",
            "->b",
            "->gen",
            "a->b",
            "a->gen",
            "gen->gen::x",
            "gen->gen::y",
            "gen::x->gen::y",
            "gen::y->"
        ],
        "{graph:?}"
    );
    assert_eq!(
        cycles(&graph),
        ["lib → a, lib → gen, a → gen, gen → gen::x, gen → gen::y, gen::x → gen::y, gen::y → lib"]
    );
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
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
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
