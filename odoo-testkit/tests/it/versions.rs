//! The test server answering as Odoo 17 or 18: `version()`, no JSON-2 (17's 404 page, 18's
//! redirect to the login page), JSON-RPC's `error.code`, the older wording of errors, `copy`'s
//! bare id on 17, `formatted_read_group` missing, and the `ir.model.fields` columns of each
//! version. The expected texts are those the real 17.0-20240709, 18.0-20250702 and 19.0
//! answer (`/work/helpers/versions.md` measured them; the live suite checks the client
//! against the real servers).

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Call, Client, ErrorKind, Protocol, Value};
use odoo_testkit::TestServer;
use serde_json::{json, Value as Json};

fn schema(version: &str) -> Schema {
    let mut s = Schema::new(version, "odoo");
    let mut m = Model::new("res.partner", "Contact");
    let mut name = Field::new("name", FieldType::Char, "Name");
    name.required = true;
    m.fields.insert("name".into(), name);
    s.insert(m);
    s
}

async fn server(version: &str) -> TestServer {
    TestServer::builder()
        .schema(schema(version))
        .user("admin", "admin")
        .api_key("admin", "the-key")
        .start()
        .await
        .expect("the server starts")
}

fn client(s: &TestServer, protocol: Protocol) -> Client {
    let b = Client::builder()
        .url(s.url())
        .database(s.database())
        .protocol(protocol);
    match protocol {
        Protocol::Json2 => b.api_key("admin", "the-key"),
        _ => b.password("admin", "admin"),
    }
    .build()
    .unwrap()
}

async fn jsonrpc(s: &TestServer, service: &str, method: &str, args: Json) -> Json {
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": 1,
        "params": {"service": service, "method": method, "args": args}});
    let r = post_json(
        &reqwest::Client::new(),
        format!("{}/jsonrpc", s.url()),
        &body,
    )
    .send()
    .await
    .unwrap();
    serde_json::from_slice(&r.bytes().await.unwrap()).unwrap()
}

fn post_json(http: &reqwest::Client, url: String, body: &Json) -> reqwest::RequestBuilder {
    http.post(url)
        .header("Content-Type", "application/json")
        .body(serde_json::to_vec(body).unwrap())
}

#[tokio::test]
async fn version_is_the_schemas() {
    for (version, major) in [("17.0-20240709", 17), ("18.0-20250702", 18), ("19.0", 19)] {
        let s = server(version).await;
        let v = client(&s, Protocol::XmlRpc).version().await.unwrap();
        assert_eq!(v.server_version, version);
        assert_eq!(v.major(), Some(major));
        let about = jsonrpc(&s, "common", "about", json!([true])).await;
        assert_eq!(about["result"][1], version);
        let r = post_json(
            &reqwest::Client::new(),
            format!("{}/web/webclient/version_info", s.url()),
            &json!({}),
        )
        .send()
        .await
        .unwrap();
        let info: Json = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(info["server_serie"], format!("{major}.0"));
    }
    // The builder's version wins over the schema's.
    let s = TestServer::builder()
        .schema(schema("19.0"))
        .odoo_version("18.0")
        .start()
        .await
        .unwrap();
    let v = client(&s, Protocol::XmlRpc).version().await.unwrap();
    assert_eq!(v.server_version, "18.0");
}

