//! The `build-script` way: `build.rs` generates the bindings into `OUT_DIR` from the checked-in
//! snapshot `schema/demo-schema.json` — no server at build time — and `src/lib.rs` includes
//! them (`odoo_examples::built`). Here they page through partners and follow relations.
//!
//! `cargo run --example build_script`

use futures_util::{pin_mut, StreamExt};
use odoo_examples::built::{ResCountry, ResPartner, ResPartnerCategory, SaleOrder};
use odoo_examples::{demo_server, DEMO_API_KEY, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Client, Domain, OdooModel, Protocol};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = demo_server().await?;
    let client = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .api_key(DEMO_LOGIN.0, DEMO_API_KEY)
        .protocol(Protocol::Json2)
        .build()?;

    println!(
        "ResPartner reads {} fields: {:?}",
        ResPartner::FIELDS.len(),
        ResPartner::FIELDS
    );

    // A paging stream: batches of 2 records, fetched as the loop goes.
    let stream = client
        .search_read::<ResPartner>(Domain::all())
        .order("id")
        .stream(2);
    pin_mut!(stream);
    while let Some(partner) = stream.next().await {
        let p = partner?;
        println!(
            "{:>3} {:<20} parent={:?}",
            p.id,
            p.name.unwrap_or_default(),
            p.parent_id.map(|m| m.id)
        );
    }

    // `any` runs a typed sub-domain on the related model.
    let tagged = client
        .search_read::<ResPartner>(
            ResPartner::CATEGORY_ID.any(ResPartnerCategory::NAME.in_(["Gold", "Prospects"])),
        )
        .await?;
    println!(
        "tagged Gold or Prospects: {:?}",
        tagged
            .iter()
            .map(|p| p.name.clone().unwrap_or_default())
            .collect::<Vec<_>>()
    );

    // Orders of customers in Belgium, through two relations.
    let domain = SaleOrder::PARTNER_ID
        .then(ResPartner::COUNTRY_ID)
        .then(ResCountry::CODE)
        .eq("BE");
    for o in client.search_read::<SaleOrder>(domain).await? {
        println!(
            "order {} total {:.2} state {:?} invoice {:?}",
            o.name.unwrap_or_default(),
            o.amount_total,
            o.state,
            o.invoice_status
        );
    }
    Ok(())
}
