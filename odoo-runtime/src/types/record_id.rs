//! [`RecordId`]: the typed id of a record, and [`AnyModel`], for a model without a Rust type.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// A model whose Rust type is not generated: the target of `Many2one<AnyModel>` or
/// `X2Many<AnyModel>`. It has no values; it only marks a relation as untyped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AnyModel {}

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
impl<M> From<RecordId<M>> for crate::value::Value {
    fn from(id: RecordId<M>) -> crate::value::Value {
        crate::value::Value::Int(id.id)
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
