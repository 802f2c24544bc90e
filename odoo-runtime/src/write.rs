//! Values for `create` and `write`, and x2many [`Command`]s.
//!
//! [`Values<M>`](Values) holds, per field, one of three states: untouched (absent: Odoo keeps
//! the value, or uses the default on create), cleared (`false`) or set. Only
//! [`Writable`](crate::Writable) handles can be set or cleared: a read-only field is refused at
//! compile time.
//!
//! ```
//! use odoo_runtime::{Command, OdooModel, RecordId, Values, X2Many};
//!
//! #[derive(OdooModel)]
//! #[odoo(model = "res.partner.category")]
//! pub struct Tag { pub id: RecordId<Tag>, pub name: Option<String> }
//!
//! #[derive(OdooModel)]
//! #[odoo(model = "res.partner")]
//! pub struct Partner {
//!     pub id: RecordId<Partner>,
//!     pub name: Option<String>,
//!     pub email: Option<String>,
//!     pub category_id: X2Many<Tag>,
//! }
//!
//! let v = Values::<Partner>::new()
//!     .set(Partner::NAME, "Acme")
//!     .clear(Partner::EMAIL)
//!     .set(Partner::CATEGORY_ID, [
//!         Command::link(RecordId::new(7)),
//!         Command::create(Values::new().set(Tag::NAME, "New tag")),
//!     ]);
//! assert_eq!(
//!     serde_json::to_value(&v).unwrap(),
//!     serde_json::json!({"name": "Acme", "email": false,
//!         "category_id": [[4, 7, 0], [0, 0, {"name": "New tag"}]]})
//! );
//! ```

use std::fmt;
use std::marker::PhantomData;

use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::field::{CanWrite, Field, OdooField};
use crate::types::RecordId;
use crate::value::{Map, Value};

/// The fields to write on records of `M` (for `create` and `write`). See the
/// [module docs](self).
pub struct Values<M> {
    values: Map,
    error: Option<String>,
    _m: PhantomData<fn() -> M>,
}

impl<M> Values<M> {
    /// No field: every field untouched.
    pub fn new() -> Self {
        Values {
            values: Map::new(),
            error: None,
            _m: PhantomData,
        }
    }

    /// Sets `field` to `value`.
    pub fn set<T: OdooField, A: CanWrite>(
        mut self,
        field: Field<M, T, A>,
        value: impl Into<T::Write>,
    ) -> Self {
        match Value::from_serialize(&value.into()) {
            Ok(v) => {
                self.values.insert(field.name().to_owned(), v);
            }
            Err(e) => {
                self.error
                    .get_or_insert_with(|| format!("value of `{}`: {}", field.name(), e.message()));
            }
        }
        self
    }

    /// Sets `field` to `value`, or clears it when `value` is `None`.
    pub fn set_opt<T: OdooField, A: CanWrite>(
        self,
        field: Field<M, T, A>,
        value: Option<impl Into<T::Write>>,
    ) -> Self {
        match value {
            Some(v) => self.set(field, v),
            None => self.clear(field),
        }
    }

    /// Clears `field`: Odoo's `false` (for an x2many, the `clear` command).
    pub fn clear<T: OdooField, A: CanWrite>(mut self, field: Field<M, T, A>) -> Self {
        self.values
            .insert(field.name().to_owned(), T::__clear_value());
        self
    }

    /// Leaves `field` untouched again (removes what was set or cleared).
    pub fn untouched<T, A>(mut self, field: Field<M, T, A>) -> Self {
        self.values.remove(field.name());
        self
    }

    /// Values from a map of field names to values, unchecked: what Odoo answers with values
    /// (`default_get`, `copy_data`), to complete and send back.
    ///
    /// ```
    /// use odoo_runtime::{AnyModel, Map, Value, Values};
    /// let map: Map = [("active".to_string(), Value::Bool(true))].into_iter().collect();
    /// let v = Values::<AnyModel>::from_map(map);
    /// assert_eq!(v.get("active"), Some(&Value::Bool(true)));
    /// ```
    pub fn from_map(values: Map) -> Self {
        Values {
            values,
            error: None,
            _m: PhantomData,
        }
    }

