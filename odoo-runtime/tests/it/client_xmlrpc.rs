//! The client over real HTTP on loopback against a replay server: XML-RPC.

use crate::support;

use std::time::{Duration, Instant};

use odoo_runtime::{Call, Client, ErrorKind, Protocol, Value};
use support::{xml, ReplayServer, Reply};

const PASSWORD: &str = "s3cr3t-Passw0rd-never-shown";
const API_KEY: &str = "ak_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

fn client(url: &str) -> Client {
    Client::builder()
        .url(url)
        .database("odoo19")
        .password("admin", PASSWORD)
        .context("lang", "en_US")
        .timeout(Duration::from_secs(5))
        .build()
        .expect("valid settings")
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(PASSWORD), "password leaked: {text}");
    assert!(!text.contains(API_KEY), "API key leaked: {text}");
}

#[tokio::test]
async fn version_needs_no_authentication() {
    let server = ReplayServer::start(vec![Reply::xml(&xml::version())]).await;
    let v = client(&server.url).version().await.unwrap();
    assert_eq!(v.server_version, "19.0");
    assert_eq!(v.major(), Some(19));
    assert_eq!(v.protocol_version, 1);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, "/xmlrpc/2/common");
    assert!(reqs[0]
        .body_text()
        .contains("<methodName>version</methodName>"));
    assert_no_secret(&reqs[0].body_text());
}

#[tokio::test]
async fn authenticate_caches_the_uid() {
    let server = ReplayServer::start(vec![Reply::xml(&xml::response("<int>2</int>"))]).await;
    let c = client(&server.url);
    assert_eq!(c.authenticate().await.unwrap(), 2);
    assert_eq!(c.clone().authenticate().await.unwrap(), 2);
    let reqs = server.requests();
    assert_eq!(reqs.len(), 1, "the uid is cached across clones");
    let body = reqs[0].body_text();
    assert!(body.contains("<methodName>authenticate</methodName>"));
    assert!(body.contains("<string>odoo19</string>") && body.contains("<string>admin</string>"));
}

#[tokio::test]
async fn bad_password_is_access_denied_naming_login_and_database() {
    let server =
        ReplayServer::start(vec![Reply::xml(&xml::response("<boolean>0</boolean>"))]).await;
    let err = client(&server.url).authenticate().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AccessDenied);
    let text = err.to_string();
    assert!(
        text.contains("`admin`") && text.contains("`odoo19`"),
        "{text}"
    );
    assert_no_secret(&text);
    assert_no_secret(&format!("{err:?}"));
}

#[tokio::test]
async fn unknown_database_is_a_server_error_with_its_class() {
    let tb = "Traceback (most recent call last):\n  File \"/opt/odoo/src/odoo/orm/registry.py\", line 118, in __new__\n    return cls.registries[db_name]\nKeyError: 'no_such_db'\n";
    let server = ReplayServer::start(vec![Reply::xml(&xml::fault("<int>1</int>", tb))]).await;
    let err = client(&server.url).authenticate().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ServerError);
    assert_eq!(err.exception_class(), Some("KeyError"));
    assert_eq!(err.server_message(), Some("'no_such_db'"));
    assert!(err.traceback().unwrap().contains("registry.py"));
}

