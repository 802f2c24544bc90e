// A method's domain is typed by its model: a domain on sale orders is not one on partners.
use odoo_test_bindings::{ResPartner, SaleOrder};

async fn count(client: &odoo_runtime::Client) -> i64 {
    ResPartner::search_count(client, SaleOrder::NAME.eq("S00001"))
        .await
        .unwrap()
}

fn main() {
    let _ = count;
}
