//! `ir.attachment`: a file created from base64 and read back with what Odoo computes from it
//! (`file_size`, `checksum`, `store_fname`, `mimetype`), read with `bin_size`, replaced by a
//! `write`; an empty file; base64 Python decodes leniently (skipping what is not base64) and
//! base64 it refuses (`binascii.Error: Incorrect padding`); a missing attachment.

use serde_json::{json, Value as Json};

use crate::scenarios::{everywhere, j2, jkw, steps, xkw, Scenario, Step, StepExt};

/// The fields compared: not `company_id`, `create_*`, `access_token` (each server's own).
const FIELDS: &[&str] = &[
    "name",
    "datas",
    "file_size",
    "checksum",
    "store_fname",
    "mimetype",
    "type",
];

/// One protocol's `execute_kw`-like request: `model.method(args, kwargs)`, or JSON-2's named.
type Call = fn(&str, &str, Json, Json) -> Step;

fn lifecycle(protocol: &str, name: &str, vals: Json, then_write: Option<Json>) -> Scenario {
    let fields = json!(FIELDS);
    let mut v = match protocol {
        "json2" => vec![
            j2("ir.attachment", "create", json!({"vals_list": [vals]})).bind("a"),
            j2("ir.attachment", "read", json!({"ids": "$a", "fields": fields})).into(),
            j2(
                "ir.attachment",
                "read",
                json!({"ids": "$a", "fields": ["datas", "raw", "file_size"], "context": {"bin_size": true}}),
            )
            .into(),
        ],
        _ => {
            let kw: Call = if protocol == "xmlrpc" {
                |m, f, a, k| xkw(m, f, a, k).into()
            } else {
                |m, f, a, k| jkw(m, f, a, k).into()
            };
            let mut create = kw("ir.attachment", "create", json!([vals]), json!({}));
            create.bind = Some("a");
            vec![
                create,
                kw("ir.attachment", "read", json!([["$a"]]), json!({"fields": fields})),
                kw(
                    "ir.attachment",
                    "read",
                    json!([["$a"]]),
                    json!({"fields": ["datas", "raw", "file_size"], "context": {"bin_size": true}}),
                ),
            ]
        }
    };
    if let Some(write) = then_write {
        match protocol {
            "json2" => {
                v.push(
                    j2(
                        "ir.attachment",
                        "write",
                        json!({"ids": "$a", "vals": write}),
                    )
                    .into(),
                );
                v.push(
                    j2(
                        "ir.attachment",
                        "read",
                        json!({"ids": "$a", "fields": fields}),
                    )
                    .into(),
                );
            }
            "xmlrpc" => {
                v.push(xkw("ir.attachment", "write", json!([["$a"], write]), json!({})).into());
                v.push(
                    xkw(
                        "ir.attachment",
                        "read",
                        json!([["$a"]]),
                        json!({"fields": fields}),
                    )
                    .into(),
                );
            }
            _ => {
                v.push(jkw("ir.attachment", "write", json!([["$a"], write]), json!({})).into());
                v.push(
                    jkw(
                        "ir.attachment",
                        "read",
                        json!([["$a"]]),
                        json!({"fields": fields}),
                    )
                    .into(),
                );
            }
        }
    }
    // Removed, then read again: gone.
    match protocol {
        "json2" => {
            v.push(j2("ir.attachment", "unlink", json!({"ids": "$a"})).into());
            v.push(
                j2(
                    "ir.attachment",
                    "read",
                    json!({"ids": "$a", "fields": ["datas"]}),
                )
                .into(),
            );
        }
        "xmlrpc" => {
            v.push(xkw("ir.attachment", "unlink", json!([["$a"]]), json!({})).into());
            v.push(
                xkw(
                    "ir.attachment",
                    "read",
                    json!([["$a"]]),
                    json!({"fields": ["datas"]}),
                )
                .into(),
            );
        }
        _ => {
            v.push(jkw("ir.attachment", "unlink", json!([["$a"]]), json!({})).into());
            v.push(
                jkw(
                    "ir.attachment",
                    "read",
                    json!([["$a"]]),
                    json!({"fields": ["datas"]}),
                )
                .into(),
            );
        }
    }
    steps(format!("{protocol}/attachment/{name}"), v)
}

/// The attachment scenarios, on every protocol.
pub fn attachments() -> Vec<Scenario> {
    let mut v = Vec::new();
    for protocol in ["xmlrpc", "jsonrpc", "json2"] {
        v.push(lifecycle(
            protocol,
            "text-then-pdf",
            json!({"name": "odoo-rs diff notes", "datas": "aGVsbG8gd29ybGQK"}),
            Some(json!({"datas": "JVBERi0xLjQK"})),
        ));
        v.push(lifecycle(
            protocol,
            "named-png-with-res-model",
            json!({"name": "odoo-rs diff logo.png", "datas": "aGk=", "res_model": "res.partner", "res_id": 1}),
            None,
        ));
        v.push(lifecycle(
            protocol,
            "mimetype-given",
            json!({"name": "odoo-rs diff data", "datas": "aGk=", "mimetype": "application/x-odoo-rs"}),
            None,
        ));
        v.push(lifecycle(
            protocol,
            "empty",
            json!({"name": "odoo-rs diff empty", "datas": false}),
            None,
        ));
        v.push(lifecycle(
            protocol,
            "not-base64-is-skipped",
            json!({"name": "odoo-rs diff garbage", "datas": "a GVs!bG8="}),
            None,
        ));
    }
    for (name, datas) in [("bad-padding", "aGk"), ("one-char-too-many", "aGVsb")] {
        v.extend(everywhere(
            &format!("attachment/{name}"),
            "ir.attachment",
            "create",
            json!([{"name": "odoo-rs diff refused", "datas": datas}]),
            json!({}),
            json!({"vals_list": [{"name": "odoo-rs diff refused", "datas": datas}]}),
        ));
    }
    v.extend(everywhere(
        "attachment/read-missing",
        "ir.attachment",
        "read",
        json!([[999_999_999]]),
        json!({"fields": ["datas"]}),
        json!({"ids": [999_999_999], "fields": ["datas"]}),
    ));
    v
}
