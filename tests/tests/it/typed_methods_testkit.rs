//! Typed methods end to end against `odoo-testkit`, on each of the three protocols: the
//! generated bindings' methods (`SaleOrder::action_confirm`, `ResPartner::message_post`; the
//! bindings are the live suite's, generated from a real Odoo 19, built once as the library
//! `odoo-test-bindings`) and the runtime's ORM calls beyond CRUD. The live suite runs the same
//! against the real server.

use odoo_runtime::schema::{Field, FieldType, Model, Schema, SelectionOption};
use odoo_runtime::{
    Client, Command, Domain, ErrorKind, Many2one, OdooModel, Protocol, RecordId, Value, Values,
};
use odoo_test_bindings::mail_message::MailMessageMessageType;
use odoo_test_bindings::sale_order::SaleOrderState;
use odoo_test_bindings::{MailMessage, ResCountry, ResPartner, SaleOrder, SaleOrderLine};
use odoo_testkit::TestServer;

const KEY: &str = "typed-methods-key";

fn field(name: &str, ty: FieldType, relation: Option<&str>) -> Field {
    let mut f = Field::new(name, ty, name);
    f.relation = relation.map(str::to_owned);
    f
}

/// A model with its fields and Odoo's computed `display_name`, which `name_search` searches.
fn model(name: &str, fields: Vec<Field>) -> Model {
    let mut m = Model::new(name, name);
    let mut display_name = field("display_name", FieldType::Char, None);
    display_name.readonly = true;
    display_name.store = false;
    for f in fields.into_iter().chain([display_name]) {
        m.fields.insert(f.name.clone(), f);
    }
    m
}

fn one2many(name: &str, comodel: &str, inverse: &str) -> Field {
    let mut f = field(name, FieldType::One2many, Some(comodel));
    f.relation_field = Some(inverse.into());
    f
}

fn schema() -> Schema {
    use FieldType::*;
    let mut schema = Schema::new("19.0", "odoo19");
    schema.insert(model(
        "res.country",
        vec![field("name", Char, None), field("code", Char, None)],
    ));
    schema.insert(model(
        "res.partner.category",
        vec![field("name", Char, None)],
    ));
    schema.insert(model("product.product", vec![field("name", Char, None)]));
    let mut active = field("active", Boolean, None);
    active.default = Some(true.into());
    schema.insert(model(
        "res.partner",
        vec![
            field("name", Char, None),
            field("email", Char, None),
            active,
            field("is_company", Boolean, None),
            field("color", Integer, None),
            field("lang", Char, None),
            field("country_id", Many2one, Some("res.country")),
            field("parent_id", Many2one, Some("res.partner")),
            field("category_id", Many2many, Some("res.partner.category")),
            // A `mail.thread` model has its messages.
            field("message_ids", One2many, Some("mail.message")),
        ],
    ));
    schema.insert(model(
        "mail.message",
        vec![
            field("body", Html, None),
            field("message_type", Char, None),
            field("model", Char, None),
            field("res_id", Integer, None),
            field("subject", Char, None),
            field("author_id", Many2one, Some("res.partner")),
            field("partner_ids", Many2many, Some("res.partner")),
        ],
    ));
    let mut state = field("state", Selection, None);
    state.selection = Some(
        ["draft", "sent", "sale", "cancel"]
            .map(|s| SelectionOption::new(s, s))
            .to_vec(),
    );
    state.default = Some("draft".into());
    let mut amount = field("amount_untaxed", Float, None);
    amount.readonly = true;
    schema.insert(model(
        "sale.order",
        vec![
            field("name", Char, None),
            field("partner_id", Many2one, Some("res.partner")),
            state,
            field("locked", Boolean, None),
            field("date_order", Datetime, None),
            amount,
            one2many("order_line", "sale.order.line", "order_id"),
        ],
    ));
    let mut subtotal = field("price_subtotal", Float, None);
    subtotal.readonly = true;
    schema.insert(model(
        "sale.order.line",
        vec![
            field("order_id", Many2one, Some("sale.order")),
            field("product_id", Many2one, Some("product.product")),
            field("product_uom_qty", Float, None),
            field("display_type", Char, None),
            field("is_downpayment", Boolean, None),
            subtotal,
        ],
    ));
    schema
}

const SEED: &str = r#"{
  "res.country": [{"id": 20, "name": "Belgium", "code": "BE"}, {"id": 75, "name": "France", "code": "FR"}],
  "res.partner.category": [{"id": 1, "name": "VIP"}, {"id": 2, "name": "Supplier"}],
  "product.product": [{"id": 5, "name": "Desk"}],
  "res.partner": [
    {"id": 10, "name": "Acme", "is_company": true, "color": 3, "country_id": 20, "category_id": [1, 2]},
    {"id": 11, "name": "Acme, Alice", "parent_id": 10, "color": 1, "country_id": 20},
    {"id": 12, "name": "Globex", "is_company": true, "color": 5, "country_id": 75},
    {"id": 13, "name": "Nowhere Ltd", "color": 2}
  ]
}"#;

