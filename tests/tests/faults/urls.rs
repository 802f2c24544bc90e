//! URLs and databases that Odoo answers in misleading words: a path prefix (Odoo behind a
//! reverse proxy at `/odoo` works; Odoo's own web-client path `/odoo` is named as the cause),
//! an unknown database on JSON-2.

use odoo_runtime::{ErrorKind, Value};

use crate::bounded;
use crate::proxy::{Fault, Plan, Proxy, Reply};
use crate::target::{count_call, create_call, Proto, Target, PROTOS};

/// Odoo 19's answer to a JSON-2 call whose `X-Odoo-Database` it does not serve.
fn no_database_page() -> Reply {
    Reply::new(
        404,
        "text/html; charset=utf-8",
        "<!DOCTYPE html>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>No database is selected and the requested URL was not found in the server-wide controllers.</p>\n<p>Please verify the hostname, <a href=/web/login>login</a> and try again.</p>\n\n<!-- Alternatively, use the X-Odoo-Database header. -->\n",
    )
}

/// Odoo 17+'s answer to a POST under `/odoo/…`, its web client's route.
fn web_client_csrf_page() -> Reply {
    Reply::new(
        400,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n<p>Session expired (invalid CSRF token)</p>\n",
    )
}

/// Odoo behind a reverse proxy that serves it under `/odoo`: every protocol works with the
/// prefix in the URL.
#[tokio::test]
async fn a_path_prefix_reaches_odoo_behind_a_reverse_proxy() {
    bounded(30, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start_with(&target.url, Some("/odoo")).await;
        for proto in PROTOS {
            for url in [
                format!("{}/odoo", proxy.url),
                format!("{}/odoo/", proxy.url),
            ] {
                let client = target.builder(proto, &url).build().unwrap();
                assert_eq!(
                    client.version().await.unwrap().major(),
                    Some(19),
                    "{proto:?} {url}"
                );
                assert!(client.authenticate().await.unwrap() > 0, "{proto:?} {url}");
                assert!(
                    client.call::<i64>(count_call()).await.unwrap() > 0,
                    "{proto:?} {url}"
                );
                let name = target.name("prefix");
                client.call::<Value>(create_call(&name)).await.unwrap();
                assert_eq!(target.partners_named(&name).await.len(), 1);
                target.remove_partners(&name).await;
            }
        }
        assert!(proxy.seen().iter().all(|s| s.path.starts_with("/odoo/")));
    })
    .await;
}

/// The prefix missing (or wrong) behind such a proxy: its 404 names the path.
#[tokio::test]
async fn a_missing_prefix_is_named() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start_with(&target.url, Some("/odoo")).await;
        for proto in PROTOS {
            let client = target.authenticated(proto, &proxy.url).build().unwrap();
            let e = client
                .call::<i64>(count_call())
                .await
                .expect_err("not under the prefix");
            assert_eq!(e.status(), Some(404), "{proto:?}: {e}");
            assert!(
                e.to_string()
                    .contains(&proto.object_path("res.partner", "search_count")),
                "{proto:?}: {e}"
            );
        }
    })
    .await;
}

/// `http://host:8069/odoo` is Odoo 17+'s web client, not its API: the error says so and
/// names the URL to use.
async fn the_web_client_path_is_named_as_the_cause(url: &str, target: &Target) {
    for proto in PROTOS {
        let client = target
            .builder(proto, &format!("{url}/odoo"))
            .build()
            .unwrap();
        let e = client.authenticate().await.expect_err("the web client");
        let text = e.to_string();
        assert_eq!(e.kind(), ErrorKind::Transport, "{proto:?}: {text}");
        assert_eq!(e.status(), Some(400), "{proto:?}: {text}");
        assert!(text.contains("web client"), "{proto:?}: {text}");
        assert!(
            text.contains(&format!(".url(\"{url}\")")),
            "{proto:?}: {text}"
        );
    }
}

#[tokio::test]
async fn the_web_client_path_is_named_as_the_cause_through_the_proxy() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        proxy.plan(Plan::always(Fault::Reply(web_client_csrf_page())));
        the_web_client_path_is_named_as_the_cause(&proxy.url, &target).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
async fn the_web_client_path_is_named_as_the_cause_on_the_real_odoo() {
    let _shared = crate::overload::SERVER.read().await;
    bounded(20, async {
        let target = Target::live().await;
        the_web_client_path_is_named_as_the_cause(&target.url.clone(), &target).await;
    })
    .await;
}

/// JSON-2 with a database the server does not serve: the error names the database (in
/// backquotes from Odoo's page; odoo-testkit answers a JSON `NotFound` naming it itself).
async fn an_unknown_database_is_named(target: &Target, url: &str) {
    let client = target
        .builder(Proto::Json2, url)
        .database("odoo_rs_no_such_db")
        .build()
        .unwrap();
    let e = client
        .call::<i64>(count_call())
        .await
        .expect_err("no such database");
    let text = e.to_string();
    assert!(text.contains("odoo_rs_no_such_db"), "{text}");
    assert_eq!(e.status(), Some(404), "{text}");
}

#[tokio::test]
async fn an_unknown_database_is_named_on_json2_through_the_proxy() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        proxy.plan(Plan::always(Fault::Reply(no_database_page())));
        an_unknown_database_is_named(&target, &proxy.url).await;
        an_unknown_database_is_named(&target, &target.url).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
async fn an_unknown_database_is_named_on_json2_on_the_real_odoo() {
    let _shared = crate::overload::SERVER.read().await;
    bounded(20, async {
        let target = Target::live().await;
        an_unknown_database_is_named(&target, &target.url.clone()).await;
    })
    .await;
}
