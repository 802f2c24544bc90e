//! Report downloads: `GET /report/<pdf|html|text>/<report_name>/<ids>` in a web session.
//!
//! Since Odoo 14 a report cannot be rendered through the external API (the rendering methods
//! are private); the report routes of the web client, `auth='user'`, are the way. They need a
//! web session, which the client opens with its login and password (and opens again when it
//! expires). The body streams to the caller as it arrives.
//!
//! ```no_run
//! # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
//! // Into any `AsyncWrite` (a `tokio::fs::File`…), as it arrives (bounded memory):
//! let mut file = Vec::new();
//! let written = client.report("sale.report_saleorder").ids([7]).pdf().await?.copy_to(&mut file).await?;
//! // Or whole, within the client's `max_response_bytes`:
//! let html = client.report("sale.report_saleorder").ids([7]).html().await?.text().await?;
//! # let _ = (written, html); Ok(()) }
//! ```
//!
//! From the blocking client: `client.run(|c| async move { c.report(name).ids([7]).await?.bytes().await })`.
//!
//! What Odoo answers, and what it becomes here (Odoo 17, 18 and 19):
//!
//! | answer | error |
//! | --- | --- |
//! | `303` to `/web/login` (no session, or an expired one) | none: the client logs in again, once, and asks again |
//! | `403` with `You are not allowed to access …` | [`ErrorKind::AccessError`] |
//! | `422` (19) or `400` (17, 18) with `Unable to find Wkhtmltopdf …` | [`ErrorKind::UserError`] saying the server cannot render PDFs |
//! | `400` with `Record does not exist …` (17, 18) | [`ErrorKind::MissingRecord`] |
//! | a bare `500` page (an unknown report; on 19 also a missing record) | [`ErrorKind::MissingRecord`] when no report has the name, else [`ErrorKind::ServerError`] |

use std::fmt;
use std::future::IntoFuture;
use std::pin::Pin;

use bytes::Bytes;
use futures_core::Stream;

use crate::client::Client;
use crate::error::{Error, ErrorKind, Fault};
use crate::operation::{context_setter, BoxFuture, Options};
use crate::secret::Secret;
use crate::transport::http::Replay;
use crate::transport::status::{excerpt, strip_query};
use crate::transport::stream::{Opened, SMALL_ANSWER};
use crate::transport::{Auth, HttpRequest};
use crate::value::{Map, Value};

/// What a report is rendered as: the `<converter>` of `/report/<converter>/…`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ReportFormat {
    /// `application/pdf`, rendered by wkhtmltopdf on the server (which Odoo does not bundle).
    Pdf,
    /// The report's HTML (`text/html`), as wkhtmltopdf would get it.
    Html,
    /// The report's template rendered as text (`text/plain`), for `qweb-text` reports.
    Text,
}

impl ReportFormat {
    fn converter(self) -> &'static str {
        match self {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
            ReportFormat::Text => "text",
        }
    }
}

/// A report download, made by [`Client::report`]; awaiting it gives the [`ReportBody`] once
/// the server has rendered the report and its answer starts.
///
/// ```no_run
/// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
/// use odoo_runtime::ReportFormat;
/// let body = client
///     .report("account.report_invoice")
///     .ids([42, 43])
///     .format(ReportFormat::Pdf)
///     .lang("fr_FR")
///     .await?;
/// let pdf = body.bytes().await?;
/// # let _ = pdf; Ok(()) }
/// ```
#[must_use = "a report is downloaded when awaited"]
pub struct Report<'a> {
    client: &'a Client,
    name: String,
    ids: Vec<i64>,
    format: ReportFormat,
    options: Options,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Report")
            .field("name", &self.name)
            .field("ids", &self.ids)
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A download of the report `name` (its `report_name`, e.g. `sale.report_saleorder`), as
    /// PDF unless [`Report::html`] or [`Report::text`] say otherwise.
    ///
    /// It needs a client built with a password (`.password(login, password)`): the report
    /// routes serve a web session, and Odoo opens one for a password only. With an API key the
    /// download fails with an [`ErrorKind::Builder`](crate::ErrorKind::Builder) error and
    /// sends nothing.
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// let text = client.report("base.report_irmodulereference").ids([1]).html().await?.text().await?;
    /// assert!(text.contains("<html"));
    /// # Ok(()) }
    /// ```
    pub fn report(&self, name: impl Into<String>) -> Report<'_> {
        Report {
            client: self,
            name: name.into(),
            ids: Vec::new(),
            format: ReportFormat::Pdf,
            options: Options::default(),
        }
    }

    /// Ends the client's web session on the server (`/web/session/destroy`) and keeps its id,
    /// so that the next download finds it expired and logs in again. For tests of that renewal.
    #[doc(hidden)]
    pub async fn __expire_web_session(&self) -> Result<(), Error> {
        let (transport, session, credentials) = self.web();
        session.destroy_on_server(transport, &credentials).await
    }
}

