//! `formatted_read_group` (Odoo 19): records grouped by typed keys, with typed aggregates.

use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::group::{decode_row, group_setters, Group, GroupQuery, Shape};
use crate::call::Call;
use crate::client::Client;
use crate::domain::Domain;
use crate::error::Error;
use crate::model::OdooModel;
use crate::operation::{context_setter, into_future, Operation, Options};
use crate::value::Value;

/// `formatted_read_group`: the records of `M` matching a domain, grouped by the keys `K`, with
/// the aggregates `A` of each group (Odoo 19; [`Client::read_group`] works on every version).
/// Made by [`Client::formatted_read_group`].
#[must_use = "a query does nothing until it is awaited"]
pub struct FormattedReadGroup<'a, M, K = (), A = ()> {
    client: &'a Client,
    query: GroupQuery<M>,
    options: Options,
    _p: PhantomData<fn() -> (K, A)>,
}

impl<'a, M: OdooModel, K, A> FormattedReadGroup<'a, M, K, A> {
    group_setters!(FormattedReadGroup);
    context_setter!();

    /// The call this query makes: the groupby, and `__count` before the aggregates.
    pub fn to_call(&self) -> Call {
        let aggregates: Vec<&str> = std::iter::once("__count")
            .chain(self.query.aggregates.iter().map(|(a, _)| a.as_str()))
            .collect();
        let call = Call::new(M::MODEL, "formatted_read_group")
            .arg("domain", &self.query.domain)
            .arg("groupby", &self.query.groupby)
            .arg("aggregates", aggregates);
        self.options.apply(self.query.paged(call, "order"))
    }
}

impl<'a, M, K, A> Operation<'a> for FormattedReadGroup<'a, M, K, A>
where
    M: OdooModel + Send,
    K: DeserializeOwned + Send + 'a,
    A: DeserializeOwned + Send + 'a,
{
    type Answer = Vec<Value>;
    type Output = Vec<Group<M, K, A>>;
    fn client(&self) -> &'a Client {
        self.client
    }
    fn call(&self) -> Result<Call, Error> {
        Ok(self.to_call())
    }
    fn decode(self, rows: Vec<Value>) -> Result<Self::Output, Error> {
        rows.iter()
            .map(|row| decode_row(M::MODEL, &self.query, Shape::Formatted, row))
            .collect()
    }
}
into_future!(['a, M, K, A] FormattedReadGroup<'a, M, K, A> => Vec<Group<M, K, A>>
where
    M: OdooModel + Send,
    K: DeserializeOwned + Send + 'a,
    A: DeserializeOwned + Send + 'a,
);

impl Client {
    /// The records of `M` matching `domain`, grouped (`formatted_read_group`, Odoo 19): add
    /// keys with [`group_by`](FormattedReadGroup::group_by) and aggregates with
    /// [`aggregate`](FormattedReadGroup::aggregate); each row holds them typed, with its
    /// record count. All keys group at once (every combination that has records).
    ///
    /// ```no_run
    /// # use odoo_runtime::{AnyModel, Client, Domain, Many2one, OdooModel, RecordId};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub color: i64, pub is_company: bool, pub country_id: Option<Many2one<AnyModel>> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let groups = client
    ///     .formatted_read_group(Domain::<Partner>::all())
    ///     .group_by(Partner::COUNTRY_ID)
    ///     .group_by(Partner::IS_COMPANY)
    ///     .aggregate(Partner::COLOR.max())
    ///     .order("__count desc")
    ///     .await?;
    /// for g in groups {
    ///     let (country, is_company) = g.keys;
    ///     let (max_color,) = g.aggregates;
    ///     println!("{country:?} {is_company}: {} (max color {max_color})", g.count);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn formatted_read_group<M: OdooModel>(
        &self,
        domain: Domain<M>,
    ) -> FormattedReadGroup<'_, M> {
        FormattedReadGroup {
            client: self,
            query: GroupQuery::new(domain),
            options: Options::default(),
            _p: PhantomData,
        }
    }
}
