//! Typed methods against the real server: the generated bindings' methods
//! (`SaleOrder::action_confirm`, `ResPartner::message_post`, `ResPartner::search_count`) and the
//! ORM calls beyond CRUD (`name_search`, `name_create`, `default_get`, `copy`, `read_group`,
//! `formatted_read_group`, `web_read`, `web_search_read`), each compared with the raw
//! [`Call`] of the same method on the same server.

use odoo_runtime::orm::{Granularity, GroupKey, Period};
use odoo_runtime::{
    Call, Command, Domain, ErrorKind, Many2one, Map, OdooModel, RecordId, Value, Values,
};

use super::sweep;
use crate::env::Setup;
use crate::generated::mail_message::MailMessageMessageType;
use crate::generated::sale_order::SaleOrderState;
use crate::generated::{MailMessage, ResCountry, ResPartner, SaleOrder, SaleOrderLine};
use crate::models::{Product, Tag};

/// The demo partners (the server also holds bench partners and other clients' records above).
const DEMO_BELOW: i64 = 44;

fn demo_partners() -> Domain<ResPartner> {
    ResPartner::ID.lt(RecordId::new(DEMO_BELOW))
}

/// Cancels and removes the orders of customers named `prefix…` (left by an interrupted run).
async fn sweep_orders(c: &odoo_runtime::Client, prefix: &str) {
    let orders = c
        .search(
            SaleOrder::PARTNER_ID
                .then(ResPartner::NAME)
                .eq_like(format!("{prefix}%")),
        )
        .await
        .expect("search leftover orders");
    if !orders.is_empty() {
        let _: Value = SaleOrder::action_cancel(c, orders.clone())
            .context("disable_cancel_warning", true)
            .await
            .expect("cancel leftover orders");
        c.unlink(orders).await.expect("remove leftover orders");
    }
}

/// A quotation confirmed through the generated `SaleOrder::action_confirm`, then confirmed
/// again (Odoo's `UserError`), cancelled through `SaleOrder::action_cancel` and removed.
pub async fn typed_action_confirm(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("typed_action_confirm");
    sweep_orders(&c, &prefix).await;
    sweep(&c, &prefix).await;

    let products: Vec<Product> = c
        .search_read(Product::SALE_OK.eq(true) & Product::LIST_PRICE.gt(0.0))
        .order("id")
        .limit(1)
        .await
        .expect("a demo product");
    let customer = c
        .create(Values::<ResPartner>::new().set(ResPartner::NAME, format!("{prefix} customer")))
        .await
        .unwrap();
    let line = Values::<SaleOrderLine>::new()
        .set(SaleOrderLine::PRODUCT_ID, products[0].id.cast())
        .set(SaleOrderLine::PRODUCT_UOM_QTY, 3.0);
    let order = c
        .create(
            Values::<SaleOrder>::new()
                .set(SaleOrder::PARTNER_ID, customer)
                .set(SaleOrder::ORDER_LINE, [Command::create(line)]),
        )
        .await
        .expect("create the quotation");
    let read = |c: &odoo_runtime::Client| {
        let c = c.clone();
        async move {
            c.read([order])
                .await
                .unwrap()
                .all_found()
                .unwrap()
                .remove(0)
        }
    };
    assert_eq!(read(&c).await.state, Some(SaleOrderState::Draft));

    let confirmed: bool = SaleOrder::action_confirm(&c, [order])
        .await
        .expect("action_confirm");
    assert!(confirmed);
    let o = read(&c).await;
    assert_eq!(o.state, Some(SaleOrderState::Sale), "{o:?}");
    let lines = c
        .read(o.order_line.to_vec())
        .await
        .unwrap()
        .all_found()
        .unwrap();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0].product_uom_qty, 3.0);

    // Confirming twice is Odoo's own refusal, as a typed user error.
    let e = SaleOrder::action_confirm(&c, [order]).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UserError, "{e}");
    let expect = crate::versions::Expect::get().await;
    let name = o.name.clone().unwrap_or_default();
    assert_eq!(
        e.server_message(),
        Some(expect.not_confirmable(&name).as_str())
    );

    // 17 and 18 answer a confirmed order with the cancellation wizard unless told not to.
    let _: Value = SaleOrder::action_cancel(&c, [order])
        .context("disable_cancel_warning", true)
        .await
        .expect("action_cancel");
    assert_eq!(read(&c).await.state, Some(SaleOrderState::Cancel));
    c.unlink([order]).await.expect("unlink the order");
    c.unlink([customer]).await.expect("unlink the customer");
}

