//! The streaming decoder: a serde `Deserializer` over the bytes of an XML-RPC document that
//! hands every value straight to the visitor, with no tree in between.
//!
//! XML-RPC is a tiny subset of XML: a dozen element names, no attributes, no mixed content.
//! So instead of a general XML tokenizer the scanner looks for the few byte patterns that can
//! come next (`<value>`, `</member>`, …) and finds the end of character data with `memchr`.
//! The whole body is checked once up front for UTF-8 (so that every text slice can be
//! borrowed from the input as a `&str`); the control characters XML forbids are caught by the
//! text scanner, which looks at every byte of character data anyway.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::text::{find_forbidden_control, unescape};
use crate::error::{DecodeContext, Error, ErrorKind};
use crate::value::DATETIME_TOKEN;

type Result<T, E = Error> = std::result::Result<T, E>;

/// How deeply arrays and structs may nest before the decoder gives up. Odoo's deepest values
/// (properties, `fields_get` selections, domains) stay below ten.
pub const MAX_DEPTH: usize = 128;

/// The elements of XML-RPC.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Elem {
    MethodCall,
    MethodName,
    MethodResponse,
    Params,
    Param,
    Fault,
    Value,
    Int,
    I4,
    I8,
    Double,
    Boolean,
    String,
    Base64,
    DateTime,
    Array,
    Data,
    Struct,
    Member,
    MemberName,
    Nil,
}

impl Elem {
    fn from_bytes(b: &[u8]) -> Option<Elem> {
        Some(match b {
            b"value" => Elem::Value,
            b"string" => Elem::String,
            b"int" => Elem::Int,
            b"boolean" => Elem::Boolean,
            b"array" => Elem::Array,
            b"data" => Elem::Data,
            b"struct" => Elem::Struct,
            b"member" => Elem::Member,
            b"name" => Elem::MemberName,
            b"double" => Elem::Double,
            b"i4" => Elem::I4,
            b"i8" => Elem::I8,
            b"nil" => Elem::Nil,
            b"base64" => Elem::Base64,
            b"dateTime.iso8601" => Elem::DateTime,
            b"params" => Elem::Params,
            b"param" => Elem::Param,
            b"fault" => Elem::Fault,
            b"methodResponse" => Elem::MethodResponse,
            b"methodCall" => Elem::MethodCall,
            b"methodName" => Elem::MethodName,
            _ => return None,
        })
    }

    fn as_str(self) -> &'static str {
        match self {
            Elem::MethodCall => "methodCall",
            Elem::MethodName => "methodName",
            Elem::MethodResponse => "methodResponse",
            Elem::Params => "params",
            Elem::Param => "param",
            Elem::Fault => "fault",
            Elem::Value => "value",
            Elem::Int => "int",
            Elem::I4 => "i4",
            Elem::I8 => "i8",
            Elem::Double => "double",
            Elem::Boolean => "boolean",
            Elem::String => "string",
            Elem::Base64 => "base64",
            Elem::DateTime => "dateTime.iso8601",
            Elem::Array => "array",
            Elem::Data => "data",
            Elem::Struct => "struct",
            Elem::Member => "member",
            Elem::MemberName => "name",
            Elem::Nil => "nil",
        }
    }

    fn open(self) -> &'static [u8] {
        match self {
            Elem::MethodCall => b"<methodCall>",
            Elem::MethodName => b"<methodName>",
            Elem::MethodResponse => b"<methodResponse>",
            Elem::Params => b"<params>",
            Elem::Param => b"<param>",
            Elem::Fault => b"<fault>",
            Elem::Value => b"<value>",
            Elem::Data => b"<data>",
            Elem::Member => b"<member>",
            Elem::MemberName => b"<name>",
            _ => b"<",
        }
    }

    fn close(self) -> &'static [u8] {
        match self {
            Elem::MethodCall => b"</methodCall>",
            Elem::MethodName => b"</methodName>",
            Elem::MethodResponse => b"</methodResponse>",
            Elem::Params => b"</params>",
            Elem::Param => b"</param>",
            Elem::Fault => b"</fault>",
            Elem::Value => b"</value>",
            Elem::Int => b"</int>",
            Elem::I4 => b"</i4>",
            Elem::I8 => b"</i8>",
            Elem::Double => b"</double>",
            Elem::Boolean => b"</boolean>",
            Elem::String => b"</string>",
            Elem::Base64 => b"</base64>",
            Elem::DateTime => b"</dateTime.iso8601>",
            Elem::Array => b"</array>",
            Elem::Data => b"</data>",
            Elem::Struct => b"</struct>",
            Elem::Member => b"</member>",
            Elem::MemberName => b"</name>",
            Elem::Nil => b"</nil>",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TagKind {
    Open,
    Close,
    Empty,
}

/// What a `<value>` turned out to hold. Scalars are read completely (through `</value>`);
/// for an array or a struct the scanner stands after `<data>` or `<struct>`.
enum Event<'de> {
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
}

/// One step of the path to the value being decoded, for error messages.
#[derive(Clone, Copy, Debug)]
enum Seg {
    /// A `<param>` of a call.
    Param(usize),
    /// An array element.
    Index(usize),
    /// A struct member, as the byte range of its (raw) name in the input.
    Key(usize, usize),
}

/// A streaming XML-RPC deserializer over a byte slice.
///
/// It decodes one bare `<value>` document (see [`super::from_slice`]); the response and call
/// functions of [`super`] use it for whole `<methodResponse>`s and `<methodCall>`s. Strings
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
    src: &'de str,
    pos: usize,
    depth: usize,
    /// A value already read by `deserialize_option` or `deserialize_newtype_struct` and not
    /// yet handed to a visitor.
    pending: Option<Event<'de>>,
    path: Vec<Seg>,
    /// Where the value being decoded started, for errors raised by visitors.
    value_start: usize,
    /// The `id` member of the current top-level record, when it has been read.
    record_id: Option<i64>,
    /// `true` once the error travelling up the call stack has its location.
    located: bool,
    /// Set when decoding the parameters of a call: no `record_index` then.
    in_call: bool,
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

#[inline]
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

