//! How long a test server takes from the builder to a listening socket, for the recorded
//! 394-model schema (`ODOO_RECORDINGS`, or `../shared/odoo19` next to the workspace), or a
//! synthetic schema of the same size without them.
//! Reading and parsing the schema from disk is measured apart: it is not part of starting.

use std::hint::black_box;
use std::time::Instant;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_testkit::TestServer;

fn synthetic() -> Schema {
    let mut s = Schema::new("19.0", "odoo19");
    for m in 0..394 {
        let mut model = Model::new(format!("x_model_{m}"), format!("Model {m}"));
        for f in 0..19 {
            let name = format!("x_field_{f}");
            model.fields.insert(
                name.clone(),
                Field::new(name, FieldType::ALL[f].clone(), "Field"),
            );
        }
        s.insert(model);
    }
    s
}

fn schema() -> Schema {
    match odoo_tests::recordings::find() {
        Some(dir) => {
            let t = Instant::now();
            let s = odoo_testkit::load_schema(&dir.join("schema")).expect("recorded schema");
            println!(
                "loading the recorded schema from disk ({} models): {:?}",
                s.models.len(),
                t.elapsed()
            );
            s
        }
        None => {
            println!(
                "no recordings (ODOO_RECORDINGS): benchmarking a synthetic schema of 394 models"
            );
            synthetic()
        }
    }
}

fn startup(c: &mut Criterion) {
    let schema = schema();
    let mut group = c.benchmark_group("startup");
    group.sample_size(30);
    group.bench_function("start_background (394 models)", |b| {
        b.iter_batched(
            || schema.clone(),
            |s| {
                black_box(
                    TestServer::builder()
                        .schema(s)
                        .user("admin", "admin")
                        .start_background()
                        .unwrap(),
                )
            },
            BatchSize::LargeInput,
        )
    });
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    group.bench_function("start on a running runtime (394 models)", |b| {
        b.iter_batched(
            || schema.clone(),
            |s| {
                rt.block_on(async {
                    black_box(
                        TestServer::builder()
                            .schema(s)
                            .user("admin", "admin")
                            .start()
                            .await
                            .unwrap(),
                    )
                })
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
