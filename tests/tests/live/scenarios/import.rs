//! Bulk import with external ids against the real server: `load` (rows in, ids out, refused
//! rows as typed messages), the upsert keyed by an external id sent twice, `export_data`, and
//! the external ids in `ir.model.data`.

use odoo_runtime::orm::ImportMessageKind;
use odoo_runtime::{Call, Client, ErrorKind, RecordId, Values};

use super::sweep;
use crate::env::Setup;
use crate::models::{Country, Partner};

/// The external ids of the records this setup's test makes: `odoo_rs_live.<setup>_<n>`.
fn xml_id(s: &Setup, n: &str) -> String {
    format!("odoo_rs_live.{}_{n}", s.name)
}

/// The number of partners named `name` (archived ones too).
async fn named(c: &Client, name: &str) -> u64 {
    c.search_count(Partner::NAME.eq(name))
        .context("active_test", false)
        .await
        .expect("count")
}

pub async fn load_and_upsert(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("load_and_upsert");
    sweep(&c, &prefix).await;
    let belgium: Vec<Country> = c
        .search_read(Country::CODE.eq("BE"))
        .await
        .expect("Belgium");
    let belgium = belgium[0].id;

    // Two rows: one by external id for its country, one by database id.
    let (a, b) = (format!("{prefix} a"), format!("{prefix} b"));
    let loaded = c
        .load::<Partner>(["id", "name", "email", "is_company", "country_id/id"])
        .row([xml_id(s, "a").as_str(), &a, "a@example.com", "1", "base.be"])
        .row([xml_id(s, "b").as_str(), &b, "", "0", ""])
        .await
        .expect("load two rows");
    assert_eq!(loaded.ids.len(), 2, "{loaded:?}");
    let read = c
        .read(loaded.ids.clone())
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(read[0].name.as_deref(), Some(a.as_str()));
    assert_eq!(read[0].email.as_deref(), Some("a@example.com"));
    assert!(read[0].is_company);
    assert_eq!(read[0].country_id.as_ref().map(|m| m.id), Some(belgium));
    assert_eq!(read[1].email, None);
    assert!(!read[1].is_company);

    // The same load again updates the same records: nothing doubles.
    let again = c
        .load::<Partner>(["id", "name", "email"])
        .row([xml_id(s, "a").as_str(), &a, "a2@example.com"])
        .row([xml_id(s, "b").as_str(), &b, ""])
        .await
        .expect("load again");
    assert_eq!(again.ids, loaded.ids);
    assert_eq!(named(&c, &a).await, 1);
    assert_eq!(
        c.external_id::<Partner>(&xml_id(s, "a")).await.unwrap(),
        Some(loaded.ids[0])
    );

    // A refused row: the whole load is refused, with the row, the field and the reason.
    let bad = format!("{prefix} bad");
    let e = c
        .load::<Partner>(["name", "is_company"])
        .row([bad.as_str(), "0"])
        .row([bad.as_str(), "maybe"])
        .await
        .expect_err("a boolean that is not one");
    assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
    let messages = e.import_messages().expect("the rows' messages");
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].kind, ImportMessageKind::Error);
    assert_eq!(messages[0].field.as_deref(), Some("is_company"));
    assert_eq!(messages[0].rows.map(|r| r.from), Some(1));
    assert!(messages[0].message.contains("maybe"), "{e}");
    assert_eq!(named(&c, &bad).await, 0, "a refused load imports nothing");

    // A missing many2one by database id, and a required field left out.
    let e = c
        .load::<Partner>(["name", "country_id/.id"])
        .row([bad.as_str(), "99999999"])
        .await
        .expect_err("no such country");
    let m = &e.import_messages().expect("messages")[0];
    assert_eq!(m.field.as_deref(), Some("country_id"));
    assert!(m.message.contains("99999999"), "{e}");
    let e = c
        .load::<Partner>(["email"])
        .row(["nameless@example.com"])
        .await
        .expect_err("a partner needs a name");
    // Odoo 19 says `Contacts require a name`; 17 and 18 quote it: `'Contacts require a name'`.
    assert!(e.to_string().contains("Contacts require a name"), "{e}");

    // An unknown column is the server's error, not a message.
    let e = c
        .load::<Partner>(["name", "no_such_field"])
        .row([bad.as_str(), "x"])
        .await
        .expect_err("an unknown column");
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
    // A short row is refused before anything is sent.
    let e = c
        .load::<Partner>(["name", "email"])
        .row([bad.as_str()])
        .await
        .expect_err("a short row");
    assert_eq!(e.kind(), ErrorKind::Encode, "{e}");

    // The upsert: created once, updated when sent again.
    let u = format!("{prefix} upsert");
    let values = Values::<Partner>::new()
        .set(Partner::NAME, u.as_str())
        .set(Partner::IS_COMPANY, true)
        .set(Partner::COUNTRY_ID, belgium)
        .clear(Partner::EMAIL);
    let first = c
        .upsert(xml_id(s, "upsert"), values.clone())
        .await
        .expect("upsert");
    let second = c
        .upsert(
            xml_id(s, "upsert"),
            values.set(Partner::PHONE, "+32 2 000 00 00"),
        )
        .await
        .expect("upsert again");
    assert_eq!(first, second);
    assert_eq!(named(&c, &u).await, 1);
    let read = c.read([first]).await.unwrap().all_found().unwrap();
    assert!(read[0].is_company);
    assert_eq!(read[0].country_id.as_ref().map(|m| m.id), Some(belgium));
    assert_eq!(read[0].phone.as_deref(), Some("+32 2 000 00 00"));

    // export_data: external ids, names of many2ones, database ids.
    let rows = c
        .export_data(
            [loaded.ids[0], first],
            ["id", "name", "country_id", "country_id/id", ".id"],
        )
        .await
        .expect("export_data");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][0].as_str(), Some(xml_id(s, "a").as_str()));
    assert_eq!(rows[0][1].as_str(), Some(a.as_str()));
    assert_eq!(rows[0][2].as_str(), Some("Belgium"));
    assert_eq!(rows[0][3].as_str(), Some("base.be"));
    assert_eq!(
        rows[1][4].as_str(),
        Some(first.get().to_string().as_str()),
        "{rows:?}"
    );
    let e = c
        .export_data([first], ["no_such_field"])
        .await
        .expect_err("an unknown field");
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");

    // Removing the records removes their external ids.
    let ids = [loaded.ids[0], loaded.ids[1], first];
    c.unlink(ids).await.expect("clean up");
    assert_eq!(
        c.external_id::<Partner>(&xml_id(s, "a")).await.unwrap(),
        None
    );
    let ids_json: Vec<i64> = ids.iter().map(|i| i.get()).collect();
    let left: i64 = c
        .call(Call::new("ir.model.data", "search_count").arg(
            "domain",
            serde_json::json!([["model", "=", "res.partner"], ["res_id", "in", ids_json]]),
        ))
        .await
        .unwrap();
    assert_eq!(left, 0);
    let _: RecordId<Partner> = first;
}
