//! What the generated methods refuse at compile time (trybuild): a record method called without
//! its ids or with ids of another model, a domain of another model. The bindings are the live
//! suite's (`tests/live/generated/`, generated from a real Odoo 19 with methods).

#[test]
fn generated_methods_refuse_wrong_calls_at_compile_time() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
