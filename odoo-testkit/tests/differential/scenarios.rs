//! The scenarios: one list of raw requests on each protocol, right ones and deliberately wrong
//! ones. Records a scenario reads are the real server's demo data (partners below id 80,
//! tags, countries, states, currencies), searched with domains that only such records match,
//! so that what other clients of the same server create changes nothing; records a scenario
//! creates are named `odoo-rs diff …` and removed by its last step.

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
    all.extend(services());
    all.extend(binding());
    all.extend(reads());
    all.extend(domains());
    all.extend(writes());
    all.extend(x2many());
    all.extend(schema());
    all.extend(access());
    all.extend(json2_http());
    all.extend(types());
    all.extend(more_x2many());
    all.extend(custom_fields());
    all.extend(methods());
    all.extend(crate::imports::imports());
    all.extend(crate::context::context());
    all.extend(crate::integrity::integrity());
    all
}

/// Arguments of the wrong type.
fn types() -> Vec<Scenario> {
    let mut v = Vec::new();
    v.extend(everywhere(
        "types/limit-a-string",
        "res.country",
        "search",
        json!([[]]),
        json!({"limit": "ten"}),
        json!({"domain": [], "limit": "ten"}),
    ));
    v.extend(everywhere(
        "types/offset-a-string",
        "res.country",
        "search",
        json!([[]]),
        json!({"offset": "x", "limit": 1}),
        json!({"domain": [], "offset": "x", "limit": 1}),
    ));
    v.extend(everywhere(
        "types/domain-a-dict",
        "res.country",
        "search",
        json!([{"code": "BE"}]),
        json!({}),
        json!({"domain": {"code": "BE"}}),
    ));
    v.extend(everywhere(
        "types/fields-a-string",
        "res.country",
        "read",
        json!([[20], "code"]),
        json!({}),
        json!({"ids": [20], "fields": "code"}),
    ));
    v.extend(everywhere(
        "types/create-a-number",
        "res.partner",
        "create",
        json!([5]),
        json!({}),
        json!({"vals_list": 5}),
    ));
    v.extend(everywhere(
        "types/create-list-of-lists",
        "res.partner",
        "create",
        json!([[["name", "x"]]]),
        json!({}),
        json!({"vals_list": [["name", "x"]]}),
    ));
    v.extend(everywhere(
        "types/order-a-number",
        "res.country",
        "search",
        json!([[["code", "=", "BE"]]]),
        json!({"order": 5}),
        json!({"domain": [["code", "=", "BE"]], "order": 5}),
    ));
    v.extend(both(
        "types/ids-a-string",
        "res.country",
        "read",
        json!(["20", ["code"]]),
        json!({}),
    ));
    v.extend(both(
        "types/ids-a-float",
        "res.country",
        "read",
        json!([20.5, ["code"]]),
        json!({}),
    ));
    v.extend(both(
        "types/context-a-list-of-pairs",
        "res.country",
        "search_count",
        json!([[["code", "=", "BE"]]]),
        json!({"context": [["lang", "en_US"]]}),
    ));
    v.push(one(
        "json2/types/ids-a-number",
        j2(
            "res.country",
            "read",
            json!({"ids": 20, "fields": ["code"]}),
        ),
    ));
    v.push(one(
        "json2/types/ids-null",
        j2(
            "res.country",
            "read",
            json!({"ids": null, "fields": ["code"]}),
        ),
    ));
    v.extend(everywhere(
        "paging/offset-past-the-end",
        "res.country",
        "search",
        json!([[["code", "like", "B%"]]]),
        json!({"offset": 500}),
        json!({"domain": [["code", "like", "B%"]], "offset": 500}),
    ));
    v.extend(everywhere(
        "paging/limit-zero",
        "res.country",
        "search",
        json!([[["code", "like", "B%"]]]),
        json!({"limit": 0, "order": "code"}),
        json!({"domain": [["code", "like", "B%"]], "limit": 0, "order": "code"}),
    ));
    v.extend(everywhere("order/two-keys", "res.country.state", "search_read", json!([[["country_id.code", "=", "BE"]]]), json!({"fields": ["code"], "order": "name desc, id"}), json!({"domain": [["country_id.code", "=", "BE"]], "fields": ["code"], "order": "name desc, id"})));
    v.extend(everywhere(
        "order/nulls-first",
        "res.country",
        "search",
        json!([[["code", "like", "A%"]]]),
        json!({"order": "vat_label desc nulls first, code"}),
        json!({"domain": [["code", "like", "A%"]], "order": "vat_label desc nulls first, code"}),
    ));
    v.extend(everywhere(
        "order/partner-default-with-archived",
        "res.partner",
        "search",
        json!([[["id", "<", 10]]]),
        json!({"context": {"active_test": false}}),
        json!({"domain": [["id", "<", 10]], "context": {"active_test": false}}),
    ));
    v.extend(everywhere(
        "fields-get/partner-type-selection",
        "res.partner",
        "fields_get",
        json!([["type"], ["selection", "string", "help"]]),
        json!({}),
        json!({"allfields": ["type"], "attributes": ["selection", "string", "help"]}),
    ));
    v.extend(everywhere("fields-get/currency-digits", "res.currency", "fields_get", json!([["rounding", "decimal_places", "symbol"], ["type", "digits", "required"]]), json!({}), json!({"allfields": ["rounding", "decimal_places", "symbol"], "attributes": ["type", "digits", "required"]})));
    v.extend(everywhere("ir-model-fields-selection/partner-type", "ir.model.fields.selection", "search_read", json!([[["field_id.model", "=", "res.partner"], ["field_id.name", "=", "type"]]]), json!({"fields": ["value", "name", "sequence"], "order": "sequence"}), json!({"domain": [["field_id.model", "=", "res.partner"], ["field_id.name", "=", "type"]], "fields": ["value", "name", "sequence"], "order": "sequence"})).into_iter().map(|mut s| { s.steps[0].masks = &["id"]; s }));
    v.push(one(
        "xmlrpc/access/demo-creates-a-partner-then-nothing",
        xkw_demo("res.partner", "create", json!([{"name": ""}]), json!({})),
    ));
    v.push(one(
        "jsonrpc/access/demo-reads-ir-model",
        jkw_demo(
            "ir.model",
            "search_count",
            json!([[["model", "=", "res.partner"]]]),
            json!({}),
        ),
    ));
    v.push(one(
        "json2/access/demo-writes-a-tag",
        j2_as(
            Who::Demo,
            "res.partner.category",
            "write",
            Some(json!({"ids": [1], "vals": {"name": "x"}})),
        ),
    ));
    v.push(one(
        "xmlrpc/access/demo-unlinks-a-partner",
        xkw_demo("res.partner", "unlink", json!([[999999999]]), json!({})),
    ));
    v.push(one(
        "json2/access/demo-reads-states",
        j2_as(
            Who::Demo,
            "res.country.state",
            "search_count",
            Some(json!({"domain": [["country_id.code", "=", "BE"]]})),
        ),
    ));
    v.push(one(
        "xmlrpc/domain/any-bang",
        xkw(
            "res.country",
            "search",
            json!([[
                ["currency_id", "any!", [["name", "=", "EUR"]]],
                ["code", "like", "B%"]
            ]]),
            json!({"order": "code"}),
        ),
    ));
    v.push(one(
        "jsonrpc/domain/deprecated-ne",
        jkw(
            "res.country",
            "search",
            json!([[["code", "<>", "BE"], ["code", "like", "B%"]]]),
            json!({"order": "code"}),
        ),
    ));
    v.push(one("json2/domain/in-with-false", j2("res.country", "search", json!({"domain": [["vat_label", "in", [false, "VAT"]], ["code", "like", "B%"]], "order": "code"}))));
    v.push(one(
        "xmlrpc/domain/any-on-non-relational",
        xkw(
            "res.country",
            "search",
            json!([[["code", "any", []]]]),
            json!({}),
        ),
    ));
    v.push(one(
        "jsonrpc/domain/like-on-a-number",
        jkw(
            "res.country",
            "search",
            json!([[["phone_code", "like", "32"]]]),
            json!({"order": "code"}),
        ),
    ));
    v.push(one("json2/domain/many2one-false", j2("res.partner", "search", json!({"domain": [["id", "<", 44], ["parent_id", "=", false], ["is_company", "=", false]]}))));
    v
}

