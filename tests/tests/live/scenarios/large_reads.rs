//! Large reads where users run them: a paged read while others write, and the incremental
//! sync by `write_date` with Odoo's one-second resolution.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use odoo_runtime::sync::{Change, Cursor};
use odoo_runtime::{Client, Domain, RecordId, Values};

use super::sweep;
use crate::env::Setup;
use crate::models::Named;

fn mine(prefix: &str) -> Domain<Named> {
    Named::NAME.eq_like(format!("{prefix}%"))
}

async fn ids_of(c: &Client, d: Domain<Named>) -> BTreeSet<i64> {
    c.search(d)
        .context("active_test", false)
        .await
        .expect("search")
        .into_iter()
        .map(RecordId::get)
        .collect()
}

/// A paged read with pages in flight reads exactly the records its search found, while
/// records are created, written and deleted between its pages.
pub async fn paged_read_during_writes(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("paged");
    sweep(&c, &prefix).await;
    let ids = c
        .create_many(
            (0..40).map(|i| Values::<Named>::new().set(Named::NAME, format!("{prefix} {i:02}"))),
        )
        .await
        .expect("create_many");
    let stream = c
        .search_read::<Named>(mine(&prefix))
        .order("id")
        .pages_in_flight(1)
        .stream(10);
    futures_util::pin_mut!(stream);
    let first = stream.next().await.expect("a record").expect("a page");
    assert_eq!(first.id, ids[0]);
    let created = c
        .create(Values::<Named>::new().set(Named::NAME, format!("{prefix} created meanwhile")))
        .await
        .expect("create");
    c.unlink([ids[39]]).await.expect("unlink");
    c.write(
        [ids[25]],
        Values::new().set(Named::NAME, format!("{prefix} written meanwhile")),
    )
    .await
    .expect("write");
    let rest: Vec<Named> = stream.try_collect().await.expect("the other pages");
    let got: Vec<_> = std::iter::once(first.id)
        .chain(rest.iter().map(|r| r.id))
        .collect();
    assert_eq!(got, ids[..39], "the set searched, less the one deleted");
    assert_eq!(
        rest[24].name.as_deref(),
        Some(format!("{prefix} written meanwhile").as_str()),
        "read as written"
    );
    c.unlink(ids[..39].iter().copied().chain([created]))
        .await
        .expect("clean up");
}

/// Incremental sync: every record written after the cursor is delivered exactly once, also
/// when it is written in the second the cursor stopped in; a write is a new change; a sync
/// resumes from any cursor of its stream; `deleted` names what is gone.
pub async fn incremental_sync(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("sync");
    sweep(&c, &prefix).await;
    let changes = |cursor: &Cursor| {
        c.changes::<Named>(cursor)
            .domain(mine(&prefix))
            .settle(Duration::ZERO)
            .page_size(2)
    };
    let start = changes(&Cursor::start()).await.expect("sync of nothing");
    assert!(start.records.is_empty(), "{:?}", start.records);
    assert!(
        start.cursor > Cursor::start(),
        "the cursor moves on when nothing changed"
    );

    // Written, synced at once (the second may still be open: what it holds comes next
    // time), written again in that same second, then synced once it is over.
    let early = c
        .create_many(
            (0..3).map(|i| Values::<Named>::new().set(Named::NAME, format!("{prefix} {i}"))),
        )
        .await
        .expect("create_many");
    let first = changes(&start.cursor).await.expect("first sync");
    let late = c
        .create(Values::<Named>::new().set(Named::NAME, format!("{prefix} late")))
        .await
        .expect("create");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let second = changes(&first.cursor).await.expect("second sync");
    let mut delivered: Vec<i64> = first
        .records
        .iter()
        .chain(&second.records)
        .map(|r| r.id.get())
        .collect();
    delivered.sort_unstable();
    let mut expected: Vec<i64> = early.iter().chain([&late]).map(|id| id.get()).collect();
    expected.sort_unstable();
    assert_eq!(delivered, expected, "each record exactly once");
    assert!(
        changes(&second.cursor).await.unwrap().records.is_empty(),
        "nothing new"
    );

    // A write is a change; an archived record is one too.
    c.write(
        [early[1]],
        Values::new().set(Named::NAME, format!("{prefix} renamed")),
    )
    .await
    .expect("write");
    // `action_archive` returns None: JSON-RPC leaves `result` out, JSON-2 answers `null`, and
    // XML-RPC, which cannot send None, answers a fault once the archive is saved.
    let archived = c
        .call::<odoo_runtime::Value>(
            odoo_runtime::Call::new("res.partner", "action_archive").ids([early[2].get()]),
        )
        .await;
    match (s.protocol, archived) {
        (odoo_runtime::Protocol::XmlRpc, Err(e)) => {
            assert!(e.to_string().contains("its changes are saved"), "{e}")
        }
        (_, archived) => assert_eq!(archived.expect("archive"), odoo_runtime::Value::Nil),
    }
    assert!(ids_of(
        &c,
        Named::ID.eq(early[2]) & Domain::leaf("active", "=", false)
    )
    .await
    .contains(&early[2].get()));
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let third = changes(&second.cursor).await.expect("third sync");
    let got: BTreeSet<i64> = third.records.iter().map(|r| r.id.get()).collect();
    assert_eq!(
        got,
        [early[1].get(), early[2].get()].into(),
        "{:?}",
        third.records
    );

    // From the start, as a stream in pages of 2; resumed from a stored cursor half-way.
    let all: Vec<Change<Named>> = changes(&start.cursor)
        .stream()
        .try_collect()
        .await
        .expect("stream");
    let streamed: BTreeSet<i64> = all.iter().map(|ch| ch.record.id.get()).collect();
    assert_eq!(streamed, ids_of(&c, mine(&prefix)).await);
    assert!(
        all.windows(2).all(|w| w[0].cursor < w[1].cursor),
        "oldest change first"
    );
    let stored = all[1].cursor.to_string();
    let resumed = changes(&stored.parse().expect("a cursor"))
        .await
        .expect("resumed");
    let resumed: Vec<_> = resumed.records.iter().map(|r| r.id).collect();
    let rest: Vec<_> = all[2..].iter().map(|ch| ch.record.id).collect();
    assert_eq!(resumed, rest);

    c.unlink([early[0]]).await.expect("unlink");
    let gone = c
        .deleted(early.iter().copied().chain([late]))
        .await
        .expect("deleted");
    assert_eq!(gone, [early[0]], "archived is not deleted");
    c.unlink([early[1], early[2], late])
        .await
        .expect("clean up");
}
