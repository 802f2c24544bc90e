//! The schema of an Odoo database: models, their fields and field types.
//!
//! These types are what `fields_get` returns, what `odoo-codegen` saves as its snapshot file
//! and what `odoo-testkit` serves: one definition shared by the three.
//!
//! ```
//! use odoo_runtime::schema::{Field, FieldType};
//!
//! let json = r#"{"type": "many2one", "string": "Country", "relation": "res.country"}"#;
//! let field: Field = serde_json::from_str(json).unwrap();
//! assert_eq!(field.field_type, FieldType::Many2one);
//! assert_eq!(field.relation.as_deref(), Some("res.country"));
//! ```

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::value::Value;

/// The attributes that typed `fields_get` asks for.
///
/// Asking for an explicit list matters: `fields_get` with no list faults over XML-RPC on some
/// models (Odoo 19's `product.pricelist` holds a `domain` attribute that is `None`).
pub const FIELD_ATTRIBUTES: &[&str] = &[
    "type",
    "string",
    "help",
    "required",
    "readonly",
    "store",
    "relation",
    "relation_field",
    "selection",
    "sortable",
    "searchable",
    "groupable",
    "translate",
    "company_dependent",
    "groups",
    "size",
    "digits",
    "default_export_compatible",
    "manual",
];

/// A whole database schema: the file `odoo-codegen pull` writes.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Schema {
    /// The Odoo server version the schema was read from, e.g. `19.0`.
    #[serde(default)]
    pub odoo_version: String,
    /// The database the schema was read from.
    #[serde(default)]
    pub database: String,
    /// The models, by technical name.
    #[serde(default)]
    pub models: BTreeMap<String, Model>,
}

impl Schema {
    /// An empty schema naming its source.
    pub fn new(odoo_version: impl Into<String>, database: impl Into<String>) -> Schema {
        Schema {
            odoo_version: odoo_version.into(),
            database: database.into(),
            models: BTreeMap::new(),
        }
    }

    /// Adds or replaces a model.
    pub fn insert(&mut self, model: Model) {
        self.models.insert(model.model.clone(), model);
    }

    /// Builds a schema from what introspection reads: `ir.model` rows (`model`, `name`, `info`,
    /// `modules`, `order`, `state`, `transient`) and, per model, the `fields_get` answer.
    /// Models without a `fields_get` answer keep an empty field list.
    ///
    /// ```
    /// use odoo_runtime::{schema::{Field, FieldType, Schema}, Value};
    /// let rows = vec![[("model", Value::from("res.partner")), ("name", Value::from("Contact"))]
    ///     .into_iter().collect::<Value>()];
    /// let fields = [("name".to_string(), Field::new("", FieldType::Char, "Name"))].into_iter().collect();
    /// let schema = Schema::from_parts("19.0", "odoo19", &rows, [("res.partner".to_string(), fields)]);
    /// assert_eq!(schema.models["res.partner"].fields["name"].name, "name");
    /// ```
    pub fn from_parts(
        odoo_version: impl Into<String>,
        database: impl Into<String>,
        ir_model_rows: &[Value],
        fields_get: impl IntoIterator<Item = (String, BTreeMap<String, Field>)>,
    ) -> Schema {
        let mut schema = Schema::new(odoo_version, database);
        for row in ir_model_rows {
            if let Some(model) = Model::from_ir_model(row) {
                schema.insert(model);
            }
        }
        for (name, fields) in fields_get {
            let model = schema
                .models
                .remove(&name)
                .unwrap_or_else(|| Model::new(name.clone(), ""));
            schema.insert(model.with_fields(fields));
        }
        schema
    }

    /// A model by technical name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.get(name)
    }

    /// The snapshot text: pretty JSON with sorted keys and a trailing newline. The same schema
    /// always gives the same bytes.
    pub fn to_snapshot(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Reads a snapshot written by [`Schema::to_snapshot`].
    pub fn from_snapshot(text: &str) -> Result<Schema, crate::error::Error> {
        serde_json::from_str(text).map_err(|e| {
            crate::error::Error::decode_message(format!("invalid schema snapshot: {e}"))
        })
    }
}

