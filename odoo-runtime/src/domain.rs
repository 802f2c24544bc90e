//! Typed search domains.
//!
//! A [`Domain<M>`](Domain) is a filter on records of model `M`, built from [`Field`] handles
//! and combined with `&`, `|` and `!`. It serializes to Odoo's list form in prefix notation,
//! so it can be passed straight to [`Call::arg`](crate::Call::arg).
//!
//! | Odoo operator | method |
//! | --- | --- |
//! | `=`, `!=` | [`eq`](Field::eq), [`ne`](Field::ne) |
//! | `<`, `<=`, `>`, `>=` | [`lt`](Field::lt), [`le`](Field::le), [`gt`](Field::gt), [`ge`](Field::ge) |
//! | `=?` | [`eq_if_set`](Field::eq_if_set) |
//! | `like`, `ilike`, `not like`, `not ilike` | [`like`](Field::like), [`ilike`](Field::ilike), [`not_like`](Field::not_like), [`not_ilike`](Field::not_ilike) |
//! | `=like`, `=ilike` | [`eq_like`](Field::eq_like), [`eq_ilike`](Field::eq_ilike) |
//! | `in`, `not in` | [`in_`](Field::in_), [`not_in`](Field::not_in) |
//! | `child_of`, `parent_of` | [`child_of`](Field::child_of), [`parent_of`](Field::parent_of) |
//! | `any`, `not any` | [`any`](Field::any), [`not_any`](Field::not_any) |
//! | `= False`, `!= False` | [`is_not_set`](Field::is_not_set), [`is_set`](Field::is_set) |
//!
//! ```
//! use odoo_runtime::{Domain, OdooModel, RecordId, X2Many};
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
//!     pub is_company: bool,
//!     pub email: Option<String>,
//!     pub category_id: X2Many<Tag>,
//! }
//!
//! let d = (Partner::NAME.ilike("acme") | Partner::IS_COMPANY.eq(true))
//!     & !Partner::EMAIL.is_set()
//!     & Partner::CATEGORY_ID.any(Tag::NAME.eq("VIP"));
//! assert_eq!(
//!     serde_json::to_value(&d).unwrap(),
//!     // At the top level a conjunction is implicit, as Odoo writes it.
//!     serde_json::json!(["|", ["name", "ilike", "acme"], ["is_company", "=", true],
//!         "!", ["email", "!=", false], ["category_id", "any", [["name", "=", "VIP"]]]])
//! );
//! assert_eq!(serde_json::to_string(&Domain::<Partner>::all()).unwrap(), "[]");
//! ```

use std::fmt;
use std::marker::PhantomData;
use std::ops::{BitAnd, BitOr, Not};

use serde::ser::{Error as _, Serialize, SerializeSeq, Serializer};

use crate::model::{Field, OdooField, Ordered, Relational, TextSearch};
use crate::types::RecordId;
use crate::value::Value;

/// A search domain on model `M`. See the [module docs](self).
pub struct Domain<M> {
    node: Node,
    _m: PhantomData<fn() -> M>,
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    /// Matches every record (the empty domain).
    True,
    /// Matches no record.
    False,
    Leaf(String, &'static str, Value),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// A domain given as a list, in Odoo's own form.
    Raw(Vec<Value>),
    /// An operand that could not be converted; reported when the domain is serialized.
    Invalid(String),
}

impl<M> Domain<M> {
    fn from_node(node: Node) -> Self {
        Domain {
            node,
            _m: PhantomData,
        }
    }

    /// The empty domain: every record.
    pub fn all() -> Self {
        Domain::from_node(Node::True)
    }

    /// A domain that matches no record.
    pub fn none() -> Self {
        Domain::from_node(Node::False)
    }