/// `execute_kw(db, uid, password, model, method, args, kwargs)`, the args as given and the
/// default context added to the kwargs.
#[tokio::test]
async fn execute_kw_sends_db_uid_secret_args_and_kwargs_with_the_default_context() {
    let read = xml::response(
        "<array><data>\n<value><struct>\n<member>\n<name>id</name>\n<value><int>9</int></value>\n</member>\n<member>\n<name>name</name>\n<value><string>Acme &amp; Co</string></value>\n</member>\n<member>\n<name>email</name>\n<value><boolean>0</boolean></value>\n</member>\n</struct></value>\n</data></array>",
    );
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        Reply::xml(&read),
    ])
    .await;
    let c = client(&server.url);

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Row {
        id: i64,
        name: String,
        email: Option<String>,
    }
    let rows: Vec<Row> = c
        .execute_kw(
            "res.partner",
            "read",
            (vec![9],),
            [("fields", vec!["name", "email"])]
                .into_iter()
                .collect::<Value>(),
        )
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![Row {
            id: 9,
            name: "Acme & Co".into(),
            email: None
        }]
    );

    let reqs = server.requests();
    assert_eq!(reqs.len(), 2);
    assert_eq!(reqs[1].path, "/xmlrpc/2/object");
    let (method, params) = odoo_runtime::xmlrpc::decode_call(&reqs[1].body).unwrap();
    assert_eq!(method, "execute_kw");
    let kwargs: Value = [
        ("fields", Value::from(vec!["name", "email"])),
        ("context", [("lang", "en_US")].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    assert_eq!(
        params,
        [
            Value::from("odoo19"),
            2.into(),
            PASSWORD.into(),
            "res.partner".into(),
            "read".into(),
            Value::from(vec![Value::from(vec![9])]),
            kwargs,
        ]
    );
}

/// A method outside the calling-convention table: ids first, every parameter by keyword.
#[tokio::test]
async fn call_of_another_method_sends_ids_first_and_params_by_keyword() {
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        Reply::xml(&xml::response("<boolean>1</boolean>")),
    ])
    .await;
    let c = client(&server.url);
    let ok: bool = c
        .call(
            Call::new("sale.order", "action_confirm")
                .ids([7, 8])
                .arg("send_mail", false)
                .context_value("tz", "Europe/Brussels"),
        )
        .await
        .unwrap();
    assert!(ok);
    let (method, params) = odoo_runtime::xmlrpc::decode_call(&server.requests()[1].body).unwrap();
    assert_eq!(method, "execute_kw");
    assert_eq!(params[3], Value::from("sale.order"));
    assert_eq!(params[4], Value::from("action_confirm"));
    assert_eq!(
        params[5],
        Value::Array(vec![Value::Array(vec![7.into(), 8.into()])])
    );
    assert_eq!(params[6]["send_mail"], Value::from(false));
    assert_eq!(params[6]["context"]["tz"], Value::from("Europe/Brussels"));
    assert_eq!(
        params[6]["context"]["lang"],
        Value::from("en_US"),
        "default context is merged"
    );
}

async fn fault_kind(code: &str, message: &str) -> odoo_runtime::Error {
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        Reply::xml(&xml::fault(code, message)),
    ])
    .await;
    client(&server.url)
        .execute_kw::<Value>("res.partner", "read", (vec![1],), Value::Nil)
        .await
        .unwrap_err()
}

#[tokio::test]
async fn each_fault_code_maps_to_its_kind() {
    let e = fault_kind("<int>2</int>", "The operation cannot be completed: Missing required value for the field 'Country' (country_id).").await;
    assert_eq!(e.kind(), ErrorKind::UserError);
    assert!(e
        .server_message()
        .unwrap()
        .starts_with("The operation cannot be completed"));

    let e = fault_kind(
        "<int>2</int>",
        "Record does not exist or has been deleted.\n(Record: res.partner(10081,), User: 2)",
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::MissingRecord);

    let e = fault_kind("<int>3</int>", "Access Denied").await;
    assert_eq!(e.kind(), ErrorKind::AccessDenied);

    let e = fault_kind(
        "<int>4</int>",
        "Private methods (such as '_x') cannot be called remotely.",
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::AccessError);

    let e = fault_kind(
        "<int>1</int>",
        "Traceback (most recent call last):\n  File \"/opt/odoo/src/odoo/orm/models.py\", line 1, in read\nValueError: Invalid field 'nope' on 'res.partner'\n",
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::ServerError);
    assert_eq!(e.exception_class(), Some("ValueError"));
    assert_eq!(
        e.server_message(),
        Some("Invalid field 'nope' on 'res.partner'")
    );

    let e = fault_kind(
        "<string>warning -- MissingError\n\nRecord does not exist or has been deleted.</string>",
        "",
    )
    .await;
    assert_eq!(e.kind(), ErrorKind::MissingRecord);
    assert_eq!(e.exception_class(), Some("MissingError"));
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_in_time() {
    let server = ReplayServer::start(vec![Reply::Hang]).await;
    let c = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .password("admin", PASSWORD)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = c.version().await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let err = client(&url).version().await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Transport);
}

