//! What an HTTP failure means as an [`Error`]: a request that got no answer, a status the
//! protocol does not use for its errors, a body in another format than the protocol's (a
//! proxy's or a login page). Faults and error bodies of the protocols themselves are mapped in
//! [`crate::error`].

use super::HttpResponse;
use crate::{Error, ErrorKind, Fault};

/// A request that got no usable answer. reqwest's own messages name the URL, never the body:
/// safe to keep as the source.
pub(crate) fn transport_error(e: reqwest::Error, url: &str) -> Error {
    let url = strip_query(url);
    if e.is_timeout() {
        Error::timeout(format!("no answer from {url} in time")).with_source(e.without_url())
    } else if e.is_connect() {
        Error::connect(format!("cannot connect to {url}")).with_source(e.without_url())
    } else {
        Error::transport(
            format!("request to {url} failed: {}", error_chain(&e)),
            None,
        )
        .with_source(e.without_url())
    }
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
        None => format!("response from {url} exceeds the limit of {limit} bytes"),
    };
    Error::transport(message, Some(status))
}

fn content_type(r: &HttpResponse) -> &str {
    if r.content_type.is_empty() {
        "no content type"
    } else {
        &r.content_type
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = s.source();
    }
    out
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
