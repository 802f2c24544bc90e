//! Redirects are never followed for calls: a request carries the password (XML-RPC and
//! JSON-RPC bodies) or the API key (JSON-2's `Authorization` header), and goes to the
//! configured URL only.
//!
//! The builder's own HTTP client follows no redirect, so a 3xx reaches [`check`], which
//! turns it into an error naming the status, the `Location` and the `.url(…)` that would
//! reach Odoo there (`https://` instead of `http://`, a path prefix). A user-supplied client
//! may follow redirects; it cannot carry the credentials along, because the body is sent in a
//! form reqwest cannot replay (it stops at a 307 or 308 and returns it), a 301, 302 or 303 is
//! followed as a `GET` without the body, and reqwest drops `Authorization` when the host or
//! port changes. [`check`] then refuses the answer, which came from elsewhere.

use reqwest::Url;

use super::http::{HttpRequest, HttpResponse};
use super::status::{excerpt, strip_query};
use crate::error::Error;

/// An answer with what [`check`] needs beyond the [`HttpResponse`].
pub(crate) struct Received {
    pub(crate) response: HttpResponse,
    /// The `Location` header.
    pub(crate) location: Option<String>,
    /// The URL the answer came from (another one when a redirect was followed).
    pub(crate) final_url: String,
}

impl Received {
    pub(crate) fn into_inner(self) -> HttpResponse {
        self.response
    }
}

/// Refuses a redirect, whether it reached us or the HTTP client followed it.
pub(crate) fn check(base: &Url, request: &HttpRequest, received: &Received) -> Result<(), Error> {
    let status = received.response.status;
    let Ok(asked) = Url::parse(&request.url) else {
        return Ok(());
    };
    if (300..400).contains(&status) && status != 304 {
        return Err(redirect_error(
            base,
            &asked,
            status,
            received.location.as_deref(),
        ));
    }
    match Url::parse(&received.final_url) {
        Ok(answered) if answered != asked => Err(followed_error(base, &asked, &answered)),
        _ => Ok(()),
    }
}

/// A 3xx: names the status and the `Location`, and suggests the URL to configure.
fn redirect_error(base: &Url, asked: &Url, status: u16, location: Option<&str>) -> Error {
    let from = strip_query(asked.as_str());
    let Some(location) = location else {
        return Error::transport(
            format!("HTTP {status} redirect from {from} without a `Location`: not followed; is the URL Odoo's?"),
            Some(status),
        );
    };
    let shown = excerpt(strip_query(location).as_bytes());
    let message = match asked.join(location) {
        Ok(target) => format!(
            "HTTP {status} redirect from {from} to {shown}: not followed, because a call carries \
             credentials and goes only to the configured URL; {}",
            advice(base, asked, &target)
        ),
        Err(_) => format!(
            "HTTP {status} redirect from {from} to {shown}, which is not a URL: not followed; is \
             the URL Odoo's?"
        ),
    };
    Error::transport(message, Some(status))
}

/// A redirect a user-supplied HTTP client followed.
fn followed_error(base: &Url, asked: &Url, answered: &Url) -> Error {
    Error::transport(
        format!(
            "the HTTP client followed a redirect from {} to {}: the answer is refused, because \
             calls go only to the configured URL (the credentials did not follow it); build the \
             reqwest client given to `http_client` with \
             `.redirect(reqwest::redirect::Policy::none())`; {}",
            strip_query(asked.as_str()),
            excerpt(strip_query(answered.as_str()).as_bytes()),
            advice(base, asked, answered)
        ),
        None,
    )
}

