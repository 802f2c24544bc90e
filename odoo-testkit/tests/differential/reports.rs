//! The web session and report downloads: `/web/session/authenticate` with a password, a
//! wrong one, an API key in its place and an unknown database; `/web/session/destroy` without
//! a session; `/report/<converter>/…` without a session, after the session ended, as HTML, as
//! text, as PDF (the kit's Odoo has no wkhtmltopdf), of an unknown report, of a missing
//! record, with an unknown converter, and for a user who may not read the report's model.
//!
//! The report is `web.preview_internalreport` of the seeded `res.company`, on every Odoo. A
//! rendered report is compared by its status and content type only: the kit's HTML names
//! the records, Odoo's is its QWeb template.

use crate::scenarios::{one, Scenario};
use crate::wire::{Request, Session, WebAuth, Who};

/// The web scenarios.
pub fn reports() -> Vec<Scenario> {
    let mut v = vec![
        one(
            "web/login/password",
            Request::WebLogin(WebAuth::Password(Who::Admin)),
        ),
        one(
            "web/login/demo-password",
            Request::WebLogin(WebAuth::Password(Who::Demo)),
        ),
        one(
            "web/login/wrong-password",
            Request::WebLogin(WebAuth::Password(Who::Bad)),
        ),
        one(
            "web/login/api-key-as-password",
            Request::WebLogin(WebAuth::ApiKeyAsPassword),
        ),
        one(
            "web/login/unknown-database",
            Request::WebLogin(WebAuth::UnknownDatabase),
        ),
        one("web/destroy/without-session", Request::WebDestroy),
    ];
    let get = |path: &'static str, session: Session| Request::WebGet { path, session };
    let admin = Session::Of(Who::Admin);
    for (name, path, session) in [
        (
            "web/report/html-without-session",
            "/report/html/web.preview_internalreport/1",
            Session::None,
        ),
        (
            "web/report/pdf-with-context-without-session",
            "/report/pdf/web.preview_internalreport/1?context=%7B%22lang%22%3A%22en_US%22%7D",
            Session::None,
        ),
        (
            "web/report/html-after-destroy",
            "/report/html/web.preview_internalreport/1",
            Session::Destroyed,
        ),
        (
            "web/report/html",
            "/report/html/web.preview_internalreport/1",
            admin,
        ),
        (
            "web/report/text",
            "/report/text/web.preview_internalreport/1",
            admin,
        ),
        (
            "web/report/pdf-without-wkhtmltopdf",
            "/report/pdf/web.preview_internalreport/1",
            admin,
        ),
        (
            "web/report/pdf-of-a-missing-record",
            "/report/pdf/web.preview_internalreport/999999",
            admin,
        ),
        (
            "web/report/unknown",
            "/report/html/odoo_rs_diff.no_such_report/1",
            admin,
        ),
        (
            "web/report/unknown-pdf",
            "/report/pdf/odoo_rs_diff.no_such_report/1",
            admin,
        ),
        (
            "web/report/missing-record",
            "/report/html/web.preview_internalreport/999999",
            admin,
        ),
        (
            "web/report/unknown-converter",
            "/report/xlsx/web.preview_internalreport/1",
            admin,
        ),
        (
            "web/report/no-read-access",
            "/report/html/base.report_irmodeloverview/1",
            Session::Of(Who::Demo),
        ),
        (
            "web/report/no-read-access-pdf",
            "/report/pdf/base.report_irmodeloverview/1",
            Session::Of(Who::Demo),
        ),
    ] {
        v.push(one(name, get(path, session)));
    }
    v
}
