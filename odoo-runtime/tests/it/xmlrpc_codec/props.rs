//! Property-based round trips of `Value` trees and typed structs.

use super::*;

// ===== property-based round trips ============================================================

/// Text XML 1.0 can carry (the encoder refuses the rest), with markup characters and
/// non-ASCII weighted in.
fn xml_text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '<', '>', '&', '"', '\'', '\r', '\n', '\t', ';', '#', 'é', '日', '🎉', ' ',
    ]);
    let any = any::<char>().prop_filter("XML 1.0 character", |c| {
        matches!(*c, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    });
    prop::collection::vec(
        prop_oneof![3 => any, 2 => special, 3 => prop::char::range('a', 'z')],
        0..24,
    )
    .prop_map(|cs| cs.into_iter().collect())
}

fn arb_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Nil),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<i32>().prop_map(|i| Value::Int(i.into())),
        any::<f64>()
            .prop_filter("finite", |d| d.is_finite())
            .prop_map(Value::Double),
        xml_text().prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..200).prop_map(Value::Base64),
        xml_text().prop_map(Value::DateTime),
    ];
    leaf.prop_recursive(6, 96, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(xml_text(), inner, 0..8).prop_map(Value::Struct),
        ]
    })
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Line {
    product: (i64, String),
    qty: f64,
    taxes: Vec<i64>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Order {
    id: i64,
    name: String,
    note: Option<String>,
    partner_id: Option<(i64, String)>,
    amount: f64,
    confirmed: bool,
    #[serde(rename = "type")]
    kind: Kind,
    shape: Shape,
    lines: Vec<Line>,
    tags: BTreeMap<String, i64>,
    small: u16,
    ratio: f32,
}

fn arb_order() -> impl Strategy<Value = Order> {
    let kind = prop_oneof![
        Just(Kind::Contact),
        Just(Kind::Invoice),
        Just(Kind::Delivery)
    ];
    let shape = prop_oneof![
        Just(Shape::Empty),
        any::<i64>().prop_map(Shape::Id),
        (any::<i64>(), xml_text()).prop_map(|(i, s)| Shape::Pair(i, s)),
        (any::<i64>(), xml_text()).prop_map(|(id, name)| Shape::Named { id, name }),
    ];
    let finite = any::<f64>().prop_filter("finite", |d| d.is_finite());
    let line = (
        (any::<i64>(), xml_text()),
        finite.clone(),
        prop::collection::vec(any::<i64>(), 0..4),
    )
        .prop_map(|(product, qty, taxes)| Line {
            product,
            qty,
            taxes,
        });
    (
        (
            any::<i64>(),
            xml_text(),
            prop::option::of(xml_text()),
            prop::option::of((any::<i64>(), xml_text())),
        ),
        (finite, any::<bool>(), kind, shape),
        (
            prop::collection::vec(line, 0..4),
            prop::collection::btree_map(xml_text(), any::<i64>(), 0..4),
        ),
        (
            any::<u16>(),
            any::<f32>().prop_filter("finite", |f| f.is_finite()),
        ),
    )
        .prop_map(
            |(
                (id, name, note, partner_id),
                (amount, confirmed, kind, shape),
                (lines, tags),
                (small, ratio),
            )| Order {
                id,
                name,
                note,
                partner_id,
                amount,
                confirmed,
                kind,
                shape,
                lines,
                tags,
                small,
                ratio,
            },
        )
}

// 256 cases each by default; `PROPTEST_CASES=10000` for a longer run.
proptest! {
    #[test]
    fn values_round_trip(v in arb_value()) {
        let xml = xmlrpc::encode_value(&v).expect("encodes");
        let back: Value = xmlrpc::from_slice(&xml).expect("decodes");
        prop_assert_eq!(&back, &v);
        // Through a whole response.
        let body = xmlrpc::encode_response(&v).expect("encodes");
        prop_assert_eq!(&xmlrpc::decode_response::<Value>(&body).expect("decodes"), &v);
        // Through a whole call, exactly.
        let body = xmlrpc::encode_call("m", &(&v, 1)).expect("encodes");
        let (method, params) = xmlrpc::decode_call(&body).expect("decodes");
        prop_assert_eq!(method, "m");
        prop_assert_eq!(&params[0], &v);
        // Skipping it leaves the decoder in step.
        let wrapped = xmlrpc::encode_value(&vec![v.clone(), Value::Int(7)]).expect("encodes");
        let (_, seven): (de::IgnoredAny, i64) = xmlrpc::from_slice(&wrapped).expect("skips");
        prop_assert_eq!(seven, 7);
    }

    #[test]
    fn typed_structs_round_trip(order in arb_order()) {
        let xml = xmlrpc::encode_value(&vec![order.clone()]).expect("encodes");
        let back: Vec<Order> = xmlrpc::from_slice(&xml).expect("decodes");
        prop_assert_eq!(&back[0], &order);
        // As the parameters of a call.
        let body = xmlrpc::encode_call("create", &(&order, 5)).expect("encodes");
        let (_, (back, five)): (String, (Order, i64)) = xmlrpc::decode_call_params(&body).expect("decodes");
        prop_assert_eq!((&back, five), (&order, 5));
        // And through Value.
        let v: Value = xmlrpc::from_slice(&xml).expect("decodes");
        let again: Vec<Order> = v.deserialize_into().expect("from Value");
        prop_assert_eq!(&again[0], &order);
    }

    #[test]
    fn strings_round_trip_exactly(s in xml_text()) {
        let back: String = xmlrpc::from_slice(&xmlrpc::encode_value(&s).expect("encodes")).expect("decodes");
        prop_assert_eq!(back, s);
    }

    #[test]
    fn doubles_round_trip_exactly(d in any::<f64>().prop_filter("finite", |d| d.is_finite())) {
        let back: f64 = xmlrpc::from_slice(&xmlrpc::encode_value(&d).expect("encodes")).expect("decodes");
        prop_assert_eq!(back.to_bits(), d.to_bits());
    }

    /// Whatever decodes re-encodes and decodes to the same value: the codec is closed (what
    /// the teammates' fuzz target checks on arbitrary input).
    #[test]
    fn decoded_values_reencode(v in arb_value(), junk in xml_text()) {
        let escaped = junk.replace('&', "&amp;").replace('<', "&lt;");
        let text = format!("<value>{escaped}&#13;&#x1F389;\r\n</value>");
        for doc in [xmlrpc::encode_value(&v).expect("encodes"), text.into_bytes()] {
            let value: Value = xmlrpc::from_slice(&doc).expect("decodes");
            let again = xmlrpc::encode_response(&value).expect("re-encodes");
            prop_assert_eq!(xmlrpc::decode_response::<Value>(&again).expect("decodes"), value);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = xmlrpc::decode_response::<Value>(&bytes);
        let _ = xmlrpc::decode_call(&bytes);
        let _ = xmlrpc::from_slice::<Value>(&bytes);
    }
}
