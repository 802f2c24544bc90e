//! `#[derive(OdooModel)]` and `#[derive(OdooSelection)]` as a user sees them.

use odoo_runtime::{
    json, AnyModel, Binary, Date, DateTime, Domain, ErrorKind, Many2one, OdooModel, OdooSelection,
    RecordId, Reference, Value, Values, X2Many,
};
use odoo_tests::models::{Country, PartnerType};

#[derive(Debug, Clone, Copy, PartialEq, OdooSelection)]
pub enum Strict {
    Draft,
    ToInvoice,
}

/// A partner with one field of every kind.
#[derive(Debug, Clone, PartialEq, OdooModel)]
#[odoo(model = "res.partner")]
pub struct Partner {
    pub id: RecordId<Partner>,
    /// The name.
    pub name: String,
    pub email: Option<String>,
    pub is_company: bool,
    pub color: i64,
    pub partner_latitude: f64,
    pub country_id: Option<Many2one<Country>>,
    pub parent_id: Option<Many2one<Self>>,
    pub category_id: X2Many<AnyModel>,
    pub r#type: Option<PartnerType>,
    #[odoo(name = "date")]
    pub day: Option<Date>,
    #[odoo(readonly)]
    pub create_date: Option<DateTime>,
    pub image_128: Option<Binary>,
    pub action: Option<Reference>,
    pub res_id: Option<i64>,
    pub properties: Option<serde_json::Value>,
    #[odoo(skip)]
    pub local: Vec<String>,
}

const ROW: &str = r#"{
    "id": 9, "name": "Acme", "email": false, "is_company": true, "color": 3,
    "partner_latitude": 50.5, "country_id": [21, "Belgium"], "parent_id": false,
    "category_id": [7, 5], "type": "contact", "date": "2026-11-27",
    "create_date": "2026-11-27 23:53:59", "image_128": "aGk=", "action": "ir.actions.act_window,3",
    "res_id": 0, "properties": {"a": 1}, "unknown_field": [1, {"x": false}]
}"#;

#[test]
fn constants() {
    assert_eq!(Partner::MODEL, "res.partner");
    assert_eq!(
        Partner::FIELDS,
        [
            "id",
            "name",
            "email",
            "is_company",
            "color",
            "partner_latitude",
            "country_id",
            "parent_id",
            "category_id",
            "type",
            "date",
            "create_date",
            "image_128",
            "action",
            "res_id",
            "properties"
        ]
    );
    assert_eq!(Partner::TYPE.name(), "type");
    assert_eq!(Partner::DAY.name(), "date");
    assert_eq!(Partner::ID.name(), "id");
}

