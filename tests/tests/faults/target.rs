//! The servers behind the proxy (odoo-testkit, or the real Odoo of `ODOO_URL`), a client per
//! protocol for them, and answers in each protocol's own format for the proxy to make up.

use std::sync::atomic::{AtomicU64, Ordering};

use odoo_runtime::{Call, Client, ClientBuilder, Protocol, Value};
use odoo_testkit::TestServer;

use crate::proxy::Reply;

/// A protocol under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    XmlRpc,
    JsonRpc,
    Json2,
}

pub const PROTOS: [Proto; 3] = [Proto::XmlRpc, Proto::JsonRpc, Proto::Json2];

impl Proto {
    pub fn protocol(self) -> Protocol {
        match self {
            Proto::XmlRpc => Protocol::XmlRpc,
            Proto::JsonRpc => Protocol::JsonRpc,
            Proto::Json2 => Protocol::Json2,
        }
    }

    /// The path of a model call.
    pub fn object_path(self, model: &str, method: &str) -> String {
        match self {
            Proto::XmlRpc => "/xmlrpc/2/object".into(),
            Proto::JsonRpc => "/jsonrpc".into(),
            Proto::Json2 => format!("/json/2/{model}/{method}"),
        }
    }

    /// A successful answer holding `value` (an XML-RPC `<value>` content or a JSON text).
    pub fn answer(self, xml_value: &str, json: &str) -> Reply {
        match self {
            Proto::XmlRpc => Reply::new(200, "text/xml", xml_response(xml_value)),
            Proto::JsonRpc => Reply::new(
                200,
                "application/json",
                format!(r#"{{"jsonrpc": "2.0", "id": 1, "result": {json}}}"#),
            ),
            Proto::Json2 => Reply::new(200, "application/json; charset=utf-8", json.to_owned()),
        }
    }

    /// An answer nested `depth` arrays deep.
    pub fn deep(self, depth: usize) -> Reply {
        let xml = "<array><data><value>".repeat(depth)
            + "<int>1</int>"
            + &"</value></data></array>".repeat(depth);
        let json = "[".repeat(depth) + "1" + &"]".repeat(depth);
        self.answer(&xml, &json)
    }

    /// Odoo's answer to a `UserError` with `message`, in this protocol's format.
    pub fn user_error(self, message: &str) -> Reply {
        let escaped_xml = message.replace('&', "&amp;").replace('<', "&lt;");
        let escaped_json = serde_json::to_string(message).expect("a JSON string");
        match self {
            Proto::XmlRpc => Reply::new(
                200,
                "text/xml",
                format!(
                    "<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>2</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>{escaped_xml}</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"
                ),
            ),
            Proto::JsonRpc => Reply::new(
                200,
                "application/json",
                format!(
                    r#"{{"jsonrpc": "2.0", "id": 1, "error": {{"code": 200, "message": "Odoo Server Error", "data": {{"name": "odoo.exceptions.UserError", "debug": "", "message": {escaped_json}, "arguments": [], "context": {{}}}}}}}}"#
                ),
            ),
            Proto::Json2 => Reply::new(
                422,
                "application/json; charset=utf-8",
                format!(
                    r#"{{"name": "odoo.exceptions.UserError", "message": {escaped_json}, "arguments": [], "context": {{}}, "debug": ""}}"#
                ),
            ),
        }
    }
}

pub fn xml_response(value: &str) -> String {
    format!("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value>{value}</value>\n</param>\n</params>\n</methodResponse>\n")
}

/// What Odoo 19 answers when its database pool is full: `PoolError` is raised in
/// `_serve_db` before any controller runs, so every protocol gets werkzeug's generic page.
pub fn pool_full_page() -> Reply {
    Reply::new(
        500,
        "text/html; charset=utf-8",
        "<!doctype html>\n<html lang=en>\n<title>500 Internal Server Error</title>\n<h1>Internal Server Error</h1>\n<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>\n",
    )
}

/// A server for the proxy to stand in front of.
pub struct Target {
    pub url: String,
    pub db: String,
    pub login: String,
    pub password: String,
    pub api_key: String,
    /// The uid of `login`, for clients that skip `authenticate`.
    pub uid: i64,
    _server: Option<TestServer>,
}

static NAMES: AtomicU64 = AtomicU64::new(0);

impl Target {
    /// odoo-testkit with the demo database, on loopback.
    pub async fn testkit() -> Target {
        let server = odoo_examples::demo_server()
            .await
            .expect("the test server starts");
        Target {
            url: server.url(),
            db: odoo_examples::DEMO_DB.into(),
            login: odoo_examples::DEMO_LOGIN.0.into(),
            password: odoo_examples::DEMO_LOGIN.1.into(),
            api_key: odoo_examples::DEMO_API_KEY.into(),
            uid: 0,
            _server: Some(server),
        }
        .with_uid()
        .await
    }

