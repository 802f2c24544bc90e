//! The typed model API: search, search_read, search_count, read, create, create_many, write,
//! x2many commands, unlink and the paging stream.

use std::collections::HashSet;

use futures_util::{pin_mut, StreamExt};
use odoo_runtime::{Command, Domain, ErrorKind, RecordId, Values};

use super::{sweep, BENCH_PARTNERS, BENCH_PATTERN};
use crate::env::Setup;
use crate::models::{Country, Named, Partner, Tag};

fn bench() -> Domain<Named> {
    Named::NAME.eq_like(BENCH_PATTERN)
}

fn bench_name(i: u64) -> String {
    format!("Bench Partner {i:05}")
}

pub async fn search(s: &Setup) {
    let c = s.client();
    let ids = c
        .search(bench())
        .order("name")
        .offset(10)
        .limit(5)
        .await
        .expect("search");
    assert_eq!(ids.len(), 5);
    let read = c
        .read(ids.clone())
        .await
        .expect("read")
        .all_found()
        .unwrap();
    let names: Vec<_> = read
        .into_iter()
        .map(|p| p.name.unwrap_or_default())
        .collect();
    assert_eq!(names, (10..15).map(bench_name).collect::<Vec<_>>());
    let last = c.search(bench()).order("name desc").limit(1).await.unwrap();
    let last = c.read(last).await.unwrap().all_found().unwrap();
    assert_eq!(last[0].name, Some(bench_name(BENCH_PARTNERS - 1)));
    assert!(c.search(Domain::<Named>::none()).await.unwrap().is_empty());
}

pub async fn search_read(s: &Setup) {
    let c = s.client();
    let rows: Vec<Named> = c
        .search_read(bench())
        .order("name desc")
        .offset(3)
        .limit(4)
        .await
        .expect("search_read");
    let names: Vec<_> = rows
        .iter()
        .map(|p| p.name.clone().unwrap_or_default())
        .collect();
    let top = BENCH_PARTNERS - 1;
    assert_eq!(
        names,
        (top - 6..=top - 3)
            .rev()
            .map(bench_name)
            .collect::<Vec<_>>()
    );
    // A dotted path through a typed relation, and `in`.
    let belgians: Vec<Partner> = c
        .search_read(Partner::COUNTRY_ID.then(Country::CODE).eq("BE"))
        .limit(5)
        .await
        .expect("dotted domain");
    let be = c.search(Country::CODE.eq("BE")).await.unwrap();
    assert!(belgians
        .iter()
        .all(|p| p.country_id.as_ref().map(|m| m.id) == be.first().copied()));
    let picked: Vec<Named> = c
        .search_read(bench() & Named::NAME.in_([bench_name(7), bench_name(9)]))
        .order("id")
        .await
        .unwrap();
    assert_eq!(picked.len(), 2);
}

pub async fn search_count(s: &Setup) {
    let c = s.client();
    assert_eq!(c.search_count(bench()).await.unwrap(), BENCH_PARTNERS);
    assert_eq!(c.search_count(bench()).limit(3).await.unwrap(), 3);
    assert_eq!(c.search_count(Domain::<Named>::none()).await.unwrap(), 0);
    assert_eq!(
        c.search_count(Named::NAME.eq(bench_name(42)))
            .await
            .unwrap(),
        1
    );
}

pub async fn read_missing_ids(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("read_missing_ids");
    sweep(&c, &prefix).await;
    let ids = c
        .create_many(
            ["a", "b", "gone"]
                .map(|n| Values::<Named>::new().set(Named::NAME, format!("{prefix} {n}"))),
        )
        .await
        .expect("create_many");
    let [a, b, gone] = ids[..] else {
        panic!("three ids: {ids:?}")
    };
    c.unlink([gone]).await.expect("unlink");
    let read = c.read([b, gone, a, b]).await.expect("read");
    let names: Vec<_> = read
        .records
        .iter()
        .map(|p| p.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, [format!("{prefix} b"), format!("{prefix} a")]);
    assert_eq!(read.missing, [gone]);
    let e = read.all_found().expect_err("one is missing");
    assert_eq!(e.kind(), ErrorKind::MissingRecord);
    assert!(e.to_string().contains(&gone.to_string()), "{e}");
    let only_gone = c.read([gone]).await.unwrap();
    assert!(only_gone.records.is_empty() && only_gone.missing == [gone]);
    c.unlink([a, b]).await.expect("unlink");
}

