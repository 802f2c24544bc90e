//! The live suite: the end-to-end scenarios against a real Odoo.
#![allow(dead_code)] // the structs are read lists: their fields are what the suite asks the server for
//!
//! Runs when `ODOO_URL` is set, with `ODOO_DB`, `ODOO_USER` and `ODOO_PASSWORD` and/or
//! `ODOO_API_KEY`; skips with a notice otherwise. It writes only records whose names start with
//! `odoo-rs live` and removes them, and creates then deletes one custom model,
//! `x_odoo_rs_live`. Point it at a test database.

use odoo_codegen::introspect::{introspect, IntrospectOptions};
use odoo_runtime::{
    Call, Client, Command, Domain, ErrorKind, Many2one, OdooModel, Protocol, RecordId, Value,
    Values, X2Many,
};

#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "res.partner.category")]
struct Tag {
    id: RecordId<Tag>,
    name: Option<String>,
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "res.partner")]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    email: Option<String>,
    is_company: bool,
    parent_id: Option<Many2one<Partner>>,
    child_ids: X2Many<Partner>,
    category_id: X2Many<Tag>,
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "sale.order")]
struct SaleOrder {
    id: RecordId<SaleOrder>,
    name: Option<String>,
    partner_id: Option<Many2one<Partner>>,
    order_line: X2Many<SaleOrderLine>,
    amount_total: f64,
}

#[derive(Debug, Clone, OdooModel)]
#[odoo(model = "sale.order.line")]
struct SaleOrderLine {
    id: RecordId<SaleOrderLine>,
    name: Option<String>,
    product_uom_qty: f64,
}

struct Live {
    url: String,
    db: String,
    login: String,
    password: Option<String>,
    api_key: Option<String>,
}

fn live() -> Option<Live> {
    let Ok(url) = std::env::var("ODOO_URL") else {
        eprintln!("notice: ODOO_URL is unset; skipping the live suite (set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD or ODOO_API_KEY)");
        return None;
    };
    let need = |name: &str| {
        std::env::var(name).unwrap_or_else(|_| panic!("ODOO_URL is set but {name} is not"))
    };
    let live = Live {
        url,
        db: need("ODOO_DB"),
        login: std::env::var("ODOO_USER").unwrap_or_default(),
        password: std::env::var("ODOO_PASSWORD").ok(),
        api_key: std::env::var("ODOO_API_KEY").ok(),
    };
    assert!(
        live.password.is_some() || live.api_key.is_some(),
        "set ODOO_PASSWORD or ODOO_API_KEY"
    );
    Some(live)
}

/// Every client the credentials allow: password on XML-RPC and JSON-RPC, the key on XML-RPC
/// and, on Odoo 19 and later, JSON-2.
async fn clients(live: &Live) -> Vec<(String, Client)> {
    let mut out = Vec::new();
    let base = || Client::builder().url(&live.url).database(&live.db);
    if let Some(pw) = &live.password {
        for p in [Protocol::XmlRpc, Protocol::JsonRpc] {
            out.push((
                format!("password/{p}"),
                base()
                    .password(&live.login, pw)
                    .protocol(p)
                    .build()
                    .unwrap(),
            ));
        }
    }
    if let Some(key) = &live.api_key {
        out.push((
            "key/xmlrpc".into(),
            base()
                .api_key(&live.login, key)
                .protocol(Protocol::XmlRpc)
                .build()
                .unwrap(),
        ));
        let auto = base().api_key(&live.login, key).build().unwrap();
        if auto.protocol().await.unwrap() == Protocol::Json2 {
            out.push(("key/json2".into(), auto));
        }
    }
    out
}

async fn has_model(c: &Client, model: &str) -> bool {
    let n: i64 = c
        .call(Call::new("ir.model", "search_count").arg("domain", [("model", "=", model)]))
        .await
        .unwrap();
    n > 0
}

