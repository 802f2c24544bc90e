//! `copy`: duplicates of records.

use super::named::Ids;
use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, dedup, ids_arg, into_future, Operation, Options};
use crate::types::RecordId;
use crate::write::Values;

/// `copy`: duplicates records of `M`, with some values changed. Made by [`Client::copy`].
#[must_use = "a query does nothing until it is awaited"]
pub struct CopyRecords<'a, M> {
    client: &'a Client,
    ids: Vec<RecordId<M>>,
    default: Option<Values<M>>,
    options: Options,
}

impl<'a, M: OdooModel> CopyRecords<'a, M> {
    context_setter!();

    /// Values the copies get instead of the originals' (Odoo's `default`).
    pub fn default(mut self, values: Values<M>) -> Self {
        self.default = Some(values);
        self
    }

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        let mut call = Call::new(M::MODEL, "copy").ids(ids_arg(&self.ids));
        if let Some(default) = &self.default {
            call = call.arg("default", default);
        }
        self.options.apply(call)
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for CopyRecords<'a, M> {
    // Odoo 17 answers one id (`@api.returns('self', lambda value: value.id)`), 18 and 19 a
    // list.
    type Answer = Ids<M>;
    type Output = Vec<RecordId<M>>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn known(&self) -> Option<Vec<RecordId<M>>> {
        self.ids.is_empty().then(Vec::new)
    }
    fn decode(self, ids: Ids<M>) -> Result<Vec<RecordId<M>>, Error> {
        Ok(ids.into_vec())
    }
}
into_future!(['a, M: OdooModel + Send] CopyRecords<'a, M> => Vec<RecordId<M>>);

impl Client {
    /// Duplicates the records `ids` (each once) and returns the new ids, in order. Fields
    /// marked `copy=False` (most one2many, sequences, states) take their defaults; give
    /// [`default`](CopyRecords::default) to set others. Odoo 17 copies one record per call.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId, Values};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub name: Option<String> }
    /// # async fn run(client: Client, id: RecordId<Partner>) -> Result<(), odoo_runtime::Error> {
    /// let copies = client
    ///     .copy([id])
    ///     .default(Values::new().set(Partner::NAME, "Acme (copy)"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn copy<M: OdooModel>(
        &self,
        ids: impl IntoIterator<Item = RecordId<M>>,
    ) -> CopyRecords<'_, M> {
        CopyRecords {
            client: self,
            ids: dedup(ids),
            default: None,
            options: Options::default(),
        }
    }
}
