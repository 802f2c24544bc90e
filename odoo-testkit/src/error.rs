//! Odoo's exceptions, as the server raises them, and how each protocol reports them.
//!
//! One [`OdooError`] is raised by the store or the dispatcher; the protocol front ends turn it
//! into an XML-RPC fault (integer or legacy string code), a JSON-2 status and body, or a
//! JSON-RPC `error` member, the way Odoo 19's `addons/rpc/controllers` and `odoo/http.py` do.

use odoo_runtime::{FaultCode, Map, Value};

/// The Python exception class an error stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    ValueError,
    TypeError,
    AttributeError,
    KeyError,
    IndexError,
    /// `psycopg2.OperationalError` (an unknown database).
    OperationalError,
    /// `xml.parsers.expat.ExpatError` (a body that is not XML-RPC).
    ExpatError,
    /// A bare `Exception` (an unknown service method).
    Exception,
    UserError,
    ValidationError,
    MissingError,
    AccessError,
    AccessDenied,
    NotFound,
    Unauthorized,
    BadRequest,
    UnprocessableEntity,
}

impl Class {
    /// The qualified name JSON error bodies carry (`serialize_exception`).
    pub(crate) fn qualified(self) -> &'static str {
        match self {
            Class::ValueError => "builtins.ValueError",
            Class::TypeError => "builtins.TypeError",
            Class::AttributeError => "builtins.AttributeError",
            Class::KeyError => "builtins.KeyError",
            Class::IndexError => "builtins.IndexError",
            Class::Exception => "builtins.Exception",
            Class::OperationalError => "psycopg2.OperationalError",
            Class::ExpatError => "xml.parsers.expat.ExpatError",
            Class::UserError => "odoo.exceptions.UserError",
            Class::ValidationError => "odoo.exceptions.ValidationError",
            Class::MissingError => "odoo.exceptions.MissingError",
            Class::AccessError => "odoo.exceptions.AccessError",
            Class::AccessDenied => "odoo.exceptions.AccessDenied",
            Class::NotFound => "werkzeug.exceptions.NotFound",
            Class::Unauthorized => "werkzeug.exceptions.Unauthorized",
            Class::BadRequest => "werkzeug.exceptions.BadRequest",
            Class::UnprocessableEntity => "werkzeug.exceptions.UnprocessableEntity",
        }
    }

    /// The name on a traceback's last line (`builtins.` is left out, as Python does).
    fn traceback_name(self) -> &'static str {
        let q = self.qualified();
        q.strip_prefix("builtins.").unwrap_or(q)
    }

    /// The HTTP status of a werkzeug exception.
    fn http_code(self) -> Option<(u16, &'static str)> {
        match self {
            Class::NotFound => Some((404, "Not Found")),
            Class::Unauthorized => Some((401, "Unauthorized")),
            Class::BadRequest => Some((400, "Bad Request")),
            Class::UnprocessableEntity => Some((422, "Unprocessable Entity")),
            _ => None,
        }
    }

    /// `isinstance(e, UserError)`: the classes whose message goes to the user as is.
    fn is_user_error(self) -> bool {
        matches!(
            self,
            Class::UserError
                | Class::ValidationError
                | Class::MissingError
                | Class::AccessError
                | Class::AccessDenied
        )
    }
}

/// An exception raised while serving a call.
#[derive(Clone, Debug)]
pub(crate) struct OdooError {
    pub(crate) class: Class,
    pub(crate) message: String,
    /// The frame the exception was raised in, for the synthetic traceback.
    frame: &'static str,
    /// An exception this one was raised while handling (`During handling of …`).
    context: Option<Box<OdooError>>,
}

/// The result of anything that can raise.
pub(crate) type OResult<T> = Result<T, OdooError>;

const FRAME_CALL_KW: &str = "  File \"/opt/odoo/src/odoo/service/model.py\", line 93, in call_kw\n    result = method(recs, *args, **kwargs)\n             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n";

