//! The runtime's context against the test server, on each protocol: a company-dependent
//! value written and read per company through `.allowed_companies(…)`/`.company(…)`, a
//! company the user may not use, and a translatable field written, read and listed in a
//! second installed language (which the real kit's databases lack: they install `en_US`
//! only, and the differential suite checks what they can show).

use odoo_runtime::schema::{Field, FieldType, Model, Schema};
use odoo_runtime::{Client, Context, ErrorKind, OdooModel, Protocol, RecordId, Values};
use odoo_testkit::TestServer;

const KEY: &str = "context-key";

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.company")]
struct Company {
    id: RecordId<Company>,
    name: Option<String>,
}

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner")]
struct Partner {
    id: RecordId<Partner>,
    name: Option<String>,
    credit_limit: f64,
}

#[allow(dead_code)]
#[derive(Debug, OdooModel)]
#[odoo(model = "res.partner.category")]
struct Tag {
    id: RecordId<Tag>,
    name: Option<String>,
}

fn field(name: &str, ty: FieldType, relation: Option<&str>) -> Field {
    let mut f = Field::new(name, ty, name);
    f.relation = relation.map(str::to_owned);
    f
}

fn model(name: &str, fields: Vec<Field>) -> Model {
    let mut m = Model::new(name, name);
    for f in fields {
        m.fields.insert(f.name.clone(), f);
    }
    m
}

fn schema() -> Schema {
    use FieldType::*;
    let mut s = Schema::new("19.0", "odoo19");
    s.insert(model("res.company", vec![field("name", Char, None)]));
    s.insert(model(
        "res.users",
        vec![
            field("name", Char, None),
            field("login", Char, None),
            field("company_id", Many2one, Some("res.company")),
            field("company_ids", Many2many, Some("res.company")),
        ],
    ));
    let mut credit = field("credit_limit", Float, None);
    credit.extra.insert("company_dependent".into(), true.into());
    s.insert(model(
        "res.partner",
        vec![
            field("name", Char, None),
            field("company_id", Many2one, Some("res.company")),
            credit,
        ],
    ));
    let mut name = field("name", Char, None);
    name.extra.insert("translate".into(), true.into());
    s.insert(model("res.partner.category", vec![name]));
    s
}

const SEED: &str = r#"{
  "res.company": [{"id": 1, "name": "First"}, {"id": 2, "name": "Second"}, {"id": 3, "name": "Not mine"}],
  "res.users": [{"id": 2, "company_id": 1, "company_ids": [1, 2]}],
  "res.partner.category": [{"id": 1, "name": "Vendor"}]
}"#;

async fn start() -> TestServer {
    TestServer::builder()
        .schema(schema())
        .data_json(SEED)
        .user("admin", "admin")
        .api_key("admin", KEY)
        .language("fr_FR")
        .start()
        .await
        .expect("test server")
}

