//! Typed structs decode the recorded responses of a real Odoo 19 (`$ODOO_RECORDINGS`, see
//! `../shared/odoo19/README.md`): XML-RPC through `xmlrpc::decode_response`, JSON-RPC and JSON-2
//! through `json::from_slice`. Each struct is written by hand with the fields its recording
//! holds; each test also checks that the recording has no field the struct would drop.
//!
//! Without `ODOO_RECORDINGS` every test is reported ignored; run with `--ignored` and it set to
//! a folder that does not hold the recordings, they fail.

use std::collections::BTreeSet;

use odoo_runtime::{
    json, xmlrpc, AnyModel, Binary, BinaryOrSize, Date, DateTime, ErrorKind, Many2one, OdooModel,
    OdooSelection, RecordId, Reference, Value, X2Many,
};
use odoo_tests::models::{BenchPartner, Country, Currency, Partner, PartnerType, Tag};
use odoo_tests::recordings;

/// An XML-RPC response, decoded into `T` and, for the field check, into `Value`s.
fn xml<T: serde::de::DeserializeOwned>(dir: &std::path::Path, name: &str) -> (T, Vec<Value>) {
    let body = recordings::read(dir, &format!("xmlrpc/{name}.response.xml"));
    let typed = xmlrpc::decode_response::<T>(&body).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let raw =
        xmlrpc::decode_response::<Vec<Value>>(&body).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    (typed, raw)
}

/// The body of a JSON-2 recording (`{status, headers, body}`), or the `result` of a JSON-RPC one.
fn json_body(dir: &std::path::Path, rel: &str) -> Vec<u8> {
    let v: serde_json::Value = serde_json::from_slice(&recordings::read(dir, rel)).unwrap();
    let body = if rel.starts_with("jsonrpc/") {
        &v["result"]
    } else {
        &v["body"]
    };
    serde_json::to_vec(body).unwrap()
}

fn json2<T: serde::de::DeserializeOwned>(dir: &std::path::Path, rel: &str) -> (T, Vec<Value>) {
    let body = json_body(dir, rel);
    let typed = json::from_slice::<T>(&body).unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    let raw = json::from_slice::<Vec<Value>>(&body).unwrap();
    (typed, raw)
}

/// Every field the server sent is one the struct reads.
fn assert_reads_all<M: OdooModel>(rows: &[Value]) {
    let fields: BTreeSet<&str> = M::FIELDS.iter().copied().collect();
    for row in rows {
        let keys: BTreeSet<&str> = row
            .as_struct()
            .expect("a record")
            .keys()
            .map(String::as_str)
            .collect();
        let dropped: Vec<_> = keys.difference(&fields).collect();
        assert!(dropped.is_empty(), "{} would drop {dropped:?}", M::MODEL);
    }
}

// ------------------------------------------------------------------------------- models

/// The partner fields the searches of xmlrpc/013–022 and 044–048 read, all optional so one
/// struct serves each of them.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerSome {
    pub id: RecordId<PartnerSome>,
    pub name: Option<String>,
    pub country_id: Option<Many2one<Country>>,
    pub parent_id: Option<Many2one<PartnerSome>>,
    pub is_company: Option<bool>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub active: Option<bool>,
    pub category_id: Option<X2Many<Tag>>,
    pub child_ids: Option<X2Many<PartnerSome>>,
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerImage {
    pub id: RecordId<PartnerImage>,
    pub image_128: Option<Binary>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerImageOrSize {
    pub id: RecordId<PartnerImageOrSize>,
    pub image_128: Option<BinaryOrSize>,
}

#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum IrModelState {
    #[odoo(value = "manual")]
    Manual,
    #[odoo(value = "base")]
    Base,
}

/// ir.model (xmlrpc/030): its field `model` gets the handle `MODEL_FIELD`.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "ir.model")]
pub struct IrModel {
    pub id: RecordId<IrModel>,
    pub name: String,
    pub model: String,
    pub info: Option<String>,
    pub transient: bool,
    pub state: Option<IrModelState>,
    #[odoo(readonly)]
    pub modules: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum SaleOrderState {
    #[odoo(value = "draft")]
    Draft,
    #[odoo(value = "sent")]
    Sent,
    #[odoo(value = "sale")]
    Sale,
    #[odoo(value = "cancel")]
    Cancel,
}

#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum InvoiceStatus {
    #[odoo(value = "upselling")]
    Upselling,
    #[odoo(value = "invoiced")]
    Invoiced,
    #[odoo(value = "to invoice")]
    ToInvoice,
    #[odoo(value = "no")]
    No,
}