#[tokio::test]
async fn authentication_with_password_and_key() {
    let Some(live) = live() else { return };
    for (name, c) in clients(&live).await {
        let v = c.version().await.unwrap();
        assert!(!v.server_version.is_empty(), "{name}");
        if c.protocol().await.unwrap() != Protocol::Json2 {
            assert!(c.authenticate().await.unwrap() > 0, "{name}");
        }
    }
    let bad = Client::builder()
        .url(&live.url)
        .database(&live.db)
        .password(&live.login, "odoo-rs-wrong-password")
        .build()
        .unwrap();
    let e = bad.authenticate().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessDenied);
    assert!(!e.to_string().contains("odoo-rs-wrong-password"));
}

#[tokio::test]
async fn partner_crud_and_x2many_commands() {
    let Some(live) = live() else { return };
    for (name, c) in clients(&live).await {
        let tag = c
            .create(Values::<Tag>::new().set(Tag::NAME, format!("odoo-rs live {name}")))
            .await
            .unwrap();
        let id = c
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, format!("odoo-rs live {name}"))
                    .set(Partner::IS_COMPANY, true)
                    .set(Partner::EMAIL, "live@example.com")
                    .set(Partner::CATEGORY_ID, [Command::link(tag)])
                    .set(
                        Partner::CHILD_IDS,
                        [Command::create(
                            Values::new().set(Partner::NAME, "odoo-rs live child"),
                        )],
                    ),
            )
            .await
            .unwrap();
        let p = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
        assert_eq!(p.category_id.to_vec(), [tag], "{name}");
        assert_eq!(p.child_ids.len(), 1, "{name}");
        c.write(
            [id],
            Values::new()
                .clear(Partner::EMAIL)
                .set(Partner::CATEGORY_ID, [Command::clear()]),
        )
        .await
        .unwrap();
        let p = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
        assert_eq!(p.email, None, "{name}");
        assert!(p.category_id.is_empty(), "{name}");
        let found = c
            .search(Partner::NAME.eq(format!("odoo-rs live {name}")))
            .await
            .unwrap();
        assert_eq!(found, [id], "{name}");
        let children = p.child_ids.to_vec();
        c.unlink(children).await.unwrap();
        c.unlink([id]).await.unwrap();
        c.unlink([tag]).await.unwrap();
        assert_eq!(
            c.search_count(Partner::ID.eq(id)).await.unwrap(),
            0,
            "{name}"
        );
    }
}

#[tokio::test]
async fn sale_order_with_lines() {
    let Some(live) = live() else { return };
    for (name, c) in clients(&live).await {
        if !has_model(&c, "sale.order").await {
            eprintln!("notice: the sale module is not installed; skipping sale.order");
            return;
        }
        let customer = c
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, format!("odoo-rs live customer {name}")),
            )
            .await
            .unwrap();
        let order = c
            .create(
                Values::<SaleOrder>::new()
                    .set(SaleOrder::PARTNER_ID, customer)
                    .set(
                        SaleOrder::ORDER_LINE,
                        [Command::create(
                            Values::<SaleOrderLine>::new()
                                .set(SaleOrderLine::NAME, "odoo-rs live line")
                                .set(SaleOrderLine::PRODUCT_UOM_QTY, 2.0),
                        )],
                    ),
            )
            .await;
        match order {
            Ok(order) => {
                let o = c
                    .read([order])
                    .await
                    .unwrap()
                    .all_found()
                    .unwrap()
                    .remove(0);
                assert_eq!(o.partner_id.map(|m| m.id), Some(customer), "{name}");
                assert_eq!(o.order_line.len(), 1, "{name}");
                c.unlink([order]).await.unwrap();
            }
            // A line without a product is refused by some configurations: still a typed error.
            Err(e) => assert!(
                matches!(e.kind(), ErrorKind::UserError | ErrorKind::ServerError),
                "{name}: {e:?}"
            ),
        }
        c.unlink([customer]).await.unwrap();
    }
}

