//! What every protocol module shares: the [`Protocol`] names, the [`Session`] (who calls
//! which server), the [`Message`] (what is asked), and the [`Wire`] trait each protocol
//! implements.

use std::fmt;
use std::sync::atomic::AtomicU64;

use serde::de::DeserializeOwned;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;

use super::conventions::{CallingConventions, Positional};
use super::streamed;
use crate::error::Error;
use crate::secret::Secret;
use crate::transport::{HttpRequest, HttpResponse};
use crate::value::{Map, Value};

/// The wire protocol a [`Client`](crate::Client) speaks.
///
/// One typed API serves all three: switching the protocol on the builder changes no call site.
///
/// ```
/// use odoo_runtime::Protocol;
/// assert_eq!("json-2".parse::<Protocol>().unwrap(), Protocol::Json2);
/// assert_eq!(Protocol::XmlRpc.to_string(), "xmlrpc");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `/xmlrpc/2/common` and `/xmlrpc/2/object`: every Odoo version; deprecated in Odoo 19,
    /// to be removed in Odoo 22.
    XmlRpc,
    /// `/jsonrpc`: every Odoo version; deprecated in Odoo 19 like XML-RPC.
    JsonRpc,
    /// `/json/2/<model>/<method>` with an API key: Odoo 19 and later.
    Json2,
}

impl Protocol {
    /// The protocol's name as the CLI and the docs write it: `xmlrpc`, `jsonrpc`, `json2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::XmlRpc => "xmlrpc",
            Protocol::JsonRpc => "jsonrpc",
            Protocol::Json2 => "json2",
        }
    }

    /// Whether a model call carries the user id, so the client authenticates first. JSON-2
    /// does not: its API key is the user.
    pub(crate) fn carries_uid(self) -> bool {
        self != Protocol::Json2
    }
}

impl std::str::FromStr for Protocol {
    type Err = Error;
    fn from_str(s: &str) -> Result<Protocol, Error> {
        match s.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "xmlrpc" => Ok(Protocol::XmlRpc),
            "jsonrpc" => Ok(Protocol::JsonRpc),
            "json2" => Ok(Protocol::Json2),
            _ => Err(Error::builder(format!(
                "unknown protocol `{s}`: expected `xmlrpc`, `jsonrpc` or `json2`"
            ))),
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who is calling which server: what a protocol needs besides the message.
pub(crate) struct Session<'a> {
    /// The base URL, without a trailing `/`.
    pub(crate) url: &'a str,
    pub(crate) database: &'a str,
    pub(crate) login: &'a str,
    pub(crate) secret: &'a Secret,
    pub(crate) conventions: &'static CallingConventions,
    /// JSON-RPC request ids.
    pub(crate) request_ids: &'a AtomicU64,
}

/// What the client asks of the server.
pub(crate) enum Message<'a> {
    /// A call of the `common` service.
    Common(Common),
    /// A model method.
    Execute(Execute<'a>),
}

/// The calls of the `common` service the client makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Common {
    /// `version()`: no authentication.
    Version,
    /// The user id of the credentials, or `false` when they are wrong.
    Authenticate,
}

/// A call of `model.method`.
pub(crate) struct Execute<'a> {
    pub(crate) model: &'a str,
    pub(crate) method: &'a str,
    /// The authenticated user, for the protocols that [carry it](Protocol::carries_uid).
    pub(crate) uid: Option<i64>,
    pub(crate) params: Params<'a>,
}

/// A model method's parameters.
pub(crate) enum Params<'a> {
    /// A [`Call`](crate::Call): ids, named parameters, and the merged context.
    Named {
        ids: Option<&'a [i64]>,
        params: &'a [(String, Value)],
        context: Map,
    },
    /// `execute_kw`'s own `args` and `kwargs` (XML-RPC and JSON-RPC only).
    Positional(Positional),
}

impl Message<'_> {
    /// The service, model and method, for logs.
    pub(crate) fn target(&self) -> (&str, &str) {
        match self {
            Message::Common(c) => ("", c.method()),
            Message::Execute(e) => (e.model, e.method),
        }
    }
}

/// One protocol: a message becomes a request, and an answer a value or an error.
pub(crate) trait Wire {
    /// The protocol's name in messages: `XML-RPC`, `JSON-RPC`, `JSON-2`.
    const NAME: &'static str;
    /// The protocol as the builder names it.
    const PROTOCOL: Protocol;
    /// Where the list of a long answer sits, to decode it as it arrives.
    const FRAMING: streamed::Framing;

    /// The request for `message`.
    fn request(&self, session: &Session<'_>, message: &Message<'_>) -> Result<HttpRequest, Error>;

    /// The answer to `message`, decoded into `T`, or the server's error.
    fn decode<T: DeserializeOwned>(
        &self,
        message: &Message<'_>,
        response: &HttpResponse,
    ) -> Result<T, Error>;
}

impl Common {
    /// The method's name on the `common` service.
    pub(crate) fn method(self) -> &'static str {
        match self {
            Common::Version => "version",
            Common::Authenticate => "authenticate",
        }
    }

    /// Its arguments.
    pub(crate) fn args<'a>(self, session: &'a Session<'a>) -> CommonArgs<'a> {
        match self {
            Common::Version => CommonArgs::None,
            Common::Authenticate => CommonArgs::Authenticate(session),
        }
    }
}

/// The arguments of a `common` service call: always a list (Odoo calls `exp_<method>(*args)`,
/// so a `null` fails with a `TypeError`).
pub(crate) enum CommonArgs<'a> {
    /// `version()`.
    None,
    /// `authenticate(db, login, password, user_agent_env)`.
    Authenticate(&'a Session<'a>),
}

impl Serialize for CommonArgs<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            CommonArgs::None => s.serialize_seq(Some(0))?.end(),
            CommonArgs::Authenticate(session) => {
                let mut seq = s.serialize_seq(Some(4))?;
                seq.serialize_element(session.database)?;
                seq.serialize_element(session.login)?;
                seq.serialize_element(session.secret.expose())?;
                seq.serialize_element(&Map::new())?;
                seq.end()
            }
        }
    }
}

/// The parameters of `object.execute_kw`: `db, uid, password, model, method, args, kwargs`.
pub(crate) type ExecuteKw<'a> = (
    &'a str,
    i64,
    &'a str,
    &'a str,
    &'a str,
    &'a [Value],
    &'a Map,
);

/// `execute_kw`'s `args` and `kwargs` for a model call, by the session's calling conventions.
pub(crate) fn positional(
    session: &Session<'_>,
    execute: &Execute<'_>,
) -> Result<Positional, Error> {
    match &execute.params {
        Params::Named {
            ids,
            params,
            context,
        } => {
            session
                .conventions
                .split(execute.model, execute.method, *ids, params, context.clone())
        }
        Params::Positional(p) => Ok(p.clone()),
    }
}

/// The uid of a model call over a protocol that carries it.
pub(crate) fn uid(execute: &Execute<'_>) -> Result<i64, Error> {
    execute.uid.ok_or_else(|| {
        Error::builder(format!(
            "{}.{}: no user id to call with (authenticate first)",
            execute.model, execute.method
        ))
    })
}

/// Whether a body starts like JSON (a proxy's HTML page does not).
pub(crate) fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().copied().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[' | b'"' | b't' | b'f' | b'n' | b'-' | b'0'..=b'9')
    )
}
