//! The public model methods the server answers (`execute_kw` and JSON-2), their Python
//! signatures, argument binding with Python's rules and messages, and their bodies.

use std::collections::{BTreeMap, HashSet};

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Map, Value};

use crate::domain::{self, Cond, Dom, Evaluator};
use crate::error::{Class, OResult, OdooError};
use crate::meta;
use crate::pyrepr::{repr, str_repr};
use crate::store::{Env, Store};
use crate::values::{is_null, truthy};

/// A default value of a parameter.
#[derive(Clone, Copy)]
enum Def {
    Required,
    None,
    Int(i64),
    Str(&'static str),
    EmptyList,
}

impl Def {
    fn value(self) -> Option<Value> {
        match self {
            Def::Required => None,
            Def::None => Some(Value::Nil),
            Def::Int(i) => Some(Value::Int(i)),
            Def::Str(s) => Some(Value::String(s.to_owned())),
            Def::EmptyList => Some(Value::Array(Vec::new())),
        }
    }
}

/// A method's signature, as Odoo defines it.
pub(crate) struct Signature {
    pub(crate) name: &'static str,
    /// `@api.model`: called on the model, not on records.
    pub(crate) api_model: bool,
    params: &'static [(&'static str, Def)],
    /// Name of the `**kwargs` parameter, when there is one.
    var_kw: Option<&'static str>,
    /// The signature text `/doc-bearer` shows.
    pub(crate) doc: &'static str,
}

const SIGNATURES: &[Signature] = &[
    Signature { name: "action_archive", api_model: false, params: &[], var_kw: None, doc: "()" },
    Signature { name: "action_unarchive", api_model: false, params: &[], var_kw: None, doc: "()" },
    Signature { name: "context_get", api_model: true, params: &[], var_kw: None, doc: "()" },
    Signature { name: "copy", api_model: false, params: &[("default", Def::None)], var_kw: None, doc: "(default=None) -> list[int]" },
    Signature { name: "create", api_model: true, params: &[("vals_list", Def::Required)], var_kw: None, doc: "(vals_list) -> list[int]" },
    Signature { name: "default_get", api_model: true, params: &[("fields", Def::Required)], var_kw: None, doc: "(fields) -> ValuesType" },
    Signature { name: "exists", api_model: false, params: &[], var_kw: None, doc: "() -> Self" },
    Signature {
        name: "fields_get",
        api_model: true,
        params: &[("allfields", Def::None), ("attributes", Def::None)],
        var_kw: None,
        doc: "(allfields=None, attributes=None) -> dict[str, ValuesType]",
    },
    Signature {
        name: "formatted_read_group",
        api_model: true,
        params: &[
            ("domain", Def::Required),
            ("groupby", Def::EmptyList),
            ("aggregates", Def::EmptyList),
            ("having", Def::EmptyList),
            ("offset", Def::Int(0)),
            ("limit", Def::None),
            ("order", Def::None),
        ],
        var_kw: None,
        doc: "(domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None) -> list[dict]",
    },
    Signature { name: "name_create", api_model: true, params: &[("name", Def::Required)], var_kw: None, doc: "(name) -> tuple[int, str] | typing.Literal[False]" },
    Signature {
        name: "name_search",
        api_model: true,
        params: &[("name", Def::Str("")), ("domain", Def::None), ("operator", Def::Str("ilike")), ("limit", Def::Int(100))],
        var_kw: None,
        doc: "(name='', domain=None, operator='ilike', limit=100) -> list[tuple[int, str]]",
    },
    Signature {
        name: "read",
        api_model: false,
        params: &[("fields", Def::None), ("load", Def::Str("_classic_read"))],
        var_kw: None,
        doc: "(fields=None, load='_classic_read') -> list[ValuesType]",
    },
    Signature {
        name: "search",
        api_model: true,
        params: &[("domain", Def::Required), ("offset", Def::Int(0)), ("limit", Def::None), ("order", Def::None)],
        var_kw: None,
        doc: "(domain, offset=0, limit=None, order=None) -> list[int]",
    },
    Signature {
        name: "search_count",
        api_model: true,
        params: &[("domain", Def::Required), ("limit", Def::None)],
        var_kw: None,
        doc: "(domain, limit=None) -> int",
    },
    Signature {
        name: "search_read",
        api_model: true,
        params: &[("domain", Def::None), ("fields", Def::None), ("offset", Def::Int(0)), ("limit", Def::None), ("order", Def::None)],
        var_kw: Some("read_kwargs"),
        doc: "(domain=None, fields=None, offset=0, limit=None, order=None, read_kwargs) -> list[ValuesType]",
    },
    Signature { name: "unlink", api_model: false, params: &[], var_kw: None, doc: "() -> typing.Literal[True]" },
    Signature { name: "write", api_model: false, params: &[("vals", Def::Required)], var_kw: None, doc: "(vals) -> typing.Literal[True]" },
];