/// One model (`ir.model`) and its fields.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Model {
    /// The technical name, e.g. `res.partner`.
    pub model: String,
    /// The label, e.g. `Contact`.
    #[serde(default)]
    pub name: String,
    /// The model's description (`ir.model.info`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<String>,
    /// The modules that define or extend the model.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modules: Vec<String>,
    /// The default order, e.g. `complete_name ASC, id DESC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// `true` for wizards (transient models).
    #[serde(default)]
    pub transient: bool,
    /// `base` for models from code, `manual` for custom models made in the database.
    #[serde(default = "default_state")]
    pub state: String,
    /// The fields, by name.
    #[serde(default)]
    pub fields: BTreeMap<String, Field>,
    /// The public methods and their parameters, when known (Odoo 19's `/doc-bearer` API
    /// documentation carries them; `fields_get` and `ir.model` do not).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub methods: BTreeMap<String, Method>,
    /// The `ETag` of the `/doc-bearer` answer the methods were read from: a later read sends
    /// it as `If-None-Match`, and Odoo answers `304 Not Modified` while the registry, the
    /// language and the user's groups are the same (see [`Client::api_doc_if_changed`]).
    ///
    /// [`Client::api_doc_if_changed`]: crate::Client::api_doc_if_changed
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub methods_etag: Option<String>,
}

/// A public model method, as Odoo 19's API documentation (`/doc-bearer/<model>.json`) describes
/// it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Method {
    /// The Python signature, e.g. `(vals_list) -> list[int]`.
    #[serde(default)]
    pub signature: String,
    /// The named parameters, sorted by name (the signature gives their order).
    #[serde(default)]
    pub parameters: BTreeMap<String, Parameter>,
    /// Decorators: `model` for `@api.model` methods (which take no `ids` over JSON-2),
    /// `readonly`…
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub api: Vec<String>,
    /// The return annotation, when documented.
    #[serde(
        rename = "return",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "return_annotation"
    )]
    pub returns: Option<String>,
    /// The method's documentation (HTML).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub doc: Option<String>,
    /// The model whose class introduces the method (`sale.order`, a mixin such as
    /// `mail.thread`, `base` for what modules add to every model), or `core` for the ORM's
    /// own `BaseModel` (`/doc-bearer`'s `model`).
    #[serde(
        rename = "model",
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub defined_in: Option<String>,
    /// The Odoo module that introduces it (`sale`, `mail`, `core`…).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub module: Option<String>,
}

impl Method {
    /// `true` for `@api.model` methods: JSON-2 rejects `ids` given to them.
    pub fn is_model_method(&self) -> bool {
        self.api
            .iter()
            .any(|a| a == "model" || a == "model_create_multi")
    }

    /// `true` for the methods every model has: the ORM's (`core`) and those modules add to
    /// every model (`base`: `web_read`, `web_search_read`, …).
    pub fn is_common(&self) -> bool {
        matches!(self.defined_in.as_deref(), Some("core" | "base"))
    }

    /// The parameter names in the order of the signature (the map of [`Method::parameters`]
    /// is sorted by name), then any parameter the signature does not show.
    ///
    /// ```
    /// let mut m = odoo_runtime::schema::Method::default();
    /// m.signature = "(name='', domain=None, operator='ilike', limit=100) -> list[tuple[int, str]]".into();
    /// assert_eq!(m.parameter_names(), ["name", "domain", "operator", "limit"]);
    /// ```
    pub fn parameter_names(&self) -> Vec<&str> {
        let mut names = signature_names(&self.signature);
        names.retain(|n| self.parameters.is_empty() || self.parameters.contains_key(*n));
        for name in self.parameters.keys() {
            if !names.contains(&name.as_str()) {
                names.push(name);
            }
        }
        names
    }
}

/// The parameter names of a Python signature `(a, b=(1, 2), *, c: str = 'x,y', **kw) -> T`:
/// top-level commas split the parameters; brackets and quotes nest.
fn signature_names(signature: &str) -> Vec<&str> {
    let Some(start) = signature.find('(') else {
        return Vec::new();
    };
    let body = &signature[start + 1..];
    let mut names = Vec::new();
    let (mut depth, mut quote, mut escaped) = (0usize, None::<char>, false);
    let mut piece_start = 0;
    for (i, c) in body.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth > 0 => depth -= 1,
            ',' | ')' if depth == 0 => {
                let piece = body[piece_start..i].trim();
                let name = piece
                    .split(['=', ':'])
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .trim_start_matches('*')
                    .trim();
                if !name.is_empty() && name != "/" {
                    names.push(name);
                }
                piece_start = i + c.len_utf8();
                if c == ')' {
                    break;
                }
            }
            _ => {}
        }
    }
    names
}

