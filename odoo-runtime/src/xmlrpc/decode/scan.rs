//! The scanner: bytes, whitespace, tags and character data. XML-RPC has a dozen element
//! names, no attributes and no mixed content, so the scanner looks only for the byte patterns
//! that can come next and finds the end of character data eight bytes at a time.

use std::borrow::Cow;

use super::deserializer::{Deserializer, Result};
use crate::error::Error;
use crate::xmlrpc::text::{find_forbidden_control, is_ws, unescape};

/// The elements of XML-RPC.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Elem {
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
    pub(super) fn from_bytes(b: &[u8]) -> Option<Elem> {
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

    pub(super) fn as_str(self) -> &'static str {
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

    pub(super) fn open(self) -> &'static [u8] {
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

    pub(super) fn close(self) -> &'static [u8] {
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
pub(super) enum TagKind {
    Open,
    Close,
    Empty,
}

pub(super) const PLAIN: u8 = 0;
pub(super) const LT: u8 = 1;
pub(super) const ESCAPE: u8 = 2;
pub(super) const FORBIDDEN: u8 = 3;

/// How [`Deserializer::text`] treats each byte of character data.
pub(super) static TEXT_CLASS: [u8; 256] = {
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
pub(super) fn special_bytes(w: u64) -> u64 {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let lt = w ^ (LO * b'<' as u64);
    let amp = w ^ (LO * b'&' as u64);
    ((lt.wrapping_sub(LO) & !lt) | (amp.wrapping_sub(LO) & !amp) | (w.wrapping_sub(LO * 0x20) & !w))
        & HI
}

impl<'de> Deserializer<'de> {
    #[inline(always)]
    pub(super) fn bytes(&self) -> &'de [u8] {
        self.src.as_bytes()
    }

    #[inline(always)]
    pub(super) fn rest(&self) -> &'de [u8] {
        self.bytes().get(self.pos..).unwrap_or_default()
    }

    #[inline(always)]
    pub(super) fn ws(&mut self) {
        let b = self.bytes();
        while let Some(&c) = b.get(self.pos) {
            if !is_ws(c) {
                break;
            }
            self.pos += 1;
        }
    }

    #[inline(always)]
    pub(super) fn eat(&mut self, lit: &[u8]) -> bool {
        if self.rest().starts_with(lit) {
            self.pos += lit.len();
            true
        } else {
            false
        }
    }

    #[inline(always)]
    pub(super) fn str_at(&self, start: usize, end: usize) -> &'de str {
        // Every range handed here starts and ends next to an ASCII `<`, `>` or `&`, so it is
        // on character boundaries; `get` keeps this panic-free regardless.
        self.src.get(start..end).unwrap_or_default()
    }

    // ----- tags ---------------------------------------------------------------------------

    /// Skips the optional byte order mark and `<?xml …?>` declaration.
    pub(super) fn prolog(&mut self) -> Result<()> {
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
    pub(super) fn read_tag(&mut self) -> Result<(Elem, TagKind)> {
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
    pub(super) fn open_tag(&mut self, name: Elem) -> Result<()> {
        self.ws();
        if self.eat(name.open()) {
            return Ok(());
        }
        self.open_tag_slow(name)
    }

    #[cold]
    pub(super) fn open_tag_slow(&mut self, name: Elem) -> Result<()> {
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
    pub(super) fn close_tag(&mut self, name: Elem) -> Result<()> {
        self.ws();
        if self.eat(name.close()) {
            return Ok(());
        }
        self.close_tag_slow(name)
    }

    #[cold]
    pub(super) fn close_tag_slow(&mut self, name: Elem) -> Result<()> {
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
    pub(super) fn text(&mut self) -> Result<(usize, usize, bool)> {
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
    pub(super) fn control_error(&mut self, at: usize) -> Error {
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
    pub(super) fn cow(&mut self, start: usize, end: usize, esc: bool) -> Result<Cow<'de, str>> {
        let raw = self.str_at(start, end);
        if !esc {
            return Ok(Cow::Borrowed(raw));
        }
        self.unescape(start, raw)
    }

    #[inline(never)]
    pub(super) fn unescape(&mut self, start: usize, raw: &'de str) -> Result<Cow<'de, str>> {
        match unescape(raw) {
            Ok(s) => Ok(s),
            Err(e) => {
                let found = self.describe(start + e.offset);
                Err(self.syntax(start + e.offset, e.message, Some(("text".into(), found))))
            }
        }
    }
}
