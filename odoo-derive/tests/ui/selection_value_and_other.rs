use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    Draft,
    #[odoo(other, value = "other")]
    Other(String),
}

fn main() {}
