//! What Odoo serves to a web session rather than through its external API: report downloads
//! ([`report`]), in a session opened with the client's login and password.

pub mod report;
pub(crate) mod session;
