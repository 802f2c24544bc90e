//! [`Reference`]: a reference field's `model,id`.

use std::fmt;
use std::hash::Hash;
use std::str::FromStr;

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

use super::parse::{FromStrVisitor, ParseError};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::Value;

    #[test]
    fn reference_forms() {
        let r: Reference = Value::from("res.partner,7").deserialize_into().unwrap();
        assert_eq!(r, Reference::new("res.partner", 7));
        assert!(Value::from(",7").deserialize_into::<Reference>().is_err());
        assert!(Value::from("a,b").deserialize_into::<Reference>().is_err());
    }
}