#[tokio::test]
async fn json2_is_a_404_page_on_17_and_a_login_redirect_on_18() {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (version, status) in [("17.0-20240709", 404), ("18.0-20250702", 303)] {
        let s = server(version).await;
        let r = post_json(
            &http,
            format!("{}/json/2/res.partner/search_count", s.url()),
            &json!({"domain": []}),
        )
        .header("Authorization", "bearer the-key")
        .send()
        .await
        .unwrap();
        assert_eq!(r.status().as_u16(), status, "{version}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        if status == 303 {
            assert_eq!(
                r.headers()["location"],
                "/web/login?redirect=%2Fjson%2F2%2Fres.partner%2Fsearch_count%3F"
            );
        }
        let doc = http
            .get(format!("{}/doc-bearer/res.partner.json", s.url()))
            .header("Authorization", "bearer the-key")
            .send()
            .await
            .unwrap();
        assert_eq!(doc.status().as_u16(), 404, "{version}");
        // What a user of the client sees: the version named.
        let e = client(&s, Protocol::Json2)
            .call::<i64>(
                Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])),
            )
            .await
            .expect_err("no JSON-2");
        assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
        assert!(
            e.to_string().contains(&format!(
                "JSON-2 needs Odoo 19; this server is Odoo {version}"
            )),
            "{e}"
        );
    }
    let s = server("19.0").await;
    let n: i64 = client(&s, Protocol::Json2)
        .call(Call::new("res.partner", "search_count").arg("domain", Value::Array(vec![])))
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn errors_are_worded_as_each_version_words_them() {
    let cases: &[(&str, i64, &str, &str, &str)] = &[
        (
            "17.0",
            200,
            "The method 'nope' does not exist on the model 'res.partner'",
            "Invalid field 'nope' on model 'res.partner'",
            "- Create/update: a mandatory field is not set.",
        ),
        (
            "18.0",
            200,
            "The method 'res.partner.nope' does not exist",
            "Invalid field 'nope' on model 'res.partner'",
            "- Create/update: a mandatory field is not set.",
        ),
        (
            "19.0",
            0,
            "The method 'res.partner.nope' does not exist",
            "Invalid field 'nope' on 'res.partner'",
            "Missing required value for the field 'Name' (name)",
        ),
    ];
    for &(version, code, method, field, required) in cases {
        let s = server(version).await;
        let call = |method: &str, args: Json, kwargs: Json| {
            json!([
                s.database(),
                2,
                "admin",
                "res.partner",
                method,
                args,
                kwargs
            ])
        };
        let r = jsonrpc(
            &s,
            "object",
            "execute_kw",
            call("create", json!([{"name": "a"}]), json!({})),
        )
        .await;
        assert!(r["result"].is_i64(), "{version}: {r}");
        let r = jsonrpc(
            &s,
            "object",
            "execute_kw",
            call("nope", json!([]), json!({})),
        )
        .await;
        assert_eq!(r["error"]["code"], code, "{version}: {r}");
        assert_eq!(r["error"]["data"]["message"], method, "{version}");
        let r = jsonrpc(
            &s,
            "object",
            "execute_kw",
            call("search_read", json!([[]]), json!({"fields": ["nope"]})),
        )
        .await;
        assert_eq!(r["error"]["data"]["message"], field, "{version}: {r}");
        let r = jsonrpc(
            &s,
            "object",
            "execute_kw",
            call("create", json!([[{}]]), json!({})),
        )
        .await;
        let text = r["error"]["data"]["message"].as_str().unwrap_or_default();
        assert!(text.contains(required), "{version}: {text}");
        // `formatted_read_group` is Odoo 19's; the client says so.
        let e = client(&s, Protocol::XmlRpc)
            .call::<Value>(
                Call::new("res.partner", "formatted_read_group")
                    .arg("domain", Value::Array(vec![]))
                    .arg("groupby", Value::Array(vec!["name".into()])),
            )
            .await;
        if version == "19.0" {
            e.expect("formatted_read_group on 19");
        } else {
            let e = e.expect_err("no formatted_read_group before 19");
            assert!(
                e.to_string().contains(
                    "`formatted_read_group` can be called on Odoo 19 and later; this server is Odoo"
                ),
                "{e}"
            );
        }
    }
}

#[tokio::test]
async fn copy_answers_a_bare_id_on_17() {
    for (version, list) in [("17.0", false), ("18.0", true), ("19.0", true)] {
        let s = server(version).await;
        let c = client(&s, Protocol::XmlRpc);
        let id: i64 = c
            .execute_kw("res.partner", "create", json!([{"name": "a"}]), json!({}))
            .await
            .unwrap();
        let raw: Json = c
            .execute_kw("res.partner", "copy", json!([[id]]), json!({}))
            .await
            .unwrap();
        assert_eq!(raw.is_array(), list, "{version}: {raw}");
        // The client gives Odoo 19's shape on every version.
        let ids: Vec<i64> = c
            .call(Call::new("res.partner", "copy").ids([id]))
            .await
            .unwrap();
        assert_eq!(ids.len(), 1, "{version}");
    }
}

#[tokio::test]
async fn ir_model_fields_has_the_columns_of_its_version() {
    for (version, company_dependent, translate) in [
        ("17.0", false, "boolean"),
        ("18.0", true, "boolean"),
        ("19.0", true, "selection"),
    ] {
        let s = server(version).await;
        let c = client(&s, Protocol::JsonRpc);
        let fields: serde_json::Map<String, Json> = c
            .execute_kw(
                "ir.model.fields",
                "fields_get",
                json!([]),
                json!({"attributes": ["type"]}),
            )
            .await
            .unwrap();
        assert_eq!(
            fields.contains_key("company_dependent"),
            company_dependent,
            "{version}"
        );
        assert_eq!(fields["translate"]["type"], translate, "{version}");
        let rows: Vec<Json> = c
            .execute_kw(
                "ir.model.fields",
                "search_read",
                json!([[["model", "=", "res.partner"], ["name", "=", "name"]]]),
                json!({"fields": ["name", "translate"]}),
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{version}");
        assert_eq!(rows[0]["translate"], false, "{version}");
    }
}
