//! Credentials and responses made by other libraries decode, and re-encode to the same bytes.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode};
use iso18013::cose::HeaderFinding;
use iso18013::mso::IssuerSigned;
use iso18013::request::DeviceRequest;
use iso18013::response::{DeviceAuth, DeviceResponse};
use iso18013::session::{Handover, SessionTranscript};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/interop/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Producers whose outer maps use another key order than the CDDL's (pymdoccbor writes
/// `issuerAuth` before `nameSpaces`, @owf/mdoc `status` before `documents`). Preferred
/// serialization does not fix map order, so these re-encode to equal values, not equal bytes;
/// what is signed or hashed inside them is still kept byte for byte.
const OTHER_KEY_ORDER: &[&str] = &[
    "pymdoccbor/issuer_signed.cbor",
    "owf-mdoc/response_sig.cbor",
];

fn round_trip<T: Decode + Encode + PartialEq + core::fmt::Debug>(path: &str) -> T {
    let bytes = read(path);
    let value = T::from_cbor(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
    let again = value.to_cbor();
    if OTHER_KEY_ORDER.contains(&path) {
        assert_eq!(again.len(), bytes.len(), "{path}");
        assert_eq!(
            T::from_cbor(&again).unwrap(),
            value,
            "{path} re-encodes to another value"
        );
    } else {
        assert_eq!(again, bytes, "{path} re-encodes differently");
    }
    value
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn issuer_signed_from_every_library() {
    for lib in ["auth0-mdl", "owf-mdoc", "pymdoccbor", "isomdl"] {
        let signed: IssuerSigned = round_trip(&format!("{lib}/issuer_signed.cbor"));
        let original = read(&format!("{lib}/issuer_signed.cbor"));
        assert!(
            contains(&original, &signed.issuer_auth.to_cbor()),
            "{lib}: issuerAuth bytes kept"
        );
        for (_, items) in signed.name_spaces.as_ref().unwrap() {
            assert!(
                items.iter().all(|i| contains(&original, i.encoded())),
                "{lib}: item bytes kept"
            );
        }
        let mso = signed.issuer_auth.mso();
        assert_eq!(mso.doc_type, "org.iso.18013.5.1.mDL", "{lib}");
        // Every disclosed item has a digest entry with its digestID.
        for (ns, items) in signed.name_spaces.as_ref().unwrap() {
            for item in items {
                assert!(
                    mso.digest(ns, item.digest_id).is_some(),
                    "{lib} {ns} {}",
                    item.element_identifier
                );
            }
        }
    }
}

#[test]
fn owf_digest_ids_at_and_above_two_to_the_31() {
    let signed: IssuerSigned = round_trip("owf-mdoc/issuer_signed.cbor");
    let ids: Vec<u64> = signed.name_spaces.unwrap()[0]
        .1
        .iter()
        .map(|i| i.digest_id)
        .collect();
    assert!(ids.iter().any(|&id| id >= 1 << 31), "{ids:?}");
}

#[test]
fn auth0_ill_typed_unprotected_kid_is_a_finding() {
    let signed: IssuerSigned = round_trip("auth0-mdl/issuer_signed.cbor");
    let unprotected = signed.issuer_auth.sign1().unprotected();
    assert_eq!(
        unprotected.findings,
        [HeaderFinding::IllTypedUnprotectedKid]
    );
    assert_eq!(unprotected.kid, None);
    for file in ["auth0-mdl/response_sig.cbor", "auth0-mdl/response_mac.cbor"] {
        let response: DeviceResponse = round_trip(file);
        let doc = &response.documents.unwrap()[0];
        let findings = match &doc.device_signed.device_auth {
            DeviceAuth::Signature(s) => s.unprotected().findings.clone(),
            DeviceAuth::Mac(m) => m.unprotected().findings.clone(),
        };
        assert_eq!(findings, [HeaderFinding::IllTypedUnprotectedKid], "{file}");
    }
}

#[test]
fn responses_and_requests() {
    for file in [
        "owf-mdoc/response_sig.cbor",
        "isomdl/device_response.qr.cbor",
        "isomdl/device_response.oid4vp_iso.cbor",
        "isomdl/device_response.dcapi.cbor",
    ] {
        let response: DeviceResponse = round_trip(file);
        assert_eq!(response.status, 0, "{file}");
        assert_eq!(response.documents.unwrap().len(), 1, "{file}");
    }
    for file in ["owf-mdoc/device_request.cbor", "isomdl/device_request.cbor"] {
        let request: DeviceRequest = round_trip(file);
        assert!(!request.doc_requests.is_empty(), "{file}");
    }
}

#[test]
fn transcripts_of_every_handover() {
    let t: SessionTranscript = round_trip("auth0-mdl/transcript.cbor");
    assert!(
        matches!(*t.handover(), Handover::OpenId4Vp { ref info_hash } if info_hash.len() == 32)
    );
    let t: SessionTranscript = round_trip("owf-mdoc/transcript.cbor");
    assert!(matches!(*t.handover(), Handover::OpenId4Vp { .. }));
    let t: SessionTranscript = round_trip("isomdl/session_transcript.qr.cbor");
    assert_eq!(*t.handover(), Handover::Qr);
    assert!(t.device_engagement().is_some() && t.e_reader_key().is_some());
    let t: SessionTranscript = round_trip("isomdl/session_transcript.oid4vp_iso.cbor");
    assert!(matches!(*t.handover(), Handover::Iso18013_7AnnexB { .. }));
    let t: SessionTranscript = round_trip("isomdl/session_transcript.dcapi.cbor");
    assert!(matches!(*t.handover(), Handover::OpenId4VpDcApi { .. }));
}

#[test]
fn a_transcript_keeps_the_bytes_it_was_received_as() {
    // [null, null, null] with the array head in a non-preferred two-byte form: still a
    // valid transcript, and hashed as received, so encoding must not "fix" it.
    let bytes = [0x98, 0x03, 0xf6, 0xf6, 0xf6];
    let t = SessionTranscript::from_cbor(&bytes).unwrap();
    assert_eq!(*t.handover(), Handover::Qr);
    assert_eq!(t.encoded(), bytes);
    assert_eq!(t.to_cbor(), bytes);
    let rebuilt = SessionTranscript::new(None, None, Handover::Qr);
    assert_eq!(rebuilt.encoded(), [0x83, 0xf6, 0xf6, 0xf6]);
}
