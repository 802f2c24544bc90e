//! The live suite: everything a user calls, against a real Odoo, on every protocol ×
//! credential — `password_xmlrpc`, `password_jsonrpc`, `key_xmlrpc`, `key_jsonrpc`,
//! `key_json2` — one module each, so the harness names every test `key_json2::crud` and the
//! counts per protocol are plain in its output.
//!
//! Every test is `#[ignore]`d: `cargo test` reports them ignored without a server. Run them
//! against the one `../shared/odoo-server/up --bench 10000` starts:
//!
//! ```sh
//! eval "$(../shared/odoo-server/up --port 8069 --bench 10000 | grep '^export ')"
//! cargo test -p odoo-tests --test live -- --include-ignored
//! ```
//!
//! With `--include-ignored` and no `ODOO_URL`, every test fails and says what to set. A test
//! that does not apply to the server's version fails saying so, and is skipped by name there:
//! on Odoo 17 and 18, `--skip key_json2:: --skip whole_database::generated_bindings_are_fresh`
//! (no JSON-2, no `/doc-bearer`; `json2::refused_before_19` asserts the client's refusal and
//! `whole_database::methods_pull_is_a_notice_before_19` the pull's notice); on 19,
//! `--skip json2::refused_before_19 --skip whole_database::methods_pull_is_a_notice_before_19`.
//! What differs by version is in [`versions`]. The
//! suite writes only records whose names start with `odoo-rs live <module> <test>` and
//! removes them (also leftovers of an interrupted run), and creates, then deletes, one
//! custom model, `x_odoo_rs_live`. Point it at a test database.

mod bindings;
mod env;
mod models;
mod scenarios;
mod versions;

use env::{Credential, Setup};
use odoo_runtime::Protocol;
/// Bindings with methods, generated from the live server (see `scenarios::methods`), in
/// `generated/`: built once, as the library `odoo-test-bindings`.
use odoo_test_bindings as generated;

/// One module per protocol × credential, each with every scenario as a test.
macro_rules! live_suite {
    ($($module:ident: $credential:expr, $protocol:expr;)*) => {$(
        mod $module {
            use super::*;

            const SETUP: Setup = Setup {
                name: stringify!($module),
                credential: $credential,
                protocol: $protocol,
            };

            live_suite!(@async
                version authenticate execute_kw call
                search search_read search_count read_missing_ids crud create_many
                write_set_and_clear x2many_commands unlink fields_get api_doc paging_stream
                paged_read_during_writes incremental_sync
                context restricted_user errors sale_order cross_version
                typed_action_confirm typed_message_post typed_read_group typed_names_defaults_copy
                typed_web_read typed_method_errors load_and_upsert translations attachments
            );

            #[test]
            #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
            fn blocking_client() {
                tokio::runtime::Runtime::new()
                    .expect("a runtime")
                    .block_on(scenarios::json2::applies(&SETUP, "blocking_client"));
                let _shared = scenarios::SERVER.blocking_read();
                scenarios::basics::blocking_client(&SETUP);
            }

            /// Takes the server for itself (see [`scenarios::SERVER`]).
            #[tokio::test]
            #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
            async fn company_context() {
                scenarios::json2::applies(&SETUP, "company_context").await;
                scenarios::company_context(&SETUP).await;
            }

            /// Takes the server for itself (see [`scenarios::SERVER`]).
            #[tokio::test]
            #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
            async fn custom_model() {
                scenarios::json2::applies(&SETUP, "custom_model").await;
                scenarios::custom_model(&SETUP).await;
            }
        }
    )*};
    (@async $($test:ident)*) => {$(
        #[tokio::test]
        #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
        async fn $test() {
            let _shared = scenarios::SERVER.read().await;
            scenarios::json2::applies(&SETUP, stringify!($test)).await;
            scenarios::$test(&SETUP).await;
        }
    )*};
}

live_suite! {
    password_xmlrpc: Credential::Password, Protocol::XmlRpc;
    password_jsonrpc: Credential::Password, Protocol::JsonRpc;
    key_xmlrpc: Credential::ApiKey, Protocol::XmlRpc;
    key_jsonrpc: Credential::ApiKey, Protocol::JsonRpc;
    key_json2: Credential::ApiKey, Protocol::Json2;
}

/// What is not per protocol: the whole database pulled with both sources, every model's
/// bindings generated and checked, and the most used models read through them, once.
mod whole_database {
    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn every_model_pulled_with_both_sources() {
        super::scenarios::whole_database::every_model_pulled().await;
    }

    /// About a minute of `cargo check` per version; CI runs it on 17, 18 and 19.
    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn every_model_generated_and_checked() {
        super::scenarios::whole_database::every_model_generated_and_checked().await;
    }

    /// Two minutes of building: CI runs it against 19 only (it passes on 17 and 18 too).
    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn models_read_through_their_bindings() {
        super::scenarios::whole_database::models_read_through_their_bindings().await;
    }

    /// Odoo 19 and later (`/doc-bearer`); fails saying so on 17 and 18.
    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn generated_bindings_are_fresh() {
        super::scenarios::methods::generated_bindings_are_fresh().await;
    }

    /// Odoo 17 and 18 (no `/doc-bearer`); fails saying so on 19 and later.
    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn methods_pull_is_a_notice_before_19() {
        super::scenarios::methods::methods_pull_is_a_notice_before_19().await;
    }
}

/// Report downloads in a web session: not per protocol (a password client; see
/// `scenarios::reports`).
mod reports {
    macro_rules! report_tests {
        ($($test:ident)*) => {$(
            #[tokio::test]
            #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
            async fn $test() {
                let _shared = super::scenarios::SERVER.read().await;
                super::scenarios::reports::$test().await;
            }
        )*};
    }

    report_tests!(
        html_and_text_render_the_record the_stream_gives_the_body_in_pieces
        a_pdf_without_wkhtmltopdf_is_a_typed_error an_unknown_report_is_a_missing_record
        a_missing_record_is_an_error no_access_is_an_access_error
        a_wrong_password_is_access_denied an_api_key_cannot_open_a_web_session
        an_expired_session_is_renewed
    );
}

/// JSON-2 on Odoo 17 and 18: refused by the client; fails saying so on 19 and later.
mod json2 {
    use super::*;

    #[tokio::test]
    #[ignore = "needs a live Odoo: set ODOO_URL (../shared/odoo-server/up)"]
    async fn refused_before_19() {
        scenarios::json2::refused_before_19(&Setup {
            name: "json2",
            credential: Credential::ApiKey,
            protocol: Protocol::Json2,
        })
        .await;
    }
}
