//! A small blocking HTTP server on 127.0.0.1 that serves publications.
//!
//! Built on `std::net` and `httparse` (already in the tree through `ureq`): a loopback
//! server for `mdoc status serve`, demos and tests needs one request per connection,
//! GET and HEAD, and bounded reads. tiny_http, the usual small choice, has had no
//! release since 2022, and an async server would bring a runtime.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::net::{Ipv4Addr, SocketAddr};
use core::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use core::time::Duration;
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{PoisonError, RwLock};
use std::thread::{self, JoinHandle};
use std::time::Instant;

use super::Publication;

/// The largest request head read (request line and headers).
const MAX_HEAD: usize = 8 * 1024;
/// Connections served at once; more are closed unanswered.
const MAX_CONNECTIONS: usize = 32;
/// How long one connection may last, from accept to the last byte of the answer: a
/// client that sends its request or reads the answer slowly loses its connection then.
const CONNECTION_DEADLINE: Duration = Duration::from_secs(5);
/// How often the accept loop looks at its stop flag.
const POLL: Duration = Duration::from_millis(10);
/// How often a connection waiting for its request looks at the stop flag.
const POLL_READ: Duration = Duration::from_millis(50);

/// What the accept loop and its connections share.
#[derive(Debug, Default)]
struct Shared {
    publications: RwLock<Vec<Publication>>,
    stop: AtomicBool,
    requests: AtomicU64,
    connections: AtomicUsize,
}

/// An HTTP server bound to 127.0.0.1 that serves [`Publication`]s at their paths (GET
/// and HEAD; 404 elsewhere, 405 for other methods), one request per connection.
///
/// ```
/// use iso18013::fetch::{FetchConfig, Fetcher, Publication, StatusServer, media_type};
///
/// let publication = Publication::for_uri(
///     "https://issuer.example/lists/1",
///     vec![0xd2, 0x84],
///     media_type::STATUS_LIST_CWT,
///     Some(60),
/// );
/// let server = StatusServer::bind(0, vec![publication])?.spawn()?;
/// let fetcher = Fetcher::new(FetchConfig::default().dangerous_allow_http());
/// let fetched = fetcher.fetch_status_list(&server.url("/lists/1"))?;
/// assert_eq!(fetched.bytes, [0xd2, 0x84]);
/// assert_eq!(fetched.max_age, Some(60));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct StatusServer {
    listener: TcpListener,
    shared: Arc<Shared>,
}

impl StatusServer {
    /// Binds 127.0.0.1:`port` (0 picks a free port) to serve `publications`.
    ///
    /// # Errors
    /// The bind's I/O error (the port is taken, for one).
    pub fn bind(port: u16, publications: Vec<Publication>) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
        listener.set_nonblocking(true)?;
        let shared = Shared {
            publications: RwLock::new(publications),
            ..Shared::default()
        };
        Ok(Self {
            listener,
            shared: Arc::new(shared),
        })
    }

    /// The address bound.
    ///
    /// # Errors
    /// The socket's I/O error.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends (for a command such as `mdoc status serve`).
    ///
    /// # Errors
    /// An I/O error of the listening socket.
    pub fn serve(self) -> io::Result<()> {
        accept_loop(&self.listener, &self.shared)
    }

    /// Serves on a background thread until the returned handle is dropped or shut down.
    ///
    /// # Errors
    /// The socket's I/O error, or a failure to start the thread.
    pub fn spawn(self) -> io::Result<RunningServer> {
        let addr = self.listener.local_addr()?;
        let shared = Arc::clone(&self.shared);
        let thread = thread::Builder::new()
            .name("status-server".into())
            .spawn(move || accept_loop(&self.listener, &self.shared))?;
        Ok(RunningServer {
            addr,
            shared,
            thread: Some(thread),
        })
    }
}

/// A [`StatusServer`] running on a background thread; dropping it (or
/// [`shutdown`](Self::shutdown)) stops the server and waits until its threads have ended
/// (a connection still open lasts at most a few seconds).
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<io::Result<()>>>,
}

impl RunningServer {
    /// The address served (127.0.0.1 and the port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port><path>`.
    pub fn url(&self, path: &str) -> String {
        alloc::format!("http://{}{path}", self.addr)
    }

    /// Publishes `publication`, replacing the one at the same path (an issuer that
    /// revoked a document publishes its new list).
    pub fn publish(&self, publication: Publication) {
        let mut all = self
            .shared
            .publications
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        all.retain(|p| p.path != publication.path);
        all.push(publication);
    }

