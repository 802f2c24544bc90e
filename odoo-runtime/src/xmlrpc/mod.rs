//! The XML-RPC codec: a serde `Serializer` that writes `<methodCall>`/`<methodResponse>` bodies
//! and a streaming serde `Deserializer` that reads them straight into typed data.
//!
//! ```
//! use odoo_runtime::xmlrpc;
//! use serde::Deserialize;
//!
//! // A request, exactly as Python's xmlrpc.client writes it.
//! let body = xmlrpc::encode_call("execute_kw", &("odoo19", 2, "admin", "res.partner", "read",
//!     ([9],), [("fields", ["name", "country_id"])].into_iter().collect::<std::collections::BTreeMap<_, _>>()))?;
//! assert!(body.starts_with(b"<?xml version='1.0'?>\n<methodCall>\n<methodName>execute_kw</methodName>\n"));
//!
//! // A response, decoded without building any tree.
//! #[derive(Deserialize)]
//! struct Partner {
//!     id: i64,
//!     name: String,
//!     country_id: Option<(i64, String)>, // many2one: [id, name] or false
//! }
//! let response = br#"<?xml version="1.0"?>
//! <methodResponse><params><param><value><array><data>
//! <value><struct>
//! <member><name>id</name><value><int>9</int></value></member>
//! <member><name>name</name><value><string>Acme &amp; Co</string></value></member>
//! <member><name>country_id</name><value><boolean>0</boolean></value></member>
//! </struct></value>
//! </data></array></value></param></params></methodResponse>"#;
//! let partners: Vec<Partner> = xmlrpc::decode_response(response)?;
//! assert_eq!(partners[0].name, "Acme & Co");
//! assert_eq!(partners[0].country_id, None);
//! # Ok::<(), odoo_runtime::Error>(())
//! ```
//!
//! # Encoding
//!
//! The encoder writes the exact layout of Python's `xmlrpc.client.Marshaller` (requests) and of
//! Odoo's `rpc` controller (responses and faults), so its output compares byte for byte with
//! recorded traffic:
//!
//! | Rust / serde | XML-RPC |
//! | --- | --- |
//! | `bool` | `<boolean>0</boolean>` / `1` |
//! | integers | `<int>` when the value fits in 32 bits (all Python and Odoo write), `<i8>` up to 64 bits; wider is an [`ErrorKind::Encode`] error |
//! | `f32`, `f64` | `<double>` in Python's `repr()` form (`0.0`, `1e+16`), which round-trips exactly; NaN and infinities are an encode error |
//! | `str`, `char`, unit enum variants | `<string>` with `<`, `>`, `&` escaped (and a carriage return as `&#13;`, see below) |
//! | bytes (`serde_bytes`) | `<base64>`, in lines of 76 like `base64.encodebytes` |
//! | [`Value::DateTime`] (the `DATETIME_TOKEN` newtype) | `<dateTime.iso8601>` |
//! | sequences, tuples | `<array><data>` |
//! | maps, structs | `<struct>` with `<member><name>` (map keys: strings, or integers and booleans as text) |
//! | `None`, `()` | `<nil/>` (Odoo's server accepts it) |
//! | newtype, tuple and struct variants | a one-member struct `{variant: value}` |
//!
//! XML 1.0 cannot carry most C0 control characters, not even as character references, and
//! Odoo's parser (expat) rejects a request holding one. So [`encode_call`] refuses such a string
//! with an [`ErrorKind::Encode`] error naming the character and where it is, rather than
//! sending something the server will refuse or silently altering it. [`encode_response`] and
//! [`encode_fault`] (used by the test server) do what Odoo does: drop those characters
//! (`OdooMarshaller.dump_unicode`).
//!
//! Every encoder writes a carriage return as `&#13;`. Python and Odoo write it raw, and the
//! receiving parser's end-of-line normalisation turns it into a line feed; the reference keeps
//! it. So whatever this codec decodes, it can encode and decode again unchanged.
//!
//! # Decoding
//!
//! The decoder reads every form Odoo and Python send: `<int>`, `<i4>`, `<i8>`, `<double>`,
//! `<boolean>`, `<string>` and untyped text in a `<value>`, `<base64>`, `<dateTime.iso8601>`,
//! `<array>`, `<struct>`, `<nil/>`, `<fault>`; an `<?xml …?>` declaration, whitespace between
//! tags, the five predefined entities and character references. Line ends are normalised as in
//! any XML parser (`\r\n` → `\n`). CDATA sections, comments, DOCTYPEs and attributes are
//! rejected: Odoo never sends them, and refusing is safer than half-supporting them.
//!
//! Odoo's rules: an `Option` reads `false` and nil as `None`; integers are 64-bit (a wider one is
//! an error, never wrapped); doubles are finite (`nan` and `inf`, which Python could write, are
//! errors, as they are for the encoder); a many2one `[id, "name"]` reads into a tuple; unknown
//! struct members are skipped without building anything. Arrays and structs may nest
//! [`MAX_DEPTH`] levels deep.
//!
//! Malformed input is an [`ErrorKind::Decode`] error, never a panic; its message names the
//! line, column, byte offset and path (`[12].country_id[1]`), and its [`crate::DecodeContext`]
//! the record index, the record id, the innermost member name and what was expected and found.
//!
//! [`ErrorKind::Encode`]: crate::ErrorKind::Encode
//! [`ErrorKind::Decode`]: crate::ErrorKind::Decode

