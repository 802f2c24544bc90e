//! `common`, `db` and the `object` service's own checks, before any model is involved.

use super::*;

/// `common`, `db` and the `object` service's own checks, before any model is involved.
pub(super) fn services() -> Vec<Scenario> {
    let mut v = vec![
        one("xmlrpc/common/version", xml("common", "version", json!([]))),
        one(
            "xmlrpc/common/version-with-an-argument",
            xml("common", "version", json!([1])),
        ),
        one("xmlrpc/common/about", xml("common", "about", json!([]))),
        one(
            "xmlrpc/common/about-extended",
            xml("common", "about", json!([true])),
        ),
        one(
            "xmlrpc/common/authenticate",
            xml("common", "authenticate", json!(["$DB", "admin", "$PW", {}])),
        ),
        one(
            "xmlrpc/common/authenticate-with-api-key",
            xml(
                "common",
                "authenticate",
                json!(["$DB", "admin", "$KEY", {}]),
            ),
        ),
        one(
            "xmlrpc/common/authenticate-wrong-password",
            xml(
                "common",
                "authenticate",
                json!(["$DB", "admin", "wrong", {}]),
            ),
        ),
        one(
            "xmlrpc/common/authenticate-three-arguments",
            xml("common", "authenticate", json!(["$DB", "admin", "$PW"])),
        ),
        one(
            "xmlrpc/common/authenticate-unknown-database",
            xml(
                "common",
                "authenticate",
                json!(["odoo_rs_no_such_db", "admin", "$PW", {}]),
            ),
        ),
        one(
            "xmlrpc/common/login",
            xml("common", "login", json!(["$DB", "admin", "$PW"])),
        ),
        one(
            "xmlrpc/common/unknown-method",
            xml("common", "no_such_method", json!([])),
        ),
        one(
            "xmlrpc/db/server-version",
            xml("db", "server_version", json!([])),
        ),
        one("xmlrpc/db/list", xml("db", "list", json!([]))),
        one("xmlrpc/db/db-exist", xml("db", "db_exist", json!(["$DB"]))),
        one(
            "xmlrpc/db/unknown-method",
            xml("db", "no_such_method", json!([])),
        ),
        one(
            "xmlrpc/db/drop-without-password",
            xml("db", "drop", json!([])),
        ),
        one(
            "xmlrpc/db/drop-wrong-password",
            xml("db", "drop", json!(["wrong", "odoo_rs_no_such_db"])),
        ),
        one(
            "xmlrpc/object/too-few-parameters",
            xml("object", "execute_kw", json!(["$DB", "$UID", "$PW"])),
        ),
        one(
            "xmlrpc/object/uid-not-a-number",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "two",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/uid-as-text",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "2",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/empty-password",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/wrong-password",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/api-key-as-password",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$KEY",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/another-users-key",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$DEMO_KEY",
                    "res.country",
                    "search_count",
                    [[]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-database",
            xml(
                "object",
                "execute_kw",
                json!([
                    "odoo_rs_no_such_db",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-service-method",
            xml(
                "object",
                "no_such_method",
                json!(["$DB", "$UID", "$PW", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "xmlrpc/object/execute",
            xml(
                "object",
                "execute",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [["code", "in", ["BE", "FR"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-without-arguments",
            xml(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "$PW", "res.country", "search_count"]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-three-arguments",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[]],
                    {},
                    {}
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-args-only",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]]
                ]),
            ),
        ),
        one(
            "xmlrpc/object/execute-kw-kwargs-nil",
            xml(
                "object",
                "execute_kw",
                json!([
                    "$DB",
                    "$UID",
                    "$PW",
                    "res.country",
                    "search_count",
                    [[["code", "=", "BE"]]],
                    null
                ]),
            ),
        ),
        one(
            "xmlrpc/object/unknown-model",
            xkw("no.such.model", "search", json!([[]]), json!({})),
        ),
        one(
            "xmlrpc/object/private-method",
            xkw("res.partner", "_read", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/object/exists-is-private",
            xkw("res.partner", "exists", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/object/unknown-method",
            xkw("res.partner", "no_such_method", json!([[1]]), json!({})),
        ),
        one(
            "xmlrpc/not-xml",
            raw("/xmlrpc/2/object", "text/xml", "this is not XML"),
        ),
        one("xmlrpc/empty-body", raw("/xmlrpc/2/object", "text/xml", "")),
        one(
            "legacy/missing-record",
            legacy(
                "res.partner",
                "write",
                json!([[999999999], {"name": "x"}]),
                json!({}),
            ),
        ),
        one(
            "legacy/wrong-password",
            xml(
                "legacy",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.partner", "search", [[]]]),
            ),
        ),
        one(
            "legacy/invalid-field",
            legacy(
                "res.partner",
                "read",
                json!([[1], ["no_such_field"]]),
                json!({}),
            ),
        ),
        one(
            "legacy/user-error",
            legacy("no.such.model", "search", json!([[]]), json!({})),
        ),
        // JSON-RPC: the envelope, then the same services.
        one(
            "jsonrpc/common/version",
            rpc("common", "version", json!([])),
        ),
        one(
            "jsonrpc/common/version-null-args",
            rpc("common", "version", json!(null)),
        ),
        one(
            "jsonrpc/common/version-args-an-object",
            rpc("common", "version", json!({})),
        ),
        one(
            "jsonrpc/common/version-without-args",
            envelope(
                json!({"jsonrpc": "2.0", "method": "call", "id": 1, "params": {"service": "common", "method": "version"}}),
            ),
        ),
        one(
            "jsonrpc/no-params",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3})),
        ),
        one(
            "jsonrpc/params-null",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3, "params": null})),
        ),
        one(
            "jsonrpc/params-a-list",
            envelope(json!({"jsonrpc": "2.0", "method": "call", "id": 3, "params": [1]})),
        ),
        one(
            "jsonrpc/unknown-params-ignored",
            envelope(
                json!({"jsonrpc": "2.0", "id": "x", "params": {"service": "common", "method": "version", "args": [], "extra": 1}}),
            ),
        ),
        one(
            "jsonrpc/no-id",
            envelope(json!({"params": {"service": "db", "method": "server_version", "args": []}})),
        ),
        one(
            "jsonrpc/unknown-service",
            rpc("no_such_service", "version", json!([])),
        ),
        one(
            "jsonrpc/not-json",
            raw("/jsonrpc", "application/json", "{not json"),
        ),
        one(
            "jsonrpc/not-an-object",
            raw("/jsonrpc", "application/json", "[1, 2]"),
        ),
        one(
            "jsonrpc/common/authenticate",
            rpc("common", "authenticate", json!(["$DB", "admin", "$PW", {}])),
        ),
        one(
            "jsonrpc/common/authenticate-wrong-password",
            rpc(
                "common",
                "authenticate",
                json!(["$DB", "admin", "wrong", {}]),
            ),
        ),
        one(
            "jsonrpc/common/login-missing-password",
            rpc("common", "login", json!(["$DB", "admin"])),
        ),
        one(
            "jsonrpc/common/unknown-method",
            rpc("common", "no_such_method", json!([])),
        ),
        one("jsonrpc/db/list", rpc("db", "list", json!([]))),
        one("jsonrpc/db/db-exist", rpc("db", "db_exist", json!(["$DB"]))),
        one(
            "jsonrpc/object/params-null",
            rpc("object", "execute_kw", json!(null)),
        ),
        one(
            "jsonrpc/object/uid-null",
            rpc(
                "object",
                "execute_kw",
                json!(["$DB", null, "$PW", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "jsonrpc/object/wrong-password",
            rpc(
                "object",
                "execute_kw",
                json!(["$DB", "$UID", "wrong", "res.country", "search_count", [[]]]),
            ),
        ),
        one(
            "jsonrpc/object/unknown-model",
            jkw("no.such.model", "search", json!([[]]), json!({})),
        ),
        one(
            "jsonrpc/object/private-method",
            jkw("res.partner", "_read", json!([[1]]), json!({})),
        ),
        one(
            "jsonrpc/object/unknown-method",
            jkw("res.partner", "no_such_method", json!([[1]]), json!({})),
        ),
    ];
    v.extend(both(
        "object/exists-is-private-too",
        "res.partner",
        "exists",
        json!([[3]]),
        json!({}),
    ));
    v
}
