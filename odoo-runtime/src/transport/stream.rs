//! A body handed to the caller as it arrives (a report), instead of read whole: the request
//! goes out as `Transport::send`'s do — under the in-flight cap, within the timeout and the
//! deadline, with the same headers — and [`Opened`] gives the status and the headers that
//! matter at once, then the body piece by piece.
//!
//! Only what never reached the server is sent again (a refused connection, a 429), and the
//! gateway errors 502–504 of a request that only reads: once a body starts, a failure is the
//! caller's, who may have written part of it somewhere.

use std::time::Instant;

use bytes::Bytes;
use tokio::sync::SemaphorePermit;

use super::clock::ServerClock;
use super::http::{HttpRequest, HttpResponse};
use super::redirect::{self, Received};
use super::status::{too_large_error, transport_error, Limit, Partial};
use crate::error::Error;
use crate::secret::Secret;

/// The most bytes of a small answer (a login's, an error page) read whole: 1 MiB.
pub(crate) const SMALL_ANSWER: usize = 1 << 20;

/// An answer whose body has not been read yet.
pub(crate) struct Opened<'a> {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    /// `Content-Length`, when the server declared it.
    pub(crate) content_length: Option<u64>,
    /// The `session_id` the answer sets (Odoo rotates it now and then).
    pub(crate) session: Option<Secret>,
    pub(crate) url: String,
    response: reqwest::Response,
    limit: Option<Limit>,
    received: usize,
    /// Held while the body is read: a download counts against `max_in_flight`.
    _slot: Option<SemaphorePermit<'a>>,
}

impl Opened<'_> {
    /// The next piece of the body, `None` at its end.
    pub(crate) async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        match self.response.chunk().await {
            Ok(Some(chunk)) => {
                self.received += chunk.len();
                Ok(Some(chunk))
            }
            Ok(None) => Ok(None),
            Err(e) => {
                let read = Partial {
                    status: self.status,
                    received: self.received,
                    declared: self.content_length,
                };
                Err(transport_error(e, &self.url, self.limit, Some(read)))
            }
        }
    }

    /// The whole body, up to `max` bytes (else an error naming the cap).
    pub(crate) async fn bytes(mut self, max: usize) -> Result<Vec<u8>, Error> {
        if self.content_length.is_some_and(|n| n > max as u64) {
            return Err(too_large_error(
                &self.url,
                self.content_length,
                max,
                self.status,
            ));
        }
        let declared = self.content_length.map_or(0, |n| n as usize);
        let mut body = Vec::with_capacity(declared.min(max));
        while let Some(chunk) = self.chunk().await? {
            if body.len() + chunk.len() > max {
                return Err(too_large_error(&self.url, None, max, self.status));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    /// The whole body, up to `max` bytes, as an [`HttpResponse`]: for the small answers of
    /// the web session's routes and error pages, which have a cap of their own (a tiny
    /// `max_response_bytes`, set for the reports, must not break the login).
    pub(crate) async fn into_response(self, max: usize) -> Result<HttpResponse, Error> {
        let (status, content_type, url) =
            (self.status, self.content_type.clone(), self.url.clone());
        let body = self.bytes(max).await?;
        Ok(HttpResponse {
            status,
            content_type,
            body,
            url,
            retry_after: None,
            etag: None,
            streamed: false,
        })
    }
}

impl<'a> Opened<'a> {
    /// The answer to `request`, its body unread, unless it is a redirect (an error), but for
    /// one to the server's login page (`base`'s `/web/login`).
    pub(crate) fn new(
        base: &reqwest::Url,
        clock: &ServerClock,
        request: &HttpRequest,
        response: reqwest::Response,
        limit: Option<Limit>,
        slot: Option<SemaphorePermit<'a>>,
    ) -> Result<Opened<'a>, Error> {
        let final_url = response.url().to_string();
        // A user-supplied client that follows redirects went to the login page itself (with
        // the cookie, to the same server only: reqwest drops it for another host): that is
        // the login page's redirect all the same.
        let followed_to_login =
            final_url != request.url && is_login_page(base, &request.url, &final_url);
        let status = if followed_to_login {
            303
        } else {
            response.status().as_u16()
        };
        let headers = response.headers();
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
        };
        clock.observe(text(reqwest::header::DATE), Instant::now());
        let content_type = text(reqwest::header::CONTENT_TYPE).unwrap_or("").to_owned();
        let location = headers
            .get(reqwest::header::LOCATION)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let session = headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|v| session_cookie(v.as_bytes()))
            .next_back();
        let to_login = followed_to_login
            || (300..400).contains(&status)
                && location
                    .as_deref()
                    .is_some_and(|l| is_login_page(base, &request.url, l));
        if !to_login {
            let received = Received {
                response: HttpResponse {
                    status,
                    content_type: content_type.clone(),
                    body: Vec::new(),
                    url: request.url.clone(),
                    retry_after: None,
                    etag: None,
                    streamed: false,
                },
                location,
                final_url,
            };
            redirect::check(base, request, &received)?;
        }
        Ok(Opened {
            status,
            content_type,
            content_length: response.content_length(),
            session,
            url: request.url.clone(),
            response,
            limit,
            received: 0,
            _slot: slot,
        })
    }
}

/// The value of `session_id` in a `Set-Cookie` header, unless it deletes the cookie.
fn session_cookie(header: &[u8]) -> Option<Secret> {
    let text = std::str::from_utf8(header).ok()?;
    let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
    let value = pair.trim().strip_prefix("session_id=")?.trim_matches('"');
    let deleted = attributes
        .split(';')
        .any(|a| a.trim().eq_ignore_ascii_case("max-age=0"));
    (!value.is_empty() && !deleted).then(|| Secret::new(value.to_owned()))
}

/// Whether a `Location` is the server's own login page (`/web/login?redirect=…`).
fn is_login_page(base: &reqwest::Url, asked: &str, location: &str) -> bool {
    let Ok(target) = reqwest::Url::parse(asked).and_then(|a| a.join(location)) else {
        return false;
    };
    let prefix = base.path().trim_end_matches('/');
    target.host_str() == base.host_str()
        && target.port_or_known_default() == base.port_or_known_default()
        && target.path() == format!("{prefix}/web/login")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_id_is_read_from_set_cookie() {
        let id = session_cookie(b"session_id=abc123; Expires=Tue, 07 Dec 2027 01:51:38 GMT; Max-Age=604800; HttpOnly; Path=/");
        assert_eq!(id.as_ref().map(Secret::expose), Some("abc123"));
        assert!(session_cookie(b"frontend_lang=en_US; Path=/").is_none());
        assert!(session_cookie(b"session_id=; Max-Age=0; Path=/").is_none());
        assert!(session_cookie(b"session_id=x; Max-Age=0; Path=/").is_none());
    }

    #[test]
    fn only_the_servers_own_login_page_counts() {
        let base = reqwest::Url::parse("http://odoo.test:8069").unwrap();
        let asked = "http://odoo.test:8069/report/pdf/sale.report_saleorder/1";
        assert!(is_login_page(
            &base,
            asked,
            "/web/login?redirect=%2Freport%2Fpdf"
        ));
        assert!(!is_login_page(&base, asked, "https://sso.test/web/login"));
        assert!(!is_login_page(&base, asked, "/odoo/web/login"));
        let prefixed = reqwest::Url::parse("http://odoo.test/erp").unwrap();
        assert!(is_login_page(
            &prefixed,
            "http://odoo.test/erp/report/html/x/1",
            "/erp/web/login?redirect=x"
        ));
    }
}
