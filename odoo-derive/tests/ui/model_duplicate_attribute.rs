use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    #[odoo(readonly, readonly)]
    pub name: Option<String>,
}

fn main() {}
