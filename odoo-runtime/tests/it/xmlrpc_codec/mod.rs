//! The XML-RPC codec on its own: every value form both ways, escaping, character references,
//! Odoo's value rules, typed decoding, error locations, every kind of malformed input, and
//! property-based round trips of `Value` trees and typed structs.

mod decode;
mod encode;
mod errors;
mod props;

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use base64::Engine as _;
use odoo_runtime::xmlrpc::{self, Deserializer};
use odoo_runtime::{Error, ErrorKind, FaultCode, Map, Value};
use proptest::prelude::*;
use serde::de::{self, Visitor};
use serde::{Deserialize, Serialize};

fn enc<T: Serialize + ?Sized>(v: &T) -> String {
    String::from_utf8(xmlrpc::encode_value(v).expect("encodes")).expect("UTF-8")
}

fn value(xml: &str) -> Value {
    xmlrpc::from_slice(xml.as_bytes()).unwrap_or_else(|e| panic!("{xml}: {e}"))
}

fn decode<'a, T: Deserialize<'a>>(xml: &'a str) -> Result<T, Error> {
    xmlrpc::from_slice(xml.as_bytes())
}

/// A response around one `<value>`.
fn response(inner: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n{inner}\n</param>\n</params>\n\n</methodResponse>\n")
}

fn decode_err(xml: &str) -> Error {
    match xmlrpc::decode_response::<Value>(xml.as_bytes()) {
        Ok(v) => panic!("decoded {xml:?} into {v:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Decode, "{xml}: {e}");
            e
        }
    }
}

/// Asserts the decode error's message holds `needle`.
#[track_caller]
fn assert_decode_err(xml: &str, needle: &str) -> Error {
    let e = decode_err(xml);
    assert!(
        e.to_string().contains(needle),
        "{xml:?}\n  gave: {e}\n  wanted: {needle}"
    );
    e
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "snake_case")]
pub(super) enum Kind {
    Contact,
    Invoice,
    Delivery,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
pub(super) enum Shape {
    Empty,
    Id(i64),
    Pair(i64, String),
    Named { id: i64, name: String },
}
