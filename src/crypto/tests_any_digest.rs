//! [`CryptoProvider::ecdsa_verify_with_digest`]: every pairing of P-256, P-384 and P-521
//! with SHA-256, SHA-384 and SHA-512 under every compiled backend, signatures made by
//! `rustcrypto::sign_with_digest` (the backends sign only their curves' own pairings).
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

use super::rustcrypto::{RustCrypto, sign_with_digest};
use super::*;

const CURVES: [EcCurve; 3] = [EcCurve::P256, EcCurve::P384, EcCurve::P521];
const DIGESTS: [DigestAlgorithm; 3] = [
    DigestAlgorithm::Sha256,
    DigestAlgorithm::Sha384,
    DigestAlgorithm::Sha512,
];

fn key(curve: EcCurve) -> (EcPrivateKey, Vec<u8>) {
    let key = RustCrypto
        .ec_generate(curve, &mut SystemRandom(&RustCrypto))
        .unwrap();
    let public = key.public_key().unwrap();
    (key, public)
}

#[test]
fn every_curve_verifies_with_every_digest() {
    for p in providers() {
        for curve in CURVES {
            let (key, public) = key(curve);
            for digest in DIGESTS {
                let what = format!("{} {curve:?} {digest:?}", p.name());
                let signature = sign_with_digest(&key, digest, b"tbs").unwrap();
                assert_eq!(signature.len(), 2 * curve.field_len(), "{what}");
                p.ecdsa_verify_with_digest(curve, digest, &public, b"tbs", &signature)
                    .unwrap_or_else(|e| panic!("{what}: {e}"));
                // Another message, another claimed hash, a flipped bit: refused.
                assert_eq!(
                    p.ecdsa_verify_with_digest(curve, digest, &public, b"tbS", &signature),
                    Err(CryptoError::BadSignature),
                    "{what}"
                );
                for other in DIGESTS.into_iter().filter(|d| *d != digest) {
                    assert_eq!(
                        p.ecdsa_verify_with_digest(curve, other, &public, b"tbs", &signature),
                        Err(CryptoError::BadSignature),
                        "{what} claimed as {other:?}"
                    );
                }
                let mut flipped = signature.clone();
                flipped[5] ^= 0x10;
                assert_eq!(
                    p.ecdsa_verify_with_digest(curve, digest, &public, b"tbs", &flipped),
                    Err(CryptoError::BadSignature),
                    "{what}"
                );
                // Only the curve's raw length, and never r = 0 or s = 0.
                for len in [0, signature.len() - 1, signature.len() + 1] {
                    let mut resized = signature.clone();
                    resized.resize(len, 0);
                    assert_eq!(
                        p.ecdsa_verify_with_digest(curve, digest, &public, b"tbs", &resized),
                        Err(CryptoError::BadSignature),
                        "{what} length {len}"
                    );
                }
                let zeros = vec![0u8; signature.len()];
                assert_eq!(
                    p.ecdsa_verify_with_digest(curve, digest, &public, b"tbs", &zeros),
                    Err(CryptoError::BadSignature),
                    "{what}"
                );
            }
        }
    }
}

#[test]
fn the_curves_own_digest_is_ecdsa_verify() {
    for p in providers() {
        for curve in CURVES {
            let alg = SignatureAlgorithm::for_curve(curve);
            let (key, public) = key(curve);
            let signature = p.ecdsa_sign(alg, &key, b"tbs").unwrap();
            p.ecdsa_verify_with_digest(curve, alg.digest(), &public, b"tbs", &signature)
                .unwrap();
            // And what the prehash signer makes for that pairing, ecdsa_verify takes.
            let prehashed = sign_with_digest(&key, alg.digest(), b"tbs").unwrap();
            p.ecdsa_verify(alg, &public, b"tbs", &prehashed).unwrap();
        }
    }
}

#[test]
fn keys_of_another_curve_or_malformed_are_invalid_keys() {
    let (p256, p256_public) = key(EcCurve::P256);
    let (_, p384_public) = key(EcCurve::P384);
    let signature = sign_with_digest(&p256, DigestAlgorithm::Sha384, b"tbs").unwrap();
    let mut off_curve = p256_public.clone();
    off_curve[64] ^= 1;
    for p in providers() {
        for (curve, public) in [
            (EcCurve::P256, &p384_public[..]),
            (EcCurve::P384, &p256_public[..]),
            (EcCurve::P256, &off_curve[..]),
            (EcCurve::P256, &[0x04; 65][..]),
            (EcCurve::P256, &[][..]),
        ] {
            for digest in DIGESTS {
                assert_eq!(
                    p.ecdsa_verify_with_digest(curve, digest, public, b"tbs", &signature),
                    Err(CryptoError::InvalidKey),
                    "{} {curve:?} {digest:?} {}",
                    p.name(),
                    hex::encode(public)
                );
            }
        }
    }
}

/// A provider written before `ecdsa_verify_with_digest` existed: it keeps the default,
/// which verifies the curves' own pairings and calls the others unsupported.
#[derive(Debug)]
struct Older;

impl CryptoProvider for Older {
    fn name(&self) -> &'static str {
        "older"
    }
    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
        RustCrypto.digest(alg, data)
    }
    fn ecdsa_verify_parts(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        parts: &[&[u8]],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        RustCrypto.ecdsa_verify_parts(alg, public_key, parts, signature)
    }
    fn ecdsa_sign(
        &self,
        alg: SignatureAlgorithm,
        key: &EcPrivateKey,
        message: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        RustCrypto.ecdsa_sign(alg, key, message)
    }
    fn ec_public_key(&self, key: &EcPrivateKey) -> Result<Vec<u8>, CryptoError> {
        RustCrypto.ec_public_key(key)
    }
    fn ec_generate(
        &self,
        curve: EcCurve,
        rng: &mut dyn RandomSource,
    ) -> Result<EcPrivateKey, CryptoError> {
        RustCrypto.ec_generate(curve, rng)
    }
    fn ecdh(&self, key: &EcPrivateKey, peer: &[u8]) -> Result<SecretBytes, CryptoError> {
        RustCrypto.ecdh(key, peer)
    }
    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        RustCrypto.hkdf_sha256(salt, ikm, info, okm)
    }
    fn hmac_sha256(&self, key: &[u8], data: &[u8]) -> [u8; 32] {
        RustCrypto.hmac_sha256(key, data)
    }
    fn hmac_sha256_verify(&self, key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError> {
        RustCrypto.hmac_sha256_verify(key, data, tag)
    }
    fn aes256gcm_seal(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        RustCrypto.aes256gcm_seal(key, nonce, aad, plaintext)
    }
    fn aes256gcm_open(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        RustCrypto.aes256gcm_open(key, nonce, aad, ciphertext)
    }
    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        RustCrypto.fill_random(out)
    }
}

#[test]
fn the_default_verifies_own_pairings_and_calls_the_others_unsupported() {
    for curve in CURVES {
        let (key, public) = key(curve);
        for digest in DIGESTS {
            let signature = sign_with_digest(&key, digest, b"tbs").unwrap();
            let verdict =
                Older.ecdsa_verify_with_digest(curve, digest, &public, b"tbs", &signature);
            if SignatureAlgorithm::for_curve(curve).digest() == digest {
                assert_eq!(verdict, Ok(()), "{curve:?} {digest:?}");
            } else {
                assert_eq!(
                    verdict,
                    Err(CryptoError::Unsupported),
                    "{curve:?} {digest:?}"
                );
            }
        }
    }
}
