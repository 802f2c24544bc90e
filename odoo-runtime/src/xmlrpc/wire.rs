//! XML-RPC: `POST /xmlrpc/2/common` (`version`, `authenticate`) and `POST /xmlrpc/2/object`
//! (`execute_kw(db, uid, password, model, method, args, kwargs)`), bodies byte for byte as
//! Python's `xmlrpc.client` writes them; faults carry an integer code (see
//! [`super::fault`]).

use serde::de::DeserializeOwned;

use super::codec::{decode_response, encode_call};
use crate::error::Error;
use crate::protocol::wire::Protocol;
use crate::protocol::wire::{positional, uid, ExecuteKw, Message, Session, Wire};
use crate::transport::http::Replay;
use crate::transport::status::{http_status_error, not_protocol_error};
use crate::transport::{Auth, HttpRequest, HttpResponse};

/// The XML-RPC protocol.
pub(crate) struct XmlRpc;

impl Wire for XmlRpc {
    const NAME: &'static str = "XML-RPC";
    const PROTOCOL: Protocol = Protocol::XmlRpc;
    const FRAMING: crate::protocol::streamed::Framing = crate::protocol::streamed::Framing::XmlRpc;

    fn request(&self, session: &Session<'_>, message: &Message<'_>) -> Result<HttpRequest, Error> {
        let (service, method, body) = match message {
            Message::Common(common) => {
                let method = common.method();
                let body = encode_call(method, &common.args(session))?;
                ("common", method, body)
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
                let body = encode_call("execute_kw", &params)?;
                ("object", execute.method, body)
            }
        };
        Ok(HttpRequest::post(
            format!("{}/xmlrpc/2/{service}", session.url),
            "text/xml",
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
        if !looks_like_xml(&response.body) {
            return Err(not_protocol_error(Self::NAME, response));
        }
        decode_response(&response.body).map_err(explain_none)
    }
}

/// Odoo's XML-RPC cannot send `None` (it marshals without `allow_none`): a method that
/// returns nothing (`action_archive`, `message_subscribe`, …) ran, and committed, but its
/// answer is this fault.
fn explain_none(e: Error) -> Error {
    if e.server_message() == Some("cannot marshal None unless allow_none is enabled") {
        e.with_sentence(
            "the method ran and returned None, which Odoo's XML-RPC cannot send; its changes \
             are saved (over JSON-RPC and JSON-2 the same call returns null)",
        )
    } else {
        e
    }
}

/// Whether a body starts like an XML-RPC response (a proxy's HTML page does not).
fn looks_like_xml(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let rest = &body[start..];
    rest.starts_with(b"<?xml") || rest.starts_with(b"<methodResponse")
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use super::*;
    use crate::protocol::conventions::CallingConventions;
    use crate::protocol::wire::{Common, Execute, Params};
    use crate::secret::Secret;
    use crate::value::{Map, Value};
    use crate::xmlrpc::codec::decode_call;

    fn with_session<R>(f: impl FnOnce(&Session<'_>) -> R) -> R {
        let secret = Secret::new("pw".into());
        let ids = AtomicU64::new(1);
        f(&Session {
            url: "http://odoo.test",
            database: "odoo19",
            login: "admin",
            secret: &secret,
            conventions: &CallingConventions::ODOO_16_TO_19,
            request_ids: &ids,
        })
    }

    fn body(r: &HttpRequest) -> String {
        String::from_utf8(r.body.as_ref().unwrap().bytes.to_vec()).unwrap()
    }

    /// The bytes of `../shared/odoo19/xmlrpc/001-version.request.xml`.
    #[test]
    fn version_is_a_call_without_params() {
        let r = with_session(|s| XmlRpc.request(s, &Message::Common(Common::Version))).unwrap();
        assert_eq!(r.url, "http://odoo.test/xmlrpc/2/common");
        assert_eq!(
            body(&r),
            "<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n"
        );
        assert_eq!(r.replay, Replay::Safe);
    }

    /// The layout of `002-authenticate.request.xml`: db, login, password, `{}`.
    #[test]
    fn authenticate_sends_db_login_password_and_an_empty_struct() {
        let r =
            with_session(|s| XmlRpc.request(s, &Message::Common(Common::Authenticate))).unwrap();
        let (method, params) = decode_call(r.body.as_ref().unwrap().bytes.as_ref()).unwrap();
        assert_eq!(method, "authenticate");
        assert_eq!(
            params,
            [
                Value::from("odoo19"),
                "admin".into(),
                "pw".into(),
                Value::Struct(Map::new())
            ]
        );
        assert!(
            body(&r).ends_with(
                "<param>\n<value><struct>\n</struct></value>\n</param>\n</params>\n</methodCall>\n"
            ),
            "{}",
            body(&r)
        );
    }

    #[test]
    fn execute_kw_puts_the_conventions_args_and_kwargs_last() {
        let params = vec![
            ("domain".to_owned(), Value::Array(vec![])),
            ("limit".to_owned(), Value::from(5)),
        ];
        let r = with_session(|s| {
            XmlRpc.request(
                s,
                &Message::Execute(Execute {
                    model: "res.partner",
                    method: "search",
                    uid: Some(2),
                    params: Params::Named {
                        ids: None,
                        params: &params,
                        context: Map::new(),
                    },
                }),
            )
        })
        .unwrap();
        assert_eq!(r.url, "http://odoo.test/xmlrpc/2/object");
        let (method, sent) = decode_call(r.body.as_ref().unwrap().bytes.as_ref()).unwrap();
        assert_eq!(method, "execute_kw");
        assert_eq!(
            sent,
            [
                Value::from("odoo19"),
                2.into(),
                "pw".into(),
                "res.partner".into(),
                "search".into(),
                Value::from(vec![Value::Array(vec![])]),
                Value::Struct([("limit".to_owned(), Value::from(5))].into_iter().collect()),
            ]
        );
    }

    #[test]
    fn an_html_page_is_not_xml_rpc() {
        let page = HttpResponse {
            status: 200,
            content_type: "text/html".into(),
            body: b"<!DOCTYPE html><html></html>".to_vec(),
            url: "http://odoo.test/xmlrpc/2/common".into(),
            retry_after: None,
            etag: None,
            streamed: false,
        };
        let e = XmlRpc
            .decode::<Value>(&Message::Common(Common::Version), &page)
            .unwrap_err();
        assert!(e.to_string().contains("not XML-RPC"), "{e}");
    }
}
