//! Every error kind the real server produces, with its exception class and message, and a
//! restricted user's access errors.

use odoo_runtime::{Call, Domain, Error, ErrorKind, Protocol, Value, Values};

use super::sweep;
use crate::env::{Live, Setup};
use crate::models::{Partner, SaleOrder};
use crate::versions::Expect;

/// Checks the kind, the exception class the protocol reports and a part of the message.
#[track_caller]
fn check(s: &Setup, e: &Error, kind: ErrorKind, class: Option<&str>, message: &str) {
    assert_eq!(e.kind(), kind, "{}: {e:?}", s.name);
    assert_eq!(e.exception_class(), class, "{}: {e:?}", s.name);
    let said = e.server_message().unwrap_or_default();
    assert!(
        said.contains(message),
        "{}: {said:?} lacks {message:?}",
        s.name
    );
}

/// The class each protocol names for an Odoo exception: JSON-RPC and JSON-2 send its dotted
/// name; an XML-RPC fault carries one only in its traceback (fault 1).
fn class(s: &Setup, json: &'static str) -> Option<&'static str> {
    match s.protocol {
        Protocol::XmlRpc => None,
        _ => Some(json),
    }
}

pub async fn errors(s: &Setup) {
    let expect = Expect::get().await;
    let c = s.client();
    let prefix = s.prefix("errors");
    sweep(&c, &prefix).await;

    // AccessDenied: a wrong secret on a model call (the uid given, so no authenticate).
    let live = Live::get();
    let wrong = "odoo-rs-live-wrong-secret";
    let b = odoo_runtime::Client::builder()
        .url(&live.url)
        .database(&live.db);
    let bad = match s.credential {
        crate::env::Credential::Password => b.password(&live.user, wrong),
        crate::env::Credential::ApiKey => b.api_key(&live.user, wrong),
    }
    .protocol(s.protocol)
    .uid(2)
    .build()
    .unwrap();
    let e = bad
        .search_count(Domain::<Partner>::all())
        .await
        .expect_err("a wrong secret");
    let denied = match s.protocol {
        Protocol::Json2 => ("werkzeug.exceptions.Unauthorized", "Invalid apikey"),
        _ => ("odoo.exceptions.AccessDenied", "Access Denied"),
    };
    check(s, &e, ErrorKind::AccessDenied, class(s, denied.0), denied.1);
    assert!(!format!("{e} {e:?}").contains(wrong));

    // AccessError: a private method. `_search` exists on 17, 18 and 19 (`_read` is gone in
    // 18, which then answers that the method does not exist).
    let e = c
        .call::<Value>(Call::new("res.partner", "_search").ids([1]))
        .await
        .expect_err("a private method");
    check(
        s,
        &e,
        ErrorKind::AccessError,
        class(s, "odoo.exceptions.AccessError"),
        &expect.private_method("res.partner", "_search"),
    );

    // MissingRecord: writing a deleted record.
    let gone = c
        .create(Values::<Partner>::new().set(Partner::NAME, prefix.as_str()))
        .await
        .unwrap();
    c.unlink([gone]).await.unwrap();
    let e = c
        .write([gone], Values::new().set(Partner::NAME, "x"))
        .await
        .expect_err("a deleted record");
    check(
        s,
        &e,
        ErrorKind::MissingRecord,
        class(s, "odoo.exceptions.MissingError"),
        "Record does not exist or has been deleted.",
    );
    assert!(
        e.server_message().unwrap().contains(&gone.to_string()),
        "{e:?}"
    );

    // UserError: a required value left out (Odoo's ValidationError).
    let e = c
        .call::<Value>(Call::new("res.country.state", "create").arg(
            "vals_list",
            vec![[("name", prefix.as_str())].into_iter().collect::<Value>()],
        ))
        .await
        .expect_err("a required value left out");
    check(
        s,
        &e,
        ErrorKind::UserError,
        class(s, "odoo.exceptions.ValidationError"),
        expect.required_missing(),
    );

    // UserError: an unknown model.
    let e = c
        .search_count(Domain::<UnknownModel>::all())
        .await
        .expect_err("an unknown model");
    let unknown = match s.protocol {
        Protocol::Json2 => (
            Some("werkzeug.exceptions.NotFound"),
            "the model 'odoo.rs.no.such.model' does not exist",
        ),
        _ => (
            class(s, "odoo.exceptions.UserError"),
            "Object odoo.rs.no.such.model doesn't exist",
        ),
    };
    check(s, &e, ErrorKind::UserError, unknown.0, unknown.1);

    // ServerError: an unknown field, with Python's class and a traceback.
    let e = c
        .call::<Value>(
            Call::new("res.partner", "read")
                .ids([1])
                .arg("fields", ["odoo_rs_no_such_field"]),
        )
        .await
        .expect_err("an unknown field");
    let value_error = match s.protocol {
        Protocol::XmlRpc => "ValueError",
        _ => "builtins.ValueError",
    };
    check(
        s,
        &e,
        ErrorKind::ServerError,
        Some(value_error),
        &expect.invalid_field("res.partner", "odoo_rs_no_such_field"),
    );
    assert!(
        e.traceback().is_some_and(|t| t.contains("Traceback")),
        "{e:?}"
    );
}

/// A model that does not exist, for the unknown-model error.
#[derive(Debug, odoo_runtime::OdooModel)]
#[odoo(model = "odoo.rs.no.such.model")]
#[allow(dead_code)]
struct UnknownModel {
    id: odoo_runtime::RecordId<UnknownModel>,
}

/// `demo2` (only internal-user rights) may not read sale orders, which admin may.
pub async fn restricted_user(s: &Setup) {
    let admin: Vec<SaleOrder> = s
        .client()
        .search_read(Domain::all())
        .limit(1)
        .await
        .expect("admin reads sale orders");
    assert_eq!(admin.len(), 1);
    let demo = s.demo_client();
    assert!(demo.authenticate().await.expect("demo2 logs in") > 0);
    let e = demo
        .search_read::<SaleOrder>(Domain::all())
        .limit(1)
        .await
        .expect_err("demo2 may not read sale orders");
    check(
        s,
        &e,
        ErrorKind::AccessError,
        class(s, "odoo.exceptions.AccessError"),
        "You are not allowed to access 'Sales Order' (sale.order) records.",
    );
    let e = demo
        .call::<Value>(Call::new("ir.model", "create").arg(
            "vals_list",
            vec![[
                ("name", Value::from(s.prefix("restricted_user"))),
                ("model", "x_odoo_rs_forbidden".into()),
                ("state", "manual".into()),
            ]
            .into_iter()
            .collect::<Value>()],
        ))
        .await
        .expect_err("demo2 may not create models");
    check(
        s,
        &e,
        ErrorKind::AccessError,
        class(s, "odoo.exceptions.AccessError"),
        "You are not allowed to create 'Models' (ir.model) records.",
    );
}
