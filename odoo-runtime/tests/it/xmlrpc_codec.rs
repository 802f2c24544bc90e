//! The XML-RPC codec on its own: every value form both ways, escaping, character references,
//! Odoo's value rules, typed decoding, error locations, every kind of malformed input, and
//! property-based round trips of `Value` trees and typed structs.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use base64::Engine as _;
use odoo_runtime::xmlrpc::{self, Deserializer};
use odoo_runtime::{Error, ErrorKind, FaultCode, Map, Value};
use proptest::prelude::*;
use serde::de::{self, Visitor};
use serde::{Deserialize, Serialize};

fn enc<T: Serialize + ?Sized>(v: &T) -> String {
    String::from_utf8(xmlrpc::encode_value(v).expect("encodes")).expect("UTF-8")
}

fn value(xml: &str) -> Value {
    xmlrpc::from_slice(xml.as_bytes()).unwrap_or_else(|e| panic!("{xml}: {e}"))
}

fn decode<'a, T: Deserialize<'a>>(xml: &'a str) -> Result<T, Error> {
    xmlrpc::from_slice(xml.as_bytes())
}

/// A response around one `<value>`.
fn response(inner: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n{inner}\n</param>\n</params>\n\n</methodResponse>\n")
}

fn decode_err(xml: &str) -> Error {
    match xmlrpc::decode_response::<Value>(xml.as_bytes()) {
        Ok(v) => panic!("decoded {xml:?} into {v:?}"),
        Err(e) => {
            assert_eq!(e.kind(), ErrorKind::Decode, "{xml}: {e}");
            e
        }
    }
}

/// Asserts the decode error's message holds `needle`.
#[track_caller]
fn assert_decode_err(xml: &str, needle: &str) -> Error {
    let e = decode_err(xml);
    assert!(
        e.to_string().contains(needle),
        "{xml:?}\n  gave: {e}\n  wanted: {needle}"
    );
    e
}

// ===== encoding ==============================================================================

#[test]
fn encodes_scalars_like_python() {
    assert_eq!(enc(&true), "<value><boolean>1</boolean></value>\n");
    assert_eq!(enc(&false), "<value><boolean>0</boolean></value>\n");
    assert_eq!(enc(&42u8), "<value><int>42</int></value>\n");
    assert_eq!(enc(&-7i32), "<value><int>-7</int></value>\n");
    assert_eq!(
        enc(&i64::from(i32::MAX)),
        "<value><int>2147483647</int></value>\n"
    );
    assert_eq!(
        enc(&i64::from(i32::MIN)),
        "<value><int>-2147483648</int></value>\n"
    );
    assert_eq!(enc(&(1i64 << 31)), "<value><i8>2147483648</i8></value>\n");
    assert_eq!(
        enc(&i64::MIN),
        "<value><i8>-9223372036854775808</i8></value>\n"
    );
    assert_eq!(
        enc(&u64::from(u32::MAX)),
        "<value><i8>4294967295</i8></value>\n"
    );
    assert_eq!(
        enc(&(i64::MAX as u64)),
        "<value><i8>9223372036854775807</i8></value>\n"
    );
    assert_eq!(enc(&0.0), "<value><double>0.0</double></value>\n");
    assert_eq!(enc(&-1.5), "<value><double>-1.5</double></value>\n");
    assert_eq!(enc(&1e16), "<value><double>1e+16</double></value>\n");
    assert_eq!(enc(&0.1f32), "<value><double>0.1</double></value>\n");
    assert_eq!(enc(&1.5e-7), "<value><double>1.5e-07</double></value>\n");
    assert_eq!(enc("Acme"), "<value><string>Acme</string></value>\n");
    assert_eq!(enc(&'é'), "<value><string>é</string></value>\n");
    assert_eq!(enc(""), "<value><string></string></value>\n");
    assert_eq!(enc(&None::<i64>), "<value><nil/></value>");
    assert_eq!(enc(&()), "<value><nil/></value>");
    assert_eq!(enc(&Some(3)), "<value><int>3</int></value>\n");
}