/// The signature of a public method of `model`, if the server answers it.
pub(crate) fn signature(model: &str, method: &str) -> Option<&'static Signature> {
    if method == "context_get" && model != "res.users" {
        return None;
    }
    SIGNATURES.iter().find(|s| s.name == method)
}

/// The public methods of a model (for `/doc-bearer`).
pub(crate) fn public_methods(model: &str) -> Vec<&'static Signature> {
    SIGNATURES
        .iter()
        .filter(|s| signature(model, s.name).is_some())
        .collect()
}

/// The parameters of a signature with their defaults (for `/doc-bearer`).
pub(crate) fn parameters(sig: &Signature) -> Map {
    let mut out = Map::new();
    for (name, def) in sig.params {
        let mut p = Map::new();
        if let Some(v) = def.value() {
            p.insert("default".into(), v);
        }
        out.insert((*name).to_owned(), Value::Struct(p));
    }
    if let Some(kw) = sig.var_kw {
        out.insert(
            kw.to_owned(),
            Value::Struct(
                [("kind".to_string(), Value::from("VAR_KEYWORD"))]
                    .into_iter()
                    .collect(),
            ),
        );
    }
    out
}

/// How argument errors read: a direct Python call (XML-RPC, JSON-RPC) or
/// `inspect.signature().bind()` (JSON-2, which answers them with a 422).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum BindStyle {
    Call,
    Inspect,
}

/// Binds positional and keyword arguments to the signature's parameters.
fn bind(
    sig: &Signature,
    args: Vec<Value>,
    mut kwargs: Map,
    style: BindStyle,
) -> OResult<(Map, Map)> {
    let qual = format!("BaseModel.{}()", sig.name);
    let fail = |call: String, inspect: String| -> OdooError {
        match style {
            BindStyle::Call => OdooError::type_error(call),
            BindStyle::Inspect => OdooError::new(Class::UnprocessableEntity, inspect),
        }
    };
    if args.len() > sig.params.len() {
        let required = sig
            .params
            .iter()
            .filter(|(_, d)| matches!(d, Def::Required))
            .count()
            + 1;
        let max = sig.params.len() + 1;
        let takes = if required == max {
            format!("{max}")
        } else {
            format!("from {required} to {max}")
        };
        let word = if max == 1 && required == max {
            "argument"
        } else {
            "arguments"
        };
        return Err(fail(
            format!(
                "{qual} takes {takes} positional {word} but {} were given",
                args.len() + 1
            ),
            "too many positional arguments".into(),
        ));
    }
    let mut bound = Map::new();
    for ((name, _), value) in sig.params.iter().zip(args) {
        bound.insert((*name).to_owned(), value);
    }
    let mut extra = Map::new();
    if style == BindStyle::Call {
        for key in kwargs.keys() {
            if bound.contains_key(key) {
                return Err(fail(
                    format!("{qual} got multiple values for argument '{key}'"),
                    String::new(),
                ));
            }
            if sig.var_kw.is_none() && !sig.params.iter().any(|(n, _)| n == key) {
                return Err(fail(
                    format!("{qual} got an unexpected keyword argument '{key}'"),
                    String::new(),
                ));
            }
        }
    }
    let mut missing = Vec::new();
    for (name, def) in sig.params {
        if bound.contains_key(*name) {
            if style == BindStyle::Inspect && kwargs.contains_key(*name) {
                return Err(fail(
                    String::new(),
                    format!("multiple values for argument '{name}'"),
                ));
            }
            continue;
        }
        if let Some(v) = kwargs.remove(*name) {
            bound.insert((*name).to_owned(), v);
        } else if let Some(v) = def.value() {
            bound.insert((*name).to_owned(), v);
        } else {
            if style == BindStyle::Inspect {
                return Err(fail(
                    String::new(),
                    format!("missing a required argument: '{name}'"),
                ));
            }
            missing.push(format!("'{name}'"));
        }
    }
    if !missing.is_empty() {
        let n = missing.len();
        let list = match missing.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
            [] => String::new(),
        };
        let plural = if n == 1 { "argument" } else { "arguments" };
        return Err(fail(
            format!("{qual} missing {n} required positional {plural}: {list}"),
            String::new(),
        ));
    }
    for (key, value) in kwargs {
        if sig.var_kw.is_some() {
            extra.insert(key, value);
        } else {
            return Err(fail(
                String::new(),
                format!("got an unexpected keyword argument '{key}'"),
            ));
        }
    }
    Ok((bound, extra))
}

