//! Report downloads in a web session (`/web/session/authenticate`, `/report/<converter>/…`).
//! They do not go over the external API's protocols: one set of tests, with a password
//! client (a web session takes no API key).
//!
//! The report is `base.report_irmodulereference` (the module reference, on every database)
//! for the `base` module. The kit's Odoo has no wkhtmltopdf: its PDF answer is the typed
//! error.

use odoo_runtime::{Client, ErrorKind, Protocol};

use crate::env::{Credential, Setup};

const SETUP: Setup = Setup {
    name: "reports",
    credential: Credential::Password,
    protocol: Protocol::XmlRpc,
};

const REPORT: &str = "base.report_irmodulereference";

/// The id and the summary (`shortdesc`) of the `base` module.
async fn base_module(c: &Client) -> (i64, String) {
    let rows: Vec<odoo_runtime::Value> = c
        .call(
            odoo_runtime::Call::new("ir.module.module", "search_read")
                .arg("domain", [("name", "=", "base")])
                .arg("fields", ["shortdesc"]),
        )
        .await
        .expect("read the base module");
    let row = rows.first().and_then(|r| r.as_struct()).expect("a row");
    let id = row.get("id").and_then(|v| v.as_i64()).expect("an id");
    let name = row
        .get("shortdesc")
        .and_then(|v| v.as_str())
        .expect("a shortdesc")
        .to_owned();
    (id, name)
}

pub async fn html_and_text_render_the_record() {
    let c = SETUP.client();
    let (id, name) = base_module(&c).await;
    let html = c
        .report(REPORT)
        .ids([id])
        .html()
        .await
        .expect("html report");
    assert!(
        html.content_type().starts_with("text/html"),
        "{}",
        html.content_type()
    );
    let declared = html.content_length();
    let html = html.text().await.expect("html body");
    assert_eq!(declared, Some(html.len() as u64));
    assert!(html.contains(&name), "the module reference names `{name}`");
    // Text: the same template as text/plain, streamed into a writer.
    let text = c
        .report(REPORT)
        .ids([id])
        .text()
        .await
        .expect("text report");
    assert_eq!(text.content_type(), "text/plain");
    let mut out = Vec::new();
    let n = text.copy_to(&mut out).await.expect("copied");
    assert_eq!(n as usize, out.len());
    assert!(String::from_utf8_lossy(&out).contains(&name));
}

pub async fn the_stream_gives_the_body_in_pieces() {
    use futures_util::StreamExt;
    let c = SETUP.client();
    let (id, _) = base_module(&c).await;
    let body = c.report(REPORT).ids([id]).html().await.expect("report");
    let declared = body.content_length().expect("a Content-Length");
    let mut pieces = body.into_stream();
    let (mut n, mut count) = (0u64, 0);
    while let Some(piece) = pieces.next().await {
        n += piece.expect("a piece").len() as u64;
        count += 1;
    }
    assert_eq!(n, declared);
    assert!(count > 1, "a report of {n} bytes came in {count} piece(s)");
}

pub async fn a_pdf_without_wkhtmltopdf_is_a_typed_error() {
    let c = SETUP.client();
    let (id, _) = base_module(&c).await;
    let e = c.report(REPORT).ids([id]).pdf().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
    let expected = if crate::env::Live::get().version == Some(19) {
        422
    } else {
        400
    };
    assert_eq!(e.status(), Some(expected), "{e}");
    assert!(
        e.server_message()
            .is_some_and(|m| m.contains("Unable to find Wkhtmltopdf")),
        "{e}"
    );
    assert!(e.to_string().contains("install wkhtmltopdf"), "{e}");
}

pub async fn an_unknown_report_is_a_missing_record() {
    let c = SETUP.client();
    let e = c
        .report("odoo_rs.no_such_report")
        .ids([1])
        .html()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e}");
    assert_eq!(e.status(), Some(500), "{e}");
    assert!(e.to_string().contains("no report is named"), "{e}");
}

pub async fn a_missing_record_is_an_error() {
    let c = SETUP.client();
    let e = c
        .report(REPORT)
        .ids([999_999_999])
        .html()
        .await
        .unwrap_err();
    if crate::env::Live::get().version == Some(19) {
        // Odoo 19 answers a bare 500 page: the report exists, so a server error that says a
        // record may not exist.
        assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
        assert!(e.to_string().contains("a record may not exist"), "{e}");
    } else {
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e}");
        assert_eq!(e.status(), Some(400), "{e}");
    }
}

pub async fn no_access_is_an_access_error() {
    let c = SETUP.demo_client();
    let id = base_module(&SETUP.client()).await.0;
    let e = c.report(REPORT).ids([id]).html().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessError, "{e}");
    assert_eq!(e.status(), Some(403), "{e}");
    assert!(
        e.to_string().contains("You are not allowed to access"),
        "{e}"
    );
}

pub async fn a_wrong_password_is_access_denied() {
    let c = SETUP.client_with_wrong_secret("not the password");
    let e = c.report(REPORT).ids([1]).html().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e}");
    assert!(!e.to_string().contains("not the password"), "{e}");
}

/// An API key given as the password: every version refuses it for a web session.
pub async fn an_api_key_cannot_open_a_web_session() {
    let live = crate::env::Live::get();
    let key = std::env::var("ODOO_API_KEY")
        .ok()
        .filter(|k| !k.trim().is_empty())
        .or_else(|| {
            std::env::var("ODOO_API_KEY_FILE")
                .ok()
                .and_then(|f| std::fs::read_to_string(f).ok())
        })
        .expect("ODOO_API_KEY or ODOO_API_KEY_FILE")
        .trim()
        .to_owned();
    let as_password = Client::builder()
        .url(&live.url)
        .database(&live.db)
        .password(&live.user, &key)
        .build()
        .expect("a client");
    // The key works over XML-RPC…
    as_password
        .authenticate()
        .await
        .expect("the key over XML-RPC");
    // …but not for a web session.
    let e = as_password
        .report(REPORT)
        .ids([1])
        .html()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e}");
    // A client built with `.api_key` says so before sending anything.
    let keyed = Client::builder()
        .url(&live.url)
        .database(&live.db)
        .api_key(&live.user, &key)
        .build()
        .expect("a client");
    let e = keyed.report(REPORT).ids([1]).html().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    assert!(e.to_string().contains(".password(login, password)"), "{e}");
}

pub async fn an_expired_session_is_renewed() {
    let c = SETUP.client();
    let (id, name) = base_module(&c).await;
    let first = c.report(REPORT).ids([id]).text().await.expect("first");
    drop(first.bytes().await.expect("first body"));
    c.__expire_web_session().await.expect("session destroyed");
    let again = c.report(REPORT).ids([id]).text().await.expect("renewed");
    assert!(again.text().await.expect("body").contains(&name));
}
