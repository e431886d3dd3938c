//! Cryptography behind a small provider, so backends swap (like rustls' `CryptoProvider`).
//!
//! Two backends implement [`CryptoProvider`]:
//! - [`rustcrypto`] (feature `rustcrypto`, default): p256, p384, p521, sha2, hkdf, hmac,
//!   aes-gcm.
//! - `aws_lc` (feature `aws-lc`): aws-lc-rs, several times faster at ECDSA verification.
//!
//! The same tests (Wycheproof, Annex D, round trips) run against every compiled backend;
//! [`providers`] lists them.
//!
//! # Choosing the backend
//!
//! [`default_provider`], and with it `Policy::default()`, `Verifier`s built on it and
//! every `finish` that checks a signature without being given a provider, is `rustcrypto`
//! whenever that feature is compiled in, **also when `aws-lc` is on as well** (the
//! default features include `rustcrypto`). To verify with aws-lc-rs, either
//!
//! - pass it: `Policy::new(&iso18013::crypto::aws_lc::AwsLc)` (and the same provider to
//!   the functions that take one), or
//! - build with it alone, so that it is the default:
//!   `iso18013 = { version = "0.1", default-features = false, features = ["std", "aws-lc"] }`.
//!
//! ```
//! # #[cfg(feature = "aws-lc")] {
//! use iso18013::crypto::aws_lc::AwsLc;
//! use iso18013::verify::Policy;
//! let policy = Policy::new(&AwsLc);
//! assert_eq!(policy.provider.name(), "aws-lc");
//! # }
//! ```
//!
//! Secrets ([`EcPrivateKey`], [`SecretBytes`]) zeroize on drop, print redacted, and are
//! never serializable.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use coset::iana::{Algorithm, EnumI64 as _};
use zeroize::Zeroizing;

#[cfg(feature = "aws-lc")]
pub mod aws_lc;
pub(crate) mod ecdsa_der;
#[cfg(feature = "rustcrypto")]
mod p256_table;
#[cfg(feature = "rustcrypto")]
pub mod rustcrypto;
#[cfg(all(test, any(feature = "rustcrypto", feature = "aws-lc")))]
mod tests;
#[cfg(all(test, feature = "rustcrypto"))]
mod tests_any_digest;

/// An elliptic curve for ECDSA and ECDH.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EcCurve {
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
}

impl EcCurve {
    /// Length in bytes of a scalar, and of one coordinate of a point.
    pub fn field_len(self) -> usize {
        match self {
            Self::P256 => 32,
            Self::P384 => 48,
            Self::P521 => 66,
        }
    }
}

/// A digest algorithm, named as the MSO's `digestAlgorithm` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// SHA-256.
    Sha256,
    /// SHA-384.
    Sha384,
    /// SHA-512.
    Sha512,
}

impl DigestAlgorithm {
    /// The name used in the MSO (`"SHA-256"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::Sha256 => "SHA-256",
            Self::Sha384 => "SHA-384",
            Self::Sha512 => "SHA-512",
        }
    }

    /// The algorithm the MSO names `name`, if supported.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "SHA-256" => Some(Self::Sha256),
            "SHA-384" => Some(Self::Sha384),
            "SHA-512" => Some(Self::Sha512),
            _ => None,
        }
    }

    /// Output length in bytes.
    pub fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
        }
    }
}

/// An ECDSA signature algorithm as COSE names it; signatures are raw `r || s`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// ECDSA P-256 with SHA-256 (COSE -7).
    Es256,
    /// ECDSA P-384 with SHA-384 (COSE -35).
    Es384,
    /// ECDSA P-521 with SHA-512 (COSE -36).
    Es512,
}

impl SignatureAlgorithm {
    /// The curve.
    pub fn curve(self) -> EcCurve {
        match self {
            Self::Es256 => EcCurve::P256,
            Self::Es384 => EcCurve::P384,
            Self::Es512 => EcCurve::P521,
        }
    }

    /// The digest.
    pub fn digest(self) -> DigestAlgorithm {
        match self {
            Self::Es256 => DigestAlgorithm::Sha256,
            Self::Es384 => DigestAlgorithm::Sha384,
            Self::Es512 => DigestAlgorithm::Sha512,
        }
    }

    /// The algorithm's entry in the IANA COSE Algorithms registry.
    fn iana(self) -> Algorithm {
        match self {
            Self::Es256 => Algorithm::ES256,
            Self::Es384 => Algorithm::ES384,
            Self::Es512 => Algorithm::ES512,
        }
    }

