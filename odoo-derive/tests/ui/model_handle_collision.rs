#![allow(non_snake_case)]
use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub street: Option<String>,
    #[odoo(name = "street_alt")]
    pub Street: Option<String>,
}

fn main() {}
