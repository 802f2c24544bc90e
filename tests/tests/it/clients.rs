//! A client per protocol on a test server, for the tests that run each call on all three.

use odoo_runtime::{Client, Protocol};
use odoo_testkit::TestServer;

/// One client per protocol, on database `odoo19`, logged in as `admin` with the API `key`.
pub fn with_key(server: &TestServer, key: &str) -> Vec<(Protocol, Client)> {
    [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2]
        .into_iter()
        .map(|p| {
            let client = Client::builder()
                .url(server.url())
                .database("odoo19")
                .api_key("admin", key)
                .protocol(p)
                .build()
                .expect("client");
            (p, client)
        })
        .collect()
}