/// The x2many commands not covered above: many2many 0, 1 and 2; one2many 3, 4, 5 and 6.
fn more_x2many() -> Vec<Scenario> {
    vec![
        steps("xmlrpc/x2many/many2many-0-create", vec![
            xkw("res.partner", "create", json!([{"name": "odoo-rs diff m2m 0", "category_id": [[0, 0, {"name": "odoo-rs diff new tag"}]]}]), json!({})).bind("p"),
            xkw("res.partner.category", "search", json!([[["name", "=", "odoo-rs diff new tag"]]]), json!({})).bind("t"),
            xkw("res.partner", "read", json!([["$p"], ["category_id"]]), json!({})).into(),
            xkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
            xkw("res.partner.category", "unlink", json!(["$t"]), json!({})).into(),
        ]),
        steps("jsonrpc/x2many/many2many-1-update-2-delete", vec![
            jkw("res.partner.category", "create", json!([[{"name": "odoo-rs diff tag 1"}, {"name": "odoo-rs diff tag 2"}]]), json!({})).bind("t"),
            jkw("res.partner", "create", json!([{"name": "odoo-rs diff m2m 1", "category_id": [[6, 0, "$t"]]}]), json!({})).bind("p"),
            jkw("res.partner", "write", json!([["$p"], {"category_id": [[1, "$t[0]", {"name": "odoo-rs diff tag one"}], [2, "$t[1]"]]}]), json!({})).into(),
            jkw("res.partner", "read", json!([["$p"], ["category_id"]]), json!({})).into(),
            jkw("res.partner.category", "search_read", json!([[["name", "=like", "odoo-rs diff tag%"]]]), json!({"fields": ["name"]})).into(),
            jkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
            jkw("res.partner.category", "unlink", json!([["$t[0]"]]), json!({})).into(),
        ]),
        steps("json2/x2many/one2many-3-4-5-6", vec![
            j2("res.partner", "create", json!({"vals_list": [{"name": "odoo-rs diff o2m co", "is_company": true}, {"name": "odoo-rs diff o2m a"}, {"name": "odoo-rs diff o2m b"}]})).bind("p"),
            j2("res.partner", "write", json!({"ids": ["$p[0]"], "vals": {"child_ids": [[4, "$p[1]"], [4, "$p[2]"]]}})).into(),
            j2("res.partner", "read", json!({"ids": ["$p[0]"], "fields": ["child_ids"]})).into(),
            j2("res.partner", "write", json!({"ids": ["$p[0]"], "vals": {"child_ids": [[3, "$p[1]"]]}})).into(),
            j2("res.partner", "read", json!({"ids": ["$p[1]", "$p[2]"], "fields": ["parent_id"]})).into(),
            j2("res.partner", "write", json!({"ids": ["$p[0]"], "vals": {"child_ids": [[6, 0, ["$p[1]"]]]}})).into(),
            j2("res.partner", "read", json!({"ids": "$p", "fields": ["parent_id", "child_ids"]})).into(),
            j2("res.partner", "write", json!({"ids": ["$p[0]"], "vals": {"child_ids": [[5]]}})).into(),
            j2("res.partner", "read", json!({"ids": "$p", "fields": ["parent_id", "active"]})).into(),
            j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
        ]),
        steps("xmlrpc/x2many/link-a-missing-record", vec![
            xkw("res.partner", "create", json!([{"name": "odoo-rs diff link missing", "category_id": [[4, 999999999]]}]), json!({})).into(),
        ]),
        steps("jsonrpc/x2many/replace-with-a-missing-record", vec![
            jkw("res.partner", "create", json!([{"name": "odoo-rs diff replace missing", "category_id": [[6, 0, [1, 999999999]]]}]), json!({})).into(),
        ]),
        steps("json2/x2many/one2many-link-a-missing-record", vec![
            j2("res.partner", "create", json!({"vals_list": [{"name": "odoo-rs diff o2m missing", "child_ids": [[4, 999999999]]}]})).into(),
        ]),
    ]
}

/// Custom fields on a custom model: created, introspected, removed.
fn custom_fields() -> Vec<Scenario> {
    let model = json!({"name": "odoo-rs diff fields", "model": "x_odoo_rs_diff_fields",
        "access_ids": [[0, 0, {"name": "odoo-rs diff fields access", "perm_read": true, "perm_write": true, "perm_create": true, "perm_unlink": true}]]});
    vec![steps("xmlrpc/custom-model/fields", vec![
        xkw("ir.model", "create", json!([model]), json!({})).bind("m"),
        xkw("ir.model.fields", "create", json!([{"model_id": "$m", "name": "x_state", "ttype": "selection", "field_description": "State",
            "selection_ids": [[0, 0, {"value": "draft", "name": "Draft", "sequence": 1}], [0, 0, {"value": "done", "name": "Done", "sequence": 2}]]}]), json!({})).bind("f"),
        xkw("ir.model.fields", "create", json!([{"model_id": "$m", "name": "x_partner_id", "ttype": "many2one", "relation": "res.partner", "field_description": "Partner"}]), json!({})).bind("g"),
        xkw("ir.model.fields", "create", json!([{"model_id": "$m", "name": "no_prefix", "ttype": "char"}]), json!({})).into(),
        xkw("x_odoo_rs_diff_fields", "fields_get", json!([["x_name", "x_state", "x_partner_id"], ["type", "string", "selection", "relation"]]), json!({})).into(),
        xkw("x_odoo_rs_diff_fields", "create", json!([{"x_name": "one", "x_state": "done", "x_partner_id": 9}]), json!({})).bind("r"),
        xkw("x_odoo_rs_diff_fields", "read", json!([["$r"], ["x_name", "x_state", "x_partner_id", "display_name"]]), json!({})).into(),
        xkw("x_odoo_rs_diff_fields", "create", json!([{"x_name": "two", "x_state": "nope"}]), json!({})).into(),
        xkw("ir.model.fields", "search_read", json!([[["model", "=", "x_odoo_rs_diff_fields"], ["name", "like", "x_%"]]]), json!({"fields": ["name", "ttype", "state", "relation"], "order": "name"})).mask(&["id"]),
        xkw("ir.model.fields", "unlink", json!([["$g"]]), json!({})).into(),
        xkw("x_odoo_rs_diff_fields", "read", json!([["$r"], ["x_partner_id"]]), json!({})).into(),
        xkw("ir.model", "unlink", json!([["$m"]]), json!({})).into(),
    ])]
}

