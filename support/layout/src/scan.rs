//! Reading a crate's `src` into an import graph: each file is read as a token stream (comments
//! and doc text are not code) and every path that starts with `crate::`, `super::`, `self::` or
//! a child module's name is resolved to the module it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// `src/a/b.rs` → `a::b`, `src/a/mod.rs` → `a`, `src/lib.rs` → `` (the root).
pub(crate) fn module_of(src: &Path, file: &Path) -> String {
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
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

pub(crate) fn join(base: &str, name: &str) -> String {
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

/// module → the modules it imports, for every `.rs` file under `src` (a binary's `main.rs` and
/// `bin/` aside: each is a crate of its own).
pub(crate) fn import_graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|f| f != &src.join("main.rs") && !f.starts_with(src.join("bin")));
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
