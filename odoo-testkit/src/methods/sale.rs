//! The quotation workflow of `sale.order` (`addons/sale/models/sale_order.py`): confirming
//! (`action_confirm`), cancelling (`action_cancel`), back to quotation (`action_draft`), and
//! the refusal to delete a confirmed order. No pricing, sequence, stock or invoicing.

use odoo_runtime::Value;

use super::bind::Bound;
use super::ctx::Ctx;
use crate::exception::{OResult, OdooError};
use crate::store::Store;
use crate::values::{now_string, truthy};

pub(crate) const ORDER: &str = "sale.order";

fn state(store: &Store, id: i64) -> String {
    store
        .raw(ORDER, id, "state")
        .as_str()
        .unwrap_or("draft")
        .to_owned()
}

fn write_state(ctx: &mut Ctx<'_>, ids: &[i64], values: &[(&str, Value)]) -> OResult<()> {
    let vals = values
        .iter()
        .filter(|(k, _)| ctx.store.has_field(ORDER, k))
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    ctx.store.write(ORDER, ids, vals, ctx.env)
}

pub(super) fn action_confirm(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ORDER, "write")?;
    for &id in &ctx.ids {
        if !matches!(state(ctx.store, id).as_str(), "draft" | "sent") {
            return Err(OdooError::user(
                "Some orders are not in a state requiring confirmation.",
            ));
        }
        if let Some(field) = ctx.store.field(ORDER, "order_line").cloned() {
            let lines = ctx.store.linked(ORDER, id, &field, false);
            let line_model = field.relation.unwrap_or_default();
            let missing = lines.iter().any(|l| {
                !truthy(&ctx.store.raw(&line_model, *l, "display_type"))
                    && !truthy(&ctx.store.raw(&line_model, *l, "is_downpayment"))
                    && !truthy(&ctx.store.raw(&line_model, *l, "product_id"))
            });
            if missing {
                return Err(OdooError::user(
                    "Some order lines are missing a product, you need to correct them before going further.",
                ));
            }
        }
    }
    let ids = ctx.ids.clone();
    write_state(
        ctx,
        &ids,
        &[
            ("state", Value::from("sale")),
            ("date_order", Value::String(now_string())),
        ],
    )?;
    Ok(Value::Bool(true))
}

pub(super) fn action_cancel(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ORDER, "write")?;
    if ctx
        .ids
        .iter()
        .any(|id| truthy(&ctx.store.raw(ORDER, *id, "locked")))
    {
        return Err(OdooError::user(
            "You cannot cancel a locked order. Please unlock it first.",
        ));
    }
    let ids = ctx.ids.clone();
    write_state(ctx, &ids, &[("state", Value::from("cancel"))])?;
    Ok(Value::Bool(true))
}

pub(super) fn action_draft(ctx: &mut Ctx<'_>, _args: Bound) -> OResult<Value> {
    ctx.access.check(ctx.store, ORDER, "write")?;
    let ids: Vec<i64> = ctx
        .ids
        .iter()
        .copied()
        .filter(|id| matches!(state(ctx.store, *id).as_str(), "cancel" | "sent"))
        .collect();
    write_state(ctx, &ids, &[("state", Value::from("draft"))])?;
    Ok(Value::Bool(true))
}

/// `_unlink_except_draft_or_cancel`.
pub(crate) fn check_unlink(store: &Store, model: &str, ids: &[i64]) -> OResult<()> {
    if model != ORDER {
        return Ok(());
    }
    if ids
        .iter()
        .any(|id| !matches!(state(store, *id).as_str(), "draft" | "cancel"))
    {
        return Err(OdooError::user(
            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it.",
        ));
    }
    Ok(())
}
