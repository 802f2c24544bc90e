//! Raw requests on the three protocols, and their answers reduced to what a client can see
//! and what must agree between two servers: the HTTP status and content type, the fault code,
//! the exception class and message, the value. What legitimately differs is normalised away:
//! record ids a scenario created (both servers number them their own way), timestamps, and the
//! frames of tracebacks (paths, line numbers, the code around).

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

/// Who authenticates a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    Admin,
    Demo,
    /// A wrong API key or password.
    Bad,
    /// No credentials at all.
    Nobody,
}

/// One raw request. Strings `$DB`, `$UID`, `$PW`, `$KEY`, `$DEMO_UID`, `$DEMO_PW`,
/// `$DEMO_KEY` in a body stand for the server's credentials; `$name` for a value an earlier
/// step bound.
#[derive(Clone, Debug)]
pub enum Request {
    /// `POST /xmlrpc/2/<service>` (or the legacy `/xmlrpc/<service>`): a method call.
    XmlRpc {
        path: &'static str,
        method: &'static str,
        params: Json,
    },
    /// `POST` of a body as is (with a bearer key when `who` says so).
    Raw {
        path: &'static str,
        content_type: &'static str,
        body: &'static str,
        who: Option<Who>,
    },
    /// `POST /jsonrpc` with this envelope.
    JsonRpc { envelope: Json },
    /// `POST /json/2/<model>/<method>` with this body (`None`: no body at all).
    Json2 {
        model: &'static str,
        method: &'static str,
        who: Who,
        body: Option<Json>,
    },
    /// `GET` with a bearer key.
    Get { path: String, who: Who },
    /// `POST /web/session/authenticate` (a `type='jsonrpc'` route) with these credentials.
    WebLogin(WebAuth),
    /// `GET` of an `auth='user'` route (a report) in a web session, which the request opens
    /// first through `/web/session/authenticate` (and ends, for [`Session::Destroyed`]).
    WebGet {
        path: &'static str,
        session: Session,
    },
    /// `POST /web/session/destroy` without a session.
    WebDestroy,
}

/// What a web login sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebAuth {
    /// A user's login and password.
    Password(Who),
    /// The admin's API key in place of the password.
    ApiKeyAsPassword,
    /// The admin's password on a database that does not exist.
    UnknownDatabase,
}

/// The web session of a [`Request::WebGet`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Session {
    /// No cookie at all.
    None,
    /// A session `who` logged in to with its password.
    Of(Who),
    /// The admin's session, ended through `/web/session/destroy` before the request.
    Destroyed,
}

impl Request {
    /// The protocol a request belongs to, for the report.
    pub fn protocol(&self) -> &'static str {
        match self {
            Request::XmlRpc { .. } => "XML-RPC",
            Request::Raw { path, .. } if path.starts_with("/xmlrpc") => "XML-RPC",
            Request::Raw { path, .. } if path.starts_with("/jsonrpc") => "JSON-RPC",
            Request::JsonRpc { .. } => "JSON-RPC",
            Request::Raw { .. } | Request::Json2 { .. } | Request::Get { .. } => "JSON-2",
            Request::WebLogin(_) | Request::WebGet { .. } | Request::WebDestroy => "web",
        }
    }

    /// A short description without credentials, for failure reports.
    pub fn describe(&self) -> String {
        let short = |v: &Json| {
            let s = v.to_string();
            if s.chars().count() > 300 {
                format!("{}…", s.chars().take(300).collect::<String>())
            } else {
                s
            }
        };
        match self {
            Request::XmlRpc {
                path,
                method,
                params,
            } => format!("POST {path} {method} {}", short(params)),
            Request::Raw { path, body, .. } => format!("POST {path} {}", short(&json!(body))),
            Request::JsonRpc { envelope } => format!("POST /jsonrpc {}", short(envelope)),
            Request::Json2 {
                model,
                method,
                who,
                body,
            } => format!(
                "POST /json/2/{model}/{method} as {who:?} {}",
                body.as_ref().map_or("(no body)".into(), short)
            ),
            Request::Get { path, who } => format!("GET {path} as {who:?}"),
            Request::WebLogin(auth) => format!("POST /web/session/authenticate {auth:?}"),
            Request::WebGet { path, session } => format!("GET {path} in session {session:?}"),
            Request::WebDestroy => "POST /web/session/destroy without a session".into(),
        }
    }
}

