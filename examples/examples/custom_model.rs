//! The `custom-model` way: create a custom `x_` model and its fields through `ir.model` and
//! `ir.model.fields` (as Odoo's UI or a migration script would), re-pull the schema, and use
//! the bindings generated for it.
//!
//! The bindings are checked in (`src/custom/`), so this program compiles against them; it
//! regenerates them from the live server and fails if they differ. After changing the model
//! below, run it once with `ODOO_EXAMPLES_BLESS=1` to rewrite `src/custom/`.
//!
//! `cargo run --example custom_model`

use odoo_codegen::introspect::{introspect, IntrospectOptions};
use odoo_codegen::ModelFilter;
use odoo_examples::custom::x_book::XBookXState;
use odoo_examples::custom::XBook;
use odoo_examples::{demo_server, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Call, Client, Date, RecordId, Value, Values};

fn vals(pairs: &[(&str, Value)]) -> Value {
    pairs.iter().map(|(k, v)| (*k, v.clone())).collect()
}

/// An x2many `create` command, `[0, 0, {…}]`.
fn create_command(values: Value) -> Value {
    Value::Array(vec![0.into(), 0.into(), values])
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = demo_server().await?;
    let client = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()?;

    // 1. The model, with an access rule in the same call (a new model has none).
    let access = vals(&[
        ("name", "x_book all".into()),
        ("perm_read", true.into()),
        ("perm_write", true.into()),
        ("perm_create", true.into()),
        ("perm_unlink", true.into()),
    ]);
    let model_ids: Vec<i64> = client
        .call(Call::new("ir.model", "create").arg(
            "vals_list",
            vec![vals(&[
                ("name", "Book".into()),
                ("model", "x_book".into()),
                ("state", "manual".into()),
                ("access_ids", vec![create_command(access)].into()),
            ])],
        ))
        .await?;
    println!("created ir.model {model_ids:?} (x_book)");

    // 2. Its fields. Selection values that are not identifiers get stable Rust names.
    let state_values = [("draft", "Draft"), ("to check", "To Check"), ("0", "Lost")];
    let selection: Vec<Value> = state_values
        .iter()
        .enumerate()
        .map(|(i, (value, name))| {
            create_command(vals(&[
                ("value", (*value).into()),
                ("name", (*name).into()),
                ("sequence", (i as i64).into()),
            ]))
        })
        .collect();
    let fields = vec![
        vals(&[
            ("name", "x_pages".into()),
            ("ttype", "integer".into()),
            ("field_description", "Pages".into()),
        ]),
        vals(&[
            ("name", "x_published".into()),
            ("ttype", "date".into()),
            ("field_description", "Published".into()),
        ]),
        vals(&[
            ("name", "x_author_id".into()),
            ("ttype", "many2one".into()),
            ("relation", "res.partner".into()),
            ("field_description", "Author".into()),
        ]),
        vals(&[
            ("name", "x_state".into()),
            ("ttype", "selection".into()),
            ("field_description", "State".into()),
            ("selection_ids", selection.into()),
        ]),
    ];
    let fields: Vec<Value> = fields
        .into_iter()
        .map(|mut f| {
            if let Value::Struct(m) = &mut f {
                m.insert("model_id".into(), model_ids[0].into());
                m.insert("state".into(), "manual".into());
            }
            f
        })
        .collect();
    let field_ids: Vec<i64> = client
        .call(Call::new("ir.model.fields", "create").arg("vals_list", fields))
        .await?;
    println!("created {} fields", field_ids.len());

    // 3. Re-pull the schema of the new model and generate its bindings.
    let options = IntrospectOptions::default()
        .filter(ModelFilter::default().include(["x_*"]))
        .progress(false);
    let schema = introspect(&client, &options).await?.schema;
    let generated = odoo_codegen::Config::new().generate(&schema)?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/custom");
    if std::env::var_os("ODOO_EXAMPLES_BLESS").is_some() {
        generated.write_to(&dir)?;
        println!("wrote {}", dir.display());
    }
    let stale = generated.check(&dir)?;
    if !stale.is_fresh() {
        return Err(
            format!("src/custom is stale ({stale:?}): rerun with ODOO_EXAMPLES_BLESS=1").into(),
        );
    }
    println!("the bindings generated from the re-pulled schema match src/custom/:\n");
    for line in generated
        .file("x_book.rs")
        .unwrap_or_default()
        .lines()
        .skip(3)
        .take(40)
    {
        println!("    {line}");
    }

    // 4. Use them.
    let author = RecordId::new(9);
    let id = client
        .create(
            Values::<XBook>::new()
                .set(XBook::X_NAME, "The Road Runner Handbook")
                .set(XBook::X_PAGES, 212)
                .set(XBook::X_PUBLISHED, "1949-09-17".parse::<Date>()?)
                .set(XBook::X_AUTHOR_ID, author)
                .set(XBook::X_STATE, XBookXState::ToCheck),
        )
        .await?;
    let book = client.read([id]).await?.all_found()?.remove(0);
    println!("\n{book:#?}");
    let lost = client
        .search_count(XBook::X_STATE.eq(XBookXState::V0))
        .await?;
    println!("{lost} lost book(s)");
    Ok(())
}
