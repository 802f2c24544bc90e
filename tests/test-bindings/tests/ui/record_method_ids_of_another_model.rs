// A record method takes the ids of its own model.
use odoo_runtime::RecordId;
use odoo_test_bindings::{ResPartner, SaleOrder};

async fn confirm(client: &odoo_runtime::Client, partner: RecordId<ResPartner>) -> bool {
    SaleOrder::action_confirm(client, [partner]).await.unwrap()
}

fn main() {
    let _ = confirm;
}
