//! Small helpers over wire values: Python truthiness, dates, wildcards.

use odoo_runtime::{Map, Value};

/// Python's `bool(v)`.
pub(crate) fn truthy(v: &Value) -> bool {
    match v {
        Value::Nil => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Double(d) => *d != 0.0,
        Value::String(s) | Value::DateTime(s) => !s.is_empty(),
        Value::Base64(b) => !b.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Struct(m) => !m.is_empty(),
    }
}

/// Python's `str(v)`.
pub(crate) fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => crate::pyrepr::repr(other),
    }
}

/// `dict(pairs)`: a list of `[key, value]` pairs as a dict, or `dict()`'s error.
pub(crate) fn dict_from_pairs(items: &[Value]) -> crate::exception::OResult<Map> {
    use crate::exception::OdooError;
    let mut out = Map::new();
    for (i, item) in items.iter().enumerate() {
        match item {
            Value::Array(pair) if pair.len() == 2 => {
                out.insert(py_str(&pair[0]), pair[1].clone());
            }
            Value::Array(pair) => {
                return Err(OdooError::value(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    pair.len()
                )))
            }
            Value::String(s) if s.chars().count() == 2 => {
                let mut c = s.chars();
                let (k, v) = (c.next().unwrap_or_default(), c.next().unwrap_or_default());
                out.insert(k.to_string(), Value::String(v.to_string()));
            }
            Value::String(s) => {
                return Err(OdooError::value(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    s.chars().count()
                )))
            }
            _ => {
                return Err(OdooError::type_error(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )))
            }
        }
    }
    Ok(out)
}

/// `None` and `false`: Odoo's "no value".
pub(crate) fn is_null(v: &Value) -> bool {
    matches!(v, Value::Nil | Value::Bool(false))
}

/// An XML-RPC `dateTime.iso8601` (`20250131T10:30:00`) or an ISO string (`2025-01-31T10:30:00`,
/// `2025-01-31 10:30:00.123`) as Odoo's `YYYY-MM-DD HH:MM:SS`; a bare date gets midnight.
/// `None` when the text is not a date.
pub(crate) fn normalize_datetime(s: &str) -> Option<String> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], s[i + 1..].trim()),
        None => (s, ""),
    };
    let date = normalize_date_part(date)?;
    let time = if time.is_empty() {
        "00:00:00".to_owned()
    } else {
        let t: String = time
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == ':')
            .collect();
        let parts: Vec<&str> = t.split(':').collect();
        let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
        let (h, m) = (num(0)?, num(1).unwrap_or(0));
        let sec = num(2).unwrap_or(0);
        if h > 23 || m > 59 || sec > 59 {
            return None;
        }
        format!("{h:02}:{m:02}:{sec:02}")
    };
    Some(format!("{date} {time}"))
}

/// `YYYY-MM-DD` or `YYYYMMDD` as `YYYY-MM-DD`.
fn normalize_date_part(d: &str) -> Option<String> {
    let (y, m, day) = if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        (&d[..4], &d[4..6], &d[6..])
    } else {
        let mut it = d.split('-');
        let parts = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() {
            return None;
        }
        parts
    };
    let (y, m, day): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, day.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(y as i32, m, day)?;
    Some(format!("{y:04}-{m:02}-{day:02}"))
}

/// A date (`YYYY-MM-DD`), from a date or a datetime text.
pub(crate) fn normalize_date(s: &str) -> Option<String> {
    normalize_datetime(s).map(|dt| dt[..10].to_owned())
}

/// The day after a `YYYY-MM-DD HH:MM:SS` datetime's date, at midnight.
pub(crate) fn next_day(dt: &str) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(dt.get(..10)?, "%Y-%m-%d").ok()?;
    Some(format!("{} 00:00:00", d.succ_opt()?.format("%Y-%m-%d")))
}

/// Now, in UTC, as Odoo writes datetimes.
pub(crate) fn now_string() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
        .unwrap_or_else(|| "1970-01-01 00:00:00".into())
}

