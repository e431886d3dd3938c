//! The `mdoc` binary as a user runs it: help, version, usage errors (exit 2, naming the
//! flag), the certs → issue → present → verify flow under every compiled-in backend
//! (exit 0), a rejection (exit 1), and the exit codes of a response file that is missing
//! (2) or read but not a response (1, kind "malformed"), and `verify --request`: 0 when
//! complete, 3 when authentic but incomplete, 1 when rejected.
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

const MDOC: &str = env!("CARGO_BIN_EXE_mdoc");
const TRANSCRIPT: &str = "test-vectors/interop/auth0-mdl/transcript.cbor";
const NS: &str = "org.iso.18013.5.1";

fn mdoc<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(MDOC)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run mdoc")
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("an exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iso18013-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// The backends the binary was built with (the same features as this test).
fn backends() -> Vec<&'static str> {
    iso18013::crypto::providers()
        .iter()
        .map(|p| p.name())
        .collect()
}

/// certs, issue and present (signature, or MAC with `mac`); returns the directory.
fn issue_and_present(name: &str, mac: bool) -> PathBuf {
    let dir = scratch(name);
    let pki = dir.join("pki");
    let out = mdoc(["certs", "--out", &pki.to_string_lossy()]);
    assert_eq!(code(&out), 0, "certs: {}", stderr(&out));
    assert_eq!(json(&out)["files"].as_array().map(Vec::len), Some(18));
    std::fs::write(
        dir.join("claims.json"),
        r#"{"org.iso.18013.5.1": {"family_name": "Doe", "given_name": "Jane",
            "birth_date": "1990-05-01", "issuing_country": "US", "age_over_18": true}}"#,
    )
    .expect("claims");
    let out = mdoc([
        "issue",
        "--doctype",
        "org.iso.18013.5.1.mDL",
        "--claims",
        &path(&dir, "claims.json"),
        "--ds-key",
        &path(&pki, "ds.key.pem"),
        "--ds-cert",
        &path(&pki, "ds.pem"),
        "--device-key",
        &path(&pki, "device.pub.pem"),
        "--out",
        &path(&dir, "issuer_signed.cbor"),
        "--partial",
    ]);
    assert_eq!(code(&out), 0, "issue: {}", stderr(&out));
    assert_eq!(json(&out)["elements"], 5);
    let elements = format!("{NS}:given_name,{NS}:age_over_18");
    let mut args = vec![
        "present".to_string(),
        "--issuer-signed".into(),
        path(&dir, "issuer_signed.cbor"),
        "--device-key".into(),
        path(&pki, "device.key.pem"),
        "--elements".into(),
        elements,
        "--transcript".into(),
        TRANSCRIPT.into(),
        "--out".into(),
        path(&dir, "response.cbor"),
    ];
    if mac {
        args.extend([
            "--mac".into(),
            "--reader-key".into(),
            path(&pki, "ereader.pub.pem"),
        ]);
    }
    let out = mdoc(&args);
    assert_eq!(code(&out), 0, "present: {}", stderr(&out));
    assert_eq!(json(&out)["requested"], 2);
    assert_eq!(
        json(&out)["deviceAuth"],
        if mac { "mac" } else { "signature" }
    );
    dir
}

/// `mdoc verify RESPONSE --transcript .. --trust ROOT [extra..]`.
fn verify(response: &str, root: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "verify",
        response,
        "--transcript",
        TRANSCRIPT,
        "--trust",
        root,
    ];
    args.extend_from_slice(extra);
    mdoc(args)
}

