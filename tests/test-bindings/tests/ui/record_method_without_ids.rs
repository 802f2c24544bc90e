// A record method runs on records: its ids are not optional.
use odoo_test_bindings::SaleOrder;

async fn confirm(client: &odoo_runtime::Client) -> bool {
    SaleOrder::action_confirm(client).await.unwrap()
}

fn main() {
    let _ = confirm;
}
