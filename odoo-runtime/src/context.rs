//! The context of a call: language, time zone and companies, on top of the client's default
//! context ([`ClientBuilder::context`](crate::ClientBuilder::context)).
//!
//! Every typed call takes `.lang(…)`, `.tz(…)`, `.company(…)`, `.allowed_companies(…)`,
//! `.with_context(…)` (a [`Context`] made once, used on many calls) and `.context(key, value)`.
//! Keys given to a call override the client's for that call only.
//!
//! Companies matter for company-dependent fields (`standard_price`, `property_*`): Odoo reads
//! and writes them for the current company, the first of `allowed_company_ids`. Without that
//! key, it is the user's default company, whatever the caller meant. A company the user does
//! not belong to is an [`ErrorKind::AccessError`](crate::ErrorKind) (`Access to unauthorized
//! or invalid companies.`), on Odoo 17, 18 and 19.
//!
//! ```no_run
//! use odoo_runtime::{AnyModel, Client, Context, OdooModel, RecordId, Values};
//!
//! #[derive(Debug, OdooModel)]
//! #[odoo(model = "product.product")]
//! pub struct Product { pub id: RecordId<Product>, pub standard_price: f64 }
//!
//! # async fn run(client: Client, product: RecordId<Product>, shop: RecordId<AnyModel>) -> Result<(), odoo_runtime::Error> {
//! // The cost in the shop's company, not in the user's default one.
//! client
//!     .write([product], Values::new().set(Product::STANDARD_PRICE, 12.5))
//!     .company(shop)
//!     .await?;
//! let in_shop = client.read([product]).company(shop).await?;
//!
//! // One context for many calls.
//! let belgian = Context::new().lang("fr_BE").tz("Europe/Brussels").company(shop);
//! let read = client.read([product]).with_context(&belgian).await?;
//! # let _ = (in_shop, read); Ok(()) }
//! ```

use crate::types::RecordId;
use crate::value::{Map, Value};

/// Context keys for calls: build once, give to any typed call with `.with_context(&ctx)`.
///
/// ```
/// use odoo_runtime::{AnyModel, Context, RecordId, Value};
/// let ctx = Context::new()
///     .lang("fr_FR")
///     .tz("Europe/Paris")
///     .allowed_companies([RecordId::<AnyModel>::new(3), RecordId::new(1)])
///     .set("active_test", false);
/// assert_eq!(
///     ctx.get("allowed_company_ids"),
///     Some(&Value::from(vec![Value::Int(3), Value::Int(1)]))
/// );
/// assert_eq!(ctx.get("lang"), Some(&Value::from("fr_FR")));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Context {
    keys: Map,
}

impl Context {
    /// No key.
    pub fn new() -> Context {
        Context::default()
    }

    /// Any key, e.g. `active_test`, `tracking_disable`, `default_<field>`.
    pub fn set(mut self, key: impl Into<String>, value: impl Into<Value>) -> Context {
        self.keys.insert(key.into(), value.into());
        self
    }

    /// The language of translated fields and messages (`lang`), a code of an installed
    /// language such as `fr_FR`. Odoo answers in the default language (`en_US`) for a code
    /// that is not installed.
    pub fn lang(self, code: impl Into<String>) -> Context {
        self.set("lang", code.into())
    }

    /// The time zone (`tz`, e.g. `Europe/Brussels`) Odoo uses where it turns dates into local
    /// ones: `load` reads datetimes in it, reports and date groups use it. Datetimes read and
    /// written through the API stay in UTC.
    pub fn tz(self, name: impl Into<String>) -> Context {
        self.set("tz", name.into())
    }

    /// Runs in `company` alone (`allowed_company_ids: [company]`): company-dependent fields
    /// are read and written for it, and records of the user's other companies are out of
    /// reach of multi-company rules.
    pub fn company<M>(self, company: RecordId<M>) -> Context {
        self.allowed_companies([company])
    }

    /// `allowed_company_ids`: the companies the call may see, the first being the current
    /// one (whose values company-dependent fields hold).
    pub fn allowed_companies<M>(self, companies: impl IntoIterator<Item = RecordId<M>>) -> Context {
        let ids: Vec<Value> = companies.into_iter().map(|c| Value::Int(c.get())).collect();
        self.set("allowed_company_ids", Value::Array(ids))
    }

    /// The value of a key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.keys.get(key)
    }

    /// The keys.
    pub fn as_map(&self) -> &Map {
        &self.keys
    }

    /// The keys, by value.
    pub fn into_map(self) -> Map {
        self.keys
    }
}

impl From<Context> for Map {
    fn from(c: Context) -> Map {
        c.keys
    }
}

/// The context methods of every typed call (`context_setter!` adds them next to `context`).
macro_rules! context_helpers {
    () => {
        /// Adds the keys of `context` to this call's (see [`Context`](crate::Context)).
        pub fn with_context(self, context: &$crate::context::Context) -> Self {
            context
                .as_map()
                .iter()
                .fold(self, |call, (k, v)| call.context(k.clone(), v.clone()))
        }

        /// The language of this call (`lang`, e.g. `fr_FR`): translated fields are read and
        /// written in it.
        pub fn lang(self, code: impl Into<String>) -> Self {
            self.context("lang", code.into())
        }

        /// The time zone of this call (`tz`, e.g. `Europe/Brussels`).
        pub fn tz(self, name: impl Into<String>) -> Self {
            self.context("tz", name.into())
        }

        /// Runs this call in `company` (`allowed_company_ids: [company]`), for
        /// company-dependent fields such as `standard_price`.
        pub fn company<C>(self, company: $crate::types::RecordId<C>) -> Self {
            self.with_context(&$crate::context::Context::new().company(company))
        }

        /// `allowed_company_ids` of this call: the first is the current company.
        pub fn allowed_companies<C>(
            self,
            companies: impl IntoIterator<Item = $crate::types::RecordId<C>>,
        ) -> Self {
            self.with_context(&$crate::context::Context::new().allowed_companies(companies))
        }
    };
}
pub(crate) use context_helpers;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AnyModel;

    #[test]
    fn a_company_is_the_only_allowed_one() {
        let c = Context::new().company(RecordId::<AnyModel>::new(2));
        assert_eq!(
            c.get("allowed_company_ids"),
            Some(&Value::from(vec![Value::Int(2)]))
        );
    }

    #[test]
    fn later_keys_win() {
        let c = Context::new().lang("fr_FR").lang("nl_BE");
        assert_eq!(c.get("lang"), Some(&Value::from("nl_BE")));
    }
}