    /// How many requests have been answered so far (any status).
    pub fn requests(&self) -> u64 {
        self.shared.requests.load(Ordering::Relaxed)
    }

    /// Stops the server and waits for its accept loop to end.
    ///
    /// # Errors
    /// The I/O error that ended the accept loop, if one did.
    pub fn shutdown(mut self) -> io::Result<()> {
        self.stop()
    }

    fn stop(&mut self) -> io::Result<()> {
        self.shared.stop.store(true, Ordering::Relaxed);
        let result = match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(io::Error::other("status server thread panicked")),
            None => Ok(()),
        };
        // A connection still waiting for its request ends at once, one being answered
        // by its deadline: wait for them, so that no thread of this server outlives it.
        while self.shared.connections.load(Ordering::Acquire) > 0 {
            thread::sleep(POLL);
        }
        result
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        // An accept-loop error has nowhere to go from a drop.
        let _ = self.stop();
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) -> io::Result<()> {
    while !shared.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, _)) => {
                if shared.connections.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
                    shared.connections.fetch_sub(1, Ordering::AcqRel);
                    continue; // dropped: closed unanswered
                }
                let for_thread = Arc::clone(shared);
                let spawned = thread::Builder::new().spawn(move || {
                    // A broken client connection concerns that client only.
                    let _ = handle(stream, &for_thread);
                    for_thread.connections.fetch_sub(1, Ordering::AcqRel);
                });
                if spawned.is_err() {
                    shared.connections.fetch_sub(1, Ordering::AcqRel);
                    thread::sleep(POLL);
                }
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => thread::sleep(POLL),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::ConnectionAborted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The time left before `deadline`, or a timeout error when none is.
fn left(deadline: Instant) -> io::Result<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut))
}

/// Reads one request head and answers it, all before the connection's deadline.
fn handle(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    let deadline = Instant::now()
        .checked_add(CONNECTION_DEADLINE)
        .ok_or_else(|| io::Error::from(io::ErrorKind::TimedOut))?;
    stream.set_nonblocking(false)?;
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    let answer = loop {
        // short reads, so that a server that stops does not wait for a silent client
        stream.set_read_timeout(Some(left(deadline)?.min(POLL_READ)))?;
        let n = match stream.read(&mut chunk) {
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if shared.stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                continue;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
        let mut headers = [httparse::EMPTY_HEADER; 32];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                break answer_for(request.method, request.path, shared);
            }
            Ok(httparse::Status::Partial) if head.len() <= MAX_HEAD => {}
            Ok(httparse::Status::Partial) => break Answer::status(431),
            Err(_) => break Answer::status(400),
        }
    };
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let mut out = answer.head;
    out.extend(answer.body.unwrap_or_default());
    // written in pieces, each within what is left of the deadline
    for piece in out.chunks(16 * 1024) {
        stream.set_write_timeout(Some(left(deadline)?))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// A response: its head, and its body unless the request was HEAD.
struct Answer {
    head: Vec<u8>,
    body: Option<Vec<u8>>,
}

impl Answer {
    fn status(code: u16) -> Self {
        let reason = match code {
            400 => "Bad Request",
            404 => "Not Found",
            405 => "Method Not Allowed",
            _ => "Request Header Fields Too Large",
        };
        let head = alloc::format!(
            "HTTP/1.1 {code} {reason}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
        Self {
            head: head.into_bytes(),
            body: None,
        }
    }
}

fn answer_for(method: Option<&str>, path: Option<&str>, shared: &Shared) -> Answer {
    let head_only = match method {
        Some("GET") => false,
        Some("HEAD") => true,
        _ => return Answer::status(405),
    };
    let all = shared
        .publications
        .read()
        .unwrap_or_else(PoisonError::into_inner);
    let Some(found) = all.iter().find(|p| p.matches(path.unwrap_or_default())) else {
        return Answer::status(404);
    };
    let mut head = alloc::format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n",
        found.bytes.len()
    );
    for (name, value) in found.headers() {
        head.push_str(name);
        head.push_str(": ");
        // no CR or LF from a caller's value may start a header of its own
        head.extend(value.chars().filter(|c| !c.is_control()));
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    Answer {
        head: head.into_bytes(),
        body: (!head_only).then(|| found.bytes.clone()),
    }
}
