//! What `read_group` and `formatted_read_group` share: typed group keys and aggregates, the
//! [`Group`] row, and the query both builders fill.
//!
//! A builder starts with no keys and no aggregates, `()`; each `group_by` adds the field's
//! type to the keys' tuple and each `aggregate` its answer's type to the aggregates' tuple, so
//! a row reads `let (country,) = &group.keys; let (total, top) = group.aggregates;` with
//! the types of the fields:
//!
//! | aggregate | Odoo | type |
//! | --- | --- | --- |
//! | [`Field::sum`] | `field:sum` | the field's ([`Numeric`]: `i64`, `i32`, `f64`, `f32`) |
//! | [`Field::avg`] | `field:avg` | `f64` |
//! | [`Field::min`], [`Field::max`] | `field:min`, `field:max` | the field's ([`Ordered`](crate::Ordered)) |
//! | [`Field::count_distinct`] | `field:count_distinct` | `i64` |
//! | [`Field::count_set`] | `field:count` (non-empty values) | `i64` |
//! | [`Field::bool_and`], [`Field::bool_or`] | `field:bool_and`, `field:bool_or` | `bool` |
//!
//! Every row also has its record [`count`](Group::count).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::call::Call;
use crate::domain::Domain;
use crate::error::Error;
use crate::model::{Field, Ordered};
use crate::value::Value;

/// One group of a `read_group` or `formatted_read_group` answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Group<M, K, A> {
    /// The values of the group keys, one per `group_by`, typed as the fields are (a many2one
    /// as `Option<Many2one<…>>`: `None` for the records without one).
    pub keys: K,
    /// How many records the group holds.
    pub count: u64,
    /// The aggregates, one per `aggregate`, in the order they were asked.
    pub aggregates: A,
    /// The records of the group: the query's domain and the group's own condition.
    pub domain: Domain<M>,
}

/// Appends a type to a tuple: how `group_by` and `aggregate` grow the row's types (up to six
/// of each).
pub trait Push<T> {
    /// The tuple with `T` at the end.
    type Output;
}

macro_rules! push {
    ($($t:ident)*) => {
        impl<$($t,)* T> Push<T> for ($($t,)*) {
            type Output = ($($t,)* T,);
        }
    };
}
push!();
push!(A);
push!(A B);
push!(A B C);
push!(A B C D);
push!(A B C D E);

/// The interval of a date or datetime group key (`group_by_period`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Granularity {
    /// `:hour` (datetimes).
    Hour,
    /// `:day`.
    Day,
    /// `:week`.
    Week,
    /// `:month` (what Odoo's `read_group` uses for a date field without one).
    Month,
    /// `:quarter`.
    Quarter,
    /// `:year`.
    Year,
}

impl Granularity {
    /// Odoo's name, e.g. `month`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Hour => "hour",
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
            Granularity::Quarter => "quarter",
            Granularity::Year => "year",
        }
    }
}

/// The key of a date or datetime group: the start of the interval (`formatted_read_group`
/// sends it; `read_group` only the label) and its label, e.g. `December 2026`. `None` when
/// the records of the group have no date.
///
/// ```
/// use odoo_runtime::orm::Period;
/// let p: Period = odoo_runtime::json::from_slice(br#"["2026-12-01 00:00:00", "December 2026"]"#).unwrap();
/// assert_eq!(p.start.as_deref(), Some("2026-12-01 00:00:00"));
/// let p: Period = odoo_runtime::json::from_slice(br#""December 2026""#).unwrap();
/// assert_eq!((p.start, p.label.as_str()), (None, "December 2026"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first instant of the interval, as Odoo writes it.
    pub start: Option<String>,
    /// The label Odoo shows.
    pub label: String,
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PeriodVisitor)
    }
}

struct PeriodVisitor;

impl<'de> Visitor<'de> for PeriodVisitor {
    type Value = Period;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date group: [start, label] or a label")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        Ok(Period {
            start: None,
            label: v.to_owned(),
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Period, A::Error> {
        let start: Option<String> = seq
            .next_element::<Option<String>>()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let label: String = seq
            .next_element::<Option<String>>()?
            .flatten()
            .unwrap_or_default();
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Period { start, label })
    }
}

/// A group key: a field, or a field with a granularity. Made by the builders' `group_by`
/// methods.
pub struct GroupKey<M, K> {
    pub(crate) spec: String,
    _p: PhantomData<fn() -> (M, K)>,
}

