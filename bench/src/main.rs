//! `odoo-bench`: the odoo-rs side of the WAN benchmark (`bench/run`, `bench/wan.py`).
//!
//! One subcommand per workload; each does its work against one server with one protocol and
//! prints one JSON line on stdout saying what it did (`{"rows": 10040, ...}`), which the driver
//! checks. Wall time, CPU and peak RSS are measured by the driver from outside (`wait4`).
//!
//! ```text
//! odoo-bench read   --url U --db D --user admin --password admin --protocol xmlrpc
//! odoo-bench read   --url U --db D --user admin --api-key-file F --protocol json2 [--single|--stream-count-only]
//! odoo-bench create --run R --creates 200 --batch 1000 ...
//! odoo-bench small  --calls 50 ...
//! odoo-bench sync   --cursor "2026-12-06 19:00:00/2147483647" ...    # client.changes
//! odoo-bench sync   --naive --since "2026-12-06 19:00:00" ...        # write_date >= since
//! ```
//!
//! The API key is read from the file and never printed.

use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};
use futures_util::{StreamExt, TryStreamExt};
use odoo_runtime::sync::Cursor;
use odoo_runtime::{
    Client, DateTime, Domain, Many2one, OdooModel, Protocol, RecordId, Values, X2Many,
};
use serde_json::json;

// ------------------------------------------------------------------------------- models

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: RecordId<Country>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner.category")]
pub struct Tag {
    pub id: RecordId<Tag>,
}

/// The 18 fields every client of the benchmark reads.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub country_id: Option<Many2one<Country>>,
    pub is_company: bool,
    pub category_id: X2Many<Tag>,
    pub comment: Option<String>,
    pub website: Option<String>,
    #[odoo(name = "ref")]
    pub ref_: Option<String>,
    pub color: i64,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    pub active: bool,
    pub parent_id: Option<Many2one<Partner>>,
    /// A selection (`contact`, `invoice`, `delivery`, `other`), read as its key.
    pub r#type: Option<String>,
}

/// Only what a create names.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
pub struct NewPartner {
    pub id: RecordId<NewPartner>,
    pub name: Option<String>,
}

// ------------------------------------------------------------------------------- arguments

#[derive(Parser, Debug)]
#[command(
    name = "odoo-bench",
    about = "odoo-rs workloads of the WAN benchmark; one JSON line out"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Clone)]
struct Conn {
    /// The server URL (Odoo, nginx or a shaper in front of nginx)
    #[arg(long)]
    url: String,
    #[arg(long)]
    db: String,
    #[arg(long)]
    user: String,
    /// The password (XML-RPC, JSON-RPC)
    #[arg(long)]
    password: Option<String>,
    /// A file holding the API key (needed for JSON-2); never printed
    #[arg(long)]
    api_key_file: Option<String>,
    #[arg(long, value_enum)]
    protocol: Proto,
    /// Do not ask for compressed answers (Accept-Encoding)
    #[arg(long)]
    no_gzip: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum Proto {
    Xmlrpc,
    Jsonrpc,
    Json2,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// search_read of every (active) partner with the 18 fields
    Read {
        #[command(flatten)]
        conn: Conn,
        /// Records per page of the stream
        #[arg(long, default_value_t = 1000)]
        page_size: u64,
        /// Pages requested at once [default: the runtime's, 4]
        #[arg(long)]
        in_flight: Option<usize>,
        /// One search_read request for everything instead of the paged stream
        #[arg(long)]
        single: bool,
        /// Count the records as they arrive instead of collecting them
        #[arg(long)]
        stream_count_only: bool,
    },
    /// `creates` partners one at a time, then `batch` in one create; prints the timings
    Create {
        #[command(flatten)]
        conn: Conn,
        /// Names are `Bench Create <run> <i>`
        #[arg(long)]
        run: String,
        #[arg(long, default_value_t = 1000)]
        creates: usize,
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        /// Also unlink what was created (timed apart)
        #[arg(long)]
        unlink: bool,
    },
    /// One small call (search_count of id 1), `calls` times after a warm-up; prints the median
    Small {
        #[command(flatten)]
        conn: Conn,
        #[arg(long, default_value_t = 50)]
        calls: usize,
    },
    /// What changed since a cursor: `client.changes` (odoo_runtime::sync), or with --naive
    /// the search_read on write_date >= since that the peers make
    Sync {
        #[command(flatten)]
        conn: Conn,
        /// The sync cursor, `YYYY-MM-DD HH:MM:SS/<id>` (odoo_runtime::sync::Cursor)
        #[arg(long, required_unless_present = "naive")]
        cursor: Option<String>,
        /// With --naive: "YYYY-MM-DD HH:MM:SS", UTC
        #[arg(long, required_if_eq("naive", "true"))]
        since: Option<String>,
        /// search_read([('write_date', '>=', since)]) in pages, as the peers do
        #[arg(long)]
        naive: bool,
        #[arg(long, default_value_t = 1000)]
        page_size: u64,
    },
}

fn fail(msg: impl std::fmt::Display) -> ! {
    eprintln!("odoo-bench: {msg}");
    std::process::exit(2)
}

fn client(c: &Conn) -> Client {
    let b = Client::builder().url(&c.url).database(&c.db);
    let b = match (c.protocol, &c.password, &c.api_key_file) {
        (Proto::Json2, _, Some(f)) | (_, None, Some(f)) => {
            let key = std::fs::read_to_string(f)
                .unwrap_or_else(|e| fail(format!("cannot read the API key file {f}: {e}")));
            b.api_key(&c.user, key.trim())
        }
        (Proto::Json2, _, None) => fail("JSON-2 needs --api-key-file"),
        (_, Some(pw), _) => b.password(&c.user, pw),
        (_, None, None) => fail("give --password or --api-key-file"),
    };
    let b = b.protocol(match c.protocol {
        Proto::Xmlrpc => Protocol::XmlRpc,
        Proto::Jsonrpc => Protocol::JsonRpc,
        Proto::Json2 => Protocol::Json2,
    });
    let b = if c.no_gzip { b.compression(false) } else { b };
    b.timeout(Duration::from_secs(600))
        .build()
        .unwrap_or_else(|e| fail(e))
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e6).round() / 1e3
}

