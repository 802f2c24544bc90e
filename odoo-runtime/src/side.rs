//! Long strings kept beside an element while it is buffered (see [`crate::frame`]): a
//! binary field is one string of base64 inside the record, 67 MB for a 50 MB file, and the
//! element holding it would otherwise be buffered whole and then decoded into a second
//! full-size copy.
//!
//! While the element arrives, a string longer than [`SIDE_AT`] leaves the element's buffer:
//! its bytes are decoded here, four characters at a time, as long as they are plain canonical
//! base64 (the standard alphabet, no whitespace, `=` only at the end). In the element a
//! placeholder stands for them, which no real answer holds (a NUL: raw it is not XML, and the
//! JSON framer falls back when an element holds one escaped). The element's decoder gives a
//! [`Binary`](crate::Binary) the decoded bytes, moved, and every other target the original
//! text, rebuilt exactly: full groups of four characters without padding encode back to the
//! same text.
//!
//! Anything else (an escape, whitespace, a byte outside the alphabet, padding in the middle)
//! and the string goes back into the element as it came, to be decoded as before.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

/// How long a string grows in an element's buffer before it is kept beside it (short in unit
/// tests, so that they feed every piece size).
pub(crate) const SIDE_AT: usize = if cfg!(test) { 64 } else { 1 << 20 };

/// `true` for the 64 characters of the standard base64 alphabet.
static ALPHABET: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = matches!(c as u8, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/');
        c += 1;
    }
    t
};

/// One string's content, decoded so far.
#[derive(Debug, Default)]
pub(crate) struct SideText {
    /// The bytes of every full group of four characters without padding.
    decoded: Vec<u8>,
    /// The characters of the group not decoded yet (a partial group, or the last group with
    /// its padding, decoded only at the end).
    group: [u8; 4],
    n: usize,
    padded: bool,
    /// How many characters came in.
    len: usize,
}

impl SideText {
    /// Takes `bytes`, the string's content that follows. `Err(k)`: `bytes[k]` is not canonical
    /// base64 there; `bytes[..k]` were taken, and [`SideText::text`] followed by `bytes[k..]`
    /// is the content.
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<(), usize> {
        let mut i = 0;
        while i < bytes.len() {
            if self.n == 0 && !self.padded {
                // Whole groups at once.
                let run = bytes[i..]
                    .iter()
                    .position(|&b| !ALPHABET[b as usize])
                    .unwrap_or(bytes.len() - i);
                let whole = run / 4 * 4;
                if whole > 0 {
                    let groups = &bytes[i..i + whole];
                    if STANDARD.decode_vec(groups, &mut self.decoded).is_err() {
                        // Unreachable for characters of the alphabet; refused all the same.
                        return Err(i);
                    }
                    i += whole;
                    self.len += whole;
                    continue;
                }
            }
            let b = bytes[i];
            let ok = if self.padded {
                b == b'=' && self.n < 4
            } else if b == b'=' {
                self.n >= 2
            } else {
                ALPHABET[b as usize] && self.n < 4
            };
            if !ok {
                return Err(i);
            }
            self.padded |= b == b'=';
            self.group[self.n] = b;
            self.n += 1;
            self.len += 1;
            i += 1;
            if self.n == 4 && !self.padded {
                if STANDARD
                    .decode_vec(&self.group[..4], &mut self.decoded)
                    .is_err()
                {
                    return Err(i);
                }
                self.n = 0;
            }
        }
        Ok(())
    }

    /// How many characters came in.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The content so far, as it came.
    pub(crate) fn text(&self) -> String {
        let mut s = STANDARD.encode(&self.decoded);
        s.extend(self.group[..self.n].iter().map(|&b| char::from(b)));
        s
    }

    /// The bytes of the content followed by `tail` (the rest of the string, unescaped), when
    /// the whole is canonical base64; else the whole text, to be decoded as usual (an error, or
    /// base64 with line breaks).
    pub(crate) fn finish(mut self, tail: &str) -> Result<Vec<u8>, String> {
        if let Err(k) = self.push(tail.as_bytes()) {
            let mut text = self.text();
            text.push_str(&tail[k..]);
            return Err(text);
        }
        if self.n > 0 {
            // Only a padded last group decodes (its trailing bits must be zero).
            if !self.padded || self.n < 4 {
                return Err(self.text());
            }
            let at = self.decoded.len();
            if STANDARD
                .decode_vec(&self.group[..4], &mut self.decoded)
                .is_err()
            {
                self.decoded.truncate(at);
                return Err(self.text());
            }
        }
        Ok(self.decoded)
    }
}

