//! Rust types for Odoo's field types.
//!
//! | Odoo field type | Rust type in a model struct |
//! | --- | --- |
//! | `id` | [`RecordId<Self>`](RecordId) |
//! | `boolean` | `bool` |
//! | `integer` | `i64` |
//! | `float`, `monetary` | `f64` |
//! | `char`, `text`, `html` | `Option<String>` (or `String` when it is always set) |
//! | `selection` | `Option<E>` with `#[derive(OdooSelection)] enum E` |
//! | `date` | `Option<`[`Date`]`>` |
//! | `datetime` | `Option<`[`DateTime`]`>` |
//! | `binary` | `Option<`[`Binary`]`>` |
//! | `many2one` | `Option<`[`Many2one<M>`](Many2one)`>` |
//! | `one2many`, `many2many` | [`X2Many<M>`](X2Many) |
//! | `reference` | `Option<`[`Reference`]`>` |
//! | `many2one_reference` | `Option<i64>` |
//! | `json`, `properties`, `properties_definition` | `Option<serde_json::Value>` |
//!
//! Odoo sends `false` for an empty value; every deserializer of this crate reads `false` as
//! `None` for an `Option`, at any depth. A `false` in a field that is not an `Option` is a
//! decode error that names the model, the record id and the field.
//!
//! Relations name their target with a type parameter. When the target model has no Rust type,
//! use [`AnyModel`]: `Many2one<AnyModel>`, `X2Many<AnyModel>`.
//!
//! ```
//! use odoo_runtime::{Date, Many2one, RecordId, Reference, X2Many, AnyModel};
//!
//! let m: Many2one<AnyModel> = odoo_runtime::json::from_slice(br#"[233, "United States"]"#).unwrap();
//! assert_eq!(m.id, RecordId::new(233));
//! assert_eq!(m.name.as_deref(), Some("United States"));
//!
//! let tags: X2Many<AnyModel> = odoo_runtime::json::from_slice(b"[7, 5]").unwrap();
//! assert_eq!(tags.len(), 2);
//!
//! let r: Reference = "ir.actions.act_window,12".parse().unwrap();
//! assert_eq!((r.model.as_str(), r.id), ("ir.actions.act_window", 12));
//!
//! let d: Date = odoo_runtime::json::from_slice(br#""2025-01-31""#).unwrap();
//! assert_eq!(d.to_string(), "2025-01-31");
//! ```

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// A model whose Rust type is not generated: the target of `Many2one<AnyModel>` or
/// `X2Many<AnyModel>`. It has no values; it only marks a relation as untyped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnyModel {}

// ------------------------------------------------------------------------------- RecordId

/// The id of a record of model `M`.
///
/// A typed `i64`: an id of a partner cannot be passed where an id of a country is expected.
/// It places no bound on `M`, is `Copy`, and travels as a plain integer.
///
/// ```
/// use odoo_runtime::{RecordId, AnyModel};
/// let id: RecordId<AnyModel> = RecordId::new(7);
/// assert_eq!(id.get(), 7);
/// assert_eq!(serde_json::to_string(&id).unwrap(), "7");
/// ```
pub struct RecordId<M> {
    id: i64,
    _model: PhantomData<fn() -> M>,
}

impl<M> RecordId<M> {
    /// The id `id` of a record of `M`.
    pub const fn new(id: i64) -> Self {
        RecordId {
            id,
            _model: PhantomData,
        }
    }

    /// The integer id.
    pub const fn get(self) -> i64 {
        self.id
    }

    /// The same id, seen as a record of another model (for example to go from
    /// `RecordId<AnyModel>` to a typed one).
    pub const fn cast<N>(self) -> RecordId<N> {
        RecordId::new(self.id)
    }
}

