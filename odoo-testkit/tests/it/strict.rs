//! The calls odoo-testkit used to accept and Odoo 19 refuses, refused here as Odoo refuses
//! them, on each protocol: a create with keyword arguments only, null `args` on the common
//! service, an unknown keyword argument, a missing argument. The expected texts are those the
//! real server answers (the differential suite checks them against it).

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_testkit::TestServer;
use serde_json::{json, Value as Json};

fn schema() -> Schema {
    let mut s = Schema::new("19.0", "odoo19");
    let mut m = Model::new("res.partner", "Contact");
    for (name, t) in [("name", FieldType::Char), ("active", FieldType::Boolean)] {
        m.fields.insert(name.into(), Field::new(name, t, name));
    }
    s.insert(m);
    s
}

async fn server() -> TestServer {
    TestServer::builder()
        .schema(schema())
        .user("admin", "admin")
        .api_key("admin", "the-key")
        .method_class("res.partner", "create", "ResPartner")
        .start()
        .await
        .expect("the server starts")
}

async fn post(
    url: String,
    content_type: &str,
    auth: Option<&str>,
    body: Vec<u8>,
) -> (u16, Vec<u8>) {
    let mut req = reqwest::Client::new()
        .post(url)
        .header("Content-Type", content_type)
        .body(body);
    if let Some(key) = auth {
        req = req.header("Authorization", format!("bearer {key}"));
    }
    let resp = req.send().await.expect("the server answers");
    (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
}

/// An XML-RPC call's fault: its code and its string (for code 1, the traceback).
async fn xmlrpc_fault(s: &TestServer, service: &str, method: &str, params: Json) -> (i64, String) {
    let params = params.as_array().cloned().unwrap_or_default();
    let body = odoo_runtime::xmlrpc::encode_call(method, &params).unwrap();
    let (status, body) = post(
        format!("{}/xmlrpc/2/{service}", s.url()),
        "text/xml",
        None,
        body,
    )
    .await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    let start = text.find("<fault>").expect("a fault") + "<fault>".len();
    let end = text.rfind("</fault>").unwrap();
    let fault: odoo_runtime::Value =
        odoo_runtime::xmlrpc::from_slice(&text.as_bytes()[start..end]).unwrap();
    let fault = Json::from(fault);
    (
        fault["faultCode"].as_i64().unwrap(),
        fault["faultString"].as_str().unwrap().to_owned(),
    )
}

/// A JSON-RPC call's `error.data`.
async fn jsonrpc_error(s: &TestServer, params: Json) -> Json {
    let envelope = json!({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params});
    let (status, body) = post(
        format!("{}/jsonrpc", s.url()),
        "application/json",
        None,
        envelope.to_string().into_bytes(),
    )
    .await;
    assert_eq!(status, 200);
    let body: Json = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["message"], "Odoo Server Error", "{body}");
    body["error"]["data"].clone()
}

async fn json2(s: &TestServer, model: &str, method: &str, body: Json) -> (u16, Json) {
    let (status, body) = post(
        format!("{}/json/2/{model}/{method}", s.url()),
        "application/json",
        Some("the-key"),
        body.to_string().into_bytes(),
    )
    .await;
    (status, serde_json::from_slice(&body).unwrap())
}

fn execute_kw(model: &str, method: &str, args: Json, kwargs: Json) -> Json {
    json!(["odoo19", 2, "admin", model, method, args, kwargs])
}

/// The last line of a traceback.
fn last_line(traceback: &str) -> &str {
    traceback.trim_end().lines().last().unwrap_or_default()
}

#[tokio::test]
async fn create_with_keyword_arguments_only_is_call_kws_index_error() {
    let s = server().await;
    let call = execute_kw(
        "res.partner",
        "create",
        json!([]),
        json!({"vals_list": {"name": "kw"}}),
    );
    let (code, traceback) = xmlrpc_fault(&s, "object", "execute_kw", call.clone()).await;
    assert_eq!(code, 1);
    assert_eq!(last_line(&traceback), "IndexError: list index out of range");
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": call}),
    )
    .await;
    assert_eq!(data["name"], "builtins.IndexError");
    assert_eq!(data["message"], "list index out of range");
    // The record created before the fault is rolled back, as Odoo rolls back the transaction.
    assert!(s
        .search("res.partner", json!([["name", "=", "kw"]]))
        .unwrap()
        .is_empty());
    // JSON-2 names its arguments: without `vals_list`, `inspect.signature().bind()` refuses.
    let (status, body) = json2(&s, "res.partner", "create", json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(body["name"], "werkzeug.exceptions.UnprocessableEntity");
    assert_eq!(body["message"], "missing a required argument: 'vals_list'");
}