impl OdooError {
    pub(crate) fn new(class: Class, message: impl Into<String>) -> OdooError {
        OdooError {
            class,
            message: message.into(),
            frame: FRAME_CALL_KW,
            context: None,
        }
    }

    pub(crate) fn value(message: impl Into<String>) -> OdooError {
        OdooError::new(Class::ValueError, message)
    }

    pub(crate) fn type_error(message: impl Into<String>) -> OdooError {
        OdooError::new(Class::TypeError, message)
    }

    pub(crate) fn user(message: impl Into<String>) -> OdooError {
        OdooError::new(Class::UserError, message)
    }

    pub(crate) fn validation(message: impl Into<String>) -> OdooError {
        OdooError::new(Class::ValidationError, message)
    }

    pub(crate) fn access_error(message: impl Into<String>) -> OdooError {
        OdooError::new(Class::AccessError, message)
    }

    pub(crate) fn access_denied() -> OdooError {
        OdooError::new(Class::AccessDenied, "Access Denied")
    }

    /// `MissingError` for records of `model` that do not exist.
    pub(crate) fn missing(model: &str, ids: &[i64], uid: i64) -> OdooError {
        OdooError::new(
            Class::MissingError,
            format!(
                "Record does not exist or has been deleted.\n(Record: {model}{}, User: {uid})",
                crate::pyrepr::tuple_of_ids(ids)
            ),
        )
    }

    /// The error `Registry(db)` raises for a database that does not exist (recording 004).
    pub(crate) fn unknown_database(db: &str) -> OdooError {
        let key = OdooError {
            class: Class::KeyError,
            message: crate::pyrepr::str_repr(db),
            frame: "  File \"/opt/odoo/src/odoo/orm/registry.py\", line 118, in __new__\n    return cls.registries[db_name]\n           ~~~~~~~~~~~~~~^^^^^^^^^\n",
            context: None,
        };
        OdooError {
            class: Class::OperationalError,
            message: format!(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"{db}\" does not exist\n"
            ),
            frame: "  File \"/opt/odoo/src/odoo/sql_db.py\", line 687, in borrow\n    result = psycopg2.connect(\n             ^^^^^^^^^^^^^^^^^\n",
            context: Some(Box::new(key)),
        }
    }

    pub(crate) fn with_frame(mut self, frame: &'static str) -> OdooError {
        self.frame = frame;
        self
    }

    /// `str(e)`: werkzeug exceptions print their code and name first.
    fn str(&self) -> String {
        match self.class.http_code() {
            Some((code, name)) => format!("{code} {name}: {}", self.message),
            None => self.message.clone(),
        }
    }

    /// A Python-looking traceback whose last line is `Class: message`, as
    /// `traceback.format_exception` writes it.
    pub(crate) fn traceback(&self) -> String {
        let mut out = String::new();
        if let Some(ctx) = &self.context {
            out.push_str(&ctx.traceback());
            out.push_str(
                "\nDuring handling of the above exception, another exception occurred:\n\n",
            );
        }
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(self.frame);
        out.push_str(self.class.traceback_name());
        let s = self.str();
        if !s.is_empty() {
            out.push_str(": ");
            out.push_str(&s);
        }
        out.push('\n');
        out
    }

    /// The fault of `/xmlrpc/2` (`xmlrpc_handle_exception_int`).
    pub(crate) fn xmlrpc_fault(&self) -> (FaultCode, String) {
        let code = match self.class {
            Class::AccessError => 4,
            Class::AccessDenied => 3,
            c if c.is_user_error() => 2,
            _ => return (FaultCode::Int(1), self.traceback()),
        };
        (FaultCode::Int(code), self.message.clone())
    }

    /// The fault of the legacy `/xmlrpc` (`xmlrpc_handle_exception_string`).
    pub(crate) fn legacy_fault(&self) -> (FaultCode, String) {
        let warning =
            |class: &str| FaultCode::String(format!("warning -- {class}\n\n{}", self.message));
        match self.class {
            Class::MissingError => (warning("MissingError"), String::new()),
            Class::AccessError => (warning("AccessError"), String::new()),
            Class::AccessDenied => (
                FaultCode::String("AccessDenied".into()),
                self.message.clone(),
            ),
            Class::UserError | Class::ValidationError => (warning("UserError"), String::new()),
            _ => (FaultCode::String(self.str()), self.traceback()),
        }
    }

