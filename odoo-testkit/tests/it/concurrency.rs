//! Eight clients writing and eight reading at once, over HTTP (JSON-2 and XML-RPC): every
//! write lands and the counts add up.

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::Value;
use odoo_testkit::TestServer;

const WRITERS: usize = 8;
const PER_WRITER: usize = 40;

fn schema() -> Schema {
    let mut s = Schema::new("19.0", "odoo19");
    let mut m = Model::new("res.partner", "Contact");
    m.order = Some("name, id".into());
    for (name, t) in [
        ("id", FieldType::Integer),
        ("name", FieldType::Char),
        ("ref", FieldType::Char),
        ("color", FieldType::Integer),
        ("active", FieldType::Boolean),
    ] {
        m.fields.insert(name.into(), Field::new(name, t, name));
    }
    s.insert(m);
    s
}

async fn json2(
    client: &reqwest::Client,
    url: &str,
    method: &str,
    body: serde_json::Value,
) -> serde_json::Value {
    let resp = client
        .post(format!("{url}/json/2/res.partner/{method}"))
        .header("authorization", "bearer k")
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(resp.status(), 200);
    serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap()
}

async fn xmlrpc(
    client: &reqwest::Client,
    url: &str,
    method: &str,
    args: Vec<Value>,
    kwargs: Value,
) -> Value {
    let params = vec![
        Value::from("odoo19"),
        Value::Int(2),
        Value::from("admin"),
        Value::from("res.partner"),
        Value::from(method),
        Value::Array(args),
        kwargs,
    ];
    let body = odoo_runtime::xmlrpc::encode_call("execute_kw", &params).unwrap();
    let resp = client
        .post(format!("{url}/xmlrpc/2/object"))
        .body(body)
        .send()
        .await
        .expect("request");
    odoo_runtime::xmlrpc::decode_response::<Value>(&resp.bytes().await.unwrap()).expect("no fault")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_and_readers() {
    let server = TestServer::builder()
        .schema(schema())
        .user("admin", "admin")
        .api_key("admin", "k")
        .start()
        .await
        .unwrap();
    let url = server.url();
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for w in 0..WRITERS {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            for i in 0..PER_WRITER {
                // Alternate the protocols: JSON-2 creates, XML-RPC writes.
                let ids = json2(
                    &client,
                    &url,
                    "create",
                    serde_json::json!({"vals_list": [{"name": format!("w{w}-{i}"), "ref": "new"}]}),
                )
                .await;
                let id = ids[0].as_i64().unwrap();
                let ok = xmlrpc(
                    &client,
                    &url,
                    "write",
                    vec![
                        Value::from(vec![Value::Int(id)]),
                        [
                            ("ref", Value::from(format!("w{w}"))),
                            ("color", Value::Int(i as i64)),
                        ]
                        .into_iter()
                        .collect(),
                    ],
                    Value::Struct(Default::default()),
                )
                .await;
                assert_eq!(ok, Value::Bool(true));
                mine.push(id);
            }
            mine
        }));
    }
    for _ in 0..WRITERS {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut last = 0;
            for _ in 0..PER_WRITER {
                let n = json2(
                    &client,
                    &url,
                    "search_count",
                    serde_json::json!({"domain": []}),
                )
                .await
                .as_i64()
                .unwrap();
                assert!(n >= last, "counts never go back: {n} after {last}");
                last = n;
                let rows = xmlrpc(
                    &client,
                    &url,
                    "search_read",
                    vec![Value::Array(vec![])],
                    [
                        (
                            "fields",
                            Value::from(vec![Value::from("name"), Value::from("ref")]),
                        ),
                        ("limit", Value::Int(5)),
                    ]
                    .into_iter()
                    .collect(),
                )
                .await;
                for row in rows.as_array().unwrap() {
                    // A record is never seen half written: its ref is "new" or its writer's tag.
                    let name = row["name"].as_str().unwrap();
                    let tag = name.split('-').next().unwrap();
                    let r = row["ref"].as_str().unwrap();
                    assert!(r == "new" || r == tag, "torn record {row:?}");
                }
            }
            Vec::new()
        }));
    }
    let mut created = Vec::new();
    for t in tasks {
        created.extend(t.await.expect("task"));
    }
    assert_eq!(created.len(), WRITERS * PER_WRITER);
    created.sort();
    created.dedup();
    assert_eq!(created.len(), WRITERS * PER_WRITER, "ids are unique");
    let total = json2(
        &client,
        &url,
        "search_count",
        serde_json::json!({"domain": []}),
    )
    .await;
    assert_eq!(total, serde_json::json!(WRITERS * PER_WRITER));
    for w in 0..WRITERS {
        let n = json2(
            &client,
            &url,
            "search_count",
            serde_json::json!({"domain": [["ref", "=", format!("w{w}")]]}),
        )
        .await;
        assert_eq!(
            n,
            serde_json::json!(PER_WRITER),
            "every write of writer {w} landed"
        );
    }
    server.shutdown().await;
}
