//! An attachment's content on the wire, without holding it: the upload's request body cut
//! around its base64 (produced while it is sent, see [`crate::transport::stream`]), and the
//! download's answer scanned piece by piece for the one base64 string, decoded into the
//! caller's writer as it arrives.
//!
//! Odoo writes base64 without line breaks, and neither Python's XML-RPC nor its JSON escapes
//! any base64 character (JSON may write `/` as `\/`, which is read): the string's start is a
//! fixed pattern after the field's name, its end the first `<` (XML) or `"` (JSON).

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use base64::Engine as _;
use bytes::Bytes;
use tokio::sync::mpsc;

use super::streamed::Framing;
use super::wire::{Message, Session, Wire};
use crate::error::{Cause, Error, ErrorKind, Fault};
use crate::frame::Piece;
use crate::transport::http::Replay;
use crate::transport::spill::{Spill, Streamer};
use crate::transport::status::request_too_large;
use crate::transport::upload::{BodySender, StreamSlot};
use crate::transport::{HttpRequest, Transport};
use crate::value::Value;

/// What stands for the base64 in an upload's request body while it is built: ASCII that
/// neither XML nor JSON escapes, and that no other part of a request holds.
pub(crate) const MARKER: &str = "odoo-rs-streamed-datas-7c1e5a90";

/// How much of an answer is looked through for the string before it is taken for another
/// answer (an error, an empty list), decoded as usual.
const HEAD_LIMIT: usize = 4 << 20;

/// Sends `message`, whose body holds [`MARKER`] once, with `base64_len` bytes of base64 that
/// `pump` sends in its place (after the body's start and before its end, which it is given).
/// Never sent twice, not even after a refused connection: the reader cannot be read again.
/// The answer is decoded as `message`'s.
pub(crate) async fn upload_with<W, F, Fut>(
    wire: &W,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
    base64_len: u64,
    pump: F,
) -> Result<Value, Error>
where
    W: Wire,
    F: FnOnce(BodySender, Bytes, Bytes) -> Fut,
    Fut: Future<Output = Result<(), Error>>,
{
    let mut request = wire.request(session, &message)?;
    let (head, tail) = split_at_marker(&request)?;
    let length = head.len() as u64 + base64_len + tail.len() as u64;
    let (slot, sender) = StreamSlot::new(length);
    if let Some(body) = request.body.as_mut() {
        body.stream = Some(slot);
    }
    request.replay = Replay::Once;
    let (sent, pumped) =
        futures_util::future::join(transport.send(&request), pump(sender, head, tail)).await;
    // A reader that failed (or gave another length than announced) aborted the request.
    pumped?;
    let response = match sent {
        Ok(r) => r,
        // The server answered 413 before it read the body, and closed: some HTTP stacks then
        // see a reset instead of the answer.
        Err(e) => return Err(e),
    };
    if response.status == 413 {
        return Err(request_too_large(&response));
    }
    wire.decode(&message, &response)
}

/// The request's body before and after [`MARKER`].
fn split_at_marker(request: &HttpRequest) -> Result<(Bytes, Bytes), Error> {
    let bytes = request
        .body
        .as_ref()
        .map(|b| b.bytes.clone())
        .unwrap_or_default();
    let at = memchr::memmem::find(&bytes, MARKER.as_bytes())
        .ok_or_else(|| Error::encode("the upload's request has no place for its content"))?;
    Ok((bytes.slice(..at), bytes.slice(at + MARKER.len()..)))
}