#[test]
fn encodes_escaping_like_python() {
    assert_eq!(
        enc("<p>Tom & \"Jerry\" 'x'</p>"),
        "<value><string>&lt;p&gt;Tom &amp; \"Jerry\" 'x'&lt;/p&gt;</string></value>\n"
    );
    assert_eq!(
        enc("tab\tnl\n"),
        "<value><string>tab\tnl\n</string></value>\n"
    );
    // A carriage return survives the parser's end-of-line normalisation only as a reference.
    assert_eq!(enc("a\r\nb"), "<value><string>a&#13;\nb</string></value>\n");
    assert_eq!(value(&enc("a\r\nb")), Value::from("a\r\nb"));
    assert_eq!(enc("日本 🎉"), "<value><string>日本 🎉</string></value>\n");
}

#[test]
fn encodes_base64_in_python_lines() {
    let bytes: Vec<u8> = (0..100u8).collect();
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let expected = format!(
        "<value><base64>\n{}\n{}\n</base64></value>\n",
        &b64[..76],
        &b64[76..]
    );
    assert_eq!(enc(&Value::Base64(bytes.clone())), expected);
    assert_eq!(value(&expected), Value::Base64(bytes));
    assert_eq!(
        enc(&Value::Base64(vec![])),
        "<value><base64>\n</base64></value>\n"
    );
    assert_eq!(
        value("<value><base64>\n</base64></value>"),
        Value::Base64(vec![])
    );
}

#[test]
fn encodes_compound_values_like_python() {
    assert_eq!(
        enc(&(7, "Azure Interior")),
        "<value><array><data>\n<value><int>7</int></value>\n<value><string>Azure Interior</string></value>\n</data></array></value>\n"
    );
    assert_eq!(
        enc(&Vec::<i64>::new()),
        "<value><array><data>\n</data></array></value>\n"
    );
    let mut m = BTreeMap::new();
    m.insert("limit", Value::from(5));
    m.insert("order", Value::from("name desc"));
    assert_eq!(
        enc(&m),
        "<value><struct>\n<member>\n<name>limit</name>\n<value><int>5</int></value>\n</member>\n<member>\n<name>order</name>\n<value><string>name desc</string></value>\n</member>\n</struct></value>\n"
    );
    assert_eq!(enc(&Map::new()), "<value><struct>\n</struct></value>\n");
    assert_eq!(
        enc(&Value::DateTime("20000101T00:00:00".into())),
        "<value><dateTime.iso8601>20000101T00:00:00</dateTime.iso8601></value>\n"
    );
    // `<nil/>` has no newline after it, as in Python.
    assert_eq!(
        enc(&["name", "="].iter().map(|s| Value::from(*s)).chain([Value::Nil]).collect::<Vec<_>>()),
        "<value><array><data>\n<value><string>name</string></value>\n<value><string>=</string></value>\n<value><nil/></value></data></array></value>\n"
    );
    // Integer and boolean map keys are written as text.
    let ints: BTreeMap<i64, bool> = [(3, true)].into();
    assert_eq!(
        enc(&ints),
        "<value><struct>\n<member>\n<name>3</name>\n<value><boolean>1</boolean></value>\n</member>\n</struct></value>\n"
    );
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(rename_all = "snake_case")]
enum Kind {
    Contact,
    Invoice,
    Delivery,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
enum Shape {
    Empty,
    Id(i64),
    Pair(i64, String),
    Named { id: i64, name: String },
}

#[test]
fn encodes_structs_and_enums() {
    #[derive(Serialize)]
    struct Vals<'a> {
        name: &'a str,
        #[serde(rename = "type")]
        kind: Kind,
        parent_id: Option<i64>,
    }
    assert_eq!(
        enc(&Vals { name: "x", kind: Kind::Invoice, parent_id: None }),
        "<value><struct>\n<member>\n<name>name</name>\n<value><string>x</string></value>\n</member>\n<member>\n<name>type</name>\n<value><string>invoice</string></value>\n</member>\n<member>\n<name>parent_id</name>\n<value><nil/></value></member>\n</struct></value>\n"
    );
    assert_eq!(
        enc(&Shape::Empty),
        "<value><string>Empty</string></value>\n"
    );
    assert_eq!(
        enc(&Shape::Id(4)),
        "<value><struct>\n<member>\n<name>Id</name>\n<value><int>4</int></value>\n</member>\n</struct></value>\n"
    );
    for shape in [
        Shape::Empty,
        Shape::Id(4),
        Shape::Pair(1, "a".into()),
        Shape::Named {
            id: 2,
            name: "b".into(),
        },
    ] {
        let back: Shape = decode(&enc(&shape)).expect("round trip");
        assert_eq!(back, shape);
    }
}

