//! JSON-2's HTTP layer: keys, bodies, routes.

use super::*;

/// JSON-2's HTTP layer: keys, bodies, routes.
pub(super) fn json2_http() -> Vec<Scenario> {
    vec![
        one(
            "json2/http/bad-key",
            j2_as(
                Who::Bad,
                "res.country",
                "search",
                Some(json!({"domain": []})),
            ),
        ),
        one(
            "json2/http/no-key",
            j2_as(
                Who::Nobody,
                "res.country",
                "search",
                Some(json!({"domain": []})),
            ),
        ),
        one(
            "json2/http/not-json",
            raw_json2("/json/2/res.country/search", "{not json"),
        ),
        one(
            "json2/http/not-json-at-all",
            raw_json2("/json/2/res.country/search", "nope"),
        ),
        one(
            "json2/http/extra-data",
            raw_json2("/json/2/res.country/search", "{\"domain\": []} x"),
        ),
        one(
            "json2/http/two-unknown-keywords",
            raw_json2(
                "/json/2/res.country/search",
                "{\"domain\": [], \"zeta\": 1, \"alpha\": 2}",
            ),
        ),
        one(
            "json2/http/unterminated",
            raw_json2("/json/2/res.country/search", "{\"domain\": ["),
        ),
        one(
            "json2/http/unknown-model",
            j2("no.such.model", "search", json!({"domain": []})),
        ),
        one(
            "json2/http/unknown-method",
            j2("res.country", "no_such_method", json!({})),
        ),
        one(
            "json2/http/private-method",
            j2("res.country", "_search", json!({"domain": []})),
        ),
        one(
            "json2/http/exists-is-private",
            j2("res.country", "exists", json!({"ids": [1]})),
        ),
        one(
            "json2/http/get-is-not-a-call",
            Request::Get {
                path: "/json/2/res.country/search".into(),
                who: Who::Admin,
            },
        ),
        one(
            "json2/http/root",
            Request::Get {
                path: "/json/2".into(),
                who: Who::Admin,
            },
        ),
    ]
}

/// A JSON-2 request with a body sent as is (with the admin's key).
fn raw_json2(path: &'static str, body: &'static str) -> Request {
    Request::Raw {
        path,
        content_type: "application/json",
        body,
        who: Some(Who::Admin),
    }
}