/// Sends `message` (a `read` of one record's `field`) and writes the field's decoded content
/// to `sink` as the answer arrives; the number of bytes written. An empty field (`false`) is
/// 0 bytes; a record that is not there is [`ErrorKind::MissingRecord`](crate::ErrorKind).
///
/// Not sent again once the answer started (what is written cannot be taken back): only a
/// refused connection or a 429 is retried.
pub(crate) async fn download_with<W: Wire>(
    wire: &W,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
    (id, field): (i64, &str),
    sink: mpsc::Sender<Bytes>,
    max: Option<u64>,
) -> Result<u64, Error> {
    let (model, _) = message.target();
    let model = model.to_owned();
    let mut request = wire.request(session, &message)?;
    request.replay = Replay::Unsafe;
    let xml = W::FRAMING == Framing::XmlRpc;
    let streamer = DatasStreamer {
        xml,
        field: field.to_owned(),
        max,
        sink: sink.clone(),
        slot: Arc::new(Mutex::new(None)),
    };
    let response = transport.send_streamed(&request, Some(&streamer)).await?;
    if response.streamed {
        return streamer
            .slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or_else(|| {
                Err(Error::decode_message(
                    "the download's decoding gave nothing",
                ))
            });
    }
    if response.status == 200 {
        let mut scanner = Scanner::new(xml, field, max);
        let mut out = Vec::new();
        scanner.feed(&response.body, &mut out)?;
        if let Some(written) = scanner.finish()? {
            if !out.is_empty() && sink.send(Bytes::from(out)).await.is_err() {
                return Err(writer_gone());
            }
            return Ok(written);
        }
    }
    // Not the field's string: an error, or no record.
    let answer: Value = wire.decode(&message, &response)?;
    match answer {
        Value::Array(rows) if rows.is_empty() => Err(Error::server(
            ErrorKind::MissingRecord,
            Fault {
                code: None,
                class: Some("odoo.exceptions.MissingError".into()),
                message: format!(
                    "Record does not exist or has been deleted.\n(Record: {model}({id},))"
                ),
                traceback: None,
            },
        )),
        other => Err(Error::decode_message(format!(
            "{model}: expected a record with `{field}`, got {}",
            other.kind_name()
        ))),
    }
}

fn writer_gone() -> Error {
    Error::transport("the download's writer stopped taking bytes", None)
}

/// The streamed side of [`download_with`]: a [`Scanner`] on the transport's blocking thread.
struct DatasStreamer {
    xml: bool,
    field: String,
    max: Option<u64>,
    sink: mpsc::Sender<Bytes>,
    /// The outcome of the attempt that streamed its answer.
    slot: Arc<Mutex<Option<Result<u64, Error>>>>,
}

impl Streamer for DatasStreamer {
    fn begin(&self) -> Spill {
        let slot = Arc::clone(&self.slot);
        let sink = self.sink.clone();
        let mut scanner = Scanner::new(self.xml, &self.field, self.max);
        Spill::start(move |next: &mut dyn FnMut() -> Piece| {
            let mut out = Vec::new();
            let outcome = loop {
                match next() {
                    Piece::Data(piece) => {
                        if let Err(e) = scanner.feed(&piece, &mut out) {
                            break Err(e);
                        }
                        if !out.is_empty()
                            && sink
                                .blocking_send(Bytes::from(std::mem::take(&mut out)))
                                .is_err()
                        {
                            break Err(writer_gone());
                        }
                    }
                    Piece::End => match scanner.finish() {
                        Ok(Some(n)) => break Ok(n),
                        // Not the field's string: the whole (bounded) answer, decoded as usual.
                        Ok(None) => return Some(scanner.head),
                        Err(e) => break Err(e),
                    },
                    Piece::Aborted => return None,
                }
            };
            *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
            None
        })
    }
}

/// Where the scan is.
#[derive(Debug, PartialEq, Eq)]
enum State {
    /// Looking for the field's name and the start of its string.
    Seeking,
    /// In the string: base64 to decode.
    InString,
    /// The string ended (or the field was `false`).
    Done,
}

/// Finds one field's base64 string in an answer given piece by piece, and decodes it in
/// groups of four characters as they come.
pub(crate) struct Scanner {
    xml: bool,
    /// `"datas"` in JSON, `<name>datas</name>` in XML-RPC.
    key: Vec<u8>,
    state: State,
    /// The answer up to the string (all of it when there is none), bounded by [`HEAD_LIMIT`].
    head: Vec<u8>,
    /// How far `head` was searched for the key.
    searched: usize,
    /// Base64 characters not yet decoded (fewer than a group, after each piece).
    carry: Vec<u8>,
    /// JSON: the last piece ended in a backslash.
    escape: bool,
    /// A group with `=` was decoded: nothing may follow.
    padded: bool,
    decoded: u64,
    max: Option<u64>,
}