impl<M, K> GroupKey<M, K> {
    /// A key from Odoo's groupby text, unchecked (`"create_date:month_number"`,
    /// `"properties.color"`); its values are decoded as `K`.
    pub fn raw(spec: impl Into<String>) -> Self {
        GroupKey {
            spec: spec.into(),
            _p: PhantomData,
        }
    }

    /// Odoo's groupby text.
    pub fn spec(&self) -> &str {
        &self.spec
    }
}

/// One aggregate of a group query, answering a `T`. Made by the methods of field handles
/// ([`Field::sum`], [`Field::max`], …).
pub struct Aggregate<M, T> {
    pub(crate) field: String,
    pub(crate) function: &'static str,
    _p: PhantomData<fn() -> (M, T)>,
}

impl<M, T> Aggregate<M, T> {
    fn new(field: &str, function: &'static str) -> Self {
        Aggregate {
            field: field.to_owned(),
            function,
            _p: PhantomData,
        }
    }

    /// `formatted_read_group`'s aggregate text (and the key of its answer): `color:sum`.
    pub fn spec(&self) -> String {
        format!("{}:{}", self.field, self.function)
    }

    /// `read_group`'s form, `name:function(field)`, with a name no other aggregate has.
    pub(crate) fn aliased(&self) -> (String, String) {
        let alias = format!("{}_{}", self.field, self.function);
        (format!("{alias}:{}({})", self.function, self.field), alias)
    }
}

/// A field type that can be summed: `i64`, `i32`, `f64`, `f32`.
pub trait Numeric {}
impl Numeric for i64 {}
impl Numeric for i32 {}
impl Numeric for f64 {}
impl Numeric for f32 {}

impl<M, T: Numeric, A> Field<M, T, A> {
    /// `field:sum`.
    pub fn sum(&self) -> Aggregate<M, T> {
        Aggregate::new(self.name(), "sum")
    }
    /// `field:avg`.
    pub fn avg(&self) -> Aggregate<M, f64> {
        Aggregate::new(self.name(), "avg")
    }
}

impl<M, T: Ordered, A> Field<M, T, A> {
    /// `field:min`.
    pub fn min(&self) -> Aggregate<M, T> {
        Aggregate::new(self.name(), "min")
    }
    /// `field:max`.
    pub fn max(&self) -> Aggregate<M, T> {
        Aggregate::new(self.name(), "max")
    }
}

impl<M, A> Field<M, bool, A> {
    /// `field:bool_and`: every record of the group has it set.
    pub fn bool_and(&self) -> Aggregate<M, bool> {
        Aggregate::new(self.name(), "bool_and")
    }
    /// `field:bool_or`: some record of the group has it set.
    pub fn bool_or(&self) -> Aggregate<M, bool> {
        Aggregate::new(self.name(), "bool_or")
    }
}

impl<M, T, A> Field<M, T, A> {
    /// `field:count_distinct`: how many different values the group holds.
    pub fn count_distinct(&self) -> Aggregate<M, i64> {
        Aggregate::new(self.name(), "count_distinct")
    }
    /// `field:count`: how many records of the group have a value.
    pub fn count_set(&self) -> Aggregate<M, i64> {
        Aggregate::new(self.name(), "count")
    }
    /// This field as a group key, its values typed as the field.
    pub fn group(&self) -> GroupKey<M, T> {
        GroupKey::raw(self.name())
    }
    /// This date or datetime field grouped by `granularity` (`create_date:month`).
    pub fn group_by_period(&self, granularity: Granularity) -> GroupKey<M, Option<Period>> {
        GroupKey::raw(format!("{}:{}", self.name(), granularity.as_str()))
    }
}

/// What a group query asks, whatever the method.
pub(crate) struct GroupQuery<M> {
    pub(crate) domain: Domain<M>,
    pub(crate) groupby: Vec<String>,
    /// (aggregate text, answer key) for `formatted_read_group`; `read_group`'s alias form
    /// is kept apart.
    pub(crate) aggregates: Vec<(String, String)>,
    pub(crate) read_group_aggregates: Vec<(String, String)>,
    pub(crate) order: Option<String>,
    pub(crate) limit: Option<u64>,
    pub(crate) offset: u64,
}

