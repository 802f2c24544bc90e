//! Python's argument binding, with CPython 3.11's messages.
//!
//! Odoo calls a model method two ways. XML-RPC and JSON-RPC go through `call_kw`, which calls
//! `method(recs, *args, **kwargs)`: a mismatch is the interpreter's own `TypeError`
//! (`BaseModel.search() missing 1 required positional argument: 'domain'`). JSON-2 first
//! checks `inspect.signature(method).bind(recs, **kwargs)` and answers its `TypeError`
//! (`missing a required argument: 'domain'`) with a 422. Both are written here once, from
//! CPython's `initialize_locals` (`Python/ceval.c`) and `inspect.Signature._bind`.

use odoo_runtime::{Map, Value};

use crate::pyrepr::str_repr;

/// How a parameter takes its value (`inspect.Parameter.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `name` or `name=default`: by position or by keyword.
    Positional,
    /// After a `*`: by keyword only.
    KeywordOnly,
    /// `*args`.
    VarPositional,
    /// `**kwargs`.
    VarKeyword,
}

/// A parameter's default value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Default {
    Required,
    None,
    False,
    True,
    Int(i64),
    Str(&'static str),
    /// `()`, the empty tuple (a list on the wire).
    EmptyTuple,
}

impl Default {
    pub(crate) fn value(self) -> Option<Value> {
        match self {
            Default::Required => None,
            Default::None => Some(Value::Nil),
            Default::False => Some(Value::Bool(false)),
            Default::True => Some(Value::Bool(true)),
            Default::Int(i) => Some(Value::Int(i)),
            Default::Str(s) => Some(Value::String(s.to_owned())),
            Default::EmptyTuple => Some(Value::Array(Vec::new())),
        }
    }

    /// The default as a Python signature shows it (`=None`, `='ilike'`, `=()`).
    fn python(self) -> Option<String> {
        match self {
            Default::Required => None,
            Default::None => Some("None".into()),
            Default::False => Some("False".into()),
            Default::True => Some("True".into()),
            Default::Int(i) => Some(i.to_string()),
            Default::Str(s) => Some(str_repr(s)),
            Default::EmptyTuple => Some("()".into()),
        }
    }
}

/// One parameter of a Python function (after `self`).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Param {
    pub(crate) name: &'static str,
    pub(crate) kind: Kind,
    pub(crate) default: Default,
}

/// A required positional parameter.
pub(crate) const fn req(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Positional,
        default: Default::Required,
    }
}

/// A positional parameter with a default.
pub(crate) const fn opt(name: &'static str, default: Default) -> Param {
    Param {
        name,
        kind: Kind::Positional,
        default,
    }
}

/// A `**name` parameter.
pub(crate) const fn var_kw(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::VarKeyword,
        default: Default::Required,
    }
}

/// A `*name` parameter.
#[cfg(test)]
pub(crate) const fn var_args(name: &'static str) -> Param {
    Param {
        name,
        kind: Kind::VarPositional,
        default: Default::Required,
    }
}

/// A keyword-only parameter.
pub(crate) const fn kw_only(name: &'static str, default: Default) -> Param {
    Param {
        name,
        kind: Kind::KeywordOnly,
        default,
    }
}

/// The parameters as `/doc-bearer` prints them (`Signature.stringify` of
/// `addons/api_doc`), without the return annotation: `(domain, offset=0, limit=None,
/// order=None)`; no `*` before keyword-only parameters, and `*args` / `**kwargs` as bare
/// names.
pub(crate) fn render(params: &[Param]) -> String {
    let parts: Vec<String> = params
        .iter()
        .map(|p| match (p.kind, p.default.python()) {
            (Kind::VarPositional | Kind::VarKeyword, _) => p.name.to_owned(),
            (_, Some(d)) => format!("{}={d}", p.name),
            (_, None) => p.name.to_owned(),
        })
        .collect();
    format!("({})", parts.join(", "))
}

