//! Seeding odoo-testkit from the real server, so that both hold the same data: the schema of
//! the models the scenarios touch (`ir.model` and `fields_get`), their records with their real
//! ids (the demo data: partners below id 80, every tag, country, state, currency, company and
//! user, the active languages), the defaults `create` applies (`default_get`), which Python class defines each
//! method (for `TypeError` messages), whether `db.list` answers and the many2ones' `ondelete`. This is what a user does
//! to test against a copy of their own database; the README shows it.

use std::collections::BTreeMap;

use odoo_runtime::schema::{Field, Schema};
use odoo_testkit::{TestServer, TestServerBuilder, User};
use serde_json::{json, Value as Json};

/// The models whose records are copied, with the records to copy (all, archived ones too,
/// unless a domain says otherwise).
pub const SEEDED: &[(&str, &str)] = &[
    ("res.partner", r#"[["id", "<", 80]]"#),
    ("res.partner.category", "[]"),
    ("res.partner.industry", "[]"),
    ("res.country", "[]"),
    ("res.country.state", "[]"),
    ("res.country.group", "[]"),
    ("res.currency", "[]"),
    ("res.company", "[]"),
    ("res.users", "[]"),
    // One attachment, so that the kit numbers new ones after it as the real server does
    // (ids in the hundreds): a small id would be masked where a number or a checksum holds it.
    ("ir.attachment", r#"[["public", "=", true]]"#),
    ("res.lang", r#"[["active", "=", true]]"#),
    // Saved filters: an own-documents record rule (`user_ids in [False, user.id]`).
    ("ir.filters", "[]"),
];

/// Models the scenarios use without reading records the real server holds (the testkit serves
/// `ir.model*` from its schema).
const SCHEMA_ONLY: &[&str] = &[
    "ir.model",
    "ir.model.fields",
    "ir.model.fields.selection",
    "ir.model.access",
    "res.groups",
];

/// Fields not copied: the ones a restricted read refuses, and passwords.
const NOT_COPIED: &[(&str, &str)] = &[("res.users", "password"), ("res.users", "new_password")];

/// The methods whose class is asked (with an argument no method takes, which fails before
/// the method runs).
const PROBED: &[(&str, bool)] = &[
    ("action_archive", false),
    ("action_unarchive", false),
    ("copy", false),
    ("create", true),
    ("default_get", true),
    ("fields_get", true),
    ("formatted_read_group", true),
    ("name_create", true),
    ("name_search", true),
    ("read", false),
    ("search", true),
    ("search_count", true),
    ("unlink", false),
    ("write", false),
];

/// A JSON-RPC `execute_kw` client for the real server, as admin.
pub struct Live {
    pub http: reqwest::Client,
    pub url: String,
    pub db: String,
    pub uid: i64,
    pub password: String,
}

impl Live {
    pub async fn rpc(&self, service: &str, method: &str, args: Json) -> Result<Json, String> {
        let envelope = json!({"jsonrpc": "2.0", "method": "call", "id": 1,
            "params": {"service": service, "method": method, "args": args}});
        let body = self
            .http
            .post(format!("{}/jsonrpc", self.url))
            .header("Content-Type", "application/json")
            .body(envelope.to_string())
            .send()
            .await
            .map_err(|e| format!("{} does not answer: {e}", self.url))?
            .bytes()
            .await
            .map_err(|e| format!("{}: {e}", self.url))?;
        let response: Json =
            serde_json::from_slice(&body).map_err(|e| format!("{}: not JSON: {e}", self.url))?;
        match response.get("error") {
            Some(e) => Err(format!(
                "{service}.{method}: {}",
                e["data"]["message"].as_str().unwrap_or("error")
            )),
            None => Ok(response["result"].clone()),
        }
    }

    pub async fn call(
        &self,
        model: &str,
        method: &str,
        args: Json,
        kwargs: Json,
    ) -> Result<Json, String> {
        self.rpc(
            "object",
            "execute_kw",
            json!([
                self.db,
                self.uid,
                self.password,
                model,
                method,
                args,
                kwargs
            ]),
        )
        .await
        .map_err(|e| format!("{model}.{e}"))
    }

    /// Removes what an earlier, interrupted run may have left (names start with
    /// `odoo-rs diff`: partners, tags, states and saved filters; custom models with
    /// `x_odoo_rs_diff`, and the walk-through's `x_odoo_rs_walk`). Odoo sometimes fails a call
    /// right after a custom model was dropped (`dictionary changed size during iteration`,
    /// while its registry reloads): a failed sweep is tried again.
    pub async fn sweep(&self) -> Result<(), String> {
        let mut last = Ok(());
        for _ in 0..3 {
            last = self.sweep_once().await;
            if last.is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
        last
    }

    async fn sweep_once(&self) -> Result<(), String> {
        let all = json!({"context": {"active_test": false}});
        for model in [
            "res.partner",
            "res.partner.category",
            "res.country.state",
            "ir.filters",
        ] {
            let ids = self
                .call(
                    model,
                    "search",
                    json!([[["name", "=like", "odoo-rs diff%"]]]),
                    all.clone(),
                )
                .await?;
            if ids.as_array().is_some_and(|a| !a.is_empty()) {
                self.call(model, "unlink", json!([ids]), json!({})).await?;
            }
        }
        let models = self
            .call(
                "ir.model",
                "search",
                json!([[
                    "|",
                    ["model", "=like", "x_odoo_rs_diff%"],
                    ["model", "=", "x_odoo_rs_walk"]
                ]]),
                json!({}),
            )
            .await?;
        if models.as_array().is_some_and(|a| !a.is_empty()) {
            self.call("ir.model", "unlink", json!([models]), json!({}))
                .await?;
        }
        Ok(())
    }
}

/// The real server's `server_version` (`19.0`, `17.0-20240709`…) and its major version.
pub async fn version(live: &Live) -> Result<(String, u32), String> {
    let v = live.rpc("common", "version", json!([])).await?;
    let text = v["server_version"]
        .as_str()
        .ok_or("common.version has no server_version")?
        .to_owned();
    let major = v["server_version_info"][0]
        .as_u64()
        .and_then(|m| u32::try_from(m).ok())
        .ok_or("common.version has no server_version_info")?;
    Ok((text, major))
}

/// The real server's schema for the seeded and schema-only models, recording its version
/// (the testkit answers as that version).
async fn schema(live: &Live, version: &str) -> Result<Schema, String> {
    let names: Vec<&str> = SEEDED
        .iter()
        .map(|(m, _)| *m)
        .chain(SCHEMA_ONLY.iter().copied())
        .collect();
    let rows = live
        .call(
            "ir.model",
            "search_read",
            json!([[["model", "in", names]]]),
            json!({"fields": ["model", "name", "info", "order", "state", "transient", "modules"]}),
        )
        .await?;
    let rows: Vec<odoo_runtime::Value> = rows
        .as_array()
        .ok_or("ir.model rows")?
        .iter()
        .cloned()
        .map(odoo_runtime::Value::from)
        .collect();
    let mut fields = Vec::new();
    for name in &names {
        let got = live.call(name, "fields_get", json!([]), json!({})).await?;
        let parsed: BTreeMap<String, Field> =
            serde_json::from_value(got).map_err(|e| format!("{name}.fields_get: {e}"))?;
        fields.push(((*name).to_owned(), parsed));
    }
    Ok(Schema::from_parts(version, live.db.clone(), &rows, fields))
}

/// The records of the seeded models: every stored field but binaries and one2many (which
/// follow from their inverse), many2one as bare ids.
async fn records(live: &Live, schema: &Schema) -> Result<Json, String> {
    let mut data = serde_json::Map::new();
    for (model, domain) in SEEDED {
        let m = schema
            .model(model)
            .ok_or_else(|| format!("{model} is not in the schema"))?;
        let fields: Vec<&str> = m
            .fields
            .values()
            .filter(|f| {
                f.store
                    && f.name != "id"
                    && !matches!(f.field_type.as_str(), "binary" | "one2many")
                    && !NOT_COPIED.contains(&(*model, f.name.as_str()))
            })
            .map(|f| f.name.as_str())
            .collect();
        let domain: Json = serde_json::from_str(domain).map_err(|e| e.to_string())?;
        let rows = live
            .call(
                model,
                "search_read",
                json!([domain]),
                json!({"fields": fields, "load": "", "context": {"active_test": false}}),
            )
            .await?;
        data.insert((*model).to_owned(), rows);
    }
    Ok(Json::Object(data))
}

/// The real server's `TypeError` for `method` called with an argument it does not take names
/// the class that defines it.
async fn method_classes(live: &Live) -> Result<Vec<(String, String, String)>, String> {
    let mut out = Vec::new();
    for (model, _) in SEEDED {
        for (method, api_model) in PROBED {
            let args = if *api_model { json!([]) } else { json!([[]]) };
            let err = match live
                .call(model, method, args, json!({"odoo_rs_probe": 1}))
                .await
            {
                Ok(_) => continue,
                Err(e) => e,
            };
            let marker = format!(".{method}() got an unexpected keyword argument");
            if let Some(end) = err.find(&marker) {
                let start = err[..end].rfind(' ').map_or(0, |i| i + 1);
                out.push((
                    (*model).to_owned(),
                    (*method).to_owned(),
                    err[start..end].to_owned(),
                ));
            }
        }
    }
    Ok(out)
}

/// Group names as access errors list them: `Category/Group`, or the bare name of a group
/// without a category. The category is the group's `privilege_id` on 19, its `category_id`
/// (an `ir.module.category`) on 17 and 18.
async fn group_labels(
    live: &Live,
    major: u32,
    ids: &[i64],
) -> Result<BTreeMap<i64, (Option<String>, String)>, String> {
    let (field, model) = if major >= 19 {
        ("privilege_id", "res.groups.privilege")
    } else {
        ("category_id", "ir.module.category")
    };
    let groups = live
        .call(
            "res.groups",
            "read",
            json!([ids, ["name", field]]),
            json!({"load": ""}),
        )
        .await?;
    let privileges: Vec<i64> = groups
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| g[field].as_i64())
        .collect();
    let names = live
        .call(model, "read", json!([privileges, ["name"]]), json!({}))
        .await?;
    let privilege = |id: i64| {
        names
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["id"] == id)
            .and_then(|p| p["name"].as_str())
            .map(str::to_owned)
    };
    Ok(groups
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|g| {
            let id = g["id"].as_i64()?;
            let name = g["name"].as_str()?.to_owned();
            Some((id, (g[field].as_i64().and_then(privilege), name)))
        })
        .collect())
}

/// A group: its category (`privilege_id`), if any, and its name.
type Group = (Option<String>, String);

/// A rule: the model, the group (none: everyone), the operations as `rwcu` letters.
type AclRow<G> = (String, Option<G>, String);

fn label((privilege, name): &Group) -> String {
    match privilege {
        Some(p) => format!("{p}/{name}"),
        None => name.clone(),
    }
}

/// The ids of the models named, as `ir.model` numbers them.
async fn model_ids(live: &Live, names: &[&str]) -> Result<BTreeMap<i64, String>, String> {
    let models = live
        .call(
            "ir.model",
            "search_read",
            json!([[["model", "in", names]]]),
            json!({"fields": ["model"]}),
        )
        .await?;
    Ok(models
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| Some((m["id"].as_i64()?, m["model"].as_str()?.to_owned())))
        .collect())
}

