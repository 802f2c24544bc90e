//! [`X2Many`]: a one2many or many2many field's ids.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::record_id::RecordId;

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
            .entries(self.ids.iter().map(|id| id.get()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::record_id::AnyModel;
    use crate::value::Value;

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
}
