//! The ORM calls beyond CRUD, and model-specific methods on a model that lacks them.

use super::*;

/// The ORM calls beyond CRUD that `odoo_runtime::orm` types (`web_read`, `web_search_read`,
/// `read_group`), and model-specific methods called on a model that lacks them.
pub(super) fn methods() -> Vec<Scenario> {
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