#[test]
fn encodes_calls_responses_and_faults_in_odoo_layout() {
    assert_eq!(
        xmlrpc::encode_call("version", &()).expect("encodes"),
        b"<?xml version='1.0'?>\n<methodCall>\n<methodName>version</methodName>\n<params>\n</params>\n</methodCall>\n"
    );
    assert_eq!(
        String::from_utf8(xmlrpc::encode_call("login", &("db", 2)).expect("encodes")).unwrap_or_default(),
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>login</methodName>\n<params>\n<param>\n<value><string>db</string></value>\n</param>\n<param>\n<value><int>2</int></value>\n</param>\n</params>\n</methodCall>\n"
    );
    let empty: Vec<Value> = vec![];
    assert_eq!(
        xmlrpc::encode_call("version", &empty).expect("encodes"),
        xmlrpc::encode_call("version", &()).expect("encodes")
    );
    assert_eq!(
        String::from_utf8(xmlrpc::encode_response(&true).expect("encodes")).unwrap_or_default(),
        "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n</params>\n\n</methodResponse>\n"
    );
    assert_eq!(
        String::from_utf8(xmlrpc::encode_fault(&FaultCode::Int(2), "Nope <here>")).unwrap_or_default(),
        "<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>Nope &lt;here&gt;</string></value>\n</member>\n</struct></value>\n</fault>\n\n</methodResponse>\n"
    );
    let legacy = xmlrpc::encode_fault(&FaultCode::String("AccessDenied".into()), "Access Denied");
    assert!(String::from_utf8_lossy(&legacy)
        .contains("<name>faultCode</name>\n<value><string>AccessDenied</string></value>"));
}

#[test]
fn encode_errors_name_the_problem_and_where() {
    let e = xmlrpc::encode_value(&f64::NAN).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encode);
    assert!(e.to_string().contains("NaN"), "{e}");
    assert!(xmlrpc::encode_value(&f64::INFINITY).is_err());
    assert!(xmlrpc::encode_value(&f32::NEG_INFINITY).is_err());
    let e = xmlrpc::encode_value(&u64::MAX).unwrap_err();
    assert!(e.to_string().contains("does not fit in 64 bits"), "{e}");
    assert!(xmlrpc::encode_value(&(i128::from(i64::MAX) + 1)).is_err());
    assert!(xmlrpc::encode_value(&i128::from(i64::MIN)).is_ok());

    // Control characters XML 1.0 cannot carry: refused in requests, with the position.
    let e = xmlrpc::encode_call(
        "write",
        &(
            [1],
            [("name", "ab\u{1}c")]
                .into_iter()
                .collect::<BTreeMap<_, _>>(),
        ),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Encode);
    let msg = e.to_string();
    assert!(
        msg.contains("U+0001") && msg.contains("character 2") && msg.contains("param #1.name"),
        "{msg}"
    );
    let e = xmlrpc::encode_value(&vec![vec!["ok", "bell\u{7}"]]).unwrap_err();
    assert!(e.to_string().contains("[0][1]"), "{e}");
    assert!(xmlrpc::encode_value("\u{FFFF}").is_err());
    assert!(xmlrpc::encode_value("\u{FFFE}").is_err());
    assert!(
        xmlrpc::encode_value(&[("k\u{0}", 1)].into_iter().collect::<BTreeMap<_, _>>()).is_err()
    );
    assert!(xmlrpc::encode_call("bad\u{2}name", &()).is_err());
    // Responses and faults drop them, as Odoo does.
    let body = xmlrpc::encode_response("a\u{1}b\u{1f}c\r").expect("strips");
    assert!(String::from_utf8_lossy(&body).contains("<string>abc&#13;</string>"));
    // NaN is refused in responses too (and by the decoder).
    assert!(xmlrpc::encode_response(&f64::NAN).is_err());
    let fault = xmlrpc::encode_fault(&FaultCode::Int(1), "x\u{0}y");
    assert!(String::from_utf8_lossy(&fault).contains("<string>xy</string>"));

    // Map keys must be text; parameters a sequence.
    #[derive(Serialize)]
    struct FloatKeys(#[serde(serialize_with = "float_key_map")] ());
    fn float_key_map<S: serde::Serializer>(_: &(), s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(1))?;
        m.serialize_entry(&1.5f64, &1)?;
        m.end()
    }
    let e = xmlrpc::encode_value(&FloatKeys(())).unwrap_err();
    assert!(
        e.to_string().contains("member name must be a string"),
        "{e}"
    );
    let e = xmlrpc::encode_call("m", &5).unwrap_err();
    assert!(
        e.to_string().contains("must be a sequence or a tuple"),
        "{e}"
    );
    assert!(xmlrpc::encode_call("m", &Map::new()).is_err());
    assert!(xmlrpc::encode_call("m", "text").is_err());
}

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
struct Partner {
    id: i64,
    name: String,
    country_id: Option<(i64, String)>,
    category_id: Vec<i64>,
    #[serde(rename = "type")]
    kind: Kind,
    email: Option<String>,
    credit_limit: f64,
}

