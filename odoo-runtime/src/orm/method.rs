//! [`MethodCall`]: one call of any model method, typed by its model and its answer. What the
//! methods of generated bindings return (`SaleOrder::action_confirm(&client, ids)`), and a
//! typed form of [`Call`] for hand-written code.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{ids_arg, into_future, Operation};
use crate::types::RecordId;
use crate::value::Value;

/// A call of a method of model `M` that answers an `R`; awaited directly.
///
/// A record method runs on ids of `M` ([`MethodCall::on_records`]), a model method
/// (`@api.model`) on none ([`MethodCall::on_model`]). Parameters are named as the method's
/// Python signature names them; over XML-RPC and JSON-RPC the ids go first and the parameters
/// by keyword (the ORM's own methods follow the protocol layer's calling conventions), JSON-2
/// sends them as they are.
///
/// ```no_run
/// # use odoo_runtime::{Client, OdooModel, RecordId};
/// # #[derive(OdooModel)] #[odoo(model = "sale.order")]
/// # pub struct SaleOrder { pub id: RecordId<SaleOrder> }
/// use odoo_runtime::orm::MethodCall;
/// # async fn run(client: Client, order: RecordId<SaleOrder>) -> Result<(), odoo_runtime::Error> {
/// let confirmed: bool = MethodCall::<SaleOrder, bool>::on_records(&client, "action_confirm", [order]).await?;
/// let context: odoo_runtime::Value = MethodCall::<SaleOrder, _>::on_model(&client, "fields_get")
///     .arg("attributes", ["type"])
///     .await?;
/// # Ok(()) }
/// ```
#[must_use = "a call does nothing until it is awaited"]
pub struct MethodCall<'a, M, R = Value> {
    client: &'a Client,
    call: Call,
    _p: PhantomData<fn() -> (M, R)>,
}

impl<'a, M: OdooModel, R> MethodCall<'a, M, R> {
    /// A call of the model method (`@api.model`) `method`.
    pub fn on_model(client: &'a Client, method: &str) -> Self {
        MethodCall {
            client,
            call: Call::new(M::MODEL, method),
            _p: PhantomData,
        }
    }

    /// A call of the record method `method` on `ids`.
    ///
    /// With no ids at all the method would run on an empty recordset: it is still sent, as
    /// Odoo may answer something for no records (`action_confirm` answers `true`).
    pub fn on_records(
        client: &'a Client,
        method: &str,
        ids: impl IntoIterator<Item = RecordId<M>>,
    ) -> Self {
        let ids: Vec<RecordId<M>> = ids.into_iter().collect();
        MethodCall {
            client,
            call: Call::new(M::MODEL, method).ids(ids_arg(&ids)),
            _p: PhantomData,
        }
    }

    /// Adds the parameter `name`. Generated bindings name every documented parameter with its
    /// own typed setter; this is also the way to pass what a method takes in `**kwargs`.
    pub fn arg(mut self, name: &str, value: impl Serialize) -> Self {
        self.call = self.call.arg(name, value);
        self
    }

    /// Adds the parameter `name` when `value` is `Some`, for a parameter with a default.
    pub fn arg_opt(self, name: &str, value: Option<impl Serialize>) -> Self {
        match value {
            Some(v) => self.arg(name, v),
            None => self,
        }
    }

    /// Adds a context key for this call (over the client's default context).
    pub fn context(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.call = self.call.context_value(key, value);
        self
    }

    crate::context::context_helpers!();

    /// The answer decoded as `T` instead of `R`, for a method whose documentation does not
    /// say (or says wrongly) what it returns.
    pub fn returning<T>(self) -> MethodCall<'a, M, T> {
        MethodCall {
            client: self.client,
            call: self.call,
            _p: PhantomData,
        }
    }

    /// The call this makes.
    pub fn to_call(&self) -> &Call {
        &self.call
    }
}

impl<'a, M: OdooModel, R: DeserializeOwned + Send + 'static> Operation<'a>
    for MethodCall<'a, M, R>
{
    type Answer = R;
    type Output = R;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.call.clone())
    }
    fn decode(self, answer: R) -> Result<R, Error> {
        Ok(answer)
    }
}
into_future!(['a, M: OdooModel, R: DeserializeOwned + Send + 'static] MethodCall<'a, M, R> => R);

#[cfg(test)]
mod tests {
    use super::*;

    /// A model by hand (the derive names `::odoo_runtime`, which this crate cannot).
    struct AnyModel;
    impl<'de> serde::Deserialize<'de> for AnyModel {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            serde::de::IgnoredAny::deserialize(d).map(|_| AnyModel)
        }
    }
    impl OdooModel for AnyModel {
        const MODEL: &'static str = "sale.order";
        const FIELDS: &'static [&'static str] = &["id"];
        fn __deserialize_record<'de, D: serde::Deserializer<'de>>(
            d: D,
        ) -> Result<(Option<i64>, Self), D::Error> {
            serde::Deserialize::deserialize(d).map(|m| (None, m))
        }
    }

    fn client() -> Client {
        Client::builder()
            .url("http://127.0.0.1:1")
            .database("db")
            .password("admin", "x")
            .build()
            .unwrap()
    }

    #[test]
    fn record_and_model_calls() {
        let c = client();
        let m = MethodCall::<AnyModel, bool>::on_records(&c, "action_confirm", [RecordId::new(4)])
            .arg("force", true)
            .arg_opt("skip", None::<bool>)
            .context("lang", "fr_FR");
        assert_eq!(m.to_call().record_ids(), Some(&[4][..]));
        assert_eq!(m.to_call().params().len(), 1);
        assert_eq!(
            m.to_call().call_context().unwrap()["lang"],
            Value::from("fr_FR")
        );
        let m = MethodCall::<AnyModel, Value>::on_model(&c, "name_create").arg("name", "x");
        assert_eq!(m.to_call().record_ids(), None);
        assert_eq!(m.to_call().method(), "name_create");
    }
}
