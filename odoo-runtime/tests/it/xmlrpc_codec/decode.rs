//! Decoding: every value form, entities, the prolog, Odoo's value rules, typed records,
//! and calls.

use super::*;

// ===== decoding: every value form ============================================================

#[test]
fn decodes_every_scalar_form() {
    assert_eq!(value("<value><int>42</int></value>"), Value::Int(42));
    assert_eq!(value("<value><i4>-42</i4></value>"), Value::Int(-42));
    assert_eq!(
        value("<value><i8>9223372036854775807</i8></value>"),
        Value::Int(i64::MAX)
    );
    assert_eq!(
        value("<value><int>-9223372036854775808</int></value>"),
        Value::Int(i64::MIN)
    );
    assert_eq!(value("<value><int> +7\n</int></value>"), Value::Int(7));
    assert_eq!(
        value("<value><double>1.5</double></value>"),
        Value::Double(1.5)
    );
    assert_eq!(
        value("<value><double>1e+16</double></value>"),
        Value::Double(1e16)
    );
    assert_eq!(
        value("<value><double>-0.0</double></value>"),
        Value::Double(0.0)
    );
    assert_eq!(
        value("<value><double>5</double></value>"),
        Value::Double(5.0)
    );
    assert_eq!(
        value("<value><boolean>1</boolean></value>"),
        Value::Bool(true)
    );
    assert_eq!(
        value("<value><boolean>0</boolean></value>"),
        Value::Bool(false)
    );
    assert_eq!(
        value("<value><string>Acme</string></value>"),
        Value::from("Acme")
    );
    assert_eq!(value("<value><string></string></value>"), Value::from(""));
    assert_eq!(value("<value><string/></value>"), Value::from(""));
    assert_eq!(value("<value>untyped</value>"), Value::from("untyped"));
    assert_eq!(
        value("<value>  spaced \n</value>"),
        Value::from("  spaced \n")
    );
    assert_eq!(value("<value></value>"), Value::from(""));
    assert_eq!(value("<value/>"), Value::from(""));
    assert_eq!(value("<value><nil/></value>"), Value::Nil);
    assert_eq!(value("<value><nil></nil></value>"), Value::Nil);
    assert_eq!(value("<value><nil /></value>"), Value::Nil);
    assert_eq!(
        value("<value><base64>aGk=</base64></value>"),
        Value::Base64(b"hi".to_vec())
    );
    assert_eq!(
        value("<value><base64>aG\nk=\n</base64></value>"),
        Value::Base64(b"hi".to_vec())
    );
    assert_eq!(
        value("<value><dateTime.iso8601>20250131T10:30:00</dateTime.iso8601></value>"),
        Value::DateTime("20250131T10:30:00".into())
    );
    // A dateTime is a string to typed code.
    let s: String = decode("<value><dateTime.iso8601>20250131T10:30:00</dateTime.iso8601></value>")
        .expect("string");
    assert_eq!(s, "20250131T10:30:00");
}

#[test]
fn decodes_arrays_and_structs() {
    let xml = "<value><array><data>\n<value><int>1</int></value>\n<value>two</value>\n<value><array><data></data></array></value>\n</data></array></value>";
    assert_eq!(
        value(xml),
        Value::Array(vec![1.into(), "two".into(), Value::Array(vec![])])
    );
    assert_eq!(
        value("<value><array><data/></array></value>"),
        Value::Array(vec![])
    );
    assert_eq!(
        value("<value><array>\n<data>\n</data>\n</array></value>"),
        Value::Array(vec![])
    );
    let xml = "<value><struct>\n<member>\n<name>a</name>\n<value><int>1</int></value>\n</member>\n<member><name>b &amp; c</name><value><struct></struct></value></member>\n</struct></value>";
    let v = value(xml);
    assert_eq!(v["a"], Value::Int(1));
    assert_eq!(v["b & c"], Value::Struct(Map::new()));
    assert_eq!(value("<value><struct/></value>"), Value::Struct(Map::new()));
    // Whitespace anywhere between tags, and around the typed element of a value.
    let spaced = "\n <value>\n\t<array>\r\n <data> <value> <int>1</int> </value> </data> </array> </value>\n";
    assert_eq!(value(spaced), Value::Array(vec![1.into()]));
}

