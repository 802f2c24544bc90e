//! Incremental sync: the records of a model written since a [`Cursor`], each exactly once.
//!
//! ```no_run
//! # use odoo_runtime::{Client, OdooModel, RecordId};
//! # #[derive(Debug, OdooModel)] #[odoo(model = "res.partner")]
//! # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
//! # async fn run(client: Client, stored: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use odoo_runtime::sync::Cursor;
//!
//! let cursor: Cursor = stored.parse()?;         // "" or Cursor::start() the first time
//! let changed = client.changes::<Partner>(&cursor).await?;
//! for partner in &changed.records {
//!     println!("{:?}", partner.name);
//! }
//! let to_store = changed.cursor.to_string();  // e.g. "2026-12-06 19:36:00/4711"
//! # let _ = to_store; Ok(()) }
//! ```
//!
//! # How it stays exact
//!
//! Odoo stamps a record's `write_date` with the start of the transaction that wrote it, in
//! whole seconds. Two things follow, and the sync handles both:
//!
//! - **Many records share a second**, so the cursor is a key `(write_date, id)`, and a sync
//!   reads the keys after it in that order (`write_date > T`, or `= T` with `id > I`): a record
//!   written in the cursor's second after the last one delivered is read next time, not lost,
//!   and none is read twice.
//! - **A second is not over when it is read.** A record can still be written in the current
//!   second, or by a transaction that started a moment ago and has not committed. So a sync
//!   delivers only seconds that had ended at least [`settle`](Changes::settle) (2 s by
//!   default) before its query started, on the *server's* clock as the HTTP `Date` of its
//!   answers tells it (less the time the answer took: a lower bound; the client's own clock is
//!   never used). Changes younger than that are read by the next sync.
//!   A write transaction running longer than `settle` (a large import) can commit records
//!   stamped before the cursor: set `settle` above your longest one.
//!
//! Archived records are changes too: the sync reads with `active_test: false` unless the
//! context says otherwise.
//!
//! # Cost
//!
//! One `search_read` of the keys (`id`, `write_date`) of what changed, then the records in
//! pages of ids, several in flight (as [`SearchRead::stream`](crate::typed::SearchRead::stream)
//! does): two round trips for up to a page of changes, on a new client too (the keys' answer
//! tells the server's time). Odoo has no index on `write_date`, so the keys query scans the
//! table.
//!
//! # Deletions
//!
//! Odoo keeps no record of deletions. [`Client::deleted`] tells which of a set of ids you hold
//! no longer exist: a `search` on those ids, one per 10,000, so its cost grows with the ids
//! you hold, not with what changed. Run it less often than the sync.

use std::collections::HashMap;
use std::fmt;
use std::future::IntoFuture;
use std::str::FromStr;
use std::time::{Duration, Instant, SystemTime};

use futures_core::Stream;
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};

use crate::call::Call;
use crate::client::Client;
use crate::domain::Domain;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, dedup, BoxFuture, Options};
use crate::paging::{self, Pages, DEFAULT_PAGES_IN_FLIGHT};
use crate::types::{DateTime, RecordId};

/// The default [`Changes::settle`]: 2 seconds.
pub const DEFAULT_SETTLE: Duration = Duration::from_secs(2);

/// The default page of records read at once: 1,000.
pub const DEFAULT_PAGE: usize = 1000;

/// The largest id PostgreSQL's `integer` holds: a cursor past every record of its second.
const LAST_ID: i64 = i32::MAX as i64;

/// Where a sync stopped: the key `(write_date, id)` of the last change it delivered. A value
/// to store between runs, as text ([`Display`](fmt::Display) and [`FromStr`]) or with serde.
///
/// ```
/// use odoo_runtime::sync::Cursor;
/// let c: Cursor = "2026-12-06 19:36:00/4711".parse().unwrap();
/// assert_eq!(c.id(), 4711);
/// assert_eq!(c.to_string(), "2026-12-06 19:36:00/4711");
/// assert_eq!(Cursor::start().to_string(), "");
/// assert_eq!("".parse::<Cursor>().unwrap(), Cursor::start());
/// assert!(Cursor::start() < c);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Cursor {
    write_date: Option<DateTime>,
    id: i64,
}