impl<M> Clone for RecordId<M> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<M> Copy for RecordId<M> {}
impl<M> PartialEq for RecordId<M> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl<M> Eq for RecordId<M> {}
impl<M> PartialOrd for RecordId<M> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<M> Ord for RecordId<M> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.id.cmp(&other.id)
    }
}
impl<M> Hash for RecordId<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state)
    }
}
impl<M> fmt::Debug for RecordId<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordId({})", self.id)
    }
}
impl<M> fmt::Display for RecordId<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.id, f)
    }
}
impl<M> From<RecordId<M>> for i64 {
    fn from(id: RecordId<M>) -> i64 {
        id.id
    }
}
impl<M> From<RecordId<M>> for crate::Value {
    fn from(id: RecordId<M>) -> crate::Value {
        crate::Value::Int(id.id)
    }
}
impl<M> Serialize for RecordId<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.id)
    }
}
impl<'de, M> Deserialize<'de> for RecordId<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        i64::deserialize(d).map(RecordId::new)
    }
}

// ------------------------------------------------------------------------------- Many2one

/// The value of a many2one field: the target record's id and, when Odoo sent it, its display
/// name.
///
/// Decodes Odoo's `[id, "display name"]`, the bare id that `read(..., load=None)` sends and
/// `web_read`'s `{"id": …, "display_name": …}`. A model struct holds `Option<Many2one<M>>`: an empty many2one is `false`. It serializes as
/// the bare id, which is what `create` and `write` expect.
///
/// ```
/// use odoo_runtime::{Many2one, AnyModel};
/// let m: Option<Many2one<AnyModel>> = odoo_runtime::json::from_slice(b"false").unwrap();
/// assert_eq!(m, None);
/// let m: Many2one<AnyModel> = odoo_runtime::json::from_slice(b"233").unwrap();
/// assert_eq!((m.id.get(), m.name), (233, None));
/// let m: Many2one<AnyModel> =
///     odoo_runtime::json::from_slice(br#"{"id": 233, "display_name": "United States"}"#).unwrap();
/// assert_eq!(m.name.as_deref(), Some("United States"));
/// ```
pub struct Many2one<M> {
    /// The target record.
    pub id: RecordId<M>,
    /// Its display name (`None` when read with `load=None`).
    pub name: Option<String>,
}

impl<M> Many2one<M> {
    /// A value with an id only.
    pub fn new(id: RecordId<M>) -> Self {
        Many2one { id, name: None }
    }
}

impl<M> Clone for Many2one<M> {
    fn clone(&self) -> Self {
        Many2one {
            id: self.id,
            name: self.name.clone(),
        }
    }
}
impl<M> PartialEq for Many2one<M> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.name == other.name
    }
}
impl<M> Eq for Many2one<M> {}
impl<M> Hash for Many2one<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.name.hash(state);
    }
}
impl<M> fmt::Debug for Many2one<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Many2one")
            .field("id", &self.id.id)
            .field("name", &self.name)
            .finish()
    }
}
impl<M> From<RecordId<M>> for Many2one<M> {
    fn from(id: RecordId<M>) -> Self {
        Many2one::new(id)
    }
}
impl<M> Serialize for Many2one<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.id.id)
    }
}
impl<'de, M> Deserialize<'de> for Many2one<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(Many2oneVisitor(PhantomData))
    }
}

struct Many2oneVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for Many2oneVisitor<M> {
    type Value = Many2one<M>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a many2one value: [id, \"display name\"] or an id")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Many2one::new(RecordId::new(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(|v| Many2one::new(RecordId::new(v)))
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let id: i64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        // The name is text; a `false` name (a record without display name) reads as None.
        let name: Option<String> = seq.next_element::<Option<String>>()?.flatten();
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(Many2one {
            id: RecordId::new(id),
            name,
        })
    }
    /// `web_read`'s form, `{"id": 233, "display_name": "United States"}` (other keys ignored).
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut id = None;
        let mut name = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "id" => id = Some(map.next_value::<i64>()?),
                "display_name" => name = map.next_value::<Option<String>>()?,
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let id = id.ok_or_else(|| de::Error::missing_field("id"))?;
        Ok(Many2one {
            id: RecordId::new(id),
            name,
        })
    }
}