/// Every group of a user, implied ones too: 19's `all_group_ids`; 17's and 18's `groups_id`
/// holds the implied groups already.
async fn user_groups(live: &Live, major: u32, uid: i64) -> Result<Vec<i64>, String> {
    let field = if major >= 19 {
        "all_group_ids"
    } else {
        "groups_id"
    };
    let user = live
        .call("res.users", "read", json!([[uid], [field]]), json!({}))
        .await?;
    Ok(user[0][field]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Json::as_i64)
        .collect())
}

/// The access-control list of the seeded models, in the order Odoo lists groups (by category,
/// then name, groups without a category last), and the demo user's groups.
async fn acl(
    live: &Live,
    major: u32,
    demo_uid: i64,
) -> Result<(Vec<(String, Option<String>, String)>, Vec<String>), String> {
    let names: Vec<&str> = SEEDED
        .iter()
        .map(|(m, _)| *m)
        .chain(SCHEMA_ONLY.iter().copied())
        .collect();
    let model_of = model_ids(live, &names).await?;
    let rows = live
        .call(
            "ir.model.access",
            "search_read",
            json!([[["model_id", "in", model_of.keys().collect::<Vec<_>>()]]]),
            json!({"fields": ["model_id", "group_id", "perm_read", "perm_write", "perm_create", "perm_unlink"], "load": ""}),
        )
        .await?;
    let rows = rows.as_array().cloned().unwrap_or_default();
    let user_groups = user_groups(live, major, demo_uid).await?;
    let mut group_ids: Vec<i64> = rows.iter().filter_map(|r| r["group_id"].as_i64()).collect();
    group_ids.extend(&user_groups);
    group_ids.sort_unstable();
    group_ids.dedup();
    let labels = group_labels(live, major, &group_ids).await?;
    let mut rules: Vec<AclRow<Group>> = rows
        .iter()
        .filter_map(|r| {
            let model = model_of.get(&r["model_id"].as_i64()?)?.clone();
            let group = r["group_id"].as_i64().and_then(|g| labels.get(&g)).cloned();
            let ops: String = [
                ("perm_read", 'r'),
                ("perm_write", 'w'),
                ("perm_create", 'c'),
                ("perm_unlink", 'u'),
            ]
            .iter()
            .filter(|(k, _)| r[*k] == true)
            .map(|(_, c)| *c)
            .collect();
            Some((model, group, ops))
        })
        .collect();
    rules.sort_by(|a, b| {
        let key = |g: &Option<Group>| g.as_ref().map(|(p, n)| (p.is_none(), p.clone(), n.clone()));
        (a.0.clone(), key(&a.1)).cmp(&(b.0.clone(), key(&b.1)))
    });
    let rules = rules
        .into_iter()
        .map(|(m, g, ops)| (m, g.as_ref().map(label), ops))
        .collect();
    let groups = user_groups
        .iter()
        .filter_map(|g| labels.get(g))
        .map(label)
        .collect();
    Ok((rules, groups))
}

