//! What a protocol asks to send ([`HttpRequest`]) and what comes back ([`HttpResponse`]).

use std::time::Duration;

use bytes::Bytes;

use crate::secret::Secret;

/// How a request proves who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Auth {
    /// Nothing in the headers: XML-RPC and JSON-RPC carry the secret as an argument of the
    /// call (and `version` carries none).
    InBody,
    /// `Authorization: bearer <API key>` and `X-Odoo-Database` (JSON-2, `/doc-bearer`).
    Bearer,
}

/// A request body and its content type.
#[derive(Clone, Debug)]
pub(crate) struct Body {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Bytes,
    /// A body produced while it is sent, instead of `bytes` (an attachment's upload).
    pub(crate) stream: Option<super::upload::StreamSlot>,
}

/// What a protocol asks to send.
#[derive(Clone, Debug)]
pub(crate) struct HttpRequest {
    pub(crate) method: reqwest::Method,
    pub(crate) url: String,
    pub(crate) body: Option<Body>,
    pub(crate) auth: Auth,
    pub(crate) replay: Replay,
    /// `If-None-Match`: the `ETag` of the copy the caller holds (a `304` then means unchanged).
    pub(crate) if_none_match: Option<String>,
    /// Ask for the answer uncompressed (`Accept-Encoding: identity`): nginx's gzip drops an
    /// `ETag` that is not quoted, as Odoo's are, so an answer whose `ETag` matters asks so.
    pub(crate) uncompressed: bool,
    /// The web session's id, sent as the `session_id` cookie (the `/report/…` routes).
    pub(crate) session: Option<Secret>,
}

impl HttpRequest {
    /// A `POST` of `bytes` as `content_type`.
    pub(crate) fn post(
        url: String,
        content_type: &'static str,
        bytes: Vec<u8>,
        auth: Auth,
        replay: Replay,
    ) -> HttpRequest {
        HttpRequest {
            method: reqwest::Method::POST,
            url,
            body: Some(Body {
                content_type,
                bytes: Bytes::from(bytes),
                stream: None,
            }),
            auth,
            replay,
            if_none_match: None,
            uncompressed: false,
            session: None,
        }
    }

    /// A `GET` without a body.
    pub(crate) fn get(url: String, auth: Auth, replay: Replay) -> HttpRequest {
        HttpRequest {
            method: reqwest::Method::GET,
            url,
            body: None,
            auth,
            replay,
            if_none_match: None,
            uncompressed: false,
            session: None,
        }
    }

    /// The size of the body sent, for logs.
    pub(crate) fn body_len(&self) -> usize {
        self.body.as_ref().map_or(0, |b| match &b.stream {
            Some(s) => s.length().unwrap_or(0) as usize,
            None => b.bytes.len(),
        })
    }
}

/// What came back: the status, the content type and the whole (bounded) body.
#[derive(Clone, Debug)]
pub(crate) struct HttpResponse {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    pub(crate) body: Vec<u8>,
    pub(crate) url: String,
    pub(crate) retry_after: Option<Duration>,
    /// The `ETag`, for a conditional request next time.
    pub(crate) etag: Option<String>,
    /// The body went to the request's [`Streamer`] as it arrived (and `body` is empty): the
    /// decoded value, or its error, is the streamer's.
    pub(crate) streamed: bool,
}

/// Whether running a request twice is harmless.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// It only reads: retried after a timeout or a gateway error too.
    Safe,
    /// It may change data: retried only when the server surely did not run it.
    Unsafe,
    /// Never sent twice: its body is read from the caller's reader while it is sent (an
    /// upload), and cannot be read again.
    Once,
}

/// Methods that only read: retrying them after a timeout or a gateway error cannot apply a
/// change twice.
const READ_ONLY_METHODS: &[&str] = &[
    "version",
    "authenticate",
    "login",
    "search",
    "search_read",
    "read",
    "search_count",
    "fields_get",
    "name_search",
    "default_get",
    "context_get",
    "check_access_rights",
    "check_access",
    "has_access",
    "read_group",
    "formatted_read_group",
    "web_search_read",
    "web_read",
    "get_views",
    "name_get",
    "exists",
    "api_doc",
];

impl Replay {
    /// The replay safety of a call of `method` (of the `common` service or of a model).
    pub(crate) fn of_method(method: &str) -> Replay {
        if READ_ONLY_METHODS.contains(&method) {
            Replay::Safe
        } else {
            Replay::Unsafe
        }
    }
}