/// A server under test: where it is and how to log in.
pub struct Target {
    pub name: &'static str,
    pub url: String,
    pub db: String,
    pub admin: Credentials,
    pub demo: Credentials,
}

/// A user's uid, login, password and API key.
pub struct Credentials {
    pub uid: i64,
    pub login: String,
    pub password: String,
    pub key: String,
}

/// Variables bound by earlier steps of a scenario.
pub type Vars = BTreeMap<String, Json>;

/// Replaces the `$…` placeholders of a request body.
fn substitute(v: &Json, target: &Target, vars: &Vars) -> Result<Json, String> {
    Ok(match v {
        Json::String(s) if s.starts_with('$') => match s.as_str() {
            "$DB" => json!(target.db),
            "$UID" => json!(target.admin.uid),
            "$PW" => json!(target.admin.password),
            "$DEMO_UID" => json!(target.demo.uid),
            "$DEMO_PW" => json!(target.demo.password),
            "$KEY" => json!(target.admin.key),
            "$DEMO_KEY" => json!(target.demo.key),
            name => lookup(&name[1..], vars)
                .ok_or_else(|| format!("{name} is not bound (the step that binds it failed)"))?,
        },
        Json::Array(a) => Json::Array(
            a.iter()
                .map(|x| substitute(x, target, vars))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(m) => Json::Object(
            m.iter()
                .map(|(k, x)| Ok((k.clone(), substitute(x, target, vars)?)))
                .collect::<Result<_, String>>()?,
        ),
        other => other.clone(),
    })
}

/// `name` or `name[i]` among the bound variables.
fn lookup(name: &str, vars: &Vars) -> Option<Json> {
    match name.split_once('[') {
        Some((var, index)) => {
            let i: usize = index.strip_suffix(']')?.parse().ok()?;
            vars.get(var)?.get(i).cloned()
        }
        None => vars.get(name).cloned(),
    }
}

/// A JSON parameter as XML-RPC sends it: `{"$datetime": "20240607T08:09:10"}` is a
/// `<dateTime.iso8601>` (what Python's `xmlrpc.client` sends for a `datetime`).
fn xmlrpc_value(v: Json) -> odoo_runtime::Value {
    use odoo_runtime::Value;
    match v {
        Json::Object(m) if m.len() == 1 && m.get("$datetime").is_some_and(Json::is_string) => {
            Value::DateTime(m["$datetime"].as_str().unwrap_or_default().to_owned())
        }
        Json::Object(m) => {
            Value::Struct(m.into_iter().map(|(k, v)| (k, xmlrpc_value(v))).collect())
        }
        Json::Array(a) => Value::Array(a.into_iter().map(xmlrpc_value).collect()),
        other => Value::from(other),
    }
}

/// Sends a request and reduces the answer to its comparable [`outcome`].
pub async fn send(
    http: &reqwest::Client,
    target: &Target,
    request: &Request,
    vars: &Vars,
) -> Result<Json, String> {
    let key = |who: Who| match who {
        Who::Admin => Some(target.admin.key.clone()),
        Who::Demo => Some(target.demo.key.clone()),
        Who::Bad => Some("not-a-valid-key-0000000000".to_owned()),
        Who::Nobody => None,
    };
    match request {
        Request::WebLogin(auth) => return web_login(target, *auth).await.map(|(o, _)| o),
        Request::WebGet { path, session } => return web_get(target, path, *session).await,
        Request::WebDestroy => {
            let r = no_redirects()
                .post(format!("{}/web/session/destroy", target.url))
                .header("Content-Type", "application/json")
                .body(r#"{"jsonrpc": "2.0", "method": "call", "params": {}, "id": 3}"#)
                .send()
                .await
                .map_err(|e| format!("{} does not answer: {e}", target.name))?;
            return web_outcome(target, r).await.map(|(o, _)| o);
        }
        _ => {}
    }
    let (builder, kind) = match request {
        Request::XmlRpc {
            path,
            method,
            params,
        } => {
            let params = substitute(params, target, vars)?;
            let params: Vec<odoo_runtime::Value> = params
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(xmlrpc_value)
                .collect();
            let body = odoo_runtime::xmlrpc::encode_call(method, &params)
                .map_err(|e| format!("cannot encode the call: {e}"))?;
            (
                http.post(format!("{}{path}", target.url))
                    .header("Content-Type", "text/xml")
                    .body(body),
                Kind::XmlRpc,
            )
        }
        Request::Raw {
            path,
            content_type,
            body,
            who,
        } => (
            {
                let mut b = http
                    .post(format!("{}{path}", target.url))
                    .header("Content-Type", *content_type)
                    .body(*body);
                if let Some(k) = who.and_then(key) {
                    b = b.header("Authorization", format!("bearer {k}"));
                }
                b
            },
            if path.starts_with("/xmlrpc") {
                Kind::XmlRpc
            } else {
                Kind::Json
            },
        ),
        Request::JsonRpc { envelope } => (
            http.post(format!("{}/jsonrpc", target.url))
                .header("Content-Type", "application/json")
                .body(substitute(envelope, target, vars)?.to_string()),
            Kind::Json,
        ),
        Request::Json2 {
            model,
            method,
            who,
            body,
        } => {
            let mut b = http.post(format!("{}/json/2/{model}/{method}", target.url));
            if let Some(k) = key(*who) {
                b = b.header("Authorization", format!("bearer {k}"));
            }
            if let Some(body) = body {
                b = b
                    .header("Content-Type", "application/json")
                    .body(substitute(body, target, vars)?.to_string());
            }
            (b, Kind::Json)
        }
        Request::Get { path, who } => {
            let mut b = http.get(format!("{}{path}", target.url));
            if let Some(k) = key(*who) {
                b = b.header("Authorization", format!("bearer {k}"));
            }
            (b, Kind::Json)
        }
        Request::WebLogin(_) | Request::WebGet { .. } | Request::WebDestroy => {
            unreachable!("sent above")
        }
    };
    let response = builder
        .send()
        .await
        .map_err(|e| format!("{} does not answer: {e}", target.name))?;
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response
        .bytes()
        .await
        .map_err(|e| format!("{}: cannot read the body: {e}", target.name))?;
    let mut out = outcome(kind, status, &content_type, &body);
    if let Some(location) = location {
        out["location"] = json!(location);
    }
    Ok(out)
}

/// An HTTP client that follows no redirect: a web route's `303` to the login page is the
/// answer to compare.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("an HTTP client")
}

/// Logs in through `/web/session/authenticate`: the outcome and the session id it set.
async fn web_login(target: &Target, auth: WebAuth) -> Result<(Json, Option<String>), String> {
    let (db, login, password) = match auth {
        WebAuth::Password(Who::Demo) => {
            (target.db.as_str(), "$DEMO", target.demo.password.as_str())
        }
        WebAuth::Password(Who::Bad) => (target.db.as_str(), "$ADMIN", "not the password"),
        WebAuth::Password(_) => (target.db.as_str(), "$ADMIN", target.admin.password.as_str()),
        WebAuth::ApiKeyAsPassword => (target.db.as_str(), "$ADMIN", target.admin.key.as_str()),
        WebAuth::UnknownDatabase => (
            "odoo_rs_no_such_db",
            "$ADMIN",
            target.admin.password.as_str(),
        ),
    };
    let login = match login {
        "$DEMO" => target.demo.login.as_str(),
        _ => target.admin.login.as_str(),
    };
    let body = json!({"jsonrpc": "2.0", "method": "call", "id": 7,
        "params": {"db": db, "login": login, "password": password}});
    let r = no_redirects()
        .post(format!("{}/web/session/authenticate", target.url))
        .header("Content-Type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(|e| format!("{} does not answer: {e}", target.name))?;
    web_outcome(target, r).await
}

/// `session_id` among an answer's `Set-Cookie` headers.
fn session_cookie(r: &reqwest::Response) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next()?.trim().strip_prefix("session_id="))
        .map(str::to_owned)
        .next_back()
}