/// The record rules (`ir.rule`) of the seeded models, active ones, with their groups' names as
/// the access-control list gives them, and the admin's groups (which the rules of groups
/// need: the kit's admin is unrestricted for the access-control list, not for rules).
async fn record_rules(
    live: &Live,
    major: u32,
) -> Result<(Vec<(String, Vec<String>, String, String)>, Vec<String>), String> {
    let names: Vec<&str> = SEEDED.iter().map(|(m, _)| *m).collect();
    let rows = live
        .call(
            "ir.rule",
            "search_read",
            json!([[["model_id.model", "in", names]]]),
            json!({"fields": ["model_id", "groups", "domain_force", "perm_read", "perm_write", "perm_create", "perm_unlink"], "load": ""}),
        )
        .await?;
    let rows = rows.as_array().cloned().unwrap_or_default();
    let model_of = model_ids(live, &names).await?;
    let admin_groups = user_groups(live, major, live.uid).await?;
    let mut group_ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| r["groups"].as_array().cloned().unwrap_or_default())
        .filter_map(|g| g.as_i64())
        .chain(admin_groups.iter().copied())
        .collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let labels = group_labels(live, major, &group_ids).await?;
    let rules = rows
        .iter()
        .filter_map(|r| {
            let model = model_of.get(&r["model_id"].as_i64()?)?.clone();
            let groups = r["groups"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|g| labels.get(&g.as_i64()?).map(label))
                .collect();
            let ops: String = [
                ("perm_read", 'r'),
                ("perm_write", 'w'),
                ("perm_create", 'c'),
                ("perm_unlink", 'u'),
            ]
            .iter()
            .filter(|(k, _)| r[*k] == true)
            .map(|(_, c)| *c)
            .collect();
            let domain = r["domain_force"].as_str().unwrap_or("[]").to_owned();
            Some((model, groups, domain, ops))
        })
        .collect();
    let admin_groups = admin_groups
        .iter()
        .filter_map(|g| labels.get(g))
        .map(label)
        .collect();
    Ok((rules, admin_groups))
}

