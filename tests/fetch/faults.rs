//! A fault-injecting HTTP(S) server on 127.0.0.1: each connection gets what a handler
//! says for its request path (a canned answer, a stall, a trickle, an endless body).
//! Dropping the server stops it and joins every thread it started: a stall or a stream
//! ends as soon as the server stops (and after `HOLD` at the latest).

use core::net::SocketAddr;
use core::sync::atomic::{AtomicBool, Ordering};
use core::time::Duration;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Instant;

/// The longest a fault holds a connection open.
const HOLD: Duration = Duration::from_secs(5);
/// How often a stalling connection looks at the stop flag.
const TICK: Duration = Duration::from_millis(10);

/// What the server does on one connection.
pub(crate) enum Fault {
    /// Writes these bytes, then closes.
    Answer(Vec<u8>),
    /// Writes these bytes (a head), then neither writes nor closes (until stopped).
    Stall(Vec<u8>),
    /// Writes the first bytes at once, then the second one at a time, this long apart
    /// (until stopped).
    Trickle(Vec<u8>, Vec<u8>, Duration),
    /// Writes this head, then the chunk over and over until the client goes (or stopped).
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

/// The server; dropping it stops it and waits for its threads.
pub(crate) struct FaultServer {
    pub(crate) addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    connections: Arc<Mutex<Vec<JoinHandle<()>>>>,
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
        let connections = Arc::new(Mutex::new(Vec::new()));
        let (stopped, started) = (Arc::clone(&stop), Arc::clone(&connections));
        let accept = thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((tcp, _)) => {
                        let handler = Arc::clone(&handler);
                        let tls = tls.clone();
                        let stop = Arc::clone(&stopped);
                        let thread = thread::spawn(move || connection(tcp, tls, &*handler, &stop));
                        started.lock().unwrap().push(thread);
                    }
                    Err(_) => thread::sleep(TICK),
                }
            }
        });
        Self {
            addr,
            stop,
            accept: Some(accept),
            connections,
        }
    }

    pub(crate) fn url(&self, scheme: &str, path: &str) -> String {
        format!("{scheme}://{}{path}", self.addr)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let accepted = self.accept.take().map(JoinHandle::join);
        let threads = core::mem::take(&mut *self.connections.lock().unwrap());
        let ended = threads.into_iter().map(JoinHandle::join).all(|r| r.is_ok());
        if !thread::panicking() {
            assert!(
                accepted.is_some_and(|r| r.is_ok()) && ended,
                "a server thread panicked"
            );
        }
    }
}

fn connection(tcp: TcpStream, tls: Option<Tls>, handler: &Handler, stop: &AtomicBool) {
    tcp.set_nonblocking(false).unwrap();
    tcp.set_read_timeout(Some(HOLD)).unwrap();
    tcp.set_write_timeout(Some(HOLD)).unwrap();
    match tls {
        Some(config) => {
            let Ok(conn) = rustls::ServerConnection::new(config) else {
                return;
            };
            serve(rustls::StreamOwned::new(conn, tcp), handler, stop);
        }
        None => serve(tcp, handler, stop),
    }
}

/// Waits `pause` unless the server stops first (or `HOLD` has passed since `started`);
/// false when it is time to go.
fn wait(pause: Duration, started: Instant, stop: &AtomicBool) -> bool {
    let until = Instant::now() + pause;
    loop {
        if stop.load(Ordering::Relaxed) || started.elapsed() >= HOLD {
            return false;
        }
        if Instant::now() >= until {
            return true;
        }
        thread::sleep(TICK.min(pause));
    }
}

/// Reads the request head, then does what the handler says for its path.
fn serve(mut stream: impl Read + Write, handler: &Handler, stop: &AtomicBool) {
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
    let mut send = |bytes: &[u8]| {
        stream
            .write_all(bytes)
            .and_then(|()| stream.flush())
            .is_ok()
    };
    match handler(&path) {
        Fault::Answer(bytes) => {
            send(&bytes);
        }
        Fault::Stall(head) => {
            if send(&head) {
                while wait(HOLD, started, stop) {}
            }
        }
        Fault::Trickle(now, slowly, pause) => {
            if !send(&now) {
                return;
            }
            for byte in slowly.chunks(1) {
                if !send(byte) || !wait(pause, started, stop) {
                    return;
                }
            }
        }
        Fault::Stream(head, chunk) => {
            if !send(&head) {
                return;
            }
            // until the client goes away (a write fails) or the server stops
            while send(&chunk) && wait(Duration::ZERO, started, stop) {}
        }
    }
}
