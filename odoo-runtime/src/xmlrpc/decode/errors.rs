//! Errors located in the document: a byte offset, a snippet of the input and the path
//! (`[5000].partner_id`) of the value being decoded.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::de::{self, DeserializeSeed};

use super::deserializer::{Deserializer, Event, Result, Seg};
use crate::error::{DecodeContext, Error, ErrorKind};
use crate::xmlrpc::text::unescape;

impl<'de> Deserializer<'de> {
    // ----- errors -------------------------------------------------------------------------

    /// A syntax error at byte `at`, located now.
    #[cold]
    pub(super) fn syntax(
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
    pub(super) fn expected(&mut self, what: &str) -> Error {
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
    pub(super) fn describe(&self, at: usize) -> String {
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

    pub(super) fn snippet(&self, start: usize, mut end: usize) -> &'de str {
        while end > start && !self.src.is_char_boundary(end) {
            end -= 1;
        }
        self.src.get(start..end).unwrap_or("")
    }

    /// Adds where an error happened: line, column, byte offset, the path and, in the
    /// context, the record index, the record id and the innermost struct member name.
    #[cold]
    pub(super) fn locate(&mut self, e: Error, at: usize) -> Error {
        self.located = true;
        if e.kind() != ErrorKind::Decode {
            return e;
        }
        let before = self.bytes().get(..at).unwrap_or_default();
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        // Where it was in the element as it came, before its long strings were kept aside
        // (they hold no line break).
        let column = at - line_start + 1;
        let (at, shift) = self.side.origin(at, line_start);
        let column = column + shift;
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

    pub(super) fn key_text(&self, a: usize, b: usize) -> String {
        let raw = self.str_at(a, b);
        unescape(raw).map_or_else(|_| raw.to_owned(), Cow::into_owned)
    }

    pub(super) fn path_string(&self) -> String {
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
    pub(super) fn nested<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value> {
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
    pub(super) fn recover(&mut self, e: Error, len: usize, depth: usize) -> Error {
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

    /// An error from a container's visitor itself (a missing field, a wrong length) is
    /// located at the container, not at its last member.
    #[cold]
    pub(super) fn container_error(&mut self, e: Error, start: usize) -> Error {
        if self.located {
            return e;
        }
        self.path.pop();
        self.locate(e, start)
    }
}

/// What an event is, for "invalid type" errors.
pub(super) fn unexpected<'a>(ev: &'a Event<'_>) -> de::Unexpected<'a> {
    match ev {
        Event::Nil | Event::Skipped => de::Unexpected::Unit,
        Event::Bool(b) => de::Unexpected::Bool(*b),
        Event::Int(i) => de::Unexpected::Signed(*i),
        Event::Double(d) => de::Unexpected::Float(*d),
        Event::Str(s) | Event::DateTime(s) => de::Unexpected::Str(s),
        Event::Base64(_) | Event::Side { base64: true, .. } => de::Unexpected::Other("base64"),
        Event::Side { .. } => de::Unexpected::Other("string"),
        Event::Array { .. } => de::Unexpected::Seq,
        Event::Struct { .. } => de::Unexpected::Map,
    }
}

pub(super) fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
