use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    #[odoo(valeu = "draft")]
    Draft,
}

fn main() {}
