//! The ORM's record operations on the store, as inherent methods of `Store`: `read` and its
//! value forms (`read.rs`); `create`, `write`, `unlink`, `copy` and the seed data
//! (`write.rs`), with Odoo's integrity checks (`checks.rs`) and x2many commands
//! (`x2many.rs`); `ir.attachment`'s content and what Odoo computes from it (`attachment.rs`);
//! what the context's company and language change in them (`context.rs`); record rules
//! (`ir.rule`, `rules.rs`); `unique` SQL constraints (`unique.rs`).
pub(crate) mod attachment;
mod checks;
pub(crate) mod context;
mod read;
pub(crate) mod rules;
pub(crate) mod unique;
mod write;
mod x2many;
