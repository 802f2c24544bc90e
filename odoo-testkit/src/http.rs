//! The HTTP front: routing, the three protocols' framing, and their error shapes.

use std::sync::Arc;

use bytes::Bytes;
use http::{header, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use odoo_runtime::{FaultCode, Map, Value};

use crate::exception::{Class, Frame, OdooError};
use crate::methods::bind::{self, req, Param};
use crate::methods::{self, Args, Call};
use crate::service::{self, State};
use crate::values::contains_nil;
use crate::version::{self, Json2};

/// The largest request body accepted (the recorded 10,000-record responses are 18 MB; requests
/// are far smaller).
/// Odoo's `DEFAULT_MAX_CONTENT_LENGTH` (`odoo/http.py`, 17 to 19): 128 MiB, beyond which
/// werkzeug answers 413 with its page. (Odoo applies it to `/xmlrpc` only, which reads the
/// body through werkzeug's checked stream; its JSON routes took a 129 MiB body. The kit
/// refuses any body beyond it.)
const MAX_BODY: usize = 128 * 1024 * 1024;

/// werkzeug's `RequestEntityTooLarge` page.
const TOO_LARGE_PAGE: &[u8] = b"<!doctype html>\n<html lang=en>\n<title>413 Request Entity Too Large</title>\n<h1>Request Entity Too Large</h1>\n<p>The data value transmitted exceeds the capacity limit.</p>\n";

type Resp = Response<Full<Bytes>>;

fn respond(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Resp {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    r
}

fn json_response(status: StatusCode, v: &Value) -> Resp {
    let json = serde_json::Value::from(v.clone());
    let body = serde_json::to_vec(&json).unwrap_or_else(|_| b"null".to_vec());
    respond(status, "application/json; charset=utf-8", body)
}

/// A model's documentation as Odoo 19 sends it: with an unquoted `ETag` and `no-cache`, and
/// `304 Not Modified` with no body to a request whose `If-None-Match` names that `ETag`. Odoo
/// derives it from the registry, the language and the user's groups; here it is a digest of
/// the document, which changes when Odoo's would (a new field, model or method).
fn doc_response(headers: &header::HeaderMap, v: &Value) -> Resp {
    use std::hash::{Hash, Hasher};
    let json = serde_json::Value::from(v.clone());
    let body = serde_json::to_vec(&json).unwrap_or_else(|_| b"null".to_vec());
    // 64 hex digits, as Odoo's HMAC-SHA256.
    let etag: String = (0u8..4)
        .map(|round| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (round, &body).hash(&mut h);
            format!("{:016x}", h.finish())
        })
        .collect();
    let asked = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_matches('"') == etag));
    let mut r = if asked {
        respond(
            StatusCode::NOT_MODIFIED,
            "text/html; charset=utf-8",
            Vec::new(),
        )
    } else {
        respond(StatusCode::OK, "application/json; charset=utf-8", body)
    };
    if !asked {
        if let Ok(value) = header::HeaderValue::from_str(&etag) {
            r.headers_mut().insert(header::ETAG, value);
        }
        r.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-cache, private"),
        );
    }
    r
}

/// Serves one request.
pub(crate) async fn handle(
    state: Arc<State>,
    req: Request<hyper::body::Incoming>,
) -> Result<Resp, std::convert::Infallible> {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or("").to_owned();
    let headers = req.headers().clone();
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => {
            return Ok(respond(
                StatusCode::PAYLOAD_TOO_LARGE,
                "text/html; charset=utf-8",
                TOO_LARGE_PAGE.to_vec(),
            ))
        }
    };
    // The store is behind a blocking lock and calls are short: run them off the reactor.
    let resp =
        tokio::task::spawn_blocking(move || route(&state, &method, &path, &query, &headers, &body))
            .await;
    Ok(resp.unwrap_or_else(|_| {
        respond(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/plain",
            b"internal error".to_vec(),
        )
    }))
}

