//! Signing and verifying `COSE_Sign1`, computing and checking `COSE_Mac0`, always over the
//! exact protected-header bytes received (the `Sig_structure` and `MAC_structure` are
//! written straight from those bytes).

use alloc::vec::Vec;
use core::fmt;

use coset::iana::{Algorithm, EnumI64 as _};

use super::header::{Header, ProtectedHeader};
use super::header_rules::{HeaderError, check_headers};
use super::message::{CoseMac0, CoseSign1};
use crate::cbor::{Encoder, Label};
use crate::crypto::{CryptoError, CryptoProvider, EcPrivateKey, SignatureAlgorithm};

/// The COSE algorithm identifier of HMAC 256/256 (`coset::iana::Algorithm::HMAC_256_256`;
/// a unit test checks they agree).
pub const HMAC_256_256: i64 = 5;

/// Why a COSE message could not be signed or verified.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CoseError {
    /// The protected header names no algorithm (ISO 18013-5 requires it there).
    MissingAlgorithm,
    /// The algorithm is not one this crate verifies (ES256/384/512, HMAC 256/256).
    UnsupportedAlgorithm,
    /// The key's curve does not match the algorithm.
    AlgorithmKeyMismatch,
    /// The payload is attached where a detached one is due, or missing where required.
    PayloadPresence,
    /// The signature or MAC does not verify (or, when verifying, has the wrong length).
    BadSignature,
    /// A signature given to [`PreparedSign1::finish`] is neither raw `r || s` of the
    /// algorithm's length nor a DER `Ecdsa-Sig-Value` of its curve.
    SignatureLength {
        /// The length of raw `r || s` for the algorithm.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// Another cryptographic failure.
    Crypto(CryptoError),
    /// The headers break a rule of RFC 9052 §3 (`crit`, or a label in both buckets).
    Header(HeaderError),
}

impl fmt::Display for CoseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingAlgorithm => f.write_str("no algorithm in the protected header"),
            Self::UnsupportedAlgorithm => f.write_str("unsupported COSE algorithm"),
            Self::AlgorithmKeyMismatch => f.write_str("key does not match the algorithm"),
            Self::PayloadPresence => {
                f.write_str("payload attached where detached is due, or missing")
            }
            Self::BadSignature => f.write_str("signature or MAC does not verify"),
            Self::SignatureLength { expected, actual } => write!(
                f,
                "signature of {actual} bytes is neither raw r || s ({expected} bytes) nor DER"
            ),
            Self::Crypto(e) => write!(f, "cryptographic failure: {e}"),
            Self::Header(e) => write!(f, "COSE header: {e}"),
        }
    }
}

impl core::error::Error for CoseError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

/// The COSE form (raw `r || s`) of a signature by `alg` given raw or as DER: raw when it
/// has the raw length, else converted from DER.
///
/// # Errors
/// [`CoseError::SignatureLength`] when it is neither.
pub(crate) fn cose_signature(
    alg: SignatureAlgorithm,
    signature: Vec<u8>,
) -> Result<Vec<u8>, CoseError> {
    let expected = alg.signature_len();
    if signature.len() == expected {
        return Ok(signature);
    }
    alg.signature_from_der(&signature)
        .map_err(|_| CoseError::SignatureLength {
            expected,
            actual: signature.len(),
        })
}

impl From<HeaderError> for CoseError {
    fn from(e: HeaderError) -> Self {
        Self::Header(e)
    }
}

impl From<CryptoError> for CoseError {
    fn from(e: CryptoError) -> Self {
        match e {
            CryptoError::BadSignature => Self::BadSignature,
            other => Self::Crypto(other),
        }
    }
}

/// The payload to sign or verify: the attached one, or the detached one the caller gives.
fn payload_for<'a>(
    attached: Option<&'a [u8]>,
    detached: Option<&'a [u8]>,
) -> Result<&'a [u8], CoseError> {
    match (attached, detached) {
        (Some(p), None) | (None, Some(p)) => Ok(p),
        _ => Err(CoseError::PayloadPresence),
    }
}

/// `[context, protected, external_aad, payload]`, written straight from the exact bytes
/// (RFC 9052 §4.4 and §6.3 for the one-recipient forms): the same bytes coset's
/// `sig_structure_data` and `mac_structure_data` give, without copying the payload into
/// an intermediate value first.
fn to_be_authenticated(
    context: &str,
    protected: &ProtectedHeader,
    external_aad: &[u8],
    payload: &[u8],
) -> Vec<u8> {
    let mut e = structure_head(
        context,
        protected,
        external_aad,
        payload.len(),
        payload.len(),
    );
    e.raw(payload);
    e.into_bytes()
}

/// Everything of `[context, protected, external_aad, payload]` before the payload's
/// content, with room for `reserve` more bytes.
fn structure_head(
    context: &str,
    protected: &ProtectedHeader,
    external_aad: &[u8],
    payload_len: usize,
    reserve: usize,
) -> Encoder {
    // Four heads of at most 9 bytes, the array's, and the context's.
    let len = [context.len(), protected.bytes().len(), external_aad.len()]
        .iter()
        .fold(reserve.saturating_add(40), |a, b| a.saturating_add(*b));
    let mut e = Encoder::with_capacity(len);
    e.array(4)
        .text(context)
        .bytes(protected.bytes())
        .bytes(external_aad)
        .bytes_head(payload_len);
    e
}

