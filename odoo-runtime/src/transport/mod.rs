//! HTTP for every protocol: one request out, one bounded body back, retried as [`retry`]
//! allows, within the call's deadline and the client's cap on requests in flight. The
//! protocols build an [`HttpRequest`] and read an [`HttpResponse`]; only this module talks to
//! `reqwest`, and only it attaches the API key to a request.
//!
//! - [`retry`]: when a failed attempt is sent again, and after how long;
//! - [`redirect`]: redirects are never followed (a request carries credentials): a 3xx, or a
//!   redirect a user-supplied HTTP client followed, is an error saying where it led;
//! - [`status`]: what an HTTP failure means as an [`Error`].

pub(crate) mod clock;
pub(crate) mod http;
pub(crate) mod redirect;
pub(crate) mod retry;
pub(crate) mod spill;
pub(crate) mod status;
pub(crate) mod stream;
pub(crate) mod upload;

use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::Cause;
use crate::error::{Error, ErrorKind};
use crate::secret::Secret;
use http::Replay;
use retry::RetryPolicy;
use spill::{Spill, Streamer, SPILL_AT};
use stream::Opened;

pub(crate) use http::{Auth, HttpRequest, HttpResponse};

use crate::frame::Piece;
use status::{strip_query, too_large_error, transport_error, Limit};

/// The HTTP side of a client: the connection pool, the server's URL, database and secret
/// (for [`Auth::Bearer`]), the body cap, the time limits, the cap on requests in flight and
/// the retry policy.
pub(crate) struct Transport {
    pub(crate) http: reqwest::Client,
    /// The configured base URL: redirects and misdirected answers are explained against it.
    pub(crate) base: reqwest::Url,
    pub(crate) database: String,
    pub(crate) secret: Secret,
    pub(crate) max_response_bytes: usize,
    /// The limit of one attempt.
    pub(crate) timeout: Option<Duration>,
    /// The limit of a whole call: every attempt, the waits between them, the wait for a slot.
    pub(crate) deadline: Option<Duration>,
    /// At most this many requests of the client in flight at once (`None`: no cap).
    pub(crate) in_flight: Option<(Semaphore, usize)>,
    pub(crate) retry: RetryPolicy,
    /// The server's time, from the `Date` of its answers.
    pub(crate) clock: clock::ServerClock,
}