fn clients(server: &TestServer) -> Vec<(Protocol, Client)> {
    [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2]
        .into_iter()
        .map(|p| {
            let client = Client::builder()
                .url(server.url())
                .database("odoo19")
                .api_key("admin", KEY)
                .protocol(p)
                .build()
                .expect("client");
            (p, client)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn company_dependent_values_differ_per_company_and_other_companies_are_refused() {
    let server = start().await;
    let (first, second) = (RecordId::<Company>::new(1), RecordId::<Company>::new(2));
    for (p, c) in clients(&server) {
        let partner = c
            .create(
                Values::<Partner>::new()
                    .set(Partner::NAME, "Costed")
                    .set(Partner::CREDIT_LIMIT, 100.0),
            )
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        c.write(
            [partner],
            Values::<Partner>::new().set(Partner::CREDIT_LIMIT, 250.0),
        )
        .with_context(&Context::new().allowed_companies([second, first]))
        .await
        .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let limit = |context: Context| {
            let c = c.clone();
            async move {
                c.read([partner])
                    .with_context(&context)
                    .await
                    .unwrap()
                    .all_found()
                    .unwrap()[0]
                    .credit_limit
            }
        };
        assert_eq!(limit(Context::new()).await, 100.0, "{p:?}");
        assert_eq!(limit(Context::new().company(first)).await, 100.0, "{p:?}");
        assert_eq!(limit(Context::new().company(second)).await, 250.0, "{p:?}");
        let found = c
            .search(Partner::CREDIT_LIMIT.eq(250.0))
            .with_context(&Context::new().company(second))
            .await
            .unwrap();
        assert_eq!(found, vec![partner], "{p:?}");

        let e = c
            .read([partner])
            .with_context(&Context::new().company(RecordId::<Company>::new(3)))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::AccessError, "{p:?}: {e}");
        assert_eq!(
            e.server_message(),
            Some("Access to unauthorized or invalid companies.")
        );
        c.unlink([partner]).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_translatable_field_holds_a_value_per_installed_language() {
    let server = start().await;
    let tag = RecordId::<Tag>::new(1);
    for (p, c) in clients(&server) {
        c.update_field_translations([tag], Tag::NAME)
            .set("fr_FR", "Fournisseur")
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let name = |lang: &'static str| {
            let c = c.clone();
            async move {
                c.read([tag]).lang(lang).await.unwrap().all_found().unwrap()[0]
                    .name
                    .clone()
            }
        };
        assert_eq!(name("fr_FR").await.as_deref(), Some("Fournisseur"), "{p:?}");
        assert_eq!(name("en_US").await.as_deref(), Some("Vendor"), "{p:?}");
        let all = c.field_translations(tag, Tag::NAME).await.unwrap();
        let pairs: Vec<(&str, &str, &str)> = all
            .translations
            .iter()
            .map(|t| (t.lang.as_str(), t.source.as_str(), t.value.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("en_US", "Vendor", "Vendor"),
                ("fr_FR", "Vendor", "Fournisseur")
            ],
            "{p:?}"
        );
        assert_eq!(
            (all.translation_type.as_str(), all.show_source),
            ("char", false)
        );

        // Writing in French leaves the English text alone.
        c.write([tag], Values::<Tag>::new().set(Tag::NAME, "Vendeur"))
            .lang("fr_FR")
            .await
            .unwrap();
        assert_eq!(name("fr_FR").await.as_deref(), Some("Vendeur"), "{p:?}");
        assert_eq!(name("en_US").await.as_deref(), Some("Vendor"), "{p:?}");

        let e = c
            .update_field_translations([tag], Tag::NAME)
            .set("de_DE", "Lieferant")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{p:?}: {e}");
        assert_eq!(
            e.server_message(),
            Some("The following languages are not activated: de_DE")
        );
        let e = c.read([tag]).lang("de_DE").await.unwrap_err();
        assert_eq!(e.server_message(), Some("Invalid language code: de_DE"));
    }
}

/// `has_access` (18 and 19) answers for the records given: the access-control list, then the
/// record rules under the context's companies; with a rule to apply, a record that is gone is
/// a MissingError, as on Odoo (the differential suite checks the same calls against it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn has_access_follows_the_company_rules_of_the_records_given() {
    use odoo_runtime::Call;
    let server = TestServer::builder()
        .schema(schema())
        .data_json(SEED)
        .user("admin", "admin")
        .api_key("admin", KEY)
        .record_rule(
            "res.partner",
            &[],
            "['|', ('company_id', '=', False), ('company_id', 'in', company_ids)]",
            "rwcu",
        )
        .start()
        .await
        .expect("test server");
    for (p, c) in clients(&server) {
        let created: Vec<i64> = c
            .call(Call::new("res.partner", "create").arg(
                "vals_list",
                serde_json::json!([{"name": "Of the second", "company_id": 2}]),
            ))
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let second = created[0];
        let has = |ids: Vec<i64>, first_only: bool| {
            let mut call = Call::new("res.partner", "has_access")
                .ids(ids)
                .arg("operation", "read");
            if first_only {
                call = call.context_value("allowed_company_ids", vec![1_i64]);
            }
            let c = c.clone();
            async move { c.call::<bool>(call).await }
        };
        assert!(
            has(vec![second], false).await.unwrap(),
            "{p:?}: both companies"
        );
        assert!(
            !has(vec![second], true).await.unwrap(),
            "{p:?}: first company only"
        );
        assert!(has(vec![], true).await.unwrap(), "{p:?}: no records");
        let gone = has(vec![second, 999_999], true).await.unwrap_err();
        assert_eq!(gone.kind(), ErrorKind::MissingRecord, "{p:?}: {gone}");
    }
}
