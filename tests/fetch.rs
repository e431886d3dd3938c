//! The `fetch` feature against real servers on 127.0.0.1: the crate's own
//! `StatusServer`, and a fault-injecting server for what a well-behaved server never does
//! (stalls, huge or endless bodies, redirect loops, broken HTTP). Each case asserts its
//! typed outcome; none may hang (every fault is bounded, every fetch has a timeout).
#![cfg(feature = "fetch")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "fetch/faults.rs"]
mod faults;
#[path = "fetch/signed.rs"]
mod signed;
#[path = "fetch/tls.rs"]
mod tls;

use core::time::Duration;

use faults::{Fault, FaultServer, ok, redirect, status};
use iso18013::fetch::{FetchConfig, FetchError, Fetcher, Publication, StatusServer, media_type};

const TOKEN: &[u8] = &[0xd2, 0x84, 0x43, 0xa1, 0x01, 0x26];
const STATUS: &str = media_type::STATUS_LIST_CWT;

/// A fetcher for plain-HTTP loopback servers, with a short budget for the fault cases.
fn local() -> Fetcher {
    Fetcher::new(
        FetchConfig::default()
            .dangerous_allow_http()
            .with_timeout(Duration::from_millis(800))
            .with_connect_timeout(Duration::from_millis(500))
            .with_max_body_size(1024)
            .with_max_redirects(3),
    )
}

fn publication(path: &str, ttl: Option<u64>) -> Publication {
    Publication::for_uri(path, TOKEN.to_vec(), STATUS, ttl)
}

#[test]
fn a_good_token_from_the_status_server() {
    let server = StatusServer::bind(0, vec![publication("/lists/1", Some(43_200))])
        .unwrap()
        .spawn()
        .unwrap();
    let url = server.url("/lists/1");
    let fetched = local().fetch_status_list(&url).unwrap();
    assert_eq!(fetched.bytes, TOKEN);
    assert_eq!(fetched.content_type, STATUS);
    assert_eq!(fetched.max_age, Some(43_200));
    assert_eq!(fetched.uri, url);
    // a query string does not change the document
    let again = local().fetch_status_list(&format!("{url}?time=1")).unwrap();
    assert_eq!(again.bytes, TOKEN);
    assert_eq!(server.requests(), 2);
    server.shutdown().unwrap();
}

#[test]
fn the_status_server_publishes_a_new_list_in_place() {
    let server = StatusServer::bind(0, vec![publication("/lists/1", None)])
        .unwrap()
        .spawn()
        .unwrap();
    let fetched = local().fetch_status_list(&server.url("/lists/1")).unwrap();
    assert_eq!(fetched.max_age, Some(0), "no ttl: no-cache");
    server.publish(Publication::for_uri(
        "https://issuer.example/lists/1",
        vec![1, 2, 3],
        STATUS,
        Some(60),
    ));
    let fetched = local().fetch_status_list(&server.url("/lists/1")).unwrap();
    assert_eq!(fetched.bytes, [1, 2, 3]);
    assert_eq!(fetched.max_age, Some(60));
}

#[test]
fn the_status_server_answers_404_405_and_head() {
    use std::io::{Read, Write};
    let server = StatusServer::bind(0, vec![publication("/lists/1", Some(5))])
        .unwrap()
        .spawn()
        .unwrap();
    assert!(matches!(
        local().fetch_status_list(&server.url("/lists/2")),
        Err(FetchError::NotFound { status: 404 })
    ));
    let raw = |request: &str| {
        let mut tcp = std::net::TcpStream::connect(server.addr()).unwrap();
        tcp.write_all(request.as_bytes()).unwrap();
        let mut answer = String::new();
        tcp.read_to_string(&mut answer).unwrap();
        answer
    };
    let post = raw("POST /lists/1 HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n");
    assert!(post.starts_with("HTTP/1.1 405"), "{post}");
    let head = raw("HEAD /lists/1 HTTP/1.1\r\nhost: x\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("\r\nContent-Type: application/statuslist+cwt\r\n"));
    assert!(head.contains("\r\nCache-Control: max-age=5\r\n"));
    assert!(head.contains("\r\ncontent-length: 6\r\n"));
    assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {head:?}");
    let garbage = raw("\x00\x01 not http\r\n\r\n");
    assert!(garbage.starts_with("HTTP/1.1 400"), "{garbage}");
}

/// A client that connects and sends half a request neither gets an answer nor keeps
/// the server from stopping.
#[test]
fn the_status_server_stops_despite_a_silent_client() {
    use std::io::{Read, Write};
    let server = StatusServer::bind(0, vec![publication("/lists/1", None)])
        .unwrap()
        .spawn()
        .unwrap();
    let mut silent = std::net::TcpStream::connect(server.addr()).unwrap();
    silent.write_all(b"GET /lists/1 HTTP/1.1\r\nhost:").unwrap();
    // the server is serving (a second client is answered) while the first one waits
    assert_eq!(
        local()
            .fetch_status_list(&server.url("/lists/1"))
            .unwrap()
            .bytes,
        TOKEN
    );
    server.shutdown().unwrap();
    let mut rest = Vec::new();
    silent.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "closed unanswered");
}

