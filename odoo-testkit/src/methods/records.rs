//! The handlers of the ORM's public methods: search, read, create, write, unlink, copy,
//! archiving, names, defaults, `fields_get` and the user's context.

use odoo_runtime::{Map, Value};

use super::bind::{self, opt, Bound, Default};
use super::ctx::Ctx;
use crate::domain::{self, Cond, Dom, Evaluator};
use crate::exception::{Class, Frame, OResult, OdooError};
use crate::meta;
use crate::pyrepr::{repr, type_name};
use crate::store::{Env, Store};

/// An optional integer argument (`limit`, `offset`): `None`/`False` mean none; anything else
/// goes into the SQL query, where PostgreSQL refuses what is not a number.
pub(super) fn opt_int(v: &Value) -> OResult<Option<i64>> {
    match v {
        Value::Nil | Value::Bool(false) => Ok(None),
        Value::Int(i) => Ok(Some(*i)),
        Value::Bool(true) => Ok(Some(1)),
        Value::Double(d) if d.fract() == 0.0 => Ok(Some(*d as i64)),
        Value::String(s) => s.trim().parse().map(Some).map_err(|_| {
            OdooError::new(
                Class::InvalidTextRepresentation,
                format!("invalid input syntax for type bigint: \"{s}\""),
            )
        }),
        other => Err(OdooError::new(
            Class::InvalidTextRepresentation,
            format!(
                "invalid input syntax for type bigint: \"{}\"",
                crate::values::py_str(other)
            ),
        )),
    }
}

pub(super) use super::bind::opt_str_list;

/// A dict of values (`vals` of write, each item of create's `vals_list`, `default` of copy):
/// `vals.get(…)` is the first thing Odoo does with them.
fn vals_of(v: Value) -> OResult<Map> {
    match v {
        Value::Struct(m) => Ok(m),
        other => Err(OdooError::new(
            Class::AttributeError,
            format!("'{}' object has no attribute 'get'", type_name(&other)),
        )),
    }
}

/// The field names of `read` and `search_read`: a list, or the characters of a string (which
/// Python iterates).
fn field_names(v: &Value) -> OResult<Option<Vec<String>>> {
    match v {
        Value::String(s) => Ok(Some(s.chars().map(String::from).collect())),
        other => opt_str_list("fields", other),
    }
}

pub(super) fn search(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let offset = opt_int(&args.get("offset"))?.unwrap_or(0);
    let limit = opt_int(&args.get("limit"))?;
    let ids = search_ids(
        ctx.store,
        ctx.env,
        ctx.model,
        &args.get("domain"),
        offset,
        limit,
        &args.get("order"),
    )?;
    Ok(Value::Array(ids.into_iter().map(Value::Int).collect()))
}

pub(super) fn search_count(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let limit = opt_int(&args.get("limit"))?;
    let n = search_ids(
        ctx.store,
        ctx.env,
        ctx.model,
        &args.get("domain"),
        0,
        limit,
        &Value::Nil,
    )?
    .len();
    Ok(Value::Int(n as i64))
}

/// `_read_format(fnames, load='_classic_read')`, which `search_read` hands its `**read_kwargs`.
const READ_FORMAT: &[bind::Param] = &[
    bind::req("fnames"),
    opt("load", Default::Str("_classic_read")),
];

pub(super) fn search_read(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let offset = opt_int(&args.get("offset"))?.unwrap_or(0);
    let limit = opt_int(&args.get("limit"))?;
    let fields = field_names(&args.get("fields"))?;
    let found = search_ids(
        ctx.store,
        ctx.env,
        ctx.model,
        &args.get("domain"),
        offset,
        limit,
        &args.get("order"),
    )?;
    // `records._read_format(fnames=fields, **read_kwargs)`: a keyword it does not take is a
    // TypeError even when nothing was found.
    if args.var_kw.contains_key("fnames") {
        return Err(OdooError::type_error(
            "odoo.orm.models.BaseModel._read_format() got multiple values for keyword argument 'fnames'",
        ));
    }
    let mut kwargs = args.var_kw;
    kwargs.insert("fnames".into(), Value::Nil);
    let read_args = bind::bind_call(
        "BaseModel._read_format",
        READ_FORMAT,
        true,
        Vec::new(),
        kwargs,
    )
    .map_err(|m| OdooError::type_error(m).with_frame(Frame::SearchRead))?;
    if found.is_empty() {
        return Ok(Value::Array(Vec::new()));
    }
    let classic = read_args.get("load").as_str() == Some("_classic_read");
    Ok(Value::Array(ctx.store.read(
        ctx.model,
        &found,
        fields.as_deref(),
        classic,
        &read_env(ctx.env),
    )?))
}

