//! The schema: `fields_get`, `ir.model` and `ir.model.fields`, custom models and fields;
//! and the restricted demo user.

use super::*;

/// `fields_get` attribute lists, `ir.model` and `ir.model.fields`, a custom model.
pub(super) fn schema() -> Vec<Scenario> {
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

/// Custom fields on a custom model: created, introspected, removed.
pub(super) fn custom_fields() -> Vec<Scenario> {
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

/// The restricted demo user.
pub(super) fn access() -> Vec<Scenario> {
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
