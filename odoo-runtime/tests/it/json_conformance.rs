//! Conformance with a real Odoo 19: every recorded JSON-2 and JSON-RPC exchange, replayed over
//! HTTP to the client, is decoded or mapped to the right error kind with the class kept.
//!
//! Reads the recordings from `$ODOO_RECORDINGS` (`.ci/run` sets it): the tests are ignored
//! without it and fail when it is set but the files are missing.

use crate::support;

use odoo_runtime::{Call, Client, ErrorKind, Map, Protocol, Value};
use odoo_tests::recordings;
use support::{ReplayServer, Reply};

fn exchanges(
    dir: &std::path::Path,
    prefix: &str,
) -> Vec<(String, serde_json::Value, serde_json::Value)> {
    let index = recordings::json(dir, "index.json");
    let mut out = Vec::new();
    for entry in index.as_array().expect("index is a list") {
        let file = entry["file"].as_str().expect("file");
        if let Some(name) = file.strip_prefix(prefix) {
            let req = recordings::json(dir, &format!("{file}.request.json"));
            let resp = recordings::json(dir, &format!("{file}.response.json"));
            out.push((name.to_owned(), req, resp));
        }
    }
    out
}

/// The kind a recorded JSON-2 error must map onto.
fn expected_kind(status: u64, class: &str, message: &str) -> ErrorKind {
    match (status, class.rsplit('.').next().unwrap_or(class)) {
        (401, _) => ErrorKind::AccessDenied,
        (403, _) => ErrorKind::AccessError,
        (404, _) if message.contains("model") => ErrorKind::UserError,
        (_, "MissingError") => ErrorKind::MissingRecord,
        (422, _) => ErrorKind::UserError,
        _ => ErrorKind::ServerError,
    }
}

fn reply_for(resp: &serde_json::Value) -> Reply {
    let status = resp["status"].as_u64().expect("status") as u16;
    let body = match &resp["body"] {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let headers = resp["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("www-authenticate"))
                .map(|(_, v)| ("WWW-Authenticate", v.as_str().unwrap_or("").to_owned()))
                .collect()
        })
        .unwrap_or_default();
    Reply::Body {
        status,
        content_type: "application/json; charset=utf-8",
        body: body.into_bytes(),
        headers,
    }
}

#[tokio::test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
async fn every_json2_recording_decodes_or_maps_to_its_error_kind() {
    let dir = recordings::dir();
    let mut checked = 0;
    let mut not_applicable = Vec::new();
    for (name, req, resp) in exchanges(&dir, "json2/") {
        let path = req["path"].as_str().unwrap_or("");
        let server = ReplayServer::start(vec![reply_for(&resp)]).await;
        let client = Client::builder()
            .url(&server.url)
            .database("odoo19")
            .api_key("admin", "test-key-not-recorded")
            .protocol(Protocol::Json2)
            .build()
            .unwrap();
        let result: Result<Value, _> = if let Some(rest) = path.strip_prefix("/json/2/") {
            let Some((model, method)) = rest.split_once('/') else {
                not_applicable.push(format!("{name}: {path} names no method"));
                continue;
            };
            let Some(body) = req["body"].as_object() else {
                // 023: a body that is not JSON cannot be produced by a typed client; the
                // client's handling of the 400 answer is still checked through a JSON body.
                let call = Call::new(model, method);
                let outcome = client.call::<Value>(call).await;
                check_error(&name, &resp, outcome.map(|_| ()).unwrap_err());
                checked += 1;
                continue;
            };
            let mut call = Call::new(model, method);
            for (k, v) in body {
                match k.as_str() {
                    "ids" => {
                        call = call.ids(v.as_array().unwrap().iter().filter_map(|i| i.as_i64()))
                    }
                    "context" => {
                        if let Value::Struct(m) = Value::from(v.clone()) {
                            call = call.context(m);
                        }
                    }
                    _ => call = call.arg_value(k.clone(), Value::from(v.clone())),
                }
            }
            client.call(call).await
        } else if let Some(model) = path
            .strip_prefix("/doc-bearer/")
            .and_then(|p| p.strip_suffix(".json"))
        {
            if model == "index" {
                not_applicable.push(format!(
                    "{name}: the api_doc model index is not part of the client API"
                ));
                continue;
            }
            match client.api_doc(model).await {
                Ok(m) => {
                    assert_eq!(m.model, "res.partner", "{name}");
                    assert!(m.fields.len() > 100, "{name}: {} fields", m.fields.len());
                    assert!(m.methods["create"].is_model_method(), "{name}");
                    assert!(
                        m.methods["search_read"].parameters.contains_key("domain"),
                        "{name}"
                    );
                    checked += 1;
                    continue;
                }
                Err(e) => panic!("{name}: {e:?}"),
            }
        } else {
            // `GET /json/2` (025) is not a method call: the client never sends it. The mapping
            // of its 404 body is a unit test of `json::error`.
            not_applicable.push(format!(
                "{name}: `GET /json/2` is not a method call (status {})",
                resp["status"]
            ));
            continue;
        };
        let status = resp["status"].as_u64().unwrap();
        if status == 200 {
            let value = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
            assert_eq!(value, Value::from(resp["body"].clone()), "{name}");
        } else {
            check_error(&name, &resp, result.unwrap_err());
        }
        checked += 1;
    }
    println!(
        "JSON-2 conformance: {checked} recordings checked; not applicable: {not_applicable:#?}"
    );
    assert!(checked >= 28, "only {checked} JSON-2 recordings checked");
}

