//! JSON-2 on a server older than Odoo 19: each JSON-2 test asserts the client's refusal
//! instead of its scenario, and says so on its output (CI counts these notices).

use odoo_runtime::{ErrorKind, Protocol};

use super::BENCH_PATTERN;
use crate::env::Setup;
use crate::models::Named;
use crate::versions::Expect;

/// The notice a JSON-2 test prints when it asserted the refusal instead of its scenario.
pub const NOTICE: &str = "notice: JSON-2 refused as expected";

/// `true` (after asserting the refusal) when `s` is JSON-2 and the server older than 19: the
/// caller then skips its scenario. `false` otherwise.
pub async fn refused(s: &Setup, test: &str) -> bool {
    if s.protocol != Protocol::Json2 || Expect::get().await.json2() {
        return false;
    }
    let c = s.client();
    let server = c.version().await.expect("version").server_version;
    let wanted = format!("JSON-2 needs Odoo 19; this server is Odoo {server}");
    // A fresh client sends the request, gets an HTML page and asks the version…
    let e = s
        .client()
        .authenticate()
        .await
        .expect_err("JSON-2 before Odoo 19");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
    assert!(e.to_string().contains(&wanted), "{e}");
    // … one that knows the version refuses before sending.
    let e = c
        .search_count(Named::NAME.eq_like(BENCH_PATTERN))
        .await
        .expect_err("JSON-2 before Odoo 19");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
    assert!(e.to_string().contains(&wanted), "{e}");
    println!("{NOTICE}: {}::{test} on Odoo {server}", s.name);
    true
}
