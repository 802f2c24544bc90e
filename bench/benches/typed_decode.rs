//! search_read of the 10,000 bench partners (18 fields each), decoded into a derived struct
//! versus into the dynamic `Value` (and `serde_json::Value` for JSON).
//!
//! Run with `ODOO_RECORDINGS=../shared/odoo19 cargo bench -p odoo-bench --features micro --bench typed_decode`
//! (without it the bench looks in `../shared/odoo19` next to the workspace, and says it has
//! nothing to measure when they are not there). `BenchPartner` is `odoo_tests::models`'.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use odoo_runtime::{json, xmlrpc, Value};
use odoo_tests::models::BenchPartner;
use odoo_tests::recordings;

fn decode(c: &mut Criterion) {
    let Some(dir) = recordings::find() else {
        eprintln!("note: no recordings (set ODOO_RECORDINGS=../shared/odoo19): nothing to measure");
        return;
    };
    let xml = recordings::read(&dir, "bench/search-read-10k.response.xml");
    let js = recordings::read(&dir, "bench/search-read-10k.response.json");

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