/// The ids of a records call: an id or a list of ids.
fn ids_of(v: &Value) -> OResult<Vec<i64>> {
    match v {
        Value::Int(i) => Ok(vec![*i]),
        Value::Bool(false) | Value::Nil => Ok(Vec::new()),
        Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_i64()
                    .ok_or_else(|| OdooError::value(format!("Invalid ids {}", repr(v))))
            })
            .collect(),
        other => Err(OdooError::value(format!("Invalid ids {}", repr(other)))),
    }
}

fn opt_int(name: &str, v: &Value) -> OResult<Option<i64>> {
    match v {
        Value::Nil | Value::Bool(false) => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        other => Err(OdooError::type_error(format!(
            "'{name}' must be an integer, not {}",
            repr(other)
        ))),
    }
}

fn opt_str_list(name: &str, v: &Value) -> OResult<Option<Vec<String>>> {
    match v {
        Value::Nil | Value::Bool(false) => Ok(None),
        Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str().map(str::to_owned).ok_or_else(|| {
                    OdooError::type_error(format!(
                        "'{name}' must be a list of strings, not {}",
                        repr(v)
                    ))
                })
            })
            .collect::<OResult<Vec<_>>>()
            .map(Some),
        Value::String(s) => Ok(Some(vec![s.clone()])),
        other => Err(OdooError::type_error(format!(
            "'{name}' must be a list of strings, not {}",
            repr(other)
        ))),
    }
}

fn vals_of(v: Value) -> OResult<Map> {
    match v {
        Value::Struct(m) => Ok(m),
        other => Err(OdooError::value(format!(
            "dictionary update sequence element #0 has length 1; 2 is required ({})",
            repr(&other)
        ))),
    }
}

/// One call of a public method.
pub(crate) struct Call {
    pub(crate) model: String,
    pub(crate) method: String,
    /// The record ids of a records method (JSON-2 sends them apart).
    pub(crate) ids: Option<Vec<i64>>,
    pub(crate) args: Vec<Value>,
    pub(crate) kwargs: Map,
    pub(crate) style: BindStyle,
}

/// What a restricted user may do.
pub(crate) trait Access {
    /// `Err(AccessError)` when the user may not run `operation` (`read`, `create`, `write`,
    /// `unlink`) on `model`.
    fn check(&self, store: &Store, model: &str, operation: &str) -> OResult<()>;
}