#[test]
fn help_lists_every_command_and_option() {
    let out = mdoc(["--help"]);
    assert_eq!(code(&out), 0);
    for command in [
        "certs", "issue", "request", "present", "verify", "inspect", "qr",
    ] {
        assert!(stdout(&out).contains(command), "--help lacks {command}");
    }
    let options: &[(&str, &[&str])] = &[
        ("certs", &["--out"]),
        (
            "issue",
            &[
                "--doctype",
                "--claims",
                "--ds-key",
                "--ds-cert",
                "--device-key",
                "--valid-from",
                "--valid-until",
                "--out",
                "--partial",
            ],
        ),
        (
            "present",
            &[
                "--issuer-signed",
                "--device-key",
                "--request",
                "--elements",
                "--transcript",
                "--mac",
                "--reader-key",
                "--out",
            ],
        ),
        (
            "verify",
            &[
                "<RESPONSE>",
                "--transcript",
                "--trust",
                "--reader-key",
                "--at",
                "--repeat",
                "--request",
            ],
        ),
        (
            "request",
            &[
                "--doctype",
                "--elements",
                "--intent-to-retain",
                "--unique",
                "--out",
            ],
        ),
        ("inspect", &["<FILE>"]),
        ("qr", &["--engagement", "--demo", "--svg", "--png"]),
    ];
    for (command, flags) in options {
        for help in [vec![*command, "--help"], vec!["help", *command]] {
            let out = mdoc(&help);
            assert_eq!(code(&out), 0, "{help:?}: {}", stderr(&out));
            let text = stdout(&out);
            for flag in flags.iter().chain(&["--backend", "--help"]) {
                // Each on a line of its own, with a description after it.
                let line = text
                    .lines()
                    .find(|l| l.trim_start().trim_start_matches("-h, ").starts_with(flag))
                    .unwrap_or_else(|| panic!("{help:?} does not list {flag}:\n{text}"));
                assert!(
                    line.split_whitespace().count() > 2,
                    "{help:?}: {flag} has no description: {line}"
                );
            }
        }
    }
}

#[test]
fn version_prints_the_crate_version() {
    for flag in ["--version", "-V"] {
        let out = mdoc([flag]);
        assert_eq!(code(&out), 0);
        assert_eq!(
            stdout(&out).trim(),
            format!("mdoc {}", env!("CARGO_PKG_VERSION"))
        );
    }
}