/// The strings kept beside the element being buffered, in the order they came.
#[derive(Debug, Default)]
pub(crate) struct Side {
    entries: Vec<Entry>,
}

#[derive(Debug)]
struct Entry {
    /// `None` once a decoder took it.
    text: Option<SideText>,
    /// Where the placeholder starts in the element, and its length.
    at: usize,
    placeholder: usize,
    /// How many characters of the string it stands for.
    len: usize,
}

impl Side {
    /// `true` when no string is kept.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many strings are kept.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Starts a string at `at` in the buffer, with a placeholder of `placeholder` bytes; its
    /// number.
    pub(crate) fn open(&mut self, at: usize, placeholder: usize) -> usize {
        self.entries.push(Entry {
            text: Some(SideText::default()),
            at,
            placeholder,
            len: 0,
        });
        self.entries.len() - 1
    }

    /// Takes more of string `index`'s content (see [`SideText::push`]).
    pub(crate) fn push(&mut self, index: usize, bytes: &[u8]) -> Result<(), usize> {
        let Some(entry) = self.entries.get_mut(index) else {
            return Err(0);
        };
        let Some(text) = entry.text.as_mut() else {
            return Err(0);
        };
        let pushed = text.push(bytes);
        entry.len = text.len();
        pushed
    }

    /// Removes the last string, which goes back into the buffer: its text.
    pub(crate) fn pop(&mut self) -> String {
        self.entries
            .pop()
            .and_then(|e| e.text)
            .map_or_else(String::new, |t| t.text())
    }

    /// Moves every placeholder by `-by` (the element starts `by` bytes into the buffer).
    pub(crate) fn rebase(&mut self, by: usize) {
        for e in &mut self.entries {
            e.at = e.at.saturating_sub(by);
        }
    }

    /// String `index`, for a decoder (once).
    pub(crate) fn take(&mut self, index: usize) -> Option<SideText> {
        self.entries.get_mut(index)?.text.take()
    }

    /// `element` with every placeholder replaced by its string's text, as it came.
    pub(crate) fn restore(mut self, element: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(element.len());
        let mut last = 0;
        for i in 0..self.entries.len() {
            let (at, len) = (self.entries[i].at, self.entries[i].placeholder);
            out.extend_from_slice(element.get(last..at).unwrap_or_default());
            if let Some(text) = self.take(i) {
                out.extend_from_slice(text.text().as_bytes());
            }
            last = at + len;
        }
        out.extend_from_slice(element.get(last..).unwrap_or_default());
        out
    }

    /// Where byte `at` of the element was in the element as it came: `(at, column shift)`,
    /// the column shift counting only placeholders after `line_start` (where `at`'s line
    /// starts).
    pub(crate) fn origin(&self, at: usize, line_start: usize) -> (usize, usize) {
        let (mut shift, mut column) = (0, 0);
        for e in &self.entries {
            if e.at >= at {
                break;
            }
            let d = e.len.saturating_sub(e.placeholder);
            shift += d;
            if e.at >= line_start {
                column += d;
            }
        }
        (at + shift, column)
    }

