use odoo_runtime::OdooModel;

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub enum Partner {
    A,
}

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Tuple(i64);

fn main() {}
