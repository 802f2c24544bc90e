//! x2many commands (`(0, 0, vals)` … `(6, 0, ids)`, or a plain id list) applied to one
//! record's one2many or many2many field.

use odoo_runtime::schema::{Field, FieldType};
use odoo_runtime::{Map, Value};

use crate::exception::{OResult, OdooError};
use crate::pyrepr::repr;
use crate::store::{Env, Store};

impl Store {
    /// Applies x2many commands (or a plain id list) to one record.
    pub(super) fn apply_x2many(
        &mut self,
        model: &str,
        id: i64,
        field: &Field,
        value: Value,
        env: &Env,
    ) -> OResult<()> {
        let comodel = field.relation.clone().unwrap_or_default();
        let invalid = |v: &Value| {
            OdooError::value(format!(
                "Invalid command {} for field {model}.{}",
                repr(v),
                field.name
            ))
        };
        let commands: Vec<Value> = match value {
            Value::Nil | Value::Bool(false) => vec![Value::Array(vec![5.into()])],
            Value::Array(a) if !a.is_empty() && a.iter().all(|v| matches!(v, Value::Int(_))) => {
                vec![Value::Array(vec![6.into(), 0.into(), Value::Array(a)])]
            }
            Value::Array(a) => a,
            v => return Err(invalid(&v)),
        };
        let o2m_inverse = (field.field_type == FieldType::One2many)
            .then(|| field.relation_field.clone().unwrap_or_default());
        let mut m2m: Vec<i64> = match self.raw(model, id, &field.name) {
            Value::Array(a) => a.iter().filter_map(Value::as_i64).collect(),
            _ => Vec::new(),
        };
        for command in commands {
            let parts = command.as_array().ok_or_else(|| invalid(&command))?;
            let code = parts
                .first()
                .and_then(Value::as_i64)
                .ok_or_else(|| invalid(&command))?;
            let arg_id = parts.get(1).and_then(Value::as_i64).unwrap_or(0);
            let vals = || -> OResult<Map> {
                match parts.get(2) {
                    Some(Value::Struct(m)) => Ok(m.clone()),
                    _ => Err(invalid(&command)),
                }
            };
            match code {
                0 => {
                    let mut v = vals()?;
                    if let Some(inverse) = &o2m_inverse {
                        v.insert(inverse.clone(), Value::Int(id));
                    }
                    let new = self.create(&comodel, vec![v], env)?;
                    if o2m_inverse.is_none() {
                        m2m.extend(new);
                    }
                }
                1 => self.write(&comodel, &[arg_id], vals()?, env)?,
                2 => {
                    self.unlink(&comodel, &[arg_id])?;
                    m2m.retain(|i| *i != arg_id);
                }
                3 => match &o2m_inverse {
                    Some(inverse) => {
                        if self.m2o(&comodel, arg_id, inverse) == Some(id) {
                            self.set_value(&comodel, arg_id, inverse, Value::Bool(false));
                        }
                    }
                    None => m2m.retain(|i| *i != arg_id),
                },
                4 => match &o2m_inverse {
                    Some(inverse) => {
                        if !self.exists(&comodel, arg_id) {
                            return Err(OdooError::missing(&comodel, &[arg_id], env.uid));
                        }
                        self.set_value(&comodel, arg_id, inverse, Value::Int(id));
                    }
                    None => {
                        if !self.exists(&comodel, arg_id) {
                            return Err(OdooError::missing(&comodel, &[arg_id], env.uid));
                        }
                        if !m2m.contains(&arg_id) {
                            m2m.push(arg_id);
                        }
                    }
                },
                5 | 6 => {
                    let keep: Vec<i64> = if code == 6 {
                        match parts.get(2) {
                            Some(Value::Array(a)) => a.iter().filter_map(Value::as_i64).collect(),
                            Some(Value::Bool(false)) | Some(Value::Nil) | None => Vec::new(),
                            _ => return Err(invalid(&command)),
                        }
                    } else {
                        Vec::new()
                    };
                    match &o2m_inverse {
                        Some(inverse) => {
                            let current = self.linked(model, id, field, false);
                            for child in current.into_iter().filter(|c| !keep.contains(c)) {
                                self.set_value(&comodel, child, inverse, Value::Bool(false));
                            }
                            for child in &keep {
                                if self.exists(&comodel, *child) {
                                    self.set_value(&comodel, *child, inverse, Value::Int(id));
                                }
                            }
                        }
                        None => {
                            let missing: Vec<i64> = keep
                                .iter()
                                .copied()
                                .filter(|k| !self.exists(&comodel, *k))
                                .collect();
                            if !missing.is_empty() {
                                return Err(OdooError::missing(&comodel, &missing, env.uid));
                            }
                            m2m.clear();
                            for k in keep {
                                if !m2m.contains(&k) {
                                    m2m.push(k);
                                }
                            }
                        }
                    }
                }
                // Odoo skips a command it does not know.
                _ => {}
            }
        }
        if o2m_inverse.is_none() {
            self.set_value(
                model,
                id,
                &field.name,
                Value::Array(m2m.into_iter().map(Value::Int).collect()),
            );
        }
        Ok(())
    }
}
