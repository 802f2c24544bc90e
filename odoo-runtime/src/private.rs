//! Items that derive expansions and sibling crates use. Not a public API: no stability promise.

use std::fmt::Display;

use crate::DecodeContext;

pub use serde;

// A serde error message can only carry text. Derived decoders tag the message with where the
// error happened; `split_context` turns the tag back into a `DecodeContext` when the message
// becomes an `Error`. The tag is `\u{1}odoo` + `model\u{1}id\u{1}field\u{1}` + message.
const TAG: &str = "\u{1}odoo";
const SEP: char = '\u{1}';

/// A serde error naming the model, the record id (when known) and the field.
pub fn field_error<E: serde::de::Error>(model: &str, id: Option<i64>, field: &str, inner: impl Display) -> E {
    let inner = inner.to_string();
    // An inner error that is already tagged (a nested record) keeps its own, deeper context.
    if inner.starts_with(TAG) {
        return E::custom(inner);
    }
    let id = id.map(|i| i.to_string()).unwrap_or_default();
    E::custom(format_args!("{TAG}{model}{SEP}{id}{SEP}{field}{SEP}{inner}"))
}

/// Splits a tagged message into its text and context (see [`field_error`]). Untagged messages
/// come back unchanged, with no context.
pub fn split_context(message: &str) -> (String, Option<DecodeContext>) {
    let Some(start) = message.find(TAG) else {
        return (message.to_owned(), None);
    };
    let before = &message[..start];
    let mut parts = message[start + TAG.len()..].splitn(4, SEP);
    let (Some(model), Some(id), Some(field), Some(rest)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return (message.replace(SEP, " "), None);
    };
    let mut ctx = DecodeContext::default();
    ctx.model = (!model.is_empty()).then(|| model.to_owned());
    ctx.record_id = id.parse().ok();
    ctx.field = (!field.is_empty()).then(|| field.to_owned());
    // serde's "invalid type: X, expected Y" becomes found/expected.
    if let Some(body) = rest.strip_prefix("invalid type: ").or_else(|| rest.strip_prefix("invalid value: ")) {
        if let Some((found, expected)) = body.split_once(", expected ") {
            ctx.found = Some(found.to_owned());
            ctx.expected = Some(expected.split(" at line ").next().unwrap_or(expected).to_owned());
        }
    }
    (format!("{before}{rest}"), Some(ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_round_trip() {
        let e: serde::de::value::Error =
            field_error("res.partner", Some(7), "email", "invalid type: boolean `false`, expected a string");
        let (msg, ctx) = split_context(&e.to_string());
        assert_eq!(msg, "invalid type: boolean `false`, expected a string");
        let ctx = ctx.unwrap();
        assert_eq!(ctx.model.as_deref(), Some("res.partner"));
        assert_eq!(ctx.record_id, Some(7));
        assert_eq!(ctx.field.as_deref(), Some("email"));
        assert_eq!(ctx.found.as_deref(), Some("boolean `false`"));
        assert_eq!(ctx.expected.as_deref(), Some("a string"));
        let nested: serde::de::value::Error = field_error("sale.order", Some(1), "order_line", e);
        assert_eq!(split_context(&nested.to_string()).1.unwrap().model.as_deref(), Some("res.partner"));
    }
}
