//! Certificates signed with a hash other than their issuer's curve's own: Annex B lets a
//! certificate be signed with ecdsa-with-SHA256, -SHA384 or -SHA512 whatever the
//! issuer's curve, and the EUDI reference issuer's P-384 IACA signs with SHA-256. Every
//! pairing makes a chain that validates under every backend; the signatures are made
//! by `rustcrypto::sign_with_digest`, as the providers sign only their own pairings.

use alloc::format;

use super::super::asn1::ecdsa_oid;
use super::super::tbs::certificate_der;
use super::*;
use crate::crypto::rustcrypto::{RustCrypto, sign_with_digest};
use crate::crypto::{DigestAlgorithm, providers};

const CURVES: [EcCurve; 3] = [EcCurve::P256, EcCurve::P384, EcCurve::P521];
const DIGESTS: [DigestAlgorithm; 3] = [
    DigestAlgorithm::Sha256,
    DigestAlgorithm::Sha384,
    DigestAlgorithm::Sha512,
];

/// Signs `spec` with `key` over `digest`; `claimed` goes in signatureAlgorithm.
fn sign_claiming(
    spec: &mut TbsSpec,
    key: &EcPrivateKey,
    digest: DigestAlgorithm,
    claimed: DigestAlgorithm,
) -> Vec<u8> {
    spec.signature_oid = ecdsa_oid(claimed);
    let tbs = spec.encode().unwrap();
    let raw = sign_with_digest(key, digest, &tbs).unwrap();
    certificate_der(&tbs, spec.signature_oid, &raw).unwrap()
}

/// A root of `role` on `curve` signed over `digest`, and a leaf under it (P-256) signed
/// over `digest` but claiming `claimed`. Returns (root key, root, leaf DER).
fn pki(
    role: CertificateRole,
    curve: EcCurve,
    digest: DigestAlgorithm,
    claimed: DigestAlgorithm,
    seed: u64,
) -> (Certificate, Vec<u8>) {
    let root_key = key(&RustCrypto, curve, seed);
    let mut rng = TestRng(seed + 1);
    let mut spec = prepare_root(
        role,
        &RustCrypto,
        &root_key,
        &params("Test root", 3650),
        &mut rng,
    )
    .unwrap();
    let root = Certificate::from_der(&sign_claiming(&mut spec, &root_key, digest, digest)).unwrap();
    let leaf_public = RustCrypto
        .ec_public_key(&key(&RustCrypto, EcCurve::P256, seed + 2))
        .unwrap();
    let leaf_role = if role == CertificateRole::Iaca {
        CertificateRole::DocumentSigner
    } else {
        CertificateRole::Reader
    };
    let leaf = Leaf {
        role: leaf_role,
        issuer: &root,
        public_key: &leaf_public,
        curve: EcCurve::P256,
    };
    let mut spec = prepare_leaf(&leaf, &root_key, &params("Test leaf", 365), &mut rng).unwrap();
    let leaf = sign_claiming(&mut spec, &root_key, digest, claimed);
    (root, leaf)
}

#[test]
fn every_curve_and_hash_pairing_validates_under_every_backend() {
    let mut seed = 1_000;
    for curve in CURVES {
        for digest in DIGESTS {
            seed += 10;
            for (role, leaf_role) in [
                (CertificateRole::Iaca, LeafRole::DocumentSigner),
                (CertificateRole::ReaderRoot, LeafRole::Reader),
            ] {
                let (root, leaf) = pki(role, curve, digest, digest, seed);
                assert_eq!(root.curve(), Some(curve));
                assert_eq!(root.signature_digest(), Some(digest));
                let mut trust = TrustStore::new();
                if role == CertificateRole::Iaca {
                    trust.add_iaca(root.clone());
                } else {
                    trust.add_reader_root(root.clone());
                }
                for provider in providers() {
                    let what = format!("{} {curve:?} {digest:?} {leaf_role:?}", provider.name());
                    let chain = verify_chain(&trust, &[&leaf], leaf_role, provider, NOW)
                        .unwrap_or_else(|e| panic!("{what}: {e}"));
                    assert_eq!(chain.anchor(), &root, "{what}");
                    assert_eq!(chain.leaf().signature_digest(), Some(digest), "{what}");
                    assert_eq!(chain.findings(), &[], "{what}");
                }
            }
        }
    }
}

#[test]
fn a_signature_over_another_hash_than_claimed_is_bad() {
    let mut seed = 2_000;
    for curve in CURVES {
        for digest in DIGESTS {
            for claimed in DIGESTS.into_iter().filter(|c| *c != digest) {
                seed += 10;
                let (root, leaf) = pki(CertificateRole::Iaca, curve, digest, claimed, seed);
                let mut trust = TrustStore::new();
                trust.add_iaca(root);
                for provider in providers() {
                    assert_eq!(
                        verify_chain(&trust, &[&leaf], LeafRole::DocumentSigner, provider, NOW),
                        Err(ChainError::BadSignature { index: 0 }),
                        "{} {curve:?} signed {digest:?} claimed {claimed:?}",
                        provider.name()
                    );
                }
            }
        }
    }
}
