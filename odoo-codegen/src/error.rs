//! The one error type of the crate.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, in a form a caller can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A setting (builder, flag, config file, environment) is missing or wrong.
    Config,
    /// A file could not be read or written.
    Io,
    /// The snapshot file is not a schema.
    Snapshot,
    /// The server could not be reached or answered with an error.
    Odoo,
    /// The generator produced code that does not parse (a bug: please report it).
    Internal,
}

/// An error of `odoo-codegen`. Its messages never contain a password or an API key.
pub struct Error {
    kind: ErrorKind,
    message: String,
    path: Option<PathBuf>,
    hint: Option<String>,
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            kind,
            message: message.into(),
            path: None,
            hint: None,
            source: None,
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Config, message)
    }

    pub(crate) fn snapshot(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Snapshot, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Internal, message)
    }

    pub(crate) fn io(path: &Path, e: std::io::Error) -> Error {
        let mut err = Error::new(ErrorKind::Io, e.to_string());
        err.path = Some(path.to_path_buf());
        err.source = Some(Box::new(e));
        err
    }

    pub(crate) fn at(mut self, path: &Path) -> Error {
        self.path = Some(path.to_path_buf());
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file involved, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The message, without the path or the hint.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<odoo_runtime::Error> for Error {
    fn from(e: odoo_runtime::Error) -> Error {
        let kind = if e.kind() == odoo_runtime::ErrorKind::Builder {
            ErrorKind::Config
        } else {
            ErrorKind::Odoo
        };
        let mut err = Error::new(kind, e.to_string());
        err.source = Some(Box::new(e));
        err
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}: ", path.display())?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.kind)
            .field("message", &self.message)
            .field("path", &self.path)
            .field("hint", &self.hint)
            .finish_non_exhaustive()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}