const PLAIN: u8 = 0;
const LT: u8 = 1;
const ESCAPE: u8 = 2;
const FORBIDDEN: u8 = 3;

/// How [`Deserializer::text`] treats each byte of character data.
static TEXT_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = FORBIDDEN;
        i += 1;
    }
    t[b'\t' as usize] = PLAIN;
    t[b'\n' as usize] = PLAIN;
    t[b'\r' as usize] = ESCAPE;
    t[b'<' as usize] = LT;
    t[b'&' as usize] = ESCAPE;
    t
};

/// The high bit of each byte of `w` that is `<`, `&` or below 0x20 (the lowest flagged byte
/// is exact; bytes above it may be flagged spuriously).
#[inline(always)]
fn special_bytes(w: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let lt = w ^ (LO * b'<' as u64);
    let amp = w ^ (LO * b'&' as u64);
    ((lt.wrapping_sub(LO) & !lt) | (amp.wrapping_sub(LO) & !amp) | (w.wrapping_sub(LO * 0x20) & !w))
        & HI
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
        };
        Ok(de)
    }

    #[inline(always)]
    fn bytes(&self) -> &'de [u8] {
        self.src.as_bytes()
    }

    #[inline(always)]
    fn rest(&self) -> &'de [u8] {
        self.bytes().get(self.pos..).unwrap_or_default()
    }

    #[inline(always)]
    fn ws(&mut self) {
        let b = self.bytes();
        while let Some(&c) = b.get(self.pos) {
            if !is_ws(c) {
                break;
            }
            self.pos += 1;
        }
    }

    #[inline(always)]
    fn eat(&mut self, lit: &[u8]) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    #[inline(always)]
    fn str_at(&self, start: usize, end: usize) -> &'de str {
        // Every range handed here starts and ends next to an ASCII `<`, `>` or `&`, so it is
        // on character boundaries; `get` keeps this panic-free regardless.
        self.src.get(start..end).unwrap_or_default()
    }

    // ----- errors -------------------------------------------------------------------------

    /// A syntax error at byte `at`, located now.
    #[cold]
    fn syntax(
        &mut self,
        at: usize,
        message: impl Into<String>,
        expected_found: Option<(String, String)>,
    ) -> Error {
        let mut ctx = DecodeContext::default();
        if let Some((e, f)) = expected_found {
            ctx.expected = Some(e);
            ctx.found = Some(f);
        }
        let e = Error::decode(message, ctx);
        self.locate(e, at)
    }

    /// "expected X, found …" at the current position.
    #[cold]
    fn expected(&mut self, what: &str) -> Error {
        let at = self.pos;
        let found = self.describe(at);
        let message = if at >= self.src.len() {
            format!("truncated body: expected {what}, found the end of the input")
        } else {
            format!("expected {what}, found {found}")
        };
        self.syntax(at, message, Some((what.to_owned(), found)))
    }

    /// What stands at byte `at`, for messages: a tag, some text, or the end of the input.
    fn describe(&self, at: usize) -> String {
        let b = self.bytes();
        match b.get(at) {
            None => "the end of the input".into(),
            Some(b'<') => {
                let end = b.len().min(at + 40);
                let stop = memchr::memchr(b'>', b.get(at..end).unwrap_or_default())
                    .map_or(end, |i| at + i + 1);
                format!("`{}`", self.snippet(at, stop))
            }
            Some(_) => {
                let end = b.len().min(at + 30);
                let stop = memchr::memchr(b'<', b.get(at..end).unwrap_or_default())
                    .map_or(end, |i| at + i);
                format!("text `{}`", self.snippet(at, stop).escape_debug())
            }
        }
    }

    fn snippet(&self, start: usize, mut end: usize) -> &'de str {
        while end > start && !self.src.is_char_boundary(end) {
            end -= 1;
        }
        self.src.get(start..end).unwrap_or("")
    }

    /// Adds where an error happened: line, column, byte offset, the path and, in the
    /// context, the record index, the record id and the innermost struct member name.
    #[cold]
    fn locate(&mut self, e: Error, at: usize) -> Error {
        self.located = true;
        if e.kind() != ErrorKind::Decode {
            return e;
        }
        let before = self.bytes().get(..at).unwrap_or_default();
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let column = at - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1) + 1;
        let mut ctx = e.decode_context().cloned().unwrap_or_default();
        if !self.in_call && ctx.record_index.is_none() {
            if let Some(Seg::Index(i)) = self.path.first() {
                ctx.record_index = Some(*i);
                ctx.record_id = ctx.record_id.or(self.record_id);
            }
        }
        if ctx.field.is_none() {
            ctx.field = self.path.iter().rev().find_map(|s| match *s {
                Seg::Key(a, b) => Some(self.key_text(a, b)),
                _ => None,
            });
        }
        let path = self.path_string();
        let mut message = e.message().to_owned();
        if !path.is_empty() {
            let _ = write!(message, " at `{path}`");
        }
        let _ = write!(message, " (line {line}, column {column}, byte {at})");
        Error::decode(message, ctx)
    }

    fn key_text(&self, a: usize, b: usize) -> String {
        let raw = self.str_at(a, b);
        unescape(raw).map_or_else(|_| raw.to_owned(), Cow::into_owned)
    }

    fn path_string(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            match *seg {
                Seg::Param(i) => {
                    let _ = write!(s, "param #{i}");
                }
                Seg::Index(i) => {
                    let _ = write!(s, "[{i}]");
                }
                Seg::Key(a, b) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(&self.key_text(a, b));
                }
            }
        }
        s
    }

    /// Runs a nested deserialization; an error coming out of it gets its location (once)
    /// and the path and depth are restored, in case a visitor recovers from it.
    #[inline]
    fn nested<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        let (len, depth) = (self.path.len(), self.depth);
        match seed.deserialize(&mut *self) {
            Ok(v) => {
                self.located = false;
                Ok(v)
            }
            Err(e) => Err(self.recover(e, len, depth)),
        }
    }

    #[cold]
    fn recover(&mut self, e: Error, len: usize, depth: usize) -> Error {
        let e = if self.located {
            e
        } else {
            self.locate(e, self.value_start)
        };
        self.path.truncate(len);
        self.depth = depth;
        self.pending = None;
        e
    }

    /// For element `index` of a list whose elements are decoded one by one (see
    /// [`crate::frame`]): errors name the row, as they do when the whole list is decoded.
    pub(crate) fn element(mut self, index: usize) -> Self {
        self.path.push(Seg::Index(index));
        self.depth = 1;
        self
    }

    /// Decodes the whole of a top-level value (a response's result, a bare value).
    pub(crate) fn top<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
        self.nested(seed)
    }

    // ----- tags ---------------------------------------------------------------------------

    /// Skips the optional byte order mark and `<?xml …?>` declaration.
    fn prolog(&mut self) -> Result<()> {
        self.eat("\u{FEFF}".as_bytes());
        if self.rest().starts_with(b"<?xml") {
            let start = self.pos;
            let Some(end) = memchr::memmem::find(self.rest(), b"?>") else {
                return Err(self.expected("`?>` closing the XML declaration"));
            };
            let decl = self.str_at(start, start + end);
            if let Some(at) = find_forbidden_control(decl.as_bytes()) {
                return Err(self.control_error(start + at));
            }
            if let Some(i) = decl.find("encoding") {
                let enc = decl[i + "encoding".len()..]
                    .trim_start_matches([' ', '='])
                    .trim_start_matches(['"', '\''])
                    .split(['"', '\''])
                    .next()
                    .unwrap_or("");
                if !matches!(
                    enc.to_ascii_lowercase().as_str(),
                    "utf-8" | "utf8" | "us-ascii" | "ascii"
                ) {
                    return Err(self.syntax(
                        start,
                        format!("unsupported encoding `{enc}`: only UTF-8 is supported"),
                        Some(("UTF-8".into(), enc.to_owned())),
                    ));
                }
            }
            self.pos = start + end + 2;
        }
        self.ws();
        Ok(())
    }

    /// Reads a tag at `<`: its name and whether it opens, closes or is empty (`<nil/>`).
    fn read_tag(&mut self) -> Result<(Elem, TagKind)> {
        let b = self.bytes();
        let start = self.pos;
        if b.get(start) != Some(&b'<') {
            return Err(self.expected("a tag"));
        }
        let limit = b.len().min(start + 40);
        let window = b.get(start + 1..limit).unwrap_or_default();
        let Some(gt) = memchr::memchr(b'>', window) else {
            if limit == b.len() {
                let found = self.describe(start);
                return Err(self.syntax(
                    start,
                    format!("truncated body: the tag {found} is not closed"),
                    Some(("`>`".into(), "the end of the input".into())),
                ));
            }
            return Err(self.syntax(start, "malformed or unknown tag", None));
        };
        let inner = &window[..gt];
        let (kind, name) = match inner {
            [b'/', name @ ..] => (TagKind::Close, name),
            [name @ .., b'/'] => (TagKind::Empty, name),
            name => (TagKind::Open, name),
        };
        let mut n = name.len();
        while n > 0 && is_ws(name[n - 1]) {
            n -= 1;
        }
        let name = &name[..n];
        if let Some(tag) = Elem::from_bytes(name) {
            self.pos = start + 1 + gt + 1;
            return Ok((tag, kind));
        }
        let text = self.snippet(start, start + gt + 2);
        let message = if name.starts_with(b"![CDATA[") {
            "CDATA sections are not supported (Odoo never sends them; write text escaped)".into()
        } else if name.starts_with(b"!--") {
            "XML comments are not supported in XML-RPC bodies".into()
        } else if name.starts_with(b"!") || name.starts_with(b"?") {
            format!("`{text}`: DOCTYPE declarations and processing instructions are not supported")
        } else if name.iter().any(|&c| is_ws(c) || c == b'=') {
            format!("`{text}`: XML-RPC elements have no attributes")
        } else {
            format!("unknown tag `{text}`")
        };
        Err(self.syntax(
            start,
            message,
            Some(("an XML-RPC tag".into(), format!("`{text}`"))),
        ))
    }

    /// Expects (after whitespace) the opening tag of `name`.
    #[inline]
    fn open_tag(&mut self, name: Elem) -> Result<()> {
        self.ws();
        if self.eat(name.open()) {
            return Ok(());
        }
        self.open_tag_slow(name)
    }

    #[cold]
    fn open_tag_slow(&mut self, name: Elem) -> Result<()> {
        let at = self.pos;
        if self.rest().first() == Some(&b'<') {
            match self.read_tag()? {
                (n, TagKind::Open) if n == name => return Ok(()),
                _ => self.pos = at,
            }
        }
        Err(self.expected(&format!("`<{}>`", name.as_str())))
    }

    /// Expects (after whitespace) the closing tag of `name`.
    #[inline]
    fn close_tag(&mut self, name: Elem) -> Result<()> {
        self.ws();
        if self.eat(name.close()) {
            return Ok(());
        }
        self.close_tag_slow(name)
    }

    #[cold]
    fn close_tag_slow(&mut self, name: Elem) -> Result<()> {
        let at = self.pos;
        if self.rest().first() == Some(&b'<') {
            match self.read_tag() {
                Ok((n, TagKind::Close)) if n == name => return Ok(()),
                Ok((n, kind)) => {
                    self.pos = at;
                    let found = self.describe(at);
                    let what = if kind == TagKind::Close {
                        format!(
                            "mismatched tags: expected `</{}>`, found {found}",
                            name.as_str()
                        )
                    } else if name == Elem::Value && n != Elem::Value {
                        format!("a `<value>` holds exactly one element: expected `</value>`, found {found}")
                    } else {
                        format!("expected `</{}>`, found {found}", name.as_str())
                    };
                    return Err(self.syntax(
                        at,
                        what,
                        Some((format!("`</{}>`", name.as_str()), found)),
                    ));
                }
                Err(e) => return Err(e),
            }
        }
        Err(self.expected(&format!("`</{}>`", name.as_str())))
    }

    /// Character data up to the next `<`: `(start, end, needs unescaping)`. The scanner then
    /// stands at the `<`.
    ///
    /// Eight bytes at a time (SWAR): most of Odoo's texts are a few dozen bytes, too short for
    /// `memchr`'s set-up to pay off. This is also where the control characters XML forbids are
    /// caught, so the body needs no separate pass for them.
    #[inline]
    fn text(&mut self) -> Result<(usize, usize, bool)> {
        let b = self.bytes();
        let start = self.pos;
        let mut esc = false;
        let mut i = start;
        loop {
            if let Some(word) = b.get(i..i + 8) {
                let w = u64::from_le_bytes(<[u8; 8]>::try_from(word).unwrap_or_default());
                let m = special_bytes(w);
                if m == 0 {
                    i += 8;
                    continue;
                }
                // The lowest flagged byte is exact (higher ones may be false positives).
                i += (m.trailing_zeros() / 8) as usize;
            }
            let Some(&c) = b.get(i) else {
                self.pos = b.len();
                return Err(self.expected("a closing tag"));
            };
            match TEXT_CLASS[c as usize] {
                PLAIN => i += 1,
                LT => {
                    self.pos = i;
                    return Ok((start, i, esc));
                }
                ESCAPE => {
                    esc = true;
                    i += 1;
                }
                _ => return Err(self.control_error(i)),
            }
        }
    }

    #[cold]
    fn control_error(&mut self, at: usize) -> Error {
        let found = format!(
            "U+{:04X}",
            self.bytes().get(at).copied().unwrap_or_default()
        );
        self.syntax(
            at,
            format!("the control character {found} is not allowed in XML"),
            Some(("an XML character".into(), found)),
        )
    }

    /// The text `start..end`, unescaped when `esc` (borrowed otherwise).
    #[inline(always)]
    fn cow(&mut self, start: usize, end: usize, esc: bool) -> Result<Cow<'de, str>> {
        let raw = self.str_at(start, end);
        if !esc {
            return Ok(Cow::Borrowed(raw));
        }
        self.unescape(start, raw)
    }

    #[inline(never)]
    fn unescape(&mut self, start: usize, raw: &'de str) -> Result<Cow<'de, str>> {
        match unescape(raw) {
            Ok(s) => Ok(s),
            Err(e) => {
                let found = self.describe(start + e.offset);
                Err(self.syntax(start + e.offset, e.message, Some(("text".into(), found))))
            }
        }
    }

    // ----- values -------------------------------------------------------------------------

    /// Reads the next `<value>`: scalars completely, containers up to their first element.
    #[inline]
    fn next_event(&mut self) -> Result<Event<'de>> {
        if let Some(ev) = self.pending.take() {
            return Ok(ev);
        }
        self.read_value::<true>()
    }

    #[inline]
    fn read_value<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        self.ws();
        self.value_start = self.pos;
        if !self.eat(b"<value>") {
            return self.value_open_slow::<DECODE>();
        }
        self.value_body::<DECODE>()
    }

    #[cold]
    fn value_open_slow<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        let at = self.pos;
        if self.rest().first() == Some(&b'<') {
            match self.read_tag() {
                Ok((Elem::Value, TagKind::Open)) => return self.value_body::<DECODE>(),
                Ok((Elem::Value, TagKind::Empty)) => return Ok(Event::Str(Cow::Borrowed(""))),
                Ok(_) => self.pos = at,
                Err(e) => return Err(e),
            }
        }
        Err(self.expected("`<value>`"))
    }

    /// After `<value>`: untyped text (a string) or one typed element.
    #[inline]
    fn value_body<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        let rest = self.rest();
        // The common case: a typed element right after `<value>`.
        if rest.len() > 1 && rest[0] == b'<' && rest[1] != b'/' {
            return self.typed::<DECODE>();
        }
        let (start, end, esc) = self.text()?;
        let closed = self.eat(b"</value>");
        if closed || self.rest().get(1) == Some(&b'/') {
            // Untyped text is a string (`</value >` and mismatched tags go the slow way).
            if !closed {
                self.close_tag(Elem::Value)?;
            }
            if !DECODE {
                return Ok(Event::Skipped);
            }
            return Ok(Event::Str(self.cow(start, end, esc)?));
        }
        if !self
            .bytes()
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .all(|&c| is_ws(c))
        {
            return Err(self.syntax(
                start,
                "text next to an element inside `<value>`",
                Some(("one element or only text".into(), self.describe(start))),
            ));
        }
        self.typed::<DECODE>()
    }

    /// The typed element of a `<value>` and the `</value>` after it.
    #[inline]
    fn typed<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        let tag_at = self.pos;
        let (name, kind) = self.read_typed_tag()?;
        let ev = match (name, kind) {
            (Elem::String, TagKind::Open) => {
                let (s, e, esc) = self.text()?;
                self.close_tag(Elem::String)?;
                if DECODE {
                    Event::Str(self.cow(s, e, esc)?)
                } else {
                    Event::Skipped
                }
            }
            (Elem::Int | Elem::I4 | Elem::I8, TagKind::Open) => {
                let (s, e, esc) = self.text()?;
                self.close_tag(name)?;
                if DECODE {
                    Event::Int(self.int(s, e, esc)?)
                } else {
                    Event::Skipped
                }
            }
            (Elem::Boolean, TagKind::Open) => {
                let (s, e, _) = self.text()?;
                self.close_tag(Elem::Boolean)?;
                match self.bytes().get(s..e).unwrap_or_default() {
                    b"0" => Event::Bool(false),
                    b"1" => Event::Bool(true),
                    _ if !DECODE => Event::Skipped,
                    other => {
                        let found = format!("`{}`", String::from_utf8_lossy(other));
                        return Err(self.syntax(
                            s,
                            format!("invalid boolean {found}: XML-RPC booleans are 0 or 1"),
                            Some(("0 or 1".into(), found)),
                        ));
                    }
                }
            }
            (Elem::Double, TagKind::Open) => {
                let (s, e, esc) = self.text()?;
                self.close_tag(Elem::Double)?;
                if DECODE {
                    Event::Double(self.double(s, e, esc)?)
                } else {
                    Event::Skipped
                }
            }
            (Elem::Nil, TagKind::Empty) => Event::Nil,
            (Elem::Nil, TagKind::Open) => {
                self.close_tag(Elem::Nil)?;
                Event::Nil
            }
            (Elem::String, TagKind::Empty) => Event::Str(Cow::Borrowed("")),
            (Elem::Array, TagKind::Open) => {
                self.enter(tag_at)?;
                self.ws();
                if self.eat(b"<data>") {
                    return Ok(Event::Array { empty: false });
                }
                if self.eat(b"<data/>") {
                    return Ok(Event::Array { empty: true });
                }
                self.open_tag(Elem::Data)?;
                return Ok(Event::Array { empty: false });
            }
            (Elem::Struct, TagKind::Open) => {
                self.enter(tag_at)?;
                return Ok(Event::Struct { empty: false });
            }
            (Elem::Struct, TagKind::Empty) => {
                self.enter(tag_at)?;
                return Ok(Event::Struct { empty: true });
            }
            (Elem::Base64, TagKind::Open) => {
                let (s, e, _) = self.text()?;
                self.close_tag(Elem::Base64)?;
                Event::Base64(self.str_at(s, e))
            }
            (Elem::DateTime, TagKind::Open) => {
                let (s, e, esc) = self.text()?;
                self.close_tag(Elem::DateTime)?;
                if DECODE {
                    Event::DateTime(self.cow(s, e, esc)?)
                } else {
                    Event::Skipped
                }
            }
            _ => {
                self.pos = tag_at;
                let found = self.describe(tag_at);
                return Err(self.syntax(
                    tag_at,
                    format!("unexpected {found} inside `<value>`"),
                    Some(("a value type such as `<string>`".into(), found)),
                ));
            }
        };
        if !self.eat(b"</value>") {
            self.close_tag(Elem::Value)?;
        }
        Ok(ev)
    }

    /// The tag after `<value>`, with literal fast paths for what Odoo sends most.
    #[inline(always)]
    fn read_typed_tag(&mut self) -> Result<(Elem, TagKind)> {
        let rest = self.rest();
        let hit = match rest.get(1) {
            Some(b's') if rest.starts_with(b"<string>") => Some((Elem::String, 8)),
            Some(b'i') if rest.starts_with(b"<int>") => Some((Elem::Int, 5)),
            Some(b'b') if rest.starts_with(b"<boolean>") => Some((Elem::Boolean, 9)),
            Some(b'a') if rest.starts_with(b"<array>") => Some((Elem::Array, 7)),
            Some(b's') if rest.starts_with(b"<struct>") => Some((Elem::Struct, 8)),
            Some(b'd') if rest.starts_with(b"<double>") => Some((Elem::Double, 8)),
            _ => None,
        };
        match hit {
            Some((name, len)) => {
                self.pos += len;
                Ok((name, TagKind::Open))
            }
            None => self.read_tag(),
        }
    }

    fn enter(&mut self, at: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.syntax(
                at,
                format!("arrays and structs nest deeper than {MAX_DEPTH} levels"),
                None,
            ));
        }
        Ok(())
    }

    fn int(&mut self, s: usize, e: usize, esc: bool) -> Result<i64> {
        let text = self.cow(s, e, esc)?;
        match parse_i64(text.as_bytes()) {
            Ok(v) => {
                if let [Seg::Index(_), Seg::Key(a, b)] = self.path[..] {
                    if self.bytes().get(a..b) == Some(b"id") {
                        self.record_id = Some(v);
                    }
                }
                Ok(v)
            }
            Err(overflow) => {
                let found = format!("`{}`", text.escape_debug());
                let message = if overflow {
                    format!("integer {found} is out of the range of a 64-bit integer")
                } else {
                    format!("invalid integer {found}")
                };
                Err(self.syntax(s, message, Some(("an integer".into(), found))))
            }
        }
    }

    fn double(&mut self, s: usize, e: usize, esc: bool) -> Result<f64> {
        let text = self.cow(s, e, esc)?;
        let t = text.trim_matches(|c: char| c.is_ascii_whitespace());
        // Rust's parser takes what Python's `repr()` writes (`1e+16`, `1.5e-07`) and `+.5` or
        // `5.`, which Python reads too. NaN and infinities are refused, as by the encoder:
        // XML-RPC has none, and a value that could not be sent back is better refused here.
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => {
                let found = format!("`{}`", text.escape_debug());
                Err(self.syntax(
                    s,
                    format!("the double {found} is not finite: XML-RPC has no NaN or infinity"),
                    Some(("a finite double".into(), found)),
                ))
            }
            _ => {
                let found = format!("`{}`", text.escape_debug());
                Err(self.syntax(
                    s,
                    format!("invalid double {found}"),
                    Some(("a double".into(), found)),
                ))
            }
        }
    }

    fn base64(&mut self, raw: &'de str) -> Result<Vec<u8>> {
        // Python writes base64 in lines of 76 characters: skipped without a compact copy.
        crate::types::decode_base64(raw.as_bytes()).map_err(|e| {
            let at = self.value_start;
            self.syntax(
                at,
                format!("invalid base64: {e}"),
                Some(("base64".into(), format!("`{}`", truncate(raw, 40)))),
            )
        })
    }

    /// Skips a whole value without decoding its text (its tags and nesting are still checked).
    fn skip_value(&mut self) -> Result<()> {
        let mut ev = match self.pending.take() {
            Some(ev) => ev,
            None => self.read_value::<false>()?,
        };
        // A stack of open containers, one bit each (1 = struct); `depth` bounds it to 128.
        let mut stack: u128 = 0;
        let mut n: u32 = 0;
        loop {
            let mut after_open = false;
            match ev {
                Event::Array { empty: false } => {
                    n += 1;
                    after_open = true;
                }
                Event::Struct { empty: false } => {
                    stack |= 1u128.checked_shl(n).unwrap_or(0);
                    n += 1;
                    after_open = true;
                }
                Event::Array { empty: true } => self.finish_array(true)?,
                Event::Struct { empty: true } => self.finish_struct(true)?,
                _ => {}
            }
            loop {
                if n == 0 {
                    return Ok(());
                }
                let is_struct = stack.checked_shr(n - 1).unwrap_or(0) & 1 == 1;
                if is_struct {
                    if !after_open {
                        self.close_tag(Elem::Member)?;
                    }
                    self.ws();
                    if self.rest().starts_with(b"</") {
                        self.finish_struct(false)?;
                    } else {
                        self.member_name()?;
                        break;
                    }
                } else {
                    self.ws();
                    if self.rest().starts_with(b"</") {
                        self.finish_array(false)?;
                    } else {
                        break;
                    }
                }
                n -= 1;
                stack &= !1u128.checked_shl(n).unwrap_or(0);
                after_open = false;
            }
            ev = self.read_value::<false>()?;
        }
    }

    /// `</data></array></value>` (or `</array></value>` after `<data/>`).
    #[inline]
    fn finish_array(&mut self, empty: bool) -> Result<()> {
        if !empty && self.eat(b"</data></array></value>") {
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        if !empty {
            self.close_tag(Elem::Data)?;
        }
        self.close_tag(Elem::Array)?;
        self.close_tag(Elem::Value)?;
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    /// `</struct></value>` (or `</value>` after `<struct/>`).
    #[inline]
    fn finish_struct(&mut self, empty: bool) -> Result<()> {
        if !empty && self.eat(b"</struct></value>") {
            self.depth = self.depth.saturating_sub(1);
            return Ok(());
        }
        if !empty {
            self.close_tag(Elem::Struct)?;
        }
        self.close_tag(Elem::Value)?;
        self.depth = self.depth.saturating_sub(1);
        Ok(())
    }

    /// `<member><name>…</name>`: the raw range of the name and whether it needs unescaping.
    #[inline]
    fn member_name(&mut self) -> Result<(usize, usize, bool)> {
        if !self.eat(b"<member>") {
            self.open_tag(Elem::Member)?;
        }
        self.ws();
        if !self.eat(b"<name>") {
            self.open_tag(Elem::MemberName)?;
        }
        let t = self.text()?;
        if !self.eat(b"</name>") {
            self.close_tag(Elem::MemberName)?;
        }
        Ok(t)
    }

    /// Hands an already read event to a visitor.
    #[inline]
    fn visit<V: Visitor<'de>>(&mut self, ev: Event<'de>, visitor: V) -> Result<V::Value> {
        match ev {
            Event::Str(Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Event::Str(Cow::Owned(s)) => visitor.visit_string(s),
            Event::Int(i) => visitor.visit_i64(i),
            Event::Bool(b) => visitor.visit_bool(b),
            Event::Struct { empty } => self.visit_struct(empty, visitor),
            Event::Array { empty } => self.visit_array(empty, visitor),
            Event::Double(d) => visitor.visit_f64(d),
            Event::Nil | Event::Skipped => visitor.visit_unit(),
            Event::Base64(raw) => {
                let bytes = self.base64(raw)?;
                visitor.visit_byte_buf(bytes)
            }
            Event::DateTime(text) => visitor.visit_map(DateTimeAccess { text: Some(text) }),
        }
    }

    fn visit_array<V: Visitor<'de>>(&mut self, empty: bool, visitor: V) -> Result<V::Value> {
        let start = self.value_start;
        self.path.push(Seg::Index(0));
        let mut access = SeqAccess {
            de: self,
            index: 0,
            done: empty,
        };
        let r = visitor.visit_seq(&mut access);
        let done = access.done;
        let v = match r {
            Ok(v) => v,
            Err(e) => return Err(self.container_error(e, start)),
        };
        if !done {
            self.ws();
            if !self.rest().starts_with(b"</") {
                self.path.pop();
                return Err(self.syntax(
                    start,
                    "invalid length: the array has more elements than expected",
                    Some(("fewer elements".into(), "more".into())),
                ));
            }
        }
        self.path.pop();
        self.finish_array(empty)?;
        Ok(v)
    }

    fn visit_struct<V: Visitor<'de>>(&mut self, empty: bool, visitor: V) -> Result<V::Value> {
        let start = self.value_start;
        self.path.push(Seg::Index(0));
        let mut access = MapAccess {
            de: self,
            done: empty,
        };
        let r = visitor.visit_map(&mut access);
        let done = access.done;
        let v = match r {
            Ok(v) => v,
            Err(e) => return Err(self.container_error(e, start)),
        };
        self.path.pop();
        if !done {
            self.ws();
            if !self.rest().starts_with(b"</") {
                return Err(self.syntax(
                    start,
                    "the struct has members the visitor did not read",
                    None,
                ));
            }
        }
        self.finish_struct(empty)?;
        Ok(v)
    }

    /// An error from a container's visitor itself (a missing field, a wrong length) is
    /// located at the container, not at its last member.
    #[cold]
    fn container_error(&mut self, e: Error, start: usize) -> Error {
        if self.located {
            return e;
        }
        self.path.pop();
        self.locate(e, start)
    }

    // ----- documents ----------------------------------------------------------------------

    /// `<methodResponse>` up to its value: `Ok(false)` for `<params><param>`, `Ok(true)` for
    /// `<fault>`.
    pub(crate) fn open_response(&mut self) -> Result<bool> {
        self.prolog()?;
        self.open_tag(Elem::MethodResponse)?;
        self.ws();
        if self.eat(b"<fault>") {
            return Ok(true);
        }
        self.open_tag(Elem::Params)?;
        self.ws();
        if self.rest().starts_with(b"</params>") {
            return Err(self.expected("`<param>`: a response holds one value"));
        }
        self.open_tag(Elem::Param)?;
        Ok(false)
    }

    /// What follows a response's value or fault, through the end of the document.
    pub(crate) fn close_response(&mut self, fault: bool) -> Result<()> {
        if fault {
            self.close_tag(Elem::Fault)?;
        } else {
            self.close_tag(Elem::Param)?;
            self.ws();
            if self.rest().starts_with(b"<param>") {
                return Err(self.expected("`</params>`: a response holds exactly one value"));
            }
            self.close_tag(Elem::Params)?;
        }
        self.close_tag(Elem::MethodResponse)?;
        self.end()
    }

    /// `<methodCall><methodName>…</methodName>`: the method name.
    pub(crate) fn open_call(&mut self) -> Result<Cow<'de, str>> {
        self.in_call = true;
        self.prolog()?;
        self.open_tag(Elem::MethodCall)?;
        self.open_tag(Elem::MethodName)?;
        let (s, e, esc) = self.text()?;
        self.close_tag(Elem::MethodName)?;
        self.cow(s, e, esc)
    }

    /// What follows a call's parameters, through the end of the document.
    pub(crate) fn close_call(&mut self) -> Result<()> {
        self.close_tag(Elem::MethodCall)?;
        self.end()
    }

    /// The parameter list of a call, as a serde sequence.
    pub(crate) fn params<T: de::Deserialize<'de>>(&mut self) -> Result<T> {
        self.ws();
        let present = if self.eat(b"<params>") {
            true
        } else if self.eat(b"<params/>") || self.rest().starts_with(b"</methodCall>") {
            false
        } else {
            self.open_tag(Elem::Params)?;
            true
        };
        let v = T::deserialize(ParamsDeserializer { de: self, present })?;
        Ok(v)
    }
}

