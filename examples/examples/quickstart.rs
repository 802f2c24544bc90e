//! The whole product in one run, with no live Odoo and no network:
//!
//! 1. start odoo-testkit, an Odoo-compatible server, on loopback with a small demo database;
//! 2. introspect it over HTTP with odoo-codegen, exactly as a real Odoo;
//! 3. show the Rust it generates (and check it matches the bindings this crate compiles);
//! 4. typed CRUD with the generated struct and with a hand-written one, on XML-RPC and JSON-2.
//!
//! `cargo run --example quickstart`
//!
//! With `ODOO_URL` set it runs the same steps against that real Odoo instead (`ODOO_DB`,
//! `ODOO_USER`, `ODOO_PASSWORD` and/or `ODOO_API_KEY` or `ODOO_API_KEY_FILE`; JSON-2 needs the
//! key), e.g. the one `../shared/odoo-server/up` starts:
//!
//! ```sh
//! eval "$(../shared/odoo-server/up | grep '^export ')"
//! cargo run --example quickstart
//! ```
//!
//! There it writes one partner per protocol, named `odoo-rs live quickstart …`, and deletes it.

use odoo_codegen::introspect::{introspect, IntrospectOptions};
use odoo_codegen::ModelFilter;
use odoo_examples::built::res_partner::ResPartnerType;
use odoo_examples::built::{ResCountry, ResPartner, ResPartnerCategory, SaleOrder};
use odoo_examples::{demo_server, DEMO_API_KEY, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{
    Client, ClientBuilder, Command, Domain, Many2one, OdooModel, Protocol, RecordId, Values,
};
use odoo_testkit::TestServer;

/// A hand-written projection: it reads exactly these four fields, nothing else.
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
struct Contact {
    #[allow(dead_code)]
    id: RecordId<Contact>,
    name: Option<String>,
    email: Option<String>,
    country_id: Option<Many2one<ResCountry>>,
}

/// The server the quickstart talks to, and how to log in.
struct Target {
    /// Kept alive while the example runs (`None` against a real Odoo).
    embedded: Option<TestServer>,
    url: String,
    database: String,
    login: String,
    password: Option<String>,
    api_key: Option<String>,
    /// How the partners it creates are named.
    name_prefix: &'static str,
}

impl Target {
    /// The real Odoo of `ODOO_URL`, or else the embedded test server.
    async fn pick() -> Result<Target, Box<dyn std::error::Error>> {
        let Ok(url) = std::env::var("ODOO_URL") else {
            let server = demo_server().await?;
            println!(
                "== odoo-testkit serving database `{DEMO_DB}` at {}",
                server.url()
            );
            return Ok(Target {
                url: server.url().to_owned(),
                embedded: Some(server),
                database: DEMO_DB.into(),
                login: DEMO_LOGIN.0.into(),
                password: Some(DEMO_LOGIN.1.into()),
                api_key: Some(DEMO_API_KEY.into()),
                name_prefix: "Quickstart Ltd",
            });
        };
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let api_key = match (var("ODOO_API_KEY"), var("ODOO_API_KEY_FILE")) {
            (Some(key), _) => Some(key),
            (None, Some(file)) => Some(std::fs::read_to_string(&file)?.trim().to_owned()),
            (None, None) => None,
        };
        let password = var("ODOO_PASSWORD");
        if password.is_none() && api_key.is_none() {
            return Err("set ODOO_PASSWORD, ODOO_API_KEY or ODOO_API_KEY_FILE".into());
        }
        let database = var("ODOO_DB").ok_or("ODOO_DB is not set")?;
        println!("== the real Odoo at {url}, database `{database}`");
        Ok(Target {
            embedded: None,
            url,
            database,
            login: var("ODOO_USER").ok_or("ODOO_USER is not set")?,
            password,
            api_key,
            name_prefix: "odoo-rs live quickstart",
        })
    }

    fn isembedded(&self) -> bool {
        self.embedded.is_some()
    }

    /// A client on `protocol`, with the API key when there is one (JSON-2 needs it).
    fn client(&self, protocol: Protocol) -> Option<ClientBuilder> {
        let b = Client::builder().url(&self.url).database(&self.database);
        let b = match (&self.api_key, &self.password, protocol) {
            (Some(key), _, _) => b.api_key(&self.login, key),
            (None, _, Protocol::Json2) => return None,
            (None, Some(password), _) => b.password(&self.login, password),
            (None, None, _) => return None,
        };
        Some(b.protocol(protocol))
    }
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. An Odoo-compatible server in this process, or the real one of `ODOO_URL`.
    let target = Target::pick().await?;

    // 2. Introspect it over HTTP: ir.model, then ir.model.fields in bulk.
    let client = target
        .client(Protocol::XmlRpc)
        .ok_or("no credentials")?
        .build()?;
    let version = client.version().await?;
    let demo_models = ModelFilter::default().include(["res.country", "res.partner*", "sale.*"]);
    let options = IntrospectOptions::default()
        .filter(demo_models)
        .progress(false);
    let introspection = introspect(&client, &options).await?;
    let schema = introspection.schema;
    let fields: usize = schema.models.values().map(|m| m.fields.len()).sum();
    println!(
        "== introspected Odoo {} over XML-RPC: {} models, {fields} fields, {} failures",
        version.server_version,
        schema.models.len(),
        introspection.failures.len()
    );

    // 3. Generate Rust from it. The bindings this example compiles against were generated by
    //    build.rs from the checked-in snapshot of the same database.
    let generated = odoo_codegen::Config::new().generate(&schema)?;
    let partner_rs = generated.file("res_partner.rs").unwrap_or_default();
    println!(
        "== generated {} files; the start of res_partner.rs:\n",
        generated.files.len()
    );
    for line in partner_rs.lines().take(30) {
        println!("    {line}");
    }
    println!("    …\n");
    if target.isembedded() {
        let built = odoo_examples::demo_schema();
        let rebuilt = odoo_codegen::Config::new().generate(&built)?;
        let same = rebuilt.files == generated.files;
        if !same {
            for ((path, a), (_, b)) in rebuilt.files.iter().zip(&generated.files) {
                if a != b {
                    println!("   {} differs", path.display());
                }
            }
        }
        println!(
            "== code generated from the live introspection {} the compiled bindings",
            if same {
                "is byte-for-byte identical to"
            } else {
                "differs from"
            }
        );
    } else {
        println!(
            "== this example compiles bindings generated from the demo snapshot \
             (examples/schema/demo-schema.json); the real database has more fields, and the \
             typed calls below read only the snapshot's"
        );
    }

    // 4. Typed CRUD, the same code on two protocols.
    for protocol in [Protocol::XmlRpc, Protocol::Json2] {
        let Some(builder) = target.client(protocol) else {
            println!(
                "\n== {protocol} skipped: it needs an API key (ODOO_API_KEY or ODOO_API_KEY_FILE)"
            );
            continue;
        };
        let client = builder.build()?;
        println!("\n== typed CRUD over {protocol}");

        let companies: Vec<ResPartner> = client
            .search_read(
                ResPartner::IS_COMPANY.eq(true)
                    & ResPartner::COUNTRY_ID.then(ResCountry::CODE).eq("US"),
            )
            .order("name")
            .limit(10)
            .await?;
        for c in &companies {
            let tags = c.category_id.len();
            println!(
                "   company {:>3} {:<20} tags: {tags}",
                c.id,
                c.name.as_deref().unwrap_or("?")
            );
        }

        let vip = client
            .search(ResPartnerCategory::NAME.eq("Gold"))
            .limit(1)
            .await?;
        let id = client
            .create(
                Values::<ResPartner>::new()
                    .set(
                        ResPartner::NAME,
                        format!("{} ({protocol})", target.name_prefix),
                    )
                    .set(ResPartner::IS_COMPANY, true)
                    .set(ResPartner::EMAIL, "hello@quickstart.example")
                    .set(ResPartner::TYPE_, ResPartnerType::Invoice)
                    .set(
                        ResPartner::CATEGORY_ID,
                        vip.iter().copied().map(Command::link).collect::<Vec<_>>(),
                    ),
            )
            .await?;
        println!("   created partner {id}");

        client
            .write(
                [id],
                Values::new()
                    .set(ResPartner::PHONE, "+32 2 555 12 12")
                    .clear(ResPartner::EMAIL),
            )
            .await?;
        let read = client.read([id]).await?.all_found()?;
        let p = &read[0];
        println!(
            "   read back: name={:?} phone={:?} email={:?} type={:?} tags={:?}",
            p.name, p.phone, p.email, p.type_, p.category_id
        );

        let contacts: Vec<Contact> = client
            .search_read(Contact::EMAIL.ilike("example.com"))
            .order("name")
            .limit(3)
            .await?;
        for c in &contacts {
            let country = c
                .country_id
                .as_ref()
                .and_then(|m| m.name.as_deref())
                .unwrap_or("-");
            println!(
                "   hand-written: {:<18} {:<28} {country}",
                c.name.as_deref().unwrap_or("?"),
                c.email.as_deref().unwrap_or("")
            );
        }

        let orders: Vec<SaleOrder> = client
            .search_read(Domain::all())
            .order("id")
            .limit(5)
            .await?;
        for o in &orders {
            println!(
                "   order {} for {} — {} line(s), total {:.2}, state {:?}",
                o.name.as_deref().unwrap_or("?"),
                o.partner_id
                    .as_ref()
                    .and_then(|m| m.name.as_deref())
                    .unwrap_or("?"),
                o.order_line.len(),
                o.amount_total,
                o.state
            );
        }

        client.unlink([id]).await?;
        let left = client.search_count(ResPartner::ID.eq(id)).await?;
        println!("   unlinked {id}: {left} left");
    }
    Ok(())
}
