//! Handing a long answer's body to its decoder while it arrives (see [`crate::frame`]).
//!
//! The transport reads a body into memory as usual; once a successful answer grows past
//! [`SPILL_AT`], it starts the protocol's [`Streamer`] and passes it every piece instead: the
//! decoder runs on a blocking thread, so the decoding overlaps the transfer and the body is
//! never held whole. Small answers, errors and every non-200 status are read whole, as before.

use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::frame::Piece;

/// How long a body grows in memory before it is handed to the decoder piece by piece.
pub(crate) const SPILL_AT: usize = 256 * 1024;

/// How many pieces may wait for the decoder: the transfer pauses when it lags.
pub(crate) const PIECES_IN_FLIGHT: usize = 16;

/// Starts the decoding of one attempt's body (each attempt starts afresh).
pub(crate) trait Streamer: Sync {
    fn begin(&self) -> Spill;
}

/// A decoding under way.
pub(crate) struct Spill {
    pub(crate) pieces: mpsc::Sender<Piece>,
    /// `Some(body)` when the answer turned out not to be a list: it is to be decoded whole.
    /// `None` when the decoder has the outcome (a value or its error).
    pub(crate) done: JoinHandle<Option<Vec<u8>>>,
}

impl Spill {
    /// A decoding of the pieces by `decode`, on a blocking thread.
    pub(crate) fn start(
        decode: impl FnOnce(&mut dyn FnMut() -> Piece) -> Option<Vec<u8>> + Send + 'static,
    ) -> Spill {
        let (pieces, mut rx) = mpsc::channel(PIECES_IN_FLIGHT);
        let done = tokio::task::spawn_blocking(move || {
            // A closed channel without `End` is a transfer that failed.
            let mut next = move || rx.blocking_recv().unwrap_or(Piece::Aborted);
            decode(&mut next)
        });
        Spill { pieces, done }
    }
}
