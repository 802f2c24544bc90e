//! Where the elements of a `<methodResponse>`'s list are, as its bytes arrive (see
//! [`crate::frame`]): after `<methodResponse><params><param><value><array><data>`, each
//! element is one `<value>…</value>`, found by counting `<value>` and `</value>` tags. Text
//! cannot hide a tag: XML-RPC escapes `<` in strings, and the decoder refuses CDATA sections
//! and comments, which the element's decoder then reports.

use serde::de::DeserializeSeed;

use super::decode::Deserializer;
use super::text::is_ws;
use crate::error::Error;
use crate::frame::{ElementCodec, Framer, Next};
use crate::side::Side;
use crate::unborrow::Seed;

/// The opening of a response whose value is a list, tag by tag.
const PROLOGUE: [&[u8]; 6] = [
    b"<methodResponse>",
    b"<params>",
    b"<param>",
    b"<value>",
    b"<array>",
    b"<data>",
];

/// What follows the list.
const EPILOGUE: [&[u8]; 5] = [
    b"</array>",
    b"</value>",
    b"</param>",
    b"</params>",
    b"</methodResponse>",
];

/// A prologue longer than this is not one Odoo writes: the answer is decoded whole.
const MAX_PROLOGUE: usize = 4096;

/// The framer of an XML-RPC response.
#[derive(Debug, Default)]
pub(crate) struct ResponseFramer {
    state: State,
}

#[derive(Debug, Default)]
enum State {
    #[default]
    Prologue,
    /// Between elements: the first `blank` bytes are whitespace already skipped (kept, so
    /// that a run of blanks arriving piece by piece is scanned once).
    Between {
        blank: usize,
    },
    /// Inside the element that starts at `start`: `depth` `<value>`s are open, and the bytes
    /// before `scan` hold no tag still to count; `text`, where the content of the
    /// `<string>` or `<base64>` the framer stands in starts.
    Element {
        start: usize,
        depth: u32,
        scan: usize,
        text: Option<usize>,
    },
    After,
}

fn skip_ws(buf: &[u8], mut i: usize) -> usize {
    while buf.get(i).copied().is_some_and(is_ws) {
        i += 1;
    }
    i
}

/// Whether `buf[i..]` starts with `lit`: `Some(true)`, `Some(false)`, or `None` when it is a
/// prefix of `lit` and more bytes may come.
fn starts(buf: &[u8], i: usize, lit: &[u8], eof: bool) -> Option<bool> {
    let rest = buf.get(i..).unwrap_or_default();
    if rest.len() >= lit.len() {
        Some(rest.starts_with(lit))
    } else if lit.starts_with(rest) && !eof {
        None
    } else {
        Some(false)
    }
}

impl ResponseFramer {
    /// `Some(end)` of the prologue, `None` when more bytes are needed, `Err(())` when the
    /// answer is not a list.
    fn prologue(buf: &[u8], eof: bool) -> Result<Option<usize>, ()> {
        let mut i = 0;
        if buf.starts_with("\u{FEFF}".as_bytes()) {
            i = 3;
        }
        i = skip_ws(buf, i);
        match starts(buf, i, b"<?xml", eof) {
            // Leading whitespace is bounded too: else each piece of a body of blanks would
            // have the whole body scanned again.
            None if buf.len() > MAX_PROLOGUE => return Err(()),
            None => return Ok(None),
            Some(true) => match memchr::memmem::find(&buf[i..], b"?>") {
                Some(at) => i += at + 2,
                None if eof || buf.len() > MAX_PROLOGUE => return Err(()),
                None => return Ok(None),
            },
            Some(false) => {}
        }
        for tag in PROLOGUE {
            i = skip_ws(buf, i);
            match starts(buf, i, tag, eof) {
                None if buf.len() > MAX_PROLOGUE => return Err(()),
                None => return Ok(None),
                Some(true) => i += tag.len(),
                Some(false) => return Err(()),
            }
        }
        Ok(Some(i))
    }
}