impl<M> GroupQuery<M> {
    pub(crate) fn new(domain: Domain<M>) -> Self {
        GroupQuery {
            domain,
            groupby: Vec::new(),
            aggregates: Vec::new(),
            read_group_aggregates: Vec::new(),
            order: None,
            limit: None,
            offset: 0,
        }
    }

    /// `call` with the query's paging: `offset` and `limit` when set, and the order under
    /// `order_key` (`order` for `formatted_read_group`, `orderby` for `read_group`).
    pub(crate) fn paged(&self, mut call: Call, order_key: &str) -> Call {
        if self.offset > 0 {
            call = call.arg("offset", self.offset);
        }
        if let Some(limit) = self.limit {
            call = call.arg("limit", limit);
        }
        if let Some(order) = &self.order {
            call = call.arg(order_key, order);
        }
        call
    }

    pub(crate) fn add_aggregate<T>(&mut self, a: &Aggregate<M, T>) {
        let spec = a.spec();
        self.aggregates.push((spec.clone(), spec));
        self.read_group_aggregates.push(a.aliased());
    }
}

/// Which answer a row comes from.
#[derive(Clone, Copy)]
pub(crate) enum Shape {
    /// `formatted_read_group`: aggregates keyed by their text, `__extra_domain` the group's
    /// condition alone.
    Formatted,
    /// `read_group(lazy=False)`: aggregates keyed by their alias, `__domain` the whole domain.
    ReadGroup,
}