/// sale.order (xmlrpc/034): monetary, selection, datetime, date, one2many.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order")]
pub struct SaleOrder {
    pub id: RecordId<SaleOrder>,
    pub name: String,
    pub partner_id: Option<Many2one<Partner>>,
    pub state: Option<SaleOrderState>,
    pub date_order: Option<DateTime>,
    pub amount_total: f64,
    pub currency_id: Option<Many2one<Currency>>,
    pub order_line: X2Many<SaleOrderLine>,
    pub validity_date: Option<Date>,
    pub invoice_status: Option<InvoiceStatus>,
}

/// sale.order.line (xmlrpc/035): json and many2many.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "sale.order.line")]
pub struct SaleOrderLine {
    pub id: RecordId<SaleOrderLine>,
    pub name: Option<String>,
    pub product_id: Option<Many2one<AnyModel>>,
    pub product_uom_qty: f64,
    pub price_unit: f64,
    pub price_subtotal: f64,
    pub analytic_distribution: Option<serde_json::Value>,
    pub tax_ids: X2Many<AnyModel>,
    pub order_id: Option<Many2one<SaleOrder>>,
}

#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum TaskPriority {
    #[odoo(value = "0")]
    Low,
    #[odoo(value = "1")]
    High,
}

/// project.task (xmlrpc/036): a properties field.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "project.task")]
pub struct ProjectTask {
    pub id: RecordId<ProjectTask>,
    pub name: String,
    pub task_properties: Option<serde_json::Value>,
    pub project_id: Option<Many2one<AnyModel>>,
    pub stage_id: Option<Many2one<AnyModel>>,
    pub priority: Option<TaskPriority>,
    pub tag_ids: X2Many<AnyModel>,
    pub user_ids: X2Many<AnyModel>,
    pub date_deadline: Option<DateTime>,
}

/// ir.ui.menu (xmlrpc/037): a reference field.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "ir.ui.menu")]
pub struct IrUiMenu {
    pub id: RecordId<IrUiMenu>,
    pub name: String,
    pub action: Option<Reference>,
}

/// mail.followers (xmlrpc/038): a many2one_reference field.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "mail.followers")]
pub struct MailFollowers {
    pub id: RecordId<MailFollowers>,
    pub res_model: Option<String>,
    pub res_id: Option<i64>,
    pub partner_id: Option<Many2one<Partner>>,
}

#[derive(Debug, Clone, PartialEq, OdooSelection)]
pub enum XKind {
    A,
    B,
    #[odoo(other)]
    Other(String),
}

/// The custom model of xmlrpc/073–077.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "x_custom_model")]
pub struct XCustomModel {
    pub id: RecordId<XCustomModel>,
    #[odoo(readonly)]
    pub display_name: Option<String>,
    #[odoo(readonly)]
    pub create_uid: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub write_uid: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    pub x_name: Option<String>,
    pub x_score: i64,
    pub x_kind: Option<XKind>,
}

