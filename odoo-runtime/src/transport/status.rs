//! What an HTTP failure means as an [`Error`]: a request that got no answer, a status the
//! protocol does not use for its errors, a body in another format than the protocol's (a
//! proxy's or a login page). Faults and error bodies of the protocols themselves are mapped in
//! [`crate::error`].

use std::time::Duration;

use super::http::{Auth, HttpRequest, HttpResponse};
use crate::error::Cause;
use crate::error::{Error, ErrorKind, Fault};

/// What bounded an attempt in time.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Limit {
    /// The per-attempt timeout.
    Timeout(Duration),
    /// What was left of the call's deadline (shorter than the timeout).
    Deadline { left: Duration, whole: Duration },
}

impl Limit {
    pub(crate) fn duration(self) -> Duration {
        match self {
            Limit::Timeout(t) => t,
            Limit::Deadline { left, .. } => left,
        }
    }
}

/// How much of an answer came before its body failed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Partial {
    pub(crate) status: u16,
    pub(crate) received: usize,
    pub(crate) declared: Option<u64>,
}

/// A request that got no usable answer, with its cause in the message (connection refused,
/// DNS failure, TLS handshake, reset, a body cut short) and the time limit on a timeout.
/// reqwest's own messages name the URL, never the body: safe to keep as the source.
pub(crate) fn transport_error(
    e: reqwest::Error,
    url: &str,
    limit: Option<Limit>,
    partial: Option<Partial>,
) -> Error {
    let shown = strip_query(url);
    let causes = causes(&e);
    let cause = causes.join(": ");
    let error = if e.is_timeout() {
        let within = match limit {
            Some(Limit::Timeout(t)) => format!("within {}", human(t)),
            Some(Limit::Deadline { left, whole }) => format!(
                "within the {} left of the deadline of {}",
                human(left),
                human(whole)
            ),
            None => "in time".to_owned(),
        };
        let what = match partial {
            Some(p) => format!(
                "the rest of the answer from {shown} did not come {within} ({} bytes came)",
                p.received
            ),
            None => format!("no answer from {shown} {within}"),
        };
        Error::transport_cause(what, Cause::Timeout)
    } else if e.is_connect() {
        let message = if is_tls(&causes) {
            let plain = url.starts_with("https://")
                && causes.iter().any(|c| {
                    c.contains("InvalidContentType")
                        || c.contains("corrupt message")
                        || c.contains("eof")
                });
            let hint = if plain {
                "; the port answers plain HTTP: use `http://` in `.url(…)`, not `https://`"
            } else {
                ""
            };
            format!("TLS handshake with {} failed: {cause}{hint}", host_of(url))
        } else {
            format!("cannot connect to {}: {cause}", host_of(url))
        };
        Error::transport_cause(message, Cause::Connect)
    } else if e.is_redirect() {
        Error::transport(format!("request to {shown} failed: {cause}"), None)
    } else {
        // The connection broke: before the answer (`is_request`), or within its body.
        let message = match partial {
            Some(p) => {
                let of = p.declared.map_or(String::new(), |n| format!(" of {n}"));
                format!(
                    "the answer from {shown} (HTTP {}) was cut short: {}{of} bytes came before \
                     the connection broke ({cause})",
                    p.status, p.received
                )
            }
            None => format!("the connection to {shown} broke before the answer came: {cause}"),
        };
        Error::transport_cause(message, Cause::Interrupted)
    };
    error.with_source(e.without_url())
}

/// A call that ran out of its deadline; `when` says what it was doing.
pub(crate) fn deadline_error(url: &str, whole: Duration, when: &str) -> Error {
    Error::transport_cause(
        format!(
            "no answer from {} within the deadline of {} (it passed {when})",
            strip_query(url),
            human(whole)
        ),
        Cause::Timeout,
    )
}

/// `500 ms`, `2.5 s`, `120 s`.
pub(crate) fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `scheme://host:port` of a URL, for messages about connecting.
fn host_of(url: &str) -> String {
    url.split('/').take(3).collect::<Vec<_>>().join("/")
}

/// The causes under reqwest's own `error sending request for url (…)`, without hyper's
/// wrappers (`client error (Connect)`) and without repeats.
fn causes(e: &reqwest::Error) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = std::error::Error::source(e);
    while let Some(s) = cur {
        let text = s.to_string();
        let wrapper =
            text.starts_with("client error (") || text.starts_with("error sending request");
        if !wrapper && !out.iter().any(|o| o.contains(&text)) {
            out.push(text);
        }
        cur = s.source();
    }
    if out.is_empty() {
        out.push(e.to_string());
    }
    out
}

