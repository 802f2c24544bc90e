//! [`Call`]: one model method call, independent of the protocol that carries it.
//!
//! Every typed method of the client builds a `Call`, naming its parameters as Odoo 19 does;
//! each protocol maps it onto its wire: JSON-2 posts `{ids, context, params…}` to
//! `/json/2/<model>/<method>`; XML-RPC and JSON-RPC send `execute_kw(db, uid, secret, model,
//! method, args, kwargs)` with the parameters Odoo reads by position in `args` (`create` →
//! `[vals_list]`, `write` → `[ids, vals]`, `search` → `[domain]`…) and the others, with the
//! context, in `kwargs`; a method without such a convention gets `[ids]` and every parameter by
//! keyword. Naming every parameter is what makes one call site work on all three.
//!
//! ```
//! use odoo_runtime::{Call, Value};
//!
//! let call = Call::new("res.partner", "search_read")
//!     .arg("domain", vec![Value::from(vec![Value::from("is_company"), "=".into(), true.into()])])
//!     .arg("fields", vec!["name"])
//!     .arg("limit", 5);
//! assert_eq!(call.model(), "res.partner");
//! assert_eq!(call.params().len(), 3);
//! ```

use serde::Serialize;

use crate::error::Error;
use crate::value::{Map, Value};

/// One call of a model method, with named parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    model: String,
    method: String,
    ids: Option<Vec<i64>>,
    params: Vec<(String, Value)>,
    context: Option<Map>,
    error: Option<String>,
}

impl Call {
    /// A call of `method` on `model` with no parameters.
    pub fn new(model: impl Into<String>, method: impl Into<String>) -> Call {
        Call {
            model: model.into(),
            method: method.into(),
            ids: None,
            params: Vec::new(),
            context: None,
            error: None,
        }
    }

    /// The records the method runs on (`self` in Odoo). Omit for `@api.model` methods such as
    /// `create`, `search` or `fields_get`: JSON-2 rejects ids given to them.
    pub fn ids(mut self, ids: impl IntoIterator<Item = i64>) -> Call {
        self.ids = Some(ids.into_iter().collect());
        self
    }

    /// Adds a named parameter. A value that cannot be converted is reported when the call is
    /// made.
    pub fn arg(mut self, name: impl Into<String>, value: impl Serialize) -> Call {
        match Value::from_serialize(&value) {
            Ok(v) => self.params.push((name.into(), v)),
            Err(e) => {
                self.error.get_or_insert_with(|| e.message().to_owned());
            }
        }
        self
    }

    /// Adds a named parameter that is already a [`Value`].
    pub fn arg_value(mut self, name: impl Into<String>, value: Value) -> Call {
        self.params.push((name.into(), value));
        self
    }

    /// Sets context keys for this call; they override the client's default context.
    pub fn context(mut self, context: Map) -> Call {
        self.context.get_or_insert_with(Map::new).extend(context);
        self
    }

    /// Sets one context key for this call.
    pub fn context_value(mut self, key: impl Into<String>, value: impl Into<Value>) -> Call {
        self.context
            .get_or_insert_with(Map::new)
            .insert(key.into(), value.into());
        self
    }

    /// The model.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The method.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The record ids, if any.
    pub fn record_ids(&self) -> Option<&[i64]> {
        self.ids.as_deref()
    }

    /// The named parameters, in the order they were added.
    pub fn params(&self) -> &[(String, Value)] {
        &self.params
    }

    /// The call's own context keys.
    pub fn call_context(&self) -> Option<&Map> {
        self.context.as_ref()
    }

    /// Fails with the first parameter that could not be converted.
    pub(crate) fn check(&self) -> Result<(), Error> {
        match &self.error {
            Some(e) => Err(Error::encode(format!(
                "parameter of {}.{}: {e}",
                self.model, self.method
            ))),
            None => Ok(()),
        }
    }
}