    /// The COSE algorithm identifier.
    ///
    /// ```
    /// use iso18013::crypto::SignatureAlgorithm;
    /// assert_eq!(SignatureAlgorithm::Es256.cose_id(), -7);
    /// ```
    pub fn cose_id(self) -> i64 {
        self.iana().to_i64()
    }

    /// The algorithm with COSE identifier `id`, if supported.
    ///
    /// ```
    /// use iso18013::crypto::SignatureAlgorithm;
    /// assert_eq!(SignatureAlgorithm::from_cose_id(-35), Some(SignatureAlgorithm::Es384));
    /// assert_eq!(SignatureAlgorithm::from_cose_id(-8), None); // EdDSA
    /// ```
    pub fn from_cose_id(id: i64) -> Option<Self> {
        match Algorithm::from_i64(id)? {
            Algorithm::ES256 => Some(Self::Es256),
            Algorithm::ES384 => Some(Self::Es384),
            Algorithm::ES512 => Some(Self::Es512),
            _ => None,
        }
    }

    /// The algorithm that signs with keys on `curve`.
    pub fn for_curve(curve: EcCurve) -> Self {
        match curve {
            EcCurve::P256 => Self::Es256,
            EcCurve::P384 => Self::Es384,
            EcCurve::P521 => Self::Es512,
        }
    }

    /// Length of a raw `r || s` signature.
    pub fn signature_len(self) -> usize {
        2 * self.curve().field_len()
    }

    /// The raw `r || s` form COSE uses of a DER `Ecdsa-Sig-Value` (`SEQUENCE { r INTEGER,
    /// s INTEGER }`), the form AWS KMS, Google Cloud KMS, Azure Key Vault and PKCS#11
    /// tokens commonly return: each integer left-padded to the curve's length.
    ///
    /// ```
    /// use iso18013::crypto::SignatureAlgorithm;
    /// // SEQUENCE { INTEGER 1, INTEGER 0x80 (two bytes in DER) }
    /// let der = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
    /// let raw = SignatureAlgorithm::Es256.signature_from_der(&der)?;
    /// assert_eq!(raw.len(), 64);
    /// assert_eq!((raw[31], raw[63]), (0x01, 0x80));
    /// # Ok::<(), iso18013::crypto::CryptoError>(())
    /// ```
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] for anything but strict DER holding two
    /// non-negative integers that fit the curve.
    pub fn signature_from_der(self, der: &[u8]) -> Result<Vec<u8>, CryptoError> {
        ecdsa_der::ecdsa_der_to_raw(der, self.curve().field_len()).ok_or(CryptoError::InvalidLength)
    }
}

/// A cryptographic operation failed. Deliberately opaque (RustCrypto's
/// `signature::Error` style): the kind says which operation, never why in detail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// A signature or MAC did not verify.
    BadSignature,
    /// A key or point is malformed, not on the curve, or of the wrong curve.
    InvalidKey,
    /// Authenticated decryption failed.
    DecryptFailed,
    /// An input or output length is not allowed (e.g. HKDF output too long).
    InvalidLength,
    /// The random number source failed.
    RandomUnavailable,
    /// The backend does not implement this combination of algorithms (for example a
    /// curve with another hash than its own, from a provider that predates
    /// [`CryptoProvider::ecdsa_verify_with_digest`]).
    Unsupported,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::BadSignature => "signature or MAC does not verify",
            Self::InvalidKey => "invalid key",
            Self::DecryptFailed => "decryption failed",
            Self::InvalidLength => "invalid length",
            Self::RandomUnavailable => "random number source failed",
            Self::Unsupported => "unsupported algorithm combination",
        })
    }
}

impl core::error::Error for CryptoError {}

/// Secret bytes (shared secrets, derived keys): zeroized on drop, redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretBytes(Zeroizing<Vec<u8>>);

impl SecretBytes {
    /// Takes ownership of `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// The secret itself. Handle with care: do not log, print or persist it.
    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for SecretBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretBytes(<{} bytes redacted>)", self.0.len())
    }
}

/// An elliptic-curve private key: the big-endian scalar, zeroized on drop, redacted in
/// `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct EcPrivateKey {
    curve: EcCurve,
    scalar: Zeroizing<Vec<u8>>,
}

impl EcPrivateKey {
    /// A key from its big-endian scalar, which must be exactly
    /// [`EcCurve::field_len`] bytes. Whether the scalar is in range is checked by the
    /// provider when the key is used.
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the length is wrong or the scalar is zero.
    pub fn from_scalar(curve: EcCurve, scalar: &[u8]) -> Result<Self, CryptoError> {
        if scalar.len() != curve.field_len() || scalar.iter().all(|b| *b == 0) {
            return Err(CryptoError::InvalidKey);
        }
        Ok(Self {
            curve,
            scalar: Zeroizing::new(scalar.to_vec()),
        })
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }

