use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    Draft,
    #[odoo(other)]
    Other,
}

fn main() {}
