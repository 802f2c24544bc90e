//! What the client does differently by Odoo version, over real HTTP against a replay server
//! that answers as Odoo 17, 18 or 19 did (the live suite checks the same against the real
//! servers): JSON-2 and `/doc-bearer` on 17 and 18, the version asked once, results in Odoo
//! 19's shape, methods of other versions, bindings generated from another version.

use crate::support;

use odoo_runtime::{Call, Client, ErrorKind, OdooModel, Protocol, RecordId, Value};
use support::{xml, ReplayServer, Reply};

const API_KEY: &str = "ak_versions_test_key";

/// `common.version` as the nightly packages answer it.
fn version_xml(server_version: &str, major: i64) -> Reply {
    let serie = format!("{major}.0");
    Reply::xml(&xml::response(&format!(
        "<struct>\n<member>\n<name>server_version</name>\n<value><string>{server_version}</string></value>\n</member>\n\
         <member>\n<name>server_version_info</name>\n<value><array><data>\n<value><int>{major}</int></value>\n\
         <value><int>0</int></value>\n<value><int>0</int></value>\n<value><string>final</string></value>\n\
         <value><int>0</int></value>\n<value><string></string></value>\n</data></array></value>\n</member>\n\
         <member>\n<name>server_serie</name>\n<value><string>{serie}</string></value>\n</member>\n\
         <member>\n<name>protocol_version</name>\n<value><int>1</int></value>\n</member>\n</struct>"
    )))
}

fn key_client(url: &str, protocol: Option<Protocol>) -> Client {
    let b = Client::builder()
        .url(url)
        .database("odoo17")
        .api_key("admin", API_KEY);
    match protocol {
        Some(p) => b.protocol(p),
        None => b,
    }
    .build()
    .unwrap()
}

fn password_client(url: &str) -> Client {
    Client::builder()
        .url(url)
        .database("odoo17")
        .password("admin", "admin")
        .uid(2)
        .build()
        .unwrap()
}

/// Odoo 17's 404 page for `/json/2/…`.
fn html_404() -> Reply {
    Reply::html(404, "<!DOCTYPE html>\n<html><head><title>Odoo</title></head><body>404: Page not found</body></html>")
}

#[tokio::test]
async fn json2_on_odoo_17_names_the_server_version() {
    let server = ReplayServer::start(vec![html_404(), version_xml("17.0-20240709", 17)]).await;
    let c = key_client(&server.url, Some(Protocol::Json2));
    let e = c
        .call::<i64>(Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])))
        .await
        .expect_err("Odoo 17 has no JSON-2");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
    assert!(
        e.to_string()
            .contains("JSON-2 needs Odoo 19; this server is Odoo 17.0-20240709"),
        "{e}"
    );
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/json/2/res.partner/search_count", "/xmlrpc/2/common"]
    );

    // The version is known now: the next JSON-2 call is refused before it is sent.
    let e = c
        .call::<i64>(Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])))
        .await
        .expect_err("still Odoo 17");
    assert!(
        e.to_string().contains("this server is Odoo 17.0-20240709"),
        "{e}"
    );
    assert_eq!(server.requests().len(), 2, "nothing more was sent");
}

#[tokio::test]
async fn json2_on_odoo_18_stops_at_the_login_redirect_and_names_the_server_version() {
    // The client follows no redirect with credentials (issue 13): the 303 itself is the answer.
    let redirect = Reply::Body {
        status: 303,
        content_type: "text/html; charset=utf-8",
        body: b"<!doctype html>\n<title>Redirecting...</title>".to_vec(),
        headers: vec![(
            "Location",
            "/web/login?redirect=%2Fjson%2F2%2Fres.users%2Fcontext_get%3F".into(),
        )],
    };
    let server = ReplayServer::start(vec![redirect, version_xml("18.0-20250702", 18)]).await;
    let c = key_client(&server.url, Some(Protocol::Json2));
    let e = c.authenticate().await.expect_err("Odoo 18 has no JSON-2");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
    assert!(
        e.to_string()
            .contains("JSON-2 needs Odoo 19; this server is Odoo 18.0-20250702"),
        "{e}"
    );
    assert!(!e.to_string().contains(API_KEY));
}

