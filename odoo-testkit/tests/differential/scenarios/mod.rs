//! The scenarios: one list of raw requests on each protocol, right ones and deliberately wrong
//! ones. Records a scenario reads are the real server's demo data (partners below id 80,
//! tags, countries, states, currencies), searched with domains that only such records match,
//! so that what other clients of the same server create changes nothing; records a scenario
//! creates are named `odoo-rs diff …` and removed by its last step.

mod binding;
mod json2_http;
mod methods;
mod reads;
mod schema;
mod services;
mod types;
mod writes;

use serde_json::{json, Value as Json};

use crate::wire::{Request, Who};

/// A scenario: steps run in order on each server, every answer compared.
pub struct Scenario {
    pub name: String,
    pub steps: Vec<Step>,
}

impl Scenario {
    /// The protocol of its requests (a scenario uses one).
    pub fn protocol(&self) -> &'static str {
        self.steps[0].request.protocol()
    }
}

/// One request of a scenario.
pub struct Step {
    pub request: Request,
    /// Binds the result (an id, a list of ids) to `$name` for later steps; the ids it holds
    /// compare as `$name` (each server numbers new records its own way).
    pub bind: Option<&'static str>,
    /// Keys whose values are not compared (ids of `ir.model` rows, which each server numbers
    /// its own way).
    pub masks: &'static [&'static str],
}

impl From<Request> for Step {
    fn from(request: Request) -> Step {
        Step {
            request,
            bind: None,
            masks: &[],
        }
    }
}

pub(crate) trait StepExt {
    fn bind(self, name: &'static str) -> Step;
    fn mask(self, keys: &'static [&'static str]) -> Step;
}

impl StepExt for Request {
    fn bind(self, name: &'static str) -> Step {
        Step {
            bind: Some(name),
            ..Step::from(self)
        }
    }
    fn mask(self, keys: &'static [&'static str]) -> Step {
        Step {
            masks: keys,
            ..Step::from(self)
        }
    }
}

pub(crate) fn one(name: impl Into<String>, request: Request) -> Scenario {
    Scenario {
        name: name.into(),
        steps: vec![request.into()],
    }
}

pub(crate) fn steps(name: impl Into<String>, steps: Vec<Step>) -> Scenario {
    let s = Scenario {
        name: name.into(),
        steps,
    };
    assert!(
        s.steps
            .iter()
            .all(|st| st.request.protocol() == s.protocol()),
        "{}: one protocol per scenario",
        s.name
    );
    s
}

// ----- requests -----

fn xml(service: &'static str, method: &'static str, params: Json) -> Request {
    let path = match service {
        "common" => "/xmlrpc/2/common",
        "db" => "/xmlrpc/2/db",
        "object" => "/xmlrpc/2/object",
        "legacy" => "/xmlrpc/object",
        other => panic!("no such XML-RPC service {other}"),
    };
    Request::XmlRpc {
        path,
        method,
        params,
    }
}

/// `execute_kw` over XML-RPC as admin.
pub(crate) fn xkw(model: &str, method: &str, args: Json, kwargs: Json) -> Request {
    xml(
        "object",
        "execute_kw",
        json!(["$DB", "$UID", "$PW", model, method, args, kwargs]),
    )
}

/// `execute_kw` over XML-RPC as the restricted demo user.
pub(crate) fn xkw_demo(model: &str, method: &str, args: Json, kwargs: Json) -> Request {
    xml(
        "object",
        "execute_kw",
        json!(["$DB", "$DEMO_UID", "$DEMO_PW", model, method, args, kwargs]),
    )
}

/// `execute_kw` on the legacy `/xmlrpc/object` (string fault codes).
fn legacy(model: &str, method: &str, args: Json, kwargs: Json) -> Request {
    xml(
        "legacy",
        "execute_kw",
        json!(["$DB", "$UID", "$PW", model, method, args, kwargs]),
    )
}

