//! `message_post` (`addons/mail/models/mail_thread.py`) on the models that inherit
//! `mail.thread` (those with a `message_ids` field): a `mail.message` on the record, and the
//! messages going with their records when these are deleted.

use odoo_runtime::{Map, Value};

use super::bind::Bound;
use super::ctx::Ctx;
use crate::exception::{OResult, OdooError};
use crate::pyrepr::repr;
use crate::store::Store;
use crate::values::truthy;

const MESSAGE: &str = "mail.message";

/// `true` for a model that inherits `mail.thread`.
pub(crate) fn is_thread(store: &Store, model: &str) -> bool {
    store
        .field(model, "message_ids")
        .is_some_and(|f| f.relation.as_deref() == Some(MESSAGE))
}

/// `ensure_one()`'s `ValueError`: `Expected singleton: res.partner(1, 2)`, raised while the
/// unpacking's own `ValueError` is handled.
pub(crate) fn ensure_one(model: &str, ids: &[i64]) -> OResult<i64> {
    match ids {
        [one] => Ok(*one),
        _ => {
            let inner = match ids {
                [] => String::new(),
                [one] => format!("{one},"),
                many => many
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            // `_id, = self._ids` fails first; its `ValueError` is being handled.
            let unpacking = if ids.is_empty() {
                "not enough values to unpack (expected 1, got 0)"
            } else {
                "too many values to unpack (expected 1)"
            };
            Err(
                OdooError::value(format!("Expected singleton: {model}({inner})"))
                    .during(OdooError::value(unpacking)),
            )
        }
    }
}

/// `markupsafe.escape` of a text body, as the HTML sanitizer then keeps it, in a paragraph.
fn html_body(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<p>{escaped}</p>")
}

pub(super) fn message_post(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let id = ensure_one(ctx.model, &ctx.ids)?;
    let message_type = args
        .get("message_type")
        .as_str()
        .unwrap_or("notification")
        .to_owned();
    if message_type == "user_notification" {
        return Err(OdooError::value(
            "Use message_notify to send a notification to an user.",
        ));
    }
    let partner_ids = match args.get("partner_ids") {
        v if !truthy(&v) => Vec::new(),
        Value::Array(items) if items.iter().all(|i| matches!(i, Value::Int(_))) => {
            items.iter().filter_map(Value::as_i64).collect()
        }
        other => {
            return Err(OdooError::value(format!(
                "Posting a message should receive partners as a list of IDs (received {})",
                repr(&other)
            )))
        }
    };
    if !ctx.store.has_model(MESSAGE) {
        return Err(OdooError::user(
            "odoo-testkit: message_post needs `mail.message` in the schema",
        ));
    }
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let body = match args.get("body") {
        Value::String(s) if s.is_empty() => Value::Bool(false),
        Value::String(s) if truthy(&args.get("body_is_html")) => Value::String(s),
        Value::String(s) => Value::String(html_body(&s)),
        v if !truthy(&v) => Value::Bool(false),
        other => Value::String(html_body(&crate::values::py_str(&other))),
    };
    let author = ctx.store.m2o("res.users", ctx.env.uid, "partner_id");
    let mut vals = Map::new();
    // Keyword arguments that are fields of mail.message are its values.
    for (k, v) in &args.var_kw {
        if ctx.store.has_field(MESSAGE, k) {
            vals.insert(k.clone(), v.clone());
        }
    }
    let mut set = |k: &str, v: Value| {
        if ctx.store.has_field(MESSAGE, k) {
            vals.insert(k.to_owned(), v);
        }
    };
    set("body", body);
    set("model", Value::String(ctx.model.to_owned()));
    set("res_id", Value::Int(id));
    set("message_type", Value::String(message_type));
    set(
        "subject",
        match args.get("subject") {
            Value::String(s) if !s.is_empty() => Value::String(s),
            _ => Value::Bool(false),
        },
    );
    set("author_id", author.map_or(Value::Bool(false), Value::Int));
    set(
        "partner_ids",
        Value::Array(vec![Value::Array(vec![
            6.into(),
            0.into(),
            Value::Array(partner_ids.into_iter().map(Value::Int).collect()),
        ])]),
    );
    let ids = ctx.store.create(MESSAGE, vec![vals], ctx.env)?;
    Ok(Value::Array(ids.into_iter().map(Value::Int).collect()))
}

/// `mail.thread.unlink`: the messages of records that go.
pub(crate) fn unlink_messages(store: &mut Store, model: &str, ids: &[i64]) -> OResult<()> {
    if !is_thread(store, model) || !store.has_model(MESSAGE) {
        return Ok(());
    }
    let messages: Vec<i64> = store
        .all_ids(MESSAGE)
        .into_iter()
        .filter(|m| {
            store.raw(MESSAGE, *m, "model").as_str() == Some(model)
                && store
                    .raw(MESSAGE, *m, "res_id")
                    .as_i64()
                    .is_some_and(|r| ids.contains(&r))
        })
        .collect();
    if messages.is_empty() {
        return Ok(());
    }
    store.unlink(MESSAGE, &messages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singletons_and_bodies() {
        assert_eq!(ensure_one("res.partner", &[7]).unwrap(), 7);
        assert_eq!(
            ensure_one("res.partner", &[]).unwrap_err().message,
            "Expected singleton: res.partner()"
        );
        assert_eq!(
            ensure_one("res.partner", &[1, 2]).unwrap_err().message,
            "Expected singleton: res.partner(1, 2)"
        );
        assert_eq!(html_body("x <y> & \"z\""), "<p>x &lt;y&gt; &amp; \"z\"</p>");
    }
}
