//! Record rules (`ir.rule`), on every protocol: the restricted `demo2` (only the basic group,
//! only the first company) and the admin (both companies) against records inside and outside
//! the real server's company rules — a partner of the second company is silently absent from
//! searches and refused to read, write and delete; companies the user is not in are refused;
//! the admin limited by `allowed_company_ids` meets the same rules, with the company Odoo
//! suggests — and against models the access-control list refuses the user (which Odoo checks
//! before the rules).

use serde_json::{json, Value as Json};

use crate::context::{call, everywhere, everywhere_steps, on_records, Call};
use crate::scenarios::{Scenario, StepExt};

/// `create` of one record, with a context.
fn create(model: &'static str, vals: Json, context: Json) -> Call {
    call(
        model,
        "create",
        json!([[vals]]),
        json!({}),
        json!({ "vals_list": [vals] }),
        context,
    )
}

/// `search` (or another domain method) with a context.
fn on_domain(model: &'static str, method: &'static str, domain: Json, context: Json) -> Call {
    call(
        model,
        method,
        json!([domain]),
        json!({}),
        json!({ "domain": domain }),
        context,
    )
}

fn read(model: &'static str, ids: Json, context: Json) -> Call {
    on_records(model, "read", ids, json!({"fields": ["name"]}), context)
}

fn unlink(ids: Json) -> Call {
    on_records("res.partner", "unlink", ids, json!({}), Json::Null)
}

/// A partner of company `company`, made by the admin (bound to `$p`).
fn partner(name: &str, company: i64) -> Call {
    create(
        "res.partner",
        json!({"name": name, "company_id": company}),
        Json::Null,
    )
}

/// `res.company.write` of a new name, its values passed by position: the parameter is
/// `values` on 17 and 18, `vals` on 19 (odoo-testkit names every model's `write` parameter as
/// `BaseModel` does).
fn write_company(id: i64) -> Call {
    let vals = json!({"name": "odoo-rs diff"});
    call(
        "res.company",
        "write",
        json!([[id], vals]),
        json!({}),
        json!({"ids": [id], "vals": vals}),
        Json::Null,
    )
}

/// The scenarios that need the real server's second company (the 17 and 18 kits have one):
/// they create a partner in it, and later steps use that partner.
pub const NEED_A_SECOND_COMPANY: &[&str] = &[
    "rules/demo-searches-other-company-partner",
    "rules/demo-reads-other-company-partner",
    "rules/demo-writes-and-unlinks-other-company-partner",
    "rules/admin-in-first-company-meets-second-company-partner",
    "rules/has-access-meets-the-rules",
];

const OTHER: &str = "odoo-rs diff rule other company";

