//! The plumbing of the typed call builders (`typed`, `orm`, `sync`): one [`Operation`] trait
//! (the call a builder makes and how its answer is decoded), one future that runs any of them
//! ([`run`]), and the options, setters and id helpers they share.
//!
//! A builder implements [`Operation`] and gets its `IntoFuture` from [`into_future!`]: the
//! orphan rule forbids one blanket `impl<O: Operation> IntoFuture for O`, so each builder
//! names the shared future in a three-line impl the macro writes. This is sqlx's `Execute`:
//! builders hold the query, one piece of code runs it.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use serde::de::{Deserialize, DeserializeOwned, Deserializer};

use crate::call::Call;
use crate::client::Client;
use crate::error::Error;
use crate::model::OdooModel;
use crate::types::RecordId;
use crate::value::Value;

pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// The future every typed call builder turns into when awaited.
pub type CallFuture<'a, T> = BoxFuture<'a, Result<T, Error>>;

/// A typed call: the [`Call`] a builder makes and how the answer becomes what awaiting the
/// builder gives. [`run`] is the one piece of code that runs it.
pub(crate) trait Operation<'a>: Sized + Send + 'a {
    /// What the server answers, as decoded from the wire.
    type Answer: DeserializeOwned + Send + 'static;
    /// What awaiting the builder gives.
    type Output: Send + 'a;

    /// The client the call goes through.
    fn client(&self) -> &'a Client;

    /// The call (a `web_read` specification that cannot be built is an error).
    fn call(&self) -> Result<Call, Error>;

    /// The Odoo version of the bindings the call reads, which errors name next to the
    /// server's ([`OdooModel::ODOO_VERSION`]); `None` for untyped answers.
    fn bindings_version(&self) -> Option<&'static str> {
        None
    }

    /// The output when there is nothing to ask (a write on no ids): then no call is made.
    fn known(&self) -> Option<Self::Output> {
        None
    }

    /// The answer: by default the one [`call`](Operation::call) through the client; `web_read`
    /// falls back to `read` calls on a server without it.
    fn fetch(&self) -> impl Future<Output = Result<Self::Answer, Error>> + Send {
        let client = self.client();
        let call = self.call();
        let version = self.bindings_version();
        async move { client.call_explained(call?, version).await }
    }

    /// The output made from the answer.
    fn decode(self, answer: Self::Answer) -> Result<Self::Output, Error>;
}

/// Runs an operation: the one future behind every typed builder's `IntoFuture`.
pub(crate) fn run<'a, O: Operation<'a>>(op: O) -> CallFuture<'a, O::Output> {
    Box::pin(async move {
        if let Some(output) = op.known() {
            return Ok(output);
        }
        let answer = op.fetch().await?;
        op.decode(answer)
    })
}

/// `impl IntoFuture` for an [`Operation`]: `into_future!(['a, M: OdooModel + Send] Search<'a,
/// M> => Vec<RecordId<M>>)`, with an optional `where` clause after the output.
macro_rules! into_future {
    ([$lt:lifetime $(, $($g:tt)*)?] $ty:ty => $out:ty $(where $($w:tt)*)?) => {
        impl<$lt $(, $($g)*)?> ::std::future::IntoFuture for $ty $(where $($w)*)? {
            type Output = ::std::result::Result<$out, $crate::error::Error>;
            type IntoFuture = $crate::operation::CallFuture<$lt, $out>;
            fn into_future(self) -> Self::IntoFuture {
                $crate::operation::run(self)
            }
        }
    };
}
pub(crate) use into_future;

/// Options every typed call takes: the per-call context.
#[derive(Clone, Debug, Default)]
pub(crate) struct Options {
    pub(crate) context: Vec<(String, Value)>,
}

impl Options {
    pub(crate) fn apply(&self, mut call: Call) -> Call {
        for (k, v) in &self.context {
            call = call.context_value(k.clone(), v.clone());
        }
        call
    }
}