/// The model and method checks that come before any argument is looked at.
pub(crate) fn resolve(store: &Store, model: &str, method: &str) -> OResult<&'static Signature> {
    if !store.has_model(model) {
        return Err(OdooError::user(format!("Object {model} doesn't exist")));
    }
    if method.starts_with('_') {
        return Err(OdooError::access_error(format!(
            "Private methods (such as '{model}.{method}') cannot be called remotely."
        )));
    }
    signature(model, method).ok_or_else(|| {
        OdooError::new(Class::AttributeError, format!("The method '{model}.{method}' does not exist")).with_frame(
            "  File \"/opt/odoo/src/odoo/service/model.py\", line 59, in get_public_method\n    raise AttributeError(f\"The method '{model._name}.{name}' does not exist\")  # noqa: TRY004\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n",
        )
    })
}

/// Runs a call as `uid` (the store must be locked by the caller); one transaction.
pub(crate) fn execute(
    store: &mut Store,
    uid: i64,
    access: &dyn Access,
    mut call: Call,
) -> OResult<Value> {
    let sig = resolve(store, &call.model, &call.method)?;
    let context = match call.kwargs.remove("context") {
        Some(Value::Struct(m)) => m,
        Some(Value::Nil) | Some(Value::Bool(false)) | None => Map::new(),
        Some(other) => {
            return Err(OdooError::type_error(format!(
                "'context' must be a dict, not {}",
                repr(&other)
            )))
        }
    };
    let ids = if sig.api_model {
        None
    } else {
        match call.ids.take() {
            Some(ids) => Some(ids),
            None => {
                if call.args.is_empty() {
                    return Err(OdooError::new(Class::IndexError, "list index out of range"));
                }
                let first = call.args.remove(0);
                Some(ids_of(&first)?)
            }
        }
    };
    let (params, extra) = bind(
        sig,
        std::mem::take(&mut call.args),
        std::mem::take(&mut call.kwargs),
        call.style,
    )?;
    let env = Env::new(uid, context);
    if meta::is_meta(&call.model) {
        meta::refresh(store);
    }
    let model = call.model.clone();
    store.transaction(|store| {
        run(
            store,
            &env,
            access,
            &model,
            sig,
            ids.unwrap_or_default(),
            params,
            extra,
        )
    })
}

fn param(params: &Map, name: &str) -> Value {
    params.get(name).cloned().unwrap_or(Value::Nil)
}

