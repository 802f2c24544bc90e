//! Checks that a crate's imports flow one way, down a table of layers it declares.
//!
//! Each crate has a `tests/layout.rs` with its table and one test:
//!
//! ```no_run
//! /// Every module of the crate and its layer, lowest first. A new file must be placed here.
//! const LAYERS: &[(&str, u32)] = &[("error", 0), ("parse", 1), ("", 2)];
//!
//! #[test]
//! fn imports_flow_one_way() {
//!     let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
//!     odoo_layout::check(&src, LAYERS);
//! }
//! ```
//!
//! A module is named by its path from the crate root (`src/generate/model.rs` and
//! `src/generate/model/mod.rs` are `generate::model`); `""` is the root, `lib.rs`. The source
//! files are read as token streams (comments and doc text are not code), and every path that
//! starts with `crate::`, `super::`, `self::` or a child module's name is resolved to the module
//! it names. `mod child;` is an import of the child. An import must point to a lower layer, or
//! to a module of its own group (the same first segment: `generate::model` →
//! `generate::docs`) without a cycle. A path to an item of the crate root (`crate::Error`, a
//! re-export) counts as an import of `lib.rs`, the top: inside the crate, name the module that
//! defines the item.
//!
//! A README's architecture table for the crate (`### odoo-codegen`, then a table whose columns
//! start `| layer | files |`, a row per layer, lowest first, files named from `src` in
//! backticks, a directory `generate/` followed by its files in parentheses) is checked against
//! the same table, in every README from the crate's directory up to the workspace's.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

mod readme;
mod scan;

/// Panics, with a report of every problem found, unless the modules under `src_dir` import
/// each other only downwards through `layers`.
///
/// `layers` names every module (`"a::b"`, `""` for `lib.rs`) with its layer, lowest first by
/// convention. The report lists every upward import, every import cycle, every module file that
/// has no layer, every entry of `layers` that names no file, and every disagreement of a
/// README's architecture table for the crate with `layers` (a README without one agrees). A
/// binary's `main.rs` and `bin/` are crates of their own and are not read.
///
/// ```no_run
/// let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
/// odoo_layout::check(&src, &[("error", 0), ("", 1)]);
/// ```
pub fn check(src_dir: &Path, layers: &[(&str, u32)]) {
    let graph = scan::import_graph(src_dir);
    let mut problems = problems(&graph, layers);
    problems.extend(readme::problems(src_dir, layers));
    if !problems.is_empty() {
        let mut graph_text = String::new();
        for (from, to) in &graph {
            let to: Vec<String> = to.iter().map(|m| name(m)).collect();
            let _ = writeln!(graph_text, "  {} → {}", name(from), to.join(", "));
        }
        panic!(
            "{} does not keep to its LAYERS:\n{}\nthe imports found:\n{graph_text}",
            src_dir.display(),
            problems.join("\n")
        );
    }
}

/// Every problem of `graph` against `layers`, one paragraph each.
fn problems(graph: &BTreeMap<String, BTreeSet<String>>, layers: &[(&str, u32)]) -> Vec<String> {
    let layer = |module: &str| layers.iter().find(|(m, _)| *m == module).map(|(_, l)| *l);
    let mut problems = Vec::new();
    let unplaced: Vec<String> = graph
        .keys()
        .filter(|m| layer(m).is_none())
        .map(|m| name(m))
        .collect();
    if !unplaced.is_empty() {
        problems.push(format!(
            "modules without a layer (a new file must be given a layer in LAYERS):\n  {}",
            unplaced.join("\n  ")
        ));
    }
    let stale: Vec<String> = layers
        .iter()
        .filter(|(m, _)| !graph.contains_key(*m))
        .map(|(m, _)| name(m))
        .collect();
    if !stale.is_empty() {
        problems.push(format!(
            "LAYERS entries that name no file (remove or rename them):\n  {}",
            stale.join("\n  ")
        ));
    }
    let found = cycles(graph);
    if !found.is_empty() {
        problems.push(format!("import cycles:\n  {}", found.join("\n  ")));
    }
    let mut upward = Vec::new();
    for (from, imports) in graph {
        let Some(lf) = layer(from) else { continue };
        for to in imports {
            let Some(lt) = layer(to) else { continue };
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
    if !upward.is_empty() {
        problems.push(format!(
            "imports that do not flow down:\n  {}",
            upward.join("\n  ")
        ));
    }
    problems
}

/// A module as a report shows it: `lib` for the root.
fn name(module: &str) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.to_owned()
    }
}

