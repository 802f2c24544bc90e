//! Capturing what a `tracing` subscriber writes, for the tests that check that logs never
//! hold a secret.
//!
//! ```
//! use std::io::Write;
//!
//! let sink = odoo_tests::logs::LogSink::default();
//! let writer = sink.clone();
//! // With tracing: `tracing_subscriber::fmt().with_writer(move || writer.clone())`.
//! writer.clone().write_all(b"odoo call res.partner search").unwrap();
//! assert_eq!(sink.text(), "odoo call res.partner search");
//! ```

use std::io::Write;
use std::sync::{Arc, Mutex};

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
