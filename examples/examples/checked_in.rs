//! The `checked-in` way: `odoo-codegen generate --snapshot schema/demo-schema.json --out
//! src/odoo` wrote `src/odoo/`, which is committed like any source file;
//! `tests/checked_in.rs` runs `odoo-codegen generate --check` so CI fails when it is stale.
//!
//! `cargo run --example checked_in`

use odoo_examples::checked_in::sale_order::SaleOrderState;
use odoo_examples::checked_in::{ResPartner, SaleOrder, SaleOrderLine};
use odoo_examples::{demo_server, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Client, Command, Values};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = demo_server().await?;
    let client = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()?;

    let customer = client
        .search(ResPartner::NAME.eq("Acme Corporation"))
        .limit(1)
        .await?;
    let customer = *customer.first().ok_or("no Acme in the demo data")?;

    // An order and its lines in one call: x2many `create` commands.
    let order = client
        .create(
            Values::<SaleOrder>::new()
                .set(SaleOrder::PARTNER_ID, customer)
                .set(
                    SaleOrder::DATE_ORDER,
                    "2025-06-15 15:06:40".parse::<odoo_runtime::DateTime>()?,
                )
                .set(
                    SaleOrder::ORDER_LINE,
                    [
                        Command::create(
                            Values::<SaleOrderLine>::new()
                                .set(SaleOrderLine::NAME, "Rocket skates")
                                .set(SaleOrderLine::PRICE_UNIT, 99.0),
                        ),
                        Command::create(
                            Values::new()
                                .set(SaleOrderLine::NAME, "Giant magnet")
                                .set(SaleOrderLine::PRODUCT_UOM_QTY, 2.0)
                                .set(SaleOrderLine::PRICE_UNIT, 45.5),
                        ),
                    ],
                ),
        )
        .await?;
    let o = client.read([order]).await?.all_found()?.remove(0);
    println!(
        "{} {:?} for {:?}: {} lines, state {:?}",
        o.id,
        o.name,
        o.partner_id.map(|m| m.name),
        o.order_line.len(),
        o.state
    );
    assert_eq!(o.state, Some(SaleOrderState::Draft));

    let lines = client
        .read(o.order_line.iter().copied())
        .await?
        .all_found()?;
    for l in lines {
        println!(
            "   {} × {} @ {:.2}",
            l.product_uom_qty,
            l.name.unwrap_or_default(),
            l.price_unit
        );
    }
    Ok(())
}