fn is_tls(causes: &[String]) -> bool {
    causes.iter().any(|c| {
        let c = c.to_ascii_lowercase();
        c.contains("tls")
            || c.contains("certificate")
            || c.contains("handshake")
            || c.contains("corrupt message")
            || c.contains("invalidcontenttype")
    })
}

/// Whether the retry policy would have retried this answer for a read, and its body is not
/// a protocol's own error answer (Odoo's JSON): a rate limiter's, a gateway's or Odoo's own
/// 500 page (its database pool is full).
pub(crate) fn is_retryable_page(r: &HttpResponse) -> bool {
    let status_retried = matches!(r.status, 429 | 502..=504) || super::retry::is_odoo_500_page(r);
    let first = r.body.iter().copied().find(|b| !b.is_ascii_whitespace());
    status_retried && !matches!(first, Some(b'{' | b'['))
}

/// An answer that came from somewhere else than Odoo's API, explained: Odoo's web client
/// (a URL path such as `/odoo`, the web client's route on Odoo 17 and later), or a JSON-2
/// call whose database the server does not serve.
pub(crate) fn misdirected(
    base: &reqwest::Url,
    database: &str,
    request: &HttpRequest,
    r: &HttpResponse,
) -> Option<Error> {
    const SMALL: usize = 16 << 10;
    if !(400..500).contains(&r.status) || r.body.len() > SMALL {
        return None;
    }
    if !r.content_type.starts_with("text/html") {
        return not_found_under_a_path(base, r);
    }
    let page = String::from_utf8_lossy(&r.body);
    let path = base.path().trim_end_matches('/');
    if r.status == 400 && page.contains("invalid CSRF token") {
        let mut root = base.clone();
        root.set_path("");
        let root = root.as_str().trim_end_matches('/').to_owned();
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(" at the URL's path `{path}`")
        };
        return Some(Error::transport(
            format!(
                "HTTP 400 from {}: Odoo answered as its web client{at} (`Session expired \
                 (invalid CSRF token)`), not as its external API. Odoo 17 and later serve the \
                 web client under `/odoo`; the API is at the server's root: use \
                 `.url(\"{root}\")`, unless a reverse proxy serves Odoo under a path",
                strip_query(&r.url)
            ),
            Some(400),
        ));
    }
    if r.status == 404 && request.auth == Auth::Bearer && page.contains("No database is selected") {
        return Some(no_database(database, r));
    }
    not_found_under_a_path(base, r)
}

/// A 404 page (not Odoo's JSON) under a URL with a path: the path is the first suspect.
fn not_found_under_a_path(base: &reqwest::Url, r: &HttpResponse) -> Option<Error> {
    let path = base.path().trim_end_matches('/');
    let first = r.body.iter().copied().find(|b| !b.is_ascii_whitespace());
    if r.status != 404 || path.is_empty() || matches!(first, Some(b'{' | b'[')) {
        return None;
    }
    Some(http_status_error(r).with_note(&format!(
        "; the URL has the path `{path}`: is Odoo served under it? (Odoo's own URLs have none)"
    )))
}

fn no_database(database: &str, r: &HttpResponse) -> Error {
    Error::transport(
        format!(
            "HTTP 404 from {}: the server serves no database `{database}` (Odoo: `No database \
             is selected`): check `.database(…)`; the server's `dbfilter` may also hide it",
            strip_query(&r.url)
        ),
        Some(404),
    )
}

/// A status that is not the protocol's own error answer.
///
/// A 401 or 403 without Odoo's error body (a proxy's own authentication, say) still means the
/// same to the caller as Odoo's; anything else is a transport error with an excerpt.
pub(crate) fn http_status_error(r: &HttpResponse) -> Error {
    let kind = match r.status {
        401 => Some(ErrorKind::AccessDenied),
        403 => Some(ErrorKind::AccessError),
        _ => None,
    };
    if let Some(kind) = kind {
        let mut fault_message = format!("HTTP {} from {}", r.status, strip_query(&r.url));
        if !r.body.is_empty() {
            fault_message.push_str(": ");
            fault_message.push_str(&excerpt(&r.body));
        }
        return Error::server(
            kind,
            Fault {
                code: None,
                class: None,
                message: fault_message,
                traceback: None,
            },
        )
        .with_status(r.status);
    }
    if r.status == 413 {
        return request_too_large(r);
    }
    if r.status == 415 {
        // Odoo's dispatchers pick a request's type by its `Content-Type`; the client always
        // sends the protocol's own, so something between rewrote it, or the URL is not an
        // API route.
        return Error::transport(
            format!(
                "HTTP 415 from {}: the server did not take the request's `Content-Type` \
                 (this client sends `text/xml` for XML-RPC and `application/json` for JSON-RPC \
                 and JSON-2); a proxy between may rewrite it, or the URL is not Odoo's API: {}",
                strip_query(&r.url),
                excerpt(&r.body)
            ),
            Some(415),
        );
    }
    Error::transport(
        format!(
            "HTTP {} from {} ({}): {}",
            r.status,
            strip_query(&r.url),
            content_type(r),
            excerpt(&r.body)
        ),
        Some(r.status),
    )
}

