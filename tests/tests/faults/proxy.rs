//! A fault-injecting HTTP/1.1 proxy on loopback.
//!
//! It reads each request itself, decides by its [`Plan`] what to do with it — pass it to the
//! upstream server (odoo-testkit or a real Odoo), delay it, hang, close or reset the
//! connection, truncate the answer, answer in its place with a page, random bytes, a deep
//! nesting or an endless body, a status with `Retry-After`, a redirect — and writes the answer
//! byte by byte, so every fault is exactly what a broken network, proxy or server sends. It
//! records every request it received (with its headers and body) and counts the requests in
//! flight.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does with one request.
#[derive(Clone, Debug)]
pub enum Fault {
    /// Forward it and pass the answer back.
    Pass,
    /// Wait, then forward it.
    Delay(Duration),
    /// Read it and never answer (the connection stays open).
    Hang,
    /// Close the connection without a byte of answer; `forward` first sends the request on,
    /// so the server has run it.
    Close { forward: bool },
    /// The same with a TCP reset instead of an orderly close.
    Reset { forward: bool },
    /// Forward it, then send the head with the full `Content-Length` and half the body, and
    /// close (`reset`: reset) the connection.
    Truncate { reset: bool },
    /// Answer in the server's place without forwarding.
    Reply(Reply),
    /// Forward it (the server runs it), then answer this instead of the server's answer: a
    /// gateway that timed out while the server worked.
    ReplyAfterForward(Reply),
    /// Answer 200 with a chunked body that never ends.
    Endless,
}

/// An answer the proxy makes up.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type: content_type.to_owned(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// A bare status, as a gateway or a rate limiter answers.
    pub fn status(status: u16) -> Reply {
        Reply::new(
            status,
            "text/html",
            format!("<html><body><h1>{status}</h1></body></html>"),
        )
    }

    /// A redirect to `location`.
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status).header("Location", location)
    }
}

/// A request the proxy received.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Whether it went on to the upstream server.
    pub forwarded: bool,
}

impl Seen {
    /// Whether `secret` appears anywhere in what was received: the path, a header, the body.
    pub fn carries(&self, secret: &str) -> bool {
        let body = String::from_utf8_lossy(&self.body);
        self.path.contains(secret)
            || body.contains(secret)
            || self
                .headers
                .iter()
                .any(|(k, v)| k.contains(secret) || v.contains(secret))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

type Decide = dyn Fn(usize, usize, &Seen) -> Fault + Send + Sync;

/// Which fault each request gets: a function of its index (counted from when the plan was
/// set), of the number of requests in flight (this one included) and of the request.
pub struct Plan(Box<Decide>);

impl Plan {
    /// Every request passes.
    pub fn pass() -> Plan {
        Plan(Box::new(|_, _, _| Fault::Pass))
    }

    /// These faults, one per request in order, then every request passes.
    pub fn script(faults: Vec<Fault>) -> Plan {
        let faults = Mutex::new(VecDeque::from(faults));
        Plan(Box::new(move |_, _, _| {
            faults.lock().unwrap().pop_front().unwrap_or(Fault::Pass)
        }))
    }

    /// The same fault for every request.
    pub fn always(fault: Fault) -> Plan {
        Plan(Box::new(move |_, _, _| fault.clone()))
    }

    /// Any rule.
    pub fn with(f: impl Fn(usize, usize, &Seen) -> Fault + Send + Sync + 'static) -> Plan {
        Plan(Box::new(f))
    }
}

struct State {
    upstream: String,
    strip_prefix: Option<String>,
    plan: Mutex<(Plan, usize)>,
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    http: reqwest::Client,
}

/// A running proxy; it stops with the test's runtime.
#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    state: Arc<State>,
}

impl Proxy {
    /// A proxy on a free loopback port in front of `upstream` (a base URL).
    pub async fn start(upstream: &str) -> Proxy {
        Proxy::start_with(upstream, None).await
    }

    /// A reverse proxy that serves `upstream` under `prefix` (e.g. `/odoo`): it strips the
    /// prefix from every path and answers 404 to a path outside it.
    pub async fn start_with(upstream: &str, strip_prefix: Option<&str>) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let state = Arc::new(State {
            upstream: upstream.trim_end_matches('/').to_owned(),
            strip_prefix: strip_prefix.map(|p| p.trim_end_matches('/').to_owned()),
            plan: Mutex::new((Plan::pass(), 0)),
            seen: Mutex::new(Vec::new()),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("proxy HTTP client"),
        });
        let accepting = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(connection(stream, accepting.clone()));
            }
        });
        Proxy { url, state }
    }

    /// Sets the plan for the requests from now on.
    pub fn plan(&self, plan: Plan) {
        *self.state.plan.lock().unwrap() = (plan, 0);
    }

    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.state.seen.lock().unwrap().clone()
    }

    /// Forgets the requests received so far and the highest count in flight.
    pub fn clear(&self) {
        self.state.seen.lock().unwrap().clear();
        self.state.max_in_flight.store(0, Ordering::SeqCst);
    }

    /// The most requests that were in flight at once (read, not yet answered).
    pub fn max_in_flight(&self) -> usize {
        self.state.max_in_flight.load(Ordering::SeqCst)
    }
}

/// Counts a request in flight until dropped; `.1` is the count with it.
struct InFlight<'a>(&'a State, usize);

