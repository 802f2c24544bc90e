//! Report downloads against odoo-testkit: the web session (opened at the first download,
//! shared by clones, renewed once after it ended), the body streamed or collected within the
//! cap, and the typed errors of the kit's Odoo-shaped answers.

use odoo_examples::{demo_server_builder, DEMO_API_KEY, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Client, ErrorKind};
use odoo_testkit::TestServer;

const REPORT: &str = "base.report_partner";

async fn server() -> TestServer {
    demo_server_builder()
        .report(REPORT, "res.partner")
        .start()
        .await
        .expect("the kit starts")
}

fn client(server: &TestServer) -> odoo_runtime::ClientBuilder {
    Client::builder().url(server.url()).database(DEMO_DB)
}

#[tokio::test]
async fn html_names_the_records_and_text_is_text_plain() {
    let server = server().await;
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .unwrap();
    let name = server.read("res.partner", &[1], &["display_name"]).unwrap()[0]
        .as_struct()
        .and_then(|r| r.get("display_name"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .unwrap();
    let html = c.report(REPORT).ids([1]).html().await.unwrap();
    assert_eq!(html.content_type(), "text/html; charset=utf-8");
    assert!(html.text().await.unwrap().contains(&name));
    let text = c.report(REPORT).ids([1]).text().await.unwrap();
    assert_eq!(text.content_type(), "text/plain");
}

#[tokio::test]
async fn an_ended_session_is_renewed_once_and_clones_share_it() {
    let server = server().await;
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .unwrap();
    c.report(REPORT)
        .ids([1])
        .html()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    c.__expire_web_session().await.unwrap();
    let clone = c.clone();
    let body = clone.report(REPORT).ids([1]).html().await.unwrap();
    assert!(!body.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn collecting_honours_the_cap_and_copying_does_not() {
    let server = server().await;
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .max_response_bytes(64)
        .build()
        .unwrap();
    let e = c
        .report(REPORT)
        .ids([1])
        .html()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e}");
    assert!(
        e.to_string().contains("exceeds the limit of 64 bytes"),
        "{e}"
    );
    let mut out = Vec::new();
    let n = c
        .report(REPORT)
        .ids([1])
        .html()
        .await
        .unwrap()
        .copy_to(&mut out)
        .await
        .unwrap();
    assert!(n > 64 && n as usize == out.len());
}

#[tokio::test]
async fn the_kits_answers_become_typed_errors() {
    let server = server().await;
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .unwrap();
    let e = c.report(REPORT).ids([1]).pdf().await.unwrap_err();
    assert_eq!(
        (e.kind(), e.status()),
        (ErrorKind::UserError, Some(422)),
        "{e}"
    );
    assert!(e.to_string().contains("install wkhtmltopdf"), "{e}");
    let e = c.report("no.such_report").ids([1]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e}");
    let e = c.report(REPORT).ids([999_999]).html().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
    let wrong = client(&server)
        .password(DEMO_LOGIN.0, "wrong")
        .build()
        .unwrap();
    let e = wrong.report(REPORT).ids([1]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e}");
    let keyed = client(&server)
        .api_key(DEMO_LOGIN.0, DEMO_API_KEY)
        .build()
        .unwrap();
    let e = keyed.report(REPORT).ids([1]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    // The key as a password: the kit, as Odoo, opens no web session for it.
    let key_as_password = client(&server)
        .password(DEMO_LOGIN.0, DEMO_API_KEY)
        .build()
        .unwrap();
    let e = key_as_password.report(REPORT).ids([1]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e}");
}

#[test]
fn the_blocking_client_downloads_through_run() {
    let server = demo_server_builder()
        .report(REPORT, "res.partner")
        .start_background()
        .unwrap();
    let c = odoo_runtime::blocking::Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .unwrap();
    let html = c
        .run(|c| async move { c.report(REPORT).ids([1]).html().await?.text().await })
        .unwrap();
    assert!(html.contains("<html>"));
}

#[tokio::test]
async fn a_client_that_follows_redirects_still_renews_the_session() {
    let server = server().await;
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    c.report(REPORT)
        .ids([1])
        .html()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    c.__expire_web_session().await.unwrap();
    let body = c.report(REPORT).ids([1]).html().await.unwrap();
    assert!(!body.bytes().await.unwrap().is_empty());
}

/// What Odoo 17 and 18 answer differently, as the kit serving their version does (the live
/// suite checks the real ones).
#[tokio::test]
async fn before_19_the_pdf_error_is_a_400_and_a_missing_record_has_its_page() {
    for version in ["17.0-20240709", "18.0-20250702"] {
        let server = demo_server_builder()
            .odoo_version(version)
            .report(REPORT, "res.partner")
            .start()
            .await
            .unwrap();
        let c = client(&server)
            .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
            .build()
            .unwrap();
        let e = c.report(REPORT).ids([1]).pdf().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.status()),
            (ErrorKind::UserError, Some(400)),
            "{version}: {e}"
        );
        let e = c.report(REPORT).ids([999_999]).html().await.unwrap_err();
        assert_eq!(
            (e.kind(), e.status()),
            (ErrorKind::MissingRecord, Some(400)),
            "{version}: {e}"
        );
        assert!(
            e.to_string().contains("Record does not exist"),
            "{version}: {e}"
        );
    }
}

/// Where a PDF can be rendered (the kit standing in for an Odoo with wkhtmltopdf): the PDF
/// itself, streamed.
#[tokio::test]
async fn a_pdf_comes_as_application_pdf_where_the_server_can_render_one() {
    let server = demo_server_builder()
        .report(REPORT, "res.partner")
        .wkhtmltopdf(true)
        .start()
        .await
        .unwrap();
    let c = client(&server)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()
        .unwrap();
    let pdf = c.report(REPORT).ids([1]).pdf().await.unwrap();
    assert_eq!(pdf.content_type(), "application/pdf");
    let declared = pdf.content_length();
    let bytes = pdf.bytes().await.unwrap();
    assert_eq!(declared, Some(bytes.len() as u64));
    assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
    // The same checks as HTML come first.
    let e = c.report(REPORT).ids([999_999]).pdf().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
}
