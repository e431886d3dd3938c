//! `mdoc vical build|verify|inspect` and `mdoc verify --vical --vical-trust`, as a user
//! runs them, under every compiled-in backend: exit 0 for a valid list (entries printed),
//! 1 for a rejected one (its error kind), 2 for usage and I/O; a response verified through
//! a VICAL, accepted for the listed docType and refused ("doc_type_out_of_scope") when the
//! IACA is listed for another; the real AAMVA VICAL verified and inspected.
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
const AAMVA: &str = "test-vectors/vical/aamva-vical-2025-11-18-1763491092481.cbor";
const AAMVA_ROOT: &str = "test-vectors/vical/aamva_ca_root.pem";

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

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("iso18013-cli-vical-{name}-{}", std::process::id()));
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

/// `mdoc vical build` of the PKI's IACA for `doctypes`.
fn build(pki: &Path, out: &str, backend: &str, doctypes: &[&str]) -> Output {
    let mut args = vec![
        "vical".to_string(),
        "build".into(),
        "--iaca".into(),
        path(pki, "iaca.pem"),
        "--key".into(),
        path(pki, "vical.key.pem"),
        "--cert".into(),
        path(pki, "vical.pem"),
        "--provider".into(),
        "Test VICAL Provider".into(),
        "--issue-id".into(),
        "7".into(),
        "--out".into(),
        out.into(),
        "--backend".into(),
        backend.into(),
    ];
    for d in doctypes {
        args.extend(["--doctype".to_string(), (*d).to_string()]);
    }
    mdoc(args)
}

