//! A README's architecture table for a crate, checked against the crate's layers.
//!
//! The table is the first one under a heading that names the crate (`### odoo-codegen`) and
//! has the columns `layer` and `files`, a row per layer, lowest first:
//!
//! ```text
//! | layer | files | what |
//! | --- | --- | --- |
//! | leaves | `error.rs`, `glob.rs` | … |
//! | generation | `generate/` (`model.rs`, `docs.rs`) | … |
//! ```
//!
//! Files are named from `src` in backticks; a directory (`generate/`) is its `mod.rs`, and the
//! names in the parentheses after it are its files.

use std::collections::BTreeMap;
use std::path::Path;

use crate::name;
use crate::scan::join;

/// Every disagreement between `layers` and the architecture tables of the crate under
/// `src_dir` in the READMEs from the crate's directory up to the workspace's, one paragraph
/// per README that disagrees.
///
/// A table agrees when it lists exactly the modules of `layers` (the root, `lib.rs`, aside),
/// every file in one row, and no row holds a module of a higher layer than a later row's. A
/// README with no table for the crate (no heading naming it, or no `layer` and `files` columns
/// under it) agrees: the crate's layers are not described there yet.
pub(crate) fn problems(src_dir: &Path, layers: &[(&str, u32)]) -> Vec<String> {
    let Some(crate_dir) = src_dir.parent() else {
        return Vec::new();
    };
    let crate_name = package_name(crate_dir);
    let mut out = Vec::new();
    for dir in crate_dir.ancestors() {
        let readme = dir.join("README.md");
        if let Ok(text) = std::fs::read_to_string(&readme) {
            let problems = disagreements(&text, &crate_name, layers);
            if !problems.is_empty() {
                out.push(format!(
                    "the table of {crate_name} in {} disagrees with LAYERS:\n  {}",
                    readme.display(),
                    problems.join("\n  ")
                ));
            }
        }
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        if manifest.lines().any(|l| l.trim() == "[workspace]") {
            break;
        }
    }
    out
}

