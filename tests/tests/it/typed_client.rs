//! The typed model API end to end: derived structs, typed domains and writes, over real HTTP
//! against `odoo-testkit`, on each of the three protocols.

use futures_util::StreamExt;
use odoo_runtime::schema::{Field, FieldType, Model, Schema, SelectionOption};
use odoo_runtime::{
    Client, Command, Date, DateTime, Domain, ErrorKind, Many2one, OdooModel, Protocol, RecordId,
    Values, X2Many,
};
use odoo_testkit::TestServer;
// The partner below is typed for this file's schema; the models it points at are the shared ones.
use odoo_tests::models::{Country, PartnerType, Tag};

// ------------------------------------------------------------------------------- models

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub is_company: bool,
    pub active: bool,
    pub color: i64,
    pub credit_limit: f64,
    pub birthday: Option<Date>,
    pub country_id: Option<Many2one<Country>>,
    pub parent_id: Option<Many2one<Partner>>,
    pub child_ids: X2Many<Partner>,
    pub category_id: X2Many<Tag>,
    pub r#type: Option<PartnerType>,
    #[odoo(readonly)]
    pub display_name: Option<String>,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
}

/// The same model with `name` required: a `false` name is a decode error.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)] // only ever fails to decode
pub struct StrictPartner {
    pub id: RecordId<StrictPartner>,
    pub name: String,
}

// ------------------------------------------------------------------------------- server

const KEY: &str = "typed-api-key";

fn field(name: &str, ty: FieldType, relation: Option<&str>) -> Field {
    let mut f = Field::new(name, ty, name);
    f.relation = relation.map(str::to_owned);
    f
}

fn schema() -> Schema {
    let mut schema = Schema::new("19.0", "odoo19");
    let mut country = Model::new("res.country", "Country");
    for f in [
        field("name", FieldType::Char, None),
        field("code", FieldType::Char, None),
    ] {
        country.fields.insert(f.name.clone(), f);
    }
    schema.insert(country);

    let mut tag = Model::new("res.partner.category", "Partner Tag");
    tag.fields
        .insert("name".into(), field("name", FieldType::Char, None));
    schema.insert(tag);

    let mut partner = Model::new("res.partner", "Contact");
    let mut kind = field("type", FieldType::Selection, None);
    kind.selection = Some(vec![
        SelectionOption::new("contact", "Contact"),
        SelectionOption::new("invoice", "Invoice"),
        SelectionOption::new("other", "Other"),
    ]);
    let mut children = field("child_ids", FieldType::One2many, Some("res.partner"));
    children.relation_field = Some("parent_id".into());
    let mut active = field("active", FieldType::Boolean, None);
    // Odoo's magic fields, which fields_get lists like any other.
    let mut display_name = field("display_name", FieldType::Char, None);
    display_name.readonly = true;
    display_name.store = false;
    let mut create_date = field("create_date", FieldType::Datetime, None);
    create_date.readonly = true;
    let mut write_date = field("write_date", FieldType::Datetime, None);
    write_date.readonly = true;
    active.default = Some(true.into());
    for f in [
        field("name", FieldType::Char, None),
        field("email", FieldType::Char, None),
        field("is_company", FieldType::Boolean, None),
        active,
        field("color", FieldType::Integer, None),
        field("credit_limit", FieldType::Float, None),
        field("birthday", FieldType::Date, None),
        field("country_id", FieldType::Many2one, Some("res.country")),
        field("parent_id", FieldType::Many2one, Some("res.partner")),
        children,
        field(
            "category_id",
            FieldType::Many2many,
            Some("res.partner.category"),
        ),
        kind,
        display_name,
        create_date,
        write_date,
    ] {
        partner.fields.insert(f.name.clone(), f);
    }
    schema.insert(partner);
    schema
}

