//! Version, authentication, the untyped calls, `fields_get`, `api_doc`, context and the
//! blocking client.

use odoo_runtime::schema::FieldType;
use odoo_runtime::{Call, ErrorKind, Map, Protocol, Value, Values};

use super::{sweep, BENCH_PARTNERS, BENCH_PATTERN};
use crate::env::{Credential, Live, Setup};
use crate::models::{Named, Partner, Tag};
use crate::versions::Expect;

pub async fn version(s: &Setup) {
    let v = s.client().version().await.expect("version");
    assert_eq!(v.protocol_version, 1, "{v:?}");
    let major = v.major().expect("a major version");
    assert!(major >= 16, "{v:?}");
    assert!(
        v.server_version.starts_with(&major.to_string())
            && v.server_serie.starts_with(&major.to_string()),
        "{v:?}"
    );
    if let Some(expected) = Live::get().version {
        assert_eq!(major, expected, "ODOO_VERSION says {expected}: {v:?}");
    }
}

pub async fn authenticate(s: &Setup) {
    let live = Live::get();
    let c = s.client();
    let uid = c.authenticate().await.expect("authenticate");
    let users: Vec<i64> = c
        .call(Call::new("res.users", "search").arg("domain", [("login", "=", &live.user)]))
        .await
        .expect("search the user");
    assert_eq!(users, [uid], "the uid is {}'s", live.user);
    assert_eq!(c.clone().authenticate().await.unwrap(), uid, "cached");

    let wrong = "odoo-rs-live-wrong-secret";
    let e = s
        .client_with_wrong_secret(wrong)
        .authenticate()
        .await
        .expect_err("a wrong secret is refused");
    assert_eq!(e.kind(), ErrorKind::AccessDenied, "{e:?}");
    let text = format!("{e} {e:?}");
    assert!(!text.contains(wrong), "the secret leaked: {text}");
    if s.protocol != Protocol::Json2 {
        // `authenticate` answers `false`: the client names the login and the database.
        assert!(
            text.contains(&format!("`{}`", live.user)) && text.contains(&format!("`{}`", live.db)),
            "{text}"
        );
    }
}

pub async fn execute_kw(s: &Setup) {
    let c = s.client();
    let bench = [("name", "=like", BENCH_PATTERN)];
    if s.protocol == Protocol::Json2 {
        let e = c
            .execute_kw::<Value>("res.partner", "search_count", (bench,), Value::Nil)
            .await
            .expect_err("JSON-2 has no positional arguments");
        assert_eq!(e.kind(), ErrorKind::Encode, "{e:?}");
        assert!(e.to_string().contains("use Client::call"), "{e}");
        return;
    }
    let n: u64 = c
        .execute_kw("res.partner", "search_count", (bench,), Value::Nil)
        .await
        .expect("search_count");
    assert_eq!(n, BENCH_PARTNERS);
    let kwargs: Value = [("fields", Value::from(vec!["name"])), ("limit", 1.into())]
        .into_iter()
        .collect();
    let rows: Vec<Map> = c
        .execute_kw(
            "res.partner",
            "search_read",
            ([("name", "=", "Bench Partner 00042")],),
            kwargs,
        )
        .await
        .expect("search_read");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["name"], Value::from("Bench Partner 00042"));

    // One dict, not a list: Odoo answers with one id.
    let prefix = s.prefix("execute_kw");
    sweep(&c, &prefix).await;
    let vals: Value = [("name", prefix.as_str())].into_iter().collect();
    let id: i64 = c
        .execute_kw("res.partner.category", "create", (vals,), Value::Nil)
        .await
        .expect("create with a dict");
    let done: bool = c
        .execute_kw("res.partner.category", "unlink", (vec![id],), Value::Nil)
        .await
        .expect("unlink");
    assert!(done);
}