#[test]
fn https_is_the_default() {
    let server = StatusServer::bind(0, vec![publication("/lists/1", None)])
        .unwrap()
        .spawn()
        .unwrap();
    let strict = Fetcher::new(FetchConfig::default());
    let refused = strict
        .fetch_status_list(&server.url("/lists/1"))
        .unwrap_err();
    assert!(matches!(refused, FetchError::InsecureScheme), "{refused}");
    assert_eq!(server.requests(), 0, "refused before connecting");
}

#[test]
fn malformed_and_unsupported_uris() {
    for uri in [
        "",
        "lists/1",
        "https://",
        "https:///lists/1",
        "https://a b/x",
    ] {
        let e = local().fetch_status_list(uri).unwrap_err();
        assert!(matches!(e, FetchError::MalformedUri { .. }), "{uri}: {e}");
    }
    let e = local().fetch_status_list("ftp://127.0.0.1/x").unwrap_err();
    assert!(matches!(e, FetchError::UnsupportedScheme { ref scheme } if scheme == "ftp"));
}

#[test]
fn connection_refused() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let e = local()
        .fetch_status_list(&format!("http://127.0.0.1:{port}/x"))
        .unwrap_err();
    assert!(matches!(e, FetchError::ConnectionRefused), "{e}");
    assert!(e.is_transient());
}

#[test]
fn status_codes() {
    let server = FaultServer::start(|path| match path {
        "/500" => status(500, ""),
        "/410" => status(410, ""),
        "/204" => status(204, ""),
        _ => status(403, ""),
    });
    let get = |p| {
        local()
            .fetch_status_list(&server.url("http", p))
            .unwrap_err()
    };
    let e = get("/500");
    assert!(matches!(e, FetchError::Status { status: 500 }), "{e}");
    assert!(e.is_transient());
    assert_eq!(e.to_string(), "fetch: HTTP status 500");
    assert!(matches!(get("/410"), FetchError::NotFound { status: 410 }));
    assert!(matches!(get("/204"), FetchError::Status { status: 204 }));
    let e = get("/403");
    assert!(matches!(e, FetchError::Status { status: 403 }));
    assert!(!e.is_transient());
}

#[test]
fn wrong_or_missing_content_type() {
    let server = FaultServer::start(|path| match path {
        "/json" => ok(Some("application/json"), TOKEN),
        "/none" => ok(None, TOKEN),
        _ => ok(Some("Application/StatusList+CWT; charset=binary"), TOKEN),
    });
    let e = local()
        .fetch_status_list(&server.url("http", "/json"))
        .unwrap_err();
    match e {
        FetchError::WrongContentType { expected, received } => {
            assert_eq!(expected, STATUS);
            assert_eq!(received.as_deref(), Some("application/json"));
        }
        other => panic!("{other}"),
    }
    let e = local()
        .fetch_status_list(&server.url("http", "/none"))
        .unwrap_err();
    assert!(
        matches!(e, FetchError::WrongContentType { received: None, .. }),
        "{e}"
    );
    // parameters and case do not matter
    let fetched = local()
        .fetch_status_list(&server.url("http", "/ok"))
        .unwrap();
    assert_eq!(fetched.bytes, TOKEN);
    // a status list is not a VICAL
    let e = local().fetch_vical(&server.url("http", "/ok")).unwrap_err();
    assert!(matches!(e, FetchError::WrongContentType { .. }), "{e}");
}

