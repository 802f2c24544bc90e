//! A web session: what Odoo's `auth='user'` HTTP routes (the `/report/…` downloads) need,
//! where the external API's calls carry their credentials themselves.
//!
//! [`login`] posts the login and password to `/web/session/authenticate` (a JSON-RPC route,
//! without CSRF token) and keeps the `session_id` cookie of the answer; [`WebSession`] holds it
//! for the client and its clones, sends it only with requests to the configured server (the
//! transport follows no redirect), renews it once when a route sends the request to the login
//! page, and takes the new id when Odoo rotates it. The id is a [`Secret`]: it never shows in
//! `Debug`, in an error or in a log.
//!
//! Odoo 17, 18 and 19 open a web session with a password only: their `authenticate` checks a
//! credential of type `password`, and an API key given as the password is refused
//! (`AccessDenied`), so a client built with an API key cannot download reports.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use tokio::sync::Mutex;

use crate::error::{Error, ErrorKind};
use crate::json::codec::to_vec;
use crate::json::rpc::decode_jsonrpc_response;
use crate::secret::{Secret, SecretKind};
use crate::transport::http::Replay;
use crate::transport::status::{not_protocol_error, strip_query};
use crate::transport::stream::{Opened, SMALL_ANSWER};
use crate::transport::{Auth, HttpRequest, Transport};
use crate::value::Value;

/// What logging in needs of the client.
pub(crate) struct Credentials<'a> {
    pub(crate) url: &'a str,
    pub(crate) database: &'a str,
    pub(crate) login: &'a str,
    pub(crate) secret: &'a Secret,
    pub(crate) secret_kind: SecretKind,
    pub(crate) request_ids: &'a AtomicU64,
}

/// The session id of a client, once logged in.
#[derive(Default)]
pub(crate) struct WebSession {
    id: Mutex<Option<Secret>>,
}

impl std::fmt::Debug for WebSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = self.id.try_lock().map(|id| id.is_some()).ok();
        f.debug_struct("WebSession").field("open", &open).finish()
    }
}

impl WebSession {
    /// The session id, logging in first when there is none yet. Concurrent callers wait for
    /// one login.
    pub(crate) async fn id(
        &self,
        transport: &Transport,
        credentials: &Credentials<'_>,
    ) -> Result<Secret, Error> {
        let mut id = self.id.lock().await;
        if let Some(id) = &*id {
            return Ok(id.clone());
        }
        let fresh = login(transport, credentials).await?;
        *id = Some(fresh.clone());
        Ok(fresh)
    }

    /// A new session id after the server refused `stale` (it sent the request to its login
    /// page): logs in again, unless another caller already did.
    pub(crate) async fn renew(
        &self,
        stale: &Secret,
        transport: &Transport,
        credentials: &Credentials<'_>,
    ) -> Result<Secret, Error> {
        let mut id = self.id.lock().await;
        if let Some(current) = &*id {
            if current.expose() != stale.expose() {
                return Ok(current.clone());
            }
        }
        *id = None;
        let fresh = login(transport, credentials).await?;
        *id = Some(fresh.clone());
        Ok(fresh)
    }

    /// Takes the id an answer set (Odoo 18 and 19 rotate it) in place of `sent`.
    pub(crate) async fn rotated(&self, sent: &Secret, new: Option<Secret>) {
        let Some(new) = new else { return };
        let mut id = self.id.lock().await;
        if id.as_ref().is_some_and(|c| c.expose() == sent.expose()) {
            *id = Some(new);
        }
    }

    /// Ends the session on the server (`/web/session/destroy`) but keeps its id, so that the
    /// next request finds it expired (for tests of the renewal).
    pub(crate) async fn destroy_on_server(
        &self,
        transport: &Transport,
        credentials: &Credentials<'_>,
    ) -> Result<(), Error> {
        let Some(id) = self.id.lock().await.clone() else {
            return Ok(());
        };
        let mut request = jsonrpc_request(
            format!("{}/web/session/destroy", credentials.url),
            &serde_json::Map::new(),
            credentials,
        )?;
        request.session = Some(id);
        let response = transport
            .open(&request)
            .await?
            .into_response(SMALL_ANSWER)
            .await?;
        if response.status != 200 {
            return Err(crate::transport::status::http_status_error(&response));
        }
        decode_jsonrpc_response::<Value>(&response.body).map(drop)
    }
}

#[derive(Serialize)]
struct AuthenticateParams<'a> {
    db: &'a str,
    login: &'a str,
    password: &'a str,
}

/// `{"jsonrpc": "2.0", "method": "call", "params": …, "id": …}` to a JSON-RPC route.
fn jsonrpc_request<P: Serialize>(
    url: String,
    params: &P,
    credentials: &Credentials<'_>,
) -> Result<HttpRequest, Error> {
    #[derive(Serialize)]
    struct Envelope<'a, P> {
        jsonrpc: &'static str,
        method: &'static str,
        params: &'a P,
        id: u64,
    }
    let body = to_vec(&Envelope {
        jsonrpc: "2.0",
        method: "call",
        params,
        id: credentials.request_ids.fetch_add(1, Ordering::Relaxed),
    })?;
    Ok(HttpRequest::post(
        url,
        "application/json",
        body,
        Auth::InBody,
        Replay::Safe,
    ))
}

/// Logs in through `/web/session/authenticate` and returns the session id.
pub(crate) async fn login(
    transport: &Transport,
    credentials: &Credentials<'_>,
) -> Result<Secret, Error> {
    if credentials.secret_kind == SecretKind::ApiKey {
        return Err(api_key_refused());
    }
    let request = jsonrpc_request(
        format!("{}/web/session/authenticate", credentials.url),
        &AuthenticateParams {
            db: credentials.database,
            login: credentials.login,
            password: credentials.secret.expose(),
        },
        credentials,
    )?;
    let opened: Opened<'_> = transport.open(&request).await?;
    let session = opened.session.clone();
    let response = opened.into_response(SMALL_ANSWER).await?;
    if response.status != 200 {
        return Err(crate::transport::status::http_status_error(&response));
    }
    let answer: Value = decode_jsonrpc_response(&response.body).map_err(|e| {
        match e.kind() {
            // A JSON body that is not JSON-RPC's, or no JSON at all (a proxy's page).
            ErrorKind::Decode => not_protocol_error("a JSON-RPC answer", &response),
            ErrorKind::AccessDenied => {
                Error::access_denied(credentials.login, credentials.database)
                    .with_sentence("`/web/session/authenticate` refused the login and password")
            }
            _ => e,
        }
    })?;
    let uid = match &answer {
        Value::Struct(m) => m.get("uid").and_then(Value::as_i64),
        _ => None,
    };
    if uid.is_none() {
        // `{'uid': None}`: the password was right, but the user has two-factor
        // authentication, which only the login page completes.
        return Err(
            Error::access_denied(credentials.login, credentials.database).with_sentence(
                "Odoo opened no web session (`uid` is null): the user has two-factor \
             authentication, which `/web/session/authenticate` cannot complete; use a user \
             without it for downloads",
            ),
        );
    }
    session.ok_or_else(|| {
        Error::decode_message(format!(
            "{} logged in but set no `session_id` cookie",
            strip_query(&response.url)
        ))
    })
}

/// The error of a web session asked for with an API key.
pub(crate) fn api_key_refused() -> Error {
    Error::builder(
        "reports are served to a web session, and Odoo (17, 18 and 19) opens one with a \
         password only: `/web/session/authenticate` refuses an API key (AccessDenied); build \
         the client with `.password(login, password)`",
    )
}