/// `ResPartner::message_post` posts a message that `mail.message` then shows; removing the
/// partner removes it.
pub async fn typed_message_post(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("typed_message_post");
    sweep(&c, &prefix).await;
    let partner = c
        .create(Values::<ResPartner>::new().set(ResPartner::NAME, prefix.as_str()))
        .await
        .unwrap();
    let text = format!("{prefix}: hello <world> & co");
    let posted = ResPartner::message_post(&c, [partner])
        .body(&text)
        .message_type("comment")
        .subtype_xmlid("mail.mt_note")
        .await
        .expect("message_post");
    assert_eq!(posted.len(), 1, "{posted:?}");

    let on_partner =
        MailMessage::MODEL_FIELD.eq("res.partner") & MailMessage::RES_ID.eq(partner.get());
    let messages: Vec<MailMessage> = c
        .search_read(
            on_partner.clone() & MailMessage::MESSAGE_TYPE.eq(MailMessageMessageType::Comment),
        )
        .await
        .expect("read the messages");
    assert_eq!(messages.len(), 1, "{messages:?}");
    let m = &messages[0];
    assert_eq!(m.id, posted[0]);
    // A text body is escaped and made a paragraph.
    assert_eq!(
        m.body.as_deref(),
        Some(
            format!(
                "<p>{}</p>",
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            )
            .as_str()
        )
    );
    assert_eq!(m.res_id, Some(partner.get()));

    c.unlink([partner]).await.expect("unlink the partner");
    assert_eq!(
        c.search_count(MailMessage::ID.eq(posted[0])).await.unwrap(),
        0,
        "the message goes with its record"
    );
}

/// `formatted_read_group` and `read_group` of the demo partners by country, typed, equal to
/// what the raw calls answer; a generated ORM method (`ResPartner::search_count`) with a typed
/// domain.
pub async fn typed_read_group(s: &Setup) {
    let c = s.client();
    if crate::versions::Expect::get().await.formatted_read_group() {
        formatted_by_country(&c).await;
    } else {
        // Before 19 the method does not exist: the client's error says so and what to call.
        let e = c
            .formatted_read_group(demo_partners())
            .group_by(ResPartner::COUNTRY_ID)
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
        assert!(
            e.to_string().contains("can be called on Odoo 19 and later"),
            "{e}"
        );
    }
    read_group_and_search_count(s, &c).await;
}

/// `formatted_read_group` of the demo partners by country, typed, equal to the raw call.
async fn formatted_by_country(c: &odoo_runtime::Client) {
    let raw_groups: Vec<Map> = c
        .call(
            Call::new("res.partner", "formatted_read_group")
                .arg("domain", demo_partners())
                .arg("groupby", ["country_id"])
                .arg("aggregates", ["__count", "color:sum"]),
        )
        .await
        .expect("raw formatted_read_group");
    let typed = c
        .formatted_read_group(demo_partners())
        .group_by(ResPartner::COUNTRY_ID)
        .aggregate(ResPartner::COLOR.sum())
        .await
        .expect("typed formatted_read_group");
    assert_eq!(typed.len(), raw_groups.len());
    assert!(
        typed.len() > 1,
        "the demo partners live in several countries"
    );
    let mut total = 0;
    for (g, raw) in typed.iter().zip(&raw_groups) {
        let (country,): &(Option<Many2one<ResCountry>>,) = &g.keys;
        let raw_country: Option<Many2one<ResCountry>> =
            raw["country_id"].deserialize_into().unwrap();
        assert_eq!(country, &raw_country);
        assert_eq!(Some(g.count as i64), raw["__count"].as_i64());
        assert_eq!(Some(g.aggregates.0), raw["color:sum"].as_i64());
        // The group's domain finds exactly its records.
        assert_eq!(c.search_count(g.domain.clone()).await.unwrap(), g.count);
        total += g.count;
    }
    assert_eq!(total, c.search_count(demo_partners()).await.unwrap());
}

