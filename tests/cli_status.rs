//! `mdoc status new|set|sign|get` and the status list signer of `mdoc certs`, as a user
//! runs them, under every compiled-in backend: the flow (exit 0), a token that does not
//! verify (exit 1 with the error's kind), and bad usage or input (exit 2).
#![cfg(feature = "cli")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use iso18013::cbor::TDate;

const MDOC: &str = env!("CARGO_BIN_EXE_mdoc");
const URI: &str = "https://issuer.example/status/1";

fn mdoc(args: &[&str]) -> Output {
    Command::new(MDOC)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run mdoc")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON on stdout ({e}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("iso18013-cli-status-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

fn backends() -> Vec<&'static str> {
    iso18013::crypto::providers()
        .iter()
        .map(|p| p.name())
        .collect()
}

fn rfc3339(unix: i64) -> String {
    TDate::from_unix_seconds(unix).unwrap().to_string()
}

#[test]
fn new_set_sign_get_under_every_backend() {
    for backend in backends() {
        let dir = scratch(backend);
        let other = scratch(&format!("{backend}-other"));
        let (list, token) = (path(&dir, "list.cbor"), path(&dir, "token.cbor"));
        let iaca = path(&dir, "iaca.pem");
        let out = mdoc(&[
            "certs",
            "--out",
            &dir.to_string_lossy(),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0);
        assert!(dir.join("status.pem").exists() && dir.join("status.key.pem").exists());
        assert_eq!(
            code(&mdoc(&["certs", "--out", &other.to_string_lossy()])),
            0
        );

        let out = mdoc(&[
            "status", "new", "--bits", "2", "--size", "1000", "--uri", URI, "--out", &list,
        ]);
        assert_eq!(code(&out), 0);
        assert_eq!(json(&out)["size"], 1000);
        for (index, status) in [("7", "invalid"), ("8", "suspended")] {
            let out = mdoc(&["status", "set", &list, index, status]);
            assert_eq!(code(&out), 0);
            assert_eq!(json(&out)["status"], status);
        }
        let out = mdoc(&[
            "status",
            "sign",
            &list,
            "--key",
            &path(&dir, "status.key.pem"),
            "--cert",
            &path(&dir, "status.pem"),
            "--ttl",
            "3600",
            "--out",
            &token,
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(json(&out)["ttl"], 3600);

        let get = |index: &str, extra: &[&str]| {
            let mut args = vec!["status", "get", token.as_str(), index, "--backend", backend];
            args.extend_from_slice(extra);
            mdoc(&args)
        };
        for (index, status) in [("7", "invalid"), ("8", "suspended"), ("9", "valid")] {
            let out = get(index, &["--trust", &iaca]);
            assert_eq!(code(&out), 0);
            let got = json(&out);
            assert_eq!(got["status"], status, "{index}");
            assert_eq!(got["verified"], true);
            assert_eq!(got["uri"], URI);
            assert_eq!(got["ttl"], 3600);
        }
        // Without --trust: decoded, not verified.
        let out = get("7", &[]);
        assert_eq!(code(&out), 0);
        assert_eq!(json(&out)["verified"], false);
        assert_eq!(json(&out)["status"], "invalid");

        // Tokens that do not verify: exit 1 with the kind.
        let now = iso18013::now();
        let other_iaca = path(&other, "iaca.pem");
        let later = rfc3339(now + 2 * 86_400);
        for (index, extra, kind) in [
            ("5000", vec!["--trust", iaca.as_str()], "index_out_of_range"),
            (
                "7",
                vec!["--trust", other_iaca.as_str()],
                "untrusted_signer",
            ),
            (
                "7",
                vec!["--trust", iaca.as_str(), "--at", later.as_str()],
                "expired",
            ),
            (
                "7",
                vec![
                    "--trust",
                    iaca.as_str(),
                    "--uri",
                    "https://issuer.example/status/2",
                ],
                "subject_mismatch",
            ),
            ("5000", vec![], "index_out_of_range"),
        ] {
            let out = get(index, &extra);
            assert_eq!(code(&out), 1, "{kind}");
            assert_eq!(json(&out)["valid"], false);
            assert_eq!(json(&out)["error"]["kind"], kind);
        }
        let garbage = path(&dir, "garbage.cbor");
        std::fs::write(&garbage, [0xa0]).unwrap();
        let out = mdoc(&["status", "get", &garbage, "0", "--trust", &iaca]);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "malformed");

        // A document signer cannot sign a list; input errors exit 2.
        let out = mdoc(&[
            "status",
            "sign",
            &list,
            "--key",
            &path(&dir, "ds.key.pem"),
            "--cert",
            &path(&dir, "ds.pem"),
            "--out",
            &token,
        ]);
        assert_eq!(code(&out), 2);
        // A key that is not the certificate's.
        let out = mdoc(&[
            "status",
            "sign",
            &list,
            "--key",
            &path(&dir, "ds.key.pem"),
            "--cert",
            &path(&dir, "status.pem"),
            "--out",
            &token,
        ]);
        assert_eq!(code(&out), 2);
    }
}

#[test]
fn usage_and_input_errors_exit_2() {
    let dir = scratch("usage");
    let list = path(&dir, "list.cbor");
    assert_eq!(
        code(&mdoc(&[
            "status", "new", "--bits", "3", "--size", "8", "--uri", URI, "--out", &list
        ])),
        2
    );
    assert_eq!(
        code(&mdoc(&["status", "new", "--bits", "1", "--size", "8"])),
        2
    );
    assert_eq!(
        code(&mdoc(&[
            "status", "new", "--bits", "1", "--size", "8", "--uri", URI, "--out", &list
        ])),
        0
    );
    // Indexes handed out at random, each once, kept in the file across runs.
    let mut given = Vec::new();
    for remaining in (0..8).rev() {
        let out = mdoc(&["status", "allocate", &list]);
        assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        let got = json(&out);
        assert_eq!(got["remaining"], remaining);
        assert_eq!(got["uri"], URI);
        let index = got["index"].as_u64().unwrap();
        assert!(index < 8 && !given.contains(&index), "{index} in {given:?}");
        given.push(index);
    }
    // Full: exit 2, the file unchanged.
    assert_eq!(code(&mdoc(&["status", "allocate", &list])), 2);
    assert_eq!(
        code(&mdoc(&["status", "allocate", &path(&dir, "missing.cbor")])),
        2
    );
    // SUSPENDED does not fit in one bit; the index is beyond the list; no such status.
    assert_eq!(code(&mdoc(&["status", "set", &list, "1", "suspended"])), 2);
    assert_eq!(code(&mdoc(&["status", "set", &list, "8", "invalid"])), 2);
    assert_eq!(code(&mdoc(&["status", "set", &list, "1", "revoked"])), 2);
    assert_eq!(
        code(&mdoc(&[
            "status",
            "set",
            &path(&dir, "missing.cbor"),
            "1",
            "valid"
        ])),
        2
    );
    assert_eq!(
        code(&mdoc(&["status", "get", &path(&dir, "missing.cbor"), "1"])),
        2
    );
    let help = mdoc(&["status", "--help"]);
    assert_eq!(code(&help), 0);
    let text = String::from_utf8_lossy(&help.stdout);
    for command in ["new", "allocate", "set", "sign", "get"] {
        assert!(text.contains(command), "status --help lacks {command}");
    }
    let help = mdoc(&["status", "sign", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in ["--key", "--cert", "--ttl", "--exp", "--out", "--backend"] {
        assert!(text.contains(flag), "status sign --help lacks {flag}");
    }
}

/// `mdoc issue --status-list URI:IDX` puts the status in the MSO; a token signed for that
/// URI answers for that index.
#[test]
fn issue_names_its_status_list_entry() {
    use iso18013::cbor::Decode as _;
    use iso18013::mso::IssuerSigned;
    let dir = scratch("issue");
    let pki = dir.to_string_lossy().into_owned();
    assert_eq!(code(&mdoc(&["certs", "--out", &pki])), 0);
    std::fs::write(
        dir.join("claims.json"),
        r#"{"org.iso.18013.5.1": {"family_name": "Doe", "given_name": "Jane"}}"#,
    )
    .unwrap();
    let issued = path(&dir, "issuer_signed.cbor");
    let issue = |status: &str| {
        mdoc(&[
            "issue",
            "--doctype",
            "org.iso.18013.5.1.mDL",
            "--claims",
            &path(&dir, "claims.json"),
            "--ds-key",
            &path(&dir, "ds.key.pem"),
            "--ds-cert",
            &path(&dir, "ds.pem"),
            "--device-key",
            &path(&dir, "device.pub.pem"),
            "--out",
            &issued,
            "--partial",
            "--status-list",
            status,
        ])
    };
    let out = issue(&format!("{URI}:42"));
    assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(json(&out)["statusList"]["uri"], URI);
    assert_eq!(json(&out)["statusList"]["idx"], 42);
    let signed = IssuerSigned::from_cbor(&std::fs::read(&issued).unwrap()).unwrap();
    let status = signed.issuer_auth.mso().status.clone().unwrap();
    let info = status.status_list.unwrap();
    assert_eq!((info.uri.as_str(), info.idx), (URI, 42));
    assert!(status.identifier_list.is_none());
    // Not URI:IDX: usage errors.
    for bad in [
        "no-index",
        "https://issuer.example/status/1:x",
        ":3",
        "https://a.example:-1",
    ] {
        assert_eq!(code(&issue(bad)), 2, "{bad}");
    }
}

/// `mdoc verify` with status: a token given by file (its `sub` is the URI), the document
/// valid, revoked (exit 1, kind "revoked") and suspended (kind "suspended") as the list
/// changes; no token: a finding by default, a rejection with `--require-status`; and
/// with `--fetch-status`, the list fetched from `mdoc status serve` on 127.0.0.1.
#[test]
fn verify_reads_the_status_from_a_token_or_a_served_list() {
    const TRANSCRIPT: &str = "test-vectors/interop/auth0-mdl/transcript.cbor";
    for backend in backends() {
        let dir = scratch(&format!("verify-{backend}"));
        let pki = dir.to_string_lossy().into_owned();
        assert_eq!(code(&mdoc(&["certs", "--out", &pki])), 0);
        std::fs::write(
            dir.join("claims.json"),
            r#"{"org.iso.18013.5.1": {"family_name": "Doe", "given_name": "Jane"}}"#,
        )
        .unwrap();
        let (list, token, response) = (
            path(&dir, "list.cbor"),
            path(&dir, "token.cbor"),
            path(&dir, "response.cbor"),
        );
        let issue_and_present = |uri: &str| {
            let issued = path(&dir, "issuer_signed.cbor");
            let out = mdoc(&[
                "issue",
                "--doctype",
                "org.iso.18013.5.1.mDL",
                "--claims",
                &path(&dir, "claims.json"),
                "--ds-key",
                &path(&dir, "ds.key.pem"),
                "--ds-cert",
                &path(&dir, "ds.pem"),
                "--device-key",
                &path(&dir, "device.pub.pem"),
                "--out",
                &issued,
                "--partial",
                "--status-list",
                &format!("{uri}:7"),
                "--backend",
                backend,
            ]);
            assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
            let out = mdoc(&[
                "present",
                "--issuer-signed",
                &issued,
                "--device-key",
                &path(&dir, "device.key.pem"),
                "--elements",
                "org.iso.18013.5.1:family_name",
                "--transcript",
                TRANSCRIPT,
                "--out",
                &response,
                "--backend",
                backend,
            ]);
            assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        };
        let sign = |uri: &str, status: &str| {
            let out = mdoc(&[
                "status", "new", "--bits", "2", "--size", "100", "--uri", uri, "--out", &list,
            ]);
            assert_eq!(code(&out), 0);
            assert_eq!(code(&mdoc(&["status", "set", &list, "7", status])), 0);
            let out = mdoc(&[
                "status",
                "sign",
                &list,
                "--key",
                &path(&dir, "status.key.pem"),
                "--cert",
                &path(&dir, "status.pem"),
                "--ttl",
                "3600",
                "--out",
                &token,
                "--backend",
                backend,
            ]);
            assert_eq!(code(&out), 0, "{}", String::from_utf8_lossy(&out.stderr));
        };
        let iaca = path(&dir, "iaca.pem");
        let verify = |extra: &[&str]| {
            let mut args = vec![
                "verify",
                response.as_str(),
                "--transcript",
                TRANSCRIPT,
                "--trust",
                iaca.as_str(),
                "--backend",
                backend,
            ];
            args.extend_from_slice(extra);
            let out = mdoc(&args);
            (code(&out), json(&out))
        };

        issue_and_present(URI);
        sign(URI, "valid");
        let (exit, got) = verify(&["--status-token", &token]);
        assert_eq!(exit, 0, "{got}");
        assert_eq!(got["documents"][0]["statusCheck"], "valid");
        assert_eq!(got["documents"][0]["findings"], serde_json::json!([]));
        for (status, kind) in [("invalid", "revoked"), ("suspended", "suspended")] {
            sign(URI, status);
            let (exit, got) = verify(&["--status-token", &token]);
            assert_eq!(exit, 1, "{got}");
            assert_eq!(got["error"]["kind"], kind);
            assert_eq!(got["error"]["fault"], "status");
        }
        // No list: noted, or refused when required.
        let (exit, got) = verify(&[]);
        assert_eq!(exit, 0);
        assert_eq!(got["documents"][0]["statusCheck"], "unavailable");
        assert_eq!(
            got["documents"][0]["findings"],
            serde_json::json!(["StatusUnavailable"])
        );
        let (exit, got) = verify(&["--require-status"]);
        assert_eq!(exit, 1);
        assert_eq!(got["error"]["kind"], "status_unavailable");

        // Served on 127.0.0.1 by `mdoc status serve`, fetched by `verify --fetch-status`.
        // The URI names the port, so a free one is found first.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let served = format!("http://127.0.0.1:{port}/list");
        issue_and_present(&served);
        sign(&served, "invalid");
        let mut server = Killed(
            Command::new(MDOC)
                .args(["status", "serve", &token, "--uri-path", "/list"])
                .args(["--port", &port.to_string()])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
        // Serving once it has said where.
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(server.0.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        assert!(line.contains(&format!("127.0.0.1:{port}")), "{line}");
        let (exit, got) = verify(&["--fetch-status", "--dangerous-allow-http"]);
        assert_eq!(exit, 1, "{got}");
        assert_eq!(got["error"]["kind"], "revoked");
        // HTTPS by default: the loopback list cannot be had.
        let (exit, got) = verify(&["--fetch-status", "--require-status"]);
        assert_eq!(exit, 1);
        assert_eq!(got["error"]["kind"], "status_unavailable");
    }
}

/// A child process ended when dropped, also when a test fails.
struct Killed(std::process::Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
