//! Report downloads: a report rendered as HTML, streamed into a file as it arrives; the same
//! as text, collected; the typed error of a PDF on a server without wkhtmltopdf; and why an
//! API key cannot download reports.
//!
//! `cargo run --example report` runs it on the embedded test server, with a
//! report of partners. With `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` set it runs
//! against that real Odoo instead and renders the module reference of `base`
//! (`base.report_irmodulereference`); it writes nothing on the server.

use odoo_examples::{demo_server_builder, DEMO_API_KEY, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Call, Client, ErrorKind, Value};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (_server, client, keyed, report, model, domain) = match var("ODOO_URL") {
        Some(url) => {
            println!("== the real Odoo at {url}");
            let builder = Client::builder()
                .url(&url)
                .database(var("ODOO_DB").ok_or("ODOO_DB is not set")?);
            let client = builder
                .password(
                    var("ODOO_USER").ok_or("ODOO_USER is not set")?,
                    var("ODOO_PASSWORD").ok_or("ODOO_PASSWORD is not set")?,
                )
                .build()?;
            let keyed = Client::builder()
                .url(&url)
                .database(client.database())
                .api_key(client.login(), "an API key")
                .build()?;
            let domain = vec![("name", "=", Value::from("base"))];
            (
                None,
                client,
                keyed,
                "base.report_irmodulereference",
                "ir.module.module",
                domain,
            )
        }
        None => {
            // A report is a row of `ir.actions.report`: the kit's builder adds one.
            let server = demo_server_builder()
                .report("base.report_partner_card", "res.partner")
                .start()
                .await?;
            println!("== odoo-testkit at {}", server.url());
            let client = Client::builder()
                .url(server.url())
                .database(DEMO_DB)
                .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
                .build()?;
            let keyed = Client::builder()
                .url(server.url())
                .database(DEMO_DB)
                .api_key(DEMO_LOGIN.0, DEMO_API_KEY)
                .build()?;
            let domain = vec![("is_company", "=", Value::from(true))];
            (
                Some(server),
                client,
                keyed,
                "base.report_partner_card",
                "res.partner",
                domain,
            )
        }
    };
    let ids: Vec<i64> = client
        .call(
            Call::new(model, "search")
                .arg("domain", domain)
                .arg("limit", 2),
        )
        .await?;
    println!("{report} for {model} {ids:?}");

    // 1. HTML into a file, piece by piece as it arrives: memory stays bounded, and no cap
    //    applies. The first download logs in to a web session with the password; the next
    //    ones reuse it (and log in again once, should it expire).
    let path = std::env::temp_dir().join(format!("odoo-rs-report-{}.html", std::process::id()));
    let mut file = tokio::fs::File::create(&path).await?;
    let html = client.report(report).ids(ids.clone()).html().await?;
    println!(
        "HTML: {} ({:?} bytes)",
        html.content_type(),
        html.content_length()
    );
    let written = html.copy_to(&mut file).await?;
    println!("wrote {written} bytes to {}", path.display());
    std::fs::remove_file(&path)?;

    // 2. Text, collected within the client's `max_response_bytes`.
    let text = client
        .report(report)
        .ids(ids.clone())
        .text()
        .await?
        .text()
        .await?;
    println!("text: {} characters", text.chars().count());

    // 3. PDF: Odoo renders it with wkhtmltopdf, which it does not bundle. Without it the
    //    server refuses, and the error says so.
    match client.report(report).ids(ids.clone()).pdf().await {
        Ok(pdf) => println!("PDF: {} bytes", pdf.bytes().await?.len()),
        Err(e) if e.kind() == ErrorKind::UserError => println!("PDF refused: {e}"),
        Err(e) => return Err(e.into()),
    }

    // 4. A report that does not exist is a missing record.
    let e = client
        .report("odoo_rs.no_such_report")
        .ids(ids.clone())
        .html()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e}");
    println!("unknown report: {e}");

    // 5. An API key opens no web session (Odoo 17, 18 and 19): refused before sending.
    let e = keyed.report(report).ids(ids).html().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Builder, "{e}");
    println!("with an API key: {e}");
    Ok(())
}
