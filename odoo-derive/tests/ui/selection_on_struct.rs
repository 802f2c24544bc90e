use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub struct State {
    pub value: String,
}

fn main() {}
