use odoo_runtime::{OdooModel, RecordId};

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    #[odoo(nmae = "name")]
    pub name: Option<String>,
}

fn main() {}
