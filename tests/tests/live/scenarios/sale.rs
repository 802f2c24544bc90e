//! A sale order with lines of real demo products, confirmed through `call("sale.order",
//! "action_confirm")`.

use odoo_runtime::{Call, Command, Value, Values};

use super::sweep;
use crate::env::Setup;
use crate::models::{Partner, Product, SaleOrder, SaleOrderLine};

/// `action_cancel` of orders. On Odoo 17 and 18 it answers a confirmed order with the
/// cancellation wizard's action unless `disable_cancel_warning` is in the context (19 has no
/// wizard and ignores the key).
fn cancel(ids: Vec<i64>) -> Call {
    Call::new("sale.order", "action_cancel")
        .ids(ids)
        .context_value("disable_cancel_warning", true)
}

/// Cancels and removes the orders of customers named `prefix…` (left by an interrupted run).
async fn sweep_orders(c: &odoo_runtime::Client, prefix: &str) {
    let orders = c
        .search(
            SaleOrder::PARTNER_ID
                .then(Partner::NAME)
                .eq_like(format!("{prefix}%")),
        )
        .await
        .expect("search leftover orders");
    if orders.is_empty() {
        return;
    }
    let ids: Vec<i64> = orders.iter().map(|o| o.get()).collect();
    let _: Value = c.call(cancel(ids)).await.expect("cancel leftover orders");
    c.unlink(orders).await.expect("remove leftover orders");
}

pub async fn sale_order(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("sale_order");
    sweep_orders(&c, &prefix).await;
    sweep(&c, &prefix).await;

    let products: Vec<Product> = c
        .search_read(Product::SALE_OK.eq(true) & Product::LIST_PRICE.gt(0.0))
        .order("id")
        .limit(2)
        .await
        .expect("demo products");
    assert_eq!(products.len(), 2, "the demo data has saleable products");
    let customer = c
        .create(Values::<Partner>::new().set(Partner::NAME, format!("{prefix} customer")))
        .await
        .unwrap();
    let lines = products.iter().zip([2.0, 1.0]).map(|(p, qty)| {
        Command::create(
            Values::<SaleOrderLine>::new()
                .set(SaleOrderLine::PRODUCT_ID, p.id)
                .set(SaleOrderLine::PRODUCT_UOM_QTY, qty),
        )
    });
    let order = c
        .create(
            Values::<SaleOrder>::new()
                .set(SaleOrder::PARTNER_ID, customer)
                .set(SaleOrder::ORDER_LINE, lines.collect::<Vec<_>>()),
        )
        .await
        .expect("create the order with its lines");

    let o = c
        .read([order])
        .await
        .unwrap()
        .all_found()
        .unwrap()
        .remove(0);
    assert_eq!(o.state.as_deref(), Some("draft"));
    assert_eq!(o.partner_id.as_ref().map(|m| m.id), Some(customer));
    assert!(
        o.name.as_deref().is_some_and(|n| n.starts_with('S')),
        "{o:?}"
    );
    let read = c
        .read(o.order_line.to_vec())
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(read.len(), 2);
    let mut total = 0.0;
    for (line, (product, qty)) in read.iter().zip(products.iter().zip([2.0, 1.0])) {
        assert_eq!(line.product_id.as_ref().map(|m| m.id), Some(product.id));
        assert_eq!(line.order_id.as_ref().map(|m| m.id), Some(order));
        assert_eq!(line.product_uom_qty, qty);
        assert!(
            (line.price_subtotal - line.price_unit * qty).abs() < 0.01,
            "{line:?}"
        );
        total += line.price_subtotal;
    }
    assert!((o.amount_untaxed - total).abs() < 0.01, "{o:?}");

    let confirmed: bool = c
        .call(Call::new("sale.order", "action_confirm").ids([order.get()]))
        .await
        .expect("action_confirm");
    assert!(confirmed);
    let o = c
        .read([order])
        .await
        .unwrap()
        .all_found()
        .unwrap()
        .remove(0);
    assert_eq!(o.state.as_deref(), Some("sale"), "confirmed");

    // A confirmed order cannot be deleted: cancel it first.
    let _: Value = c
        .call(cancel(vec![order.get()]))
        .await
        .expect("action_cancel");
    let o = c
        .read([order])
        .await
        .unwrap()
        .all_found()
        .unwrap()
        .remove(0);
    assert_eq!(o.state.as_deref(), Some("cancel"));
    c.unlink([order]).await.expect("unlink the order");
    c.unlink([customer]).await.expect("unlink the customer");
}
