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
