//! The decoder's state: the input, the position, the nesting depth and the path of the value
//! being decoded; what a `<value>` held (an [`Event`]); the constructors. The scanner, the
//! values, the documents and the serde glue each add their methods in a file of their own.

use std::borrow::Cow;

use serde::de::DeserializeSeed;

use crate::error::{DecodeContext, Error};
use crate::side::Side;

pub(super) type Result<T, E = Error> = std::result::Result<T, E>;

/// How deeply arrays and structs may nest before the decoder gives up. Odoo's deepest values
/// (properties, `fields_get` selections, domains) stay below ten.
pub const MAX_DEPTH: usize = 128;

/// What a `<value>` turned out to hold. Scalars are read completely (through `</value>`);
/// for an array or a struct the scanner stands after `<data>` or `<struct>`.
pub(super) enum Event<'de> {
    Nil,
    Bool(bool),
    Int(i64),
    Double(f64),
    Str(Cow<'de, str>),
    /// The raw text of a `<base64>`, decoded only if someone asks for it.
    Base64(&'de str),
    DateTime(Cow<'de, str>),
    /// `empty` for `<array><data/></array>`.
    Array {
        empty: bool,
    },
    /// `empty` for `<struct/>`.
    Struct {
        empty: bool,
    },
    /// A skipped scalar (see [`Deserializer::skip_value`]).
    Skipped,
    /// A `<string>` (or, `base64`, a `<base64>`) whose content starts with a placeholder:
    /// string `index` of the side store, then `tail` (see [`crate::side`]).
    Side {
        index: usize,
        tail: Cow<'de, str>,
        base64: bool,
    },
}

/// One step of the path to the value being decoded, for error messages.
#[derive(Clone, Copy, Debug)]
pub(super) enum Seg {
    /// A `<param>` of a call.
    Param(usize),
    /// An array element.
    Index(usize),
    /// A struct member, as the byte range of its (raw) name in the input.
    Key(usize, usize),
}

/// A streaming XML-RPC deserializer over a byte slice.
///
/// It decodes one bare `<value>` document (see [`crate::xmlrpc::from_slice`]); the response and call
/// functions of [`crate::xmlrpc`] use it for whole `<methodResponse>`s and `<methodCall>`s. Strings
/// without entities are borrowed from the input, so types such as `&str` or `Cow<str>` can
/// borrow from it.
///
/// Odoo's conventions apply: an `Option` reads `<boolean>0</boolean>` (Odoo's "empty") and
/// `<nil/>` as `None`; a `<dateTime.iso8601>` reads as a string (and as [`crate::Value::DateTime`]
/// into a `Value`); a `<string>` holding base64 (how Odoo sends binary fields) decodes through
/// `deserialize_bytes`, as does `<base64>`; an enum reads from a string (unit variants) or a
/// one-member struct.
///
/// ```
/// use odoo_runtime::xmlrpc::Deserializer;
/// use serde::Deserialize;
///
/// let xml = b"<value><array><data><value><int>7</int></value>\
///             <value><string>Azure Interior</string></value></data></array></value>";
/// let mut de = Deserializer::from_slice(xml)?;
/// let pair: (i64, &str) = Deserialize::deserialize(&mut de)?;
/// de.end()?;
/// assert_eq!(pair, (7, "Azure Interior"));
/// # Ok::<(), odoo_runtime::Error>(())
/// ```
pub struct Deserializer<'de> {
    pub(super) src: &'de str,
    pub(super) pos: usize,
    pub(super) depth: usize,
    /// A value already read by `deserialize_option` or `deserialize_newtype_struct` and not
    /// yet handed to a visitor.
    pub(super) pending: Option<Event<'de>>,
    pub(super) path: Vec<Seg>,
    /// Where the value being decoded started, for errors raised by visitors.
    pub(super) value_start: usize,
    /// The `id` member of the current top-level record, when it has been read.
    pub(super) record_id: Option<i64>,
    /// `true` once the error travelling up the call stack has its location.
    pub(super) located: bool,
    /// Set when decoding the parameters of a call: no `record_index` then.
    pub(super) in_call: bool,
    /// The strings the element's placeholders stand for (see [`crate::side`]): an element
    /// of a list decoded as it arrives; empty otherwise.
    pub(super) side: Side,
}

impl std::fmt::Debug for Deserializer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deserializer")
            .field("pos", &self.pos)
            .field("len", &self.src.len())
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

impl<'de> Deserializer<'de> {
    /// A deserializer for a document holding one `<value>` (an optional `<?xml …?>`
    /// declaration and surrounding whitespace are allowed). Fails when the input is not UTF-8;
    /// everything else is checked while decoding.
    ///
    /// Call [`Deserializer::end`] after decoding to reject trailing content.
    pub fn from_slice(input: &'de [u8]) -> Result<Self, Error> {
        let mut de = Deserializer::new(input)?;
        de.prolog()?;
        Ok(de)
    }

    /// Checks that nothing but whitespace follows the decoded value.
    pub fn end(&mut self) -> Result<(), Error> {
        self.ws();
        if self.pos < self.src.len() {
            let at = self.pos;
            return Err(self.syntax(at, "trailing characters after the document", None));
        }
        Ok(())
    }

    pub(crate) fn new(input: &'de [u8]) -> Result<Self, Error> {
        let src = match std::str::from_utf8(input) {
            Ok(s) => s,
            Err(e) => {
                let at = e.valid_up_to();
                return Err(Error::decode(
                    format!("the body is not valid UTF-8 at byte {at}"),
                    DecodeContext {
                        expected: Some("UTF-8 text".into()),
                        found: Some(format!(
                            "byte 0x{:02X}",
                            input.get(at).copied().unwrap_or_default()
                        )),
                        ..DecodeContext::default()
                    },
                ));
            }
        };
        let de = Deserializer {
            src,
            pos: 0,
            depth: 0,
            pending: None,
            path: Vec::new(),
            value_start: 0,
            record_id: None,
            located: false,
            in_call: false,
            side: Side::default(),
        };
        Ok(de)
    }

    /// For element `index` of a list whose elements are decoded one by one (see
    /// [`crate::frame`]): errors name the row, as they do when the whole list is decoded.
    pub(crate) fn element(mut self, index: usize) -> Self {
        self.path.push(Seg::Index(index));
        self.depth = 1;
        self
    }

    /// With the strings kept beside the element (see [`crate::side`]).
    pub(crate) fn side(mut self, side: Side) -> Self {
        self.side = side;
        self
    }

    /// Decodes the whole of a top-level value (a response's result, a bare value).
    pub(crate) fn top<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        self.nested(seed)
    }
}