#[test]
fn decodes_entities_and_character_references() {
    assert_eq!(
        value("<value>&lt;&gt;&amp;&quot;&apos;</value>"),
        Value::from("<>&\"'")
    );
    assert_eq!(
        value("<value><string>&#65;&#x42;</string></value>"),
        Value::from("AB")
    );
    assert_eq!(
        value("<value><string>&#x1F389;&#233;</string></value>"),
        Value::from("🎉é")
    );
    assert_eq!(
        value("<value><string>a&#13;b&#9;c&#10;</string></value>"),
        Value::from("a\rb\tc\n")
    );
    // End-of-line normalisation, as in every XML parser.
    assert_eq!(
        value("<value><string>a\r\nb\rc</string></value>"),
        Value::from("a\nb\nc")
    );
    // Entities in member names too.
    assert_eq!(value("<value><struct><member><name>&lt;k&gt;</name><value>v</value></member></struct></value>")["<k>"], Value::from("v"));
    // Strings without entities are borrowed; with entities they are owned.
    #[derive(Deserialize)]
    struct Text<'a>(#[serde(borrow)] Cow<'a, str>);
    let plain: Text<'_> = decode("<value><string>plain</string></value>").expect("str");
    assert!(matches!(plain.0, Cow::Borrowed("plain")));
    let escaped: Text<'_> = decode("<value><string>a &amp; b</string></value>").expect("str");
    assert!(matches!(escaped.0, Cow::Owned(ref s) if s == "a & b"));
    let s: &str = decode("<value>borrowed</value>").expect("str");
    assert_eq!(s, "borrowed");
    let owned: Cow<'_, str> = decode("<value><string>a &amp; b</string></value>").expect("str");
    assert_eq!(owned, "a & b");
    assert!(
        decode::<&str>("<value><string>a &amp; b</string></value>").is_err(),
        "cannot borrow unescaped text"
    );
}

#[test]
fn decodes_the_prolog_bom_and_responses() {
    assert_eq!(
        value("<?xml version='1.0'?>\n<value><int>1</int></value>\n"),
        Value::Int(1)
    );
    assert_eq!(
        value("\u{FEFF}<?xml version=\"1.0\" encoding=\"UTF-8\"?><value><int>1</int></value>"),
        Value::Int(1)
    );
    assert_eq!(
        value("<?xml version=\"1.0\" encoding='us-ascii'?><value>1</value>"),
        Value::from("1")
    );
    let ok = response("<value><array><data>\n<value><int>9</int></value>\n</data></array></value>");
    assert_eq!(
        xmlrpc::decode_response::<Vec<i64>>(ok.as_bytes()).expect("decodes"),
        [9]
    );
    // Compact, no prolog.
    let compact = "<methodResponse><params><param><value><int>3</int></value></param></params></methodResponse>";
    assert_eq!(
        xmlrpc::decode_response::<i64>(compact.as_bytes()).expect("decodes"),
        3
    );
}

// ===== decoding: Odoo's value rules and typed data ===========================================

#[test]
fn options_read_false_and_nil_as_none() {
    assert_eq!(
        decode::<Option<String>>("<value><boolean>0</boolean></value>").ok(),
        Some(None)
    );
    assert_eq!(
        decode::<Option<String>>("<value><nil/></value>").ok(),
        Some(None)
    );
    assert_eq!(
        decode::<Option<String>>("<value>x</value>").ok(),
        Some(Some("x".into()))
    );
    assert_eq!(
        decode::<Option<i64>>("<value><int>0</int></value>").ok(),
        Some(Some(0))
    );
    assert_eq!(
        decode::<Option<bool>>("<value><boolean>1</boolean></value>").ok(),
        Some(Some(true))
    );
    assert_eq!(
        decode::<Option<(i64, String)>>("<value><boolean>0</boolean></value>").ok(),
        Some(None)
    );
    let m2o: Option<(i64, String)> =
        decode("<value><array><data><value><int>233</int></value><value><string>United States</string></value></data></array></value>").expect("pair");
    assert_eq!(m2o, Some((233, "United States".into())));
    // A `true` where a string is expected is an error, not None.
    let e = decode::<Option<String>>("<value><boolean>1</boolean></value>").unwrap_err();
    assert!(e.to_string().contains("expected a string"), "{e}");
}

#[test]
fn integers_never_wrap() {
    let e = decode::<i64>("<value><int>9223372036854775808</int></value>").unwrap_err();
    assert!(
        e.to_string()
            .contains("out of the range of a 64-bit integer"),
        "{e}"
    );
    assert!(decode::<i64>("<value><i8>-9223372036854775809</i8></value>").is_err());
    let e = decode::<i32>("<value><i8>2147483648</i8></value>").unwrap_err();
    assert!(e.to_string().contains("expected i32"), "{e}");
    assert!(decode::<u8>("<value><int>-1</int></value>").is_err());
    assert_eq!(decode::<u64>("<value><int>5</int></value>").ok(), Some(5));
    assert_eq!(decode::<f64>("<value><int>5</int></value>").ok(), Some(5.0));
    assert!(decode::<i64>("<value><double>5.0</double></value>").is_err());
}