#[test]
fn a_server_that_stalls_times_out() {
    let server = FaultServer::start(|path| match path {
        // the head, then nothing: the body never comes
        "/body" => Fault::Stall(
            format!(
                "HTTP/1.1 200 OK\r\ncontent-type: {STATUS}\r\ncontent-length: 100\r\n\r\n{}",
                "x".repeat(10)
            )
            .into_bytes(),
        ),
        // half a head
        "/head" => Fault::Stall(b"HTTP/1.1 200 OK\r\ncontent-ty".to_vec()),
        // nothing at all
        _ => Fault::Stall(Vec::new()),
    });
    for path in ["/body", "/head", "/silent"] {
        let e = local()
            .fetch_status_list(&server.url("http", path))
            .unwrap_err();
        assert!(matches!(e, FetchError::Timeout), "{path}: {e}");
    }
}

/// A server that never stops sending, but too slowly: each byte comes well within any
/// read timeout, the whole answer never within the fetch's budget.
#[test]
fn a_server_that_trickles_times_out() {
    let answer = |body: &[u8]| {
        let mut bytes = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {STATUS}\r\ncontent-length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        bytes.extend_from_slice(body);
        bytes
    };
    let pause = Duration::from_millis(50);
    let server = FaultServer::start(move |path| match path {
        // the head a byte at a time (it alone takes seconds)
        "/head" => Fault::Trickle(Vec::new(), answer(TOKEN), pause),
        // the head at once, then a 200-byte body a byte at a time
        _ => {
            let full = answer(&[7; 200]);
            let (head, body) = full.split_at(full.len() - 200);
            Fault::Trickle(head.to_vec(), body.to_vec(), pause)
        }
    });
    for path in ["/head", "/body"] {
        let e = local()
            .fetch_status_list(&server.url("http", path))
            .unwrap_err();
        assert!(matches!(e, FetchError::Timeout), "{path}: {e}");
        assert!(e.is_transient());
    }
}

#[test]
fn a_server_that_sends_too_much() {
    let head = |extra: &str| {
        format!("HTTP/1.1 200 OK\r\ncontent-type: {STATUS}\r\n{extra}\r\n").into_bytes()
    };
    let server = FaultServer::start(move |path| match path {
        // announces a terabyte (and would stall): refused on the announcement
        "/announced" => Fault::Stall(head("content-length: 1000000000000\r\n")),
        // no length, an endless body until the connection closes
        "/endless" => Fault::Stream(head("connection: close\r\n"), vec![b'x'; 4096]),
        // chunked and endless
        "/chunked" => Fault::Stream(
            head("transfer-encoding: chunked\r\n"),
            b"400\r\n"
                .iter()
                .copied()
                .chain([b'x'; 1024])
                .chain(*b"\r\n")
                .collect(),
        ),
        // exactly the limit (1024) is fine, one more byte is not
        "/limit" => ok(Some(STATUS), &[7; 1024]),
        _ => ok(Some(STATUS), &[7; 1025]),
    });
    let get = |p| local().fetch_status_list(&server.url("http", p));
    let e = get("/announced").unwrap_err();
    assert!(
        matches!(
            e,
            FetchError::BodyTooLarge {
                limit: 1024,
                announced: Some(1_000_000_000_000)
            }
        ),
        "{e}"
    );
    for path in ["/endless", "/chunked"] {
        let e = get(path).unwrap_err();
        assert!(
            matches!(
                e,
                FetchError::BodyTooLarge {
                    limit: 1024,
                    announced: None
                }
            ),
            "{path}: {e}"
        );
    }
    let e = get("/over").unwrap_err();
    assert!(
        matches!(
            e,
            FetchError::BodyTooLarge {
                limit: 1024,
                announced: Some(1025)
            }
        ),
        "{e}"
    );
    assert_eq!(get("/limit").unwrap().bytes.len(), 1024);
}