    /// A domain in Odoo's list form, unchecked: the escape hatch for what the typed API does
    /// not cover. A list holds leaves `[field, operator, value]` and the operators `"&"`,
    /// `"|"`, `"!"`; anything that is not a list is taken as a single leaf.
    ///
    /// ```
    /// use odoo_runtime::{Domain, AnyModel, Value};
    /// let raw = Value::from(vec![Value::from(vec![Value::from("ref"), "=like".into(), "X%".into()])]);
    /// let d = Domain::<AnyModel>::raw(raw);
    /// assert_eq!(serde_json::to_string(&d).unwrap(), r#"[["ref","=like","X%"]]"#);
    /// ```
    pub fn raw(domain: impl Into<Value>) -> Self {
        match domain.into() {
            Value::Array(list) if list.is_empty() => Domain::all(),
            // A bare leaf `[field, operator, value]` rather than a list of them.
            Value::Array(list) if is_bare_leaf(&list) => {
                Domain::from_node(Node::Raw(vec![Value::Array(list)]))
            }
            Value::Array(list) => Domain::from_node(Node::Raw(list)),
            other => Domain::from_node(Node::Raw(vec![other])),
        }
    }

    /// A domain from its JSON list form (see [`Domain::raw`]).
    ///
    /// ```
    /// use odoo_runtime::{Domain, AnyModel};
    /// let d = Domain::<AnyModel>::from_json(serde_json::json!(["|", ["a", "=", 1], ["b", "=", 2]]));
    /// assert_eq!(serde_json::to_string(&d).unwrap(), r#"["|",["a","=",1],["b","=",2]]"#);
    /// ```
    pub fn from_json(domain: serde_json::Value) -> Self {
        Domain::raw(Value::from(domain))
    }

    /// A leaf `[path, operator, value]` with any operator, unchecked.
    pub fn leaf(path: impl Into<String>, operator: &'static str, value: impl Serialize) -> Self {
        Domain::from_node(leaf(path.into(), operator, &value))
    }

    /// `true` for the empty domain (every record).
    pub fn is_all(&self) -> bool {
        matches!(self.node, Node::True)
    }

    /// This domain as a [`Value`] list.
    pub fn to_value(&self) -> Result<Value, crate::error::Error> {
        Value::from_serialize(self)
    }

    fn and(self, other: Self) -> Self {
        let node = match (self.node, other.node) {
            (Node::True, n) | (n, Node::True) => n,
            (Node::False, _) | (_, Node::False) => Node::False,
            (Node::And(mut a), Node::And(b)) => {
                a.extend(b);
                Node::And(a)
            }
            (Node::And(mut a), n) => {
                a.push(n);
                Node::And(a)
            }
            (n, Node::And(mut b)) => {
                b.insert(0, n);
                Node::And(b)
            }
            (a, b) => Node::And(vec![a, b]),
        };
        Domain::from_node(node)
    }

    fn or(self, other: Self) -> Self {
        let node = match (self.node, other.node) {
            (Node::False, n) | (n, Node::False) => n,
            (Node::True, _) | (_, Node::True) => Node::True,
            (Node::Or(mut a), Node::Or(b)) => {
                a.extend(b);
                Node::Or(a)
            }
            (Node::Or(mut a), n) => {
                a.push(n);
                Node::Or(a)
            }
            (n, Node::Or(mut b)) => {
                b.insert(0, n);
                Node::Or(b)
            }
            (a, b) => Node::Or(vec![a, b]),
        };
        Domain::from_node(node)
    }
}

fn is_bare_leaf(list: &[Value]) -> bool {
    list.len() == 3
        && matches!(&list[0], Value::String(s) if !matches!(s.as_str(), "&" | "|" | "!"))
        && matches!(&list[1], Value::String(_))
}

fn leaf(path: String, op: &'static str, value: &(impl Serialize + ?Sized)) -> Node {
    match Value::from_serialize(value) {
        Ok(v) => Node::Leaf(path, op, v),
        Err(e) => Node::Invalid(format!("domain value for `{path}`: {}", e.message())),
    }
}

impl<M> Clone for Domain<M> {
    fn clone(&self) -> Self {
        Domain::from_node(self.node.clone())
    }
}
impl<M> PartialEq for Domain<M> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}
impl<M> Default for Domain<M> {
    fn default() -> Self {
        Domain::all()
    }
}
impl<M> fmt::Debug for Domain<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to_value() {
            Ok(v) => write!(f, "Domain({v:?})"),
            Err(e) => write!(f, "Domain(<invalid: {}>)", e.message()),
        }
    }
}