/// What a client sees of a web route's answer: the status and content type, whether it set a
/// session, where a redirect leads; of a JSON answer the `uid` of its result (the rest is
/// `session_info()`, which holds far more on a real server) or its error; of an HTML page the
/// exception's message (its `<pre>`) or the heading of a bare error page.
async fn web_outcome(
    target: &Target,
    r: reqwest::Response,
) -> Result<(Json, Option<String>), String> {
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let session = session_cookie(&r);
    let body = r
        .bytes()
        .await
        .map_err(|e| format!("{}: cannot read the body: {e}", target.name))?;
    let mut out = json!({"status": status, "content_type": content_type,
        "sets_session": session.is_some(), "location": location});
    if let Ok(v) = serde_json::from_slice::<Json>(&body) {
        let mut v = json_outcome(v)["body"].take();
        out["uid"] = v.pointer("/result/uid").cloned().unwrap_or(Json::Null);
        out["error"] = v.get_mut("error").map(Json::take).unwrap_or(Json::Null);
        out["id"] = v["id"].take();
    } else if status != 200
        || content_type.starts_with("text/html; charset=utf-8") && body.len() < 1024
    {
        let text = String::from_utf8_lossy(&body);
        let between = |open: &str, close: &str| {
            let start = text.find(open)? + open.len();
            let end = start + text[start..].find(close)?;
            Some(text[start..end].trim().to_owned())
        };
        let message = between("<pre>", "</pre>")
            .or_else(|| between("<h2 class=\"container mt32\">", "</h2>"))
            .or_else(|| between("<p>", "</p>"));
        if let Some(m) = message {
            out["message"] = json!(m);
        }
    }
    Ok((out, session))
}

