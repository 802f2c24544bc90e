//! [`OdooField`] and its companions for every supported Rust field type: the primitives, the
//! types of [`crate::types`], `Option<T>`, and `Vec<T>` of a model struct (a relation read
//! with `web_read`). Above `write`, whose [`Command`] an x2many writes.

use super::field::{OdooField, Ordered, Relational, TextSearch};
use super::record::OdooModel;
use super::spec::SpecKind;
use crate::types::{
    Binary, BinaryOrSize, BinarySize, Date, DateTime, Many2one, RecordId, Reference, X2Many,
};
use crate::value::Value;
use crate::write::Command;

macro_rules! plain_field {
    ($($t:ty),*) => {$(
        impl OdooField for $t { type Write = $t; type Operand = $t; }
    )*};
}
plain_field!(
    i64,
    i32,
    f64,
    f32,
    Date,
    DateTime,
    bool,
    Binary,
    BinaryOrSize,
    BinarySize,
    serde_json::Value,
    Reference
);
impl Ordered for i64 {}
impl Ordered for i32 {}
impl Ordered for f64 {}
impl Ordered for f32 {}
impl Ordered for Date {}
impl Ordered for DateTime {}

impl OdooField for String {
    type Write = String;
    type Operand = String;
}
impl Ordered for String {}
impl TextSearch for String {}

impl<T: OdooField> OdooField for Option<T> {
    type Write = T::Write;
    type Operand = T::Operand;
    fn __clear_value() -> Value {
        T::__clear_value()
    }
    fn __spec_kind() -> SpecKind {
        T::__spec_kind()
    }
}
impl<T: Relational> Relational for Option<T> {
    type Target = T::Target;
}
impl<T: TextSearch> TextSearch for Option<T> {}
impl<T: Ordered> Ordered for Option<T> {}

impl<M> OdooField for RecordId<M> {
    type Write = RecordId<M>;
    type Operand = RecordId<M>;
}
impl<M> Relational for RecordId<M> {
    type Target = M;
}
impl<M> Ordered for RecordId<M> {}

impl<M> OdooField for Many2one<M> {
    type Write = RecordId<M>;
    type Operand = RecordId<M>;
    fn __spec_kind() -> SpecKind {
        SpecKind::Many2one
    }
}
impl<M> Relational for Many2one<M> {
    type Target = M;
}
impl<M> TextSearch for Many2one<M> {}

impl<M> OdooField for X2Many<M> {
    type Write = Vec<Command<M>>;
    type Operand = RecordId<M>;
    fn __clear_value() -> Value {
        Value::Array(vec![Value::Array(vec![5.into(), 0.into(), 0.into()])])
    }
}
impl<M> Relational for X2Many<M> {
    type Target = M;
}
impl<M> TextSearch for X2Many<M> {}

/// An x2many read as records of the struct `T`: `category_id: Vec<Tag>`. Writes and domains
/// take what an [`X2Many`](crate::X2Many) takes.
impl<T: OdooModel> OdooField for Vec<T> {
    type Write = Vec<Command<T>>;
    type Operand = RecordId<T>;
    fn __clear_value() -> Value {
        <X2Many<T> as OdooField>::__clear_value()
    }
    fn __spec_kind() -> SpecKind {
        SpecKind::Nested {
            many: true,
            spec: T::__specification,
        }
    }
}
impl<T: OdooModel> Relational for Vec<T> {
    type Target = T;
}
impl<T: OdooModel> TextSearch for Vec<T> {}
