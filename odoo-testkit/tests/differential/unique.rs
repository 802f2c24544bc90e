//! `unique` SQL constraints of the seeded models (pulled from `ir.model.constraint`), on every
//! protocol: a create or a write that repeats a taken value is PostgreSQL's `UniqueViolation`,
//! reported by Odoo as a `ValidationError` with the constraint's message; the same value
//! elsewhere (another country's state code) is no violation.

use serde_json::{json, Value as Json};

use crate::context::{call, everywhere, everywhere_steps, on_records, Call};
use crate::scenarios::{Scenario, StepExt};

fn create(model: &'static str, vals: Json) -> Call {
    call(
        model,
        "create",
        json!([[vals]]),
        json!({}),
        json!({ "vals_list": [vals] }),
        Json::Null,
    )
}

fn unlink(model: &'static str, ids: Json) -> Call {
    on_records(model, "unlink", ids, json!({}), Json::Null)
}

/// Every scenario of the group.
pub fn unique() -> Vec<Scenario> {
    let mut v = Vec::new();
    v.extend(everywhere(
        "unique/currency-name-taken",
        create("res.currency", json!({"name": "EUR", "symbol": "x"})),
    ));
    v.extend(everywhere(
        "unique/country-group-code-taken",
        create(
            "res.country.group",
            json!({"name": "odoo-rs diff group", "code": "EU"}),
        ),
    ));
    // State 68 is the United States' `AA`.
    v.extend(everywhere(
        "unique/state-code-taken-on-create",
        create(
            "res.country.state",
            json!({"name": "odoo-rs diff state", "code": "AA", "country_id": 233}),
        ),
    ));
    v.extend(everywhere_steps("unique/state-code-taken-on-write", |p| {
        vec![
            create(
                "res.country.state",
                json!({"name": "odoo-rs diff state", "code": "ODRS", "country_id": 233}),
            )
            .on(p)
            .bind("s"),
            on_records(
                "res.country.state",
                "write",
                json!("$s"),
                json!({"vals": {"code": "AA"}}),
                Json::Null,
            )
            .on(p)
            .into(),
            // Writing the value it already holds is no clash with itself.
            on_records(
                "res.country.state",
                "write",
                json!("$s"),
                json!({"vals": {"code": "ODRS"}}),
                Json::Null,
            )
            .on(p)
            .into(),
            unlink("res.country.state", json!("$s")).on(p).into(),
        ]
    }));
    // The same code in two countries, then twice in one.
    v.extend(everywhere_steps("unique/state-code-per-country", |p| {
        let state = |country: i64| {
            create(
                "res.country.state",
                json!({"name": "odoo-rs diff state", "code": "ODRS", "country_id": country}),
            )
        };
        vec![
            state(233).on(p).bind("a"),
            state(75).on(p).bind("b"),
            state(75).on(p).into(),
            unlink("res.country.state", json!("$a")).on(p).into(),
            unlink("res.country.state", json!("$b")).on(p).into(),
        ]
    }));
    v
}
