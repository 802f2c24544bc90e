//! The 185 recorded searches of `domains/cases.json`, run against a server seeded with
//! `domains/data.json`: same ids, same order.

use crate::common;

use odoo_runtime::Value;
use odoo_testkit::TestServer;
use odoo_tests::recordings;

/// Cases whose recorded order cannot be reproduced, with the reason.
///
/// Ordering by `name` alone leaves ties (four partners named "JSON-2 Co (renamed)", four
/// "Recorded B", …) in whatever order PostgreSQL's quicksort left them, which differs even
/// between `name` and `name desc` on the same rows; SQL does not define it. The server breaks
/// ties by id. Likewise `create_date` in `data.json` is cut to the second while PostgreSQL
/// sorted on the stored microseconds. For these cases the test checks the result equals the
/// recording up to the order inside each group of equal sort keys (as the server reads them).
const TIES: &[(usize, &str)] = &[
    (164, "order 'name': tied names come in PostgreSQL's unspecified order"),
    (166, "order 'name desc': tied names come in PostgreSQL's unspecified order"),
    (170, "order 'is_company desc, name': tied names come in PostgreSQL's unspecified order"),
    (172, "order 'parent_id, name': tied names (no parent) come in PostgreSQL's unspecified order"),
    (178, "order 'create_date desc, id': data.json's create_date is cut to the second; PostgreSQL sorted on microseconds"),
    (179, "order 'create_date desc, id' with offset 3, limit 5: the same sub-second ties decide the window"),
];

#[test]
#[ignore = "needs ODOO_RECORDINGS (../shared/odoo19)"]
fn recorded_domain_cases() {
    let dir = recordings::dir();
    let server = TestServer::builder()
        .schema(common::schema(&dir))
        .data_json(&recordings::text(&dir, "domains/data.json"))
        .user("admin", "admin")
        .start_background()
        .expect("server starts");
    let cases = recordings::json(&dir, "domains/cases.json");
    let cases = cases.as_array().expect("a list of cases");
    let (mut exact, mut ties_only, mut failed) = (0, 0, Vec::new());
    for (i, case) in cases.iter().enumerate() {
        let mut kwargs = serde_json::Map::new();
        kwargs.insert("context".into(), case["context"].clone());
        for key in ["order", "offset", "limit"] {
            if let Some(v) = case.get(key) {
                kwargs.insert(key.into(), v.clone());
            }
        }
        let got = server.call(
            case["model"].as_str().unwrap(),
            "search",
            serde_json::json!([case["domain"]]),
            serde_json::Value::Object(kwargs),
        );
        let want: Vec<i64> = case["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        let got: Vec<i64> = match got {
            Ok(Value::Array(a)) => a.iter().filter_map(Value::as_i64).collect(),
            other => {
                failed.push(format!("#{i} {}: {other:?}", case["domain"]));
                continue;
            }
        };
        if got == want {
            exact += 1;
        } else if TIES.iter().any(|(n, _)| *n == i) && same_up_to_ties(&server, case, &got, &want) {
            ties_only += 1;
        } else {
            failed.push(format!(
                "#{i} {} {}: got {got:?}, want {want:?}",
                case["domain"],
                case.get("order").unwrap_or(&serde_json::Value::Null)
            ));
        }
    }
    println!(
        "domain cases: {exact} exact, {ties_only} equal up to ties ({} listed), {} failed, of {}",
        TIES.len(),
        failed.len(),
        cases.len()
    );
    assert!(failed.is_empty(), "failing cases:\n{}", failed.join("\n"));
}

/// Same ids (for a window of a longer result: the same length), and every position holds a
/// record with the same sort keys as the recorded one (the ordered fields' values, read back).
fn same_up_to_ties(
    server: &TestServer,
    case: &serde_json::Value,
    got: &[i64],
    want: &[i64],
) -> bool {
    let windowed = case.get("limit").is_some_and(|l| !l.is_null())
        || case.get("offset").is_some_and(|o| o.as_i64() != Some(0));
    let mut a = got.to_vec();
    let mut b = want.to_vec();
    a.sort();
    b.sort();
    if got.len() != want.len() || (!windowed && a != b) {
        return false;
    }
    let model = case["model"].as_str().unwrap();
    let fields: Vec<String> = case["order"]
        .as_str()
        .unwrap_or("")
        .split(',')
        .filter_map(|p| p.split_whitespace().next().map(str::to_owned))
        // `id` only breaks ties of the keys before it, which is what differs here.
        .filter(|f| f != "id")
        .collect();
    let field_refs: Vec<&str> = fields.iter().map(String::as_str).collect();
    let key = |id: i64| -> String {
        let rows = server.read(model, &[id], &field_refs).unwrap();
        fields
            .iter()
            .map(|f| format!("{:?}", rows[0][f.as_str()]))
            .collect::<Vec<_>>()
            .join("|")
    };
    got.iter()
        .zip(want)
        .all(|(g, w)| g == w || key(*g) == key(*w))
}