/// `search_read` drops `active_test` before reading (it only meant the search).
fn read_env(env: &Env) -> Env {
    let mut context = env.context.clone();
    context.remove("active_test");
    Env::new(env.uid, context)
}

pub(super) fn read(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    ctx.store
        .check_rules(ctx.env, ctx.model, "read", &ctx.ids)?;
    let fields = field_names(&args.get("fields"))?;
    let classic = args.get("load").as_str() == Some("_classic_read");
    Ok(Value::Array(ctx.store.read(
        ctx.model,
        &ctx.ids,
        fields.as_deref(),
        classic,
        ctx.env,
    )?))
}

/// `create(vals_list)`: the ids of the new records (`call_kw` answers a single id when it was
/// given a single dict).
pub(super) fn create(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let list = match args.get("vals_list") {
        Value::Struct(m) => vec![m],
        Value::Array(a) => a.into_iter().map(vals_of).collect::<OResult<Vec<_>>>()?,
        other => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not iterable",
                type_name(&other)
            )))
        }
    };
    ctx.access.check(ctx.store, ctx.model, "create")?;
    let (store, env) = (&mut *ctx.store, ctx.env);
    let ids = match ctx.model {
        meta::IR_MODEL => meta::create_models(store, list, env)?,
        meta::IR_FIELDS => meta::create_fields(store, list, env)?,
        meta::IR_SELECTION => {
            return Err(OdooError::user(
                "odoo-testkit: create selection values through ir.model.fields (selection_ids)",
            ))
        }
        model => store.create(model, list, env)?,
    };
    // `check_access('create')` on the new records: their record rules.
    store.check_rules(env, ctx.model, "create", &ids)?;
    Ok(Value::Array(ids.into_iter().map(Value::Int).collect()))
}

pub(super) fn write(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let vals = if ctx.store.reads_before_write(ctx.model) {
        // The model's `write` looks at `vals`, then reads the records, before `check_access`.
        let vals = vals_of(args.get("vals"))?;
        ctx.access.check(ctx.store, ctx.model, "read")?;
        // Reading a record that is gone is Odoo's MissingError, before any write check.
        ctx.missing_error()?;
        ctx.store
            .check_rules(ctx.env, ctx.model, "read", &ctx.ids)?;
        ctx.access.check(ctx.store, ctx.model, "write")?;
        vals
    } else {
        ctx.access.check(ctx.store, ctx.model, "write")?;
        vals_of(args.get("vals"))?
    };
    if meta::is_meta(ctx.model) {
        return Err(OdooError::user(format!(
            "odoo-testkit: {} cannot be written; create or unlink instead",
            ctx.model
        )));
    }
    ctx.store
        .check_rules(ctx.env, ctx.model, "write", &ctx.ids)?;
    ctx.store.write(ctx.model, &ctx.ids, vals, ctx.env)?;
    Ok(Value::Bool(true))
}

pub(super) fn unlink(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "unlink")?;
    if !crate::meta::is_meta(ctx.model) {
        ctx.missing_error()?;
    }
    ctx.store
        .check_rules(ctx.env, ctx.model, "unlink", &ctx.ids)?;
    super::sale::check_unlink(ctx.store, ctx.model, &ctx.ids)?;
    match ctx.model {
        meta::IR_MODEL => meta::unlink_models(ctx.store, &ctx.ids)?,
        meta::IR_FIELDS => meta::unlink_fields(ctx.store, &ctx.ids)?,
        meta::IR_SELECTION => {
            return Err(OdooError::user(
                "odoo-testkit: selection values cannot be removed alone",
            ))
        }
        model => ctx.store.unlink(model, &ctx.ids)?,
    }
    // After the records: the store has no transaction to roll back, and a refused unlink
    // must leave their messages.
    super::mail::unlink_messages(ctx.store, ctx.model, &ctx.ids)?;
    super::import::unlink_external_ids(ctx.store, ctx.model, &ctx.ids)?;
    Ok(Value::Bool(true))
}

pub(super) fn copy(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "create")?;
    let default = match args.get("default") {
        Value::Nil | Value::Bool(false) => Map::new(),
        v => vals_of(v)?,
    };
    ctx.store
        .check_rules(ctx.env, ctx.model, "read", &ctx.ids)?;
    let new = ctx.store.copy(ctx.model, &ctx.ids, default, ctx.env)?;
    ctx.store.check_rules(ctx.env, ctx.model, "create", &new)?;
    Ok(Value::Array(new.into_iter().map(Value::Int).collect()))
}

