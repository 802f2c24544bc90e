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
    AssertionError,
    NameError,
    /// `psycopg2.errors.InvalidTextRepresentation` (an id that is not a number).
    InvalidTextRepresentation,
    /// `psycopg2.errors.NotNullViolation` (a required value missing).
    NotNullViolation,
    /// `psycopg2.errors.ForeignKeyViolation` (a many2one to a record that does not exist).
    ForeignKeyViolation,
    /// `psycopg2.errors.CheckViolation` (a `CHECK` constraint of the table).
    CheckViolation,
    /// `psycopg2.errors.UniqueViolation` (a unique index).
    UniqueViolation,
    /// `json.decoder.JSONDecodeError`.
    JsonDecodeError,
    /// `binascii.Error` (base64 with a wrong padding).
    BinasciiError,
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
    /// `odoo.http.SessionExpiredException` (an `auth='user'` route without a session).
    SessionExpired,
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
            Class::AssertionError => "builtins.AssertionError",
            Class::NameError => "builtins.NameError",
            Class::InvalidTextRepresentation => "psycopg2.errors.InvalidTextRepresentation",
            Class::NotNullViolation => "psycopg2.errors.NotNullViolation",
            Class::ForeignKeyViolation => "psycopg2.errors.ForeignKeyViolation",
            Class::CheckViolation => "psycopg2.errors.CheckViolation",
            Class::UniqueViolation => "psycopg2.errors.UniqueViolation",
            Class::JsonDecodeError => "json.decoder.JSONDecodeError",
            Class::BinasciiError => "binascii.Error",
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
            Class::SessionExpired => "odoo.http.SessionExpiredException",
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
    /// Where it was raised, for the synthetic traceback.
    frame: Frame,
    /// The exception this one was raised from or while handling.
    context: Option<(Link, Box<OdooError>)>,
    /// The exception's own `context` attribute, which JSON bodies carry
    /// (`ir.rule._make_access_error`'s `suggested_company`).
    error_context: Option<Map>,
}

/// How two chained exceptions are linked in a traceback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Link {
    /// `raise … from exc`.
    Cause,
    /// A `raise` inside an `except` block.
    During,
}

/// The result of anything that can raise.
pub(crate) type OResult<T> = Result<T, OdooError>;

/// Where in Odoo an exception is raised: the last frame of its synthetic traceback. The
/// paths and lines are those of Odoo 19 installed in `/opt/odoo`; clients only ever read the
/// last line, and tests compare tracebacks without paths and line numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Frame {
    /// Inside a method's body, called from `call_kw`.
    CallKw,
    /// `ids, args = args[0], args[1:]` of a record method called without arguments.
    CallKwIds,
    /// `result.id if isinstance(args[0], Mapping) …` of a `create` given no positional argument.
    CallKwCreate,
    /// `execute_cr`: `Object … doesn't exist`.
    ExecuteCr,
    /// `get_public_method`: an unknown method.
    GetPublicMethod,
    /// `get_public_method`: a private method.
    GetPublicMethodPrivate,
    /// `search_read` calling `_read_format(fnames=fields, **read_kwargs)`.
    SearchRead,
    /// The dispatchers of `odoo/service`: `common.dispatch`, `db.dispatch`, `model.dispatch`.
    Dispatch(&'static str),
    /// `dispatch_rpc`: `rpc_dispatchers[service_name]`.
    DispatchRpc,
    /// The JSON-RPC controller called by `ir.http._dispatch`.
    JsonRpcEndpoint,
    /// The JSON-RPC dispatcher building the parameters.
    JsonRpcParams,
    /// JSON-2: `request.env[__model__]`.
    Json2Model,
    /// JSON-2: `get_public_method` failed.
    Json2Method,
    /// JSON-2: `cannot call … with ids`.
    Json2Ids,
    /// JSON-2: `signature.bind(records, **kwargs)` failed.
    Json2Bind,
    /// `inspect.Signature._bind`.
    InspectBind,
    /// `Registry(db)` of an unknown database.
    Registry,
    /// `psycopg2.connect` of an unknown database.
    Connect,
    /// `xmlrpc.client.dump_nil`.
    DumpNil,
}

