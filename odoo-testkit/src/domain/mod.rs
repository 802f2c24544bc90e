//! Search domains: parsing Odoo's prefix notation (`parse.rs`) and evaluating it over the store
//! (`eval.rs`).

mod eval;
mod parse;

pub(crate) use eval::Evaluator;
pub(crate) use parse::{and, or, parse, Cond, Dom};
