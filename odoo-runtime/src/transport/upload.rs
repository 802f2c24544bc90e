//! A request body produced while it is sent: an upload's base64, encoded from the caller's
//! reader as the connection takes it, with its exact length known in advance (Odoo reads a
//! request by its `Content-Length`; a chunked body would reach it empty).
//!
//! The producer runs beside the request, in the caller's future, and hands its pieces over a
//! bounded channel: the transfer and the reading pace each other, and memory holds a few
//! pieces, never the body.

use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::sync::mpsc;

/// How many pieces of a streamed body may wait for the connection.
const PIECES_QUEUED: usize = 4;

/// The body's side of the channel, as the HTTP client polls it.
pub(crate) struct ChannelBody {
    pieces: mpsc::Receiver<Result<Bytes, std::io::Error>>,
    /// Bytes still to come: the `Content-Length` is what was promised.
    left: u64,
    length: u64,
}

/// The producer's side: send the pieces, then drop it.
pub(crate) type BodySender = mpsc::Sender<Result<Bytes, std::io::Error>>;

/// A streamed body waiting to be sent, taken by the one attempt that sends it: a second attempt
/// (a retry after a refused connection) finds it gone, as the pieces may already be spent.
#[derive(Clone)]
pub(crate) struct StreamSlot(Arc<Mutex<Option<ChannelBody>>>);

impl std::fmt::Debug for StreamSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StreamSlot")
    }
}

impl StreamSlot {
    /// A body of exactly `length` bytes, and the sender its pieces go through.
    pub(crate) fn new(length: u64) -> (StreamSlot, BodySender) {
        let (tx, rx) = mpsc::channel(PIECES_QUEUED);
        let body = ChannelBody {
            pieces: rx,
            left: length,
            length,
        };
        (StreamSlot(Arc::new(Mutex::new(Some(body)))), tx)
    }

    /// The body, the first time only.
    pub(crate) fn take(&self) -> Option<ChannelBody> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    /// The length promised.
    pub(crate) fn length(&self) -> Option<u64> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .map(|b| b.length)
    }
}

impl http_body::Body for ChannelBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.pieces.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(Ok(piece))) => {
                let n = piece.len() as u64;
                if n > self.left {
                    return Poll::Ready(Some(Err(std::io::Error::other(
                        "the body is longer than its Content-Length",
                    ))));
                }
                self.left -= n;
                Poll::Ready(Some(Ok(Frame::data(piece))))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(None) if self.left == 0 => Poll::Ready(None),
            Poll::Ready(None) => Poll::Ready(Some(Err(std::io::Error::other(
                "the body ended before its Content-Length",
            )))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt as _;

    #[tokio::test]
    async fn the_body_is_its_pieces_and_says_its_length() {
        let (slot, tx) = StreamSlot::new(5);
        let body = slot.take().unwrap();
        assert!(slot.take().is_none(), "taken once");
        assert_eq!(http_body::Body::size_hint(&body).exact(), Some(5));
        tokio::spawn(async move {
            tx.send(Ok(Bytes::from_static(b"ab"))).await.unwrap();
            tx.send(Ok(Bytes::from_static(b"cde"))).await.unwrap();
        });
        assert_eq!(&body.collect().await.unwrap().to_bytes()[..], b"abcde");
    }

    #[tokio::test]
    async fn a_short_or_long_body_is_an_error_not_a_wrong_request() {
        let (slot, tx) = StreamSlot::new(5);
        tx.send(Ok(Bytes::from_static(b"ab"))).await.unwrap();
        drop(tx);
        assert!(slot.take().unwrap().collect().await.is_err());
        let (slot, tx) = StreamSlot::new(1);
        tx.send(Ok(Bytes::from_static(b"ab"))).await.unwrap();
        drop(tx);
        assert!(slot.take().unwrap().collect().await.is_err());
    }
}
