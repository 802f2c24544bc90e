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
//! | [`Value::DateTime`](crate::Value::DateTime) (the `DATETIME_TOKEN` newtype) | `<dateTime.iso8601>` |
//! | sequences, tuples | `<array><data>` |
//! | maps, structs | `<struct>` with `<member><name>` (map keys: strings, or integers and booleans as text) |
//! | `None`, `()` | `<nil/>` (Odoo's server accepts it) |
//! | newtype, tuple and struct variants | a one-member struct `{variant: value}` |
//!
//! XML 1.0 cannot carry most C0 control characters, not even as character references, and
//! Odoo's parser (expat) rejects a request holding one. So [`encode_call`] refuses such a string
//! with an [`ErrorKind::Encode`] error naming the character and where it is, rather than
//! sending something the server will refuse or silently altering it. The server's side
//! (`encode_response`, `encode_fault`: odoo-testkit's, hidden from these docs) does what Odoo
//! does: it drops those characters (`OdooMarshaller.dump_unicode`).
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

mod codec;
mod decode;
mod encode;
pub(crate) mod fault;
pub(crate) mod frame;
mod text;
pub(crate) mod wire;

// The server side, for odoo-testkit: hidden, not part of the stable API.
#[doc(hidden)]
pub use codec::{decode_call, decode_call_params, encode_fault, encode_response};
pub use codec::{decode_response, decode_response_borrowed, encode_call, encode_value, from_slice};
pub use decode::{Deserializer, MAX_DEPTH};
