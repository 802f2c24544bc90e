//! A custom model made through `ir.model`, pulled with `odoo_codegen::introspect` over the
//! setup's protocol, generated, compared with the checked-in bindings of the server's version
//! (`tests/tests/live/bindings/` for Odoo 19, `bindings/odoo17/`, `bindings/odoo18/`), and
//! used through the Odoo 19 ones, which this suite compiles, on every version.
//!
//! After changing the model below, run one `custom_model` test with `ODOO_LIVE_BLESS=1` to
//! rewrite the bindings.

use std::path::PathBuf;

use odoo_codegen::introspect::{introspect, IntrospectOptions};
use odoo_codegen::ModelFilter;
use odoo_runtime::{Call, Client, Date, Map, RecordId, Value, Values};

use crate::bindings::x_odoo_rs_live::XOdooRsLiveXKind;
use crate::bindings::XOdooRsLive;
use crate::env::Setup;
use crate::models::Named;

/// The model every setup creates in turn.
pub const MODEL: &str = "x_odoo_rs_live";

fn vals(pairs: &[(&str, Value)]) -> Value {
    pairs.iter().map(|(k, v)| (*k, v.clone())).collect()
}

/// An x2many `create` command, `[0, 0, {…}]`.
fn create_command(values: Value) -> Value {
    Value::Array(vec![0.into(), 0.into(), values])
}

fn field(name: &str, ttype: &str, label: &str, extra: &[(&str, Value)]) -> Value {
    let mut pairs = vec![
        ("name", Value::from(name)),
        ("ttype", ttype.into()),
        ("field_description", label.into()),
        ("state", "manual".into()),
    ];
    pairs.extend(extra.iter().cloned());
    create_command(vals(&pairs))
}

/// Removes `x_odoo_rs_live` if a run left it.
async fn remove_model(c: &Client) {
    let ids: Vec<i64> = c
        .call(Call::new("ir.model", "search").arg("domain", [("model", "=", MODEL)]))
        .await
        .expect("search ir.model");
    if !ids.is_empty() {
        let _: bool = c
            .call(Call::new("ir.model", "unlink").ids(ids))
            .await
            .expect("remove the model");
    }
}

/// Creates the model, its fields and an access rule for internal users in one call (a new
/// model has no access rule, and `x_name` must be given when other fields are).
async fn create_model(c: &Client, label: &str) -> i64 {
    let group: Vec<Map> = c
        .call(
            Call::new("ir.model.data", "search_read")
                .arg(
                    "domain",
                    [("module", "=", "base"), ("name", "=", "group_user")],
                )
                .arg("fields", ["res_id"]),
        )
        .await
        .expect("base.group_user");
    let group_id = group[0]["res_id"].clone();
    let selection = ["a", "b"]
        .iter()
        .zip(["Alpha", "Beta"])
        .enumerate()
        .map(|(i, (value, name))| {
            create_command(vals(&[
                ("value", (*value).into()),
                ("name", name.into()),
                ("sequence", (i as i64).into()),
            ]))
        })
        .collect::<Vec<_>>();
    let access = create_command(vals(&[
        ("name", format!("{MODEL} all").into()),
        ("group_id", group_id),
        ("perm_read", true.into()),
        ("perm_write", true.into()),
        ("perm_create", true.into()),
        ("perm_unlink", true.into()),
    ]));
    let fields = vec![
        field("x_name", "char", "Name", &[]),
        field("x_score", "integer", "Score", &[]),
        field(
            "x_kind",
            "selection",
            "Kind",
            &[("selection_ids", selection.into())],
        ),
        field(
            "x_partner_id",
            "many2one",
            "Partner",
            &[("relation", "res.partner".into())],
        ),
        field("x_day", "date", "Day", &[]),
    ];
    let ids: Vec<i64> = c
        .call(Call::new("ir.model", "create").arg(
            "vals_list",
            vec![vals(&[
                ("name", label.into()),
                ("model", MODEL.into()),
                ("state", "manual".into()),
                ("access_ids", vec![access].into()),
                ("field_id", fields.into()),
            ])],
        ))
        .await
        .expect("create the custom model");
    refresh_access_cache(c, ids[0]).await;
    ids[0]
}