const PARTNERS: &str = r#"<?xml version="1.0"?>
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

// ===== faults ================================================================================

#[test]
fn decodes_faults_into_error_kinds() {
    let cases = [
        (
            FaultCode::Int(1),
            "Traceback (most recent call last):\n  File \"x\"\nValueError: Invalid field 'x'\n",
            ErrorKind::ServerError,
        ),
        (
            FaultCode::Int(2),
            "Record does not exist or has been deleted.",
            ErrorKind::MissingRecord,
        ),
        (
            FaultCode::Int(2),
            "You cannot do that",
            ErrorKind::UserError,
        ),
        (FaultCode::Int(3), "Access Denied", ErrorKind::AccessDenied),
        (FaultCode::Int(4), "Not allowed", ErrorKind::AccessError),
        (
            FaultCode::String("AccessDenied".into()),
            "Access Denied",
            ErrorKind::AccessDenied,
        ),
        (
            FaultCode::String("warning -- MissingError\n\nGone".into()),
            "",
            ErrorKind::MissingRecord,
        ),
    ];
    for (code, string, kind) in cases {
        let body = xmlrpc::encode_fault(&code, string);
        let e = xmlrpc::decode_response::<Vec<Partner>>(&body).unwrap_err();
        assert_eq!(e.kind(), kind, "{code:?}");
        assert_eq!(e.fault().and_then(|f| f.code.clone()), Some(code));
    }
    let e = xmlrpc::decode_response::<Value>(b"<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let e = xmlrpc::decode_response::<Value>(
        b"<methodResponse><fault><value><int>1</int></value></fault></methodResponse>",
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    let e = xmlrpc::decode_response::<Value>(
        b"<methodResponse><fault><value><struct></struct></value></fault>",
    )
    .unwrap_err();
    assert!(e.to_string().contains("</methodResponse>"), "{e}");
}

// ===== errors: locations =====================================================================

#[test]
fn decode_errors_carry_their_location() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct Row {
        id: i64,
        name: String,
    }
    let xml = response(
        "<value><array><data>\n\
         <value><struct><member><name>id</name><value><int>1</int></value></member><member><name>name</name><value>a</value></member></struct></value>\n\
         <value><struct><member><name>id</name><value><int>42</int></value></member>\n<member><name>name</name><value><int>5</int></value></member></struct></value>\n\
         </data></array></value>",
    );
    let e = xmlrpc::decode_response::<Vec<Row>>(xml.as_bytes()).unwrap_err();
    let ctx = e.decode_context().expect("context");
    assert_eq!(ctx.record_index, Some(1));
    assert_eq!(ctx.record_id, Some(42));
    assert_eq!(ctx.field.as_deref(), Some("name"));
    assert_eq!(ctx.expected.as_deref(), Some("a string"));
    assert_eq!(ctx.found.as_deref(), Some("integer `5`"));
    let msg = e.to_string();
    assert!(
        msg.contains("at `[1].name`") && msg.contains("line 8") && msg.contains("byte "),
        "{msg}"
    );
    let at: usize = msg
        .split("byte ")
        .nth(1)
        .and_then(|r| r.split(')').next())
        .and_then(|n| n.parse().ok())
        .expect("offset");
    assert!(
        xml[at..].starts_with("<value><int>5</int>"),
        "{}",
        &xml[at..]
    );

    // A missing field is reported at its record, naming the field.
    let missing = response("<value><array><data><value><struct><member><name>id</name><value><int>3</int></value></member></struct></value></data></array></value>");
    let e = xmlrpc::decode_response::<Vec<Row>>(missing.as_bytes()).unwrap_err();
    let ctx = e.decode_context().expect("context");
    assert_eq!(
        (ctx.record_index, ctx.record_id, ctx.field.as_deref()),
        (Some(0), Some(3), Some("name"))
    );
    assert!(
        e.to_string().contains("missing field `name` at `[0]`"),
        "{e}"
    );

    // Nested paths.
    let nested = "<value><struct><member><name>lines</name><value><array><data><value><array><data><value><int>1</int></value><value><boolean>1</boolean></value></data></array></value></data></array></value></member></struct></value>";
    let e = decode::<BTreeMap<String, Vec<(i64, String)>>>(nested).unwrap_err();
    assert!(e.to_string().contains("at `lines[0][1]`"), "{e}");
    assert_eq!(
        e.decode_context().and_then(|c| c.field.as_deref()),
        Some("lines")
    );

    // Syntax errors have a path and position too.
    let e = assert_decode_err(&response("<value><array><data><value><int>1</int></value><value><int>x</int></value></data></array></value>"), "invalid integer `x`");
    assert_eq!(e.decode_context().and_then(|c| c.record_index), Some(1));
}

