//! What differs between Odoo 17, 18 and 19 in the methods a client calls, on every version
//! (each server answers as its own version, and odoo-testkit as the version it was seeded
//! from): the methods only some versions have or let a client call (`name_get`, `exists`,
//! `search_fetch`, `check_access_rights`, `has_access`), `name_search`'s domain keyword
//! (`args` up to 18, `domain` on 19), and the order of the checks on a private name (17: the
//! name first, before the model; 18: whether the method exists, then whether it is private;
//! 19: a `_` name first, then whether it exists).

use serde_json::json;

use crate::scenarios::{everywhere, one, steps, xkw, xkw_demo, Scenario, StepExt};

/// Every scenario of the group.
pub fn versions() -> Vec<Scenario> {
    let mut v = Vec::new();
    // 17: `[(id, display_name)]`; gone in 18.
    v.extend(everywhere(
        "versions/name-get",
        "res.partner",
        "name_get",
        json!([[1, 3]]),
        json!({}),
        json!({"ids": [1, 3]}),
    ));
    // 17 and 18: the ids that exist; `@api.private` on 19.
    v.extend(everywhere(
        "versions/exists",
        "res.partner",
        "exists",
        json!([[3, 999999999, 1]]),
        json!({}),
        json!({"ids": [3, 999999999, 1]}),
    ));
    let countries = json!([["code", "in", ["BE", "FR", "DE"]]]);
    v.extend(everywhere(
        "versions/search-fetch",
        "res.country",
        "search_fetch",
        json!([countries.clone(), ["code"]]),
        json!({"order": "code"}),
        json!({"domain": countries, "field_names": ["code"], "order": "code"}),
    ));
    v.extend(everywhere(
        "versions/check-access-rights",
        "res.partner",
        "check_access_rights",
        json!(["read"]),
        json!({}),
        json!({"operation": "read"}),
    ));
    // 18 and 19: `has_access` on records; 17 has none.
    v.extend(everywhere(
        "versions/has-access",
        "res.partner",
        "has_access",
        json!([[1], "write"]),
        json!({}),
        json!({"ids": [1], "operation": "write"}),
    ));
    // The restricted user may not delete countries: `False` when asked not to raise, the
    // access error otherwise.
    v.push(one(
        "xmlrpc/versions/check-access-rights-refused-quietly",
        xkw_demo(
            "res.country",
            "check_access_rights",
            json!(["unlink"]),
            json!({"raise_exception": false}),
        ),
    ));
    v.push(one(
        "xmlrpc/versions/check-access-rights-refused",
        xkw_demo(
            "res.country",
            "check_access_rights",
            json!(["unlink"]),
            json!({}),
        ),
    ));
    v.push(one(
        "xmlrpc/versions/has-access-refused",
        xkw_demo(
            "res.country",
            "has_access",
            json!([[20], "unlink"]),
            json!({}),
        ),
    ));
    // `name_search(name, args, …)` up to 18, `(name, domain, …)` on 19: each keyword is the
    // other version's `TypeError`; by position both work.
    let demo = json!([["id", "<", 44]]);
    v.extend(everywhere(
        "versions/name-search-args-keyword",
        "res.partner",
        "name_search",
        json!([]),
        json!({"name": "Gemini", "args": demo.clone()}),
        json!({"name": "Gemini", "args": demo.clone()}),
    ));
    v.extend(everywhere(
        "versions/name-search-domain-keyword",
        "res.partner",
        "name_search",
        json!([]),
        json!({"name": "Gemini", "domain": demo.clone()}),
        json!({"name": "Gemini", "domain": demo.clone()}),
    ));
    v.extend(everywhere(
        "versions/name-search-positional",
        "res.partner",
        "name_search",
        json!(["Gemini", demo]),
        json!({"limit": 5}),
        json!({"name": "Gemini", "limit": 5}),
    ));
    // The order of the checks on a private name.
    for (name, model, method) in [
        // Exists on every version: private everywhere.
        ("private-existing", "res.partner", "_search"),
        // Exists on none: 18 says it does not exist.
        ("private-missing", "res.partner", "_odoo_rs_no_such_method"),
        // `init`: private on 17 by name, `@api.private` on 18 and 19.
        ("init", "res.partner", "init"),
        // On a model that does not exist: 17 refuses the name before it looks for the model.
        (
            "private-on-unknown-model",
            "odoo.rs.no.such.model",
            "_search",
        ),
    ] {
        v.extend(everywhere(
            &format!("versions/{name}"),
            model,
            method,
            json!([[]]),
            json!({}),
            json!({}),
        ));
    }
    // `read_group` on every version (deprecated on 19, where `formatted_read_group` is new):
    // a field without an aggregate (its own aggregator: `color` sums), a `__count`, an
    // order on the group's key, and an aggregate 17 and 18 name `group_operator`.
    let demo_partners = json!([["id", "<", 44]]);
    v.extend(everywhere(
        "versions/read-group-field-without-aggregate",
        "res.partner",
        "read_group",
        json!([demo_partners.clone(), ["color"], ["is_company"]]),
        json!({}),
        json!({"domain": demo_partners.clone(), "fields": ["color"], "groupby": ["is_company"]}),
    ));
    v.extend(everywhere(
        "versions/read-group-count-ordered",
        "res.partner",
        "read_group",
        json!([demo_partners.clone(), ["__count"], ["country_id"]]),
        json!({"orderby": "country_id desc", "lazy": false}),
        json!({"domain": demo_partners.clone(), "fields": ["__count"], "groupby": ["country_id"], "orderby": "country_id desc", "lazy": false}),
    ));
    v.extend(everywhere(
        "versions/read-group-unknown-aggregate",
        "res.partner",
        "read_group",
        json!([demo_partners.clone(), ["color:median"], ["is_company"]]),
        json!({}),
        json!({"domain": demo_partners, "fields": ["color:median"], "groupby": ["is_company"]}),
    ));
    v.push(datetime_forms());
    v
}

