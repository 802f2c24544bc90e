//! `dispatch_rpc(service, method, params)` (`odoo/http.py`) and the three services behind
//! XML-RPC and JSON-RPC: `common` (version, authenticate), `db` and `object` (`execute_kw`),
//! with Python's semantics for whatever `params` holds (`odoo/service/{common,db,model}.py`).

use odoo_runtime::{Map, Value};

use crate::exception::{Class, Frame, OResult, OdooError};
use crate::methods::bind::{self, opt, req, Bound, Default, Param};
use crate::methods::{self, Args, Call};
use crate::pyrepr::{str_repr, type_name};
use crate::service::State;

/// A service function: `exp_<name>` and its parameters.
struct Function {
    name: &'static str,
    params: &'static [Param],
    handler: fn(&State, Bound) -> OResult<Value>,
}

/// `odoo/service/common.py`.
const COMMON: &[Function] = &[
    Function {
        name: "about",
        params: &[opt("extended", Default::False)],
        handler: |state, args| {
            let info = Value::from("See http://openerp.com");
            Ok(if crate::values::truthy(&args.get("extended")) {
                Value::Array(vec![info, state.dialect.server_version.as_str().into()])
            } else {
                info
            })
        },
    },
    Function {
        name: "authenticate",
        params: &[
            req("db"),
            req("login"),
            req("password"),
            req("user_agent_env"),
        ],
        handler: authenticate,
    },
    Function {
        name: "login",
        params: &[req("db"), req("login"), req("password")],
        handler: authenticate,
    },
    Function {
        name: "set_loglevel",
        params: &[req("loglevel"), opt("logger", Default::None)],
        handler: |_, _| Ok(Value::Bool(true)),
    },
    Function {
        name: "version",
        params: &[],
        handler: |state, _| Ok(state.dialect.version()),
    },
];

/// The functions of `odoo/service/db.py` that need no master password.
const DB_OPEN: &[Function] = &[
    Function {
        name: "db_exist",
        params: &[req("db_name")],
        handler: |state, args| {
            Ok(Value::Bool(
                args.get("db_name").as_str() == Some(&state.database),
            ))
        },
    },
    Function {
        name: "list",
        params: &[opt("document", Default::False)],
        handler: |state, _| {
            if state.list_db {
                Ok(Value::Array(vec![Value::String(state.database.clone())]))
            } else {
                Err(OdooError::access_denied())
            }
        },
    },
    Function {
        name: "server_version",
        params: &[],
        handler: |state, _| Ok(Value::from(state.dialect.server_version.as_str())),
    },
];

/// The functions of `odoo/service/db.py` behind the master password, which the test server
/// does not have: `check_super` refuses every one.
const DB_SUPER: &[&str] = &[
    "change_admin_password",
    "create_database",
    "drop",
    "dump",
    "duplicate_database",
    "migrate_databases",
    "rename",
    "restore",
];

fn authenticate(state: &State, args: Bound) -> OResult<Value> {
    state.check_db(&args.get("db"))?;
    let uid = match (args.get("login").as_str(), args.get("password").as_str()) {
        (Some(login), Some(secret)) => state.login(login, secret),
        _ => None,
    };
    tracing::debug!(found = uid.is_some(), "authentication");
    Ok(uid.map_or(Value::Bool(false), Value::Int))
}

/// `f(*params)`: the items Python iterates out of `params`, or the `TypeError`.
fn star(function: &str, params: Value) -> OResult<Vec<Value>> {
    crate::values::iterate(params).map_err(|t| {
        OdooError::type_error(format!(
            "{function}() argument after * must be an iterable, not {t}"
        ))
    })
}

fn call_function(
    state: &State,
    module: &'static str,
    f: &Function,
    params: Vec<Value>,
) -> OResult<Value> {
    let bound = bind::bind_call(
        &format!("exp_{}", f.name),
        f.params,
        false,
        params,
        Map::new(),
    )
    .map_err(|m| OdooError::type_error(m).with_frame(Frame::Dispatch(module)))?;
    (f.handler)(state, bound)
}

/// The method name of a JSON-RPC call, which may be any JSON value: `'exp_' + method`.
fn method_name(method: &Value) -> OResult<&str> {
    method.as_str().ok_or_else(|| {
        OdooError::type_error(format!(
            "can only concatenate str (not \"{}\") to str",
            type_name(method)
        ))
    })
}

/// What holds the parameters in Python: XML-RPC's `loads` gives a tuple, JSON a list (it shows
/// in `tuple index out of range`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holder {
    Tuple,
    List,
}

