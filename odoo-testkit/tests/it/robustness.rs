//! Hostile or clumsy input gets Odoo-shaped errors, never a panic or a dropped connection;
//! custom models work without the recordings; secrets stay out of `Debug`.

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{FaultCode, Value};
use odoo_testkit::{TestServer, User};

fn schema() -> Schema {
    let mut s = Schema::new("19.0", "odoo19");
    let mut m = Model::new("res.partner", "Contact");
    for (name, t) in [
        ("id", FieldType::Integer),
        ("name", FieldType::Char),
        ("active", FieldType::Boolean),
    ] {
        m.fields.insert(name.into(), Field::new(name, t, name));
    }
    let mut parent = Field::new("parent_id", FieldType::Many2one, "Parent");
    parent.relation = Some("res.partner".into());
    m.fields.insert("parent_id".into(), parent);
    s.insert(m);
    s
}

fn server() -> TestServer {
    TestServer::builder()
        .schema(schema())
        .user("admin", "admin")
        .api_key("admin", "k")
        .start_background()
        .unwrap()
}

fn post(url: &str, body: impl Into<Vec<u8>>, headers: &[(&str, &str)]) -> (u16, Vec<u8>) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut req = reqwest::Client::new().post(url).body(body.into());
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.expect("the server answers");
        (resp.status().as_u16(), resp.bytes().await.unwrap().to_vec())
    })
}

fn fault(body: &[u8]) -> (FaultCode, String) {
    let e = odoo_runtime::xmlrpc::decode_response::<Value>(body).expect_err("a fault");
    let f = e.fault().expect("a fault");
    (f.code.clone().unwrap(), f.message.clone())
}

fn execute_kw(url: &str, params: Vec<Value>) -> (FaultCode, String) {
    let body = odoo_runtime::xmlrpc::encode_call("execute_kw", &params).unwrap();
    let (status, resp) = post(&format!("{url}/xmlrpc/2/object"), body, &[]);
    assert_eq!(status, 200);
    fault(&resp)
}

fn base(method: &str) -> Vec<Value> {
    vec![
        "odoo19".into(),
        Value::Int(2),
        "admin".into(),
        "res.partner".into(),
        method.into(),
    ]
}

#[test]
fn bad_xml_is_a_fault() {
    let s = server();
    for body in [
        &b"this is not xml"[..],
        b"<methodCall><methodName>x</methodName><params><param>",
        b"",
        &[0xff, 0xfe, 0x00],
    ] {
        let (status, resp) = post(&format!("{}/xmlrpc/2/object", s.url()), body.to_vec(), &[]);
        assert_eq!(status, 200);
        assert_eq!(fault(&resp).0, FaultCode::Int(1));
    }
}

#[test]
fn wrong_argument_types_are_faults() {
    let s = server();
    let url = s.url();
    let with = |extra: Vec<Value>| {
        let mut p = base("search");
        p.extend(extra);
        p
    };
    // uid goes through `int(uid)`: "2" is uid 2, "two" a ValueError, a wrong uid access denied.
    let mut p = base("search");
    p[1] = "two".into();
    p.push(Value::Array(vec![Value::Array(vec![])]));
    let (code, text) = execute_kw(&url, p);
    assert_eq!(code, FaultCode::Int(1));
    assert!(
        text.contains("invalid literal for int() with base 10: 'two'"),
        "{text}"
    );
    let mut p = base("search");
    p[1] = Value::Int(99);
    p.push(Value::Array(vec![Value::Array(vec![])]));
    assert_eq!(execute_kw(&url, p).0, FaultCode::Int(3));
    // args not a list, domain not a list, a malformed domain, a bad limit.
    assert_eq!(
        execute_kw(&url, with(vec![Value::Int(5)])).0,
        FaultCode::Int(1)
    );
    assert!(
        execute_kw(&url, with(vec![Value::Array(vec![Value::Int(5)])]))
            .1
            .contains("Domain() invalid argument type")
    );
    assert!(execute_kw(
        &url,
        with(vec![Value::Array(vec![Value::Array(vec!["&".into()])])])
    )
    .1
    .contains("malformed domain"));
    let kw: Value = [("limit", Value::from("ten"))].into_iter().collect();
    assert_eq!(
        execute_kw(
            &url,
            with(vec![Value::Array(vec![Value::Array(vec![])]), kw])
        )
        .0,
        FaultCode::Int(1)
    );
    // read with non-integer ids, create with a number, write without values.
    let mut p = base("read");
    p.push(Value::Array(vec![Value::Array(vec!["a".into()])]));
    assert_eq!(execute_kw(&url, p).0, FaultCode::Int(1));
    let mut p = base("create");
    p.push(Value::Array(vec![Value::Int(5)]));
    assert_eq!(execute_kw(&url, p).0, FaultCode::Int(1));
    let mut p = base("write");
    p.push(Value::Array(vec![Value::Array(vec![Value::Int(1)])]));
    let (code, text) = execute_kw(&url, p);
    assert_eq!(code, FaultCode::Int(1));
    assert!(
        text.contains("missing 1 required positional argument: 'vals'"),
        "{text}"
    );
    // Too few parameters for execute_kw itself.
    assert_eq!(execute_kw(&url, vec!["odoo19".into()]).0, FaultCode::Int(1));
}

