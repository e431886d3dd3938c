//! EU PID and ISO/IEC 23220 PhotoID credentials made by public implementations (the EUDI
//! reference issuer, walt.id) decode and verify in this crate: the document signer's chain to
//! the published IACA, the issuer signature over the exact MSO bytes, and the digest of every
//! element, under both crypto backends, at a time inside each credential's validity. Sources
//! and commits: `test-vectors/interop/eudi-pid/README.md`, `.../waltid-photoid/README.md`.
//!
//! No session transcript was published with any of them, so no device authentication is
//! checked here, and the crate has no public call that verifies an `IssuerSigned` alone:
//! [`verify_issuer_signed`] below puts the public pieces together.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, Value};
use iso18013::crypto::{CryptoProvider, DigestAlgorithm, EcCurve, SignatureAlgorithm, providers};
use iso18013::mso::IssuerSigned;
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{
    DeviceAuthError, Policy, ReaderSession, VerifyErrorKind, verify_device_response,
};
use iso18013::x509::{
    Certificate, CertificateRole, ChainError, Finding as ChainFinding, FindingKind, LeafRole,
    TrustStore, VerifiedChain, verify_chain,
};

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/interop/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn trust(pem_path: &str) -> TrustStore {
    TrustStore::from_iaca_pem(&String::from_utf8(read(pem_path)).unwrap()).unwrap()
}

/// Seconds since the epoch of an RFC 3339 instant.
fn at(instant: &str) -> i64 {
    iso18013::cbor::TDate::parse(instant)
        .unwrap()
        .unix_seconds()
}

/// The certificates of the `x5chain` of an `IssuerSigned`'s issuerAuth, leaf first.
fn x5chain(signed: &IssuerSigned) -> Vec<&[u8]> {
    let sign1 = signed.issuer_auth.sign1();
    sign1
        .protected()
        .header()
        .x5chain
        .as_ref()
        .or(sign1.unprotected().x5chain.as_ref())
        .expect("x5chain")
        .certificates()
        .collect()
}

/// What an issuer-signed credential proves without a device, short of its chain: the
/// issuer signature over the exact MSO bytes with the document signer's key, the MSO valid
/// at `now` and signed within the signer certificate's validity, and the digest of every
/// element. Returns the number of elements.
fn verify_mso(signed: &IssuerSigned, provider: &dyn CryptoProvider, now: i64) -> usize {
    let ds = Certificate::from_der(x5chain(signed)[0]).unwrap();
    signed
        .issuer_auth
        .sign1()
        .verify(provider, ds.public_key(), None, &[])
        .unwrap_or_else(|e| panic!("{}: issuer signature: {e}", provider.name()));
    let mso = signed.issuer_auth.mso();
    let validity = &mso.validity_info;
    assert!(
        validity.valid_from.unix_seconds() <= now && now <= validity.valid_until.unix_seconds()
    );
    let signed_at = validity.signed.unix_seconds();
    assert!(ds.not_before() <= signed_at && signed_at <= ds.not_after());
    let alg = DigestAlgorithm::from_name(&mso.digest_algorithm).expect("digest algorithm");
    let mut count = 0;
    for (ns, items) in signed.name_spaces.as_ref().expect("nameSpaces") {
        for item in items {
            let expected = mso
                .digest(ns, item.digest_id)
                .unwrap_or_else(|| panic!("no digest for {ns}/{}", item.element_identifier));
            assert_eq!(
                provider.digest(alg, item.encoded()),
                expected,
                "{}: digest of {ns}/{}",
                provider.name(),
                item.element_identifier
            );
            count += 1;
        }
    }
    count
}

/// The document signer's chain to `trust` at `now`.
fn verify_ds_chain(
    signed: &IssuerSigned,
    trust: &TrustStore,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedChain, ChainError> {
    verify_chain(
        trust,
        &x5chain(signed),
        LeafRole::DocumentSigner,
        provider,
        now,
    )
}

/// The value of `ns`/`id` in an issuer-signed credential.
fn element<'a>(signed: &'a IssuerSigned, ns: &str, id: &str) -> &'a Value {
    let (_, items) = signed
        .name_spaces
        .as_ref()
        .unwrap()
        .iter()
        .find(|(name, _)| name == ns)
        .unwrap_or_else(|| panic!("no namespace {ns}"));
    &items
        .iter()
        .find(|i| i.element_identifier == id)
        .unwrap_or_else(|| panic!("no {ns}/{id}"))
        .element_value
}