/// `-?[0-9]+` with surrounding whitespace and a leading `+` allowed, as Python's `int()`
/// reads; `Err(true)` on overflow, `Err(false)` when it is not a number.
fn parse_i64(text: &[u8]) -> Result<i64, bool> {
    let mut t = text;
    while let [first, rest @ ..] = t {
        if !is_ws(*first) {
            break;
        }
        t = rest;
    }
    while let [rest @ .., last] = t {
        if !is_ws(*last) {
            break;
        }
        t = rest;
    }
    let (negative, digits) = match t {
        [b'-', d @ ..] => (true, d),
        [b'+', d @ ..] => (false, d),
        d => (false, d),
    };
    if digits.is_empty() {
        return Err(false);
    }
    // Accumulate negatively so that i64::MIN parses.
    let mut acc: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return Err(false);
        }
        acc = acc
            .checked_mul(10)
            .and_then(|a| a.checked_sub(i64::from(d)))
            .ok_or(true)?;
    }
    if negative {
        Ok(acc)
    } else {
        acc.checked_neg().ok_or(true)
    }
}

/// What an event is, for "invalid type" errors.
fn unexpected<'a>(ev: &'a Event<'_>) -> de::Unexpected<'a> {
    match ev {
        Event::Nil | Event::Skipped => de::Unexpected::Unit,
        Event::Bool(b) => de::Unexpected::Bool(*b),
        Event::Int(i) => de::Unexpected::Signed(*i),
        Event::Double(d) => de::Unexpected::Float(*d),
        Event::Str(s) | Event::DateTime(s) => de::Unexpected::Str(s),
        Event::Base64(_) => de::Unexpected::Other("base64"),
        Event::Array { .. } => de::Unexpected::Seq,
        Event::Struct { .. } => de::Unexpected::Map,
    }
}

fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

// ----- serde glue ---------------------------------------------------------------------------

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let ev = self.next_event()?;
        self.visit(ev, visitor)
    }

    /// `<boolean>0</boolean>` (Odoo's empty value) and `<nil/>` are `None`.
    #[inline]
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::Nil | Event::Bool(false) => visitor.visit_none(),
            ev => {
                self.pending = Some(ev);
                visitor.visit_some(self)
            }
        }
    }

    /// A `<dateTime.iso8601>` is its text here; `<base64>` its raw text.
    #[inline]
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::DateTime(Cow::Borrowed(s)) | Event::Base64(s) => visitor.visit_borrowed_str(s),
            Event::DateTime(Cow::Owned(s)) => visitor.visit_string(s),
            ev => self.visit(ev, visitor),
        }
    }

    #[inline]
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    /// `<base64>`, or a `<string>` holding base64 (Odoo's binary fields), decoded.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next_event()? {
            Event::Base64(raw) | Event::Str(Cow::Borrowed(raw)) => {
                let bytes = self.base64(raw)?;
                visitor.visit_byte_buf(bytes)
            }
            Event::Str(Cow::Owned(text)) => {
                let bytes = self.base64_owned(&text)?;
                visitor.visit_byte_buf(bytes)
            }
            ev => self.visit(ev, visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name == DATETIME_TOKEN {
            match self.next_event()? {
                Event::DateTime(Cow::Borrowed(s)) => return visitor.visit_borrowed_str(s),
                Event::DateTime(Cow::Owned(s)) => return visitor.visit_string(s),
                ev => self.pending = Some(ev),
            }
        }
        visitor.visit_newtype_struct(self)
    }

    /// A string is a unit variant; a one-member struct `{variant: value}` any variant.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.next_event()? {
            Event::Str(s) => visitor.visit_enum(UnitVariant { name: s }),
            Event::Struct { empty: false } => {
                let start = self.value_start;
                self.path.push(Seg::Index(0));
                let (s, e, esc) = self.member_name()?;
                if let Some(top) = self.path.last_mut() {
                    *top = Seg::Key(s, e);
                }
                let variant = self.cow(s, e, esc)?;
                let v = visitor
                    .visit_enum(VariantAccess {
                        de: &mut *self,
                        variant,
                    })
                    .map_err(|e| self.container_error(e, start))?;
                self.path.pop();
                self.close_tag(Elem::Member)?;
                self.ws();
                if !self.rest().starts_with(b"</") {
                    return Err(self.syntax(
                        start,
                        "an enum is a struct with exactly one member",
                        None,
                    ));
                }
                self.finish_struct(false)?;
                Ok(v)
            }
            ev => Err(de::Error::invalid_type(
                unexpected(&ev),
                &"an enum: a string or a one-member struct",
            )),
        }
    }

    /// Skips the whole value without building anything.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char unit unit_struct seq tuple
        tuple_struct map struct identifier
    }
}

