//! Character-level helpers shared by the encoder and the decoder: escaping, unescaping, the
//! XML 1.0 character rules and Python's `repr()` of a float.

use std::borrow::Cow;

/// What the encoder does with a character XML 1.0 cannot carry (C0 controls other than tab,
/// line feed and carriage return, and U+FFFE/U+FFFF).
///
/// No escape helps: `&#x1;` is as invalid as a raw U+0001, and Odoo's parser (expat) rejects
/// both, so the whole call would fail with a fault 1 `ExpatError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Controls {
    /// Refuse to encode: an [`crate::ErrorKind::Encode`] error naming where the character is.
    /// Used for requests, so a client never silently sends something else than it was given.
    Reject,
    /// Drop the character, exactly as Odoo's `OdooMarshaller.dump_unicode` does
    /// (`value.translate(CONTROL_CHARACTERS)`). Used for responses and faults, so the test
    /// server answers like Odoo.
    Strip,
}

/// A character the encoder refused: its index (in characters) in the string, and itself.
#[derive(Debug)]
pub(crate) struct BadChar {
    pub(crate) index: usize,
    pub(crate) ch: char,
}

/// Bytes that need a look while escaping: the three markup characters, the C0 controls
/// (tab and line feed excepted) and 0xEF, the lead byte of U+FFFE and U+FFFF.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = i != 0x09 && i != 0x0A;
        i += 1;
    }
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'&' as usize] = true;
    t[0xEF] = true;
    t
};

/// Appends `s` to `out` with `<`, `>` and `&` escaped the way Python's `xmlrpc.client.escape`
/// does, applying `controls` to characters XML 1.0 cannot carry.
///
/// A carriage return is written as `&#13;`: raw, every XML parser (Odoo's too) would turn it
/// into a line feed. Python and Odoo write it raw and lose it; this is the one place where the
/// output deliberately differs from theirs (no recording holds a carriage return).
pub(crate) fn escape_into(out: &mut Vec<u8>, s: &str, controls: Controls) -> Result<(), BadChar> {
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !SPECIAL[b as usize] {
            i += 1;
            continue;
        }
        let replacement: Option<&[u8]> = match b {
            b'<' => Some(b"&lt;"),
            b'>' => Some(b"&gt;"),
            b'&' => Some(b"&amp;"),
            b'\r' => Some(b"&#13;"),
            0xEF => {
                // U+FFFE is EF BF BE, U+FFFF is EF BF BF; every other EF.. sequence is fine.
                let non_char = bytes.get(i + 1) == Some(&0xBF)
                    && matches!(bytes.get(i + 2), Some(0xBE) | Some(0xBF));
                if non_char && controls == Controls::Reject {
                    return Err(bad_char(s, i));
                }
                i += 1;
                continue;
            }
            _ => match controls {
                Controls::Reject => return Err(bad_char(s, i)),
                Controls::Strip => Some(b""),
            },
        };
        if let Some(rep) = replacement {
            out.extend_from_slice(&bytes[last..i]);
            out.extend_from_slice(rep);
            last = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[last..]);
    Ok(())
}

fn bad_char(s: &str, byte: usize) -> BadChar {
    let prefix = s.get(..byte).unwrap_or("");
    let ch = s
        .get(byte..)
        .and_then(|r| r.chars().next())
        .unwrap_or('\u{0}');
    BadChar {
        index: prefix.chars().count(),
        ch,
    }
}

/// XML's whitespace: space, tab, carriage return and line feed.
#[inline]
pub(crate) fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t')
}

