use odoo_runtime::{OdooModel, RecordId};

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub category_id: Vec<i64>,
}

fn main() {}