// ------------------------------------------------------------------------------- X2Many

/// The value of a one2many or many2many field: the ids of the related records, in Odoo's
/// order.
///
/// It dereferences to a slice of [`RecordId`]s.
///
/// ```
/// use odoo_runtime::{X2Many, RecordId, AnyModel};
/// let tags: X2Many<AnyModel> = odoo_runtime::json::from_slice(b"[7, 5]").unwrap();
/// assert_eq!(tags[0], RecordId::new(7));
/// assert_eq!(tags.iter().map(|id| id.get()).collect::<Vec<_>>(), [7, 5]);
/// ```
pub struct X2Many<M> {
    ids: Vec<RecordId<M>>,
}

impl<M> X2Many<M> {
    /// An empty list.
    pub fn new() -> Self {
        X2Many { ids: Vec::new() }
    }

    /// The ids as a vector.
    pub fn into_vec(self) -> Vec<RecordId<M>> {
        self.ids
    }

    /// The ids as integers.
    pub fn raw_ids(&self) -> impl Iterator<Item = i64> + '_ {
        self.ids.iter().map(|id| id.get())
    }
}

impl<M> Default for X2Many<M> {
    fn default() -> Self {
        X2Many::new()
    }
}
impl<M> Clone for X2Many<M> {
    fn clone(&self) -> Self {
        X2Many {
            ids: self.ids.clone(),
        }
    }
}
impl<M> PartialEq for X2Many<M> {
    fn eq(&self, other: &Self) -> bool {
        self.ids == other.ids
    }
}
impl<M> Eq for X2Many<M> {}
impl<M> Hash for X2Many<M> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.ids.hash(state)
    }
}
impl<M> fmt::Debug for X2Many<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.ids.iter().map(|id| id.id))
            .finish()
    }
}
impl<M> Deref for X2Many<M> {
    type Target = [RecordId<M>];
    fn deref(&self) -> &[RecordId<M>] {
        &self.ids
    }
}
impl<M> From<Vec<RecordId<M>>> for X2Many<M> {
    fn from(ids: Vec<RecordId<M>>) -> Self {
        X2Many { ids }
    }
}
impl<M> FromIterator<RecordId<M>> for X2Many<M> {
    fn from_iter<I: IntoIterator<Item = RecordId<M>>>(iter: I) -> Self {
        X2Many {
            ids: iter.into_iter().collect(),
        }
    }
}
impl<M> IntoIterator for X2Many<M> {
    type Item = RecordId<M>;
    type IntoIter = std::vec::IntoIter<RecordId<M>>;
    fn into_iter(self) -> Self::IntoIter {
        self.ids.into_iter()
    }
}
impl<'a, M> IntoIterator for &'a X2Many<M> {
    type Item = &'a RecordId<M>;
    type IntoIter = std::slice::Iter<'a, RecordId<M>>;
    fn into_iter(self) -> Self::IntoIter {
        self.ids.iter()
    }
}
impl<M> Serialize for X2Many<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.ids.serialize(s)
    }
}
impl<'de, M> Deserialize<'de> for X2Many<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(X2ManyVisitor(PhantomData))
    }
}

struct X2ManyVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for X2ManyVisitor<M> {
    type Value = X2Many<M>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of record ids")
    }
    /// Odoo sends `[]` for an empty x2many, but `false` is accepted as empty as well.
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if v {
            Err(E::invalid_type(de::Unexpected::Bool(v), &self))
        } else {
            Ok(X2Many::new())
        }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(id) = seq.next_element::<i64>()? {
            ids.push(RecordId::new(id));
        }
        Ok(X2Many { ids })
    }
}

// ------------------------------------------------------------------------------- Reference

/// The value of a reference field: a model name and a record id, `"model,id"` on the wire.
///
/// ```
/// use odoo_runtime::Reference;
/// let r = Reference::new("res.partner", 7);
/// assert_eq!(r.to_string(), "res.partner,7");
/// assert_eq!("res.partner,7".parse::<Reference>().unwrap(), r);
/// assert!("res.partner".parse::<Reference>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reference {
    /// The model, e.g. `res.partner`.
    pub model: String,
    /// The record id.
    pub id: i64,
}