pub async fn crud(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("crud");
    sweep(&c, &prefix).await;
    let belgium = c.search(Country::CODE.eq("BE")).await.unwrap()[0];
    let id = c
        .create(
            Values::<Partner>::new()
                .set(Partner::NAME, prefix.as_str())
                .set(Partner::EMAIL, "crud@odoo-rs.example")
                .set(Partner::IS_COMPANY, true)
                .set(Partner::COUNTRY_ID, belgium),
        )
        .await
        .expect("create");
    let p = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
    assert_eq!(p.name.as_deref(), Some(prefix.as_str()));
    assert_eq!(p.email.as_deref(), Some("crud@odoo-rs.example"));
    assert!(p.is_company && p.active);
    let country = p.country_id.expect("a country");
    assert_eq!(country.id, belgium);
    assert_eq!(country.name.as_deref(), Some("Belgium"));

    let renamed = format!("{prefix} renamed");
    c.write([id], Values::new().set(Partner::NAME, renamed.as_str()))
        .await
        .expect("write");
    assert_eq!(
        c.search(Partner::NAME.eq(renamed.as_str())).await.unwrap(),
        [id]
    );
    c.unlink([id]).await.expect("unlink");
    assert_eq!(c.search_count(Partner::ID.eq(id)).await.unwrap(), 0);
    assert_eq!(c.read([id]).await.unwrap().missing, [id]);
}

pub async fn create_many(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("create_many");
    sweep(&c, &prefix).await;
    let names: Vec<String> = (0..3).map(|i| format!("{prefix} {i}")).collect();
    let ids = c
        .create_many(
            names
                .iter()
                .map(|n| Values::<Named>::new().set(Named::NAME, n.as_str())),
        )
        .await
        .expect("create_many");
    assert_eq!(ids.len(), 3);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 3);
    let read = c.read(ids.clone()).await.unwrap().all_found().unwrap();
    let got: Vec<_> = read
        .into_iter()
        .map(|p| p.name.unwrap_or_default())
        .collect();
    assert_eq!(got, names, "in the order created");
    assert!(c
        .create_many(Vec::<Values<Named>>::new())
        .await
        .unwrap()
        .is_empty());
    c.unlink(ids).await.expect("unlink");
    assert_eq!(
        c.search_count(Named::NAME.eq_like(format!("{prefix}%")))
            .await
            .unwrap(),
        0
    );
}

/// One write on two records: fields set, char and many2one cleared, the rest untouched.
pub async fn write_set_and_clear(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("write_set_and_clear");
    sweep(&c, &prefix).await;
    let belgium = c.search(Country::CODE.eq("BE")).await.unwrap()[0];
    let parent = c
        .create(Values::<Partner>::new().set(Partner::NAME, format!("{prefix} parent")))
        .await
        .unwrap();
    let ids = c
        .create_many((0..2).map(|i| {
            Values::<Partner>::new()
                .set(Partner::NAME, format!("{prefix} {i}"))
                .set(Partner::EMAIL, "before@odoo-rs.example")
                .set(Partner::PHONE, "+32 2 000 00 00")
                .set(Partner::COUNTRY_ID, belgium)
                .set(Partner::PARENT_ID, parent)
        }))
        .await
        .unwrap();
    c.write(
        ids.clone(),
        Values::new()
            .set(Partner::EMAIL, "after@odoo-rs.example")
            .set(Partner::IS_COMPANY, true)
            .clear(Partner::PHONE)
            .clear(Partner::COUNTRY_ID)
            .set_opt(Partner::PARENT_ID, None::<RecordId<Partner>>),
    )
    .await
    .expect("write");
    for p in c.read(ids.clone()).await.unwrap().all_found().unwrap() {
        assert_eq!(p.email.as_deref(), Some("after@odoo-rs.example"));
        assert!(p.is_company);
        assert_eq!(p.phone, None);
        assert_eq!(p.country_id, None);
        assert_eq!(p.parent_id, None);
        assert!(p.name.unwrap_or_default().starts_with(&prefix), "untouched");
    }
    c.write(
        Vec::<RecordId<Partner>>::new(),
        Values::new().clear(Partner::EMAIL),
    )
    .await
    .expect("a write on no records sends nothing");
    c.unlink(ids).await.unwrap();
    c.unlink([parent]).await.unwrap();
}

