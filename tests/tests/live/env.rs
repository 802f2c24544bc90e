//! The live server from the environment (`../shared/odoo-server/up` prints the exports), and
//! one client per protocol × credential.

use odoo_runtime::{Client, ClientBuilder, Protocol};

/// How a client proves who it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `ODOO_PASSWORD` (`ODOO_DEMO_PASSWORD` for the restricted user).
    Password,
    /// `ODOO_API_KEY` or the file `ODOO_API_KEY_FILE` (`ODOO_DEMO_API_KEY_FILE`).
    ApiKey,
}

/// One protocol × credential: the module the suite's macro makes for it.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    /// The module name, e.g. `key_json2`: in test names and in the names of the records made.
    pub name: &'static str,
    pub credential: Credential,
    pub protocol: Protocol,
}

/// The server's settings.
pub struct Live {
    pub url: String,
    pub db: String,
    pub user: String,
    /// The major version `up` reports (`ODOO_VERSION`), when given.
    pub version: Option<u32>,
}

fn var(name: &str) -> String {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v,
        _ => panic!(
            "{name} is not set. The live suite needs a real Odoo: run \
             `eval \"$(../shared/odoo-server/up --bench 10000 | grep '^export ')\"` (or set \
             ODOO_URL, ODOO_DB, ODOO_USER, ODOO_PASSWORD, ODOO_API_KEY or ODOO_API_KEY_FILE, \
             ODOO_DEMO_USER, ODOO_DEMO_PASSWORD, ODOO_DEMO_API_KEY_FILE yourself)"
        ),
    }
}

/// A secret from `NAME`, or from the file `NAME_FILE` (never printed).
fn secret(name: &str) -> String {
    if let Ok(v) = std::env::var(name)
        && !v.trim().is_empty()
    {
        return v.trim().to_owned();
    }
    let file = var(&format!("{name}_FILE"));
    std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("cannot read {name}_FILE={file}: {e}"))
        .trim()
        .to_owned()
}

impl Live {
    /// The settings; a missing one fails the test with what to set.
    pub fn get() -> Live {
        Live {
            url: var("ODOO_URL"),
            db: var("ODOO_DB"),
            user: var("ODOO_USER"),
            version: std::env::var("ODOO_VERSION")
                .ok()
                .and_then(|v| v.trim().parse().ok()),
        }
    }
}

impl Setup {
    /// The client of this setup, logged in as `ODOO_USER`.
    pub fn client(&self) -> Client {
        self.builder().build().expect("valid settings")
    }

    /// The client of this setup, logged in as the restricted `ODOO_DEMO_USER`.
    pub fn demo_client(&self) -> Client {
        self.builder_as(Who::Demo).build().expect("valid settings")
    }

    /// A builder with this setup's URL, database, credentials and protocol, to add settings.
    pub fn builder(&self) -> ClientBuilder {
        self.builder_as(Who::Admin)
    }

    /// This setup's client with a wrong secret.
    pub fn client_with_wrong_secret(&self, wrong: &str) -> Client {
        let live = Live::get();
        let b = Client::builder().url(&live.url).database(&live.db);
        match self.credential {
            Credential::Password => b.password(&live.user, wrong),
            Credential::ApiKey => b.api_key(&live.user, wrong),
        }
        .protocol(self.protocol)
        .build()
        .expect("valid settings")
    }

    fn builder_as(&self, who: Who) -> ClientBuilder {
        let live = Live::get();
        let (login, password, key) = match who {
            Who::Admin => (live.user.clone(), "ODOO_PASSWORD", "ODOO_API_KEY"),
            Who::Demo => (
                var("ODOO_DEMO_USER"),
                "ODOO_DEMO_PASSWORD",
                "ODOO_DEMO_API_KEY",
            ),
        };
        let b = Client::builder().url(&live.url).database(&live.db);
        match self.credential {
            Credential::Password => b.password(login, var(password)),
            Credential::ApiKey => b.api_key(login, secret(key)),
        }
        .protocol(self.protocol)
    }

    /// The prefix of every record a test of this setup makes: `odoo-rs live <setup> <test>`.
    pub fn prefix(&self, test: &str) -> String {
        format!("odoo-rs live {} {test}", self.name)
    }
}

#[derive(Clone, Copy)]
enum Who {
    Admin,
    Demo,
}
