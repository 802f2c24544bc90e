//! Files in and out of `ir.attachment` without holding them: [`Client::upload_attachment`]
//! encodes a reader's bytes as base64 while the request goes out, and
//! [`Client::download_attachment`] decodes the answer's base64 into a writer as it arrives.
//! Memory is a few pieces of 64 KiB either way, whatever the file's size, on XML-RPC,
//! JSON-RPC and JSON-2, with a password or an API key.
//!
//! ```no_run
//! # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
//! let id = client
//!     .upload_attachment("invoice.pdf")
//!     .mimetype("application/pdf")
//!     .attach_to("res.partner", 7)
//!     .from_file("invoice.pdf")
//!     .await?;
//! let bytes = client.download_attachment(id).to_file("copy.pdf").await?;
//! # let _ = bytes; Ok(()) }
//! ```
//!
//! Limits end in errors for which [`Error::is_too_large`] is `true`, never in a partial
//! success: `.max_size(n)` on either side, the client's `max_response_bytes` on a download's
//! answer (the base64 is 4/3 of the file), and the server's largest request on an upload
//! (Odoo's is 128 MiB, so files up to 96 MiB; an HTTP 413).

use std::path::Path;

use base64::Engine as _;
use bytes::Bytes;
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWrite, AsyncWriteExt as _};
use tokio::sync::mpsc;

use crate::client::Client;
use crate::error::{Cause, Error};
use crate::operation::{context_setter, Options};
use crate::transport::upload::BodySender;
use crate::value::{Map, Value};

/// The bytes read from the file at a time: a multiple of 3, so each piece is whole base64.
const READ_AT_ONCE: usize = 48 * 1024;

/// How many decoded pieces of a download may wait for the writer.
const PIECES_TO_WRITE: usize = 8;

/// The length of the base64 of `n` bytes: what an upload of `n` bytes sends for the content
/// (4/3 of it), to compare with a server's or a proxy's limit on a request.
///
/// ```
/// assert_eq!(odoo_runtime::attachment::base64_len(50 << 20), 69_905_068);
/// assert_eq!(odoo_runtime::attachment::base64_len(1), 4);
/// ```
pub fn base64_len(n: u64) -> u64 {
    n.div_ceil(3) * 4
}

/// An `ir.attachment` to create from a reader or a file, streamed. Made by
/// [`Client::upload_attachment`]; nothing is sent until `from_reader`, `from_file` or
/// `from_bytes` is awaited. The create is never sent twice (it is not idempotent).
#[must_use = "an upload does nothing until one of its `from_…` methods is awaited"]
pub struct Upload<'a> {
    client: &'a Client,
    name: String,
    mimetype: Option<String>,
    res: Option<(String, i64)>,
    max_size: Option<u64>,
    options: Options,
}

impl<'a> Upload<'a> {
    context_setter!();

    /// The attachment's MIME type (else Odoo guesses it from the name, then the content).
    pub fn mimetype(mut self, mimetype: impl Into<String>) -> Self {
        self.mimetype = Some(mimetype.into());
        self
    }

    /// The record the file belongs to (`res_model`, `res_id`).
    pub fn attach_to(mut self, model: impl Into<String>, id: i64) -> Self {
        self.res = Some((model.into(), id));
        self
    }

    /// Refuses, before sending anything, a file larger than `bytes`.
    pub fn max_size(mut self, bytes: u64) -> Self {
        self.max_size = Some(bytes);
        self
    }

    /// Creates the attachment from `len` bytes of `reader` and returns its id. A reader that
    /// gives fewer or more bytes than `len` aborts the request (the server then creates
    /// nothing) with an error.
    pub async fn from_reader<R: AsyncRead + Unpin>(
        self,
        reader: R,
        len: u64,
    ) -> Result<i64, Error> {
        if let Some(max) = self.max_size.filter(|&max| len > max) {
            return Err(Error::transport_cause(
                format!("the file is {len} bytes, more than the maximum of {max} set for its upload (`max_size`); nothing was sent"),
                Cause::TooLarge,
            ));
        }
        let mut vals = Map::new();
        vals.insert("name".into(), Value::from(self.name.as_str()));
        if let Some(m) = &self.mimetype {
            vals.insert("mimetype".into(), Value::from(m.as_str()));
        }
        if let Some((model, id)) = &self.res {
            vals.insert("res_model".into(), Value::from(model.as_str()));
            vals.insert("res_id".into(), Value::Int(*id));
        }
        let pump = move |tx, head, tail| pump(tx, head, reader, len, tail);
        self.client
            .upload_datas(vals, &self.options.context, base64_len(len), pump)
            .await
    }

    /// Creates the attachment from the file at `path`.
    pub async fn from_file(self, path: impl AsRef<Path>) -> Result<i64, Error> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|e| io_error(path, "open", e))?;
        let len = file
            .metadata()
            .await
            .map_err(|e| io_error(path, "read", e))?
            .len();
        self.from_reader(tokio::io::BufReader::new(file), len).await
    }

    /// Creates the attachment from bytes in memory.
    pub async fn from_bytes(self, bytes: &[u8]) -> Result<i64, Error> {
        self.from_reader(bytes, bytes.len() as u64).await
    }
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Error {
    Error::transport(format!("cannot {what} {}: {e}", path.display()), None).with_source(e)
}

