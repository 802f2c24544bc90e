//! When a failed request is sent again, and after how long.
//!
//! Only where sending it twice cannot apply a change twice: a refused connection (the request
//! never reached the server) and an HTTP 429 (the server turned it away unrun) for any method;
//! a timeout or a 502, 503 or 504 (the server may have run it) only for a request that
//! [`Replay::Safe`] marks as a read.

use std::time::Duration;

use super::HttpResponse;
use crate::Error;

/// Whether running a request twice is harmless.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Replay {
    /// It only reads: retried after a timeout or a gateway error too.
    Safe,
    /// It may change data: retried only when the server surely did not run it.
    Unsafe,
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
        if attempt >= self.retries {
            return None;
        }
        let safe = replay == Replay::Safe;
        let asked: Option<Duration> = match outcome {
            // The connection was refused: the request never reached the server.
            Err(e) if e.is_connect() => None,
            Err(e) if e.is_timeout() && safe => None,
            // 429: the server turned the request away without running it.
            Ok(r) if r.status == 429 => r.retry_after,
            Ok(r) if matches!(r.status, 502..=504) && safe => r.retry_after,
            _ => return None,
        };
        let backoff = Duration::from_millis(200u64 << attempt.min(6));
        Some(asked.unwrap_or(backoff).min(self.max_wait))
    }
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