impl Cursor {
    /// Before every record: the first sync reads them all.
    pub const fn start() -> Cursor {
        Cursor {
            write_date: None,
            id: 0,
        }
    }

    /// The cursor just after the record `id` written at `write_date`.
    pub fn after(write_date: DateTime, id: i64) -> Cursor {
        Cursor {
            write_date: Some(trunc(write_date)),
            id,
        }
    }

    /// The `write_date` of the last change delivered (`None`: nothing yet).
    pub fn write_date(&self) -> Option<DateTime> {
        self.write_date
    }

    /// The id of the last change delivered in its second (`i32::MAX` once the whole second
    /// is read).
    pub fn id(&self) -> i64 {
        self.id
    }

    /// The keys after this cursor: a later second, or this second and a greater id.
    ///
    /// As ranges of whole seconds, not `>`/`=` on the second: Odoo 17 and 18 store
    /// `write_date` with microseconds (and show it without), so `write_date = '… 19:36:00'`
    /// would miss, and `> '… 19:36:00'` would read again, the records of that second.
    fn domain<M>(&self) -> Domain<M> {
        match self.write_date {
            None => Domain::all(),
            Some(t) => {
                let next = chrono::DateTime::from_timestamp(t.0.timestamp() + 1, 0)
                    .map_or_else(|| t.to_string(), |n| DateTime(n).to_string());
                let t = t.to_string();
                Domain::leaf("write_date", ">=", &next)
                    | (Domain::leaf("write_date", ">=", &t)
                        & Domain::leaf("write_date", "<", &next)
                        & Domain::leaf("id", ">", self.id))
            }
        }
    }
}

impl fmt::Display for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.write_date {
            None => Ok(()),
            Some(t) => write!(f, "{t}/{}", self.id),
        }
    }
}

/// A text that is not a [`Cursor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CursorError(String);

impl fmt::Display for CursorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "not a sync cursor (`YYYY-MM-DD HH:MM:SS/<id>`, or empty): {:?}",
            self.0
        )
    }
}

impl std::error::Error for CursorError {}

impl FromStr for Cursor {
    type Err = CursorError;
    fn from_str(s: &str) -> Result<Cursor, CursorError> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(Cursor::start());
        }
        let bad = || CursorError(s.chars().take(64).collect());
        let (t, id) = s.rsplit_once('/').ok_or_else(bad)?;
        let t: DateTime = t.parse().map_err(|_| bad())?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        if !(0..=LAST_ID).contains(&id) {
            return Err(bad());
        }
        Ok(Cursor::after(t, id))
    }
}

impl Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Cursor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

fn trunc(t: DateTime) -> DateTime {
    let secs = t.0.timestamp();
    DateTime(chrono::DateTime::from_timestamp(secs, 0).unwrap_or(t.0))
}

/// One change: the record as read, and the cursor just after it (store it once the record
/// is handled, to resume there).
#[derive(Debug, Clone, PartialEq)]
pub struct Change<M> {
    /// The record, as it is now.
    pub record: M,
    /// The cursor after this record.
    pub cursor: Cursor,
}

/// What an awaited [`Changes`] gives: the records changed, oldest change first, and the
/// cursor to start the next sync from.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<M> {
    /// The records written since the cursor, by `(write_date, id)`.
    pub records: Vec<M>,
    /// Where the next sync starts: past every second this one read, also when nothing
    /// changed.
    pub cursor: Cursor,
}

/// The records of `M` written since a cursor. Made by [`Client::changes`]; await it for a
/// [`Changed`], or [`stream`](Changes::stream) the changes one at a time.
#[must_use = "a query does nothing until it is awaited"]
pub struct Changes<'a, M> {
    client: &'a Client,
    since: Cursor,
    domain: Domain<M>,
    settle: Duration,
    page: usize,
    in_flight: usize,
    options: Options,
}