impl Deserializer<'_> {
    fn base64_owned(&mut self, text: &str) -> Result<Vec<u8>> {
        crate::types::decode_base64(text.as_bytes()).map_err(|e| {
            let at = self.value_start;
            self.syntax(at, format!("invalid base64: {e}"), None)
        })
    }
}

struct SeqAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</") {
            self.done = true;
            return Ok(None);
        }
        if let Some(top) = de.path.last_mut() {
            *top = Seg::Index(self.index);
        }
        if de.path.len() == 1 {
            de.record_id = None;
        }
        self.index += 1;
        de.nested(seed).map(Some)
    }
}

struct MapAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    done: bool,
}

impl<'de> de::MapAccess<'de> for MapAccess<'_, 'de> {
    type Error = Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</") {
            self.done = true;
            return Ok(None);
        }
        let (s, e, esc) = de.member_name()?;
        if let Some(top) = de.path.last_mut() {
            *top = Seg::Key(s, e);
        }
        let key = de.cow(s, e, esc)?;
        match seed.deserialize(KeyDeserializer { key }) {
            Ok(k) => Ok(Some(k)),
            Err(err) => {
                let at = s;
                Err(if de.located { err } else { de.locate(err, at) })
            }
        }
    }

    #[inline]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let de = &mut *self.de;
        let v = de.nested(seed)?;
        if !de.eat(b"\n</member>") {
            de.close_tag(Elem::Member)?;
        }
        Ok(v)
    }
}