impl Reference {
    /// A reference to record `id` of `model`.
    pub fn new(model: impl Into<String>, id: i64) -> Self {
        Reference {
            model: model.into(),
            id,
        }
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.model, self.id)
    }
}

/// The error of parsing a [`Reference`], a [`Date`] or a [`DateTime`] from text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError(String);

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl std::error::Error for ParseError {}

impl FromStr for Reference {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError(format!("invalid reference {s:?}: expected \"model,id\""));
        let (model, id) = s.rsplit_once(',').ok_or_else(bad)?;
        let id = id.trim().parse().map_err(|_| bad())?;
        if model.is_empty() {
            return Err(bad());
        }
        Ok(Reference {
            model: model.to_owned(),
            id,
        })
    }
}
impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<Reference>::new("a reference \"model,id\""))
    }
}

/// Deserializes any `FromStr` type from a string.
struct FromStrVisitor<T> {
    expecting: &'static str,
    _t: PhantomData<fn() -> T>,
}
impl<T> FromStrVisitor<T> {
    fn new(expecting: &'static str) -> Self {
        FromStrVisitor {
            expecting,
            _t: PhantomData,
        }
    }
}
impl<'de, T: FromStr<Err = ParseError>> Visitor<'de> for FromStrVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }
    /// An XML-RPC `<dateTime.iso8601>` read through `deserialize_any` comes as a one-entry map.
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        match map.next_key::<std::borrow::Cow<'de, str>>()? {
            Some(k) if k == crate::value::DATETIME_TOKEN => {
                let text: std::borrow::Cow<'de, str> = map.next_value()?;
                text.parse().map_err(de::Error::custom)
            }
            _ => Err(de::Error::invalid_type(de::Unexpected::Map, &self)),
        }
    }
}

// ------------------------------------------------------------------------------- Date, DateTime

/// A date field: Odoo's `"YYYY-MM-DD"`, a [`chrono::NaiveDate`] underneath.
///
/// ```
/// use odoo_runtime::Date;
/// let d: Date = "2025-01-31".parse().unwrap();
/// assert_eq!(*d, chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap());
/// assert_eq!(serde_json::to_string(&d).unwrap(), r#""2025-01-31""#);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

/// A datetime field: Odoo's UTC `"YYYY-MM-DD HH:MM:SS"`, a [`chrono::DateTime<Utc>`] underneath.
///
/// Also reads `YYYY-MM-DDTHH:MM:SS` and XML-RPC's `YYYYMMDDTHH:MM:SS`; fractions of a second
/// are accepted and kept, and dropped when written (Odoo stores whole seconds).
///
/// ```
/// use odoo_runtime::DateTime;
/// let t: DateTime = "2025-01-31 10:30:00".parse().unwrap();
/// assert_eq!(t.to_string(), "2025-01-31 10:30:00");
/// let utc: chrono::DateTime<chrono::Utc> = t.into();
/// assert_eq!(utc.to_rfc3339(), "2025-01-31T10:30:00+00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTime(pub chrono::DateTime<chrono::Utc>);

const DATE_FORMAT: &str = "%Y-%m-%d";
const DATETIME_FORMAT: &str = "%Y-%m-%d %H:%M:%S";

/// Odoo's exact forms, `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS`, read without chrono's
/// format interpreter: a typed read of 10,000 records parses 20,000 datetimes, and this path
/// is several times faster. Anything else falls back to chrono's parser.
fn fast_date(b: &[u8]) -> Option<chrono::NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    chrono::NaiveDate::from_ymd_opt(
        digits(&b[0..4])? as i32,
        digits(&b[5..7])?,
        digits(&b[8..10])?,
    )
}

fn fast_datetime(b: &[u8]) -> Option<chrono::NaiveDateTime> {
    if b.len() != 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let time = chrono::NaiveTime::from_hms_opt(
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    )?;
    Some(fast_date(&b[..10])?.and_time(time))
}

fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

impl FromStr for Date {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        if let Some(d) = fast_date(s.as_bytes()) {
            return Ok(Date(d));
        }
        chrono::NaiveDate::parse_from_str(s, DATE_FORMAT)
            .map(Date)
            .map_err(|e| ParseError(format!("invalid date {s:?} ({e}): expected \"YYYY-MM-DD\"")))
    }
}
impl FromStr for DateTime {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        if let Some(t) = fast_datetime(s.as_bytes()) {
            return Ok(DateTime(t.and_utc()));
        }
        [
            "%Y-%m-%d %H:%M:%S%.f",
            "%Y-%m-%dT%H:%M:%S%.f",
            "%Y%m%dT%H:%M:%S%.f",
        ]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(s, f).ok())
        .map(|t| DateTime(t.and_utc()))
        .ok_or_else(|| {
            ParseError(format!(
                "invalid datetime {s:?}: expected \"YYYY-MM-DD HH:MM:SS\""
            ))
        })
    }
}
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATE_FORMAT))
    }
}
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format(DATETIME_FORMAT))
    }
}
impl Deref for Date {
    type Target = chrono::NaiveDate;
    fn deref(&self) -> &chrono::NaiveDate {
        &self.0
    }
}
impl Deref for DateTime {
    type Target = chrono::DateTime<chrono::Utc>;
    fn deref(&self) -> &chrono::DateTime<chrono::Utc> {
        &self.0
    }
}
impl From<chrono::NaiveDate> for Date {
    fn from(d: chrono::NaiveDate) -> Self {
        Date(d)
    }
}
impl From<Date> for chrono::NaiveDate {
    fn from(d: Date) -> Self {
        d.0
    }
}
impl From<chrono::DateTime<chrono::Utc>> for DateTime {
    fn from(t: chrono::DateTime<chrono::Utc>) -> Self {
        DateTime(t)
    }
}
impl From<chrono::NaiveDateTime> for DateTime {
    /// The naive datetime is taken as UTC, as Odoo does.
    fn from(t: chrono::NaiveDateTime) -> Self {
        DateTime(t.and_utc())
    }
}
impl From<DateTime> for chrono::DateTime<chrono::Utc> {
    fn from(t: DateTime) -> Self {
        t.0
    }
}
impl From<DateTime> for chrono::NaiveDateTime {
    fn from(t: DateTime) -> Self {
        t.0.naive_utc()
    }
}
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<Date>::new("a date \"YYYY-MM-DD\""))
    }
}
impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(FromStrVisitor::<DateTime>::new(
            "a datetime \"YYYY-MM-DD HH:MM:SS\"",
        ))
    }
}

// ------------------------------------------------------------------------------- Binary

/// A binary field's content, decoded from base64.
///
/// Odoo sends binary fields as base64 text (over XML-RPC as `<string>`, not `<base64>`); both
/// forms are read. It serializes as base64 text, which Odoo expects on writes.
///
/// **`bin_size`**: with `bin_size` in the context Odoo sends a human-readable size such as
/// `"10.44 Kb"` instead of the content. Decoding that into `Binary` is a decode error that says
/// so; to read sizes, declare the field as [`BinaryOrSize`] (or `Option<String>`).
///
/// ```
/// use odoo_runtime::Binary;
/// let b: Binary = odoo_runtime::json::from_slice(br#""aGVsbG8=""#).unwrap();
/// assert_eq!(&*b, b"hello");
/// let e = odoo_runtime::json::from_slice::<Binary>(br#""10.44 Kb""#).unwrap_err();
/// assert!(e.to_string().contains("bin_size"));
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Binary(pub Vec<u8>);

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Binary({} bytes)", self.0.len())
    }
}
impl Deref for Binary {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}
impl From<Vec<u8>> for Binary {
    fn from(b: Vec<u8>) -> Self {
        Binary(b)
    }
}
impl From<&[u8]> for Binary {
    fn from(b: &[u8]) -> Self {
        Binary(b.to_vec())
    }
}
impl From<Binary> for Vec<u8> {
    fn from(b: Binary) -> Self {
        b.0
    }
}
impl Serialize for Binary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use base64::Engine as _;
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}
impl<'de> Deserialize<'de> for Binary {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_any(BinaryVisitor)? {
            BinaryOrSize::Content(b) => Ok(b),
            BinaryOrSize::Size(s) => Err(de::Error::custom(format_args!(
                "binary field holds the size {s:?}, not its content: the call had `bin_size` in its \
                 context; remove it, or read the field as `BinaryOrSize`"
            ))),
        }
    }
}

