//! The whole chain on every protocol: odoo-testkit serves the demo database over HTTP,
//! odoo-codegen introspects it (bulk and per-model fields_get), the generated code is the
//! code compiled into `odoo-examples`, and that code drives typed CRUD through odoo-runtime.

use odoo_codegen::introspect::{introspect, FieldsSource, IntrospectOptions};
use odoo_codegen::ModelFilter;
use odoo_examples::checked_in::sale_order::SaleOrderState;
use odoo_examples::checked_in::{
    ResCountry, ResPartner, ResPartnerCategory, SaleOrder, SaleOrderLine,
};
use odoo_examples::{demo_schema, demo_server, DEMO_API_KEY, DEMO_DB, DEMO_LOGIN};
use odoo_runtime::{Client, Command, Domain, ErrorKind, Protocol, Values};

const PROTOCOLS: [Protocol; 3] = [Protocol::XmlRpc, Protocol::JsonRpc, Protocol::Json2];

fn client(url: &str, protocol: Protocol) -> Client {
    let builder = Client::builder()
        .url(url)
        .database(DEMO_DB)
        .protocol(protocol);
    match protocol {
        Protocol::Json2 => builder.api_key(DEMO_LOGIN.0, DEMO_API_KEY),
        _ => builder.password(DEMO_LOGIN.0, DEMO_LOGIN.1),
    }
    .build()
    .unwrap()
}

fn demo_models() -> ModelFilter {
    ModelFilter::default().include(["res.country", "res.partner*", "sale.*"])
}

#[tokio::test]
async fn introspection_on_every_protocol_regenerates_the_compiled_bindings() {
    let server = demo_server().await.unwrap();
    let expected = odoo_codegen::Config::new()
        .generate(&demo_schema())
        .unwrap();
    for protocol in PROTOCOLS {
        for source in [FieldsSource::Bulk, FieldsSource::FieldsGet] {
            let c = client(&server.url(), protocol);
            let options = IntrospectOptions::default()
                .filter(demo_models())
                .source(source)
                .progress(false);
            let found = introspect(&c, &options).await.unwrap();
            assert!(
                found.failures.is_empty(),
                "{protocol} {source:?}: {:?}",
                found.failures
            );
            assert_eq!(found.schema.models.len(), 5, "{protocol} {source:?}");
            let generated = odoo_codegen::Config::new().generate(&found.schema).unwrap();
            for ((path, want), (_, got)) in expected.files.iter().zip(&generated.files) {
                assert_eq!(
                    got,
                    want,
                    "{protocol} {source:?}: {} differs",
                    path.display()
                );
            }
            assert_eq!(generated.files.len(), expected.files.len());
        }
    }
    // The checked-in copy is that same output (examples/tests/checked_in.rs runs --check too).
    assert_eq!(
        expected.file("res_partner.rs"),
        Some(include_str!("../../../examples/src/odoo/res_partner.rs"))
    );
}