/// The key of a change, as the keys query reads it.
#[derive(Deserialize)]
struct Key {
    id: i64,
    write_date: DateTime,
}

impl<'a, M: OdooModel + Send + 'a> Changes<'a, M> {
    context_setter!();

    /// Only the records matching `domain` (e.g. one company's).
    pub fn domain(mut self, domain: Domain<M>) -> Self {
        self.domain = domain;
        self
    }

    /// How long ago a second must have ended on the server's clock to be read (default
    /// [`DEFAULT_SETTLE`], 2 s): longer than your longest write transaction, plus any skew
    /// between the clock of the database and that of the HTTP server (or proxy) answering.
    pub fn settle(mut self, settle: Duration) -> Self {
        self.settle = settle;
        self
    }

    /// Records read per page (default [`DEFAULT_PAGE`]; 0 is taken as 1).
    pub fn page_size(mut self, page: usize) -> Self {
        self.page = page;
        self
    }

    /// Pages in flight at once (default
    /// [`DEFAULT_PAGES_IN_FLIGHT`]).
    pub fn pages_in_flight(mut self, pages: usize) -> Self {
        self.in_flight = pages;
        self
    }

    /// The keys of what changed, oldest first, and the cursor past the seconds read.
    ///
    /// The query has no upper bound: the server's clock is known only once it answers. Its
    /// `Date`, less the time the answer took (or an earlier answer's, counted forward), is a
    /// time the server had certainly reached when the query started; the keys of seconds that
    /// had not ended `settle` before that are dropped here, and read by the next sync.
    async fn keys(&self) -> Result<(Vec<Key>, Cursor), Error> {
        let window = self.since.domain::<M>() & self.domain.clone();
        let call = Call::new(M::MODEL, "search_read")
            .arg("domain", &window)
            .arg("fields", ["write_date"])
            .arg("order", "write_date asc, id asc");
        let sent = Instant::now();
        let mut keys: Vec<Key> = self
            .client
            .call_model::<M, _>(self.options.apply(call))
            .await?;
        // By whole second, then id: Odoo 17 and 18 order by the stored microseconds, which a
        // cursor cannot hold.
        for k in &mut keys {
            k.write_date = trunc(k.write_date);
        }
        keys.sort_by_key(|k| (k.write_date, k.id));
        let started = self
            .client
            .server_clock()
            .at_least_at(sent)
            .ok_or_else(|| {
                Error::transport(
                    "the server's answers carry no `Date` header, which the incremental sync \
                     needs to know which seconds are over (Odoo's HTTP server and nginx always \
                     send one: check the proxy in between)",
                    None,
                )
            })?;
        let until = started
            .checked_sub(self.settle)
            .unwrap_or(SystemTime::UNIX_EPOCH)
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let until = i64::try_from(until).unwrap_or(i64::MAX);
        // Oldest first: what is left from the first key of an open second on waits.
        let open = keys.partition_point(|k| k.write_date.0.timestamp() < until);
        keys.truncate(open);
        // Every second before `until` is read: the next sync starts past them.
        let past = Cursor {
            write_date: chrono::DateTime::from_timestamp(until - 1, 0).map(DateTime),
            id: LAST_ID,
        };
        let last = keys.last().map(|k| Cursor::after(k.write_date, k.id));
        Ok((keys, self.since.max(past).max(last.unwrap_or_default())))
    }

    /// The changes one at a time, oldest first, each with the cursor after it: a sync that
    /// stops half-way (an error, a crash) resumes from the last cursor stored.
    pub fn stream(self) -> impl Stream<Item = Result<Change<M>, Error>> + Send + 'a {
        futures_util::stream::once(self.start())
            .map_ok(|(changes, _)| changes)
            .try_flatten()
    }

    /// The keys, then a stream of the records in pages; and the cursor past the whole sync.
    async fn start(
        self,
    ) -> Result<
        (
            impl Stream<Item = Result<Change<M>, Error>> + Send + 'a,
            Cursor,
        ),
        Error,
    > {
        let (keys, end) = self.keys().await?;
        let cursors: HashMap<i64, Cursor> = keys
            .iter()
            .map(|k| (k.id, Cursor::after(k.write_date, k.id)))
            .collect();
        let ids: Vec<i64> = keys.iter().map(|k| k.id).collect();
        let options = self.options;
        let read = move |ids: &[i64]| {
            options.apply(
                Call::new(M::MODEL, "read")
                    .ids(ids.to_vec())
                    .arg("fields", M::FIELDS),
            )
        };
        let ids: BoxFuture<'a, Result<Vec<i64>, Error>> = Box::pin(async move { Ok(ids) });
        let records = paging::records::<M>(Pages {
            client: self.client,
            ids,
            read: Box::new(read),
            page: self.page,
            in_flight: self.in_flight,
        });
        let changes = records.map_ok(move |(id, record)| Change {
            record,
            cursor: cursors.get(&id).copied().unwrap_or(end),
        });
        Ok((changes, end))
    }
}