/// gzip (as VICAL endpoints are asked to send) is decoded, and the limit counts the
/// decoded bytes: 29 bytes on the wire that inflate past the limit are refused.
#[test]
fn a_gzip_body_is_limited_after_decompression() {
    // gzip of 1024 and of 1025 bytes of 0x07 (Python's gzip.compress, mtime 0)
    const GZ_1024: &str = "1f8b080000000000020363671f05a360148c540000b71e338400040000";
    const GZ_1025: &str = "1f8b080000000000020363671f05a360148c5800001f6fe71901040000";
    let gzip = |encoding: &str, hex_body: &str| {
        let body = hex::decode(hex_body).unwrap();
        let mut bytes = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: {STATUS}\r\ncontent-encoding: {encoding}\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes();
        bytes.extend_from_slice(&body);
        Fault::Answer(bytes)
    };
    let server = FaultServer::start(move |path| match path {
        "/fits" => gzip("gzip", GZ_1024),
        "/over" => gzip("gzip", GZ_1025),
        "/broken" => gzip("gzip", "1f8b0800000000000203ffffffff"),
        _ => gzip("br", GZ_1024),
    });
    let get = |p| local().fetch_status_list(&server.url("http", p));
    assert_eq!(get("/fits").unwrap().bytes, [7; 1024]);
    let e = get("/over").unwrap_err();
    assert!(
        matches!(
            e,
            FetchError::BodyTooLarge {
                limit: 1024,
                announced: None
            }
        ),
        "{e}"
    );
    let e = get("/broken").unwrap_err();
    assert!(
        matches!(e, FetchError::Protocol(_) | FetchError::Io(_)),
        "{e:?}"
    );
    let e = get("/br").unwrap_err();
    assert!(
        matches!(e, FetchError::UnsupportedContentEncoding { ref received } if received == "br"),
        "{e}"
    );
}

#[test]
fn broken_http() {
    let server = FaultServer::start(|path| match path {
        "/garbage" => Fault::Answer(b"SPDY/9 what\r\n\r\n".to_vec()),
        "/short" => Fault::Answer(
            format!("HTTP/1.1 200 OK\r\ncontent-type: {STATUS}\r\ncontent-length: 100\r\n\r\nxyz")
                .into_bytes(),
        ),
        _ => Fault::Answer(Vec::new()),
    });
    for path in ["/garbage", "/short", "/empty"] {
        let e = local()
            .fetch_status_list(&server.url("http", path))
            .unwrap_err();
        assert!(
            matches!(e, FetchError::Protocol(_) | FetchError::Io(_)),
            "{path}: {e:?}"
        );
        assert!(
            core::error::Error::source(&e).is_some(),
            "{path}: the cause is kept"
        );
    }
}

#[test]
fn redirects_are_bounded() {
    let server = FaultServer::start(|path| match path {
        "/self" => redirect("/self"),
        "/ping" => redirect("/pong"),
        "/pong" => redirect("/ping"),
        "/nowhere" => status(302, ""),
        "/two" => redirect("hop/1"),
        "/hop/1" => redirect("/final"),
        "/final" => ok(Some(STATUS), TOKEN),
        other => {
            // /chain/N goes to /chain/N+1 forever
            let n: u32 = other.trim_start_matches("/chain/").parse().unwrap_or(0);
            redirect(&format!("/chain/{}", n + 1))
        }
    });
    let get = |p| local().fetch_status_list(&server.url("http", p));
    assert!(matches!(
        get("/self").unwrap_err(),
        FetchError::RedirectLoop
    ));
    assert!(matches!(
        get("/ping").unwrap_err(),
        FetchError::RedirectLoop
    ));
    let e = get("/chain/0").unwrap_err();
    assert!(
        matches!(e, FetchError::TooManyRedirects { limit: 3 }),
        "{e}"
    );
    let e = get("/nowhere").unwrap_err();
    assert!(matches!(e, FetchError::BadRedirect { status: 302 }), "{e}");
    let fetched = get("/two").unwrap();
    assert_eq!(fetched.bytes, TOKEN);
    assert_eq!(fetched.uri, server.url("http", "/final"));
    // no redirect at all when the limit is 0
    let none = Fetcher::new(
        FetchConfig::default()
            .dangerous_allow_http()
            .with_max_redirects(0),
    );
    let e = none
        .fetch_status_list(&server.url("http", "/two"))
        .unwrap_err();
    assert!(
        matches!(e, FetchError::TooManyRedirects { limit: 0 }),
        "{e}"
    );
}

#[test]
fn errors_display_and_chain() {
    let e = FetchError::BodyTooLarge {
        limit: 10,
        announced: Some(11),
    };
    assert_eq!(
        e.to_string(),
        "fetch: announced body of 11 bytes exceeds 10"
    );
    assert!(core::error::Error::source(&e).is_none());
    let e = FetchError::WrongContentType {
        expected: STATUS.into(),
        received: Some("text/html".into()),
    };
    assert_eq!(
        e.to_string(),
        "fetch: content type \"text/html\", expected \"application/statuslist+cwt\""
    );
    assert_eq!(FetchError::NotFound { status: 404 }.status(), Some(404));
    assert_eq!(FetchError::Timeout.status(), None);
}
