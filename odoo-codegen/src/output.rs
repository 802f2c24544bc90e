//! Files: writing a [`Generated`] into a directory (only what changed, removing the generated
//! files no longer generated), comparing it with one (`--check`), and writing a snapshot.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use odoo_runtime::schema::Schema;

use crate::error::Error;
use crate::generate::{Generated, HEADER_PREFIX};

/// What [`Generated::check`] found in a directory.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Staleness {
    /// Files whose content differs.
    pub changed: Vec<PathBuf>,
    /// Files that should exist and do not.
    pub missing: Vec<PathBuf>,
    /// Generated files (they carry the header) that would no longer be generated.
    pub extra: Vec<PathBuf>,
}

impl Staleness {
    /// `true` when the directory is up to date.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// One line per stale file.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (what, list) in [
            ("changed", &self.changed),
            ("missing", &self.missing),
            ("no longer generated", &self.extra),
        ] {
            for p in list {
                out.push_str(&format!("  {what}: {}\n", p.display()));
            }
        }
        out
    }
}

impl Generated {
    /// Writes the files into `dir` (created if needed), leaving files whose content is already
    /// right untouched, and removes generated files (recognized by their header) that are no
    /// longer generated. Returns how many files were written.
    ///
    /// ```
    /// use odoo_runtime::schema::{Model, Schema};
    /// let mut schema = Schema::new("19.0", "odoo19");
    /// schema.insert(Model::new("res.partner", "Contact"));
    /// let generated = odoo_codegen::Config::new().generate(&schema).unwrap();
    /// let dir = std::env::temp_dir().join(format!("odoo-codegen-doc-{}", std::process::id()));
    /// assert_eq!(generated.write_to(&dir).unwrap(), 2);
    /// assert_eq!(generated.write_to(&dir).unwrap(), 0, "nothing changed");
    /// assert!(generated.check(&dir).unwrap().is_fresh());
    /// # std::fs::remove_dir_all(&dir).unwrap();
    /// ```
    pub fn write_to(&self, dir: impl AsRef<Path>) -> Result<usize, Error> {
        let dir = dir.as_ref();
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut written = 0;
        for (rel, text) in &self.files {
            if write_if_changed(&dir.join(rel), text)? {
                written += 1;
            }
        }
        for extra in self.extra_files(dir)? {
            std::fs::remove_file(&extra).map_err(|e| Error::io(&extra, e))?;
        }
        Ok(written)
    }

    /// Compares the files with those in `dir` without writing anything (`--check`).
    pub fn check(&self, dir: impl AsRef<Path>) -> Result<Staleness, Error> {
        let dir = dir.as_ref();
        let mut staleness = Staleness::default();
        for (rel, text) in &self.files {
            let path = dir.join(rel);
            match std::fs::read_to_string(&path) {
                Ok(current) if current == *text => {}
                Ok(_) => staleness.changed.push(path),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => staleness.missing.push(path),
                Err(e) => return Err(Error::io(&path, e)),
            }
        }
        staleness.extra = self.extra_files(dir)?;
        Ok(staleness)
    }

    fn extra_files(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let expected: BTreeSet<&Path> = self.files.iter().map(|(p, _)| p.as_path()).collect();
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(Error::io(dir, e)),
        };
        let mut extra = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let name = PathBuf::from(entry.file_name());
            if name.extension().is_some_and(|e| e == "rs") && !expected.contains(name.as_path()) {
                let path = entry.path();
                let generated =
                    std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(HEADER_PREFIX));
                if generated {
                    extra.push(path);
                }
            }
        }
        extra.sort();
        Ok(extra)
    }
}

/// Writes `text` to `path` unless it already holds it (so cargo sees no change); `true` when
/// it wrote. Creates the parent directory.
pub fn write_if_changed(path: &Path, text: &str) -> Result<bool, Error> {
    if std::fs::read(path).is_ok_and(|current| current == text.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))?;
    Ok(true)
}

/// Writes the snapshot of `schema` ([`crate::snapshot::render`]) unless the file already holds
/// the same bytes; `true` when it wrote.
pub fn write_snapshot(path: &Path, schema: &Schema) -> Result<bool, Error> {
    write_if_changed(path, &crate::snapshot::render(schema))
}
