//! Replays the committed fuzz corpus through the same checks the fuzz targets run, so that
//! `cargo test` guards every finding without a nightly toolchain.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]

#[path = "../fuzz/checks.rs"]
mod checks;

#[test]
fn replay_fuzz_corpus() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let mut total = 0usize;
    for (name, check) in checks::TARGETS {
        let dir = format!("{root}/{name}");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{dir}: {e}"));
        let mut count = 0usize;
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| check(&data));
            assert!(outcome.is_ok(), "{name}: {} panicked", path.display());
            count += 1;
        }
        assert!(count > 0, "{name}: empty corpus");
        total += count;
    }
    assert!(total >= checks::TARGETS.len());
    eprintln!("replayed {total} corpus inputs");
}

/// The seeds added for the rules of RFC 9052 §3, ISO 18013-5 8.3 and RFC 3339 5.7 break
/// the rule they are named for (so that the corpus keeps a case of each rejection).
#[test]
fn rule_seeds_break_their_rule() {
    use iso18013::cbor::{Decode, Value};
    use iso18013::cose::{HeaderError, HeaderLabel};
    use iso18013::response::{DeviceAuth, DeviceResponse};
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus");
    let read = |path: &str| std::fs::read(format!("{root}/{path}")).unwrap();
    for (name, want) in [
        (
            "rfc9052-issuer-auth-alg-in-both-buckets",
            HeaderError::DuplicateLabel(HeaderLabel::Int(1)),
        ),
        (
            "rfc9052-issuer-auth-crit-unprotected",
            HeaderError::UnprotectedCritical,
        ),
        (
            "rfc9052-issuer-auth-crit-unknown",
            HeaderError::UnknownCritical(HeaderLabel::Int(99)),
        ),
        (
            "rfc9052-issuer-auth-crit-absent",
            HeaderError::CriticalAbsent(HeaderLabel::Int(13)),
        ),
        (
            "rfc9052-device-mac-alg-in-both-buckets",
            HeaderError::DuplicateLabel(HeaderLabel::Int(1)),
        ),
    ] {
        for target in ["device_response", "verify_response"] {
            let response = DeviceResponse::from_cbor(&read(&format!("{target}/{name}"))).unwrap();
            let document = &response.documents.as_ref().unwrap()[0];
            let got = if name.contains("device-mac") {
                let DeviceAuth::Mac(mac0) = &document.device_signed.device_auth else {
                    panic!("{name}: no deviceMac")
                };
                mac0.check_headers()
            } else {
                document.issuer_signed.issuer_auth.sign1().check_headers()
            };
            assert_eq!(got, Err(want), "{target}/{name}");
        }
    }
    for path in [
        "device_response/version-not-major-minor",
        "verify_response/version-not-major-minor",
    ] {
        assert!(DeviceResponse::from_cbor(&read(path)).is_err(), "{path}");
    }
    assert!(
        iso18013::engagement::DeviceEngagement::from_cbor(&read(
            "device_engagement/version-not-major-minor"
        ))
        .is_err()
    );
    assert!(Value::from_cbor(&read("identify/tdate-leap-second-not-at-2359")).is_err());
    for path in [
        "identify/tdate-leap-second-at-2359-utc",
        "identify/tdate-lowercase-t-z",
    ] {
        assert!(Value::from_cbor(&read(path)).is_ok(), "{path}");
    }
}
