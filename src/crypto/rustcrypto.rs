//! The RustCrypto backend: p256, p384, p521 and ecdsa for the curves, sha2, hkdf, hmac,
//! aes-gcm, and getrandom for the operating system's randomness.
//!
//! Pure Rust. Signatures are deterministic (RFC 6979), so signing needs no randomness.

use alloc::boxed::Box;
use alloc::vec::Vec;

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use ecdsa::elliptic_curve::array::ArraySize;
use ecdsa::elliptic_curve::ops::Invert;
use ecdsa::elliptic_curve::sec1::{FromSec1Point, ModulusSize, ToSec1Point};
use ecdsa::elliptic_curve::subtle::CtOption;
use ecdsa::elliptic_curve::{
    AffinePoint, CurveArithmetic, FieldBytesSize, PublicKey, Scalar, SecretKey,
};
use ecdsa::signature::hazmat::PrehashVerifier;
use ecdsa::signature::{MultipartVerifier, Signer};
use ecdsa::{EcdsaCurve, Signature, SignatureSize, SigningKey, VerifyingKey};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256, Sha384, Sha512};
use zeroize::Zeroize;

use super::p256_table::P256Table;
use super::{
    CryptoError, CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, PreparedVerifyingKey,
    RandomSource, SecretBytes, SignatureAlgorithm, check_sec1_shape, generate_scalar,
};

/// The RustCrypto backend.
#[derive(Debug, Clone, Copy, Default)]
pub struct RustCrypto;

/// Verifies an ECDSA signature (raw `r || s`) over the concatenation of `parts`, hashed
/// one after the other, with a SEC1 public key on curve `C`.
fn verify_parts<C>(public_key: &[u8], parts: &[&[u8]], signature: &[u8]) -> Result<(), CryptoError>
where
    C: EcdsaCurve + CurveArithmetic + ecdsa::DigestAlgorithm,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
{
    let key =
        VerifyingKey::<C>::from_sec1_bytes(public_key).map_err(|_| CryptoError::InvalidKey)?;
    // Rejects a wrong length, and r or s out of [1, n-1].
    let signature = Signature::<C>::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
    key.multipart_verify(parts, &signature)
        .map_err(|_| CryptoError::BadSignature)
}

/// Verifies an ECDSA signature (raw `r || s`) over a message whose hash is `prehash`
/// (of any length: truncated to the order's bits when longer), with a SEC1 public key on
/// curve `C`.
fn verify_prehash<C>(public_key: &[u8], prehash: &[u8], signature: &[u8]) -> Result<(), CryptoError>
where
    C: EcdsaCurve + CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
    SignatureSize<C>: ArraySize,
{
    let key =
        VerifyingKey::<C>::from_sec1_bytes(public_key).map_err(|_| CryptoError::InvalidKey)?;
    // Rejects a wrong length, and r or s out of [1, n-1].
    let signature = Signature::<C>::from_slice(signature).map_err(|_| CryptoError::BadSignature)?;
    key.verify_prehash(prehash, &signature)
        .map_err(|_| CryptoError::BadSignature)
}