impl Frame {
    fn text(self) -> String {
        let (file, line, function, code) = match self {
            Frame::CallKw => ("odoo/service/model.py", 93, "call_kw", "result = method(recs, *args, **kwargs)"),
            Frame::CallKwIds => ("odoo/service/model.py", 84, "call_kw", "ids, args = args[0], args[1:]"),
            Frame::CallKwCreate => ("odoo/service/model.py", 98, "call_kw", "result = result.id if isinstance(args[0], Mapping) else result.ids"),
            Frame::ExecuteCr => ("odoo/service/model.py", 143, "execute_cr", "raise UserError(f\"Object {obj} doesn't exist\")  # pylint: disable=missing-gettext"),
            Frame::GetPublicMethod => ("odoo/service/model.py", 59, "get_public_method", "raise AttributeError(f\"The method '{model._name}.{name}' does not exist\")  # noqa: TRY004"),
            Frame::GetPublicMethodPrivate => ("odoo/service/model.py", 54, "get_public_method", "raise AccessError(e)"),
            Frame::SearchRead => ("odoo/orm/models.py", 5785, "search_read", "return records._read_format(fnames=fields, **read_kwargs)"),
            Frame::Dispatch(file) => (file, 60, "dispatch", "return g[exp_method_name](*params)"),
            Frame::DispatchRpc => ("odoo/http.py", 438, "dispatch_rpc", "dispatch = rpc_dispatchers[service_name]"),
            Frame::JsonRpcEndpoint => ("odoo/http.py", 788, "route_wrapper", "result = endpoint(self, *args, **params_ok)"),
            Frame::JsonRpcParams => ("odoo/http.py", 2540, "dispatch", "self.request.params = dict(self.jsonrequest.get('params', {}), **args)"),
            Frame::Json2Model => ("addons/rpc/controllers/json2.py", 69, "web_json_2_rpc", "raise NotFound(e) from exc"),
            Frame::Json2Method => ("addons/rpc/controllers/json2.py", 74, "web_json_2_rpc", "raise NotFound(exc.args[0]) from exc"),
            Frame::Json2Ids => ("addons/rpc/controllers/json2.py", 77, "web_json_2_rpc", "raise UnprocessableEntity(e)"),
            Frame::Json2Bind => ("addons/rpc/controllers/json2.py", 84, "web_json_2_rpc", "raise UnprocessableEntity(exc.args[0])"),
            Frame::InspectBind => ("/usr/lib/python3.11/inspect.py", 3212, "bind", "return self._bind(args, kwargs)"),
            Frame::Registry => ("odoo/orm/registry.py", 118, "__new__", "return cls.registries[db_name]"),
            Frame::Connect => ("odoo/sql_db.py", 687, "borrow", "result = psycopg2.connect("),
            Frame::DumpNil => ("/usr/lib/python3.11/xmlrpc/client.py", 540, "dump_nil", "raise TypeError(\"cannot marshal None unless allow_none is enabled\")"),
        };
        let path = if file.starts_with('/') {
            file.to_owned()
        } else {
            format!("/opt/odoo/src/{file}")
        };
        format!("  File \"{path}\", line {line}, in {function}\n    {code}\n")
    }
}

