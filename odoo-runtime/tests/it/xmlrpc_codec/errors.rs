//! Faults as error kinds, decode errors with their location, and every kind of malformed
//! input: never a panic, never a success on a truncated body.

use super::decode::{Partner, PARTNERS};
use super::*;

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
