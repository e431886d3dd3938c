//! Reader authentication: the reader's certificate chain under the reader roots and its
//! signature over `ReaderAuthenticationBytes`.

use super::{Policy, x5chain_of};
use crate::cose::HeaderError;
use crate::crypto::SignatureAlgorithm;
use crate::request::{DocRequest, reader_authentication_bytes};
use crate::session::SessionTranscript;
use crate::x509::{LeafRole, TrustStore, VerifiedChain, verify_chain};

/// A reader whose `readerAuth` verified: its certificate chain.
#[derive(Clone, Debug)]
pub struct VerifiedReader {
    chain: VerifiedChain,
}

impl VerifiedReader {
    /// The reader's validated chain (reader certificate and reader root).
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }
}

/// Why a `readerAuth` was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReaderAuthError {
    /// The document request carries no `readerAuth`.
    Missing,
    /// No `x5chain` in `readerAuth`.
    MissingCertificate,
    /// The reader's chain or certificate profile is not trusted.
    Untrusted(crate::x509::ChainError),
    /// The algorithm is unsupported, refused, or not the certificate key's.
    Algorithm,
    /// The signature does not verify over `ReaderAuthenticationBytes`.
    Signature,
    /// The `readerAuth` headers break RFC 9052 §3 (see [`HeaderError`]).
    Header(HeaderError),
}

impl ReaderAuthError {
    /// The stable machine-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Missing => "reader_auth_missing",
            Self::MissingCertificate => "reader_auth_missing_certificate",
            Self::Untrusted(_) => "reader_untrusted",
            Self::Algorithm => "reader_auth_algorithm",
            Self::Signature => "reader_auth_signature",
            Self::Header(_) => "reader_auth_header",
        }
    }
}

impl core::fmt::Display for ReaderAuthError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Missing => f.write_str("no readerAuth"),
            Self::MissingCertificate => f.write_str("readerAuth carries no x5chain"),
            Self::Untrusted(e) => write!(f, "reader not trusted: {e}"),
            Self::Algorithm => f.write_str("readerAuth algorithm refused or not the key's"),
            Self::Signature => f.write_str("readerAuth signature does not verify"),
            Self::Header(e) => write!(f, "readerAuth header: {e}"),
        }
    }
}

impl core::error::Error for ReaderAuthError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Untrusted(e) => Some(e),
            Self::Header(e) => Some(e),
            _ => None,
        }
    }
}

/// Verifies a document request's `readerAuth` against the reader roots of `trust`: the
/// reader certificate chain and profile, and the signature over
/// `ReaderAuthenticationBytes` (transcript and the exact `ItemsRequestBytes`).
///
/// # Errors
/// [`ReaderAuthError`] saying what failed.
pub fn verify_reader_auth(
    request: &DocRequest,
    transcript: &SessionTranscript,
    trust: &TrustStore,
    policy: &Policy,
    now: i64,
) -> Result<VerifiedReader, ReaderAuthError> {
    let sign1 = request
        .reader_auth
        .as_ref()
        .ok_or(ReaderAuthError::Missing)?;
    sign1.check_headers().map_err(ReaderAuthError::Header)?;
    let alg: SignatureAlgorithm = sign1
        .signature_algorithm()
        .map_err(|_| ReaderAuthError::Algorithm)?;
    if !policy.signature_algorithms.contains(&alg) || sign1.payload().is_some() {
        return Err(ReaderAuthError::Algorithm);
    }
    let certificates = x5chain_of(sign1).ok_or(ReaderAuthError::MissingCertificate)?;
    let chain = verify_chain(trust, &certificates, LeafRole::Reader, policy.provider, now)
        .map_err(ReaderAuthError::Untrusted)?;
    if chain.leaf().curve() != Some(alg.curve()) {
        return Err(ReaderAuthError::Algorithm);
    }
    let authenticated = reader_authentication_bytes(transcript, &request.items_request);
    sign1
        .verify(
            policy.provider,
            chain.leaf().public_key(),
            Some(&authenticated),
            &[],
        )
        .map_err(|_| ReaderAuthError::Signature)?;
    Ok(VerifiedReader { chain })
}
