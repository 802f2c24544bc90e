//! The blocking client where it must not be used: inside an async runtime it refuses with a
//! clear `Builder` error, and dropping it there never panics.

use std::panic::AssertUnwindSafe;

use odoo_examples::{demo_server_builder, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{blocking, ErrorKind};
use odoo_testkit::TestServer;

/// odoo-testkit on its own thread, for a blocking client.
fn server() -> TestServer {
    demo_server_builder()
        .start_background()
        .expect("the test server starts")
}

fn client(url: &str) -> blocking::Client {
    blocking::Client::builder()
        .url(url)
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .expect("valid settings")
}

/// Used from a plain thread (its connection pool then holds a connection), dropped inside an
/// async test.
#[tokio::test]
async fn dropping_it_inside_a_runtime_does_not_panic() {
    let server = server();
    let url = server.url();
    let used = std::thread::spawn(move || {
        let c = client(&url);
        c.authenticate().expect("authenticate from a plain thread");
        c
    })
    .join()
    .expect("the thread ran");
    let unused = client(&server.url());
    let dropped = std::panic::catch_unwind(AssertUnwindSafe(move || {
        drop(used);
        drop(unused);
    }));
    assert!(
        dropped.is_ok(),
        "dropping the blocking client inside a runtime panicked"
    );
}

#[tokio::test]
async fn a_call_inside_a_runtime_is_a_clear_builder_error() {
    let server = server();
    let c = client(&server.url());
    let e = c.version().expect_err("refused inside a runtime");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    let text = e.to_string();
    assert!(
        text.contains("async runtime") && text.contains("odoo_runtime::Client"),
        "{text}"
    );
    let dropped = std::panic::catch_unwind(AssertUnwindSafe(move || drop(c)));
    assert!(
        dropped.is_ok(),
        "dropping the blocking client inside a runtime panicked"
    );
}

/// `spawn_blocking` is inside the runtime too: the error says how to call from there.
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn a_call_from_spawn_blocking_says_what_to_do_instead() {
    let server = server();
    let url = server.url();
    let e = tokio::task::spawn_blocking(move || client(&url).version())
        .await
        .expect("the blocking task ran")
        .expect_err("refused inside a runtime");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    assert!(e.to_string().contains("block_on"), "{e}");
}

#[test]
fn from_a_plain_thread_it_works() {
    let server = server();
    let c = client(&server.url());
    assert_eq!(c.version().expect("version").major(), Some(19));
    assert!(c.authenticate().expect("authenticate") > 0);
}