#[tokio::test]
async fn null_args_on_the_common_service_is_a_type_error() {
    let s = server().await;
    let data = jsonrpc_error(
        &s,
        json!({"service": "common", "method": "version", "args": null}),
    )
    .await;
    assert_eq!(data["name"], "builtins.TypeError");
    assert_eq!(
        data["message"],
        "odoo.service.common.exp_version() argument after * must be an iterable, not NoneType"
    );
    let data = jsonrpc_error(&s, json!({"service": "common", "method": "version"})).await;
    assert_eq!(
        data["message"],
        "JSONRPC.jsonrpc() missing 1 required positional argument: 'args'"
    );
    // XML-RPC always sends a list: an extra argument is the same function's TypeError.
    let (code, traceback) = xmlrpc_fault(&s, "common", "version", json!([1])).await;
    assert_eq!(code, 1);
    assert_eq!(
        last_line(&traceback),
        "TypeError: exp_version() takes 0 positional arguments but 1 was given"
    );
    let (_, traceback) = xmlrpc_fault(
        &s,
        "common",
        "authenticate",
        json!(["odoo19", "admin", "admin"]),
    )
    .await;
    assert_eq!(
        last_line(&traceback),
        "TypeError: exp_authenticate() missing 1 required positional argument: 'user_agent_env'"
    );
}

#[tokio::test]
async fn an_unknown_keyword_argument_is_a_type_error_naming_the_method() {
    let s = server().await;
    let search = execute_kw("res.partner", "search", json!([[]]), json!({"foo": 1}));
    let (code, traceback) = xmlrpc_fault(&s, "object", "execute_kw", search.clone()).await;
    assert_eq!(code, 1);
    assert_eq!(
        last_line(&traceback),
        "TypeError: BaseModel.search() got an unexpected keyword argument 'foo'"
    );
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": search}),
    )
    .await;
    assert_eq!(
        data["message"],
        "BaseModel.search() got an unexpected keyword argument 'foo'"
    );
    // A method the model overrides is named after its class.
    let create = execute_kw(
        "res.partner",
        "create",
        json!([{"name": "x"}]),
        json!({"foo": 1}),
    );
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": create}),
    )
    .await;
    assert_eq!(
        data["message"],
        "ResPartner.create() got an unexpected keyword argument 'foo'"
    );
    let (status, body) = json2(&s, "res.partner", "search", json!({"domain": [], "foo": 1})).await;
    assert_eq!(status, 422);
    assert_eq!(body["message"], "got an unexpected keyword argument 'foo'");
    assert!(body["debug"]
        .as_str()
        .unwrap()
        .contains("TypeError: got an unexpected keyword argument 'foo'\n\nDuring handling of the above exception"));
}

#[tokio::test]
async fn a_missing_argument_is_a_type_error_or_a_422() {
    let s = server().await;
    let search = execute_kw("res.partner", "search", json!([]), json!({}));
    let (_, traceback) = xmlrpc_fault(&s, "object", "execute_kw", search.clone()).await;
    assert_eq!(
        last_line(&traceback),
        "TypeError: BaseModel.search() missing 1 required positional argument: 'domain'"
    );
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": search}),
    )
    .await;
    assert_eq!(
        data["message"],
        "BaseModel.search() missing 1 required positional argument: 'domain'"
    );
    let write = execute_kw("res.partner", "write", json!([[1]]), json!({}));
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": write}),
    )
    .await;
    assert_eq!(
        data["message"],
        "BaseModel.write() missing 1 required positional argument: 'vals'"
    );
    let (status, body) = json2(&s, "res.partner", "search", json!({})).await;
    assert_eq!(status, 422);
    assert_eq!(body["message"], "missing a required argument: 'domain'");
    // A records method without its ids: `args[0]` of an empty list.
    let read = execute_kw("res.partner", "read", json!([]), json!({}));
    let data = jsonrpc_error(
        &s,
        json!({"service": "object", "method": "execute_kw", "args": read}),
    )
    .await;
    assert_eq!(
        (data["name"].as_str(), data["message"].as_str()),
        (Some("builtins.IndexError"), Some("list index out of range"))
    );
}

#[tokio::test]
async fn exists_is_private_in_odoo_19() {
    let s = server().await;
    let call = execute_kw("res.partner", "exists", json!([[1]]), json!({}));
    let (code, message) = xmlrpc_fault(&s, "object", "execute_kw", call).await;
    assert_eq!(
        (code, message.as_str()),
        (
            4,
            "Private methods (such as 'res.partner.exists') cannot be called remotely."
        )
    );
}
