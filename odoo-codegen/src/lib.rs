//! odoo-codegen