impl<'a> Report<'a> {
    /// The records to render (each `> 0`), e.g. `[7]` or the ids of typed records.
    pub fn ids<I>(mut self, ids: impl IntoIterator<Item = I>) -> Self
    where
        I: Into<i64>,
    {
        self.ids.extend(ids.into_iter().map(Into::into));
        self
    }

    /// Renders as `format`.
    pub fn format(mut self, format: ReportFormat) -> Self {
        self.format = format;
        self
    }

    /// Renders as PDF (the default). The server needs wkhtmltopdf for it.
    pub fn pdf(self) -> Self {
        self.format(ReportFormat::Pdf)
    }

    /// Renders as HTML.
    pub fn html(self) -> Self {
        self.format(ReportFormat::Html)
    }

    /// Renders as text.
    pub fn text(self) -> Self {
        self.format(ReportFormat::Text)
    }

    context_setter!();

    fn check(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.name.trim().is_empty() {
            errors.push("the report name is empty".to_owned());
        } else if self.name.chars().any(|c| c.is_control() || c == '/') {
            errors.push(format!(
                "the report name `{}` is not a `report_name` (such as `sale.report_saleorder`)",
                self.name.escape_debug()
            ));
        }
        if self.ids.is_empty() {
            errors.push("no record ids given: call `.ids([…])`".to_owned());
        }
        if let Some(bad) = self.ids.iter().find(|id| **id <= 0) {
            errors.push(format!("record ids must be positive, got {bad}"));
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(Error::builder(errors.join("; ")))
        }
    }

