//! A replay server for client tests: real HTTP/1.1 on loopback, answering each request with the
//! next canned response and recording what it received.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answer with a status, a content type and a body.
    Body {
        status: u16,
        content_type: &'static str,
        body: Vec<u8>,
        headers: Vec<(&'static str, String)>,
    },
    /// Never answer (for timeouts).
    Hang,
    /// Announce `declared` bytes, send `body`, then close (a truncated body).
    Truncated { declared: usize, body: Vec<u8> },
    /// Send the head and part of the body, then reset the connection (TCP RST).
    Reset { body: Vec<u8> },
    /// Stream `chunk` `count` times with no Content-Length (chunked), then close.
    Stream { chunk: Vec<u8>, count: usize },
}

impl Reply {
    pub fn xml(body: &str) -> Reply {
        Reply::Body {
            status: 200,
            content_type: "text/xml",
            body: body.as_bytes().to_vec(),
            headers: vec![],
        }
    }
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Body {
            status,
            content_type: "application/json",
            body: body.as_bytes().to_vec(),
            headers: vec![],
        }
    }
    pub fn html(status: u16, body: &str) -> Reply {
        Reply::Body {
            status,
            content_type: "text/html",
            body: body.as_bytes().to_vec(),
            headers: vec![],
        }
    }
}

/// A request the server received.
#[derive(Clone, Debug)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct ReplayServer {
    pub url: String,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl ReplayServer {
    /// Starts a server that answers requests with `replies` in order (the last one repeats).
    pub async fn start(replies: Vec<Reply>) -> ReplayServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            let mut n = 0usize;
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let reply = replies.get(n).or(replies.last()).cloned();
                n += 1;
                let log = log.clone();
                tokio::spawn(async move {
                    if let Some(reply) = reply {
                        serve(stream, reply, log).await;
                    }
                });
            }
        });
        ReplayServer { url, received }
    }

    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn serve(mut stream: TcpStream, reply: Reply, log: Arc<Mutex<Vec<Received>>>) {
    // One request per connection keeps this simple: we answer with `Connection: close`.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let Ok(n) = stream.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let path = request_line.split(' ').nth(1).unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let Ok(n) = stream.read(&mut chunk).await else {
            return;
        };
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[header_end..].to_vec();
    log.lock().unwrap().push(Received {
        path,
        headers,
        body,
    });
    match reply {
        Reply::Hang => {
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Reply::Body {
            status,
            content_type,
            body,
            headers,
        } => {
            let mut extra = String::new();
            for (k, v) in headers {
                extra.push_str(&format!("{k}: {v}\r\n"));
            }
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n{extra}Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
        Reply::Reset { body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n",
                body.len() * 4
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.flush().await;
            // A zero linger makes the close a reset rather than an orderly shutdown (and, being
            // zero, never blocks the thread, which is what the deprecation warns about).
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        Reply::Stream { chunk, count } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let framed = [
                format!("{:x}\r\n", chunk.len()).into_bytes(),
                chunk,
                b"\r\n".to_vec(),
            ]
            .concat();
            for _ in 0..count {
                if stream.write_all(&framed).await.is_err() {
                    return; // the client hung up: what a bounded reader does
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            let _ = stream.shutdown().await;
        }
        Reply::Truncated { declared, body } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {declared}\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body).await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Hand-written XML-RPC bodies in the exact layout Odoo 19 sends.
pub mod xml {
    pub fn response(value: &str) -> String {
        format!("<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value>{value}</value>\n</param>\n</params>\n</methodResponse>\n")
    }

    pub fn fault(code: &str, string: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value>{code}</value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>{string}</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n"
        )
    }

    pub fn version() -> String {
        response(
            "<struct>\n<member>\n<name>server_version</name>\n<value><string>19.0</string></value>\n</member>\n<member>\n<name>server_version_info</name>\n<value><array><data>\n<value><int>19</int></value>\n<value><int>0</int></value>\n<value><int>0</int></value>\n<value><string>final</string></value>\n<value><int>0</int></value>\n<value><string></string></value>\n</data></array></value>\n</member>\n<member>\n<name>server_serie</name>\n<value><string>19.0</string></value>\n</member>\n<member>\n<name>protocol_version</name>\n<value><int>1</int></value>\n</member>\n</struct>",
        )
    }
}