/// Arguments bound to parameters, defaults filled in.
#[derive(Debug, Default)]
pub(crate) struct Bound {
    /// Every named parameter, by name.
    pub(crate) values: Map,
    /// What `*args` collected.
    pub(crate) var_args: Vec<Value>,
    /// What `**kwargs` collected.
    pub(crate) var_kw: Map,
}

impl Bound {
    /// The value of a parameter (`None` when the signature has no such parameter).
    pub(crate) fn get(&self, name: &str) -> Value {
        self.values.get(name).cloned().unwrap_or(Value::Nil)
    }
}

/// `qualname(self, *args, **kwargs)` as CPython 3.11 binds it (`initialize_locals`), or its
/// `TypeError` message. `with_self`: the function is a method and `self` is the first
/// positional parameter (it counts in "takes 2 positional arguments").
///
/// The checks come in CPython's order: keyword arguments one by one (unexpected, multiple
/// values), then too many positional arguments, then missing positional ones, then missing
/// keyword-only ones.
pub(crate) fn bind_call(
    qualname: &str,
    params: &[Param],
    with_self: bool,
    args: Vec<Value>,
    kwargs: Map,
) -> Result<Bound, String> {
    let this = usize::from(with_self);
    let positional: Vec<&Param> = params
        .iter()
        .filter(|p| p.kind == Kind::Positional)
        .collect();
    let has_var_args = params.iter().any(|p| p.kind == Kind::VarPositional);
    let has_var_kw = params.iter().any(|p| p.kind == Kind::VarKeyword);
    let given = args.len();
    let mut bound = Bound::default();
    let mut args = args.into_iter();
    for p in &positional {
        match args.next() {
            Some(v) => {
                bound.values.insert(p.name.to_owned(), v);
            }
            None => break,
        }
    }
    if has_var_args {
        bound.var_args = args.collect();
    }
    for (key, value) in kwargs {
        if with_self && key == "self" {
            return Err(format!(
                "{qualname}() got multiple values for argument 'self'"
            ));
        }
        let named = params
            .iter()
            .find(|p| matches!(p.kind, Kind::Positional | Kind::KeywordOnly) && p.name == key);
        match named {
            None if has_var_kw => {
                bound.var_kw.insert(key, value);
            }
            None => {
                return Err(format!(
                    "{qualname}() got an unexpected keyword argument '{key}'"
                ))
            }
            Some(p) if bound.values.contains_key(p.name) => {
                return Err(format!(
                    "{qualname}() got multiple values for argument '{key}'"
                ))
            }
            Some(p) => {
                bound.values.insert(p.name.to_owned(), value);
            }
        }
    }
    let argcount = positional.len() + this;
    let defcount = positional
        .iter()
        .filter(|p| p.default != Default::Required)
        .count();
    if given > positional.len() && !has_var_args {
        let kwonly_given = params
            .iter()
            .filter(|p| p.kind == Kind::KeywordOnly && bound.values.contains_key(p.name))
            .count();
        let given = given + this;
        let (sig, plural) = if defcount > 0 {
            (format!("from {} to {argcount}", argcount - defcount), true)
        } else {
            (argcount.to_string(), argcount != 1)
        };
        let kwonly_sig = if kwonly_given > 0 {
            format!(
                " positional argument{} (and {kwonly_given} keyword-only argument{})",
                if given != 1 { "s" } else { "" },
                if kwonly_given != 1 { "s" } else { "" }
            )
        } else {
            String::new()
        };
        return Err(format!(
            "{qualname}() takes {sig} positional argument{} but {given}{kwonly_sig} {} given",
            if plural { "s" } else { "" },
            if given == 1 && kwonly_given == 0 {
                "was"
            } else {
                "were"
            }
        ));
    }
    let missing: Vec<&str> = positional
        .iter()
        .skip(given)
        .filter(|p| p.default == Default::Required && !bound.values.contains_key(p.name))
        .map(|p| p.name)
        .collect();
    if !missing.is_empty() {
        return Err(missing_arguments(qualname, "positional", &missing));
    }
    let mut missing_kw = Vec::new();
    for p in params {
        if matches!(p.kind, Kind::Positional | Kind::KeywordOnly)
            && !bound.values.contains_key(p.name)
        {
            match p.default.value() {
                Some(v) => {
                    bound.values.insert(p.name.to_owned(), v);
                }
                None => missing_kw.push(p.name),
            }
        }
    }
    if !missing_kw.is_empty() {
        return Err(missing_arguments(qualname, "keyword-only", &missing_kw));
    }
    Ok(bound)
}