/// One parameter of a [`Method`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Parameter {
    /// How the parameter takes its value (Python's `inspect.Parameter.kind`):
    /// `KEYWORD_ONLY`, `VAR_KEYWORD` (`**kwargs`), `VAR_POSITIONAL` (`*args`),
    /// `POSITIONAL_ONLY`; absent for the usual positional-or-keyword.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub kind: Option<String>,
    /// The Python type annotation, e.g. `DomainType | None`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub annotation: Option<String>,
    /// The default value; absent for required parameters.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_value"
    )]
    pub default: Option<Value>,
    /// The parameter's documentation (HTML).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub doc: Option<String>,
}

impl Parameter {
    /// `true` when the caller must pass it (it has no default, and is not `*args` or
    /// `**kwargs`).
    pub fn is_required(&self) -> bool {
        self.default.is_none() && !self.is_variadic()
    }

    /// `true` for a parameter after `*`: it can only be given by keyword.
    pub fn is_keyword_only(&self) -> bool {
        self.kind.as_deref() == Some("KEYWORD_ONLY")
    }

    /// `true` for `*args` and `**kwargs`.
    pub fn is_variadic(&self) -> bool {
        matches!(self.kind.as_deref(), Some("VAR_KEYWORD" | "VAR_POSITIONAL"))
    }
}

// A documented default of `None` (JSON null) is still a default: keep it as `Some(Nil)`.
fn some_value<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

fn return_annotation<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        v => v
            .get("annotation")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn default_state() -> String {
    "base".to_owned()
}

impl Model {
    /// A model with a name and a label and no fields.
    pub fn new(model: impl Into<String>, name: impl Into<String>) -> Model {
        Model {
            model: model.into(),
            name: name.into(),
            state: default_state(),
            ..Model::default()
        }
    }

    /// A model from an `ir.model` row (`None` when the row has no `model` string). Odoo's
    /// `false` for empty values is read as absent; `modules` is the comma-separated list.
    pub fn from_ir_model(row: &Value) -> Option<Model> {
        let text = |key: &str| {
            row.get(key)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        let mut model = Model::new(text("model")?, text("name").unwrap_or_default());
        model.info = text("info").map(str::to_owned);
        model.order = text("order").map(str::to_owned);
        model.modules = text("modules")
            .map(|m| {
                m.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        model.transient = row
            .get("transient")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if let Some(state) = text("state") {
            model.state = state.to_owned();
        }
        Some(model)
    }

    /// A model from Odoo 19's API documentation, `GET /doc-bearer/<model>.json`: its fields
    /// (the `fields_get` form) and its public methods with their parameters.
    ///
    /// ```
    /// let doc = br#"{"model": "res.partner", "name": "Contact", "doc": null,
    ///   "fields": {"name": {"type": "char", "string": "Name", "store": true}},
    ///   "methods": {"create": {"signature": "(vals_list) -> list[int]", "api": ["model"],
    ///     "parameters": {"vals_list": {"annotation": "list[ValuesType]"}},
    ///     "return": {"annotation": "list[int]"}}}}"#;
    /// let model = odoo_runtime::schema::Model::from_api_doc(doc).unwrap();
    /// assert_eq!(model.fields["name"].name, "name");
    /// assert!(model.methods["create"].is_model_method());
    /// assert!(model.methods["create"].parameters["vals_list"].is_required());
    /// ```
    pub fn from_api_doc(body: &[u8]) -> Result<Model, crate::error::Error> {
        #[derive(Deserialize)]
        struct ApiDoc {
            model: String,
            #[serde(default)]
            name: String,
            #[serde(default, deserialize_with = "false_as_none")]
            doc: Option<String>,
            #[serde(default)]
            fields: BTreeMap<String, Field>,
            #[serde(default)]
            methods: BTreeMap<String, Method>,
        }
        let doc: ApiDoc = crate::json::codec::from_slice(body)?;
        let mut model = Model::new(doc.model, doc.name).with_fields(doc.fields);
        model.info = doc.doc;
        model.methods = doc.methods;
        Ok(model)
    }

    /// Fills in the fields from a `fields_get` answer (field name → attributes).
    pub fn with_fields(mut self, fields: BTreeMap<String, Field>) -> Model {
        self.fields = fields
            .into_iter()
            .map(|(name, mut f)| {
                if f.name.is_empty() {
                    f.name = name.clone();
                }
                (name, f)
            })
            .collect();
        self
    }

    /// A field by name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.get(name)
    }
}

/// One field, as `fields_get` describes it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Field {
    /// The field name (the key of `fields_get`'s answer).
    #[serde(default)]
    pub name: String,
    /// The field type.
    #[serde(rename = "type")]
    pub field_type: FieldType,
    /// The label.
    #[serde(default)]
    pub string: String,
    /// The tooltip, when there is one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub help: Option<String>,
    /// `true` when a value must be given.
    #[serde(default)]
    pub required: bool,
    /// `true` when the field cannot be written.
    #[serde(default)]
    pub readonly: bool,
    /// `true` when the value is stored in the database (false for most computed fields).
    #[serde(default = "yes")]
    pub store: bool,
    /// The target model of a relational field.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub relation: Option<String>,
    /// The inverse many2one of a one2many.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "false_as_none"
    )]
    pub relation_field: Option<String>,
    /// The values of a selection field, in order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "selection_or_none"
    )]
    pub selection: Option<Vec<SelectionOption>>,
    /// The default value, when the schema knows one (used by `odoo-testkit`'s `default_get`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// Every other attribute `fields_get` returned (`sortable`, `groups`, `digits`, …), kept as is.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

