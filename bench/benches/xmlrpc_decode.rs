//! Decoding a recorded 18 MB XML-RPC `search_read` response (10,000 partners, 18 fields each)
//! with this crate's streaming decoder — into a typed struct and into `Value` — and, in the
//! same run, with `dxr` 0.9 and the `xmlrpc` 0.15 crate.
//!
//! ```text
//! cargo bench -p odoo-bench --features micro --bench xmlrpc_decode -- --warm-up-time 1 --measurement-time 5
//! ```
//!
//! The recordings are found through `ODOO_RECORDINGS`, or `../shared/odoo19` next to the
//! workspace; without them the benchmark prints a notice and does nothing.
//!
//! Before timing, it measures the peak heap of each decoder with a counting global allocator
//! and prints it next to the body size.

use std::alloc::{GlobalAlloc, Layout, System};
use std::borrow::Cow;
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicIsize, Ordering::Relaxed};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use odoo_runtime::{xmlrpc, Value};
use odoo_tests::models::rows::BenchPartner;
use odoo_tests::recordings;
use serde::Deserialize;

/// `BenchPartner` (of `odoo_tests::models::rows`) borrowing its strings from the body where
/// they hold no entities.
#[derive(Deserialize)]
#[allow(dead_code)]
struct PartnerRef<'a> {
    id: i64,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    email: Option<Cow<'a, str>>,
    #[serde(borrow)]
    phone: Option<Cow<'a, str>>,
    #[serde(borrow)]
    street: Option<Cow<'a, str>>,
    #[serde(borrow)]
    city: Option<Cow<'a, str>>,
    #[serde(borrow)]
    zip: Option<Cow<'a, str>>,
    #[serde(borrow)]
    country_id: Option<(i64, Cow<'a, str>)>,
    is_company: bool,
    category_id: Vec<i64>,
    #[serde(borrow)]
    comment: Option<Cow<'a, str>>,
    #[serde(borrow)]
    website: Option<Cow<'a, str>>,
    #[serde(borrow)]
    r#ref: Option<Cow<'a, str>>,
    color: i64,
    #[serde(borrow)]
    create_date: Option<Cow<'a, str>>,
    #[serde(borrow)]
    write_date: Option<Cow<'a, str>>,
    active: bool,
    #[serde(borrow)]
    parent_id: Option<(i64, Cow<'a, str>)>,
    #[serde(borrow)]
    r#type: Option<Cow<'a, str>>,
}

// ----- a counting allocator, for the peak heap of one decode -----
//
// It counts only while `COUNTING` is set, so that the timed runs pay one relaxed load per
// allocation and nothing else. Memory is measured before timing, with nothing else running.

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
// Signed: blocks allocated before counting started may be freed while it runs.
static LIVE: AtomicIsize = AtomicIsize::new(0);
static PEAK: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Relaxed) {
            let size = layout.size() as isize;
            let live = LIVE.fetch_add(size, Relaxed) + size;
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Relaxed) {
            LIVE.fetch_sub(layout.size() as isize, Relaxed);
        }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() && COUNTING.load(Relaxed) {
            if new_size >= layout.size() {
                let grow = (new_size - layout.size()) as isize;
                let live = LIVE.fetch_add(grow, Relaxed) + grow;
                PEAK.fetch_max(live, Relaxed);
            } else {
                LIVE.fetch_sub((layout.size() - new_size) as isize, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak live heap while `f` runs and its result is alive, plus `base` bytes live before
/// (the body).
fn peak_heap<T>(base: usize, f: impl FnOnce() -> T) -> usize {
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let out = f();
    let peak = PEAK.load(Relaxed);
    COUNTING.store(false, Relaxed);
    drop(black_box(out));
    base + peak.max(0) as usize
}

// ----- the other decoders -----

/// The `xmlrpc` crate parses responses only inside `Request::call`: hand it the body through a
/// transport that replays it.
struct Replay<'a>(&'a [u8]);

impl<'a> ::xmlrpc::Transport for Replay<'a> {
    type Stream = &'a [u8];
    fn transmit(
        self,
        _request: &::xmlrpc::Request<'_>,
    ) -> Result<&'a [u8], Box<dyn std::error::Error + Send + Sync>> {
        Ok(self.0)
    }
}

fn decode_xmlrpc_crate(body: &[u8]) -> ::xmlrpc::Value {
    ::xmlrpc::Request::new("search_read")
        .call(Replay(body))
        .expect("the xmlrpc crate decodes")
}

fn decode_dxr(body: &[u8]) -> dxr::Value {
    let text = std::str::from_utf8(body).expect("UTF-8");
    dxr::MethodResponse::from_xml(text)
        .expect("dxr decodes")
        .value
}

fn bench(c: &mut Criterion) {
    let Some(dir) = recordings::find() else {
        eprintln!("xmlrpc_decode: no recordings (set ODOO_RECORDINGS); skipping the benchmark");
        return;
    };
    let body = recordings::read(&dir, "bench/search-read-10k.response.xml");
    let mb = body.len() as f64 / 1e6;

    let typed = |b: &[u8]| xmlrpc::decode_response::<Vec<BenchPartner>>(b).expect("typed decode");
    let borrowed =
        |b: &[u8]| xmlrpc::decode_response_borrowed::<Vec<PartnerRef<'_>>>(b).map(|v| v.len());
    let value = |b: &[u8]| xmlrpc::decode_response::<Value>(b).expect("Value decode");

    assert_eq!(typed(&body).len(), 10_000);
    assert_eq!(borrowed(&body).ok(), Some(10_000));

    eprintln!("xmlrpc_decode: body {mb:.1} MB; peak heap (body included):");
    let report = |name: &str, peak: usize| {
        eprintln!(
            "  {name:<28} {:>7.1} MB  = {:.2} x body",
            peak as f64 / 1e6,
            peak as f64 / body.len() as f64
        );
    };
    let n = body.len();
    report("odoo-runtime typed", peak_heap(n, || typed(&body)));
    report(
        "odoo-runtime typed borrowed",
        peak_heap(n, || borrowed(&body)),
    );
    report("odoo-runtime Value", peak_heap(n, || value(&body)));
    report("dxr 0.9", peak_heap(n, || decode_dxr(&body)));
    report("xmlrpc 0.15", peak_heap(n, || decode_xmlrpc_crate(&body)));

    let mut group = c.benchmark_group("search-read-10k");
    group.throughput(Throughput::Bytes(body.len() as u64));
    group.sample_size(10);
    group.bench_function("odoo-runtime typed", |b| b.iter(|| typed(black_box(&body))));
    group.bench_function("odoo-runtime typed borrowed", |b| {
        b.iter(|| borrowed(black_box(&body)))
    });
    group.bench_function("odoo-runtime Value", |b| b.iter(|| value(black_box(&body))));
    group.bench_function("dxr 0.9", |b| b.iter(|| decode_dxr(black_box(&body))));
    group.bench_function("xmlrpc 0.15", |b| {
        b.iter(|| decode_xmlrpc_crate(black_box(&body)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