const SEED: &str = r#"{
  "res.country": [{"id": 20, "name": "Belgium", "code": "BE"}, {"id": 233, "name": "United States", "code": "US"}],
  "res.partner.category": [{"id": 1, "name": "VIP"}, {"id": 2, "name": "Supplier"}],
  "res.partner": [
    {"id": 10, "name": "Acme", "email": "info@acme.example", "is_company": true, "color": 3, "credit_limit": 1000.0,
     "country_id": 20, "category_id": [1], "type": "contact", "birthday": "1990-05-01"},
    {"id": 11, "name": "Acme, Alice", "email": "alice@acme.example", "parent_id": 10, "color": 1,
     "country_id": 20, "type": "invoice"},
    {"id": 12, "name": "Acme, Bob", "parent_id": 10, "color": 5, "category_id": [2], "type": "contact"},
    {"id": 13, "name": "Globex", "is_company": true, "email": "hello@globex.example", "color": 0,
     "country_id": 233, "category_id": [1, 2], "credit_limit": 50.5},
    {"id": 14, "name": "Bob, Jr.", "parent_id": 12, "color": 7},
    {"id": 15, "name": "Old Corp", "is_company": true, "active": false, "color": 2}
  ]
}"#;

async fn start() -> TestServer {
    TestServer::builder()
        .schema(schema())
        .data_json(SEED)
        .user("admin", "admin")
        .api_key("admin", KEY)
        .start()
        .await
        .expect("test server")
}

fn clients(server: &TestServer) -> Vec<(Protocol, Client)> {
    crate::clients::with_key(server, KEY)
}

fn raw(ids: &[RecordId<Partner>]) -> Vec<i64> {
    ids.iter().map(|id| id.get()).collect()
}

