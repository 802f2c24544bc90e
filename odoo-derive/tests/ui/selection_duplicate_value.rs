use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    #[odoo(value = "draft")]
    Draft,
    #[odoo(value = "draft")]
    New,
}

fn main() {}
