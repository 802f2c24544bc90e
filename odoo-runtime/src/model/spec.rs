//! The `web_read` specification of a struct: which fields it reads and, for a many2one or an
//! x2many whose Rust type is itself a model struct, which fields of the related records. The
//! lowest piece of the model layer: the traits name it, and it names nothing of them.

use crate::error::Error;
use crate::value::{Map, Value};

/// How deep structs may nest in one specification. A struct that holds a `Vec` of itself
/// would nest forever: past this depth the specification is an error.
pub const MAX_DEPTH: usize = 8;

/// How one field is read by `web_read`.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum SpecKind {
    /// As `read(load=None)` gives it (`{}`): a value, a list of ids for an x2many.
    Plain,
    /// A many2one as its id and display name (`{"fields": {"display_name": {}}}`), which
    /// [`Many2one`](crate::Many2one) reads.
    Many2one,
    /// A many2one (`many: false`) or an x2many (`many: true`) read as records of another
    /// struct, with that struct's specification.
    Nested {
        /// An x2many: a list of records.
        many: bool,
        /// The related struct's specification.
        spec: fn() -> Specification,
    },
}

/// The fields a struct reads through `web_read`, nested structs included: a field whose type
/// is a model struct (`Option<Country>`, `Vec<Tag>`) reads that struct's fields in the same
/// call. See [`Client::web_read`](crate::Client::web_read).
///
/// `#[derive(OdooModel)]` writes it: a field's [`SpecKind`] comes from its type (through
/// [`OdooField`](crate::model::OdooField)), so `country_id: Option<Country>` (a struct) reads
/// the country's fields in the same call, `category_id: Vec<Tag>` the tags', and
/// `country_id: Option<Many2one<Country>>` the id and display name.
///
/// ```
/// use odoo_runtime::{orm::Specification, Many2one, OdooModel, RecordId};
///
/// #[derive(OdooModel)]
/// #[odoo(model = "res.country")]
/// pub struct Country { pub id: RecordId<Country>, pub code: Option<String> }
///
/// #[derive(OdooModel)]
/// #[odoo(model = "res.partner.category")]
/// pub struct Tag { pub id: RecordId<Tag>, pub name: Option<String> }
///
/// #[derive(OdooModel)]
/// #[odoo(model = "res.partner")]
/// pub struct Partner {
///     pub id: RecordId<Partner>,
///     pub name: Option<String>,
///     pub country_id: Option<Country>,
///     pub category_id: Vec<Tag>,
///     pub parent_id: Option<Many2one<Partner>>,
/// }
///
/// let spec = Specification::of::<Partner>().to_value().unwrap();
/// assert_eq!(
///     serde_json::to_value(&spec).unwrap(),
///     serde_json::json!({
///         "name": {},
///         "country_id": {"fields": {"code": {}}},
///         "category_id": {"fields": {"name": {}}},
///         "parent_id": {"fields": {"display_name": {}}},
///     })
/// );
/// ```
#[derive(Clone, Debug)]
pub struct Specification {
    /// The model.
    pub model: &'static str,
    /// The fields (`id` aside), in declaration order, with how each is read.
    pub fields: Vec<(&'static str, SpecKind)>,
}

impl Specification {
    /// Every field read plainly: the specification of a type that did not derive one.
    pub fn plain(model: &'static str, fields: &'static [&'static str]) -> Specification {
        Specification {
            model,
            fields: fields
                .iter()
                .filter(|f| **f != "id")
                .map(|f| (*f, SpecKind::Plain))
                .collect(),
        }
    }

    /// Odoo's form: `{field: {}, many2one: {"fields": {…}}, …}`.
    pub fn to_value(&self) -> Result<Value, Error> {
        self.to_value_at(0)
    }

    fn to_value_at(&self, depth: usize) -> Result<Value, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::encode(format!(
                "the web_read specification of {} nests more than {MAX_DEPTH} levels deep (a struct that holds itself?)",
                self.model
            )));
        }
        let mut out = Map::new();
        for (name, kind) in &self.fields {
            let entry = match kind {
                SpecKind::Plain => Value::Struct(Map::new()),
                SpecKind::Many2one => fields_entry(
                    [("display_name".to_owned(), Value::Struct(Map::new()))]
                        .into_iter()
                        .collect(),
                ),
                SpecKind::Nested { spec, .. } => match spec().to_value_at(depth + 1)? {
                    Value::Struct(m) => fields_entry(m),
                    other => other,
                },
            };
            out.insert((*name).to_owned(), entry);
        }
        Ok(Value::Struct(out))
    }

    /// The nested fields: name, `many`, and their specification.
    pub(crate) fn nested(&self) -> impl Iterator<Item = (&'static str, bool, Specification)> + '_ {
        self.fields.iter().filter_map(|(name, kind)| match kind {
            SpecKind::Nested { many, spec } => Some((*name, *many, spec())),
            _ => None,
        })
    }

    /// The names of the fields read.
    pub(crate) fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|(n, _)| *n).collect()
    }
}

fn fields_entry(fields: Map) -> Value {
    Value::Struct(
        [("fields".to_owned(), Value::Struct(fields))]
            .into_iter()
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deep() -> Specification {
        Specification {
            model: "x",
            fields: vec![(
                "child_ids",
                SpecKind::Nested {
                    many: true,
                    spec: deep,
                },
            )],
        }
    }

    #[test]
    fn a_struct_that_holds_itself_is_an_error_not_a_stack_overflow() {
        let e = deep().to_value().unwrap_err();
        assert!(e.to_string().contains("nests more than 8 levels"), "{e}");
    }

    #[test]
    fn plain_leaves_out_the_id() {
        let s = Specification::plain("res.partner", &["id", "name"]);
        assert_eq!(s.names(), ["name"]);
        assert_eq!(s.nested().count(), 0);
    }
}