/// The start of a `COSE_Sign1` `Sig_structure` (everything before the payload's content)
/// for a payload of `payload_len` bytes: a signature over it followed by the payload is a
/// signature over [`sig_structure`], without copying the payload.
///
/// ```
/// use iso18013::cose::{Header, ProtectedHeader, sig_structure, sig_structure_head};
///
/// let protected = ProtectedHeader::new(Header::default());
/// let payload = b"the payload";
/// let mut bytes = sig_structure_head(&protected, &[], payload.len());
/// bytes.extend_from_slice(payload);
/// assert_eq!(bytes, sig_structure(&protected, &[], payload));
/// ```
pub fn sig_structure_head(
    protected: &ProtectedHeader,
    external_aad: &[u8],
    payload_len: usize,
) -> Vec<u8> {
    structure_head("Signature1", protected, external_aad, payload_len, 0).into_bytes()
}

/// `Sig_structure` for `COSE_Sign1` over exact protected bytes.
pub fn sig_structure(protected: &ProtectedHeader, external_aad: &[u8], payload: &[u8]) -> Vec<u8> {
    to_be_authenticated("Signature1", protected, external_aad, payload)
}

/// `MAC_structure` for `COSE_Mac0` over exact protected bytes.
pub fn mac_structure(protected: &ProtectedHeader, external_aad: &[u8], payload: &[u8]) -> Vec<u8> {
    to_be_authenticated("MAC0", protected, external_aad, payload)
}

fn protected_alg(protected: &ProtectedHeader) -> Result<i64, CoseError> {
    match &protected.header().alg {
        Some(Label::Int(alg)) => Ok(*alg),
        Some(Label::Text(_)) => Err(CoseError::UnsupportedAlgorithm),
        None => Err(CoseError::MissingAlgorithm),
    }
}

impl CoseSign1 {
    /// The ECDSA algorithm named in the protected header.
    ///
    /// # Errors
    /// When the protected header names none, or one this crate does not support.
    pub fn signature_algorithm(&self) -> Result<SignatureAlgorithm, CoseError> {
        SignatureAlgorithm::from_cose_id(protected_alg(self.protected())?)
            .ok_or(CoseError::UnsupportedAlgorithm)
    }

    /// Verifies the signature with `public_key` (SEC1), over the attached payload or, when
    /// the message's payload is `nil`, over `detached_payload`.
    ///
    /// # Errors
    /// [`CoseError`] saying what failed; [`CoseError::Header`] for headers that break
    /// RFC 9052 §3 (checked first), [`CoseError::BadSignature`] for a signature that does
    /// not verify.
    pub fn verify(
        &self,
        provider: &dyn CryptoProvider,
        public_key: &[u8],
        detached_payload: Option<&[u8]>,
        external_aad: &[u8],
    ) -> Result<(), CoseError> {
        self.check_headers()?;
        let alg = self.signature_algorithm()?;
        let payload = payload_for(self.payload(), detached_payload)?;
        let tbs = sig_structure(self.protected(), external_aad, payload);
        provider
            .ecdsa_verify(alg, public_key, &tbs, self.signature())
            .map_err(CoseError::from)
    }
}

/// A `COSE_Sign1` ready to be signed: for two-step signing by an HSM or secure enclave,
/// take [`to_be_signed`](Self::to_be_signed) out, sign it elsewhere (raw `r || s` or
/// DER), and [`finish`](Self::finish) with the signature.
#[derive(Clone, Debug)]
pub struct PreparedSign1 {
    alg: SignatureAlgorithm,
    protected: ProtectedHeader,
    unprotected: Header,
    payload: Option<Vec<u8>>,
    to_be_signed: Vec<u8>,
}

impl PreparedSign1 {
    /// Prepares a message signed with `alg`. `attached` is carried in the message;
    /// otherwise the payload is `nil` and `detached` is signed.
    ///
    /// # Errors
    /// [`CoseError::PayloadPresence`] unless exactly one of the two is given;
    /// [`CoseError::Header`] when `unprotected` holds `crit` or `alg` (which is protected),
    /// since no verifier would accept the message.
    pub fn new(
        alg: SignatureAlgorithm,
        unprotected: Header,
        attached: Option<Vec<u8>>,
        detached: Option<&[u8]>,
    ) -> Result<Self, CoseError> {
        Self::with_protected(alg, Header::default(), unprotected, attached, detached)
    }

