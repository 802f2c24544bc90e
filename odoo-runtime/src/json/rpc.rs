//! JSON-RPC: `POST /jsonrpc` with `{"jsonrpc": "2.0", "method": "call", "params": {service,
//! method, args}, "id"}`, the same services and arguments as XML-RPC; errors come as
//! `{"error": {…, "data": {name, message, debug}}}` (see [`super::error`]).

use std::sync::atomic::Ordering;

use std::fmt;

use serde::de::{self, DeserializeOwned, Visitor};
use serde::Serialize;

use super::codec::{json_decode_error, to_vec, OdooDeserializer};
use super::error::JsonRpcError;
use crate::error::{Error, ErrorKind};
use crate::protocol::wire::Protocol;
use crate::protocol::wire::{looks_like_json, positional, uid, ExecuteKw, Message, Session, Wire};
use crate::transport::http::Replay;
use crate::transport::status::{http_status_error, not_protocol_error};
use crate::transport::{Auth, HttpRequest, HttpResponse};

/// The JSON-RPC protocol.
pub(crate) struct JsonRpc;

#[derive(Serialize)]
struct Envelope<'a, P> {
    jsonrpc: &'static str,
    method: &'static str,
    params: EnvelopeParams<'a, P>,
    id: u64,
}

#[derive(Serialize)]
struct EnvelopeParams<'a, P> {
    service: &'a str,
    method: &'a str,
    args: &'a P,
}

fn envelope<P: Serialize>(
    session: &Session<'_>,
    service: &str,
    method: &str,
    args: &P,
) -> Result<Vec<u8>, Error> {
    to_vec(&Envelope {
        jsonrpc: "2.0",
        method: "call",
        params: EnvelopeParams {
            service,
            method,
            args,
        },
        id: session.request_ids.fetch_add(1, Ordering::Relaxed),
    })
}

impl Wire for JsonRpc {
    const NAME: &'static str = "JSON-RPC";
    const PROTOCOL: Protocol = Protocol::JsonRpc;
    const FRAMING: crate::protocol::streamed::Framing =
        crate::protocol::streamed::Framing::Json(super::frame::Envelope::JsonRpc);

    fn request(&self, session: &Session<'_>, message: &Message<'_>) -> Result<HttpRequest, Error> {
        let (method, body) = match message {
            Message::Common(common) => {
                let method = common.method();
                (
                    method,
                    envelope(session, "common", method, &common.args(session))?,
                )
            }
            Message::Execute(execute) => {
                let p = positional(session, execute)?;
                let params: ExecuteKw<'_> = (
                    session.database,
                    uid(execute)?,
                    session.secret.expose(),
                    execute.model,
                    execute.method,
                    &p.args,
                    &p.kwargs,
                );
                (
                    execute.method,
                    envelope(session, "object", "execute_kw", &params)?,
                )
            }
        };
        Ok(HttpRequest::post(
            format!("{}/jsonrpc", session.url),
            "application/json",
            body,
            Auth::InBody,
            Replay::of_method(method),
        ))
    }

    fn decode<T: DeserializeOwned>(
        &self,
        _message: &Message<'_>,
        response: &HttpResponse,
    ) -> Result<T, Error> {
        if response.status != 200 {
            return Err(http_status_error(response));
        }
        decode_jsonrpc_response(&response.body).map_err(|e| {
            if e.kind() == ErrorKind::Decode && !looks_like_json(&response.body) {
                not_protocol_error(Self::NAME, response)
            } else {
                e
            }
        })
    }
}

/// The body of a JSON-RPC response: `{"result": …}` or `{"error": {…, "data": {name, message,
/// debug}}}`.
pub(crate) fn decode_jsonrpc_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let envelope = de::Deserializer::deserialize_map(
        OdooDeserializer(&mut de),
        AnswerVisitor::<T>(std::marker::PhantomData),
    )
    .map_err(json_decode_error)?;
    de.end().map_err(json_decode_error)?;
    match envelope {
        Answer::Result(t) => Ok(t),
        Answer::Error(e) => Err(e.into_error(None)),
        // Odoo leaves `result` out when a method returns None (`action_archive`, …).
        Answer::Neither { jsonrpc: true } => {
            let mut null = serde_json::Deserializer::from_slice(b"null");
            T::deserialize(OdooDeserializer(&mut null)).map_err(json_decode_error)
        }
        Answer::Neither { jsonrpc: false } => Err(Error::decode_message(
            "a JSON-RPC response with neither `result` nor `error`",
        )),
    }
}

