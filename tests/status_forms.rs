//! The MSO's `status` as deployed: an `identifier_list` whose `id` is a text string (the
//! EUDI reference issuer's PID of 2025, `"id": "4881"`) where ISO/IEC 18013-5 (2nd
//! edition, 12.3.6.4) has a byte string. It decodes, keeps its text form through the
//! signed MSO bytes and re-encoding, and the verifier reports
//! `Finding::TextIdentifierListId`; a byte-string `id` verifies with no finding, and an
//! `id` of any other type is refused as malformed. Under every backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, TDate, Value};
use iso18013::crypto::{CryptoProvider, EcCurve, SystemRandom, providers};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::mso::{IdentifierListInfo, IssuerSigned, Status};
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{Finding, Policy, ReaderSession, VerifiedResponse, verify_device_response};
use iso18013::x509::{TrustStore, generate};

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

const URI: &str = "https://issuer.example/identifier-list";

/// An identifier list entry whose `id` is the text "4881", as the EUDI issuer writes it.
fn text_id_list() -> IdentifierListInfo {
    IdentifierListInfo {
        id: b"4881".to_vec(),
        uri: URI.to_string(),
        certificate: None,
        rest: vec![("id".to_string(), Value::from("4881"))],
    }
}

fn bytes_id_list() -> IdentifierListInfo {
    IdentifierListInfo {
        id: vec![0x48, 0x81],
        uri: URI.to_string(),
        certificate: None,
        rest: Vec::new(),
    }
}

