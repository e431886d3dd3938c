//! iso18013 and isomdl 0.2.0 verifying the same response, `device_response.qr.cbor` made
//! by isomdl (one mDL, deviceSignature, QR-handover transcript), in one criterion run.
//!
//! isomdl's reader does, after decrypting a SessionData: decode the DeviceResponse, find
//! the mDL and its x5chain (`reader::parse`), then `reader_utils::validate_response`:
//! device signature, the document signer against the IACA (validity at the system clock,
//! profile, the IACA's signature on it), the issuer signature. It checks no digest and
//! no MSO validity. Both sides below start from the same plaintext DeviceResponse bytes;
//! neither decrypts.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use isomdl::definitions::x509::trust_anchor::{PemTrustAnchor, TrustAnchorRegistry, TrustPurpose};
use isomdl::definitions::{DeviceResponse as IsomdlResponse, SessionTranscript180135};
use isomdl::presentation::authentication::AuthenticationStatus;
use isomdl::presentation::{reader, reader_utils};

use iso18013::cbor::{Decode, TDate};
use iso18013::crypto::providers;
use iso18013::session::SessionTranscript;
use iso18013::verify::{Policy, ReaderSession, Verifier, verify_device_response};
use iso18013::x509::TrustStore;

const DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../test-vectors/interop/isomdl"
);

fn read(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DIR}/{name}")).unwrap()
}

/// isomdl's verification of a plaintext DeviceResponse, as `handle_response` does it.
fn isomdl_verify(
    bytes: &[u8],
    transcript: &SessionTranscript180135,
    registry: &TrustAnchorRegistry,
) -> (AuthenticationStatus, AuthenticationStatus) {
    let response: IsomdlResponse = isomdl::cbor::from_slice(bytes).unwrap();
    let (document, x5chain, namespaces) = reader::parse(&response).unwrap();
    let outcome = reader_utils::validate_response(
        transcript.clone(),
        registry.clone(),
        x5chain,
        document.clone(),
        namespaces,
    );
    (outcome.issuer_authentication, outcome.device_authentication)
}

fn compare(c: &mut Criterion) {
    let bytes = read("device_response.qr.cbor");
    let iaca_pem = String::from_utf8(read("iaca.cert.pem")).unwrap();

    let isomdl_transcript: SessionTranscript180135 =
        isomdl::cbor::from_slice(&read("session_transcript.qr.cbor")).unwrap();
    let registry = TrustAnchorRegistry::from_pem_certificates(vec![PemTrustAnchor {
        certificate_pem: iaca_pem.clone(),
        purpose: TrustPurpose::Iaca,
    }])
    .unwrap();
    let outcome = isomdl_verify(&bytes, &isomdl_transcript, &registry);
    assert_eq!(
        outcome,
        (AuthenticationStatus::Valid, AuthenticationStatus::Valid),
        "isomdl must accept the response for the comparison to mean anything"
    );

    let transcript = SessionTranscript::from_cbor(&read("session_transcript.qr.cbor")).unwrap();
    let session = ReaderSession::new(&transcript);
    let trust = TrustStore::from_iaca_pem(&iaca_pem).unwrap();
    let now = TDate::parse("2026-12-01T00:00:00Z").unwrap().unix_seconds();

    let mut g = c.benchmark_group("compare");
    g.bench_function("isomdl-0.2.0", |b| {
        b.iter(|| isomdl_verify(black_box(&bytes), &isomdl_transcript, &registry))
    });
    for provider in providers() {
        let policy = Policy::new(provider);
        let name = provider.name();
        g.bench_function(format!("iso18013/{name}/cold"), |b| {
            b.iter(|| verify_device_response(black_box(&bytes), &session, &trust, &policy, now).unwrap())
        });
        let verifier = Verifier::new(trust.clone(), policy.clone());
        verifier.verify(&bytes, &session, now).unwrap();
        g.bench_function(format!("iso18013/{name}/warm"), |b| {
            b.iter(|| verifier.verify(black_box(&bytes), &session, now).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