fn full_date(text: &str) -> Value {
    Value::Tag(1004, Box::new(Value::from(text)))
}

const PID: &str = "eu.europa.ec.eudi.pid.1";

/// The reference issuer's IACA "PID Issuer CA - EU 01" has a P-384 key but signed the
/// document signer's certificate with ecdsa-with-SHA256. Annex B of ISO/IEC 18013-5
/// allows any of ecdsa-with-SHA256/384/512 whatever the issuer's curve (so do RFC 5758,
/// RFC 5480 and the EUDI validators), and `x509::verify_chain` verifies it through
/// `CryptoProvider::ecdsa_verify_with_digest`. The whole issuer side verifies: the
/// chain, the issuer signature (P-256, ES256), the MSO, every digest.
#[test]
fn eudi_reference_issuer_pid_verifies_with_its_p384_iaca_signing_with_sha256() {
    // Issued 2024-10-23 by the EUDI reference issuer ("PID DS - 0001" under "PID Issuer CA -
    // EU 01"); the MSO is valid until 2025-01-21, the document signer until 2024-11-25.
    let signed = IssuerSigned::from_cbor(&read("eudi-pid/issuer_signed_2024.cbor")).unwrap();
    let mso = signed.issuer_auth.mso();
    assert_eq!(mso.doc_type, PID);
    assert_eq!(mso.digest_algorithm, "SHA-256");
    let trust = trust("eudi-pid/pid_issuer_ca_eu01.pem");
    let iaca = &trust.iaca_roots()[0];
    let ds = Certificate::from_der(x5chain(&signed)[0]).unwrap();
    // sha256WithECDSA (1.2.840.10045.4.3.2) over a P-384 issuer key.
    let ecdsa_with_sha256 = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    assert!(ds.der().windows(10).any(|w| w == ecdsa_with_sha256));
    assert_eq!(ds.signature_digest(), Some(DigestAlgorithm::Sha256));
    assert_eq!(iaca.public_key().len(), 97, "an uncompressed P-384 point");
    assert_eq!(iaca.curve(), Some(EcCurve::P384));
    let now = at("2024-11-01T00:00:00Z");
    for provider in providers() {
        assert_eq!(verify_mso(&signed, provider, now), 8, "{}", provider.name());
        let chain = verify_ds_chain(&signed, &trust, provider, now)
            .unwrap_or_else(|e| panic!("{}: chain refused: {e}", provider.name()));
        assert_eq!(chain.anchor(), iaca, "{}", provider.name());
        assert_eq!(chain.leaf(), &ds, "{}", provider.name());
        assert_eq!(chain.issuing_country(), Some("EU"), "{}", provider.name());
        // Its extKeyUsage is the EU PID rulebook's document signer purpose
        // (1.3.130.2.0.0.1.2), not ISO's: accepted, and said.
        assert_eq!(
            chain.findings(),
            [ChainFinding {
                role: CertificateRole::DocumentSigner,
                kind: FindingKind::EudiPidExtendedKeyUsage,
            }],
            "{}",
            provider.name()
        );
        // The DS certificate expires on 2024-11-25: after that the chain is refused for
        // its time, no longer for its algorithm.
        assert!(
            matches!(
                verify_ds_chain(&signed, &trust, provider, at("2024-12-01T00:00:00Z")),
                Err(ChainError::Expired { .. })
            ),
            "{}",
            provider.name()
        );
        // The signature is over SHA-256: checked as SHA-384 (the curve's own hash), it
        // would not verify.
        let raw = SignatureAlgorithm::Es384
            .signature_from_der(ds.signature())
            .unwrap();
        let tbs = ds.tbs_der();
        for (digest, verifies) in [
            (DigestAlgorithm::Sha256, true),
            (DigestAlgorithm::Sha384, false),
            (DigestAlgorithm::Sha512, false),
        ] {
            let verdict = provider.ecdsa_verify_with_digest(
                EcCurve::P384,
                digest,
                iaca.public_key(),
                tbs,
                &raw,
            );
            assert_eq!(verdict.is_ok(), verifies, "{} {digest:?}", provider.name());
        }
    }
    // The rulebook's types as the reference issuer wrote them: full-dates tagged 1004.
    assert_eq!(
        element(&signed, PID, "birth_date"),
        &full_date("1965-01-01")
    );
    assert_eq!(
        element(&signed, PID, "issuance_date"),
        &full_date("2024-10-23")
    );
    assert_eq!(
        element(&signed, PID, "expiry_date"),
        &full_date("2025-01-21")
    );
    assert_eq!(element(&signed, PID, "family_name"), &Value::from("Garcia"));
    assert_eq!(element(&signed, PID, "issuing_country"), &Value::from("EU"));
    assert_eq!(element(&signed, PID, "age_over_18"), &Value::Bool(true));
}

