//! The client over real HTTP on loopback against a replay server: JSON-RPC and JSON-2.

use crate::support;

use odoo_runtime::{Call, Client, ErrorKind, Protocol, Value};
use support::{ReplayServer, Reply};

const PASSWORD: &str = "s3cr3t-Passw0rd-never-shown";
const API_KEY: &str = "ak_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

fn json2(url: &str) -> Client {
    Client::builder()
        .url(url)
        .database("odoo19")
        .api_key("admin", API_KEY)
        .protocol(Protocol::Json2)
        .context("lang", "en_US")
        .build()
        .unwrap()
}

fn jsonrpc(url: &str) -> Client {
    Client::builder()
        .url(url)
        .database("odoo19")
        .password("admin", PASSWORD)
        .protocol(Protocol::JsonRpc)
        .build()
        .unwrap()
}

fn error_body(name: &str, message: &str) -> String {
    serde_json::json!({
        "name": name, "message": message, "arguments": [message], "context": {},
        "debug": format!("Traceback (most recent call last):\n  File \"x.py\", line 1\n{name}: {message}\n"),
    })
    .to_string()
}

#[tokio::test]
async fn json2_posts_named_arguments_with_bearer_and_database() {
    let server = ReplayServer::start(vec![Reply::json(
        200,
        r#"[{"id": 3, "name": "Azure", "email": false}]"#,
    )])
    .await;
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: String,
        email: Option<String>,
    }
    let rows: Vec<Row> = json2(&server.url)
        .call(
            Call::new("res.partner", "read")
                .ids([3])
                .arg("fields", ["name", "email"])
                .context_value("tz", "UTC"),
        )
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![Row {
            id: 3,
            name: "Azure".into(),
            email: None
        }]
    );
    let req = &server.requests()[0];
    assert_eq!(req.path, "/json/2/res.partner/read");
    assert_eq!(
        req.header("authorization"),
        Some(format!("bearer {API_KEY}").as_str())
    );
    assert_eq!(req.header("x-odoo-database"), Some("odoo19"));
    let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap();
    assert_eq!(body["ids"], serde_json::json!([3]));
    assert_eq!(body["fields"], serde_json::json!(["name", "email"]));
    assert_eq!(
        body["context"],
        serde_json::json!({"lang": "en_US", "tz": "UTC"})
    );
}

#[tokio::test]
async fn json2_model_methods_send_no_ids() {
    let server = ReplayServer::start(vec![Reply::json(200, "[12, 13]")]).await;
    let ids: Vec<i64> = json2(&server.url)
        .call(Call::new("res.partner", "create").arg(
            "vals_list",
            vec![[("name", "A")].into_iter().collect::<Value>()],
        ))
        .await
        .unwrap();
    assert_eq!(ids, [12, 13]);
    let body: serde_json::Value = serde_json::from_slice(&server.requests()[0].body).unwrap();
    assert!(body.get("ids").is_none());
    assert_eq!(body["vals_list"][0]["name"], "A");
}

#[tokio::test]
async fn json2_null_result_is_unit() {
    let server = ReplayServer::start(vec![Reply::json(200, "null")]).await;
    let v: Value = json2(&server.url)
        .call(Call::new("res.partner", "action_archive").ids([1]))
        .await
        .unwrap();
    assert_eq!(v, Value::Nil);
}