    /// The scalar. Handle with care: do not log, print or persist it unprotected.
    pub fn expose_scalar(&self) -> &[u8] {
        &self.scalar
    }

    /// The uncompressed SEC1 public key (`04 || x || y`), derived with the
    /// [default backend](default_provider) (every backend derives the same point;
    /// [`CryptoProvider::ec_public_key`] chooses one).
    ///
    /// ```
    /// use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
    /// let provider = default_provider();
    /// let key = provider.ec_generate(EcCurve::P256, &mut SystemRandom(provider))?;
    /// assert_eq!(key.public_key()?, provider.ec_public_key(&key)?);
    /// assert_eq!(key.public_key()?.len(), 65);
    /// # Ok::<(), iso18013::crypto::CryptoError>(())
    /// ```
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the scalar is out of range for the curve.
    #[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
    pub fn public_key(&self) -> Result<Vec<u8>, CryptoError> {
        default_provider().ec_public_key(self)
    }
}

impl fmt::Debug for EcPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EcPrivateKey({:?}, <redacted>)", self.curve)
    }
}

/// A source of cryptographically secure random bytes, passed to operations that need
/// randomness (salts, digest identifiers, key generation).
pub trait RandomSource {
    /// Fills `out` with random bytes.
    ///
    /// # Errors
    /// [`CryptoError::RandomUnavailable`] when no randomness can be had.
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError>;
}

/// The operating system's random number generator, through the given provider.
#[derive(Debug, Clone, Copy)]
pub struct SystemRandom<'p>(pub &'p dyn CryptoProvider);

impl RandomSource for SystemRandom<'_> {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError> {
        self.0.fill_random(out)
    }
}

/// A public key that a backend parsed and prepared once for many ECDSA verifications (its
/// point validated, and with `rustcrypto` a table of multiples of it). A
/// [`TrustCache`](crate::x509::TrustCache) keeps one per document signer.
pub trait PreparedVerifyingKey: Send + Sync + fmt::Debug {
    /// The algorithm the key verifies.
    fn algorithm(&self) -> SignatureAlgorithm;

    /// The [`name`](CryptoProvider::name) of the backend that prepared it.
    fn provider_name(&self) -> &'static str;

    /// Verifies an ECDSA signature over `message`, exactly as
    /// [`CryptoProvider::ecdsa_verify`] would with this key.
    ///
    /// # Errors
    /// [`CryptoError::BadSignature`] for a signature that does not verify.
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), CryptoError> {
        self.verify_parts(&[message], signature)
    }

    /// [`verify`](Self::verify) over the concatenation of `parts`, hashed one after the
    /// other instead of copied together (the verifier's hot path).
    ///
    /// # Errors
    /// As [`verify`](Self::verify).
    fn verify_parts(&self, parts: &[&[u8]], signature: &[u8]) -> Result<(), CryptoError>;
}

/// The operations ISO 18013-5 needs, implemented by each backend.
///
/// Public keys are SEC1 encoded points (uncompressed `04 || x || y`; compressed points are
/// accepted where the backend supports them). ECDSA signatures are raw `r || s` of
/// [`SignatureAlgorithm::signature_len`] bytes; any other length is a bad signature.
pub trait CryptoProvider: Send + Sync + fmt::Debug {
    /// A short name for reports (`"rustcrypto"`, `"aws-lc"`).
    fn name(&self) -> &'static str;

    /// The digest of `data`.
    fn digest(&self, alg: DigestAlgorithm, data: &[u8]) -> Vec<u8>;