#[test]
fn waltid_photoid_is_refused_under_another_iaca_and_out_of_its_validity() {
    let signed = IssuerSigned::from_cbor(&read("waltid-photoid/issuer_signed.cbor")).unwrap();
    let other = trust("eudi-pid/pid_issuer_ca_eu01.pem");
    let own = trust("waltid-photoid/iaca.pem");
    for provider in providers() {
        let now = at("2026-01-01T00:00:00Z");
        assert!(matches!(
            verify_ds_chain(&signed, &other, provider, now),
            Err(ChainError::UntrustedIssuer { .. })
        ));
        // The document signer certificate expires on 2026-09-02.
        let later = at("2026-10-01T00:00:00Z");
        assert!(matches!(
            verify_ds_chain(&signed, &own, provider, later),
            Err(ChainError::Expired { .. })
        ));
    }
}

/// The reference issuer's PID of May 2025 (as a wallet presented it) carries an MSO
/// `status` whose `identifier_list.id` is the text "4881", where the CDDL of ISO/IEC
/// 18013-5 (2nd edition, 12.3.6.4) and every draft since have a byte string. The crate
/// reads that deployed form (its UTF-8 bytes as the identifier, the text kept as
/// received; the verifier reports `Finding::TextIdentifierListId`, see
/// `tests/status_forms.rs`), so the whole issuer side verifies: the chain to "PID Issuer
/// CA 02" (a P-256 IACA), the issuer signature over the exact MSO bytes, the MSO's
/// validity, every digest. No session transcript was published, so the device signature
/// cannot be checked: the verifier gets through every issuer check and stops there.
#[test]
fn eudi_reference_issuer_pid_of_2025_with_a_text_identifier_list_id_verifies() {
    let bytes = read("eudi-pid/device_response_2025.cbor");
    // The offending value is there, as text.
    let text_id = [0x62, b'i', b'd', 0x64, b'4', b'8', b'8', b'1'];
    assert!(bytes.windows(text_id.len()).any(|w| w == text_id));
    let response = DeviceResponse::from_cbor(&bytes).unwrap();
    // Nothing is lost: encoded again, the response is the bytes received.
    assert_eq!(response.to_cbor(), bytes);
    let document = &response.documents.as_ref().unwrap()[0];
    assert_eq!(document.doc_type, PID);
    let signed = &document.issuer_signed;
    let mso = signed.issuer_auth.mso();
    assert_eq!(mso.doc_type, PID);
    // The MSO as signed still holds the text form.
    assert!(mso.encoded().windows(text_id.len()).any(|w| w == text_id));
    let status = mso.status.as_ref().expect("status");
    let identifier_list = status.identifier_list.as_ref().expect("identifier_list");
    assert_eq!(identifier_list.text_id(), Some("4881"));
    assert_eq!(identifier_list.id, b"4881");
    assert!(
        identifier_list.uri.starts_with("https://"),
        "{}",
        identifier_list.uri
    );
    assert!(status.status_list.is_some());

    let trust = trust("eudi-pid/pid_issuer_ca_eu02.pem");
    let iaca = &trust.iaca_roots()[0];
    assert_eq!(
        iaca.subject(),
        "C=EU,O=EUDI Wallet Reference Implementation,CN=PID Issuer CA 02"
    );
    // Signed 2025-05-27, valid until 2025-08-25; the DS certificate from 2025-04-10.
    let now = at("2025-06-01T00:00:00Z");
    for provider in providers() {
        let chain = verify_ds_chain(signed, &trust, provider, now)
            .unwrap_or_else(|e| panic!("{}: chain refused: {e}", provider.name()));
        assert_eq!(chain.anchor(), iaca, "{}", provider.name());
        assert_eq!(chain.issuing_country(), Some("EU"));
        assert_eq!(
            chain.findings(),
            [ChainFinding {
                role: CertificateRole::DocumentSigner,
                kind: FindingKind::EudiPidExtendedKeyUsage,
            }],
            "{}",
            provider.name()
        );
        assert_eq!(verify_mso(signed, provider, now), 8, "{}", provider.name());
        // The verifier itself: every issuer-side check passes, device authentication
        // (over a transcript we do not have) is where it stops.
        let error = verify_device_response(
            &bytes,
            &ReaderSession::new(&unknown_transcript()),
            &trust,
            &Policy::new(provider),
            now,
        )
        .unwrap_err();
        assert_eq!(
            error.kind,
            VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature),
            "{}",
            provider.name()
        );
    }
    assert_eq!(element(signed, PID, "issuing_country"), &Value::from("EU"));
}

