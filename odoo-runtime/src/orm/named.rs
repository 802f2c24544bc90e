//! The small answers of the ORM: an id with its display name ([`NamedId`], from `name_search`
//! and `name_create`), and ids that come as one id or a list depending on the version
//! ([`Ids`], from `copy` and `message_post`).

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::types::RecordId;

/// A record id with its display name: Odoo's `[id, "display name"]` pair, as `name_search`
/// and `name_create` answer it.
///
/// ```
/// use odoo_runtime::{orm::NamedId, AnyModel, RecordId};
/// let hit: NamedId<AnyModel> = odoo_runtime::json::from_slice(br#"[7, "Acme"]"#).unwrap();
/// assert_eq!((hit.id, hit.display_name.as_str()), (RecordId::new(7), "Acme"));
/// ```
pub struct NamedId<M> {
    /// The record.
    pub id: RecordId<M>,
    /// Its display name (empty when Odoo sent `false`).
    pub display_name: String,
}

impl<M> Clone for NamedId<M> {
    fn clone(&self) -> Self {
        NamedId {
            id: self.id,
            display_name: self.display_name.clone(),
        }
    }
}
impl<M> PartialEq for NamedId<M> {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.display_name == other.display_name
    }
}
impl<M> Eq for NamedId<M> {}
impl<M> fmt::Debug for NamedId<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NamedId")
            .field("id", &self.id.get())
            .field("display_name", &self.display_name)
            .finish()
    }
}

impl<'de, M> Deserialize<'de> for NamedId<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(NamedVisitor(PhantomData))
    }
}

struct NamedVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for NamedVisitor<M> {
    type Value = NamedId<M>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an [id, \"display name\"] pair")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let id: i64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let display_name = seq
            .next_element::<Option<String>>()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?
            .unwrap_or_default();
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Ok(NamedId {
            id: RecordId::new(id),
            display_name,
        })
    }
}

/// Record ids that Odoo answers as one id on some versions and as a list on others: `copy`
/// returns an `int` on Odoo 17 and `[int]` on 18 and 19, `message_post` an `int` on 17 and 18
/// and `[int]` on 19. Both read into the same list.
///
/// ```
/// use odoo_runtime::{orm::Ids, AnyModel, RecordId};
/// let one: Ids<AnyModel> = odoo_runtime::json::from_slice(b"42").unwrap();
/// let many: Ids<AnyModel> = odoo_runtime::json::from_slice(b"[42]").unwrap();
/// assert_eq!(one, many);
/// assert_eq!(one[0], RecordId::new(42));
/// let none: Ids<AnyModel> = odoo_runtime::json::from_slice(b"false").unwrap();
/// assert!(none.is_empty());
/// ```
pub struct Ids<M>(Vec<RecordId<M>>);

impl<M> Ids<M> {
    /// The ids.
    pub fn into_vec(self) -> Vec<RecordId<M>> {
        self.0
    }
}

impl<M> Deref for Ids<M> {
    type Target = [RecordId<M>];
    fn deref(&self) -> &[RecordId<M>] {
        &self.0
    }
}
impl<M> Clone for Ids<M> {
    fn clone(&self) -> Self {
        Ids(self.0.clone())
    }
}
impl<M> PartialEq for Ids<M> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<M> Eq for Ids<M> {}
impl<M> fmt::Debug for Ids<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|id| id.get()))
            .finish()
    }
}
impl<M> From<Ids<M>> for Vec<RecordId<M>> {
    fn from(ids: Ids<M>) -> Self {
        ids.0
    }
}

impl<'de, M> Deserialize<'de> for Ids<M> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(IdsVisitor(PhantomData))
    }
}

struct IdsVisitor<M>(PhantomData<fn() -> M>);

impl<'de, M> Visitor<'de> for IdsVisitor<M> {
    type Value = Ids<M>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record id or a list of record ids")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Ids(vec![RecordId::new(v)]))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(|v| Ids(vec![RecordId::new(v)]))
            .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }
    /// An empty recordset: `false` from a `@api.returns` method that returned nothing.
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if v {
            Err(E::invalid_type(de::Unexpected::Bool(v), &self))
        } else {
            Ok(Ids(Vec::new()))
        }
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ids(Vec::new()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Ids(Vec::new()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut ids = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(id) = seq.next_element::<i64>()? {
            ids.push(RecordId::new(id));
        }
        Ok(Ids(ids))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AnyModel;

    #[test]
    fn named_ids_read_false_names_and_refuse_other_shapes() {
        let n: NamedId<AnyModel> = crate::json::from_slice(br#"[3, false]"#).unwrap();
        assert_eq!(n.display_name, "");
        assert!(crate::json::from_slice::<NamedId<AnyModel>>(b"[3]").is_err());
        assert!(crate::json::from_slice::<NamedId<AnyModel>>(b"[3, \"a\", 4]").is_err());
        assert!(crate::json::from_slice::<NamedId<AnyModel>>(b"3").is_err());
    }

    #[test]
    fn ids_refuse_true_and_text() {
        assert!(crate::json::from_slice::<Ids<AnyModel>>(b"true").is_err());
        assert!(crate::json::from_slice::<Ids<AnyModel>>(b"\"7\"").is_err());
        let v = crate::value::Value::from(vec![
            crate::value::Value::Int(1),
            crate::value::Value::Int(2),
        ]);
        let ids: Ids<AnyModel> = v.deserialize_into().unwrap();
        assert_eq!(ids.into_vec(), [RecordId::new(1), RecordId::new(2)]);
    }
}
