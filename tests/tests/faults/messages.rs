//! What errors say: the cause of a failed connection in the message itself, the timeout and the
//! attempts, server text and bad values bounded in `Display` and `Debug` (and whole through
//! the accessors), no `decode error: decode error`.

use std::time::Duration;

use odoo_runtime::{Call, ErrorKind, OdooModel, RecordId, Value};

use crate::bounded;
use crate::proxy::{Fault, Plan, Proxy};
use crate::target::{count_call, Proto, Target, PROTOS};

/// Display and Debug stay within these (the 200-character excerpts plus the rest of the
/// sentence).
const MAX_DISPLAY: usize = 1000;

#[tokio::test]
async fn a_refused_connection_says_connection_refused_and_the_attempts() {
    bounded(20, async {
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap().port()
        };
        let target = Target::testkit().await;
        for proto in PROTOS {
            let client = target
                .builder(proto, &format!("http://127.0.0.1:{port}"))
                .retries(2)
                .max_retry_wait(Duration::from_millis(10))
                .build()
                .unwrap();
            let e = client.version().await.expect_err("nothing listens");
            let text = e.to_string();
            assert!(e.is_connect(), "{proto:?}: {text}");
            assert!(
                text.to_lowercase().contains("connection refused"),
                "{proto:?}: {text}"
            );
            assert!(text.contains("3 attempts"), "{proto:?}: {text}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_dns_failure_says_dns() {
    bounded(20, async {
        let target = Target::testkit().await;
        let client = target
            .builder(Proto::XmlRpc, "http://odoo-rs-faults.invalid:8069")
            .retries(0)
            .build()
            .unwrap();
        let e = client.version().await.expect_err("no such host");
        let text = e.to_string();
        assert!(e.is_connect(), "{text}");
        assert!(text.contains("dns error"), "{text}");
        assert!(text.contains("odoo-rs-faults.invalid"), "{text}");
    })
    .await;
}

#[tokio::test]
async fn https_on_a_plain_http_port_says_tls() {
    bounded(20, async {
        let target = Target::testkit().await;
        let url = target.url.replace("http://", "https://");
        for proto in PROTOS {
            let client = target.builder(proto, &url).retries(0).build().unwrap();
            let e = client.call::<i64>(count_call()).await.expect_err("not TLS");
            let text = e.to_string();
            assert!(text.contains("TLS"), "{proto:?}: {text}");
            assert!(
                text.contains("http://"),
                "{proto:?}: suggests plain HTTP: {text}"
            );
        }
    })
    .await;
}

#[tokio::test]
async fn a_timeout_says_the_timeout_and_the_attempts() {
    bounded(20, async {
        let target = &Target::testkit().await;
        // The protocols at once: each waits out two timeouts.
        futures_util::future::join_all(PROTOS.map(|proto| async move {
            let proxy = Proxy::start(&target.url).await;
            let client = target
                .builder(proto, &proxy.url)
                .timeout(Duration::from_millis(300))
                .deadline(None)
                .retries(1)
                .max_retry_wait(Duration::from_millis(10))
                .build()
                .unwrap();
            client.authenticate().await.unwrap();
            proxy.plan(Plan::always(Fault::Hang));
            let e = client.call::<i64>(count_call()).await.expect_err("a hang");
            let text = e.to_string();
            assert!(e.is_timeout(), "{proto:?}: {text}");
            assert!(
                text.contains("300 ms") && text.contains("2 attempts"),
                "{proto:?}: {text}"
            );
        }))
        .await;
    })
    .await;
}

/// A 20 MiB message: a few hundred characters in `Display` and `Debug`, with the full length;
/// all of it through `server_message()`.
#[tokio::test]
async fn server_text_is_bounded_in_display_and_whole_through_the_accessor() {
    bounded(30, async {
        let target = Target::testkit().await;
        let huge = "m".repeat(20 << 20);
        for proto in PROTOS {
            let proxy = Proxy::start(&target.url).await;
            let client = target.builder(proto, &proxy.url).build().unwrap();
            client.authenticate().await.unwrap();
            proxy.plan(Plan::always(Fault::Reply(proto.user_error(&huge))));
            let e = client
                .call::<i64>(count_call())
                .await
                .expect_err("a user error");
            assert_eq!(e.kind(), ErrorKind::UserError, "{proto:?}");
            let (display, debug) = (e.to_string(), format!("{e:?}"));
            assert!(
                display.len() < MAX_DISPLAY,
                "{proto:?}: Display of {} bytes",
                display.len()
            );
            assert!(
                debug.len() < MAX_DISPLAY * 3 / 2,
                "{proto:?}: Debug of {} bytes",
                debug.len()
            );
            assert!(
                display.contains("…") && display.contains("20971520"),
                "{proto:?}: {display}"
            );
            assert_eq!(
                e.server_message().map(str::len),
                Some(huge.len()),
                "{proto:?}"
            );
            assert_eq!(
                e.fault().map(|f| f.message.len()),
                Some(huge.len()),
                "{proto:?}"
            );
        }
    })
    .await;
}

/// An XML-RPC traceback whose last line is 1 MiB long.
#[tokio::test]
async fn a_huge_traceback_line_is_bounded() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        let client = target.authenticated(Proto::XmlRpc, &proxy.url).build().unwrap();
        let fault = format!(
            "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: {}\n",
            "v".repeat(1 << 20)
        );
        let body = format!(
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>{fault}</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"
        );
        proxy.plan(Plan::always(Fault::Reply(crate::proxy::Reply::new(200, "text/xml", body))));
        let e = client.call::<i64>(count_call()).await.expect_err("a fault");
        assert_eq!(e.exception_class(), Some("ValueError"));
        assert!(e.to_string().len() < MAX_DISPLAY, "{} bytes", e.to_string().len());
        assert!(format!("{e:?}").len() < MAX_DISPLAY * 3 / 2);
        assert_eq!(e.server_message().map(str::len), Some(1 << 20));
        assert!(e.traceback().is_some_and(|t| t.len() > 1 << 20));
    })
    .await;
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)]
struct Partner {
    id: RecordId<Partner>,
    name: String,
}

