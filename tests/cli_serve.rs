//! `mdoc status serve` as a user runs it: a directory of tokens, or one token at a path,
//! served on 127.0.0.1 and fetched back with `iso18013::fetch` (content type and
//! Cache-Control read from each token); usage errors exit 2. Every server process the
//! tests start is killed when its test ends, passing or failing.
#![cfg(feature = "cli")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use ciborium::Value as C;
use iso18013::fetch::{FetchConfig, FetchError, Fetcher, media_type};

const MDOC: &str = env!("CARGO_BIN_EXE_mdoc");

/// A running `mdoc status serve`, killed on drop.
struct Served {
    child: Child,
    json: serde_json::Value,
}

impl Served {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(MDOC)
            .args(["status", "serve"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run mdoc");
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().unwrap()).read_line(&mut line);
        let mut served = Self {
            child,
            json: serde_json::Value::Null,
        };
        read.unwrap();
        served.json = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        served
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.json["url"].as_str().unwrap())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cbor(value: &C) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).unwrap();
    out
}

/// A COSE_Sign1 (tag 18) with this `typ` (none when `None`) over these claims; its
/// signature is not checked by the server and is zeros here.
fn token(typ: Option<&str>, ttl: Option<u64>) -> Vec<u8> {
    let mut protected = vec![(C::Integer(1.into()), C::Integer((-7).into()))];
    if let Some(typ) = typ {
        protected.push((C::Integer(16.into()), C::Text(typ.into())));
    }
    let mut claims = vec![(C::Integer(2.into()), C::Text("https://x.example/l".into()))];
    if let Some(ttl) = ttl {
        claims.push((C::Integer(65534.into()), C::Integer(ttl.into())));
    }
    cbor(&C::Tag(
        18,
        Box::new(C::Array(vec![
            C::Bytes(cbor(&C::Map(protected))),
            C::Map(Vec::new()),
            C::Bytes(cbor(&C::Map(claims))),
            C::Bytes(vec![0; 64]),
        ])),
    ))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iso18013-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchConfig::default().dangerous_allow_http())
}

#[test]
fn serves_a_directory_by_file_name_with_each_tokens_headers() {
    let dir = scratch("dir");
    let status = token(Some(media_type::STATUS_LIST_CWT), Some(600));
    let identifiers = token(Some("identifierlist+cwt"), None);
    let vical = token(None, None);
    std::fs::write(dir.join("status-1.cwt"), &status).unwrap();
    std::fs::write(dir.join("ids.cwt"), &identifiers).unwrap();
    std::fs::write(dir.join("vical.cbor"), &vical).unwrap();
    std::fs::write(dir.join("aggregation.json"), b"{\"status_lists\":[]}").unwrap();
    std::fs::write(dir.join(".hidden"), b"secret").unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let dir_arg = dir.to_string_lossy().into_owned();
    let served = Served::start(&["--dir", &dir_arg, "--port", "0"]);

    let paths: Vec<&str> = served.json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "/aggregation.json",
            "/ids.cwt",
            "/status-1.cwt",
            "/vical.cbor"
        ]
    );
    let fetched = fetcher()
        .fetch_status_list(&served.url("/status-1.cwt"))
        .unwrap();
    assert_eq!(fetched.bytes, status);
    assert_eq!(fetched.max_age, Some(600));
    let fetched = fetcher()
        .fetch_identifier_list(&served.url("/ids.cwt"))
        .unwrap();
    assert_eq!(fetched.bytes, identifiers);
    assert_eq!(fetched.max_age, Some(0), "no ttl: no-cache");
    assert_eq!(
        fetcher()
            .fetch_vical(&served.url("/vical.cbor"))
            .unwrap()
            .bytes,
        vical
    );
    let json = fetcher()
        .fetch(&served.url("/aggregation.json"), media_type::JSON)
        .unwrap();
    assert_eq!(json.bytes, b"{\"status_lists\":[]}");
    for hidden in ["/.hidden", "/sub"] {
        let e = fetcher()
            .fetch(&served.url(hidden), media_type::OCTET_STREAM)
            .unwrap_err();
        assert!(
            matches!(e, FetchError::NotFound { status: 404 }),
            "{hidden}: {e}"
        );
    }
    // a status list is not served as a VICAL
    let e = fetcher()
        .fetch_vical(&served.url("/status-1.cwt"))
        .unwrap_err();
    assert!(matches!(e, FetchError::WrongContentType { .. }), "{e}");
}