/// A `<value…` or `</value…` tag at `buf[at..]` (`buf[at]` is `<`).
enum Tag {
    Open(usize),
    Close(usize),
    SelfClosing(usize),
    Other,
    Incomplete,
}

fn tag_at(buf: &[u8], at: usize, eof: bool) -> Tag {
    let rest = &buf[at + 1..];
    let (close, name) = match rest.first() {
        Some(b'/') => (true, &rest[1..]),
        Some(_) => (false, rest),
        None if eof => return Tag::Other,
        None => return Tag::Incomplete,
    };
    if name.len() < 6 {
        return if b"value".starts_with(&name[..name.len().min(5)]) && !eof {
            Tag::Incomplete
        } else {
            Tag::Other
        };
    }
    if &name[..5] != b"value" {
        return Tag::Other;
    }
    let after = name[5];
    if after != b'>' && after != b'/' && !is_ws(after) {
        return Tag::Other;
    }
    let base = at + 1 + usize::from(close) + 5;
    match memchr::memchr(b'>', &buf[base..]) {
        None if eof => Tag::Other,
        None => Tag::Incomplete,
        Some(gt) => {
            let end = base + gt + 1;
            if close {
                Tag::Close(end)
            } else if buf[end - 2] == b'/' {
                Tag::SelfClosing(end)
            } else {
                Tag::Open(end)
            }
        }
    }
}

impl Framer for ResponseFramer {
    fn next(&mut self, buf: &[u8], eof: bool) -> Result<Next, Error> {
        loop {
            match &mut self.state {
                State::Prologue => match Self::prologue(buf, eof) {
                    Err(()) => return Ok(Next::Whole),
                    Ok(None) => return Ok(Next::More),
                    Ok(Some(end)) => {
                        self.state = State::Between { blank: 0 };
                        // Nothing is consumed before the first element: an answer that turns
                        // out not to be a list is still whole.
                        let i = skip_ws(buf, end);
                        match tag_at_start(buf, i, eof) {
                            // Blanks after the prologue are bounded as the prologue is.
                            Some(Next::More) if buf.len() > MAX_PROLOGUE => {
                                self.state = State::Prologue;
                                return Ok(Next::Whole);
                            }
                            Some(Next::More) => {
                                self.state = State::Prologue;
                                return Ok(Next::More);
                            }
                            Some(n) => return Ok(n),
                            None => {
                                self.state = State::Element {
                                    start: i,
                                    depth: 0,
                                    scan: i,
                                    text: None,
                                }
                            }
                        }
                    }
                },
                State::Between { blank } => {
                    let i = skip_ws(buf, *blank);
                    match tag_at_start(buf, i, eof) {
                        Some(Next::More) => {
                            *blank = i;
                            return Ok(Next::More);
                        }
                        Some(Next::End { consumed }) => {
                            self.state = State::After;
                            return Ok(Next::End { consumed });
                        }
                        Some(n) => return Ok(n),
                        None => {
                            self.state = State::Element {
                                start: i,
                                depth: 0,
                                scan: i,
                                text: None,
                            }
                        }
                    }
                }
                State::Element {
                    start,
                    depth,
                    scan,
                    text,
                } => loop {
                    let Some(lt) = memchr::memchr(b'<', &buf[*scan..]) else {
                        *scan = buf.len();
                        return Ok(Next::More);
                    };
                    let at = *scan + lt;
                    *text = None;
                    match string_tag(buf, at, eof) {
                        None => {}
                        Some(None) => {
                            *scan = at;
                            return Ok(Next::More);
                        }
                        Some(Some(content)) => {
                            *text = Some(content);
                            *scan = content;
                            continue;
                        }
                    }
                    match tag_at(buf, at, eof) {
                        Tag::Incomplete => {
                            *scan = at;
                            return Ok(Next::More);
                        }
                        Tag::Open(end) => {
                            *depth += 1;
                            *scan = end;
                        }
                        Tag::Close(end) => {
                            *depth = depth.saturating_sub(1);
                            *scan = end;
                            if *depth == 0 {
                                let (start, end) = (*start, end);
                                self.state = State::Between { blank: 0 };
                                return Ok(Next::Element {
                                    start,
                                    end,
                                    consumed: end,
                                });
                            }
                        }
                        Tag::SelfClosing(end) if *depth == 0 => {
                            let start = *start;
                            self.state = State::Between { blank: 0 };
                            return Ok(Next::Element {
                                start,
                                end,
                                consumed: end,
                            });
                        }
                        Tag::SelfClosing(end) => *scan = end,
                        Tag::Other => *scan = at + 1,
                    }
                },
                State::After => return Ok(Next::End { consumed: 0 }),
            }
        }
    }