#[derive(Deserialize, Debug, PartialEq)]
pub(super) struct Partner {
    id: i64,
    name: String,
    country_id: Option<(i64, String)>,
    category_id: Vec<i64>,
    #[serde(rename = "type")]
    kind: Kind,
    email: Option<String>,
    credit_limit: f64,
}

pub(super) const PARTNERS: &str = r#"<?xml version="1.0"?>
<methodResponse>
<params>
<param>
<value><array><data>
<value><struct>
<member>
<name>id</name>
<value><int>9</int></value>
</member>
<member>
<name>unknown_nested</name>
<value><array><data>
<value><struct><member><name>deep</name><value><array><data><value><nil/></value><value><base64>!!not base64!!</base64></value></data></array></value></member></struct></value>
<value><dateTime.iso8601>20250101T00:00:00</dateTime.iso8601></value>
<value><struct/></value>
<value><array><data/></array></value>
</data></array></value>
</member>
<member>
<name>name</name>
<value><string>Acme &amp; Co</string></value>
</member>
<member>
<name>country_id</name>
<value><array><data>
<value><int>233</int></value>
<value><string>United States</string></value>
</data></array></value>
</member>
<member>
<name>category_id</name>
<value><array><data>
<value><int>7</int></value>
</data></array></value>
</member>
<member>
<name>type</name>
<value><string>invoice</string></value>
</member>
<member>
<name>email</name>
<value><boolean>0</boolean></value>
</member>
<member>
<name>credit_limit</name>
<value><double>0.0</double></value>
</member>
</struct></value>
<value><struct>
<member>
<name>id</name>
<value><int>15</int></value>
</member>
<member>
<name>name</name>
<value><string>Azure</string></value>
</member>
<member>
<name>country_id</name>
<value><boolean>0</boolean></value>
</member>
<member>
<name>category_id</name>
<value><array><data>
</data></array></value>
</member>
<member>
<name>type</name>
<value><string>contact</string></value>
</member>
<member>
<name>email</name>
<value><string>azure@example.com</string></value>
</member>
<member>
<name>credit_limit</name>
<value><double>12.5</double></value>
</member>
</struct></value>
</data></array></value>
</param>
</params>

</methodResponse>
"#;

#[test]
fn decodes_typed_records_skipping_unknown_members() {
    let partners: Vec<Partner> = xmlrpc::decode_response(PARTNERS.as_bytes()).expect("decodes");
    assert_eq!(
        partners,
        [
            Partner {
                id: 9,
                name: "Acme & Co".into(),
                country_id: Some((233, "United States".into())),
                category_id: vec![7],
                kind: Kind::Invoice,
                email: None,
                credit_limit: 0.0,
            },
            Partner {
                id: 15,
                name: "Azure".into(),
                country_id: None,
                category_id: vec![],
                kind: Kind::Contact,
                email: Some("azure@example.com".into()),
                credit_limit: 12.5,
            },
        ]
    );
    // The skipped member held invalid base64: skipping does not look at text.
    let v = xmlrpc::decode_response::<Value>(PARTNERS.as_bytes());
    assert!(v.is_err(), "decoding it into Value does");
}

