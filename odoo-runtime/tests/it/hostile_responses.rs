//! Hostile responses, table-driven: whatever a server or a proxy sends, the client answers with
//! the expected typed error — never a panic, never unbounded memory.

use crate::support;

use odoo_runtime::{Call, Client, Error, ErrorKind, Protocol, Value};
use support::{xml, ReplayServer, Reply};

#[derive(Clone, Copy, Debug)]
enum Proto {
    Xml,
    Json2,
    JsonRpc,
}

/// What the test decodes the answer into.
#[derive(Clone, Copy, Debug)]
enum Target {
    Value,
    Ids,
    Count,
    Rows,
    Text,
}

#[allow(dead_code)]
#[derive(serde::Deserialize, Debug)]
struct Row {
    id: i64,
    name: String,
    email: Option<String>,
    country_id: Option<(i64, String)>,
    category_id: Vec<i64>,
}

struct Case {
    name: &'static str,
    proto: Proto,
    reply: Reply,
    target: Target,
    expect: fn(&Result<(), Error>) -> bool,
}

fn xml_body(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
    Reply::Body {
        status,
        content_type,
        body: body.into(),
        headers: vec![],
    }
}

fn nested_xml(depth: usize) -> String {
    let mut s = String::new();
    for _ in 0..depth {
        s.push_str("<array><data><value>");
    }
    s.push_str("<int>1</int>");
    for _ in 0..depth {
        s.push_str("</value></data></array>");
    }
    xml::response(&s)
}

fn nested_json(depth: usize) -> String {
    "[".repeat(depth) + "1" + &"]".repeat(depth)
}

/// A response whose string holds bytes that are not UTF-8.
fn invalid_utf8_xml() -> Vec<u8> {
    let mut body = xml::response("<string>@@</string>").into_bytes();
    body.iter_mut()
        .filter(|b| **b == b'@')
        .for_each(|b| *b = 0xff);
    body
}

fn row_xml(members: &str) -> String {
    xml::response(&format!(
        "<array><data><value><struct>{members}</struct></value></data></array>"
    ))
}

fn member(name: &str, value: &str) -> String {
    format!("<member><name>{name}</name><value>{value}</value></member>")
}

const DECODE: fn(&Result<(), Error>) -> bool =
    |r| matches!(r, Err(e) if e.kind() == ErrorKind::Decode);
const TRANSPORT: fn(&Result<(), Error>) -> bool =
    |r| matches!(r, Err(e) if e.kind() == ErrorKind::Transport);
const OK: fn(&Result<(), Error>) -> bool = |r| r.is_ok();