    /// Verifies an ECDSA signature over `message` (hashed with the algorithm's digest).
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] for a malformed or off-curve key,
    /// [`CryptoError::BadSignature`] for a signature that does not verify.
    fn ecdsa_verify(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        self.ecdsa_verify_parts(alg, public_key, &[message], signature)
    }

    /// [`ecdsa_verify`](Self::ecdsa_verify) over the concatenation of `parts`, hashed one
    /// after the other instead of copied together (a `Sig_structure` around a large
    /// payload, say).
    ///
    /// # Errors
    /// As [`ecdsa_verify`](Self::ecdsa_verify).
    fn ecdsa_verify_parts(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
        parts: &[&[u8]],
        signature: &[u8],
    ) -> Result<(), CryptoError>;

    /// Verifies an ECDSA signature (raw `r || s`) by a key on `curve` over `message`
    /// hashed with `digest`, in any pairing of curve and hash.
    ///
    /// X.509 certificate signatures need this: ISO/IEC 18013-5 Annex B lets a certificate
    /// be signed with ecdsa-with-SHA256, -SHA384 or -SHA512 whatever the issuer's curve
    /// (a P-384 IACA may sign with SHA-256, as the EUDI reference issuer's does). COSE
    /// signatures (the MSO, device and reader authentication) keep the strict pairings of
    /// [`SignatureAlgorithm`] and go through [`ecdsa_verify`](Self::ecdsa_verify).
    ///
    /// A hash longer than the curve's order is truncated to its leftmost bits, a shorter
    /// one taken whole, as ECDSA (FIPS 186-5, SEC 1) does with any hash.
    ///
    /// Both bundled backends implement every pairing of P-256, P-384 and P-521 with
    /// SHA-256, SHA-384 and SHA-512. The default implementation verifies the curve's own
    /// pairing through [`ecdsa_verify`](Self::ecdsa_verify) and returns
    /// [`CryptoError::Unsupported`] for the others.
    ///
    /// ```
    /// use iso18013::crypto::{DigestAlgorithm, EcCurve, SignatureAlgorithm, default_provider};
    /// let provider = default_provider();
    /// let key = provider.ec_generate(EcCurve::P256, &mut iso18013::crypto::SystemRandom(provider))?;
    /// let signature = provider.ecdsa_sign(SignatureAlgorithm::Es256, &key, b"tbs")?;
    /// let public_key = key.public_key()?;
    /// // The curve's own hash: the same as `ecdsa_verify` with ES256.
    /// provider.ecdsa_verify_with_digest(EcCurve::P256, DigestAlgorithm::Sha256, &public_key, b"tbs", &signature)?;
    /// // Claimed with another hash, the same signature does not verify.
    /// assert!(provider
    ///     .ecdsa_verify_with_digest(EcCurve::P256, DigestAlgorithm::Sha384, &public_key, b"tbs", &signature)
    ///     .is_err());
    /// # Ok::<(), iso18013::crypto::CryptoError>(())
    /// ```
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] for a malformed or off-curve key,
    /// [`CryptoError::BadSignature`] for a signature that does not verify,
    /// [`CryptoError::Unsupported`] for a pairing the backend does not implement.
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
            self.ecdsa_verify(alg, public_key, message, signature)
        } else {
            Err(CryptoError::Unsupported)
        }
    }

    /// `public_key` prepared for many verifications with `alg`, when the backend gains
    /// from that; `None` when it does not, or when the key is invalid (then
    /// [`ecdsa_verify`](Self::ecdsa_verify) says why). The default is `None`.
    fn prepare_verifying_key(
        &self,
        alg: SignatureAlgorithm,
        public_key: &[u8],
    ) -> Option<Box<dyn PreparedVerifyingKey>> {
        let _ = (alg, public_key);
        None
    }

    /// Signs `message` with ECDSA; returns raw `r || s`.
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the key is not of the algorithm's curve or invalid;
    /// [`CryptoError::RandomUnavailable`] when a backend that draws its nonce at random
    /// cannot.
    fn ecdsa_sign(
        &self,
        alg: SignatureAlgorithm,
        key: &EcPrivateKey,
        message: &[u8],
    ) -> Result<Vec<u8>, CryptoError>;

    /// The uncompressed SEC1 public key of `key`.
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the scalar is out of range.
    fn ec_public_key(&self, key: &EcPrivateKey) -> Result<Vec<u8>, CryptoError>;

    /// A new random private key on `curve`, drawn from `rng`: [`EcCurve::field_len`]
    /// bytes at a time until they are a valid scalar.
    ///
    /// # Errors
    /// [`CryptoError::RandomUnavailable`] when the random source fails, or when 64 draws
    /// in a row are out of range (which a working source essentially never does).
    fn ec_generate(
        &self,
        curve: EcCurve,
        rng: &mut dyn RandomSource,
    ) -> Result<EcPrivateKey, CryptoError>;

    /// ECDH: the x-coordinate of `key` times the peer's point.
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the peer's point is malformed, off the curve, of
    /// another curve, or the point at infinity.
    fn ecdh(&self, key: &EcPrivateKey, peer_public_key: &[u8]) -> Result<SecretBytes, CryptoError>;

    /// HKDF-SHA-256 (RFC 5869) of `ikm` with `salt` and `info`, filling `okm`.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] when `okm` is longer than 255 * 32 bytes.
    fn hkdf_sha256(
        &self,
        salt: &[u8],
        ikm: &[u8],
        info: &[u8],
        okm: &mut [u8],
    ) -> Result<(), CryptoError>;

    /// HMAC-SHA-256 of `data` under `key`.
    fn hmac_sha256(&self, key: &[u8], data: &[u8]) -> [u8; 32];

    /// Checks an HMAC-SHA-256 tag in constant time.
    ///
    /// # Errors
    /// [`CryptoError::BadSignature`] when the tag is not the full 32-byte MAC.
    fn hmac_sha256_verify(&self, key: &[u8], data: &[u8], tag: &[u8]) -> Result<(), CryptoError>;

    /// AES-256-GCM encryption with a 96-bit nonce; returns ciphertext followed by the
    /// 16-byte tag.
    ///
    /// # Errors
    /// [`CryptoError::InvalidLength`] when the plaintext is too long for GCM.
    fn aes256gcm_seal(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        plaintext: &[u8],
    ) -> Result<Vec<u8>, CryptoError>;

    /// AES-256-GCM decryption of ciphertext followed by its 16-byte tag.
    ///
    /// # Errors
    /// [`CryptoError::DecryptFailed`] when the tag does not verify or the input is
    /// shorter than a tag.
    fn aes256gcm_open(
        &self,
        key: &[u8; 32],
        nonce: &[u8; 12],
        aad: &[u8],
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, CryptoError>;

    /// Fills `out` from the operating system's random number generator.
    ///
    /// # Errors
    /// [`CryptoError::RandomUnavailable`] when it fails.
    fn fill_random(&self, out: &mut [u8]) -> Result<(), CryptoError>;
}