/// Odoo's JSON-RPC leaves `result` out when the method returns None (as the real Odoo 19
/// answers `action_archive`): that is `null`, not a malformed answer.
#[tokio::test]
async fn jsonrpc_answer_without_result_is_none() {
    let server = ReplayServer::start(vec![
        Reply::json(200, r#"{"jsonrpc": "2.0", "id": 1}"#),
        Reply::json(200, r#"{"jsonrpc": "2.0", "id": 2}"#),
    ])
    .await;
    let c = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .password("admin", PASSWORD)
        .protocol(Protocol::JsonRpc)
        .uid(2)
        .build()
        .unwrap();
    let archive = || Call::new("res.partner", "action_archive").ids([1]);
    assert_eq!(c.call::<Value>(archive()).await.unwrap(), Value::Nil);
    let e = c.call::<bool>(archive()).await.unwrap_err();
    assert_eq!(e.kind(), odoo_runtime::ErrorKind::Decode, "{e}");
    assert!(e.to_string().contains("expected a boolean"), "{e}");
}

async fn json2_error(status: u16, name: &str, message: &str) -> odoo_runtime::Error {
    let server = ReplayServer::start(vec![Reply::json(status, &error_body(name, message))]).await;
    json2(&server.url)
        .call::<Value>(Call::new("res.partner", "search").arg("domain", Vec::<Value>::new()))
        .await
        .unwrap_err()
}

#[tokio::test]
async fn json2_statuses_map_to_the_xmlrpc_kinds_and_keep_the_class() {
    let cases = [
        (
            401,
            "werkzeug.exceptions.Unauthorized",
            "Invalid apikey",
            ErrorKind::AccessDenied,
        ),
        (
            403,
            "odoo.exceptions.AccessError",
            "You are not allowed to modify 'Contact' (res.partner) records.",
            ErrorKind::AccessError,
        ),
        (
            404,
            "werkzeug.exceptions.NotFound",
            "the model 'no.such.model' does not exist",
            ErrorKind::UserError,
        ),
        (
            404,
            "werkzeug.exceptions.NotFound",
            "The method 'res.partner.nope' does not exist",
            ErrorKind::ServerError,
        ),
        (
            409,
            "odoo.exceptions.ConcurrencyError",
            "could not serialize access",
            ErrorKind::UserError,
        ),
        (
            422,
            "odoo.exceptions.ValidationError",
            "The operation cannot be completed: Missing required value",
            ErrorKind::UserError,
        ),
        (
            422,
            "odoo.exceptions.MissingError",
            "Record does not exist or has been deleted.",
            ErrorKind::MissingRecord,
        ),
        (
            422,
            "werkzeug.exceptions.UnprocessableEntity",
            "cannot call res.partner.create with ids",
            ErrorKind::UserError,
        ),
        (
            500,
            "builtins.ValueError",
            "Invalid field 'nope' on 'res.partner'",
            ErrorKind::ServerError,
        ),
    ];
    for (status, name, message, kind) in cases {
        let e = json2_error(status, name, message).await;
        assert_eq!(e.kind(), kind, "{status} {name}: {e:?}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.exception_class(), Some(name));
        assert_eq!(e.server_message(), Some(message));
        assert!(e.traceback().unwrap().starts_with("Traceback"));
    }
}

/// A JSON-2 error body may be a bare JSON string: the message, typed by the status.
#[tokio::test]
async fn json2_error_as_a_bare_string_is_typed_by_its_status() {
    for (status, kind) in [
        (401, ErrorKind::AccessDenied),
        (403, ErrorKind::AccessError),
        (422, ErrorKind::UserError),
        (500, ErrorKind::ServerError),
    ] {
        let server =
            ReplayServer::start(vec![Reply::json(status, r#""the key is not valid""#)]).await;
        let e = json2(&server.url)
            .call::<Value>(Call::new("res.partner", "search"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), kind, "{status}: {e:?}");
        assert_eq!(e.status(), Some(status));
        assert_eq!(e.server_message(), Some("the key is not valid"));
    }
}

#[tokio::test]
async fn json2_proxy_page_is_a_transport_error() {
    let server = ReplayServer::start(vec![Reply::html(
        502,
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
    )])
    .await;
    let e = json2(&server.url)
        .call::<Value>(Call::new("res.partner", "search"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert_eq!(e.status(), Some(502));
    assert!(e.to_string().contains("Bad Gateway"), "{e}");

    let server = ReplayServer::start(vec![Reply::html(200, "<html>maintenance</html>")]).await;
    let e = json2(&server.url)
        .call::<Value>(Call::new("res.partner", "search"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
    assert!(e.to_string().contains("not JSON-2"), "{e}");
}

#[tokio::test]
async fn jsonrpc_version_authenticate_and_execute_kw() {
    let server = ReplayServer::start(vec![
        Reply::json(200, r#"{"jsonrpc": "2.0", "id": 1, "result": {"server_version": "19.0", "server_version_info": [19, 0, 0, "final", 0, ""], "server_serie": "19.0", "protocol_version": 1}}"#),
        Reply::json(200, r#"{"jsonrpc": "2.0", "id": 2, "result": 2}"#),
        Reply::json(200, r#"{"jsonrpc": "2.0", "id": 3, "result": [{"id": 1, "parent_id": false, "country_id": [21, "Belgium"]}]}"#),
    ])
    .await;
    let c = jsonrpc(&server.url);
    assert_eq!(c.version().await.unwrap().major(), Some(19));
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        parent_id: Option<(i64, String)>,
        country_id: Option<(i64, String)>,
    }
    let rows: Vec<Row> = c
        .call(Call::new("res.partner", "search_read").arg("fields", ["parent_id", "country_id"]))
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![Row {
            id: 1,
            parent_id: None,
            country_id: Some((21, "Belgium".into()))
        }]
    );
    let reqs = server.requests();
    assert!(reqs.iter().all(|r| r.path == "/jsonrpc"));
    let body: serde_json::Value = serde_json::from_slice(&reqs[2].body).unwrap();
    assert_eq!(body["method"], "call");
    assert_eq!(body["params"]["service"], "object");
    assert_eq!(body["params"]["method"], "execute_kw");
    let args = &body["params"]["args"];
    assert_eq!(args[0], "odoo19");
    assert_eq!(args[1], 2);
    assert_eq!(args[3], "res.partner");
    assert_eq!(
        args[6]["fields"],
        serde_json::json!(["parent_id", "country_id"])
    );
}

#[tokio::test]
async fn jsonrpc_errors_carry_the_class_from_error_data() {
    let missing = serde_json::json!({"jsonrpc": "2.0", "id": 2, "error": {"code": 0, "message": "Odoo Server Error", "data": {
        "name": "odoo.exceptions.MissingError", "message": "Record does not exist or has been deleted.",
        "arguments": [], "context": {}, "debug": "Traceback …"}}});
    let denied = serde_json::json!({"jsonrpc": "2.0", "id": 1, "error": {"code": 0, "message": "Odoo Server Error", "data": {
        "name": "odoo.exceptions.AccessDenied", "message": "Access Denied", "arguments": [], "context": {}, "debug": ""}}});
    let server = ReplayServer::start(vec![
        Reply::json(200, r#"{"jsonrpc":"2.0","id":1,"result":2}"#),
        Reply::json(200, &missing.to_string()),
    ])
    .await;
    let e = jsonrpc(&server.url)
        .call::<Value>(
            Call::new("res.partner", "write")
                .ids([10081])
                .arg("vals", Value::Struct(Default::default())),
        )
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRecord);
    assert_eq!(e.exception_class(), Some("odoo.exceptions.MissingError"));

    let server = ReplayServer::start(vec![Reply::json(200, &denied.to_string())]).await;
    let e = jsonrpc(&server.url).authenticate().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(!format!("{e} {e:?}").contains(PASSWORD));
}

/// Odoo answers 415 with a werkzeug HTML page when a request's `Content-Type` does not match
/// the route (a proxy that rewrote it): a transport error with the status and what to check.
#[tokio::test]
async fn json2_415_says_the_content_type_was_not_taken() {
    let page = "<!doctype html>\n<html lang=en>\n<title>415 Unsupported Media Type</title>\n<h1>Unsupported Media Type</h1>\n<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/json/2/&lt;__model__&gt;/&lt;__method__&gt;&#39; is type=&#39;json2&#39;.<br><br>Please verify the Content-Type request header and try again.</p>\n";
    for client in [json2 as fn(&str) -> Client, jsonrpc] {
        let server = ReplayServer::start(vec![Reply::html(415, page)]).await;
        let e = client(&server.url)
            .call::<Value>(Call::new("res.partner", "search"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Transport, "{e:?}");
        assert_eq!(e.status(), Some(415));
        let text = e.to_string();
        assert!(text.contains("Content-Type"), "{text}");
        assert!(text.contains("proxy"), "{text}");
    }
}

/// The server's traceback (JSON's `debug`) is logged at TRACE only: at DEBUG the failed call
/// is logged with its error, without the server's files and code.
#[tokio::test]
async fn the_server_traceback_is_logged_at_trace_only() {
    for (level, shown) in [
        (tracing::Level::DEBUG, false),
        (tracing::Level::TRACE, true),
    ] {
        let (sink, _guard) = odoo_tests::logs::capture(level);
        let body = error_body("builtins.ValueError", "Invalid field 'nope'");
        let server = ReplayServer::start(vec![Reply::json(500, &body)]).await;
        let e = json2(&server.url)
            .call::<Value>(Call::new("res.partner", "search"))
            .await
            .unwrap_err();
        assert!(e.traceback().is_some());
        let logs = sink.text();
        assert!(logs.contains("odoo call failed"), "{level}: {logs}");
        assert_eq!(logs.contains("File \\\"x.py\\\""), shown, "{level}: {logs}");
    }
}