    /// As [`new`](Self::new), with more parameters in the protected header than `alg`
    /// (which is set from `alg`, replacing any in `protected`): a status list token's
    /// `typ` (16) and `x5chain` (33), which ISO 18013-5 puts there, or a RICAL's
    /// `x5chain`.
    ///
    /// # Errors
    /// As [`new`](Self::new); [`CoseError::Header`] also for a label in both headers.
    pub fn with_protected(
        alg: SignatureAlgorithm,
        protected: Header,
        unprotected: Header,
        attached: Option<Vec<u8>>,
        detached: Option<&[u8]>,
    ) -> Result<Self, CoseError> {
        let protected = ProtectedHeader::new(Header {
            alg: Some(Label::Int(alg.cose_id())),
            ..protected
        });
        check_headers(protected.header(), &unprotected)?;
        let payload = payload_for(attached.as_deref(), detached)?;
        let to_be_signed = sig_structure(&protected, &[], payload);
        Ok(Self {
            alg,
            protected,
            unprotected,
            payload: attached,
            to_be_signed,
        })
    }

    /// The algorithm the signature must use.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.alg
    }

    /// The bytes to sign (the `Sig_structure`).
    pub fn to_be_signed(&self) -> &[u8] {
        &self.to_be_signed
    }

    /// Completes the message with a signature: raw `r || s` as COSE carries it, or a DER
    /// `Ecdsa-Sig-Value` as cloud KMSs return it (converted to raw). The signature is not
    /// checked here: [`finish_verified`](Self::finish_verified) checks it against the
    /// signer's public key.
    ///
    /// # Errors
    /// [`CoseError::SignatureLength`] when the signature is neither raw of the
    /// algorithm's length nor DER.
    pub fn finish(self, signature: Vec<u8>) -> Result<CoseSign1, CoseError> {
        let signature = cose_signature(self.alg, signature)?;
        Ok(CoseSign1::new(
            self.protected,
            self.unprotected,
            self.payload,
            signature,
        ))
    }

    /// [`finish`](Self::finish), after checking that the signature verifies with
    /// `public_key` (SEC1), the signer's: a signature by another key is refused instead of
    /// becoming a message nobody can verify.
    ///
    /// # Errors
    /// As [`finish`](Self::finish); [`CoseError::BadSignature`] when the signature does
    /// not verify with `public_key`, [`CoseError::Crypto`] when the key is unusable.
    pub fn finish_verified(
        self,
        provider: &dyn CryptoProvider,
        public_key: &[u8],
        signature: Vec<u8>,
    ) -> Result<CoseSign1, CoseError> {
        let signature = cose_signature(self.alg, signature)?;
        provider
            .ecdsa_verify(self.alg, public_key, &self.to_be_signed, &signature)
            .map_err(CoseError::from)?;
        Ok(CoseSign1::new(
            self.protected,
            self.unprotected,
            self.payload,
            signature,
        ))
    }

    /// Signs with a key held in memory, through `provider`.
    ///
    /// # Errors
    /// When the key does not match the algorithm or the provider fails.
    pub fn sign(
        self,
        provider: &dyn CryptoProvider,
        key: &EcPrivateKey,
    ) -> Result<CoseSign1, CoseError> {
        if key.curve() != self.alg.curve() {
            return Err(CoseError::AlgorithmKeyMismatch);
        }
        let signature = provider.ecdsa_sign(self.alg, key, &self.to_be_signed)?;
        self.finish(signature)
    }
}

impl CoseMac0 {
    /// Checks the HMAC 256/256 tag with `key`, over the attached payload or, when the
    /// message's payload is `nil`, over `detached_payload`.
    ///
    /// # Errors
    /// [`CoseError`] saying what failed; [`CoseError::Header`] for headers that break
    /// RFC 9052 §3 (checked first), [`CoseError::BadSignature`] for a wrong tag.
    pub fn verify(
        &self,
        provider: &dyn CryptoProvider,
        key: &[u8],
        detached_payload: Option<&[u8]>,
        external_aad: &[u8],
    ) -> Result<(), CoseError> {
        self.check_headers()?;
        if Algorithm::from_i64(protected_alg(self.protected())?) != Some(Algorithm::HMAC_256_256) {
            return Err(CoseError::UnsupportedAlgorithm);
        }
        let payload = payload_for(self.payload(), detached_payload)?;
        let data = mac_structure(self.protected(), external_aad, payload);
        provider
            .hmac_sha256_verify(key, &data, self.tag())
            .map_err(CoseError::from)
    }

    /// Computes an HMAC 256/256 `COSE_Mac0` with `key`; `attached` is carried in the
    /// message, otherwise the payload is `nil` and `detached` is MACed.
    ///
    /// # Errors
    /// [`CoseError::PayloadPresence`] unless exactly one payload is given;
    /// [`CoseError::Header`] when `unprotected` holds `crit` or `alg`.
    pub fn create(
        provider: &dyn CryptoProvider,
        key: &[u8],
        unprotected: Header,
        attached: Option<Vec<u8>>,
        detached: Option<&[u8]>,
    ) -> Result<Self, CoseError> {
        let protected = ProtectedHeader::new(Header {
            alg: Some(Label::Int(Algorithm::HMAC_256_256.to_i64())),
            ..Header::default()
        });
        check_headers(protected.header(), &unprotected)?;
        let payload = payload_for(attached.as_deref(), detached)?;
        let tag = provider.hmac_sha256(key, &mac_structure(&protected, &[], payload));
        Ok(Self::new(protected, unprotected, attached, tag.to_vec()))
    }
}
