//! `read_group`: the aggregation every Odoo version has (deprecated on 19 in favour of
//! `formatted_read_group`), with the same typed rows.

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

/// `read_group(lazy=False)`: the records of `M` matching a domain, grouped by the keys `K`,
/// with the aggregates `A`. Made by [`Client::read_group`].
#[must_use = "a query does nothing until it is awaited"]
pub struct ReadGroup<'a, M, K = (), A = ()> {
    client: &'a Client,
    query: GroupQuery<M>,
    options: Options,
    _p: PhantomData<fn() -> (K, A)>,
}

impl<'a, M: OdooModel, K, A> ReadGroup<'a, M, K, A> {
    group_setters!(ReadGroup);
    context_setter!();

    /// The call this query makes: `fields` holds the aggregates as `name:function(field)`
    /// (each answer key its own), `lazy` is false so every key groups at once.
    pub fn to_call(&self) -> Call {
        let fields: Vec<&str> = self
            .query
            .read_group_aggregates
            .iter()
            .map(|(spec, _)| spec.as_str())
            .collect();
        let call = Call::new(M::MODEL, "read_group")
            .arg("domain", &self.query.domain)
            .arg("fields", fields)
            .arg("groupby", &self.query.groupby)
            .arg("lazy", false);
        self.options.apply(self.query.paged(call, "orderby"))
    }
}

impl<'a, M, K, A> Operation<'a> for ReadGroup<'a, M, K, A>
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
            .map(|row| decode_row(M::MODEL, &self.query, Shape::ReadGroup, row))
            .collect()
    }
}
into_future!(['a, M, K, A] ReadGroup<'a, M, K, A> => Vec<Group<M, K, A>>
where
    M: OdooModel + Send,
    K: DeserializeOwned + Send + 'a,
    A: DeserializeOwned + Send + 'a,
);

impl Client {
    /// The records of `M` matching `domain`, grouped (`read_group`, every Odoo version), with
    /// the rows [`Client::formatted_read_group`] gives. A date key's value is its label only
    /// ([`Period::start`](crate::orm::Period::start) is `None`).
    ///
    /// ```no_run
    /// # use odoo_runtime::{Client, Domain, OdooModel, RecordId, orm::Granularity};
    /// # #[derive(OdooModel)] #[odoo(model = "res.partner")]
    /// # pub struct Partner { pub id: RecordId<Partner>, pub color: i64, pub create_date: Option<odoo_runtime::DateTime> }
    /// # async fn run(client: Client) -> Result<(), odoo_runtime::Error> {
    /// let by_month = client
    ///     .read_group(Domain::<Partner>::all())
    ///     .group_by_key(Partner::CREATE_DATE.group_by_period(Granularity::Month))
    ///     .aggregate(Partner::COLOR.sum())
    ///     .await?;
    /// for g in by_month {
    ///     let (month,) = g.keys;
    ///     println!("{:?}: {} partners", month.map(|m| m.label), g.count);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn read_group<M: OdooModel>(&self, domain: Domain<M>) -> ReadGroup<'_, M> {
        ReadGroup {
            client: self,
            query: GroupQuery::new(domain),
            options: Options::default(),
            _p: PhantomData,
        }
    }
}