/// What to configure so that the calls reach Odoo where the redirect points.
fn advice(base: &Url, asked: &Url, target: &Url) -> String {
    let base_path = base.path().trim_end_matches('/');
    let suffix = asked.path().strip_prefix(base_path).unwrap_or(asked.path());
    let new_base = target
        .path()
        .strip_suffix(suffix)
        .filter(|_| !suffix.is_empty() && matches!(target.scheme(), "http" | "https"))
        .map(|prefix| {
            let mut u = target.clone();
            u.set_path(prefix);
            u.set_query(None);
            u.set_fragment(None);
            u.as_str().trim_end_matches('/').to_owned()
        })
        .filter(|u| u.len() <= 200);
    let Some(new_base) = new_base else {
        return "it does not lead to Odoo's API (a login page, single sign-on, a maintenance \
                page?): check the URL"
            .to_owned();
    };
    let same_host = target.host_str() == base.host_str();
    let why = if same_host && target.scheme() == "https" && base.scheme() == "http" {
        "the server wants HTTPS"
    } else if same_host && target.port_or_known_default() == base.port_or_known_default() {
        "the server serves Odoo under another path"
    } else {
        "Odoo may have moved there; if you trust that server"
    };
    format!("{why}: use `.url(\"{new_base}\")`")
}

#[cfg(test)]
mod tests {
    use super::super::http::Auth;
    use super::super::http::Replay;
    use super::*;

    fn refused(base: &str, path: &str, status: u16, location: &str) -> Error {
        let base = Url::parse(base).unwrap();
        let url = format!("{}{path}", base.as_str().trim_end_matches('/'));
        let request = HttpRequest::post(
            url.clone(),
            "text/xml",
            Vec::new(),
            Auth::InBody,
            Replay::Safe,
        );
        let received = Received {
            response: HttpResponse {
                status,
                content_type: "text/html".into(),
                body: Vec::new(),
                url: url.clone(),
                retry_after: None,
                etag: None,
                streamed: false,
            },
            location: Some(location.into()),
            final_url: url,
        };
        check(&base, &request, &received).unwrap_err()
    }

    #[test]
    fn http_to_https_suggests_https() {
        let e = refused(
            "http://odoo.test",
            "/xmlrpc/2/object",
            301,
            "https://odoo.test/xmlrpc/2/object",
        );
        assert_eq!(e.status(), Some(301));
        let text = e.to_string();
        assert!(
            text.contains("to https://odoo.test/xmlrpc/2/object"),
            "{text}"
        );
        assert!(
            text.contains("wants HTTPS: use `.url(\"https://odoo.test\")`"),
            "{text}"
        );
    }

    #[test]
    fn a_relative_location_with_a_prefix_suggests_the_prefix() {
        let e = refused(
            "http://odoo.test:8069",
            "/json/2/res.partner/read",
            308,
            "/odoo/json/2/res.partner/read",
        );
        let text = e.to_string();
        assert!(
            text.contains("use `.url(\"http://odoo.test:8069/odoo\")`"),
            "{text}"
        );
    }

    #[test]
    fn a_prefix_already_configured_is_kept_apart() {
        let e = refused(
            "http://odoo.test/erp",
            "/jsonrpc",
            307,
            "https://odoo.test/erp/jsonrpc?x=1",
        );
        assert!(
            e.to_string().contains("`.url(\"https://odoo.test/erp\")`"),
            "{e}"
        );
        assert!(!e.to_string().contains("x=1"), "{e}");
    }

    #[test]
    fn a_login_page_is_no_url_to_suggest() {
        let e = refused(
            "https://odoo.test",
            "/xmlrpc/2/common",
            303,
            "/web/login?redirect=x",
        );
        let text = e.to_string();
        assert!(
            text.contains("to /web/login:") && text.contains("check the URL"),
            "{text}"
        );
        assert!(!text.contains(".url("), "{text}");
    }

    #[test]
    fn another_host_is_named_with_a_caution() {
        let e = refused(
            "https://odoo.test",
            "/xmlrpc/2/object",
            302,
            "https://elsewhere.test/xmlrpc/2/object",
        );
        assert!(
            e.to_string()
                .contains("if you trust that server: use `.url(\"https://elsewhere.test\")`"),
            "{e}"
        );
    }
}
