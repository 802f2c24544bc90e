//! Reading records: the value forms `read` returns (`[id, name]` pairs, `false` for empty,
//! x2many ids in the comodel's order, binary sizes).

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use super::attachment;
use crate::exception::{Class, OResult, OdooError};
use crate::names::display_name;
use crate::order::sort_default;
use crate::pyrepr::str_repr;
use crate::store::{Env, Store};
use crate::values::{human_size, truthy};

impl Store {
    /// `read(fields, load)`: existing records only, in the order of `ids`.
    pub(crate) fn read(
        &self,
        model: &str,
        ids: &[i64],
        fields: Option<&[String]>,
        classic: bool,
        env: &Env,
    ) -> OResult<Vec<Value>> {
        let names: Vec<String> = match fields {
            Some(f) if !f.is_empty() => {
                for name in f {
                    if !self.has_field(model, name) {
                        // `raise ValueError(…) from KeyError`.
                        return Err(OdooError::value(format!(
                            "Invalid field {} on {}",
                            str_repr(name),
                            str_repr(model)
                        ))
                        .caused_by(OdooError::new(Class::KeyError, name.as_str())));
                    }
                }
                f.to_vec()
            }
            _ => {
                let mut all: Vec<String> = vec!["id".into()];
                if let Some(m) = self.model(model) {
                    all.extend(m.fields.keys().filter(|k| k.as_str() != "id").cloned());
                }
                all
            }
        };
        let bin_size = env.context.get("bin_size").is_some_and(truthy);
        // Deleted records are left out; an id given twice is read twice, as Odoo does.
        let mut out = Vec::new();
        for &id in ids {
            if !self.exists(model, id) {
                continue;
            }
            let mut rec = Map::new();
            rec.insert("id".into(), Value::Int(id));
            for name in &names {
                if name == "id" {
                    continue;
                }
                rec.insert(
                    name.clone(),
                    self.read_value(model, id, name, classic, bin_size, env),
                );
            }
            out.push(Value::Struct(rec));
        }
        Ok(out)
    }

    /// One field of one record, in the form `read` returns it.
    pub(crate) fn read_value(
        &self,
        model: &str,
        id: i64,
        name: &str,
        classic: bool,
        bin_size: bool,
        env: &Env,
    ) -> Value {
        if name == "id" {
            return Value::Int(id);
        }
        if name == "display_name" {
            return Value::String(display_name(self, model, id));
        }
        let Some(field) = self.field(model, name) else {
            return Value::Bool(false);
        };
        if attachment::is_content(model, name) {
            return self.attachment_read(id, name, bin_size);
        }
        let raw = self.contextual_raw(model, id, field, env);
        match &field.field_type {
            FieldType::Boolean => Value::Bool(truthy(&raw)),
            FieldType::Integer | FieldType::Many2oneReference => match raw {
                Value::Int(i) => Value::Int(i),
                Value::Double(d) => Value::Int(d as i64),
                _ => Value::Int(0),
            },
            FieldType::Float | FieldType::Monetary => match raw {
                Value::Int(i) => Value::Double(i as f64),
                Value::Double(d) => Value::Double(d),
                _ => Value::Double(0.0),
            },
            FieldType::Many2one => match raw {
                Value::Int(i) if i > 0 => {
                    if classic {
                        let comodel = field.relation.as_deref().unwrap_or_default();
                        let name = if self.has_model(comodel) && self.exists(comodel, i) {
                            display_name(self, comodel, i)
                        } else {
                            format!("{comodel},{i}")
                        };
                        Value::Array(vec![Value::Int(i), Value::String(name)])
                    } else {
                        Value::Int(i)
                    }
                }
                _ => Value::Bool(false),
            },
            FieldType::One2many | FieldType::Many2many => {
                let comodel = field.relation.as_deref().unwrap_or_default();
                let mut ids = self.linked(model, id, field, env.active_test());
                sort_default(self, comodel, &mut ids);
                Value::Array(ids.into_iter().map(Value::Int).collect())
            }
            FieldType::Binary => match raw {
                Value::String(s) if !s.is_empty() => {
                    if bin_size {
                        human_size(base64_len(&s))
                    } else {
                        Value::String(s)
                    }
                }
                _ => Value::Bool(false),
            },
            FieldType::Properties => match raw {
                Value::Nil | Value::Bool(false) => Value::Array(Vec::new()),
                v => v,
            },
            FieldType::Json | FieldType::PropertiesDefinition => match raw {
                Value::Nil => Value::Bool(false),
                v => v,
            },
            _ => match raw {
                Value::String(s) if !s.is_empty() => Value::String(s),
                Value::Nil | Value::Bool(false) | Value::String(_) => Value::Bool(false),
                v => v,
            },
        }
    }
}

/// The decoded length of base64 text.
fn base64_len(s: &str) -> usize {
    let s = s.trim_end_matches('=');
    s.len() * 3 / 4
}