/// Every method of the calling-convention table through `Client::call`, as Odoo takes it.
pub async fn call(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("call");
    sweep(&c, &prefix).await;
    let model = "res.partner.category";

    let (id, name): (i64, String) = c
        .call(Call::new(model, "name_create").arg("name", &prefix))
        .await
        .expect("name_create");
    assert_eq!(name, prefix);

    let found: Vec<(i64, String)> = c
        .call(
            Call::new(model, "name_search")
                .arg("name", &prefix)
                .arg("domain", [("id", "=", id)])
                .arg("limit", 5),
        )
        .await
        .expect("name_search");
    assert_eq!(found, [(id, prefix.clone())]);

    let copy_name = format!("{prefix} copy");
    let copied: Vec<i64> = c
        .call(
            Call::new(model, "copy").ids([id]).arg(
                "default",
                [("name", copy_name.as_str())]
                    .into_iter()
                    .collect::<Value>(),
            ),
        )
        .await
        .expect("copy");
    assert_eq!(copied.len(), 1);

    let mine = [("name", "=like", format!("{prefix}%"))];
    let n: u64 = c
        .call(Call::new(model, "search_count").arg("domain", &mine))
        .await
        .expect("search_count");
    assert_eq!(n, 2);
    let ids: Vec<i64> = c
        .call(
            Call::new(model, "search")
                .arg("domain", &mine)
                .arg("order", "id desc")
                .arg("limit", 1),
        )
        .await
        .expect("search");
    assert_eq!(ids, copied);
    let rows: Vec<Tag> = c
        .call(
            Call::new(model, "search_read")
                .arg("domain", &mine)
                .arg("fields", ["name"])
                .arg("order", "id"),
        )
        .await
        .expect("search_read");
    let names: Vec<_> = rows
        .iter()
        .map(|t| t.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, [prefix.clone(), copy_name.clone()]);
    let rows: Vec<Tag> = c
        .call(
            Call::new(model, "read")
                .ids(copied.clone())
                .arg("fields", ["name"]),
        )
        .await
        .expect("read");
    assert_eq!(rows[0].name.as_deref(), Some(copy_name.as_str()));

    let groups: Vec<Map> = c
        .call(
            Call::new(model, "read_group")
                .arg("domain", &mine)
                .arg("fields", ["name:count"])
                .arg("groupby", ["active"])
                .arg("lazy", false),
        )
        .await
        .expect("read_group");
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0]["__count"], Value::Int(2), "{groups:?}");

    let defaults: Map = c
        .call(Call::new("res.partner", "default_get").arg("fields", ["active", "type"]))
        .await
        .expect("default_get");
    assert_eq!(
        defaults.get("active"),
        Some(&Value::Bool(true)),
        "{defaults:?}"
    );
    assert_eq!(
        defaults.get("type"),
        Some(&Value::from("contact")),
        "{defaults:?}"
    );

    // `exists` is `@api.private` on Odoo 19: not callable remotely; the error says where it is.
    let expect = Expect::get().await;
    let exists = c
        .call::<Vec<i64>>(Call::new(model, "exists").ids([id]))
        .await;
    if expect.exists_is_public() {
        assert_eq!(exists.expect("exists up to Odoo 18"), [id]);
    } else {
        let e = exists.expect_err("exists is private");
        assert_eq!(e.kind(), ErrorKind::AccessError, "{e:?}");
        assert!(
            e.to_string()
                .contains("`exists` can be called on Odoo 18 and earlier; this server is Odoo 19"),
            "{e}"
        );
    }

    // Not in the table: the ids first, the rest by keyword.
    let context: Map = c
        .call(Call::new("res.users", "context_get"))
        .await
        .expect("context_get");
    assert!(context.contains_key("lang"), "{context:?}");
    let renamed: bool = c
        .call(
            Call::new(model, "write")
                .ids([id])
                .arg("vals", [("color", 3)].into_iter().collect::<Value>()),
        )
        .await
        .expect("write");
    assert!(renamed);

    let gone: bool = c
        .call(Call::new(model, "unlink").ids([id, copied[0]]))
        .await
        .expect("unlink");
    assert!(gone);
    let n: u64 = c
        .call(Call::new(model, "search_count").arg("domain", &mine))
        .await
        .unwrap();
    assert_eq!(n, 0);
}