#[allow(clippy::too_many_arguments)]
fn run(
    store: &mut Store,
    env: &Env,
    access: &dyn Access,
    model: &str,
    sig: &Signature,
    ids: Vec<i64>,
    params: Map,
    extra: Map,
) -> OResult<Value> {
    match sig.name {
        "search" => {
            access.check(store, model, "read")?;
            let offset = opt_int("offset", &param(&params, "offset"))?.unwrap_or(0);
            let limit = opt_int("limit", &param(&params, "limit"))?;
            let ids = search(
                store,
                env,
                model,
                &param(&params, "domain"),
                offset,
                limit,
                &param(&params, "order"),
            )?;
            Ok(Value::Array(ids.into_iter().map(Value::Int).collect()))
        }
        "search_count" => {
            access.check(store, model, "read")?;
            let limit = opt_int("limit", &param(&params, "limit"))?;
            let n = search(
                store,
                env,
                model,
                &param(&params, "domain"),
                0,
                limit,
                &Value::Nil,
            )?
            .len();
            Ok(Value::Int(n as i64))
        }
        "search_read" => {
            access.check(store, model, "read")?;
            let offset = opt_int("offset", &param(&params, "offset"))?.unwrap_or(0);
            let limit = opt_int("limit", &param(&params, "limit"))?;
            let mut load = Value::String("_classic_read".into());
            for (k, v) in extra {
                if k == "load" {
                    load = v;
                } else {
                    return Err(OdooError::type_error(format!(
                        "BaseModel.read() got an unexpected keyword argument '{k}'"
                    )));
                }
            }
            let fields = opt_str_list("fields", &param(&params, "fields"))?;
            let found = search(
                store,
                env,
                model,
                &param(&params, "domain"),
                offset,
                limit,
                &param(&params, "order"),
            )?;
            if found.is_empty() {
                return Ok(Value::Array(Vec::new()));
            }
            let classic = load.as_str() == Some("_classic_read");
            Ok(Value::Array(store.read(
                model,
                &found,
                fields.as_deref(),
                classic,
                env,
            )?))
        }
        "read" => {
            access.check(store, model, "read")?;
            let fields = opt_str_list("fields", &param(&params, "fields"))?;
            let classic = param(&params, "load").as_str() == Some("_classic_read");
            Ok(Value::Array(store.read(
                model,
                &ids,
                fields.as_deref(),
                classic,
                env,
            )?))
        }
        "create" => {
            access.check(store, model, "create")?;
            let (single, list) = match param(&params, "vals_list") {
                Value::Struct(m) => (true, vec![m]),
                Value::Array(a) => (
                    false,
                    a.into_iter().map(vals_of).collect::<OResult<Vec<_>>>()?,
                ),
                other => {
                    return Err(OdooError::value(format!(
                        "Invalid vals_list {}",
                        repr(&other)
                    )))
                }
            };
            let ids = match model {
                meta::IR_MODEL => meta::create_models(store, list, env)?,
                meta::IR_FIELDS => meta::create_fields(store, list, env)?,
                meta::IR_SELECTION => return Err(OdooError::user(
                    "odoo-testkit: create selection values through ir.model.fields (selection_ids)",
                )),
                _ => store.create(model, list, env)?,
            };
            Ok(if single {
                Value::Int(ids.first().copied().unwrap_or(0))
            } else {
                Value::Array(ids.into_iter().map(Value::Int).collect())
            })
        }
        "write" => {
            access.check(store, model, "write")?;
            let vals = vals_of(param(&params, "vals"))?;
            if meta::is_meta(model) {
                return Err(OdooError::user(format!(
                    "odoo-testkit: {model} cannot be written; create or unlink instead"
                )));
            }
            store.write(model, &ids, vals, env)?;
            Ok(Value::Bool(true))
        }
        "unlink" => {
            access.check(store, model, "unlink")?;
            match model {
                meta::IR_MODEL => meta::unlink_models(store, &ids)?,
                meta::IR_FIELDS => meta::unlink_fields(store, &ids)?,
                meta::IR_SELECTION => {
                    return Err(OdooError::user(
                        "odoo-testkit: selection values cannot be removed alone",
                    ))
                }
                _ => store.unlink(model, &ids)?,
            }
            Ok(Value::Bool(true))
        }
        "copy" => {
            access.check(store, model, "create")?;
            let default = match param(&params, "default") {
                Value::Nil | Value::Bool(false) => Map::new(),
                v => vals_of(v)?,
            };
            let new = store.copy(model, &ids, default, env)?;
            Ok(Value::Array(new.into_iter().map(Value::Int).collect()))
        }
        "exists" => Ok(Value::Array(
            ids.into_iter()
                .filter(|i| store.exists(model, *i))
                .map(Value::Int)
                .collect(),
        )),
        "action_archive" | "action_unarchive" => {
            access.check(store, model, "write")?;
            let Some(active) = store.active_field(model) else {
                return Err(OdooError::user(format!(
                    "Model {model} has no active field"
                )));
            };
            let value = sig.name == "action_unarchive";
            let todo: Vec<i64> = ids
                .into_iter()
                .filter(|i| store.is_active(model, *i) != value)
                .collect();
            store.write(
                model,
                &todo,
                [(active.to_owned(), Value::Bool(value))]
                    .into_iter()
                    .collect(),
                env,
            )?;
            Ok(Value::Nil)
        }
        "fields_get" => {
            let allfields = opt_str_list("allfields", &param(&params, "allfields"))?;
            let attributes = opt_str_list("attributes", &param(&params, "attributes"))?;
            Ok(fields_get(
                store,
                model,
                allfields.as_deref(),
                attributes.as_deref(),
            ))
        }
        "default_get" => {
            let fields = opt_str_list("fields", &param(&params, "fields"))?.unwrap_or_default();
            Ok(Value::Struct(store.defaults(model, Some(&fields), env)))
        }
        "context_get" => {
            let mut ctx = Map::new();
            ctx.insert("lang".into(), Value::String("en_US".into()));
            ctx.insert("tz".into(), Value::String("Europe/Brussels".into()));
            if let Some(Value::String(tz)) = store
                .row("res.users", env.uid)
                .and_then(|r| r.get("tz"))
                .cloned()
            {
                ctx.insert("tz".into(), Value::String(tz));
            }
            if let Some(Value::String(lang)) = store
                .row("res.users", env.uid)
                .and_then(|r| r.get("lang"))
                .cloned()
            {
                ctx.insert("lang".into(), Value::String(lang));
            }
            ctx.insert("uid".into(), Value::Int(env.uid));
            Ok(Value::Struct(ctx))
        }
        "name_search" => {
            access.check(store, model, "read")?;
            let name = match param(&params, "name") {
                Value::String(s) => s,
                Value::Nil | Value::Bool(false) => String::new(),
                other => crate::pyrepr::repr(&other),
            };
            let operator = param(&params, "operator")
                .as_str()
                .unwrap_or("ilike")
                .to_owned();
            let limit = opt_int("limit", &param(&params, "limit"))?;
            let base = domain::parse(&param(&params, "domain"))?;
            let dom = if name.is_empty()
                && matches!(operator.as_str(), "ilike" | "like" | "=ilike" | "=like")
            {
                base
            } else {
                Dom::And(vec![
                    base,
                    Dom::Cond(Cond {
                        path: "display_name".into(),
                        op: operator,
                        value: Value::String(name),
                    }),
                ])
            };
            let ids = search_dom(store, env, model, &dom, 0, limit, &Value::Nil)?;
            Ok(Value::Array(
                ids.into_iter()
                    .map(|id| {
                        Value::Array(vec![
                            Value::Int(id),
                            Value::String(store.display_name(model, id)),
                        ])
                    })
                    .collect(),
            ))
        }
        "name_create" => {
            access.check(store, model, "create")?;
            let Some(rec_name) = store.rec_name(model) else {
                return Err(OdooError::user(format!(
                    "Cannot execute name_create, no _rec_name defined on {model}"
                )));
            };
            let name = param(&params, "name");
            let ids = store.create(
                model,
                vec![[(rec_name.to_owned(), name)].into_iter().collect()],
                env,
            )?;
            let id = ids.first().copied().unwrap_or(0);
            Ok(Value::Array(vec![
                Value::Int(id),
                Value::String(store.display_name(model, id)),
            ]))
        }
        "formatted_read_group" => {
            access.check(store, model, "read")?;
            formatted_read_group(store, env, model, &params)
        }
        other => Err(OdooError::new(
            Class::AttributeError,
            format!("The method '{model}.{other}' does not exist"),
        )),
    }
}

