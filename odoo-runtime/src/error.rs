//! One error type for everything a call can run into, with a kind per thing a caller can act on.
//!
//! ```
//! use odoo_runtime::{Error, ErrorKind};
//!
//! fn explain(e: &Error) -> &'static str {
//!     match e.kind() {
//!         ErrorKind::AccessDenied => "check the login, password or API key",
//!         ErrorKind::AccessError => "the user lacks the rights for this",
//!         ErrorKind::MissingRecord => "the record was deleted",
//!         ErrorKind::UserError => "Odoo refused the operation; show e.server_message()",
//!         ErrorKind::ServerError => "a bug or bad argument on the server; see e.traceback()",
//!         ErrorKind::Transport => "network, proxy or HTTP trouble; maybe retry",
//!         ErrorKind::Decode => "the response did not have the expected shape",
//!         _ => "something else",
//!     }
//! }
//! // A fault as Odoo 19 sends it over XML-RPC (code 4: an access error).
//! let fault = b"<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n\
//!     <member>\n<name>faultCode</name>\n<value><int>4</int></value>\n</member>\n<member>\n\
//!     <name>faultString</name>\n<value><string>You are not allowed to access 'Contact' \
//!     (res.partner) records.</string></value>\n</member>\n</struct></value>\n</fault>\n\
//!     </methodResponse>\n";
//! let e = odoo_runtime::xmlrpc::decode_response::<i64>(fault).unwrap_err();
//! assert_eq!(explain(&e), "the user lacks the rights for this");
//! ```

use std::fmt::{self, Display};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong, at the level a caller can act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The client was configured with bad input (reported by `build()`), or used where it
    /// cannot work: the blocking client inside an async runtime, `api_doc` without an API key.
    Builder,
    /// The request never got a usable answer: connection refused or reset, timeout, an HTTP
    /// status the protocol does not use for errors, a body that is not the protocol's format
    /// (a proxy's HTML page), a truncated body. See [`Error::is_timeout`],
    /// [`Error::is_connect`] and [`Error::status`].
    Transport,
    /// Authentication failed: a wrong login, password or API key (XML-RPC fault 3, JSON-2 401,
    /// `authenticate` returning `false`).
    AccessDenied,
    /// The user may not do this: access rules, record rules, a private method (XML-RPC fault 4,
    /// JSON-2 403).
    AccessError,
    /// A record the call needs does not exist or was deleted (`MissingError`).
    MissingRecord,
    /// Odoo refused the operation with a message meant for the user: `UserError`,
    /// `ValidationError`, a missing required value, an unknown model (XML-RPC fault 2, JSON-2 422).
    UserError,
    /// The server failed: an exception with a traceback (XML-RPC fault 1, JSON-2 500), such as
    /// `ValueError: Invalid field …`.
    ServerError,
    /// The response could not be decoded into the requested type.
    Decode,
    /// The request could not be encoded (a NaN, an integer beyond 64 bits, …).
    Encode,
}

/// The code of an XML-RPC fault: an integer on `/xmlrpc/2`, a string on the legacy `/xmlrpc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FaultCode {
    /// `/xmlrpc/2`: 1 server error, 2 user error, 3 access denied, 4 access error.
    Int(i64),
    /// The legacy `/xmlrpc`: `AccessDenied`, `warning -- MissingError\n\n…`, …
    String(String),
}

/// What the server said when it refused or failed a call.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fault {
    /// The XML-RPC fault code, when the error came as an XML-RPC fault.
    pub code: Option<FaultCode>,
    /// The exception class, when the server named it or the traceback shows it:
    /// `odoo.exceptions.ValidationError` (JSON-2, JSON-RPC), `ValueError` (an XML-RPC traceback).
    pub class: Option<String>,
    /// The message meant for people.
    pub message: String,
    /// The server's traceback, when it sent one.
    pub traceback: Option<String>,
}

/// Where a decode error happened and what was expected there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeContext {
    /// The model whose record was being decoded.
    pub model: Option<String>,
    /// The position of the record in the response.
    pub record_index: Option<usize>,
    /// The id of the record, when it was read before the error.
    pub record_id: Option<i64>,
    /// The Odoo field name.
    pub field: Option<String>,
    /// What the decoder expected, e.g. `a string`.
    pub expected: Option<String>,
    /// What it found, e.g. `false`.
    pub found: Option<String>,
}

