//! [`ModelFilter`]: which models to take, by name glob and by module. Shared by generation
//! ([`crate::config::Config`]) and introspection ([`crate::introspect`]).

use crate::glob;

/// Which models to take from a schema: include globs (all models when empty), exclude globs and
/// modules.
///
/// ```
/// use odoo_codegen::ModelFilter;
/// let filter = ModelFilter::default().include(["sale.*", "res.partner"]).exclude(["*.wizard"]);
/// assert!(filter.matches("sale.order", &[]));
/// assert!(!filter.matches("sale.order.wizard", &[]));
/// assert!(!filter.matches("res.users", &[]));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModelFilter {
    /// Globs a model name must match (any of them); empty means every model.
    pub include: Vec<String>,
    /// Globs that drop a model.
    pub exclude: Vec<String>,
    /// Modules (`sale`, `account`…) a model must come from or be extended by; empty means any.
    pub modules: Vec<String>,
}

impl ModelFilter {
    /// Adds include globs.
    pub fn include<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.include.extend(globs.into_iter().map(Into::into));
        self
    }

    /// Adds exclude globs.
    pub fn exclude<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.exclude.extend(globs.into_iter().map(Into::into));
        self
    }

    /// Adds modules.
    pub fn modules<S: Into<String>>(mut self, modules: impl IntoIterator<Item = S>) -> Self {
        self.modules.extend(modules.into_iter().map(Into::into));
        self
    }

    /// `true` when the model (with the modules that define it) is selected.
    pub fn matches(&self, model: &str, modules: &[String]) -> bool {
        glob::select(&self.include, &self.exclude, model)
            && (self.modules.is_empty() || modules.iter().any(|m| self.modules.contains(m)))
    }

    /// `true` when nothing is filtered.
    pub fn is_all(&self) -> bool {
        self.include.is_empty() && self.exclude.is_empty() && self.modules.is_empty()
    }
}