    fn open_text(&self) -> Option<usize> {
        match self.state {
            State::Element { text, .. } => text,
            _ => None,
        }
    }

    fn cut(&mut self, len: usize) {
        if let State::Element { scan, .. } = &mut self.state {
            *scan = len;
        }
    }

    fn epilogue(&self, rest: &[u8]) -> Result<(), Error> {
        let mut i = 0;
        for tag in EPILOGUE {
            i = skip_ws(rest, i);
            if !rest[i..].starts_with(tag) {
                return Err(Error::decode_message(format!(
                    "the answer's list is not followed by `{}`",
                    String::from_utf8_lossy(tag)
                )));
            }
            i += tag.len();
        }
        if skip_ws(rest, i) < rest.len() {
            return Err(Error::decode_message(
                "trailing characters after the document",
            ));
        }
        Ok(())
    }
}

/// A `<string>` or `<base64>` tag at `buf[at..]` (`buf[at]` is `<`): `Some(Some(i))`, its
/// content starts at `i`; `Some(None)`, more bytes are needed to tell; `None`, another tag.
fn string_tag(buf: &[u8], at: usize, eof: bool) -> Option<Option<usize>> {
    let rest = &buf[at..];
    for tag in [&b"<string>"[..], b"<base64>"] {
        if rest.starts_with(tag) {
            return Some(Some(at + tag.len()));
        }
        if !eof && rest.len() < tag.len() && tag.starts_with(rest) {
            return Some(None);
        }
    }
    None
}

/// At `buf[i..]`, between elements: the end of the list, an element (`None`: it starts at
/// `i`), or more bytes needed.
fn tag_at_start(buf: &[u8], i: usize, eof: bool) -> Option<Next> {
    match starts(buf, i, b"</data>", eof) {
        None => return Some(Next::More),
        Some(true) => return Some(Next::End { consumed: i + 7 }),
        Some(false) => {}
    }
    if i >= buf.len() {
        return Some(Next::More);
    }
    if buf[i] == b'<' {
        match tag_at(buf, i, eof) {
            Tag::Incomplete => Some(Next::More),
            Tag::Open(_) | Tag::SelfClosing(_) => None,
            // Not a `<value>`: the element decoder says what it is.
            Tag::Close(_) | Tag::Other => None,
        }
    } else {
        None
    }
}

/// Decodes one `<value>` element with the XML-RPC decoder.
#[derive(Debug, Default)]
pub(crate) struct ElementDecoder;

impl ElementCodec for ElementDecoder {
    /// XML has no way to write a NUL: the decoder reads one only as a placeholder.
    const NUL: &'static [u8] = b"\0";

