//! The streaming decoder: a serde `Deserializer` over the bytes of an XML-RPC document that
//! hands every value straight to the visitor, with no tree in between.
//!
//! XML-RPC is a tiny subset of XML: a dozen element names, no attributes, no mixed content.
//! So instead of a general XML tokenizer the scanner looks for the few byte patterns that can
//! come next (`<value>`, `</member>`, …) and finds the end of character data with `memchr`.
//! The whole body is checked once up front for UTF-8 (so that every text slice can be
//! borrowed from the input as a `&str`); the control characters XML forbids are caught by the
//! text scanner, which looks at every byte of character data anyway.

mod deserializer;
mod document;
mod errors;
mod glue;
mod scan;
mod values;

pub use self::deserializer::{Deserializer, MAX_DEPTH};
