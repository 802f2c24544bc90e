use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub name: Option<String>,
    #[odoo(name = "name")]
    pub display: Option<String>,
}

fn main() {}
