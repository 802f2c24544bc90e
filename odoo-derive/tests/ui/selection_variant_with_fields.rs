use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
pub enum State {
    Draft,
    Done { at: String },
}

fn main() {}