fn yes() -> bool {
    true
}

impl Field {
    /// A field with a name, a type and a label.
    pub fn new(name: impl Into<String>, field_type: FieldType, string: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            field_type,
            string: string.into(),
            store: true,
            ..Field::default()
        }
    }
}

/// One value of a selection field: the value stored and its label.
///
/// On the wire and in the snapshot it is a pair, `["draft", "Quotation"]`. The value is almost
/// always a string, but Odoo allows integers (and custom fields can hold anything), so it is
/// kept as a [`Value`].
#[derive(Clone, Debug, PartialEq)]
pub struct SelectionOption {
    /// The value stored in the database and sent over the wire.
    pub value: Value,
    /// The label shown to users.
    pub label: String,
}

impl SelectionOption {
    /// A string-valued option.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> SelectionOption {
        SelectionOption {
            value: Value::String(value.into()),
            label: label.into(),
        }
    }
}

impl Serialize for SelectionOption {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (&self.value, &self.label).serialize(s)
    }
}

impl<'de> Deserialize<'de> for SelectionOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (value, label): (Value, Value) = Deserialize::deserialize(d)?;
        let label = match label {
            Value::String(s) => s,
            Value::Bool(false) | Value::Nil => String::new(),
            other => format!("{other:?}"),
        };
        Ok(SelectionOption { value, label })
    }
}

fn false_as_none<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => Some(s),
        _ => None,
    })
}

fn selection_or_none<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<SelectionOption>>, D::Error> {
    // A dynamic selection that could not be evaluated shows up as a string or false.
    let v = Value::deserialize(d)?;
    match v {
        Value::Array(_) => v
            .deserialize_into()
            .map(Some)
            .map_err(serde::de::Error::custom),
        _ => Ok(None),
    }
}