/// Issues an mDL with `status`, presents it and verifies the response at 2026-06-01.
fn issue_and_verify(
    provider: &'static dyn CryptoProvider,
    status: Status,
) -> (IssuerSigned, VerifiedResponse) {
    let mut rng = SystemRandom(provider);
    let key = || {
        provider
            .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
            .unwrap()
    };
    let (iaca_key, ds_key, device_key) = (key(), key(), key());
    let params = |cn| generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at("2025-01-01T00:00:00Z"),
        not_after: at("2026-12-31T00:00:00Z"),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    };
    let iaca = generate::iaca(provider, &iaca_key, &params("IACA"), &mut rng).unwrap();
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &provider.ec_public_key(&ds_key).unwrap(),
        EcCurve::P256,
        &params("DS"),
        &mut rng,
    )
    .unwrap();
    let date = |t| TDate::parse(t).unwrap();
    let device =
        cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(&device_key).unwrap()).unwrap();
    let builder = MdocBuilder::with_required(
        mdl::DOC_TYPE,
        device,
        Validity::new(
            date("2026-01-01T00:00:00Z"),
            date("2026-01-01T00:00:00Z"),
            date("2027-01-01T00:00:00Z"),
        ),
    )
    .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
    .status(status);
    let issued = Issuer::new(vec![ds.der().to_vec()])
        .with_doctypes(Registry::builtin().all_optional())
        .issue(
            builder,
            provider,
            &KeySigner::new(provider, ds_key),
            &mut rng,
        )
        .unwrap();
    let transcript = SessionTranscript::new(
        None,
        None,
        Handover::OpenId4Vp {
            info_hash: vec![1; 32],
        },
    );
    let selection: Selection =
        (mdl::NAME_SPACE.to_string(), vec!["family_name".to_string()]).into();
    let document = present_document(
        &issued,
        &selection,
        &device_key,
        Default::default(),
        &transcript,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    let response = DeviceResponse {
        version: "1.0".to_string(),
        documents: Some(vec![document]),
        document_errors: None,
        status: 0,
        rest: Vec::new(),
    };
    let mut trust = TrustStore::new();
    trust.add_iaca(iaca);
    let verified = verify_device_response(
        &response.to_cbor(),
        &ReaderSession::new(&transcript),
        &trust,
        &Policy::new(provider),
        at("2026-06-01T00:00:00Z"),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
    (issued, verified)
}

#[test]
fn a_text_identifier_list_id_verifies_with_a_finding() {
    let text_id = [0x62, b'i', b'd', 0x64, b'4', b'8', b'8', b'1'];
    for provider in providers() {
        let status = Status {
            identifier_list: Some(text_id_list()),
            ..Status::default()
        };
        let (issued, verified) = issue_and_verify(provider, status);
        // The signed MSO carries the text form, as the EUDI issuer's does.
        let mso_bytes = issued.issuer_auth.mso().encoded();
        assert!(mso_bytes.windows(text_id.len()).any(|w| w == text_id));
        let document = &verified.documents()[0];
        // No list is resolved here: the status is unavailable, which the default policy
        // notes.
        assert_eq!(
            document.findings(),
            [Finding::TextIdentifierListId, Finding::StatusUnavailable],
            "{}",
            provider.name()
        );
        let list = document
            .status()
            .and_then(|s| s.identifier_list.as_ref())
            .unwrap();
        assert_eq!(list.text_id(), Some("4881"));
        assert_eq!(list.id, b"4881");
        assert_eq!(list, &text_id_list());
    }
}

#[test]
fn a_byte_string_identifier_list_id_verifies_without_the_text_finding() {
    for provider in providers() {
        let status = Status {
            identifier_list: Some(bytes_id_list()),
            ..Status::default()
        };
        let (_, verified) = issue_and_verify(provider, status);
        let document = &verified.documents()[0];
        assert_eq!(
            document.findings(),
            [Finding::StatusUnavailable],
            "{}",
            provider.name()
        );
        let list = document
            .status()
            .and_then(|s| s.identifier_list.as_ref())
            .unwrap();
        assert_eq!(list.text_id(), None);
        assert_eq!(list, &bytes_id_list());
    }
}

/// `{"id": <id>, "uri": URI}` in CBOR.
fn identifier_list_with(id: Value) -> Vec<u8> {
    Value::Map(vec![
        (Value::from("id"), id),
        (Value::from("uri"), Value::from(URI)),
    ])
    .to_cbor()
}

#[test]
fn the_text_form_survives_re_encoding_and_other_types_are_refused() {
    let text = identifier_list_with(Value::from("4881"));
    let decoded = IdentifierListInfo::from_cbor(&text).unwrap();
    assert_eq!(decoded.id, b"4881");
    assert_eq!(decoded.text_id(), Some("4881"));
    // Encoded again: the same entries, the id still text (after the known fields).
    let again = decoded.to_cbor();
    assert_eq!(
        Value::from_cbor(&again).unwrap(),
        Value::Map(vec![
            (Value::from("uri"), Value::from(URI)),
            (Value::from("id"), Value::from("4881")),
        ])
    );
    assert_eq!(IdentifierListInfo::from_cbor(&again).unwrap(), decoded);
    // A byte string: the CDDL's form, written back as it came.
    let bytes = identifier_list_with(Value::Bytes(vec![0x48, 0x81]));
    let decoded = IdentifierListInfo::from_cbor(&bytes).unwrap();
    assert_eq!((decoded.text_id(), decoded.to_cbor()), (None, bytes));
    // Anything else is no identifier.
    for id in [
        Value::from(4881u64),
        Value::Array(vec![Value::from("4881")]),
        Value::Null,
        Value::Tag(24, Box::new(Value::Bytes(vec![0x48]))),
    ] {
        let error = IdentifierListInfo::from_cbor(&identifier_list_with(id.clone()))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("IdentifierListInfo.id") && error.contains("expected byte string"),
            "{id:?}: {error}"
        );
    }
    // A missing id is still refused, and so is an id given twice in both forms.
    let missing = Value::Map(vec![(Value::from("uri"), Value::from(URI))]).to_cbor();
    let error = IdentifierListInfo::from_cbor(&missing)
        .unwrap_err()
        .to_string();
    assert!(error.contains("IdentifierListInfo.id"), "{error}");
    let twice = Value::Map(vec![
        (Value::from("id"), Value::from("4881")),
        (Value::from("id"), Value::Bytes(vec![0x48, 0x81])),
        (Value::from("uri"), Value::from(URI)),
    ])
    .to_cbor();
    assert!(IdentifierListInfo::from_cbor(&twice).is_err());
}
