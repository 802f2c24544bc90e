//! XML-RPC faults as errors: `/xmlrpc/2`'s integer codes (1 server error, 2 user error,
//! 3 access denied, 4 access error) and the legacy `/xmlrpc`'s string codes, with the
//! exception class and message read from the traceback Odoo sends as the fault string.

use crate::error::{kind_of_class, DecodeContext, Error, ErrorKind, Fault, FaultCode};
use crate::value::Value;

const MISSING_RECORD_PREFIX: &str = "Record does not exist or has been deleted";

/// The error a `<fault>` value stands for.
pub(crate) fn fault_error(fault: Value) -> Error {
    let Value::Struct(mut members) = fault else {
        return Error::decode_message(format!(
            "a fault must hold a struct, found {}",
            fault.kind_name()
        ));
    };
    let code = match members.remove("faultCode") {
        Some(Value::Int(n)) => FaultCode::Int(n),
        Some(Value::String(s)) => FaultCode::String(s),
        other => {
            return Error::decode(
                "a fault's faultCode must be an int or a string",
                DecodeContext {
                    field: Some("faultCode".into()),
                    expected: Some("an int or a string".into()),
                    found: Some(other.map_or("nothing", |v| v.kind_name()).into()),
                    ..DecodeContext::default()
                },
            )
        }
    };
    let message = match members.remove("faultString") {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    fault_code_error(code, message)
}

/// Maps an XML-RPC fault (`/xmlrpc/2` integer codes or legacy `/xmlrpc` string codes) onto
/// an error kind, keeping the message and, for tracebacks, the exception class.
pub(crate) fn fault_code_error(code: FaultCode, fault_string: String) -> Error {
    match &code {
        FaultCode::Int(n) => {
            let (class, message, traceback) = if looks_like_traceback(&fault_string) {
                let (class, message) = last_exception_line(&fault_string);
                (class, message, Some(fault_string))
            } else {
                (None, fault_string, None)
            };
            let kind = match n {
                3 => ErrorKind::AccessDenied,
                4 => ErrorKind::AccessError,
                2 if message.starts_with(MISSING_RECORD_PREFIX) => ErrorKind::MissingRecord,
                2 => ErrorKind::UserError,
                _ => class
                    .as_deref()
                    .map_or(ErrorKind::ServerError, kind_of_class),
            };
            Error::server(
                kind,
                Fault {
                    code: Some(code),
                    class,
                    message,
                    traceback,
                },
            )
        }
        FaultCode::String(s) => {
            // Legacy `/xmlrpc`: `AccessDenied`, or `warning -- <Class>\n\n<message>` with an
            // empty faultString, or a traceback.
            let (class, message, traceback) = if let Some(rest) = s.strip_prefix("warning -- ") {
                let (class, message) = rest.split_once("\n\n").unwrap_or((rest, ""));
                let message = if message.is_empty() {
                    fault_string
                } else {
                    message.to_owned()
                };
                (Some(class.trim().to_owned()), message, None)
            } else if looks_like_traceback(&fault_string) {
                let (class, message) = last_exception_line(&fault_string);
                (class, message, Some(fault_string))
            } else {
                let class = s
                    .split(|c: char| c.is_whitespace() || c == ':')
                    .next()
                    .unwrap_or("");
                let message = if fault_string.is_empty() {
                    s.clone()
                } else {
                    fault_string
                };
                ((!class.is_empty()).then(|| class.to_owned()), message, None)
            };
            let kind = class
                .as_deref()
                .map_or(ErrorKind::ServerError, kind_of_class);
            Error::server(
                kind,
                Fault {
                    code: Some(code),
                    class,
                    message,
                    traceback,
                },
            )
        }
    }
}

fn looks_like_traceback(s: &str) -> bool {
    s.starts_with("Traceback (most recent call last)") || s.contains("\nTraceback (most recent")
}

/// `ValueError: Invalid field 'x'` → (`ValueError`, `Invalid field 'x'`) from a traceback.
///
/// The exception line is the first unindented line after the last frame (`  File …`, then its
/// indented source and `^^^` lines); the message runs from there to the end, so a
/// PostgreSQL error keeps its `LINE 1: …` and `HINT: …` lines instead of being read as an
/// exception `HINT`.
fn last_exception_line(traceback: &str) -> (Option<String>, String) {
    let lines: Vec<&str> = traceback.lines().collect();
    let after_frames = lines
        .iter()
        .rposition(|l| l.starts_with("  File "))
        .map_or(0, |i| i + 1);
    let start = lines[after_frames..]
        .iter()
        .position(|l| !l.trim().is_empty() && !l.starts_with(' '))
        .map(|i| after_frames + i);
    let Some(start) = start else {
        let last = lines
            .iter()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&"");
        return (None, last.trim().to_owned());
    };
    let text = lines[start..].join("\n");
    let text = text.trim_end();
    let first = lines[start].trim_end();
    match first.split_once(": ") {
        Some((class, _)) if is_class_path(class) => (
            Some(class.to_owned()),
            text[class.len() + 2..].trim().to_owned(),
        ),
        _ if is_class_path(first) => (
            Some(first.to_owned()),
            text[first.len()..].trim().to_owned(),
        ),
        _ => (None, text.to_owned()),
    }
}

