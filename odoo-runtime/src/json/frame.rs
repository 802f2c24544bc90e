//! Where the elements of a JSON answer's list are, as its bytes arrive (see
//! [`crate::frame`]): JSON-2's body is the list itself; a JSON-RPC body is
//! `{"jsonrpc": "2.0", "id": …, "result": [...]}`, with `result` last as Odoo writes it. An
//! element ends at the first `,` or `]` outside strings and brackets.

use crate::error::Error;
use crate::frame::{Framer, Next};

/// A prologue longer than this is not one Odoo writes: the answer is decoded whole.
const MAX_PROLOGUE: usize = 4096;

/// Which envelope holds the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Envelope {
    /// JSON-2: the body is the list.
    Bare,
    /// JSON-RPC: the list is the `result` of the response object.
    JsonRpc,
}

/// The framer of a JSON answer.
#[derive(Debug)]
pub(crate) struct ListFramer {
    envelope: Envelope,
    state: State,
}

impl ListFramer {
    pub(crate) fn new(envelope: Envelope) -> ListFramer {
        ListFramer {
            envelope,
            state: State::Prologue,
        }
    }
}

#[derive(Debug)]
enum State {
    Prologue,
    /// After an element: before its `,` or the list's `]`. The bytes before `scan` are read
    /// (blanks, and the `,` when `comma`): a run of blanks arriving piece by piece is
    /// scanned once.
    Between {
        scan: usize,
        comma: bool,
    },
    /// Inside the element that starts at `start`; `scan` is how far it was read.
    Element {
        start: usize,
        scan: usize,
        depth: u32,
        in_string: bool,
        escaped: bool,
        /// Where the content of the last string opened starts.
        text: usize,
    },
    After,
}

impl State {
    fn element(start: usize) -> State {
        State::Element {
            start,
            scan: start,
            depth: 0,
            in_string: false,
            escaped: false,
            text: start,
        }
    }
}

fn skip_ws(buf: &[u8], mut i: usize) -> usize {
    while buf
        .get(i)
        .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
    {
        i += 1;
    }
    i
}

/// The prologue's outcome: `Ok(Some(i))`, the list opens before `i`; `Ok(None)`, more bytes
/// are needed; `Err(())`, the answer is not a list.
type Prologue = Result<Option<usize>, ()>;

/// `{"jsonrpc": "2.0", "id": 1, "result": [`: the members before `result` must be scalars.
fn jsonrpc_prologue(buf: &[u8], eof: bool) -> Prologue {
    let more = |buf: &[u8]| {
        if eof || buf.len() > MAX_PROLOGUE {
            Err(())
        } else {
            Ok(None)
        }
    };
    let mut i = skip_ws(buf, 0);
    match buf.get(i) {
        None => return more(buf),
        Some(b'{') => i += 1,
        Some(_) => return Err(()),
    }
    loop {
        i = skip_ws(buf, i);
        match buf.get(i) {
            None => return more(buf),
            Some(b'"') => {}
            Some(_) => return Err(()),
        }
        let Some(key_end) = string_end(buf, i + 1) else {
            return more(buf);
        };
        let key = &buf[i + 1..key_end - 1];
        i = skip_ws(buf, key_end);
        match buf.get(i) {
            None => return more(buf),
            Some(b':') => i = skip_ws(buf, i + 1),
            Some(_) => return Err(()),
        }
        if key == b"result" {
            return match buf.get(i) {
                None => more(buf),
                Some(b'[') => Ok(Some(i + 1)),
                Some(_) => Err(()),
            };
        }
        if key == b"error" {
            return Err(());
        }
        // A scalar member (`jsonrpc`, `id`).
        match buf.get(i) {
            None => return more(buf),
            Some(b'"') => match string_end(buf, i + 1) {
                Some(end) => i = end,
                None => return more(buf),
            },
            Some(b'{' | b'[') => return Err(()),
            Some(_) => {
                let len = buf[i..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b' ' | b'\t' | b'\r' | b'\n'));
                match len {
                    Some(n) => i += n,
                    None => return more(buf),
                }
            }
        }
        i = skip_ws(buf, i);
        match buf.get(i) {
            None => return more(buf),
            Some(b',') => i += 1,
            // No `result`: decoded whole (a method that returned None).
            Some(_) => return Err(()),
        }
    }
}

/// The end (past the closing quote) of the string whose contents start at `i`.
fn string_end(buf: &[u8], mut i: usize) -> Option<usize> {
    loop {
        let at = i + memchr::memchr2(b'"', b'\\', &buf[i..])?;
        if buf[at] == b'\\' {
            i = at + 2;
            if i > buf.len() {
                return None;
            }
        } else {
            return Some(at + 1);
        }
    }
}