    /// Sets any field by name, unchecked: the escape hatch for fields without a handle.
    pub fn set_raw(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.values.insert(name.into(), value.into());
        self
    }

    /// The value given for the Odoo field `name`: `None` when untouched, `Some(false)` when
    /// cleared.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// `true` when no field is set or cleared.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The number of fields set or cleared.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// The fields and their values.
    pub fn into_map(self) -> Result<Map, crate::error::Error> {
        match self.error {
            Some(e) => Err(crate::error::Error::encode(e)),
            None => Ok(self.values),
        }
    }
}

impl<M> Default for Values<M> {
    fn default() -> Self {
        Values::new()
    }
}
impl<M> Clone for Values<M> {
    fn clone(&self) -> Self {
        Values {
            values: self.values.clone(),
            error: self.error.clone(),
            _m: PhantomData,
        }
    }
}
impl<M> PartialEq for Values<M> {
    fn eq(&self, other: &Self) -> bool {
        self.values == other.values && self.error == other.error
    }
}
impl<M> fmt::Debug for Values<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(&self.values).finish()
    }
}
impl<M> Serialize for Values<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if let Some(e) = &self.error {
            return Err(S::Error::custom(e));
        }
        let mut map = s.serialize_map(Some(self.values.len()))?;
        for (k, v) in &self.values {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One x2many command, serialized as Odoo's `[code, id, values]` triple.
///
/// | command | wire | effect |
/// | --- | --- | --- |
/// | [`Command::create`] | `[0, 0, {values}]` | create a related record and link it |
/// | [`Command::update`] | `[1, id, {values}]` | write on a related record |
/// | [`Command::delete`] | `[2, id, 0]` | unlink the relation and delete the record |
/// | [`Command::unlink`] | `[3, id, 0]` | unlink the relation, keep the record |
/// | [`Command::link`] | `[4, id, 0]` | link an existing record |
/// | [`Command::clear`] | `[5, 0, 0]` | unlink every related record |
/// | [`Command::set`] | `[6, 0, [ids]]` | replace the relation by `ids` |
///
/// ```
/// use odoo_runtime::{Command, RecordId, AnyModel};
/// let c: Command<AnyModel> = Command::set([RecordId::new(1), RecordId::new(2)]);
/// assert_eq!(serde_json::to_string(&c).unwrap(), "[6,0,[1,2]]");
/// ```
pub enum Command<M> {
    /// `[0, 0, values]`.
    Create(Values<M>),
    /// `[1, id, values]`.
    Update(RecordId<M>, Values<M>),
    /// `[2, id, 0]`.
    Delete(RecordId<M>),
    /// `[3, id, 0]`.
    Unlink(RecordId<M>),
    /// `[4, id, 0]`.
    Link(RecordId<M>),
    /// `[5, 0, 0]`.
    Clear,
    /// `[6, 0, ids]`.
    Set(Vec<RecordId<M>>),
}

impl<M> Command<M> {
    /// Creates a related record with `values` and links it.
    pub fn create(values: Values<M>) -> Self {
        Command::Create(values)
    }
    /// Writes `values` on the related record `id`.
    pub fn update(id: RecordId<M>, values: Values<M>) -> Self {
        Command::Update(id, values)
    }
    /// Removes `id` from the relation and deletes the record.
    pub fn delete(id: RecordId<M>) -> Self {
        Command::Delete(id)
    }
    /// Removes `id` from the relation; the record stays.
    pub fn unlink(id: RecordId<M>) -> Self {
        Command::Unlink(id)
    }
    /// Adds the existing record `id` to the relation.
    pub fn link(id: RecordId<M>) -> Self {
        Command::Link(id)
    }
    /// Removes every record from the relation.
    pub fn clear() -> Self {
        Command::Clear
    }
    /// Replaces the relation by `ids`.
    pub fn set(ids: impl IntoIterator<Item = RecordId<M>>) -> Self {
        Command::Set(ids.into_iter().collect())
    }
}

impl<M> Clone for Command<M> {
    fn clone(&self) -> Self {
        match self {
            Command::Create(v) => Command::Create(v.clone()),
            Command::Update(id, v) => Command::Update(*id, v.clone()),
            Command::Delete(id) => Command::Delete(*id),
            Command::Unlink(id) => Command::Unlink(*id),
            Command::Link(id) => Command::Link(*id),
            Command::Clear => Command::Clear,
            Command::Set(ids) => Command::Set(ids.clone()),
        }
    }
}
impl<M> PartialEq for Command<M> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Command::Create(a), Command::Create(b)) => a == b,
            (Command::Update(i, a), Command::Update(j, b)) => i == j && a == b,
            (Command::Delete(i), Command::Delete(j))
            | (Command::Unlink(i), Command::Unlink(j))
            | (Command::Link(i), Command::Link(j)) => i == j,
            (Command::Clear, Command::Clear) => true,
            (Command::Set(a), Command::Set(b)) => a == b,
            _ => false,
        }
    }
}
impl<M> fmt::Debug for Command<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Command::Create(v) => f.debug_tuple("Create").field(v).finish(),
            Command::Update(id, v) => f.debug_tuple("Update").field(id).field(v).finish(),
            Command::Delete(id) => f.debug_tuple("Delete").field(id).finish(),
            Command::Unlink(id) => f.debug_tuple("Unlink").field(id).finish(),
            Command::Link(id) => f.debug_tuple("Link").field(id).finish(),
            Command::Clear => f.write_str("Clear"),
            Command::Set(ids) => f.debug_tuple("Set").field(ids).finish(),
        }
    }
}