/// Checks that `bytes` has the shape of a SEC1 point on `curve`: uncompressed
/// (`04 || x || y`) or compressed (`02`/`03 || x`), of the curve's lengths. Whether the
/// point lies on the curve is left to the backend; this keeps out everything else a
/// backend might also take for a public key (SPKI DER, hybrid or compact points, the
/// identity's single `00`).
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
fn check_sec1_shape(curve: EcCurve, bytes: &[u8]) -> Result<(), CryptoError> {
    let n = curve.field_len();
    let expected = match bytes.first() {
        Some(0x04) => n.checked_mul(2).and_then(|l| l.checked_add(1)),
        Some(0x02 | 0x03) => n.checked_add(1),
        _ => None,
    };
    if expected == Some(bytes.len()) {
        Ok(())
    } else {
        Err(CryptoError::InvalidKey)
    }
}

/// How many draws [`generate_scalar`] makes before giving up: the chance that a uniform
/// draw is out of range is below 2^-32 per draw on all three curves.
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
const GENERATE_TRIES: usize = 64;

/// Draws [`EcCurve::field_len`] random bytes until `is_valid` accepts them as a scalar.
/// For P-521 only the low bit of the first byte is kept, so that a draw has 521 bits.
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
fn generate_scalar(
    curve: EcCurve,
    rng: &mut dyn RandomSource,
    is_valid: impl Fn(&[u8]) -> bool,
) -> Result<EcPrivateKey, CryptoError> {
    let mut draw = Zeroizing::new(alloc::vec![0u8; curve.field_len()]);
    for _ in 0..GENERATE_TRIES {
        rng.fill(&mut draw)?;
        if curve == EcCurve::P521
            && let Some(top) = draw.first_mut()
        {
            *top &= 0x01;
        }
        if draw.iter().any(|b| *b != 0) && is_valid(&draw) {
            return EcPrivateKey::from_scalar(curve, &draw);
        }
    }
    Err(CryptoError::RandomUnavailable)
}

/// Every backend compiled in, default first.
pub fn providers() -> Vec<&'static dyn CryptoProvider> {
    let all: &[&'static dyn CryptoProvider] = &[
        #[cfg(feature = "rustcrypto")]
        &rustcrypto::RustCrypto,
        #[cfg(feature = "aws-lc")]
        &aws_lc::AwsLc,
    ];
    all.to_vec()
}

/// The default backend: `rustcrypto` when compiled in (even with `aws-lc` on too), else
/// `aws-lc`. See [Choosing the backend](self#choosing-the-backend).
#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
pub fn default_provider() -> &'static dyn CryptoProvider {
    #[cfg(feature = "rustcrypto")]
    {
        &rustcrypto::RustCrypto
    }
    #[cfg(not(feature = "rustcrypto"))]
    {
        &aws_lc::AwsLc
    }
}