impl<M> BitAnd for Domain<M> {
    type Output = Domain<M>;
    /// Both domains (`"&"`).
    fn bitand(self, rhs: Self) -> Self {
        self.and(rhs)
    }
}
impl<M> BitOr for Domain<M> {
    type Output = Domain<M>;
    /// Either domain (`"|"`).
    fn bitor(self, rhs: Self) -> Self {
        self.or(rhs)
    }
}
impl<M> Not for Domain<M> {
    type Output = Domain<M>;
    /// The negation (`"!"`).
    fn not(self) -> Self {
        let node = match self.node {
            Node::True => Node::False,
            Node::False => Node::True,
            Node::Not(inner) => *inner,
            n => Node::Not(Box::new(n)),
        };
        Domain::from_node(node)
    }
}

impl<M> FromIterator<Domain<M>> for Domain<M> {
    /// All the domains (`"&"`); the empty domain when there are none.
    fn from_iter<I: IntoIterator<Item = Domain<M>>>(iter: I) -> Self {
        iter.into_iter().fold(Domain::all(), Domain::and)
    }
}

// Odoo's constant leaves, used where a constant sits inside a combination.
fn true_leaf() -> Value {
    Value::Array(vec![1.into(), "=".into(), 1.into()])
}
fn false_leaf() -> Value {
    Value::Array(vec![0.into(), "=".into(), 1.into()])
}

/// The number of expressions at the top level of a prefix-notation list: every leaf adds one,
/// every binary operator joins two into one.
fn top_level_count(list: &[Value]) -> usize {
    let leaves = list
        .iter()
        .filter(|v| !matches!(v, Value::String(_)))
        .count();
    let binaries = list
        .iter()
        .filter(|v| matches!(v.as_str(), Some("&" | "|")))
        .count();
    leaves.saturating_sub(binaries)
}

impl Node {
    /// Writes this node as one prefix expression.
    fn write<S: SerializeSeq>(&self, seq: &mut S) -> Result<(), S::Error> {
        match self {
            Node::True => seq.serialize_element(&true_leaf()),
            Node::False => seq.serialize_element(&false_leaf()),
            Node::Leaf(path, op, value) => seq.serialize_element(&(path, op, value)),
            Node::And(items) | Node::Or(items) => {
                let op = if matches!(self, Node::And(_)) {
                    "&"
                } else {
                    "|"
                };
                for _ in 1..items.len() {
                    seq.serialize_element(op)?;
                }
                items.iter().try_for_each(|n| n.write(seq))
            }
            Node::Not(inner) => {
                seq.serialize_element("!")?;
                inner.write(seq)
            }
            Node::Raw(list) => {
                // An implicit conjunction of several expressions becomes one explicit one.
                for _ in 1..top_level_count(list) {
                    seq.serialize_element("&")?;
                }
                list.iter().try_for_each(|v| seq.serialize_element(v))
            }
            Node::Invalid(e) => Err(S::Error::custom(e)),
        }
    }
}

impl<M> Serialize for Domain<M> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        match &self.node {
            Node::True => {}
            // At the top level an implicit conjunction needs no operators.
            Node::And(items) => items.iter().try_for_each(|n| n.write(&mut seq))?,
            Node::Raw(list) => list.iter().try_for_each(|v| seq.serialize_element(v))?,
            n => n.write(&mut seq)?,
        }
        seq.end()
    }
}

