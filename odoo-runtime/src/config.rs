//! [`Config`]: the settings a [`ClientBuilder`](crate::builder::ClientBuilder) checked, from
//! which the client and its transport make themselves (as reqwest's `Config` does): the
//! builder knows no field of either.

use std::time::Duration;

use crate::protocol::Protocol;
use crate::secret::{Secret, SecretKind};
use crate::transport::retry::RetryPolicy;
use crate::transport::Transport;
use crate::value::Map;

/// What [`ClientBuilder::build`](crate::builder::ClientBuilder::build) makes of its settings,
/// once they are known to be good. [`Client::new`](crate::client::Client) takes it.
pub(crate) struct Config {
    /// The server's base URL, without a trailing `/`.
    pub(crate) url: String,
    pub(crate) login: String,
    pub(crate) secret_kind: SecretKind,
    /// The protocol asked for, if any.
    pub(crate) protocol: Option<Protocol>,
    /// The context sent with every call.
    pub(crate) context: Map,
    /// The uid given, if any (else asked at the first call that needs it).
    pub(crate) uid: Option<i64>,
    pub(crate) transport: TransportConfig,
}

/// The transport's part of a [`Config`].
pub(crate) struct TransportConfig {
    pub(crate) http: reqwest::Client,
    pub(crate) base: reqwest::Url,
    pub(crate) database: String,
    pub(crate) secret: Secret,
    pub(crate) max_response_bytes: usize,
    /// The limit of one attempt.
    pub(crate) timeout: Option<Duration>,
    /// The limit of a whole call.
    pub(crate) deadline: Option<Duration>,
    /// At most this many requests in flight at once (`None`: no cap).
    pub(crate) max_in_flight: Option<usize>,
    pub(crate) retries: u32,
    pub(crate) max_retry_wait: Duration,
}

// The transport's constructor belongs in `transport/mod.rs`; it is here while that directory
// is being rewritten (odoo-rs issue 23), and moves there with it.
impl Transport {
    /// The transport of a client built with `config`.
    pub(crate) fn new(config: TransportConfig) -> Transport {
        Transport {
            http: config.http,
            base: config.base,
            database: config.database,
            secret: config.secret,
            max_response_bytes: config.max_response_bytes,
            timeout: config.timeout,
            deadline: config.deadline,
            in_flight: config
                .max_in_flight
                .map(|n| (tokio::sync::Semaphore::new(n), n)),
            retry: RetryPolicy {
                retries: config.retries,
                max_wait: config.max_retry_wait,
            },
            clock: Default::default(),
        }
    }
}