fn cases() -> Vec<Case> {
    let good_row = [
        member("id", "<int>1</int>"),
        member("name", "<string>A</string>"),
        member("email", "<boolean>0</boolean>"),
        member("country_id", "<boolean>0</boolean>"),
        member("category_id", "<array><data></data></array>"),
    ]
    .concat();
    vec![
        Case { name: "proxy HTML 502", proto: Proto::Xml, reply: Reply::html(502, "<html><h1>502 Bad Gateway</h1></html>"), target: Target::Value, expect: TRANSPORT },
        Case { name: "HTML 200 login page", proto: Proto::Xml, reply: Reply::html(200, "<!DOCTYPE html><html>login</html>"), target: Target::Value, expect: TRANSPORT },
        Case { name: "empty body", proto: Proto::Xml, reply: xml_body(200, "text/xml", ""), target: Target::Value, expect: TRANSPORT },
        Case { name: "truncated XML", proto: Proto::Xml, reply: Reply::xml(&xml::version()[..120]), target: Target::Value, expect: DECODE },
        Case { name: "JSON body to XML-RPC", proto: Proto::Xml, reply: Reply::json(200, r#"{"result": 1}"#), target: Target::Value, expect: TRANSPORT },
        Case { name: "fault after params", proto: Proto::Xml, reply: Reply::xml(&(xml::response("<int>1</int>").replace("</methodResponse>\n", "") + "<fault><value><struct></struct></value></fault></methodResponse>")), target: Target::Value, expect: DECODE },
        Case { name: "fault without code", proto: Proto::Xml, reply: Reply::xml("<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultString</name><value><string>x</string></value></member></struct></value></fault></methodResponse>"), target: Target::Value, expect: DECODE },
        Case { name: "string for an int", proto: Proto::Xml, reply: Reply::xml(&xml::response("<string>12</string>")), target: Target::Count, expect: DECODE },
        Case { name: "false for a list", proto: Proto::Xml, reply: Reply::xml(&xml::response("<boolean>0</boolean>")), target: Target::Ids, expect: DECODE },
        Case { name: "list for a struct", proto: Proto::Xml, reply: Reply::xml(&xml::response("<array><data><value><array><data></data></array></value></data></array>")), target: Target::Rows, expect: DECODE },
        Case { name: "false in a required string", proto: Proto::Xml, reply: Reply::xml(&row_xml(&good_row.replace("<string>A</string>", "<boolean>0</boolean>"))), target: Target::Rows, expect: DECODE },
        Case { name: "many2one with three elements", proto: Proto::Xml, reply: Reply::xml(&row_xml(&good_row.replace(&member("country_id", "<boolean>0</boolean>"), &member("country_id", "<array><data><value><int>1</int></value><value><string>B</string></value><value><int>3</int></value></data></array>")))), target: Target::Rows, expect: DECODE },
        Case { name: "integer beyond 64 bits", proto: Proto::Xml, reply: Reply::xml(&xml::response("<i8>99999999999999999999999</i8>")), target: Target::Value, expect: DECODE },
        Case { name: "not a number", proto: Proto::Xml, reply: Reply::xml(&xml::response("<int>12x</int>")), target: Target::Value, expect: DECODE },
        // XML-RPC has no NaN or infinity: the codec refuses them both ways, as JSON does.
        Case { name: "NaN double", proto: Proto::Xml, reply: Reply::xml(&xml::response("<double>nan</double>")), target: Target::Value, expect: DECODE },
        Case { name: "infinite double", proto: Proto::Xml, reply: Reply::xml(&xml::response("<double>inf</double>")), target: Target::Value, expect: DECODE },
        Case { name: "JSON-2: NaN", proto: Proto::Json2, reply: Reply::json(200, "[NaN]"), target: Target::Value, expect: DECODE },
        Case { name: "boolean 2", proto: Proto::Xml, reply: Reply::xml(&xml::response("<boolean>2</boolean>")), target: Target::Value, expect: DECODE },
        Case { name: "invalid base64", proto: Proto::Xml, reply: Reply::xml(&xml::response("<base64>***not base64***</base64>")), target: Target::Value, expect: DECODE },
        Case { name: "invalid UTF-8", proto: Proto::Xml, reply: xml_body(200, "text/xml", invalid_utf8_xml()), target: Target::Value, expect: DECODE },
        Case { name: "control character reference", proto: Proto::Xml, reply: Reply::xml(&xml::response("<string>a&#1;b</string>")), target: Target::Text, expect: DECODE },
        Case { name: "unknown entity", proto: Proto::Xml, reply: Reply::xml(&xml::response("<string>&nbsp;</string>")), target: Target::Text, expect: DECODE },
        Case { name: "entity expansion (DOCTYPE)", proto: Proto::Xml, reply: Reply::xml("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><methodResponse><params><param><value><string>&lol;</string></value></param></params></methodResponse>"), target: Target::Value, expect: DECODE },
        Case { name: "two values in one", proto: Proto::Xml, reply: Reply::xml(&xml::response("<int>1</int><int>2</int>")), target: Target::Value, expect: DECODE },
        Case { name: "unknown value tag", proto: Proto::Xml, reply: Reply::xml(&xml::response("<float>1.5</float>")), target: Target::Value, expect: DECODE },
        Case { name: "mismatched tags", proto: Proto::Xml, reply: Reply::xml(&xml::response("<array><data><value><int>1</int></value></array></data>")), target: Target::Value, expect: DECODE },
        Case { name: "no params", proto: Proto::Xml, reply: Reply::xml("<?xml version=\"1.0\"?><methodResponse></methodResponse>"), target: Target::Value, expect: DECODE },
        Case { name: "trailing garbage", proto: Proto::Xml, reply: Reply::xml(&(xml::response("<int>1</int>") + "<junk/>")), target: Target::Value, expect: DECODE },
        Case { name: "50 levels of nesting", proto: Proto::Xml, reply: Reply::xml(&nested_xml(50)), target: Target::Value, expect: OK },
        Case { name: "10,000 levels of nesting", proto: Proto::Xml, reply: Reply::xml(&nested_xml(10_000)), target: Target::Value, expect: DECODE },
        Case { name: "JSON-2: HTML 200", proto: Proto::Json2, reply: Reply::html(200, "<html>maintenance</html>"), target: Target::Value, expect: TRANSPORT },
        Case { name: "JSON-2: empty body", proto: Proto::Json2, reply: Reply::json(200, ""), target: Target::Value, expect: TRANSPORT },
        Case { name: "JSON-2: truncated JSON", proto: Proto::Json2, reply: Reply::json(200, r#"[{"id": 1, "name": "A"#), target: Target::Value, expect: DECODE },
        Case { name: "JSON-2: 500 that is not Odoo's shape", proto: Proto::Json2, reply: Reply::json(500, r#"{"detail": "boom"}"#), target: Target::Value, expect: TRANSPORT },
        Case { name: "JSON-2: 401 from a proxy, no body", proto: Proto::Json2, reply: Reply::json(401, ""), target: Target::Value, expect: |r| matches!(r, Err(e) if e.kind() == ErrorKind::AccessDenied && e.status() == Some(401)) },
        Case { name: "JSON-2: integer beyond 64 bits", proto: Proto::Json2, reply: Reply::json(200, "123456789012345678901234567890"), target: Target::Count, expect: DECODE },
        Case { name: "JSON-2: string for an int", proto: Proto::Json2, reply: Reply::json(200, r#""12""#), target: Target::Count, expect: DECODE },
        Case { name: "JSON-2: false for a list", proto: Proto::Json2, reply: Reply::json(200, "false"), target: Target::Ids, expect: DECODE },
        Case { name: "JSON-2: list for a struct", proto: Proto::Json2, reply: Reply::json(200, "[[1, 2]]"), target: Target::Rows, expect: DECODE },
        Case { name: "JSON-2: false in a required string", proto: Proto::Json2, reply: Reply::json(200, r#"[{"id": 1, "name": false, "email": false, "country_id": false, "category_id": []}]"#), target: Target::Rows, expect: DECODE },
        Case { name: "JSON-2: invalid UTF-8", proto: Proto::Json2, reply: xml_body(200, "application/json", b"[\"\xff\xfe\"]".to_vec()), target: Target::Value, expect: DECODE },
        Case { name: "JSON-2: 10,000 levels of nesting", proto: Proto::Json2, reply: Reply::json(200, &nested_json(10_000)), target: Target::Value, expect: DECODE },
        Case { name: "JSON-2: 50 levels of nesting", proto: Proto::Json2, reply: Reply::json(200, &nested_json(50)), target: Target::Value, expect: OK },
        Case { name: "JSON-RPC: neither result nor error", proto: Proto::JsonRpc, reply: Reply::json(200, r#"{"id": 1, "res": 2}"#), target: Target::Value, expect: DECODE },
        Case { name: "JSON-RPC: error without data", proto: Proto::JsonRpc, reply: Reply::json(200, r#"{"jsonrpc": "2.0", "id": 1, "error": {"code": 200, "message": "Odoo Session Expired"}}"#), target: Target::Value, expect: |r| matches!(r, Err(e) if e.kind() == ErrorKind::ServerError && e.server_message() == Some("Odoo Session Expired")) },
        Case { name: "JSON-RPC: proxy page", proto: Proto::JsonRpc, reply: Reply::html(504, "<html>Gateway Time-out</html>"), target: Target::Value, expect: TRANSPORT },
    ]
}

async fn run(case: &Case) -> Result<(), Error> {
    let server = ReplayServer::start(vec![case.reply.clone()]).await;
    let builder = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .retries(0);
    let client = match case.proto {
        Proto::Xml => builder
            .password("admin", "pw")
            .protocol(Protocol::XmlRpc)
            .uid(2),
        Proto::JsonRpc => builder
            .password("admin", "pw")
            .protocol(Protocol::JsonRpc)
            .uid(2),
        Proto::Json2 => builder.api_key("admin", "key").protocol(Protocol::Json2),
    }
    .build()
    .unwrap();
    let call = Call::new("res.partner", "search_read");
    match case.target {
        Target::Value => client.call::<Value>(call).await.map(drop),
        Target::Ids => client.call::<Vec<i64>>(call).await.map(drop),
        Target::Count => client.call::<i64>(call).await.map(drop),
        Target::Rows => client.call::<Vec<Row>>(call).await.map(drop),
        Target::Text => client.call::<String>(call).await.map(drop),
    }
}

#[tokio::test]
async fn every_hostile_response_gets_its_typed_error() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = run(case).await;
        if !(case.expect)(&outcome) {
            failures.push(format!(
                "{} ({:?}, {:?}): got {:?}",
                case.name, case.proto, case.target, outcome
            ));
        }
    }
    println!("{} hostile responses checked", cases.len());
    assert!(
        failures.is_empty(),
        "unexpected outcomes:\n{}",
        failures.join("\n")
    );
}

/// A 200 MB body against a 16 MB limit is a transport error that names the limit.
#[tokio::test]
async fn a_200_mb_body_over_a_16_mb_limit_is_a_transport_error() {
    let chunk = vec![b' '; 1 << 20];
    let server = ReplayServer::start(vec![Reply::Stream { chunk, count: 200 }]).await;
    let client = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .password("admin", "pw")
        .uid(2)
        .max_response_bytes(16 << 20)
        .build()
        .unwrap();
    let e = client
        .call::<Value>(Call::new("res.partner", "search_read"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(e.to_string().contains("exceeds the limit"), "{e}");
}
