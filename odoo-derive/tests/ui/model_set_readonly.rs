use odoo_runtime::{OdooModel, RecordId, Values};

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    #[odoo(readonly)]
    pub display_name: Option<String>,
}

fn main() {
    let _ = Values::<Partner>::new().set(Partner::DISPLAY_NAME, "x");
}