/// A `GET` of `path` in a web session.
async fn web_get(target: &Target, path: &str, session: Session) -> Result<Json, String> {
    let who = match session {
        Session::None => None,
        Session::Of(who) => Some(who),
        Session::Destroyed => Some(Who::Admin),
    };
    let mut cookie = None;
    if let Some(who) = who {
        let (login, id) = web_login(target, WebAuth::Password(who)).await?;
        cookie = Some(id.ok_or_else(|| format!("{}: no session after {login}", target.name))?);
    }
    let http = no_redirects();
    if session == Session::Destroyed {
        let id = cookie.as_deref().unwrap_or_default();
        http.post(format!("{}/web/session/destroy", target.url))
            .header("Content-Type", "application/json")
            .header("Cookie", format!("session_id={id}"))
            .body(r#"{"jsonrpc": "2.0", "method": "call", "params": {}, "id": 1}"#)
            .send()
            .await
            .map_err(|e| format!("{} does not answer: {e}", target.name))?;
    }
    let mut b = http.get(format!("{}{path}", target.url));
    if let Some(id) = &cookie {
        b = b.header("Cookie", format!("session_id={id}"));
    }
    let r = b
        .send()
        .await
        .map_err(|e| format!("{} does not answer: {e}", target.name))?;
    web_outcome(target, r).await.map(|(o, _)| o)
}

#[derive(Clone, Copy)]
enum Kind {
    XmlRpc,
    Json,
}

/// What a client sees of an answer.
fn outcome(kind: Kind, status: u16, content_type: &str, body: &[u8]) -> Json {
    let mut out = json!({"status": status, "content_type": content_type});
    let parsed = match kind {
        Kind::XmlRpc => xmlrpc_outcome(body),
        Kind::Json => match serde_json::from_slice::<Json>(body) {
            Ok(v) => json_outcome(v),
            Err(_) if content_type.starts_with("text/html") => html_outcome(body),
            Err(_) => json!({"text": String::from_utf8_lossy(body)}),
        },
    };
    if let (Json::Object(o), Json::Object(p)) = (&mut out, parsed) {
        o.extend(p);
    }
    out
}

/// What a client reads of an HTML page (Odoo's 404 page before 19, werkzeug's redirect on
/// 18): its title and headings. The rest is the website's layout, with asset hashes and a
/// CSRF token of its own at every request.
fn html_outcome(body: &[u8]) -> Json {
    let text = String::from_utf8_lossy(body);
    let mut headings = Vec::new();
    for tag in ["title", "h1", "h2"] {
        let mut rest = text.as_ref();
        while let Some(start) = rest.find(&format!("<{tag}")) {
            let after = &rest[start + tag.len() + 1..];
            let (Some(open), Some(close)) = (after.find('>'), after.find(&format!("</{tag}>")))
            else {
                break;
            };
            if open < close {
                headings.push(json!([tag, after[open + 1..close].trim()]));
            }
            rest = &after[close..];
        }
    }
    json!({"html": headings})
}

/// The one `<value>` inside `<tag>…</tag>` of a `<methodResponse>`.
fn inner_value<'b>(body: &'b [u8], open: &str, close: &str) -> Option<&'b [u8]> {
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find(open)? + open.len();
    let end = text.rfind(close)?;
    text.get(start..end).map(str::as_bytes)
}