/// `common`, `db` and the `object` service's own checks, before any model is involved.
fn services() -> Vec<Scenario> {
    let mut v = vec![
        one("xmlrpc/common/version", xml("common", "version", json!([]))),
        one(
            "xmlrpc/common/version-with-an-argument",
            xml("common", "version", json!([1])),
        ),
        one("xmlrpc/common/about", xml("common", "about", json!([]))),
        one(
            "xmlrpc/common/about-extended",
            xml("common", "about", json!([true])),
        ),
        one(
            "xmlrpc/common/authenticate",
            xml("common", "authenticate", json!(["$DB", "admin", "$PW", {}])),
        ),
        one(
            "xmlrpc/common/authenticate-with-api-key",
            xml(
                "common",
                "authenticate",
                json!(["$DB", "admin", "$KEY", {}]),
            ),
        ),
        one(
            "xmlrpc/common/authenticate-wrong-password",
            xml(
                "common",
                "authenticate",
                json!(["$DB", "admin", "wrong", {}]),
            ),
        ),
        one(
            "xmlrpc/common/authenticate-three-arguments",
            xml("common", "authenticate", json!(["$DB", "admin", "$PW"])),
        ),
        one(
            "xmlrpc/common/authenticate-unknown-database",
            xml(
                "common",
                "authenticate",
                json!(["odoo_rs_no_such_db", "admin", "$PW", {}]),
            ),
        ),
        one(
            "xmlrpc/common/login",
            xml("common", "login", json!(["$DB", "admin", "$PW"])),
        ),
        one(
            "xmlrpc/common/unknown-method",
            xml("common", "no_such_method", json!([])),
        ),
        one(
            "xmlrpc/db/server-version",
            xml("db", "server_version", json!([])),
        ),
        one("xmlrpc/db/list", xml("db", "list", json!([]))),
        one("xmlrpc/db/db-exist", xml("db", "db_exist", json!(["$DB"]))),
        one(
            "xmlrpc/db/unknown-method",
            xml("db", "no_such_method", json!([])),
        ),
        one(
            "xmlrpc/db/drop-without-password",
            xml("db", "drop", json!([])),
        ),
        one(
            "xmlrpc/db/drop-wrong-password",
            xml("db", "drop", json!(["wrong", "odoo_rs_no_such_db"])),
        ),
        one(
            "xmlrpc/object/too-few-parameters",
            xml("object", "execute_kw", json!(["$DB", "$UID", "$PW"])),
        ),
        one(
            "xmlrpc/object/uid-not-a-number",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "two",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/uid-as-text",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "2",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/empty-password",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/wrong-password",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/api-key-as-password",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$KEY",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/another-users-key",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$DEMO_KEY",
                    "res.country",
                    "search_count",
                    [[]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-database",
            xml(
                "object",
                "execute_kw",
                json!([
                    "odoo_rs_no_such_db",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-service-method",
            xml(
                "object",
                "no_such_method",
                json!(["$DB", "$UID", "$PW", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/execute",
            xml(
                "object",
                "execute",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [["code", "in", ["BE", "FR"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-without-arguments",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "$PW", "res.country", "search_count"]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-three-arguments",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[]],
                    {},
                    {}
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-args-only",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-kwargs-nil",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]],
                    null
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-model",
            xkw("no.such.model", "search", json!([[]]), json!({})),
        ),
        one(
            "xmlrpc/object/private-method",
            xkw("res.partner", "_read", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/object/exists-is-private",
            xkw("res.partner", "exists", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/object/unknown-method",
            xkw("res.partner", "no_such_method", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/not-xml",
            raw("/xmlrpc/2/object", "text/xml", "this is not XML"),
        ),
        one("xmlrpc/empty-body", raw("/xmlrpc/2/object", "text/xml", "")),
        one(
            "legacy/missing-record",
            legacy(
                "res.partner",
                "write",
                json!([[999999999], {"name": "x"}]),
                json!({}),
            ),
        ),
        one(
            "legacy/wrong-password",
            xml(
                "legacy",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.partner", "search", [[]]]),
            ),
        ),
        one(
            "legacy/invalid-field",
            legacy(
                "res.partner",
                "read",
                json!([[1], ["no_such_field"]]),
                json!({}),
            ),
        ),
        one(
            "legacy/user-error",
            legacy("no.such.model", "search", json!([[]]), json!({})),
        ),
        // JSON-RPC: the envelope, then the same services.
        one(
            "jsonrpc/common/version",
            rpc("common", "version", json!([])),
        ),
        one(
            "jsonrpc/common/version-null-args",
            rpc("common", "version", json!(null)),
        ),
        one(
            "jsonrpc/common/version-args-an-object",
            rpc("common", "version", json!({})),
        ),
        one(
            "jsonrpc/common/version-without-args",
            envelope(
                json!({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", "method": "version"}}),
            ),
        ),
        one(
            "jsonrpc/no-params",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3})),
        ),
        one(
            "jsonrpc/params-null",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3, "params": null})),
        ),
        one(
            "jsonrpc/params-a-list",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3, "params": [1]})),
        ),
        one(
            "jsonrpc/unknown-params-ignored",
            envelope(
                json!({"jsonrpc": "2.0", "id": "x", "params": {"service": "common", "method": "version", "args": [], "extra": 1}}),
            ),
        ),
        one(
            "jsonrpc/no-id",
            envelope(json!({"params": {"service": "db", "method": "server_version", "args": []}})),
        ),
        one(
            "jsonrpc/unknown-service",
            rpc("no_such_service", "version", json!([])),
        ),
        one(
            "jsonrpc/not-json",
            raw("/jsonrpc", "application/json", "{not json"),
        ),
        one(
            "jsonrpc/not-an-object",
            raw("/jsonrpc", "application/json", "[1, 2]"),
        ),
        one(
            "jsonrpc/common/authenticate",
            rpc("common", "authenticate", json!(["$DB", "admin", "$PW", {}])),
        ),
        one(
            "jsonrpc/common/authenticate-wrong-password",
            rpc(
                "common",
                "authenticate",
                json!(["$DB", "admin", "wrong", {}]),
            ),
        ),
        one(
            "jsonrpc/common/login-missing-password",
            rpc("common", "login", json!(["$DB", "admin"])),
        ),
        one(
            "jsonrpc/common/unknown-method",
            rpc("common", "no_such_method", json!([])),
        ),
        one("jsonrpc/db/list", rpc("db", "list", json!([]))),
        one("jsonrpc/db/db-exist", rpc("db", "db_exist", json!(["$DB"]))),
        one(
            "jsonrpc/object/params-null",
            rpc("object", "execute_kw", json!(null)),
        ),
        one(
            "jsonrpc/object/uid-null",
            rpc(
                "object",
                "execute_kw",
                json!(["$DB", null, "$PW", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "jsonrpc/object/wrong-password",
            rpc(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "jsonrpc/object/unknown-model",
            jkw("no.such.model", "search", json!([[]]), json!({})),
        ),
        one(
            "jsonrpc/object/private-method",
            jkw("res.partner", "_read", json!([[1]]), json!({})),
        ),
        one(
            "jsonrpc/object/unknown-method",
            jkw("res.partner", "no_such_method", json!([[1]]), json!({})),
        ),
    ];
    v.extend(both(
        "object/exists-is-private-too",
        "res.partner",
        "exists",
        json!([[3]]),
        json!({}),
    ));
    v
}

/// Arguments bound as Python binds them: what Odoo 19 refuses, refused the same way.
fn binding() -> Vec<Scenario> {
    let mut v = Vec::new();
    // The lenient cases of old: a create with keyword arguments only …
    v.extend(both(
        "create/vals-list-as-keyword",
        "res.partner",
        "create",
        json!([]),
        json!({"vals_list": {"name": "odoo-rs diff kw"}}),
    ));
    // … an unknown keyword argument, a missing argument.
    v.extend(everywhere(
        "search/unknown-keyword",
        "res.country",
        "search",
        json!([[["code", "=", "BE"]]]),
        json!({"foo": 1}),
        json!({"domain": [["code", "=", "BE"]], "foo": 1}),
    ));
    v.extend(everywhere(
        "search/missing-domain",
        "res.country",
        "search",
        json!([]),
        json!({}),
        json!({}),
    ));
    v.extend(everywhere(
        "write/missing-vals",
        "res.partner",
        "write",
        json!([[3]]),
        json!({}),
        json!({"ids": [3]}),
    ));
    v.extend(everywhere(
        "create/missing-vals-list",
        "res.partner",
        "create",
        json!([]),
        json!({}),
        json!({}),
    ));
    v.extend(everywhere(
        "search-count/unknown-keyword",
        "res.country",
        "search_count",
        json!([[]]),
        json!({"count": true}),
        json!({"domain": [], "count": true}),
    ));
    v.extend(everywhere(
        "read/unknown-keyword",
        "res.country",
        "read",
        json!([[20], ["code"]]),
        json!({"lazy": true}),
        json!({"ids": [20], "fields": ["code"], "lazy": true}),
    ));
    v.extend(everywhere(
        "search-read/unknown-read-keyword",
        "res.country",
        "search_read",
        json!([[["code", "=", "BE"]]]),
        json!({"fields": ["code"], "lazy": true}),
        json!({"domain": [["code", "=", "BE"]], "fields": ["code"], "lazy": true}),
    ));
    v.extend(both(
        "search/too-many-positional",
        "res.country",
        "search",
        json!([[], 0, 1, "id", 5]),
        json!({}),
    ));
    v.extend(both(
        "search/domain-twice",
        "res.country",
        "search",
        json!([[]]),
        json!({"domain": []}),
    ));
    v.extend(both(
        "read/without-ids",
        "res.country",
        "read",
        json!([]),
        json!({}),
    ));
    v.extend(both(
        "read/args-null",
        "res.country",
        "read",
        json!(null),
        json!({}),
    ));
    v.extend(both(
        "search/args-null",
        "res.country",
        "search",
        json!(null),
        json!({}),
    ));
    v.extend(both(
        "search/kwargs-a-string",
        "res.country",
        "search",
        json!([[]]),
        json!("ab"),
    ));
    v.extend(both(
        "search/positional-paging",
        "res.country",
        "search",
        json!([[["code", "like", "B%"]], 2, 3, "code desc"]),
        json!({}),
    ));
    v.extend(both(
        "name-search/positional",
        "res.country",
        "name_search",
        json!(["Bel", [], "ilike", 5]),
        json!({}),
    ));
    v.extend(both(
        "fields-get/too-many-positional",
        "res.country",
        "fields_get",
        json!([["code"], ["type"], 1]),
        json!({}),
    ));
    v.extend(both(
        "unlink/unexpected-positional",
        "res.partner",
        "unlink",
        json!([[999999999], true]),
        json!({}),
    ));
    v.push(one(
        "json2/read/without-ids",
        j2("res.country", "read", json!({"fields": ["code"]})),
    ));
    v.push(one(
        "json2/search/ids-to-a-model-method",
        j2("res.country", "search", json!({"ids": [1], "domain": []})),
    ));
    v.push(one(
        "json2/search/body-a-list",
        j2("res.country", "search", json!([1, 2])),
    ));
    v.push(one(
        "json2/search/no-body",
        j2_as(Who::Admin, "res.country", "search", None),
    ));
    v.push(one(
        "json2/search-count/domain-only",
        j2(
            "res.country",
            "search_count",
            json!({"domain": [["code", "in", ["BE", "NL", "LU"]]]}),
        ),
    ));
    v.push(one(
        "json2/context-not-a-dict",
        j2(
            "res.country",
            "search_count",
            json!({"domain": [], "context": "x"}),
        ),
    ));
    v
}

/// Reading: fields, values, deleted ids, load, paging, ordering.
fn reads() -> Vec<Scenario> {
    let mut v = Vec::new();
    let fields = json!(PARTNER_FIELDS);
    v.extend(everywhere(
        "read/partners",
        "res.partner",
        "read",
        json!([[9, 36, 1, 3], fields]),
        json!({}),
        json!({"ids": [9, 36, 1, 3], "fields": fields}),
    ));
    v.extend(everywhere(
        "read/deleted-id",
        "res.partner",
        "read",
        json!([[999999999], ["name"]]),
        json!({}),
        json!({"ids": [999999999], "fields": ["name"]}),
    ));
    v.extend(everywhere(
        "read/unknown-field",
        "res.partner",
        "read",
        json!([[1], ["name", "no_such_field"]]),
        json!({}),
        json!({"ids": [1], "fields": ["name", "no_such_field"]}),
    ));
    v.extend(everywhere(
        "read/load-none",
        "res.partner",
        "read",
        json!([[36], ["parent_id", "country_id"]]),
        json!({"load": null}),
        json!({"ids": [36], "fields": ["parent_id", "country_id"], "load": null}),
    ));
    v.extend(everywhere(
        "read/archived",
        "res.partner",
        "read",
        json!([[2, 4], ["name", "active"]]),
        json!({}),
        json!({"ids": [2, 4], "fields": ["name", "active"]}),
    ));
    v.extend(everywhere(
        "read/duplicate-ids",
        "res.country",
        "read",
        json!([[20, 20, 21], ["code"]]),
        json!({}),
        json!({"ids": [20, 20, 21], "fields": ["code"]}),
    ));
    v.extend(everywhere("read/country", "res.country", "read", json!([[20], ["name", "code", "currency_id", "phone_code", "state_ids", "zip_required"]]), json!({}), json!({"ids": [20], "fields": ["name", "code", "currency_id", "phone_code", "state_ids", "zip_required"]})));
    v.extend(everywhere("read/tags", "res.partner.category", "read", json!([[1, 6, 7], ["name", "display_name", "parent_id", "child_ids", "color", "active"]]), json!({}), json!({"ids": [1, 6, 7], "fields": ["name", "display_name", "parent_id", "child_ids", "color", "active"]})));
    v.extend(everywhere(
        "read/lang-context",
        "res.country",
        "read",
        json!([[20], ["name"]]),
        json!({"context": {"lang": "en_US"}}),
        json!({"ids": [20], "fields": ["name"], "context": {"lang": "en_US"}}),
    ));
    v.extend(everywhere("search-read/companies", "res.partner", "search_read", json!([demo(json!([["is_company", "=", true]]))]), json!({"fields": ["name", "country_id", "child_ids"]}), json!({"domain": demo(json!([["is_company", "=", true]])), "fields": ["name", "country_id", "child_ids"]})));
    v.extend(everywhere("search-read/paging", "res.country", "search_read", json!([[["code", "like", "B%"]]]), json!({"fields": ["code"], "offset": 2, "limit": 4, "order": "code desc"}), json!({"domain": [["code", "like", "B%"]], "fields": ["code"], "offset": 2, "limit": 4, "order": "code desc"})));
    v.extend(everywhere(
        "search-read/nothing-found",
        "res.country",
        "search_read",
        json!([[["code", "=", "XX"]]]),
        json!({"fields": ["code"]}),
        json!({"domain": [["code", "=", "XX"]], "fields": ["code"]}),
    ));
    v.extend(everywhere("search-read/load-empty", "res.partner", "search_read", json!([demo(json!([["parent_id", "=", 9]]))]), json!({"fields": ["parent_id"], "load": ""}), json!({"domain": demo(json!([["parent_id", "=", 9]])), "fields": ["parent_id"], "load": ""})));
    v.extend(everywhere("search-read/active-test-false", "res.partner", "search_read", json!([demo(json!([["active", "=", false]]))]), json!({"fields": ["name"], "context": {"active_test": false}}), json!({"domain": demo(json!([["active", "=", false]])), "fields": ["name"], "context": {"active_test": false}})));
    v.extend(everywhere(
        "search/order-invalid",
        "res.country",
        "search",
        json!([[]]),
        json!({"order": "no_such_field desc"}),
        json!({"domain": [], "order": "no_such_field desc"}),
    ));
    v.extend(everywhere(
        "search/order-injection",
        "res.country",
        "search",
        json!([[]]),
        json!({"order": "code; drop table x"}),
        json!({"domain": [], "order": "code; drop table x"}),
    ));
    v.extend(everywhere("search/order-many2one", "res.country.state", "search", json!([[["country_id.code", "in", ["BE", "LU"]]]]), json!({"order": "country_id desc, code"}), json!({"domain": [["country_id.code", "in", ["BE", "LU"]]], "order": "country_id desc, code"})));
    v.extend(everywhere(
        "search/default-order",
        "res.partner",
        "search",
        json!([demo(json!([["parent_id", "!=", false]]))]),
        json!({}),
        json!({"domain": demo(json!([["parent_id", "!=", false]]))}),
    ));
    v.extend(everywhere(
        "search-count/limit",
        "res.country",
        "search_count",
        json!([[["code", "like", "B%"]]]),
        json!({"limit": 3}),
        json!({"domain": [["code", "like", "B%"]], "limit": 3}),
    ));
    v.extend(everywhere(
        "name-search/belg",
        "res.country",
        "name_search",
        json!([]),
        json!({"name": "belg", "limit": 5}),
        json!({"name": "belg", "limit": 5}),
    ));
    v.extend(everywhere(
        "name-search/partner-contacts",
        "res.partner",
        "name_search",
        json!([]),
        json!({"name": "Acme", "domain": [["id", "<", 44]]}),
        json!({"name": "Acme", "domain": [["id", "<", 44]]}),
    ));
    v.extend(everywhere(
        "default-get/partner",
        "res.partner",
        "default_get",
        json!([["type", "active", "is_company", "color"]]),
        json!({}),
        json!({"fields": ["type", "active", "is_company", "color"]}),
    ));
    v.extend(everywhere("formatted-read-group/countries-by-currency", "res.country", "formatted_read_group", json!([[["code", "in", ["BE", "FR", "DE", "US", "CH"]]]]), json!({"groupby": ["currency_id"], "aggregates": ["__count"]}), json!({"domain": [["code", "in", ["BE", "FR", "DE", "US", "CH"]]], "groupby": ["currency_id"], "aggregates": ["__count"]})));
    v.extend(everywhere(
        "context-get/admin",
        "res.users",
        "context_get",
        json!([]),
        json!({}),
        json!({}),
    ));
    v
}

/// Every domain operator, the logical ones, paths, hierarchies; on countries and demo
/// partners.
fn domains() -> Vec<Scenario> {
    let cases: &[(&str, Json)] = &[
        ("eq", json!([["code", "=", "BE"]])),
        ("ne", json!([["code", "!=", "BE"], ["code", "like", "B%"]])),
        ("lt", json!([["phone_code", "<", 10]])),
        ("gt", json!([["phone_code", ">", 990]])),
        ("le", json!([["phone_code", "<=", 7]])),
        ("ge", json!([["phone_code", ">=", 998]])),
        ("like", json!([["name", "like", "land"]])),
        (
            "not-like",
            json!([["code", "like", "A%"], ["name", "not like", "a"]]),
        ),
        ("ilike", json!([["name", "ilike", "LAND"]])),
        (
            "not-ilike",
            json!([["code", "like", "C%"], ["name", "not ilike", "c"]]),
        ),
        ("eq-like", json!([["code", "=like", "B_"]])),
        ("eq-ilike", json!([["name", "=ilike", "bel%"]])),
        ("in", json!([["code", "in", ["BE", "FR", "NL"]]])),
        (
            "not-in",
            json!([["code", "like", "D%"], ["code", "not in", ["DE", "DK"]]]),
        ),
        ("in-empty", json!([["code", "in", []]])),
        (
            "eq-false",
            json!([["code", "like", "A%"], ["vat_label", "=", false]]),
        ),
        (
            "ne-false",
            json!([["vat_label", "!=", false], ["code", "like", "B%"]]),
        ),
        (
            "optional-eq-false",
            json!([["code", "=?", false], ["code", "like", "Z%"]]),
        ),
        ("optional-eq", json!([["code", "=?", "BE"]])),
        (
            "and",
            json!(["&", ["code", "like", "B%"], ["phone_code", ">", 300]]),
        ),
        ("or", json!(["|", ["code", "=", "BE"], ["code", "=", "FR"]])),
        (
            "not",
            json!(["!", ["code", "like", "%A%"], ["code", "like", "B%"]]),
        ),
        (
            "nested",
            json!([
                "|",
                "&",
                ["code", "like", "B%"],
                ["phone_code", "<", 300],
                "!",
                ["code", "not like", "Z%"]
            ]),
        ),
        ("dotted-path", json!([["currency_id.name", "=", "CHF"]])),
        ("any", json!([["state_ids", "any", [["code", "=", "QC"]]]])),
        (
            "not-any",
            json!([["code", "like", "A%"], ["state_ids", "not any", []]]),
        ),
        ("many2one-name", json!([["currency_id", "ilike", "franc"]])),
        (
            "many2one-id",
            json!([["currency_id", "=", 1], ["code", "like", "U%"]]),
        ),
        ("one2many-in", json!([["state_ids", "in", [1, 2]]])),
        ("true-leaf", json!([[1, "=", 1], ["code", "=", "LU"]])),
        ("false-leaf", json!([[0, "=", 1]])),
    ];
    let partner_cases: &[(&str, Json)] = &[
        ("child-of", json!([["id", "child_of", [9]]])),
        ("parent-of", json!([["id", "parent_of", [36]]])),
        ("child-of-name", json!([["parent_id", "child_of", "Azure"]])),
        ("many2many-in", json!([["category_id", "in", [7]]])),
        (
            "many2many-not-in",
            json!([["is_company", "=", true], ["category_id", "not in", [7]]]),
        ),
        (
            "many2many-any",
            json!([["category_id", "any", [["name", "ilike", "supplies"]]]]),
        ),
        (
            "parent-path",
            json!([["parent_id.country_id.code", "=", "SM"]]),
        ),
        (
            "email-ilike",
            json!([
                ["email", "=ilike", "%@example.com"],
                ["is_company", "=", true]
            ]),
        ),
    ];
    let errors: &[(&str, Json)] = &[
        ("invalid-operator", json!([["code", "no-such-op", "BE"]])),
        ("invalid-field", json!([["no_such_field", "=", 1]])),
        ("malformed", json!(["&", ["code", "=", "BE"]])),
        ("not-a-list", json!("code = BE")),
        ("empty-field", json!([["", "=", 1]])),
        ("bad-item", json!([["code", "=", "BE"], 5])),
    ];
    let mut v = Vec::new();
    for (i, (name, domain)) in cases.iter().enumerate() {
        // Each operator on one protocol, rotating, so that all three see every kind.
        let search = match i % 3 {
            0 => one(
                format!("xmlrpc/domain/{name}"),
                xkw(
                    "res.country",
                    "search",
                    json!([domain]),
                    json!({"order": "code"}),
                ),
            ),
            1 => one(
                format!("jsonrpc/domain/{name}"),
                jkw(
                    "res.country",
                    "search",
                    json!([domain]),
                    json!({"order": "code"}),
                ),
            ),
            _ => one(
                format!("json2/domain/{name}"),
                j2(
                    "res.country",
                    "search",
                    json!({"domain": domain, "order": "code"}),
                ),
            ),
        };
        v.push(search);
    }
    for (i, (name, domain)) in partner_cases.iter().enumerate() {
        let domain = demo(domain.clone());
        v.push(match i % 3 {
            0 => one(
                format!("xmlrpc/domain/partner-{name}"),
                xkw("res.partner", "search", json!([domain]), json!({})),
            ),
            1 => one(
                format!("jsonrpc/domain/partner-{name}"),
                jkw("res.partner", "search", json!([domain]), json!({})),
            ),
            _ => one(
                format!("json2/domain/partner-{name}"),
                j2("res.partner", "search", json!({"domain": domain})),
            ),
        });
    }
    for (name, domain) in errors {
        v.extend(everywhere(
            &format!("domain/{name}"),
            "res.country",
            "search",
            json!([domain]),
            json!({}),
            json!({"domain": domain}),
        ));
    }
    v
}

/// Creating, writing, deleting, copying, archiving; each scenario removes what it made.
fn writes() -> Vec<Scenario> {
    let mut v = Vec::new();
    let read_back = json!([
        "name",
        "display_name",
        "is_company",
        "email",
        "type",
        "active",
        "parent_id",
        "comment"
    ]);
    v.push(steps(
        "xmlrpc/create/one-dict-then-read-write-unlink",
        vec![
            xkw(
                "res.partner",
                "create",
                json!([{"name": "odoo-rs diff one", "email": "one@example.com"}]),
                json!({}),
            )
            .bind("p"),
            xkw("res.partner", "read", json!([["$p"], read_back]), json!({})).into(),
            xkw(
                "res.partner",
                "write",
                json!([["$p"], {"name": "odoo-rs diff one renamed", "email": false}]),
                json!({}),
            )
            .into(),
            xkw("res.partner", "read", json!([["$p"], read_back]), json!({})).into(),
            xkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
            xkw("res.partner", "read", json!([["$p"], ["name"]]), json!({})).into(),
            xkw(
                "res.partner",
                "write",
                json!([["$p"], {"name": "gone"}]),
                json!({}),
            )
            .into(),
        ],
    ));
    v.push(steps("jsonrpc/create/list-then-read-unlink", vec![
        jkw("res.partner", "create", json!([[{"name": "odoo-rs diff a"}, {"name": "odoo-rs diff b", "is_company": true}]]), json!({})).bind("p"),
        jkw("res.partner", "read", json!(["$p", read_back]), json!({})).into(),
        jkw("res.partner", "search", json!([[["name", "=like", "odoo-rs diff _"]]]), json!({"order": "name"})).into(),
        jkw("res.partner", "unlink", json!(["$p"]), json!({})).into(),
    ]));
    v.push(steps(
        "json2/create/list-write-unlink",
        vec![
            j2(
                "res.partner",
                "create",
                json!({"vals_list": [{"name": "odoo-rs diff j2", "comment": "<p>hi</p>"}]}),
            )
            .bind("p"),
            j2(
                "res.partner",
                "read",
                json!({"ids": "$p", "fields": read_back}),
            )
            .into(),
            j2(
                "res.partner",
                "write",
                json!({"ids": "$p", "vals": {"name": "odoo-rs diff j2 renamed"}}),
            )
            .into(),
            j2(
                "res.partner",
                "search_read",
                json!({"domain": [["id", "in", "$p"]], "fields": ["name"]}),
            )
            .into(),
            j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
            j2(
                "res.partner",
                "write",
                json!({"ids": "$p", "vals": {"name": "gone"}}),
            )
            .into(),
        ],
    ));
    v.push(steps(
        "json2/create/one-dict-answers-a-list",
        vec![
            j2(
                "res.partner",
                "create",
                json!({"vals_list": {"name": "odoo-rs diff dict"}}),
            )
            .bind("p"),
            j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
        ],
    ));
    v.extend(everywhere(
        "create/unknown-field",
        "res.partner",
        "create",
        json!([{"name": "odoo-rs diff x", "no_such_field": 1}]),
        json!({}),
        json!({"vals_list": [{"name": "odoo-rs diff x", "no_such_field": 1}]}),
    ));
    v.extend(everywhere(
        "create/wrong-selection",
        "res.partner",
        "create",
        json!([{"name": "odoo-rs diff x", "type": "no-such-type"}]),
        json!({}),
        json!({"vals_list": [{"name": "odoo-rs diff x", "type": "no-such-type"}]}),
    ));
    v.extend(everywhere(
        "create/missing-required",
        "res.country.state",
        "create",
        json!([{"name": "odoo-rs diff state", "code": "ZZ"}]),
        json!({}),
        json!({"vals_list": [{"name": "odoo-rs diff state", "code": "ZZ"}]}),
    ));
    v.extend(everywhere(
        "write/missing-record",
        "res.partner",
        "write",
        json!([[999999999], {"name": "x"}]),
        json!({}),
        json!({"ids": [999999999], "vals": {"name": "x"}}),
    ));
    v.extend(everywhere(
        "write/vals-not-a-dict",
        "res.partner",
        "write",
        json!([[999999999], ["name"]]),
        json!({}),
        json!({"ids": [999999999], "vals": ["name"]}),
    ));
    v.extend(everywhere(
        "unlink/missing-record",
        "res.partner",
        "unlink",
        json!([[999999999]]),
        json!({}),
        json!({"ids": [999999999]}),
    ));
    v.push(steps(
        "xmlrpc/write/recursive-parent",
        vec![
            xkw(
                "res.partner",
                "create",
                json!([{"name": "odoo-rs diff parent", "is_company": true}]),
                json!({}),
            )
            .bind("a"),
            xkw(
                "res.partner",
                "create",
                json!([{"name": "odoo-rs diff child", "parent_id": "$a"}]),
                json!({}),
            )
            .bind("b"),
            xkw(
                "res.partner",
                "read",
                json!([["$b"], ["display_name", "parent_id"]]),
                json!({}),
            )
            .into(),
            xkw(
                "res.partner",
                "write",
                json!([["$a"], {"parent_id": "$b"}]),
                json!({}),
            )
            .into(),
            xkw("res.partner", "unlink", json!([["$b", "$a"]]), json!({})).into(),
        ],
    ));
    v.push(steps(
        "jsonrpc/copy-archive-unarchive",
        vec![
            jkw(
                "res.partner",
                "create",
                json!([{"name": "odoo-rs diff copied", "email": "c@example.com"}]),
                json!({}),
            )
            .bind("p"),
            jkw(
                "res.partner",
                "copy",
                json!([["$p"]]),
                json!({"default": {"name": "odoo-rs diff copy"}}),
            )
            .bind("c"),
            jkw(
                "res.partner",
                "read",
                json!(["$c", ["name", "email"]]),
                json!({}),
            )
            .into(),
            jkw("res.partner", "action_archive", json!([["$p"]]), json!({})).into(),
            jkw(
                "res.partner",
                "search_count",
                json!([[["name", "=", "odoo-rs diff copied"]]]),
                json!({}),
            )
            .into(),
            jkw(
                "res.partner",
                "action_unarchive",
                json!([["$p"]]),
                json!({}),
            )
            .into(),
            jkw(
                "res.partner",
                "read",
                json!([["$p"], ["active"]]),
                json!({}),
            )
            .into(),
            jkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
            jkw("res.partner", "unlink", json!(["$c"]), json!({})).into(),
        ],
    ));
    v.push(steps(
        "xmlrpc/action-archive-returns-none",
        vec![
            xkw(
                "res.partner",
                "create",
                json!([{"name": "odoo-rs diff none"}]),
                json!({}),
            )
            .bind("p"),
            xkw("res.partner", "action_archive", json!([["$p"]]), json!({})).into(),
            xkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
        ],
    ));
    v.push(steps("json2/action-archive-returns-null", vec![
        j2("res.partner", "create", json!({"vals_list": [{"name": "odoo-rs diff null"}]})).bind("p"),
        j2("res.partner", "action_archive", json!({"ids": "$p"})).into(),
        j2("res.partner", "search_read", json!({"domain": [["id", "in", "$p"]], "fields": ["active"], "context": {"active_test": false}})).into(),
        j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
    ]));
    v.push(steps(
        "xmlrpc/name-create",
        vec![
            xkw(
                "res.partner.category",
                "name_create",
                json!(["odoo-rs diff tag"]),
                json!({}),
            )
            .bind("t"),
            // (`color` is random: not read.)
            xkw(
                "res.partner.category",
                "read",
                json!([["$t[0]"], ["name", "display_name", "parent_id"]]),
                json!({}),
            )
            .into(),
            xkw(
                "res.partner.category",
                "unlink",
                json!([["$t[0]"]]),
                json!({}),
            )
            .into(),
        ],
    ));
    v.push(steps(
        "json2/tag-hierarchy-display-name",
        vec![
            j2(
                "res.partner.category",
                "create",
                json!({"vals_list": [{"name": "odoo-rs diff child tag", "parent_id": 1}]}),
            )
            .bind("t"),
            j2(
                "res.partner.category",
                "read",
                json!({"ids": "$t", "fields": ["display_name", "parent_id"]}),
            )
            .into(),
            j2("res.partner.category", "unlink", json!({"ids": "$t"})).into(),
        ],
    ));
    v
}

/// Each x2many command, over each protocol.
fn x2many() -> Vec<Scenario> {
    let commands: &[(&str, Json)] = &[
        ("6-replace", json!([[6, 0, [1, 2]]])),
        ("4-link", json!([[4, 5]])),
        ("3-unlink", json!([[3, 4]])),
        ("5-clear", json!([[5]])),
        ("ids-list", json!([2, 3])),
    ];
    let mut v = Vec::new();
    for (i, (name, command)) in commands.iter().enumerate() {
        let create =
            json!([{"name": format!("odoo-rs diff tags {name}"), "category_id": [[6, 0, [4, 5]]]}]);
        let scenario = match i % 3 {
            0 => steps(
                format!("xmlrpc/x2many/many2many-{name}"),
                vec![
                    xkw("res.partner", "create", create, json!({})).bind("p"),
                    xkw(
                        "res.partner",
                        "write",
                        json!([["$p"], {"category_id": command}]),
                        json!({}),
                    )
                    .into(),
                    xkw(
                        "res.partner",
                        "read",
                        json!([["$p"], ["category_id"]]),
                        json!({}),
                    )
                    .into(),
                    xkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
                ],
            ),
            1 => steps(
                format!("jsonrpc/x2many/many2many-{name}"),
                vec![
                    jkw("res.partner", "create", create, json!({})).bind("p"),
                    jkw(
                        "res.partner",
                        "write",
                        json!([["$p"], {"category_id": command}]),
                        json!({}),
                    )
                    .into(),
                    jkw(
                        "res.partner",
                        "read",
                        json!([["$p"], ["category_id"]]),
                        json!({}),
                    )
                    .into(),
                    jkw("res.partner", "unlink", json!([["$p"]]), json!({})).into(),
                ],
            ),
            _ => steps(
                format!("json2/x2many/many2many-{name}"),
                vec![
                    j2("res.partner", "create", json!({"vals_list": create})).bind("p"),
                    j2(
                        "res.partner",
                        "write",
                        json!({"ids": "$p", "vals": {"category_id": command}}),
                    )
                    .into(),
                    j2(
                        "res.partner",
                        "read",
                        json!({"ids": "$p", "fields": ["category_id"]}),
                    )
                    .into(),
                    j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
                ],
            ),
        };
        v.push(scenario);
    }
    // one2many: 0 create, 1 update, 2 delete, through the company's child_ids.
    v.push(steps("xmlrpc/x2many/one2many-0-1-2", vec![
        xkw("res.partner", "create", json!([{"name": "odoo-rs diff co", "is_company": true, "child_ids": [[0, 0, {"name": "odoo-rs diff kid 1"}], [0, 0, {"name": "odoo-rs diff kid 2"}]]}]), json!({})).bind("co"),
        xkw("res.partner", "search", json!([[["parent_id", "=", "$co"]]]), json!({"order": "name"})).bind("k"),
        xkw("res.partner", "search_read", json!([[["parent_id", "=", "$co"]]]), json!({"fields": ["display_name", "parent_id"], "order": "name"})).into(),
        xkw("res.partner", "write", json!([["$co"], {"child_ids": [[1, "$k[0]", {"name": "odoo-rs diff kid one"}], [2, "$k[1]"]]}]), json!({})).into(),
        xkw("res.partner", "search_read", json!([[["parent_id", "=", "$co"]]]), json!({"fields": ["display_name"], "order": "name"})).into(),
        xkw("res.partner", "search_count", json!([[["name", "=", "odoo-rs diff kid 2"]]]), json!({"context": {"active_test": false}})).into(),
        xkw("res.partner", "unlink", json!(["$k"]), json!({})).into(),
        xkw("res.partner", "unlink", json!([["$k[0]"]]), json!({})).into(),
        xkw("res.partner", "unlink", json!([["$co"]]), json!({})).into(),
    ]));
    v.push(steps("json2/x2many/unknown-command-is-skipped", vec![
        j2("res.partner", "create", json!({"vals_list": [{"name": "odoo-rs diff bad command", "category_id": [[9, 0, 0], [4, 2]]}]})).bind("p"),
        j2("res.partner", "read", json!({"ids": "$p", "fields": ["category_id"]})).into(),
        j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
    ]));
    v
}

/// `fields_get` attribute lists, `ir.model` and `ir.model.fields`, a custom model.
fn schema() -> Vec<Scenario> {
    let mut v = Vec::new();
    let attrs = json!([
        "type",
        "string",
        "relation",
        "required",
        "readonly",
        "store",
        "selection"
    ]);
    v.extend(everywhere("fields-get/partner-some-fields", "res.partner", "fields_get", json!([["name", "type", "country_id", "category_id", "child_ids", "parent_id"], attrs]), json!({}), json!({"allfields": ["name", "type", "country_id", "category_id", "child_ids", "parent_id"], "attributes": attrs})));
    v.extend(everywhere(
        "fields-get/country-types",
        "res.country",
        "fields_get",
        json!([]),
        json!({"attributes": ["type"]}),
        json!({"attributes": ["type"]}),
    ));
    v.extend(everywhere(
        "fields-get/state-all-attributes",
        "res.country.state",
        "fields_get",
        json!([["name", "code", "country_id"]]),
        json!({}),
        json!({"allfields": ["name", "code", "country_id"]}),
    ));
    v.extend(everywhere(
        "fields-get/unknown-field-ignored",
        "res.country",
        "fields_get",
        json!([["code", "no_such_field"], ["type"]]),
        json!({}),
        json!({"allfields": ["code", "no_such_field"], "attributes": ["type"]}),
    ));
    let ir_model = json!([[[
        "model",
        "in",
        ["res.partner", "res.country", "res.partner.category"]
    ]]]);
    v.extend(everywhere("ir-model/search-read", "ir.model", "search_read", ir_model.clone(), json!({"fields": ["model", "name", "order", "state", "transient"]}), json!({"domain": ir_model[0], "fields": ["model", "name", "order", "state", "transient"]})).into_iter().map(|mut s| { s.steps[0].masks = &["id"]; s }));
    let ir_fields = json!([[
        ["model", "=", "res.country"],
        ["name", "in", ["name", "code", "currency_id", "state_ids"]]
    ]]);
    let cols = json!([
        "name",
        "model",
        "ttype",
        "relation",
        "relation_field",
        "required",
        "readonly",
        "store",
        "field_description"
    ]);
    v.extend(
        everywhere(
            "ir-model-fields/search-read",
            "ir.model.fields",
            "search_read",
            ir_fields.clone(),
            json!({"fields": cols, "order": "name"}),
            json!({"domain": ir_fields[0], "fields": cols, "order": "name"}),
        )
        .into_iter()
        .map(|mut s| {
            s.steps[0].masks = &["id"];
            s
        }),
    );
    v.push(one(
        "xmlrpc/ir-model/search-count",
        xkw(
            "ir.model",
            "search_count",
            json!([[["model", "in", ["res.partner", "res.country", "no.such"]]]]),
            json!({}),
        ),
    ));
    // A custom model with a field and an access rule, a record in it, its schema, and away.
    let model = json!({
        "name": "odoo-rs diff model", "model": "x_odoo_rs_diff",
        "field_id": [[0, 0, {"name": "x_score", "ttype": "integer", "field_description": "Score"}]],
        "access_ids": [[0, 0, {"name": "odoo-rs diff access", "perm_read": true, "perm_write": true, "perm_create": true, "perm_unlink": true}]],
    });
    v.push(steps("json2/custom-model", vec![
        j2("ir.model", "create", json!({"vals_list": [model]})).bind("m"),
        j2("x_odoo_rs_diff", "create", json!({"vals_list": [{"x_name": "one", "x_score": 7}]})).bind("r"),
        j2("x_odoo_rs_diff", "read", json!({"ids": "$r", "fields": ["x_name", "x_score", "display_name"]})).into(),
        j2("x_odoo_rs_diff", "fields_get", json!({"allfields": ["x_name", "x_score"], "attributes": ["type", "string", "required"]})).into(),
        j2("x_odoo_rs_diff", "search_count", json!({"domain": [["x_score", ">", 5]]})).into(),
        j2("ir.model", "search_read", json!({"domain": [["model", "=", "x_odoo_rs_diff"]], "fields": ["model", "name", "state"]})).mask(&["id"]),
        j2("ir.model", "unlink", json!({"ids": "$m"})).into(),
        j2("x_odoo_rs_diff", "search_count", json!({"domain": []})).into(),
    ]));
    v.push(one(
        "xmlrpc/custom-model/name-without-x",
        xkw(
            "ir.model",
            "create",
            json!([{"name": "odoo-rs diff bad", "model": "odoo_rs_diff_bad"}]),
            json!({}),
        ),
    ));
    v
}

/// The restricted demo user.
fn access() -> Vec<Scenario> {
    vec![
        one(
            "xmlrpc/access/demo-reads-partners",
            xkw_demo(
                "res.partner",
                "read",
                json!([[9], ["name", "country_id"]]),
                json!({}),
            ),
        ),
        one(
            "xmlrpc/access/demo-writes-a-country",
            xkw_demo(
                "res.country",
                "write",
                json!([[20], {"name": "x"}]),
                json!({}),
            ),
        ),
        one(
            "jsonrpc/access/demo-creates-a-model",
            jkw_demo(
                "ir.model",
                "create",
                json!([{"name": "odoo-rs diff", "model": "x_odoo_rs_diff_denied"}]),
                json!({}),
            ),
        ),
        one(
            "jsonrpc/access/demo-reads-countries",
            jkw_demo(
                "res.country",
                "search_count",
                json!([[["code", "=", "BE"]]]),
                json!({}),
            ),
        ),
        one(
            "json2/access/demo-deletes-a-currency",
            j2_as(
                Who::Demo,
                "res.currency",
                "unlink",
                Some(json!({"ids": [1]})),
            ),
        ),
        one(
            "json2/access/demo-context",
            j2_as(Who::Demo, "res.users", "context_get", Some(json!({}))),
        ),
    ]
}

/// JSON-2's HTTP layer: keys, bodies, routes.
fn json2_http() -> Vec<Scenario> {
    vec![
        one(
            "json2/http/bad-key",
            j2_as(
                Who::Bad,
                "res.country",
                "search",
                Some(json!({"domain": []})),
            ),
        ),
        one(
            "json2/http/no-key",
            j2_as(
                Who::Nobody,
                "res.country",
                "search",
                Some(json!({"domain": []})),
            ),
        ),
        one(
            "json2/http/not-json",
            raw_json2("/json/2/res.country/search", "{not json"),
        ),
        one(
            "json2/http/not-json-at-all",
            raw_json2("/json/2/res.country/search", "nope"),
        ),
        one(
            "json2/http/extra-data",
            raw_json2("/json/2/res.country/search", "{\"domain\": []} x"),
        ),
        one(
            "json2/http/two-unknown-keywords",
            raw_json2(
                "/json/2/res.country/search",
                "{\"domain\": [], \"zeta\": 1, \"alpha\": 2}",
            ),
        ),
        one(
            "json2/http/unterminated",
            raw_json2("/json/2/res.country/search", "{\"domain\": ["),
        ),
        one(
            "json2/http/unknown-model",
            j2("no.such.model", "search", json!({"domain": []})),
        ),
        one(
            "json2/http/unknown-method",
            j2("res.country", "no_such_method", json!({})),
        ),
        one(
            "json2/http/private-method",
            j2("res.country", "_search", json!({"domain": []})),
        ),
        one(
            "json2/http/exists-is-private",
            j2("res.country", "exists", json!({"ids": [1]})),
        ),
        one(
            "json2/http/get-is-not-a-call",
            Request::Get {
                path: "/json/2/res.country/search".into(),
                who: Who::Admin,
            },
        ),
        one(
            "json2/http/root",
            Request::Get {
                path: "/json/2".into(),
                who: Who::Admin,
            },
        ),
    ]
}

/// A JSON-2 request with a body sent as is (with the admin's key).
fn raw_json2(path: &'static str, body: &'static str) -> Request {
    Request::Raw {
        path,
        content_type: "application/json",
        body,
        who: Some(Who::Admin),
    }
}

/// The ORM calls beyond CRUD that `odoo_runtime::orm` types (`web_read`, `web_search_read`,
/// `read_group`), and model-specific methods called on a model that lacks them.
fn methods() -> Vec<Scenario> {
    let mut v = Vec::new();
    let spec = json!({
        "name": {},
        "country_id": {"fields": {"code": {}, "name": {}}},
        "category_id": {"fields": {"name": {}}},
        "parent_id": {"fields": {"display_name": {}}},
    });
    v.extend(everywhere(
        "web-read/partners-nested",
        "res.partner",
        "web_read",
        json!([[9, 36, 1], spec.clone()]),
        json!({}),
        json!({"ids": [9, 36, 1], "specification": spec.clone()}),
    ));
    v.extend(everywhere(
        "web-read/nested-missing-id",
        "res.partner",
        "web_read",
        json!([[9, 999999999], spec.clone()]),
        json!({}),
        json!({"ids": [9, 999999999], "specification": spec}),
    ));
    let flat = json!({"code": {}, "name": {}});
    v.extend(everywhere(
        "web-read/flat-missing-id",
        "res.country",
        "web_read",
        json!([[20, 999999999], flat.clone()]),
        json!({}),
        json!({"ids": [20, 999999999], "specification": flat}),
    ));
    let countries = json!([["code", "in", ["BE", "FR", "DE", "US", "CH"]]]);
    let spec = json!({"code": {}, "currency_id": {"fields": {"name": {}}}});
    v.extend(everywhere(
        "web-search-read/countries-page",
        "res.country",
        "web_search_read",
        json!([countries.clone(), spec.clone()]),
        json!({"limit": 2, "order": "code", "count_limit": 10}),
        json!({"domain": countries.clone(), "specification": spec.clone(), "limit": 2, "order": "code", "count_limit": 10}),
    ));
    v.extend(everywhere(
        "web-search-read/countries-all",
        "res.country",
        "web_search_read",
        json!([countries.clone(), spec.clone()]),
        json!({"order": "code"}),
        json!({"domain": countries, "specification": spec, "order": "code"}),
    ));
    v.extend(everywhere(
        "read-group/partners-by-country",
        "res.partner",
        "read_group",
        json!([demo(json!([])), ["color:sum"], ["country_id"]]),
        json!({"lazy": false}),
        json!({"domain": demo(json!([])), "fields": ["color:sum"], "groupby": ["country_id"], "lazy": false}),
    ));
    v.extend(everywhere(
        "read-group/partners-by-company-lazy",
        "res.partner",
        "read_group",
        json!([demo(json!([])), ["color:max"], ["is_company", "country_id"]]),
        json!({"orderby": "is_company"}),
        json!({"domain": demo(json!([])), "fields": ["color:max"], "groupby": ["is_company", "country_id"], "orderby": "is_company"}),
    ));
    v.extend(everywhere(
        "formatted-read-group/partners-by-country",
        "res.partner",
        "formatted_read_group",
        json!([demo(json!([]))]),
        json!({"groupby": ["country_id"], "aggregates": ["__count", "color:sum"]}),
        json!({"domain": demo(json!([])), "groupby": ["country_id"], "aggregates": ["__count", "color:sum"]}),
    ));
    // sale.order's and mail.thread's methods do not exist on a model without them.
    v.extend(everywhere(
        "methods/action-confirm-on-partner",
        "res.partner",
        "action_confirm",
        json!([[9]]),
        json!({}),
        json!({"ids": [9]}),
    ));
    v.extend(everywhere(
        "methods/message-post-on-country",
        "res.country",
        "message_post",
        json!([[20]]),
        json!({"body": "x"}),
        json!({"ids": [20], "body": "x"}),
    ));
    v
}