/// Every field of res.partner, as `read` with no field list returns them (xmlrpc/012).
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct PartnerAll {
    pub id: RecordId<PartnerAll>,
    #[odoo(readonly)]
    pub display_name: Option<String>,
    #[odoo(readonly)]
    pub message_is_follower: bool,
    pub message_follower_ids: X2Many<AnyModel>,
    pub message_partner_ids: X2Many<AnyModel>,
    pub message_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub has_message: bool,
    #[odoo(readonly)]
    pub message_needaction: bool,
    #[odoo(readonly)]
    pub message_needaction_counter: i64,
    #[odoo(readonly)]
    pub message_has_error: bool,
    #[odoo(readonly)]
    pub message_has_error_counter: i64,
    #[odoo(readonly)]
    pub message_attachment_count: i64,
    pub rating_ids: X2Many<AnyModel>,
    pub website_message_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub message_has_sms_error: bool,
    #[odoo(readonly)]
    pub email_normalized: Option<String>,
    #[odoo(readonly)]
    pub is_blacklisted: bool,
    pub message_bounce: i64,
    pub activity_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub activity_state: Option<String>,
    #[odoo(readonly)]
    pub activity_user_id: Option<Many2one<AnyModel>>,
    pub activity_type_id: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub activity_type_icon: Option<String>,
    #[odoo(readonly)]
    pub activity_date_deadline: Option<Date>,
    #[odoo(readonly)]
    pub my_activity_date_deadline: Option<Date>,
    pub activity_summary: Option<String>,
    #[odoo(readonly)]
    pub activity_exception_decoration: Option<String>,
    #[odoo(readonly)]
    pub activity_exception_icon: Option<String>,
    pub properties: Option<serde_json::Value>,
    #[odoo(readonly)]
    pub properties_base_definition_id: Option<Many2one<AnyModel>>,
    pub image_1920: Option<Binary>,
    #[odoo(readonly)]
    pub image_1024: Option<Binary>,
    #[odoo(readonly)]
    pub image_512: Option<Binary>,
    #[odoo(readonly)]
    pub image_256: Option<Binary>,
    #[odoo(readonly)]
    pub image_128: Option<Binary>,
    #[odoo(readonly)]
    pub avatar_1920: Option<Binary>,
    #[odoo(readonly)]
    pub avatar_1024: Option<Binary>,
    #[odoo(readonly)]
    pub avatar_512: Option<Binary>,
    #[odoo(readonly)]
    pub avatar_256: Option<Binary>,
    #[odoo(readonly)]
    pub avatar_128: Option<Binary>,
    pub name: Option<String>,
    #[odoo(readonly)]
    pub complete_name: Option<String>,
    pub parent_id: Option<Many2one<Self>>,
    #[odoo(readonly)]
    pub parent_name: Option<String>,
    pub child_ids: X2Many<AnyModel>,
    pub r#ref: Option<String>,
    pub lang: Option<String>,
    #[odoo(readonly)]
    pub active_lang_count: i64,
    pub tz: Option<String>,
    #[odoo(readonly)]
    pub tz_offset: Option<String>,
    pub user_id: Option<Many2one<AnyModel>>,
    pub vat: Option<String>,
    #[odoo(readonly)]
    pub vat_label: Option<String>,
    #[odoo(readonly)]
    pub same_vat_partner_id: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub same_company_registry_partner_id: Option<Many2one<AnyModel>>,
    pub company_registry: Option<String>,
    #[odoo(readonly)]
    pub company_registry_label: Option<String>,
    #[odoo(readonly)]
    pub company_registry_placeholder: Option<String>,
    pub bank_ids: X2Many<AnyModel>,
    pub website: Option<String>,
    pub comment: Option<String>,
    pub category_id: X2Many<AnyModel>,
    pub active: bool,
    pub employee: bool,
    pub function: Option<String>,
    pub r#type: Option<PartnerType>,
    #[odoo(readonly)]
    pub type_address_label: Option<String>,
    pub street: Option<String>,
    pub street2: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub state_id: Option<Many2one<AnyModel>>,
    pub country_id: Option<Many2one<Country>>,
    #[odoo(readonly)]
    pub country_code: Option<String>,
    pub partner_latitude: f64,
    pub partner_longitude: f64,
    pub email: Option<String>,
    #[odoo(readonly)]
    pub email_formatted: Option<String>,
    pub phone: Option<String>,
    pub is_company: bool,
    #[odoo(readonly)]
    pub is_public: bool,
    pub industry_id: Option<Many2one<AnyModel>>,
    pub company_type: Option<String>,
    pub company_id: Option<Many2one<AnyModel>>,
    pub color: i64,
    pub user_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub main_user_id: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub partner_share: bool,
    #[odoo(readonly)]
    pub contact_address: Option<String>,
    #[odoo(readonly)]
    pub commercial_partner_id: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub commercial_company_name: Option<String>,
    pub company_name: Option<String>,
    pub barcode: Option<String>,
    #[odoo(readonly)]
    #[odoo(name = "self")]
    pub self_: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub application_statistics: Option<serde_json::Value>,
    #[odoo(readonly)]
    pub create_uid: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    #[odoo(readonly)]
    pub write_uid: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub write_date: Option<DateTime>,
    pub channel_ids: X2Many<AnyModel>,
    pub channel_member_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub is_in_call: bool,
    pub rtc_session_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub contact_address_inline: Option<String>,
    #[odoo(readonly)]
    pub im_status: Option<String>,
    #[odoo(readonly)]
    pub offline_since: Option<DateTime>,
    pub signup_type: Option<String>,
    #[odoo(readonly)]
    pub phone_sanitized: Option<String>,
    #[odoo(readonly)]
    pub phone_sanitized_blacklisted: bool,
    #[odoo(readonly)]
    pub phone_blacklisted: bool,
    pub phone_mobile_search: Option<String>,
    pub property_product_pricelist: Option<Many2one<AnyModel>>,
    pub specific_property_product_pricelist: Option<Many2one<AnyModel>>,
    pub payment_token_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub payment_token_count: i64,
    #[odoo(readonly)]
    pub fiscal_country_codes: Option<String>,
    #[odoo(readonly)]
    pub fiscal_country_group_codes: Option<serde_json::Value>,
    #[odoo(readonly)]
    pub partner_vat_placeholder: Option<String>,
    #[odoo(readonly)]
    pub partner_company_registry_placeholder: Option<String>,
    #[odoo(readonly)]
    pub duplicate_bank_partner_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub credit: f64,
    #[odoo(readonly)]
    pub credit_to_invoice: f64,
    pub credit_limit: f64,
    pub use_partner_credit_limit: bool,
    #[odoo(readonly)]
    pub show_credit_limit: bool,
    #[odoo(readonly)]
    pub days_sales_outstanding: f64,
    #[odoo(readonly)]
    pub debit: f64,
    #[odoo(readonly)]
    pub total_invoiced: f64,
    #[odoo(readonly)]
    pub currency_id: Option<Many2one<AnyModel>>,
    pub property_account_payable_id: Option<Many2one<AnyModel>>,
    pub property_account_receivable_id: Option<Many2one<AnyModel>>,
    pub property_account_position_id: Option<Many2one<AnyModel>>,
    pub property_payment_term_id: Option<Many2one<AnyModel>>,
    pub property_supplier_payment_term_id: Option<Many2one<AnyModel>>,
    pub ref_company_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub supplier_invoice_count: i64,
    #[odoo(readonly)]
    pub account_move_count: i64,
    #[odoo(readonly)]
    pub invoice_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub contract_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub bank_account_count: i64,
    pub trust: Option<String>,
    pub ignore_abnormal_invoice_date: bool,
    pub ignore_abnormal_invoice_amount: bool,
    pub invoice_sending_method: Option<String>,
    pub invoice_edi_format: Option<String>,
    pub invoice_edi_format_store: Option<String>,
    pub display_invoice_edi_format: bool,
    pub invoice_template_pdf_report_id: Option<Many2one<AnyModel>>,
    #[odoo(readonly)]
    pub available_invoice_template_pdf_report_ids: X2Many<AnyModel>,
    pub display_invoice_template_pdf_report_id: bool,
    pub supplier_rank: i64,
    pub customer_rank: i64,
    pub autopost_bills: Option<String>,
    pub property_outbound_payment_method_line_id: Option<Many2one<AnyModel>>,
    pub property_inbound_payment_method_line_id: Option<Many2one<AnyModel>>,
    pub project_ids: X2Many<AnyModel>,
    pub task_ids: X2Many<AnyModel>,
    #[odoo(readonly)]
    pub task_count: i64,
    pub global_location_number: Option<String>,
    #[odoo(readonly)]
    pub is_ubl_format: bool,
    #[odoo(readonly)]
    pub is_peppol_edi_format: bool,
    pub peppol_endpoint: Option<String>,
    pub peppol_eas: Option<String>,
    #[odoo(readonly)]
    pub available_peppol_eas: Option<serde_json::Value>,
    #[odoo(readonly)]
    pub sale_order_count: i64,
    pub sale_order_ids: X2Many<AnyModel>,
    pub sale_warn_msg: Option<String>,
}