/// The parameter list of a call, as a sequence: one element per `<param>`.
struct ParamsDeserializer<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    present: bool,
}

impl<'de> de::Deserializer<'de> for ParamsDeserializer<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let mut access = ParamsAccess {
            de: self.de,
            index: 0,
            done: !self.present,
        };
        let v = visitor.visit_seq(&mut access)?;
        if !access.done {
            let de = &mut *access.de;
            de.ws();
            if de.rest().starts_with(b"<param>") {
                let at = de.pos;
                return Err(de.syntax(at, "the call has more parameters than expected", None));
            }
        }
        if self.present {
            access.de.close_tag(Elem::Params)?;
        }
        Ok(v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

struct ParamsAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    index: usize,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for ParamsAccess<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if self.done {
            return Ok(None);
        }
        let de = &mut *self.de;
        de.ws();
        if de.rest().starts_with(b"</params>") {
            self.done = true;
            return Ok(None);
        }
        de.open_tag(Elem::Param)?;
        de.path.clear();
        de.path.push(Seg::Param(self.index));
        self.index += 1;
        let v = de.nested(seed)?;
        de.path.clear();
        de.close_tag(Elem::Param)?;
        Ok(Some(v))
    }
}

/// A struct member name as a deserializer: a string, or a number for integer-keyed maps.
struct KeyDeserializer<'de> {
    key: Cow<'de, str>,
}

