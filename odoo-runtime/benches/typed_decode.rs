//! search_read of the 10,000 bench partners (18 fields each), decoded into a derived struct
//! versus into the dynamic `Value` (and `serde_json::Value` for JSON).
//!
//! Run with `ODOO_RECORDINGS=../shared/odoo19 cargo bench -p odoo-runtime --bench typed_decode`
//! (without it the bench looks in `../shared/odoo19` next to the workspace, and skips with a
//! notice when the files are not there).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use odoo_runtime::{
    json, xmlrpc, DateTime, Many2one, OdooModel, OdooSelection, RecordId, Value, X2Many,
};

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

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
pub struct Country {
    pub id: RecordId<Country>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner.category")]
pub struct Tag {
    pub id: RecordId<Tag>,
}

#[derive(Debug, OdooModel)]
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

fn bench_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ODOO_RECORDINGS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/odoo19"));
    let dir = dir.join("bench");
    if dir.join("search-read-10k.response.xml").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "note: no bench recordings at {}; set ODOO_RECORDINGS",
            dir.display()
        );
        None
    }
}

fn decode(c: &mut Criterion) {
    let Some(dir) = bench_dir() else { return };
    let (Ok(xml), Ok(js)) = (
        std::fs::read(dir.join("search-read-10k.response.xml")),
        std::fs::read(dir.join("search-read-10k.response.json")),
    ) else {
        eprintln!(
            "note: cannot read the bench recordings in {}",
            dir.display()
        );
        return;
    };

    let mut g = c.benchmark_group("search_read_10k_xmlrpc");
    g.sample_size(10)
        .throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function("derived struct", |b| {
        b.iter(|| xmlrpc::decode_response::<Vec<BenchPartner>>(&xml).map(|v| v.len()))
    });
    g.bench_function("Value", |b| {
        b.iter(|| xmlrpc::decode_response::<Value>(&xml).is_ok())
    });
    g.finish();

    let mut g = c.benchmark_group("search_read_10k_json2");
    g.sample_size(10)
        .throughput(Throughput::Bytes(js.len() as u64));
    g.bench_function("derived struct", |b| {
        b.iter(|| json::from_slice::<Vec<BenchPartner>>(&js).map(|v| v.len()))
    });
    g.bench_function("Value", |b| {
        b.iter(|| json::from_slice::<Value>(&js).is_ok())
    });
    g.bench_function("serde_json::Value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&js).is_ok())
    });
    g.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
