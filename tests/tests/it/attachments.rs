//! Attachments streamed in and out of odoo-testkit on every protocol: bytes that come back
//! the same (small, and past the 256 KiB where an answer is decoded as it arrives), the
//! typed `bin_size`, a missing attachment, the limits, and base64 the server refuses.

use odoo_runtime::schema::Schema;
use odoo_runtime::{BinarySize, Call, Client, ErrorKind, OdooModel, Protocol, RecordId, Value};
use odoo_testkit::TestServer;

const KEY: &str = "attachments-key";

#[derive(Debug, OdooModel)]
#[odoo(model = "ir.attachment")]
struct Sized {
    id: RecordId<Sized>,
    datas: Option<BinarySize>,
    file_size: i64,
    mimetype: Option<String>,
}

async fn start() -> TestServer {
    TestServer::builder()
        .schema(Schema::new("19.0", "odoo19"))
        .user("admin", "admin")
        .api_key("admin", KEY)
        .start()
        .await
        .expect("test server")
}

fn clients(server: &TestServer) -> Vec<(Protocol, Client)> {
    [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2]
        .into_iter()
        .map(|p| {
            let b = Client::builder()
                .url(server.url())
                .database("odoo19")
                .protocol(p);
            let b = if p == Protocol::Json2 {
                b.api_key("admin", KEY)
            } else {
                b.password("admin", "admin")
            };
            (p, b.build().expect("client"))
        })
        .collect()
}

fn content(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 % 256) as u8).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_and_downloads_give_back_the_same_bytes() {
    let server = start().await;
    for (p, c) in clients(&server) {
        for len in [0usize, 1, 2, 3, 1000, 700 << 10] {
            let data = content(len);
            let id = c
                .upload_attachment(format!("{p} {len}.bin"))
                .from_reader(&data[..], len as u64)
                .await
                .unwrap_or_else(|e| panic!("{p} upload of {len}: {e}"));
            let back = c
                .download_attachment(id)
                .to_vec()
                .await
                .unwrap_or_else(|e| panic!("{p} download of {len}: {e}"));
            assert!(back == data, "{p}: {len} bytes came back different");
            let read: Vec<Sized> = c
                .read([RecordId::new(id)])
                .context("bin_size", true)
                .await
                .unwrap()
                .all_found()
                .unwrap();
            assert_eq!(read[0].id.get(), id, "{p}");
            assert_eq!(read[0].file_size, len as i64, "{p}");
            assert_eq!(
                read[0].mimetype.as_deref(),
                Some("application/octet-stream"),
                "{p}: named .bin, then guessed from content that is not text"
            );
            assert_eq!(
                read[0].datas.as_ref().map(BinarySize::bytes),
                (len > 0).then_some(len as u64),
                "{p}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_attachments_limits_and_refused_base64_are_typed_errors() {
    let server = start().await;
    for (p, c) in clients(&server) {
        let e = c.download_attachment(424242).to_vec().await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{p}: {e}");

        let data = content(600 << 10);
        let id = c
            .upload_attachment("big.bin")
            .from_bytes(&data)
            .await
            .unwrap();
        let e = c
            .download_attachment(id)
            .max_size(100 << 10)
            .to_vec()
            .await
            .unwrap_err();
        assert!(e.is_too_large(), "{p}: {e}");
        let e = c
            .upload_attachment("refused.bin")
            .max_size(10)
            .from_bytes(&data)
            .await
            .unwrap_err();
        assert!(e.is_too_large(), "{p}: {e}");
        let e = c
            .upload_attachment("long.bin")
            .from_reader(&data[..], 10)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("more than the 10 bytes"), "{p}: {e}");

        // Odoo's `b64decode` refuses a wrong padding, as the kit does.
        let vals = Value::from(vec![Value::Struct(
            [
                ("name".to_owned(), Value::from("bad")),
                ("datas".to_owned(), Value::from("aGk")),
            ]
            .into_iter()
            .collect(),
        )]);
        let e = c
            .call::<Value>(Call::new("ir.attachment", "create").arg("vals_list", vals))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ServerError, "{p}: {e}");
        assert!(e.to_string().contains("Incorrect padding"), "{p}: {e}");
        let names: Vec<Value> = c
            .call(
                Call::new("ir.attachment", "search_read")
                    .arg("domain", Value::Array(vec![]))
                    .arg("fields", vec!["name"]),
            )
            .await
            .unwrap();
        assert_eq!(names.len(), 1, "{p}: only big.bin was created: {names:?}");
        let _: Value = c
            .call(Call::new("ir.attachment", "unlink").ids([id]))
            .await
            .unwrap();
    }
}

/// The blocking client has them through `run`, files included.
#[test]
fn the_blocking_client_uploads_and_downloads_files() {
    let server = odoo_testkit::TestServer::builder()
        .schema(Schema::new("19.0", "odoo19"))
        .user("admin", "admin")
        .start_background()
        .expect("test server");
    let client = odoo_runtime::blocking::Client::builder()
        .url(server.url())
        .database("odoo19")
        .password("admin", "admin")
        .build()
        .unwrap();
    let dir = std::env::temp_dir().join(format!("odoo-rs-blocking-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let data = content(300 << 10);
    std::fs::write(dir.join("in.bin"), &data).unwrap();
    let id = client
        .run(|c| c.upload_attachment("in.bin").from_file(dir.join("in.bin")))
        .unwrap();
    let n = client
        .run(|c| c.download_attachment(id).to_file(dir.join("out.bin")))
        .unwrap();
    assert_eq!(n, data.len() as u64);
    assert!(std::fs::read(dir.join("out.bin")).unwrap() == data);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `.field(model, field)` streams another binary field the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_binary_field_downloads_the_same_way() {
    use odoo_runtime::schema::{Field, FieldType, Model};
    let mut schema = Schema::new("19.0", "odoo19");
    let mut m = Model::new("x_document", "Document");
    for f in [
        Field::new("x_name", FieldType::Char, "Name"),
        Field::new("x_file", FieldType::Binary, "File"),
    ] {
        m.fields.insert(f.name.clone(), f);
    }
    schema.insert(m);
    let data = content(400 << 10);
    // A `Binary` serializes as its base64.
    let b64 = serde_json::to_string(&odoo_runtime::Binary(data.clone())).unwrap();
    let seed = format!(
        r#"{{"x_document": [{{"id": 5, "x_name": "a", "x_file": {b64}}}, {{"id": 6, "x_name": "b"}}]}}"#
    );
    let server = TestServer::builder()
        .schema(schema)
        .data_json(&seed)
        .user("admin", "admin")
        .api_key("admin", KEY)
        .start()
        .await
        .expect("test server");
    for (p, c) in clients(&server) {
        let back = c
            .download_attachment(5)
            .field("x_document", "x_file")
            .to_vec()
            .await
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        assert!(back == data, "{p}");
        let empty = c
            .download_attachment(6)
            .field("x_document", "x_file")
            .to_vec()
            .await
            .unwrap();
        assert!(empty.is_empty(), "{p}");
    }
}
