//! Capturing what `tracing` logs, for the tests that check what the client logs (and that logs
//! never hold a secret).
//!
//! [`capture`] is the way in: it routes this thread's logs to a [`LogSink`] until its guard
//! drops, and keeps them from being lost to the tests that run beside it.
//!
//! ```
//! let (sink, _guard) = odoo_tests::logs::capture(tracing::Level::DEBUG);
//! tracing::debug!(model = "res.partner", "odoo call");
//! tracing::trace!("below the level");
//! assert!(sink.text().contains("odoo call model=\"res.partner\""));
//! assert!(!sink.text().contains("below the level"));
//! ```

use std::io::Write;
use std::sync::{Arc, Mutex, Once};

use tracing::subscriber::{DefaultGuard, Interest};
use tracing::{span, Event, Level, Metadata, Subscriber};

/// An in-memory writer whose clones share one buffer.
#[derive(Clone, Default)]
pub struct LogSink(Arc<Mutex<Vec<u8>>>);

impl LogSink {
    /// Everything written so far, as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        let bytes = self.0.lock().unwrap_or_else(|e| e.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl Write for LogSink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(b);
        Ok(b.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything logged on this thread at `level` or above, formatted as `tracing_subscriber::fmt`
/// writes it, goes to the sink until the guard drops. With `#[tokio::test]`'s current-thread
/// runtime that is all the client logs, its connections' tasks included.
///
/// A subscriber set for one thread alone (`tracing::subscriber::set_default`) loses events when
/// other tests run beside it: `tracing` keeps one interest per log statement for the whole
/// process, and a statement first reached on a thread without a subscriber is cached as never
/// interesting, for every thread (tokio-rs/tracing's `Rebuilder::JustOne`). So this first sets,
/// once per process, a global subscriber that records nothing but answers "sometimes" for every
/// statement: each event is then asked of the subscriber of the thread it happens on.
pub fn capture(level: Level) -> (LogSink, DefaultGuard) {
    static KEEPER: Once = Once::new();
    KEEPER.call_once(|| {
        // Another global subscriber (a binary's own) keeps statements interesting as well.
        let _ = tracing::subscriber::set_global_default(KeepInterest);
    });
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(move || writer.clone())
        .finish();
    (sink, tracing::subscriber::set_default(subscriber))
}

/// Records nothing and is interested in everything "sometimes", so that no log statement is
/// cached as never interesting (see [`capture`]).
struct KeepInterest;

impl Subscriber for KeepInterest {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        Interest::sometimes()
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        false
    }

    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }

    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}

    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}

    fn event(&self, _: &Event<'_>) {}

    fn enter(&self, _: &span::Id) {}

    fn exit(&self, _: &span::Id) {}
}
