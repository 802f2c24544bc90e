use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    #[odoo(name = "country_id.code")]
    pub country_code: Option<String>,
}

fn main() {}