/// Each of the seven x2many commands, checked by reading back.
pub async fn x2many_commands(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("x2many_commands");
    sweep(&c, &prefix).await;
    let tags = c
        .create_many(
            (1..=3).map(|i| Values::<Tag>::new().set(Tag::NAME, format!("{prefix} tag {i}"))),
        )
        .await
        .unwrap();
    let [t1, t2, t3] = tags[..] else {
        panic!("three tags")
    };
    let read = |id| {
        let c = c.clone();
        async move { c.read([id]).await.unwrap().all_found().unwrap().remove(0) }
    };
    let sorted = |mut v: Vec<RecordId<Tag>>| {
        v.sort();
        v
    };

    // 0 create (one2many) and 4 link (many2many), in the create.
    let id = c
        .create(
            Values::<Partner>::new()
                .set(Partner::NAME, prefix.as_str())
                .set(
                    Partner::CHILD_IDS,
                    [Command::create(
                        Values::new().set(Partner::NAME, format!("{prefix} child")),
                    )],
                )
                .set(Partner::CATEGORY_ID, [Command::link(t1)]),
        )
        .await
        .expect("create with commands 0 and 4");
    let p = read(id).await;
    assert_eq!(p.category_id.to_vec(), [t1], "4 link");
    let [child] = p.child_ids.to_vec()[..] else {
        panic!("0 create: one child, got {:?}", p.child_ids)
    };
    let ch = read(child).await;
    assert_eq!(ch.name, Some(format!("{prefix} child")));
    assert_eq!(ch.parent_id.map(|m| m.id), Some(id));

    // 1 update.
    c.write(
        [id],
        Values::new().set(
            Partner::CHILD_IDS,
            [Command::update(
                child,
                Values::new().set(Partner::NAME, format!("{prefix} child renamed")),
            )],
        ),
    )
    .await
    .expect("1 update");
    assert_eq!(
        read(child).await.name,
        Some(format!("{prefix} child renamed"))
    );

    // 6 set.
    c.write(
        [id],
        Values::new().set(Partner::CATEGORY_ID, [Command::set([t2, t3])]),
    )
    .await
    .expect("6 set");
    assert_eq!(
        sorted(read(id).await.category_id.to_vec()),
        sorted(vec![t2, t3])
    );

    // 3 unlink: the link goes, the tag stays.
    c.write(
        [id],
        Values::new().set(Partner::CATEGORY_ID, [Command::unlink(t2)]),
    )
    .await
    .expect("3 unlink");
    assert_eq!(read(id).await.category_id.to_vec(), [t3]);
    assert_eq!(
        c.search_count(Tag::ID.eq(t2)).await.unwrap(),
        1,
        "t2 still exists"
    );

    // 5 clear.
    c.write(
        [id],
        Values::new().set(Partner::CATEGORY_ID, [Command::clear()]),
    )
    .await
    .expect("5 clear");
    assert!(read(id).await.category_id.is_empty());

    // 2 delete: the child record itself goes.
    c.write(
        [id],
        Values::new().set(Partner::CHILD_IDS, [Command::delete(child)]),
    )
    .await
    .expect("2 delete");
    assert!(read(id).await.child_ids.is_empty());
    assert_eq!(c.read([child]).await.unwrap().missing, [child], "deleted");

    c.unlink([id]).await.unwrap();
    c.unlink(tags).await.unwrap();
}

pub async fn unlink(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("unlink");
    sweep(&c, &prefix).await;
    let ids = c
        .create_many(
            (0..2).map(|i| Values::<Named>::new().set(Named::NAME, format!("{prefix} {i}"))),
        )
        .await
        .unwrap();
    c.unlink(ids.clone()).await.expect("unlink");
    let mine = Named::NAME.eq_like(format!("{prefix}%"));
    assert_eq!(
        c.search_count(mine)
            .context("active_test", false)
            .await
            .unwrap(),
        0
    );
    c.unlink(Vec::<RecordId<Named>>::new())
        .await
        .expect("unlink of nothing sends nothing");
    // Unlinking what is already gone: Odoo says nothing, or that it is missing.
    match c.unlink(ids).await {
        Ok(()) => {}
        Err(e) => assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e:?}"),
    }
}

/// The stream pages through all 10,000 bench partners exactly once, in order.
pub async fn paging_stream(s: &Setup) {
    let c = s.client();
    let stream = c.search_read(bench()).order("id").stream(1500);
    pin_mut!(stream);
    let mut count = 0u64;
    let mut names = HashSet::new();
    let mut last_id = 0;
    while let Some(p) = stream.next().await {
        let p = p.expect("a page");
        assert!(p.id.get() > last_id, "ids increase");
        last_id = p.id.get();
        let name = p.name.expect("a name");
        assert!(name.starts_with("Bench Partner "), "{name}");
        assert!(names.insert(name), "each record once");
        count += 1;
    }
    assert_eq!(count, BENCH_PARTNERS);
    assert!((0..BENCH_PARTNERS).all(|i| names.contains(&bench_name(i))));

    let tail = c
        .search_read(bench())
        .order("id")
        .offset(BENCH_PARTNERS - 7)
        .stream(3);
    pin_mut!(tail);
    let mut n = 0;
    while let Some(p) = tail.next().await {
        p.unwrap();
        n += 1;
    }
    assert_eq!(n, 7, "offset honoured");
    let limited = c.search_read(bench()).order("id").limit(25).stream(10);
    pin_mut!(limited);
    let mut n = 0;
    while let Some(p) = limited.next().await {
        p.unwrap();
        n += 1;
    }
    assert_eq!(n, 25, "limit honoured");
}