/// `true` for a character XML 1.0 allows (its production `Char`).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// The byte offset of the first byte XML 1.0 forbids anywhere in a document: a C0 control
/// other than tab, line feed and carriage return. For text the decoder does not scan itself
/// (the XML declaration); character data is checked by the decoder's text scanner.
pub(crate) fn find_forbidden_control(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 64;
    #[inline(always)]
    fn bad(b: u8) -> bool {
        (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')
    }
    let mut chunks = bytes.chunks_exact(CHUNK);
    let mut base = 0;
    for chunk in &mut chunks {
        if chunk.iter().fold(false, |acc, &b| acc | bad(b)) {
            return chunk.iter().position(|&b| bad(b)).map(|p| base + p);
        }
        base += CHUNK;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| bad(b))
        .map(|p| base + p)
}

/// Why [`unescape`] failed, and where (a byte offset into its input).
#[derive(Debug)]
pub(crate) struct UnescapeError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// Resolves the five predefined entities and decimal/hex character references, and applies
/// XML's end-of-line normalisation (`\r\n` and a lone `\r` become `\n`), as every XML parser
/// (and so Python's `xmlrpc.client` and Odoo's server) does.
pub(crate) fn unescape(raw: &str) -> Result<Cow<'_, str>, UnescapeError> {
    let bytes = raw.as_bytes();
    let Some(first) = bytes.iter().position(|&b| b == b'&' || b == b'\r') else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut out = String::with_capacity(raw.len());
    // `last..i` is the pending run of plain text; both ends sit next to ASCII bytes, so
    // slicing `raw` there is always on character boundaries.
    let mut last = 0;
    let mut i = first;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'&' => {
                out.push_str(raw.get(last..i).unwrap_or_default());
                let (ch, len) = entity(&bytes[i..]).ok_or_else(|| UnescapeError {
                    offset: i,
                    message: match memchr::memchr(b';', &bytes[i..bytes.len().min(i + 14)]) {
                        Some(semi) => format!(
                            "unknown entity or invalid character reference `{}`",
                            raw.get(i..=i + semi).unwrap_or("&")
                        ),
                        None => {
                            "`&` must start an entity or character reference (write `&amp;`)".into()
                        }
                    },
                })?;
                out.push(ch);
                i += len;
                last = i;
            }
            b'\r' => {
                out.push_str(raw.get(last..i).unwrap_or_default());
                out.push('\n');
                i += if bytes.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                last = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(raw.get(last..).unwrap_or_default());
    Ok(Cow::Owned(out))
}

/// The character an entity or character reference at the start of `b` (which starts with
/// `&`) stands for, and the reference's length.
#[inline]
fn entity(b: &[u8]) -> Option<(char, usize)> {
    match b.get(1)? {
        b'l' if b.starts_with(b"&lt;") => Some(('<', 4)),
        b'g' if b.starts_with(b"&gt;") => Some(('>', 4)),
        b'a' if b.starts_with(b"&amp;") => Some(('&', 5)),
        b'a' if b.starts_with(b"&apos;") => Some(('\'', 6)),
        b'q' if b.starts_with(b"&quot;") => Some(('"', 6)),
        b'#' => {
            let semi = memchr::memchr(b';', &b[..b.len().min(14)])?;
            let name = std::str::from_utf8(&b[1..semi]).ok()?;
            char_ref(name).map(|c| (c, semi + 1))
        }
        _ => None,
    }
}

/// `#65` or `#x41` → 'A', when it names a character XML 1.0 allows.
fn char_ref(name: &str) -> Option<char> {
    let digits = name.strip_prefix('#')?;
    let code = match digits.strip_prefix('x') {
        Some(hex) if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        None if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            digits.parse::<u32>().ok()?
        }
        _ => return None,
    };
    char::from_u32(code).filter(|&c| is_xml_char(c))
}