fn print(v: serde_json::Value) {
    println!("{v}");
}

// ------------------------------------------------------------------------------- workloads

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Read {
            conn,
            page_size,
            in_flight,
            single,
            stream_count_only,
        } => read(&conn, page_size, in_flight, single, stream_count_only).await,
        Command::Create {
            conn,
            run,
            creates,
            batch,
            unlink,
        } => create(&conn, &run, creates, batch, unlink).await,
        Command::Small { conn, calls } => small(&conn, calls).await,
        Command::Sync {
            conn,
            cursor,
            since,
            naive,
            page_size,
        } => {
            if naive {
                sync_naive(&conn, since.as_deref().unwrap_or_default(), page_size).await
            } else {
                sync(&conn, cursor.as_deref().unwrap_or_default(), page_size).await
            }
        }
    };
    match result {
        Ok(v) => print(v),
        Err(e) => fail(e),
    }
}

async fn read(
    conn: &Conn,
    page_size: u64,
    in_flight: Option<usize>,
    single: bool,
    count_only: bool,
) -> Result<serde_json::Value, odoo_runtime::Error> {
    let client = client(conn);
    let t = Instant::now();
    let query = client.search_read::<Partner>(Domain::all());
    let (rows, checksum, mode) = if single {
        let rows: Vec<Partner> = query.await?;
        let sum = checksum(&rows);
        (rows.len(), sum, "single")
    } else {
        // PAGES_IN_FLIGHT: odoo-runtime's SearchRead has it (a search, then pages of ids
        // read, several in flight); without --in-flight the runtime's default (4) applies.
        let query = match in_flight {
            Some(n) => query.pages_in_flight(n),
            None => query,
        };
        let stream = query.stream(page_size);
        if count_only {
            let mut n = 0usize;
            let mut sum = 0i64;
            let mut stream = std::pin::pin!(stream);
            while let Some(p) = stream.next().await {
                let p = p?;
                n += 1;
                sum = sum.wrapping_add(p.id.get()).wrapping_add(p.color);
            }
            (n, sum, "stream-count-only")
        } else {
            let rows: Vec<Partner> = stream.try_collect().await?;
            let sum = checksum(&rows);
            (rows.len(), sum, "stream")
        }
    };
    Ok(json!({
        "rows": rows, "mode": mode, "page_size": page_size, "in_flight": in_flight,
        "checksum": checksum, "ms": ms(t.elapsed()),
    }))
}

/// Touches every record so that nothing is optimised away, and gives a number to compare.
fn checksum(rows: &[Partner]) -> i64 {
    rows.iter().fold(0i64, |s, p| {
        s.wrapping_add(p.id.get())
            .wrapping_add(p.color)
            .wrapping_add(p.name.as_ref().map_or(0, |n| n.len() as i64))
            .wrapping_add(p.category_id.len() as i64)
            .wrapping_add(p.country_id.as_ref().map_or(0, |c| c.id.get()))
    })
}