// ------------------------------------------------------------------------------- XML-RPC

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_011_read_fields() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<Partner>, _) = xml(&dir, "011-read-fields");
    assert_reads_all::<Partner>(&raw);
    assert_eq!(rows.len(), raw.len());
    let acme = &rows[0];
    assert_eq!(acme.id, RecordId::new(9));
    assert_eq!(acme.name, "Acme Corporation");
    assert_eq!(
        acme.country_id
            .as_ref()
            .map(|c| (c.id.get(), c.name.as_deref())),
        Some((233, Some("United States")))
    );
    assert_eq!(acme.comment, None);
    assert_eq!(acme.parent_id, None);
    assert_eq!(acme.type_, Some(PartnerType::Contact));
    assert_eq!(acme.child_ids.raw_ids().collect::<Vec<_>>(), [36, 19, 20]);
    assert_eq!(
        acme.create_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27 23:53:59")
    );
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_012_read_all_fields() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<PartnerAll>, _) = xml(&dir, "012-read-all-fields");
    assert_reads_all::<PartnerAll>(&raw);
    assert_eq!(PartnerAll::FIELDS.len(), 167);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].id, RecordId::new(9));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_013_to_022_and_044_048_partner_searches() {
    let dir = recordings::dir();
    for name in [
        "013-read-load-none",
        "016-search-read",
        "017-search-read-dotted",
        "018-search-read-in-notin",
        "019-search-read-child-of",
        "020-search-read-any",
        "021-search-read-eq-false",
        "022-search-read-archived",
        "044-read-after-write",
        "048-read-x2many",
    ] {
        let (rows, raw): (Vec<PartnerSome>, _) = xml(&dir, name);
        assert_reads_all::<PartnerSome>(&raw);
        assert_eq!(rows.len(), raw.len(), "{name}");
    }
    // load=None: a many2one is a bare id.
    let (rows, _): (Vec<PartnerSome>, _) = xml(&dir, "013-read-load-none");
    let country = rows[0].country_id.as_ref().unwrap();
    assert_eq!((country.id.get(), country.name.as_deref()), (233, None));
    // Comparisons with false find empty values, which decode as None.
    let (rows, _): (Vec<PartnerSome>, _) = xml(&dir, "021-search-read-eq-false");
    assert!(rows.iter().all(|r| r.email.is_none()));
    let (rows, _): (Vec<PartnerSome>, _) = xml(&dir, "022-search-read-archived");
    assert!(rows.iter().any(|r| r.active == Some(true)) || rows.iter().any(|r| r.active.is_none()));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_014_015_binary_and_bin_size() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<PartnerImage>, _) = xml(&dir, "014-read-image");
    assert_reads_all::<PartnerImage>(&raw);
    let png = rows[0].image_128.as_ref().expect("an image");
    assert!(
        png.starts_with(b"\x89PNG") || png.starts_with(b"<svg") || png.starts_with(b"<?xml"),
        "{png:?}"
    );

    let body = recordings::read(&dir, "xmlrpc/015-read-image-bin-size.response.xml");
    let e = xmlrpc::decode_response::<Vec<PartnerImage>>(&body).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.to_string().contains("bin_size"), "{e}");
    let sized: Vec<PartnerImageOrSize> = xmlrpc::decode_response(&body).unwrap();
    let Some(BinaryOrSize::Size(size)) = &sized[0].image_128 else {
        panic!("a size: {:?}", sized[0].image_128);
    };
    assert_eq!((size.text(), size.bytes()), ("10.44 Kb", 10691));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_023_countries() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<Country>, _) = xml(&dir, "023-search-read-lang");
    assert_reads_all::<Country>(&raw);
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|c| c.currency_id.is_some()));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_030_ir_model() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<IrModel>, _) = xml(&dir, "030-ir-model-search-read");
    assert_reads_all::<IrModel>(&raw);
    assert!(rows.iter().all(|m| m.state == Some(IrModelState::Base)));
    assert_eq!(IrModel::MODEL_FIELD.name(), "model");
    assert_eq!(<IrModel as OdooModel>::MODEL, "ir.model");
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_034_sale_order() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<SaleOrder>, _) = xml(&dir, "034-sale-order-search-read");
    assert_reads_all::<SaleOrder>(&raw);
    let so = &rows[0];
    assert_eq!(so.state, Some(SaleOrderState::Draft));
    assert_eq!(so.invoice_status, Some(InvoiceStatus::No));
    assert_eq!(
        so.validity_date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-28")
    );
    assert_eq!(
        so.date_order.map(|d| d.to_string()).as_deref(),
        Some("2026-10-27 23:55:00")
    );
    assert!(so.amount_total > 0.0);
    assert!(!so.order_line.is_empty());
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_035_sale_order_line() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<SaleOrderLine>, _) = xml(&dir, "035-sale-order-line-read");
    assert_reads_all::<SaleOrderLine>(&raw);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|l| l.order_id.is_some()));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_036_project_task() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<ProjectTask>, _) = xml(&dir, "036-project-task-properties");
    assert_reads_all::<ProjectTask>(&raw);
    assert_eq!(rows[0].task_properties, Some(serde_json::json!([])));
    assert_eq!(rows[0].priority, Some(TaskPriority::High));
    assert!(rows[0].date_deadline.is_some());
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_037_038_reference_fields() {
    let dir = recordings::dir();
    let (menus, raw): (Vec<IrUiMenu>, _) = xml(&dir, "037-reference-field");
    assert_reads_all::<IrUiMenu>(&raw);
    assert_eq!(
        menus[0].action,
        Some(Reference::new("ir.actions.act_window", 70))
    );
    let (followers, raw): (Vec<MailFollowers>, _) = xml(&dir, "038-many2one-reference");
    assert_reads_all::<MailFollowers>(&raw);
    assert_eq!(
        (followers[0].res_model.as_deref(), followers[0].res_id),
        (Some("account.move"), Some(8))
    );
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn xmlrpc_077_custom_model() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<XCustomModel>, _) = xml(&dir, "077-custom-record-read");
    assert_reads_all::<XCustomModel>(&raw);
    assert_eq!(rows[0].x_kind, Some(XKind::B));
}

