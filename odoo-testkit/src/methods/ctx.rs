//! What every handler of the methods table works with.

use crate::access::Access;
use crate::store::{Env, Store};

/// Everything a handler works with: the store, who calls, the model and its records.
pub(crate) struct Ctx<'a> {
    pub(crate) store: &'a mut Store,
    pub(crate) env: &'a Env,
    pub(crate) access: &'a dyn Access,
    pub(crate) model: &'a str,
    pub(crate) ids: Vec<i64>,
}

impl Ctx<'_> {
    /// Odoo's MissingError for the records of `ids` that are not in the database, as a read
    /// of them raises it; `Ok` when every one is there.
    pub(crate) fn missing_error(&self) -> crate::exception::OResult<()> {
        let missing: Vec<i64> = self
            .ids
            .iter()
            .copied()
            .filter(|id| !self.store.exists(self.model, *id))
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(crate::exception::OdooError::missing(
            self.model,
            &missing,
            self.env.uid,
        ))
    }
}