macro_rules! key_number {
    ($($method:ident => $visit:ident: $t:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
            match self.key.trim().parse::<$t>() {
                Ok(n) => visitor.$visit(n),
                Err(_) => self.deserialize_any(visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for KeyDeserializer<'de> {
    type Error = Error;

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.key {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    key_number!(deserialize_i8 => visit_i64: i64, deserialize_i16 => visit_i64: i64,
        deserialize_i32 => visit_i64: i64, deserialize_i64 => visit_i64: i64,
        deserialize_u8 => visit_u64: u64, deserialize_u16 => visit_u64: u64,
        deserialize_u32 => visit_u64: u64, deserialize_u64 => visit_u64: u64);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_enum(UnitVariant { name: self.key })
    }

    serde::forward_to_deserialize_any! {
        bool i128 u128 f32 f64 char str string bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A `<dateTime.iso8601>` handed to `deserialize_any`: the one-entry map
/// `{DATETIME_TOKEN: text}` that [`crate::Value`]'s visitor turns into `Value::DateTime`.
struct DateTimeAccess<'de> {
    text: Option<Cow<'de, str>>,
}

impl<'de> de::MapAccess<'de> for DateTimeAccess<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if self.text.is_none() {
            return Ok(None);
        }
        seed.deserialize(BorrowedStrDeserializer::new(DATETIME_TOKEN))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        match self.text.take() {
            Some(Cow::Borrowed(s)) => seed.deserialize(BorrowedStrDeserializer::new(s)),
            Some(Cow::Owned(s)) => seed.deserialize(StringDeserializer::new(s)),
            None => Err(de::Error::custom("dateTime value read twice")),
        }
    }
}

/// A string as an enum: a unit variant.
struct UnitVariant<'de> {
    name: Cow<'de, str>,
}

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly)> {
        let v = match self.name {
            Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s))?,
            Cow::Owned(s) => seed.deserialize(s.into_deserializer())?,
        };
        Ok((v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a newtype variant",
        ))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a tuple variant",
        ))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"a struct variant",
        ))
    }
}