// ------------------------------------------------------------------------------- tests

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_read_write_search_count_unlink() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let name = format!("Typed {p:?}");
        let id = client
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, name.clone())
                    .set(Partner::EMAIL, "typed@example.com")
                    .set(Partner::IS_COMPANY, true)
                    .set(Partner::COLOR, 9)
                    .set(Partner::CREDIT_LIMIT, 12.5)
                    .set(
                        Partner::BIRTHDAY,
                        Date::from(chrono::NaiveDate::from_ymd_opt(2001, 2, 3).unwrap()),
                    )
                    .set(Partner::COUNTRY_ID, RecordId::new(20))
                    .set(Partner::TYPE, PartnerType::Invoice),
            )
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e:?}"));

        let read = client.read([id]).await.unwrap();
        assert!(read.missing.is_empty(), "{p:?}");
        let r = &read.records[0];
        assert_eq!(r.id, id);
        assert_eq!(r.name.as_deref(), Some(name.as_str()));
        assert_eq!(r.email.as_deref(), Some("typed@example.com"));
        assert!(r.is_company);
        assert_eq!((r.color, r.credit_limit), (9, 12.5));
        assert_eq!(
            r.birthday.map(|d| d.to_string()).as_deref(),
            Some("2001-02-03")
        );
        assert_eq!(
            r.country_id.as_ref().map(|c| (c.id, c.name.as_deref())),
            Some((RecordId::new(20), Some("Belgium")))
        );
        assert_eq!(r.r#type, Some(PartnerType::Invoice));
        assert_eq!(r.display_name.as_deref(), Some(name.as_str()));
        assert!(r.create_date.is_some(), "{p:?}");

        // write: set one field, clear two, leave the rest untouched.
        client
            .write(
                [id],
                Values::new()
                    .set(Partner::COLOR, 4)
                    .clear(Partner::EMAIL)
                    .clear(Partner::COUNTRY_ID),
            )
            .await
            .unwrap();
        let r = client
            .read([id])
            .await
            .unwrap()
            .all_found()
            .unwrap()
            .remove(0);
        assert_eq!(
            (r.color, r.email.as_deref(), r.country_id.as_ref()),
            (4, None, None),
            "{p:?}"
        );
        assert_eq!(r.name.as_deref(), Some(name.as_str()), "untouched");
        assert_eq!(r.r#type, Some(PartnerType::Invoice), "untouched");

        // search / search_read / search_count with one domain.
        let d = Partner::NAME.eq(name.as_str()) & Partner::IS_COMPANY.eq(true);
        assert_eq!(client.search(d.clone()).await.unwrap(), [id], "{p:?}");
        assert_eq!(client.search_count(d.clone()).await.unwrap(), 1);
        let rows = client.search_read(d.clone()).await.unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0], r);

        client.unlink([id]).await.unwrap();
        assert_eq!(client.search_count(d).await.unwrap(), 0);
        let gone = client.read([id]).await.unwrap();
        assert!(gone.records.is_empty());
        assert_eq!(gone.missing, [id]);
        assert_eq!(
            gone.all_found().unwrap_err().kind(),
            ErrorKind::MissingRecord
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_keeps_the_order_asked_and_reports_missing_ids() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let ids = client
            .create_many(["C", "A", "B"].map(|n| Values::<Partner>::new().set(Partner::NAME, n)))
            .await
            .unwrap();
        assert_eq!(ids.len(), 3, "{p:?}");
        client.unlink([ids[1]]).await.unwrap();
        let asked = [ids[2], RecordId::new(999_999), ids[1], ids[0], ids[2]];
        let read = client.read(asked).await.unwrap();
        let names: Vec<_> = read
            .records
            .iter()
            .map(|r| r.name.clone().unwrap_or_default())
            .collect();
        assert_eq!(names, ["B", "C"], "{p:?}");
        assert_eq!(read.missing, [RecordId::new(999_999), ids[1]], "{p:?}");
        client.unlink([ids[0], ids[2]]).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x2many_commands() {
    let server = start().await;
    for (p, client) in clients(&server) {
        // create: (0, 0, vals) on both a many2many and a one2many, (4, id) link.
        let id = client
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, "Parent")
                    .set(
                        Partner::CATEGORY_ID,
                        [
                            Command::link(RecordId::new(1)),
                            Command::create(Values::new().set(Tag::NAME, "New tag")),
                        ],
                    )
                    .set(
                        Partner::CHILD_IDS,
                        [
                            Command::create(Values::new().set(Partner::NAME, "Kid 1")),
                            Command::create(Values::new().set(Partner::NAME, "Kid 2")),
                        ],
                    ),
            )
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e:?}"));
        let r = client
            .read([id])
            .await
            .unwrap()
            .all_found()
            .unwrap()
            .remove(0);
        assert_eq!(r.category_id.len(), 2, "{p:?}");
        assert!(r.category_id.contains(&RecordId::new(1)));
        let new_tag = r
            .category_id
            .iter()
            .copied()
            .find(|t| t.get() != 1)
            .unwrap();
        let tags = client
            .read(r.category_id.iter().copied())
            .await
            .unwrap()
            .all_found()
            .unwrap();
        assert!(tags.iter().any(|t| t.name.as_deref() == Some("New tag")));
        assert_eq!(r.child_ids.len(), 2);
        let (kid1, kid2) = (r.child_ids[0], r.child_ids[1]);

        // write: (1, id, vals) update, (3, id) unlink, (2, id) delete, (6, 0, ids) set.
        client
            .write(
                [id],
                Values::new()
                    .set(
                        Partner::CHILD_IDS,
                        [
                            Command::update(
                                kid1,
                                Values::new().set(Partner::EMAIL, "kid1@x.example"),
                            ),
                            Command::delete(kid2),
                        ],
                    )
                    .set(Partner::CATEGORY_ID, [Command::unlink(RecordId::new(1))]),
            )
            .await
            .unwrap();
        let r = client
            .read([id])
            .await
            .unwrap()
            .all_found()
            .unwrap()
            .remove(0);
        assert_eq!(r.child_ids.as_ref(), [kid1], "{p:?}");
        assert_eq!(r.category_id.as_ref(), [new_tag], "{p:?}");
        let kids = client.read([kid1, kid2]).await.unwrap();
        assert_eq!(kids.records[0].email.as_deref(), Some("kid1@x.example"));
        assert_eq!(kids.missing, [kid2], "delete removes the record");

        client
            .write(
                [id],
                Values::new().set(
                    Partner::CATEGORY_ID,
                    [Command::set([RecordId::new(2), RecordId::new(1)])],
                ),
            )
            .await
            .unwrap();
        let r = client
            .read([id])
            .await
            .unwrap()
            .all_found()
            .unwrap()
            .remove(0);
        let mut tags: Vec<i64> = r.category_id.raw_ids().collect();
        tags.sort();
        assert_eq!(tags, [1, 2], "{p:?}");

        // (5) clear, through `Values::clear` on an x2many and explicitly.
        client
            .write([id], Values::new().clear(Partner::CATEGORY_ID))
            .await
            .unwrap();
        client
            .write(
                [id],
                Values::new().set(Partner::CHILD_IDS, [Command::clear()]),
            )
            .await
            .unwrap();
        let r = client
            .read([id])
            .await
            .unwrap()
            .all_found()
            .unwrap()
            .remove(0);
        assert!(
            r.category_id.is_empty() && r.child_ids.is_empty(),
            "{p:?}: {r:?}"
        );
        client.unlink([id, kid1]).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_call_context() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let companies = Partner::IS_COMPANY.eq(true);
        let active = client.search(companies.clone()).order("id").await.unwrap();
        assert_eq!(raw(&active), [10, 13], "{p:?}");
        let all = client
            .search(companies.clone())
            .order("id")
            .context("active_test", false)
            .await
            .unwrap();
        assert_eq!(raw(&all), [10, 13, 15], "{p:?}");
        let n = client
            .search_count(companies.clone())
            .context("active_test", false)
            .await
            .unwrap();
        assert_eq!(n, 3);
        let rows = client
            .search_read(Partner::ACTIVE.eq(false))
            .context("active_test", false)
            .await
            .unwrap();
        assert_eq!(
            rows.iter().map(|r| r.id.get()).collect::<Vec<_>>(),
            [15],
            "{p:?}"
        );
        let read = client
            .read::<Partner>([RecordId::new(15)])
            .context("active_test", false)
            .await
            .unwrap();
        assert_eq!(read.records.len(), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn limit_offset_order_and_paging() {
    let server = start().await;
    let setup = &clients(&server)[0].1;
    let ids = setup
        .create_many((0..23).map(|i| {
            Values::<Partner>::new()
                .set(Partner::NAME, format!("Page {i:02}"))
                .set(Partner::COLOR, 100 + i)
        }))
        .await
        .unwrap();
    assert_eq!(ids.len(), 23);
    for (p, client) in clients(&server) {
        let pages = Partner::NAME.eq_like("Page %");
        let first = client
            .search_read(pages.clone())
            .order("name desc")
            .limit(3)
            .offset(1)
            .await
            .unwrap();
        let names: Vec<_> = first.iter().filter_map(|r| r.name.clone()).collect();
        assert_eq!(names, ["Page 21", "Page 20", "Page 19"], "{p:?}");

        let streamed: Vec<Partner> = client
            .search_read(pages.clone())
            .order("id")
            .stream(5)
            .map(|r| r.expect("page"))
            .collect()
            .await;
        assert_eq!(
            streamed.iter().map(|r| r.id).collect::<Vec<_>>(),
            ids,
            "{p:?}"
        );

        let window: Vec<i64> = client
            .search_read(pages.clone())
            .order("color")
            .offset(4)
            .limit(12)
            .stream(5)
            .map(|r| r.expect("page").color)
            .collect()
            .await;
        assert_eq!(window, (104..116).collect::<Vec<_>>(), "{p:?}");

        let ids_page = client
            .search(pages)
            .order("id desc")
            .limit(2)
            .await
            .unwrap();
        assert_eq!(ids_page, [ids[22], ids[21]]);
    }
}

/// A paged read reads the set the search found: a record created meanwhile is not read, one
/// deleted meanwhile is left out, one written meanwhile is read once, as written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paged_read_reads_the_set_searched_whatever_is_written_meanwhile() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let tag = format!("Snap {p:?} %");
        let ids = client
            .create_many((0..12).map(|i| {
                Values::<Partner>::new()
                    .set(Partner::NAME, format!("Snap {p:?} {i:02}"))
                    .set(Partner::COLOR, i)
            }))
            .await
            .unwrap();
        // One page in flight: the second page is read only once the first is used up.
        let stream = client
            .search_read::<Partner>(Partner::NAME.eq_like(tag))
            .order("id")
            .pages_in_flight(1)
            .stream(4);
        futures_util::pin_mut!(stream);
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.id, ids[0]);
        client
            .create(Values::<Partner>::new().set(Partner::NAME, format!("Snap {p:?} new")))
            .await
            .unwrap();
        client.unlink([ids[11]]).await.unwrap();
        client
            .write([ids[9]], Values::new().set(Partner::COLOR, 99))
            .await
            .unwrap();
        let mut rest = Vec::new();
        while let Some(r) = stream.next().await {
            rest.push(r.unwrap());
        }
        let got: Vec<_> = rest.iter().map(|r| r.id).collect();
        assert_eq!(got, ids[1..11], "{p:?}");
        assert_eq!(rest[8].color, 99, "{p:?}: read as written");
    }
}