/// The `unique` constraints of the seeded models' tables (`ir.model.constraint` of type `u`
/// whose definition is `unique (…)`; the type also holds `CHECK`s): model, name, definition,
/// message.
async fn unique_constraints(live: &Live) -> Result<Vec<[String; 4]>, String> {
    let names: Vec<&str> = SEEDED.iter().map(|(m, _)| *m).collect();
    let rows = live
        .call(
            "ir.model.constraint",
            "search_read",
            json!([[["model.model", "in", names], ["type", "=", "u"]]]),
            json!({"fields": ["name", "model", "definition", "message"], "order": "id"}),
        )
        .await?;
    let model_names = live
        .call(
            "ir.model",
            "search_read",
            json!([[["model", "in", names]]]),
            json!({"fields": ["model"]}),
        )
        .await?;
    let model_of: BTreeMap<i64, String> = model_names
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| Some((m["id"].as_i64()?, m["model"].as_str()?.to_owned())))
        .collect();
    Ok(rows
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            let definition = r["definition"].as_str()?;
            if !definition.trim().to_lowercase().starts_with("unique") {
                return None;
            }
            Some([
                model_of.get(&r["model"][0].as_i64()?)?.clone(),
                r["name"].as_str()?.to_owned(),
                definition.to_owned(),
                r["message"].as_str().unwrap_or_default().to_owned(),
            ])
        })
        .collect())
}

