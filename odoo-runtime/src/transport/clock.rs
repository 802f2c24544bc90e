//! The server's clock as its answers tell it: the HTTP `Date` header (whole seconds, set by
//! Odoo's HTTP server or the proxy in front of it) of the freshest answer, and when it came.
//!
//! [`ServerClock::now_at_least`] is a lower bound of the server's time *now*: a `Date` is
//! written before its answer is received, and is rounded down. The incremental sync
//! ([`crate::sync`]) uses it to know which seconds of `write_date` are over.

use std::sync::Mutex;
use std::time::{Instant, SystemTime};

/// The freshest `Date` seen, with the instant its answer came (monotonic).
#[derive(Debug, Default)]
pub(crate) struct ServerClock {
    seen: Mutex<Option<(SystemTime, Instant)>>,
}

impl ServerClock {
    /// Takes the `Date` header of an answer received at `received`; an unreadable one is
    /// ignored.
    pub(crate) fn observe(&self, date: Option<&str>, received: Instant) {
        let Some(date) = date.and_then(|d| httpdate::parse_http_date(d).ok()) else {
            return;
        };
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let fresher = match *seen {
            None => true,
            // The estimate of "now" each gives; keep the later.
            Some((t, at)) => estimate(date, received) > estimate(t, at),
        };
        if fresher {
            *seen = Some((date, received));
        }
    }

    /// A time the server's clock had certainly reached at `instant` (before or after the
    /// freshest answer came), if any answer had a `Date`.
    pub(crate) fn at_least_at(&self, instant: Instant) -> Option<SystemTime> {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        seen.and_then(|(t, at)| {
            if instant >= at {
                t.checked_add(instant - at)
            } else {
                t.checked_sub(at - instant)
            }
        })
    }

    /// A time the server's clock has certainly reached by now, if any answer had a `Date`.
    #[cfg(test)]
    pub(crate) fn now_at_least(&self) -> Option<SystemTime> {
        self.at_least_at(Instant::now())
    }
}

fn estimate(date: SystemTime, received: Instant) -> SystemTime {
    date + received.elapsed()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn keeps_the_freshest_date_and_counts_from_when_it_came() {
        let clock = ServerClock::default();
        assert_eq!(clock.now_at_least(), None);
        clock.observe(Some("not a date"), Instant::now());
        assert_eq!(clock.now_at_least(), None);
        let t = httpdate::parse_http_date("Sun, 06 Dec 2026 19:36:00 GMT").unwrap();
        clock.observe(Some("Sun, 06 Dec 2026 19:36:00 GMT"), Instant::now());
        // An older answer arriving later does not move the clock back.
        clock.observe(Some("Sun, 06 Dec 2026 19:35:00 GMT"), Instant::now());
        let now = clock.now_at_least().unwrap();
        assert!(now >= t && now < t + Duration::from_secs(5), "{now:?}");
        // Before the answer came, the clock had reached less.
        let before = clock
            .at_least_at(Instant::now() - Duration::from_secs(3))
            .unwrap();
        assert!(
            before < now && before >= t - Duration::from_secs(3),
            "{before:?}"
        );
    }
}
