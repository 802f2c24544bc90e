//! Compressed answers, as the nginx of Odoo's deployment guide sends them: the client asks for
//! them, decodes them as they stream in, and caps what they inflate to.

use crate::support;

use std::io::Write;

use odoo_runtime::{Call, Client, ErrorKind, Protocol, Value};
use support::{xml, ReplayServer, Reply};

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn gzipped(content_type: &'static str, body: &[u8]) -> Reply {
    Reply::Body {
        status: 200,
        content_type,
        body: gzip(body),
        headers: vec![("Content-Encoding", "gzip".into())],
    }
}

fn client(url: &str, max: usize, compression: bool) -> Client {
    Client::builder()
        .url(url)
        .database("odoo19")
        .password("admin", "pw")
        .uid(2)
        .max_response_bytes(max)
        .compression(compression)
        .build()
        .unwrap()
}

#[tokio::test]
async fn asks_for_compression_and_decodes_a_gzipped_xmlrpc_answer() {
    let names: String = (0..2000)
        .map(|i| format!("<value><string>Partner {i}</string></value>"))
        .collect();
    let body = xml::response(&format!("<array><data>{names}</data></array>"));
    let server = ReplayServer::start(vec![gzipped("text/xml", body.as_bytes())]).await;
    let got: Vec<String> = client(&server.url, 1 << 20, true)
        .call(Call::new("res.partner", "search").arg("domain", Value::Array(vec![])))
        .await
        .unwrap();
    assert_eq!(got.len(), 2000);
    assert_eq!(got[1999], "Partner 1999");
    let reqs = server.requests();
    let accept = reqs[0].header("accept-encoding").unwrap_or_default();
    assert!(accept.contains("gzip"), "Accept-Encoding: {accept:?}");
    let agent = reqs[0].header("user-agent").unwrap_or_default();
    assert!(agent.starts_with("odoo-rs/"), "User-Agent: {agent:?}");
}

#[tokio::test]
async fn decodes_a_gzipped_json2_answer() {
    let body = br#"[{"id": 7, "name": "Azure Interior"}]"#;
    let server = ReplayServer::start(vec![gzipped("application/json", body)]).await;
    let c = Client::builder()
        .url(&server.url)
        .database("odoo19")
        .api_key("admin", "0123456789abcdef")
        .protocol(Protocol::Json2)
        .build()
        .unwrap();
    let rows: Vec<Value> = c
        .call(Call::new("res.partner", "search_read").arg("fields", ["name"]))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0].get("name").and_then(Value::as_str),
        Some("Azure Interior")
    );
}

#[tokio::test]
async fn a_gzip_bomb_is_a_bounded_transport_error() {
    // 64 MiB of zeros inflate from about 64 KiB: the cap counts decoded bytes.
    let inflated = vec![b' '; 64 << 20];
    let bomb = gzip(&inflated);
    drop(inflated);
    assert!(bomb.len() < 1 << 20, "{} compressed bytes", bomb.len());
    let server = ReplayServer::start(vec![Reply::Body {
        status: 200,
        content_type: "text/xml",
        body: bomb,
        headers: vec![("Content-Encoding", "gzip".into())],
    }])
    .await;
    let err = client(&server.url, 4 << 20, true)
        .version()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("exceeds the limit of 4194304 bytes (decoded"),
        "{text}"
    );
    assert!(text.len() < 400, "{text}");
}

#[tokio::test]
async fn compression_off_asks_for_none() {
    let server = ReplayServer::start(vec![Reply::xml(&xml::version())]).await;
    client(&server.url, 1 << 20, false).version().await.unwrap();
    let reqs = server.requests();
    assert_eq!(reqs[0].header("accept-encoding"), None);
}