fn xmlrpc_outcome(body: &[u8]) -> Json {
    if let Some(v) = inner_value(body, "<fault>", "</fault>") {
        return match odoo_runtime::xmlrpc::from_slice::<odoo_runtime::Value>(v) {
            Ok(fault) => {
                let fault = Json::from(fault);
                json!({
                    "fault_code": fault["faultCode"],
                    "fault": exception_text(fault["faultString"].as_str().unwrap_or_default()),
                })
            }
            Err(e) => json!({"undecodable_fault": e.to_string()}),
        };
    }
    match inner_value(body, "<param>", "</param>")
        .map(odoo_runtime::xmlrpc::from_slice::<odoo_runtime::Value>)
    {
        Some(Ok(v)) => json!({"result": Json::from(v)}),
        Some(Err(e)) => json!({"undecodable": e.to_string()}),
        None => json!({"text": String::from_utf8_lossy(body)}),
    }
}

fn json_outcome(v: Json) -> Json {
    let mut v = v;
    // JSON-RPC's `error.data` and JSON-2's error body carry a traceback as `debug`.
    if let Some(debug) = v.pointer_mut("/error/data/debug") {
        *debug = exception_text(debug.as_str().unwrap_or_default());
    }
    if v.get("name").is_some() && v.get("debug").is_some() {
        let d = exception_text(v["debug"].as_str().unwrap_or_default());
        v["debug"] = d;
    }
    json!({"body": v})
}

/// A traceback reduced to what does not depend on the server's files: the last exception's
/// text, and the classes of the exceptions chained before it. Text that is not a traceback is
/// kept as is.
pub fn exception_text(text: &str) -> Json {
    if !text.starts_with("Traceback (most recent call last):") {
        return json!(text);
    }
    let mut blocks = Vec::new();
    let mut rest = text;
    loop {
        let during = rest
            .find("\n\nDuring handling of the above exception, another exception occurred:\n\n");
        let cause = rest
            .find("\n\nThe above exception was the direct cause of the following exception:\n\n");
        let next = [during.map(|i| (i, "during")), cause.map(|i| (i, "cause"))]
            .into_iter()
            .flatten()
            .min();
        match next {
            Some((i, link)) => {
                blocks.push((&rest[..i], Some(link)));
                let sep = rest[i + 2..]
                    .find("\n\n")
                    .map_or(rest.len(), |j| i + 2 + j + 2);
                rest = &rest[sep..];
            }
            None => {
                blocks.push((rest, None));
                break;
            }
        }
    }
    let exception = |block: &str| -> String {
        let mut lines = block.lines();
        lines.next(); // Traceback (most recent call last):
        let body: Vec<&str> = lines.collect();
        let start = body
            .iter()
            .position(|l| !l.starts_with("  "))
            .unwrap_or(body.len());
        body[start..].join("\n").trim_end().to_owned()
    };
    let chain: Vec<Json> = blocks[..blocks.len() - 1]
        .iter()
        .map(|(b, link)| {
            let e = exception(b);
            let class = e.split(':').next().unwrap_or_default().to_owned();
            json!({"class": class, "then": link})
        })
        .collect();
    let last = blocks.last().map(|(b, _)| exception(b)).unwrap_or_default();
    json!({"exception": last, "chain": chain})
}