#[test]
fn usage_errors_exit_2_and_name_the_flag() {
    // An unknown flag, with a suggestion for a near miss.
    let out = mdoc(["issue", "--bogus", "x"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--bogus"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let out = mdoc([
        "verify",
        "r.cbor",
        "--transcript",
        TRANSCRIPT,
        "--trus",
        "x",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("'--trus'"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("'--trust'"),
        "no suggestion: {}",
        stderr(&out)
    );
    // A missing required flag.
    let out = mdoc(["verify", "r.cbor", "--transcript", TRANSCRIPT]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--trust"), "{}", stderr(&out));
    let out = mdoc(["certs"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--out"), "{}", stderr(&out));
    // Values that do not parse.
    let out = mdoc([
        "verify",
        "r.cbor",
        "--transcript",
        "t",
        "--trust",
        "i",
        "--at",
        "noon",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--at"), "{}", stderr(&out));
    let out = mdoc([
        "verify",
        "r.cbor",
        "--transcript",
        "t",
        "--trust",
        "i",
        "--repeat",
        "x",
    ]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--repeat"), "{}", stderr(&out));
    let out = mdoc(["qr", "--demo", "--backend", "openssl"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--backend"), "{}", stderr(&out));
    // Exactly one of two.
    let out = mdoc(["qr", "--demo", "--engagement", "x"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--engagement"), "{}", stderr(&out));
    let out = mdoc(["qr"]);
    assert_eq!(code(&out), 2);
    // No command, an unknown command.
    assert_eq!(code(&mdoc::<_, &str>([])), 2);
    let out = mdoc(["verfy"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("verify"), "{}", stderr(&out));
}

#[test]
fn certs_issue_present_verify_under_every_backend() {
    let dir = issue_and_present("flow", false);
    let response = path(&dir, "response.cbor");
    let iaca = path(&dir.join("pki"), "iaca.pem");
    for backend in backends() {
        let out = verify(&response, &iaca, &["--backend", backend]);
        assert_eq!(
            code(&out),
            0,
            "{backend}: {} {}",
            stdout(&out),
            stderr(&out)
        );
        let verdict = json(&out);
        assert_eq!(verdict["valid"], true);
        assert_eq!(verdict["documents"][0]["docType"], "org.iso.18013.5.1.mDL");
        assert_eq!(verdict["documents"][0]["deviceAuth"], "signature");
    }
    // --repeat: the same verdict, the timing on stderr.
    let out = verify(&response, &iaca, &["--repeat", "2"]);
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("median_us"), "{}", stderr(&out));
    // A flag given twice: the last one wins, as before clap.
    let out = verify(&response, &iaca, &["--repeat", "x", "--repeat", "1"]);
    assert_eq!(code(&out), 2, "a bad value is checked even when overridden");
    let out = verify(&response, &iaca, &["--repeat", "3", "--repeat", "1"]);
    assert_eq!(code(&out), 0);
    assert!(!stderr(&out).contains("median_us"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn mac_flow_with_the_reader_key() {
    let dir = issue_and_present("mac", true);
    let pki = dir.join("pki");
    let (response, iaca) = (path(&dir, "response.cbor"), path(&pki, "iaca.pem"));
    for backend in backends() {
        let key = path(&pki, "ereader.key.pem");
        let out = verify(
            &response,
            &iaca,
            &["--reader-key", &key, "--backend", backend],
        );
        assert_eq!(
            code(&out),
            0,
            "{backend}: {} {}",
            stdout(&out),
            stderr(&out)
        );
        assert_eq!(json(&out)["documents"][0]["deviceAuth"], "mac");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn verify_under_the_wrong_root_exits_1() {
    let dir = issue_and_present("wrong-root", false);
    let response = path(&dir, "response.cbor");
    let wrong = path(&dir.join("pki"), "reader_root.pem");
    for backend in backends() {
        let out = verify(&response, &wrong, &["--backend", backend]);
        assert_eq!(code(&out), 1, "{backend}: {}", stderr(&out));
        let verdict = json(&out);
        assert_eq!(verdict["valid"], false);
        assert_eq!(verdict["error"]["fault"], "untrusted");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_response_file_read_but_not_a_response_is_rejected_not_a_usage_error() {
    let dir = scratch("malformed");
    // The trust file must parse (a broken trust file is a usage error, exit 2).
    let pki = dir.join("pki");
    assert_eq!(code(&mdoc(["certs", "--out", &pki.to_string_lossy()])), 0);
    let iaca = path(&pki, "iaca.pem");
    let cases: &[(&str, &[u8])] = &[
        ("broken-uri.txt", b"mdoc:!!not base64url!!\n"),
        ("uri-of-nothing.txt", b"mdoc:\n"),
        ("odd-hex.txt", b"a1b\n"),
        ("bad-hex.txt", b"a1zz\n"),
        ("text.txt", b"hello\n"),
        ("empty.cbor", b""),
        ("broken.cbor", &[0xa3, 0x67, 0x76]),
    ];
    for (name, content) in cases {
        let file = path(&dir, name);
        std::fs::write(&file, content).expect("write");
        for backend in backends() {
            let out = verify(&file, &iaca, &["--backend", backend]);
            assert_eq!(code(&out), 1, "{name} {backend}: {}", stderr(&out));
            let verdict = json(&out);
            assert_eq!(verdict["valid"], false, "{name}");
            assert_eq!(verdict["error"]["kind"], "malformed", "{name}: {verdict}");
            assert_eq!(verdict["error"]["fault"], "malformed", "{name}");
        }
    }
    let out = verify(&path(&dir, "broken-uri.txt"), &iaca, &[]);
    assert!(
        json(&out)["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("mdoc: URI")),
        "{}",
        stdout(&out)
    );
    // A response file that cannot be read is a usage error.
    let out = verify(&path(&dir, "missing.cbor"), &iaca, &[]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(stderr(&out).contains("missing.cbor"), "{}", stderr(&out));
    let out = verify(&dir.to_string_lossy(), &iaca, &[]);
    assert_eq!(code(&out), 2, "a directory: {}", stderr(&out));
    // So is a trust file that is no certificate.
    let out = verify(&path(&dir, "text.txt"), &path(&dir, "text.txt"), &[]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn inspect_and_qr() {
    let out = mdoc([
        "inspect",
        "test-vectors/iso18013-5-annex-d/device_response.hex",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["structure"], "DeviceResponse");
    let demo = mdoc(["qr", "--demo"]);
    assert_eq!(code(&demo), 0);
    let engagement = mdoc([
        "qr",
        "--engagement",
        "test-vectors/iso18013-5-annex-d/device_engagement.hex",
    ]);
    assert_eq!(code(&engagement), 0);
    let first = |o: &Output| stdout(o).lines().next().map(str::to_string);
    assert!(first(&demo).is_some_and(|l| l.starts_with("mdoc:")));
    assert_eq!(first(&demo), first(&engagement));
    let dir = scratch("qr");
    let svg = path(&dir, "qr.svg");
    let out = mdoc(["qr", "--demo", "--svg", &svg]);
    assert_eq!(code(&out), 0);
    assert_eq!(json(&out)["out"], svg.as_str());
    assert!(std::fs::read_to_string(&svg).is_ok_and(|s| s.contains("<svg")));
    let _ = std::fs::remove_dir_all(dir);
}

/// `mdoc request` writing a DeviceRequest for `ids` of the mDL namespace into `dir`.
fn request(dir: &Path, name: &str, ids: &[&str], extra: &[&str]) -> String {
    let file = path(dir, name);
    let elements: Vec<String> = ids.iter().map(|id| format!("{NS}:{id}")).collect();
    let mut args = vec![
        "request".to_string(),
        "--doctype".into(),
        "org.iso.18013.5.1.mDL".into(),
        "--elements".into(),
        elements.join(","),
        "--out".into(),
        file.clone(),
    ];
    args.extend(extra.iter().map(|a| a.to_string()));
    let out = mdoc(&args);
    assert_eq!(code(&out), 0, "request: {}", stderr(&out));
    file
}

#[test]
fn verify_with_the_request_exits_0_complete_3_incomplete_1_rejected() {
    // The response discloses given_name and age_over_18 (issue_and_present).
    let dir = issue_and_present("request", false);
    let response = path(&dir, "response.cbor");
    let iaca = path(&dir.join("pki"), "iaca.pem");
    let outcomes = |out: &Output| -> Vec<(String, String)> {
        json(out)["request"]["requests"][0]["documents"][0]["elements"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let id = e["identifier"].as_str().unwrap().to_string();
                (id, e["outcome"].as_str().unwrap().to_string())
            })
            .collect()
    };
    let pair = |id: &str, outcome: &str| (id.to_string(), outcome.to_string());

    for backend in backends() {
        // Everything asked was returned: exit 0, complete.
        let asked = request(&dir, "complete.cbor", &["given_name", "age_over_18"], &[]);
        let out = verify(
            &response,
            &iaca,
            &["--request", &asked, "--backend", backend],
        );
        assert_eq!(code(&out), 0, "{}", stdout(&out));
        assert_eq!(json(&out)["valid"], true);
        assert_eq!(json(&out)["complete"], true);
        assert_eq!(
            outcomes(&out),
            [
                pair("given_name", "returned"),
                pair("age_over_18", "returned")
            ]
        );
        assert_eq!(
            json(&out)["request"]["requests"][0]["documents"][0]["elements"][0]["signer"],
            "issuer"
        );

        // family_name was asked and not returned: authentic, incomplete, exit 3.
        let asked = request(
            &dir,
            "incomplete.cbor",
            &["family_name", "given_name"],
            &["--intent-to-retain"],
        );
        let out = verify(
            &response,
            &iaca,
            &["--request", &asked, "--backend", backend],
        );
        assert_eq!(code(&out), 3, "{}", stdout(&out));
        assert_eq!(json(&out)["valid"], true);
        assert_eq!(json(&out)["complete"], false);
        assert_eq!(
            outcomes(&out),
            [
                pair("family_name", "absent"),
                pair("given_name", "returned")
            ]
        );
        // age_over_18 came unasked.
        let unrequested = &json(&out)["request"]["requests"][0]["documents"][0]["unrequested"];
        assert_eq!(unrequested[0]["identifier"], "age_over_18");
        assert_eq!(
            json(&out)["request"]["requests"][0]["documents"][0]["elements"][0]["intentToRetain"],
            true
        );

        // Not authentic under this root: rejected, exit 1, whatever the request.
        let reader_root = path(&dir.join("pki"), "reader_root.pem");
        let out = verify(&response, &reader_root, &["--request", &asked]);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["valid"], false);
    }

    // A request file that is not a DeviceRequest is a usage error.
    let out = verify(&response, &iaca, &["--request", &iaca]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
}

/// `mdoc inspect F | head -1`: a reader that closes the pipe ends the output; no panic.
#[test]
fn a_closed_stdout_is_not_a_panic() {
    let mut child = Command::new(MDOC)
        .args([
            "inspect",
            "test-vectors/iso18013-5-annex-d/device_response.hex",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run mdoc");
    // Close the read end before mdoc writes (it first reads and decodes the file).
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("mdoc ends");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
}
