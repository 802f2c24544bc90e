//! Round trip of one large `ir.attachment` through the streamed upload and download, for the
//! README's figures: `/usr/bin/time -f %M` around it gives the client's peak RSS.
//!
//! `cargo build --release -p odoo-bench --bin attachment_rss`, then with the `ODOO_*` of a
//! server (`source /tmp/odoo19.env`): `attachment_rss [MB] [xmlrpc|jsonrpc|json2]`. Prints one
//! JSON line; removes the attachment and its files. A third argument `typed` reads the content
//! back through a typed read of `datas` as `Binary` instead of the streamed download.

use std::time::Instant;

use odoo_runtime::{Binary, Client, OdooModel, Protocol, RecordId, Value};

/// The content through the usual decoder.
#[derive(OdooModel)]
#[odoo(model = "ir.attachment")]
struct Content {
    #[allow(dead_code)]
    id: RecordId<Content>,
    datas: Option<Binary>,
}
use tokio::io::AsyncWriteExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mb: u64 = args.next().map_or(Ok(50), |a| a.parse())?;
    let protocol: Protocol = args.next().map_or(Ok(Protocol::XmlRpc), |a| a.parse())?;
    let typed = args.next().as_deref() == Some("typed");
    let var = |n: &str| std::env::var(n).map_err(|_| format!("{n} is not set"));
    let builder = Client::builder()
        .url(var("ODOO_URL")?)
        .database(var("ODOO_DB")?)
        .protocol(protocol);
    let client = if protocol == Protocol::Json2 {
        builder.api_key(var("ODOO_USER")?, var("ODOO_API_KEY")?)
    } else {
        builder.password(var("ODOO_USER")?, var("ODOO_PASSWORD")?)
    }
    .build()?;

    let dir = std::env::temp_dir().join(format!("odoo-rs-attachment-{}", std::process::id()));
    tokio::fs::create_dir_all(&dir).await?;
    let (src, dst) = (dir.join("in.bin"), dir.join("out.bin"));
    let len = mb << 20;
    {
        // Written in pieces: the file is never in this process's memory.
        let mut f = tokio::io::BufWriter::new(tokio::fs::File::create(&src).await?);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut block = vec![0u8; 1 << 16];
        for _ in 0..len / block.len() as u64 {
            for b in block.chunks_mut(8) {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                b.copy_from_slice(&x.to_le_bytes()[..b.len()]);
            }
            f.write_all(&block).await?;
        }
        f.flush().await?;
    }
    client.authenticate().await?;
    let started = Instant::now();
    let id = client
        .upload_attachment("odoo-rs live attachment bench.bin")
        .mimetype("application/octet-stream")
        .from_file(&src)
        .await?;
    let upload = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let n = if typed {
        let rows: Vec<Content> = client.read([RecordId::new(id)]).await?.all_found()?;
        let bytes = rows[0].datas.as_ref().map_or(&[][..], |b| &b[..]);
        // Not `tokio::fs::write`, which copies the bytes for its blocking thread first.
        std::fs::write(&dst, bytes)?;
        bytes.len() as u64
    } else {
        client.download_attachment(id).to_file(&dst).await?
    };
    let download = started.elapsed().as_secs_f64();
    let same = n == len && files_equal(&src, &dst).await?;
    let _: Value = client
        .call(odoo_runtime::Call::new("ir.attachment", "unlink").ids([id]))
        .await?;
    tokio::fs::remove_dir_all(&dir).await?;
    println!(
        "{}",
        serde_json::json!({"protocol": protocol.as_str(), "typed": typed, "bytes": len, "upload_s": upload,
            "download_s": download, "same": same})
    );
    if !same {
        return Err("the downloaded file differs".into());
    }
    Ok(())
}

async fn files_equal(a: &std::path::Path, b: &std::path::Path) -> std::io::Result<bool> {
    use tokio::io::AsyncReadExt as _;
    let (mut a, mut b) = (
        tokio::fs::File::open(a).await?,
        tokio::fs::File::open(b).await?,
    );
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x).await?;
        if n == 0 {
            return Ok(b.read(&mut y).await? == 0);
        }
        b.read_exact(&mut y[..n]).await?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}
