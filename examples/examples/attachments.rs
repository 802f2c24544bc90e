//! Binary fields and attachments: a file uploaded to `ir.attachment` from a reader and a
//! path, streamed as base64 while it is sent; downloaded into a writer and a file, decoded as
//! it arrives; its size read typed with `bin_size`; the limits that end in typed errors.
//!
//! `cargo run --example attachments` runs it on the embedded test server.
//! With `ODOO_URL`, `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` set it runs against that real
//! Odoo instead, writes attachments named `odoo-rs live example …` and removes them.

use odoo_examples::{demo_server, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{BinarySize, Call, Client, OdooModel, RecordId, Value};

/// What Odoo computes from an attachment's content.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.attachment")]
struct Attachment {
    id: RecordId<Attachment>,
    name: Option<String>,
    mimetype: Option<String>,
    file_size: i64,
    checksum: Option<String>,
}

/// The content's size, as a read with `bin_size` in its context gives it.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.attachment")]
struct AttachmentSize {
    id: RecordId<AttachmentSize>,
    datas: Option<BinarySize>,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let (_server, client) = match var("ODOO_URL") {
        Some(url) => {
            println!("== the real Odoo at {url}");
            let client = Client::builder()
                .url(url)
                .database(var("ODOO_DB").ok_or("ODOO_DB is not set")?)
                .password(
                    var("ODOO_USER").ok_or("ODOO_USER is not set")?,
                    var("ODOO_PASSWORD").ok_or("ODOO_PASSWORD is not set")?,
                )
                .build()?;
            (None, client)
        }
        None => {
            let server = demo_server().await?;
            println!("== odoo-testkit at {}", server.url());
            let client = Client::builder()
                .url(server.url())
                .database(DEMO_DB)
                .password(DEMO_LOGIN.0, DEMO_LOGIN.1)
                .build()?;
            (Some(server), client)
        }
    };
    let dir = std::env::temp_dir().join(format!("odoo-rs-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;

    // 1. Upload: 2 MiB from a reader, without a copy in memory; then a file from its path.
    let report: Vec<u8> = (0..2u32 << 20).map(|i| (i % 251) as u8).collect();
    let id = client
        .upload_attachment("odoo-rs live example report.bin")
        .mimetype("application/octet-stream")
        .from_reader(&report[..], report.len() as u64)
        .await?;
    std::fs::write(dir.join("notes.txt"), "Delivered on Monday.\n")?;
    let notes = client
        .upload_attachment("odoo-rs live example notes.txt")
        .from_file(dir.join("notes.txt"))
        .await?;
    println!("uploaded attachments {id} and {notes}");

    // 2. Download into a writer, and into a file, decoded as the answer arrives.
    let mut back = Vec::new();
    let n = client.download_attachment(id).to_writer(&mut back).await?;
    assert_eq!(back, report);
    let m = client
        .download_attachment(notes)
        .to_file(dir.join("copy.txt"))
        .await?;
    println!("downloaded {n} and {m} bytes, the same as uploaded");

    // 3. What Odoo computed, and the size without the content (`bin_size`).
    let read = client
        .read([RecordId::<Attachment>::new(id), RecordId::new(notes)])
        .await?;
    for a in read.all_found()? {
        println!(
            "{} {:?}: {:?}, {} bytes, sha1 {:?}",
            a.id.get(),
            a.name,
            a.mimetype,
            a.file_size,
            a.checksum
        );
    }
    let sizes = client
        .read([RecordId::<AttachmentSize>::new(id)])
        .context("bin_size", true)
        .await?
        .all_found()?;
    if let Some(size) = &sizes[0].datas {
        println!(
            "{} with bin_size: {size} (about {} bytes)",
            sizes[0].id.get(),
            size.bytes()
        );
    }

    // 4. Limits end in typed errors, never with a partial file.
    let e = client
        .download_attachment(id)
        .max_size(1 << 20)
        .to_file(dir.join("big.bin"))
        .await
        .expect_err("larger than 1 MiB");
    assert!(e.is_too_large() && !dir.join("big.bin").exists());
    println!("refused: {e}");
    let e = client
        .upload_attachment("odoo-rs live example refused")
        .max_size(1 << 20)
        .from_bytes(&report)
        .await
        .expect_err("larger than 1 MiB");
    assert!(e.is_too_large());
    println!("refused: {e}");

    let _: Value = client
        .call(Call::new("ir.attachment", "unlink").ids([id, notes]))
        .await?;
    std::fs::remove_dir_all(&dir)?;
    println!("removed both");
    Ok(())
}
