//! A measurement, run by hand against a real Odoo: importing 10,000 partners with `load`
//! (with an external id per row, so that a retry cannot double them), against 10,000
//! one-by-one `create`s, and `create_many` (one call, no external ids) for reference.
//!
//! ```sh
//! source /tmp/odoo19.env   # or: eval "$(../shared/odoo-server/up | grep '^export ')"
//! cargo test --release -p odoo-tests --test load_throughput -- --ignored --nocapture
//! ```
//!
//! `LOAD_ROWS` changes the number of rows (10,000), `LOAD_PHASES` picks phases among `load`,
//! `create_many` and `create` (all three). Every partner it makes is named
//! `odoo-rs load-bench …` and removed afterwards, with its external id.

use std::time::{Duration, Instant};

use odoo_runtime::{Client, OdooModel, Protocol, RecordId, Values};

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    email: Option<String>,
}

const PREFIX: &str = "odoo-rs load-bench";

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set: source /tmp/odoo19.env"))
}

fn client() -> Client {
    Client::builder()
        .url(var("ODOO_URL"))
        .database(var("ODOO_DB"))
        .password(var("ODOO_USER"), var("ODOO_PASSWORD"))
        .protocol(Protocol::JsonRpc)
        .timeout(Duration::from_secs(600))
        .deadline(Duration::from_secs(900))
        .build()
        .expect("valid settings")
}

async fn sweep(c: &Client) {
    let ids = c
        .search(Partner::NAME.eq_like(format!("{PREFIX}%")))
        .context("active_test", false)
        .await
        .expect("search");
    for chunk in ids.chunks(2000) {
        c.unlink(chunk.to_vec()).await.expect("unlink");
    }
}

fn report(what: &str, rows: usize, took: Duration) {
    println!(
        "{what:<44} {rows:>6} rows {:>8.2} s {:>8.0} rows/s",
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: needs ODOO_URL (see the file's doc)"]
async fn load_against_one_by_one_creates() {
    let rows: usize = std::env::var("LOAD_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let phases = std::env::var("LOAD_PHASES").unwrap_or_else(|_| "load,create_many,create".into());
    let phase = |name: &str| phases.split(',').any(|p| p.trim() == name);
    let c = client();
    sweep(&c).await;
    let run = std::process::id();
    let row = |kind: &str, i: usize| {
        [
            format!("odoo_rs_load_bench.{kind}_{run}_{i}"),
            format!("{PREFIX} {kind} {i:05}"),
            format!("{kind}{i}@example.com"),
        ]
    };

    for batch in [rows, 1000, 100].into_iter().filter(|_| phase("load")) {
        let kind = format!("load{batch}");
        let started = Instant::now();
        let mut n = 0;
        for start in (0..rows).step_by(batch) {
            let loaded = c
                .load::<Partner>(["id", "name", "email"])
                .rows((start..(start + batch).min(rows)).map(|i| row(&kind, i)))
                .await
                .expect("load");
            n += loaded.ids.len();
        }
        report(
            &format!("load, {batch} rows per call"),
            n,
            started.elapsed(),
        );
        sweep(&c).await;
    }

    if phase("create_many") {
        let started = Instant::now();
        let values = (0..rows).map(|i| {
            Values::<Partner>::new()
                .set(Partner::NAME, format!("{PREFIX} many {i:05}"))
                .set(Partner::EMAIL, format!("many{i}@example.com"))
        });
        let ids = c.create_many(values).await.expect("create_many");
        report("create_many, one call", ids.len(), started.elapsed());
        sweep(&c).await;
    }
    if !phase("create") {
        return;
    }

    let started = Instant::now();
    for i in 0..rows {
        c.create(
            Values::<Partner>::new()
                .set(Partner::NAME, format!("{PREFIX} one {i:05}"))
                .set(Partner::EMAIL, format!("one{i}@example.com")),
        )
        .await
        .expect("create");
    }
    report("create, one call per row", rows, started.elapsed());
    sweep(&c).await;
}
