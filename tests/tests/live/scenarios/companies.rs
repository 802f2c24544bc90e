//! The context of a call against the real server: a second company made by the test, a
//! product whose company-dependent `standard_price` differs per company, read and written
//! through `.company(…)`, `.allowed_companies(…)` and a [`Context`]; what Odoo does without
//! them; `lang` (only `en_US` is installed on the kit's databases) and `tz`.

use odoo_runtime::{Call, Client, Context, ErrorKind, Map, OdooModel, RecordId, Value, Values};

use crate::env::{Live, Setup};

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.company")]
pub struct Company {
    pub id: RecordId<Company>,
    pub name: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "product.product")]
pub struct CostedProduct {
    pub id: RecordId<CostedProduct>,
    pub name: Option<String>,
    pub standard_price: f64,
}

/// The id of the suite's user.
async fn user_id(c: &Client) -> i64 {
    let ids: Vec<i64> = c
        .call(Call::new("res.users", "search").arg("domain", [("login", "=", Live::get().user)]))
        .await
        .expect("the user");
    ids[0]
}

/// Adds (`4`) or removes (`3`) `company` from the user's companies.
async fn membership(c: &Client, uid: i64, command: i64, company: RecordId<Company>) {
    let vals: Map = [(
        "company_ids".to_owned(),
        Value::from(vec![Value::from(vec![
            Value::Int(command),
            Value::Int(company.get()),
        ])]),
    )]
    .into_iter()
    .collect();
    let _: bool = c
        .call(Call::new("res.users", "write").ids([uid]).arg("vals", vals))
        .await
        .expect("change the user's companies");
}

/// Removes companies (and products) named `prefix…` that an interrupted run left.
async fn sweep_companies(c: &Client, uid: i64, prefix: &str) {
    let products = c
        .search(CostedProduct::NAME.eq_like(format!("{prefix}%")))
        .context("active_test", false)
        .await
        .expect("search leftover products");
    c.unlink(products).await.expect("remove leftover products");
    let companies = c
        .search(Company::NAME.eq_like(format!("{prefix}%")))
        .context("active_test", false)
        .await
        .expect("search leftover companies");
    for company in companies {
        membership(c, uid, 3, company).await;
        c.unlink([company])
            .await
            .expect("remove a leftover company");
    }
}

async fn price(c: &Client, product: RecordId<CostedProduct>, context: Option<&Context>) -> f64 {
    let read = c.read([product]);
    let read = match context {
        Some(ctx) => read.with_context(ctx),
        None => read,
    };
    read.await.unwrap().all_found().unwrap()[0].standard_price
}

/// Takes the server for itself ([`super::SERVER`]): creating and deleting a company changes
/// what every request sees, and on a threaded Odoo, requests served meanwhile fail
/// (`RuntimeError: dictionary changed size during iteration`; two companies created at once:
/// `Another model is using the record you are trying to delete`, as the answer to a `create`).
pub async fn company_context(s: &Setup) {
    let _alone = super::SERVER.write().await;
    let c = s.client();
    let prefix = s.prefix("company_context");
    let uid = user_id(&c).await;
    sweep_companies(&c, uid, &prefix).await;

    let home: RecordId<Company> = {
        let read: Vec<Map> = c
            .call(
                Call::new("res.users", "read")
                    .ids([uid])
                    .arg("fields", ["company_id"]),
            )
            .await
            .unwrap();
        RecordId::new(read[0]["company_id"][0].as_i64().expect("a company"))
    };
    let other = c
        .create(Values::<Company>::new().set(Company::NAME, format!("{prefix} company")))
        .await
        .expect("a second company");
    membership(&c, uid, 4, other).await;

    let product = c
        .create(
            Values::<CostedProduct>::new().set(CostedProduct::NAME, format!("{prefix} product")),
        )
        .await
        .expect("a product");
    c.write(
        [product],
        Values::new().set(CostedProduct::STANDARD_PRICE, 10.0),
    )
    .company(home)
    .await
    .expect("the cost in the user's company");
    c.write(
        [product],
        Values::new().set(CostedProduct::STANDARD_PRICE, 20.0),
    )
    .company(other)
    .await
    .expect("the cost in the second company");

    let in_home = Context::new().company(home);
    let in_other = Context::new().company(other);
    assert_eq!(price(&c, product, Some(&in_home)).await, 10.0);
    assert_eq!(price(&c, product, Some(&in_other)).await, 20.0);
    // Without a company in the context: the user's default company, whichever was meant.
    assert_eq!(price(&c, product, None).await, 10.0);
    // The first allowed company is the current one.
    let both = c
        .read([product])
        .allowed_companies([other, home])
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(both[0].standard_price, 20.0);
    let read = c
        .search_read(CostedProduct::ID.eq(product))
        .company(other)
        .await
        .unwrap();
    assert_eq!(read[0].standard_price, 20.0);
    // A write without the context lands in the default company, not the second one.
    c.write(
        [product],
        Values::new().set(CostedProduct::STANDARD_PRICE, 11.0),
    )
    .await
    .unwrap();
    assert_eq!(price(&c, product, Some(&in_home)).await, 11.0);
    assert_eq!(price(&c, product, Some(&in_other)).await, 20.0);

    // A company the user is not in.
    let e = c
        .read([product])
        .company(RecordId::<Company>::new(999_999))
        .await
        .expect_err("an unauthorized company");
    assert_eq!(e.kind(), ErrorKind::AccessError, "{e}");
    assert!(
        e.to_string()
            .contains("Access to unauthorized or invalid companies"),
        "{e}"
    );

    // `lang`: the kit has only `en_US` installed. An uninstalled code is refused by 18 and
    // 19 (`Invalid language code: fr_FR`, a UserError); 17 falls back to `en_US`.
    let en = c
        .read([product])
        .lang("en_US")
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(
        en[0].name.as_deref(),
        Some(format!("{prefix} product").as_str())
    );
    let fr = c.read([product]).lang("fr_FR").await;
    match crate::versions::major().await {
        17 => assert_eq!(
            fr.unwrap().all_found().unwrap()[0].name,
            en[0].name,
            "Odoo 17 reads an uninstalled language as en_US"
        ),
        _ => {
            let e = fr.expect_err("an uninstalled language");
            assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
            assert!(
                e.to_string().contains("Invalid language code: fr_FR"),
                "{e}"
            );
        }
    }
    // `tz` changes nothing the API reads: datetimes stay UTC.
    let stamp = |ctx: Option<&str>| {
        let c = c.clone();
        let ctx = ctx.map(str::to_owned);
        async move {
            let call = Call::new("product.product", "read")
                .ids([product.get()])
                .arg("fields", ["create_date"]);
            let call = match ctx {
                Some(tz) => call.context_value("tz", tz),
                None => call,
            };
            let rows: Vec<Map> = c.call(call).await.unwrap();
            rows[0]["create_date"].clone()
        }
    };
    assert_eq!(stamp(Some("Pacific/Kiritimati")).await, stamp(None).await);
    let with_tz = c.read([product]).tz("Pacific/Kiritimati").await.unwrap();
    assert_eq!(with_tz.records.len(), 1);

    c.unlink([product]).await.expect("remove the product");
    membership(&c, uid, 3, other).await;
    c.unlink([other]).await.expect("remove the second company");
}