async fn create(
    conn: &Conn,
    run: &str,
    creates: usize,
    batch: usize,
    unlink: bool,
) -> Result<serde_json::Value, odoo_runtime::Error> {
    let client = client(conn);
    let name = |i: usize| format!("Bench Create {run} {i}");
    if !matches!(conn.protocol, Proto::Json2) {
        // Log in before the clock starts, as the peers' constructors do (JSON-2 has no login).
        client.authenticate().await?;
    }
    let t = Instant::now();
    let mut ids = Vec::with_capacity(creates + batch);
    for i in 0..creates {
        let id = client
            .create(Values::<NewPartner>::new().set(NewPartner::NAME, name(i)))
            .await?;
        ids.push(id);
    }
    let one = t.elapsed();
    let t = Instant::now();
    let many = client
        .create_many(
            (creates..creates + batch)
                .map(|i| Values::<NewPartner>::new().set(NewPartner::NAME, name(i))),
        )
        .await?;
    let batched = t.elapsed();
    if many.len() != batch {
        fail(format!("create of {batch} returned {} ids", many.len()));
    }
    ids.extend(many);
    let mut out = json!({
        "creates": creates, "batch": batch,
        "one_by_one_ms": ms(one), "batch_ms": ms(batched),
        "per_create_ms": if creates > 0 { ms(one) / creates as f64 } else { 0.0 },
    });
    if unlink {
        let t = Instant::now();
        client.unlink(ids).await?;
        out["unlink_ms"] = json!(ms(t.elapsed()));
    }
    Ok(out)
}

async fn small(conn: &Conn, calls: usize) -> Result<serde_json::Value, odoo_runtime::Error> {
    let client = client(conn);
    let one = || client.search_count(NewPartner::ID.eq(RecordId::new(1)));
    let n = one().await?; // warm-up: connection, authentication
    if n != 1 {
        fail(format!("search_count of id 1 gave {n}"));
    }
    let mut times = Vec::with_capacity(calls);
    for _ in 0..calls {
        let t = Instant::now();
        let n = one().await?;
        times.push(t.elapsed());
        if n != 1 {
            fail(format!("search_count of id 1 gave {n}"));
        }
    }
    times.sort();
    let median = if times.is_empty() {
        0.0
    } else if times.len() % 2 == 1 {
        ms(times[times.len() / 2])
    } else {
        ms((times[times.len() / 2 - 1] + times[times.len() / 2]) / 2)
    };
    Ok(json!({
        "calls": calls, "median_ms": median,
        "min_ms": times.first().map_or(0.0, |d| ms(*d)),
        "max_ms": times.last().map_or(0.0, |d| ms(*d)),
    }))
}

/// SYNC_API: odoo-runtime's incremental sync (`client.changes`), with its defaults (a
/// settle of 2 s on the server's clock: the driver waits that long after its writes).
async fn sync(
    conn: &Conn,
    cursor: &str,
    page_size: u64,
) -> Result<serde_json::Value, odoo_runtime::Error> {
    let client = client(conn);
    let cursor: Cursor = cursor
        .parse()
        .unwrap_or_else(|e| fail(format!("--cursor: {e}")));
    let t = Instant::now();
    let changed = client
        .changes::<Partner>(&cursor)
        .page_size(usize::try_from(page_size).unwrap_or(usize::MAX))
        .await?;
    Ok(json!({
        "rows": changed.records.len(), "api": "client.changes",
        "next_cursor": changed.cursor.to_string(), "ms": ms(t.elapsed()),
    }))
}

/// The naive query every peer makes: write_date >= since, in a stable order, paged.
async fn sync_naive(
    conn: &Conn,
    since: &str,
    page_size: u64,
) -> Result<serde_json::Value, odoo_runtime::Error> {
    let client = client(conn);
    let since: DateTime = since
        .parse()
        .unwrap_or_else(|e| fail(format!("--since {since:?}: {e:?}")));
    let t = Instant::now();
    let rows: Vec<Partner> = client
        .search_read::<Partner>(Partner::WRITE_DATE.ge(since))
        .order("write_date,id")
        .stream(page_size)
        .try_collect()
        .await?;
    let last = rows
        .iter()
        .filter_map(|p| p.write_date.as_ref())
        .max()
        .map(|d| d.to_string());
    Ok(json!({
        "rows": rows.len(), "api": "naive search_read",
        "next_cursor": last, "ms": ms(t.elapsed()),
    }))
}