// A serde error message can only carry text. Derived decoders tag the message with where the
// error happened; `split_context` turns the tag back into a `DecodeContext` when the message
// becomes an `Error`. The tag is `\u{1}odoo` + `model\u{1}id\u{1}field\u{1}` + message.
const TAG: &str = "\u{1}odoo";
const SEP: char = '\u{1}';

/// A serde error naming the model, the record id (when known) and the field.
pub(crate) fn field_error<E: serde::de::Error>(
    model: &str,
    id: Option<i64>,
    field: &str,
    inner: impl Display,
) -> E {
    // `{:#}`: an inner `Error` gives its message alone, not `decode error: …` again.
    let inner = format!("{inner:#}");
    // An inner error that is already tagged (a nested record) keeps its own, deeper context.
    if inner.starts_with(TAG) {
        return E::custom(inner);
    }
    let id = id.map(|i| i.to_string()).unwrap_or_default();
    E::custom(format_args!(
        "{TAG}{model}{SEP}{id}{SEP}{field}{SEP}{inner}"
    ))
}

/// Splits a tagged message into its text and context (see [`field_error`]). Untagged messages
/// come back unchanged, with no context.
pub(crate) fn split_context(message: &str) -> (String, Option<DecodeContext>) {
    let Some(start) = message.find(TAG) else {
        return (message.to_owned(), None);
    };
    let before = &message[..start];
    let mut parts = message[start + TAG.len()..].splitn(4, SEP);
    let (Some(model), Some(id), Some(field), Some(rest)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return (message.replace(SEP, " "), None);
    };
    let mut ctx = DecodeContext {
        model: (!model.is_empty()).then(|| model.to_owned()),
        record_id: id.parse().ok(),
        field: (!field.is_empty()).then(|| field.to_owned()),
        ..DecodeContext::default()
    };
    // serde's "invalid type: X, expected Y" becomes found/expected.
    if let Some(body) = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))
    {
        if let Some((found, expected)) = body.split_once(", expected ") {
            ctx.found = Some(found.to_owned());
            ctx.expected = Some(
                expected
                    .split(" at line ")
                    .next()
                    .unwrap_or(expected)
                    .to_owned(),
            );
        }
    }
    (format!("{before}{rest}"), Some(ctx))
}

/// The error of every fallible operation in this crate.
///
/// It is opaque: match on [`Error::kind`] and read details through the accessors. Neither its
/// `Debug` nor its `Display` ever contains a password or an API key: errors are built from
/// server messages and from the client's non-secret settings only. Both are bounded: text
/// from a server (a message, a bad value) is shown up to a few hundred characters, with an
/// ellipsis and its full length; the whole of it stays in [`Error::fault`] and
/// [`Error::server_message`].
///
/// It is one pointer wide, `Send`, `Sync` and `'static`, so it travels through `?`, across
/// tasks and into `Box<dyn std::error::Error + Send + Sync>`.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    message: String,
    status: Option<u16>,
    cause: Cause,
    fault: Option<Fault>,
    decode: Option<DecodeContext>,
    /// Whether the message already shows the decode context's `expected` and `found`.
    found_in_message: bool,
    source: Option<BoxError>,
}

/// Why a request got no answer, for [`Error::is_timeout`], [`Error::is_connect`] and the
/// retry policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Nothing particular (or not a transport error).
    None,
    /// No answer in time.
    Timeout,
    /// No connection: the request never reached the server.
    Connect,
    /// The connection closed or was reset before the whole answer came: the server may or
    /// may not have run the request.
    Interrupted,
    /// A limit on a size was reached: the client's body cap, a caller's maximum file size, or
    /// the server's maximum request size (HTTP 413).
    TooLarge,
}

/// The most characters of server text (a message, a value) that `Display` and `Debug` show.
pub(crate) const SHOWN_CHARS: usize = 300;

/// `text` as shown in messages: whole when short; else its start, an ellipsis, its end and its
/// length in bytes (the end keeps what follows a long value, e.g. `expected i64`). What it
/// returns is short: bounding twice changes nothing.
pub(crate) fn bounded(text: &str) -> std::borrow::Cow<'_, str> {
    const HEAD: usize = SHOWN_CHARS * 2 / 3;
    const TAIL: usize = SHOWN_CHARS / 6;
    if text.len() <= SHOWN_CHARS || text.char_indices().nth(SHOWN_CHARS).is_none() {
        return text.into();
    }
    let head_end = text.char_indices().nth(HEAD).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .rev()
        .nth(TAIL - 1)
        .map_or(head_end, |(i, _)| i.max(head_end));
    format!(
        "{}…{} ({} bytes in all)",
        &text[..head_end],
        &text[tail_start..],
        text.len()
    )
    .into()
}