impl<M> Serialize for Command<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(3))?;
        match self {
            Command::Create(v) => {
                seq.serialize_element(&0)?;
                seq.serialize_element(&0)?;
                seq.serialize_element(v)?;
            }
            Command::Update(id, v) => {
                seq.serialize_element(&1)?;
                seq.serialize_element(id)?;
                seq.serialize_element(v)?;
            }
            Command::Delete(id) | Command::Unlink(id) | Command::Link(id) => {
                let code = match self {
                    Command::Delete(_) => 2,
                    Command::Unlink(_) => 3,
                    _ => 4,
                };
                seq.serialize_element(&code)?;
                seq.serialize_element(id)?;
                seq.serialize_element(&0)?;
            }
            Command::Clear => {
                seq.serialize_element(&5)?;
                seq.serialize_element(&0)?;
                seq.serialize_element(&0)?;
            }
            Command::Set(ids) => {
                seq.serialize_element(&6)?;
                seq.serialize_element(&0)?;
                seq.serialize_element(ids)?;
            }
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{AnyModel, X2Many};
    use serde_json::json;

    const NAME: Field<AnyModel, Option<String>> = Field::__new("name");
    const TAGS: Field<AnyModel, X2Many<AnyModel>> = Field::__new("tags");

    #[test]
    fn three_states() {
        let v = Values::<AnyModel>::new().set(NAME, "a");
        assert_eq!(v.get("name"), Some(&Value::from("a")));
        let v = v.clear(NAME);
        assert_eq!(v.get("name"), Some(&Value::Bool(false)));
        let v = v.untouched(NAME);
        assert!(v.is_empty());
        let v = Values::<AnyModel>::new()
            .set_opt(NAME, None::<String>)
            .clear(TAGS);
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({"name": false, "tags": [[5, 0, 0]]})
        );
    }

    #[test]
    fn commands() {
        let id = RecordId::new(3);
        let all: Vec<Command<AnyModel>> = vec![
            Command::create(Values::new().set(NAME, "x")),
            Command::update(id, Values::new().clear(NAME)),
            Command::delete(id),
            Command::unlink(id),
            Command::link(id),
            Command::clear(),
            Command::set([id]),
        ];
        assert_eq!(
            serde_json::to_value(&all).unwrap(),
            json!([[0, 0, {"name": "x"}], [1, 3, {"name": false}], [2, 3, 0], [3, 3, 0], [4, 3, 0], [5, 0, 0], [6, 0, [3]]])
        );
        assert_eq!(all[0].clone(), all[0]);
    }
}
