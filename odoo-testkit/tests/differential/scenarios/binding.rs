//! Arguments bound as Python binds them.

use super::*;

/// Arguments bound as Python binds them: what Odoo 19 refuses, refused the same way.
pub(super) fn binding() -> Vec<Scenario> {
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