    fn decode<S: DeserializeSeed<'static>>(
        &self,
        bytes: &[u8],
        index: usize,
        seed: S,
        side: Side,
    ) -> Result<S::Value, Error> {
        let mut de = Deserializer::from_slice(bytes)?.element(index).side(side);
        let value = de.top(Seed(seed))?;
        de.end()?;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::frame::{decode, pieces, Outcome};
    use crate::value::Value;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: String,
        parent_id: Option<(i64, String)>,
    }

    const BODY: &str = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n\
        <value><array><data>\n\
        <value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n\
        <member>\n<name>name</name>\n<value><string>Azure &lt;value&gt; Interior</string></value>\n</member>\n\
        <member>\n<name>parent_id</name>\n<value><boolean>0</boolean></value>\n</member>\n</struct></value>\n\
        <value><struct>\n<member>\n<name>id</name>\n<value><int>8</int></value>\n</member>\n\
        <member>\n<name>name</name>\n<value><string>Deco</string></value>\n</member>\n\
        <member>\n<name>parent_id</name>\n<value><array><data>\n<value><int>7</int></value>\n\
        <value><string>Azure</string></value>\n</data></array></value>\n</member>\n</struct></value>\n\
        </data></array></value>\n</param>\n</params>\n</methodResponse>\n";

    fn streamed<T: serde::de::DeserializeOwned>(body: &[u8], size: usize) -> Outcome<T> {
        decode(
            pieces(body, size),
            ResponseFramer::default(),
            ElementDecoder,
        )
    }

    #[test]
    fn every_piece_size_decodes_as_the_whole_body_does() {
        let whole = vec![
            Row {
                id: 7,
                name: "Azure <value> Interior".into(),
                parent_id: None,
            },
            Row {
                id: 8,
                name: "Deco".into(),
                parent_id: Some((7, "Azure".into())),
            },
        ];
        for size in [1, 2, 3, 7, 16, 64, 1 << 20] {
            match streamed::<Vec<Row>>(BODY.as_bytes(), size) {
                Outcome::Decoded(Ok(rows)) => assert_eq!(rows, whole, "pieces of {size}"),
                other => panic!("pieces of {size}: {other:?}"),
            }
            match streamed::<Value>(BODY.as_bytes(), size) {
                Outcome::Decoded(Ok(Value::Array(rows))) => {
                    assert_eq!(rows.len(), 2);
                    assert_eq!(rows[1].get("name").and_then(Value::as_str), Some("Deco"));
                }
                other => panic!("pieces of {size}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_empty_list_and_a_non_list() {
        let empty = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n";
        for size in [1, 5, 1000] {
            match streamed::<Vec<Row>>(empty.as_bytes(), size) {
                Outcome::Decoded(Ok(rows)) => assert!(rows.is_empty()),
                other => panic!("{other:?}"),
            }
        }
        let fault = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct></struct></value>\n</fault>\n</methodResponse>\n";
        let scalar = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>3</int></value>\n</param>\n</params>\n</methodResponse>\n";
        for body in [fault, scalar] {
            for size in [1, 4, 1000] {
                match streamed::<Value>(body.as_bytes(), size) {
                    Outcome::Whole(b) => assert_eq!(b, body.as_bytes()),
                    other => panic!("{other:?}"),
                }
            }
        }
    }

    /// Blanks are bounded before the first element (a body of blanks is decoded whole, so
    /// that it is not scanned again for every piece), and between elements they are skipped
    /// once, whatever the pieces.
    #[test]
    fn runs_of_blanks() {
        let blanks = " ".repeat(3 * MAX_PROLOGUE);
        let before = format!("{blanks}{BODY}");
        let after_open = BODY.replace("<data>\n", &format!("<data>{blanks}"));
        for body in [&before, &after_open] {
            match streamed::<Value>(body.as_bytes(), 512) {
                Outcome::Whole(b) => assert_eq!(b, body.as_bytes()),
                other => panic!("{other:?}"),
            }
        }
        let between = BODY.replace(
            "</struct></value>\n<value>",
            &format!("</struct></value>{blanks}<value>"),
        );
        for size in [1, 7, 512] {
            match streamed::<Vec<Row>>(between.as_bytes(), size) {
                Outcome::Decoded(Ok(rows)) => assert_eq!(rows.len(), 2, "pieces of {size}"),
                other => panic!("pieces of {size}: {other:?}"),
            }
        }
    }

    #[test]
    fn errors_name_the_row_and_bad_endings_are_errors() {
        let bad = BODY.replace("<int>8</int>", "<string>eight</string>");
        match streamed::<Vec<Row>>(bad.as_bytes(), 10) {
            Outcome::Decoded(Err(e)) => assert!(e.to_string().contains("[1]"), "{e}"),
            other => panic!("{other:?}"),
        }
        let cut = &BODY[..BODY.len() - 40];
        match streamed::<Vec<Row>>(cut.as_bytes(), 10) {
            Outcome::Decoded(Err(e)) => assert!(e.is_decode(), "{e}"),
            other => panic!("{other:?}"),
        }
        let trailing = format!("{BODY}<x/>");
        match streamed::<Vec<Row>>(trailing.as_bytes(), 10) {
            Outcome::Decoded(Err(e)) => assert!(e.to_string().contains("trailing"), "{e}"),
            other => panic!("{other:?}"),
        }
        match streamed::<(Row,)>(BODY.as_bytes(), 10) {
            Outcome::Decoded(Err(e)) => assert!(e.is_decode(), "{e}"),
            other => panic!("{other:?}"),
        }
    }
}

/// Long strings kept beside the element (see [`crate::side`]; `SIDE_AT` is 64 bytes in unit
/// tests): every target reads what it reads from the element buffered whole.
#[cfg(test)]
mod side_tests {
    use base64::Engine as _;
    use serde::de::DeserializeOwned;
    use serde::Deserialize;

    use super::*;
    use crate::frame::{decode, pieces, Outcome};
    use crate::types::{Binary, BinaryOrSize};
    use crate::value::Value;

    fn b64(n: usize) -> String {
        let data: Vec<u8> = (0..n as u32).map(|i| (i * 7 % 251) as u8).collect();
        base64::engine::general_purpose::STANDARD.encode(data)
    }

    fn body(datas: &str, other: &str) -> String {
        format!(
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n\
             <value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n\
             <member>\n<name>datas</name>\n<value><string>{datas}</string></value>\n</member>\n\
             <member>\n<name>other</name>\n<value><string>{other}</string></value>\n</member>\n\
             </struct></value>\n\
             <value><struct>\n<member>\n<name>id</name>\n<value><int>8</int></value>\n</member>\n\
             <member>\n<name>datas</name>\n<value><base64>{datas}</base64></value>\n</member>\n\
             <member>\n<name>other</name>\n<value><boolean>0</boolean></value>\n</member>\n\
             </struct></value>\n\
             </data></array></value>\n</param>\n</params>\n</methodResponse>\n"
        )
    }

    fn streamed<T: DeserializeOwned>(body: &str, size: usize) -> Result<T, String> {
        match decode(
            pieces(body.as_bytes(), size),
            ResponseFramer::default(),
            ElementDecoder,
        ) {
            Outcome::Decoded(r) => r.map_err(|e| e.to_string()),
            Outcome::Whole(_) | Outcome::Aborted => panic!("not decoded as a list"),
        }
    }

    /// Pieces of every size up to `max`, and some larger ones.
    fn sizes(max: usize) -> impl Iterator<Item = usize> {
        (1..=max).chain([97, 256, 1000, 4096])
    }

    /// `T` streamed in pieces of every size decodes as from one piece (no string kept).
    fn same<T: DeserializeOwned + PartialEq + std::fmt::Debug>(body: &str, max: usize) {
        let whole = streamed::<T>(body, usize::MAX);
        for size in sizes(max) {
            assert_eq!(streamed::<T>(body, size), whole, "pieces of {size}");
        }
    }

    /// How many strings were kept while `f` ran.
    fn kept(f: impl FnOnce()) -> usize {
        let before = crate::frame::KEPT.with(|k| k.get());
        f();
        crate::frame::KEPT.with(|k| k.get()) - before
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsBinary {
        id: i64,
        datas: Option<Binary>,
        other: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsString {
        id: i64,
        datas: String,
        other: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsEither {
        id: i64,
        datas: BinaryOrSize,
        other: Option<BinaryOrSize>,
    }

    #[test]
    fn a_long_binary_reads_as_from_the_whole_element_as_every_target() {
        let lines: String = b64(300)
            .as_bytes()
            .chunks(76)
            .map(|l| format!("{}\n", std::str::from_utf8(l).unwrap()))
            .collect();
        let cases = [
            (
                b64(300),
                "plain text &amp; more text, long enough to be kept if it were base64".to_owned(),
            ),
            (b64(299), b64(100)),
            (b64(298), lines.clone()),
            (lines, b64(301)),
            (format!("{}&#65;", b64(150)), "x".into()),
        ];
        for (datas, other) in &cases {
            let body = body(datas, other);
            same::<Vec<AsBinary>>(&body, 120);
            same::<Vec<AsString>>(&body, 40);
            same::<Vec<AsEither>>(&body, 40);
            same::<Value>(&body, 40);
            same::<Vec<std::collections::BTreeMap<String, Value>>>(&body, 40);
        }
        let mut rows = Vec::new();
        let n = kept(|| rows = streamed::<Vec<AsBinary>>(&body(&b64(300), "x"), 7).unwrap());
        assert_eq!(n, 2, "the <string> and the <base64>");
        assert_eq!(rows[0].datas.as_deref().map(<[u8]>::len), Some(300));
        assert_eq!(rows[0].datas, rows[1].datas);
        let body = body(&b64(300), &b64(100));
        assert_eq!(kept(|| drop(streamed::<Value>(&body, usize::MAX))), 0);
        assert_eq!(kept(|| drop(streamed::<Value>(&body, 1))), 3);
    }

    #[test]
    fn bad_base64_in_a_long_string_is_the_same_error() {
        let good = b64(300);
        for datas in [
            format!("{}QR==", &good[..good.len() - 4]),
            format!("{good}!"),
            format!("{}==QUJD", &good[..good.len() - 2]),
            format!("{}QUJ", &good[..good.len() - 4]),
        ] {
            let body = body(&datas, "x");
            let whole = streamed::<Vec<AsBinary>>(&body, usize::MAX).unwrap_err();
            assert!(
                whole.contains("base64") && whole.contains("[0].datas"),
                "{whole}"
            );
            for size in sizes(100) {
                assert_eq!(
                    streamed::<Vec<AsBinary>>(&body, size).unwrap_err(),
                    whole,
                    "{size}"
                );
            }
        }
        // An error after a kept string names the byte and column of the element as it came.
        let body = body(&good, "x");
        let late = body.replacen("<boolean>0</boolean>", "<boolean>2</boolean>", 1);
        let whole = streamed::<Vec<AsBinary>>(&late, usize::MAX).unwrap_err();
        for size in sizes(50) {
            assert_eq!(streamed::<Vec<AsBinary>>(&late, size).unwrap_err(), whole);
        }
    }

    #[test]
    fn a_nul_of_the_answer_is_not_taken_for_a_placeholder() {
        let datas = b64(300);
        let placeholder_like = "\u{0}0\u{0}";
        for other in [
            placeholder_like.to_owned(),
            format!("{placeholder_like}{}", b64(10)),
        ] {
            let body = body(&datas, &other);
            let whole = streamed::<Vec<AsBinary>>(&body, usize::MAX).unwrap_err();
            assert!(whole.contains("U+0000"), "{whole}");
            for size in sizes(30) {
                assert_eq!(streamed::<Vec<AsBinary>>(&body, size).unwrap_err(), whole);
            }
        }
    }
}
