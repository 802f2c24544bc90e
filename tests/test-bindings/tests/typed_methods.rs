//! What the generated methods refuse at compile time (trybuild): a record method called without
//! its ids or with ids of another model, a domain of another model. The bindings are the live
//! suite's (`tests/tests/live/generated/`, generated from a real Odoo 19 with methods), this
//! package's library. Refresh with `TRYBUILD=overwrite cargo test -p odoo-test-bindings --test
//! typed_methods`.

/// The flags trybuild gives rustc when it checks the ui files (its `rustflags.rs`): `--cfg
/// trybuild`, `--verbose`, `-A dead_code`, `--diagnostic-width=140`.
const TRYBUILD_RUSTFLAGS: [&str; 6] = [
    "--cfg",
    "trybuild",
    "--verbose",
    "-A",
    "dead_code",
    "--diagnostic-width=140",
];

#[test]
fn generated_methods_refuse_wrong_calls_at_compile_time() {
    // As in odoo-derive's `tests/compile_fail.rs`: trybuild checks the dependencies with its
    // flags minus `--diagnostic-width`, then the ui files with it; giving both runs the second
    // set checks odoo-runtime's HTTP stack once instead of twice (and, the flags and features
    // being the same, shares those checks with odoo-derive's ui test in `target/tests/trybuild`).
    // A caller's own flags are left to trybuild.
    if std::env::var_os("CARGO_ENCODED_RUSTFLAGS").is_none()
        && std::env::var_os("RUSTFLAGS").is_none()
    {
        // SAFETY: the binary's only test sets it before starting anything else.
        unsafe { std::env::set_var("CARGO_ENCODED_RUSTFLAGS", TRYBUILD_RUSTFLAGS.join("\x1f")) };
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
