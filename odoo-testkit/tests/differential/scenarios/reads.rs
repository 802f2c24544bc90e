//! Reading (fields, values, deleted ids, paging, ordering) and every domain operator.

use super::*;

/// Reading: fields, values, deleted ids, load, paging, ordering.
pub(super) fn reads() -> Vec<Scenario> {
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
pub(super) fn domains() -> Vec<Scenario> {
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
