//! `default_get`: the values a new record would get.

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, into_future, Operation, Options};
use crate::value::Map;
use crate::write::Values;

/// `default_get`: the default values of fields of `M`, as [`Values`] that
/// [`Client::create`] takes. Made by [`Client::default_get`].
///
/// `fields` goes by position over XML-RPC and JSON-RPC: its keyword is `fields_list`,
/// `default_fields` or `fields` depending on the model before Odoo 19.
#[must_use = "a query does nothing until it is awaited"]
pub struct DefaultGet<'a, M> {
    client: &'a Client,
    fields: Vec<String>,
    options: Options,
    _m: std::marker::PhantomData<fn() -> M>,
}

impl<'a, M: OdooModel> DefaultGet<'a, M> {
    context_setter!();

    /// Asks for the defaults of these fields instead of the fields of `M`.
    pub fn fields<S: Into<String>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.fields = fields.into_iter().map(Into::into).collect();
        self
    }

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        self.options
            .apply(Call::new(M::MODEL, "default_get").arg("fields", &self.fields))
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for DefaultGet<'a, M> {
    type Answer = Map;
    type Output = Values<M>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn decode(self, map: Map) -> Result<Values<M>, Error> {
        Ok(Values::from_map(map))
    }
}
into_future!(['a, M: OdooModel + Send] DefaultGet<'a, M> => Values<M>);

impl Client {
    /// The default values of the fields of `M` (its [`FIELDS`](OdooModel::FIELDS) but `id`;
    /// choose others with [`fields`](DefaultGet::fields)) under the call's context: fields
    /// without a default are left out. The answer is [`Values`], so it can be completed and
    /// given to [`Client::create`].
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String>, pub active: bool, pub lang: Option<String> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let defaults = client.default_get::<Partner>().await?;
    /// assert!(defaults.get("lang").is_some());
    /// let id = client.create(defaults.set(Partner::NAME, "Acme")).await?;
    /// # Ok(()) }
    /// ```
    pub fn default_get<M: OdooModel>(&self) -> DefaultGet<'_, M> {
        DefaultGet {
            client: self,
            fields: M::FIELDS
                .iter()
                .filter(|f| **f != "id")
                .map(|f| (*f).to_owned())
                .collect(),
            options: Options::default(),
            _m: std::marker::PhantomData,
        }
    }
}
