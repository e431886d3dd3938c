//! The aws-lc-rs backend: AWS-LC through its safe Rust bindings.
//!
//! Several times faster than [`rustcrypto`](super::rustcrypto) at ECDSA verification.
//! Signatures are randomized (AWS-LC draws the nonce from its own generator), so the same
//! message signed twice gives two different, equally valid signatures.

use alloc::boxed::Box;
use alloc::vec::Vec;

use aws_lc_rs::aead::{AES_256_GCM, Aad, LessSafeKey, Nonce, UnboundKey};
use aws_lc_rs::agreement::{self, ECDH_P256, ECDH_P384, ECDH_P521};
use aws_lc_rs::digest::{SHA256, SHA384, SHA512};
use aws_lc_rs::hkdf::{HKDF_SHA256, KeyType, Salt};
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_FIXED, ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P256_SHA384_ASN1,
    ECDSA_P256_SHA512_ASN1, ECDSA_P384_SHA256_ASN1, ECDSA_P384_SHA384_FIXED,
    ECDSA_P384_SHA384_FIXED_SIGNING, ECDSA_P384_SHA512_ASN1, ECDSA_P521_SHA256_FIXED,
    ECDSA_P521_SHA384_FIXED, ECDSA_P521_SHA512_FIXED, ECDSA_P521_SHA512_FIXED_SIGNING,
    EcdsaKeyPair, EcdsaSigningAlgorithm, EcdsaVerificationAlgorithm, ParsedPublicKey,
};
use aws_lc_rs::{digest, hmac, rand};
use zeroize::Zeroize;

use super::ecdsa_der::ecdsa_raw_to_der;
use super::{
    CryptoError, CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, PreparedVerifyingKey,
    RandomSource, SecretBytes, SignatureAlgorithm, check_sec1_shape, generate_scalar,
};

/// The aws-lc-rs backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsLc;

/// Longest HKDF-SHA-256 output (RFC 5869: 255 blocks of the hash length).
const HKDF_SHA256_MAX: usize = 255 * 32;

/// The ECDH algorithm of `curve`.
fn agreement_algorithm(curve: EcCurve) -> &'static agreement::Algorithm {
    match curve {
        EcCurve::P256 => &ECDH_P256,
        EcCurve::P384 => &ECDH_P384,
        EcCurve::P521 => &ECDH_P521,
    }
}

/// The verification algorithm (raw `r || s`) of `alg`.
fn verification_algorithm(alg: SignatureAlgorithm) -> &'static EcdsaVerificationAlgorithm {
    match alg {
        SignatureAlgorithm::Es256 => &ECDSA_P256_SHA256_FIXED,
        SignatureAlgorithm::Es384 => &ECDSA_P384_SHA384_FIXED,
        SignatureAlgorithm::Es512 => &ECDSA_P521_SHA512_FIXED,
    }
}

/// A signature format AWS-LC verifies.
enum Format {
    /// Raw `r || s`.
    Fixed,
    /// DER `Ecdsa-Sig-Value`.
    Asn1,
}

/// The verification algorithm of a curve paired with another hash than its own, and the
/// signature form it takes: aws-lc-rs has P-521 with SHA-256 and SHA-384 for raw
/// signatures, the other pairs for DER only. `None` for a curve's own hash (see
/// [`verification_algorithm`]).
fn mixed_verification_algorithm(
    curve: EcCurve,
    digest: DigestAlgorithm,
) -> Option<(&'static EcdsaVerificationAlgorithm, Format)> {
    match (curve, digest) {
        (EcCurve::P256, DigestAlgorithm::Sha384) => Some((&ECDSA_P256_SHA384_ASN1, Format::Asn1)),
        (EcCurve::P256, DigestAlgorithm::Sha512) => Some((&ECDSA_P256_SHA512_ASN1, Format::Asn1)),
        (EcCurve::P384, DigestAlgorithm::Sha256) => Some((&ECDSA_P384_SHA256_ASN1, Format::Asn1)),
        (EcCurve::P384, DigestAlgorithm::Sha512) => Some((&ECDSA_P384_SHA512_ASN1, Format::Asn1)),
        (EcCurve::P521, DigestAlgorithm::Sha256) => Some((&ECDSA_P521_SHA256_FIXED, Format::Fixed)),
        (EcCurve::P521, DigestAlgorithm::Sha384) => Some((&ECDSA_P521_SHA384_FIXED, Format::Fixed)),
        (EcCurve::P256, DigestAlgorithm::Sha256)
        | (EcCurve::P384, DigestAlgorithm::Sha384)
        | (EcCurve::P521, DigestAlgorithm::Sha512) => None,
    }
}