/// CPython's `format_missing`: `'a'`, `'a' and 'b'`, `'a', 'b', and 'c'`.
fn missing_arguments(qualname: &str, kind: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| str_repr(n)).collect();
    let list = match quoted.as_slice() {
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
        [] => String::new(),
    };
    format!(
        "{qualname}() missing {} required {kind} argument{}: {list}",
        names.len(),
        if names.len() == 1 { "" } else { "s" }
    )
}

/// `inspect.signature(f).bind(self, **kwargs)` (what JSON-2 checks before calling), or its
/// `TypeError` message: the first required parameter missing, else the first keyword that no
/// parameter takes.
pub(crate) fn bind_inspect(params: &[Param], mut kwargs: Map) -> Result<Bound, String> {
    if kwargs.contains_key("self") {
        return Err("multiple values for argument 'self'".into());
    }
    let mut bound = Bound::default();
    let mut has_var_kw = false;
    for p in params {
        match p.kind {
            Kind::VarKeyword => has_var_kw = true,
            Kind::VarPositional => {}
            Kind::Positional | Kind::KeywordOnly => match kwargs.remove(p.name) {
                Some(v) => {
                    bound.values.insert(p.name.to_owned(), v);
                }
                None => match p.default.value() {
                    Some(v) => {
                        bound.values.insert(p.name.to_owned(), v);
                    }
                    None => {
                        return Err(format!("missing a required argument: {}", str_repr(p.name)))
                    }
                },
            },
        }
    }
    if let Some(first) = kwargs.keys().next() {
        if !has_var_kw {
            return Err(format!(
                "got an unexpected keyword argument {}",
                str_repr(first)
            ));
        }
    }
    bound.var_kw = kwargs;
    Ok(bound)
}

