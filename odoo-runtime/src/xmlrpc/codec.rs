//! The codec's entry points: calls, responses, faults and bare values, written and read.

use std::fmt::Display;
use std::marker::PhantomData;

use serde::de::{Deserialize, DeserializeOwned};
use serde::Serialize;

use super::decode::Deserializer;
use super::encode::Encoder;
use super::fault::fault_error;
use super::text::Controls;
use crate::error::{DecodeContext, Error, FaultCode};
use crate::value::Value;

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
/// (an integer code as Odoo's `/xmlrpc/2` sends it: 1 server error, 2 user error, 3
/// access denied, 4 access error).
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
        match crate::error::split_context(&msg.to_string()) {
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
