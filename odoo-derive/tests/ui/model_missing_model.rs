use odoo_runtime::{OdooModel, RecordId};

#[derive(OdooModel)]
pub struct Partner {
    pub id: RecordId<Partner>,
}

fn main() {}