impl Transport {
    /// Sends `request`, retrying as [`RetryPolicy::wait`] says and the deadline allows.
    ///
    /// A final failure says how many attempts were made, and why a request that may change
    /// data was not sent again. An HTTP status the retry policy would have retried (429, 502,
    /// 503, 504, a 500 page) becomes an error here when its body is not a protocol's own
    /// error answer (JSON), exactly as the protocols would map it, with the attempts.
    pub(crate) async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        self.send_streamed(request, None).await
    }

    /// [`Transport::send`], handing a long successful answer to `streamer` as it arrives.
    pub(crate) async fn send_streamed(
        &self,
        request: &HttpRequest,
        streamer: Option<&dyn Streamer>,
    ) -> Result<HttpResponse, Error> {
        let started = Instant::now();
        let deadline = self.deadline.map(|d| (started + d, d));
        let mut attempt = 0u32;
        loop {
            let Attempt {
                outcome,
                sent,
                by_deadline,
            } = self.attempt(request, deadline, streamer).await;
            let wait = self.retry.wait(attempt, &outcome, request.replay);
            let out_of_time = match (wait, deadline) {
                (Some(w), Some((at, _))) => Instant::now() + w >= at,
                _ => false,
            };
            match wait {
                Some(wait) if !out_of_time => {
                    tracing::debug!(
                        url = strip_query(&request.url),
                        attempt,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => {
                    let attempts = attempt + u32::from(sent);
                    let not_resent = wait.is_none()
                        && request.replay != Replay::Safe
                        && self.retry.wait(attempt, &outcome, Replay::Safe).is_some();
                    // An attempt the deadline cut short already says so.
                    let note = attempts_note(
                        attempts,
                        not_resent.then_some(request.replay),
                        deadline.filter(|_| out_of_time && !by_deadline),
                    );
                    return match outcome {
                        Ok(r) if status::is_retryable_page(&r) => {
                            Err(status::http_status_error(&r).with_note(&note))
                        }
                        Ok(r) => Ok(r),
                        Err(e)
                            if attempts > 0
                                && e.kind() == ErrorKind::Transport
                                && (!matches!(e.cause(), Cause::None | Cause::TooLarge)
                                    || attempts > 1
                                    || not_resent) =>
                        {
                            Err(e.with_note(&note))
                        }
                        Err(e) => Err(e),
                    };
                }
            }
        }
    }

    /// One attempt: a slot under the in-flight cap, then the request, within what is left of
    /// the deadline.
    async fn attempt(
        &self,
        request: &HttpRequest,
        deadline: Option<(Instant, Duration)>,
        streamer: Option<&dyn Streamer>,
    ) -> Attempt {
        let (_slot, limit) = match self.slot(&request.url, deadline).await {
            Ok(slot) => slot,
            Err(e) => {
                return Attempt {
                    outcome: Err(e),
                    sent: false,
                    by_deadline: true,
                }
            }
        };
        let outcome = async {
            let received = self.send_once(request, limit, streamer).await?;
            redirect::check(&self.base, request, &received)?;
            match status::misdirected(&self.base, &self.database, request, &received.response) {
                Some(e) => Err(e),
                None => Ok(received.into_inner()),
            }
        };
        Attempt {
            outcome: outcome.await,
            sent: true,
            by_deadline: matches!(limit, Some(Limit::Deadline { .. })),
        }
    }

    /// Sends `request` and returns once the status and headers came, the body unread.
    ///
    /// A redirect is an error as for every request, but for one to Odoo's login page
    /// (`/web/login`), which is how a route with `auth='user'` answers a request without a
    /// live session: the caller logs in again.
    pub(crate) async fn open(&self, request: &HttpRequest) -> Result<Opened<'_>, Error> {
        let started = Instant::now();
        let deadline = self.deadline.map(|d| (started + d, d));
        let mut attempt = 0u32;
        loop {
            let (slot, limit) = self.slot(&request.url, deadline).await?;
            let outcome = self.prepare(request, limit)?.send().await;
            let failure = match outcome {
                Ok(response) if !matches!(response.status().as_u16(), 429 | 502..=504) => {
                    return Opened::new(&self.base, &self.clock, request, response, limit, slot);
                }
                Ok(response) => Ok(HttpResponse {
                    status: response.status().as_u16(),
                    content_type: String::new(),
                    body: Vec::new(),
                    url: request.url.clone(),
                    retry_after: response
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| retry::retry_after(v, std::time::SystemTime::now())),
                    etag: None,
                    streamed: false,
                }),
                Err(e) => Err(transport_error(e, &request.url, limit, None)),
            };
            drop(slot);
            let wait = self.retry.wait(attempt, &failure, request.replay);
            let in_time = |w: Duration| deadline.is_none_or(|(at, _)| Instant::now() + w < at);
            match (wait, failure) {
                (Some(wait), _) if in_time(wait) => {
                    tracing::debug!(url = strip_query(&request.url), attempt, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                (_, Err(e)) => return Err(e),
                (_, Ok(r)) => return Err(status::http_status_error(&r)),
            }
        }
    }

    /// A slot under the in-flight cap, and the time limit of the attempt that takes it: the
    /// timeout, or what is left of the deadline when that is shorter. An error when the
    /// deadline passes first.
    pub(crate) async fn slot(
        &self,
        url: &str,
        deadline: Option<(Instant, Duration)>,
    ) -> Result<(Option<SemaphorePermit<'_>>, Option<Limit>), Error> {
        let left =
            || deadline.map(|(at, whole)| (at.saturating_duration_since(Instant::now()), whole));
        let slots = self.in_flight.as_ref().map(|(slots, cap)| {
            (
                slots,
                format!("waiting for one of the {cap} slots of `max_in_flight`"),
            )
        });
        let slot = match &slots {
            None => None,
            Some((slots, waiting)) => match left() {
                // The semaphore is never closed: `ok()` is always `Some`.
                None => slots.acquire().await.ok(),
                Some((left, whole)) => match tokio::time::timeout(left, slots.acquire()).await {
                    Ok(permit) => permit.ok(),
                    Err(_) => return Err(status::deadline_error(url, whole, waiting)),
                },
            },
        };
        let limit = match (self.timeout, left()) {
            (None, None) => None,
            (Some(t), None) => Some(Limit::Timeout(t)),
            (Some(t), Some((left, _))) if t <= left => Some(Limit::Timeout(t)),
            (_, Some((left, whole))) => Some(Limit::Deadline { left, whole }),
        };
        if let Some(Limit::Deadline { left, whole }) = limit {
            if left.is_zero() {
                let when = slots
                    .as_ref()
                    .map_or("before this attempt", |(_, w)| w.as_str());
                return Err(status::deadline_error(url, whole, when));
            }
        }
        Ok((slot, limit))
    }

    /// The request as reqwest sends it: the method, URL and body, the time limit, and the
    /// headers a request asks for (the API key, the web session's cookie), secrets marked
    /// sensitive.
    pub(crate) fn prepare(
        &self,
        request: &HttpRequest,
        limit: Option<Limit>,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let mut builder = self
            .http
            .request(request.method.clone(), request.url.as_str());
        if let Some(limit) = limit {
            builder = builder.timeout(limit.duration());
        }
        if let Some(body) = &request.body {
            // A body reqwest cannot replay: a client that follows redirects (a user-supplied
            // one) then stops at a 307 or 308 instead of sending the credentials in it to
            // wherever the redirect points.
            let once = match &body.stream {
                None => reqwest::Body::wrap(http_body_util::Full::new(body.bytes.clone())),
                Some(slot) => match slot.take() {
                    Some(stream) => reqwest::Body::wrap(stream),
                    None => {
                        return Err(Error::transport(
                            format!(
                                "{}: not sent again: its body was read from the caller's \
                                 reader by the attempt before",
                                strip_query(request.url.as_str())
                            ),
                            None,
                        ))
                    }
                },
            };
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(once);
        }
        if request.uncompressed {
            builder = builder.header(reqwest::header::ACCEPT_ENCODING, "identity");
        }
        if let Some(etag) = &request.if_none_match {
            builder = builder.header(reqwest::header::IF_NONE_MATCH, etag.as_str());
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
        if let Some(session) = &request.session {
            // reqwest drops `Cookie` on a redirect to another host, as it does `Authorization`.
            let mut value =
                reqwest::header::HeaderValue::from_str(&format!("session_id={}", session.expose()))
                    .map_err(|_| {
                        Error::decode_message("the server's session id is not a cookie value")
                    })?;
            value.set_sensitive(true);
            builder = builder.header(reqwest::header::COOKIE, value);
        }
        Ok(builder)
    }

    async fn send_once(
        &self,
        request: &HttpRequest,
        limit: Option<Limit>,
        streamer: Option<&dyn Streamer>,
    ) -> Result<redirect::Received, Error> {
        let url = request.url.as_str();
        let builder = self.prepare(request, limit)?;
        let mut response = builder
            .send()
            .await
            .map_err(|e| transport_error(e, url, limit, None))?;
        let status = response.status().as_u16();
        let received = Instant::now();
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
        };
        let content_type = header(reqwest::header::CONTENT_TYPE)
            .unwrap_or("")
            .to_owned();
        self.clock.observe(header(reqwest::header::DATE), received);
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| retry::retry_after(v, std::time::SystemTime::now()));
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let etag = header(reqwest::header::ETAG).map(str::to_owned);
        let final_url = response.url().to_string();
        let max = self.max_response_bytes;
        let declared = response.content_length();
        if declared.is_some_and(|n| n > max as u64) {
            return Err(too_large_error(url, declared, max, status));
        }
        let mut body = Vec::with_capacity(declared.map_or(0, |n| n.min(max as u64) as usize));
        let streamer = streamer.filter(|_| status == 200);
        let mut spill: Option<Spill> = None;
        let mut received = 0usize;
        // Whether the decoder stopped before the end (it has the error).
        let mut stopped = false;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    received += chunk.len();
                    if received > max {
                        return Err(too_large_error(url, None, max, status));
                    }
                    match (&spill, streamer) {
                        (Some(s), _) => {
                            if s.pieces.send(Piece::Data(chunk)).await.is_err() {
                                stopped = true;
                                break;
                            }
                        }
                        (None, Some(streamer)) if body.len() + chunk.len() > SPILL_AT => {
                            let s = streamer.begin();
                            body.extend_from_slice(&chunk);
                            let first = Bytes::from(std::mem::take(&mut body));
                            stopped = s.pieces.send(Piece::Data(first)).await.is_err();
                            spill = Some(s);
                            if stopped {
                                break;
                            }
                        }
                        (None, _) => body.extend_from_slice(&chunk),
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    let read = status::Partial {
                        status,
                        received,
                        declared,
                    };
                    return Err(transport_error(e, url, limit, Some(read)));
                }
            }
        }
        let mut streamed = false;
        if let Some(Spill { pieces, done }) = spill {
            if !stopped {
                // A decoder that already finished (with an error) no longer listens.
                let _ = pieces.send(Piece::End).await;
            }
            drop(pieces);
            match done.await {
                Ok(Some(whole)) => body = whole,
                Ok(None) => streamed = true,
                Err(e) => {
                    return Err(Error::decode_message(format!(
                        "the decoding of the answer failed: {e}"
                    )))
                }
            }
        }
        Ok(redirect::Received {
            response: HttpResponse {
                status,
                content_type,
                body,
                url: url.to_owned(),
                retry_after,
                etag,
                streamed,
            },
            location,
            final_url,
        })
    }
}

/// What one attempt came to.
struct Attempt {
    outcome: Result<HttpResponse, Error>,
    /// Whether the request went out (not when the deadline passed before).
    sent: bool,
    /// Whether what was left of the deadline, not the timeout, bounded it.
    by_deadline: bool,
}

/// `(3 attempts)`, or why a request was not sent again.
fn attempts_note(
    attempts: u32,
    not_resent: Option<Replay>,
    deadline: Option<(Instant, Duration)>,
) -> String {
    let n = if attempts == 1 {
        "1 attempt".to_owned()
    } else {
        format!("{attempts} attempts")
    };
    if let Some((_, whole)) = deadline {
        format!(
            " ({n}; the deadline of {} leaves no time for another)",
            status::human(whole)
        )
    } else if not_resent == Some(Replay::Once) {
        format!(" ({n}; not sent again: its body was read from the caller's reader, once)")
    } else if not_resent.is_some() {
        format!(" ({n}; not sent again: it may change data, and the server may have run it)")
    } else {
        format!(" ({n})")
    }
}
