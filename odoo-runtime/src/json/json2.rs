//! JSON-2 (Odoo 19+): `POST /json/2/<model>/<method>` with a JSON object of named arguments
//! (`ids`, `context`, then the method's own parameters), the API key as `Authorization:
//! bearer` and the database as `X-Odoo-Database`. Errors are HTTP statuses with a body
//! `{name, message, arguments, context, debug}`.
//!
//! JSON-2 has no `common` service: the version is asked over XML-RPC, and the key itself is
//! the user, whose id `res.users.context_get` names.

use serde::de::DeserializeOwned;

use super::codec::{from_slice, to_vec};
use super::error::decode_json2_error;
use crate::error::Error;
use crate::protocol::wire::Protocol;
use crate::protocol::wire::{looks_like_json, Common, Message, Params, Session, Wire};
use crate::transport::http::Replay;
use crate::transport::status::{http_status_error, not_protocol_error};
use crate::transport::{Auth, HttpRequest, HttpResponse};
use crate::value::{Map, Value};
use crate::xmlrpc::wire::XmlRpc;

/// The JSON-2 protocol.
pub(crate) struct Json2;

impl Wire for Json2 {
    const NAME: &'static str = "JSON-2";
    const PROTOCOL: Protocol = Protocol::Json2;
    const FRAMING: crate::protocol::streamed::Framing =
        crate::protocol::streamed::Framing::Json(super::frame::Envelope::Bare);

    fn request(&self, session: &Session<'_>, message: &Message<'_>) -> Result<HttpRequest, Error> {
        let (model, method, body) = match message {
            Message::Common(Common::Version) => return XmlRpc.request(session, message),
            Message::Common(Common::Authenticate) => ("res.users", "context_get", Map::new()),
            Message::Execute(execute) => {
                let Params::Named {
                    ids,
                    params,
                    context,
                } = &execute.params
                else {
                    return Err(Error::encode(format!(
                        "{}.{}: JSON-2 takes named parameters only; use Client::call",
                        execute.model, execute.method
                    )));
                };
                let mut body = Map::new();
                if let Some(ids) = ids {
                    body.insert("ids".into(), ids.iter().copied().map(Value::Int).collect());
                }
                if !context.is_empty() {
                    body.insert("context".into(), Value::Struct(context.clone()));
                }
                for (k, v) in params.iter() {
                    body.insert(k.clone(), v.clone());
                }
                (execute.model, execute.method, body)
            }
        };
        Ok(HttpRequest::post(
            format!("{}/json/2/{model}/{method}", session.url),
            "application/json",
            to_vec(&body)?,
            Auth::Bearer,
            Replay::of_method(method),
        ))
    }

    fn decode<T: DeserializeOwned>(
        &self,
        message: &Message<'_>,
        response: &HttpResponse,
    ) -> Result<T, Error> {
        match message {
            Message::Common(Common::Version) => XmlRpc.decode(message, response),
            Message::Common(Common::Authenticate) => {
                // The key is the user: its context names the uid.
                let context: Map = decode_body(response)?;
                context
                    .get("uid")
                    .cloned()
                    .unwrap_or(Value::Bool(false))
                    .deserialize_into()
            }
            Message::Execute(_) => decode_body(response),
        }
    }
}

fn decode_body<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, Error> {
    if response.status != 200 {
        return Err(decode_json2_error(response.status, &response.body)
            .unwrap_or_else(|| http_status_error(response)));
    }
    from_slice(&response.body).map_err(|e| {
        if looks_like_json(&response.body) {
            e
        } else {
            not_protocol_error(Json2::NAME, response)
        }
    })
}

/// `GET /doc-bearer/<model>.json`: Odoo 19's documentation of one model, unless it is still
/// the one of `etag`.
pub(crate) fn api_doc_request(
    session: &Session<'_>,
    model: &str,
    etag: Option<&str>,
) -> HttpRequest {
    let mut request = HttpRequest::get(
        format!("{}/doc-bearer/{model}.json", session.url),
        Auth::Bearer,
        Replay::Safe,
    );
    request.if_none_match = etag.map(str::to_owned);
    // Uncompressed, so that the `ETag` survives a proxy's gzip: a 304 next time saves the
    // server rendering the documentation (0.5–2 s), which gzip's saving on the link does not.
    request.uncompressed = true;
    request
}