fn route(
    state: &State,
    method: &Method,
    path: &str,
    query: &str,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Resp {
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    let dialect = &state.dialect;
    match segments.as_slice() {
        ["xmlrpc", "2", service] if method == Method::POST => xmlrpc(state, service, body, false),
        ["xmlrpc", service] if method == Method::POST => xmlrpc(state, service, body, true),
        ["jsonrpc"] if method == Method::POST => jsonrpc(state, body),
        ["web", "session", "authenticate"] => web_authenticate(state, body),
        ["web", "session", "destroy"] => web_destroy(state, headers, body),
        ["report", converter, name, rest @ ..] if rest.len() <= 1 => {
            let ids = rest.first().copied();
            report(state, method, headers, (path, query), converter, name, ids)
        }
        ["web", "webclient", "version_info"] => json_response(StatusCode::OK, &dialect.version()),
        ["web", "login"] => respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            version::LOGIN_PAGE.as_bytes().to_vec(),
        ),
        // Odoo 18's web client route `/json/<path:subpath>` (`auth='user'`) takes `/json/2/…`.
        ["json", ..] if dialect.json2() == Json2::LoginRedirect => {
            let location = version::login_redirect(path);
            let mut r = respond(
                StatusCode::SEE_OTHER,
                "text/html; charset=utf-8",
                version::redirect_page(&location).into_bytes(),
            );
            if let Ok(location) = header::HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, location);
            }
            r
        }
        ["json", "2", ..] if dialect.json2() == Json2::NotFound => not_found_page(),
        ["doc-bearer", ..] if !dialect.doc_bearer() => not_found_page(),
        ["json", "2", model, meth] if method == Method::POST => {
            json2(state, headers, model, meth, body)
        }
        ["json", "2", ..] => json2_error(&OdooError::new(
            Class::NotFound,
            "Did you mean POST /json/2/<model>/<method>?",
        )),
        ["doc-bearer", file] if method == Method::GET && file.ends_with(".json") => {
            if let Err(resp) = bearer(state, headers) {
                return resp;
            }
            let name = &file[..file.len() - 5];
            if name == "index" {
                json_response(StatusCode::OK, &service::doc_index(state))
            } else {
                match service::doc_model(state, name) {
                    Ok(v) => doc_response(headers, &v),
                    Err(e) => json2_error(&e),
                }
            }
        }
        _ => respond(
            StatusCode::NOT_FOUND,
            "text/plain",
            b"404 Not Found".to_vec(),
        ),
    }
}

/// Odoo's HTML 404 page, for the routes the version served does not have.
fn not_found_page() -> Resp {
    respond(
        StatusCode::NOT_FOUND,
        version::NOT_FOUND_CONTENT_TYPE,
        version::NOT_FOUND_PAGE.as_bytes().to_vec(),
    )
}

// ----- The web session and the reports -----

/// The `id` and `params` of a request to a `type='jsonrpc'` route, or the 400 to answer.
#[allow(clippy::result_large_err)] // the 400 response itself
fn jsonrpc_route_request(body: &[u8]) -> Result<(Value, Map), Resp> {
    let bad = |message: &'static str| {
        respond(
            StatusCode::BAD_REQUEST,
            "text/html; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    };
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Err(bad("Invalid JSON data"));
    };
    let Value::Struct(mut request) = Value::from(request) else {
        return Err(bad("Invalid JSON-RPC data"));
    };
    let id = request.remove("id").unwrap_or(Value::Nil);
    let params = match request.remove("params") {
        Some(Value::Struct(m)) => m,
        _ => Map::new(),
    };
    Ok((id, params))
}

/// A JSON-RPC answer (of `/jsonrpc` and of the web routes): `result`, left out when `None`
/// (Odoo's `if result is not None: response['result'] = result`), or `error`.
fn jsonrpc_route_answer(state: &State, id: Value, result: Result<Value, OdooError>) -> Resp {
    let mut out = Map::new();
    out.insert("jsonrpc".into(), "2.0".into());
    out.insert("id".into(), id);
    match result {
        Ok(Value::Nil) => {}
        Ok(v) => {
            out.insert("result".into(), v);
        }
        Err(e) => {
            out.insert(
                "error".into(),
                e.jsonrpc_error(
                    state.dialect.jsonrpc_error_code(),
                    state.dialect.hides_access_denied_traceback(),
                ),
            );
        }
    }
    json_response(StatusCode::OK, &Value::Struct(out))
}

