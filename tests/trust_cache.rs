//! The trust cache (DESIGN §5) and the `Verifier` around it: hits and misses, expiry at
//! the chain's validity bounds, a changed store, the size bound and its eviction order,
//! tampered certificates that never hit, a warm hit that still checks the issuer's
//! signature, and `verify_many` in input order. Under every backend.
#![cfg(feature = "std")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, TDate};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SystemRandom, providers};
use iso18013::response::DeviceResponse;
use iso18013::session::SessionTranscript;
use iso18013::verify::{
    DeviceAuthError, IssuerError, Policy, ReaderSession, ValidityError, Verifier, VerifyErrorKind,
};
use iso18013::x509::{
    CacheStats, Certificate, ChainError, LeafRole, TrustCache, TrustStore, generate,
};

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

fn params<'a>(cn: &'a str, from: &str, until: &str) -> generate::CertificateParams<'a> {
    generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at(from),
        not_after: at(until),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    }
}

/// An IACA (2025..2030) and document signers under it with the given validity.
struct Pki {
    iaca: Certificate,
    iaca_key: EcPrivateKey,
    provider: &'static dyn CryptoProvider,
}

impl Pki {
    fn new(provider: &'static dyn CryptoProvider, from: &str, until: &str) -> Self {
        let iaca_key = key(provider);
        let iaca = generate::iaca(
            provider,
            &iaca_key,
            &params("IACA", from, until),
            &mut SystemRandom(provider),
        )
        .unwrap();
        Self {
            iaca,
            iaca_key,
            provider,
        }
    }

    fn ds(&self, cn: &str, from: &str, until: &str) -> Certificate {
        let p = self.provider;
        generate::document_signer(
            p,
            &self.iaca_key,
            &self.iaca,
            &p.ec_public_key(&key(p)).unwrap(),
            EcCurve::P256,
            &params(cn, from, until),
            &mut SystemRandom(p),
        )
        .unwrap()
    }

    fn trust(&self) -> TrustStore {
        let mut trust = TrustStore::new();
        trust.add_iaca(self.iaca.clone());
        trust
    }
}

fn key(provider: &dyn CryptoProvider) -> EcPrivateKey {
    provider
        .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
        .unwrap()
}

const DS: LeafRole = LeafRole::DocumentSigner;

fn stats(hits: u64, misses: u64) -> CacheStats {
    CacheStats { hits, misses }
}