/// The group a module belongs to: its first segment (`generate::model` → `generate`).
fn group(module: &str) -> &str {
    module.split("::").next().unwrap_or_default()
}

/// The groups of modules that import each other (strongly connected components with more
/// than one module, or a module importing itself), each with the imports inside it.
pub(crate) fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` under a fresh directory and reads its import graph.
    fn graph_of(files: &[(&str, &str)]) -> BTreeMap<String, BTreeSet<String>> {
        let dir = std::env::temp_dir().join(format!(
            "odoo-layout-{}-{}",
            std::process::id(),
            files.len()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("dir");
            std::fs::write(path, text).expect("write");
        }
        let graph = scan::import_graph(&dir);
        std::fs::remove_dir_all(&dir).expect("clean up");
        graph
    }

    /// The scanner finds what it is meant to find: a cycle through a grouped `use`, `super::`
    /// and a root re-export, and nothing in comments, doc text or `quote!`.
    #[test]
    fn the_scanner_sees_grouped_super_and_root_imports() {
        let graph = graph_of(&[
            ("lib.rs", "mod a; mod b; mod gen; pub use a::A;"),
            ("a.rs", "use crate::{b::{self, B}, gen};\npub struct A;"),
            ("b.rs", "//! See crate::a.\n/// [`crate::gen`]\npub struct B; fn f() { let _ = quote!(super::a::A); }"),
            ("gen/mod.rs", "mod x; mod y; pub fn g() { x::run(); }"),
            ("gen/x.rs", "pub fn run() { super::y::go(); }"),
            ("gen/y.rs", "pub fn go() { let _ = crate::A; }\n#[cfg(test)] mod tests { use super::*; }"),
            ("main.rs", "use crate::a::A;"),
            ("bin/tool.rs", "use crate::a::A;"),
        ]);
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

    /// A module without a layer, a layer without a module, a cycle and an upward import are
    /// each reported; imports inside a group are not upward.
    #[test]
    fn every_kind_of_problem_is_reported() {
        let graph = graph_of(&[
            ("lib.rs", "mod low; mod high; mod new; mod gen;"),
            ("low.rs", "use crate::high::X;"),
            ("high.rs", "pub struct X;"),
            ("new.rs", ""),
            ("gen/mod.rs", "mod a; mod b;"),
            ("gen/a.rs", "use super::b::B;"),
            ("gen/b.rs", "pub struct B;"),
        ]);
        let layers = &[
            ("low", 0),
            ("high", 1),
            ("gone", 1),
            ("gen", 2),
            ("gen::a", 2),
            ("gen::b", 2),
            ("", 3),
        ];
        assert_eq!(
            problems(&graph, layers),
            [
                "modules without a layer (a new file must be given a layer in LAYERS):\n  new",
                "LAYERS entries that name no file (remove or rename them):\n  gone",
                "imports that do not flow down:\n  low (layer 0) imports high (layer 1)",
            ]
        );
        let graph = graph_of(&[
            ("lib.rs", "mod a; pub struct R;"),
            ("a.rs", "use crate::R;"),
        ]);
        assert_eq!(
            problems(&graph, &[("a", 0), ("", 1)]),
            [
                "import cycles:\n  lib → a, a → lib",
                "imports that do not flow down:\n  a (layer 0) imports lib (layer 1)",
            ]
        );
    }
}