    /// The HTTP status of a JSON-2 error (`http_status` of Odoo's exceptions).
    pub(crate) fn json2_status(&self) -> u16 {
        match self.class {
            c if c.http_code().is_some() => c.http_code().map_or(500, |(code, _)| code),
            Class::AccessError | Class::AccessDenied => 403,
            Class::MissingError => 404,
            Class::UserError | Class::ValidationError => 422,
            _ => 500,
        }
    }

    /// `serialize_exception`: `{name, message, arguments, context, debug}`.
    pub(crate) fn json_body(&self) -> Value {
        let mut arguments = vec![Value::from(self.message.as_str())];
        if let Some((code, _)) = self.class.http_code() {
            arguments.push(Value::from(i64::from(code)));
        }
        let debug = match self.class {
            // AccessDenied hides its traceback (`odoo.exceptions.AccessDenied.__init__`).
            Class::AccessDenied => format!("odoo.exceptions.AccessDenied: {}\n", self.message),
            _ => self.traceback(),
        };
        let mut m = Map::new();
        m.insert("name".into(), self.class.qualified().into());
        m.insert("message".into(), self.message.clone().into());
        m.insert("arguments".into(), Value::Array(arguments));
        m.insert("context".into(), Value::Struct(Map::new()));
        m.insert("debug".into(), debug.into());
        Value::Struct(m)
    }

    /// The `error` member of a JSON-RPC response.
    pub(crate) fn jsonrpc_error(&self) -> Value {
        let (code, message) = match self.class {
            Class::NotFound => (404, "404: Not Found"),
            _ => (0, "Odoo Server Error"),
        };
        let mut m = Map::new();
        m.insert("code".into(), Value::Int(code));
        m.insert("message".into(), message.into());
        m.insert("data".into(), self.json_body());
        Value::Struct(m)
    }

    /// The same error as the typed client sees it.
    pub(crate) fn into_runtime(self) -> odoo_runtime::Error {
        let (code, text) = self.xmlrpc_fault();
        odoo_runtime::Error::from_xmlrpc_fault(code, text)
    }
}

impl std::fmt::Display for OdooError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class.traceback_name(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_follow_odoo() {
        let e = OdooError::value("Invalid field 'x' on 'res.partner'");
        let (code, text) = e.xmlrpc_fault();
        assert_eq!(code, FaultCode::Int(1));
        assert!(text.starts_with("Traceback (most recent call last):\n"));
        assert!(text.ends_with("\nValueError: Invalid field 'x' on 'res.partner'\n"));
        assert_eq!(e.json2_status(), 500);

        let m = OdooError::missing("res.partner", &[10081], 2);
        assert_eq!(m.xmlrpc_fault().0, FaultCode::Int(2));
        assert_eq!(
            m.legacy_fault().0,
            FaultCode::String(
                "warning -- MissingError\n\nRecord does not exist or has been deleted.\n(Record: res.partner(10081,), User: 2)".into()
            )
        );
        assert_eq!(
            OdooError::access_denied().legacy_fault().0,
            FaultCode::String("AccessDenied".into())
        );
        let nf = OdooError::new(Class::Unauthorized, "Invalid apikey");
        assert_eq!(nf.json2_status(), 401);
        assert_eq!(nf.json_body()["arguments"][1], Value::Int(401));
        assert!(nf
            .traceback()
            .ends_with("werkzeug.exceptions.Unauthorized: 401 Unauthorized: Invalid apikey\n"));
    }

    #[test]
    fn unknown_database_traceback() {
        let t = OdooError::unknown_database("nope").traceback();
        assert!(t.contains("KeyError: 'nope'\n\nDuring handling of the above exception"));
        assert!(t.trim_end().ends_with("database \"nope\" does not exist"));
    }
}