use std::fmt::Display;
use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeOwned};
use serde::Serialize;

use crate::error::{DecodeContext, Error, FaultCode};
use crate::value::Value;

mod decode;
mod encode;
pub(crate) mod frame;
mod text;

pub use decode::{Deserializer, MAX_DEPTH};

use encode::Encoder;
use text::Controls;

/// Writes a `<methodCall>`: `params` must serialize as a sequence or tuple, one `<param>` each
/// (`()` for none).
///
/// The layout is Python's `xmlrpc.client.dumps(params, method)`, byte for byte. A string holding
/// a control character XML 1.0 cannot carry, a NaN or infinite double and an integer beyond 64
/// bits are [`crate::ErrorKind::Encode`] errors.
///
/// ```
/// let body = odoo_runtime::xmlrpc::encode_call("version", &())?;
/// assert_eq!(body, b"<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n");
///
/// let body = odoo_runtime::xmlrpc::encode_call("authenticate", &("odoo19", "admin", "admin", ()))?;
/// let text = String::from_utf8(body).unwrap();
/// assert!(text.contains("<param>\n<value><string>admin</string></value>\n</param>\n"));
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn encode_call<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<Vec<u8>, Error> {
    let mut enc = Encoder::new(Vec::with_capacity(256), Controls::Reject);
    enc.out
        .extend_from_slice(b"<?xml version='1.0'?>\n<methodCall>\n<methodName>");
    enc.text(method)?;
    enc.out.extend_from_slice(b"</methodName>\n");
    enc.params(params)?;
    enc.out.extend_from_slice(b"</methodCall>\n");
    Ok(enc.out)
}

/// Writes a successful `<methodResponse>` holding one value, in the layout of Odoo's `rpc`
/// controller (note its blank line before `</methodResponse>`).
///
/// Like Odoo, it drops control characters XML 1.0 cannot carry from strings.
///
/// ```
/// let body = odoo_runtime::xmlrpc::encode_response(&2)?;
/// assert_eq!(body, b"<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><int>2</int></value>\n</param>\n</params>\n\n</methodResponse>\n");
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn encode_response<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut enc = Encoder::new(Vec::with_capacity(256), Controls::Strip);
    enc.out
        .extend_from_slice(b"<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n");
    enc.value(value)?;
    enc.out
        .extend_from_slice(b"</param>\n</params>\n\n</methodResponse>\n");
    Ok(enc.out)
}

