//! The differential suite: every scenario of [`scenarios::all`] is sent as raw requests to a
//! real Odoo (17, 18 or 19: whichever `ODOO_URL` names; CI runs it against the three) and to
//! an odoo-testkit seeded from it ([`seed`]), which answers as that version; their answers must agree
//! — HTTP status and content type, fault code, exception class and message, value — once what
//! legitimately differs is normalised ([`wire::normalise`]). A difference that is not listed
//! in [`ACCEPTED`] for that version with its reason fails the suite, and so does an accepted
//! difference that no longer differs. A real answer that varies from one Odoo process to the
//! next is compared with both of its forms ([`EITHER`]). Before 19, the exceptions chained
//! before a traceback's last one are not compared ([`wire::drop_chains`]).
//!
//! `cargo test -p odoo-testkit --test differential -- --include-ignored` with `ODOO_URL`,
//! `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD`, `ODOO_API_KEY_FILE`, `ODOO_DEMO_USER`,
//! `ODOO_DEMO_PASSWORD` and `ODOO_DEMO_API_KEY_FILE` set (`../shared/odoo-server/up` prints
//! them). Scenarios that write name their records `odoo-rs diff …` and remove them.
//! `DIFF_ONLY=<text>` runs only the scenarios whose name contains the text (while working on
//! one; the counts and the minimum are then not checked); `DIFF_ONLY=walkthrough` runs only
//! the documentation's walk-through ([`walkthrough`]).

mod attachments;
mod context;
mod imports;
mod integrity;
mod reports;
mod rules;
mod scenarios;
mod seed;
mod unique;
mod versions;
mod walkthrough;
mod wire;

use std::collections::BTreeMap;

use odoo_testkit::User;
use serde_json::{json, Value as Json};

use scenarios::Scenario;
use wire::{Credentials, Target, Vars};

/// Scenarios whose answers differ, on which versions, and why that is accepted. On another
/// version the scenario must agree.
const ACCEPTED: &[(&str, &[u32], &str)] = &[
    (
        "json2/http/two-unknown-keywords",
        &[19],
        "Odoo names the first unknown keyword in the order of the request (`zeta`); odoo-testkit \
         keeps arguments in sorted maps and names the first in alphabetical order (`alpha`)",
    ),
    (
        "web/report/missing-record",
        &[17, 18, 19],
        "Odoo's `web.preview_internalreport` renders its company preview whatever the ids (its \
         template reads no `docs`), so a missing id renders; odoo-testkit renders each record and \
         answers a missing one as Odoo's reports that read their records do (the bare 500 on 19, \
         a 400 page before; the live suite checks it on `base.report_irmodulereference`)",
    ),
    (
        "xmlrpc/common/authenticate-unknown-database",
        &[17, 18, 19],
        "the message names the host and port of the server's PostgreSQL, which a test server \
         does not have (it says 127.0.0.1, port 5432)",
    ),
    (
        "xmlrpc/object/unknown-database",
        &[17, 18, 19],
        "the message names the host and port of the server's PostgreSQL, which a test server \
         does not have (it says 127.0.0.1, port 5432)",
    ),
];

/// Scenarios to which the real server gives one of two answers, fixed for the life of its
/// process but chosen anew at each start; on which versions; the scenario (of the same
/// protocol, run before) whose odoo-testkit answer is the other form; and why. odoo-testkit
/// gives the usual form; the real answer must be that or the other form.
const EITHER: &[(&str, &[u32], &str, &str)] = &[(
    "rules/demo-writes-other-company",
    &[19],
    "rules/demo-writes-own-company",
    "`res.company` is a `mail.thread`: its `write` first reads the old values of its 11 tracked \
     fields (`_track_prepare`), in the order of a Python set of their names, which the \
     process's hash seed decides. Read first, 10 of them fetch as demo2 and meet the read rule \
     (\"doesn't have 'read' access\", the usual answer); the non-stored related `vat` reads the \
     record as superuser, which caches the others, and then the access-control list refuses \
     the write (\"not allowed to modify\"). 4 of 35 restarts of the 19 kits gave the second",
)];

/// The fewest scenarios the suite may hold.
const AT_LEAST: usize = 150;

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "the differential suite needs a live Odoo: {name} is not set \
             (start one with ../shared/odoo-server/up and export what it prints)"
        )
    })
}