#[test]
fn serves_one_token_at_the_path_of_its_uri() {
    let dir = scratch("one");
    let status = token(Some(media_type::STATUS_LIST_CWT), Some(43_200));
    let file = dir.join("token.cbor");
    std::fs::write(&file, &status).unwrap();
    let file = file.to_string_lossy().into_owned();
    let served = Served::start(&[
        &file,
        "--uri-path",
        "https://issuer.example/lists/7",
        "--ttl",
        "60",
    ]);
    assert_eq!(served.json["documents"][0]["path"], "/lists/7");
    assert_eq!(served.json["documents"][0]["cache_control"], "max-age=60");
    let fetched = fetcher()
        .fetch_status_list(&served.url("/lists/7"))
        .unwrap();
    assert_eq!(fetched.bytes, status);
    assert_eq!(fetched.max_age, Some(60), "--ttl overrides the token's");
    // plain http stays refused without the dangerous opt-in
    let e = Fetcher::new(FetchConfig::default())
        .fetch_status_list(&served.url("/lists/7"))
        .unwrap_err();
    assert!(matches!(e, FetchError::InsecureScheme));
}

#[test]
fn usage_errors_exit_2() {
    let run = |args: &[&str]| {
        Command::new(MDOC)
            .args(["status", "serve"])
            .args(args)
            .output()
            .unwrap()
    };
    // nothing to serve
    assert_eq!(run(&[]).status.code(), Some(2));
    let empty = scratch("empty");
    let out = run(&["--dir", &empty.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing to serve"));
    // a missing file, a missing directory
    assert_eq!(run(&["/nonexistent/token.cbor"]).status.code(), Some(2));
    assert_eq!(run(&["--dir", "/nonexistent/dir"]).status.code(), Some(2));
    // --uri-path without a token
    assert_eq!(
        run(&["--dir", &empty.to_string_lossy(), "--uri-path", "/x"])
            .status
            .code(),
        Some(2)
    );
    // a port already taken
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let file = empty.join("t.cbor");
    std::fs::write(&file, token(None, None)).unwrap();
    let out = run(&[&file.to_string_lossy(), "--port", &port]);
    assert_eq!(out.status.code(), Some(2));
}

/// The issuer's whole path on the command line: make a PKI, a list, revoke an entry, sign,
/// serve the token at its URI's path; a verifier fetches it and reads the entry.
#[test]
fn a_signed_list_is_served_fetched_and_read() {
    const URI: &str = "https://issuer.example/status/9";
    let dir = scratch("e2e");
    let at = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let mdoc = |args: &[&str]| {
        let out = Command::new(MDOC).args(args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    mdoc(&["certs", "--out", &dir.to_string_lossy()]);
    let (list, token) = (at("list.cbor"), at("token.cbor"));
    mdoc(&[
        "status", "new", "--bits", "1", "--size", "64", "--uri", URI, "--out", &list,
    ]);
    mdoc(&["status", "set", &list, "9", "invalid"]);
    mdoc(&[
        "status",
        "sign",
        &list,
        "--key",
        &at("status.key.pem"),
        "--cert",
        &at("status.pem"),
        "--ttl",
        "900",
        "--out",
        &token,
    ]);

    let served = Served::start(&[&token, "--uri-path", URI]);
    assert_eq!(
        served.json["documents"][0]["content_type"],
        media_type::STATUS_LIST_CWT
    );
    assert_eq!(served.json["documents"][0]["cache_control"], "max-age=900");
    let fetched = fetcher()
        .fetch_status_list(&served.url("/status/9"))
        .unwrap();
    assert_eq!(fetched.bytes, std::fs::read(&token).unwrap());
    assert_eq!(fetched.max_age, Some(900), "the token's ttl");

    let copy = at("fetched.cbor");
    std::fs::write(&copy, &fetched.bytes).unwrap();
    for (index, status) in [("9", "invalid"), ("10", "valid")] {
        let out = mdoc(&["status", "get", &copy, index, "--trust", &at("iaca.pem")]);
        let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(got["status"], status, "{index}");
        assert_eq!(got["verified"], true);
    }
}