/// What follows the key.
enum Start {
    More,
    /// The string starts this many bytes after the key.
    String(usize),
    /// `false` (or an empty string): no content.
    Empty,
    Bad,
}

impl Scanner {
    pub(crate) fn new(xml: bool, field: &str, max: Option<u64>) -> Scanner {
        let key = if xml {
            format!("<name>{field}</name>")
        } else {
            format!("\"{field}\"")
        };
        Scanner {
            xml,
            key: key.into_bytes(),
            state: State::Seeking,
            head: Vec::new(),
            searched: 0,
            carry: Vec::new(),
            escape: false,
            padded: false,
            decoded: 0,
            max,
        }
    }

    /// Takes the next piece of the answer, appending what it decodes to `out`.
    pub(crate) fn feed(&mut self, piece: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        match self.state {
            State::Done => Ok(()),
            State::InString => self.string(piece, out),
            State::Seeking => {
                if self.head.len() + piece.len() > HEAD_LIMIT {
                    // Not the answer looked for; keep what is needed to say so.
                    self.state = State::Done;
                    self.head.truncate(HEAD_LIMIT);
                    return Err(Error::decode_message(format!(
                        "no `{}` in the first {HEAD_LIMIT} bytes of the answer",
                        String::from_utf8_lossy(&self.key)
                    )));
                }
                self.head.extend_from_slice(piece);
                self.seek(out)
            }
        }
    }

    fn seek(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        loop {
            let from = self.searched;
            let Some(at) = memchr::memmem::find(&self.head[from..], &self.key) else {
                self.searched = self.head.len().saturating_sub(self.key.len());
                return Ok(());
            };
            let after = from + at + self.key.len();
            let start = if self.xml {
                xml_start(&self.head[after..])
            } else {
                json_start(&self.head[after..])
            };
            match start {
                Start::More => {
                    self.searched = from + at;
                    return Ok(());
                }
                Start::Bad => self.searched = after,
                Start::Empty => {
                    self.state = State::Done;
                    return Ok(());
                }
                Start::String(offset) => {
                    self.state = State::InString;
                    let begin = after + offset;
                    let rest = self.head.split_off(begin);
                    return self.string(&rest, out);
                }
            }
        }
    }

    /// Base64 characters up to the string's end.
    fn string(&mut self, mut piece: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        if self.escape && !piece.is_empty() {
            self.escape = false;
            match piece[0] {
                b'/' => self.carry.push(b'/'),
                b'n' | b'r' => {}
                other => return Err(bad_base64(format!("the escape `\\{}`", other as char))),
            }
            piece = &piece[1..];
        }
        loop {
            let end = if self.xml {
                memchr::memchr2(b'<', b'&', piece)
            } else {
                memchr::memchr2(b'"', b'\\', piece)
            };
            let text = &piece[..end.unwrap_or(piece.len())];
            if self.padded && text.iter().any(|b| !b.is_ascii_whitespace()) {
                return Err(bad_base64("text after its padding".into()));
            }
            self.carry
                .extend(text.iter().copied().filter(|b| !b.is_ascii_whitespace()));
            let Some(end) = end else {
                return self.decode_groups(out, false);
            };
            match piece[end] {
                b'\\' => match piece.get(end + 1) {
                    None => {
                        self.escape = true;
                        return self.decode_groups(out, false);
                    }
                    Some(b'/') => {
                        self.carry.push(b'/');
                        piece = &piece[end + 2..];
                    }
                    Some(b'n' | b'r') => piece = &piece[end + 2..],
                    Some(&other) => {
                        return Err(bad_base64(format!("the escape `\\{}`", other as char)))
                    }
                },
                b'&' => return Err(bad_base64("an XML entity in it".into())),
                _ => {
                    self.state = State::Done;
                    return self.decode_groups(out, true);
                }
            }
        }
    }