/// `dispatch_rpc(service_name, method, params)`, its errors worded as the version served
/// words them.
pub(crate) fn dispatch_rpc(
    state: &State,
    service: &Value,
    method: &Value,
    params: Value,
    holder: Holder,
) -> OResult<Value> {
    dispatch(state, service, method, params, holder).map_err(|e| state.dialect.reword(e))
}

fn dispatch(
    state: &State,
    service: &Value,
    method: &Value,
    params: Value,
    holder: Holder,
) -> OResult<Value> {
    match service.as_str() {
        Some("common") => common(state, method_name(method)?, params),
        Some("db") => db(state, method_name(method)?, params, holder),
        Some("object") => object(state, method_name(method)?, params),
        _ => Err(match service {
            Value::Array(_) | Value::Struct(_) => {
                OdooError::type_error(format!("unhashable type: '{}'", type_name(service)))
            }
            other => OdooError::new(Class::KeyError, crate::values::py_str(other)),
        }
        .with_frame(Frame::DispatchRpc)),
    }
}

fn common(state: &State, method: &str, params: Value) -> OResult<Value> {
    let Some(f) = COMMON.iter().find(|f| f.name == method) else {
        return Err(
            OdooError::new(Class::Exception, format!("Method not found: {method}"))
                .with_frame(Frame::Dispatch("odoo/service/common.py")),
        );
    };
    let params = star(&format!("odoo.service.common.exp_{method}"), params)?;
    call_function(state, "odoo/service/common.py", f, params)
}

fn db(state: &State, method: &str, params: Value, holder: Holder) -> OResult<Value> {
    if let Some(f) = DB_OPEN.iter().find(|f| f.name == method) {
        let params = star(&format!("odoo.service.db.exp_{method}"), params)?;
        return call_function(state, "odoo/service/db.py", f, params);
    }
    if DB_SUPER.contains(&method) {
        // `passwd = params[0]`, then `check_super(passwd)`.
        return match params {
            Value::Array(a) if a.is_empty() => Err(OdooError::new(
                Class::IndexError,
                match holder {
                    Holder::Tuple => "tuple index out of range",
                    Holder::List => "list index out of range",
                },
            )),
            Value::Array(_) | Value::String(_) | Value::Struct(_) => {
                Err(OdooError::access_denied())
            }
            other => Err(OdooError::type_error(format!(
                "'{}' object is not subscriptable",
                type_name(&other)
            ))),
        };
    }
    Err(
        OdooError::new(Class::KeyError, format!("Method not found: {method}"))
            .with_frame(Frame::Dispatch("odoo/service/db.py")),
    )
}

/// `int(uid)`.
fn int_of(v: &Value) -> OResult<i64> {
    match v {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(i64::from(*b)),
        Value::Double(d) => Ok(d.trunc() as i64),
        Value::String(s) => s.trim().parse().map_err(|_| {
            OdooError::value(format!(
                "invalid literal for int() with base 10: {}",
                str_repr(s)
            ))
        }),
        other => Err(OdooError::type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            type_name(other)
        ))),
    }
}

/// `odoo.service.model.dispatch(method, params)`.
fn object(state: &State, method: &str, params: Value) -> OResult<Value> {
    if state.dialect.major <= 18 && method == "execute_kw" {
        return execute_kw_before_19(state, params);
    }
    // `db, uid, passwd, model, method_, *args = params`
    let mut params = crate::values::iterate(params)
        .map_err(|t| OdooError::type_error(format!("cannot unpack non-iterable {t} object")))?;
    if params.len() < 5 {
        return Err(OdooError::value(format!(
            "not enough values to unpack (expected at least 5, got {})",
            params.len()
        )));
    }
    let rest = params.split_off(5);
    let Ok([db, uid, passwd, model, name]) = <[Value; 5]>::try_from(params) else {
        return Err(OdooError::value(
            "not enough values to unpack (expected at least 5)",
        ));
    };
    let uid = int_of(&uid)?;
    if !crate::values::truthy(&passwd) {
        return Err(OdooError::access_denied());
    }
    state.check_db(&db)?;
    let (args, kwargs) = match method {
        "execute" => (Value::Array(rest), Value::Struct(Map::new())),
        "execute_kw" => {
            let mut rest = rest;
            if rest.len() == 1 {
                rest.push(Value::Struct(Map::new()));
            }
            match rest.len() {
                2 => {
                    let kw = rest.pop().unwrap_or(Value::Nil);
                    let args = rest.pop().unwrap_or(Value::Nil);
                    (
                        args,
                        if kw.is_nil() {
                            Value::Struct(Map::new())
                        } else {
                            kw
                        },
                    )
                }
                n if n < 2 => {
                    return Err(OdooError::value(format!(
                        "not enough values to unpack (expected 2, got {n})"
                    )))
                }
                _ => return Err(OdooError::value("too many values to unpack (expected 2)")),
            }
        }
        other => {
            return Err(
                OdooError::new(Class::NameError, format!("Method not available {other}"))
                    .with_frame(Frame::Dispatch("odoo/service/model.py")),
            )
        }
    };
    let user = state.check_uid_passwd(uid, &passwd)?.clone();
    execute(state, uid, &user, model, name, args, kwargs)
}