// ===== errors: malformed input ===============================================================

#[test]
fn malformed_documents_are_decode_errors() {
    let cases: &[(&str, &str)] = &[
        // structure
        ("<methodResponse><params><param><value><int>1</int></value></param></params>", "truncated body"),
        ("<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse> x", "trailing characters"),
        ("<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse><a/>", "trailing characters"),
        ("<methodResponse><params><param><value><int>1</string></value></param></params></methodResponse>", "mismatched tags"),
        ("<methodResponse><params><param><value><int>1</int></valeu></param></params></methodResponse>", "unknown tag `</valeu>`"),
        ("<methodResponse><params><param><value><integer>1</integer></value></param></params></methodResponse>", "unknown tag `<integer>`"),
        ("<methodResponse><params><param><value><int>1</int><int>2</int></value></param></params></methodResponse>", "holds exactly one element"),
        ("<methodResponse><params><param><value><int>1</int>x</value></param></params></methodResponse>", "expected `</value>`, found text `x`"),
        ("<methodResponse><params><param><value>x<int>1</int></value></param></params></methodResponse>", "text next to an element"),
        ("<methodResponse><params>junk<param><value><int>1</int></value></param></params></methodResponse>", "expected `<param>`"),
        ("<methodResponse><params><param><value><array>x<data></data></array></value></param></params></methodResponse>", "expected `<data>`"),
        ("<methodResponse><params><param><value><struct><name>a</name></struct></value></param></params></methodResponse>", "expected `<member>`"),
        ("<methodResponse><params><param><value><struct><member><value>1</value></member></struct></value></param></params></methodResponse>", "expected `<name>`"),
        ("<methodResponse><params><param><value><array><data><int>1</int></data></array></value></param></params></methodResponse>", "expected `<value>`"),
        ("<methodResponse><params></params></methodResponse>", "a response holds one value"),
        ("<methodResponse><params><param><value>1</value></param><param><value>2</value></param></params></methodResponse>", "exactly one value"),
        ("<methodResponse></methodResponse>", "expected `<params>`"),
        ("<methodCall><methodName>x</methodName></methodCall>", "expected `<methodResponse>`"),
        ("", "truncated body"),
        ("<", "truncated body"),
        ("<methodResponse><params><param><value><string>abc", "truncated body"),
        ("<methodResponse><params><param><value><array><data><value><int>1</int></value>", "truncated body"),
        // scalars
        ("<methodResponse><params><param><value><int></int></value></param></params></methodResponse>", "invalid integer"),
        ("<methodResponse><params><param><value><int>1.5</int></value></param></params></methodResponse>", "invalid integer `1.5`"),
        ("<methodResponse><params><param><value><int>99999999999999999999</int></value></param></params></methodResponse>", "out of the range"),
        ("<methodResponse><params><param><value><double>1.2.3</double></value></param></params></methodResponse>", "invalid double"),
        ("<methodResponse><params><param><value><double></double></value></param></params></methodResponse>", "invalid double"),
        ("<methodResponse><params><param><value><double>nan</double></value></param></params></methodResponse>", "no NaN or infinity"),
        ("<methodResponse><params><param><value><double>-inf</double></value></param></params></methodResponse>", "no NaN or infinity"),
        ("<methodResponse><params><param><value><double>1e999</double></value></param></params></methodResponse>", "not finite"),
        ("<methodResponse><params><param><value><boolean>true</boolean></value></param></params></methodResponse>", "invalid boolean"),
        ("<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>", "invalid boolean"),
        ("<methodResponse><params><param><value><base64>not base64!</base64></value></param></params></methodResponse>", "invalid base64"),
        ("<methodResponse><params><param><value><nil>x</nil></value></param></params></methodResponse>", "expected `</nil>`"),
        ("<methodResponse><params><param><value><int/></value></param></params></methodResponse>", "unexpected `<int/>`"),
        // text
        ("<methodResponse><params><param><value>a & b</value></param></params></methodResponse>", "`&` must start an entity"),
        ("<methodResponse><params><param><value>&nbsp;</value></param></params></methodResponse>", "unknown entity"),
        ("<methodResponse><params><param><value><string>&#X43;</string></value></param></params></methodResponse>", "invalid character reference `&#X43;`"),
        ("<methodResponse><params><param><value>&#0;</value></param></params></methodResponse>", "invalid character reference"),
        ("<methodResponse><params><param><value>&#xD800;</value></param></params></methodResponse>", "invalid character reference"),
        ("<methodResponse><params><param><value>a\u{1}b</value></param></params></methodResponse>", "control character U+0001"),
        ("<methodResponse><params><param><value><string>\u{1b}</string></value></param></params></methodResponse>", "control character U+001B"),
        ("<methodResponse>\u{0}<params><param><value>1</value></param></params></methodResponse>", "expected `<params>`"),
        // unsupported XML
        ("<methodResponse><params><param><value><string><![CDATA[x]]></string></value></param></params></methodResponse>", "CDATA sections are not supported"),
        ("<methodResponse><!-- hi --><params><param><value>1</value></param></params></methodResponse>", "comments are not supported"),
        ("<!DOCTYPE x><methodResponse><params><param><value>1</value></param></params></methodResponse>", "DOCTYPE"),
        ("<methodResponse><params><param><value type=\"int\">1</value></param></params></methodResponse>", "no attributes"),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodResponse/>", "unsupported encoding `ISO-8859-1`"),
        ("<?xml version=\"1.0\"<methodResponse/>", "`?>` closing the XML declaration"),
    ];
    for (xml, needle) in cases {
        assert_decode_err(xml, needle);
    }
}