/// `read_group` (every version), and a generated ORM method with a typed domain.
async fn read_group_and_search_count(s: &Setup, c: &odoo_runtime::Client) {
    // read_group (every version), all keys at once, with a date key.
    let by_company_month = c
        .read_group(demo_partners())
        .group_by(ResPartner::IS_COMPANY)
        .group_by_key(GroupKey::<ResPartner, Option<Period>>::raw(
            "create_date:month",
        ))
        .aggregate(ResPartner::COLOR.max())
        .order("is_company")
        .await
        .expect("typed read_group");
    let raw_rows: Vec<Map> = c
        .call(
            Call::new("res.partner", "read_group")
                .arg("domain", demo_partners())
                .arg("fields", ["color:max"])
                .arg("groupby", ["is_company", "create_date:month"])
                .arg("lazy", false)
                .arg("orderby", "is_company"),
        )
        .await
        .expect("raw read_group");
    assert_eq!(by_company_month.len(), raw_rows.len());
    for (g, raw) in by_company_month.iter().zip(&raw_rows) {
        let (is_company, month) = &g.keys;
        assert_eq!(Some(*is_company), raw["is_company"].as_bool());
        assert_eq!(
            month.as_ref().map(|m| m.label.as_str()),
            raw["create_date:month"].as_str()
        );
        assert_eq!(Some(g.count as i64), raw["__count"].as_i64());
        assert_eq!(Some(g.aggregates.0), raw["color"].as_i64());
    }
    if s.protocol == odoo_runtime::Protocol::Json2 {
        // (JSON-2 is 19+, which has formatted_read_group.)
        // formatted_read_group gives the start of a date group too.
        let months = c
            .formatted_read_group(demo_partners())
            .group_by_key(GroupKey::<ResPartner, Option<Period>>::raw(
                "create_date:month",
            ))
            .await
            .unwrap();
        assert!(
            months
                .iter()
                .all(|g| g.keys.0.as_ref().is_some_and(|p| p.start.is_some())),
            "{months:?}"
        );
        let _ = Granularity::Month;
    }

    // A generated method of the ORM's, bound on purpose: its domain is typed by the model.
    let counted: i64 =
        ResPartner::search_count(c, demo_partners().clone() & ResPartner::IS_COMPANY.eq(true))
            .await
            .expect("ResPartner::search_count");
    assert_eq!(
        counted as u64,
        c.search_count(demo_partners() & ResPartner::IS_COMPANY.eq(true))
            .await
            .unwrap()
    );
}

