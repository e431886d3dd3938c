//! The `mdoc` command and the doctype tables: `mdoc doctypes` lists them; `mdoc issue`
//! validates claims against them (exit 2 naming the element and the rule), writes each
//! element in the doctype's current form (a plain date becomes PhotoID's BirthDate map),
//! strips an uploaded portrait (`--portrait`) and derives age attestations (`--age-over`);
//! `mdoc verify` prints the doctype findings. Under every compiled-in backend.
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

use serde_json::{Value as Json, json};

const MDOC: &str = env!("CARGO_BIN_EXE_mdoc");
const TRANSCRIPT: &str = "test-vectors/interop/auth0-mdl/transcript.cbor";
const PHOTOID: &str = "org.iso.23220.photoid.1";
const COMMON: &str = "org.iso.23220.1";

fn mdoc<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Output {
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

fn stdout_json(output: &Output) -> Json {
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iso18013-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn path(dir: &Path, name: &str) -> String {
    dir.join(name).to_string_lossy().into_owned()
}

/// A passport holder's claims, as an issuer's form would send them: dates as plain text.
fn passport_claims() -> Json {
    json!({
        COMMON: {
            "family_name": "Ørsted", "given_name": "Hans Christian",
            "birth_date": "2010-08-14",
            "issue_date": "2026-05-01", "expiry_date": "2036-04-30",
            "issuing_authority": "Passport Office", "issuing_country": "US",
            "sex": 1
        },
        "org.iso.23220.photoid.1": {"travel_document_number": "X1234567"}
    })
}

fn issue(dir: &Path, claims: &Json, extra: &[&str]) -> Output {
    let claims_path = path(dir, "claims.json");
    std::fs::write(&claims_path, claims.to_string()).unwrap();
    let pki = dir.join("pki");
    let key = |name: &str| path(&pki, name);
    let mut args = vec![
        "issue".to_string(),
        "--doctype".into(),
        PHOTOID.into(),
        "--claims".into(),
        claims_path,
        "--ds-key".into(),
        key("ds.key.pem"),
        "--ds-cert".into(),
        key("ds.pem"),
        "--device-key".into(),
        key("device.pub.pem"),
        "--out".into(),
        path(dir, "issuer_signed.cbor"),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    mdoc(&args)
}

#[test]
fn doctypes_lists_every_known_table() {
    let out = mdoc(&["doctypes"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let listed = stdout_json(&out);
    let doc_types: Vec<&str> = listed["doctypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["docType"].as_str().unwrap())
        .collect();
    assert_eq!(
        doc_types,
        [
            "org.iso.18013.5.1.mDL",
            PHOTOID,
            "org.iso.23220.2.photoid.1",
            "org.iso.23220.photoID.1",
            "eu.europa.ec.eudi.pid.1"
        ]
    );
    let out = mdoc(&["doctypes", "--doctype", "eu.europa.ec.eudi.pid.1"]);
    let pid = &stdout_json(&out)["doctypes"][0];
    assert_eq!(pid["checks"], json!(["issuing_country"]));
    let name_space = &pid["nameSpaces"][0];
    assert_eq!(name_space["closed"], true);
    let nationality = name_space["elements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["identifier"] == "nationality")
        .unwrap();
    assert_eq!(nationality["type"], "[+ tstr]");
    assert_eq!(nationality["mandatory"], true);
    assert_eq!(
        nationality["constraint"],
        "an ISO 3166-1 alpha-2 country code"
    );
    assert_eq!(nationality["olderType"]["type"], "tstr");
    let out = mdoc(&["doctypes", "--doctype", "org.example.unknown"]);
    assert_eq!(code(&out), 2);
}

#[test]
fn issue_writes_the_current_form_strips_the_portrait_and_derives_ages() {
    for backend in iso18013::crypto::providers().iter().map(|p| p.name()) {
        let dir = scratch(&format!("doctypes-{backend}"));
        let out = mdoc(&["certs", "--out", &path(&dir, "pki")]);
        assert_eq!(code(&out), 0, "certs: {}", stderr(&out));
        let out = issue(
            &dir,
            &passport_claims(),
            &[
                "--portrait",
                "test-vectors/portraits/with-metadata.jpg",
                "--age-over",
                "14,18",
                "--backend",
                backend,
            ],
        );
        assert_eq!(code(&out), 0, "issue: {}", stderr(&out));
        let summary = stdout_json(&out);
        // 9 claims, the portrait, age_over_14, age_over_18, age_in_years, age_birth_year.
        assert_eq!(summary["elements"], 14);
        let removed: Vec<&str> = summary["portrait"]["removed"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            removed,
            [
                "EXIF with GPS and a thumbnail",
                "IPTC",
                "XMP",
                "ICC profile",
                "comment"
            ]
        );
        assert_eq!(summary["portrait"]["bytes"], 1525);

        // Present everything, verify: valid, no doctype finding, the typed values.
        let elements = [
            "family_name",
            "birth_date",
            "portrait",
            "age_over_14",
            "age_over_18",
            "age_in_years",
        ]
        .map(|id| format!("{COMMON}:{id}"))
        .join(",");
        let out = mdoc(&[
            "present",
            "--issuer-signed",
            &path(&dir, "issuer_signed.cbor"),
            "--device-key",
            &path(&dir, "pki/device.key.pem"),
            "--elements",
            &elements,
            "--transcript",
            TRANSCRIPT,
            "--out",
            &path(&dir, "response.cbor"),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "present: {}", stderr(&out));
        let out = mdoc(&[
            "verify",
            &path(&dir, "response.cbor"),
            "--transcript",
            TRANSCRIPT,
            "--trust",
            &path(&dir, "pki/iaca.pem"),
            "--backend",
            backend,
        ]);
        assert_eq!(code(&out), 0, "verify: {}", stderr(&out));
        let verified = stdout_json(&out);
        let document = &verified["documents"][0];
        assert_eq!(document["doctypeFindings"], json!([]));
        let common = &document["elements"][COMMON];
        assert_eq!(common["birth_date"], json!({"birth_date": "2010-08-14"}));
        assert_eq!(common["age_over_14"], true);
        assert_eq!(common["age_over_18"], false);
        assert!(
            common["portrait"]
                .as_str()
                .unwrap()
                .starts_with("base64:/9j/")
        );
    }
}

#[test]
fn issue_refuses_claims_that_break_the_table_naming_element_and_rule() {
    let dir = scratch("doctypes-refused");
    let out = mdoc(&["certs", "--out", &path(&dir, "pki")]);
    assert_eq!(code(&out), 0, "certs: {}", stderr(&out));
    let portrait = ["--portrait", "test-vectors/portraits/clean.jpg"];
    let with = |ns: &str, id: &str, value: Json| {
        let mut claims = passport_claims();
        claims[ns][id] = value;
        claims
    };
    let without = |id: &str| {
        let mut claims = passport_claims();
        claims[COMMON].as_object_mut().unwrap().remove(id);
        claims
    };
    for (claims, extra, says) in [
        (
            with(COMMON, "issuing_country", json!("USA")),
            &portrait[..],
            "org.iso.23220.1/issuing_country is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            without("issuing_authority"),
            &portrait[..],
            "mandatory element org.iso.23220.1/issuing_authority is missing",
        ),
        (
            passport_claims(),
            &[][..],
            "mandatory element org.iso.23220.1/portrait is missing",
        ),
        (
            with(COMMON, "family_name_unicode", json!("Ørsted")),
            &portrait[..],
            "org.iso.23220.1/family_name_unicode is an older form (N4583's name; now family_name)",
        ),
        (
            with("org.iso.23220.photoid.1", "eye_colour", json!("blue")),
            &portrait[..],
            "org.iso.23220.photoid.1/eye_colour is not defined",
        ),
        (
            with(COMMON, "birth_date", json!("14/08/2010")),
            &portrait[..],
            "org.iso.23220.1/birth_date",
        ),
        (
            passport_claims(),
            &["--portrait", "Cargo.toml"][..],
            "Cargo.toml: not a JPEG or JPEG 2000 image",
        ),
        (
            with(COMMON, "age_over_18", json!(true)),
            &portrait[..],
            "org.iso.23220.1/age_over_18 contradicts birth_date at validFrom",
        ),
    ] {
        let out = issue(&dir, &claims, extra);
        assert_eq!(code(&out), 2, "{says}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{says}: {}", stderr(&out));
    }
}