/// A 64 KiB string where a number is expected, untyped and in a derived struct, on every
/// protocol: the value shown once, bounded, with its length; never `decode error: decode error`.
#[tokio::test]
async fn a_bad_value_is_shown_once_and_bounded() {
    bounded(20, async {
        let target = Target::testkit().await;
        let long = "z".repeat(64 << 10);
        for proto in PROTOS {
            let proxy = Proxy::start(&target.url).await;
            let client = target.builder(proto, &proxy.url).build().unwrap();
            client.authenticate().await.unwrap();
            let reply = proto.answer(&format!("<string>{long}</string>"), &format!("\"{long}\""));
            proxy.plan(Plan::always(Fault::Reply(reply)));
            let untyped = client.call::<i64>(count_call()).await.expect_err("a string");
            let record = format!(
                "<array><data><value><struct><member><name>id</name><value><string>{long}</string></value></member><member><name>name</name><value><string>A</string></value></member></struct></value></data></array>"
            );
            let json = format!(r#"[{{"id": "{long}", "name": "A"}}]"#);
            proxy.plan(Plan::always(Fault::Reply(proto.answer(&record, &json))));
            let typed = client
                .search_read::<Partner>(odoo_runtime::Domain::all())
                .await
                .expect_err("a string id");
            for e in [untyped, typed] {
                assert_eq!(e.kind(), ErrorKind::Decode, "{proto:?}: {e}");
                let text = e.to_string();
                assert!(text.len() < MAX_DISPLAY, "{proto:?}: Display of {} bytes", text.len());
                assert!(format!("{e:?}").len() < MAX_DISPLAY * 3 / 2, "{proto:?}: Debug");
                assert!(text.contains("bytes in all)"), "{proto:?}: {text}");
                assert!(text.matches('z').count() < 300, "{proto:?}: the value once: {text}");
                assert!(!text.contains("decode error: decode error"), "{proto:?}: {text}");
            }
        }
    })
    .await;
}

/// `Value` into a type that does not fit, and a `Call` of the wrong shape: one prefix each.
#[tokio::test]
async fn no_message_says_decode_error_twice() {
    bounded(20, async {
        let target = Target::testkit().await;
        for proto in PROTOS {
            let client = target.direct(proto);
            let v: Value = client.call(count_call()).await.unwrap();
            let e = v.deserialize_into::<Vec<String>>().expect_err("a number");
            assert!(!e.to_string().contains("decode error: decode error"), "{e}");
            let e = client
                .call::<Vec<Vec<String>>>(
                    Call::new("res.partner", "search").arg("domain", Vec::<Value>::new()),
                )
                .await
                .expect_err("ids are numbers");
            assert!(
                !e.to_string().contains("decode error: decode error"),
                "{proto:?}: {e}"
            );
        }
    })
    .await;
}