/// The forms of a datetime and a date a `write` takes: text, and XML-RPC's
/// `<dateTime.iso8601>`, which 17 hands to the ORM as an `xmlrpc.client.DateTime` (its
/// dispatcher reads requests without `use_datetime`) and 18 and 19 as a `datetime`.
fn datetime_forms() -> Scenario {
    let model = "x_odoo_rs_diff_dates";
    let field = |name: &str, ttype: &str| {
        xkw(
            "ir.model.fields",
            "create",
            json!([{"model_id": "$m", "name": name, "ttype": ttype, "field_description": name}]),
            json!({}),
        )
    };
    let write = |vals: serde_json::Value| xkw(model, "write", json!([["$r"], vals]), json!({}));
    steps(
        "xmlrpc/versions/datetime-forms-in-writes",
        vec![
            xkw(
                "ir.model",
                "create",
                json!([{"name": "odoo-rs diff dates", "model": model,
                    "access_ids": [[0, 0, {"name": "odoo-rs diff dates access", "perm_read": true, "perm_write": true, "perm_create": true, "perm_unlink": true}]]}]),
                json!({}),
            )
            .bind("m"),
            // Each server numbers the new fields its own way.
            field("x_when", "datetime").mask(&["result"]),
            field("x_day", "date").mask(&["result"]),
            xkw(
                model,
                "create",
                json!([{"x_name": "one", "x_when": "2024-01-02 03:04:05", "x_day": "2024-01-02"}]),
                json!({}),
            )
            .bind("r"),
            write(json!({"x_when": {"$datetime": "20240607T08:09:10"}})).into(),
            write(json!({"x_day": {"$datetime": "20240607T08:09:10"}})).into(),
            write(json!({"x_when": "2024-06-07"})).into(),
            write(json!({"x_when": "2024-06-07T08:09:10"})).into(),
            write(json!({"x_day": "2024-06-07 08:09:10"})).into(),
            xkw(model, "read", json!([["$r"], ["x_when", "x_day"]]), json!({})).into(),
            xkw("ir.model", "unlink", json!([["$m"]]), json!({})).into(),
        ],
    )
}