/// A session transcript: not the one the wallet signed, which was not published.
fn unknown_transcript() -> SessionTranscript {
    SessionTranscript::new(
        None,
        None,
        Handover::OpenId4Vp {
            info_hash: vec![0; 32],
        },
    )
}

const PHOTO_ID: &str = "org.iso.23220.photoid.1";

#[test]
fn waltid_photoid_verifies_under_its_iaca() {
    // walt.id's PhotoID (docType org.iso.23220.photoid.1) of 2025-09-19, in the N4583-era
    // layout: the 23220-2 elements in the mDL namespace with `_unicode` names, and the
    // data groups in `org.iso.23220.dtc.1`. Its MSO dates carry fractional seconds.
    let signed = IssuerSigned::from_cbor(&read("waltid-photoid/issuer_signed.cbor")).unwrap();
    let mso = signed.issuer_auth.mso();
    assert_eq!(mso.doc_type, PHOTO_ID);
    assert_eq!(
        mso.validity_info.signed.as_str(),
        "2025-09-19T06:18:08.356890352Z"
    );
    let trust = trust("waltid-photoid/iaca.pem");
    let now = at("2026-01-01T00:00:00Z");
    for provider in providers() {
        let chain = verify_ds_chain(&signed, &trust, provider, now)
            .unwrap_or_else(|e| panic!("{}: {e}", provider.name()));
        assert_eq!(chain.issuing_country(), Some("AT"));
        assert_eq!(
            verify_mso(&signed, provider, now),
            21 + 9 + 2,
            "{}",
            provider.name()
        );
    }
    let names: Vec<&str> = signed
        .name_spaces
        .as_ref()
        .unwrap()
        .iter()
        .map(|(ns, _)| ns.as_str())
        .collect();
    assert_eq!(
        names,
        ["org.iso.18013.5.1", PHOTO_ID, "org.iso.23220.dtc.1"]
    );
    assert_eq!(
        element(&signed, "org.iso.18013.5.1", "family_name_unicode"),
        &Value::from("Doe")
    );
    assert_eq!(
        element(&signed, PHOTO_ID, "person_id"),
        &Value::from("AT12345")
    );
    // walt.id writes dates untagged here: a plain text, not a full-date.
    assert_eq!(
        element(&signed, "org.iso.18013.5.1", "birth_date"),
        &Value::from("2000-01-20")
    );
}

#[test]
fn waltid_photoid_document_has_no_device_signed_part() {
    // The walt.id fixture is a Document {docType, issuerSigned} as stored in a wallet, with
    // no deviceSigned: as a DeviceResponse Document it is refused, as ISO requires the field.
    let bytes = read("waltid-photoid/document.cbor");
    let error = iso18013::response::Document::from_cbor(&bytes)
        .unwrap_err()
        .to_string();
    assert!(error.contains("deviceSigned"), "{error}");
    let issuer_signed = read("waltid-photoid/issuer_signed.cbor");
    assert!(bytes.ends_with(&issuer_signed));
}
