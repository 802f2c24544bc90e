//! Decoding a long answer while it arrives: the list an answer holds is cut into its
//! elements as the bytes come in, and each element is decoded (and its bytes dropped) as soon
//! as it is complete. Memory is then one element and one network chunk, not the whole body,
//! and the decoding overlaps the transfer.
//!
//! A protocol supplies a [`Framer`] (where the elements of its list begin and end: see
//! `xmlrpc::frame` and `json::frame`) and an [`ElementCodec`] (its decoder for one element).
//! An answer that is not a list (a fault, an error, a scalar, a dictionary) is left
//! [`Outcome::Whole`], to be decoded as usual.
//!
//! An element is buffered whole, except its long strings: while one grows past
//! [`SIDE_AT`], its bytes leave the buffer as they arrive and are decoded as base64 beside it
//! (see [`crate::side`]); a placeholder stands for them, and the element's decoder gives a
//! `Binary` the bytes and anything else the text, exactly as it came.

use bytes::Bytes;
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};

use crate::error::Error;
use crate::side::{placeholder, Side, SIDE_AT};

/// What the framer found at the start of the bytes it was given.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// More bytes are needed to tell.
    More,
    /// The answer is not a list: decode the whole body as usual. Only said before the first
    /// element, while nothing has been consumed.
    Whole,
    /// An element lies at `start..end`; the framer is done with everything before `consumed`.
    Element {
        start: usize,
        end: usize,
        consumed: usize,
    },
    /// The list ended; what follows `consumed` is the rest of the document.
    End { consumed: usize },
}

/// Where the elements of a protocol's list are, in a body that arrives piece by piece.
pub(crate) trait Framer {
    /// Looks at `buf`, the bytes not yet consumed (`eof`: no more will come). A framer may
    /// keep how far it scanned, so that it does not scan the same bytes again when called
    /// with more of them.
    fn next(&mut self, buf: &[u8], eof: bool) -> Result<Next, Error>;

    /// Checks what follows the list: the end of the document.
    fn epilogue(&self, rest: &[u8]) -> Result<(), Error>;

    /// After `next` said [`Next::More`] inside an element: where the content of the string
    /// that runs to the end of the buffer starts, when the framer stands in one whose text the
    /// element's decoder takes as it is (a string, not a tag, a name or a number), having
    /// scanned it all.
    fn open_text(&self) -> Option<usize>;

    /// The driver replaced the open text's content (see [`Framer::open_text`]) with other
    /// bytes: the buffer now ends at `len`, and the framer has scanned everything before it.
    fn cut(&mut self, len: usize);
}

/// A protocol's decoder for one element of the list.
pub(crate) trait ElementCodec {
    /// How the format writes a NUL character in a string: the mark of a placeholder. No
    /// element holds it other than in the driver's placeholders (the driver checks).
    const NUL: &'static [u8];

    /// Decodes `bytes`, element number `index` of the list, into `seed`. `side` holds the
    /// strings its placeholders stand for (see [`crate::side`]), often none.
    fn decode<S: DeserializeSeed<'static>>(
        &self,
        bytes: &[u8],
        index: usize,
        seed: S,
        side: Side,
    ) -> Result<S::Value, Error>;
}

/// A piece of a body, as the transport hands it over.
#[derive(Debug)]
pub(crate) enum Piece {
    Data(Bytes),
    /// The body is complete.
    End,
    /// The transfer failed: the attempt's outcome is the transport's error.
    Aborted,
}

/// What a streamed decoding came to.
#[derive(Debug)]
pub(crate) enum Outcome<T> {
    Decoded(Result<T, Error>),
    /// Not a list: the whole body, to decode as usual.
    Whole(Vec<u8>),
    /// The transfer failed before the end.
    Aborted,
}

