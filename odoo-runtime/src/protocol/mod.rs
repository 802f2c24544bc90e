//! The wire protocols: how a message of the client becomes an HTTP request and how the
//! answer becomes a value or an error, once per protocol.
//!
//! - [`crate::xmlrpc::wire`]: `/xmlrpc/2/common` and `/xmlrpc/2/object` (`execute_kw`);
//! - [`crate::json::rpc`]: `/jsonrpc`, the same services in a JSON-RPC 2.0 envelope;
//! - [`crate::json::json2`]: Odoo 19's `/json/2/<model>/<method>` with named arguments and a
//!   bearer key;
//! - [`conventions`]: which named parameters `execute_kw` takes by position;
//! - [`versions`]: what differs between Odoo 17, 18 and 19, and what the client does about it.
//!
//! Each implements [`Wire`]; [`exchange`] holds the one `match` on [`Protocol`]. Sending is
//! [`crate::transport`]'s job.

pub(crate) mod conventions;
pub(crate) mod datas;
pub(crate) mod streamed;
pub(crate) mod versions;
pub(crate) mod wire;

use std::time::Instant;

use serde::de::DeserializeOwned;
use tracing::Instrument as _;

use crate::error::Error;
use crate::json::json2::{self, Json2};
use crate::json::rpc::JsonRpc;
use crate::transport::spill::Streamer;
use crate::transport::{HttpRequest, HttpResponse, Transport};
use crate::xmlrpc::wire::XmlRpc;
pub use wire::Protocol;
pub(crate) use wire::{Common, Execute, Message, Params, Session, Wire};

/// Sends `message` over `protocol` and decodes the answer.
pub(crate) async fn exchange<T: DeserializeOwned + Send + 'static>(
    protocol: Protocol,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
) -> Result<T, Error> {
    match protocol {
        Protocol::XmlRpc => exchange_with(&XmlRpc, transport, session, message).await,
        Protocol::JsonRpc => exchange_with(&JsonRpc, transport, session, message).await,
        Protocol::Json2 => exchange_with(&Json2, transport, session, message).await,
    }
}

async fn exchange_with<W: Wire, T: DeserializeOwned + Send + 'static>(
    wire: &W,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
) -> Result<T, Error> {
    let (model, method) = message.target();
    let span = tracing::debug_span!("odoo.call", protocol = W::PROTOCOL.as_str(), model, method);
    async {
        let request = wire.request(session, &message)?;
        let started = Instant::now();
        // A model call's answer may be long (a read): decoded as it arrives. The `common`
        // service's answers are short.
        let decoding = matches!(message, Message::Execute(_))
            .then(|| streamed::Decoding::<T>::new(W::FRAMING));
        let streamer = decoding.as_ref().map(|d| d as &dyn Streamer);
        let response = transport.send_streamed(&request, streamer).await?;
        let result = match &decoding {
            Some(decoding) if response.streamed => decoding.take(),
            _ => wire.decode(&message, &response),
        };
        log_call(
            W::PROTOCOL,
            model,
            method,
            started,
            &request,
            &response,
            &result,
        );
        result
    }
    .instrument(span)
    .await
}

/// [`datas::upload_with`] over `protocol`.
pub(crate) async fn upload<F, Fut>(
    protocol: Protocol,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
    base64_len: u64,
    pump: F,
) -> Result<crate::value::Value, Error>
where
    F: FnOnce(crate::transport::upload::BodySender, bytes::Bytes, bytes::Bytes) -> Fut,
    Fut: std::future::Future<Output = Result<(), Error>>,
{
    let span = tracing::debug_span!("odoo.upload", protocol = protocol.as_str(), base64_len);
    match protocol {
        Protocol::XmlRpc => {
            datas::upload_with(&XmlRpc, transport, session, message, base64_len, pump)
                .instrument(span)
                .await
        }
        Protocol::JsonRpc => {
            datas::upload_with(&JsonRpc, transport, session, message, base64_len, pump)
                .instrument(span)
                .await
        }
        Protocol::Json2 => {
            datas::upload_with(&Json2, transport, session, message, base64_len, pump)
                .instrument(span)
                .await
        }
    }
}

/// [`datas::download_with`] over `protocol`.
pub(crate) async fn download(
    protocol: Protocol,
    transport: &Transport,
    session: &Session<'_>,
    message: Message<'_>,
    record: (i64, &str),
    sink: tokio::sync::mpsc::Sender<bytes::Bytes>,
    max: Option<u64>,
) -> Result<u64, Error> {
    let span = tracing::debug_span!("odoo.download", protocol = protocol.as_str(), id = record.0);
    match protocol {
        Protocol::XmlRpc => {
            let w = &XmlRpc;
            datas::download_with(w, transport, session, message, record, sink, max)
                .instrument(span)
                .await
        }
        Protocol::JsonRpc => {
            let w = &JsonRpc;
            datas::download_with(w, transport, session, message, record, sink, max)
                .instrument(span)
                .await
        }
        Protocol::Json2 => {
            let w = &Json2;
            datas::download_with(w, transport, session, message, record, sink, max)
                .instrument(span)
                .await
        }
    }
}

/// `GET /doc-bearer/<model>.json` (Odoo 19's API documentation; API key only); `None` when
/// it is still the one of `etag`.
pub(crate) async fn api_doc(
    transport: &Transport,
    session: &Session<'_>,
    model: &str,
    etag: Option<&str>,
) -> Result<Option<crate::schema::Model>, Error> {
    let request = json2::api_doc_request(session, model, etag);
    let response = transport.send(&request).await?;
    json2::decode_api_doc(&response)
}

fn log_call<T>(
    protocol: Protocol,
    model: &str,
    method: &str,
    started: Instant,
    request: &HttpRequest,
    response: &HttpResponse,
    result: &Result<T, Error>,
) {
    let (sent, received, streamed) = (request.body_len(), response.body.len(), response.streamed);
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    let protocol = protocol.as_str();
    match result {
        Ok(_) => tracing::debug!(
            protocol,
            model,
            method,
            elapsed_ms,
            sent,
            received,
            streamed,
            "odoo call"
        ),
        Err(e) => {
            tracing::debug!(protocol, model, method, elapsed_ms, sent, received, streamed, error = %e, "odoo call failed");
            // The server's traceback (JSON's `debug`, an XML-RPC fault's text) names its
            // files and code: only at TRACE.
            if let Some(traceback) = e.traceback() {
                tracing::trace!(
                    protocol,
                    model,
                    method,
                    traceback,
                    "odoo call's server traceback"
                );
            }
        }
    }
}
