//! A fault-injecting HTTP(S) server on 127.0.0.1: each connection gets what a handler
//! says for its request path (a canned answer, a stall, an endless body). It stops by
//! itself: every stall and stream is bounded in time.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// The longest a fault holds a connection open.
const HOLD: Duration = Duration::from_secs(5);

/// What the server does on one connection.
pub(crate) enum Fault {
    /// Writes these bytes, then closes.
    Answer(Vec<u8>),
    /// Writes these bytes (a head), then neither writes nor closes (until `HOLD`).
    Stall(Vec<u8>),
    /// Writes this head, then the chunk over and over until the client goes (or `HOLD`).
    Stream(Vec<u8>, Vec<u8>),
}

/// A 200 answer with this content type (none when `None`) and body.
pub(crate) fn ok(content_type: Option<&str>, body: &[u8]) -> Fault {
    let mut head = format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\n", body.len());
    if let Some(ct) = content_type {
        head.push_str(&format!("content-type: {ct}\r\n"));
    }
    head.push_str("connection: close\r\n\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    Fault::Answer(bytes)
}

/// An answer with this status and extra header lines, no body.
pub(crate) fn status(code: u16, extra: &str) -> Fault {
    Fault::Answer(
        format!("HTTP/1.1 {code} X\r\n{extra}content-length: 0\r\nconnection: close\r\n\r\n")
            .into_bytes(),
    )
}

/// A redirect to `location`.
pub(crate) fn redirect(location: &str) -> Fault {
    status(302, &format!("location: {location}\r\n"))
}

type Handler = dyn Fn(&str) -> Fault + Send + Sync;
pub(crate) type Tls = Arc<rustls::ServerConfig>;

/// The server; dropping it stops accepting.
pub(crate) struct FaultServer {
    pub(crate) addr: SocketAddr,
    stop: Arc<AtomicBool>,
}

impl FaultServer {
    /// Plain HTTP.
    pub(crate) fn start(handler: impl Fn(&str) -> Fault + Send + Sync + 'static) -> Self {
        Self::start_with(None, Arc::new(handler))
    }

    /// HTTPS with this server configuration.
    pub(crate) fn start_tls(
        tls: Tls,
        handler: impl Fn(&str) -> Fault + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(Some(tls), Arc::new(handler))
    }

    fn start_with(tls: Option<Tls>, handler: Arc<Handler>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((tcp, _)) => {
                        let handler = Arc::clone(&handler);
                        let tls = tls.clone();
                        thread::spawn(move || connection(tcp, tls, &*handler));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Self { addr, stop }
    }

    pub(crate) fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://{}{path}", self.addr)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn connection(tcp: TcpStream, tls: Option<Tls>, handler: &Handler) {
    tcp.set_nonblocking(false).unwrap();
    tcp.set_read_timeout(Some(HOLD)).unwrap();
    tcp.set_write_timeout(Some(HOLD)).unwrap();
    match tls {
        Some(config) => {
            let Ok(conn) = rustls::ServerConnection::new(config) else {
                return;
            };
            serve(rustls::StreamOwned::new(conn, tcp), handler);
        }
        None => serve(tcp, handler),
    }
}

/// Reads the request head, then does what the handler says for its path.
fn serve(mut stream: impl Read + Write, handler: &Handler) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head);
    let path = text.split(' ').nth(1).unwrap_or("/").to_owned();
    let started = Instant::now();
    match handler(&path) {
        Fault::Answer(bytes) => {
            let _ = stream.write_all(&bytes);
            let _ = stream.flush();
        }
        Fault::Stall(head) => {
            let _ = stream.write_all(&head);
            let _ = stream.flush();
            thread::sleep(HOLD);
        }
        Fault::Stream(head, chunk) => {
            if stream.write_all(&head).is_err() {
                return;
            }
            while started.elapsed() < HOLD {
                if stream.write_all(&chunk).and_then(|()| stream.flush()).is_err() {
                    return; // the client went away
                }
            }
        }
    }
}
