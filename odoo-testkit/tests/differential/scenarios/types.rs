//! Arguments of the wrong type.

use super::*;

/// Arguments of the wrong type.
pub(super) fn types() -> Vec<Scenario> {
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