/// A one-member struct `{variant: value}` as an enum.
struct VariantAccess<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    variant: Cow<'de, str>,
}

impl<'a, 'de> de::EnumAccess<'de> for VariantAccess<'a, 'de> {
    type Error = Error;
    type Variant = &'a mut Deserializer<'de>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, &'a mut Deserializer<'de>)> {
        let v = match self.variant {
            Cow::Borrowed(s) => seed.deserialize(BorrowedStrDeserializer::new(s))?,
            Cow::Owned(s) => seed.deserialize(s.into_deserializer())?,
        };
        Ok((v, self.de))
    }
}

impl<'de> de::VariantAccess<'de> for &mut Deserializer<'de> {
    type Error = Error;

    /// `{variant: nil}` (what a unit variant's value would be).
    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self)
    }
    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        self.nested(seed)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_seq(self, visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_map(self, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_i64;

    #[test]
    fn integers() {
        assert_eq!(parse_i64(b"0"), Ok(0));
        assert_eq!(parse_i64(b" -42\n"), Ok(-42));
        assert_eq!(parse_i64(b"+7"), Ok(7));
        assert_eq!(parse_i64(b"9223372036854775807"), Ok(i64::MAX));
        assert_eq!(parse_i64(b"-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_i64(b"9223372036854775808"), Err(true));
        assert_eq!(parse_i64(b"-9223372036854775809"), Err(true));
        for bad in [&b""[..], b"-", b"1.0", b"0x1", b"1 2", b"abc", b"1_000"] {
            assert_eq!(parse_i64(bad), Err(false), "{bad:?}");
        }
    }
}