/// `Set-Cookie: session_id=…`, as Odoo sets it (a week, HTTP only).
fn set_session_cookie(r: &mut Resp, id: &str) {
    let cookie = format!("session_id={id}; Max-Age=604800; HttpOnly; Path=/");
    if let Ok(value) = header::HeaderValue::from_str(&cookie) {
        r.headers_mut().append(header::SET_COOKIE, value);
    }
}

fn cookie(headers: &http::HeaderMap) -> Option<&str> {
    headers.get(header::COOKIE).and_then(|v| v.to_str().ok())
}

/// `POST /web/session/authenticate`.
fn web_authenticate(state: &State, body: &[u8]) -> Resp {
    let (id, params) = match jsonrpc_route_request(body) {
        Ok(request) => request,
        Err(resp) => return resp,
    };
    match crate::session::authenticate(state, params) {
        Ok(opened) => {
            let mut r = jsonrpc_route_answer(state, id, Ok(opened.info));
            set_session_cookie(&mut r, &opened.id);
            r
        }
        Err(e) => jsonrpc_route_answer(state, id, Err(e)),
    }
}

/// `POST /web/session/destroy` (`auth='user'`): a new, anonymous session takes its place.
fn web_destroy(state: &State, headers: &http::HeaderMap, body: &[u8]) -> Resp {
    let id = match jsonrpc_route_request(body) {
        Ok((id, _)) => id,
        Err(resp) => return resp,
    };
    match crate::session::destroy(state, cookie(headers)) {
        Ok(()) => {
            let mut r = jsonrpc_route_answer(state, id, Ok(Value::Nil));
            set_session_cookie(&mut r, &crate::session::anonymous_id(state));
            r
        }
        // Raised before the request's id is read.
        Err(e) => jsonrpc_route_answer(state, Value::Nil, Err(e)),
    }
}

/// `/report/<converter>/<reportname>[/<docids>]` (`type='http'`, `auth='user'`).
fn report(
    state: &State,
    method: &Method,
    headers: &http::HeaderMap,
    (path, query): (&str, &str),
    converter: &str,
    name: &str,
    docids: Option<&str>,
) -> Resp {
    use crate::report::Rendered;
    let Some((uid, id, first)) = state.sessions.uid(cookie(headers)) else {
        let location = version::login_redirect_query(path, query);
        let mut r = respond(
            StatusCode::SEE_OTHER,
            "text/html; charset=utf-8",
            version::redirect_page(&location).into_bytes(),
        );
        if let Ok(location) = header::HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, location);
        }
        return r;
    };
    if method != Method::GET && method != Method::HEAD {
        // A `type='http'` route checks the CSRF token of any other method.
        return respond(
            StatusCode::BAD_REQUEST,
            "text/html; charset=utf-8",
            crate::report::error_page("Session expired (invalid CSRF token)").into_bytes(),
        );
    }
    let name = percent_decode(name);
    let docids = docids.map(percent_decode);
    let error_page = |status: u16, body: String| {
        respond(
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "text/html;charset=utf-8",
            body.into_bytes(),
        )
    };
    let mut r = match crate::report::render(state, uid, converter, &name, docids.as_deref()) {
        Rendered::Report { content_type, body } => respond(StatusCode::OK, content_type, body),
        Rendered::Page { status, message } => {
            error_page(status, crate::report::error_page(&message))
        }
        Rendered::ServerError => error_page(500, crate::report::SERVER_ERROR_PAGE.to_owned()),
        Rendered::Unknown { description } => respond(
            StatusCode::OK,
            "text/html; charset=utf-8",
            crate::report::unknown_error_page(&description).into_bytes(),
        ),
    };
    if first && state.dialect.major >= 18 {
        set_session_cookie(&mut r, id);
    }
    r
}

/// A URL path segment with its `%XX` escapes decoded (as werkzeug's routing does).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ----- XML-RPC -----

fn fault_body(code: &FaultCode, text: &str) -> Resp {
    respond(
        StatusCode::OK,
        "text/xml; charset=utf-8",
        odoo_runtime::xmlrpc::encode_fault(code, text),
    )
}