/// `name_search`, `name_create`, `default_get` and `copy`, typed, against the raw calls.
pub async fn typed_names_defaults_copy(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("typed_names_defaults_copy");
    sweep(&c, &prefix).await;

    let typed = c
        .name_search::<ResCountry>("belg")
        .limit(5)
        .await
        .expect("name_search");
    let raw: Vec<(i64, String)> = c
        .call(
            Call::new("res.country", "name_search")
                .arg("name", "belg")
                .arg("limit", 5),
        )
        .await
        .expect("raw name_search");
    assert_eq!(
        typed
            .iter()
            .map(|h| (h.id.get(), h.display_name.clone()))
            .collect::<Vec<_>>(),
        raw
    );
    assert_eq!(typed[0].display_name, "Belgium");
    let with_domain = c
        .name_search::<ResCountry>("a")
        .domain(ResCountry::CODE.in_(["BE", "FR", "DE"]))
        .operator("ilike")
        .await
        .unwrap();
    assert_eq!(with_domain.len(), 2, "{with_domain:?}"); // France, Germany (Belgium has no `a`)

    let tag = c
        .name_create::<Tag>(format!("{prefix} tag"))
        .await
        .expect("name_create");
    assert_eq!(tag.display_name, format!("{prefix} tag"));
    let read = c.read([tag.id]).await.unwrap().all_found().unwrap();
    assert_eq!(read[0].name.as_deref(), Some(tag.display_name.as_str()));
    c.unlink([tag.id]).await.unwrap();

    let defaults = c.default_get::<ResPartner>().await.expect("default_get");
    let raw: Map = c
        .call(
            Call::new("res.partner", "default_get")
                .arg("fields", ["active", "lang", "is_company", "color"]),
        )
        .await
        .expect("raw default_get");
    for field in ["active", "lang", "is_company"] {
        assert_eq!(defaults.get(field), raw.get(field), "default of {field}");
    }
    assert_eq!(defaults.get("active"), Some(&Value::Bool(true)));
    let id = c
        .create(
            defaults
                .set(ResPartner::NAME, prefix.as_str())
                .set(ResPartner::EMAIL, "copy@example.com"),
        )
        .await
        .expect("create from the defaults");

    let copies = c
        .copy([id])
        .default(Values::new().set(ResPartner::NAME, format!("{prefix} copy")))
        .await
        .expect("copy");
    assert_eq!(copies.len(), 1);
    assert_ne!(copies[0], id);
    let copy = c
        .read(copies.clone())
        .await
        .unwrap()
        .all_found()
        .unwrap()
        .remove(0);
    assert_eq!(
        copy.name.as_deref(),
        Some(format!("{prefix} copy").as_str())
    );
    assert_eq!(copy.email.as_deref(), Some("copy@example.com"));
    c.unlink(copies.into_iter().chain([id])).await.unwrap();
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.country")]
struct CountryCode {
    id: RecordId<CountryCode>,
    code: Option<String>,
    name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner.category")]
struct TagName {
    id: RecordId<TagName>,
    name: Option<String>,
}

/// A partner with its country and tags read in the same call, and its parent as a name.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
struct PartnerView {
    id: RecordId<PartnerView>,
    name: Option<String>,
    country_id: Option<CountryCode>,
    category_id: Vec<TagName>,
    parent_id: Option<Many2one<PartnerView>>,
}

/// `web_read` and `web_search_read` with nested structs, equal to the raw calls and to the
/// same read through `read` calls (the fallback of servers without `web_read`).
pub async fn typed_web_read(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("typed_web_read");
    sweep(&c, &prefix).await;
    let tags = c
        .create_many(
            ["b", "a"].map(|n| Values::<Tag>::new().set(Tag::NAME, format!("{prefix} {n}"))),
        )
        .await
        .unwrap();
    // A contact takes its company's address, country included.
    let company = c
        .search_read::<ResPartner>(
            demo_partners() & ResPartner::IS_COMPANY.eq(true) & ResPartner::COUNTRY_ID.is_set(),
        )
        .order("id")
        .limit(1)
        .await
        .unwrap()
        .remove(0);
    let parent = company.id;
    let country_id = company.country_id.as_ref().expect("a country").id;
    let country = c
        .read([country_id])
        .await
        .unwrap()
        .all_found()
        .unwrap()
        .remove(0);
    let id = c
        .create(
            Values::<ResPartner>::new()
                .set(ResPartner::NAME, prefix.as_str())
                .set(ResPartner::PARENT_ID, parent)
                .set(
                    ResPartner::CATEGORY_ID,
                    [Command::set(tags.iter().map(|t| t.cast()))],
                ),
        )
        .await
        .unwrap();
    // With nested fields, Odoo's web_read refuses an id that does not exist (read leaves it
    // out); the read fallback does the same.
    let missing = RecordId::<PartnerView>::new(999_999_999);
    for without_web_read in [false, true] {
        let query = c.web_read::<PartnerView>([id.cast(), missing]);
        let query = if without_web_read {
            query.without_web_read()
        } else {
            query
        };
        let e = query.await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{e}");
        assert!(
            e.server_message()
                .is_some_and(|m| m.contains("res.partner(999999999,)")),
            "{e}"
        );
    }
    let flat = c
        .web_read::<CountryCode>([country_id.cast(), RecordId::new(999_999_999)])
        .await
        .unwrap();
    assert_eq!(flat.missing, [RecordId::new(999_999_999)]);
    let read = c
        .web_read::<PartnerView>([id.cast()])
        .await
        .expect("web_read");
    assert!(read.missing.is_empty());
    let p = &read.records[0];
    assert_eq!(p.name.as_deref(), Some(prefix.as_str()));
    let nested = p.country_id.as_ref().expect("a country");
    assert_eq!(
        (nested.id, nested.code.as_deref(), nested.name.as_deref()),
        (
            country.id.cast(),
            country.code.as_deref(),
            country.name.as_deref()
        )
    );
    let mut tag_names: Vec<_> = p
        .category_id
        .iter()
        .map(|t| t.name.clone().unwrap_or_default())
        .collect();
    tag_names.sort();
    assert_eq!(tag_names, [format!("{prefix} a"), format!("{prefix} b")]);
    let parent_name = p
        .parent_id
        .as_ref()
        .and_then(|m| m.name.clone())
        .expect("the parent's name");
    assert!(!parent_name.is_empty());

    // The raw call answers the same.
    let spec = odoo_runtime::orm::Specification::of::<PartnerView>()
        .to_value()
        .unwrap();
    let raw: Vec<Value> = c
        .call(
            Call::new("res.partner", "web_read")
                .ids([id.get()])
                .arg_value("specification", spec),
        )
        .await
        .expect("raw web_read");
    assert_eq!(
        raw[0]["country_id"]["code"],
        Value::from(country.code.clone())
    );
    assert_eq!(
        raw[0]["parent_id"]["display_name"],
        Value::from(parent_name.as_str())
    );
    let decoded: Vec<PartnerView> = Value::Array(raw).deserialize_into().unwrap();
    assert_eq!(&decoded[0], p);

    // Without web_read: the same records from read calls.
    let fallback = c
        .web_read::<PartnerView>([id.cast()])
        .without_web_read()
        .await
        .expect("read fallback");
    assert_eq!(fallback, read);

    let page = c
        .web_search_read(PartnerView::NAME.eq_like(format!("{prefix}%")))
        .order("id")
        .limit(5)
        .count_limit(100)
        .await
        .expect("web_search_read");
    assert_eq!(page.length, 1);
    assert_eq!(page.records, read.records);
    let fallback = c
        .web_search_read(PartnerView::NAME.eq_like(format!("{prefix}%")))
        .order("id")
        .limit(5)
        .count_limit(100)
        .without_web_read()
        .await
        .expect("web_search_read fallback");
    assert_eq!(fallback, page);
    // A full page counts: length is the total, up to count_limit.
    let countries = c
        .web_search_read(Domain::<CountryCode>::all())
        .limit(2)
        .count_limit(10)
        .await
        .unwrap();
    assert_eq!((countries.records.len(), countries.length), (2, 10));
    let countries2 = c
        .web_search_read(Domain::<CountryCode>::all())
        .limit(2)
        .count_limit(10)
        .without_web_read()
        .await
        .unwrap();
    assert_eq!(countries2, countries);

    c.unlink([id]).await.unwrap();
    c.unlink(tags).await.unwrap();
}

/// The restricted user gets Odoo's access error, typed, from a typed ORM call.
pub async fn typed_method_errors(s: &Setup) {
    let demo = s.demo_client();
    let e = demo
        .name_create::<Tag>(s.prefix("typed_method_errors"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::AccessError, "{e}");
    // An unknown group key is Odoo's own ValueError.
    let c = s.client();
    let e = if crate::versions::Expect::get().await.formatted_read_group() {
        c.formatted_read_group(demo_partners())
            .group_by_key(GroupKey::<ResPartner, Value>::raw("nope_field"))
            .await
            .unwrap_err()
    } else {
        c.read_group(demo_partners())
            .group_by_key(GroupKey::<ResPartner, Value>::raw("nope_field"))
            .await
            .unwrap_err()
    };
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e}");
    assert!(
        e.server_message().is_some_and(|m| m.contains("nope_field")),
        "{e}"
    );
}

/// The models of the generated bindings this suite compiles (`tests/tests/live/generated/`),
/// with the fields they read (a few: another client may add fields meanwhile) and the ORM
/// methods bound besides the default selection.
pub const GENERATED_MODELS: &[&str] = &[
    "mail.message",
    "res.country",
    "res.partner",
    "sale.order",
    "sale.order.line",
];

/// How `tests/tests/live/generated/` is generated.
pub fn bindings_config() -> odoo_codegen::Config {
    odoo_codegen::Config::new()
        .models(GENERATED_MODELS.iter().copied())
        .only_fields(
            "mail.message",
            ["body", "message_type", "model", "res_id", "subject"],
        )
        .only_fields("res.country", ["code", "name"])
        .only_fields(
            "res.partner",
            [
                "active",
                "category_id",
                "color",
                "country_id",
                "email",
                "is_company",
                "lang",
                "name",
                "parent_id",
            ],
        )
        .only_fields(
            "sale.order",
            [
                "amount_untaxed",
                "name",
                "order_line",
                "partner_id",
                "state",
            ],
        )
        .only_fields(
            "sale.order.line",
            [
                "order_id",
                "price_subtotal",
                "product_id",
                "product_uom_qty",
            ],
        )
        .methods("res.partner", ["search_count"])
}

fn generated_dir() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/live/generated")
}

/// Odoo 17 and 18 have no `/doc-bearer`: a pull with an API key leaves the methods out, with a
/// notice. Fails on 19 and later, where it does not apply.
pub async fn methods_pull_is_a_notice_before_19() {
    use odoo_codegen::introspect::{introspect, IntrospectOptions};
    let _shared = super::SERVER.read().await;
    let setup = Setup {
        name: "whole_database",
        credential: crate::env::Credential::ApiKey,
        protocol: odoo_runtime::Protocol::XmlRpc,
    };
    let c = setup.client();
    let server = c.version().await.expect("version").server_version;
    assert!(
        !crate::versions::Expect::get().await.json2(),
        "methods_pull_is_a_notice_before_19 does not apply to Odoo {server}: skip it there (CI \
         does; generated_bindings_are_fresh pulls the methods)"
    );
    let options = IntrospectOptions::default()
        .filter(odoo_codegen::ModelFilter::default().include(["res.partner"]))
        .progress(false);
    let mut found = introspect(&c, &options).await.expect("introspect");
    let report =
        odoo_codegen::api_doc::read_methods(&c, &mut found.schema, &Default::default()).await;
    let notice = report.notice.as_deref().expect("a notice");
    assert!(notice.contains("/doc-bearer"), "{notice}");
    assert_eq!(report.methods, 0);
    assert!(found.schema.models.values().all(|m| m.methods.is_empty()));
}

/// The generated bindings the suite compiles are what the live server gives now: its models
/// pulled with their methods (an API key reads `/doc-bearer`), generated, compared. With
/// `ODOO_LIVE_BLESS=1` they are rewritten.
pub async fn generated_bindings_are_fresh() {
    use odoo_codegen::introspect::{introspect, IntrospectOptions};
    let _shared = super::SERVER.read().await;
    let has_doc = crate::versions::Expect::get().await.json2();
    let setup = Setup {
        name: "whole_database",
        credential: crate::env::Credential::ApiKey,
        protocol: if has_doc {
            odoo_runtime::Protocol::Json2
        } else {
            odoo_runtime::Protocol::XmlRpc
        },
    };
    let c = setup.client();
    assert!(
        has_doc,
        "generated_bindings_are_fresh needs Odoo 19's /doc-bearer: skip it on {} (CI does; \
         methods_pull_is_a_notice_before_19 covers the pull there)",
        c.version().await.expect("version").server_version
    );
    let options = IntrospectOptions::default()
        .filter(odoo_codegen::ModelFilter::default().include(GENERATED_MODELS.iter().copied()))
        .progress(false);
    let mut found = introspect(&c, &options).await.expect("introspect");
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let report =
        odoo_codegen::api_doc::read_methods(&c, &mut found.schema, &Default::default()).await;
    assert_eq!(report.notice, None);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    assert_eq!(report.models, GENERATED_MODELS.len());
    println!(
        "{} methods of {} models in {:?}",
        report.methods, report.models, report.elapsed
    );
    let generated = bindings_config().generate(&found.schema).expect("generate");
    let partner = generated.file("res_partner.rs").expect("res_partner.rs");
    assert!(
        partner.contains("pub fn message_post<'a>("),
        "res.partner binds message_post"
    );
    let order = generated.file("sale_order.rs").expect("sale_order.rs");
    assert!(
        order.contains("pub fn action_confirm<'a>("),
        "sale.order binds action_confirm"
    );
    let dir = generated_dir();
    if std::env::var_os("ODOO_LIVE_BLESS").is_some() {
        generated.write_to(&dir).expect("write the bindings");
    }
    let stale = generated.check(&dir).expect("compare the bindings");
    assert!(
        stale.is_fresh(),
        "the bindings generated from the live server differ from {}:\n{}\nRerun with \
         ODOO_LIVE_BLESS=1 to rewrite them.",
        dir.display(),
        stale.report()
    );
}