/// Replaces what legitimately differs between two servers: the ids a scenario created
/// (`$name` of the variable that holds them), timestamps, the SQL that PostgreSQL quotes after
/// its error messages (`LINE 1: …`, Odoo's query text), and what a step masks.
pub fn normalise(v: &mut Json, ids: &BTreeMap<i64, String>, masks: &[&str]) {
    match v {
        Json::Number(n) => {
            if let Some(name) = n.as_i64().and_then(|i| ids.get(&i)) {
                *v = json!(format!("${name}"));
            }
        }
        Json::String(s) => {
            if let Some(i) = sql_context(s) {
                s.truncate(i);
            }
            if is_timestamp(s) {
                *s = "<timestamp>".into();
            } else if !ids.is_empty() {
                *s = replace_ids(s, ids);
            }
        }
        Json::Array(a) => a.iter_mut().for_each(|x| normalise(x, ids, masks)),
        Json::Object(m) => {
            // A JSON-RPC answer echoes the request's `id` (7), which a fresh database's
            // record ids reach too.
            let envelope = m.contains_key("jsonrpc");
            for (k, x) in m.iter_mut() {
                // No id in sight (`charset=utf-8`, an HTTP status of 200, fault code 1; the
                // legacy fault codes are texts, which may name ids).
                if k == "content_type"
                    || k == "status"
                    || (k == "fault_code" && x.is_number())
                    || (k == "id" && envelope)
                {
                    continue;
                }
                if masks.contains(&k.as_str()) {
                    *x = json!("<masked>");
                } else {
                    normalise(x, ids, masks);
                }
            }
        }
        _ => {}
    }
}

/// Drops the classes of the exceptions chained before a traceback's last one (`"chain"`, see
/// [`exception_text`]). Before 19 they follow each version's own Python code (a `KeyError`
/// of an `ormcache` miss handled on the way, or not), which odoo-testkit does not copy: it
/// chains as Odoo 19 does, and the last exception's class and message are still compared.
pub fn drop_chains(v: &mut Json) {
    match v {
        Json::Array(a) => a.iter_mut().for_each(drop_chains),
        Json::Object(m) => {
            if m.contains_key("exception") {
                m.remove("chain");
            }
            m.values_mut().for_each(drop_chains);
        }
        _ => {}
    }
}

/// Where PostgreSQL's quote of the query starts in an error message (`\nLINE 1: …`).
fn sql_context(s: &str) -> Option<usize> {
    let i = s.find("\nLINE ")?;
    let rest = &s[i + 6..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && rest[digits..].starts_with(": ")).then_some(i)
}

fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 19
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 | 16 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

/// Whole numbers in a text that are ids of `ids`, replaced by their variable.
fn replace_ids(s: &str, ids: &BTreeMap<i64, String>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<i64>().ok().and_then(|i| ids.get(&i)) {
            Some(name) => {
                out.push('$');
                out.push_str(name);
            }
            None => out.push_str(digits),
        }
        digits.clear();
    };
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracebacks_reduce_to_their_exceptions() {
        let t = "Traceback (most recent call last):\n  File \"/a.py\", line 1, in f\n    x()\n    ^^^\nKeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"/b.py\", line 2, in g\n    y()\nodoo.exceptions.UserError: two\nlines\n";
        assert_eq!(
            exception_text(t),
            json!({"exception": "odoo.exceptions.UserError: two\nlines", "chain": [{"class": "KeyError", "then": "during"}]})
        );
    }

    #[test]
    fn created_ids_and_timestamps_are_normalised() {
        let ids: BTreeMap<i64, String> = [(10081, "p".to_owned())].into_iter().collect();
        let mut v = json!({"id": 10081, "m": "res.partner(10081,) 100810", "w": "2026-01-02 03:04:05", "x": 3,
            "sql": "invalid input syntax for type bigint: \"x\"\nLINE 1: ... LIMIT 'x'\n   ^\n", "content_type": "text/xml; charset=utf-10081"});
        normalise(&mut v, &ids, &["x"]);
        assert_eq!(
            v,
            json!({"id": "$p", "m": "res.partner($p,) 100810", "w": "<timestamp>", "x": "<masked>",
                "sql": "invalid input syntax for type bigint: \"x\"", "content_type": "text/xml; charset=utf-10081"})
        );
    }

    #[test]
    fn the_json_rpc_request_id_is_no_record_id() {
        let ids: BTreeMap<i64, String> = [(7, "f[0]".to_owned())].into_iter().collect();
        let mut v = json!({"body": {"id": 7, "jsonrpc": "2.0", "result": [7, {"id": 7}]}});
        normalise(&mut v, &ids, &[]);
        assert_eq!(
            v,
            json!({"body": {"id": 7, "jsonrpc": "2.0", "result": ["$f[0]", {"id": "$f[0]"}]}})
        );
    }
}