/// Sends `head`, the base64 of `len` bytes of `reader` in pieces, then `tail`. A receiver
/// that went away (the request failed) ends it quietly: the request's error says why.
async fn pump<R: AsyncRead + Unpin>(
    tx: BodySender,
    head: Bytes,
    mut reader: R,
    len: u64,
    tail: Bytes,
) -> Result<(), Error> {
    if tx.send(Ok(head)).await.is_err() {
        return Ok(());
    }
    let engine = &base64::engine::general_purpose::STANDARD;
    let mut buf = vec![0u8; READ_AT_ONCE];
    let mut filled = 0;
    let mut read: u64 = 0;
    let fail = |tx: BodySender, message: String| async move {
        let _ = tx.send(Err(std::io::Error::other(message.clone()))).await;
        Err(Error::transport(message, None))
    };
    loop {
        let n = match reader.read(&mut buf[filled..]).await {
            Ok(n) => n,
            Err(e) => {
                return fail(
                    tx,
                    format!("reading the file to upload failed after {read} bytes: {e}"),
                )
                .await
            }
        };
        read += n as u64;
        filled += n;
        if read > len {
            return fail(
                tx,
                format!(
                    "the reader gave more than the {len} bytes announced; the upload was aborted"
                ),
            )
            .await;
        }
        let end = n == 0;
        if filled == buf.len() || (end && filled > 0) {
            let piece = Bytes::from(engine.encode(&buf[..filled]));
            filled = 0;
            if tx.send(Ok(piece)).await.is_err() {
                return Ok(());
            }
        }
        if end {
            break;
        }
    }
    if read < len {
        return fail(tx, format!("the reader ended after {read} of the {len} bytes announced; the upload was aborted")).await;
    }
    let _ = tx.send(Ok(tail)).await;
    Ok(())
}

/// One attachment's content to write to a writer or a file as it arrives. Made by
/// [`Client::download_attachment`].
#[must_use = "a download does nothing until one of its `to_…` methods is awaited"]
pub struct Download<'a> {
    client: &'a Client,
    model: String,
    field: String,
    id: i64,
    max_size: Option<u64>,
    options: Options,
}

impl<'a> Download<'a> {
    context_setter!();

    /// Stops with an error once more than `bytes` have come (what was written stays written:
    /// a file is then incomplete, and [`Download::to_file`] removes it).
    pub fn max_size(mut self, bytes: u64) -> Self {
        self.max_size = Some(bytes);
        self
    }

    /// Reads another binary field of another model instead of `ir.attachment.datas`, e.g.
    /// `("res.partner", "image_1920")` with the partner's id.
    pub fn field(mut self, model: impl Into<String>, field: impl Into<String>) -> Self {
        self.model = model.into();
        self.field = field.into();
        self
    }

    /// Writes the content to `writer` (and flushes it); the number of bytes. An attachment
    /// without content is 0 bytes; one that does not exist is a `MissingRecord` error.
    pub async fn to_writer<W: AsyncWrite + Unpin>(self, mut writer: W) -> Result<u64, Error> {
        let (tx, mut rx) = mpsc::channel::<Bytes>(PIECES_TO_WRITE);
        let target = (self.model.as_str(), self.id, self.field.as_str());
        let download = self
            .client
            .download_datas(target, &self.options.context, tx, self.max_size);
        let write = async {
            while let Some(piece) = rx.recv().await {
                writer.write_all(&piece).await?;
            }
            writer.flush().await
        };
        let (downloaded, written) = futures_util::future::join(download, write).await;
        match (downloaded, written) {
            // The writer's failure is why the download stopped.
            (_, Err(e)) => Err(
                Error::transport(format!("writing the download failed: {e}"), None).with_source(e),
            ),
            (outcome, Ok(())) => outcome,
        }
    }

    /// Writes the content to a new file at `path` (replacing one that is there); removed
    /// again when the download fails.
    pub async fn to_file(self, path: impl AsRef<Path>) -> Result<u64, Error> {
        let path = path.as_ref();
        let file = tokio::fs::File::create(path)
            .await
            .map_err(|e| io_error(path, "create", e))?;
        let outcome = self.to_writer(tokio::io::BufWriter::new(file)).await;
        if outcome.is_err() {
            let _ = tokio::fs::remove_file(path).await;
        }
        outcome
    }

    /// The content in memory.
    pub async fn to_vec(self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.to_writer(&mut out).await?;
        Ok(out)
    }
}

impl Client {
    /// Creates an `ir.attachment` named `name` from a reader, a file or bytes, streamed as
    /// base64 while it is sent (see [`crate::attachment`]).
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// let file = tokio::fs::File::open("scan.png").await.unwrap();
    /// let len = file.metadata().await.unwrap().len();
    /// let id = client.upload_attachment("scan.png").from_reader(file, len).await?;
    /// # let _ = id; Ok(()) }
    /// ```
    pub fn upload_attachment(&self, name: impl Into<String>) -> Upload<'_> {
        Upload {
            client: self,
            name: name.into(),
            mimetype: None,
            res: None,
            max_size: None,
            options: Options::default(),
        }
    }

    /// Reads an `ir.attachment`'s content (`datas`) into a writer or a file, decoded from
    /// base64 as the answer arrives (see [`crate::attachment`]).
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// let mut out = Vec::new();
    /// let n = client.download_attachment(42).max_size(10 << 20).to_writer(&mut out).await?;
    /// assert_eq!(n as usize, out.len());
    /// # Ok(()) }
    /// ```
    pub fn download_attachment(&self, id: i64) -> Download<'_> {
        Download {
            client: self,
            model: "ir.attachment".into(),
            field: "datas".into(),
            id,
            max_size: None,
            options: Options::default(),
        }
    }
}
