use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner<T> {
    pub name: Option<T>,
}

fn main() {}