/// The model documentation in an answer to [`api_doc_request`], with its `ETag`; `None` for
/// `304 Not Modified`.
pub(crate) fn decode_api_doc(
    response: &HttpResponse,
) -> Result<Option<crate::schema::Model>, Error> {
    if response.status == 304 {
        return Ok(None);
    }
    if response.status != 200 {
        return Err(decode_json2_error(response.status, &response.body)
            .unwrap_or_else(|| http_status_error(response)));
    }
    if !looks_like_json(&response.body) {
        return Err(not_protocol_error("JSON", response));
    }
    let mut model = crate::schema::Model::from_api_doc(&response.body)?;
    model.methods_etag = response.etag.clone();
    Ok(Some(model))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicU64;

    use super::*;
    use crate::protocol::conventions::{CallingConventions, Positional};
    use crate::protocol::wire::Execute;
    use crate::secret::Secret;

    fn request(message: &Message<'_>) -> Result<HttpRequest, Error> {
        let secret = Secret::new("key".into());
        let ids = AtomicU64::new(1);
        Json2.request(
            &Session {
                url: "http://odoo.test",
                database: "odoo19",
                login: "admin",
                secret: &secret,
                conventions: &CallingConventions::ODOO_16_TO_19,
                request_ids: &ids,
            },
            message,
        )
    }

    fn body(r: &HttpRequest) -> serde_json::Value {
        serde_json::from_slice(&r.body.as_ref().unwrap().bytes).unwrap()
    }

    #[test]
    fn a_call_posts_its_named_parameters_with_ids_and_context() {
        let params = vec![("fields".to_owned(), Value::from(vec![Value::from("name")]))];
        let r = request(&Message::Execute(Execute {
            model: "res.partner",
            method: "read",
            uid: None,
            params: Params::Named {
                ids: Some(&[3, 4]),
                params: &params,
                context: [("lang".to_owned(), Value::from("fr_FR"))]
                    .into_iter()
                    .collect(),
            },
        }))
        .unwrap();
        assert_eq!(r.url, "http://odoo.test/json/2/res.partner/read");
        assert_eq!(r.auth, Auth::Bearer);
        assert_eq!(
            body(&r),
            serde_json::json!({"ids": [3, 4], "context": {"lang": "fr_FR"}, "fields": ["name"]})
        );
        assert!(
            !String::from_utf8_lossy(&r.body.unwrap().bytes).contains("key"),
            "the key goes in a header"
        );
    }

    #[test]
    fn the_version_goes_over_xml_rpc_and_the_uid_comes_from_context_get() {
        let r = request(&Message::Common(Common::Version)).unwrap();
        assert_eq!(r.url, "http://odoo.test/xmlrpc/2/common");
        let r = request(&Message::Common(Common::Authenticate)).unwrap();
        assert_eq!(r.url, "http://odoo.test/json/2/res.users/context_get");
        assert_eq!(body(&r), serde_json::json!({}));
        let answer = HttpResponse {
            status: 200,
            content_type: "application/json".into(),
            body: br#"{"lang": "en_US", "tz": "Europe/Brussels", "uid": 2}"#.to_vec(),
            url: r.url,
            retry_after: None,
            etag: None,
            streamed: false,
        };
        let uid: Value = Json2
            .decode(&Message::Common(Common::Authenticate), &answer)
            .unwrap();
        assert_eq!(uid, Value::Int(2));
    }

    #[test]
    fn positional_arguments_are_refused() {
        let e = request(&Message::Execute(Execute {
            model: "res.partner",
            method: "search",
            uid: None,
            params: Params::Positional(Positional {
                args: vec![Value::Array(vec![])],
                kwargs: Map::new(),
            }),
        }))
        .unwrap_err();
        assert_eq!(e.kind(), crate::error::ErrorKind::Encode);
        assert!(e.to_string().contains("use Client::call"), "{e}");
    }
}