/// An optional list of names (`fields`, `allfields`, `attributes`, `groupby`).
pub(super) fn opt_str_list(
    name: &str,
    v: &Value,
) -> crate::exception::OResult<Option<Vec<String>>> {
    match v {
        Value::Nil | Value::Bool(false) => Ok(None),
        Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str().map(str::to_owned).ok_or_else(|| {
                    crate::exception::OdooError::type_error(format!(
                        "'{name}' must be a list of strings, not {}",
                        crate::pyrepr::repr(v)
                    ))
                })
            })
            .collect::<crate::exception::OResult<Vec<_>>>()
            .map(Some),
        Value::String(s) => Ok(Some(vec![s.clone()])),
        other => Err(crate::exception::OdooError::type_error(format!(
            "'{}' object is not iterable",
            crate::pyrepr::type_name(other)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEARCH: &[Param] = &[
        req("domain"),
        opt("offset", Default::Int(0)),
        opt("limit", Default::None),
        opt("order", Default::None),
    ];

    fn kw(pairs: &[(&str, Value)]) -> Map {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    fn call_err(params: &[Param], args: Vec<Value>, kwargs: Map) -> String {
        bind_call("BaseModel.f", params, true, args, kwargs).unwrap_err()
    }

    #[test]
    fn call_messages_are_cpythons() {
        assert_eq!(
            call_err(SEARCH, vec![], Map::new()),
            "BaseModel.f() missing 1 required positional argument: 'domain'"
        );
        assert_eq!(
            call_err(SEARCH, vec![Value::Nil; 5], Map::new()),
            "BaseModel.f() takes from 2 to 5 positional arguments but 6 were given"
        );
        assert_eq!(
            call_err(&[], vec![Value::Nil], Map::new()),
            "BaseModel.f() takes 1 positional argument but 2 were given"
        );
        assert_eq!(
            call_err(&[req("vals")], vec![Value::Nil; 2], Map::new()),
            "BaseModel.f() takes 2 positional arguments but 3 were given"
        );
        assert_eq!(
            call_err(SEARCH, vec![Value::Nil], kw(&[("foo", Value::Int(1))])),
            "BaseModel.f() got an unexpected keyword argument 'foo'"
        );
        assert_eq!(
            call_err(SEARCH, vec![Value::Nil], kw(&[("domain", Value::Nil)])),
            "BaseModel.f() got multiple values for argument 'domain'"
        );
        assert_eq!(
            call_err(&[req("a"), req("b"), req("c")], vec![], Map::new()),
            "BaseModel.f() missing 3 required positional arguments: 'a', 'b', and 'c'"
        );
        assert_eq!(
            call_err(&[req("a"), req("b")], vec![], Map::new()),
            "BaseModel.f() missing 2 required positional arguments: 'a' and 'b'"
        );
        assert_eq!(
            call_err(
                &[req("a"), kw_only("k", Default::Required)],
                vec![Value::Nil],
                Map::new()
            ),
            "BaseModel.f() missing 1 required keyword-only argument: 'k'"
        );
        assert_eq!(
            call_err(
                &[kw_only("k", Default::None)],
                vec![Value::Nil],
                kw(&[("k", Value::Nil)])
            ),
            "BaseModel.f() takes 1 positional argument but 2 positional arguments (and 1 keyword-only argument) were given"
        );
        // An unexpected keyword is reported before too many positional arguments.
        assert_eq!(
            call_err(&[], vec![Value::Nil], kw(&[("x", Value::Nil)])),
            "BaseModel.f() got an unexpected keyword argument 'x'"
        );
        // Functions (no `self`): `exp_version() takes 0 positional arguments but 1 was given`.
        assert_eq!(
            bind_call("exp_version", &[], false, vec![Value::Nil], Map::new()).unwrap_err(),
            "exp_version() takes 0 positional arguments but 1 was given"
        );
    }

    #[test]
    fn call_binds_defaults_var_args_and_var_kw() {
        let b = bind_call(
            "f",
            SEARCH,
            true,
            vec![Value::Array(vec![])],
            kw(&[("limit", Value::Int(3))]),
        )
        .unwrap();
        assert_eq!(b.get("offset"), Value::Int(0));
        assert_eq!(b.get("limit"), Value::Int(3));
        assert_eq!(b.get("order"), Value::Nil);
        let params = [opt("a", Default::None), var_args("rest"), var_kw("kw")];
        let b = bind_call(
            "f",
            &params,
            true,
            vec![Value::Int(1), Value::Int(2)],
            kw(&[("z", Value::Int(3))]),
        )
        .unwrap();
        assert_eq!(b.var_args, vec![Value::Int(2)]);
        assert_eq!(b.var_kw["z"], Value::Int(3));
    }

    #[test]
    fn inspect_messages_are_inspects() {
        assert_eq!(
            bind_inspect(SEARCH, kw(&[("foo", Value::Int(1))])).unwrap_err(),
            "missing a required argument: 'domain'"
        );
        assert_eq!(
            bind_inspect(
                SEARCH,
                kw(&[("domain", Value::Nil), ("foo", Value::Int(1))])
            )
            .unwrap_err(),
            "got an unexpected keyword argument 'foo'"
        );
        let b = bind_inspect(
            &[opt("fields", Default::None), var_kw("read_kwargs")],
            kw(&[("load", Value::Nil)]),
        )
        .unwrap();
        assert_eq!(b.var_kw["load"], Value::Nil);
    }

    #[test]
    fn signatures_render_like_inspect() {
        assert_eq!(render(SEARCH), "(domain, offset=0, limit=None, order=None)");
        assert_eq!(
            render(&[
                opt("name", Default::Str("")),
                opt("groupby", Default::EmptyTuple),
                var_kw("read_kwargs")
            ]),
            "(name='', groupby=(), read_kwargs)"
        );
        assert_eq!(
            render(&[kw_only("body", Default::Str("")), var_kw("kwargs")]),
            "(body='', kwargs)"
        );
        assert_eq!(render(&[]), "()");
    }
}