#[tokio::test]
async fn every_error_class() {
    let Some(live) = live() else { return };
    for (name, c) in clients(&live).await {
        let e = c
            .call::<Value>(
                Call::new("res.partner", "read")
                    .ids([1])
                    .arg("fields", ["odoo_rs_no_such_field"]),
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ServerError, "{name}: {e:?}");
        let e = c
            .call::<Value>(
                Call::new("odoo.rs.no.such.model", "search")
                    .arg("domain", Domain::<Partner>::all()),
            )
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{name}: {e:?}");
        let e = c
            .call::<Value>(Call::new("res.partner", "_read").ids([1]))
            .await
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::AccessError | ErrorKind::ServerError),
            "{name}: {e:?}"
        );
        let e = c
            .call::<Value>(Call::new("res.country.state", "create").arg(
                "vals_list",
                vec![[("name", "odoo-rs live state")].into_iter().collect::<Value>()],
            ))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{name}: {e:?}");
        let gone = c
            .create(Values::<Partner>::new().set(Partner::NAME, "odoo-rs live gone"))
            .await
            .unwrap();
        c.unlink([gone]).await.unwrap();
        let e = c
            .write([gone], Values::new().set(Partner::NAME, "x"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{name}: {e:?}");
        assert!(c.read([gone]).await.unwrap().missing == [gone], "{name}");
    }
}

#[tokio::test]
async fn a_custom_model() {
    let Some(live) = live() else { return };
    let Some((name, c)) = clients(&live).await.into_iter().next() else {
        return;
    };
    let access: Value = [
        ("name", Value::from("x_odoo_rs_live all")),
        ("perm_read", true.into()),
        ("perm_write", true.into()),
        ("perm_create", true.into()),
        ("perm_unlink", true.into()),
    ]
    .into_iter()
    .collect();
    let model: Vec<i64> = c
        .call(Call::new("ir.model", "create").arg(
            "vals_list",
            vec![[
                    ("name", Value::from("odoo-rs live")),
                    ("model", "x_odoo_rs_live".into()),
                    ("state", "manual".into()),
                    (
                        "access_ids",
                        vec![Value::from(vec![Value::from(0), 0.into(), access])].into(),
                    ),
                ]
                .into_iter()
                .collect::<Value>()],
        ))
        .await
        .unwrap();
    let field: Value = [
        ("model_id", Value::from(model[0])),
        ("name", "x_score".into()),
        ("ttype", "integer".into()),
        ("state", "manual".into()),
        ("field_description", "Score".into()),
    ]
    .into_iter()
    .collect();
    let _: Vec<i64> = c
        .call(Call::new("ir.model.fields", "create").arg("vals_list", vec![field]))
        .await
        .unwrap();
    let ids: Vec<i64> = c
        .call(Call::new("x_odoo_rs_live", "create").arg(
            "vals_list",
            vec![[("x_name", Value::from("one")), ("x_score", 7.into())]
                    .into_iter()
                    .collect::<Value>()],
        ))
        .await
        .unwrap();
    let rows: Vec<Value> = c
        .call(
            Call::new("x_odoo_rs_live", "read")
                .ids(ids.clone())
                .arg("fields", ["x_name", "x_score"]),
        )
        .await
        .unwrap();
    assert_eq!(rows[0]["x_score"], Value::Int(7), "{name}");
    let fields = c.fields_get("x_odoo_rs_live").await.unwrap();
    assert!(fields.contains_key("x_score"), "{name}");
    let _: bool = c
        .call(Call::new("ir.model", "unlink").ids(model))
        .await
        .unwrap();
}

#[tokio::test]
async fn introspection_of_every_model() {
    let Some(live) = live() else { return };
    let Some((name, c)) = clients(&live).await.into_iter().next() else {
        return;
    };
    let found = introspect(&c, &IntrospectOptions::default().progress(false))
        .await
        .unwrap();
    println!(
        "{name}: {} models, {} failures, {} calls in {:?}",
        found.schema.models.len(),
        found.failures.len(),
        found.calls,
        found.elapsed
    );
    for f in &found.failures {
        println!("  {f}");
    }
    assert!(found.schema.models.len() > 50);
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let generated = odoo_codegen::Config::new().generate(&found.schema).unwrap();
    assert!(generated.file("res_partner.rs").is_some());
}
