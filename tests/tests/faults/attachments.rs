//! Attachments through a broken network: a download cut off half-way, or reset, is an error
//! and is not sent again (what was written cannot be taken back), and `to_file` leaves no
//! partial file; an upload whose answer is lost is not sent twice.

use std::time::Duration;

use odoo_runtime::{Call, Client, ErrorKind, Protocol, Value};

use crate::bounded;
use crate::proxy::{Fault, Plan, Proxy};
use crate::target::{Target, PROTOS};

/// Past the 256 KiB where an answer is decoded as it arrives, and a small one.
const SIZES: [usize; 2] = [600 << 10, 3000];

#[tokio::test]
async fn a_download_cut_off_is_an_error_sent_once_and_leaves_no_file() {
    bounded(60, async {
        let target = Target::testkit().await;
        let dir = std::env::temp_dir().join(format!("odoo-rs-faults-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for proto in PROTOS {
            for len in SIZES {
                let data: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
                let id = target
                    .direct(proto)
                    .upload_attachment("odoo-rs faults cut.bin")
                    .from_bytes(&data)
                    .await
                    .expect("upload");
                for fault in [
                    Fault::Truncate { reset: false },
                    Fault::Truncate { reset: true },
                    Fault::Reset { forward: false },
                ] {
                    let proxy = Proxy::start(&target.url).await;
                    proxy.plan(Plan::always(fault.clone()));
                    let client = target
                        .authenticated(proto, &proxy.url)
                        .retries(2)
                        .build()
                        .unwrap();
                    let path = dir.join("cut.bin");
                    let e = client
                        .download_attachment(id)
                        .to_file(&path)
                        .await
                        .expect_err("a broken answer");
                    assert_eq!(
                        e.kind(),
                        ErrorKind::Transport,
                        "{proto:?} {len} {fault:?}: {e}"
                    );
                    assert!(!path.exists(), "{proto:?} {len} {fault:?}: a partial file");
                    let downloads = proxy
                        .seen()
                        .iter()
                        .filter(|s| s.body.windows(5).any(|w| w == b"datas"))
                        .count();
                    assert_eq!(downloads, 1, "{proto:?} {len} {fault:?}: sent again");
                }
                let _: Value = target
                    .direct(proto)
                    .call(Call::new("ir.attachment", "unlink").ids([id]))
                    .await
                    .unwrap();
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
    })
    .await;
}

#[tokio::test]
async fn an_upload_whose_answer_is_lost_is_not_sent_twice() {
    bounded(60, async {
        let target = Target::testkit().await;
        for proto in PROTOS {
            let proxy = Proxy::start(&target.url).await;
            proxy.plan(Plan::always(Fault::Close { forward: true }));
            let client = target
                .authenticated(proto, &proxy.url)
                .retries(2)
                .build()
                .unwrap();
            let name = format!("odoo-rs faults lost {proto:?}");
            let data = vec![7u8; 100_000];
            let e = client
                .upload_attachment(name.as_str())
                .from_bytes(&data)
                .await
                .expect_err("a lost answer");
            assert_eq!(e.kind(), ErrorKind::Transport, "{proto:?}: {e}");
            assert!(
                e.to_string()
                    .contains("not sent again: its body was read from the caller's reader"),
                "{proto:?}: {e}"
            );
            assert_eq!(proxy.seen().len(), 1, "{proto:?}: sent again");
            let made: Vec<i64> = target
                .direct(proto)
                .call(Call::new("ir.attachment", "search").arg(
                    "domain",
                    Value::from(vec![Value::from(vec![
                        Value::from("name"),
                        Value::from("="),
                        Value::from(name.as_str()),
                    ])]),
                ))
                .await
                .unwrap();
            assert_eq!(made.len(), 1, "{proto:?}: the server ran it once");
        }
    })
    .await;
}

/// A refused connection is retried for any other request; an upload is not, and says why:
/// the reader's bytes went into the first attempt.
#[tokio::test]
async fn an_upload_to_a_refused_connection_is_one_attempt_with_the_connect_error() {
    bounded(20, async {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let client = Client::builder()
            .url(format!("http://127.0.0.1:{port}"))
            .database("odoo19")
            .api_key("admin", "key")
            .protocol(Protocol::Json2)
            .retries(2)
            .max_retry_wait(Duration::from_millis(10))
            .build()
            .unwrap();
        let e = client
            .upload_attachment("refused.bin")
            .from_bytes(b"abc")
            .await
            .expect_err("nothing listens");
        assert!(e.is_connect(), "{e}");
        assert!(e.to_string().contains("1 attempt;"), "{e}");
    })
    .await;
}
