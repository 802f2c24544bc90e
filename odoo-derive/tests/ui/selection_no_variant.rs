use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    #[odoo(other)]
    Other(String),
}

fn main() {}
