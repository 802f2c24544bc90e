//! `name_create`: a record made from its name alone.

use super::named::NamedId;
use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, into_future, Operation, Options};

/// `name_create`: creates a record of `M` from a name (its `_rec_name` field) and returns its
/// id and display name. Made by [`Client::name_create`].
#[must_use = "a query does nothing until it is awaited"]
pub struct NameCreate<'a, M> {
    client: &'a Client,
    name: String,
    options: Options,
    _m: std::marker::PhantomData<fn() -> M>,
}

impl<'a, M: OdooModel> NameCreate<'a, M> {
    context_setter!();

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        self.options
            .apply(Call::new(M::MODEL, "name_create").arg("name", &self.name))
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for NameCreate<'a, M> {
    type Answer = NamedId<M>;
    type Output = NamedId<M>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn decode(self, named: NamedId<M>) -> Result<NamedId<M>, Error> {
        Ok(named)
    }
}
into_future!(['a, M: OdooModel + Send] NameCreate<'a, M> => NamedId<M>);

impl Client {
    /// Creates a record of `M` from `name` alone (the model's `_rec_name` field, `name` for
    /// most), the way a many2one's "Create …" entry does. A model without a `_rec_name` is a
    /// user error.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner.category")]
    /// # pub struct Tag { pub id: RecordId<Tag>, pub name: Option<String> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let tag = client.name_create::<Tag>("VIP").await?;
    /// println!("{} is {}", tag.display_name, tag.id);
    /// # Ok(()) }
    /// ```
    pub fn name_create<M: OdooModel>(&self, name: impl Into<String>) -> NameCreate<'_, M> {
        NameCreate {
            client: self,
            name: name.into(),
            options: Options::default(),
            _m: std::marker::PhantomData,
        }
    }
}