/// SQL `LIKE` matching: `%` any run, `_` one character, `\` escapes the next one.
pub(crate) fn like_match(text: &str, pattern: &str, case_insensitive: bool) -> bool {
    enum Tok {
        Any,
        One,
        Lit(char),
    }
    let (text, pattern) = if case_insensitive {
        (text.to_lowercase(), pattern.to_lowercase())
    } else {
        (text.to_owned(), pattern.to_owned())
    };
    let mut toks = Vec::new();
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        toks.push(match c {
            '%' => Tok::Any,
            '_' => Tok::One,
            '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
            c => Tok::Lit(c),
        });
    }
    let text: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard matching with backtracking to the last `%`.
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Tok::One) => {
                t += 1;
                p += 1;
            }
            Some(Tok::Lit(c)) if *c == text[t] => {
                t += 1;
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| matches!(t, Tok::Any))
}

/// `odoo.tools.human_size`: what a binary field reads as with context `bin_size`.
pub(crate) fn human_size(len: usize) -> Value {
    if len == 0 {
        return Value::Bool(false);
    }
    let units = ["bytes", "Kb", "Mb", "Gb", "Tb"];
    let (mut s, mut i) = (len as f64, 0usize);
    while s >= 1024.0 && i < units.len() - 1 {
        s /= 1024.0;
        i += 1;
    }
    Value::String(format!("{s:.2} {}", units[i]))
}

/// Replaces XML-RPC's typed values by what Odoo's marshaller hands the ORM: a `dateTime`
/// becomes its `YYYY-MM-DD HH:MM:SS` text, a `base64` its base64 text.
pub(crate) fn normalize_input(v: Value) -> Value {
    normalize_input_with(v, false)
}

/// [`normalize_input`]; with `keep_datetime`, a `dateTime` stays one: Odoo 17 reads XML-RPC
/// without `use_datetime`, so the ORM gets an `xmlrpc.client.DateTime`, not text.
pub(crate) fn normalize_input_with(v: Value, keep_datetime: bool) -> Value {
    use base64::Engine as _;
    match v {
        Value::DateTime(s) if !keep_datetime => Value::String(normalize_datetime(&s).unwrap_or(s)),
        Value::Base64(b) => Value::String(base64::engine::general_purpose::STANDARD.encode(b)),
        Value::Array(a) => Value::Array(
            a.into_iter()
                .map(|v| normalize_input_with(v, keep_datetime))
                .collect(),
        ),
        Value::Struct(m) => Value::Struct(
            m.into_iter()
                .map(|(k, v)| (k, normalize_input_with(v, keep_datetime)))
                .collect(),
        ),
        other => other,
    }
}

/// `true` when a `None` hides anywhere in the value (XML-RPC cannot marshal it).
pub(crate) fn contains_nil(v: &Value) -> bool {
    match v {
        Value::Nil => true,
        Value::Array(a) => a.iter().any(contains_nil),
        Value::Struct(m) => m.values().any(contains_nil),
        _ => false,
    }
}

/// `list(v)`, or the type name of what is not iterable.
pub(crate) fn iterate(v: Value) -> Result<Vec<Value>, &'static str> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Struct(m) => Ok(m.into_keys().map(Value::String).collect()),
        Value::String(s) => Ok(s.chars().map(|c| Value::String(c.to_string())).collect()),
        other => Err(crate::pyrepr::type_name(&other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like() {
        assert!(like_match("Acme Corporation", "%corp%", true));
        assert!(!like_match("Acme Corporation", "%corp%", false));
        assert!(!like_match("Addison Olson", "%a_m%", true));
        assert!(like_match("Lumber Inc", "%u_b%", false));
        assert!(like_match("Acme", "A%", false));
        assert!(!like_match("Acme", "a%", false));
        assert!(like_match("50%", "50\\%", false));
        assert!(like_match("", "%", false));
    }

    #[test]
    fn dates() {
        assert_eq!(
            normalize_datetime("20000101T00:00:00").as_deref(),
            Some("2000-01-01 00:00:00")
        );
        assert_eq!(
            normalize_datetime("2000-01-01").as_deref(),
            Some("2000-01-01 00:00:00")
        );
        assert_eq!(
            normalize_datetime("2026-11-27T23:53:59.123").as_deref(),
            Some("2026-11-27 23:53:59")
        );
        assert_eq!(normalize_datetime("nope"), None);
        assert_eq!(
            next_day("2000-12-31 10:00:00").as_deref(),
            Some("2001-01-01 00:00:00")
        );
        assert_eq!(human_size(10691), Value::String("10.44 Kb".into()));
    }
}
