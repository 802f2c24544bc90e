//! Parsing a domain: Odoo's prefix notation (`'&'`, `'|'`, `'!'` and `(field, operator,
//! value)` conditions) into a tree, with the errors `Domain(list)` raises.

use odoo_runtime::Value;

use crate::exception::{Class, OResult, OdooError};
use crate::pyrepr::repr;

/// A parsed domain.
#[derive(Clone, Debug)]
pub(crate) enum Dom {
    True,
    False,
    And(Vec<Dom>),
    Or(Vec<Dom>),
    Not(Box<Dom>),
    Cond(Cond),
}

/// One `(field_expr, operator, value)` condition.
#[derive(Clone, Debug)]
pub(crate) struct Cond {
    pub(crate) path: String,
    pub(crate) op: String,
    pub(crate) value: Value,
}

const OPERATORS: &[&str] = &[
    "any",
    "not any",
    "any!",
    "not any!",
    "in",
    "not in",
    "=",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    "like",
    "not like",
    "ilike",
    "not ilike",
    "=like",
    "=ilike",
    "=?",
    "<>",
    "==",
    "child_of",
    "parent_of",
];

impl Cond {
    /// The error of a condition, worded with its `repr`.
    pub(crate) fn raise(&self, message: &str, class: Class) -> OdooError {
        OdooError::new(
            class,
            format!(
                "{message} in condition ({}, {}, {})",
                repr(&Value::String(self.path.clone())),
                repr(&Value::String(self.op.clone())),
                repr(&self.value)
            ),
        )
    }
}

/// Parses a domain (`Domain(list)`).
pub(crate) fn parse(v: &Value) -> OResult<Dom> {
    let items = match v {
        Value::Nil | Value::Bool(true) => return Ok(Dom::True),
        Value::Bool(false) => return Ok(Dom::False),
        Value::Array(a) => a,
        other => {
            return Err(OdooError::type_error(format!(
                "Domain() invalid argument type for domain: {}",
                repr(other)
            )))
        }
    };
    // Raised while handling the IndexError of popping an empty stack.
    let malformed = || {
        OdooError::value(format!("Domain() malformed domain {}", repr(v)))
            .during(OdooError::new(Class::IndexError, "pop from empty list"))
    };
    let mut stack: Vec<Dom> = Vec::new();
    for item in items.iter().rev() {
        match item {
            Value::Array(t) if t.len() == 3 => stack.push(parse_leaf(t)?),
            Value::String(s) if s == "&" || s == "|" => {
                let a = stack.pop().ok_or_else(malformed)?;
                let b = stack.pop().ok_or_else(malformed)?;
                stack.push(if s == "&" {
                    and(vec![a, b])
                } else {
                    or(vec![a, b])
                });
            }
            Value::String(s) if s == "!" => {
                let a = stack.pop().ok_or_else(malformed)?;
                stack.push(Dom::Not(Box::new(a)));
            }
            other => {
                return Err(OdooError::value(format!(
                    "Domain() invalid item in domain: {}",
                    repr(other)
                )))
            }
        }
    }
    stack.reverse();
    Ok(if stack.len() == 1 {
        stack.remove(0)
    } else {
        and(stack)
    })
}

pub(crate) fn and(children: Vec<Dom>) -> Dom {
    let mut out = Vec::new();
    for c in children {
        match c {
            Dom::True => {}
            Dom::False => return Dom::False,
            Dom::And(inner) => out.extend(inner),
            c => out.push(c),
        }
    }
    match out.len() {
        0 => Dom::True,
        1 => out.remove(0),
        _ => Dom::And(out),
    }
}

pub(crate) fn or(children: Vec<Dom>) -> Dom {
    let mut out = Vec::new();
    for c in children {
        match c {
            Dom::False => {}
            Dom::True => return Dom::True,
            Dom::Or(inner) => out.extend(inner),
            c => out.push(c),
        }
    }
    match out.len() {
        0 => Dom::False,
        1 => out.remove(0),
        _ => Dom::Or(out),
    }
}