/// However many pages are in flight, and whichever answers first, records come out in the
/// search's order (here `color`, the reverse of creation).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_in_flight_preserve_order_on_every_protocol() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let ids = client
            .create_many((0..37).map(|i| {
                Values::<Partner>::new()
                    .set(Partner::NAME, format!("Flight {p:?} {i:02}"))
                    .set(Partner::COLOR, 37 - i)
            }))
            .await
            .unwrap();
        let pattern = format!("Flight {p:?} %");
        for in_flight in [1, 3, 8] {
            let got: Vec<i64> = client
                .search_read::<Partner>(Partner::NAME.eq_like(pattern.clone()))
                .order("color")
                .pages_in_flight(in_flight)
                .stream(5)
                .map(|r| r.unwrap().id.get())
                .collect()
                .await;
            let want: Vec<i64> = ids.iter().rev().map(|id| id.get()).collect();
            assert_eq!(got, want, "{p:?}, {in_flight} in flight");
        }
    }
}

/// The incremental sync against the test server: what was written after the cursor, once,
/// also across a second that was still open at the first sync. The protocols run at once, each
/// on records of its own, so the three waits for the next second overlap.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn incremental_sync_delivers_each_change_once() {
    use odoo_runtime::sync::Cursor;
    use std::time::Duration;
    let server = start().await;
    futures_util::future::join_all(clients(&server).into_iter().map(|(p, client)| async move {
        let mine = || Partner::NAME.eq_like(format!("Sync {p:?} %"));
        let sync = |c: &Cursor| {
            client
                .changes::<Partner>(c)
                .domain(mine())
                .settle(Duration::ZERO)
        };
        let start = sync(&Cursor::start()).await.unwrap();
        assert!(start.records.is_empty());
        let a = client
            .create(Values::<Partner>::new().set(Partner::NAME, format!("Sync {p:?} a")))
            .await
            .unwrap();
        let first = sync(&start.cursor).await.unwrap();
        let b = client
            .create(Values::<Partner>::new().set(Partner::NAME, format!("Sync {p:?} b")))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        let second = sync(&first.cursor).await.unwrap();
        let mut got: Vec<_> = first
            .records
            .iter()
            .chain(&second.records)
            .map(|r| r.id)
            .collect();
        got.sort();
        assert_eq!(got, [a, b], "{p:?}");
        assert!(
            sync(&second.cursor).await.unwrap().records.is_empty(),
            "{p:?}"
        );
        client.unlink([a]).await.unwrap();
        assert_eq!(client.deleted([a, b]).await.unwrap(), [a], "{p:?}");
    }))
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_domain_for_every_operator() {
    let server = start().await;
    let id = RecordId::<Partner>::new;
    let cases: Vec<(&str, Domain<Partner>, Vec<i64>)> = vec![
        ("=", Partner::NAME.eq("Acme"), vec![10]),
        ("!=", Partner::COLOR.ne(0), vec![10, 11, 12, 14]),
        ("<", Partner::COLOR.lt(3), vec![11, 13]),
        ("<=", Partner::COLOR.le(3), vec![10, 11, 13]),
        (">", Partner::COLOR.gt(3), vec![12, 14]),
        (">=", Partner::COLOR.ge(5), vec![12, 14]),
        ("=? set", Partner::COLOR.eq_if_set(Some(5)), vec![12]),
        (
            "=? unset",
            Partner::COLOR.eq_if_set(None::<i64>),
            vec![10, 11, 12, 13, 14],
        ),
        ("like", Partner::NAME.like("Acme"), vec![10, 11, 12]),
        ("ilike", Partner::NAME.ilike("bob"), vec![12, 14]),
        ("not like", Partner::NAME.not_like("Acme"), vec![13, 14]),
        ("not ilike", Partner::NAME.not_ilike("acme"), vec![13, 14]),
        ("=like", Partner::NAME.eq_like("Acme%"), vec![10, 11, 12]),
        ("=ilike", Partner::NAME.eq_ilike("acme, %"), vec![11, 12]),
        (
            "in",
            Partner::ID.in_([id(11), id(13), id(99)]),
            vec![11, 13],
        ),
        ("not in", Partner::COLOR.not_in([0, 1, 3]), vec![12, 14]),
        (
            "child_of",
            Partner::ID.child_of([id(10)]),
            vec![10, 11, 12, 14],
        ),
        (
            "parent_of",
            Partner::ID.parent_of([id(14)]),
            vec![10, 12, 14],
        ),
        (
            "any",
            Partner::CATEGORY_ID.any(Tag::NAME.eq("Supplier")),
            vec![12, 13],
        ),
        (
            "not any",
            Partner::CATEGORY_ID.not_any(Tag::NAME.eq("VIP")),
            vec![11, 12, 14],
        ),
        (
            "many2one any",
            Partner::COUNTRY_ID.any(Country::CODE.eq("US")),
            vec![13],
        ),
        (
            "dotted path",
            Partner::COUNTRY_ID.then(Country::CODE).eq("BE"),
            vec![10, 11],
        ),
        (
            "dotted x2many path",
            Partner::CHILD_IDS.then(Partner::NAME).ilike("alice"),
            vec![10],
        ),
        ("many2one =", Partner::PARENT_ID.eq(id(10)), vec![11, 12]),
        (
            "selection =",
            Partner::TYPE.eq(PartnerType::Invoice),
            vec![11],
        ),
        (
            "date >",
            Partner::BIRTHDAY.gt(Date::from(
                chrono::NaiveDate::from_ymd_opt(1980, 1, 1).unwrap(),
            )),
            vec![10],
        ),
        ("is_set", Partner::EMAIL.is_set(), vec![10, 11, 13]),
        ("is_not_set", Partner::PARENT_ID.is_not_set(), vec![10, 13]),
        (
            "bool = false",
            Partner::IS_COMPANY.eq(false),
            vec![11, 12, 14],
        ),
        (
            "&",
            Partner::IS_COMPANY.eq(true) & Partner::COUNTRY_ID.then(Country::CODE).eq("US"),
            vec![13],
        ),
        (
            "|",
            Partner::COLOR.eq(1) | Partner::COLOR.eq(7),
            vec![11, 14],
        ),
        ("!", !Partner::NAME.ilike("acme"), vec![13, 14]),
        (
            "nested",
            (Partner::IS_COMPANY.eq(true) | Partner::PARENT_ID.eq(id(12)))
                & !Partner::CATEGORY_ID.any(Tag::NAME.eq("Supplier")),
            vec![10, 14],
        ),
        ("all", Domain::all(), vec![10, 11, 12, 13, 14]),
        ("none", Domain::none(), vec![]),
        (
            "raw",
            Domain::from_json(serde_json::json!([
                "|",
                ["color", "=", 3],
                ["color", "=", 5]
            ])),
            vec![10, 12],
        ),
        (
            "raw & typed",
            Domain::from_json(serde_json::json!([["color", ">", 0]])) & Partner::EMAIL.is_not_set(),
            vec![12, 14],
        ),
    ];
    for (p, client) in clients(&server) {
        for (op, domain, expected) in &cases {
            let got = client
                .search(domain.clone())
                .order("id")
                .await
                .unwrap_or_else(|e| panic!("{p:?} {op}: {e:?} ({domain:?})"));
            assert_eq!(raw(&got), *expected, "{p:?} `{op}`: {domain:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn false_in_a_required_field_is_a_decode_error_naming_model_id_and_field() {
    let server = start().await;
    for (p, client) in clients(&server) {
        let id = client
            .create(Values::<Partner>::new().set(Partner::EMAIL, "noname@example.com"))
            .await
            .unwrap();
        let e = client.read::<StrictPartner>([id.cast()]).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{p:?}: {e:?}");
        assert!(e.to_string().contains("name"), "{p:?}: {e}");
        let ctx = e.decode_context().expect("a decode context");
        assert_eq!(ctx.model.as_deref(), Some("res.partner"), "{p:?}");
        assert_eq!(ctx.record_id, Some(id.get()), "{p:?}");
        assert_eq!(ctx.field.as_deref(), Some("name"), "{p:?}");
        client.unlink([id]).await.unwrap();
    }
}