enum Answer<T> {
    Result(T),
    Error(JsonRpcError),
    /// No `result` and no `error`: with `"jsonrpc"`, Odoo's answer for a method that returned
    /// None; without it, not a JSON-RPC response.
    Neither {
        jsonrpc: bool,
    },
}

struct AnswerVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for AnswerVisitor<T> {
    type Value = Answer<T>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON-RPC response object")
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Answer<T>, A::Error> {
        let mut out = Answer::Neither { jsonrpc: false };
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match &*key {
                "result" => out = Answer::Result(map.next_value()?),
                "error" => out = Answer::Error(map.next_value()?),
                "jsonrpc" => {
                    map.next_value::<de::IgnoredAny>()?;
                    if let Answer::Neither { jsonrpc } = &mut out {
                        *jsonrpc = true;
                    }
                }
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use super::*;
    use crate::protocol::conventions::CallingConventions;
    use crate::protocol::wire::{Common, Execute, Params};
    use crate::secret::Secret;
    use crate::value::{Map, Value};

    fn sent(message: &Message<'_>) -> serde_json::Value {
        let secret = Secret::new("pw".into());
        let ids = AtomicU64::new(7);
        let session = Session {
            url: "http://odoo.test",
            database: "odoo19",
            login: "admin",
            secret: &secret,
            conventions: &CallingConventions::ODOO_16_TO_19,
            request_ids: &ids,
        };
        let r = JsonRpc.request(&session, message).unwrap();
        assert_eq!(r.url, "http://odoo.test/jsonrpc");
        serde_json::from_slice(&r.body.unwrap().bytes).unwrap()
    }

    /// Odoo runs `exp_version(*args)`: a `null` there is a `TypeError`.
    #[test]
    fn version_sends_an_empty_list_never_null() {
        assert_eq!(
            sent(&Message::Common(Common::Version)),
            serde_json::json!({"jsonrpc": "2.0", "method": "call", "id": 7,
                "params": {"service": "common", "method": "version", "args": []}})
        );
    }

    #[test]
    fn authenticate_sends_db_login_password_and_an_empty_object() {
        assert_eq!(
            sent(&Message::Common(Common::Authenticate))["params"]["args"],
            serde_json::json!(["odoo19", "admin", "pw", {}])
        );
    }

    #[test]
    fn execute_kw_sends_the_conventions_args() {
        let vals = vec![(
            "vals_list".to_owned(),
            Value::from(vec![Value::Struct(
                [("name".to_owned(), Value::from("A"))]
                    .into_iter()
                    .collect(),
            )]),
        )];
        let body = sent(&Message::Execute(Execute {
            model: "res.partner",
            method: "create",
            uid: Some(2),
            params: Params::Named {
                ids: None,
                params: &vals,
                context: Map::new(),
            },
        }));
        assert_eq!(body["params"]["service"], "object");
        assert_eq!(body["params"]["method"], "execute_kw");
        assert_eq!(
            body["params"]["args"],
            serde_json::json!(["odoo19", 2, "pw", "res.partner", "create", [[{"name": "A"}]], {}])
        );
    }
}

#[cfg(test)]
mod envelope_tests {
    use super::*;

    #[test]
    fn jsonrpc_envelope() {
        let v: i64 = decode_jsonrpc_response(br#"{"jsonrpc":"2.0","id":1,"result":2}"#).unwrap();
        assert_eq!(v, 2);
        let e = decode_jsonrpc_response::<i64>(
            br#"{"jsonrpc":"2.0","id":1,"error":{"code":0,"message":"Odoo Server Error","data":{"name":"odoo.exceptions.MissingError","message":"gone","debug":"tb"}}}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::MissingRecord);
        assert_eq!(e.traceback(), Some("tb"));
    }
}
