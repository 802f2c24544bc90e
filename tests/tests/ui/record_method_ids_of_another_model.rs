// A record method takes the ids of its own model.
#[path = "../live/generated/mod.rs"]
#[allow(dead_code)]
mod generated;

use generated::{ResPartner, SaleOrder};
use odoo_runtime::RecordId;

async fn confirm(client: &odoo_runtime::Client, partner: RecordId<ResPartner>) -> bool {
    SaleOrder::action_confirm(client, [partner]).await.unwrap()
}

fn main() {
    let _ = confirm;
}