/// The signing algorithm (raw `r || s`) of `alg`.
fn signing_algorithm(alg: SignatureAlgorithm) -> &'static EcdsaSigningAlgorithm {
    match alg {
        SignatureAlgorithm::Es256 => &ECDSA_P256_SHA256_FIXED_SIGNING,
        SignatureAlgorithm::Es384 => &ECDSA_P384_SHA384_FIXED_SIGNING,
        SignatureAlgorithm::Es512 => &ECDSA_P521_SHA512_FIXED_SIGNING,
    }
}

/// `key` as an AWS-LC private key; AWS-LC checks the scalar is in [1, n-1].
fn private_key(key: &EcPrivateKey) -> Result<agreement::PrivateKey, CryptoError> {
    agreement::PrivateKey::from_private_key(agreement_algorithm(key.curve()), key.expose_scalar())
        .map_err(|_| CryptoError::InvalidKey)
}

/// A public key parsed once by AWS-LC.
struct AwsLcKey {
    alg: SignatureAlgorithm,
    key: ParsedPublicKey,
}

impl core::fmt::Debug for AwsLcKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "AwsLcKey({:?})", self.alg)
    }
}

impl PreparedVerifyingKey for AwsLcKey {
    fn algorithm(&self) -> SignatureAlgorithm {
        self.alg
    }

    fn provider_name(&self) -> &'static str {
        "aws-lc"
    }

    /// Hashes `parts` one after the other, then verifies the signature over that digest
    /// (the same ECDSA verification as over the concatenated message).
    fn verify_parts(&self, parts: &[&[u8]], signature: &[u8]) -> Result<(), CryptoError> {
        if signature.len() != self.alg.signature_len() {
            return Err(CryptoError::BadSignature);
        }
        let mut context = digest::Context::new(digest_algorithm(self.alg.digest()));
        parts.iter().for_each(|part| context.update(part));
        self.key
            .verify_digest_sig(&context.finish(), signature)
            .map_err(|_| CryptoError::BadSignature)
    }
}

/// A digest algorithm as AWS-LC names it.
fn digest_algorithm(alg: DigestAlgorithm) -> &'static digest::Algorithm {
    match alg {
        DigestAlgorithm::Sha256 => &SHA256,
        DigestAlgorithm::Sha384 => &SHA384,
        DigestAlgorithm::Sha512 => &SHA512,
    }
}

impl AwsLcKey {
    /// Parses a SEC1 point for `alg` (AWS-LC would also take an SPKI or a hybrid point:
    /// only SEC1 gets through).
    fn parse(alg: SignatureAlgorithm, public_key: &[u8]) -> Result<Self, CryptoError> {
        check_sec1_shape(alg.curve(), public_key)?;
        let key = ParsedPublicKey::new(verification_algorithm(alg), public_key)
            .map_err(|_| CryptoError::InvalidKey)?;
        Ok(Self { alg, key })
    }
}

/// An HKDF output length, as `Prk::expand` wants it.
struct OkmLen(usize);

impl KeyType for OkmLen {
    fn len(&self) -> usize {
        self.0
    }
}