fn is_class_path(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_error_keeps_its_class_and_its_hint() {
        let tb = "Traceback (most recent call last):\n  File \"/opt/odoo/src/odoo/sql_db.py\", line 422, in execute\n    res = self._obj.execute(query, params)\n          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\npsycopg2.errors.UndefinedTable: relation \"x_odoo_rs_live\" does not exist\nLINE 1: SELECT \"x_odoo_rs_live\".\"id\" FROM \"x_odoo_rs_live\"\n                                        ^\nHINT: See server log for query details.\n";
        let e = fault_code_error(FaultCode::Int(1), tb.into());
        assert_eq!(e.exception_class(), Some("psycopg2.errors.UndefinedTable"));
        let m = e.server_message().unwrap();
        assert!(
            m.starts_with("relation \"x_odoo_rs_live\" does not exist\nLINE 1:"),
            "{m}"
        );
        assert!(
            m.ends_with("HINT: See server log for query details."),
            "{m}"
        );
    }

    #[test]
    fn chained_exceptions_name_the_last_one() {
        let tb = "Traceback (most recent call last):\n  File \"a.py\", line 1, in f\n    g()\nKeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"b.py\", line 2, in h\n    raise ValueError('y')\nValueError: y\n";
        let e = fault_code_error(FaultCode::Int(1), tb.into());
        assert_eq!(e.exception_class(), Some("ValueError"));
        assert_eq!(e.server_message(), Some("y"));
    }

    #[test]
    fn legacy_missing_error() {
        let e = fault_code_error(
            FaultCode::String("warning -- MissingError\n\nRecord does not exist".into()),
            String::new(),
        );
        assert_eq!(e.kind(), ErrorKind::MissingRecord);
        assert_eq!(e.exception_class(), Some("MissingError"));
        assert_eq!(e.server_message(), Some("Record does not exist"));
    }

    #[test]
    fn legacy_access_denied() {
        let e = fault_code_error(
            FaultCode::String("AccessDenied".into()),
            "Access Denied".into(),
        );
        assert_eq!(e.kind(), ErrorKind::AccessDenied);
        assert_eq!(e.server_message(), Some("Access Denied"));
    }

    #[test]
    fn fault_two_missing_record() {
        let e = fault_code_error(
            FaultCode::Int(2),
            "Record does not exist or has been deleted.\n(Record: res.partner(10081,), User: 2)"
                .into(),
        );
        assert_eq!(e.kind(), ErrorKind::MissingRecord);
        assert_eq!(
            e.to_string(),
            "missing record: Record does not exist or has been deleted."
        );
    }
}
