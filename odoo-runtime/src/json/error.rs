//! Odoo's JSON error bodies as errors: JSON-2's `{name, message, arguments, context, debug}`
//! (or a bare string), and JSON-RPC's `error` with its `data`. The exception class decides the
//! kind; the HTTP status is the fallback.

use crate::error::{kind_of_class, Error, ErrorKind, Fault};

/// Maps a JSON error body (`{name, message, debug}` of JSON-2, `error.data` of JSON-RPC)
/// onto an error kind by its exception class, falling back on the HTTP status.
pub(crate) fn json_error(
    status: Option<u16>,
    name: &str,
    message: String,
    debug: Option<String>,
) -> Error {
    let by_status = match status {
        Some(401) => Some(ErrorKind::AccessDenied),
        Some(403) => Some(ErrorKind::AccessError),
        Some(409) | Some(422) => Some(ErrorKind::UserError),
        _ => None,
    };
    let kind = match kind_of_class(name) {
        ErrorKind::ServerError => by_status.unwrap_or(ErrorKind::ServerError),
        k => k,
    };
    let kind = if name.ends_with("NotFound") {
        // JSON-2 404: an unknown model is a user error over XML-RPC (fault 2 "Object … doesn't
        // exist"), an unknown method a server error (fault 1 AttributeError).
        if message.contains("model") {
            ErrorKind::UserError
        } else {
            ErrorKind::ServerError
        }
    } else {
        kind
    };
    let e = Error::server(
        kind,
        Fault {
            code: None,
            class: (!name.is_empty()).then(|| name.to_owned()),
            message,
            traceback: debug.filter(|d| !d.is_empty()),
        },
    );
    match status {
        Some(status) => e.with_status(status),
        None => e,
    }
}

/// The error body of a non-200 JSON-2 response, or `None` when it is not JSON-2's shape:
/// Odoo's object `{name, message, arguments, context, debug}`, or a bare JSON string (the
/// message alone, which Odoo's documentation allows), typed by the status.
pub(crate) fn decode_json2_error(status: u16, body: &[u8]) -> Option<Error> {
    if let Ok(message) = serde_json::from_slice::<String>(body) {
        return (!message.is_empty()).then(|| json_error(Some(status), "", message, None));
    }
    let e: ErrorData = serde_json::from_slice(body).ok()?;
    if e.name.is_empty() && e.message.is_empty() {
        return None;
    }
    Some(e.into_error(Some(status)))
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct ErrorData {
    #[serde(default)]
    name: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    debug: Option<String>,
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct JsonRpcError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    data: Option<ErrorData>,
}

impl ErrorData {
    pub(crate) fn into_error(self, status: Option<u16>) -> Error {
        json_error(status, &self.name, self.message, self.debug)
    }
}

impl JsonRpcError {
    pub(crate) fn into_error(self, status: Option<u16>) -> Error {
        match self.data {
            Some(d) if !d.name.is_empty() || !d.message.is_empty() => d.into_error(status),
            _ => json_error(status, "", self.message, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_server_message_is_bounded_and_whole_in_the_fault() {
        let huge = "m".repeat(20 << 20);
        let e = json_error(Some(422), "odoo.exceptions.UserError", huge.clone(), None);
        assert!(e.to_string().len() < 400, "{}", e.to_string().len());
        assert!(format!("{e:?}").len() < 600);
        assert!(e.to_string().contains("(20971520 bytes in all)"), "{e}");
        assert_eq!(e.server_message(), Some(huge.as_str()));
    }

    #[test]
    fn json_not_found_kinds() {
        let m = json_error(
            Some(404),
            "werkzeug.exceptions.NotFound",
            "the model 'x' does not exist".into(),
            None,
        );
        assert_eq!(m.kind(), ErrorKind::UserError);
        let f = json_error(
            Some(404),
            "werkzeug.exceptions.NotFound",
            "The method 'res.partner.x' does not exist".into(),
            None,
        );
        assert_eq!(f.kind(), ErrorKind::ServerError);
        let a = json_error(
            Some(401),
            "werkzeug.exceptions.Unauthorized",
            "Invalid apikey".into(),
            None,
        );
        assert_eq!(a.kind(), ErrorKind::AccessDenied);
        assert_eq!(a.status(), Some(401));
    }
}
