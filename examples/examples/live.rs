//! The `live` way: the calls of the other examples against a real Odoo. Read-only.
//!
//! ```sh
//! ODOO_URL=https://mycompany.odoo.com ODOO_DB=mycompany ODOO_USER=me@example.com \
//! ODOO_API_KEY=… cargo run --example live
//! ```
//!
//! `ODOO_API_KEY_FILE` (a file holding the key) works in place of `ODOO_API_KEY`, and
//! `ODOO_PASSWORD` in place of both; `ODOO_PROTOCOL` (`xmlrpc`, `jsonrpc`, `json2`) overrides
//! the automatic choice. Without `ODOO_URL` it says so and exits. Against the real Odoo that
//! `../shared/odoo-server/up` starts:
//!
//! ```sh
//! eval "$(../shared/odoo-server/up | grep '^export ')"
//! cargo run --example live
//! ODOO_PROTOCOL=xmlrpc cargo run --example live
//! ```

use odoo_runtime::{Client, Domain, Many2one, OdooModel, Protocol, RecordId};

#[derive(Debug, OdooModel)]
#[odoo(model = "res.country")]
#[allow(dead_code)] // a read list: `code` is asked for, then shown through Debug only
struct Country {
    id: RecordId<Country>,
    code: Option<String>,
}

#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
#[allow(dead_code)]
struct Contact {
    id: RecordId<Contact>,
    name: Option<String>,
    email: Option<String>,
    is_company: bool,
    country_id: Option<Many2one<Country>>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Ok(url) = std::env::var("ODOO_URL") else {
        println!("notice: ODOO_URL is not set; set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY to run against a real Odoo");
        return Ok(());
    };
    let var = |name: &str| std::env::var(name).map_err(|_| format!("{name} is not set"));
    let mut builder = Client::builder().url(url).database(var("ODOO_DB")?);
    let login = std::env::var("ODOO_USER").unwrap_or_default();
    let api_key = match (
        std::env::var("ODOO_API_KEY"),
        std::env::var("ODOO_API_KEY_FILE"),
    ) {
        (Ok(key), _) => Some(key),
        (_, Ok(file)) => Some(std::fs::read_to_string(&file)?.trim().to_owned()),
        _ => None,
    };
    builder = match (api_key, std::env::var("ODOO_PASSWORD")) {
        (Some(key), _) => builder.api_key(login, key),
        (None, Ok(password)) => builder.password(login, password),
        _ => return Err("set ODOO_API_KEY, ODOO_API_KEY_FILE or ODOO_PASSWORD".into()),
    };
    if let Some(p) = std::env::var("ODOO_PROTOCOL")
        .ok()
        .filter(|p| !p.is_empty())
    {
        builder = builder.protocol(p.parse::<Protocol>()?);
    }
    let client = builder.build()?;

    let version = client.version().await?;
    let protocol = client.protocol().await?;
    println!("Odoo {} over {protocol}", version.server_version);
    if protocol != Protocol::Json2 {
        println!("uid {}", client.authenticate().await?);
    }

    let companies = client.search_count(Contact::IS_COMPANY.eq(true)).await?;
    println!("{companies} companies");
    let contacts: Vec<Contact> = client
        .search_read(Domain::all())
        .order("id")
        .limit(5)
        .await?;
    for c in contacts {
        let country = c.country_id.and_then(|m| m.name).unwrap_or_default();
        println!(
            "{:>6} {:<30} {:<30} {country}",
            c.id,
            c.name.unwrap_or_default(),
            c.email.unwrap_or_default()
        );
    }
    let fields = client.fields_get("res.partner").await?;
    println!("res.partner has {} fields", fields.len());
    if protocol == Protocol::Json2 {
        let doc = client.api_doc("res.partner").await?;
        println!("res.partner has {} public methods", doc.methods.len());
    }
    Ok(())
}