macro_rules! field_types {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// The type of an Odoo field: the 19 types of Odoo 19, and a fallback for any other.
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum FieldType {
            $($(#[$doc])* $variant,)*
            /// A type this crate does not know (a newer Odoo, a module's own field class).
            Unknown(String),
        }

        impl FieldType {
            /// Every known type, in Odoo's order.
            pub const ALL: &'static [FieldType] = &[$(FieldType::$variant,)*];

            /// The type's name as Odoo writes it, e.g. `many2one`.
            pub fn as_str(&self) -> &str {
                match self {
                    $(FieldType::$variant => $name,)*
                    FieldType::Unknown(s) => s,
                }
            }

            /// The type named `name`, or [`FieldType::Unknown`].
            pub fn parse(name: &str) -> FieldType {
                match name {
                    $($name => FieldType::$variant,)*
                    other => FieldType::Unknown(other.to_owned()),
                }
            }
        }
    };
}

field_types! {
    /// `boolean`
    #[default]
    Boolean = "boolean",
    /// `integer`
    Integer = "integer",
    /// `float`
    Float = "float",
    /// `monetary`: a float with a currency field beside it.
    Monetary = "monetary",
    /// `char`: a one-line string.
    Char = "char",
    /// `text`: a multi-line string.
    Text = "text",
    /// `html`: sanitized HTML.
    Html = "html",
    /// `date`: `YYYY-MM-DD` on the wire.
    Date = "date",
    /// `datetime`: `YYYY-MM-DD HH:MM:SS` in UTC on the wire.
    Datetime = "datetime",
    /// `binary`: base64 on the wire.
    Binary = "binary",
    /// `selection`: one of a list of values.
    Selection = "selection",
    /// `many2one`: `[id, display_name]` on the wire.
    Many2one = "many2one",
    /// `one2many`: a list of ids.
    One2many = "one2many",
    /// `many2many`: a list of ids.
    Many2many = "many2many",
    /// `reference`: `"model,id"`.
    Reference = "reference",
    /// `many2one_reference`: an id whose model is in another field.
    Many2oneReference = "many2one_reference",
    /// `json`: any JSON value.
    Json = "json",
    /// `properties`: a list of property values defined on a parent record.
    Properties = "properties",
    /// `properties_definition`: the definitions of properties.
    PropertiesDefinition = "properties_definition",
}

impl FieldType {
    /// `true` for many2one, one2many and many2many.
    pub fn is_relational(&self) -> bool {
        matches!(
            self,
            FieldType::Many2one | FieldType::One2many | FieldType::Many2many
        )
    }

    /// `true` for one2many and many2many.
    pub fn is_x2many(&self) -> bool {
        matches!(self, FieldType::One2many | FieldType::Many2many)
    }
}

impl fmt::Display for FieldType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FieldType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FieldType {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        Ok(FieldType::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_types_round_trip() {
        assert_eq!(FieldType::ALL.len(), 19);
        for t in FieldType::ALL {
            assert_eq!(&FieldType::parse(t.as_str()), t);
            let json = serde_json::to_string(t).unwrap();
            assert_eq!(&serde_json::from_str::<FieldType>(&json).unwrap(), t);
        }
        assert_eq!(
            FieldType::parse("spline"),
            FieldType::Unknown("spline".into())
        );
    }

    #[test]
    fn field_keeps_unknown_attributes_and_selection() {
        let json = r#"{"type":"selection","string":"State","selection":[["draft","Draft"],[1,"One"]],"sortable":true,"help":false}"#;
        let f: Field = serde_json::from_str(json).unwrap();
        assert_eq!(f.help, None);
        let sel = f.selection.as_ref().unwrap();
        assert_eq!(sel[0], SelectionOption::new("draft", "Draft"));
        assert_eq!(sel[1].value, Value::Int(1));
        assert_eq!(f.extra["sortable"], serde_json::Value::Bool(true));
        let back: Field = serde_json::from_str(&serde_json::to_string(&f).unwrap()).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn signature_names_skip_what_defaults_hold() {
        for (sig, names) in [
            ("()", &[][..]),
            ("(vals_list) -> list[int]", &["vals_list"][..]),
            (
                "(known_deps=None, exclude_states=('uninstalled', 'uninstallable', 'to remove'))",
                &["known_deps", "exclude_states"],
            ),
            (
                "(section_id, domain=[], order='sequence, id')",
                &["section_id", "domain", "order"],
            ),
            (
                "(e, branding=None, parent_xpath='', index_map=<odoo.tools.misc.ConstantMapping object>)",
                &["e", "branding", "parent_xpath", "index_map"],
            ),
            (
                "(view_id=None, view_type='form', options) -> dict",
                &["view_id", "view_type", "options"],
            ),
            (r"(a='it\'s, here', *args, b: dict[str, int] = {}, **kw)", &["a", "args", "b", "kw"]),
        ] {
            assert_eq!(signature_names(sig), names, "{sig}");
        }
    }

    #[test]
    fn snapshot_is_deterministic() {
        let mut s = Schema::new("19.0", "odoo19");
        let mut m = Model::new("res.partner", "Contact");
        m.fields
            .insert("name".into(), Field::new("name", FieldType::Char, "Name"));
        s.insert(m);
        let a = s.to_snapshot();
        assert_eq!(Schema::from_snapshot(&a).unwrap().to_snapshot(), a);
    }
}