/// Decodes `T` from the pieces `next_piece` gives, element by element.
pub(crate) fn decode<T, F, C>(next_piece: impl FnMut() -> Piece, framer: F, codec: C) -> Outcome<T>
where
    T: DeserializeOwned,
    F: Framer,
    C: ElementCodec,
{
    let mut list = List {
        reader: Reader {
            next_piece,
            buf: Vec::new(),
            pos: 0,
            eof: false,
            aborted: false,
        },
        framer,
        codec,
        pending: None,
        index: 0,
        ended: false,
        side: Side::default(),
        cutting: None,
        refused: None,
    };
    let first = match list.advance() {
        Ok(Next::Whole) => return list.reader.whole(),
        Ok(next) => next,
        Err(_) if list.reader.aborted => return Outcome::Aborted,
        Err(e) => return Outcome::Decoded(Err(e)),
    };
    list.pending = Some(first);
    let result = T::deserialize(&mut list).and_then(|value| list.finish().map(|()| value));
    if list.reader.aborted {
        return Outcome::Aborted;
    }
    Outcome::Decoded(result)
}

struct Reader<P> {
    next_piece: P,
    buf: Vec<u8>,
    /// Everything before `pos` is consumed.
    pos: usize,
    eof: bool,
    aborted: bool,
}

impl<P: FnMut() -> Piece> Reader<P> {
    /// Reads the next piece, dropping the consumed bytes; `false` at the end of the body (or
    /// when the transfer failed).
    fn fill(&mut self) -> bool {
        if self.eof || self.aborted {
            return false;
        }
        match (self.next_piece)() {
            Piece::Data(bytes) => {
                if self.pos > 0 {
                    self.buf.drain(..self.pos);
                    self.pos = 0;
                }
                self.buf.extend_from_slice(&bytes);
            }
            Piece::End => self.eof = true,
            Piece::Aborted => self.aborted = true,
        }
        !self.aborted
    }

    /// The whole body, for the usual decoding (nothing was consumed yet).
    fn whole<T>(mut self) -> Outcome<T> {
        while self.fill() && !self.eof {}
        if self.aborted {
            return Outcome::Aborted;
        }
        Outcome::Whole(self.buf)
    }
}

struct List<P, F, C> {
    reader: Reader<P>,
    framer: F,
    codec: C,
    /// What [`List::advance`] found and no one took yet.
    pending: Option<Next>,
    index: usize,
    ended: bool,
    /// The long strings of the element being buffered, kept beside it.
    side: Side,
    /// The string whose content is leaving the buffer: where it starts (see
    /// [`Framer::open_text`]), its number in `side`, the length of its placeholder.
    cutting: Option<(usize, usize, usize)>,
    /// A string of the element that went back into the buffer, where it starts: it stays.
    refused: Option<usize>,
}

impl<P: FnMut() -> Piece, F: Framer, C: ElementCodec> List<P, F, C> {
    /// The framer's next answer that is not [`Next::More`], reading as many pieces as needed.
    fn advance(&mut self) -> Result<Next, Error> {
        if let Some(next) = self.pending.take() {
            return Ok(next);
        }
        loop {
            let r = &self.reader;
            match self.framer.next(&r.buf[r.pos..], r.eof)? {
                Next::More if r.eof => {
                    return Err(Error::decode_message(
                        "the answer ended in the middle of its list",
                    ))
                }
                Next::More => {
                    self.keep_aside();
                    if !self.reader.fill() {
                        return Err(Error::decode_message("the transfer broke off"));
                    }
                }
                next => return Ok(next),
            }
        }
    }