#[tokio::test]
async fn generated_code_drives_crud_on_every_protocol() {
    let server = demo_server().await.unwrap();
    for protocol in PROTOCOLS {
        let c = client(&server.url(), protocol);
        let belgium = c.search(ResCountry::CODE.eq("BE")).await.unwrap();
        let tags = c
            .search(ResPartnerCategory::NAME.in_(["Gold", "Vendor"]))
            .order("name")
            .await
            .unwrap();
        assert_eq!(tags.len(), 2, "{protocol}");

        // create, with a many2one, an x2many and a child through commands
        let id = c
            .create(
                Values::<ResPartner>::new()
                    .set(ResPartner::NAME, format!("E2E {protocol}"))
                    .set(ResPartner::IS_COMPANY, true)
                    .set(ResPartner::COUNTRY_ID, belgium[0])
                    .set(ResPartner::CATEGORY_ID, [Command::set(tags.clone())])
                    .set(
                        ResPartner::CHILD_IDS,
                        [Command::create(
                            Values::new().set(ResPartner::NAME, "E2E child"),
                        )],
                    ),
            )
            .await
            .unwrap();
        let p = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
        assert_eq!(p.name.as_deref(), Some(format!("E2E {protocol}").as_str()));
        assert_eq!(p.country_id.as_ref().map(|m| m.id), Some(belgium[0]));
        assert_eq!(
            p.country_id.as_ref().and_then(|m| m.name.as_deref()),
            Some("Belgium")
        );
        assert_eq!(p.category_id.len(), 2);
        assert_eq!(p.child_ids.len(), 1);
        assert!(p.active, "default applied");

        // write: set, clear, x2many unlink
        c.write(
            [id],
            Values::new()
                .set(ResPartner::EMAIL, "e2e@example.com")
                .clear(ResPartner::COUNTRY_ID)
                .set(ResPartner::CATEGORY_ID, [Command::unlink(tags[0])]),
        )
        .await
        .unwrap();
        let p = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
        assert_eq!(p.email.as_deref(), Some("e2e@example.com"));
        assert_eq!(p.country_id, None);
        assert_eq!(p.category_id.len(), 1);

        // search and count through relations and with context
        let n = c.search_count(ResPartner::PARENT_ID.eq(id)).await.unwrap();
        assert_eq!(n, 1, "{protocol}");
        let all = c.search_count(Domain::<ResPartner>::all()).await.unwrap();
        let with_archived = c
            .search_count(Domain::<ResPartner>::all())
            .context("active_test", false)
            .await
            .unwrap();
        assert_eq!(
            with_archived,
            all + 1,
            "{protocol}: one archived partner in the demo data"
        );

        // a sale order with lines, its state a generated selection enum
        let order = c
            .create(
                Values::<SaleOrder>::new()
                    .set(SaleOrder::PARTNER_ID, id)
                    .set(
                        SaleOrder::DATE_ORDER,
                        "2025-05-01 08:00:00"
                            .parse::<odoo_runtime::DateTime>()
                            .unwrap(),
                    )
                    .set(
                        SaleOrder::ORDER_LINE,
                        [Command::create(
                            Values::<SaleOrderLine>::new()
                                .set(SaleOrderLine::NAME, "Widget")
                                .set(SaleOrderLine::PRICE_UNIT, 9.5),
                        )],
                    ),
            )
            .await
            .unwrap();
        let orders: Vec<SaleOrder> = c.search_read(SaleOrder::PARTNER_ID.eq(id)).await.unwrap();
        assert_eq!(orders.len(), 1);
        assert_eq!(orders[0].id, order);
        assert_eq!(orders[0].state, Some(SaleOrderState::Draft));
        let lines: Vec<SaleOrderLine> = c
            .search_read(SaleOrderLine::ORDER_ID.eq(order))
            .await
            .unwrap();
        assert_eq!(
            lines[0].product_uom_qty, 1.0,
            "{protocol}: default quantity"
        );

        // errors keep their kind on every protocol
        let e = c
            .create(Values::<SaleOrder>::new().set(SaleOrder::NAME, "no customer"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UserError, "{protocol}: {e:?}");
        assert!(
            e.server_message()
                .unwrap()
                .contains("Missing required value"),
            "{protocol}: {e}"
        );

        // unlink, then the record is gone: writing it is a missing-record error
        c.unlink([order]).await.unwrap();
        let gone = c.read([order]).await.unwrap();
        assert_eq!(gone.missing, [order]);
        let e = c
            .write([order], Values::new().set(SaleOrder::NOTE, "x"))
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::MissingRecord, "{protocol}: {e:?}");
    }
}

#[tokio::test]
async fn authenticate_gives_the_same_uid_on_every_protocol() {
    let server = demo_server().await.unwrap();
    for protocol in PROTOCOLS {
        assert_eq!(
            client(&server.url(), protocol)
                .authenticate()
                .await
                .unwrap(),
            2,
            "{protocol}"
        );
    }
    let no_login = Client::builder()
        .url(server.url())
        .database(DEMO_DB)
        .api_key("", DEMO_API_KEY)
        .protocol(Protocol::Json2)
        .build()
        .unwrap();
    assert_eq!(
        no_login.authenticate().await.unwrap(),
        2,
        "JSON-2 needs no login"
    );
}
