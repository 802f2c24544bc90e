//! The `hand-written` way: a projection struct with `#[derive(OdooModel)]`. It reads exactly
//! its own fields — no "read every field" surprises — and gets typed handles for domains and
//! writes.
//!
//! `cargo run --example hand_written`

use odoo_examples::{demo_server, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{
    Client, Command, Domain, Many2one, OdooModel, OdooSelection, RecordId, Values, X2Many,
};

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country")]
struct Country {
    id: RecordId<Country>,
    name: Option<String>,
    code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category")]
struct Tag {
    id: RecordId<Tag>,
    name: Option<String>,
}

/// Only the values this program cares about; anything else lands in `Other`.
#[derive(Debug, Clone, PartialEq, OdooSelection)]
enum AddressKind {
    #[odoo(value = "contact")]
    Contact,
    #[odoo(value = "invoice")]
    Invoice,
    #[odoo(other)]
    Other(String),
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    email: Option<String>,
    /// `type` is a Rust keyword: a raw identifier maps to the Odoo field by itself.
    r#type: Option<AddressKind>,
    country_id: Option<Many2one<Country>>,
    category_id: X2Many<Tag>,
    /// Read, but never written: no `set` exists for it.
    #[odoo(readonly)]
    display_name: Option<String>,
    /// Not an Odoo field at all: left out of reads, filled with `Default`.
    #[odoo(skip)]
    seen_locally: bool,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = demo_server().await?;
    let client = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
        .build()?;

    println!(
        "Partner reads exactly {:?} from `{}`",
        Partner::FIELDS,
        Partner::MODEL
    );

    // A typed domain, with a dotted path through a typed relation.
    let belgians = Partner::COUNTRY_ID.then(Country::CODE).eq("BE")
        & Partner::EMAIL.is_set()
        & !Partner::NAME.ilike("demo");
    for p in client.search_read(belgians).order("name").await? {
        println!(
            "{:<20} {:<28} {:?}",
            p.name.unwrap_or_default(),
            p.email.unwrap_or_default(),
            p.r#type
        );
    }

    // Tri-state writes: set, clear, or leave untouched; x2many commands.
    let gold = client.search(Tag::NAME.eq("Gold")).await?;
    let id = client
        .create(
            Values::<Partner>::new()
                .set(Partner::NAME, "Hand Written SA")
                .set(Partner::EMAIL, "hw@example.com")
                .set(Partner::TYPE, AddressKind::Invoice)
                .set(
                    Partner::CATEGORY_ID,
                    [
                        Command::set(gold.clone()),
                        Command::create(Values::new().set(Tag::NAME, "Handmade")),
                    ],
                ),
        )
        .await?;
    client
        .write([id], Values::new().clear(Partner::EMAIL))
        .await?;
    let records = client.read([id, RecordId::new(999_999)]).await?;
    println!(
        "read {} record(s); missing ids: {:?}",
        records.records.len(),
        records.missing
    );
    let p = &records.records[0];
    println!(
        "{} email={:?} type={:?} tags={:?} display_name={:?} seen_locally={}",
        p.id, p.email, p.r#type, p.category_id, p.display_name, p.seen_locally
    );

    let all = client.search_count(Domain::<Partner>::all()).await?;
    let with_archived = client
        .search_count(Domain::<Partner>::all())
        .context("active_test", false)
        .await?;
    println!("{all} active partners, {with_archived} with the archived ones");
    Ok(())
}