    /// The placeholder at the start of `text` (a string as the element's decoder read it):
    /// its string's number and length.
    pub(crate) fn placeholder_at(&self, text: &[u8]) -> Option<(usize, usize)> {
        if self.entries.is_empty() || text.first() != Some(&0) {
            return None;
        }
        let digits = text[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 || text.get(1 + digits) != Some(&0) {
            return None;
        }
        let index: usize = std::str::from_utf8(&text[1..1 + digits])
            .ok()?
            .parse()
            .ok()?;
        (index < self.entries.len()).then_some((index, digits + 2))
    }
}

/// The placeholder of string `index` as it stands in an element: `nul` (how the format
/// writes a NUL character), the number, `nul`.
pub(crate) fn placeholder(nul: &[u8], index: usize) -> Vec<u8> {
    let mut p = nul.to_vec();
    p.extend_from_slice(index.to_string().as_bytes());
    p.extend_from_slice(nul);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(n: usize) -> Vec<u8> {
        (0..n as u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    /// Feeds `text` in pieces of `size` and finishes with an empty tail.
    fn fed(text: &[u8], size: usize) -> Result<Vec<u8>, String> {
        let mut t = SideText::default();
        let mut rest = Vec::new();
        let mut failed = false;
        for piece in text.chunks(size) {
            if failed {
                rest.extend_from_slice(piece);
                continue;
            }
            if let Err(k) = t.push(piece) {
                failed = true;
                rest.extend_from_slice(&piece[k..]);
            }
        }
        if failed {
            let mut s = t.text().into_bytes();
            s.extend_from_slice(&rest);
            return Err(String::from_utf8(s).unwrap());
        }
        t.finish("")
    }

    #[test]
    fn canonical_base64_decodes_in_pieces_of_every_size() {
        for n in [0, 1, 2, 3, 4, 5, 100, 1000] {
            let bytes = data(n);
            let text = STANDARD.encode(&bytes);
            for size in 1..=text.len().clamp(1, 40) {
                assert_eq!(fed(text.as_bytes(), size).unwrap(), bytes, "{n} in {size}");
            }
            // A tail finishes it the same way, cut anywhere.
            for cut in 0..=text.len() {
                let mut t = SideText::default();
                t.push(&text.as_bytes()[..cut]).unwrap();
                assert_eq!(t.text(), text[..cut]);
                assert_eq!(t.finish(&text[cut..]).unwrap(), bytes, "{n} cut at {cut}");
            }
        }
    }

    #[test]
    fn anything_else_falls_back_to_the_exact_text() {
        let text = STANDARD.encode(data(300));
        let mut lines = String::new();
        for (i, c) in text.chars().enumerate() {
            if i > 0 && i % 76 == 0 {
                lines.push('\n');
            }
            lines.push(c);
        }
        let cases = [
            lines.clone(),                   // line breaks
            format!("{} ", text),            // a trailing space
            text.replace('A', "\\u0041"),    // escapes as the JSON text has them
            format!("{}&amp;", &text[..40]), // an entity
            "QQ==QUJD".to_owned(),           // padding in the middle
            "QR==".to_owned(),               // wrong trailing bits
            "QUJ".to_owned(),                // unpadded
            "QQ===".to_owned(),              // too much padding
            "Q===".to_owned(),               // padding too early
            "=QUJD".to_owned(),              // padding first
            format!("{}é", &text[..8]),      // not ASCII
            "10.44 Kb".to_owned(),           // a bin_size
        ];
        for case in cases {
            for size in 1..=case.len().min(12) {
                assert_eq!(
                    fed(case.as_bytes(), size),
                    Err(case.clone()),
                    "{case:?} in {size}"
                );
            }
            for cut in 0..=case.len() {
                if !case.is_char_boundary(cut) {
                    continue;
                }
                let mut t = SideText::default();
                let mut head = String::new();
                match t.push(&case.as_bytes()[..cut]) {
                    Ok(()) => assert_eq!(t.finish(&case[cut..]), Err(case.clone())),
                    Err(k) => {
                        head.push_str(&t.text());
                        head.push_str(&case[k..]);
                        assert_eq!(head, case, "{case:?} cut at {cut}");
                    }
                }
            }
        }
    }

    #[test]
    fn placeholders_are_found_and_elements_restored() {
        let mut side = Side::default();
        assert_eq!(
            side.placeholder_at(b"\x000\x00AAAA"),
            None,
            "no strings kept"
        );
        let p = placeholder(b"\0", 0);
        let i = side.open(4, p.len());
        side.push(i, b"QUJDRA").unwrap();
        assert_eq!(side.placeholder_at(b"\x000\x00=="), Some((0, 3)));
        assert_eq!(side.placeholder_at(b"\x001\x00"), None, "no such string");
        assert_eq!(side.placeholder_at(b"\x00\x00"), None);
        assert_eq!(side.origin(2, 0), (2, 0));
        assert_eq!(side.origin(10, 0), (13, 3));
        assert_eq!(side.origin(10, 8), (13, 0));
        let mut element = b"<s>\"".to_vec();
        element.extend_from_slice(&p);
        element.extend_from_slice(b"==\"</s>");
        assert_eq!(side.restore(&element), b"<s>\"QUJDRA==\"</s>");
    }
}