// ------------------------------------------------------------------------------- JSON

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn jsonrpc_002_search_read() {
    let dir = recordings::dir();
    let (rows, raw): (Vec<PartnerSome>, _) = json2(&dir, "jsonrpc/002-search-read.response.json");
    assert_reads_all::<PartnerSome>(&raw);
    assert_eq!(rows[0].name.as_deref(), Some("Acme Corporation"));
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn json2_search_read_read_context() {
    let dir = recordings::dir();
    for rel in [
        "json2/001-search-read.response.json",
        "json2/004-read.response.json",
    ] {
        let (rows, raw): (Vec<PartnerSome>, _) = json2(&dir, rel);
        assert_reads_all::<PartnerSome>(&raw);
        assert_eq!(rows[0].id, RecordId::new(9), "{rel}");
    }
    let (rows, _): (Vec<PartnerSome>, _) = json2(&dir, "json2/004-read.response.json");
    assert_eq!(rows[0].category_id.as_ref().map(|c| c.len()), Some(1));
    assert_eq!(
        rows[0].create_date.map(|d| d.to_string()).as_deref(),
        Some("2026-11-27 23:53:59")
    );
    let (rows, raw): (Vec<Country>, _) = json2(&dir, "json2/011-context-lang.response.json");
    assert_reads_all::<Country>(&raw);
    assert_eq!(rows[0].name, "Belgium");
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn json2_ids_and_counts() {
    let dir = recordings::dir();
    let ids: Vec<RecordId<Partner>> =
        json::from_slice(&json_body(&dir, "json2/002-search.response.json")).unwrap();
    assert_eq!(ids.len(), 5);
    let n: u64 =
        json::from_slice(&json_body(&dir, "json2/003-search-count.response.json")).unwrap();
    assert_eq!(n, 3350);
    let created: Vec<RecordId<Partner>> =
        json::from_slice(&json_body(&dir, "json2/006-create.response.json")).unwrap();
    assert_eq!(created, [RecordId::new(10087), RecordId::new(10088)]);
}

// ------------------------------------------------------------------------------- bench files

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn bench_search_read_10k_both_protocols() {
    let dir = recordings::dir();
    let xml_rows: Vec<BenchPartner> = xmlrpc::decode_response(&recordings::read(
        &dir,
        "bench/search-read-10k.response.xml",
    ))
    .unwrap();
    let json_rows: Vec<BenchPartner> = json::from_slice(&recordings::read(
        &dir,
        "bench/search-read-10k.response.json",
    ))
    .unwrap();
    assert_eq!(xml_rows.len(), 10_000);
    assert_eq!(xml_rows, json_rows);
    assert_eq!(
        xml_rows[0].comment.as_deref(),
        Some("<p>Bench note 0 with <b>markup</b> &amp; entities</p>")
    );
}

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn bench_read_all_fields_200_both_protocols() {
    let dir = recordings::dir();
    let xml_rows: Vec<PartnerAll> = xmlrpc::decode_response(&recordings::read(
        &dir,
        "bench/read-all-fields-200.response.xml",
    ))
    .unwrap();
    let json_rows: Vec<PartnerAll> = json::from_slice(&recordings::read(
        &dir,
        "bench/read-all-fields-200.response.json",
    ))
    .unwrap();
    assert_eq!(xml_rows.len(), 200);
    assert_eq!(xml_rows, json_rows);
}
