//! When a failed request is sent again, and after how long.
//!
//! Only where sending it twice cannot apply a change twice: a refused connection (the request
//! never reached the server) and an HTTP 429 (the server turned it away unrun) for any method;
//! for a request that [`Replay::Safe`] marks as a read, also whatever may have happened after
//! the server got it — a timeout, a connection closed or reset before or during the answer (a
//! body cut short), a 502, 503 or 504, and Odoo's own HTTP 500 page, which is what it answers
//! when its database pool is full (`PoolError: The Connection Pool Is Full`, raised before any
//! controller runs) — and an answer that names that `PoolError`.
//!
//! The wait is the server's `Retry-After` (in seconds or as an HTTP date), else 200 ms
//! doubling, capped by `max_retry_wait` (and by the call's deadline, in the transport).

use std::time::{Duration, SystemTime};

use super::http::HttpResponse;
use super::http::Replay;
use crate::error::Cause;
use crate::error::Error;

/// How many retries, and the longest wait between two attempts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RetryPolicy {
    pub(crate) retries: u32,
    pub(crate) max_wait: Duration,
}

impl RetryPolicy {
    /// How long to wait before attempt `attempt + 1`, or `None` to give `outcome` back.
    pub(crate) fn wait(
        &self,
        attempt: u32,
        outcome: &Result<HttpResponse, Error>,
        replay: Replay,
    ) -> Option<Duration> {
        if attempt >= self.retries || replay == Replay::Once {
            return None;
        }
        let safe = replay == Replay::Safe;
        let asked: Option<Duration> = match outcome {
            // The connection was refused: the request never reached the server.
            Err(e) if e.cause() == Cause::Connect => None,
            Err(e) if matches!(e.cause(), Cause::Timeout | Cause::Interrupted) && safe => None,
            // 429: the server turned the request away without running it.
            Ok(r) if r.status == 429 => r.retry_after,
            Ok(r) if matches!(r.status, 502..=504) && safe => r.retry_after,
            Ok(r) if safe && (is_odoo_500_page(r) || names_pool_error(r)) => r.retry_after,
            _ => return None,
        };
        let backoff = Duration::from_millis(200u64 << attempt.min(6));
        Some(asked.unwrap_or(backoff).min(self.max_wait))
    }
}

/// Odoo's (werkzeug's) page for an exception outside any controller — what a full database
/// pool gives — or any HTML 500 (a proxy's): not the protocol's own error answer.
pub(crate) fn is_odoo_500_page(r: &HttpResponse) -> bool {
    r.status == 500 && r.content_type.starts_with("text/html")
}

/// An answer (an XML-RPC fault, a JSON error) whose traceback names a full database pool:
/// small bodies only, so that reading a big result costs no search.
fn names_pool_error(r: &HttpResponse) -> bool {
    const SMALL: usize = 64 << 10;
    r.body.len() <= SMALL && memchr::memmem::find(&r.body, b"The Connection Pool Is Full").is_some()
}

/// A `Retry-After` header: a number of seconds, or an HTTP date (a wait until then, none if
/// it has passed).
pub(crate) fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<u64>) -> Result<HttpResponse, Error> {
        Ok(HttpResponse {
            status,
            content_type: String::new(),
            body: Vec::new(),
            url: "http://odoo.test/xmlrpc/2/object".into(),
            retry_after: retry_after.map(Duration::from_secs),
            etag: None,
            streamed: false,
        })
    }

    const POLICY: RetryPolicy = RetryPolicy {
        retries: 2,
        max_wait: Duration::from_secs(5),
    };

    #[test]
    fn reads_are_safe_writes_are_not() {
        assert_eq!(Replay::of_method("search_read"), Replay::Safe);
        assert_eq!(Replay::of_method("version"), Replay::Safe);
        assert_eq!(Replay::of_method("create"), Replay::Unsafe);
        assert_eq!(Replay::of_method("action_confirm"), Replay::Unsafe);
    }

    #[test]
    fn a_body_read_from_a_reader_is_never_sent_again() {
        let refused = Err(Error::transport_cause("refused", Cause::Connect));
        assert_eq!(POLICY.wait(0, &refused, Replay::Once), None);
        assert_eq!(POLICY.wait(0, &response(429, Some(1)), Replay::Once), None);
    }

    #[test]
    fn a_429_is_retried_for_any_method_after_retry_after() {
        let w = POLICY.wait(0, &response(429, Some(1)), Replay::Unsafe);
        assert_eq!(w, Some(Duration::from_secs(1)));
    }

    #[test]
    fn a_gateway_error_is_retried_only_for_reads() {
        assert_eq!(
            POLICY.wait(0, &response(503, None), Replay::Safe),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            POLICY.wait(1, &response(503, None), Replay::Safe),
            Some(Duration::from_millis(400))
        );
        assert_eq!(POLICY.wait(0, &response(503, None), Replay::Unsafe), None);
    }

    #[test]
    fn a_refused_connection_is_retried_a_timeout_only_for_reads() {
        let refused = Err(Error::connect("cannot connect"));
        assert!(POLICY.wait(0, &refused, Replay::Unsafe).is_some());
        let timeout = Err(Error::timeout("no answer"));
        assert!(POLICY.wait(0, &timeout, Replay::Safe).is_some());
        assert!(POLICY.wait(0, &timeout, Replay::Unsafe).is_none());
    }

    #[test]
    fn a_reset_or_a_body_cut_short_is_retried_only_for_reads() {
        let reset = Err(Error::transport_cause("reset", Cause::Interrupted));
        assert!(POLICY.wait(0, &reset, Replay::Safe).is_some());
        assert!(POLICY.wait(0, &reset, Replay::Unsafe).is_none());
        let other = Err(Error::transport("HTTP 418", Some(418)));
        assert!(POLICY.wait(0, &other, Replay::Safe).is_none());
    }

    #[test]
    fn a_full_pool_is_retried_only_for_reads() {
        let mut page = response(500, None);
        if let Ok(r) = &mut page {
            r.content_type = "text/html; charset=utf-8".into();
        }
        assert!(POLICY.wait(0, &page, Replay::Safe).is_some());
        assert!(POLICY.wait(0, &page, Replay::Unsafe).is_none());
        let mut fault = response(200, None);
        if let Ok(r) = &mut fault {
            r.body = b"<fault>... psycopg2.pool.PoolError: The Connection Pool Is Full\n".to_vec();
        }
        assert!(POLICY.wait(0, &fault, Replay::Safe).is_some());
        // A JSON-2 error of the method itself (a 500 with Odoo's JSON) is not retried.
        let mut json = response(500, None);
        if let Ok(r) = &mut json {
            r.content_type = "application/json".into();
            r.body = br#"{"name": "builtins.ValueError", "message": "x"}"#.to_vec();
        }
        assert!(POLICY.wait(0, &json, Replay::Safe).is_none());
    }

    #[test]
    fn retry_after_is_seconds_or_an_http_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }

    #[test]
    fn waits_are_capped_and_retries_counted() {
        assert_eq!(
            POLICY.wait(0, &response(429, Some(3600)), Replay::Safe),
            Some(Duration::from_secs(5))
        );
        assert_eq!(POLICY.wait(2, &response(429, None), Replay::Safe), None);
        assert_eq!(POLICY.wait(0, &response(200, None), Replay::Safe), None);
        assert_eq!(POLICY.wait(0, &response(500, None), Replay::Safe), None);
    }
}
