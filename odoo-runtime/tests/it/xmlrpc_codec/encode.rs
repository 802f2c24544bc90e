//! Encoding: every value form, escaping, base64 lines, structs and enums, calls, responses
//! and faults in Odoo's layout, and the encoder's errors.

use super::*;

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