impl<'a, M: OdooModel + Send + 'a> IntoFuture for Changes<'a, M> {
    type Output = Result<Changed<M>, Error>;
    type IntoFuture = BoxFuture<'a, Self::Output>;
    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            let (changes, cursor) = self.start().await?;
            let records = changes.map_ok(|c| c.record).try_collect().await?;
            Ok(Changed { records, cursor })
        })
    }
}

impl Client {
    /// The records of `M` written (created, changed, archived) since `since`, oldest change
    /// first, each once; see the [`sync`](crate::sync) module for how it stays exact, and
    /// what it costs. `M` must be a model with `write_date` (every model but a few technical
    /// ones).
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(Debug, OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String>, pub is_company: bool }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// use odoo_runtime::sync::Cursor;
    /// let mut cursor = Cursor::start();
    /// loop {
    ///     let changed = client
    ///         .changes::<Partner>(&cursor)
    ///         .domain(Partner::IS_COMPANY.eq(true))
    ///         .await?;
    ///     println!("{} companies changed", changed.records.len());
    ///     cursor = changed.cursor;
    ///     tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    /// }
    /// # }
    /// ```
    pub fn changes<M: OdooModel>(&self, since: &Cursor) -> Changes<'_, M> {
        Changes {
            client: self,
            since: *since,
            domain: Domain::all(),
            settle: DEFAULT_SETTLE,
            page: DEFAULT_PAGE,
            in_flight: DEFAULT_PAGES_IN_FLIGHT,
            // Archiving is a change: a sync sees archived records, unless `.context` says not.
            options: Options {
                context: vec![("active_test".into(), false.into())],
            },
        }
    }

    /// Which of `ids` no longer exist (deleted; archived records still exist), in the order
    /// given: one `search` per 10,000 ids, with `active_test: false`.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(Debug, OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner> }
    /// # async fn run(client: Client, mine: Vec<RecordId<Partner>>) -> Result<(), odoo_runtime::Error> {
    /// let gone = client.deleted(mine).await?;
    /// # Ok(()) }
    /// ```
    pub async fn deleted<M: OdooModel>(
        &self,
        ids: impl IntoIterator<Item = RecordId<M>>,
    ) -> Result<Vec<RecordId<M>>, Error> {
        let ids = dedup(ids);
        let mut gone = Vec::new();
        for chunk in ids.chunks(10_000) {
            let asked: Vec<i64> = chunk.iter().map(|id| id.get()).collect();
            let call = Call::new(M::MODEL, "search")
                .arg("domain", Domain::<M>::leaf("id", "in", &asked))
                .context_value("active_test", false);
            let found: std::collections::HashSet<i64> = self
                .call_model::<M, Vec<i64>>(call)
                .await?
                .into_iter()
                .collect();
            gone.extend(chunk.iter().filter(|id| !found.contains(&id.get())));
        }
        Ok(gone)
    }
}
