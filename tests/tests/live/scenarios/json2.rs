//! JSON-2 on a server older than Odoo 19: the client refuses it ([`refused_before_19`]), and
//! every other JSON-2 test does not apply there: it fails saying so ([`applies`]), and CI
//! skips them by name on 17 and 18 (`--skip key_json2::`).

use odoo_runtime::{ErrorKind, Protocol};

use super::BENCH_PATTERN;
use crate::env::Setup;
use crate::models::Named;
use crate::versions::Expect;

/// Fails a JSON-2 test on a server older than 19, where it does not apply, naming what does.
pub async fn applies(s: &Setup, test: &str) {
    if s.protocol == Protocol::Json2 && !Expect::get().await.json2() {
        let server = s.client().version().await.expect("version").server_version;
        panic!(
            "{}::{test} does not apply to Odoo {server}, which has no JSON-2: skip the JSON-2 \
             tests there (`--skip {}::`, as CI does); `json2::refused_before_19` asserts the \
             refusal",
            s.name, s.name
        );
    }
}

/// JSON-2 before Odoo 19: a fresh client gets Odoo's HTML page, asks the version and says
/// JSON-2 needs 19; one that knows the version refuses before sending. Fails on 19 and later,
/// where it does not apply.
pub async fn refused_before_19(s: &Setup) {
    let c = s.client();
    let server = c.version().await.expect("version").server_version;
    assert!(
        !Expect::get().await.json2(),
        "refused_before_19 does not apply to Odoo {server}, which serves JSON-2: skip it there \
         (`--skip json2::refused_before_19`, as CI does); the key_json2 tests use JSON-2"
    );
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
}