/// Appends a finite `f64` exactly as Python's `repr()` writes it (and so as Odoo and
/// `xmlrpc.client` write `<double>`): the shortest digits that round-trip, in positional
/// notation with at least one fractional digit (`0.0`, `1234.5`) when the decimal exponent is
/// in `-4..16`, otherwise in scientific notation with a signed, two-digit-minimum exponent
/// (`1e+16`, `1.5e-07`). Python's `float()` and Rust's `str::parse` both read it back exactly.
pub(crate) fn write_python_float(out: &mut Vec<u8>, sci: &str) {
    // `sci` is Rust's shortest round-trip `{:e}` form: `-1.2345e3`, `0e0`, `1e16`, `1.5e-7`.
    let (negative, sci) = match sci.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, sci),
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if negative {
        out.push(b'-');
    }
    if (-4..16).contains(&exp) {
        if exp < 0 {
            out.extend_from_slice(b"0.");
            for _ in 0..(-exp - 1) {
                out.push(b'0');
            }
            out.extend_from_slice(digits.as_bytes());
        } else {
            let int_len = exp as usize + 1;
            if digits.len() <= int_len {
                out.extend_from_slice(digits.as_bytes());
                for _ in digits.len()..int_len {
                    out.push(b'0');
                }
                out.extend_from_slice(b".0");
            } else {
                out.extend_from_slice(&digits.as_bytes()[..int_len]);
                out.push(b'.');
                out.extend_from_slice(&digits.as_bytes()[int_len..]);
            }
        }
    } else {
        out.extend_from_slice(mantissa.as_bytes());
        out.push(b'e');
        out.push(if exp < 0 { b'-' } else { b'+' });
        let abs = exp.unsigned_abs();
        if abs < 10 {
            out.push(b'0');
        }
        out.extend_from_slice(abs.to_string().as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py(v: f64) -> String {
        let mut out = Vec::new();
        write_python_float(&mut out, &format!("{v:e}"));
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn python_float_repr_table() {
        // The right column is what CPython's repr() prints.
        let table: &[(f64, &str)] = &[
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (0.1, "0.1"),
            (1234.5678, "1234.5678"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e16, "1.5e+16"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e100, "1e+100"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (9007199254740993.0, "9007199254740992.0"),
        ];
        for (v, want) in table {
            assert_eq!(py(*v), *want, "repr of {v:e}");
            assert_eq!(py(*v).parse::<f64>().ok(), Some(*v));
        }
    }

    #[test]
    fn escaping() {
        let mut out = Vec::new();
        escape_into(&mut out, "a<b>&c\td\ne\r", Controls::Reject).unwrap_or(());
        assert_eq!(out, b"a&lt;b&gt;&amp;c\td\ne&#13;");
        let mut out = Vec::new();
        let err = escape_into(&mut out, "h\u{e9}\u{1}", Controls::Reject).err();
        assert!(matches!(
            err,
            Some(BadChar {
                index: 2,
                ch: '\u{1}'
            })
        ));
        let mut out = Vec::new();
        escape_into(&mut out, "a\u{1}b\u{1f}c\r\u{fffe}", Controls::Strip).unwrap_or(());
        assert_eq!(String::from_utf8_lossy(&out), "abc&#13;\u{fffe}");
        let mut out = Vec::new();
        assert!(escape_into(&mut out, "x\u{ffff}", Controls::Reject).is_err());
        let mut out = Vec::new();
        assert!(escape_into(&mut out, "\u{fb01}\u{ef00}", Controls::Reject).is_ok());
    }

    #[test]
    fn unescaping() {
        assert!(matches!(unescape("plain"), Ok(Cow::Borrowed("plain"))));
        assert_eq!(
            unescape("&lt;&gt;&amp;&quot;&apos;").ok().as_deref(),
            Some("<>&\"'")
        );
        assert_eq!(
            unescape("&#65;&#x42;&#x1F600;").ok().as_deref(),
            Some("AB\u{1F600}")
        );
        assert_eq!(
            unescape("a\r\nb\rc&#13;").ok().as_deref(),
            Some("a\nb\nc\r")
        );
        for bad in [
            "&",
            "&foo;",
            "&#;",
            "&#x;",
            "&#1;",
            "&#xD800;",
            "&#x110000;",
            "&#12a;",
            "a & b",
        ] {
            assert!(unescape(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forbidden_controls() {
        assert_eq!(find_forbidden_control(b"abc\t\n\r"), None);
        let mut long = vec![b'a'; 200];
        long[150] = 1;
        assert_eq!(find_forbidden_control(&long), Some(150));
        long[150] = b'a';
        long[199] = 0x1f;
        assert_eq!(find_forbidden_control(&long), Some(199));
    }
}
