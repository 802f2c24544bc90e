//! Redirects: the client follows none for RPC calls, says where the server wanted to send it
//! and how to fix the URL, and no credential — password, API key, bearer header — ever reaches
//! an origin other than the configured one, whatever the server answers, also through a
//! user-supplied HTTP client that follows redirects.

use odoo_runtime::{Call, Client, Error, ErrorKind, Value};

use crate::bounded;
use crate::proxy::{Fault, Plan, Proxy, Reply};
use crate::target::{count_call, create_call, Proto, Target, PROTOS};

/// The redirect statuses (301, 302 and 303 turn a POST into a GET when followed; 307 and 308
/// send it again, body and all).
const REDIRECTS: [u16; 6] = [300, 301, 302, 303, 307, 308];

/// How the client under test was made.
#[derive(Clone, Copy, Debug)]
enum Http {
    /// The builder's own HTTP client.
    Own,
    /// `reqwest::Client::new()`: follows up to ten redirects.
    Following,
}

/// Every call the client makes, on `client`: version, authenticate, a read, a create, and on
/// JSON-2 the API documentation.
async fn every_call(client: &Client, proto: Proto, name: &str) -> Vec<Result<(), Error>> {
    let mut out = vec![
        client.version().await.map(drop),
        client.authenticate().await.map(drop),
        client.call::<i64>(count_call()).await.map(drop),
        client.call::<Value>(create_call(name)).await.map(drop),
    ];
    if proto == Proto::Json2 {
        out.push(client.api_doc("res.partner").await.map(drop));
    }
    out
}

/// A redirect of the proxy's every answer to `foreign` (another origin) or to a path of its
/// own (the same origin), with the path kept.
fn redirect_plan(status: u16, target: String, same_origin: bool) -> Plan {
    Plan::with(move |_, _, seen| {
        if same_origin && seen.path.starts_with("/moved") {
            return Fault::Pass;
        }
        let location = if same_origin {
            format!("/moved{}", seen.path)
        } else {
            format!("{target}{}", seen.path)
        };
        Fault::Reply(Reply::redirect(status, &location))
    })
}

/// One case: every call through a proxy that redirects every answer with `status`; the
/// credentials that reached the other origin, and what else was wrong.
async fn redirect_case(
    target: &Target,
    proto: Proto,
    http: Http,
    status: u16,
    same_origin: bool,
) -> (Vec<String>, Vec<String>) {
    let (mut leaks, mut wrong) = (Vec::new(), Vec::new());
    let proxy = Proxy::start(&target.url).await;
    // The other origin answers like the real server: it forwards to it too.
    let foreign = Proxy::start(&target.url).await;
    proxy.plan(redirect_plan(status, foreign.url.clone(), same_origin));
    let mut b = target.builder(proto, &proxy.url).retries(1);
    if let Http::Following = http {
        b = b.http_client(reqwest::Client::new());
    }
    let client = b.build().expect("valid settings");
    let name = target.name(&format!("{proto:?} redirect {status}"));
    let results = every_call(&client, proto, &name).await;
    let made = target.partners_named(&name).await.len();
    target.remove_partners(&name).await;
    let case = format!("{proto:?} {http:?} {status} same origin: {same_origin}");
    for seen in foreign.seen() {
        if seen.carries(target.secret(proto)) || seen.header("authorization").is_some() {
            leaks.push(format!(
                "{case}: {} {} reached {}",
                seen.method, seen.path, foreign.url
            ));
        }
    }
    if made != 0 {
        wrong.push(format!(
            "{case}: a create through a redirect made {made} record(s)"
        ));
    }
    for r in &results {
        match r {
            Err(e) if e.kind() == ErrorKind::Transport && e.status() == Some(status) => {
                let text = e.to_string();
                let location = if same_origin {
                    "/moved/"
                } else {
                    foreign.url.as_str()
                };
                if !text.contains("redirect") || !text.contains(location) {
                    wrong.push(format!("{case}: {text}"));
                }
            }
            Err(e)
                if matches!(http, Http::Following)
                    && e.kind() == ErrorKind::Transport
                    && e.to_string().contains("redirect") => {}
            other => wrong.push(format!("{case}: expected a redirect error, got {other:?}")),
        }
    }
    (leaks, wrong)
}

