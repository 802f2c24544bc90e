//! A long answer decoded while it arrives: each protocol's framer and element decoder (see
//! [`crate::frame`]) behind the transport's [`Streamer`].

use std::sync::{Arc, Mutex, PoisonError};

use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::frame::{self, Outcome, Piece};
use crate::json::frame::{Envelope, ListFramer};
use crate::transport::spill::{Spill, Streamer};
use crate::xmlrpc::frame::ResponseFramer;

/// Where a protocol's list sits in its answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Framing {
    /// In a `<methodResponse>`'s `<params>`.
    XmlRpc,
    /// In a JSON body.
    Json(Envelope),
}

/// The streamed decoding of one call's answer into `T`.
pub(crate) struct Decoding<T> {
    framing: Framing,
    /// The outcome of the last attempt that decoded its answer.
    slot: Arc<Mutex<Option<Result<T, Error>>>>,
}

impl<T> Decoding<T> {
    pub(crate) fn new(framing: Framing) -> Decoding<T> {
        Decoding {
            framing,
            slot: Arc::new(Mutex::new(None)),
        }
    }

    /// The decoded value, once the transport said the body was [streamed].
    ///
    /// [streamed]: crate::transport::HttpResponse::streamed
    pub(crate) fn take(&self) -> Result<T, Error> {
        self.slot
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .unwrap_or_else(|| Err(Error::decode_message("the answer's decoding gave nothing")))
    }
}

impl<T: DeserializeOwned + Send + 'static> Streamer for Decoding<T> {
    fn begin(&self) -> Spill {
        let slot = Arc::clone(&self.slot);
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = None;
        let framing = self.framing;
        Spill::start(move |next: &mut dyn FnMut() -> Piece| {
            let outcome: Outcome<T> = match framing {
                Framing::XmlRpc => frame::decode(
                    next,
                    ResponseFramer::default(),
                    crate::xmlrpc::frame::ElementDecoder,
                ),
                Framing::Json(envelope) => frame::decode(
                    next,
                    ListFramer::new(envelope),
                    crate::json::codec::ElementDecoder,
                ),
            };
            match outcome {
                Outcome::Decoded(result) => {
                    *slot.lock().unwrap_or_else(PoisonError::into_inner) = Some(result);
                    None
                }
                Outcome::Whole(body) => Some(body),
                // The transport reports the failed transfer.
                Outcome::Aborted => None,
            }
        })
    }
}