#[test]
fn invalid_utf8_is_a_decode_error() {
    let mut body = response("<value><string>caf\u{e9}</string></value>").into_bytes();
    let at = body
        .windows(2)
        .position(|w| w == "\u{e9}".as_bytes())
        .expect("é");
    body[at + 1] = b'X';
    let e = xmlrpc::decode_response::<Value>(&body).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(
        e.to_string()
            .contains(&format!("not valid UTF-8 at byte {at}")),
        "{e}"
    );
}

#[test]
fn nesting_is_bounded() {
    let nest = |n: usize| {
        format!(
            "{}<value><int>1</int></value>{}",
            "<value><array><data>".repeat(n),
            "</data></array></value>".repeat(n)
        )
    };
    assert!(decode::<Value>(&nest(xmlrpc::MAX_DEPTH)).is_ok());
    let e = decode::<Value>(&nest(xmlrpc::MAX_DEPTH + 1)).unwrap_err();
    assert!(e.to_string().contains("nest deeper than 128"), "{e}");
    // Hostile input: a million opening tags, decoded and skipped, must not blow the stack.
    let hostile = "<value><array><data>".repeat(1_000_000);
    assert!(decode::<Value>(&hostile).is_err());
    assert!(decode::<de::IgnoredAny>(&hostile).is_err());
    let structs = "<value><struct><member><name>a</name>".repeat(200);
    assert!(decode::<Value>(&structs).is_err());
    assert!(decode::<de::IgnoredAny>(&structs).is_err());
    // Skipping checks nesting too.
    let skipped = format!(
        "<value><struct><member><name>x</name>{}</member></struct></value>",
        nest(200)
    );
    assert!(decode::<BTreeMap<String, de::IgnoredAny>>(&skipped).is_err());
    let fine = format!(
        "<value><struct><member><name>x</name>{}</member></struct></value>",
        nest(100)
    );
    assert!(decode::<BTreeMap<String, de::IgnoredAny>>(&fine).is_ok());
}