/// `search`: matching ids ordered, then offset and limit.
pub(crate) fn search(
    store: &Store,
    env: &Env,
    model: &str,
    domain: &Value,
    offset: i64,
    limit: Option<i64>,
    order: &Value,
) -> OResult<Vec<i64>> {
    let dom = domain::parse(domain)?;
    search_dom(store, env, model, &dom, offset, limit, order)
}

fn search_dom(
    store: &Store,
    env: &Env,
    model: &str,
    dom: &Dom,
    offset: i64,
    limit: Option<i64>,
    order: &Value,
) -> OResult<Vec<i64>> {
    let mut ids = Evaluator::new(store).search(model, dom, env.active_test())?;
    let spec = match order {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Nil | Value::Bool(false) | Value::String(_) => store.default_order(model),
        other => {
            return Err(OdooError::value(format!(
                "Invalid \"order\" specified ({}).",
                repr(other)
            )))
        }
    };
    let terms = crate::order::parse(store, model, &spec)?;
    crate::order::sort(store, &mut ids, &terms);
    let start = usize::try_from(offset.max(0)).unwrap_or(0).min(ids.len());
    let mut ids = ids.split_off(start);
    if let Some(l) = limit.filter(|l| *l > 0) {
        ids.truncate(usize::try_from(l).unwrap_or(usize::MAX));
    }
    Ok(ids)
}

