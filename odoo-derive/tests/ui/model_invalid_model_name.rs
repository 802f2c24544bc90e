use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res partner")]
pub struct Partner {
    pub name: Option<String>,
}

fn main() {}
