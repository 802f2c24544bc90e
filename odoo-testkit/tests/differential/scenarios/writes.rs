//! Writes: creating, writing, deleting, copying, archiving, and every x2many command.

use super::*;

/// Creating, writing, deleting, copying, archiving; each scenario removes what it made.
pub(super) fn writes() -> Vec<Scenario> {
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
pub(super) fn x2many() -> Vec<Scenario> {
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

/// The x2many commands not covered above: many2many 0, 1 and 2; one2many 3, 4, 5 and 6.
pub(super) fn more_x2many() -> Vec<Scenario> {
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