#[tokio::test]
async fn a_proxy_error_page_is_a_transport_error_with_an_excerpt() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
    let server = ReplayServer::start(vec![Reply::html(502, page)]).await;
    let err = client(&server.url).version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.status(), Some(502));
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[tokio::test]
async fn an_html_page_with_status_200_is_not_taken_for_xml_rpc() {
    let server = ReplayServer::start(vec![Reply::html(
        200,
        "<!DOCTYPE html><html><body>Login</body></html>",
    )])
    .await;
    let err = client(&server.url).version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.to_string().contains("not XML-RPC"), "{err}");
}

#[tokio::test]
async fn a_truncated_body_is_an_error() {
    let full = xml::version();
    let server = ReplayServer::start(vec![Reply::Truncated {
        declared: full.len(),
        body: full.as_bytes()[..full.len() / 2].to_vec(),
    }])
    .await;
    let err = client(&server.url).version().await.unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Decode),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_connection_reset_mid_body_is_a_transport_error() {
    let full = xml::version();
    let server = ReplayServer::start(vec![Reply::Reset {
        body: full.as_bytes()[..full.len() / 3].to_vec(),
    }])
    .await;
    let err = client(&server.url).version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused() {
    let big = xml::response(&format!("<string>{}</string>", "x".repeat(10_000)));
    let server = ReplayServer::start(vec![Reply::xml(&big)]).await;
    let c = Client::builder()
        .url(&server.url)
        .database("d")
        .password("admin", PASSWORD)
        .max_response_bytes(1000)
        .build()
        .unwrap();
    let err = c.version().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.to_string().contains("exceeds the limit"), "{err}");
}

#[tokio::test]
async fn protocol_is_picked_from_the_server_version_with_an_api_key() {
    let server = ReplayServer::start(vec![Reply::xml(&xml::version())]).await;
    let c = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .api_key("admin", API_KEY)
        .build()
        .unwrap();
    assert_eq!(c.protocol().await.unwrap(), Protocol::Json2);
    let password_client = client(&server.url);
    assert_eq!(password_client.protocol().await.unwrap(), Protocol::XmlRpc);
    assert_eq!(server.requests().len(), 1, "a password client never asks");
}

/// `https://` takes the `rustls` feature (on by default; the workspace's tests build with it),
/// or a client of the caller's own: without either, the builder says which feature, instead of
/// reqwest's "scheme is not http" at the first call.
#[test]
fn https_takes_the_rustls_feature_or_a_client_of_ones_own() {
    let built = Client::builder()
        .url("https://mycompany.odoo.com")
        .database("d")
        .password("a", "b")
        .build();
    if cfg!(feature = "rustls") {
        built.expect("https with rustls");
    } else {
        let err = built.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Builder);
        assert!(err.to_string().contains("`rustls` feature"), "{err}");
    }
    Client::builder()
        .url("https://mycompany.odoo.com")
        .database("d")
        .password("a", "b")
        .http_client(reqwest::Client::new())
        .build()
        .expect("the caller's client decides about TLS");
}

#[test]
fn builder_reports_every_bad_input_at_build() {
    let err = Client::builder().build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Builder);
    let text = err.to_string();
    assert!(
        text.contains("no URL") && text.contains("no database") && text.contains("no credentials"),
        "{text}"
    );

    let err = Client::builder()
        .url("ftp://x")
        .database("d")
        .password("a", "b")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("ftp"), "{err}");
    let err = Client::builder()
        .url("not a url")
        .database("d")
        .password("a", "b")
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("invalid URL"), "{err}");
    let err = Client::builder()
        .url("http://x")
        .database("d")
        .password("a", PASSWORD)
        .protocol(Protocol::Json2)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("API key"), "{err}");
    assert_no_secret(&format!("{err} {err:?}"));
    let err = Client::builder()
        .url(format!("http://admin:{PASSWORD}@x"))
        .database("d")
        .password("a", PASSWORD)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("credentials"), "{err}");
    assert_no_secret(&format!("{err} {err:?}"));
}

