//! Derive macros for `odoo-runtime`. Use them through `odoo_runtime::OdooModel`.