fn xmlrpc(state: &State, service: &str, body: &[u8], legacy: bool) -> Resp {
    let fault = |e: OdooError| {
        let (code, text) = if legacy {
            e.legacy_fault()
        } else {
            e.xmlrpc_fault()
        };
        fault_body(&code, &text)
    };
    let (method, params) = match odoo_runtime::xmlrpc::decode_call(body) {
        Ok(call) => call,
        Err(e) => {
            return fault(OdooError::new(
                Class::ExpatError,
                expat_error(body, e.message()),
            ))
        }
    };
    let keep_datetime = state.dialect.xmlrpc_datetime_objects();
    let params = params
        .into_iter()
        .map(|p| crate::values::normalize_input_with(p, keep_datetime))
        .collect();
    let (service, method) = (Value::from(service), Value::from(method));
    match crate::rpc::dispatch_rpc(
        state,
        &service,
        &method,
        Value::Array(params),
        crate::rpc::Holder::Tuple,
    ) {
        Ok(v) if contains_nil(&v) => fault(
            OdooError::type_error("cannot marshal None unless allow_none is enabled")
                .with_frame(Frame::DumpNil),
        ),
        Ok(v) => match odoo_runtime::xmlrpc::encode_response(&v) {
            Ok(bytes) => respond(StatusCode::OK, "text/xml; charset=utf-8", bytes),
            Err(e) => fault(OdooError::type_error(format!(
                "cannot marshal the result: {}",
                e.message()
            ))),
        },
        Err(e) => fault(e),
    }
}

// ----- JSON-RPC -----

/// `JSONRPC.jsonrpc(self, service, method, args)`, the controller behind `/jsonrpc`.
const JSONRPC_ENDPOINT: &[Param] = &[req("service"), req("method"), req("args")];

fn jsonrpc(state: &State, body: &[u8]) -> Resp {
    // `abort(Response(…, status=400))`: a bare text answer, before any JSON-RPC framing.
    let bad = |message: &'static str| {
        respond(
            StatusCode::BAD_REQUEST,
            "text/html; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    };
    let Ok(request) = serde_json::from_slice::<serde_json::Value>(body) else {
        return bad("Invalid JSON data");
    };
    let Value::Struct(mut request) = Value::from(request) else {
        return bad("Invalid JSON-RPC data");
    };
    let id = request.remove("id").unwrap_or(Value::Nil);
    let result = jsonrpc_call(state, request.remove("params"));
    jsonrpc_route_answer(state, id, result)
}

/// `dict(jsonrequest.get('params', {}))`, then the controller's own signature (unknown
/// members are dropped, as `route_wrapper` does), then `dispatch_rpc`.
fn jsonrpc_call(state: &State, params: Option<Value>) -> Result<Value, OdooError> {
    let params = match params {
        None => Map::new(),
        Some(Value::Struct(m)) => m,
        Some(Value::Array(items)) => crate::values::dict_from_pairs(&items)
            .map_err(|e| e.with_frame(Frame::JsonRpcParams))?,
        Some(Value::String(s)) if s.is_empty() => Map::new(),
        Some(Value::String(_)) => {
            return Err(OdooError::value(
                "dictionary update sequence element #0 has length 1; 2 is required",
            )
            .with_frame(Frame::JsonRpcParams))
        }
        Some(other) => {
            return Err(OdooError::type_error(format!(
                "'{}' object is not iterable",
                crate::pyrepr::type_name(&other)
            ))
            .with_frame(Frame::JsonRpcParams))
        }
    };
    let known: Map = params
        .into_iter()
        .filter(|(k, _)| JSONRPC_ENDPOINT.iter().any(|p| p.name == k))
        .collect();
    let args = bind::bind_call("JSONRPC.jsonrpc", JSONRPC_ENDPOINT, true, Vec::new(), known)
        .map_err(|m| {
            state
                .dialect
                .reword(OdooError::type_error(m).with_frame(Frame::JsonRpcEndpoint))
        })?;
    crate::rpc::dispatch_rpc(
        state,
        &args.get("service"),
        &args.get("method"),
        args.get("args"),
        crate::rpc::Holder::List,
    )
}

// ----- JSON-2 -----

fn json2_error(e: &OdooError) -> Resp {
    let status =
        StatusCode::from_u16(e.json2_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut r = json_response(status, &e.json_body());
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer "),
        );
    }
    r
}