/// Writes a `<methodResponse><fault>`, in the layout of Odoo's `rpc` controller: a struct of
/// `faultCode` (an `<int>` on `/xmlrpc/2`, a `<string>` on the legacy `/xmlrpc`) and
/// `faultString`.
///
/// ```
/// use odoo_runtime::{xmlrpc, ErrorKind, FaultCode};
/// let body = xmlrpc::encode_fault(&FaultCode::Int(3), "Access Denied");
/// let err = xmlrpc::decode_response::<i64>(&body).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::AccessDenied);
/// ```
pub fn encode_fault(code: &FaultCode, fault_string: &str) -> Vec<u8> {
    let mut enc = Encoder::new(
        Vec::with_capacity(256 + fault_string.len()),
        Controls::Strip,
    );
    enc.out.extend_from_slice(
        b"<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n",
    );
    // Neither can fail: integers fit in 64 bits and `Strip` drops what it cannot write.
    let _ = match code {
        FaultCode::Int(n) => enc.value(n),
        FaultCode::String(s) => enc.value(s.as_str()),
    };
    enc.out
        .extend_from_slice(b"</member>\n<member>\n<name>faultString</name>\n");
    let _ = enc.value(fault_string);
    enc.out
        .extend_from_slice(b"</member>\n</struct></value>\n</fault>\n\n</methodResponse>\n");
    enc.out
}

/// Writes one bare `<value>` (the counterpart of [`from_slice`]), with the request rules of
/// [`encode_call`].
///
/// ```
/// let xml = odoo_runtime::xmlrpc::encode_value(&(7, "a < b"))?;
/// assert_eq!(xml, b"<value><array><data>\n<value><int>7</int></value>\n<value><string>a &lt; b</string></value>\n</data></array></value>\n");
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn encode_value<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let mut enc = Encoder::new(Vec::with_capacity(64), Controls::Reject);
    enc.value(value)?;
    Ok(enc.out)
}

/// Reads a `<methodResponse>`: its one value into `T`, or its fault into an [`Error`]
/// (see [`Error::from_xmlrpc_fault`]).
///
/// ```
/// use odoo_runtime::{xmlrpc, ErrorKind};
/// let ok = b"<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><int>2</int></value>\n</param>\n</params>\n\n</methodResponse>\n";
/// assert_eq!(xmlrpc::decode_response::<i64>(ok)?, 2);
///
/// let truncated = &ok[..60];
/// assert_eq!(xmlrpc::decode_response::<i64>(truncated).unwrap_err().kind(), ErrorKind::Decode);
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn decode_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    decode_response_borrowed(body)
}

/// [`decode_response`] for types that borrow from the body (`&str`, `Cow<str>`): strings
/// without entities are not copied.
///
/// ```
/// let body = b"<methodResponse><params><param><value><array><data>\
///              <value><string>en_US</string></value></data></array></value></param></params></methodResponse>";
/// let langs: Vec<&str> = odoo_runtime::xmlrpc::decode_response_borrowed(body)?;
/// assert_eq!(langs, ["en_US"]);
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn decode_response_borrowed<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<T, Error> {
    let mut de = Deserializer::new(body)?;
    if de.open_response()? {
        let fault: Value = de.top(PhantomData::<Value>)?;
        de.close_response(true)?;
        return Err(fault_error(fault));
    }
    let value = de.top(PhantomData::<T>)?;
    de.close_response(false)?;
    Ok(value)
}