#[test]
fn decodes_maps_newtypes_enums_and_bytes() {
    // Integer-keyed maps read their keys from the member names.
    let m: HashMap<i64, f64> = decode("<value><struct><member><name>12</name><value><double>100.0</double></value></member></struct></value>").expect("map");
    assert_eq!(m[&12], 100.0);
    let m: BTreeMap<&str, i64> = decode("<value><struct><member><name>k</name><value><int>1</int></value></member></struct></value>").expect("map");
    assert_eq!(m["k"], 1);

    #[derive(Deserialize, Debug, PartialEq)]
    struct Id(i64);
    assert_eq!(
        decode::<Id>("<value><int>4</int></value>").ok(),
        Some(Id(4))
    );

    assert_eq!(
        decode::<Kind>("<value><string>delivery</string></value>").ok(),
        Some(Kind::Delivery)
    );
    let e = decode::<Kind>("<value><string>other</string></value>").unwrap_err();
    assert!(e.to_string().contains("unknown variant `other`"), "{e}");
    assert!(decode::<Kind>("<value><int>1</int></value>").is_err());
    assert_eq!(
        decode::<Shape>("<value><struct><member><name>Pair</name><value><array><data><value><int>1</int></value><value>a</value></data></array></value></member></struct></value>").ok(),
        Some(Shape::Pair(1, "a".into()))
    );
    assert!(decode::<Shape>("<value><struct><member><name>Id</name><value><int>1</int></value></member><member><name>Id</name><value><int>2</int></value></member></struct></value>").is_err());

    struct Bytes(Vec<u8>);
    impl<'de> Deserialize<'de> for Bytes {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Bytes, E> {
                    Ok(Bytes(v))
                }
            }
            d.deserialize_byte_buf(V)
        }
    }
    // `<base64>`, and a `<string>` holding base64 (Odoo's binary fields).
    assert_eq!(
        decode::<Bytes>("<value><base64>aGk=</base64></value>")
            .map(|b| b.0)
            .ok(),
        Some(b"hi".to_vec())
    );
    assert_eq!(
        decode::<Bytes>("<value><string>aGk=</string></value>")
            .map(|b| b.0)
            .ok(),
        Some(b"hi".to_vec())
    );
    let e = decode::<Bytes>("<value><string>10.44 Kb</string></value>")
        .err()
        .expect("not base64");
    assert!(e.to_string().contains("invalid base64"), "{e}");
    // A `<base64>` read as a string is its text.
    assert_eq!(
        decode::<String>("<value><base64>aGk=</base64></value>")
            .ok()
            .as_deref(),
        Some("aGk=")
    );
}

#[test]
fn tuples_must_have_the_right_length() {
    let three = "<value><array><data><value><int>1</int></value><value>a</value><value>b</value></data></array></value>";
    let e = decode::<(i64, String)>(three).unwrap_err();
    assert!(e.to_string().contains("more elements than expected"), "{e}");
    let one = "<value><array><data><value><int>1</int></value></data></array></value>";
    let e = decode::<(i64, String)>(one).unwrap_err();
    assert!(e.to_string().contains("invalid length 1"), "{e}");
}

#[test]
fn the_public_deserializer_streams_and_checks_the_end() {
    let xml = b"<value><array><data><value><int>7</int></value><value>x</value></data></array></value>  junk";
    let mut de = Deserializer::from_slice(xml).expect("UTF-8");
    let pair: (i64, &str) = Deserialize::deserialize(&mut de).expect("value");
    assert_eq!(pair, (7, "x"));
    let e = de.end().unwrap_err();
    assert!(e.to_string().contains("trailing characters"), "{e}");
}

// ===== calls =================================================================================

#[test]
fn decodes_calls() {
    let body = xmlrpc::encode_call(
        "execute_kw",
        &(
            "odoo19",
            2,
            "pw",
            "res.partner",
            "search",
            (Vec::<Value>::new(),),
        ),
    )
    .expect("encodes");
    let (method, params) = xmlrpc::decode_call(&body).expect("decodes");
    assert_eq!(method, "execute_kw");
    assert_eq!(params.len(), 6);
    assert_eq!(params[5], Value::Array(vec![Value::Array(vec![])]));
    let (m, none) =
        xmlrpc::decode_call(b"<methodCall><methodName>a&amp;b</methodName></methodCall>")
            .expect("no params");
    assert_eq!((m.as_str(), none.len()), ("a&b", 0));
    let (_, none) =
        xmlrpc::decode_call(b"<methodCall><methodName>v</methodName><params/></methodCall>")
            .expect("empty params");
    assert!(none.is_empty());
    let (_, (a, b)): (String, (i64, String)) = xmlrpc::decode_call_params(
        b"<methodCall><methodName>m</methodName><params><param><value><int>1</int></value></param><param><value>x</value></param></params></methodCall>",
    )
    .expect("typed params");
    assert_eq!((a, b.as_str()), (1, "x"));
    let e = xmlrpc::decode_call_params::<(i64,)>(
        b"<methodCall><methodName>m</methodName><params><param><value><int>1</int></value></param><param><value>x</value></param></params></methodCall>",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("more parameters than expected"),
        "{e}"
    );
    let e = xmlrpc::decode_call(b"<methodCall><methodName>m</methodName><params><param><value><int>x</int></value></param></params></methodCall>").unwrap_err();
    assert!(e.to_string().contains("param #0"), "{e}");
    assert_eq!(e.decode_context().and_then(|c| c.record_index), None);
}
