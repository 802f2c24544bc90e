//! [`Many2one`]: a many2one field's value.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use super::record_id::RecordId;

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
            .field("id", &self.id.get())
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
        s.serialize_i64(self.id.get())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::record_id::AnyModel;
    use crate::value::Value;

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
}
