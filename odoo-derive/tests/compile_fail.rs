//! Every error of the derives, as a user sees it: each `.stderr` shows the message and the
//! token it points at. Refresh with `TRYBUILD=overwrite cargo test -p odoo-derive --test compile_fail`.

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
fn ui() {
    // trybuild checks the dependencies with its flags minus `--diagnostic-width`, then the ui
    // files with it; the flags differ, so Cargo checks every dependency (odoo-runtime's HTTP
    // stack) twice. `CARGO_ENCODED_RUSTFLAGS` comes before the `build.rustflags` trybuild
    // passes, so giving both runs the second set checks them once, and the ui files exactly as
    // before. A caller's own flags (coverage, say) are left to trybuild.
    if std::env::var_os("CARGO_ENCODED_RUSTFLAGS").is_none()
        && std::env::var_os("RUSTFLAGS").is_none()
    {
        // SAFETY: the binary's only test sets it before starting anything else.
        unsafe { std::env::set_var("CARGO_ENCODED_RUSTFLAGS", TRYBUILD_RUSTFLAGS.join("\x1f")) };
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
