//! What the live suite expects differently of Odoo 17, 18 and 19: the server's own texts and
//! what each version has. The client's handling of these differences is in
//! `odoo-runtime/src/protocol/versions.rs`; this is what the real servers say, measured on
//! 17.0-20240709, 18.0-20250702 and 19.0.

use tokio::sync::OnceCell;

use crate::env::Live;

/// The server's major version: `ODOO_VERSION` (which `up` prints), checked against, or else
/// read from, `common.version`.
pub async fn major() -> u32 {
    static MAJOR: OnceCell<u32> = OnceCell::const_new();
    *MAJOR
        .get_or_init(|| async {
            let live = Live::get();
            let client = odoo_runtime::Client::builder()
                .url(&live.url)
                .database(&live.db)
                .password(&live.user, "unused: version() takes no credentials")
                .build()
                .expect("valid settings");
            let v = client.version().await.expect("common.version");
            let major = v.major().expect("a major version");
            if let Some(expected) = live.version {
                assert_eq!(major, expected, "ODOO_VERSION says {expected}: {v:?}");
            }
            major
        })
        .await
}

/// The version's texts and features, as [`major`] picks them.
pub struct Expect {
    pub major: u32,
}

impl Expect {
    pub async fn get() -> Expect {
        Expect {
            major: major().await,
        }
    }

    /// JSON-2 (`/json/2`) and `/doc-bearer` exist (19+).
    pub fn json2(&self) -> bool {
        self.major >= 19
    }

    /// `exists` can be called remotely (up to 18; `@api.private` on 19).
    pub fn exists_is_public(&self) -> bool {
        self.major <= 18
    }

    /// `AccessError` for a private method: 17 names the method alone, 18+ model and method.
    pub fn private_method(&self, model: &str, method: &str) -> String {
        if self.major <= 17 {
            format!("Private methods (such as {method}) cannot be called remotely.")
        } else {
            format!("Private methods (such as '{model}.{method}') cannot be called remotely.")
        }
    }

    /// `ValueError` for an unknown field of a read list: `on model 'm'` up to 18, `on 'm'` on 19.
    pub fn invalid_field(&self, model: &str, field: &str) -> String {
        if self.major <= 18 {
            format!("Invalid field '{field}' on model '{model}'")
        } else {
            format!("Invalid field '{field}' on '{model}'")
        }
    }

    /// `formatted_read_group` exists (19+; before, `read_group` only).
    pub fn formatted_read_group(&self) -> bool {
        self.major >= 19
    }

    /// `sale.order.action_confirm`'s `UserError` for an order already confirmed: 17 names the
    /// orders, 18+ does not.
    pub fn not_confirmable(&self, order_name: &str) -> String {
        if self.major <= 17 {
            format!("The following orders are not in a state requiring confirmation: {order_name}")
        } else {
            "Some orders are not in a state requiring confirmation.".to_owned()
        }
    }

    /// The `ValidationError` for a required value left out (a NOT NULL violation): 17 and 18
    /// list what may have gone wrong, 19 names the field.
    pub fn required_missing(&self) -> &'static str {
        if self.major <= 18 {
            "- Create/update: a mandatory field is not set."
        } else {
            "Missing required value for the field"
        }
    }
}