#[test]
fn a_second_look_hits_and_skips_nothing_else() {
    for p in providers() {
        let pki = Pki::new(p, "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        let ds = pki.ds("DS", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
        let trust = pki.trust();
        let cache = TrustCache::new(8);
        let now = at("2026-06-01T00:00:00Z");
        let first = cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        assert!(!first.was_cached());
        let second = cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        assert!(second.was_cached());
        assert_eq!(first.chain(), second.chain());
        assert_eq!(cache.stats(), stats(1, 1));
        assert_eq!(cache.len(), 1);
        // The same certificate as a reader leaf is another question, asked in full.
        assert!(
            cache
                .verify_chain(&trust, &[ds.der()], LeafRole::Reader, p, now)
                .is_err()
        );
        assert_eq!(cache.stats(), stats(1, 2));
        // The prepared key verifies what the leaf's key signed, and nothing else.
        let msg = b"to be signed";
        let alg = iso18013::crypto::SignatureAlgorithm::Es256;
        let (ds_key, ds_cert) = {
            let k = key(p);
            let c = generate::document_signer(
                p,
                &pki.iaca_key,
                &pki.iaca,
                &p.ec_public_key(&k).unwrap(),
                EcCurve::P256,
                &params("DS2", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                &mut SystemRandom(p),
            )
            .unwrap();
            (k, c)
        };
        let sig = p.ecdsa_sign(alg, &ds_key, msg).unwrap();
        for _ in 0..2 {
            let c = cache
                .verify_chain(&trust, &[ds_cert.der()], DS, p, now)
                .unwrap();
            c.verify_signature(p, alg, msg, &sig).unwrap();
            assert!(c.verify_signature(p, alg, b"other", &sig).is_err());
            let mut bad = sig.clone();
            bad[10] ^= 1;
            assert!(c.verify_signature(p, alg, msg, &bad).is_err());
        }
    }
}

#[test]
fn a_tampered_certificate_never_hits() {
    for p in providers() {
        let pki = Pki::new(p, "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        let ds = pki.ds("DS", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
        let trust = pki.trust();
        let cache = TrustCache::new(8);
        let now = at("2026-06-01T00:00:00Z");
        cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        let der = ds.der().to_vec();
        // A byte of the signature, a byte of the subject's name, a byte of the key.
        let name = der.windows(2).position(|w| w == b"DS").unwrap();
        let key = der.len() - 100;
        for position in [der.len() - 1, name, key] {
            let mut tampered = der.clone();
            tampered[position] ^= 0x01;
            let before = cache.stats();
            assert!(
                cache
                    .verify_chain(&trust, &[&tampered], DS, p, now)
                    .is_err(),
                "byte {position} under {}",
                p.name()
            );
            assert_eq!(cache.stats().hits, before.hits);
            assert_eq!(cache.stats().misses, before.misses + 1);
        }
        // Failures are not remembered; the genuine one still hits.
        assert_eq!(cache.len(), 1);
        assert!(
            cache
                .verify_chain(&trust, &[ds.der()], DS, p, now)
                .unwrap()
                .was_cached()
        );
    }
}

#[test]
fn entries_answer_only_within_every_certificates_validity() {
    for p in providers() {
        // The IACA ends before the document signer: the chain ends with the IACA.
        let pki = Pki::new(p, "2025-01-01T00:00:00Z", "2026-12-01T00:00:00Z");
        let ds = pki.ds("DS", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
        let trust = pki.trust();
        let cache = TrustCache::new(8);
        let now = at("2026-06-01T00:00:00Z");
        let chain = cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        assert_eq!(chain.chain().valid_from(), at("2025-06-01T00:00:00Z"));
        assert_eq!(chain.chain().valid_until(), at("2026-12-01T00:00:00Z"));
        // The last second of the IACA still hits; the next one is validated and fails.
        let last = at("2026-12-01T00:00:00Z");
        assert!(
            cache
                .verify_chain(&trust, &[ds.der()], DS, p, last)
                .unwrap()
                .was_cached()
        );
        assert!(matches!(
            cache.verify_chain(&trust, &[ds.der()], DS, p, last + 1),
            Err(ChainError::Expired { .. })
        ));
        // Before the document signer's notBefore: validated, and refused.
        let early = at("2025-05-31T23:59:59Z");
        assert!(matches!(
            cache.verify_chain(&trust, &[ds.der()], DS, p, early),
            Err(ChainError::NotYetValid { .. })
        ));
        assert_eq!(cache.stats(), stats(1, 3));
    }
}

#[test]
fn a_changed_store_retires_every_entry() {
    for p in providers() {
        let pki = Pki::new(p, "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        let ds = pki.ds("DS", "2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
        let mut trust = pki.trust();
        let cache = TrustCache::new(8);
        let now = at("2026-06-01T00:00:00Z");
        cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        // Another anchor added: validated again (and still trusted).
        let other = Pki::new(p, "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
        trust.add_iaca(other.iaca.clone());
        let again = cache.verify_chain(&trust, &[ds.der()], DS, p, now).unwrap();
        assert!(!again.was_cached());
        // A store without the IACA: nothing cached under another store helps.
        let without = other.trust();
        assert!(
            cache
                .verify_chain(&without, &[ds.der()], DS, p, now)
                .is_err()
        );
        assert_eq!(cache.stats(), stats(0, 3));
        // A clone holds the same anchors and shares the entries.
        let clone = trust.clone();
        assert!(
            cache
                .verify_chain(&clone, &[ds.der()], DS, p, now)
                .unwrap()
                .was_cached()
        );
    }
}

#[test]
fn the_bound_holds_and_the_least_recently_used_gives_way() {
    let p = providers()[0];
    let pki = Pki::new(p, "2025-01-01T00:00:00Z", "2030-01-01T00:00:00Z");
    let (from, until) = ("2025-06-01T00:00:00Z", "2027-01-01T00:00:00Z");
    let [a, b, c] = ["A", "B", "C"].map(|cn| pki.ds(cn, from, until));
    let trust = pki.trust();
    let now = at("2026-06-01T00:00:00Z");
    let cache = TrustCache::new(2);
    let look = |cert: &Certificate| {
        cache
            .verify_chain(&trust, &[cert.der()], DS, p, now)
            .unwrap()
            .was_cached()
    };
    assert!(!look(&a));
    assert!(!look(&b));
    assert!(look(&a)); // a is now more recent than b
    assert!(!look(&c)); // b gives way
    assert_eq!(cache.len(), 2);
    assert!(look(&a));
    assert!(look(&c));
    assert!(!look(&b));
    assert_eq!(cache.len(), 2);

    let none = TrustCache::new(0);
    for _ in 0..2 {
        let chain = none.verify_chain(&trust, &[a.der()], DS, p, now).unwrap();
        assert!(!chain.was_cached());
    }
    assert!(none.is_empty());
    cache.clear();
    assert!(cache.is_empty());
}

#[test]
fn caches_and_verifiers_are_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<TrustCache>();
    shared::<Verifier>();
}

fn interop(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/interop/isomdl/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The isomdl QR response with one byte of its issuer signature flipped.
fn with_bad_issuer_signature(response: &[u8]) -> Vec<u8> {
    let decoded = DeviceResponse::from_cbor(response).unwrap();
    let doc = &decoded.documents.as_ref().unwrap()[0];
    let signature = doc.issuer_signed.issuer_auth.sign1().signature().to_vec();
    let at = response
        .windows(signature.len())
        .position(|w| w == signature.as_slice())
        .unwrap();
    let mut tampered = response.to_vec();
    tampered[at + 5] ^= 0x01;
    tampered
}

#[test]
fn a_warm_verifier_still_checks_the_issuer_signature_and_every_other_thing() {
    let now = at("2026-12-01T00:00:00Z");
    let response = interop("device_response.qr.cbor");
    let bad = with_bad_issuer_signature(&response);
    let transcript = SessionTranscript::from_cbor(&interop("session_transcript.qr.cbor")).unwrap();
    let wrong_transcript =
        SessionTranscript::from_cbor(&interop("session_transcript.dcapi.cbor")).unwrap();
    for p in providers() {
        let trust =
            TrustStore::from_iaca_pem(&String::from_utf8(interop("iaca.cert.pem")).unwrap())
                .unwrap();
        let verifier = Verifier::new(trust, Policy::new(p));
        let session = ReaderSession::new(&transcript);
        let cold = verifier.verify(&response, &session, now).unwrap();
        let warm = verifier.verify(&response, &session, now).unwrap();
        assert_eq!(verifier.cache().stats(), stats(1, 1));
        assert_eq!(
            cold.documents()[0].issuer_signed(),
            warm.documents()[0].issuer_signed()
        );
        let error = verifier.verify(&bad, &session, now).unwrap_err();
        assert_eq!(
            error.kind,
            VerifyErrorKind::Issuer(IssuerError::Signature),
            "{}",
            p.name()
        );
        assert_eq!(verifier.cache().stats(), stats(2, 1));
        // Device authentication still runs on a hit.
        let error = verifier
            .verify(&response, &ReaderSession::new(&wrong_transcript), now)
            .unwrap_err();
        assert_eq!(
            error.kind,
            VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature)
        );
        // So does the MSO's validity: the chain is valid and cached, the document not
        // yet valid (validFrom 2026-11-23T03:47:03Z, the signer's notBefore a day earlier).
        let error = verifier
            .verify(&response, &session, at("2026-11-22T12:00:00Z"))
            .unwrap_err();
        assert_eq!(
            error.kind,
            VerifyErrorKind::Validity(ValidityError::NotYetValid)
        );
        assert_eq!(verifier.cache().stats(), stats(4, 1));
    }
}

#[test]
fn a_verifier_with_new_anchors_forgets_its_chains() {
    let now = at("2026-12-01T00:00:00Z");
    let response = interop("device_response.qr.cbor");
    let transcript = SessionTranscript::from_cbor(&interop("session_transcript.qr.cbor")).unwrap();
    let session = ReaderSession::new(&transcript);
    let iaca = String::from_utf8(interop("iaca.cert.pem")).unwrap();
    let mut verifier = Verifier::new(TrustStore::from_iaca_pem(&iaca).unwrap(), Policy::default());
    verifier.verify(&response, &session, now).unwrap();
    verifier.set_trust(TrustStore::new());
    let error = verifier.verify(&response, &session, now).unwrap_err();
    assert!(matches!(error.kind, VerifyErrorKind::Untrusted(_)));
    verifier.trust_mut().add_iaca_pem(&iaca).unwrap();
    verifier.verify(&response, &session, now).unwrap();
    assert_eq!(verifier.cache().stats(), stats(0, 3));
}

#[test]
fn verify_many_keeps_input_order_on_any_number_of_threads() {
    let now = at("2026-12-01T00:00:00Z");
    let good = interop("device_response.qr.cbor");
    let bad = with_bad_issuer_signature(&good);
    let transcript = SessionTranscript::from_cbor(&interop("session_transcript.qr.cbor")).unwrap();
    let session = ReaderSession::new(&transcript);
    let trust =
        TrustStore::from_iaca_pem(&String::from_utf8(interop("iaca.cert.pem")).unwrap()).unwrap();
    for p in providers() {
        let verifier = Verifier::new(trust.clone(), Policy::new(p));
        let batch: Vec<(&[u8], ReaderSession<'_>)> = (0..23)
            .map(|i| {
                let bytes: &[u8] = if i % 5 == 3 { &bad } else { &good };
                (bytes, session)
            })
            .collect();
        for threads in [0, 1, 2, 3, 64] {
            let results = verifier.verify_many_on(&batch, now, threads);
            assert_eq!(results.len(), batch.len());
            for (i, result) in results.iter().enumerate() {
                assert_eq!(result.is_err(), i % 5 == 3, "{i} on {threads} threads");
            }
        }
        assert!(verifier.verify_many(&[], now).is_empty());
        assert_eq!(verifier.verify_many(&batch, now).len(), 23);
    }
}
