//! The fault-injection suite: a proxy on loopback ([`proxy`]) between the client and a server
//! breaks what a network, a proxy or an overloaded server breaks — delays, hangs, closed and
//! reset connections, truncated bodies, HTML pages, random bytes, 100,000-deep nesting,
//! endless bodies, 429/500/502/503/504 with `Retry-After`, redirects to other origins — and
//! each test checks the client's answer: a typed, bounded error or a safe retry, never a hang,
//! a panic, a change applied twice or a credential sent anywhere but the configured server.
//!
//! Every scenario runs on XML-RPC, JSON-RPC and JSON-2, in front of odoo-testkit (always) and
//! in front of the real Odoo of `ODOO_URL` (`#[ignore]`d without one):
//!
//! ```sh
//! cargo test -p odoo-tests --test faults                       # odoo-testkit only
//! eval "$(../shared/odoo-server/up --port 8069 --bench 10000 | grep '^export ')"
//! cargo test -p odoo-tests --test faults -- --include-ignored  # and the real Odoo
//! ```
//!
//! Each test has a hard time limit ([`bounded`]); on the real Odoo the suite writes only
//! partners named `odoo-rs faults …` and removes them.

mod attachments;
mod blocking;
mod credentials;
mod idempotent;
mod messages;
mod overload;
mod proxy;
mod retries;
mod table;
mod target;
mod urls;

use std::future::Future;
use std::time::Duration;

/// Runs `test` with a hard limit of `seconds`: a hang fails the test instead of stalling CI.
pub async fn bounded<T>(seconds: u64, test: impl Future<Output = T>) -> T {
    match tokio::time::timeout(Duration::from_secs(seconds), test).await {
        Ok(v) => v,
        Err(_) => panic!("the test did not finish within its limit of {seconds} s"),
    }
}