    /// `…/report/<converter>/<name>/<ids>?context=…`, each part encoded.
    fn url(&self) -> Result<String, Error> {
        let mut url = reqwest::Url::parse(self.client.url())
            .map_err(|e| Error::builder(format!("invalid URL: {e}")))?;
        let ids = self
            .ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",");
        url.path_segments_mut()
            .map_err(|()| Error::builder("the URL cannot have a path"))?
            .pop_if_empty()
            .extend(["report", self.format.converter(), &self.name, &ids]);
        let mut context: Map = self.client.default_context().clone();
        context.extend(self.options.context.iter().cloned());
        if !context.is_empty() {
            let json = crate::json::codec::to_vec(&Value::Struct(context))?;
            url.query_pairs_mut()
                .append_pair("context", &String::from_utf8_lossy(&json));
        }
        Ok(url.into())
    }

    async fn download(self) -> Result<ReportBody<'a>, Error> {
        self.check()?;
        let url = self.url()?;
        let (transport, session, credentials) = self.client.web();
        let mut id = session.id(transport, &credentials).await?;
        let mut renewed = false;
        loop {
            let opened = get(transport, &url, &id).await?;
            if (300..400).contains(&opened.status) {
                // The login page: the session expired (or was ended on the server). The cookie
                // such an answer may set is an anonymous session's (Odoo 19 rotates the session
                // it logs out): not taken.
                if renewed {
                    return Err(
                        Error::access_denied(self.client.login(), self.client.database())
                            .with_sentence(format!(
                                "{} sent a fresh web session to the login page",
                                strip_query(&url)
                            )),
                    );
                }
                tracing::debug!(report = %self.name, "web session expired: logging in again");
                id = session.renew(&id, transport, &credentials).await?;
                renewed = true;
                continue;
            }
            session.rotated(&id, opened.session.clone()).await;
            if opened.status == 200 {
                return Ok(ReportBody {
                    opened,
                    max_response_bytes: transport.max_response_bytes,
                });
            }
            let response = opened.into_response(SMALL_ANSWER).await?;
            return Err(self.refused(&response).await);
        }
    }

    /// The error of a report Odoo would not render.
    async fn refused(&self, r: &crate::transport::HttpResponse) -> Error {
        let page = String::from_utf8_lossy(&r.body);
        let message = server_message(&page);
        let fault = |class: &str, message: String| Fault {
            code: None,
            class: Some(class.to_owned()),
            message,
            traceback: None,
        };
        let what = format!("report `{}` of {:?}", self.name, self.ids);
        match (r.status, message) {
            (403, Some(m)) => Error::server(
                ErrorKind::AccessError,
                fault("odoo.exceptions.AccessError", m),
            )
            .with_status(403),
            (400 | 422, Some(m)) if m.contains("Wkhtmltopdf") => Error::server(
                ErrorKind::UserError,
                fault("odoo.exceptions.UserError", m),
            )
            .with_status(r.status)
            .with_sentence(
                "the server cannot render PDFs: install wkhtmltopdf (0.12.6, with patched Qt) \
                 on the Odoo server, or download the report as HTML",
            ),
            (400 | 404 | 422, Some(m)) if m.starts_with("Record does not exist") => Error::server(
                ErrorKind::MissingRecord,
                fault("odoo.exceptions.MissingError", m),
            )
            .with_status(r.status),
            (400 | 404 | 409 | 422, Some(m)) => {
                Error::server(ErrorKind::UserError, fault("odoo.exceptions.UserError", m))
                    .with_status(r.status)
            }
            (500, _) => self.failed(r, &what).await,
            _ => Error::transport(
                format!(
                    "HTTP {} from {} for {what}: {}",
                    r.status,
                    strip_query(&r.url),
                    excerpt(&r.body)
                ),
                Some(r.status),
            ),
        }
    }

    /// A bare 500: Odoo's page says nothing, so the report is looked up over the external API
    /// to tell an unknown report from one that failed.
    async fn failed(&self, r: &crate::transport::HttpResponse, what: &str) -> Error {
        let known: Result<i64, Error> = self
            .client
            .call(
                crate::call::Call::new("ir.actions.report", "search_count")
                    .arg("domain", [("report_name", "=", self.name.as_str())]),
            )
            .await;
        let status = r.status;
        match known {
            Ok(0) => Error::server(
                ErrorKind::MissingRecord,
                Fault {
                    code: None,
                    class: None,
                    message: format!(
                        "no report is named `{}` (no `ir.actions.report` has that `report_name`)",
                        self.name
                    ),
                    traceback: None,
                },
            )
            .with_status(status),
            known => {
                let why = if known.is_ok() {
                    "the report exists: a record may not exist (Odoo 19 answers a missing \
                     record so) or its template failed; the server's log has the traceback"
                } else {
                    "an unknown report, a missing record or a template that failed; the \
                     server's log has the traceback"
                };
                Error::server(
                    ErrorKind::ServerError,
                    Fault {
                        code: None,
                        class: None,
                        message: format!("HTTP 500 from {} for {what}: {why}", strip_query(&r.url)),
                        traceback: None,
                    },
                )
                .with_status(status)
            }
        }
    }
}

/// One `GET` with the session's cookie.
async fn get<'t>(
    transport: &'t crate::transport::Transport,
    url: &str,
    id: &Secret,
) -> Result<Opened<'t>, Error> {
    let mut request = HttpRequest::get(url.to_owned(), Auth::InBody, Replay::Safe);
    request.session = Some(id.clone());
    transport.open(&request).await
}

/// The message of Odoo's error page: its `<pre>` (the exception's text), unescaped.
fn server_message(page: &str) -> Option<String> {
    let start = page.find("<pre>")? + "<pre>".len();
    let end = start + page[start..].find("</pre>")?;
    let text = page[start..end]
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    Some(text.trim().to_owned())
}

impl<'a> IntoFuture for Report<'a> {
    type Output = Result<ReportBody<'a>, Error>;
    type IntoFuture = BoxFuture<'a, Result<ReportBody<'a>, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.download())
    }
}

/// A rendered report whose body is arriving: read it as a [`Stream`] of pieces
/// ([`ReportBody::chunk`], [`ReportBody::into_stream`]), copy it into a writer
/// ([`ReportBody::copy_to`]), or collect it within the client's `max_response_bytes`
/// ([`ReportBody::bytes`], [`ReportBody::text`]).
///
/// It holds one of the client's `max_in_flight` slots until it is read or dropped.
pub struct ReportBody<'a> {
    opened: Opened<'a>,
    max_response_bytes: usize,
}

impl fmt::Debug for ReportBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReportBody")
            .field("content_type", &self.opened.content_type)
            .field("content_length", &self.opened.content_length)
            .finish_non_exhaustive()
    }
}

