use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner", odoo_version = 19.0)]
pub struct Partner {
    pub name: Option<String>,
}

fn main() {}
