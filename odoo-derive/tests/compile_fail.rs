//! Every error of the derives, as a user sees it: each `.stderr` shows the message and the
//! token it points at. Refresh with `TRYBUILD=overwrite cargo test -p odoo-derive --test compile_fail`.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
