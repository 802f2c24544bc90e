//! Values: what a `<value>` holds (an [`Event`]), scalars parsed, containers entered and
//! closed, values skipped unread.

use std::borrow::Cow;

use super::deserializer::{Deserializer, Event, Result, Seg, MAX_DEPTH};
use super::errors::truncate;
use super::scan::{Elem, TagKind};
use crate::xmlrpc::text::is_ws;

impl<'de> Deserializer<'de> {
    // ----- values -------------------------------------------------------------------------

    /// Reads the next `<value>`: scalars completely, containers up to their first element.
    #[inline]
    pub(super) fn next_event(&mut self) -> Result<Event<'de>> {
        if let Some(ev) = self.pending.take() {
            return Ok(ev);
        }
        self.read_value::<true>()
    }

    #[inline]
    pub(super) fn read_value<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        self.ws();
        self.value_start = self.pos;
        if !self.eat(b"<value>") {
            return self.value_open_slow::<DECODE>();
        }
        self.value_body::<DECODE>()
    }

    #[cold]
    pub(super) fn value_open_slow<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
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
    pub(super) fn value_body<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
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
    pub(super) fn typed<const DECODE: bool>(&mut self) -> Result<Event<'de>> {
        let tag_at = self.pos;
        let (name, kind) = self.read_typed_tag()?;
        let ev = match (name, kind) {
            (Elem::String, TagKind::Open) => {
                let index = self.placeholder();
                let (s, e, esc) = self.text()?;
                self.close_tag(Elem::String)?;
                match index {
                    Some(index) => Event::Side {
                        index,
                        tail: self.cow(s, e, esc)?,
                        base64: false,
                    },
                    None if DECODE => Event::Str(self.cow(s, e, esc)?),
                    None => Event::Skipped,
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
                let index = self.placeholder();
                let (s, e, _) = self.text()?;
                self.close_tag(Elem::Base64)?;
                match index {
                    Some(index) => Event::Side {
                        index,
                        tail: Cow::Borrowed(self.str_at(s, e)),
                        base64: true,
                    },
                    None => Event::Base64(self.str_at(s, e)),
                }
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
    pub(super) fn read_typed_tag(&mut self) -> Result<(Elem, TagKind)> {
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

    pub(super) fn enter(&mut self, at: usize) -> Result<()> {
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

    pub(super) fn int(&mut self, s: usize, e: usize, esc: bool) -> Result<i64> {
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

    pub(super) fn double(&mut self, s: usize, e: usize, esc: bool) -> Result<f64> {
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

    /// At the start of a `<string>`'s or `<base64>`'s content: the number of the kept string
    /// whose placeholder stands there, which the scanner then skips.
    #[inline]
    pub(super) fn placeholder(&mut self) -> Option<usize> {
        if self.side.is_empty() {
            return None;
        }
        let (index, len) = self.side.placeholder_at(self.rest())?;
        self.pos += len;
        Some(index)
    }

    /// A kept string's bytes, decoded as a `<base64>` is (see [`Deserializer::base64`]).
    pub(super) fn side_bytes(&mut self, index: usize, tail: &str) -> Result<Vec<u8>> {
        match self.side_text(index)?.finish(tail) {
            Ok(bytes) => Ok(bytes),
            Err(text) => self.base64(&text),
        }
    }

    /// A kept string's text, as it came.
    pub(super) fn side_string(&mut self, index: usize, tail: &str) -> Result<String> {
        let mut text = self.side_text(index)?.text();
        text.push_str(tail);
        Ok(text)
    }

    pub(super) fn side_text(&mut self, index: usize) -> Result<crate::side::SideText> {
        match self.side.take(index) {
            Some(text) => Ok(text),
            None => {
                let at = self.value_start;
                Err(self.syntax(at, "a long string read twice", None))
            }
        }
    }

    pub(super) fn base64(&mut self, raw: &str) -> Result<Vec<u8>> {
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
    pub(super) fn skip_value(&mut self) -> Result<()> {
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
    pub(super) fn finish_array(&mut self, empty: bool) -> Result<()> {
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
    pub(super) fn finish_struct(&mut self, empty: bool) -> Result<()> {
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
    pub(super) fn member_name(&mut self) -> Result<(usize, usize, bool)> {
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
}

/// `-?[0-9]+` with surrounding whitespace and a leading `+` allowed, as Python's `int()`
/// reads; `Err(true)` on overflow, `Err(false)` when it is not a number.
pub(super) fn parse_i64(text: &[u8]) -> Result<i64, bool> {
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
