//! The XML-RPC codec: a serde `Serializer` that writes `<methodCall>`/`<methodResponse>` bodies
//! and a streaming serde `Deserializer` that reads them straight into typed data.
//!
//! PLACEHOLDER SIGNATURES — the codec helper replaces every `todo!()` below.

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::{Error, FaultCode, Value};

/// Writes a `<methodCall>`: `params` must serialize as a sequence or tuple, one `<param>` each.
pub fn encode_call<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<Vec<u8>, Error> {
    let _ = (method, params);
    todo!("xmlrpc::encode_call")
}

/// Writes a successful `<methodResponse>` holding one value.
pub fn encode_response<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    let _ = value;
    todo!("xmlrpc::encode_response")
}

/// Writes a `<methodResponse><fault>`.
pub fn encode_fault(code: &FaultCode, fault_string: &str) -> Vec<u8> {
    let _ = (code, fault_string);
    todo!("xmlrpc::encode_fault")
}

/// Reads a `<methodResponse>`: its one value into `T`, or its fault into an [`Error`]
/// (see [`Error::from_xmlrpc_fault`]).
pub fn decode_response<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let _ = body;
    todo!("xmlrpc::decode_response")
}

/// Reads a `<methodCall>`: the method name and its parameters (used by odoo-testkit).
pub fn decode_call(body: &[u8]) -> Result<(String, Vec<Value>), Error> {
    let _ = body;
    todo!("xmlrpc::decode_call")
}