pub async fn fields_get(s: &Setup) {
    let fields = s
        .client()
        .fields_get("res.partner")
        .await
        .expect("fields_get");
    assert!(fields.len() > 50, "{} fields", fields.len());
    let name = &fields["name"];
    assert_eq!(name.field_type, FieldType::Char);
    assert_eq!(name.name, "name");
    let country = &fields["country_id"];
    assert_eq!(country.field_type, FieldType::Many2one);
    assert_eq!(country.relation.as_deref(), Some("res.country"));
    let tags = &fields["category_id"];
    assert_eq!(tags.field_type, FieldType::Many2many);
    assert_eq!(tags.relation.as_deref(), Some("res.partner.category"));
    let children = &fields["child_ids"];
    assert_eq!(children.field_type, FieldType::One2many);
    assert_eq!(children.relation_field.as_deref(), Some("parent_id"));
    let kind = &fields["type"];
    assert_eq!(kind.field_type, FieldType::Selection);
    let values: Vec<_> = kind
        .selection
        .iter()
        .flatten()
        .map(|o| o.value.clone())
        .collect();
    assert!(
        values.iter().any(|v| v.as_str() == Some("contact")),
        "{values:?}"
    );
    assert!(fields["display_name"].readonly);
    assert!(!fields["display_name"].store);
}

/// `/doc-bearer` takes an API key whatever the protocol; the parameter names the typed API
/// sends over JSON-2 are those Odoo documents.
pub async fn api_doc(s: &Setup) {
    let c = s.client();
    if s.credential == Credential::ApiKey && !Expect::get().await.json2() {
        let e = c
            .api_doc("res.partner")
            .await
            .expect_err("no /doc-bearer before Odoo 19");
        assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
        let server = c.version().await.unwrap().server_version;
        assert!(
            e.to_string().contains(&format!(
                "/doc-bearer (the API documentation) needs Odoo 19; this server is Odoo {server}"
            )),
            "{e}"
        );
        return;
    }
    if s.credential == Credential::Password {
        let e = c
            .api_doc("res.partner")
            .await
            .expect_err("a password is refused");
        assert_eq!(e.kind(), ErrorKind::Builder, "{e:?}");
        assert!(e.to_string().contains("API key"), "{e}");
        return;
    }
    let doc = c.api_doc("res.partner").await.expect("api_doc");
    assert_eq!(doc.model, "res.partner");
    // Odoo's ETag: the same documentation again is a 304, a wrong ETag the document.
    let etag = doc.methods_etag.as_deref().expect("an ETag");
    assert!(c
        .api_doc_if_changed("res.partner", Some(etag))
        .await
        .expect("conditional api_doc")
        .is_none());
    let again = c
        .api_doc_if_changed("res.partner", Some("0"))
        .await
        .expect("conditional api_doc")
        .expect("a changed ETag gets the document");
    assert_eq!(again.methods.len(), doc.methods.len());
    assert!(doc.fields.contains_key("name") && doc.fields.contains_key("category_id"));
    let named = [
        ("search", &["domain", "offset", "limit", "order"][..]),
        ("search_count", &["domain", "limit"]),
        (
            "search_read",
            &["domain", "fields", "offset", "limit", "order"],
        ),
        ("read", &["fields"]),
        ("create", &["vals_list"]),
        ("write", &["vals"]),
        ("fields_get", &["attributes"]),
        ("default_get", &["fields"]),
        ("copy", &["default"]),
        ("name_create", &["name"]),
        ("name_search", &["name", "domain", "limit"]),
    ];
    for (method, params) in named {
        let m = doc
            .methods
            .get(method)
            .unwrap_or_else(|| panic!("res.partner.{method} is not documented"));
        for p in params {
            assert!(
                m.parameters.contains_key(*p),
                "res.partner.{method} has no parameter `{p}`: {}",
                m.signature
            );
        }
    }
    assert!(
        doc.methods["unlink"].parameters.is_empty(),
        "{:?}",
        doc.methods["unlink"]
    );
    // An unknown model is Odoo's plain 404 page of `/doc-bearer`, not a model error.
    let e = c
        .api_doc("odoo.rs.no.such.model")
        .await
        .expect_err("no such model");
    assert_eq!(e.kind(), ErrorKind::ServerError, "{e:?}");
    assert_eq!(e.status(), Some(404));
    assert_eq!(e.exception_class(), Some("werkzeug.exceptions.NotFound"));
}