fn key_file(name: &str) -> String {
    let path = env(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{name}={path}: cannot read the API key: {e}"))
        .trim()
        .to_owned()
}

/// The outcomes of a scenario's steps on one server, normalised.
async fn run(
    http: &reqwest::Client,
    target: &Target,
    scenario: &Scenario,
    major: u32,
) -> Vec<Json> {
    let mut vars = Vars::new();
    let mut ids: BTreeMap<i64, String> = BTreeMap::new();
    let mut outcomes = Vec::new();
    for step in &scenario.steps {
        let mut outcome = match wire::send(http, target, &step.request, &vars).await {
            Ok(o) => o,
            Err(e) => json!({"not_sent": e}),
        };
        if let Some(name) = step.bind {
            let value = outcome
                .get("result")
                .or_else(|| outcome.pointer("/body/result"))
                .or_else(|| (outcome["status"] == 200).then(|| &outcome["body"]))
                .cloned();
            if let Some(value) = value.filter(|v| !v.is_null()) {
                collect_ids(&value, name, &mut ids);
                vars.insert(name.to_owned(), value);
            }
        }
        wire::normalise(&mut outcome, &ids, step.masks);
        if major < 19 {
            wire::drop_chains(&mut outcome);
        }
        outcomes.push(outcome);
    }
    outcomes
}

/// The ids a bound value holds: an id, a list of ids, `[id, name]` pairs.
fn collect_ids(v: &Json, name: &str, ids: &mut BTreeMap<i64, String>) {
    match v {
        Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                ids.insert(i, name.to_owned());
            }
        }
        Json::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if let Some(id) = x.as_i64() {
                    ids.insert(id, format!("{name}[{i}]"));
                } else if let Some(id) = x.get(0).and_then(Json::as_i64) {
                    ids.insert(id, format!("{name}[{i}]"));
                }
            }
        }
        _ => {}
    }
}

