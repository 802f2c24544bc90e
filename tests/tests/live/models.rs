//! The read lists the suite uses: each struct reads exactly its fields.

use odoo_runtime::{Many2one, OdooModel, RecordId, X2Many};
// Tags and countries are the shared test models (the suite searches countries, never reads them).
pub use odoo_tests::models::{Country, Tag};

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub is_company: bool,
    pub active: bool,
    pub country_id: Option<Many2one<Country>>,
    pub parent_id: Option<Many2one<Partner>>,
    pub child_ids: X2Many<Partner>,
    pub category_id: X2Many<Tag>,
}

/// Two fields only, for the 10,000 bench partners.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Named {
    pub id: RecordId<Named>,
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "product.product")]
pub struct Product {
    pub id: RecordId<Product>,
    pub name: Option<String>,
    pub default_code: Option<String>,
    pub list_price: f64,
    pub sale_ok: bool,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order")]
pub struct SaleOrder {
    pub id: RecordId<SaleOrder>,
    pub name: Option<String>,
    pub state: Option<String>,
    pub partner_id: Option<Many2one<Partner>>,
    pub order_line: X2Many<SaleOrderLine>,
    pub amount_untaxed: f64,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order.line")]
pub struct SaleOrderLine {
    pub id: RecordId<SaleOrderLine>,
    pub order_id: Option<Many2one<SaleOrder>>,
    pub product_id: Option<Many2one<Product>>,
    pub product_uom_qty: f64,
    pub price_unit: f64,
    pub price_subtotal: f64,
}
