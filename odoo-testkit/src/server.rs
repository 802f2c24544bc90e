//! [`TestServer`], the running server, and [`TestServerBuilder`], what it serves: the schema,
//! the seed data, users and keys, and the settings that follow Odoo's.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use odoo_runtime::schema::{Field, Schema};
use odoo_runtime::{Map, Value};
use tokio::sync::watch;

use crate::error::Error;
use crate::service::{State, User};
use crate::{exception, http, meta, methods, orm, pyrepr, report, store, version};

/// A running test server.
///
/// Built with [`TestServer::builder`]. It listens until it is dropped (or
/// [`TestServer::shutdown`] is awaited); open connections finish their current request.
pub struct TestServer {
    addr: SocketAddr,
    state: Arc<State>,
    shutdown: Option<watch::Sender<bool>>,
    task: Option<tokio::task::JoinHandle<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("addr", &self.addr)
            .field("database", &self.state.database)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// A builder: schema, seed data, database name, users and API keys.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().database("odoo19").user("admin", "admin");
    /// # drop(builder);
    /// ```
    pub fn builder() -> TestServerBuilder {
        TestServerBuilder::default()
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let url = server.url();
    /// assert!(url.starts_with("http://127.0.0.1:") && !url.ends_with('/'));
    /// ```
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// assert_ne!(server.addr().port(), 0);
    /// ```
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The name of the server's one database.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().database("test").start_background().unwrap();
    /// assert_eq!(server.database(), "test");
    /// ```
    pub fn database(&self) -> &str {
        &self.state.database
    }

    /// The current schema (custom models created over the API included).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// assert!(server.schema().model("ir.model").is_some());
    /// ```
    pub fn schema(&self) -> Schema {
        self.state.lock().schema.clone()
    }

    /// Calls a public model method as the first configured user (`admin`), the way
    /// `execute_kw` does: positional `args` (the ids first for a records method), named
    /// `kwargs` (a JSON object, or `null`). A call Odoo would refuse fails the same way here,
    /// with an [`ErrorKind::Exception`](crate::ErrorKind::Exception).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let n = server.call("ir.model", "search_count", serde_json::json!([[["model", "=", "ir.model"]]]), serde_json::Value::Null).unwrap();
    /// assert_eq!(n, odoo_runtime::Value::Int(1));
    /// ```
    pub fn call(
        &self,
        model: &str,
        method: &str,
        args: serde_json::Value,
        kwargs: serde_json::Value,
    ) -> Result<Value, Error> {
        let kwargs = match kwargs {
            serde_json::Value::Null => Value::Struct(Default::default()),
            other => Value::from(other),
        };
        let user = self
            .state
            .users
            .first()
            .cloned()
            .unwrap_or_else(|| User::new("__system__", "").uid(store::SUPERUSER));
        let uid = user.uid.unwrap_or(store::SUPERUSER);
        let mut store = self.state.lock();
        let call = methods::Call {
            model: model.to_owned(),
            method: method.to_owned(),
            args: methods::Args::CallKw {
                args: Value::from(args),
                kwargs,
            },
        };
        methods::execute(&mut store, &self.state.classes, uid, &user, call)
            .map_err(exception::OdooError::into_error)
    }

    /// Creates one record and returns its id (x2many commands, defaults and checks apply).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let id = server.create("res.users", serde_json::json!({"name": "Bob", "login": "bob"})).unwrap();
    /// assert!(id > 0);
    /// ```
    pub fn create(&self, model: &str, vals: serde_json::Value) -> Result<i64, Error> {
        match self.call(
            model,
            "create",
            serde_json::Value::Array(vec![vals]),
            serde_json::Value::Null,
        )? {
            Value::Int(id) => Ok(id),
            other => Err(unexpected("create", &other)),
        }
    }

    /// Writes values on records.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let id = server.create("res.users", serde_json::json!({"name": "Bob", "login": "bob"})).unwrap();
    /// server.write("res.users", &[id], serde_json::json!({"name": "Robert"})).unwrap();
    /// ```
    pub fn write(&self, model: &str, ids: &[i64], vals: serde_json::Value) -> Result<(), Error> {
        self.call(
            model,
            "write",
            serde_json::json!([ids, vals]),
            serde_json::Value::Null,
        )
        .map(drop)
    }

    /// Reads records as `read` does (`fields` empty: every field).
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let id = server.create("res.users", serde_json::json!({"name": "Bob", "login": "bob"})).unwrap();
    /// let rows = server.read("res.users", &[id], &["name"]).unwrap();
    /// assert_eq!(rows[0]["name"].as_str(), Some("Bob"));
    /// ```
    pub fn read(&self, model: &str, ids: &[i64], fields: &[&str]) -> Result<Vec<Value>, Error> {
        match self.call(
            model,
            "read",
            serde_json::json!([ids, fields]),
            serde_json::Value::Null,
        )? {
            Value::Array(rows) => Ok(rows),
            other => Err(unexpected("read", &other)),
        }
    }

    /// The ids matching a domain, in the model's default order.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let ids = server.search("ir.model", serde_json::json!([["model", "=like", "ir.model.fields%"]])).unwrap();
    /// assert_eq!(ids.len(), 2); // ir.model.fields, ir.model.fields.selection
    /// ```
    pub fn search(&self, model: &str, domain: serde_json::Value) -> Result<Vec<i64>, Error> {
        match self.call(
            model,
            "search",
            serde_json::json!([domain]),
            serde_json::Value::Null,
        )? {
            Value::Array(ids) => Ok(ids.iter().filter_map(Value::as_i64).collect()),
            other => Err(unexpected("search", &other)),
        }
    }

    /// Deletes records.
    ///
    /// ```
    /// # let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// let id = server.create("res.users", serde_json::json!({"name": "Bob", "login": "bob"})).unwrap();
    /// server.unlink("res.users", &[id]).unwrap();
    /// assert!(server.read("res.users", &[id], &[]).unwrap().is_empty());
    /// ```
    pub fn unlink(&self, model: &str, ids: &[i64]) -> Result<(), Error> {
        self.call(
            model,
            "unlink",
            serde_json::json!([ids]),
            serde_json::Value::Null,
        )
        .map(drop)
    }

    /// Stops listening and waits for the server task (a server from
    /// [`TestServerBuilder::start`]); dropping the server does the same without waiting.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let server = odoo_testkit::TestServer::builder().start().await.unwrap();
    /// server.shutdown().await;
    /// # }
    /// ```
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

/// A result of the wrong shape from one of the server's own methods (a bug if ever seen).
fn unexpected(method: &str, got: &Value) -> Error {
    Error::exception(
        "builtins.TypeError",
        format!("{method} returned {}", pyrepr::repr(got)),
        String::new(),
    )
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(true);
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Configures a [`TestServer`]. Bad input (unparsable seed data, an unknown model or field,
/// an API key for an unknown login) is reported by [`start`](TestServerBuilder::start).
#[derive(Default)]
pub struct TestServerBuilder {
    schema: Option<Schema>,
    data: Vec<Result<Value, String>>,
    database: Option<String>,
    users: Vec<User>,
    keys: Vec<(String, String)>,
    defaults: Vec<(String, String, Value)>,
    classes: Vec<(String, String, String)>,
    acl: Vec<Result<store::Rule, String>>,
    record_rules: Vec<Result<store::RecordRule, String>>,
    /// `(model, name, definition, message)` of the `unique` constraints.
    unique: Vec<(String, String, String, String)>,
    languages: Vec<String>,
    on_delete: Vec<(String, String, String)>,
    list_db: Option<bool>,
    /// `(model, id)`: where the ids of new records of a model start.
    first_ids: Vec<(String, i64)>,
    odoo_version: Option<String>,
    addr: Option<SocketAddr>,
    /// `(report_name, model)` of the reports added.
    reports: Vec<(String, String)>,
    wkhtmltopdf: bool,
}

impl std::fmt::Debug for TestServerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServerBuilder")
            .field("database", &self.database)
            .field("users", &self.users)
            .field("models", &self.schema.as_ref().map(|s| s.models.len()))
            .finish_non_exhaustive()
    }
}

impl TestServerBuilder {
    /// The schema to serve (the snapshot `odoo-codegen` writes, or [`load_schema`](crate::load_schema)'s).
    /// Without one the server only knows its own models (`ir.model`, `ir.model.fields`,
    /// `ir.model.fields.selection`, `res.users`).
    ///
    /// ```
    /// let schema = odoo_runtime::schema::Schema::new("19.0", "odoo19");
    /// let builder = odoo_testkit::TestServer::builder().schema(schema);
    /// # drop(builder);
    /// ```
    pub fn schema(mut self, schema: Schema) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Seed records as JSON: `{"res.partner": [{"id": 1, "name": "Acme", "country_id": 233}]}`,
    /// many2one as bare ids (or `[id, name]` pairs), many2many as id lists; one2many values
    /// follow from their inverse many2one. The recordings' `domains/data.json` has this form.
    /// Records get the defaults `create` would give them. May be called several times; a later
    /// record with the id of an earlier one completes it.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().data_json(r#"{"res.users": [{"id": 9, "name": "Bob"}]}"#);
    /// # drop(builder);
    /// ```
    pub fn data_json(mut self, json: &str) -> Self {
        self.data.push(
            serde_json::from_str::<serde_json::Value>(json)
                .map(Value::from)
                .map_err(|e| format!("seed data is not JSON: {e}")),
        );
        self
    }

    /// Seed records as a [`Value`] of the same form as [`data_json`](Self::data_json).
    ///
    /// ```
    /// let data = odoo_runtime::Value::from(serde_json::json!({"res.users": [{"name": "Bob"}]}));
    /// let builder = odoo_testkit::TestServer::builder().data(data);
    /// # drop(builder);
    /// ```
    pub fn data(mut self, data: Value) -> Self {
        self.data.push(Ok(data));
        self
    }

    /// The database name clients must give (`odoo19` by default).
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().database("test_db");
    /// # drop(builder);
    /// ```
    pub fn database(mut self, name: impl Into<String>) -> Self {
        self.database = Some(name.into());
        self
    }

    /// Adds a user with a password; the first user gets uid 2 (as `admin` in Odoo), the next
    /// ones the following free uids. Without any user, `admin`/`admin` is created.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().user("admin", "admin");
    /// # drop(builder);
    /// ```
    pub fn user(self, login: impl Into<String>, password: impl Into<String>) -> Self {
        self.add_user(User::new(login, password))
    }

    /// Adds a fully configured [`User`] (uid, name, keys, restricted access).
    ///
    /// ```
    /// use odoo_testkit::{TestServer, User};
    /// let builder = TestServer::builder().add_user(User::new("demo2", "demo2").uid(7).restricted());
    /// # drop(builder);
    /// ```
    pub fn add_user(mut self, user: User) -> Self {
        self.users.push(user);
        self
    }

    /// Gives a user an API key: it works in place of the password over XML-RPC and JSON-RPC,
    /// and as `Authorization: bearer <key>` over JSON-2.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().user("admin", "admin").api_key("admin", "k");
    /// # drop(builder);
    /// ```
    pub fn api_key(mut self, login: impl Into<String>, key: impl Into<String>) -> Self {
        self.keys.push((login.into(), key.into()));
        self
    }

    /// A default value for a field (what `default_get` and `create` use), on top of the
    /// schema's own `Field::default`.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().default_value("res.users", "name", "Nobody");
    /// # drop(builder);
    /// ```
    pub fn default_value(
        mut self,
        model: impl Into<String>,
        field: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.defaults
            .push((model.into(), field.into(), value.into()));
        self
    }

    /// The Python class that defines `method` on `model`, as a `TypeError` names it:
    /// `ResPartner` makes `res.partner`'s `create` fail with `ResPartner.create() got an
    /// unexpected keyword argument 'x'`, as it does on an Odoo where the `base` module
    /// overrides `create` for partners. Without it a method is the ORM's (`BaseModel`, or
    /// `Base` for `unlink` and `formatted_read_group`).
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().method_class("res.partner", "create", "ResPartner");
    /// # drop(builder);
    /// ```
    pub fn method_class(
        mut self,
        model: impl Into<String>,
        method: impl Into<String>,
        class: impl Into<String>,
    ) -> Self {
        self.classes
            .push((model.into(), method.into(), class.into()));
        self
    }

    /// A row of the access-control list (`ir.model.access`): the members of `group` (or
    /// everyone, with `None`) may use `model` for the `operations` its letters name — `r`ead,
    /// `w`rite, `c`reate, `u`nlink. Once there is a rule, a [`User::restricted`] user may do
    /// exactly what the rules of their [`User::groups`] allow, and an `AccessError` lists the
    /// groups that would allow the rest (in the order the rules were given, as Odoo lists them
    /// by category and name).
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder()
    ///     .access_rule("res.partner", Some("Role / User"), "rwc")
    ///     .access_rule("res.partner", Some("Role / Administrator"), "rwcu")
    ///     .access_rule("res.country", None, "r");
    /// # drop(builder);
    /// ```
    pub fn access_rule(mut self, model: &str, group: Option<&str>, operations: &str) -> Self {
        self.acl.push(store::Rule::parse(model, group, operations));
        self
    }

    /// A record rule (`ir.rule`): the records of `model` that the members of `groups` (everyone,
    /// with none: a global rule) may use for the `operations` its letters name — `r`ead,
    /// `w`rite, `c`reate, `u`nlink — as the domain Odoo writes in `domain_force`, Python and
    /// all. As in Odoo's `ir.rule._compute_domain`, every global rule must hold and, of the
    /// rules of the user's [`User::groups`], at least one. A search sees only the records the
    /// rules allow; reading, writing or deleting one outside them, or creating one, fails with
    /// Odoo's `AccessError` (`Uh-oh! Looks like you have stumbled upon some top-secret
    /// records.…`). Rules apply to every user, unrestricted ones too (only Odoo's superuser,
    /// which no external call is, escapes them). A user passes its partner's rules too
    /// (`res.users` `_inherits` `res.partner`).
    ///
    /// The domain may use the names Odoo gives a rule: `user` and its fields (`user.id`,
    /// `user.partner_id.id`, `user.commercial_partner_id.id`, `user.company_ids.ids`),
    /// `company_id` (the current company) and `company_ids` (the context's
    /// `allowed_company_ids`, else all the user's companies), with Python's literals. Any other
    /// name, a call (`time.strftime(…)`), an operator, a field the schema lacks or a domain
    /// that does not parse is reported by [`start`](TestServerBuilder::start).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// use odoo_testkit::{TestServer, User};
    /// let server = TestServer::builder()
    ///     // Odoo's own rule: partners of no company, or of the companies in use.
    ///     .record_rule(
    ///         "res.users",
    ///         &[],
    ///         "['|', ('share', '=', False), ('company_ids', 'in', company_ids)]",
    ///         "rwcu",
    ///     )
    ///     // An own-documents rule for the basic group, reading the user.
    ///     .record_rule("res.users", &["Role / User"], "[('id', '=', user.id)]", "w")
    ///     .add_user(User::new("admin", "admin"))
    ///     .add_user(User::new("demo", "demo").groups(["Role / User"]))
    ///     .start()
    ///     .await
    ///     .unwrap();
    /// # drop(server);
    /// let refused = TestServer::builder()
    ///     .record_rule("res.users", &[], "[('create_date', '<', time.strftime('%Y'))]", "r")
    ///     .start()
    ///     .await
    ///     .unwrap_err();
    /// assert!(refused.to_string().contains("calls are not supported"));
    /// # }
    /// ```
    pub fn record_rule(
        mut self,
        model: &str,
        groups: &[&str],
        domain_force: &str,
        operations: &str,
    ) -> Self {
        let rule = store::Rule::parse(model, None, operations).map(|r| store::RecordRule {
            name: format!("{model} rule {}", self.record_rules.len() + 1),
            model: model.to_owned(),
            groups: groups.iter().map(|g| (*g).to_owned()).collect(),
            domain: domain_force.to_owned(),
            read: r.read,
            write: r.write,
            create: r.create,
            unlink: r.unlink,
        });
        self.record_rules.push(rule);
        self
    }

    /// A `unique` SQL constraint of `model`'s table, as `ir.model.constraint` holds it (type
    /// `u`): its `name` (the index, `res_currency_unique_name`), its `definition`
    /// (`unique (name)`, `UNIQUE(country_id, code)`) and the message Odoo declares with it. A
    /// create or write that gives two records the same values (none of them empty) fails as
    /// on Odoo: `ValidationError: The operation cannot be completed: <message>`, raised from
    /// PostgreSQL's `UniqueViolation`. A definition that is no `unique (…)` of stored fields
    /// of the schema (a `CHECK`, an index) is reported by [`start`](TestServerBuilder::start).
    ///
    /// ```
    /// let refused = odoo_testkit::TestServer::builder()
    ///     .unique_constraint("res.users", "res_users_login_key", "CHECK (login != '')", "No!")
    ///     .start_background()
    ///     .unwrap_err();
    /// assert!(refused.to_string().contains("is not `unique (column, …)`"));
    /// let server = odoo_testkit::TestServer::builder()
    ///     .unique_constraint(
    ///         "res.users",
    ///         "res_users_login_key",
    ///         "UNIQUE (login)",
    ///         "You can not have two users with the same login!",
    ///     )
    ///     .start_background()
    ///     .unwrap();
    /// let e = server
    ///     .create("res.users", serde_json::json!({"name": "Twin", "login": "admin"}))
    ///     .unwrap_err();
    /// assert_eq!(
    ///     e.exception_message(),
    ///     Some("The operation cannot be completed: You can not have two users with the same login!")
    /// );
    /// ```
    pub fn unique_constraint(
        mut self,
        model: &str,
        name: &str,
        definition: &str,
        message: &str,
    ) -> Self {
        self.unique.push((
            model.to_owned(),
            name.to_owned(),
            definition.to_owned(),
            message.to_owned(),
        ));
        self
    }

    /// Adds a report: a row of `ir.actions.report` (the model is added to the schema when it
    /// lacks it) that `/report/<pdf|html|text>/<report_name>/<ids>` renders for a web session
    /// (`/web/session/authenticate`) as Odoo does — its statuses, content types and error
    /// pages; the HTML and the text name each record, and the PDF is Odoo's error of a server
    /// without wkhtmltopdf.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().report("base.report_partner", "res.partner");
    /// # drop(builder);
    /// ```
    pub fn report(mut self, report_name: impl Into<String>, model: impl Into<String>) -> Self {
        self.reports.push((report_name.into(), model.into()));
        self
    }

    /// Whether the server renders PDFs, as an Odoo with wkhtmltopdf installed does (off by
    /// default, as in Odoo's own images and the kit this project tests against: a PDF is then
    /// Odoo's `Unable to find Wkhtmltopdf on this system` page). On, a PDF report is a small
    /// PDF document, a page per record naming it.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder()
    ///     .report("sale.report_saleorder", "sale.order")
    ///     .wkhtmltopdf(true);
    /// # drop(builder);
    /// ```
    pub fn wkhtmltopdf(mut self, installed: bool) -> Self {
        self.wkhtmltopdf = installed;
        self
    }

    /// Installs a language besides `en_US` (an active `res.lang`, by its code: `fr_FR`).
    /// The context's `lang` may then name it: translatable fields (`translate` in the schema)
    /// read and write their value in it, falling back to the `en_US` text, and
    /// `update_field_translations` accepts it. Any other `lang` is Odoo's `UserError`
    /// `Invalid language code: …`, as on a server where it is not installed.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().language("fr_FR");
    /// # drop(builder);
    /// ```
    pub fn language(mut self, code: impl Into<String>) -> Self {
        self.languages.push(code.into());
        self
    }

    /// The `ondelete` policy of a many2one field (`ir.model.fields`' `on_delete`, which
    /// `fields_get` does not give): `cascade` (unlinking the target unlinks the record),
    /// `set null` (empties the field) or `restrict` (the unlink fails with Odoo's
    /// `ValidationError` naming the model and field that still use the target). Without it, a
    /// required many2one cascades and the others are set to null.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().on_delete("res.partner", "state_id", "restrict");
    /// # drop(builder);
    /// ```
    pub fn on_delete(
        mut self,
        model: impl Into<String>,
        field: impl Into<String>,
        policy: impl Into<String>,
    ) -> Self {
        self.on_delete
            .push((model.into(), field.into(), policy.into()));
        self
    }

    /// The id the next new record of `model` gets, at least (new records are numbered after
    /// the seeded ones otherwise): to number them as your database's sequence does, or away
    /// from the ids a test asserts on.
    ///
    /// ```
    /// let server = odoo_testkit::TestServer::builder()
    ///     .first_id("res.users", 1000)
    ///     .start_background()
    ///     .unwrap();
    /// let id = server.create("res.users", serde_json::json!({"name": "Bob", "login": "bob"})).unwrap();
    /// assert_eq!(id, 1000);
    /// ```
    pub fn first_id(mut self, model: impl Into<String>, id: i64) -> Self {
        self.first_ids.push((model.into(), id));
        self
    }

    /// Whether `db.list` answers (Odoo's `list_db` option, on by default); off, it raises
    /// `AccessDenied` as Odoo does.
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().list_db(false);
    /// # drop(builder);
    /// ```
    pub fn list_db(mut self, list: bool) -> Self {
        self.list_db = Some(list);
        self
    }

    /// The Odoo version to answer as, e.g. `17.0-20240709`: `version()` says it, and where
    /// Odoo 17 and 18 differ from 19 in ways a client sees (JSON-2 and `/doc-bearer` missing,
    /// error texts, `copy`'s result, `ir.model.fields` columns, JSON-RPC's `error.code`), the
    /// server does as that version. By default the schema's `odoo_version` (what `odoo-codegen
    /// pull` recorded), else `19.0`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let server = odoo_testkit::TestServer::builder().odoo_version("17.0-20240709").start().await.unwrap();
    /// let client = odoo_runtime::Client::builder()
    ///     .url(server.url()).database(server.database()).password("admin", "admin").build().unwrap();
    /// assert_eq!(client.version().await.unwrap().server_version, "17.0-20240709");
    /// # }
    /// ```
    pub fn odoo_version(mut self, version: impl Into<String>) -> Self {
        self.odoo_version = Some(version.into());
        self
    }

    /// The address to listen on (`127.0.0.1:0`, a free port, by default).
    ///
    /// ```
    /// let builder = odoo_testkit::TestServer::builder().bind("127.0.0.1:0".parse().unwrap());
    /// # drop(builder);
    /// ```
    pub fn bind(mut self, addr: SocketAddr) -> Self {
        self.addr = Some(addr);
        self
    }

    fn build_state(self) -> Result<(Arc<State>, SocketAddr), Error> {
        let database = self.database.unwrap_or_else(|| "odoo19".into());
        let mut schema = self
            .schema
            .unwrap_or_else(|| Schema::new("19.0", database.clone()));
        if let Some(v) = self.odoo_version {
            schema.odoo_version = v;
        }
        let dialect = version::Dialect::of(&schema.odoo_version);
        if !self.reports.is_empty() && schema.model(report::IR_ACTIONS_REPORT).is_none() {
            schema.insert(report::report_model_schema());
        }
        let mut store = meta::store(schema);
        for (report_name, model) in &self.reports {
            let id = store.next_id(report::IR_ACTIONS_REPORT);
            let mut row = Map::new();
            row.insert("name".into(), Value::String(report_name.clone()));
            row.insert("report_name".into(), Value::String(report_name.clone()));
            row.insert("model".into(), Value::String(model.clone()));
            row.insert("report_type".into(), "qweb-pdf".into());
            store.put_row(report::IR_ACTIONS_REPORT, id, row);
        }
        for rule in self.acl {
            store.acl.push(rule.map_err(Error::config)?);
        }
        store.languages = self.languages;
        for (model, field, policy) in self.on_delete {
            let known = store
                .field(&model, &field)
                .is_some_and(|f| f.field_type == odoo_runtime::schema::FieldType::Many2one);
            if !known {
                return Err(Error::config(format!(
                    "on_delete for `{model}.{field}`, which is no many2one of the schema"
                )));
            }
            if !["cascade", "set null", "restrict"].contains(&policy.as_str()) {
                return Err(Error::config(format!(
                    "on_delete for `{model}.{field}`: `{policy}` is not cascade, set null or restrict"
                )));
            }
            store.on_delete.insert((model, field), policy);
        }
        for (model, field, value) in self.defaults {
            let f: &mut Field = store
                .schema
                .models
                .get_mut(&model)
                .and_then(|m| m.fields.get_mut(&field))
                .ok_or_else(|| {
                    Error::config(format!("default for an unknown field `{model}.{field}`"))
                })?;
            f.default = Some(value);
        }
        // Users: explicit uids first, then the next free ones from 2.
        let mut users = self.users;
        if users.is_empty() {
            users.push(User::new("admin", "admin"));
        }
        let mut taken: Vec<i64> = users.iter().filter_map(|u| u.uid).collect();
        let mut next = 2;
        for u in users.iter_mut().filter(|u| u.uid.is_none()) {
            while taken.contains(&next) {
                next += 1;
            }
            u.uid = Some(next);
            taken.push(next);
        }
        for (login, key) in self.keys {
            let u = users
                .iter_mut()
                .find(|u| u.login == login)
                .ok_or_else(|| Error::config(format!("API key for an unknown login `{login}`")))?;
            u.api_keys.push(key);
        }
        for u in &users {
            let mut row = Map::new();
            for (f, v) in [
                ("name", u.name.clone().unwrap_or_else(|| u.login.clone())),
                ("login", u.login.clone()),
            ] {
                if store.has_field("res.users", f) {
                    row.insert(f.into(), Value::String(v));
                }
            }
            if store.active_field("res.users").is_some() {
                row.insert("active".into(), Value::Bool(true));
            }
            store.put_row("res.users", u.uid.unwrap_or(2), row);
        }
        for data in self.data {
            let data = data.map_err(Error::config)?;
            let Value::Struct(models) = data else {
                return Err(Error::config(
                    "seed data must be an object of model name to a list of records",
                ));
            };
            for (model, records) in models {
                let Value::Array(records) = records else {
                    return Err(Error::config(format!(
                        "seed data: `{model}` must be a list of records"
                    )));
                };
                store.seed(&model, &records).map_err(Error::config)?;
            }
        }
        for (model, id) in self.first_ids {
            store.number_from(&model, id);
        }
        for u in &users {
            store
                .user_groups
                .insert(u.uid.unwrap_or(2), u.groups.clone());
        }
        for rule in self.record_rules {
            let rule = rule.map_err(Error::config)?;
            orm::rules::check_rule(&store, &rule).map_err(Error::config)?;
            store.record_rules.push(rule);
        }
        for (model, name, definition, message) in self.unique {
            let c = orm::unique::parse(&store, &model, &name, &definition, &message)
                .map_err(Error::config)?;
            store.unique.push(c);
        }
        let addr = self
            .addr
            .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
        Ok((
            Arc::new(State {
                store: Mutex::new(store),
                database,
                users,
                classes: methods::Classes(
                    self.classes
                        .into_iter()
                        .map(|(model, method, class)| ((model, method), class))
                        .collect(),
                ),
                list_db: self.list_db.unwrap_or(true),
                dialect,
                sessions: Default::default(),
                wkhtmltopdf: self.wkhtmltopdf,
            }),
            addr,
        ))
    }

    /// Starts the server on the current tokio runtime and returns once it listens.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")] async fn main() {
    /// let server = odoo_testkit::TestServer::builder().start().await.unwrap();
    /// assert!(server.url().starts_with("http://"));
    /// # }
    /// ```
    pub async fn start(self) -> Result<TestServer, Error> {
        let (state, addr) = self.build_state()?;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(format!("cannot listen on {addr}"), e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("no local address", e))?;
        let (tx, rx) = watch::channel(false);
        let task = tokio::spawn(serve(listener, state.clone(), rx));
        Ok(TestServer {
            addr,
            state,
            shutdown: Some(tx),
            task: Some(task),
            thread: None,
        })
    }

    /// Starts the server on its own thread and tokio runtime, for synchronous tests; it is
    /// listening when this returns, and stops (joining its thread) when dropped.
    ///
    /// ```
    /// let server = odoo_testkit::TestServer::builder().start_background().unwrap();
    /// assert!(std::net::TcpStream::connect(server.addr()).is_ok());
    /// ```
    pub fn start_background(self) -> Result<TestServer, Error> {
        let (state, addr) = self.build_state()?;
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| Error::io(format!("cannot listen on {addr}"), e))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::io("cannot configure the socket", e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::io("no local address", e))?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("odoo-testkit")
            .enable_all()
            .build()
            .map_err(|e| Error::io("cannot start a runtime", e))?;
        let (tx, rx) = watch::channel(false);
        let served = state.clone();
        let thread = std::thread::Builder::new()
            .name("odoo-testkit".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(l) => serve(l, served, rx).await,
                        Err(e) => tracing::error!("odoo-testkit cannot use its socket: {e}"),
                    }
                });
                runtime.shutdown_timeout(std::time::Duration::from_secs(2));
            })
            .map_err(|e| Error::io("cannot start the server thread", e))?;
        Ok(TestServer {
            addr,
            state,
            shutdown: Some(tx),
            task: None,
            thread: Some(thread),
        })
    }
}

/// Accepts connections until told to stop, then lets open connections finish their current
/// request (hyper's graceful shutdown, for at most [`GRACE`]).
async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    mut stop: watch::Receiver<bool>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let state = state.clone();
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let svc = hyper::service::service_fn(move |req| http::handle(state.clone(), req));
                    let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, svc);
                    let conn = graceful.watch(conn);
                    tokio::spawn(async move {
                        if let Err(e) = conn.await {
                            tracing::debug!("odoo-testkit connection: {e}");
                        }
                    });
                }
                Err(e) => {
                    tracing::warn!("odoo-testkit accept failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                }
            },
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(GRACE, graceful.shutdown()).await;
}

/// How long a stopping server waits for open connections.
const GRACE: std::time::Duration = std::time::Duration::from_secs(5);
