//! `name_search`: the records whose display name matches a text, with their names.

use super::named::NamedId;
use crate::call::Call;
use crate::client::Client;
use crate::domain::Domain;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, into_future, Operation, Options};

/// `name_search`: ids and display names of the records of `M` whose display name matches.
/// Made by [`Client::name_search`].
///
/// Over XML-RPC and JSON-RPC `name` and `domain` go by position, as every Odoo version reads
/// them (the keyword of the domain is `args` before 19 and `domain` on 19); JSON-2 names them.
#[must_use = "a query does nothing until it is awaited"]
pub struct NameSearch<'a, M> {
    client: &'a Client,
    name: String,
    domain: Domain<M>,
    operator: Option<String>,
    limit: Option<u64>,
    options: Options,
}

impl<'a, M: OdooModel> NameSearch<'a, M> {
    context_setter!();

    /// Only among the records matching `domain`.
    pub fn domain(mut self, domain: Domain<M>) -> Self {
        self.domain = domain;
        self
    }

    /// How the name is compared (Odoo's default `ilike`; also `=`, `like`, `=ilike`, …).
    pub fn operator(mut self, operator: impl Into<String>) -> Self {
        self.operator = Some(operator.into());
        self
    }

    /// At most `limit` records (Odoo's default is 100).
    pub fn limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// The call this query makes.
    pub fn to_call(&self) -> Call {
        let mut call = Call::new(M::MODEL, "name_search")
            .arg("name", &self.name)
            .arg("domain", &self.domain);
        if let Some(op) = &self.operator {
            call = call.arg("operator", op);
        }
        if let Some(limit) = self.limit {
            call = call.arg("limit", limit);
        }
        self.options.apply(call)
    }
}

impl<'a, M: OdooModel + Send> Operation<'a> for NameSearch<'a, M> {
    type Answer = Vec<NamedId<M>>;
    type Output = Vec<NamedId<M>>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn decode(self, hits: Vec<NamedId<M>>) -> Result<Vec<NamedId<M>>, Error> {
        Ok(hits)
    }
}
into_future!(['a, M: OdooModel + Send] NameSearch<'a, M> => Vec<NamedId<M>>);

impl Client {
    /// The records of `M` whose display name matches `name` (`ilike` unless
    /// [`operator`](NameSearch::operator) says otherwise), with their display names, in the
    /// model's order.
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub is_company: bool }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let hits = client
    ///     .name_search::<Partner>("acme")
    ///     .domain(Partner::IS_COMPANY.eq(true))
    ///     .limit(8)
    ///     .await?;
    /// for hit in hits {
    ///     println!("{}: {}", hit.id, hit.display_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn name_search<M: OdooModel>(&self, name: impl Into<String>) -> NameSearch<'_, M> {
        NameSearch {
            client: self,
            name: name.into(),
            domain: Domain::all(),
            operator: None,
            limit: None,
            options: Options::default(),
        }
    }
}
