//! Long answers are decoded as they arrive, element by element (the body is never held
//! whole), on every protocol, compressed or not; what goes wrong half-way is a typed error or,
//! for a read, a retry.

use crate::support;

use std::io::Write;
use std::time::Duration;

use odoo_runtime::{Call, Client, ClientBuilder, ErrorKind, Protocol, Value};
use serde::Deserialize;
use support::{xml, ReplayServer, Reply};

/// Rows enough for a body well past the point where the transport hands it to the decoder.
const ROWS: usize = 6000;

#[derive(Deserialize, Debug, PartialEq)]
struct Row {
    id: i64,
    name: String,
    email: Option<String>,
    parent_id: Option<(i64, String)>,
}

fn expected() -> Vec<Row> {
    (0..ROWS as i64)
        .map(|i| Row {
            id: i + 1,
            name: format!("Partner <{i}> \"quoted\", [bracketed]"),
            email: (i % 3 == 0).then(|| format!("p{i}@example.com")),
            parent_id: (i % 5 == 0).then(|| (1, "Acme".to_owned())),
        })
        .collect()
}

fn xml_body(bad_row: Option<usize>) -> String {
    let rows: String = expected()
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let id = if bad_row == Some(n) {
                "<string>x</string>".to_owned()
            } else {
                format!("<int>{}</int>", r.id)
            };
            let email = match &r.email {
                Some(e) => format!("<string>{e}</string>"),
                None => "<boolean>0</boolean>".into(),
            };
            let parent = match &r.parent_id {
                Some((id, name)) => format!(
                    "<array><data>\n<value><int>{id}</int></value>\n<value><string>{name}</string></value>\n</data></array>"
                ),
                None => "<boolean>0</boolean>".into(),
            };
            let name = r.name.replace('<', "&lt;").replace('>', "&gt;");
            format!(
                "<value><struct>\n<member>\n<name>id</name>\n<value>{id}</value>\n</member>\n\
                 <member>\n<name>name</name>\n<value><string>{name}</string></value>\n</member>\n\
                 <member>\n<name>email</name>\n<value>{email}</value>\n</member>\n\
                 <member>\n<name>parent_id</name>\n<value>{parent}</value>\n</member>\n\
                 </struct></value>\n"
            )
        })
        .collect();
    xml::response(&format!("<array><data>\n{rows}</data></array>"))
}

