//! The same records as plain serde structs: relations as `(id, name)` pairs and id lists, the
//! way a client without `#[derive(OdooModel)]` types them (`odoo_runtime::xmlrpc` and
//! `odoo_runtime::json` decode into any `Deserialize`).
//!
//! ```
//! let body = br#"[{"id": 1, "name": "Bench Partner 00000", "email": false, "phone": false,
//!     "street": false, "city": false, "zip": false, "country_id": [21, "Belgium"],
//!     "is_company": false, "category_id": [], "comment": false, "website": false,
//!     "ref": false, "color": 0, "create_date": "2026-01-01 00:00:00",
//!     "write_date": "2026-01-01 00:00:00", "active": true, "parent_id": false,
//!     "type": "contact"}]"#;
//! let rows: Vec<odoo_tests::models::rows::BenchPartner> =
//!     odoo_runtime::json::from_slice(body).unwrap();
//! assert_eq!(rows[0].country_id, Some((21, "Belgium".to_owned())));
//! ```

use serde::Deserialize;

/// The 18 fields of the bench `search_read` (`bench/search-read-10k`), plus `id`, all of them
/// required.
#[derive(Deserialize, Debug, Clone, PartialEq)]
pub struct BenchPartner {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub zip: Option<String>,
    pub country_id: Option<(i64, String)>,
    pub is_company: bool,
    pub category_id: Vec<i64>,
    pub comment: Option<String>,
    pub website: Option<String>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub color: i64,
    pub create_date: Option<String>,
    pub write_date: Option<String>,
    pub active: bool,
    pub parent_id: Option<(i64, String)>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}
