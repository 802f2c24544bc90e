use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub name: Option<String>,
    #[odoo(skip, readonly)]
    pub cache: Option<String>,
}

fn main() {}