// ------------------------------------------------------------------------------- leaves

impl<M, T: OdooField, A> Field<M, T, A> {
    fn leaf(&self, op: &'static str, value: &(impl Serialize + ?Sized)) -> Domain<M> {
        Domain::from_node(leaf(self.path().into_owned(), op, value))
    }

    /// `field = value`.
    pub fn eq(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf("=", &value.into())
    }

    /// `field != value`.
    pub fn ne(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf("!=", &value.into())
    }

    /// `field =? value`: `field = value` when `value` is `Some`, every record when `None`.
    pub fn eq_if_set(&self, value: Option<impl Into<T::Operand>>) -> Domain<M> {
        match value {
            Some(v) => self.leaf("=?", &v.into()),
            None => self.leaf("=?", &false),
        }
    }

    /// `field in values`.
    pub fn in_<V: Into<T::Operand>>(&self, values: impl IntoIterator<Item = V>) -> Domain<M> {
        let values: Vec<T::Operand> = values.into_iter().map(Into::into).collect();
        self.leaf("in", &values)
    }

    /// `field not in values`.
    pub fn not_in<V: Into<T::Operand>>(&self, values: impl IntoIterator<Item = V>) -> Domain<M> {
        let values: Vec<T::Operand> = values.into_iter().map(Into::into).collect();
        self.leaf("not in", &values)
    }

    /// `field != False`: the field has a value.
    pub fn is_set(&self) -> Domain<M> {
        self.leaf("!=", &false)
    }

    /// `field = False`: the field is empty.
    pub fn is_not_set(&self) -> Domain<M> {
        self.leaf("=", &false)
    }
}

impl<M, T: OdooField + Ordered, A> Field<M, T, A> {
    /// `field < value`.
    pub fn lt(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf("<", &value.into())
    }
    /// `field <= value`.
    pub fn le(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf("<=", &value.into())
    }
    /// `field > value`.
    pub fn gt(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf(">", &value.into())
    }
    /// `field >= value`.
    pub fn ge(&self, value: impl Into<T::Operand>) -> Domain<M> {
        self.leaf(">=", &value.into())
    }
}

impl<M, T: OdooField + TextSearch, A> Field<M, T, A> {
    /// `field like pattern`: case-sensitive substring (Odoo adds the `%`s).
    pub fn like(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("like", &pattern.into())
    }
    /// `field ilike pattern`: case-insensitive substring.
    pub fn ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("ilike", &pattern.into())
    }
    /// `field not like pattern`.
    pub fn not_like(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("not like", &pattern.into())
    }
    /// `field not ilike pattern`.
    pub fn not_ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("not ilike", &pattern.into())
    }
    /// `field =like pattern`: the SQL pattern as given (`_` and `%` are wildcards).
    pub fn eq_like(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("=like", &pattern.into())
    }
    /// `field =ilike pattern`: like [`eq_like`](Field::eq_like), case-insensitive.
    pub fn eq_ilike(&self, pattern: impl Into<String>) -> Domain<M> {
        self.leaf("=ilike", &pattern.into())
    }
}

impl<M, T: OdooField + Relational, A> Field<M, T, A> {
    /// `field child_of ids`: records under `ids` in the target's hierarchy (them included).
    pub fn child_of(&self, ids: impl IntoIterator<Item = RecordId<T::Target>>) -> Domain<M> {
        let ids: Vec<RecordId<T::Target>> = ids.into_iter().collect();
        self.leaf("child_of", &ids)
    }

    /// `field parent_of ids`: records above `ids` in the target's hierarchy (them included).
    pub fn parent_of(&self, ids: impl IntoIterator<Item = RecordId<T::Target>>) -> Domain<M> {
        let ids: Vec<RecordId<T::Target>> = ids.into_iter().collect();
        self.leaf("parent_of", &ids)
    }

    /// `field any domain`: some related record matches `domain`, a domain on the target model.
    pub fn any(&self, domain: Domain<T::Target>) -> Domain<M> {
        self.leaf("any", &domain)
    }