#[test]
fn decodes_json_and_value() {
    let p: Partner = json::from_slice(ROW.as_bytes()).unwrap();
    assert_eq!(p.id, RecordId::new(9));
    assert_eq!(p.email, None);
    assert_eq!(p.country_id.as_ref().map(|c| c.id.get()), Some(21));
    assert_eq!(p.parent_id, None);
    assert_eq!(p.r#type, Some(PartnerType::Contact));
    assert_eq!(p.day.map(|d| d.to_string()).as_deref(), Some("2026-11-27"));
    assert_eq!(p.image_128.as_deref(), Some(&b"hi"[..]));
    assert_eq!(p.action, Some(Reference::new("ir.actions.act_window", 3)));
    assert!(p.local.is_empty());
    let v: Value = serde_json::from_str::<serde_json::Value>(ROW)
        .unwrap()
        .into();
    let q: Partner = v.deserialize_into().unwrap();
    assert_eq!(p, q);
}

#[test]
fn false_in_a_required_field_names_model_id_and_field() {
    let body = ROW.replace(r#""name": "Acme""#, r#""name": false"#);
    let e = json::from_slice::<Vec<Partner>>(format!("[{body}]").as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let ctx = e.decode_context().expect("context");
    assert_eq!(ctx.model.as_deref(), Some("res.partner"));
    assert_eq!(ctx.record_id, Some(9));
    assert_eq!(ctx.field.as_deref(), Some("name"));
    assert_eq!(ctx.found.as_deref(), Some("boolean `false`"));
}

#[test]
fn missing_fields() {
    // An absent Option is None; an absent required field is an error naming it.
    let c: Country = json::from_slice(br#"{"id": 1, "name": "Belgium"}"#).unwrap();
    assert_eq!((c.code, c.currency_id), (None, None));
    let e = json::from_slice::<Partner>(br#"{"id": 1}"#).unwrap_err();
    let ctx = e.decode_context().unwrap();
    assert_eq!(
        (ctx.record_id, ctx.field.as_deref()),
        (Some(1), Some("name"))
    );
}

#[test]
fn selection() {
    assert_eq!(
        PartnerType::VALUES,
        ["contact", "invoice", "delivery", "other"]
    );
    assert_eq!(
        PartnerType::ALL,
        [
            PartnerType::Contact,
            PartnerType::Invoice,
            PartnerType::Delivery,
            PartnerType::OtherAddress
        ]
    );
    assert_eq!(PartnerType::Unknown("x".into()).as_str(), "x");
    let later: PartnerType = json::from_slice(br#""followup""#).unwrap();
    assert_eq!(later, PartnerType::Unknown("followup".into()));
    assert_eq!(Strict::ToInvoice.as_str(), "to_invoice");
    assert_eq!(Strict::ALL, [Strict::Draft, Strict::ToInvoice]);
    let e = json::from_slice::<Strict>(br#""cancel""#).unwrap_err();
    assert!(
        e.to_string()
            .contains("unknown variant `cancel`, expected `draft` or `to_invoice`"),
        "{e}"
    );
    assert_eq!(serde_json::to_string(&Strict::Draft).unwrap(), r#""draft""#);
    let none: Option<Strict> = json::from_slice(b"false").unwrap();
    assert_eq!(none, None);
    assert_eq!(format!("{}", PartnerType::Invoice), "invoice");
}

#[test]
fn handles_type_domains_and_values() {
    let d: Domain<Partner> = Partner::TYPE.eq(PartnerType::Invoice)
        & Partner::PARENT_ID
            .then(Partner::COUNTRY_ID)
            .then(Country::CODE)
            .eq("BE")
        & Partner::DAY.ge(Date::from(
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        ))
        & Partner::ID.child_of([RecordId::new(1)]);
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        serde_json::json!([
            ["type", "=", "invoice"],
            ["parent_id.country_id.code", "=", "BE"],
            ["date", ">=", "2026-01-01"],
            ["id", "child_of", [1]]
        ])
    );
    let v = Values::<Partner>::new()
        .set(Partner::TYPE, PartnerType::Delivery)
        .set(Partner::COUNTRY_ID, RecordId::new(21))
        .set(Partner::IMAGE_128, Binary(b"hi".to_vec()))
        .clear(Partner::EMAIL);
    assert_eq!(
        serde_json::to_value(&v).unwrap(),
        serde_json::json!({"type": "delivery", "country_id": 21, "image_128": "aGk=", "email": false})
    );
}

/// The derive must not depend on names in the user's scope.
mod hygiene {
    #![allow(dead_code, non_camel_case_types)]
    struct Result;
    struct Option;
    struct String;
    struct Vec;
    struct Some;
    struct None;
    struct Ok;
    struct Err;
    struct Default;
    struct serde;
    struct i64;
    struct str;
    struct usize;
    mod core {}
    mod std {}

    #[derive(::odoo_runtime::OdooModel)]
    #[odoo(model = "res.partner")]
    pub struct Shadowed {
        pub id: ::odoo_runtime::RecordId<Shadowed>,
        pub name: ::core::option::Option<::std::string::String>,
        #[odoo(skip)]
        pub local: ::std::vec::Vec<u8>,
    }

    #[derive(::odoo_runtime::OdooSelection)]
    pub enum Kind {
        A,
        #[odoo(other)]
        Other(::std::string::String),
    }

    #[test]
    fn still_derives() {
        let s: Shadowed = ::odoo_runtime::json::from_slice(br#"{"id": 1, "name": "x"}"#).unwrap();
        assert_eq!(s.id.get(), 1);
        assert_eq!(<Kind as ::odoo_runtime::OdooSelection>::VALUES, ["a"]);
    }
}

#[test]
fn xmlrpc_false_in_a_required_field_names_model_id_and_field() {
    let body = br#"<?xml version="1.0"?><methodResponse><params><param><value><array><data>
        <value><struct><member><name>id</name><value><int>42</int></value></member>
        <member><name>name</name><value><boolean>0</boolean></value></member></struct></value>
        </data></array></value></param></params></methodResponse>"#;
    let e = odoo_runtime::xmlrpc::decode_response::<Vec<Partner>>(body).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let ctx = e.decode_context().expect("context");
    assert_eq!(ctx.model.as_deref(), Some("res.partner"));
    assert_eq!(ctx.record_id, Some(42));
    assert_eq!(ctx.field.as_deref(), Some("name"));
}
