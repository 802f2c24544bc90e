//! odoo-testkit
