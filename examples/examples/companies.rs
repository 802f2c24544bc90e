//! The context of a call: companies, language and translations.
//!
//! - A company-dependent field (`credit_limit` here; `standard_price` and `property_*` on a
//!   real database) holds one value per company: `.company(id)` and `.allowed_companies([…])`
//!   choose which one a read or a write touches. Without them, Odoo uses the user's default
//!   company, whichever the caller meant.
//! - A company the user is not in is refused (`AccessError`).
//! - `.lang(code)` reads and writes a translatable field in that language;
//!   `field_translations` lists every language's value and `update_field_translations` sets
//!   several at once.
//!
//! `cargo run --example companies` runs it on the embedded test server,
//! seeded with three companies (the user is in two) and a second language, `fr_FR`. Against a
//! real Odoo the live suite's `company_context` and `translations` scenarios do the same with
//! a company and a product they create.

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Client, ErrorKind, OdooModel, RecordId, Values};
use odoo_testkit::TestServer;

#[derive(Debug, OdooModel)]
#[odoo(model = "res.company")]
struct Company {
    id: RecordId<Company>,
    name: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    credit_limit: f64,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner.category")]
struct Tag {
    id: RecordId<Tag>,
    name: Option<String>,
}

/// The few models and fields the example needs, as a pulled schema would describe them.
fn schema() -> Schema {
    use FieldType::*;
    let field = |name: &str, ty: FieldType, relation: Option<&str>| {
        let mut f = Field::new(name, ty, name);
        f.relation = relation.map(str::to_owned);
        f
    };
    let model = |name: &str, fields: Vec<Field>| {
        let mut m = Model::new(name, name);
        for f in fields {
            m.fields.insert(f.name.clone(), f);
        }
        m
    };
    let mut credit = field("credit_limit", Float, None);
    credit.extra.insert("company_dependent".into(), true.into());
    let mut tag_name = field("name", Char, None);
    tag_name.extra.insert("translate".into(), true.into());
    let mut s = Schema::new("19.0", "companies");
    s.insert(model("res.company", vec![field("name", Char, None)]));
    s.insert(model(
        "res.users",
        vec![
            field("name", Char, None),
            field("login", Char, None),
            field("company_id", Many2one, Some("res.company")),
            field("company_ids", Many2many, Some("res.company")),
        ],
    ));
    s.insert(model(
        "res.partner",
        vec![
            field("name", Char, None),
            field("company_id", Many2one, Some("res.company")),
            credit,
        ],
    ));
    s.insert(model("res.partner.category", vec![tag_name]));
    s
}

const SEED: &str = r#"{
  "res.company": [{"id": 1, "name": "Brussels"}, {"id": 2, "name": "Lyon"}, {"id": 3, "name": "Not mine"}],
  "res.users": [{"id": 2, "company_id": 1, "company_ids": [1, 2]}],
  "res.partner.category": [{"id": 1, "name": "Vendor"}]
}"#;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = TestServer::builder()
        .schema(schema())
        .data_json(SEED)
        .database("companies")
        .user("admin", "admin")
        .language("fr_FR")
        .start()
        .await?;
    println!("== odoo-testkit at {}", server.url());
    let client = Client::builder()
        .url(server.url())
        .database("companies")
        .password("admin", "admin")
        .build()?;
    let (brussels, lyon) = (RecordId::<Company>::new(1), RecordId::<Company>::new(2));
    for company in client.read([brussels, lyon]).await?.all_found()? {
        println!("== the user's company {:?}: {:?}", company.id, company.name);
    }

    // 1. One partner, a credit limit per company.
    let partner = client
        .create(Values::<Partner>::new().set(Partner::NAME, "odoo-rs example Acme"))
        .await?;
    client
        .write(
            [partner],
            Values::<Partner>::new().set(Partner::CREDIT_LIMIT, 1000.0),
        )
        .company(brussels)
        .await?;
    client
        .write(
            [partner],
            Values::<Partner>::new().set(Partner::CREDIT_LIMIT, 2500.0),
        )
        .allowed_companies([lyon, brussels])
        .await?;
    for (company, name) in [(brussels, "Brussels"), (lyon, "Lyon")] {
        let read = client.read([partner]).company(company).await?.all_found()?;
        println!(
            "== {:?} ({:?}), credit limit in {name}: {}",
            read[0].name, read[0].id, read[0].credit_limit
        );
    }
    let default = client.read([partner]).await?.all_found()?;
    println!(
        "== without a company: the user's default company's, {}",
        default[0].credit_limit
    );
    assert_eq!(default[0].credit_limit, 1000.0);

    // 2. A company the user is not in.
    let e = client
        .read([partner])
        .company(RecordId::<Company>::new(3))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessError, "{e}");
    println!("== another company: {e}");

    // 3. A translatable field: written in French, read in both languages, listed.
    let tag = RecordId::<Tag>::new(1);
    client
        .write([tag], Values::<Tag>::new().set(Tag::NAME, "Fournisseur"))
        .lang("fr_FR")
        .await?;
    let english = client.read([tag]).await?.all_found()?;
    let french = client.read([tag]).lang("fr_FR").await?.all_found()?;
    println!(
        "== tag {:?} in en_US: {:?}, in fr_FR: {:?}",
        english[0].id, english[0].name, french[0].name
    );
    client
        .update_field_translations([tag], Tag::NAME)
        .set("fr_FR", "Fournisseur agréé")
        .await?;
    let listed = client.field_translations(tag, Tag::NAME).await?;
    println!("== get_field_translations: {listed:?}");

    // 4. A language that is not installed.
    let e = client.read([tag]).lang("de_DE").await.unwrap_err();
    println!("== a language that is not installed: {e}");

    client.unlink([partner]).await?;
    Ok(())
}