/// A binary field read either way: its content, or the size text Odoo sends instead when the
/// context has `bin_size`.
///
/// ```
/// use odoo_runtime::{Binary, BinaryOrSize};
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""10.44 Kb""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Size("10.44 Kb".into()));
/// let v: BinaryOrSize = odoo_runtime::json::from_slice(br#""aGk=""#).unwrap();
/// assert_eq!(v, BinaryOrSize::Content(Binary(b"hi".to_vec())));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum BinaryOrSize {
    /// The content.
    Content(Binary),
    /// A human-readable size such as `"10.44 Kb"` (context `bin_size`).
    Size(String),
}

impl Serialize for BinaryOrSize {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            BinaryOrSize::Content(b) => b.serialize(s),
            BinaryOrSize::Size(t) => s.serialize_str(t),
        }
    }
}
impl<'de> Deserialize<'de> for BinaryOrSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BinaryVisitor)
    }
}

struct BinaryVisitor;

/// Odoo's `human_size`: a number, a space and a unit (`bytes`, `Kb`, `Mb`, …). Never valid
/// base64, which has no spaces.
fn is_size_text(s: &str) -> bool {
    let mut parts = s.split(' ');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(n), Some(unit), None)
            if n.parse::<f64>().is_ok() && unit.chars().all(|c| c.is_ascii_alphabetic())
    )
}