#[test]
fn skipping_still_checks_structure() {
    #[derive(Deserialize, Debug)]
    #[allow(dead_code)]
    struct OnlyId {
        id: i64,
    }
    let with = |unknown: &str| {
        format!("<value><struct><member><name>skip</name>{unknown}</member><member><name>id</name><value><int>1</int></value></member></struct></value>")
    };
    assert!(decode::<OnlyId>(&with(
        "<value><array><data><value>1</value></data></array></value>"
    ))
    .is_ok());
    assert!(decode::<OnlyId>(&with(
        "<value><struct><member><name>a</name><value><nil/></value></member></struct></value>"
    ))
    .is_ok());
    for bad in [
        "<value><array><data><value>1</value></array></value>",
        "<value><struct><member><name>a</name></member></struct></value>",
        "<value><int>1</string></value>",
        "<value><array><data><value>1</value></data></array>",
        "<value><bogus/></value>",
        "<value><struct><member><value>1</value></member></struct></value>",
    ] {
        assert!(decode::<OnlyId>(&with(bad)).is_err(), "{bad}");
    }
}

/// Every prefix and many single-byte corruptions of a real response: an error or a value,
/// never a panic; a truncated body is never a success.
#[test]
fn truncations_and_corruptions_never_panic() {
    let body = PARTNERS.as_bytes();
    let end = body.len() - "\n</methodResponse>\n".len();
    for cut in 0..body.len() {
        let r = xmlrpc::decode_response::<Vec<Partner>>(&body[..cut]);
        let v = xmlrpc::decode_response::<Value>(&body[..cut]);
        if cut < end {
            assert!(r.is_err() && v.is_err(), "a body cut at {cut} decoded");
        }
    }
    let replacements = [
        b'<', b'>', b'/', b'&', b';', b'x', b'0', b' ', 0xFF, 0x01, b'#',
    ];
    for at in (0..body.len()).step_by(3) {
        for &r in &replacements {
            let mut corrupt = body.to_vec();
            corrupt[at] = r;
            let _ = xmlrpc::decode_response::<Vec<Partner>>(&corrupt);
            let _ = xmlrpc::decode_response::<Value>(&corrupt);
        }
    }
}

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