#[tokio::test]
async fn an_html_answer_to_json2_from_odoo_19_stays_a_transport_error() {
    // A proxy's page in front of a real Odoo 19: the version says JSON-2 exists, so the
    // error is about the answer, not the version.
    let server = ReplayServer::start(vec![
        Reply::html(404, "<html>not here</html>"),
        version_xml("19.0", 19),
    ])
    .await;
    let e = key_client(&server.url, Some(Protocol::Json2))
        .call::<i64>(Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])))
        .await
        .expect_err("a 404 page");
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert_eq!(e.status(), Some(404));
}

#[tokio::test]
async fn the_automatic_choice_takes_xml_rpc_on_odoo_17_and_asks_the_version_once() {
    let server = ReplayServer::start(vec![
        version_xml("17.0-20240709", 17),
        Reply::xml(&xml::response("<int>2</int>")),
        Reply::xml(&xml::response("<int>42</int>")),
    ])
    .await;
    let c = key_client(&server.url, None);
    assert_eq!(c.protocol().await.unwrap(), Protocol::XmlRpc);
    let v = c.clone().version().await.unwrap();
    assert_eq!(v.server_version, "17.0-20240709");
    assert_eq!(v.major(), Some(17));
    let n: i64 = c
        .call(Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])))
        .await
        .unwrap();
    assert_eq!(n, 42);
    let paths: Vec<String> = server.requests().iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        ["/xmlrpc/2/common", "/xmlrpc/2/common", "/xmlrpc/2/object"],
        "version (once, shared by the clone), authenticate, the call"
    );
    assert!(server.requests()[0]
        .body_text()
        .contains("<methodName>version</methodName>"));
    assert!(server.requests()[1]
        .body_text()
        .contains("<methodName>authenticate</methodName>"));
}

#[tokio::test]
async fn api_doc_on_odoo_18_names_the_server_version() {
    let server = ReplayServer::start(vec![html_404(), version_xml("18.0-20250702", 18)]).await;
    let e = key_client(&server.url, Some(Protocol::XmlRpc))
        .api_doc("res.partner")
        .await
        .expect_err("no /doc-bearer on 18");
    assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
    assert!(
        e.to_string().contains(
            "/doc-bearer (the API documentation) needs Odoo 19; this server is Odoo 18.0-20250702"
        ),
        "{e}"
    );
}

#[tokio::test]
async fn copy_on_odoo_17_gives_a_list_of_ids_as_on_19() {
    // Odoo 17's `copy` answers the new id; 18 and 19 a list.
    let server = ReplayServer::start(vec![Reply::xml(&xml::response("<int>77</int>"))]).await;
    let copied: Vec<i64> = password_client(&server.url)
        .call(Call::new("res.partner", "copy").ids([7]))
        .await
        .unwrap();
    assert_eq!(copied, [77]);
    assert_eq!(server.requests().len(), 1, "no version asked for that");
    let server = ReplayServer::start(vec![Reply::xml(&xml::response(
        "<array><data>\n<value><int>78</int></value>\n</data></array>",
    ))])
    .await;
    let copied: Vec<i64> = password_client(&server.url)
        .call(Call::new("res.partner", "copy").ids([7]))
        .await
        .unwrap();
    assert_eq!(copied, [78]);
}

fn traceback(class: &str, message: &str) -> String {
    format!("Traceback (most recent call last):\n  File \"/odoo/api.py\", line 1, in call_kw\n    x\n{class}: {message}\n")
}

#[tokio::test]
async fn a_method_of_odoo_19_called_on_17_says_which_versions_have_it() {
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::fault(
            "<int>1</int>",
            &traceback(
                "AttributeError",
                "The method 'formatted_read_group' does not exist on the model 'res.partner'",
            ),
        )),
        version_xml("17.0-20240709", 17),
    ])
    .await;
    let e = password_client(&server.url)
        .call::<Value>(
            Call::new("res.partner", "formatted_read_group").arg("groupby", ["country_id"]),
        )
        .await
        .expect_err("not on 17");
    assert_eq!(e.kind(), ErrorKind::ServerError);
    assert_eq!(
        e.server_message(),
        Some("The method 'formatted_read_group' does not exist on the model 'res.partner'"),
        "the server's message is kept"
    );
    assert!(
        e.to_string().contains(
            "`formatted_read_group` can be called on Odoo 19 and later; this server is Odoo 17.0-20240709: call `read_group`"
        ),
        "{e}"
    );
}