/// Odoo clears its cache of allowed models when an access rule is created, but before the
/// rule is committed: a concurrent request of another thread can fill the cache again from a
/// snapshot without the rule, and the new model then stays forbidden (`You are not allowed
/// to access …`). Writing the committed rule clears the cache again, and every later fill
/// sees the rule.
async fn refresh_access_cache(c: &Client, model_id: i64) {
    let access: Vec<i64> = c
        .call(Call::new("ir.model.access", "search").arg("domain", [("model_id", "=", model_id)]))
        .await
        .expect("the access rule");
    let _: bool = c
        .call(
            Call::new("ir.model.access", "write")
                .ids(access)
                .arg("vals", vals(&[("active", true.into())])),
        )
        .await
        .expect("touch the access rule");
}

/// The checked-in bindings of the custom model as pulled from Odoo `major`: Odoo 19's are in
/// `bindings/` and compiled into this suite (which uses them on every version); 17's and 18's
/// are in `bindings/odoo17/` and `bindings/odoo18/`, compared only.
fn bindings_dir(major: u32) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/live/bindings");
    if major >= 19 {
        dir
    } else {
        dir.join(format!("odoo{major}"))
    }
}

pub async fn custom_model(s: &Setup) {
    let _alone = super::SERVER.write().await;
    let c = s.client();
    remove_model(&c).await;
    let model_id = create_model(&c, "odoo-rs live").await;

    // Pull it over this setup's protocol, generate, compare with what this suite compiles.
    let options = IntrospectOptions::default()
        .filter(ModelFilter::default().include([MODEL]))
        .progress(false);
    let found = introspect(&c, &options).await.expect("introspect");
    assert!(found.failures.is_empty(), "{:?}", found.failures);
    let model = &found.schema.models[MODEL];
    assert_eq!(model.state, "manual");
    for f in ["x_name", "x_score", "x_kind", "x_partner_id", "x_day"] {
        assert!(model.fields.contains_key(f), "{MODEL} lacks {f}");
    }
    let generated = odoo_codegen::Config::new()
        .generate(&found.schema)
        .expect("generate");
    let dir = bindings_dir(crate::versions::major().await);
    if std::env::var_os("ODOO_LIVE_BLESS").is_some() {
        generated.write_to(&dir).expect("write the bindings");
    }
    let stale = generated.check(&dir).expect("compare the bindings");
    assert!(
        stale.is_fresh(),
        "{}: the bindings generated from the live server differ from {}:\n{}\nRerun with \
         ODOO_LIVE_BLESS=1 to rewrite them.",
        s.name,
        dir.display(),
        stale.report()
    );

    // Use the model through the bindings.
    let partner = c
        .search(Named::NAME.eq("Bench Partner 00001"))
        .await
        .unwrap()[0];
    let name = s.prefix("custom_model");
    let day: Date = "2024-02-29".parse().unwrap();
    let id = c
        .create(
            Values::<XOdooRsLive>::new()
                .set(XOdooRsLive::X_NAME, name.as_str())
                .set(XOdooRsLive::X_SCORE, 7)
                .set(XOdooRsLive::X_KIND, XOdooRsLiveXKind::B)
                .set(XOdooRsLive::X_PARTNER_ID, RecordId::new(partner.get()))
                .set(XOdooRsLive::X_DAY, day),
        )
        .await
        .expect("create through the bindings");
    let r = c.read([id]).await.unwrap().all_found().unwrap().remove(0);
    assert_eq!(r.x_name.as_deref(), Some(name.as_str()));
    assert_eq!(r.x_score, 7);
    assert_eq!(r.x_kind, Some(XOdooRsLiveXKind::B));
    assert_eq!(r.x_partner_id.map(|m| m.id.get()), Some(partner.get()));
    assert_eq!(r.x_day, Some(day));
    assert!(r.create_date.is_some());
    c.write(
        [id],
        Values::new()
            .set(XOdooRsLive::X_KIND, XOdooRsLiveXKind::A)
            .clear(XOdooRsLive::X_PARTNER_ID),
    )
    .await
    .expect("write through the bindings");
    let found: Vec<XOdooRsLive> = c
        .search_read(XOdooRsLive::X_KIND.eq(XOdooRsLiveXKind::A))
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, id);
    assert_eq!(found[0].x_partner_id, None);
    c.unlink([id]).await.expect("unlink through the bindings");
    assert_eq!(c.search_count(XOdooRsLive::ID.eq(id)).await.unwrap(), 0);

    let _: bool = c
        .call(Call::new("ir.model", "unlink").ids([model_id]))
        .await
        .expect("remove the model");
}