    /// Decodes the whole groups of four in `carry` (all of it at the string's end).
    fn decode_groups(&mut self, out: &mut Vec<u8>, last: bool) -> Result<(), Error> {
        let whole = if last {
            self.carry.len()
        } else {
            self.carry.len() / 4 * 4
        };
        if whole == 0 {
            return Ok(());
        }
        let before = out.len();
        base64::engine::general_purpose::STANDARD
            .decode_vec(&self.carry[..whole], out)
            .map_err(|e| bad_base64(e.to_string()))?;
        self.padded = self.carry[whole - 1] == b'=';
        self.carry.drain(..whole);
        self.decoded += (out.len() - before) as u64;
        if let Some(max) = self.max.filter(|&max| self.decoded > max) {
            return Err(Error::transport_cause(
                format!(
                    "the attachment is larger than the maximum of {max} bytes set for its \
                     download (`max_size`); the download stopped there"
                ),
                Cause::TooLarge,
            ));
        }
        Ok(())
    }

    /// The bytes decoded, or `None` when the answer held no such string.
    pub(crate) fn finish(&mut self) -> Result<Option<u64>, Error> {
        match self.state {
            State::Seeking => Ok(None),
            State::InString => Err(Error::decode_message(
                "the answer ended inside the attachment's content",
            )),
            State::Done => Ok(Some(self.decoded)),
        }
    }
}

fn bad_base64(what: String) -> Error {
    Error::decode_message(format!(
        "invalid base64 in the attachment's content: {what}"
    ))
}

/// Whether `rest` starts with `token`: `None` while it is a prefix of it.
fn starts(rest: &[u8], token: &[u8]) -> Option<bool> {
    if rest.len() < token.len() {
        if token.starts_with(rest) {
            None
        } else {
            Some(false)
        }
    } else {
        Some(rest.starts_with(token))
    }
}

fn skip_ws(rest: &[u8]) -> usize {
    rest.iter().take_while(|b| b.is_ascii_whitespace()).count()
}

/// After `"datas"`: `: "` opens the string, `: false` is no content.
fn json_start(rest: &[u8]) -> Start {
    let mut i = skip_ws(rest);
    match rest.get(i) {
        None => return Start::More,
        Some(b':') => i += 1,
        Some(_) => return Start::Bad,
    }
    i += skip_ws(&rest[i..]);
    match rest.get(i) {
        None => Start::More,
        Some(b'"') => Start::String(i + 1),
        Some(b'f') => match starts(&rest[i..], b"false") {
            None => Start::More,
            Some(true) => Start::Empty,
            Some(false) => Start::Bad,
        },
        Some(_) => Start::Bad,
    }
}

