use odoo_runtime::{Many2one, OdooModel, RecordId};

#[derive(OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: RecordId<Country>,
    pub code: Option<String>,
}

#[derive(OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub name: Option<String>,
    pub country_id: Option<Many2one<Country>>,
}

fn main() {
    // `name` is a field of res.partner, not of the country the path leads to.
    let _ = Partner::COUNTRY_ID.then(Partner::NAME).eq("x");
}