async fn start() -> TestServer {
    TestServer::builder()
        .schema(schema())
        .data_json(SEED)
        .user("admin", "admin")
        .api_key("admin", KEY)
        .start()
        .await
        .expect("test server")
}

fn clients(server: &TestServer) -> Vec<(Protocol, Client)> {
    crate::clients::with_key(server, KEY)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_action_confirm_confirms_and_unlink_refuses_a_confirmed_order() {
    let server = start().await;
    for (p, c) in clients(&server) {
        let line = Values::<SaleOrderLine>::new()
            .set(SaleOrderLine::PRODUCT_ID, RecordId::new(5))
            .set(SaleOrderLine::PRODUCT_UOM_QTY, 2.0);
        let order = c
            .create(
                Values::<SaleOrder>::new()
                    .set(SaleOrder::PARTNER_ID, RecordId::new(12))
                    .set(SaleOrder::ORDER_LINE, [Command::create(line)]),
            )
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let state = |c: &Client| {
            let c = c.clone();
            async move {
                c.read([order]).await.unwrap().all_found().unwrap()[0]
                    .state
                    .clone()
            }
        };
        assert_eq!(state(&c).await, Some(SaleOrderState::Draft), "{p:?}");
        let confirmed: bool = SaleOrder::action_confirm(&c, [order])
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert!(confirmed, "{p:?}");
        assert_eq!(state(&c).await, Some(SaleOrderState::Sale), "{p:?}");

        let e = SaleOrder::action_confirm(&c, [order]).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{p:?}: {e}");
        assert_eq!(
            e.server_message(),
            Some("Some orders are not in a state requiring confirmation.")
        );
        let e = c.unlink([order]).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{p:?}: {e}");
        assert!(
            e.server_message()
                .is_some_and(|m| m.contains("You must first cancel it")),
            "{p:?}: {e}"
        );

        let _: Value = SaleOrder::action_cancel(&c, [order]).await.unwrap();
        assert_eq!(state(&c).await, Some(SaleOrderState::Cancel), "{p:?}");
        c.unlink([order])
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_message_post_posts_a_message_that_goes_with_its_record() {
    let server = start().await;
    for (p, c) in clients(&server) {
        let partner = c
            .create(Values::<ResPartner>::new().set(ResPartner::NAME, format!("Posted {p:?}")))
            .await
            .unwrap();
        let posted = ResPartner::message_post(&c, [partner])
            .body("hello <world> & co")
            .message_type("comment")
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(posted.len(), 1, "{p:?}");
        let messages: Vec<MailMessage> = c
            .search_read(
                MailMessage::MODEL_FIELD.eq("res.partner") & MailMessage::RES_ID.eq(partner.get()),
            )
            .await
            .unwrap();
        assert_eq!(messages.len(), 1, "{p:?}: {messages:?}");
        assert_eq!(messages[0].id, posted[0]);
        assert_eq!(
            messages[0].body.as_deref(),
            Some("<p>hello &lt;world&gt; &amp; co</p>")
        );
        assert_eq!(
            messages[0].message_type,
            Some(MailMessageMessageType::Comment)
        );

        // On two records at once: ensure_one's ValueError.
        let e = ResPartner::message_post(&c, [partner, RecordId::new(10)])
            .body("x")
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ServerError, "{p:?}: {e}");
        assert!(
            e.server_message()
                .is_some_and(|m| m.starts_with("Expected singleton: res.partner(")),
            "{p:?}: {e}"
        );

        c.unlink([partner]).await.unwrap();
        assert_eq!(
            c.search_count(MailMessage::ID.eq(posted[0])).await.unwrap(),
            0,
            "{p:?}: the message goes with its record"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn grouping_is_what_the_records_say() {
    let server = start().await;
    for (p, c) in clients(&server) {
        let partners: Vec<ResPartner> = c.search_read(Domain::all()).await.unwrap();
        let groups = c
            .formatted_read_group(Domain::<ResPartner>::all())
            .group_by(ResPartner::COUNTRY_ID)
            .aggregate(ResPartner::COLOR.sum())
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(groups.len(), 3, "{p:?}: BE, FR and none");
        for g in &groups {
            let (country,): &(Option<Many2one<ResCountry>>,) = &g.keys;
            let members: Vec<&ResPartner> = partners
                .iter()
                .filter(|r| r.country_id.as_ref().map(|m| m.id) == country.as_ref().map(|m| m.id))
                .collect();
            assert_eq!(g.count as usize, members.len(), "{p:?} {country:?}");
            assert_eq!(
                g.aggregates.0,
                members.iter().map(|r| r.color).sum::<i64>(),
                "{p:?}"
            );
            assert_eq!(c.search_count(g.domain.clone()).await.unwrap(), g.count);
        }
        let by_company = c
            .read_group(Domain::<ResPartner>::all())
            .group_by(ResPartner::IS_COMPANY)
            .aggregate(ResPartner::COLOR.max())
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        let total: u64 = by_company.iter().map(|g| g.count).sum();
        assert_eq!(total as usize, partners.len(), "{p:?}");
        let companies = by_company.iter().find(|g| g.keys.0).expect("companies");
        assert_eq!((companies.count, companies.aggregates.0), (2, 5), "{p:?}");
    }
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country")]
struct CountryCode {
    id: RecordId<CountryCode>,
    code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category")]
struct TagName {
    id: RecordId<TagName>,
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
struct PartnerView {
    id: RecordId<PartnerView>,
    name: Option<String>,
    country_id: Option<CountryCode>,
    category_id: Vec<TagName>,
    parent_id: Option<Many2one<PartnerView>>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_read_nests_and_its_fallback_agrees() {
    let server = start().await;
    for (p, c) in clients(&server) {
        let ids = [RecordId::new(11), RecordId::new(10), RecordId::new(13)];
        let read = c
            .web_read::<PartnerView>(ids)
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(read.records.len(), 3, "{p:?}");
        let alice = &read.records[0];
        assert_eq!(alice.name.as_deref(), Some("Acme, Alice"));
        assert_eq!(
            alice.country_id.as_ref().and_then(|c| c.code.as_deref()),
            Some("BE")
        );
        assert_eq!(
            alice.parent_id.as_ref().and_then(|m| m.name.as_deref()),
            Some("Acme")
        );
        let acme = &read.records[1];
        let mut tags: Vec<_> = acme
            .category_id
            .iter()
            .filter_map(|t| t.name.clone())
            .collect();
        tags.sort();
        assert_eq!(tags, ["Supplier", "VIP"], "{p:?}");
        assert_eq!(read.records[2].country_id, None);
        let fallback = c
            .web_read::<PartnerView>(ids)
            .without_web_read()
            .await
            .unwrap();
        assert_eq!(fallback, read, "{p:?}");

        let page = c
            .web_search_read(Domain::<PartnerView>::all())
            .order("name")
            .limit(1)
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(page.length, 4, "{p:?}: a full page counts every match");
        assert_eq!(page.records[0].name.as_deref(), Some("Acme"));
        let fallback = c
            .web_search_read(Domain::<PartnerView>::all())
            .order("name")
            .limit(1)
            .without_web_read()
            .await
            .unwrap();
        assert_eq!(fallback, page, "{p:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn names_defaults_and_copies() {
    let server = start().await;
    for (p, c) in clients(&server) {
        // Countries are searched by name and by code.
        for (text, expected) in [("bel", &["Belgium"][..]), ("fr", &["France"][..])] {
            let hits = c
                .name_search::<ResCountry>(text)
                .limit(5)
                .await
                .unwrap_or_else(|e| panic!("{p:?}: {e}"));
            let names: Vec<_> = hits.iter().map(|h| h.display_name.as_str()).collect();
            assert_eq!(names, expected, "{p:?} {text}");
        }
        let none = c
            .name_search::<ResCountry>("bel")
            .domain(ResCountry::CODE.eq("FR"))
            .await
            .unwrap();
        assert!(none.is_empty(), "{p:?}: the domain restricts the search");

        let tag = c
            .name_create::<TagName>(format!("Tag {p:?}"))
            .await
            .unwrap();
        assert_eq!(tag.display_name, format!("Tag {p:?}"));
        c.unlink([tag.id]).await.unwrap();

        let defaults = c.default_get::<ResPartner>().await.unwrap();
        assert_eq!(defaults.get("active"), Some(&Value::Bool(true)), "{p:?}");
        let id = c
            .create(defaults.set(ResPartner::NAME, format!("Copied {p:?}")))
            .await
            .unwrap();
        let copies = c
            .copy([id])
            .default(Values::new().set(ResPartner::NAME, format!("Copy {p:?}")))
            .await
            .unwrap_or_else(|e| panic!("{p:?}: {e}"));
        assert_eq!(copies.len(), 1, "{p:?}");
        let copy = c.read(copies.clone()).await.unwrap().all_found().unwrap();
        assert_eq!(
            copy[0].name.as_deref(),
            Some(format!("Copy {p:?}").as_str())
        );
        c.unlink(copies.into_iter().chain([id])).await.unwrap();
    }
}
