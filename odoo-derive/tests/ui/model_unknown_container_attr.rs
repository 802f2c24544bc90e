use odoo_runtime::{OdooModel, RecordId};

#[derive(OdooModel)]
#[odoo(model = "res.partner", table = "res_partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
}

fn main() {}