/// The user of a `Authorization: bearer <key>` header, or the 401 to answer.
#[allow(clippy::result_large_err)] // the 401 response itself; built once per request
fn bearer<'s>(state: &'s State, headers: &http::HeaderMap) -> Result<&'s service::User, Resp> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let key = value
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, k)| k.trim())
        .filter(|k| !k.is_empty());
    match key {
        None => Err(json2_error(&OdooError::new(
            Class::Unauthorized,
            "User not authenticated, use an API Key with a Bearer Authorization header.",
        ))),
        Some(k) => state
            .user_by_key(k)
            .ok_or_else(|| json2_error(&OdooError::new(Class::Unauthorized, "Invalid apikey"))),
    }
}

fn json2(state: &State, headers: &http::HeaderMap, model: &str, method: &str, body: &[u8]) -> Resp {
    let user = match bearer(state, headers) {
        Ok(u) => u,
        Err(resp) => return resp,
    };
    if let Some(db) = headers.get("x-odoo-database").and_then(|v| v.to_str().ok()) {
        if db != state.database {
            return json2_error(&OdooError::new(
                Class::NotFound,
                format!("database {} not found", crate::pyrepr::str_repr(db)),
            ));
        }
    }
    // `jsonrequest | args`: anything but an object brings no arguments.
    let mut kwargs = if body.is_empty() {
        Map::new()
    } else {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(v) => match Value::from(v) {
                Value::Struct(m) => m,
                _ => Map::new(),
            },
            Err(e) => {
                let why = python_json_error(&e, body);
                return json2_error(
                    &OdooError::new(
                        Class::BadRequest,
                        format!("could not parse the body as json: {why}"),
                    )
                    .caused_by(OdooError::new(Class::JsonDecodeError, why)),
                );
            }
        }
    };
    // `web_json_2_rpc(self, __model__, __method__, ids=(), context=frozendict(), **kwargs)`
    let ids = kwargs.remove("ids").unwrap_or(Value::Array(Vec::new()));
    let context = kwargs
        .remove("context")
        .unwrap_or(Value::Struct(Map::new()));
    tracing::debug!(model, method, "json2");
    let uid = user.uid.unwrap_or(2);
    let mut store = state.lock();
    let call = Call {
        model: model.to_owned(),
        method: method.to_owned(),
        args: Args::Json2 {
            ids,
            context,
            kwargs,
        },
    };
    match methods::execute(&mut store, &state.classes, uid, user, call) {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(e) => json2_error(&e),
    }
}

/// What expat says of a body that is not XML at all (else the decoder's own words).
fn expat_error(body: &[u8], decoder: &str) -> String {
    let start = body.iter().position(|b| !b.is_ascii_whitespace());
    let (line, column) = {
        let upto = &body[..start.unwrap_or(body.len())];
        let line = upto.iter().filter(|b| **b == b'\n').count() + 1;
        let column = upto.iter().rev().take_while(|b| **b != b'\n').count();
        (line, column)
    };
    match start.map(|i| body[i]) {
        None => format!("no element found: line {line}, column {column}"),
        Some(b) if b != b'<' => format!("syntax error: line {line}, column {column}"),
        Some(_) => decoder.to_owned(),
    }
}

/// A serde_json error worded like Python's `json.JSONDecodeError`.
fn python_json_error(e: &serde_json::Error, body: &[u8]) -> String {
    let (line, column) = (e.line().max(1), e.column().max(1));
    let line_start: usize = body
        .split(|b| *b == b'\n')
        .take(line - 1)
        .map(|l| l.len() + 1)
        .sum();
    // Python points at the start of the bad token; serde_json past its first character.
    // At the end of the body Python points past it.
    let mut offset = if e.is_eof() {
        body.len()
    } else {
        (line_start + column - 1).min(body.len())
    };
    while offset > line_start && body.get(offset - 1).is_some_and(u8::is_ascii_alphanumeric) {
        offset -= 1;
    }
    let text = e.to_string();
    let what = match text.split(" at line ").next().unwrap_or_default() {
        "key must be a string" => "Expecting property name enclosed in double quotes",
        "expected `:`" => "Expecting ':' delimiter",
        "expected `,` or `}`" | "expected `,` or `]`" => "Expecting ',' delimiter",
        "trailing characters" => "Extra data",
        "invalid escape" => "Invalid \\escape",
        _ => "Expecting value",
    };
    format!(
        "{what}: line {line} column {} (char {offset})",
        offset - line_start + 1
    )
}