fn set_active(ctx: &mut Ctx<'_>, value: bool) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "write")?;
    if ctx.store.reads_before_write(ctx.model) {
        ctx.store
            .check_rules(ctx.env, ctx.model, "read", &ctx.ids)?;
    }
    ctx.store
        .check_rules(ctx.env, ctx.model, "write", &ctx.ids)?;
    let Some(active) = ctx.store.active_field(ctx.model) else {
        return Err(OdooError::user(format!(
            "Model {} has no active field",
            ctx.model
        )));
    };
    let todo: Vec<i64> = ctx
        .ids
        .iter()
        .copied()
        .filter(|i| ctx.store.is_active(ctx.model, *i) != value)
        .collect();
    ctx.store.write(
        ctx.model,
        &todo,
        [(active.to_owned(), Value::Bool(value))]
            .into_iter()
            .collect(),
        ctx.env,
    )?;
    Ok(Value::Nil)
}

pub(super) fn action_archive(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    set_active(ctx, false)
}

pub(super) fn action_unarchive(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    set_active(ctx, true)
}

pub(super) fn fields_get_method(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let allfields = opt_str_list("allfields", &args.get("allfields"))?;
    let attributes = opt_str_list("attributes", &args.get("attributes"))?;
    Ok(fields_get(
        ctx.store,
        ctx.model,
        allfields.as_deref(),
        attributes.as_deref(),
    ))
}

pub(super) fn default_get(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    let fields = opt_str_list("fields", &args.get("fields"))?.unwrap_or_default();
    Ok(Value::Struct(ctx.store.defaults(
        ctx.model,
        Some(&fields),
        ctx.env,
    )))
}

pub(super) fn context_get(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    let user = ctx.store.row("res.users", ctx.env.uid);
    let text = |field: &str, fallback: &str| match user.and_then(|r| r.get(field)) {
        Some(Value::String(s)) => Value::String(s.clone()),
        _ => Value::String(fallback.to_owned()),
    };
    let mut out = Map::new();
    out.insert("lang".into(), text("lang", "en_US"));
    out.insert("tz".into(), text("tz", "Europe/Brussels"));
    out.insert("uid".into(), Value::Int(ctx.env.uid));
    Ok(Value::Struct(out))
}

pub(super) fn name_search(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "read")?;
    let name = match args.get("name") {
        Value::String(s) => s,
        Value::Nil | Value::Bool(false) => String::new(),
        other => repr(&other),
    };
    let operator = args.get("operator").as_str().unwrap_or("ilike").to_owned();
    let limit = opt_int(&args.get("limit"))?;
    let base = parse_domain(ctx.store, ctx.model, &args.get("domain"))?;
    let dom =
        if name.is_empty() && matches!(operator.as_str(), "ilike" | "like" | "=ilike" | "=like") {
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
    let ids = search_dom(ctx.store, ctx.env, ctx.model, &dom, 0, limit, &Value::Nil)?;
    Ok(Value::Array(
        ids.into_iter()
            .map(|id| {
                Value::Array(vec![
                    Value::Int(id),
                    Value::String(crate::names::display_name(ctx.store, ctx.model, id)),
                ])
            })
            .collect(),
    ))
}

pub(super) fn name_create(ctx: &mut Ctx<'_>, args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ctx.model, "create")?;
    let Some(rec_name) = ctx.store.rec_name(ctx.model) else {
        return Err(OdooError::user(format!(
            "Cannot execute name_create, no _rec_name defined on {}",
            ctx.model
        )));
    };
    let vals = [(rec_name.to_owned(), args.get("name"))]
        .into_iter()
        .collect();
    let ids = ctx.store.create(ctx.model, vec![vals], ctx.env)?;
    let id = ids.first().copied().unwrap_or(0);
    Ok(Value::Array(vec![
        Value::Int(id),
        Value::String(crate::names::display_name(ctx.store, ctx.model, id)),
    ]))
}

/// `search`: matching ids ordered, then offset and limit.
pub(super) fn search_ids(
    store: &Store,
    env: &Env,
    model: &str,
    domain: &Value,
    offset: i64,
    limit: Option<i64>,
    order: &Value,
) -> OResult<Vec<i64>> {
    let dom = parse_domain(store, model, domain)?;
    search_dom(store, env, model, &dom, offset, limit, order)
}

/// `domain::parse`, its errors raised as the version served raises them on `model`.
fn parse_domain(store: &Store, model: &str, domain: &Value) -> OResult<Dom> {
    domain::parse(domain)
        .map_err(|e| crate::version::Dialect::of(&store.schema.odoo_version).domain_error(model, e))
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
    // The read rules hide the records outside them.
    let dom = store.with_read_rules(env, model, dom)?;
    let mut ids =
        Evaluator::new(store)
            .scoped(store.scope(env))
            .search(model, &dom, env.active_test())?;
    let spec = match order {
        Value::String(s) if !s.trim().is_empty() => s.clone(),
        Value::Nil | Value::Bool(false) | Value::String(_) => store.default_order(model),
        // `regex_order.match(order)`
        other => {
            return Err(OdooError::type_error(format!(
                "expected string or bytes-like object, got '{}'",
                type_name(other)
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