/// Odoo 17's and 18's `dispatch`: `db, uid, passwd = params[0], int(params[1]), params[2]`,
/// `security.check`, then `execute_kw(db, uid, *params[3:])` — a Python function whose
/// arity errors are `TypeError`s — and `execute(db, uid, obj, method, *args, **kw or {})`.
fn execute_kw_before_19(state: &State, params: Value) -> OResult<Value> {
    let params = match params {
        Value::Array(a) => a,
        other => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not subscriptable",
                type_name(&other)
            )))
        }
    };
    let mut params = params.into_iter();
    let (Some(db), Some(uid), Some(passwd)) = (params.next(), params.next(), params.next()) else {
        return Err(OdooError::new(Class::IndexError, "list index out of range"));
    };
    let uid = int_of(&uid)?;
    if !crate::values::truthy(&passwd) {
        return Err(OdooError::access_denied());
    }
    state.check_db(&db)?;
    let user = state.check_uid_passwd(uid, &passwd)?.clone();
    // `execute_kw(db, uid, obj, method, args, kw=None)`
    let mut rest: Vec<Value> = params.collect();
    const REQUIRED: [&str; 3] = ["'obj'", "'method'", "'args'"];
    if rest.len() < REQUIRED.len() {
        let missing = &REQUIRED[rest.len()..];
        let names = match missing {
            [one] => (*one).to_owned(),
            [a, b] => format!("{a} and {b}"),
            _ => format!(
                "{}, and {}",
                missing[..missing.len() - 1].join(", "),
                missing[missing.len() - 1]
            ),
        };
        let plural = if missing.len() == 1 {
            "argument"
        } else {
            "arguments"
        };
        return Err(OdooError::type_error(format!(
            "execute_kw() missing {} required positional {plural}: {names}",
            missing.len()
        )));
    }
    if rest.len() > 4 {
        return Err(OdooError::type_error(format!(
            "execute_kw() takes from 5 to 6 positional arguments but {} were given",
            rest.len() + 2
        )));
    }
    let kw = if rest.len() == 4 {
        rest.pop().unwrap_or(Value::Nil)
    } else {
        Value::Nil
    };
    let (Some(args), Some(name), Some(model)) = (rest.pop(), rest.pop(), rest.pop()) else {
        return Err(OdooError::type_error(
            "execute_kw() missing 3 required positional arguments",
        ));
    };
    let kwargs = match kw {
        k if !crate::values::truthy(&k) => Value::Struct(Map::new()),
        Value::Struct(m) => Value::Struct(m),
        other => {
            return Err(OdooError::type_error(format!(
                "odoo.service.model.execute() argument after ** must be a mapping, not {}",
                type_name(&other)
            )))
        }
    };
    let args = match args {
        a @ (Value::Array(_) | Value::Struct(_) | Value::String(_)) => {
            Value::Array(crate::values::iterate(a).unwrap_or_default())
        }
        other => {
            return Err(OdooError::type_error(format!(
                "Value after * must be an iterable, not {}",
                type_name(&other)
            )))
        }
    };
    execute(state, uid, &user, model, name, args, kwargs)
}

/// `execute(db, uid, obj, method, *args, **kw)` once the call is unpacked.
fn execute(
    state: &State,
    uid: i64,
    user: &crate::service::User,
    model: Value,
    name: Value,
    args: Value,
    kwargs: Value,
) -> OResult<Value> {
    let model = match model {
        Value::String(s) => s,
        other => crate::values::py_str(&other),
    };
    let name = match name {
        Value::String(s) => s,
        other => {
            return Err(OdooError::new(
                Class::AttributeError,
                format!(
                    "'{}' object has no attribute 'startswith'",
                    type_name(&other)
                ),
            ))
        }
    };
    tracing::debug!(model = %model, method = %name, "execute_kw");
    if !state.dialect.has_method(&name) {
        return Err(OdooError::new(
            Class::AttributeError,
            format!("The method '{model}.{name}' does not exist"),
        )
        .with_frame(Frame::GetPublicMethod));
    }
    let mut store = state.lock();
    let result = methods::execute(
        &mut store,
        &state.classes,
        uid,
        user,
        Call {
            model,
            method: name.clone(),
            args: Args::CallKw { args, kwargs },
        },
    )?;
    Ok(state.dialect.result(&name, result))
}