impl<'a> InFlight<'a> {
    fn new(state: &'a State) -> InFlight<'a> {
        let now = state.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        state.max_in_flight.fetch_max(now, Ordering::SeqCst);
        InFlight(state, now)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

async fn connection(mut stream: TcpStream, state: Arc<State>) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let counted = InFlight::new(&state);
        let fault = {
            let mut plan = state.plan.lock().unwrap();
            let n = plan.1;
            plan.1 += 1;
            (plan.0 .0)(n, counted.1, &request)
        };
        let index = {
            let mut seen = state.seen.lock().unwrap();
            seen.push(request.clone());
            seen.len() - 1
        };
        let forward = |request: Seen| {
            let state = state.clone();
            async move {
                if let Some(seen) = state.seen.lock().unwrap().get_mut(index) {
                    seen.forwarded = true;
                }
                upstream(&state, &request).await
            }
        };
        let keep = match fault {
            Fault::Pass => write_reply(&mut stream, &forward(request).await).await,
            Fault::Delay(d) => {
                tokio::time::sleep(d).await;
                write_reply(&mut stream, &forward(request).await).await
            }
            Fault::Hang => {
                tokio::time::sleep(Duration::from_secs(300)).await;
                false
            }
            Fault::Close { forward: f } => {
                if f {
                    forward(request).await;
                }
                let _ = stream.shutdown().await;
                false
            }
            Fault::Reset { forward: f } => {
                if f {
                    forward(request).await;
                }
                reset(stream);
                return;
            }
            Fault::Truncate { reset: r } => {
                let reply = forward(request).await;
                let head = head(&reply, reply.body.len(), false);
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&reply.body[..reply.body.len() / 2]).await;
                let _ = stream.flush().await;
                if r {
                    reset(stream);
                    return;
                }
                let _ = stream.shutdown().await;
                false
            }
            Fault::Reply(reply) => write_reply(&mut stream, &reply).await,
            Fault::ReplyAfterForward(reply) => {
                forward(request).await;
                write_reply(&mut stream, &reply).await
            }
            Fault::Endless => {
                let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n";
                if stream.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = format!("{:x}\r\n{}\r\n", 1 << 16, " ".repeat(1 << 16));
                while stream.write_all(chunk.as_bytes()).await.is_ok() {}
                return;
            }
        };
        if !keep {
            return;
        }
    }
}

/// A zero linger makes the close a reset (RST) rather than an orderly shutdown.
fn reset(stream: TcpStream) {
    #[allow(deprecated)]
    let _ = stream.set_linger(Some(Duration::ZERO));
    drop(stream);
}

/// Reads one request (head and `Content-Length` body); `None` when the peer closed.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Seen> {
    let mut chunk = [0u8; 16 << 10];
    loop {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        if let Ok(httparse::Status::Complete(head_len)) = req.parse(buf) {
            let method = req.method.unwrap_or("").to_owned();
            let path = req.path.unwrap_or("").to_owned();
            let headers: Vec<(String, String)> = req
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        String::from_utf8_lossy(h.value).into_owned(),
                    )
                })
                .collect();
            let length: usize = headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, v)| v.trim().parse().ok())
                .unwrap_or(0);
            while buf.len() < head_len + length {
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            let body = buf[head_len..head_len + length].to_vec();
            buf.drain(..head_len + length);
            return Some(Seen {
                method,
                path,
                headers,
                body,
                forwarded: false,
            });
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Sends `request` to the upstream server; its answer, or a 502 saying why there is none.
async fn upstream(state: &State, request: &Seen) -> Reply {
    let path = match &state.strip_prefix {
        None => request.path.clone(),
        Some(prefix) => match request.path.strip_prefix(prefix.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest.to_owned(),
            _ => {
                return Reply::new(
                    404,
                    "text/html",
                    format!(
                        "<html><body>{} is not under {prefix}</body></html>",
                        request.path
                    ),
                )
            }
        },
    };
    let method = reqwest::Method::from_bytes(request.method.as_bytes()).expect("a method");
    let mut out = state
        .http
        .request(method, format!("{}{path}", state.upstream))
        .body(request.body.clone());
    for (k, v) in &request.headers {
        let skip = ["host", "content-length", "connection", "transfer-encoding"];
        if !skip.iter().any(|s| k.eq_ignore_ascii_case(s)) {
            out = out.header(k, v);
        }
    }
    let answer = match out.send().await {
        Ok(a) => a,
        Err(e) => return Reply::new(502, "text/plain", format!("upstream: {e}")),
    };
    let status = answer.status().as_u16();
    let mut reply = Reply::new(status, "", Vec::new());
    for (k, v) in answer.headers() {
        let skip = [
            "content-length",
            "transfer-encoding",
            "connection",
            "keep-alive",
        ];
        if skip.iter().any(|s| k.as_str().eq_ignore_ascii_case(s)) {
            continue;
        }
        let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
        if k == reqwest::header::CONTENT_TYPE {
            reply.content_type = v;
        } else {
            reply.headers.push((k.as_str().to_owned(), v));
        }
    }
    reply.body = match answer.bytes().await {
        Ok(b) => b.to_vec(),
        Err(e) => return Reply::new(502, "text/plain", format!("upstream body: {e}")),
    };
    reply
}

fn head(reply: &Reply, length: usize, close: bool) -> String {
    let reason = reqwest::StatusCode::from_u16(reply.status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Whatever");
    let mut head = format!("HTTP/1.1 {} {reason}\r\n", reply.status);
    if !reply.content_type.is_empty() {
        head.push_str(&format!("Content-Type: {}\r\n", reply.content_type));
    }
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {length}\r\n"));
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    head
}

/// Writes `reply` whole; whether the connection can carry another request.
async fn write_reply(stream: &mut TcpStream, reply: &Reply) -> bool {
    let head = head(reply, reply.body.len(), false);
    stream.write_all(head.as_bytes()).await.is_ok()
        && stream.write_all(&reply.body).await.is_ok()
        && stream.flush().await.is_ok()
}