async fn no_credential_reaches_another_origin(target: Target) {
    use futures_util::StreamExt as _;
    let mut cases = Vec::new();
    for proto in PROTOS {
        for http in [Http::Own, Http::Following] {
            for status in REDIRECTS {
                for same_origin in [false, true] {
                    cases.push((proto, http, status, same_origin));
                }
            }
        }
    }
    let target = &target;
    let outcomes: Vec<(Vec<String>, Vec<String>)> = futures_util::stream::iter(cases.iter())
        .map(|&(proto, http, status, same)| redirect_case(target, proto, http, status, same))
        .buffer_unordered(8)
        .collect()
        .await;
    let leaks: Vec<String> = outcomes.iter().flat_map(|o| o.0.clone()).collect();
    let wrong: Vec<String> = outcomes.iter().flat_map(|o| o.1.clone()).collect();
    println!(
        "{} redirect cases, {} credential leaks",
        cases.len(),
        leaks.len()
    );
    assert!(
        leaks.is_empty(),
        "credentials reached another origin:\n{}",
        leaks.join("\n")
    );
    assert!(wrong.is_empty(), "wrong outcomes:\n{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_credential_reaches_another_origin_through_the_test_server() {
    bounded(
        55,
        no_credential_reaches_another_origin(Target::testkit().await),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
async fn no_credential_reaches_another_origin_through_the_real_odoo() {
    let _shared = crate::overload::SERVER.read().await;
    bounded(
        55,
        no_credential_reaches_another_origin(Target::live().await),
    )
    .await;
}

/// The message names the status and the `Location`, and suggests the fix: `https://` where
/// the redirect goes to the same host over TLS, the path prefix where it adds one.
#[tokio::test]
async fn a_redirect_error_names_the_status_the_location_and_the_fix() {
    bounded(20, async {
        let target = Target::testkit().await;
        for proto in PROTOS {
            let proxy = Proxy::start(&target.url).await;
            let host = proxy.url.trim_start_matches("http://").to_owned();
            let path = proto.object_path("res.partner", "search_count");
            let cases = [
                (
                    308,
                    format!("https://{host}{path}"),
                    format!("https://{host}"),
                ),
                (
                    301,
                    format!("{}/odoo{path}", proxy.url),
                    format!("{}/odoo", proxy.url),
                ),
                (
                    307,
                    format!("https://elsewhere.example{path}"),
                    "https://elsewhere.example".to_owned(),
                ),
            ];
            for (status, location, fix) in cases {
                proxy.plan(Plan::always(Fault::Reply(Reply::redirect(
                    status, &location,
                ))));
                let client = target.authenticated(proto, &proxy.url).build().unwrap();
                let e = client
                    .call::<i64>(count_call())
                    .await
                    .expect_err("a redirect");
                let text = e.to_string();
                assert_eq!(e.kind(), ErrorKind::Transport, "{proto:?} {status}: {text}");
                assert_eq!(e.status(), Some(status), "{proto:?}: {text}");
                assert!(
                    text.contains(&location),
                    "{proto:?} {status}: names the Location: {text}"
                );
                assert!(
                    text.contains(&format!(".url(\"{fix}\")")),
                    "{proto:?} {status}: suggests {fix}: {text}"
                );
                assert_eq!(proxy.seen().len(), 1, "{proto:?} {status}: not retried");
                proxy.clear();
            }
        }
    })
    .await;
}

/// A `Location` of megabytes (a hostile server) is shown bounded.
#[tokio::test]
async fn a_huge_location_is_bounded() {
    bounded(20, async {
        let target = Target::testkit().await;
        let proxy = Proxy::start(&target.url).await;
        let location = format!("http://elsewhere.example/{}", "a".repeat(60_000));
        proxy.plan(Plan::always(Fault::Reply(Reply::redirect(302, &location))));
        let client = target
            .authenticated(Proto::XmlRpc, &proxy.url)
            .build()
            .unwrap();
        let e = client
            .call::<Value>(
                Call::new("res.partner", "search_count").arg("domain", Vec::<Value>::new()),
            )
            .await
            .expect_err("a redirect");
        assert!(e.to_string().len() < 1000, "{} chars", e.to_string().len());
    })
    .await;
}