/// `fields_get(allfields, attributes)` from the schema.
pub(crate) fn fields_get(
    store: &Store,
    model: &str,
    allfields: Option<&[String]>,
    attributes: Option<&[String]>,
) -> Value {
    let mut out = Map::new();
    let Some(m) = store.model(model) else {
        return Value::Struct(out);
    };
    for (name, field) in &m.fields {
        if allfields.is_some_and(|a| !a.is_empty() && !a.iter().any(|n| n == name)) {
            continue;
        }
        let mut attrs: Map = match serde_json::to_value(field) {
            Ok(serde_json::Value::Object(o)) => {
                o.into_iter().map(|(k, v)| (k, Value::from(v))).collect()
            }
            _ => Map::new(),
        };
        attrs.remove("default");
        attrs.insert("name".into(), Value::String(name.clone()));
        if let Some(list) = attributes.filter(|a| !a.is_empty()) {
            attrs.retain(|k, _| list.iter().any(|a| a == k));
        }
        out.insert(name.clone(), Value::Struct(attrs));
    }
    Value::Struct(out)
}

/// `formatted_read_group` for plain groupby fields and `__count`, `field:agg` aggregates.
fn formatted_read_group(store: &Store, env: &Env, model: &str, params: &Map) -> OResult<Value> {
    let groupby = opt_str_list("groupby", &param(params, "groupby"))?.unwrap_or_default();
    let aggregates = opt_str_list("aggregates", &param(params, "aggregates"))?.unwrap_or_default();
    for g in &groupby {
        if !store.has_field(model, g) {
            return Err(OdooError::value(format!(
                "Invalid field {} on model {}",
                str_repr(g),
                str_repr(model)
            )));
        }
    }
    let ids = search(
        store,
        env,
        model,
        &param(params, "domain"),
        0,
        None,
        &Value::Nil,
    )?;
    let mut groups: BTreeMap<Vec<String>, (Vec<Value>, Vec<i64>)> = BTreeMap::new();
    for id in &ids {
        let key_values: Vec<Value> = groupby
            .iter()
            .map(|g| store.read_value(model, *id, g, false, false, env))
            .collect();
        let key: Vec<String> = key_values.iter().map(repr).collect();
        groups
            .entry(key)
            .or_insert_with(|| (key_values, Vec::new()))
            .1
            .push(*id);
    }
    let mut rows: Vec<(Vec<Value>, Vec<i64>)> = groups.into_values().collect();
    // Order groups by the first groupby field: many2one by the comodel's order, others by value.
    if let Some(g) = groupby.first() {
        let ftype = store.field_type(model, g).unwrap_or_default();
        if ftype == FieldType::Many2one {
            let comodel = store
                .field(model, g)
                .and_then(|f| f.relation.clone())
                .unwrap_or_default();
            let mut order: Vec<i64> = rows.iter().filter_map(|r| r.0[0].as_i64()).collect();
            crate::order::sort_default(store, &comodel, &mut order);
            rows.sort_by_key(|r| {
                r.0[0]
                    .as_i64()
                    .and_then(|i| order.iter().position(|o| *o == i))
                    .unwrap_or(usize::MAX)
            });
        } else {
            rows.sort_by(|a, b| crate::pyrepr::repr(&a.0[0]).cmp(&crate::pyrepr::repr(&b.0[0])));
        }
    }
    let mut out = Vec::new();
    for (key_values, members) in rows {
        let mut row = Map::new();
        let mut extra_domain = Vec::new();
        for (g, v) in groupby.iter().zip(key_values) {
            let shown = match (&v, store.field_type(model, g)) {
                (Value::Int(i), Some(FieldType::Many2one)) => {
                    let comodel = store
                        .field(model, g)
                        .and_then(|f| f.relation.clone())
                        .unwrap_or_default();
                    Value::Array(vec![
                        Value::Int(*i),
                        Value::String(store.display_name(&comodel, *i)),
                    ])
                }
                _ => v.clone(),
            };
            extra_domain.push(Value::Array(vec![Value::String(g.clone()), "=".into(), v]));
            row.insert(g.clone(), shown);
        }
        row.insert("__extra_domain".into(), Value::Array(extra_domain));
        for agg in &aggregates {
            let value = if agg == "__count" {
                Value::Int(members.len() as i64)
            } else {
                let (fname, func) = agg.split_once(':').unwrap_or((agg.as_str(), "sum"));
                if !store.has_field(model, fname) {
                    return Err(OdooError::value(format!(
                        "Invalid field {} on model {}",
                        str_repr(fname),
                        str_repr(model)
                    )));
                }
                let nums: Vec<f64> = members
                    .iter()
                    .filter_map(|id| {
                        store
                            .read_value(model, *id, fname, false, false, env)
                            .as_f64()
                    })
                    .collect();
                let int_field = store.field_type(model, fname) == Some(FieldType::Integer);
                let num = |x: f64| {
                    if int_field {
                        Value::Int(x as i64)
                    } else {
                        Value::Double(x)
                    }
                };
                match func {
                    "sum" => num(nums.iter().sum()),
                    "avg" => Value::Double(if nums.is_empty() {
                        0.0
                    } else {
                        nums.iter().sum::<f64>() / nums.len() as f64
                    }),
                    "min" => nums
                        .iter()
                        .copied()
                        .reduce(f64::min)
                        .map_or(Value::Bool(false), num),
                    "max" => nums
                        .iter()
                        .copied()
                        .reduce(f64::max)
                        .map_or(Value::Bool(false), num),
                    "count" => Value::Int(
                        members
                            .iter()
                            .filter(|id| !is_null(&store.raw(model, **id, fname)))
                            .count() as i64,
                    ),
                    "count_distinct" => {
                        let set: HashSet<String> = members
                            .iter()
                            .map(|id| repr(&store.raw(model, *id, fname)))
                            .collect();
                        Value::Int(set.len() as i64)
                    }
                    "bool_and" => Value::Bool(
                        members
                            .iter()
                            .all(|id| truthy(&store.raw(model, *id, fname))),
                    ),
                    "bool_or" => Value::Bool(
                        members
                            .iter()
                            .any(|id| truthy(&store.raw(model, *id, fname))),
                    ),
                    other => {
                        return Err(OdooError::value(format!(
                            "Invalid aggregate function {}.",
                            str_repr(other)
                        )))
                    }
                }
            };
            row.insert(agg.clone(), value);
        }
        out.push(Value::Struct(row));
    }
    let offset = opt_int("offset", &param(params, "offset"))?
        .unwrap_or(0)
        .max(0) as usize;
    let limit = opt_int("limit", &param(params, "limit"))?;
    let mut out: Vec<Value> = out.into_iter().skip(offset).collect();
    if let Some(l) = limit.filter(|l| *l > 0) {
        out.truncate(l as usize);
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sig(name: &str) -> &'static Signature {
        SIGNATURES.iter().find(|s| s.name == name).unwrap()
    }

    #[test]
    fn python_binding_messages() {
        let e = bind(sig("search"), vec![], Map::new(), BindStyle::Call)
            .err()
            .unwrap();
        assert_eq!(
            e.message,
            "BaseModel.search() missing 1 required positional argument: 'domain'"
        );
        let kw: Map = [("no_such_arg".to_string(), Value::Int(1))]
            .into_iter()
            .collect();
        let e = bind(
            sig("search"),
            vec![Value::Array(vec![])],
            kw.clone(),
            BindStyle::Call,
        )
        .err()
        .unwrap();
        assert_eq!(
            e.message,
            "BaseModel.search() got an unexpected keyword argument 'no_such_arg'"
        );
        let e = bind(sig("search"), vec![], kw, BindStyle::Inspect)
            .err()
            .unwrap();
        assert_eq!(
            (e.class, e.message.as_str()),
            (
                Class::UnprocessableEntity,
                "missing a required argument: 'domain'"
            )
        );
        let (b, _) = bind(
            sig("search_read"),
            vec![],
            [("fields".to_string(), Value::Nil)].into_iter().collect(),
            BindStyle::Call,
        )
        .unwrap();
        assert_eq!(b["offset"], Value::Int(0));
    }
}
