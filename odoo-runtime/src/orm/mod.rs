//! The ORM calls beyond CRUD, typed for every model: names, defaults, copies, aggregation,
//! nested reads, and any model method through [`MethodCall`] (what generated bindings use).
//!
//! | call | Odoo method | answer |
//! | --- | --- | --- |
//! | [`Client::name_search`] | `name_search` | [`NamedId`]s: ids with display names |
//! | [`Client::name_create`] | `name_create` | one [`NamedId`] |
//! | [`Client::default_get`] | `default_get` | [`Values<M>`](crate::Values), ready for `create` |
//! | [`Client::copy`] | `copy` | the new ids (`int` on Odoo 17, `[int]` on 18 and 19: both read) |
//! | [`Client::read_group`] | `read_group` (every version; deprecated on 19) | typed [`Group`] rows |
//! | [`Client::formatted_read_group`] | `formatted_read_group` (Odoo 19) | typed [`Group`] rows |
//! | [`Client::web_read`] | `web_read` (Odoo 17+; else `read` per level) | records with their related records |
//! | [`Client::web_search_read`] | `web_search_read` (Odoo 17+; else `search_read` per level) | [`WebSearchResult`] |
//! | [`Client::load`] | `load` (Odoo's import) | [`Loaded`]: ids, or the rows' [`ImportMessage`]s as an error |
//! | [`Client::upsert`] | `load` with an external id | the id: created once, updated on a retry |
//! | [`Client::export_data`] | `export_data` | rows of cells |
//! | [`Client::external_id`] | `ir.model.data` `search_read` | the record an external id names |
//! | [`Client::field_translations`] | `get_field_translations` | [`FieldTranslations`] |
//! | [`Client::update_field_translations`] | `update_field_translations` (`source_lang` from 18 on) | `()` |
//! | [`MethodCall`] | any method | what the method returns |
//!
//! Each call is a builder awaited directly and goes through [`Client::call`], so it works on
//! XML-RPC, JSON-RPC and JSON-2 alike, with the calling conventions of the protocol layer.
//!
//! ```no_run
//! use odoo_runtime::{Client, Domain, Many2one, OdooModel, RecordId};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.country")]
//! pub struct Country { pub id: RecordId<Country>, pub code: Option<String> }
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner {
//!     pub id: RecordId<Partner>,
//!     pub name: Option<String>,
//!     pub color: i64,
//!     pub country_id: Option<Many2one<Country>>,
//! }
//!
//! /// A partner read with its country in one call: the many2one is a struct.
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct PartnerWithCountry {
//!     pub id: RecordId<PartnerWithCountry>,
//!     pub name: Option<String>,
//!     pub country_id: Option<Country>,
//! }
//!
//! # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
//! let found = client.name_search::<Partner>("acme").limit(5).await?;
//! for hit in &found {
//!     println!("{} {}", hit.id, hit.display_name);
//! }
//! let by_country = client
//!     .formatted_read_group(Domain::<Partner>::all())
//!     .group_by(Partner::COUNTRY_ID)
//!     .aggregate(Partner::COLOR.sum())
//!     .await?;
//! for group in &by_country {
//!     let (country,) = &group.keys;
//!     let (color,) = group.aggregates;
//!     println!("{:?}: {} partners, color {color}", country.as_ref().map(|c| c.id), group.count);
//! }
//! let read = client.web_read::<PartnerWithCountry>(found.iter().map(|h| h.id.cast())).await?;
//! # let _ = read; Ok(()) }
//! ```

mod copy;
mod default_get;
mod formatted_read_group;
mod group;
mod load;
mod method;
mod name_create;
mod name_search;
mod named;
mod read_group;
mod translations;
mod web_read;

pub use crate::model::{SpecKind, Specification, MAX_DEPTH};
pub use copy::CopyRecords;
pub use default_get::DefaultGet;
pub use formatted_read_group::FormattedReadGroup;
pub use group::{Aggregate, Granularity, Group, GroupKey, Numeric, Period, Push};
pub use load::{
    ExportData, ImportMessage, ImportMessageKind, Load, Loaded, RowRange, Upsert, IMPORT_MODULE,
};
pub use method::MethodCall;
pub use name_create::NameCreate;
pub use name_search::NameSearch;
pub use named::{Ids, NamedId};
pub use read_group::ReadGroup;
pub use translations::{
    FieldTranslations, GetFieldTranslations, Translation, UpdateFieldTranslations,
};
pub use web_read::{WebRead, WebSearchRead, WebSearchResult};

#[allow(unused_imports)] // the docs' links
use crate::client::Client;
