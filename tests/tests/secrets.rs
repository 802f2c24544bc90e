//! The secrets audit: with every log at TRACE (`tracing` and the `log` records of the HTTP
//! stack), a full CRUD run on every protocol, its errors, and the codegen CLI never print the
//! password or the API key.

use clap::Parser as _;
use odoo_runtime::{Call, Client, Domain, OdooModel, Protocol, RecordId, Value, Values};
use odoo_testkit::TestServer;
use odoo_tests::logs::LogSink;

const PASSWORD: &str = "pw-5ecr3t-d0-not-l0g";
const API_KEY: &str = "key-5ecr3t-d0-not-l0g-0123456789";

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)] // a read list: the fields are what the run asks for
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    email: Option<String>,
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(PASSWORD),
        "{what} shows the password:\n{text}"
    );
    assert!(!text.contains(API_KEY), "{what} shows the API key:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_logs_errors_debug_or_cli_output() {
    let sink = LogSink::default();
    let writer = sink.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .try_init()
        .expect("the only subscriber of this test binary");

    let server = TestServer::builder()
        .schema(odoo_examples::demo_schema())
        .data_json(odoo_examples::DEMO_DATA)
        .database("demo")
        .user("admin", PASSWORD)
        .api_key("admin", API_KEY)
        .report("base.report_partner", "res.partner")
        .start()
        .await
        .unwrap();

    let mut shown = String::new();
    for protocol in [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2] {
        let builder = Client::builder()
            .url(server.url())
            .database("demo")
            .protocol(protocol);
        let builder = match protocol {
            Protocol::Json2 => builder.api_key("admin", API_KEY),
            _ => builder.password("admin", PASSWORD),
        };
        shown.push_str(&format!("{builder:?}\n"));
        let c = builder.build().unwrap();
        shown.push_str(&format!("{c:?}\n"));
        let id = c
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, "Secret Keeper")
                    .set(Partner::EMAIL, "k@example.com"),
            )
            .await
            .unwrap();
        let _ = c.read([id]).await.unwrap();
        c.write([id], Values::new().clear(Partner::EMAIL))
            .await
            .unwrap();
        let _: Vec<Partner> = c.search_read(Partner::NAME.ilike("keeper")).await.unwrap();
        let _ = c.search_count(Domain::<Partner>::all()).await.unwrap();
        c.unlink([id]).await.unwrap();
        // errors of every kind the server can give
        for e in [
            c.call::<Value>(
                Call::new("res.partner", "read")
                    .ids([1])
                    .arg("fields", ["nope"]),
            )
            .await
            .unwrap_err(),
            c.call::<Value>(
                Call::new("no.such.model", "search").arg("domain", Domain::<Partner>::all()),
            )
            .await
            .unwrap_err(),
            c.write([id], Values::new().set(Partner::NAME, "gone"))
                .await
                .unwrap_err(),
        ] {
            shown.push_str(&format!("{e}\n{e:?}\n"));
        }
    }
    // wrong secrets: the error names the login and database, never what was sent
    let wrong = format!("{PASSWORD}-wrong");
    let bad = Client::builder()
        .url(server.url())
        .database("demo")
        .password("admin", &wrong)
        .build()
        .unwrap();
    let e = bad.authenticate().await.unwrap_err();
    shown.push_str(&format!("{e}\n{e:?}\n"));
    assert!(!format!("{e}{e:?}").contains(&wrong));
    let bad_key = Client::builder()
        .url(server.url())
        .database("demo")
        .api_key("admin", format!("{API_KEY}x"))
        .protocol(Protocol::Json2)
        .build()
        .unwrap();
    let e = bad_key
        .search_count(Domain::<Partner>::all())
        .await
        .unwrap_err();
    shown.push_str(&format!("{e}\n{e:?}\n"));

    // a report in a web session, renewed once: the session id is a secret too
    let c = Client::builder()
        .url(server.url())
        .database("demo")
        .password("admin", PASSWORD)
        .build()
        .unwrap();
    for _ in 0..2 {
        let body = c
            .report("base.report_partner")
            .ids([1])
            .html()
            .await
            .unwrap();
        shown.push_str(&format!("{body:?}\n"));
        let _ = body.bytes().await.unwrap();
        c.__expire_web_session().await.unwrap();
    }
    let e = c.report("no.report").ids([1]).await.unwrap_err();
    shown.push_str(&format!("{e}\n{e:?}\n{c:?}\n"));

    // the codegen CLI, with the secrets in its environment as documented
    // SAFETY: this binary's only test; nothing else reads the environment meanwhile.
    unsafe {
        std::env::set_var("ODOO_PASSWORD", PASSWORD);
        std::env::remove_var("ODOO_API_KEY");
    }
    let dir = std::env::temp_dir().join(format!("odoo-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let snapshot = dir.join("schema.json");
    let url = server.url();
    for args in [
        vec![
            "odoo-codegen",
            "pull",
            "--url",
            url.as_str(),
            "--db",
            "demo",
            "--user",
            "admin",
            "--out",
            snapshot.to_str().unwrap(),
        ],
        vec![
            "odoo-codegen",
            "pull",
            "--url",
            url.as_str(),
            "--db",
            "nope",
            "--user",
            "admin",
            "--out",
            snapshot.to_str().unwrap(),
        ],
        vec![
            "odoo-codegen",
            "pull",
            "--url",
            "http://127.0.0.1:9",
            "--db",
            "demo",
            "--user",
            "admin",
            "--out",
            snapshot.to_str().unwrap(),
        ],
    ] {
        let cli = odoo_codegen::cli::Cli::try_parse_from(&args).unwrap();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = tokio::task::spawn_blocking(move || {
            let code = odoo_codegen::cli::run(cli, &mut out, &mut err);
            (code, out, err)
        })
        .await
        .unwrap();
        shown.push_str(&String::from_utf8_lossy(&code.1));
        shown.push_str(&String::from_utf8_lossy(&code.2));
    }
    let help = odoo_codegen::cli::Cli::try_parse_from(["odoo-codegen", "pull", "--help"])
        .unwrap_err()
        .to_string();
    shown.push_str(&help);
    // SAFETY: as above.
    unsafe { std::env::remove_var("ODOO_PASSWORD") };
    let _ = std::fs::remove_dir_all(&dir);

    let logs = sink.text();
    assert!(logs.contains("odoo call"), "the calls were traced");
    assert!(
        logs.lines().count() > 50,
        "TRACE logging was on: {} lines",
        logs.lines().count()
    );
    assert_clean("the TRACE logs", &logs);
    assert_clean("Debug, Display and CLI output", &shown);
    for (what, text) in [("the TRACE logs", &logs), ("Debug, Display", &shown)] {
        assert!(
            !text.contains("session_id="),
            "{what} show a session id:\n{text}"
        );
    }
}
