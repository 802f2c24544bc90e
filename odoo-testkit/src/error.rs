//! The crate's error: what [`TestServerBuilder`](crate::TestServerBuilder) refuses, what fails
//! while starting (a socket that cannot be bound, a schema file that cannot be read), and the
//! Odoo exceptions that the direct calls ([`TestServer::call`](crate::TestServer::call) and
//! friends) raise.

use std::fmt;

/// What went wrong, to match on.
///
/// ```
/// # let err = odoo_testkit::TestServer::builder().api_key("nobody", "k").start_background().unwrap_err();
/// assert_eq!(err.kind(), odoo_testkit::ErrorKind::Config);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Bad configuration: seed data that is not JSON or names an unknown model or field, an
    /// API key for an unknown login, a default for an unknown field, an invalid schema file.
    Config,
    /// An operating-system failure: the address cannot be bound, a file cannot be read, a
    /// thread or runtime cannot be started.
    Io,
    /// An exception the server raised while running a direct call, as Odoo would raise it
    /// (`odoo.exceptions.MissingError`, `builtins.ValueError`…).
    Exception,
}

/// An error of odoo-testkit.
///
/// ```
/// let server = odoo_testkit::TestServer::builder().start_background().unwrap();
/// let err = server.write("res.users", &[999], serde_json::json!({"name": "x"})).unwrap_err();
/// assert_eq!(err.kind(), odoo_testkit::ErrorKind::Exception);
/// assert_eq!(err.exception_class(), Some("odoo.exceptions.MissingError"));
/// assert!(err.to_string().starts_with("odoo.exceptions.MissingError: Record does not exist"));
/// ```
pub struct Error {
    inner: Box<Inner>,
}

enum Inner {
    Config(String),
    Io {
        context: String,
        source: std::io::Error,
    },
    Exception {
        class: &'static str,
        message: String,
        traceback: String,
    },
}

impl Error {
    pub(crate) fn config(message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner::Config(message.into())),
        }
    }

    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Error {
        Error {
            inner: Box::new(Inner::Io {
                context: context.into(),
                source,
            }),
        }
    }

    pub(crate) fn exception(class: &'static str, message: String, traceback: String) -> Error {
        Error {
            inner: Box::new(Inner::Exception {
                class,
                message,
                traceback,
            }),
        }
    }

    /// What kind of failure this is.
    ///
    /// ```
    /// let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let err = odoo_testkit::TestServer::builder()
    ///     .bind(taken.local_addr().unwrap())
    ///     .start_background()
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), odoo_testkit::ErrorKind::Io);
    /// ```
    pub fn kind(&self) -> ErrorKind {
        match &*self.inner {
            Inner::Config(_) => ErrorKind::Config,
            Inner::Io { .. } => ErrorKind::Io,
            Inner::Exception { .. } => ErrorKind::Exception,
        }
    }

    /// The qualified Python class of an [`ErrorKind::Exception`], as JSON-RPC's
    /// `error.data.name` shows it (`odoo.exceptions.UserError`, `builtins.TypeError`).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let err = server.search("no.such.model", serde_json::json!([])).unwrap_err();
    /// assert_eq!(err.exception_class(), Some("odoo.exceptions.UserError"));
    /// ```
    pub fn exception_class(&self) -> Option<&str> {
        match &*self.inner {
            Inner::Exception { class, .. } => Some(class),
            _ => None,
        }
    }

    /// The message of an [`ErrorKind::Exception`] (`str(exception)`).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let err = server.search("no.such.model", serde_json::json!([])).unwrap_err();
    /// assert_eq!(err.exception_message(), Some("Object no.such.model doesn't exist"));
    /// ```
    pub fn exception_message(&self) -> Option<&str> {
        match &*self.inner {
            Inner::Exception { message, .. } => Some(message),
            _ => None,
        }
    }

    /// The Python-shaped traceback of an [`ErrorKind::Exception`], the text XML-RPC's fault
    /// code 1 carries.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let err = server.call("res.users", "search", serde_json::json!([]), serde_json::Value::Null).unwrap_err();
    /// assert!(err.traceback().unwrap().ends_with(
    ///     "TypeError: BaseModel.search() missing 1 required positional argument: 'domain'\n"
    /// ));
    /// ```
    pub fn traceback(&self) -> Option<&str> {
        match &*self.inner {
            Inner::Exception { traceback, .. } => Some(traceback),
            _ => None,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind());
        match &*self.inner {
            Inner::Config(message) => d.field("message", message),
            Inner::Io { context, source } => d.field("context", context).field("source", source),
            Inner::Exception { class, message, .. } => {
                d.field("class", class).field("message", message)
            }
        };
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Config(message) => f.write_str(message),
            Inner::Io { context, source } => write!(f, "{context}: {source}"),
            Inner::Exception { class, message, .. } => write!(f, "{class}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.inner {
            Inner::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_static_and_one_pointer() {
        fn assert_traits<T: Send + Sync + 'static + std::error::Error>() {}
        assert_traits::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn io_errors_chain_their_source() {
        let e = Error::io(
            "cannot listen on 127.0.0.1:1",
            std::io::Error::from(std::io::ErrorKind::AddrInUse),
        );
        assert_eq!(e.kind(), ErrorKind::Io);
        assert!(std::error::Error::source(&e).is_some());
        assert!(e.to_string().starts_with("cannot listen on 127.0.0.1:1: "));
    }
}
