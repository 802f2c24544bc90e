//! `res.partner` and the models it points at, typed as a real Odoo 19 answers them in the
//! recordings (`ODOO_RECORDINGS`): one definition for every test and benchmark that decodes
//! them, through `#[derive(OdooModel)]` ([`Partner`], [`BenchPartner`]…) or through plain serde
//! as a client without the derive would ([`rows`]).
//!
//! ```
//! use odoo_runtime::{json, OdooModel};
//! use odoo_tests::models::{Country, Tag};
//!
//! let tag: Tag = json::from_slice(br#"{"id": 7, "name": "VIP"}"#).unwrap();
//! assert_eq!(tag.name.as_deref(), Some("VIP"));
//! assert_eq!(Country::MODEL, "res.country");
//! ```

pub mod rows;

use odoo_runtime::{AnyModel, DateTime, Many2one, OdooModel, OdooSelection, RecordId, X2Many};

/// `res.partner.type`, with the fallback for a value a later Odoo adds.
#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum PartnerType {
    #[odoo(value = "contact")]
    Contact,
    #[odoo(value = "invoice")]
    Invoice,
    #[odoo(value = "delivery")]
    Delivery,
    #[odoo(value = "other")]
    OtherAddress,
    #[odoo(other)]
    Unknown(String),
}

/// A partner tag (`res.partner.category`).
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category")]
pub struct Tag {
    pub id: RecordId<Tag>,
    pub name: Option<String>,
}

/// A currency, as the many2one of [`Country::currency_id`] names it.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.currency")]
pub struct Currency {
    pub id: RecordId<Currency>,
    pub name: Option<String>,
}

/// `res.country` as `xmlrpc/023` reads it.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: RecordId<Country>,
    pub name: String,
    pub code: Option<String>,
    pub currency_id: Option<Many2one<Currency>>,
}

/// `res.partner` as `xmlrpc/011` reads it.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    pub name: String,
    pub country_id: Option<Many2one<Country>>,
    /// An html field.
    pub comment: Option<String>,
    pub is_company: bool,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub category_id: X2Many<Tag>,
    pub child_ids: X2Many<Partner>,
    pub parent_id: Option<Many2one<Partner>>,
    #[odoo(name = "type")]
    pub type_: Option<PartnerType>,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    pub active: bool,
    pub lang: Option<String>,
    pub tz: Option<String>,
    pub color: i64,
    pub partner_latitude: f64,
    pub credit_limit: f64,
    pub website: Option<String>,
    pub vat: Option<String>,
    pub r#ref: Option<String>,
    pub user_id: Option<Many2one<AnyModel>>,
    pub company_id: Option<Many2one<AnyModel>>,
}

/// The 18 fields of the bench `search_read` of 10,000 partners (`bench/search-read-10k`).
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct BenchPartner {
    pub id: RecordId<BenchPartner>,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub country_id: Option<Many2one<Country>>,
    pub is_company: bool,
    pub category_id: X2Many<Tag>,
    pub comment: Option<String>,
    pub website: Option<String>,
    pub r#ref: Option<String>,
    pub color: i64,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    pub active: bool,
    pub parent_id: Option<Many2one<BenchPartner>>,
    pub r#type: Option<PartnerType>,
}