fn rpc(service: &str, method: &str, args: Json) -> Request {
    Request::JsonRpc {
        envelope: json!({"jsonrpc": "2.0", "method": "call", "id": 7,
            "params": {"service": service, "method": method, "args": args}}),
    }
}

fn envelope(envelope: Json) -> Request {
    Request::JsonRpc { envelope }
}

/// `execute_kw` over JSON-RPC as admin.
pub(crate) fn jkw(model: &str, method: &str, args: Json, kwargs: Json) -> Request {
    rpc(
        "object",
        "execute_kw",
        json!(["$DB", "$UID", "$PW", model, method, args, kwargs]),
    )
}

pub(crate) fn jkw_demo(model: &str, method: &str, args: Json, kwargs: Json) -> Request {
    rpc(
        "object",
        "execute_kw",
        json!(["$DB", "$DEMO_UID", "$DEMO_PW", model, method, args, kwargs]),
    )
}

/// A JSON-2 call as admin.
pub(crate) fn j2(model: &'static str, method: &'static str, body: Json) -> Request {
    Request::Json2 {
        model,
        method,
        who: Who::Admin,
        body: Some(body),
    }
}

pub(crate) fn j2_as(
    who: Who,
    model: &'static str,
    method: &'static str,
    body: Option<Json>,
) -> Request {
    Request::Json2 {
        model,
        method,
        who,
        body,
    }
}

fn raw(path: &'static str, content_type: &'static str, body: &'static str) -> Request {
    Request::Raw {
        path,
        content_type,
        body,
        who: None,
    }
}

// ----- common fragments -----

/// Demo partners only (the real server also holds bench partners above and other clients'
/// records far above).
fn demo(domain: Json) -> Json {
    let mut d = vec![json!(["id", "<", 44])];
    d.extend(domain.as_array().cloned().unwrap_or_default());
    Json::Array(d)
}

const PARTNER_FIELDS: &[&str] = &[
    "name",
    "display_name",
    "is_company",
    "parent_id",
    "child_ids",
    "category_id",
    "country_id",
    "state_id",
    "type",
    "email",
    "city",
    "active",
    "company_id",
];

/// The same call over XML-RPC and JSON-RPC (`execute_kw`, positional), and over JSON-2
/// (named): three scenarios.
pub(crate) fn everywhere(
    name: &str,
    model: &'static str,
    method: &'static str,
    args: Json,
    kwargs: Json,
    named: Json,
) -> Vec<Scenario> {
    vec![
        one(
            format!("xmlrpc/{name}"),
            xkw(model, method, args.clone(), kwargs.clone()),
        ),
        one(format!("jsonrpc/{name}"), jkw(model, method, args, kwargs)),
        one(format!("json2/{name}"), j2(model, method, named)),
    ]
}

/// The same `execute_kw` over XML-RPC and JSON-RPC: two scenarios.
fn both(name: &str, model: &str, method: &str, args: Json, kwargs: Json) -> Vec<Scenario> {
    vec![
        one(
            format!("xmlrpc/{name}"),
            xkw(model, method, args.clone(), kwargs.clone()),
        ),
        one(format!("jsonrpc/{name}"), jkw(model, method, args, kwargs)),
    ]
}

/// Every scenario.
pub fn all() -> Vec<Scenario> {
    let mut all = Vec::new();
    all.extend(services::services());
    all.extend(binding::binding());
    all.extend(reads::reads());
    all.extend(reads::domains());
    all.extend(writes::writes());
    all.extend(writes::x2many());
    all.extend(schema::schema());
    all.extend(schema::access());
    all.extend(json2_http::json2_http());
    all.extend(types::types());
    all.extend(writes::more_x2many());
    all.extend(schema::custom_fields());
    all.extend(methods::methods());
    all.extend(crate::imports::imports());
    all.extend(crate::reports::reports());
    all.extend(crate::attachments::attachments());
    all.extend(crate::context::context());
    all.extend(crate::integrity::integrity());
    all.extend(crate::rules::rules());
    all.extend(crate::unique::unique());
    all.extend(crate::versions::versions());
    all
}