impl CryptoProvider for AwsLc {
    fn name(&self) -> &'static str {
        "aws-lc"
    }

    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
        digest::digest(digest_algorithm(alg), data)
            .as_ref()
            .to_vec()
    }

    fn ecdsa_verify_parts(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        parts: &[&[u8]],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        AwsLcKey::parse(alg, public_key)?.verify_parts(parts, signature)
    }

    /// The curve's own hash goes through [`ecdsa_verify`](CryptoProvider::ecdsa_verify);
    /// another through AWS-LC's algorithm for the pair (the raw signature given to it
    /// in DER where it takes only that).
    fn ecdsa_verify_with_digest(
        &self,
        curve: EcCurve,
        digest: DigestAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let Some((algorithm, format)) = mixed_verification_algorithm(curve, digest) else {
            let alg = SignatureAlgorithm::for_curve(curve);
            return self.ecdsa_verify(alg, public_key, message, signature);
        };
        check_sec1_shape(curve, public_key)?;
        let key =
            ParsedPublicKey::new(algorithm, public_key).map_err(|_| CryptoError::InvalidKey)?;
        // The same length rule as raw signatures elsewhere: exactly the curve's r || s.
        if signature.len() != curve.field_len().saturating_mul(2) {
            return Err(CryptoError::BadSignature);
        }
        let verified = match format {
            Format::Fixed => key.verify_sig(message, signature),
            Format::Asn1 => {
                let der = ecdsa_raw_to_der(signature).map_err(|_| CryptoError::BadSignature)?;
                key.verify_sig(message, &der)
            }
        };
        verified.map_err(|_| CryptoError::BadSignature)
    }

    /// The point is parsed and checked once.
    fn prepare_verifying_key(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
    ) -> Option<Box<dyn PreparedVerifyingKey>> {
        let key = AwsLcKey::parse(alg, public_key).ok()?;
        Some(Box::new(key))
    }

    fn ecdsa_sign(
        &self,
        alg: SignatureAlgorithm,
        key: &EcPrivateKey,
        message: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        if key.curve() != alg.curve() {
            return Err(CryptoError::InvalidKey);
        }
        let public_key = private_key(key)?
            .compute_public_key()
            .map_err(|_| CryptoError::InvalidKey)?;
        let pair = EcdsaKeyPair::from_private_key_and_public_key(
            signing_algorithm(alg),
            key.expose_scalar(),
            public_key.as_ref(),
        )
        .map_err(|_| CryptoError::InvalidKey)?;
        // The generator argument is unused: AWS-LC draws the nonce itself.
        let signature = pair
            .sign(&rand::SystemRandom::new(), message)
            .map_err(|_| CryptoError::RandomUnavailable)?;
        Ok(signature.as_ref().to_vec())
    }

    fn ec_public_key(&self, key: &EcPrivateKey) -> Result<Vec<u8>, CryptoError> {
        let public_key = private_key(key)?
            .compute_public_key()
            .map_err(|_| CryptoError::InvalidKey)?;
        Ok(public_key.as_ref().to_vec())
    }

    fn ec_generate(
        &self,
        curve: EcCurve,
        rng: &mut dyn RandomSource,
    ) -> Result<EcPrivateKey, CryptoError> {
        let algorithm = agreement_algorithm(curve);
        generate_scalar(curve, rng, |scalar| {
            agreement::PrivateKey::from_private_key(algorithm, scalar).is_ok()
        })
    }

    fn ecdh(&self, key: &EcPrivateKey, peer_public_key: &[u8]) -> Result<SecretBytes, CryptoError> {
        check_sec1_shape(key.curve(), peer_public_key)?;
        let private = private_key(key)?;
        let peer =
            agreement::UnparsedPublicKey::new(agreement_algorithm(key.curve()), peer_public_key);
        // AWS-LC checks the point is on the curve (and of the key's curve).
        agreement::agree(&private, peer, CryptoError::InvalidKey, |shared| {
            Ok(SecretBytes::new(shared.to_vec()))
        })
    }

    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        if okm.len() > HKDF_SHA256_MAX {
            return Err(CryptoError::InvalidLength);
        }
        if okm.is_empty() {
            return Ok(());
        }
        let prk = Salt::new(HKDF_SHA256, salt).extract(ikm);
        let info = [info];
        prk.expand(&info, OkmLen(okm.len()))
            .and_then(|expanded| expanded.fill(okm))
            .map_err(|_| CryptoError::InvalidLength)
    }

    fn hmac_sha256(&self, key: &[u8], data: &[u8]) -> [u8; 32] {
        let tag = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data);
        let mut out = [0u8; 32];
        out.iter_mut()
            .zip(tag.as_ref())
            .for_each(|(to, from)| *to = *from);
        out
    }

    fn hmac_sha256_verify(&self, key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError> {
        if tag.len() != 32 {
            return Err(CryptoError::BadSignature);
        }
        // Constant-time comparison of the full tag.
        hmac::verify(&hmac::Key::new(hmac::HMAC_SHA256, key), data, tag)
            .map_err(|_| CryptoError::BadSignature)
    }

    fn aes256gcm_seal(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let key = UnboundKey::new(&AES_256_GCM, key).map_err(|_| CryptoError::InvalidLength)?;
        let mut in_out = plaintext.to_vec();
        match LessSafeKey::new(key).seal_in_place_append_tag(
            Nonce::assume_unique_for_key(*nonce),
            Aad::from(aad),
            &mut in_out,
        ) {
            Ok(()) => Ok(in_out),
            Err(_) => {
                in_out.zeroize();
                Err(CryptoError::InvalidLength)
            }
        }
    }

    fn aes256gcm_open(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        if ciphertext.len() < AES_256_GCM.tag_len() {
            return Err(CryptoError::DecryptFailed);
        }
        let key = UnboundKey::new(&AES_256_GCM, key).map_err(|_| CryptoError::DecryptFailed)?;
        let mut in_out = ciphertext.to_vec();
        let opened = LessSafeKey::new(key)
            .open_in_place(
                Nonce::assume_unique_for_key(*nonce),
                Aad::from(aad),
                &mut in_out,
            )
            .map(|plaintext| plaintext.len());
        match opened {
            Ok(len) => {
                in_out.truncate(len);
                Ok(in_out)
            }
            Err(_) => {
                // AWS-LC may have written part of a plaintext it did not authenticate.
                in_out.zeroize();
                Err(CryptoError::DecryptFailed)
            }
        }
    }

    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        rand::fill(out).map_err(|_| CryptoError::RandomUnavailable)
    }
}
