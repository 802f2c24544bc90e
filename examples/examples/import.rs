//! Bulk import that cannot double a record: `load` with an `id` column of external ids, the
//! per-row messages of a refused import, an upsert keyed by an external id (safe to send
//! again after a lost answer), and `export_data`.
//!
//! `cargo run --example import` runs it on the embedded test server. With
//! `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` set it runs against that real Odoo
//! instead, writes partners named `odoo-rs live import …` with external ids in the module
//! `odoo_rs_example`, and removes them.

use odoo_examples::{demo_server, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Client, ErrorKind, OdooModel, RecordId, Values};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
struct Customer {
    id: RecordId<Customer>,
    name: Option<String>,
    email: Option<String>,
    is_company: bool,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (_server, client) = match var("ODOO_URL") {
        Some(url) => {
            println!("== the real Odoo at {url}");
            let client = Client::builder()
                .url(url)
                .database(var("ODOO_DB").ok_or("ODOO_DB is not set")?)
                .password(
                    var("ODOO_USER").ok_or("ODOO_USER is not set")?,
                    var("ODOO_PASSWORD").ok_or("ODOO_PASSWORD is not set")?,
                )
                .build()?;
            (None, client)
        }
        None => {
            let server = demo_server().await?;
            println!("== odoo-testkit at {}", server.url());
            let client = Client::builder()
                .url(server.url())
                .database(DEMO_DB)
                .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
                .build()?;
            (Some(server), client)
        }
    };
    let name = |n: &str| format!("odoo-rs live import {n}");

    // 1. Three rows in one transaction; the `id` column gives each its external id.
    let rows = [
        [
            "odoo_rs_example.shop_1",
            &name("Ada"),
            "ada@example.com",
            "0",
        ],
        ["odoo_rs_example.shop_2", &name("Grace"), "", "0"],
        [
            "odoo_rs_example.shop_3",
            &name("Acme"),
            "info@acme.example",
            "1",
        ],
    ];
    let loaded = client
        .load::<Customer>(["id", "name", "email", "is_company"])
        .rows(rows.iter().map(|r| r.map(str::to_owned)))
        .await?;
    println!("== load imported {:?}", loaded.ids);

    // 2. The same rows again (say the first answer was lost): the same records, updated.
    let again = client
        .load::<Customer>(["id", "name", "email", "is_company"])
        .rows(rows.iter().map(|r| r.map(str::to_owned)))
        .await?;
    assert_eq!(again.ids, loaded.ids);
    println!(
        "== sent again: the same {} records, none doubled",
        again.ids.len()
    );

    // 3. A refused import: nothing is imported, and each bad row says why.
    let refused = client
        .load::<Customer>(["name", "is_company"])
        .row([name("Bad").as_str(), "maybe"])
        .await
        .expect_err("`maybe` is not a boolean");
    assert_eq!(refused.kind(), ErrorKind::UserError);
    for m in refused.import_messages().unwrap_or_default() {
        println!("== refused: {m}");
    }

    // 4. An upsert keyed by an external id: created once, updated when sent again.
    let values = Values::<Customer>::new()
        .set(Customer::NAME, name("Linus"))
        .set(Customer::EMAIL, "linus@example.com");
    let first = client
        .upsert("odoo_rs_example.shop_4", values.clone())
        .await?;
    let second = client.upsert("odoo_rs_example.shop_4", values).await?;
    assert_eq!(first, second);
    println!("== upsert twice: one record, {first}");

    // 5. Export: external ids and values, as Odoo's export writes them.
    let mut ids = loaded.ids.clone();
    ids.push(first);
    for row in client
        .export_data(ids.clone(), ["id", "name", "email"])
        .await?
    {
        println!("== export {row:?}");
    }
    let read: Vec<Customer> = client.read(ids.clone()).await?.all_found()?;
    for c in &read {
        let kind = if c.is_company { "company" } else { "person" };
        println!(
            "== {} {kind} {:?} <{}>",
            c.id,
            c.name.as_deref().unwrap_or_default(),
            c.email.as_deref().unwrap_or_default()
        );
    }
    client.unlink(ids).await?;
    println!("== removed them, and their external ids with them");
    Ok(())
}