/// Decodes one answer row.
pub(crate) fn decode_row<M, K: DeserializeOwned, A: DeserializeOwned>(
    model: &str,
    query: &GroupQuery<M>,
    shape: Shape,
    row: &Value,
) -> Result<Group<M, K, A>, Error> {
    let Some(map) = row.as_struct() else {
        return Err(Error::decode_message(format!(
            "{model}: a group row must be a dict, got {}",
            row.kind_name()
        )));
    };
    let take = |names: &mut dyn Iterator<Item = &str>, what: &str| -> Result<Value, Error> {
        let values: Vec<Value> = names
            .map(|n| {
                map.get(n).cloned().ok_or_else(|| {
                    Error::decode_message(format!("{model}: a group row has no `{n}` ({what})"))
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(if values.is_empty() {
            Value::Nil
        } else {
            Value::Array(values)
        })
    };
    let keys = take(&mut query.groupby.iter().map(String::as_str), "group key")?;
    let aggregate_keys: Vec<&str> = match shape {
        Shape::Formatted => query.aggregates.iter().map(|(_, k)| k.as_str()).collect(),
        Shape::ReadGroup => query
            .read_group_aggregates
            .iter()
            .map(|(_, k)| k.as_str())
            .collect(),
    };
    let aggregates = take(&mut aggregate_keys.into_iter(), "aggregate")?;
    let count = map
        .get("__count")
        .and_then(Value::as_i64)
        .and_then(|n| u64::try_from(n).ok())
        .ok_or_else(|| Error::decode_message(format!("{model}: a group row has no `__count`")))?;
    let domain = match shape {
        Shape::Formatted => {
            query.domain.clone()
                & Domain::raw(
                    map.get("__extra_domain")
                        .cloned()
                        .unwrap_or_else(|| Value::Array(Vec::new())),
                )
        }
        Shape::ReadGroup => match map.get("__domain") {
            Some(d) => Domain::raw(d.clone()),
            None => query.domain.clone(),
        },
    };
    let keys: K = keys.deserialize_into().map_err(|e| {
        Error::decode_message(format!(
            "{model}: group keys {:?}: {}",
            query.groupby,
            e.message()
        ))
    })?;
    let aggregates: A = aggregates
        .deserialize_into()
        .map_err(|e| Error::decode_message(format!("{model}: aggregates: {}", e.message())))?;
    Ok(Group {
        keys,
        count,
        aggregates,
        domain,
    })
}

/// The setters both builders have.
macro_rules! group_setters {
    ($builder:ident) => {
        /// Groups by one more field; its values are the rows' next key, typed as the field.
        pub fn group_by<T, Acc>(
            self,
            field: $crate::model::Field<M, T, Acc>,
        ) -> $builder<'a, M, <K as $crate::orm::group::Push<T>>::Output, A>
        where
            K: $crate::orm::group::Push<T>,
        {
            self.group_by_key(field.group())
        }

        /// Groups by one more key ([`Field::group_by_period`](crate::model::Field::group_by_period),
        /// [`GroupKey::raw`](crate::orm::GroupKey::raw)).
        pub fn group_by_key<T>(
            mut self,
            key: $crate::orm::group::GroupKey<M, T>,
        ) -> $builder<'a, M, <K as $crate::orm::group::Push<T>>::Output, A>
        where
            K: $crate::orm::group::Push<T>,
        {
            self.query.groupby.push(key.spec);
            $builder {
                client: self.client,
                query: self.query,
                options: self.options,
                _p: ::std::marker::PhantomData,
            }
        }

        /// Computes one more aggregate per group ([`Field::sum`](crate::model::Field::sum), …).
        pub fn aggregate<T>(
            mut self,
            aggregate: $crate::orm::group::Aggregate<M, T>,
        ) -> $builder<'a, M, K, <A as $crate::orm::group::Push<T>>::Output>
        where
            A: $crate::orm::group::Push<T>,
        {
            self.query.add_aggregate(&aggregate);
            $builder {
                client: self.client,
                query: self.query,
                options: self.options,
                _p: ::std::marker::PhantomData,
            }
        }

        /// Odoo's order of the groups, over group keys and aggregates (`"__count desc"`).
        pub fn order(mut self, order: impl Into<String>) -> Self {
            self.query.order = Some(order.into());
            self
        }

        /// At most `limit` groups.
        pub fn limit(mut self, limit: u64) -> Self {
            self.query.limit = Some(limit);
            self
        }

        /// Skips the first `offset` groups.
        pub fn offset(mut self, offset: u64) -> Self {
            self.query.offset = offset;
            self
        }
    };
}
pub(crate) use group_setters;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AnyModel;
    use crate::types::{Many2one, RecordId};

    fn query() -> GroupQuery<AnyModel> {
        let mut q = GroupQuery::new(Domain::all());
        q.groupby.push("country_id".into());
        q.add_aggregate(&Aggregate::<AnyModel, i64>::new("color", "sum"));
        q
    }

    #[test]
    fn formatted_rows_decode_typed() {
        let row: Value = crate::json::from_slice(
            br#"{"country_id": [20, "Belgium"], "__extra_domain": [["country_id", "=", 20]], "__count": 43, "color:sum": 245}"#,
        )
        .unwrap();
        let g: Group<AnyModel, (Option<Many2one<AnyModel>>,), (i64,)> =
            decode_row("res.partner", &query(), Shape::Formatted, &row).unwrap();
        assert_eq!(g.keys.0.as_ref().map(|m| m.id), Some(RecordId::new(20)));
        assert_eq!((g.count, g.aggregates.0), (43, 245));
        assert_eq!(
            serde_json::to_value(&g.domain).unwrap(),
            serde_json::json!([["country_id", "=", 20]])
        );
    }

    #[test]
    fn read_group_rows_use_the_aliases() {
        let row: Value = crate::json::from_slice(
            br#"{"country_id": false, "__domain": [["country_id", "=", false]], "__count": 2, "color_sum": 0}"#,
        )
        .unwrap();
        let g: Group<AnyModel, (Option<Many2one<AnyModel>>,), (i64,)> =
            decode_row("res.partner", &query(), Shape::ReadGroup, &row).unwrap();
        assert_eq!((g.keys.0, g.count, g.aggregates.0), (None, 2, 0));
    }

    #[test]
    fn a_row_without_a_key_is_a_decode_error_naming_it() {
        let row: Value = crate::json::from_slice(br#"{"__count": 2}"#).unwrap();
        let e = decode_row::<_, (i64,), (i64,)>("res.partner", &query(), Shape::Formatted, &row)
            .unwrap_err();
        assert!(e.is_decode());
        assert!(e.to_string().contains("`country_id`"), "{e}");
    }

    #[test]
    fn no_keys_and_no_aggregates_are_units() {
        let q = GroupQuery::<AnyModel>::new(Domain::all());
        let row: Value =
            crate::json::from_slice(br#"{"__count": 5, "__extra_domain": [[1, "=", 1]]}"#).unwrap();
        let g: Group<AnyModel, (), ()> =
            decode_row("res.partner", &q, Shape::Formatted, &row).unwrap();
        assert_eq!(g.count, 5);
    }
}