fn check_error(name: &str, resp: &serde_json::Value, e: odoo_runtime::Error) {
    let status = resp["status"].as_u64().unwrap();
    let class = resp["body"]["name"].as_str().unwrap_or("");
    let message = resp["body"]["message"].as_str().unwrap_or("");
    assert_eq!(
        e.kind(),
        expected_kind(status, class, message),
        "{name}: {e:?}"
    );
    assert_eq!(e.status(), Some(status as u16), "{name}");
    assert_eq!(e.exception_class(), Some(class), "{name}");
    assert_eq!(e.server_message(), Some(message), "{name}");
    assert!(
        e.traceback().is_some_and(|t| t.contains("Traceback")),
        "{name}: traceback kept"
    );
}

#[tokio::test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
async fn every_jsonrpc_recording_decodes_or_maps_to_its_error_kind() {
    let dir = recordings::dir();
    let mut checked = 0;
    for (name, req, resp) in exchanges(&dir, "jsonrpc/") {
        let params = &req["params"];
        let server = ReplayServer::start(vec![Reply::json(200, &resp.to_string())]).await;
        let client = Client::builder()
            .url(&server.url)
            .database("odoo19")
            .password("admin", "not-recorded")
            .protocol(Protocol::JsonRpc)
            .uid(2)
            .build()
            .unwrap();
        let result: Result<Value, odoo_runtime::Error> =
            match (params["service"].as_str(), params["method"].as_str()) {
                (Some("common"), Some("version")) => client
                    .version()
                    .await
                    .map(|v| Value::from_serialize(&v).unwrap()),
                (Some("common"), Some("authenticate")) => {
                    let fresh = Client::builder()
                        .url(&server.url)
                        .database("odoo19")
                        .password("admin", "not-recorded")
                        .protocol(Protocol::JsonRpc)
                        .build()
                        .unwrap();
                    fresh.authenticate().await.map(Value::Int)
                }
                (Some("object"), Some("execute_kw")) => {
                    let args = params["args"].as_array().unwrap();
                    let kwargs: Map = match Value::from(args.get(6).cloned().unwrap_or_default()) {
                        Value::Struct(m) => m,
                        _ => Map::new(),
                    };
                    client
                        .execute_kw(
                            args[3].as_str().unwrap(),
                            args[4].as_str().unwrap(),
                            Value::from(args[5].clone()),
                            Value::Struct(kwargs),
                        )
                        .await
                }
                other => panic!("{name}: unexpected call {other:?}"),
            };
        match resp.get("error") {
            None => {
                let value = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                if params["method"] == "version" {
                    assert_eq!(
                        value["server_version"],
                        Value::from(resp["result"]["server_version"].clone())
                    );
                } else {
                    assert_eq!(value, Value::from(resp["result"].clone()), "{name}");
                }
            }
            Some(error) => {
                let e = result.unwrap_err();
                let class = error["data"]["name"].as_str().unwrap();
                assert_eq!(e.exception_class(), Some(class), "{name}");
                let expected = match class.rsplit('.').next().unwrap() {
                    "MissingError" => ErrorKind::MissingRecord,
                    "AccessDenied" => ErrorKind::AccessDenied,
                    other => panic!("{name}: unexpected class {other}"),
                };
                assert_eq!(e.kind(), expected, "{name}");
                assert_eq!(
                    e.server_message(),
                    error["data"]["message"].as_str(),
                    "{name}"
                );
            }
        }
        checked += 1;
    }
    println!("JSON-RPC conformance: {checked} recordings checked");
    assert_eq!(checked, 4);
}