macro_rules! context_setter {
    () => {
        /// Adds a context key for this call (over the client's default context), e.g.
        /// `lang`, `tz`, `active_test`.
        pub fn context(
            mut self,
            key: impl Into<String>,
            value: impl Into<$crate::value::Value>,
        ) -> Self {
            self.options.context.push((key.into(), value.into()));
            self
        }
        $crate::context::context_helpers!();
    };
}
pub(crate) use context_setter;

macro_rules! paging_setters {
    () => {
        /// At most `limit` records.
        pub fn limit(mut self, limit: u64) -> Self {
            self.limit = Some(limit);
            self
        }
        /// Skips the first `offset` records.
        pub fn offset(mut self, offset: u64) -> Self {
            self.offset = offset;
            self
        }
        /// Odoo's `order` clause, e.g. `"name"`, `"create_date desc, id"`.
        pub fn order(mut self, order: impl Into<String>) -> Self {
            self.order = Some(order.into());
            self
        }
    };
}
pub(crate) use paging_setters;

pub(crate) fn ids_arg<M>(ids: &[RecordId<M>]) -> Vec<i64> {
    ids.iter().map(|id| id.get()).collect()
}

/// The ids, each once, in the order first given.
pub(crate) fn dedup<M>(ids: impl IntoIterator<Item = RecordId<M>>) -> Vec<RecordId<M>> {
    let mut seen = std::collections::HashSet::new();
    ids.into_iter().filter(|id| seen.insert(id.get())).collect()
}

/// A record decoded with its id.
pub(crate) struct Keyed<M>(pub(crate) Option<i64>, pub(crate) M);

impl<'de, M: OdooModel> Deserialize<'de> for Keyed<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        M::__deserialize_record(d).map(|(id, m)| Keyed(id, m))
    }
}

/// Rows in the order of the ids asked, and the ids asked that no row holds.
pub(crate) fn order_records<M, R>(
    asked: &[RecordId<M>],
    rows: Vec<Keyed<R>>,
) -> (Vec<R>, Vec<RecordId<M>>) {
    let mut by_id: HashMap<i64, R> = HashMap::with_capacity(rows.len());
    let mut strays = Vec::new();
    for Keyed(id, m) in rows {
        match id {
            Some(id) if !by_id.contains_key(&id) => {
                by_id.insert(id, m);
            }
            _ => strays.push(m),
        }
    }
    let mut records = Vec::with_capacity(asked.len());
    let mut missing = Vec::new();
    for id in asked {
        match by_id.remove(&id.get()) {
            Some(m) => records.push(m),
            None => missing.push(*id),
        }
    }
    // Rows Odoo sent for ids nobody asked for (it should not) are kept, at the end.
    let mut rest: Vec<(i64, R)> = by_id.into_iter().collect();
    rest.sort_by_key(|(id, _)| *id);
    records.extend(rest.into_iter().map(|(_, m)| m));
    records.extend(strays);
    (records, missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AnyModel;

    #[test]
    fn rows_keep_the_order_asked_and_report_missing() {
        let asked: Vec<RecordId<AnyModel>> = [5, 3, 9, 4].map(RecordId::new).to_vec();
        let rows = vec![
            Keyed(Some(3), "c"),
            Keyed(Some(4), "d"),
            Keyed(Some(5), "e"),
            Keyed(Some(77), "x"),
            Keyed(None, "?"),
        ];
        let (records, missing) = order_records(&asked, rows);
        assert_eq!(records, ["e", "c", "d", "x", "?"]);
        assert_eq!(missing, [RecordId::new(9)]);
    }

    #[test]
    fn dedup_keeps_first() {
        let ids = dedup([3, 1, 3, 2, 1].map(RecordId::<AnyModel>::new));
        assert_eq!(ids, [3, 1, 2].map(RecordId::new));
    }
}