impl<'de> Visitor<'de> for BinaryVisitor {
    type Value = BinaryOrSize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("base64 text or bytes")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<BinaryOrSize, E> {
        use base64::Engine as _;
        if is_size_text(v) {
            return Ok(BinaryOrSize::Size(v.to_owned()));
        }
        // Odoo's base64 may be wrapped on several lines.
        let decoded = if v.contains(['\n', '\r', ' ']) {
            let clean: String = v.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD.decode(clean)
        } else {
            base64::engine::general_purpose::STANDARD.decode(v)
        };
        decoded
            .map(|b| BinaryOrSize::Content(Binary(b)))
            .map_err(|e| E::custom(format_args!("invalid base64 in a binary field: {e}")))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v.to_vec())))
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<BinaryOrSize, E> {
        Ok(BinaryOrSize::Content(Binary(v)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Value;

    #[test]
    fn the_fast_paths_agree_with_chrono() {
        for text in ["2025-03-14", "2024-02-29", "0001-01-01", "9999-12-31"] {
            let fast = text.parse::<Date>().unwrap();
            assert_eq!(
                fast.0,
                chrono::NaiveDate::parse_from_str(text, DATE_FORMAT).unwrap()
            );
            assert_eq!(fast.to_string(), text);
        }
        for text in [
            "2025-03-14 09:30:00",
            "2024-02-29 23:59:59",
            "2025-01-01 00:00:00",
        ] {
            let fast = text.parse::<DateTime>().unwrap();
            assert_eq!(
                fast.0.naive_utc(),
                chrono::NaiveDateTime::parse_from_str(text, DATETIME_FORMAT).unwrap()
            );
            assert_eq!(fast.to_string(), text);
        }
        // Impossible dates and times fail on the fast path and on the fallback alike.
        for bad in [
            "2025-02-30",
            "2023-02-29",
            "2025-13-01",
            "2025-00-10",
            "20x5-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad}");
        }
        for bad in [
            "2025-03-14 24:00:00",
            "2025-03-14 10:60:00",
            "2025-02-30 10:00:00",
            "2025-03-14 1a:00:00",
        ] {
            assert!(bad.parse::<DateTime>().is_err(), "{bad}");
        }
        // Other forms still go through chrono.
        assert!("2025-03-14T09:30:00".parse::<DateTime>().is_ok());
        assert!("20250314T09:30:00".parse::<DateTime>().is_ok());
        assert!("2025-03-14 09:30:00.123456".parse::<DateTime>().is_ok());
    }

    #[test]
    fn many2one_forms() {
        let pair = Value::from(vec![Value::from(9), Value::from("Acme")]);
        let m: Option<Many2one<AnyModel>> = pair.deserialize_into().unwrap();
        assert_eq!(m.unwrap().name.as_deref(), Some("Acme"));
        let m: Option<Many2one<AnyModel>> = Value::Bool(false).deserialize_into().unwrap();
        assert!(m.is_none());
        let m: Many2one<AnyModel> = Value::Int(3).deserialize_into().unwrap();
        assert_eq!(m.id.get(), 3);
        assert!(Value::Bool(false)
            .deserialize_into::<Many2one<AnyModel>>()
            .is_err());
        assert!(Value::from("x")
            .deserialize_into::<Many2one<AnyModel>>()
            .is_err());
        assert!(Value::Array(vec![])
            .deserialize_into::<Many2one<AnyModel>>()
            .is_err());
    }

    #[test]
    fn x2many_and_ids() {
        let v = Value::from(vec![Value::from(1), Value::from(2)]);
        let x: X2Many<AnyModel> = v.deserialize_into().unwrap();
        assert_eq!(x.raw_ids().collect::<Vec<_>>(), [1, 2]);
        let x: X2Many<AnyModel> = Value::Bool(false).deserialize_into().unwrap();
        assert!(x.is_empty());
        assert_eq!(
            Value::from_serialize(&RecordId::<AnyModel>::new(4)).unwrap(),
            Value::Int(4)
        );
    }

    #[test]
    fn dates() {
        let d: Date = Value::from("2026-11-27").deserialize_into().unwrap();
        assert_eq!(d.to_string(), "2026-11-27");
        let t: DateTime = Value::from("2026-11-27 23:53:59")
            .deserialize_into()
            .unwrap();
        assert_eq!(t.to_string(), "2026-11-27 23:53:59");
        let t: DateTime = Value::DateTime("20261127T23:53:59".into())
            .deserialize_into()
            .unwrap();
        assert_eq!(t.to_string(), "2026-11-27 23:53:59");
        assert!(Value::from("27/11/2026")
            .deserialize_into::<Date>()
            .is_err());
        let none: Option<DateTime> = Value::Bool(false).deserialize_into().unwrap();
        assert!(none.is_none());
    }

    #[test]
    fn binary_forms() {
        let b: Binary = Value::Base64(b"abc".to_vec()).deserialize_into().unwrap();
        assert_eq!(&*b, b"abc");
        let b: Binary = Value::from("YWJj\nZGVm").deserialize_into().unwrap();
        assert_eq!(&*b, b"abcdef");
        let e = Value::from("27.12 Kb")
            .deserialize_into::<Binary>()
            .unwrap_err();
        assert!(e.to_string().contains("bin_size"), "{e}");
        assert!(Value::from("!!").deserialize_into::<Binary>().is_err());
        assert_eq!(
            Value::from_serialize(&Binary(b"abc".to_vec())).unwrap(),
            Value::from("YWJj")
        );
    }

    #[test]
    fn reference_forms() {
        let r: Reference = Value::from("res.partner,7").deserialize_into().unwrap();
        assert_eq!(r, Reference::new("res.partner", 7));
        assert!(Value::from(",7").deserialize_into::<Reference>().is_err());
        assert!(Value::from("a,b").deserialize_into::<Reference>().is_err());
    }
}