impl<'a> ReportBody<'a> {
    /// The `Content-Type`: `application/pdf`, `text/html; charset=utf-8` or `text/plain`.
    pub fn content_type(&self) -> &str {
        &self.opened.content_type
    }

    /// The `Content-Length`, when the server sent one (Odoo does).
    pub fn content_length(&self) -> Option<u64> {
        self.opened.content_length
    }

    /// The next piece of the body, `None` at its end.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.opened.chunk().await
    }

    /// The body as a stream of pieces, as they arrive (boxed, so `.next()` needs no pinning).
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// use futures_util::StreamExt;
    /// let mut pieces = client.report("sale.report_saleorder").ids([7]).await?.into_stream();
    /// while let Some(piece) = pieces.next().await {
    ///     let piece = piece?;
    ///     # let _ = piece;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn into_stream(self) -> Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'a>> {
        Box::pin(futures_util::stream::try_unfold(
            self,
            |mut body| async move { Ok(body.chunk().await?.map(|piece| (piece, body))) },
        ))
    }

    /// Copies the body into `writer` as it arrives, and returns how many bytes it wrote. No
    /// cap applies: the body is never held whole.
    ///
    /// ```no_run
    /// # async fn run(client: odoo_runtime::Client) -> Result<(), odoo_runtime::Error> {
    /// let mut out = Vec::new();
    /// let n = client.report("sale.report_saleorder").ids([7]).await?.copy_to(&mut out).await?;
    /// assert_eq!(n as usize, out.len());
    /// # Ok(()) }
    /// ```
    pub async fn copy_to<W>(mut self, writer: &mut W) -> Result<u64, Error>
    where
        W: tokio::io::AsyncWrite + Unpin + ?Sized,
    {
        use tokio::io::AsyncWriteExt;
        let mut written = 0u64;
        let failed = |written: u64, e: std::io::Error| {
            Error::transport(
                format!("writing the report failed after {written} bytes: {e}"),
                None,
            )
            .with_source(e)
        };
        while let Some(piece) = self.chunk().await? {
            writer
                .write_all(&piece)
                .await
                .map_err(|e| failed(written, e))?;
            written += piece.len() as u64;
        }
        writer.flush().await.map_err(|e| failed(written, e))?;
        Ok(written)
    }

    /// The whole body, within the client's `max_response_bytes` (a larger one is an error).
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let max = self.max_response_bytes;
        self.opened.bytes(max).await.map(Bytes::from)
    }

    /// The whole body as text (HTML and text reports are UTF-8), within the client's
    /// `max_response_bytes`.
    pub async fn text(self) -> Result<String, Error> {
        let bytes = self.bytes().await?;
        String::from_utf8(bytes.into())
            .map_err(|e| Error::decode_message(format!("the report is not UTF-8 text: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_of_an_error_page_is_its_pre() {
        let page = "<p><strong>Error message:</strong>\n<pre>You are not allowed to access &#39;Sales Order&#39; (sale.order) records.</pre></p>";
        assert_eq!(
            server_message(page).as_deref(),
            Some("You are not allowed to access 'Sales Order' (sale.order) records.")
        );
        assert_eq!(server_message("<h2>500: Internal Server Error</h2>"), None);
    }

    fn client() -> Client {
        Client::builder()
            .url("http://odoo.test/erp/")
            .database("db")
            .password("admin", "pw")
            .build()
            .unwrap()
    }

    #[test]
    fn the_url_encodes_its_parts_under_the_base_path() {
        let c = client();
        let r = c.report("sale.report saleorder").ids([1, 2]).html();
        assert_eq!(
            r.url().unwrap(),
            "http://odoo.test/erp/report/html/sale.report%20saleorder/1,2"
        );
        let r = c.report("x.y").ids([3]).lang("fr_FR");
        assert_eq!(
            r.url().unwrap(),
            "http://odoo.test/erp/report/pdf/x.y/3?context=%7B%22lang%22%3A%22fr_FR%22%7D"
        );
    }

    #[test]
    fn bad_input_is_reported_before_sending() {
        let c = client();
        let e = c.report("a/b").check().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Builder);
        assert!(e.to_string().contains("not a `report_name`"), "{e}");
        assert!(e.to_string().contains("no record ids"), "{e}");
        let e = c.report("a.b").ids([0]).check().unwrap_err();
        assert!(e.to_string().contains("positive, got 0"), "{e}");
    }
}