#[test]
fn bad_json_gets_odoo_statuses() {
    let s = server();
    let url = format!("{}/json/2/res.partner/search", s.url());
    let auth = [
        ("authorization", "bearer k"),
        ("content-type", "application/json"),
    ];
    let (status, body) = post(&url, "{\"domain\": [", &auth);
    assert_eq!(status, 400);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["name"], "werkzeug.exceptions.BadRequest");
    assert_eq!(post(&url, "[1, 2]", &auth).0, 422);
    assert_eq!(post(&url, "{\"domain\": \"x\"}", &auth).0, 500);
    assert_eq!(
        post(&url, "{\"domain\": [], \"limit\": \"x\"}", &auth).0,
        500
    );
    assert_eq!(
        post(&url, "{\"domain\": []}", &[("authorization", "Basic abc")]).0,
        401
    );
    let (status, _) = post(&format!("{}/jsonrpc", s.url()), "nope", &[]);
    assert_eq!(status, 400);
    let (status, body) = post(
        &format!("{}/jsonrpc", s.url()),
        "{\"params\": {\"service\": \"object\", \"method\": \"execute_kw\", \"args\": [1]}}",
        &[],
    );
    assert_eq!(status, 200);
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["error"]["message"], "Odoo Server Error");
}

#[test]
fn custom_models_start_without_access() {
    let s = server();
    s.call(
        "ir.model",
        "create",
        serde_json::json!([{"name": "Locked", "model": "x_locked"}]),
        serde_json::Value::Null,
    )
    .unwrap();
    let e = s
        .create("x_locked", serde_json::json!({"x_name": "no"}))
        .unwrap_err();
    assert_eq!(
        e.exception_message(),
        Some("You are not allowed to create 'Locked' (x_locked) records.\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.")
    );
    assert!(s.read("x_locked", &[1], &[]).is_err());
}

#[test]
fn custom_models_change_the_schema() {
    let s = server();
    let model_id = s
        .call(
            "ir.model",
            "create",
            serde_json::json!([{"name": "Pet", "model": "x_pet", "state": "manual",
                "access_ids": [[0, 0, {"name": "pets", "perm_read": true, "perm_write": true, "perm_create": true, "perm_unlink": true}]]}]),
            serde_json::Value::Null,
        )
        .unwrap();
    s.call(
        "ir.model.fields",
        "create",
        serde_json::json!([{"model_id": model_id.as_i64(), "name": "x_kind", "ttype": "selection", "field_description": "Kind",
            "selection_ids": [[0, 0, {"value": "cat", "name": "Cat", "sequence": 1}], [0, 0, {"value": "dog", "name": "Dog", "sequence": 2}]]}]),
        serde_json::Value::Null,
    )
    .unwrap();
    let id = s
        .create(
            "x_pet",
            serde_json::json!({"x_name": "Rex", "x_kind": "dog"}),
        )
        .unwrap();
    let rows = s.read("x_pet", &[id], &[]).unwrap();
    assert_eq!(rows[0]["display_name"].as_str(), Some("Rex"));
    assert_eq!(rows[0]["create_uid"][1].as_str(), Some("admin"));
    assert!(
        s.create("x_pet", serde_json::json!({"x_kind": "cow"}))
            .is_err(),
        "selection values are checked"
    );
    let fields = s
        .call(
            "x_pet",
            "fields_get",
            serde_json::json!([]),
            serde_json::json!({"attributes": ["selection"]}),
        )
        .unwrap();
    assert_eq!(fields["x_kind"]["selection"][1][0].as_str(), Some("dog"));
    let n = s
        .call(
            "ir.model.fields",
            "search_count",
            serde_json::json!([[["model", "=", "x_pet"]]]),
            serde_json::Value::Null,
        )
        .unwrap();
    assert_eq!(
        n,
        Value::Int(8),
        "id, display_name, 4 log fields, x_name, x_kind"
    );
    s.call(
        "ir.model",
        "unlink",
        serde_json::json!([[model_id]]),
        serde_json::Value::Null,
    )
    .unwrap();
    assert!(s.schema().model("x_pet").is_none());
    let e = s.create("x_pet", serde_json::json!({})).unwrap_err();
    assert_eq!(e.exception_message(), Some("Object x_pet doesn't exist"));
}

#[test]
fn secrets_stay_out_of_debug() {
    let user = User::new("admin", "s3cret-pass").api_key("s3cret-key");
    let shown = format!(
        "{user:?} {:?}",
        TestServer::builder()
            .add_user(user.clone())
            .api_key("admin", "other-s3cret")
    );
    assert!(!shown.contains("s3cret"), "{shown}");
}

#[test]
fn shutdown_on_drop() {
    let s = server();
    let addr = s.addr();
    drop(s);
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "the port is closed once dropped"
    );
}