/// The error a `<fault>` value stands for.
fn fault_error(fault: Value) -> Error {
    let Value::Struct(mut members) = fault else {
        return Error::decode_message(format!(
            "a fault must hold a struct, found {}",
            fault.kind_name()
        ));
    };
    let code = match members.remove("faultCode") {
        Some(Value::Int(n)) => FaultCode::Int(n),
        Some(Value::String(s)) => FaultCode::String(s),
        other => {
            return Error::decode(
                "a fault's faultCode must be an int or a string",
                DecodeContext {
                    field: Some("faultCode".into()),
                    expected: Some("an int or a string".into()),
                    found: Some(other.map_or("nothing", |v| v.kind_name()).into()),
                    ..DecodeContext::default()
                },
            )
        }
    };
    let message = match members.remove("faultString") {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    Error::from_xmlrpc_fault(code, message)
}

/// Reads a `<methodCall>`: the method name and its parameters (used by odoo-testkit).
///
/// ```
/// let body = odoo_runtime::xmlrpc::encode_call("login", &("odoo19", "admin", "admin"))?;
/// let (method, params) = odoo_runtime::xmlrpc::decode_call(&body)?;
/// assert_eq!(method, "login");
/// assert_eq!(params[0].as_str(), Some("odoo19"));
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn decode_call(body: &[u8]) -> Result<(String, Vec<Value>), Error> {
    decode_call_params(body)
}

/// Reads a `<methodCall>` with its parameters decoded straight into `T`, a sequence or tuple
/// type with one element per `<param>`.
///
/// ```
/// use std::collections::BTreeMap;
/// use odoo_runtime::Value;
///
/// let body = odoo_runtime::xmlrpc::encode_call("execute_kw",
///     &("odoo19", 2, "admin", "res.partner", "search", ((),), BTreeMap::<String, Value>::new()))?;
/// type ExecuteKw = (String, i64, String, String, String, Vec<Value>, BTreeMap<String, Value>);
/// let (method, (db, uid, _, model, name, _, _)): (String, ExecuteKw) =
///     odoo_runtime::xmlrpc::decode_call_params(&body)?;
/// assert_eq!((method.as_str(), db.as_str(), uid, model.as_str(), name.as_str()),
///            ("execute_kw", "odoo19", 2, "res.partner", "search"));
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn decode_call_params<'de, T: Deserialize<'de>>(body: &'de [u8]) -> Result<(String, T), Error> {
    let mut de = Deserializer::new(body)?;
    let method = de.open_call()?.into_owned();
    let params = de.params::<T>()?;
    de.close_call()?;
    Ok((method, params))
}

/// Decodes one bare `<value>` document (an optional `<?xml …?>` declaration and surrounding
/// whitespace allowed; nothing else after it).
///
/// ```
/// use odoo_runtime::Value;
/// let v: Value = odoo_runtime::xmlrpc::from_slice(b"<value><dateTime.iso8601>20000101T00:00:00</dateTime.iso8601></value>")?;
/// assert_eq!(v, Value::DateTime("20000101T00:00:00".into()));
/// let s: String = odoo_runtime::xmlrpc::from_slice(b"<value>untyped &amp; a string</value>")?;
/// assert_eq!(s, "untyped & a string");
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub fn from_slice<'de, T: Deserialize<'de>>(input: &'de [u8]) -> Result<T, Error> {
    let mut de = Deserializer::from_slice(input)?;
    let value = de.top(PhantomData::<T>)?;
    de.end()?;
    Ok(value)
}

// serde reports errors through these traits; both map onto the crate's one error type, with
// what was expected and found kept in the decode context.

impl serde::de::Error for Error {
    /// Derived decoders (`#[derive(OdooModel)]`) tag their messages with the model, record id
    /// and field; the tag becomes the error's [`DecodeContext`].
    fn custom<T: Display>(msg: T) -> Self {
        match crate::__private::split_context(&msg.to_string()) {
            (message, Some(context)) => Error::decode(message, context),
            (message, None) => Error::decode_message(message),
        }
    }

    fn invalid_type(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Error::decode(
            format!("invalid type: {unexp}, expected {exp}"),
            DecodeContext {
                expected: Some(exp.to_string()),
                found: Some(unexp.to_string()),
                ..DecodeContext::default()
            },
        )
    }

    fn invalid_value(unexp: serde::de::Unexpected<'_>, exp: &dyn serde::de::Expected) -> Self {
        Error::decode(
            format!("invalid value: {unexp}, expected {exp}"),
            DecodeContext {
                expected: Some(exp.to_string()),
                found: Some(unexp.to_string()),
                ..DecodeContext::default()
            },
        )
    }

    fn invalid_length(len: usize, exp: &dyn serde::de::Expected) -> Self {
        Error::decode(
            format!("invalid length {len}, expected {exp}"),
            DecodeContext {
                expected: Some(exp.to_string()),
                found: Some(format!("{len} elements")),
                ..DecodeContext::default()
            },
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Error::decode(
            format!("missing field `{field}`"),
            DecodeContext {
                field: Some(field.to_owned()),
                expected: Some(format!("a member `{field}`")),
                found: Some("no such member".into()),
                ..DecodeContext::default()
            },
        )
    }
}

impl serde::ser::Error for Error {
    fn custom<T: Display>(msg: T) -> Self {
        Error::encode(msg.to_string())
    }
}