/// Every scenario of the group.
pub fn rules() -> Vec<Scenario> {
    let mut v = Vec::new();
    let mine = || json!([["name", "=", OTHER]]);
    let first = json!({"allowed_company_ids": [1]});
    // A partner of the second company is absent from demo2's searches, whatever the method.
    v.extend(everywhere_steps(
        "rules/demo-searches-other-company-partner",
        |p| {
            vec![
                partner(OTHER, 2).on(p).bind("p"),
                on_domain("res.partner", "search", mine(), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                on_domain("res.partner", "search_count", mine(), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                call(
                    "res.partner",
                    "search_read",
                    json!([mine()]),
                    json!({"fields": ["name"]}),
                    json!({"domain": mine(), "fields": ["name"]}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                call(
                    "res.partner",
                    "name_search",
                    json!([OTHER]),
                    json!({}),
                    json!({"name": OTHER}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                // The admin, in both companies, finds it.
                on_domain("res.partner", "search_count", mine(), Json::Null)
                    .on(p)
                    .into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // Reading it, alone, beside a visible one, beside a missing one: the rule's AccessError
    // (demo2 cannot use the second company, so Odoo suggests none). A missing id alone is no
    // error.
    v.extend(everywhere_steps(
        "rules/demo-reads-other-company-partner",
        |p| {
            vec![
                partner(OTHER, 2).on(p).bind("p"),
                read("res.partner", json!("$p"), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                read("res.partner", json!([1, "$p[0]"]), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                read("res.partner", json!(["$p[0]", 999999999]), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                read("res.partner", json!([999999999]), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // Writing it: `res.partner.write` reads the records first, so the refusal is a read's.
    // Deleting it: demo2 may not delete partners at all (the access-control list first).
    v.extend(everywhere_steps(
        "rules/demo-writes-and-unlinks-other-company-partner",
        |p| {
            vec![
                partner(OTHER, 2).on(p).bind("p"),
                on_records(
                    "res.partner",
                    "write",
                    json!("$p"),
                    json!({"vals": {"comment": "odoo-rs diff"}}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                unlink(json!("$p")).by_demo().on(p).into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // `has_access` (18 and 19): the access-control list, then the record rules on the records
    // given; with a rule to apply, a record that is gone is a MissingError, not `False`.
    v.extend(everywhere_steps("rules/has-access-meets-the-rules", |p| {
        let has = |ids: Json, operation: &str, context: Json| {
            on_records(
                "res.partner",
                "has_access",
                ids,
                json!({ "operation": operation }),
                context,
            )
        };
        vec![
            partner(OTHER, 2).on(p).bind("p"),
            has(json!("$p"), "read", Json::Null).by_demo().on(p).into(),
            has(json!([1, "$p[0]"]), "read", Json::Null)
                .by_demo()
                .on(p)
                .into(),
            has(json!([1]), "read", Json::Null).by_demo().on(p).into(),
            has(json!([]), "read", Json::Null).by_demo().on(p).into(),
            has(json!([1]), "unlink", Json::Null).by_demo().on(p).into(),
            has(json!(["$p[0]", 999999999]), "read", Json::Null)
                .by_demo()
                .on(p)
                .into(),
            has(json!("$p"), "read", first.clone()).on(p).into(),
            has(json!("$p"), "write", Json::Null).on(p).into(),
            unlink(json!("$p")).on(p).into(),
        ]
    }));
    // A partner of the first company: demo2 reads and writes it (the rules allow it).
    v.extend(everywhere_steps(
        "rules/demo-writes-own-company-partner",
        |p| {
            let name = "odoo-rs diff rule own company";
            vec![
                partner(name, 1).on(p).bind("p"),
                on_records(
                    "res.partner",
                    "write",
                    json!("$p"),
                    json!({"vals": {"comment": "odoo-rs diff"}}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                on_records(
                    "res.partner",
                    "read",
                    json!("$p"),
                    json!({"fields": ["name", "comment", "company_id"]}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                on_domain(
                    "res.partner",
                    "search_count",
                    json!([["name", "=", name]]),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // Companies: demo2's rule is `[('id', 'in', company_ids)]`; the admin's group has every
    // company.
    for (name, ids) in [
        ("demo-reads-other-company", json!([2])),
        ("demo-reads-both-companies", json!([1, 2])),
        ("demo-reads-own-company", json!([1])),
    ] {
        v.extend(everywhere(
            &format!("rules/{name}"),
            read("res.company", ids, Json::Null).by_demo(),
        ));
    }
    v.extend(everywhere(
        "rules/demo-searches-companies",
        call(
            "res.company",
            "search_read",
            json!([[]]),
            json!({"fields": ["name"]}),
            json!({"domain": [], "fields": ["name"]}),
            Json::Null,
        )
        .by_demo(),
    ));
    v.extend(everywhere(
        "rules/admin-in-first-company-reads-second",
        read("res.company", json!([2]), first.clone()),
    ));
    // Users: the global rule lets demo2 see every internal user and those of its company.
    v.extend(everywhere(
        "rules/demo-searches-users",
        call(
            "res.users",
            "search",
            json!([[["id", "<", 10]]]),
            json!({"order": "id"}),
            json!({"domain": [["id", "<", 10]], "order": "id"}),
            Json::Null,
        )
        .by_demo(),
    ));
    // The admin working in the first company only: the partner of the second is hidden and
    // refused, with the company to switch to (and its `suggested_company` context).
    v.extend(everywhere_steps(
        "rules/admin-in-first-company-meets-second-company-partner",
        |p| {
            vec![
                partner(OTHER, 2).on(p).bind("p"),
                on_domain("res.partner", "search", mine(), first.clone())
                    .on(p)
                    .into(),
                read("res.partner", json!("$p"), first.clone()).on(p).into(),
                on_records(
                    "res.partner",
                    "write",
                    json!("$p"),
                    json!({"vals": {"comment": "odoo-rs diff"}}),
                    first.clone(),
                )
                .on(p)
                .into(),
                on_records(
                    "res.partner",
                    "unlink",
                    json!("$p"),
                    json!({}),
                    first.clone(),
                )
                .on(p)
                .into(),
                on_records(
                    "res.partner",
                    "unlink",
                    json!(["$p[0]", 999999999]),
                    json!({}),
                    first.clone(),
                )
                .on(p)
                .into(),
                on_records("res.partner", "copy", json!("$p"), json!({}), first.clone())
                    .on(p)
                    .into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // Creating a record outside the rules: created, checked, refused, rolled back.
    v.extend(everywhere_steps(
        "rules/admin-in-first-company-creates-second-company-partner",
        |p| {
            let name = "odoo-rs diff rule created outside";
            vec![
                create(
                    "res.partner",
                    json!({"name": name, "company_id": 2}),
                    first.clone(),
                )
                .on(p)
                .into(),
                on_domain(
                    "res.partner",
                    "search_count",
                    json!([["name", "=", name]]),
                    Json::Null,
                )
                .on(p)
                .into(),
            ]
        },
    ));
    // The other way round: in the second company, a partner of the first.
    v.extend(everywhere_steps(
        "rules/admin-in-second-company-reads-first-company-partner",
        |p| {
            vec![
                partner("odoo-rs diff rule first company", 1)
                    .on(p)
                    .bind("p"),
                read(
                    "res.partner",
                    json!("$p"),
                    json!({"allowed_company_ids": [2]}),
                )
                .on(p)
                .into(),
                // A partner of no company and the company's own partner stay readable.
                read(
                    "res.partner",
                    json!([1, 3]),
                    json!({"allowed_company_ids": [2]}),
                )
                .on(p)
                .into(),
                unlink(json!("$p")).on(p).into(),
            ]
        },
    ));
    // An own-documents rule: demo2 (the basic group) sees shared filters and its own, a
    // filter of the admin's is absent, refused to read, write and delete, and not creatable.
    v.extend(everywhere_steps(
        "rules/demo-meets-admin-private-filter",
        |p| {
            let private = "odoo-rs diff rule private filter";
            vec![
                create(
                    "ir.filters",
                    json!({"name": private, "model_id": "res.partner", "user_ids": [[6, 0, [2]]]}),
                    Json::Null,
                )
                .on(p)
                .bind("f"),
                on_domain(
                    "ir.filters",
                    "search",
                    json!([["name", "=", private]]),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                on_records(
                    "ir.filters",
                    "read",
                    json!("$f"),
                    json!({"fields": ["name"]}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                on_records(
                    "ir.filters",
                    "write",
                    json!("$f"),
                    json!({"vals": {"name": "odoo-rs diff rule renamed"}}),
                    Json::Null,
                )
                .by_demo()
                .on(p)
                .into(),
                on_records("ir.filters", "unlink", json!("$f"), json!({}), Json::Null)
                    .by_demo()
                    .on(p)
                    .into(),
                on_records("ir.filters", "unlink", json!("$f"), json!({}), Json::Null)
                    .on(p)
                    .into(),
            ]
        },
    ));
    // The seeded (shared) filters, and the scenario's own.
    let shared_or_mine = || json!(["|", ["id", "<", 6], ["name", "=like", "odoo-rs diff rule%"]]);
    v.extend(everywhere_steps("rules/demo-creates-filters", |p| {
        vec![
            create(
                "ir.filters",
                json!({"name": "odoo-rs diff rule filter for admin", "model_id": "res.partner", "user_ids": [[6, 0, [2]]]}),
                Json::Null,
            )
            .by_demo()
            .on(p)
            .into(),
            create(
                "ir.filters",
                json!({"name": "odoo-rs diff rule own filter", "model_id": "res.partner", "user_ids": [[6, 0, ["$DEMO_UID"]]]}),
                Json::Null,
            )
            .by_demo()
            .on(p)
            .bind("g"),
            on_records(
                "ir.filters",
                "read",
                json!("$g"),
                json!({"fields": ["name"]}),
                Json::Null,
            )
            .by_demo()
            .on(p)
            .into(),
            call(
                "ir.filters",
                "search_count",
                json!([shared_or_mine()]),
                json!({}),
                json!({"domain": shared_or_mine()}),
                Json::Null,
            )
            .by_demo()
            .on(p)
            .into(),
            on_records("ir.filters", "unlink", json!("$g"), json!({}), Json::Null)
                .by_demo()
                .on(p)
                .into(),
        ]
    }));
    // A model the access-control list refuses demo2: refused before any rule for a record it
    // can see; one it cannot is refused as a read first, as `mail.thread` reads the old values
    // of the tracked fields (on 19, in an order that varies by process: see `EITHER`).
    v.extend(everywhere(
        "rules/demo-writes-own-company",
        write_company(1).by_demo(),
    ));
    v.extend(everywhere(
        "rules/demo-writes-other-company",
        write_company(2).by_demo(),
    ));
    v.extend(everywhere(
        "rules/demo-creates-partner-of-other-company",
        create(
            "res.partner",
            json!({"name": "odoo-rs diff rule demo", "company_id": 2}),
            Json::Null,
        )
        .by_demo(),
    ));
    v.extend(everywhere(
        "rules/demo-unlinks-a-company",
        on_records("res.company", "unlink", json!([2]), json!({}), Json::Null).by_demo(),
    ));
    v.extend(everywhere(
        "rules/demo-creates-a-tag",
        create(
            "res.partner.category",
            json!({"name": "odoo-rs diff rule tag"}),
            Json::Null,
        )
        .by_demo(),
    ));
    v.extend(everywhere(
        "rules/demo-unlinks-a-user",
        on_records("res.users", "unlink", json!([2]), json!({}), Json::Null).by_demo(),
    ));
    v
}