/// Signs `message` with the scalar `scalar` on curve `C`; raw `r || s`.
fn sign<C>(scalar: &[u8], message: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: EcdsaCurve + CurveArithmetic + ecdsa::DigestAlgorithm,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
    SignatureSize<C>: ArraySize,
{
    // `SigningKey` zeroizes its scalar on drop.
    let key = SigningKey::<C>::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
    let signature: Signature<C> = key.try_sign(message).map_err(|_| CryptoError::InvalidKey)?;
    Ok(signature.to_vec())
}

/// Signs `message` hashed with `digest` by `key`, in any pairing of curve and hash (RFC
/// 6979 nonces drawn with the curve's own hash): the tests make X.509 signatures such
/// as a P-384 IACA's with SHA-256 this way. Raw `r || s`.
#[cfg(test)]
pub(crate) fn sign_with_digest(
    key: &EcPrivateKey,
    digest: DigestAlgorithm,
    message: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    let prehash = RustCrypto.digest(digest, message);
    let scalar = key.expose_scalar();
    match key.curve() {
        EcCurve::P256 => sign_prehash::<p256::NistP256>(scalar, &prehash),
        EcCurve::P384 => sign_prehash::<p384::NistP384>(scalar, &prehash),
        EcCurve::P521 => sign_prehash::<p521::NistP521>(scalar, &prehash),
    }
}

/// Signs the hash `prehash` with the scalar `scalar` on curve `C`; raw `r || s`.
#[cfg(test)]
fn sign_prehash<C>(scalar: &[u8], prehash: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: EcdsaCurve + CurveArithmetic + ecdsa::DigestAlgorithm,
    Scalar<C>: Invert<Output = CtOption<Scalar<C>>>,
    SignatureSize<C>: ArraySize,
{
    use ecdsa::signature::hazmat::PrehashSigner;
    let key = SigningKey::<C>::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
    let signature: Signature<C> = key
        .sign_prehash(prehash)
        .map_err(|_| CryptoError::InvalidKey)?;
    Ok(signature.to_vec())
}

/// The uncompressed SEC1 public key of `scalar` on curve `C`.
fn public_key<C>(scalar: &[u8]) -> Result<Vec<u8>, CryptoError>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    let secret = SecretKey::<C>::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
    Ok(secret.public_key().to_sec1_point(false).as_bytes().to_vec())
}

/// Whether `scalar` is a valid private key on curve `C` (in [1, n-1]).
fn is_valid_scalar<C: CurveArithmetic>(scalar: &[u8]) -> bool {
    SecretKey::<C>::from_slice(scalar).is_ok()
}

/// ECDH on curve `C`: the x-coordinate of `scalar` times the peer's point.
fn ecdh<C>(scalar: &[u8], peer_public_key: &[u8]) -> Result<SecretBytes, CryptoError>
where
    C: CurveArithmetic,
    AffinePoint<C>: FromSec1Point<C> + ToSec1Point<C>,
    FieldBytesSize<C>: ModulusSize,
{
    // `from_sec1_bytes` checks the point is on the curve and not the identity.
    let peer =
        PublicKey::<C>::from_sec1_bytes(peer_public_key).map_err(|_| CryptoError::InvalidKey)?;
    let secret = SecretKey::<C>::from_slice(scalar).map_err(|_| CryptoError::InvalidKey)?;
    // `SharedSecret` zeroizes on drop; the copy is owned by `SecretBytes` from the start.
    let shared = secret.diffie_hellman(&peer);
    Ok(SecretBytes::new(shared.raw_secret_bytes().to_vec()))
}

/// HMAC-SHA-256 keyed with `key`. The key is brought to the block size as RFC 2104 says
/// (hashed when longer, then padded with zeros), so that keying cannot fail.
fn keyed_hmac(key: &[u8]) -> Hmac<Sha256> {
    let mut block = hmac::digest::Key::<Hmac<Sha256>>::default();
    if key.len() > block.len() {
        let mut hashed = Sha256::digest(key);
        block
            .iter_mut()
            .zip(hashed.iter())
            .for_each(|(to, from)| *to = *from);
        hashed.as_mut_slice().zeroize();
    } else {
        block.iter_mut().zip(key).for_each(|(to, from)| *to = *from);
    }
    let mac = <Hmac<Sha256> as KeyInit>::new(&block);
    block.as_mut_slice().zeroize();
    mac
}

impl CryptoProvider for RustCrypto {
    fn name(&self) -> &'static str {
        "rustcrypto"
    }

    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8> {
        match alg {
            DigestAlgorithm::Sha256 => Sha256::digest(data).to_vec(),
            DigestAlgorithm::Sha384 => Sha384::digest(data).to_vec(),
            DigestAlgorithm::Sha512 => Sha512::digest(data).to_vec(),
        }
    }

    fn ecdsa_verify_parts(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        parts: &[&[u8]],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        check_sec1_shape(alg.curve(), public_key)?;
        match alg {
            SignatureAlgorithm::Es256 => {
                verify_parts::<p256::NistP256>(public_key, parts, signature)
            }
            SignatureAlgorithm::Es384 => {
                verify_parts::<p384::NistP384>(public_key, parts, signature)
            }
            SignatureAlgorithm::Es512 => {
                verify_parts::<p521::NistP521>(public_key, parts, signature)
            }
        }
    }

    /// The curve's own hash goes through [`ecdsa_verify`](CryptoProvider::ecdsa_verify);
    /// another is computed with sha2 and verified as a prehash (ecdsa's hazmat
    /// `PrehashVerifier`).
    fn ecdsa_verify_with_digest(
        &self,
        curve: EcCurve,
        digest: DigestAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let alg = SignatureAlgorithm::for_curve(curve);
        if alg.digest() == digest {
            return self.ecdsa_verify(alg, public_key, message, signature);
        }
        check_sec1_shape(curve, public_key)?;
        let prehash = self.digest(digest, message);
        match curve {
            EcCurve::P256 => verify_prehash::<p256::NistP256>(public_key, &prehash, signature),
            EcCurve::P384 => verify_prehash::<p384::NistP384>(public_key, &prehash, signature),
            EcCurve::P521 => verify_prehash::<p521::NistP521>(public_key, &prehash, signature),
        }
    }

    /// P-256 keys get a table of multiples of their point (about 25 KiB), which makes a
    /// verification about twice as fast; other curves are not prepared.
    fn prepare_verifying_key(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
    ) -> Option<Box<dyn PreparedVerifyingKey>> {
        check_sec1_shape(alg.curve(), public_key).ok()?;
        match alg {
            SignatureAlgorithm::Es256 => {
                let table: Box<dyn PreparedVerifyingKey> =
                    Box::new(P256Table::new(public_key).ok()?);
                Some(table)
            }
            SignatureAlgorithm::Es384 | SignatureAlgorithm::Es512 => None,
        }
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
        let scalar = key.expose_scalar();
        match alg {
            SignatureAlgorithm::Es256 => sign::<p256::NistP256>(scalar, message),
            SignatureAlgorithm::Es384 => sign::<p384::NistP384>(scalar, message),
            SignatureAlgorithm::Es512 => sign::<p521::NistP521>(scalar, message),
        }
    }

    fn ec_public_key(&self, key: &EcPrivateKey) -> Result<Vec<u8>, CryptoError> {
        let scalar = key.expose_scalar();
        match key.curve() {
            EcCurve::P256 => public_key::<p256::NistP256>(scalar),
            EcCurve::P384 => public_key::<p384::NistP384>(scalar),
            EcCurve::P521 => public_key::<p521::NistP521>(scalar),
        }
    }

    fn ec_generate(
        &self,
        curve: EcCurve,
        rng: &mut dyn RandomSource,
    ) -> Result<EcPrivateKey, CryptoError> {
        match curve {
            EcCurve::P256 => generate_scalar(curve, rng, is_valid_scalar::<p256::NistP256>),
            EcCurve::P384 => generate_scalar(curve, rng, is_valid_scalar::<p384::NistP384>),
            EcCurve::P521 => generate_scalar(curve, rng, is_valid_scalar::<p521::NistP521>),
        }
    }

    fn ecdh(&self, key: &EcPrivateKey, peer_public_key: &[u8]) -> Result<SecretBytes, CryptoError> {
        check_sec1_shape(key.curve(), peer_public_key)?;
        let scalar = key.expose_scalar();
        match key.curve() {
            EcCurve::P256 => ecdh::<p256::NistP256>(scalar, peer_public_key),
            EcCurve::P384 => ecdh::<p384::NistP384>(scalar, peer_public_key),
            EcCurve::P521 => ecdh::<p521::NistP521>(scalar, peer_public_key),
        }
    }

    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError> {
        Hkdf::<Sha256>::new(Some(salt), ikm)
            .expand(info, okm)
            .map_err(|_| CryptoError::InvalidLength)
    }

    fn hmac_sha256(&self, key: &[u8], data: &[u8]) -> [u8; 32] {
        let mut mac = keyed_hmac(key);
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    fn hmac_sha256_verify(&self, key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError> {
        let mut mac = keyed_hmac(key);
        mac.update(data);
        // Constant time, and only the full 32-byte tag.
        mac.verify_slice(tag).map_err(|_| CryptoError::BadSignature)
    }

    fn aes256gcm_seal(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let cipher = Aes256Gcm::new(key.into());
        cipher
            .encrypt(
                &Nonce::from(*nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::InvalidLength)
    }

    fn aes256gcm_open(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError> {
        let cipher = Aes256Gcm::new(key.into());
        cipher
            .decrypt(
                &Nonce::from(*nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| CryptoError::DecryptFailed)
    }

    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError> {
        getrandom::fill(out).map_err(|_| CryptoError::RandomUnavailable)
    }
}
