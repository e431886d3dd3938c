//! End-to-end verification of responses made by others: ISO 18013-5 Annex D and the
//! interop fixtures, under every compiled crypto backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, TDate, Value};
use iso18013::cose::HeaderFinding;
use iso18013::crypto::{EcCurve, EcPrivateKey, providers};
use iso18013::request::DeviceRequest;
use iso18013::session::SessionTranscript;
use iso18013::verify::{
    DeviceAuthKind, Finding, Policy, ReaderSession, verify_device_response, verify_reader_auth,
};
use iso18013::x509::key::ec_private_key_from_pem;
use iso18013::x509::{Certificate, TrustStore};

fn annex_d(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(path).unwrap().trim()).unwrap()
}

fn interop(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/interop/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn at(rfc3339: &str) -> i64 {
    TDate::parse(rfc3339).unwrap().unix_seconds()
}

#[test]
fn annex_d_response_verifies_with_its_device_mac() {
    let mut trust = TrustStore::new();
    trust.add_iaca(Certificate::from_der(&annex_d("iaca_cert")).unwrap());
    let transcript = SessionTranscript::from_cbor(&annex_d("session_transcript")).unwrap();
    let reader_key =
        EcPrivateKey::from_scalar(EcCurve::P256, &annex_d("ereader_key_private")).unwrap();
    let session = ReaderSession::new(&transcript).with_reader_key(&reader_key);
    for provider in providers() {
        let policy = Policy::new(provider);
        let verified = verify_device_response(
            &annex_d("device_response"),
            &session,
            &trust,
            &policy,
            at("2020-10-01T13:30:02Z"),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
        let doc = &verified.documents()[0];
        assert_eq!(doc.doc_type(), "org.iso.18013.5.1.mDL");
        assert_eq!(doc.device_auth(), DeviceAuthKind::Mac);
        assert_eq!(doc.issuer_signed()[0].1.len(), 6, "all six digests checked");
        assert_eq!(
            doc.element("org.iso.18013.5.1", "family_name"),
            Some(&Value::from("Doe"))
        );
        assert_eq!(doc.chain().leaf().subject_common_name(), Some("utopia ds"));
        assert!(doc.findings().is_empty(), "{:?}", doc.findings());
    }
}

#[test]
fn annex_d_reader_auth_verifies_under_the_reader_root() {
    let mut trust = TrustStore::new();
    trust.add_reader_root(Certificate::from_der(&annex_d("reader_root_cert")).unwrap());
    let transcript = SessionTranscript::from_cbor(&annex_d("session_transcript")).unwrap();
    let request = DeviceRequest::from_cbor(&annex_d("device_request")).unwrap();
    for provider in providers() {
        let reader = verify_reader_auth(
            &request.doc_requests[0],
            &transcript,
            &trust,
            &Policy::new(provider),
            at("2020-10-01T13:30:02Z"),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
        assert_eq!(reader.chain().leaf().subject_common_name(), Some("reader"));
    }
}

/// (response, transcript, IACA, reader key for a MAC, expected device authentication)
const INTEROP: &[(&str, &str, &str, Option<&str>, DeviceAuthKind)] = &[
    (
        "auth0-mdl/response_sig.cbor",
        "auth0-mdl/transcript.cbor",
        "auth0-mdl/iaca_cert.pem",
        None,
        DeviceAuthKind::Signature,
    ),
    (
        "auth0-mdl/response_mac.cbor",
        "auth0-mdl/transcript.cbor",
        "auth0-mdl/iaca_cert.pem",
        Some("auth0-mdl/reader_key.pem"),
        DeviceAuthKind::Mac,
    ),
    (
        "owf-mdoc/response_sig.cbor",
        "owf-mdoc/transcript.cbor",
        "owf-mdoc/iaca_cert.pem",
        None,
        DeviceAuthKind::Signature,
    ),
    (
        "isomdl/device_response.qr.cbor",
        "isomdl/session_transcript.qr.cbor",
        "isomdl/iaca.cert.pem",
        None,
        DeviceAuthKind::Signature,
    ),
    (
        "isomdl/device_response.oid4vp_iso.cbor",
        "isomdl/session_transcript.oid4vp_iso.cbor",
        "isomdl/iaca.cert.pem",
        None,
        DeviceAuthKind::Signature,
    ),
    (
        "isomdl/device_response.dcapi.cbor",
        "isomdl/session_transcript.dcapi.cbor",
        "isomdl/iaca.cert.pem",
        None,
        DeviceAuthKind::Signature,
    ),
];

#[test]
fn every_interop_response_verifies() {
    for provider in providers() {
        for (response, transcript, iaca, reader_key, kind) in INTEROP {
            let trust =
                TrustStore::from_iaca_pem(&String::from_utf8(interop(iaca)).unwrap()).unwrap();
            let transcript = SessionTranscript::from_cbor(&interop(transcript)).unwrap();
            let key = reader_key
                .map(|k| ec_private_key_from_pem(&String::from_utf8(interop(k)).unwrap()).unwrap());
            let mut session = ReaderSession::new(&transcript);
            if let Some(key) = &key {
                session = session.with_reader_key(key);
            }
            let verified = verify_device_response(
                &interop(response),
                &session,
                &trust,
                &Policy::new(provider),
                at("2026-12-01T00:00:00Z"),
            )
            .unwrap_or_else(|e| panic!("{} {response}: {e}", provider.name()));
            let doc = &verified.documents()[0];
            assert_eq!(doc.device_auth(), *kind, "{response}");
            assert!(!doc.issuer_signed().is_empty(), "{response}");
            if response.starts_with("auth0") {
                assert!(
                    doc.findings()
                        .contains(&Finding::Header(HeaderFinding::IllTypedUnprotectedKid)),
                    "{response}: {:?}",
                    doc.findings()
                );
            }
        }
    }
}