impl OdooError {
    pub(crate) fn new(class: Class, message: impl Into<String>) -> OdooError {
        OdooError {
            class,
            message: message.into(),
            frame: Frame::CallKw,
            context: None,
            error_context: None,
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
        OdooError::new(
            Class::OperationalError,
            format!(
                "connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"{db}\" does not exist\n"
            ),
        )
        .with_frame(Frame::Connect)
        .during(OdooError::new(Class::KeyError, db).with_frame(Frame::Registry))
    }

    /// The same exception (and those chained before it) with each message `f` gives a new
    /// text for replaced: how an older Odoo words it ([`crate::version::Dialect::reword`]).
    pub(crate) fn map_messages(mut self, f: &dyn Fn(Class, &str) -> Option<String>) -> OdooError {
        if let Some(m) = f(self.class, &self.message) {
            self.message = m;
        }
        if let Some((link, ctx)) = self.context.take() {
            self.context = Some((link, Box::new(ctx.map_messages(f))));
        }
        self
    }

    /// This exception with its `context` attribute set.
    pub(crate) fn with_error_context(mut self, context: Map) -> OdooError {
        self.error_context = Some(context);
        self
    }

    pub(crate) fn with_frame(mut self, frame: Frame) -> OdooError {
        self.frame = frame;
        self
    }

    /// This exception, raised `from cause`.
    pub(crate) fn caused_by(mut self, cause: OdooError) -> OdooError {
        self.context = Some((Link::Cause, Box::new(cause)));
        self
    }

    /// This exception, raised while handling `context`.
    pub(crate) fn during(mut self, context: OdooError) -> OdooError {
        self.context = Some((Link::During, Box::new(context)));
        self
    }

    /// `str(e)`: werkzeug exceptions print their code and name first.
    pub(crate) fn str(&self) -> String {
        match self.class.http_code() {
            Some((code, name)) => format!("{code} {name}: {}", self.message),
            // `str(KeyError('x'))` is `"'x'"`; its argument (`message`) is `x`. The message
            // `None` stands for `KeyError(None)` (17's and 18's missing comodel), printed bare.
            None if self.class == Class::KeyError && self.message != "None" => {
                crate::pyrepr::str_repr(&self.message)
            }
            None => self.message.clone(),
        }
    }

    /// A Python-looking traceback whose last line is `Class: message`, as
    /// `traceback.format_exception` writes it.
    pub(crate) fn traceback(&self) -> String {
        let mut out = String::new();
        if let Some((link, ctx)) = &self.context {
            out.push_str(&ctx.traceback());
            out.push_str(match link {
                Link::During => {
                    "\nDuring handling of the above exception, another exception occurred:\n\n"
                }
                Link::Cause => {
                    "\nThe above exception was the direct cause of the following exception:\n\n"
                }
            });
        }
        out.push_str("Traceback (most recent call last):\n");
        out.push_str(&self.frame.text());
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
            // `exception_to_unicode(e)`: the exception's arguments.
            _ => (FaultCode::String(self.message.clone()), self.traceback()),
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

    /// `serialize_exception`: `{name, message, arguments, context, debug}`, as Odoo 19
    /// writes it.
    pub(crate) fn json_body(&self) -> Value {
        self.json_body_with(true)
    }

    /// [`OdooError::json_body`]; `hide_access_denied` says whether an `AccessDenied` shows
    /// no traceback (19's `traceback.format_exception(exception)` reads the `__traceback__`
    /// that `AccessDenied.__init__` empties; 17's and 18's `traceback.format_exc()` does not).
    fn json_body_with(&self, hide_access_denied: bool) -> Value {
        let mut arguments = vec![Value::from(self.message.as_str())];
        if let Some((code, _)) = self.class.http_code() {
            arguments.push(Value::from(i64::from(code)));
        }
        let debug = match self.class {
            // AccessDenied hides its traceback (`odoo.exceptions.AccessDenied.__init__`).
            Class::AccessDenied if hide_access_denied => {
                format!("odoo.exceptions.AccessDenied: {}\n", self.message)
            }
            _ => self.traceback(),
        };
        let mut m = Map::new();
        m.insert("name".into(), self.class.qualified().into());
        m.insert("message".into(), self.message.clone().into());
        m.insert("arguments".into(), Value::Array(arguments));
        m.insert(
            "context".into(),
            Value::Struct(self.error_context.clone().unwrap_or_default()),
        );
        m.insert("debug".into(), debug.into());
        Value::Struct(m)
    }

    /// The `error` member of a JSON-RPC response; `server_error_code` is the `code` of a
    /// server error (0 on Odoo 19, 200 before), `hide_access_denied` as in
    /// [`OdooError::json_body_with`].
    pub(crate) fn jsonrpc_error(&self, server_error_code: i64, hide_access_denied: bool) -> Value {
        let (code, message) = match self.class {
            Class::NotFound => (404, "404: Not Found"),
            Class::SessionExpired => (100, "Odoo Session Expired"),
            _ => (server_error_code, "Odoo Server Error"),
        };
        let mut m = Map::new();
        m.insert("code".into(), Value::Int(code));
        m.insert("message".into(), message.into());
        m.insert("data".into(), self.json_body_with(hide_access_denied));
        Value::Struct(m)
    }

    /// The error a direct call ([`crate::TestServer::call`]) returns.
    pub(crate) fn into_error(self) -> crate::error::Error {
        let message = self.str();
        let traceback = self.traceback();
        crate::error::Error::exception(self.class.qualified(), message, traceback)
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