impl Framer for ListFramer {
    fn next(&mut self, buf: &[u8], eof: bool) -> Result<Next, Error> {
        loop {
            match &mut self.state {
                State::Prologue => {
                    let prologue = match self.envelope {
                        Envelope::JsonRpc => jsonrpc_prologue(buf, eof),
                        Envelope::Bare => {
                            let i = skip_ws(buf, 0);
                            match buf.get(i) {
                                Some(b'[') => Ok(Some(i + 1)),
                                Some(_) => Err(()),
                                None if eof || buf.len() > MAX_PROLOGUE => Err(()),
                                None => Ok(None),
                            }
                        }
                    };
                    match prologue {
                        Err(()) => return Ok(Next::Whole),
                        Ok(None) => return Ok(Next::More),
                        Ok(Some(open)) => {
                            // Nothing is consumed before the first element.
                            let i = skip_ws(buf, open);
                            match buf.get(i) {
                                // Blanks after the opening are bounded as the prologue is.
                                None if buf.len() > MAX_PROLOGUE => return Ok(Next::Whole),
                                None => return Ok(Next::More),
                                Some(b']') => {
                                    self.state = State::After;
                                    return Ok(Next::End { consumed: i + 1 });
                                }
                                Some(_) => self.state = State::element(i),
                            }
                        }
                    }
                }
                State::Between { scan, comma } => {
                    let i = skip_ws(buf, *scan);
                    match buf.get(i) {
                        None => {
                            *scan = i;
                            return Ok(Next::More);
                        }
                        Some(b']') if *comma => {
                            return Err(Error::decode_message(
                                "a trailing comma in the answer's list",
                            ))
                        }
                        Some(b']') => {
                            self.state = State::After;
                            return Ok(Next::End { consumed: i + 1 });
                        }
                        // The `,` is consumed with the element that follows.
                        Some(b',') if !*comma => {
                            *scan = i + 1;
                            *comma = true;
                        }
                        Some(_) if *comma => self.state = State::element(i),
                        Some(_) => {
                            return Err(Error::decode_message(
                                "expected `,` or `]` after an element of the answer's list",
                            ))
                        }
                    }
                }
                State::Element {
                    start,
                    scan,
                    depth,
                    in_string,
                    escaped,
                    text,
                } => {
                    let mut i = *scan;
                    while i < buf.len() {
                        if *in_string {
                            if *escaped {
                                *escaped = false;
                                i += 1;
                                continue;
                            }
                            match memchr::memchr2(b'"', b'\\', &buf[i..]) {
                                None => i = buf.len(),
                                Some(at) => {
                                    i += at;
                                    if buf[i] == b'\\' {
                                        *escaped = true;
                                    } else {
                                        *in_string = false;
                                    }
                                    i += 1;
                                }
                            }
                            continue;
                        }
                        match buf[i] {
                            b'"' => {
                                *in_string = true;
                                *text = i + 1;
                            }
                            b'{' | b'[' => *depth += 1,
                            b'}' | b']' if *depth > 0 => *depth -= 1,
                            b',' | b']' | b'}' if *depth == 0 => {
                                let start = *start;
                                self.state = State::Between {
                                    scan: 0,
                                    comma: false,
                                };
                                if start == i {
                                    return Err(Error::decode_message(
                                        "an empty element in the answer's list",
                                    ));
                                }
                                return Ok(Next::Element {
                                    start,
                                    end: i,
                                    consumed: i,
                                });
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    *scan = i;
                    if eof {
                        return Err(Error::decode_message(
                            "the answer ended in the middle of its list",
                        ));
                    }
                    return Ok(Next::More);
                }
                State::After => return Ok(Next::End { consumed: 0 }),
            }
        }
    }

    fn open_text(&self) -> Option<usize> {
        match self.state {
            State::Element {
                in_string: true,
                text,
                ..
            } => Some(text),
            _ => None,
        }
    }

    fn cut(&mut self, len: usize) {
        if let State::Element { scan, .. } = &mut self.state {
            *scan = len;
        }
    }

    fn epilogue(&self, rest: &[u8]) -> Result<(), Error> {
        let mut i = skip_ws(rest, 0);
        if self.envelope == Envelope::JsonRpc {
            if rest.get(i) != Some(&b'}') {
                return Err(Error::decode_message(
                    "the JSON-RPC response goes on after its `result`",
                ));
            }
            i = skip_ws(rest, i + 1);
        }
        if i < rest.len() {
            return Err(Error::decode_message(
                "trailing characters after the JSON document",
            ));
        }
        Ok(())
    }
}