fn parse_leaf(t: &[Value]) -> OResult<Dom> {
    // `any!` and `not any!` are Odoo's internal operators, refused in domain lists.
    if matches!(t[1].as_str(), Some("any!" | "not any!")) {
        return Err(OdooError::value(format!(
            "Domain() invalid item in domain: {}",
            repr(&Value::Array(t.to_vec()))
        )));
    }
    // (1, '=', 1) and (0, '=', 1): the constant leaves.
    if let (Value::Int(a), Some("="), Value::Int(1)) = (&t[0], t[1].as_str(), &t[2]) {
        if *a == 1 {
            return Ok(Dom::True);
        }
        if *a == 0 {
            return Ok(Dom::False);
        }
    }
    let op_raw = t[1].as_str().unwrap_or_default();
    let cond = Cond {
        path: t[0].as_str().unwrap_or_default().to_owned(),
        op: op_raw.to_lowercase(),
        value: if t[2].is_nil() {
            Value::Bool(false)
        } else {
            t[2].clone()
        },
    };
    let shown = Cond {
        path: cond.path.clone(),
        op: op_raw.to_owned(),
        value: t[2].clone(),
    };
    if !matches!(&t[0], Value::String(s) if !s.is_empty()) {
        let shown = Cond {
            path: String::new(),
            ..shown
        };
        return Err(OdooError::new(
            Class::TypeError,
            format!(
                "Empty field name in condition ({}, {}, {})",
                repr(&t[0]),
                repr(&t[1]),
                repr(&shown.value)
            ),
        ));
    }
    if !t[1]
        .as_str()
        .is_some_and(|_| OPERATORS.contains(&cond.op.as_str()))
    {
        return Err(OdooError::value(format!(
            "Invalid operator in condition ({}, {}, {})",
            repr(&t[0]),
            repr(&t[1]),
            repr(&t[2])
        )));
    }
    Ok(Dom::Cond(cond))
}

/// `true` when a condition on `field` appears anywhere (the implicit `active` filter is left
/// out then).
pub(crate) fn mentions(dom: &Dom, field: &str) -> bool {
    match dom {
        Dom::True | Dom::False => false,
        Dom::And(c) | Dom::Or(c) => c.iter().any(|d| mentions(d, field)),
        Dom::Not(d) => mentions(d, field),
        Dom::Cond(c) => c.path == field,
    }
}

/// `repr(Domain(…))`: its items in prefix notation, conditions as tuples.
pub(crate) fn domain_repr(dom: &Dom) -> String {
    fn items(dom: &Dom, out: &mut Vec<String>) {
        match dom {
            Dom::True => out.push("(1, '=', 1)".into()),
            Dom::False => out.push("(0, '=', 1)".into()),
            Dom::Cond(c) => out.push(format!(
                "({}, {}, {})",
                repr(&Value::String(c.path.clone())),
                repr(&Value::String(c.op.clone())),
                repr(&c.value)
            )),
            Dom::Not(d) => {
                out.push("'!'".into());
                items(d, out);
            }
            Dom::And(children) | Dom::Or(children) => {
                let op = if matches!(dom, Dom::And(_)) {
                    "'&'"
                } else {
                    "'|'"
                };
                for _ in 1..children.len() {
                    out.push(op.into());
                }
                for c in children {
                    items(c, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    items(dom, &mut out);
    format!("[{}]", out.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors() {
        let bad = parse(&serde_json::json!([["name", "no-such-op", "x"]]).into()).unwrap_err();
        assert_eq!(
            bad.message,
            "Invalid operator in condition ('name', 'no-such-op', 'x')"
        );
        let malformed = parse(&serde_json::json!(["&", ["a", "=", 1]]).into()).unwrap_err();
        assert!(malformed.message.starts_with("Domain() malformed domain"));
        assert!(matches!(
            parse(&serde_json::json!([]).into()).unwrap(),
            Dom::True
        ));
    }
}