/// Everything needed to start an odoo-testkit that holds what the real server holds.
pub struct Seed {
    /// The real server's major version (17, 18, 19).
    pub major: u32,
    /// Its `server_version` (`17.0-20240709`).
    pub version: String,
    schema: Schema,
    records: Json,
    defaults: Vec<(String, String, Json)>,
    classes: Vec<(String, String, String)>,
    acl: Vec<AclRow<String>>,
    /// The record rules: model, groups, `domain_force`, operations as `rwcu` letters.
    record_rules: Vec<(String, Vec<String>, String, String)>,
    /// The `unique` constraints: model, name, definition, message.
    unique: Vec<[String; 4]>,
    /// The admin's groups, which record rules of groups read.
    admin_groups: Vec<String>,
    /// The demo user's groups.
    pub demo_groups: Vec<String>,
    list_db: bool,
    /// The `ondelete` policies of the seeded models' many2ones (`ir.model.fields`).
    on_delete: Vec<(String, String, String)>,
}

pub async fn pull(live: &Live, demo_uid: i64) -> Result<Seed, String> {
    let (version, major) = version(live).await?;
    let schema = schema(live, &version).await?;
    let version_text = version.clone();
    let records = records(live, &schema).await?;
    let mut defaults = Vec::new();
    for (model, _) in SEEDED {
        let names: Vec<&String> = schema.models[*model].fields.keys().collect();
        let got = live
            .call(model, "default_get", json!([names]), json!({}))
            .await?;
        for (field, value) in got.as_object().into_iter().flatten() {
            defaults.push(((*model).to_owned(), field.clone(), value.clone()));
        }
    }
    let classes = method_classes(live).await?;
    let list_db = live.rpc("db", "list", json!([])).await.is_ok();
    let (acl, demo_groups) = acl(live, major, demo_uid).await?;
    let (record_rules, admin_groups) = record_rules(live, major).await?;
    let unique = unique_constraints(live).await?;
    let names: Vec<&str> = SEEDED.iter().map(|(m, _)| *m).collect();
    let rows = live
        .call(
            "ir.model.fields",
            "search_read",
            json!([[
                ["model", "in", names],
                ["ttype", "=", "many2one"],
                ["store", "=", true]
            ]]),
            json!({"fields": ["model", "name", "on_delete"]}),
        )
        .await?;
    let on_delete = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| {
            Some((
                r["model"].as_str()?.to_owned(),
                r["name"].as_str()?.to_owned(),
                r["on_delete"].as_str()?.to_owned(),
            ))
        })
        .filter(|(m, f, _)| schema.model(m).is_some_and(|m| m.fields.contains_key(f)))
        .collect();
    Ok(Seed {
        major,
        version: version_text,
        on_delete,
        schema,
        records,
        defaults,
        classes,
        acl,
        record_rules,
        unique,
        admin_groups,
        demo_groups,
        list_db,
    })
}

impl Seed {
    /// A builder for a test server holding the seed, with the real server's two users.
    /// How many companies the real server has.
    pub fn companies(&self) -> usize {
        self.records["res.company"].as_array().map_or(0, Vec::len)
    }

    pub fn builder(&self, db: &str, admin: User, demo: User) -> TestServerBuilder {
        let mut b = TestServer::builder()
            .schema(self.schema.clone())
            .database(db)
            .add_user(admin.groups(self.admin_groups.clone()))
            .add_user(demo)
            .data(odoo_runtime::Value::from(self.records.clone()))
            .list_db(self.list_db);
        for (model, field, value) in &self.defaults {
            b = b.default_value(
                model.as_str(),
                field.as_str(),
                odoo_runtime::Value::from(value.clone()),
            );
        }
        for (model, method, class) in &self.classes {
            b = b.method_class(model.as_str(), method.as_str(), class.as_str());
        }
        for (model, group, ops) in &self.acl {
            b = b.access_rule(model, group.as_deref(), ops);
        }
        for (model, groups, domain, ops) in &self.record_rules {
            let groups: Vec<&str> = groups.iter().map(String::as_str).collect();
            b = b.record_rule(model, &groups, domain, ops);
        }
        // The real server's saved filters are few: new ones numbered from 1,000, away from the
        // uids and the JSON-RPC envelope's id that the comparison would take for them.
        b = b.first_id("ir.filters", 1000);
        for [model, name, definition, message] in &self.unique {
            b = b.unique_constraint(model, name, definition, message);
        }
        for (model, field, policy) in &self.on_delete {
            b = b.on_delete(model.as_str(), field.as_str(), policy.as_str());
        }
        b
    }
}