impl Error {
    fn new(kind: ErrorKind, message: impl Into<String>) -> Error {
        Error {
            inner: Box::new(Inner {
                kind,
                message: message.into(),
                status: None,
                cause: Cause::None,
                fault: None,
                decode: None,
                found_in_message: false,
                source: None,
            }),
        }
    }

    /// An error whose message holds text from elsewhere (a server's, a value's): bounded.
    fn new_bounded(kind: ErrorKind, message: impl Into<String>) -> Error {
        let message = message.into();
        let message = match bounded(&message) {
            std::borrow::Cow::Borrowed(_) => message,
            std::borrow::Cow::Owned(short) => short,
        };
        Error::new(kind, message)
    }

    /// What kind of error this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status, when the error came with one.
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// `true` when the call timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.cause == Cause::Timeout
    }

    /// `true` when no connection could be made (refused, DNS failure, TLS handshake).
    pub fn is_connect(&self) -> bool {
        self.inner.cause == Cause::Connect
    }

    /// `true` when a size limit stopped the call: an answer beyond `max_response_bytes`, a
    /// file beyond the maximum a download or an upload was given, or a request the server
    /// refused as too large (HTTP 413; Odoo takes at most 128 MiB per request).
    pub fn is_too_large(&self) -> bool {
        self.inner.cause == Cause::TooLarge
    }

    /// Why a transport error got no answer.
    pub(crate) fn cause(&self) -> Cause {
        self.inner.cause
    }

    /// `true` for [`ErrorKind::AccessDenied`].
    pub fn is_access_denied(&self) -> bool {
        self.kind() == ErrorKind::AccessDenied
    }

    /// `true` for [`ErrorKind::MissingRecord`].
    pub fn is_missing_record(&self) -> bool {
        self.kind() == ErrorKind::MissingRecord
    }

    /// `true` for [`ErrorKind::Decode`].
    pub fn is_decode(&self) -> bool {
        self.kind() == ErrorKind::Decode
    }

    /// What the server said, when the error came from the server: its message and traceback
    /// whole, however long.
    pub fn fault(&self) -> Option<&Fault> {
        self.inner.fault.as_ref()
    }

    /// The server's exception class, e.g. `odoo.exceptions.ValidationError` or `ValueError`.
    pub fn exception_class(&self) -> Option<&str> {
        self.fault().and_then(|f| f.class.as_deref())
    }

    /// The server's message meant for people, whole (`Display` shows at most a few hundred
    /// characters of it).
    pub fn server_message(&self) -> Option<&str> {
        self.fault().map(|f| f.message.as_str())
    }

    /// The server's traceback, when it sent one.
    pub fn traceback(&self) -> Option<&str> {
        self.fault().and_then(|f| f.traceback.as_deref())
    }

    /// Where a decode error happened.
    pub fn decode_context(&self) -> Option<&DecodeContext> {
        self.inner.decode.as_ref()
    }

    /// The short description this error displays (without the kind prefix), bounded.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    // ----- constructors, for this crate only -----

    /// A configuration error reported by a builder, or an API used where it cannot work.
    pub(crate) fn builder(message: impl Into<String>) -> Error {
        Error::new(ErrorKind::Builder, message)
    }

    /// A request that could not be encoded.
    pub(crate) fn encode(message: impl Into<String>) -> Error {
        Error::new_bounded(ErrorKind::Encode, message)
    }

    /// A response that could not be decoded, described by a message only.
    pub(crate) fn decode_message(message: impl Into<String>) -> Error {
        Error::new_bounded(ErrorKind::Decode, message)
    }

    /// A response that could not be decoded, with where it happened. What was expected and
    /// found is shown once: not again when the message already says it.
    pub(crate) fn decode(message: impl Into<String>, mut context: DecodeContext) -> Error {
        let message = message.into();
        // A long value may already be bounded in the message (an error re-made with its
        // position): its start is enough to tell.
        let found_in_message = context.found.as_deref().is_some_and(|f| {
            let start = f.char_indices().nth(60).map_or(f, |(i, _)| &f[..i]);
            message.contains(start)
        });
        for text in [&mut context.found, &mut context.expected]
            .into_iter()
            .flatten()
        {
            if let std::borrow::Cow::Owned(short) = bounded(text) {
                *text = short;
            }
        }
        let mut e = Error::new_bounded(ErrorKind::Decode, message);
        e.inner.decode = Some(context);
        e.inner.found_in_message = found_in_message;
        e
    }

    /// A transport failure with a message and an optional HTTP status.
    pub(crate) fn transport(message: impl Into<String>, status: Option<u16>) -> Error {
        let mut e = Error::new(ErrorKind::Transport, message);
        e.inner.status = status;
        e
    }

    /// A transport failure for `cause`.
    pub(crate) fn transport_cause(message: impl Into<String>, cause: Cause) -> Error {
        let mut e = Error::new(ErrorKind::Transport, message);
        e.inner.cause = cause;
        e
    }

    /// A timeout.
    #[cfg(test)]
    pub(crate) fn timeout(message: impl Into<String>) -> Error {
        Error::transport_cause(message, Cause::Timeout)
    }

    /// A failure to connect.
    #[cfg(test)]
    pub(crate) fn connect(message: impl Into<String>) -> Error {
        Error::transport_cause(message, Cause::Connect)
    }

    /// Attaches an underlying cause.
    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Error {
        self.inner.source = Some(source.into());
        self
    }

    /// Attaches an HTTP status.
    pub(crate) fn with_status(mut self, status: u16) -> Error {
        self.inner.status = Some(status);
        self
    }

    /// Adds a sentence to what the error displays, e.g. the Odoo versions of the bindings and
    /// of the server behind an unknown field. The server's own message
    /// ([`Error::server_message`]) stays as it was.
    pub(crate) fn with_sentence(mut self, note: impl AsRef<str>) -> Error {
        let note = note.as_ref();
        if !note.is_empty() && !self.inner.message.contains(note) {
            if !self.inner.message.is_empty() {
                self.inner.message.push_str(" — ");
            }
            self.inner.message.push_str(note);
        }
        self
    }

    /// Adds a remark to the message, e.g. how many attempts were made.
    pub(crate) fn with_note(mut self, note: &str) -> Error {
        self.inner.message.push_str(note);
        self
    }

    /// Failed authentication: names the login and the database, never the secret.
    pub(crate) fn access_denied(login: &str, database: &str) -> Error {
        Error::new(
            ErrorKind::AccessDenied,
            format!("authentication failed for login `{login}` on database `{database}`"),
        )
    }

    /// An error the server reported, with an explicit kind. The message shows the first line
    /// of the server's, bounded; the fault keeps it whole.
    pub(crate) fn server(kind: ErrorKind, fault: Fault) -> Error {
        let mut e = Error::new_bounded(kind, bounded(first_line(&fault.message)).into_owned());
        e.inner.fault = Some(fault);
        e
    }
}

