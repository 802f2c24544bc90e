//! One function per scenario; `main.rs` runs each on every protocol × credential.

pub mod attachments;
pub mod basics;
pub mod companies;
pub mod cross_version;
pub mod custom_model;
pub mod errors;
pub mod import;
pub mod json2;
pub mod large_reads;
pub mod methods;
pub mod records;
pub mod reports;
pub mod sale;
pub mod translations;
pub mod whole_database;

pub use attachments::attachments;
pub use basics::{api_doc, authenticate, call, context, execute_kw, fields_get, version};
pub use companies::company_context;
pub use cross_version::cross_version;
pub use custom_model::custom_model;
pub use errors::{errors, restricted_user};
pub use import::load_and_upsert;
pub use large_reads::{incremental_sync, paged_read_during_writes};
pub use methods::{
    typed_action_confirm, typed_message_post, typed_method_errors, typed_names_defaults_copy,
    typed_read_group, typed_web_read,
};
pub use records::{
    create_many, crud, paging_stream, read_missing_ids, search, search_count, search_read, unlink,
    write_set_and_clear, x2many_commands,
};
pub use sale::sale_order;
pub use translations::translations;

use crate::models::{Partner, Tag};
use odoo_runtime::Client;
use tokio::sync::RwLock;

/// Tests share the server, except while a custom model comes and goes: creating or deleting
/// a model reloads the registry, and a threaded Odoo (`workers = 0`, as `up` runs it) then
/// fails requests served at the same time with `RuntimeError: dictionary changed size during
/// iteration`, `KeyError`s on field names or `'NoneType' object has no attribute
/// 'model_name'`. Every test holds a read guard; the custom-model scenario the write guard.
pub static SERVER: RwLock<()> = RwLock::const_new(());

/// The bench partners `up --bench 10000` makes: `Bench Partner 00000` … `Bench Partner 09999`.
pub const BENCH_PARTNERS: u64 = 10_000;

/// The `=like` pattern of the bench partners' names.
pub const BENCH_PATTERN: &str = "Bench Partner %";

/// Removes what an interrupted earlier run of a test left behind: partners (archived ones
/// too) and tags whose names start with `prefix`.
pub async fn sweep(c: &Client, prefix: &str) {
    let pattern = format!("{prefix}%");
    let partners = c
        .search(Partner::NAME.eq_like(pattern.as_str()))
        .context("active_test", false)
        .await
        .expect("search leftovers");
    c.unlink(partners).await.expect("remove leftover partners");
    let tags = c
        .search(Tag::NAME.eq_like(pattern.as_str()))
        .context("active_test", false)
        .await
        .expect("search leftovers");
    c.unlink(tags).await.expect("remove leftover tags");
}