/// What `odoo-codegen` generates from Odoo 19 for `ir.model.fields`, cut to three fields:
/// `company_dependent` is no column on Odoo 17.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields", odoo_version = "19.0")]
#[allow(dead_code)]
struct IrModelFields19 {
    id: RecordId<IrModelFields19>,
    name: Option<String>,
    company_dependent: bool,
}

/// The same, written by hand: no version, no note.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields")]
#[allow(dead_code)]
struct IrModelFieldsByHand {
    id: RecordId<IrModelFieldsByHand>,
    name: Option<String>,
    company_dependent: bool,
}

fn invalid_field_fault() -> Reply {
    Reply::xml(&xml::fault(
        "<int>1</int>",
        &traceback(
            "ValueError",
            "Invalid field 'company_dependent' on model 'ir.model.fields'",
        ),
    ))
}

#[tokio::test]
async fn bindings_from_odoo_19_on_17_name_the_field_and_both_versions() {
    assert_eq!(IrModelFields19::ODOO_VERSION, Some("19.0"));
    assert_eq!(IrModelFieldsByHand::ODOO_VERSION, None);
    let server = ReplayServer::start(vec![
        invalid_field_fault(),
        version_xml("17.0-20240709", 17),
    ])
    .await;
    let c = password_client(&server.url);
    let e = c
        .search_read::<IrModelFields19>(odoo_runtime::Domain::all())
        .limit(1)
        .await
        .expect_err("no company_dependent on 17");
    let text = e.to_string();
    assert!(text.contains("Invalid field 'company_dependent'"), "{text}");
    assert!(
        text.contains("bindings generated from Odoo 19.0; the server is Odoo 17.0-20240709"),
        "{text}"
    );
    assert_eq!(e.kind(), ErrorKind::ServerError);

    // Hand-written structs name no version: the error stays the server's, and no version is
    // asked for it.
    let server = ReplayServer::start(vec![invalid_field_fault()]).await;
    let e = password_client(&server.url)
        .search_read::<IrModelFieldsByHand>(odoo_runtime::Domain::all())
        .await
        .expect_err("no company_dependent on 17");
    assert!(!e.to_string().contains("bindings generated"), "{e}");
    assert_eq!(server.requests().len(), 1);
}

/// Generated from Odoo 17, where `ir.model.fields.translate` is a boolean; Odoo 19 answers
/// `"standard"`.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields", odoo_version = "17.0-20240709")]
#[allow(dead_code)]
struct IrModelFields17 {
    id: RecordId<IrModelFields17>,
    name: Option<String>,
    translate: bool,
}

#[tokio::test]
async fn bindings_from_odoo_17_on_19_fail_to_decode_with_the_field_and_both_versions() {
    let rows = "<array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>5</int></value>\n</member>\n\
        <member>\n<name>name</name>\n<value><string>name</string></value>\n</member>\n\
        <member>\n<name>translate</name>\n<value><string>standard</string></value>\n</member>\n</struct></value>\n</data></array>";
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response(rows)),
        version_xml("19.0", 19),
    ])
    .await;
    let e = password_client(&server.url)
        .search_read::<IrModelFields17>(odoo_runtime::Domain::all())
        .await
        .expect_err("a selection is no boolean");
    assert_eq!(e.kind(), ErrorKind::Decode, "{e:?}");
    let ctx = e.decode_context().expect("where");
    assert_eq!(ctx.field.as_deref(), Some("translate"));
    assert!(
        e.to_string()
            .contains("bindings generated from Odoo 17.0-20240709; the server is Odoo 19.0"),
        "{e}"
    );
}