/// After `<name>datas</name>`: `<value><string>` (or `<base64>`, or bare text) opens the
/// string; `<boolean>0</boolean>` or an empty string is no content.
fn xml_start(rest: &[u8]) -> Start {
    let mut i = skip_ws(rest);
    match starts(&rest[i..], b"<value>") {
        None => return Start::More,
        Some(false) => return Start::Bad,
        Some(true) => i += b"<value>".len(),
    }
    i += skip_ws(&rest[i..]);
    let at = &rest[i..];
    if at.is_empty() {
        return Start::More;
    }
    if at[0] != b'<' {
        return Start::String(i);
    }
    for (open, empty) in [
        (&b"<string>"[..], false),
        (b"<base64>", false),
        (b"<string/>", true),
        (b"<base64/>", true),
        (b"</value>", true),
        (b"<boolean>0</boolean>", true),
    ] {
        match starts(at, open) {
            None => return Start::More,
            Some(true) if empty => return Start::Empty,
            Some(true) => {
                // `<string></string>`: empty too.
                return match starts(&at[open.len()..], b"<") {
                    None => Start::More,
                    Some(true) => Start::Empty,
                    Some(false) => Start::String(i + open.len()),
                };
            }
            Some(false) => {}
        }
    }
    Start::Bad
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feeds `answer` in pieces of `size` bytes.
    fn scan(xml: bool, answer: &[u8], size: usize) -> Result<(Option<u64>, Vec<u8>), Error> {
        let mut s = Scanner::new(xml, "datas", None);
        let mut out = Vec::new();
        for piece in answer.chunks(size.max(1)) {
            s.feed(piece, &mut out)?;
        }
        Ok((s.finish()?, out))
    }

    fn b64(data: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(data)
    }

    #[test]
    fn json_answers_in_any_pieces() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 256) as u8).collect();
        let body = format!(
            r#"{{"jsonrpc": "2.0", "id": 1, "result": [{{"id": 7, "datas": "{}"}}]}}"#,
            b64(&data)
        );
        for size in [1, 2, 3, 5, 7, 64, 4096, body.len()] {
            let (n, out) = scan(false, body.as_bytes(), size).unwrap();
            assert_eq!(n, Some(data.len() as u64), "pieces of {size}");
            assert_eq!(out, data, "pieces of {size}");
        }
        let escaped = format!(
            r#"[{{"id": 7, "datas":"{}"}}]"#,
            b64(b"\xff\xfe\xfd").replace('/', "\\/")
        );
        assert_eq!(
            scan(false, escaped.as_bytes(), 1).unwrap().1,
            b"\xff\xfe\xfd"
        );
    }

    #[test]
    fn xml_answers_in_any_pieces() {
        let data: Vec<u8> = (0..3001u32).map(|i| (i * 13 % 256) as u8).collect();
        let body = format!(
            "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>7</int></value>\n</member>\n<member>\n<name>datas</name>\n<value><string>{}</string></value>\n</member>\n</struct></value>\n</data></array></value>\n</param>\n</params>\n</methodResponse>\n",
            b64(&data)
        );
        for size in [1, 3, 10, 100, body.len()] {
            let (n, out) = scan(true, body.as_bytes(), size).unwrap();
            assert_eq!((n, out.len()), (Some(data.len() as u64), data.len()));
            assert_eq!(out, data);
        }
        let bare = "<member><name>datas</name><value>aGk=</value></member>";
        assert_eq!(scan(true, bare.as_bytes(), 1).unwrap().1, b"hi");
        let b = "<member><name>datas</name><value><base64>aGk=\n</base64></value>";
        assert_eq!(scan(true, b.as_bytes(), 2).unwrap().1, b"hi");
    }

    #[test]
    fn no_content_is_zero_bytes_and_no_record_is_none() {
        assert_eq!(
            scan(false, br#"[{"id": 7, "datas": false}]"#, 3).unwrap().0,
            Some(0)
        );
        let f = "<name>datas</name>\n<value><boolean>0</boolean></value>";
        assert_eq!(scan(true, f.as_bytes(), 4).unwrap().0, Some(0));
        assert_eq!(scan(false, b"[]", 1).unwrap().0, None);
        let fault = "<methodResponse><fault><value><struct><member><name>faultCode</name>";
        assert_eq!(scan(true, fault.as_bytes(), 5).unwrap().0, None);
        // A message that quotes the key is escaped, so never taken for it.
        let error = r#"{"error": {"message": "no \"datas\": here"}}"#;
        assert_eq!(scan(false, error.as_bytes(), 1).unwrap().0, None);
    }

    #[test]
    fn bad_content_is_a_decode_error_and_a_limit_a_too_large_one() {
        for bad in [
            r#"[{"datas": "aGk!"}]"#,
            r#"[{"datas": "QQ==QUJD"}]"#,
            r#"[{"datas": "aGk"}]"#,
            r#"[{"datas": "aG\u0041="}]"#,
        ] {
            for size in [1, 100] {
                let e = scan(false, bad.as_bytes(), size).unwrap_err();
                assert!(e.is_decode(), "{bad}: {e}");
            }
        }
        let e = scan(false, br#"[{"datas": "aGk="#, 3).unwrap_err();
        assert!(e.to_string().contains("ended inside"), "{e}");
        let mut s = Scanner::new(false, "datas", Some(2));
        let e = s
            .feed(br#"[{"datas": "aGVsbG8="}]"#, &mut Vec::new())
            .unwrap_err();
        assert!(e.is_too_large(), "{e}");
    }
}