/// The error kind for an exception class name, with or without its module path.
pub(crate) fn kind_of_class(class: &str) -> ErrorKind {
    let short = class.rsplit('.').next().unwrap_or(class);
    match short {
        "AccessDenied" | "Unauthorized" | "SessionExpiredException" => ErrorKind::AccessDenied,
        "AccessError" | "Forbidden" => ErrorKind::AccessError,
        "MissingError" => ErrorKind::MissingRecord,
        "UserError"
        | "ValidationError"
        | "RedirectWarning"
        | "CacheMiss"
        | "LockError"
        | "UnprocessableEntity"
        | "Conflict"
        | "Warning"
        | "except_orm" => ErrorKind::UserError,
        _ => ErrorKind::ServerError,
    }
}

fn first_line(s: &str) -> &str {
    s.lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim()
}

impl fmt::Display for Error {
    /// `kind (HTTP status) [class]: message (at where)`; the alternate form (`{:#}`) is the
    /// message alone, for an error that becomes part of another one's message.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f.write_str(&self.inner.message);
        }
        let what = match self.inner.kind {
            ErrorKind::Builder => "invalid client configuration",
            ErrorKind::Transport if self.is_timeout() => "timed out",
            ErrorKind::Transport if self.is_connect() => "could not connect",
            ErrorKind::Transport => "transport error",
            ErrorKind::AccessDenied => "access denied",
            ErrorKind::AccessError => "access error",
            ErrorKind::MissingRecord => "missing record",
            ErrorKind::UserError => "user error",
            ErrorKind::ServerError => "server error",
            ErrorKind::Decode => "decode error",
            ErrorKind::Encode => "encode error",
        };
        f.write_str(what)?;
        if let Some(status) = self.inner.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(class) = self.exception_class() {
            write!(f, " [{}]", bounded(class))?;
        }
        if !self.inner.message.is_empty() {
            write!(f, ": {}", self.inner.message)?;
        }
        if let Some(d) = &self.inner.decode {
            let mut parts = Vec::new();
            if let Some(m) = &d.model {
                parts.push(format!("model `{m}`"));
            }
            if let Some(i) = d.record_index {
                parts.push(format!("record #{i}"));
            }
            if let Some(id) = d.record_id {
                parts.push(format!("id {id}"));
            }
            if let Some(field) = &d.field {
                parts.push(format!("field `{field}`"));
            }
            if let (Some(exp), Some(found), false) =
                (&d.expected, &d.found, self.inner.found_in_message)
            {
                parts.push(format!("expected {exp}, found {found}"));
            }
            if !parts.is_empty() {
                write!(f, " (at {})", parts.join(", "))?;
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("odoo_runtime::Error");
        d.field("kind", &self.inner.kind)
            .field("message", &self.inner.message);
        if let Some(s) = self.inner.status {
            d.field("status", &s);
        }
        if self.inner.cause != Cause::None {
            d.field("cause", &self.inner.cause);
        }
        if let Some(fault) = &self.inner.fault {
            d.field("code", &fault.code)
                .field("class", &fault.class.as_deref().map(bounded));
        }
        if let Some(ctx) = &self.inner.decode {
            d.field("decode", ctx);
        }
        if let Some(src) = &self.inner.source {
            d.field("source", &format_args!("{}", bounded(&src.to_string())));
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|e| &**e as &(dyn std::error::Error + 'static))
    }
}

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_round_trip() {
        let e: serde::de::value::Error = field_error(
            "res.partner",
            Some(7),
            "email",
            "invalid type: boolean `false`, expected a string",
        );
        let (msg, ctx) = split_context(&e.to_string());
        assert_eq!(msg, "invalid type: boolean `false`, expected a string");
        let ctx = ctx.unwrap();
        assert_eq!(ctx.model.as_deref(), Some("res.partner"));
        assert_eq!(ctx.record_id, Some(7));
        assert_eq!(ctx.field.as_deref(), Some("email"));
        assert_eq!(ctx.found.as_deref(), Some("boolean `false`"));
        assert_eq!(ctx.expected.as_deref(), Some("a string"));
        let nested: serde::de::value::Error = field_error("sale.order", Some(1), "order_line", e);
        assert_eq!(
            split_context(&nested.to_string())
                .1
                .unwrap()
                .model
                .as_deref(),
            Some("res.partner")
        );
    }

    #[test]
    fn an_error_is_send_sync_static_and_one_pointer_wide() {
        fn travels<T: Send + Sync + 'static + std::error::Error>() {}
        travels::<Error>();
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<(), Error>>(),
            std::mem::size_of::<usize>()
        );
        let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(Error::builder("x"));
        assert_eq!(boxed.to_string(), "invalid client configuration: x");
    }

    #[test]
    fn long_text_is_bounded_with_its_length_and_bounding_twice_changes_nothing() {
        let short = "a".repeat(SHOWN_CHARS);
        assert_eq!(bounded(&short), short.as_str());
        let long = format!("{}{}", "é".repeat(10_000), "the end");
        let shown = bounded(&long);
        assert!(shown.chars().count() < SHOWN_CHARS, "{shown}");
        assert!(
            shown.contains('…')
                && shown.ends_with(&format!("the end ({} bytes in all)", long.len()))
        );
        assert_eq!(bounded(&shown), shown);
    }

    #[test]
    fn a_bad_value_is_shown_once() {
        let value = format!("string \"{}\"", "y".repeat(1 << 16));
        let e = Error::decode(
            format!("invalid type: {value}, expected i64"),
            DecodeContext {
                expected: Some("i64".into()),
                found: Some(value),
                field: Some("id".into()),
                ..DecodeContext::default()
            },
        );
        let text = e.to_string();
        assert!(text.len() < 400, "{text}");
        assert!(
            text.matches('y').count() < SHOWN_CHARS,
            "the value once: {text}"
        );
        assert!(
            text.ends_with("expected i64 (65573 bytes in all) (at field `id`)"),
            "{text}"
        );
        assert!(format!("{e:?}").len() < 1000);
    }

    #[test]
    fn the_alternate_form_is_the_message_alone() {
        let e = Error::decode_message("invalid type: null, expected a string");
        assert_eq!(format!("{e:#}"), "invalid type: null, expected a string");
        assert_eq!(
            e.to_string(),
            "decode error: invalid type: null, expected a string"
        );
    }
}
