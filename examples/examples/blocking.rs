//! The synchronous client (feature `blocking`): the same typed API from a plain `fn main`.
//!
//! `cargo run --example blocking`

use odoo_examples::built::{ResPartner, SaleOrder, SaleOrderLine};
use odoo_examples::{demo_schema, DEMO_DATA, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::blocking::Client;
use odoo_runtime::{Domain, Values};
use odoo_testkit::TestServer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The test server on its own thread, so this program needs no async runtime at all.
    let server = TestServer::builder()
        .schema(demo_schema())
        .data_json(DEMO_DATA)
        .database(DEMO_DB)
        .user(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .start_background()?;

    let client = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()?;
    println!(
        "Odoo {} — uid {}",
        client.version()?.server_version,
        client.authenticate()?
    );

    let orders: Vec<SaleOrder> = client.run(|c| c.search_read(Domain::all()).order("name"))?;
    for order in &orders {
        let lines: Vec<SaleOrderLine> =
            client.run(|c| c.search_read(SaleOrderLine::ORDER_ID.eq(order.id)))?;
        println!(
            "{} ({} lines):",
            order.name.as_deref().unwrap_or("?"),
            lines.len()
        );
        for line in lines {
            println!(
                "   {:>5.1} × {:<14} @ {:>7.2}",
                line.product_uom_qty,
                line.name.unwrap_or_default(),
                line.price_unit
            );
        }
    }

    // A large read as an iterator: pages read several at a time, records handed out in order,
    // memory bounded by the pages in flight.
    let partners = client
        .iter(|c| {
            c.search_read::<ResPartner>(Domain::all())
                .order("id")
                .pages_in_flight(2)
                .stream(2)
        })
        .collect::<Result<Vec<_>, _>>()?;
    println!("{} partners read two pages at a time", partners.len());

    let id = client
        .run(|c| c.create(Values::<ResPartner>::new().set(ResPartner::NAME, "Blocking Ltd")))?;
    let n = client.run(|c| c.search_count(ResPartner::NAME.ilike("blocking")))?;
    println!("created {id}; {n} partner(s) named like 'blocking'");
    Ok(())
}