/// A body that is not in the protocol's format (`protocol` names it: `XML-RPC`, `JSON-2`…).
pub(crate) fn not_protocol_error(protocol: &str, r: &HttpResponse) -> Error {
    Error::transport(
        format!(
            "the answer from {} is not {protocol} ({}): {}",
            strip_query(&r.url),
            content_type(r),
            if r.body.is_empty() {
                "empty body".to_owned()
            } else {
                excerpt(&r.body)
            }
        ),
        Some(r.status),
    )
}

/// A body over the configured limit.
pub(crate) fn too_large_error(
    url: &str,
    declared: Option<u64>,
    limit: usize,
    status: u16,
) -> Error {
    let url = strip_query(url);
    let message = match declared {
        Some(n) => format!("response of {n} bytes from {url} exceeds the limit of {limit} bytes"),
        // Counted as decoded: a compressed answer is capped by what it inflates to.
        None => format!(
            "response from {url} exceeds the limit of {limit} bytes (decoded; see `max_response_bytes`)"
        ),
    };
    Error::transport_cause(message, Cause::TooLarge).with_status(status)
}

/// HTTP 413: the server refused the request's size (Odoo's limit is 128 MiB per request,
/// `DEFAULT_MAX_CONTENT_LENGTH` in `odoo/http.py` on 17, 18 and 19; a proxy's may be lower,
/// nginx's `client_max_body_size`). An upload's base64 is 4/3 of the file.
pub(crate) fn request_too_large(r: &HttpResponse) -> Error {
    Error::transport_cause(
        format!(
            "HTTP 413 from {}: the server refused the request as too large (Odoo takes at most \
             128 MiB per request, a proxy in front of it often less; a file goes as base64, 4/3 \
             of its size): {}",
            strip_query(&r.url),
            excerpt(&r.body)
        ),
        Cause::TooLarge,
    )
    .with_status(413)
}

fn content_type(r: &HttpResponse) -> &str {
    if r.content_type.is_empty() {
        "no content type"
    } else {
        &r.content_type
    }
}

/// The URL without its query and fragment, for messages and logs.
pub(crate) fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// A short, printable excerpt of a body for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX * 4)]);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if out.chars().count() > MAX {
        out = out.chars().take(MAX).collect::<String>() + "…";
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, content_type: &str, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: content_type.into(),
            body: body.as_bytes().to_vec(),
            url: "http://odoo.test/json/2/res.partner/search?debug=1".into(),
            retry_after: None,
            etag: None,
            streamed: false,
        }
    }

    #[test]
    fn a_bare_401_or_403_keeps_its_meaning() {
        let e = http_status_error(&response(401, "text/html", "<h1>Unauthorized</h1>"));
        assert_eq!(e.kind(), ErrorKind::AccessDenied);
        assert_eq!(e.status(), Some(401));
        let e = http_status_error(&response(403, "", ""));
        assert_eq!(e.kind(), ErrorKind::AccessError);
    }

    #[test]
    fn other_statuses_are_transport_errors_naming_url_type_and_excerpt() {
        let e = http_status_error(&response(502, "text/html", "<h1>502  Bad\nGateway</h1>"));
        assert_eq!(e.kind(), ErrorKind::Transport);
        let text = e.to_string();
        assert!(
            text.contains("HTTP 502 from http://odoo.test/json/2/res.partner/search ("),
            "{text}"
        );
        assert!(!text.contains("debug=1"), "{text}");
        assert!(
            text.contains("text/html") && text.contains("<h1>502 Bad Gateway</h1>"),
            "{text}"
        );
    }

    #[test]
    fn a_foreign_body_names_the_protocol() {
        let e = not_protocol_error("JSON-2", &response(200, "", ""));
        assert!(
            e.to_string()
                .contains("is not JSON-2 (no content type): empty body"),
            "{e}"
        );
    }

    #[test]
    fn excerpts_are_short_and_printable() {
        let long = "x".repeat(1000);
        let e = excerpt(long.as_bytes());
        assert_eq!(e.chars().count(), 201);
        assert_eq!(excerpt(b"a\x00b\r\n c"), "a b c");
    }
}