    /// `field not any domain`: no related record matches `domain`.
    pub fn not_any(&self, domain: Domain<T::Target>) -> Domain<M> {
        self.leaf("not any", &domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AnyModel;
    use serde_json::json;

    type F<T> = Field<AnyModel, T>;
    const NAME: F<Option<String>> = Field::__new("name");
    const AGE: F<i64> = Field::__new("age");

    fn js(d: &Domain<AnyModel>) -> serde_json::Value {
        serde_json::to_value(d).unwrap()
    }

    #[test]
    fn prefix_notation() {
        let a = NAME.eq("a");
        let b = AGE.gt(3);
        let c = AGE.lt(9);
        assert_eq!(
            js(&(a.clone() & b.clone() & c.clone())),
            json!([["name", "=", "a"], ["age", ">", 3], ["age", "<", 9]])
        );
        assert_eq!(
            js(&(a.clone() | b.clone() | c.clone())),
            json!([
                "|",
                "|",
                ["name", "=", "a"],
                ["age", ">", 3],
                ["age", "<", 9]
            ])
        );
        assert_eq!(
            js(&((a.clone() | b.clone()) & !c.clone())),
            json!([
                "|",
                ["name", "=", "a"],
                ["age", ">", 3],
                "!",
                ["age", "<", 9]
            ])
        );
        assert_eq!(
            js(&(!(a.clone() & b.clone()) | c.clone())),
            json!([
                "|",
                "!",
                "&",
                ["name", "=", "a"],
                ["age", ">", 3],
                ["age", "<", 9]
            ])
        );
        assert_eq!(js(&!!a.clone()), json!([["name", "=", "a"]]));
    }

    #[test]
    fn constants() {
        let a = NAME.eq("a");
        assert_eq!(
            js(&(Domain::all() & a.clone())),
            json!([["name", "=", "a"]])
        );
        assert_eq!(js(&(Domain::all() | a.clone())), json!([]));
        assert_eq!(
            js(&(Domain::none() | a.clone())),
            json!([["name", "=", "a"]])
        );
        assert_eq!(js(&Domain::none()), json!([[0, "=", 1]]));
        assert_eq!(js(&!Domain::none()), json!([]));
        assert_eq!(
            js(&[a.clone(), AGE.eq(1)].into_iter().collect()),
            json!([["name", "=", "a"], ["age", "=", 1]])
        );
    }

    #[test]
    fn raw_inside_combinations() {
        let raw = Domain::<AnyModel>::from_json(json!([["x", "=", 1], ["y", "=", 2]]));
        assert_eq!(js(&raw), json!([["x", "=", 1], ["y", "=", 2]]));
        assert_eq!(
            js(&(raw | NAME.eq("a"))),
            json!(["|", "&", ["x", "=", 1], ["y", "=", 2], ["name", "=", "a"]])
        );
        let one = Domain::<AnyModel>::from_json(json!(["|", ["x", "=", 1], ["y", "=", 2]]));
        assert_eq!(js(&(!one)), json!(["!", "|", ["x", "=", 1], ["y", "=", 2]]));
    }

    #[test]
    fn operators() {
        assert_eq!(
            js(&NAME.eq_if_set(None::<String>)),
            json!([["name", "=?", false]])
        );
        assert_eq!(js(&NAME.eq_if_set(Some("x"))), json!([["name", "=?", "x"]]));
        assert_eq!(
            js(&NAME.not_in(["a", "b"])),
            json!([["name", "not in", ["a", "b"]]])
        );
        assert_eq!(js(&NAME.is_set()), json!([["name", "!=", false]]));
        assert_eq!(js(&NAME.is_not_set()), json!([["name", "=", false]]));
        assert_eq!(js(&NAME.eq_ilike("A%")), json!([["name", "=ilike", "A%"]]));
    }
}
