//! Why a list token was refused, and what was tolerated in one.

use core::fmt;

use super::list::StatusListError;
use crate::cbor::DecodeError;
use crate::cose::CoseError;
use crate::crypto::CryptoError;
use crate::x509::{CertificateError, ChainError};

/// Which kind of list a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// A status list token (`application/statuslist+cwt`, claim 65533).
    StatusList,
    /// An identifier list token (`application/identifierlist+cwt`, claim 65530).
    IdentifierList,
}

impl ListKind {
    /// The `typ` (COSE header 16) the token carries: the media type.
    pub fn typ(self) -> &'static str {
        match self {
            Self::StatusList => "application/statuslist+cwt",
            Self::IdentifierList => "application/identifierlist+cwt",
        }
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::StatusList => "status list",
            Self::IdentifierList => "identifier list",
        })
    }
}

/// Something tolerated in a list token: reported, not fatal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ListFinding {
    /// `typ` is the short form the ISO 18013-5 drafts' Annex D.6 shows (`statuslist+cwt`,
    /// `identifierlist+cwt`) instead of the media type.
    ShortType,
    /// `typ` is `identfierlist+cwt`, the misspelling of ISO 18013-5 2nd edition drafts'
    /// Annex D.6.
    MisspeltType,
    /// The token is an untagged COSE_Sign1 (the IETF draft tags it 18).
    Untagged,
}

impl fmt::Display for ListFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ShortType => "typ is the short form, not the media type",
            Self::MisspeltType => "typ is identfierlist+cwt (Annex D.6's misspelling)",
            Self::Untagged => "the COSE_Sign1 is not tagged 18",
        })
    }
}

/// Why a status list or identifier list token was not accepted (or could not be made).
/// A verifier that gets one knows nothing of the referenced token's status: never take
/// it as valid.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ListError {
    /// The token is not a COSE_Sign1 with a claims set of the right shape.
    Malformed(DecodeError),
    /// The protected header has no `x5chain` (33). ISO 18013-5 (2nd edition 12.3.6.3)
    /// puts it there; one only in the unprotected header is refused too.
    MissingX5Chain,
    /// The `x5chain` is in the unprotected header, where nothing signs it.
    UnprotectedX5Chain,
    /// The protected `typ` (16) is absent or names another kind of token.
    WrongType {
        /// The kind expected.
        expected: ListKind,
    },
    /// A required claim is absent: `sub`, `iat`, `exp` (which ISO 18013-5 requires),
    /// `status_list` or the `IdentifierList`.
    MissingClaim(&'static str),
    /// A claim that must not be there: `status_list` (65533) in an identifier list token
    /// (ISO 18013-5 2nd edition 12.3.6.4).
    ForbiddenClaim(&'static str),
    /// `sub` is not the URI the referenced token gives.
    SubjectMismatch,
    /// `exp` has passed.
    Expired {
        /// `exp`, Unix seconds.
        exp: i64,
    },
    /// `iat` is later than now plus the allowed clock skew.
    IssuedInFuture {
        /// `iat`, Unix seconds.
        iat: i64,
    },
    /// `exp` is before `iat`.
    ExpiresBeforeIssued,
    /// `ttl` is 0 (the IETF draft wants a positive number).
    InvalidTtl,
    /// The signer's x5chain does not lead to the trust point, or its leaf is not an MSO
    /// revocation list signer (Annex B.1.7).
    Chain(ChainError),
    /// The trust point certificate (the MSO's `certificate`) cannot be read.
    TrustPoint(CertificateError),
    /// The signature does not verify with the leaf's key, or the algorithm is missing or
    /// not supported.
    Cose(CoseError),
    /// The signature given to finish a token is not the signer certificate's.
    WrongSigner,
    /// The list inside is unusable: bad `bits`, a broken or oversized `lst`.
    List(StatusListError),
    /// Signing failed.
    Crypto(CryptoError),
}

impl ListError {
    /// A short stable name of the error's kind (the `mdoc` command's `error.kind`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::MissingX5Chain => "missing_x5chain",
            Self::UnprotectedX5Chain => "unprotected_x5chain",
            Self::WrongType { .. } => "wrong_type",
            Self::MissingClaim(_) => "missing_claim",
            Self::ForbiddenClaim(_) => "forbidden_claim",
            Self::SubjectMismatch => "subject_mismatch",
            Self::Expired { .. } => "expired",
            Self::IssuedInFuture { .. } => "issued_in_future",
            Self::ExpiresBeforeIssued => "expires_before_issued",
            Self::InvalidTtl => "invalid_ttl",
            Self::Chain(_) => "untrusted_signer",
            Self::TrustPoint(_) => "trust_point",
            Self::Cose(_) => "bad_signature",
            Self::WrongSigner => "wrong_signer",
            Self::List(StatusListError::IndexOutOfRange { .. }) => "index_out_of_range",
            Self::List(_) => "bad_list",
            Self::Crypto(_) => "crypto",
        }
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed list token: {e}"),
            Self::MissingX5Chain => f.write_str("no x5chain in the protected header"),
            Self::UnprotectedX5Chain => f.write_str("x5chain is in the unprotected header"),
            Self::WrongType { expected } => {
                write!(f, "typ is not {} ({expected} token)", expected.typ())
            }
            Self::MissingClaim(claim) => write!(f, "claim {claim} is missing"),
            Self::ForbiddenClaim(claim) => write!(f, "claim {claim} must not be present"),
            Self::SubjectMismatch => f.write_str("sub is not the URI of the referenced token"),
            Self::Expired { exp } => write!(f, "the list expired at {exp}"),
            Self::IssuedInFuture { iat } => write!(f, "the list is issued in the future ({iat})"),
            Self::ExpiresBeforeIssued => f.write_str("exp is before iat"),
            Self::InvalidTtl => f.write_str("ttl is 0"),
            Self::Chain(e) => write!(f, "list signer: {e}"),
            Self::TrustPoint(e) => write!(f, "trust point certificate: {e}"),
            Self::Cose(e) => write!(f, "list signature: {e}"),
            Self::WrongSigner => {
                f.write_str("the signature is not the list signer certificate's key's")
            }
            Self::List(e) => write!(f, "list: {e}"),
            Self::Crypto(e) => write!(f, "signing the list: {e}"),
        }
    }
}

impl core::error::Error for ListError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Malformed(e) => Some(e),
            Self::Chain(e) => Some(e),
            Self::TrustPoint(e) => Some(e),
            Self::Cose(e) => Some(e),
            Self::List(e) => Some(e),
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<StatusListError> for ListError {
    fn from(e: StatusListError) -> Self {
        Self::List(e)
    }
}

impl From<DecodeError> for ListError {
    fn from(e: DecodeError) -> Self {
        Self::Malformed(e)
    }
}

impl From<CryptoError> for ListError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}