#[derive(Default)]
struct Tally {
    scenarios: usize,
    agree: usize,
    accepted: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
async fn testkit_answers_like_the_real_odoo() {
    let url = env("ODOO_URL").trim_end_matches('/').to_owned();
    let db = env("ODOO_DB");
    let (admin_login, admin_pw) = (env("ODOO_USER"), env("ODOO_PASSWORD"));
    let (demo_login, demo_pw) = (env("ODOO_DEMO_USER"), env("ODOO_DEMO_PASSWORD"));
    let (admin_key, demo_key) = (
        key_file("ODOO_API_KEY_FILE"),
        key_file("ODOO_DEMO_API_KEY_FILE"),
    );
    // Redirects are answers to compare (Odoo 18's `/json/2` sends to its login page).
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client");

    let mut live = seed::Live {
        http: http.clone(),
        url: url.clone(),
        db: db.clone(),
        uid: 0,
        password: admin_pw.clone(),
    };
    let login = |login: &str, pw: &str| json!([db, login, pw, {}]);
    live.uid = live
        .rpc("common", "authenticate", login(&admin_login, &admin_pw))
        .await
        .expect("the real server answers")
        .as_i64()
        .expect("the admin logs in");
    let demo_uid = live
        .rpc("common", "authenticate", login(&demo_login, &demo_pw))
        .await
        .expect("the real server answers")
        .as_i64()
        .expect("the demo user logs in");
    live.sweep()
        .await
        .expect("leftovers of an earlier run removed");
    let seed = seed::pull(&live, demo_uid)
        .await
        .expect("the seed is pulled from the real server");

    let admin = User::new(admin_login.as_str(), admin_pw.as_str())
        .uid(live.uid)
        .api_key(admin_key.as_str());
    let demo = User::new(demo_login.as_str(), demo_pw.as_str())
        .uid(demo_uid)
        .api_key(demo_key.as_str())
        .restricted()
        .groups(seed.demo_groups.clone());
    let server = seed
        .builder(&db, admin, demo)
        .report("web.preview_internalreport", "res.company")
        .report("base.report_irmodeloverview", "ir.model")
        .start()
        .await
        .expect("the testkit starts with the seed");

    let credentials = |uid, login: &str, password: &str, key: &str| Credentials {
        uid,
        login: login.to_owned(),
        password: password.to_owned(),
        key: key.to_owned(),
    };
    let real = Target {
        name: "Odoo",
        url: url.clone(),
        db: db.clone(),
        admin: credentials(live.uid, &admin_login, &admin_pw, &admin_key),
        demo: credentials(demo_uid, &demo_login, &demo_pw, &demo_key),
    };
    let kit = Target {
        name: "odoo-testkit",
        url: server.url(),
        db: db.clone(),
        admin: credentials(live.uid, &admin_login, &admin_pw, &admin_key),
        demo: credentials(demo_uid, &demo_login, &demo_pw, &demo_key),
    };

    let all = scenarios::all();
    let mut names = std::collections::HashSet::new();
    for s in &all {
        assert!(
            names.insert(s.name.clone()),
            "two scenarios are named {}",
            s.name
        );
    }
    for (name, _, _) in ACCEPTED {
        assert!(
            names.contains(*name),
            "ACCEPTED lists `{name}`, which is no scenario"
        );
    }

    let only = std::env::var("DIFF_ONLY").ok();
    let mut tally: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut failures = Vec::new();
    // Scenarios about a second company do not apply to a server with one (the 17 and 18 kits).
    let one_company = seed.companies() < 2;
    let mut not_applying = 0;
    // odoo-testkit's answers to the scenarios [`EITHER`] names as the other form; and the
    // scenarios where the real server gave that form.
    let mut other_forms: BTreeMap<&str, Vec<Json>> = BTreeMap::new();
    let mut other_form = Vec::new();
    for scenario in &all {
        if only
            .as_ref()
            .is_some_and(|o| !scenario.name.contains(o.as_str()))
        {
            continue;
        }
        if one_company
            && rules::NEED_A_SECOND_COMPANY
                .iter()
                .any(|n| scenario.name.ends_with(n))
        {
            not_applying += 1;
            continue;
        }
        let want = run(&http, &real, scenario, seed.major).await;
        let got = run(&http, &kit, scenario, seed.major).await;
        if only.is_some() {
            for (step, w) in scenario.steps.iter().zip(&want) {
                println!("{}: {}\n  -> {w}", scenario.name, step.request.describe());
            }
        }
        let t = tally.entry(scenario.protocol()).or_default();
        t.scenarios += 1;
        let accepted = ACCEPTED
            .iter()
            .find(|(n, versions, _)| *n == scenario.name && versions.contains(&seed.major));
        let other = EITHER
            .iter()
            .filter(|(n, versions, _, _)| {
                scenario.name.ends_with(n) && versions.contains(&seed.major)
            })
            .find_map(|(n, _, like, _)| {
                let protocol = &scenario.name[..scenario.name.len() - n.len()];
                other_forms.get(format!("{protocol}{like}").as_str())
            });
        let gave_other_form = want != got && other == Some(&want);
        if gave_other_form {
            other_form.push(scenario.name.as_str());
        }
        if EITHER
            .iter()
            .any(|(_, _, like, _)| scenario.name.ends_with(like))
        {
            other_forms.insert(scenario.name.as_str(), got.clone());
        }
        match (want == got || gave_other_form, accepted) {
            (true, None) => t.agree += 1,
            (false, Some(_)) => t.accepted += 1,
            (true, Some(_)) => failures.push(format!(
                "{}: listed in ACCEPTED for Odoo {} but both servers agree now; remove it from the list",
                scenario.name, seed.major
            )),
            (false, None) => {
                let mut report = format!("{}:", scenario.name);
                for (i, (step, (w, g))) in
                    scenario.steps.iter().zip(want.iter().zip(&got)).enumerate()
                {
                    if w != g {
                        report.push_str(&format!(
                            "\n  step {i}: {}\n    Odoo:         {}\n    odoo-testkit: {}",
                            step.request.describe(),
                            w,
                            g
                        ));
                    }
                }
                failures.push(report);
            }
        }
    }
    // The documentation's walk-through through Python's own clients (not with DIFF_ONLY,
    // unless it is `walkthrough`).
    let walked = if only.as_deref().is_none_or(|o| o == "walkthrough") {
        let (steps, differ) = walkthrough::compare(&real, &kit, &admin_login).await;
        failures.extend(differ);
        steps
    } else {
        0
    };
    live.sweep().await.expect("the real server cleaned up");

    let total: usize = tally.values().map(|t| t.scenarios).sum();
    for (protocol, t) in &tally {
        println!(
            "{protocol} (Odoo {}): {} scenarios, {} agree, {} accepted differences",
            seed.version, t.scenarios, t.agree, t.accepted
        );
    }
    for (name, _, why) in ACCEPTED
        .iter()
        .filter(|(_, versions, _)| versions.contains(&seed.major))
    {
        println!("  accepted: {name}: {why}");
    }
    for (name, _, _, why) in EITHER
        .iter()
        .filter(|(_, versions, _, _)| versions.contains(&seed.major))
    {
        let this = if other_form.iter().any(|n| n.ends_with(name)) {
            "the other form"
        } else {
            "the usual form"
        };
        println!("  either of two answers: {name} (this server: {this}): {why}");
    }
    println!("walk-through (walkthrough.py, Python's xmlrpc.client and urllib): {walked} steps");
    if not_applying > 0 {
        println!(
            "not applying: {not_applying} scenarios about a second company (the server has {}): {}",
            seed.companies(),
            rules::NEED_A_SECOND_COMPANY.join(", ")
        );
    }
    if let Some(o) = &only {
        println!("DIFF_ONLY={o}: {total} of {} scenarios run", all.len());
    } else {
        assert!(
            total >= AT_LEAST,
            "only {total} scenarios, fewer than {AT_LEAST}"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {total} scenarios differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