    /// Before more bytes are read into an element: the content of a long open string leaves
    /// the buffer for the side store, or (when it is not canonical base64) comes back.
    fn keep_aside(&mut self) {
        let Some(s) = self.framer.open_text() else {
            self.cutting = None;
            return;
        };
        let r = &mut self.reader;
        let at = r.pos + s;
        match self.cutting {
            Some((start, index, len)) if start == s => {
                let from = at + len;
                if let Err(k) = self.side.push(index, &r.buf[from..]) {
                    // Back as it came: what was taken, encoded again, then the rest.
                    let mut text = self.side.pop().into_bytes();
                    text.extend_from_slice(&r.buf[from + k..]);
                    r.buf.truncate(at);
                    r.buf.extend_from_slice(&text);
                    self.cutting = None;
                    self.refused = Some(s);
                } else {
                    r.buf.truncate(from);
                }
            }
            _ => {
                self.cutting = None;
                if self.refused == Some(s) || r.buf.len() - at < SIDE_AT {
                    return;
                }
                let mark = placeholder(C::NUL, self.side.len());
                let index = self.side.open(s, mark.len());
                if self.side.push(index, &r.buf[at..]).is_ok() {
                    #[cfg(test)]
                    KEPT.with(|k| k.set(k.get() + 1));
                    r.buf.truncate(at);
                    r.buf.extend_from_slice(&mark);
                    self.cutting = Some((s, index, mark.len()));
                } else {
                    self.side.pop();
                    self.refused = Some(s);
                    return;
                }
            }
        }
        self.framer.cut(r.buf.len() - r.pos);
    }

    /// After the visitor is done: the list must be over, and the document end properly.
    fn finish(&mut self) -> Result<(), Error> {
        if !self.ended {
            match self.advance()? {
                Next::End { consumed } => self.reader.pos += consumed,
                _ => {
                    return Err(Error::decode_message(format!(
                        "the answer's list has more than the {} elements the type takes",
                        self.index
                    )))
                }
            }
        }
        while self.reader.fill() && !self.reader.eof {}
        if self.reader.aborted {
            return Err(Error::decode_message("the transfer broke off"));
        }
        self.framer.epilogue(&self.reader.buf[self.reader.pos..])
    }
}

/// Deserializer methods that all mean "a list" here.
macro_rules! to_any {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
                self.deserialize_any(visitor)
            }
        )*
    };
}

impl<P: FnMut() -> Piece, F: Framer, C: ElementCodec> de::Deserializer<'static>
    for &mut List<P, F, C>
{
    type Error = Error;

    fn deserialize_any<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(self)
    }

    fn deserialize_option<V: Visitor<'static>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'static>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    to_any!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any,
    );

    fn deserialize_unit_struct<V: Visitor<'static>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple<V: Visitor<'static>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'static>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_struct<V: Visitor<'static>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'static>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }
}

impl<P: FnMut() -> Piece, F: Framer, C: ElementCodec> de::SeqAccess<'static>
    for &mut List<P, F, C>
{
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'static>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if self.ended {
            return Ok(None);
        }
        match self.advance()? {
            Next::Element {
                start,
                end,
                consumed,
            } => {
                let r = &self.reader;
                let bytes = &r.buf[r.pos..][start..end];
                let mut side = std::mem::take(&mut self.side);
                (self.cutting, self.refused) = (None, None);
                side.rebase(start);
                let restored;
                let (bytes, side) = if side.is_empty()
                    || memchr::memmem::find_iter(bytes, C::NUL).count() == 2 * side.len()
                {
                    (bytes, side)
                } else {
                    // A NUL of the answer's own: the element goes back as it came, so that
                    // nothing is taken for a placeholder.
                    restored = side.restore(bytes);
                    (&restored[..], Side::default())
                };
                let value = self.codec.decode(bytes, self.index, seed, side)?;
                self.reader.pos += consumed;
                self.index += 1;
                Ok(Some(value))
            }
            Next::End { consumed } => {
                self.reader.pos += consumed;
                self.ended = true;
                self.side = Side::default();
                Ok(None)
            }
            Next::More | Next::Whole => Err(Error::decode_message(
                "the answer's list is not well formed",
            )),
        }
    }
}

#[cfg(test)]
thread_local! {
    /// How many strings were kept beside their element on this thread, for tests.
    pub(crate) static KEPT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Feeds `body` in pieces of `size` bytes, for tests of the framers.
#[cfg(test)]
pub(crate) fn pieces(body: &[u8], size: usize) -> impl FnMut() -> Piece + '_ {
    let mut chunks = body.chunks(size.max(1));
    move || match chunks.next() {
        Some(c) => Piece::Data(Bytes::copy_from_slice(c)),
        None => Piece::End,
    }
}