#[test]
fn debug_and_display_never_show_secrets() {
    let b = Client::builder()
        .url("http://localhost:8069")
        .database("odoo19")
        .password("admin", PASSWORD);
    assert_no_secret(&format!("{b:?}"));
    let c = b.build().unwrap();
    assert_no_secret(&format!("{c:?}"));
    let k = Client::builder()
        .url("http://localhost:8069")
        .database("odoo19")
        .api_key("admin", API_KEY);
    assert_no_secret(&format!("{k:?}"));
    assert_no_secret(&format!("{:?}", k.build().unwrap()));
}

fn with_retry_after(status: u16, seconds: &str) -> Reply {
    Reply::Body {
        status,
        content_type: "text/html",
        body: b"<html>busy</html>".to_vec(),
        headers: vec![("Retry-After", seconds.to_owned())],
    }
}

#[tokio::test]
async fn a_429_with_retry_after_is_retried_for_any_method() {
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        with_retry_after(429, "0"),
        Reply::xml(&xml::response(
            "<array><data>\n<value><int>42</int></value>\n</data></array>",
        )),
    ])
    .await;
    let ids: Vec<i64> = client(&server.url)
        .call(Call::new("res.partner", "create").arg(
            "vals_list",
            vec![[("name", "A")].into_iter().collect::<Value>()],
        ))
        .await
        .unwrap();
    assert_eq!(ids, [42]);
    assert_eq!(
        server.requests().len(),
        3,
        "authenticate, the refused create, the create"
    );
}

#[tokio::test]
async fn a_503_is_retried_for_reads_but_never_for_writes() {
    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        with_retry_after(503, "0"),
        Reply::xml(&xml::response("<int>7</int>")),
    ])
    .await;
    let c = client(&server.url);
    let n: i64 = c
        .call(Call::new("res.partner", "search_count").arg("domain", Vec::<Value>::new()))
        .await
        .unwrap();
    assert_eq!(n, 7);
    assert_eq!(server.requests().len(), 3);

    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        with_retry_after(503, "0"),
    ])
    .await;
    let e = client(&server.url)
        .call::<bool>(
            Call::new("res.partner", "write")
                .ids([1])
                .arg("vals", [("name", "B")].into_iter().collect::<Value>()),
        )
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(server.requests().len(), 2, "the write was sent once");
}

#[tokio::test]
async fn retries_stop_after_the_configured_count() {
    let server = ReplayServer::start(vec![with_retry_after(503, "0")]).await;
    let c = Client::builder()
        .url(&server.url)
        .database("d")
        .password("admin", PASSWORD)
        .retries(3)
        .build()
        .unwrap();
    let e = c.version().await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(server.requests().len(), 4, "one try and three retries");
}

/// With every log at TRACE, a whole session on the wire never prints a secret.
#[tokio::test]
async fn trace_logs_never_contain_secrets() {
    let (sink, _guard) = odoo_tests::logs::capture(tracing::Level::TRACE);

    let server = ReplayServer::start(vec![
        Reply::xml(&xml::response("<int>2</int>")),
        Reply::xml(&xml::response("<int>5</int>")),
        Reply::xml(&xml::fault("<int>3</int>", "Access Denied")),
    ])
    .await;
    let c = client(&server.url);
    let _: i64 = c
        .call(Call::new("res.partner", "search_count").arg("domain", Vec::<Value>::new()))
        .await
        .unwrap();
    let e = c
        .call::<i64>(Call::new("res.partner", "search_count"))
        .await
        .unwrap_err();
    let key_client = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .api_key("admin", API_KEY)
        .protocol(Protocol::Json2)
        .build()
        .unwrap();
    let _ = key_client
        .call::<Value>(Call::new("res.partner", "search"))
        .await;
    let logs = sink.text();
    assert!(logs.contains("odoo call"), "the calls were traced: {logs}");
    assert_no_secret(&logs);
    assert_no_secret(&format!("{e} {e:?}"));
}