/// `active_test` with an archived record: per call, as the client's default, and a call's
/// context over the default; and `bin_size`, which reads a binary field as its size.
pub async fn context(s: &Setup) {
    let c = s.client();
    let prefix = s.prefix("context");
    sweep(&c, &prefix).await;
    let id = c
        .create(
            Values::<Partner>::new()
                .set(Partner::NAME, prefix.as_str())
                .set(Partner::ACTIVE, false),
        )
        .await
        .expect("create an archived partner");
    let mine = || Partner::NAME.eq(prefix.as_str());
    assert!(
        c.search(mine()).await.unwrap().is_empty(),
        "archived: hidden by default"
    );
    assert_eq!(
        c.search(mine())
            .context("active_test", false)
            .await
            .unwrap(),
        [id]
    );
    let archived_too = s
        .builder()
        .context("active_test", false)
        .build()
        .expect("client");
    assert_eq!(archived_too.search(mine()).await.unwrap(), [id]);
    assert_eq!(archived_too.search_count(mine()).await.unwrap(), 1);
    assert!(
        archived_too
            .search(mine())
            .context("active_test", true)
            .await
            .unwrap()
            .is_empty(),
        "the call's context wins over the default"
    );
    let read = c.read([id]).await.unwrap().all_found().unwrap();
    assert!(!read[0].active);

    // `bin_size`: a binary field reads as its size instead of its content.
    let with_image: Vec<i64> = c
        .call(
            Call::new("res.partner", "search")
                .arg("domain", [("image_128", "!=", false)])
                .arg("limit", 1),
        )
        .await
        .expect("a partner with an image");
    let image = |rows: Vec<Map>| rows[0]["image_128"].as_str().unwrap_or_default().to_owned();
    let read_image = Call::new("res.partner", "read")
        .ids(with_image)
        .arg("fields", ["image_128"]);
    let content = image(c.call(read_image.clone()).await.unwrap());
    let size = image(
        c.call(read_image.context_value("bin_size", true))
            .await
            .unwrap(),
    );
    assert!(
        content.len() > 100,
        "base64 content: {} bytes",
        content.len()
    );
    assert!(
        size.len() < 20 && ["bytes", "Kb", "Mb"].iter().any(|u| size.ends_with(u)),
        "a size: {size:?}"
    );

    c.unlink([id]).await.expect("unlink");
    assert_eq!(
        archived_too.search_count(mine()).await.unwrap(),
        0,
        "cleaned up"
    );
}

/// The synchronous client, from a plain `#[test]` with no runtime around.
pub fn blocking_client(s: &Setup) {
    let c = odoo_runtime::blocking::Client::from_async(s.client()).expect("blocking client");
    assert!(c.version().expect("version").major().is_some());
    assert!(c.authenticate().expect("authenticate") > 0);
    assert_eq!(c.protocol().unwrap(), s.protocol);
    let n = c
        .run(|c| c.search_count(Named::NAME.eq_like(BENCH_PATTERN)))
        .expect("search_count");
    assert_eq!(n, BENCH_PARTNERS);
    // The 10,000 bench partners as an iterator, pages of 1,000 with 4 in flight, in id order.
    let mut read = 0u64;
    let mut last = 0;
    for p in c.iter(|c| {
        c.search_read::<Named>(Named::NAME.eq_like(BENCH_PATTERN))
            .order("id")
            .pages_in_flight(4)
            .stream(1000)
    }) {
        let id = p.expect("a bench partner").id.get();
        assert!(id > last, "in order");
        last = id;
        read += 1;
    }
    assert_eq!(read, BENCH_PARTNERS);
    let prefix = s.prefix("blocking");
    c.run(|c| async move {
        sweep(c, &prefix).await;
        Ok(())
    })
    .unwrap();
    let prefix = s.prefix("blocking");
    let id = c
        .run(|c| c.create(Values::<Named>::new().set(Named::NAME, prefix.as_str())))
        .expect("create");
    let rows = c.run(|c| c.read([id])).expect("read").all_found().unwrap();
    assert_eq!(rows[0].name.as_deref(), Some(prefix.as_str()));
    c.run(|c| c.unlink([id])).expect("unlink");
    let fields = c.fields_get("res.country").expect("fields_get");
    assert!(fields.contains_key("code"));
    let n: u64 = c
        .run(|c| c.search_count(Named::ID.eq(id)))
        .expect("search_count");
    assert_eq!(n, 0);
}
