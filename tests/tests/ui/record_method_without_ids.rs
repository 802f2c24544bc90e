// A record method runs on records: its ids are not optional.
#[path = "../live/generated/mod.rs"]
#[allow(dead_code)]
mod generated;

use generated::SaleOrder;

async fn confirm(client: &odoo_runtime::Client) -> bool {
    SaleOrder::action_confirm(client).await.unwrap()
}

fn main() {
    let _ = confirm;
}
