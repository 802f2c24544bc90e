//! HTTP for every protocol: one request out, one bounded body back, retried as [`retry`]
//! allows. The protocols build an [`HttpRequest`] and read an [`HttpResponse`]; only this
//! module talks to `reqwest`, and only it attaches the API key to a request.

pub(crate) mod retry;
pub(crate) mod status;

use std::time::Duration;

use bytes::Bytes;

use crate::secret::Secret;
use crate::Error;
use retry::{Replay, RetryPolicy};
use status::{strip_query, too_large_error, transport_error};

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
}

/// What a protocol asks to send.
#[derive(Clone, Debug)]
pub(crate) struct HttpRequest {
    pub(crate) method: reqwest::Method,
    pub(crate) url: String,
    pub(crate) body: Option<Body>,
    pub(crate) auth: Auth,
    pub(crate) replay: Replay,
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
            }),
            auth,
            replay,
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
        }
    }

    /// The size of the body sent, for logs.
    pub(crate) fn body_len(&self) -> usize {
        self.body.as_ref().map_or(0, |b| b.bytes.len())
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
}

/// The HTTP side of a client: the connection pool, the server's database and secret (for
/// [`Auth::Bearer`]), the body cap and the retry policy.
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    pub(crate) database: String,
    pub(crate) secret: Secret,
    pub(crate) max_response_bytes: usize,
    pub(crate) retry: RetryPolicy,
}

impl Transport {
    /// Sends `request`, retrying as [`RetryPolicy::wait`] says.
    pub(crate) async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        let mut attempt = 0u32;
        loop {
            let outcome = self.send_once(request).await;
            match self.retry.wait(attempt, &outcome, request.replay) {
                Some(wait) => {
                    tracing::debug!(
                        url = strip_query(&request.url),
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                None => return outcome,
            }
        }
    }

    async fn send_once(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        let url = request.url.as_str();
        let mut builder = self.http.request(request.method.clone(), url);
        if let Some(body) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes.clone());
        }
        if request.auth == Auth::Bearer {
            let mut value =
                reqwest::header::HeaderValue::from_str(&format!("bearer {}", self.secret.expose()))
                    .map_err(|_| {
                        Error::builder(
                            "the API key contains characters not allowed in an HTTP header",
                        )
                    })?;
            value.set_sensitive(true);
            builder = builder
                .header(reqwest::header::AUTHORIZATION, value)
                .header("X-Odoo-Database", self.database.as_str());
        }
        let mut response = builder.send().await.map_err(|e| transport_error(e, url))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let limit = self.max_response_bytes;
        let declared = response.content_length();
        if declared.is_some_and(|n| n > limit as u64) {
            return Err(too_large_error(url, declared, limit, status));
        }
        let mut body = Vec::with_capacity(declared.map_or(0, |n| n as usize));
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(e, url))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large_error(url, None, limit, status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            content_type,
            body,
            url: url.to_owned(),
            retry_after,
        })
    }
}
