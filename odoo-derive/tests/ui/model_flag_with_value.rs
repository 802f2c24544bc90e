use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    #[odoo(readonly = true)]
    pub name: Option<String>,
}

fn main() {}