/// The package name in the crate's `Cargo.toml` (its directory's name without one).
fn package_name(crate_dir: &Path) -> String {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap_or_default();
    let in_package = manifest
        .lines()
        .skip_while(|l| l.trim() != "[package]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['));
    for line in in_package {
        if let Some((key, value)) = line.split_once('=') {
            if key.trim() == "name" {
                return value.trim().trim_matches('"').to_owned();
            }
        }
    }
    crate_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Every way the crate's table in `text` disagrees with `layers` (none without a table).
fn disagreements(text: &str, crate_name: &str, layers: &[(&str, u32)]) -> Vec<String> {
    let Some(rows) = table(text, crate_name) else {
        return Vec::new();
    };
    let layer = |module: &str| layers.iter().find(|(m, _)| *m == module).map(|(_, l)| *l);
    let mut problems = Vec::new();
    let mut row_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut previous: Option<(String, u32)> = None;
    for (i, (label, modules)) in rows.iter().enumerate() {
        let mut known = Vec::new();
        for module in modules {
            if let Some(first) = row_of.insert(module.clone(), i) {
                problems.push(format!(
                    "`{module}` is in the rows `{}` and `{label}`",
                    rows[first].0
                ));
            }
            match layer(module) {
                Some(l) => known.push((module, l)),
                None => problems.push(format!(
                    "row `{label}` names `{module}`, which has no layer in LAYERS"
                )),
            }
        }
        let Some(&(low, min)) = known.iter().min_by_key(|(_, l)| *l) else {
            continue;
        };
        if let Some((higher, max)) = &previous {
            if *max > min {
                problems.push(format!(
                    "row `{label}` has `{low}` (layer {min}) below `{higher}` (layer {max}) of an earlier row"
                ));
            }
        }
        if let Some(&(high, max)) = known.iter().max_by_key(|(_, l)| *l) {
            previous = Some((high.clone(), max));
        }
    }
    for (module, _) in layers {
        if !module.is_empty() && !row_of.contains_key(*module) {
            problems.push(format!("`{}` is in LAYERS but in no row", name(module)));
        }
    }
    problems
}

/// The rows of the crate's table: each row's first cell and the modules its `files` cell
/// names. `None` when the README has no such table.
fn table(text: &str, crate_name: &str) -> Option<Vec<(String, Vec<String>)>> {
    let mut lines = text.lines();
    lines
        .find(|line| line.starts_with('#') && line.trim_start_matches('#').trim() == crate_name)?;
    let mut lines = lines
        .take_while(|line| !line.starts_with('#'))
        .skip_while(|line| !line.starts_with('|'));
    let header = cells(lines.next()?);
    let files = header.iter().position(|c| c == "files")?;
    if header.first().map(String::as_str) != Some("layer") {
        return None;
    }
    let rows = lines
        .skip(1) // the `| --- |` line
        .take_while(|line| line.starts_with('|'))
        .map(|line| {
            let cells = cells(line);
            let label = cells.first().cloned().unwrap_or_default();
            let modules = cells.get(files).map(|c| modules(c)).unwrap_or_default();
            (label, modules)
        })
        .collect();
    Some(rows)
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}

/// The modules a `files` cell names: `` `a.rs` `` → `a`, `` `b/` (`c.rs`) `` → `b`, `b::c`.
fn modules(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut dir: Option<String> = None;
    let mut depth = 0;
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    dir = None;
                }
            }
            '`' => {
                let inner = &rest[1..];
                let Some(end) = inner.find('`') else { break };
                let path = &inner[..end];
                let module = match (&dir, depth) {
                    (Some(dir), d) if d > 0 => join(dir, &module_path(path)),
                    _ => module_path(path),
                };
                if path.ends_with('/') {
                    dir = Some(module.clone());
                }
                out.push(module);
                rest = &inner[end + 1..];
                continue;
            }
            _ => {}
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// `a/b.rs` → `a::b`, `a/mod.rs` and `a/` → `a`.
fn module_path(path: &str) -> String {
    let path = path.trim_end_matches('/').trim_end_matches(".rs");
    let path = path.strip_suffix("/mod").unwrap_or(path);
    path.replace('/', "::")
}

#[cfg(test)]
mod tests {
    use super::*;

    const README: &str = "\
# Title

### odoo-other

| file | what |
| --- | --- |
| `x.rs` | not a layer table |

### odoo-thing

Some words.

| layer | files | what |
| --- | --- | --- |
| leaves | `error.rs`, `ident.rs` | the error |
| generation | `generate/` (`model.rs`, `docs.rs`), `out/mod.rs` | files |

## Next
";

    const LAYERS: &[(&str, u32)] = &[
        ("error", 0),
        ("ident", 0),
        ("generate", 1),
        ("generate::model", 1),
        ("generate::docs", 1),
        ("out", 2),
        ("", 3),
    ];

    #[test]
    fn a_table_that_matches_passes_and_one_without_layers_is_not_read() {
        assert_eq!(
            disagreements(README, "odoo-thing", LAYERS),
            Vec::<String>::new()
        );
        assert_eq!(
            disagreements(README, "odoo-other", LAYERS),
            Vec::<String>::new()
        );
        assert_eq!(
            disagreements(README, "odoo-absent", LAYERS),
            Vec::<String>::new()
        );
    }

    #[test]
    fn every_disagreement_is_reported() {
        let layers = &[
            ("error", 1),
            ("ident", 0),
            ("generate", 0),
            ("new", 0),
            ("", 3),
        ];
        assert_eq!(
            disagreements(README, "odoo-thing", layers),
            [
                "row `generation` names `generate::model`, which has no layer in LAYERS",
                "row `generation` names `generate::docs`, which has no layer in LAYERS",
                "row `generation` names `out`, which has no layer in LAYERS",
                "row `generation` has `generate` (layer 0) below `error` (layer 1) of an earlier row",
                "`new` is in LAYERS but in no row",
            ]
        );
    }

    /// The READMEs are found from the crate's directory up to the workspace's, and the crate
    /// is named by its package name.
    #[test]
    fn the_readmes_up_to_the_workspace_are_read() {
        let root = std::env::temp_dir().join(format!("odoo-layout-readme-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let src = root.join("crates/thing/src");
        std::fs::create_dir_all(&src).expect("dir");
        let write = |path: &str, text: &str| std::fs::write(root.join(path), text).expect("write");
        write("Cargo.toml", "[workspace]\nmembers = []\n");
        write("README.md", README);
        write(
            "crates/thing/Cargo.toml",
            "[package]\nname = \"odoo-thing\"\n",
        );
        write("crates/thing/README.md", "no table here\n");
        let agree = problems(&src, LAYERS);
        let disagree = problems(&src, &[("error", 0), ("", 1)]);
        std::fs::remove_dir_all(&root).expect("clean up");
        assert_eq!(agree, Vec::<String>::new());
        assert_eq!(disagree.len(), 1, "{disagree:?}");
        assert!(
            disagree[0].starts_with("the table of odoo-thing in ")
                && disagree[0].contains("names `ident`, which has no layer"),
            "{disagree:?}"
        );
    }
}