    async fn with_uid(mut self) -> Target {
        self.uid = self
            .direct(Proto::XmlRpc)
            .authenticate()
            .await
            .expect("authenticate");
        self
    }

    /// The real Odoo of `ODOO_URL`, `ODOO_DB`, `ODOO_USER`, `ODOO_PASSWORD` and `ODOO_API_KEY`
    /// (or `ODOO_API_KEY_FILE`).
    pub async fn live() -> Target {
        Target {
            url: var("ODOO_URL").trim_end_matches('/').to_owned(),
            db: var("ODOO_DB"),
            login: var("ODOO_USER"),
            password: var("ODOO_PASSWORD"),
            api_key: match std::env::var("ODOO_API_KEY") {
                Ok(k) if !k.trim().is_empty() => k.trim().to_owned(),
                _ => {
                    let file = var("ODOO_API_KEY_FILE");
                    std::fs::read_to_string(&file)
                        .unwrap_or_else(|e| panic!("cannot read ODOO_API_KEY_FILE={file}: {e}"))
                        .trim()
                        .to_owned()
                }
            },
            uid: 0,
            _server: None,
        }
        .with_uid()
        .await
    }

    /// The secret `proto` sends: the API key on JSON-2, the password otherwise.
    pub fn secret(&self, proto: Proto) -> &str {
        match proto {
            Proto::Json2 => &self.api_key,
            _ => &self.password,
        }
    }

    /// A builder for this server's credentials and `proto`, sending to `url` (a proxy's).
    pub fn builder(&self, proto: Proto, url: &str) -> ClientBuilder {
        let b = Client::builder()
            .url(url)
            .database(&self.db)
            .protocol(proto.protocol());
        match proto {
            Proto::Json2 => b.api_key(&self.login, &self.api_key),
            _ => b.password(&self.login, &self.password),
        }
    }

    /// [`Target::builder`] with the uid given, so that no `authenticate` goes through the
    /// proxy.
    pub fn authenticated(&self, proto: Proto, url: &str) -> ClientBuilder {
        match proto {
            Proto::Json2 => self.builder(proto, url),
            _ => self.builder(proto, url).uid(self.uid),
        }
    }

    /// A client straight to the server, without a proxy (and, once the uid is known,
    /// without `authenticate`).
    pub fn direct(&self, proto: Proto) -> Client {
        let b = if self.uid > 0 {
            self.authenticated(proto, &self.url)
        } else {
            self.builder(proto, &self.url)
        };
        b.build().expect("valid settings")
    }

    /// A unique partner name for a test's records: `odoo-rs faults <what> <n>`.
    pub fn name(&self, what: &str) -> String {
        let n = NAMES.fetch_add(1, Ordering::Relaxed);
        format!("odoo-rs faults {what} {} {n}", std::process::id())
    }

    /// The ids of the partners named `name`, archived ones too.
    pub async fn partners_named(&self, name: &str) -> Vec<i64> {
        let domain = vec![Value::from(vec![
            Value::from("name"),
            "=".into(),
            name.into(),
        ])];
        let search = Call::new("res.partner", "search")
            .arg("domain", domain)
            .context_value("active_test", false);
        self.settle(search)
            .await
            .and_then(|v| v.deserialize_into())
            .expect("search the partners a test made")
    }

    /// Removes the partners named `name`.
    pub async fn remove_partners(&self, name: &str) {
        let ids = self.partners_named(name).await;
        if !ids.is_empty() {
            self.settle(Call::new("res.partner", "unlink").ids(ids))
                .await
                .expect("remove the partners a test made");
        }
    }

    /// A bookkeeping call of a test (not one under test), straight to the server, tried
    /// again a few times on a server error: a shared Odoo whose registry another user reloads
    /// (a custom model made or removed) fails requests meanwhile, e.g. with `RuntimeError:
    /// dictionary changed size during iteration`.
    async fn settle(&self, call: Call) -> Result<Value, odoo_runtime::Error> {
        let client = self.direct(Proto::XmlRpc);
        let mut tries = 0;
        loop {
            match client.call(call.clone()).await {
                Err(e) if e.kind() == odoo_runtime::ErrorKind::ServerError && tries < 4 => {
                    tries += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                }
                other => return other,
            }
        }
    }
}

fn var(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v.trim().to_owned(),
        _ => panic!(
            "{name} is not set. The live fault tests need a real Odoo: run \
             `eval \"$(../shared/odoo-server/up --bench 10000 | grep '^export ')\"`"
        ),
    }
}

/// `res.partner.search_count([])`: a read.
pub fn count_call() -> Call {
    Call::new("res.partner", "search_count").arg("domain", Vec::<Value>::new())
}

/// `res.partner.create([{name}])`: a write.
pub fn create_call(name: &str) -> Call {
    let vals = Value::Struct(
        [("name".to_owned(), Value::from(name))]
            .into_iter()
            .collect(),
    );
    Call::new("res.partner", "create").arg("vals_list", vec![vals])
}
