use odoo_runtime::OdooSelection;

#[derive(OdooSelection)]
#[odoo(rename_all = "snake_case")]
pub enum State {
    Draft,
}

fn main() {}
