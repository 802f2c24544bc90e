//! Bindings generated from one Odoo version used against another: they work where the fields
//! agree, and otherwise fail with the server's error on the field plus both versions.
//!
//! The structs are cut-down copies of what `odoo-codegen` generates for `ir.model.fields`:
//! Odoo 17 has `complete_name` but no `company_dependent`; Odoo 19 the reverse; and 17/18's
//! `translate` is a boolean where 19's is a selection (a decode error on 19).

use odoo_runtime::{Domain, ErrorKind, OdooModel, RecordId};

use crate::env::Setup;
use crate::versions::major;

/// As generated from Odoo 19.0.
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields", odoo_version = "19.0")]
pub struct FieldFrom19 {
    pub id: RecordId<FieldFrom19>,
    pub name: Option<String>,
    pub company_dependent: bool,
}

/// As generated from Odoo 17.0 (`complete_name`, a char that is `false` for base fields).
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields", odoo_version = "17.0-20240709")]
pub struct FieldFrom17 {
    pub id: RecordId<FieldFrom17>,
    pub name: Option<String>,
    pub complete_name: Option<String>,
}

/// As generated from Odoo 18.0 (`translate` a boolean).
#[derive(Debug, OdooModel)]
#[odoo(model = "ir.model.fields", odoo_version = "18.0-20250702")]
pub struct FieldFrom18 {
    pub id: RecordId<FieldFrom18>,
    pub name: Option<String>,
    pub translate: bool,
}

pub async fn cross_version(s: &Setup) {
    let c = s.client();
    let server = c.version().await.unwrap().server_version;
    let major = major().await;
    let name = || FieldFrom19::NAME.eq("name") & Domain::leaf("model", "=", "res.partner");

    let from_19 = c.search_read::<FieldFrom19>(name()).await;
    if major >= 18 {
        let rows = from_19.expect("company_dependent exists from Odoo 18 on");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.as_deref(), Some("name"));
        assert!(rows[0].id.get() > 0 && !rows[0].company_dependent);
    } else {
        let e = from_19.expect_err("no company_dependent on Odoo 17");
        assert_eq!(e.kind(), ErrorKind::ServerError, "{e:?}");
        let text = e.to_string();
        assert!(text.contains("Invalid field 'company_dependent'"), "{text}");
        assert!(
            text.contains(&format!(
                "bindings generated from Odoo 19.0; the server is Odoo {server}"
            )),
            "{text}"
        );
    }

    let from_17 = c
        .search_read::<FieldFrom17>(
            FieldFrom17::NAME.eq("name") & Domain::leaf("model", "=", "res.partner"),
        )
        .await;
    if major <= 18 {
        let rows = from_17.expect("complete_name exists up to Odoo 18");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.as_deref(), Some("name"));
        assert!(rows[0].id.get() > 0, "{rows:?}");
        // Stored but not computed for base fields: `false` on the real servers.
        assert_eq!(rows[0].complete_name, None, "{rows:?}");
    } else {
        let e = from_17.expect_err("no complete_name on Odoo 19");
        let text = e.to_string();
        assert!(text.contains("Invalid field 'complete_name'"), "{text}");
        assert!(
            text.contains(&format!(
                "bindings generated from Odoo 17.0-20240709; the server is Odoo {server}"
            )),
            "{text}"
        );
    }

    // A translated field: `true` up to 18, `'standard'` on 19 — which a `bool` cannot hold.
    let from_18 = c
        .search_read::<FieldFrom18>(
            FieldFrom18::NAME.eq("name") & Domain::leaf("model", "=", "res.country"),
        )
        .await;
    if major <= 18 {
        let rows = from_18.expect("translate is a boolean up to Odoo 18");
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name.as_deref(), Some("name"));
        assert!(
            rows[0].id.get() > 0 && rows[0].translate,
            "res.country.name is translated"
        );
    } else {
        let e = from_18.expect_err("translate is a selection on Odoo 19");
        assert_eq!(e.kind(), ErrorKind::Decode, "{e:?}");
        let text = e.to_string();
        assert!(text.contains("translate"), "names the field: {text}");
        assert!(
            text.contains(&format!(
                "bindings generated from Odoo 18.0-20250702; the server is Odoo {server}"
            )),
            "{text}"
        );
    }
}
