//! Python's `repr()` of wire values: Odoo's error messages quote the values they complain
//! about with it (`Invalid field … in condition ('name', 'no-such-op', 'x')`).

use odoo_runtime::Value;

/// `repr(s)` of a Python `str`.
pub(crate) fn str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// `repr(v)` of the Python value an XML-RPC or JSON value decodes to.
pub(crate) fn repr(v: &Value) -> String {
    match v {
        Value::Nil => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Int(i) => i.to_string(),
        Value::Double(d) => float_repr(*d),
        Value::String(s) => str_repr(s),
        Value::DateTime(s) => format!("<DateTime {}>", str_repr(s)),
        Value::Base64(b) => format!("b'<{} bytes>'", b.len()),
        Value::Array(a) => format!("[{}]", a.iter().map(repr).collect::<Vec<_>>().join(", ")),
        Value::Struct(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{}: {}", str_repr(k), repr(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn float_repr(d: f64) -> String {
    if d.is_nan() {
        "nan".into()
    } else if d.is_infinite() {
        if d > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        }
    } else if d == d.trunc() && d.abs() < 1e16 {
        format!("{d:.1}")
    } else {
        format!("{d:?}")
    }
}

/// `type(v).__name__` of the Python value a wire value decodes to.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Nil => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Double(_) => "float",
        Value::String(_) => "str",
        Value::DateTime(_) => "DateTime",
        Value::Base64(_) => "bytes",
        Value::Array(_) => "list",
        Value::Struct(_) => "dict",
    }
}

/// `repr(tuple(ids))`: `(7,)` for one id, `(1, 2)` for more.
pub(crate) fn tuple_of_ids(ids: &[i64]) -> String {
    match ids {
        [one] => format!("({one},)"),
        _ => format!(
            "({})",
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs() {
        assert_eq!(str_repr("x"), "'x'");
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a\nb"), "'a\\nb'");
        assert_eq!(
            repr(&Value::from(vec![
                Value::from("a"),
                Value::Bool(true),
                Value::Nil,
                Value::Double(2.0)
            ])),
            "['a', True, None, 2.0]"
        );
        assert_eq!(tuple_of_ids(&[10081]), "(10081,)");
        assert_eq!(tuple_of_ids(&[1, 2]), "(1, 2)");
    }
}