fn json_list(bad_row: Option<usize>) -> String {
    let rows: Vec<serde_json::Value> = expected()
        .iter()
        .enumerate()
        .map(|(n, r)| {
            serde_json::json!({
                "id": if bad_row == Some(n) { serde_json::json!("x") } else { serde_json::json!(r.id) },
                "name": r.name,
                "email": r.email.clone().map_or(serde_json::json!(false), serde_json::Value::from),
                "parent_id": r.parent_id.clone().map_or(serde_json::json!(false), |(i, n)| serde_json::json!([i, n])),
            })
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap()
}

fn jsonrpc_body(bad_row: Option<usize>) -> String {
    format!(
        r#"{{"jsonrpc": "2.0", "id": 1, "result": {}}}"#,
        json_list(bad_row)
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn reply(content_type: &'static str, body: &str, gzipped: bool) -> Reply {
    if gzipped {
        Reply::Body {
            status: 200,
            content_type,
            body: gzip(body.as_bytes()),
            headers: vec![("Content-Encoding", "gzip".into())],
        }
    } else {
        Reply::Body {
            status: 200,
            content_type,
            body: body.as_bytes().to_vec(),
            headers: vec![],
        }
    }
}

fn client(url: &str, protocol: Protocol) -> Client {
    builder(url, protocol).build().unwrap()
}

fn builder(url: &str, protocol: Protocol) -> ClientBuilder {
    let b = Client::builder()
        .url(url)
        .database("odoo19")
        .protocol(protocol);
    match protocol {
        Protocol::Json2 => b.api_key("admin", "0123456789abcdef"),
        _ => b.password("admin", "pw").uid(2),
    }
}

/// The protocol's content type and body.
fn body_of(protocol: Protocol, bad_row: Option<usize>) -> (&'static str, String) {
    match protocol {
        Protocol::XmlRpc => ("text/xml", xml_body(bad_row)),
        Protocol::JsonRpc => ("application/json", jsonrpc_body(bad_row)),
        Protocol::Json2 => ("application/json", json_list(bad_row)),
        _ => unreachable!(),
    }
}

const PROTOCOLS: [Protocol; 3] = [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2];

fn read() -> Call {
    Call::new("res.partner", "search_read").arg("fields", ["name", "email", "parent_id"])
}

#[tokio::test]
async fn a_long_list_decodes_as_it_arrives_on_every_protocol() {
    let (sink, _guard) = odoo_tests::logs::capture(tracing::Level::DEBUG);
    for protocol in PROTOCOLS {
        let (content_type, body) = body_of(protocol, None);
        assert!(body.len() > 512 << 10, "{} bytes", body.len());
        for gzipped in [false, true] {
            let server = ReplayServer::start(vec![
                reply(content_type, &body, gzipped),
                reply(content_type, &body, gzipped),
            ])
            .await;
            let c = client(&server.url, protocol);
            let rows: Vec<Row> = c.call(read()).await.unwrap();
            assert_eq!(rows, expected(), "{protocol:?}, gzip {gzipped}");
            let values: Vec<Value> = c.call(read()).await.unwrap();
            assert_eq!(values.len(), ROWS);
            assert_eq!(
                values[7].get("name").and_then(Value::as_str),
                Some(rows[7].name.as_str())
            );
        }
    }
    // Each of the 12 answers went to the decoder as it arrived, none was held whole.
    let logs = sink.text();
    assert_eq!(logs.matches("streamed=true").count(), 12, "{logs}");
}

#[tokio::test]
async fn a_long_read_cut_off_half_way_is_sent_again() {
    for protocol in PROTOCOLS {
        let (content_type, body) = body_of(protocol, None);
        let half = body.as_bytes()[..body.len() / 2].to_vec();
        let server = ReplayServer::start(vec![
            Reply::Truncated {
                declared: body.len(),
                body: half.clone(),
            },
            Reply::Reset { body: half },
            reply(content_type, &body, false),
        ])
        .await;
        // The waits between attempts (200 ms, then 400) are not what this test is about.
        let client = builder(&server.url, protocol)
            .max_retry_wait(Duration::from_millis(5))
            .build()
            .unwrap();
        let rows: Vec<Row> = client.call(read()).await.unwrap();
        assert_eq!(rows.len(), ROWS, "{protocol:?}");
        assert_eq!(server.requests().len(), 3, "{protocol:?}");
    }
}

#[tokio::test]
async fn a_bad_row_far_down_a_long_list_is_a_decode_error_naming_it() {
    for protocol in PROTOCOLS {
        let (content_type, body) = body_of(protocol, Some(5000));
        let server = ReplayServer::start(vec![reply(content_type, &body, true)]).await;
        let e = client(&server.url, protocol)
            .call::<Vec<Row>>(read())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{protocol:?}: {e}");
        let text = e.to_string();
        assert!(
            text.contains("[5000]") || text.contains("row 5000"),
            "{protocol:?}: {text}"
        );
        assert_eq!(
            server.requests().len(),
            1,
            "a decode error is not sent again"
        );
    }
}

#[tokio::test]
async fn a_long_answer_that_is_not_a_list_is_decoded_whole() {
    let long = "x".repeat(600 << 10);
    let fault = xml::fault("1", &format!("odoo.exceptions.UserError: {long}"));
    let text = xml::response(&format!("<string>{long}</string>"));
    let error = format!(
        r#"{{"jsonrpc": "2.0", "id": 1, "error": {{"code": 200, "message": "Odoo Server Error", "data": {{"name": "odoo.exceptions.UserError", "message": "{long}", "debug": "", "arguments": [], "context": {{}}}}}}}}"#
    );
    let server = ReplayServer::start(vec![
        Reply::xml(&fault),
        Reply::xml(&text),
        Reply::json(200, &error),
    ])
    .await;
    let e = client(&server.url, Protocol::XmlRpc)
        .call::<Value>(read())
        .await
        .unwrap_err();
    assert!(
        e.server_message().is_some_and(|m| m.ends_with(&long)),
        "{e}"
    );
    let s: String = client(&server.url, Protocol::XmlRpc)
        .call(read())
        .await
        .unwrap();
    assert_eq!(s.len(), long.len());
    let e = client(&server.url, Protocol::JsonRpc)
        .call::<Value>(read())
        .await
        .unwrap_err();
    assert_eq!(
        e.exception_class(),
        Some("odoo.exceptions.UserError"),
        "{e}"
    );
}

#[tokio::test]
async fn the_size_cap_holds_for_a_streamed_answer() {
    for protocol in PROTOCOLS {
        let (content_type, body) = body_of(protocol, None);
        let server = ReplayServer::start(vec![reply(content_type, &body, true)]).await;
        let c = Client::builder()
            .url(&server.url)
            .database("odoo19")
            .protocol(protocol)
            .max_response_bytes(body.len() / 2);
        let c = match protocol {
            Protocol::Json2 => c.api_key("admin", "0123456789abcdef"),
            _ => c.password("admin", "pw").uid(2),
        }
        .build()
        .unwrap();
        let e = c.call::<Vec<Row>>(read()).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Transport, "{protocol:?}: {e}");
        assert!(e.to_string().contains("exceeds the limit"), "{e}");
    }
}

/// A record whose binary field is a string far longer than what the decoder buffers of it
/// (1 MiB): its base64 is decoded while it arrives.
mod long_binary {
    use super::*;

    use base64::Engine as _;
    use odoo_runtime::{Binary, BinaryOrSize};

    /// 1.65 MB: 2.2 MB of base64, twice what the decoder buffers.
    fn content() -> Vec<u8> {
        (0..1_650_000u32).map(|i| (i * 7 % 251) as u8).collect()
    }

    fn b64(bytes: &[u8]) -> String {
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsBinary {
        id: i64,
        name: String,
        datas: Option<Binary>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsString {
        id: i64,
        name: String,
        datas: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct AsEither {
        id: i64,
        name: String,
        datas: Option<BinaryOrSize>,
    }

    /// Two records, the first with `datas` (as Odoo writes it, one line), the second empty;
    /// the body of `protocol`, and the JSON list (for JSON-2 the body itself).
    fn body(protocol: Protocol, datas: &str) -> (&'static str, String) {
        match protocol {
            Protocol::XmlRpc => (
                "text/xml",
                xml::response(&format!(
                    "<array><data>\n<value><struct>\n\
                     <member>\n<name>id</name>\n<value><int>1</int></value>\n</member>\n\
                     <member>\n<name>name</name>\n<value><string>a.bin</string></value>\n</member>\n\
                     <member>\n<name>datas</name>\n<value><string>{datas}</string></value>\n</member>\n\
                     </struct></value>\n<value><struct>\n\
                     <member>\n<name>id</name>\n<value><int>2</int></value>\n</member>\n\
                     <member>\n<name>name</name>\n<value><string>empty</string></value>\n</member>\n\
                     <member>\n<name>datas</name>\n<value><boolean>0</boolean></value>\n</member>\n\
                     </struct></value>\n</data></array>"
                )),
            ),
            _ => {
                let list = format!(
                    r#"[{{"id": 1, "name": "a.bin", "datas": "{datas}"}}, {{"id": 2, "name": "empty", "datas": false}}]"#
                );
                let body = if protocol == Protocol::JsonRpc {
                    format!(r#"{{"jsonrpc": "2.0", "id": 1, "result": {list}}}"#)
                } else {
                    list
                };
                ("application/json", body)
            }
        }
    }

    /// The same body decoded whole, as a short answer is.
    fn whole<T: serde::de::DeserializeOwned>(protocol: Protocol, body: &str) -> T {
        match protocol {
            Protocol::XmlRpc => odoo_runtime::xmlrpc::decode_response(body.as_bytes()).unwrap(),
            Protocol::JsonRpc => {
                let v: serde_json::Value = serde_json::from_str(body).unwrap();
                odoo_runtime::json::from_slice(v["result"].to_string().as_bytes()).unwrap()
            }
            _ => odoo_runtime::json::from_slice(body.as_bytes()).unwrap(),
        }
    }

    #[tokio::test]
    async fn a_long_binary_reads_as_binary_string_value_and_binary_or_size_as_from_the_whole_body()
    {
        let (sink, _guard) = odoo_tests::logs::capture(tracing::Level::DEBUG);
        let content = content();
        let datas = b64(&content);
        for protocol in PROTOCOLS {
            let (content_type, body) = body(protocol, &datas);
            for gzipped in [false, true] {
                let server = ReplayServer::start(
                    (0..4)
                        .map(|_| reply(content_type, &body, gzipped))
                        .collect(),
                )
                .await;
                let c = client(&server.url, protocol);
                let what = format!("{protocol:?}, gzip {gzipped}");
                let rows: Vec<AsBinary> = c.call(read()).await.unwrap();
                assert_eq!(rows[0].datas.as_deref(), Some(&content[..]), "{what}");
                assert_eq!(rows[1].datas, None, "{what}");
                assert_eq!(rows, whole::<Vec<AsBinary>>(protocol, &body), "{what}");
                let rows: Vec<AsString> = c.call(read()).await.unwrap();
                assert_eq!(rows[0].datas.as_deref(), Some(datas.as_str()), "{what}");
                assert_eq!(rows, whole::<Vec<AsString>>(protocol, &body), "{what}");
                let rows: Value = c.call(read()).await.unwrap();
                assert_eq!(rows, whole::<Value>(protocol, &body), "{what}");
                let rows: Vec<AsEither> = c.call(read()).await.unwrap();
                assert_eq!(
                    rows[0].datas,
                    Some(BinaryOrSize::Content(Binary(content.clone()))),
                    "{what}"
                );
                assert_eq!(rows, whole::<Vec<AsEither>>(protocol, &body), "{what}");
            }
        }
        // Each of the 24 answers went to the decoder as it arrived.
        let logs = sink.text();
        assert_eq!(logs.matches("streamed=true").count(), 24, "{logs}");
    }

    #[tokio::test]
    async fn bad_base64_at_the_end_of_a_long_binary_is_the_typed_error_naming_the_field() {
        let datas = b64(&content());
        for bad in [
            format!("{datas}!"),
            format!("{}QR==", &datas[..datas.len() - 4]),
        ] {
            for protocol in PROTOCOLS {
                let (content_type, body) = body(protocol, &bad);
                let server = ReplayServer::start(vec![reply(content_type, &body, true)]).await;
                let e = client(&server.url, protocol)
                    .call::<Vec<AsBinary>>(read())
                    .await
                    .unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Decode, "{protocol:?}: {e}");
                let text = e.to_string();
                assert!(text.contains("invalid base64"), "{protocol:?}: {text}");
                assert!(
                    text.contains("[0].datas") || text.contains("row 0"),
                    "{protocol:?}: {text}"
                );
                // The same text as a String is no error.
                let server = ReplayServer::start(vec![reply(content_type, &body, false)]).await;
                let rows: Vec<AsString> = client(&server.url, protocol).call(read()).await.unwrap();
                assert_eq!(rows[0].datas.as_deref(), Some(bad.as_str()), "{protocol:?}");
            }
        }
    }

    #[tokio::test]
    async fn the_size_cap_counts_a_long_binary_kept_aside() {
        let datas = b64(&content());
        for protocol in PROTOCOLS {
            let (content_type, body) = body(protocol, &datas);
            let server = ReplayServer::start(vec![reply(content_type, &body, true)]).await;
            let c = Client::builder()
                .url(&server.url)
                .database("odoo19")
                .protocol(protocol)
                .max_response_bytes(body.len() - 100);
            let c = match protocol {
                Protocol::Json2 => c.api_key("admin", "0123456789abcdef"),
                _ => c.password("admin", "pw").uid(2),
            }
            .build()
            .unwrap();
            let e = c.call::<Vec<AsBinary>>(read()).await.unwrap_err();
            assert!(e.is_too_large(), "{protocol:?}: {e}");
        }
    }
}