#[test]
fn build_verify_inspect_and_verify_a_response_through_a_vical() {
    for backend in backends() {
        let dir = scratch(backend);
        let pki = dir.join("pki");
        let out = mdoc([
            "certs",
            "--out",
            &pki.to_string_lossy(),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "certs: {}", stderr(&out));
        for file in [
            "vical.pem",
            "vical.key.pem",
            "vical_root.pem",
            "vical_root.key.pem",
        ] {
            assert!(pki.join(file).exists(), "certs did not write {file}");
        }

        // Build (default docType: the mDL) and verify.
        let vical = path(&dir, "vical.cbor");
        let out = build(&pki, &vical, backend, &[]);
        assert_eq!(code(&out), 0, "build: {}", stderr(&out));
        assert_eq!(json(&out)["entries"], 1);
        let out = mdoc([
            "vical",
            "verify",
            &vical,
            "--trust",
            &path(&pki, "vical_root.pem"),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "vical verify: {}", stderr(&out));
        let v = json(&out);
        assert_eq!(v["valid"], true);
        assert_eq!(v["vicalProvider"], "Test VICAL Provider");
        assert_eq!(v["vicalIssueID"], 7);
        assert_eq!(v["entries"][0]["docType"][0], "org.iso.18013.5.1.mDL");
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(0));

        // --previous: a list with a higher vicalIssueID replaces it; the older one, given
        // after it, is a rollback (exit 1); an unreadable --previous is exit 2.
        let newer = path(&dir, "vical8.cbor");
        let mut args = vec![
            "vical".to_string(),
            "build".into(),
            "--iaca".into(),
            path(&pki, "iaca.pem"),
            "--key".into(),
            path(&pki, "vical.key.pem"),
            "--cert".into(),
            path(&pki, "vical.pem"),
            "--provider".into(),
            "Test VICAL Provider".into(),
            "--issue-id".into(),
            "8".into(),
            "--out".into(),
            newer.clone(),
        ];
        args.extend(["--backend".to_string(), backend.to_string()]);
        assert_eq!(code(&mdoc(args)), 0);
        let with_previous = |list: &str, previous: &str| {
            mdoc([
                "vical",
                "verify",
                list,
                "--trust",
                &path(&pki, "vical_root.pem"),
                "--previous",
                previous,
                "--backend",
                backend,
            ])
        };
        let out = with_previous(&newer, &vical);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(json(&out)["vicalIssueID"], 8);
        assert_eq!(code(&with_previous(&vical, &vical)), 0);
        let out = with_previous(&vical, &newer);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "rollback");
        assert_eq!(code(&with_previous(&newer, &path(&dir, "absent.cbor"))), 2);
        assert_eq!(code(&with_previous(&newer, TRANSCRIPT)), 2);

        // Under another root: rejected, exit 1 with the kind.
        let out = mdoc([
            "vical",
            "verify",
            &vical,
            "--trust",
            &path(&pki, "iaca.pem"),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "untrusted");
        // Long after: the signer has expired.
        let out = mdoc([
            "vical",
            "verify",
            &vical,
            "--trust",
            &path(&pki, "vical_root.pem"),
            "--at",
            "2099-01-01T00:00:00Z",
        ]);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "untrusted");
        // Read but not a VICAL: rejected as malformed; unreadable, or no --trust: exit 2.
        let out = mdoc([
            "vical",
            "verify",
            TRANSCRIPT,
            "--trust",
            &path(&pki, "vical_root.pem"),
        ]);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "malformed");
        let out = mdoc([
            "vical",
            "verify",
            &path(&dir, "absent.cbor"),
            "--trust",
            &path(&pki, "vical_root.pem"),
        ]);
        assert_eq!(code(&out), 2);
        assert_eq!(code(&mdoc(["vical", "verify", &vical])), 2);

        // Inspect: no trust needed.
        let out = mdoc(["vical", "inspect", &vical]);
        assert_eq!(code(&out), 0, "inspect: {}", stderr(&out));
        assert_eq!(json(&out)["entries"].as_array().map(Vec::len), Some(1));
        assert_eq!(code(&mdoc(["vical", "inspect", TRANSCRIPT])), 2);

        // An mDL issued and presented under the PKI.
        std::fs::write(
            dir.join("claims.json"),
            r#"{"org.iso.18013.5.1": {"family_name": "Doe", "issuing_country": "US"}}"#,
        )
        .unwrap();
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
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "issue: {}", stderr(&out));
        let out = mdoc([
            "present",
            "--issuer-signed",
            &path(&dir, "issuer_signed.cbor"),
            "--device-key",
            &path(&pki, "device.key.pem"),
            "--elements",
            &format!("{NS}:family_name"),
            "--transcript",
            TRANSCRIPT,
            "--out",
            &path(&dir, "response.cbor"),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "present: {}", stderr(&out));
        let verify = |vical: &str, root: &str| {
            mdoc([
                "verify",
                &path(&dir, "response.cbor"),
                "--transcript",
                TRANSCRIPT,
                "--vical",
                vical,
                "--vical-trust",
                root,
                "--backend",
                backend,
            ])
        };
        let root = path(&pki, "vical_root.pem");
        let out = verify(&vical, &root);
        assert_eq!(code(&out), 0, "verify --vical: {}", stderr(&out));
        assert_eq!(json(&out)["valid"], true);

        // The IACA listed for the PID only: the mDL is refused with its own kind.
        let pid_only = path(&dir, "pid.cbor");
        assert_eq!(
            code(&build(
                &pki,
                &pid_only,
                backend,
                &["eu.europa.ec.eudi.pid.1"]
            )),
            0
        );
        let out = verify(&pid_only, &root);
        assert_eq!(code(&out), 1);
        assert_eq!(json(&out)["error"]["kind"], "doc_type_out_of_scope");
        // Beside --trust with the IACA itself (any docType): accepted.
        let out = mdoc([
            "verify",
            &path(&dir, "response.cbor"),
            "--transcript",
            TRANSCRIPT,
            "--trust",
            &path(&pki, "iaca.pem"),
            "--vical",
            &pid_only,
            "--vical-trust",
            &root,
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        // A --vical that does not verify is a configuration error; --vical needs --vical-trust.
        let out = verify(&vical, &path(&pki, "iaca.pem"));
        assert_eq!(code(&out), 2);
        assert!(stderr(&out).contains("untrusted"), "{}", stderr(&out));
        let out = mdoc([
            "verify",
            &path(&dir, "response.cbor"),
            "--transcript",
            TRANSCRIPT,
            "--vical",
            &vical,
        ]);
        assert_eq!(code(&out), 2);
        let out = mdoc([
            "verify",
            &path(&dir, "response.cbor"),
            "--transcript",
            TRANSCRIPT,
        ]);
        assert_eq!(code(&out), 2);
    }
}

#[test]
fn the_aamva_vical_verifies_and_inspects() {
    for backend in backends() {
        let out = mdoc([
            "vical",
            "verify",
            AAMVA,
            "--trust",
            AAMVA_ROOT,
            "--at",
            "2025-11-18T20:00:00Z",
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        let v = json(&out);
        assert_eq!(v["vicalProvider"], "AAMVA");
        assert_eq!(v["entries"].as_array().map(Vec::len), Some(14));
        assert_eq!(v["needsUpdate"], false);
        let kinds: Vec<&str> = v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["kind"].as_str().unwrap())
            .collect();
        assert!(
            kinds.contains(&"root_in_x5chain")
                && kinds.contains(&"wrapped_ski")
                && kinds.contains(&"entry_date_mismatch"),
            "{kinds:?}"
        );
        let out = mdoc([
            "vical",
            "verify",
            AAMVA,
            "--trust",
            AAMVA_ROOT,
            "--at",
            "2025-12-01T00:00:00Z",
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        assert_eq!(json(&out)["needsUpdate"], true);
    }
    let out = mdoc(["vical", "inspect", AAMVA]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out)["x5chain"].as_array().map(Vec::len), Some(3));
}

#[test]
fn vical_help_lists_its_options() {
    for (command, flags) in [
        (
            "build",
            &[
                "--iaca",
                "--doctype",
                "--key",
                "--cert",
                "--provider",
                "--out",
            ][..],
        ),
        ("verify", &["<VICAL>", "--trust", "--at", "--previous"][..]),
        ("inspect", &["<VICAL>"][..]),
    ] {
        let out = mdoc(["vical", command, "--help"]);
        assert_eq!(code(&out), 0);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        for flag in flags {
            assert!(text.contains(flag), "vical {command} --help lacks {flag}");
        }
    }
    let out = mdoc(["verify", "--help"]);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(text.contains("--vical ") && text.contains("--vical-trust"));
}
