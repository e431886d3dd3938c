//! Why a VICAL or RICAL is refused, and what was accepted with a remark.

use alloc::string::String;
use core::fmt;

use crate::cbor::DecodeError;
use crate::cose::{CoseError, HeaderError};
use crate::x509::{CertificateError, ChainError, Finding};

/// Why a trust list could not be read, verified or signed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListError {
    /// The bytes are not an untagged (or tagged) `COSE_Sign1` carrying the list (strict
    /// decoding).
    Malformed(DecodeError),
    /// The COSE headers break RFC 9052 §3 (`crit`, or a label in both buckets).
    Header(HeaderError),
    /// No `x5chain` in either header.
    MissingCertificate,
    /// The signer's chain does not validate to a configured provider root under the
    /// signer's profile.
    Chain(ChainError),
    /// The algorithm is missing, unsupported, or not the signer key's; or signing failed.
    Cose(CoseError),
    /// The signature does not verify with the signer certificate's key.
    Signature,
    /// The list's `notAfter` has passed.
    Expired,
    /// The list's `date` is later than now (beyond the clock skew).
    IssuedInFuture,
    /// A RICAL without entries (F.3.2.5).
    Empty,
    /// An entry is unusable or contradicts its certificate.
    Entry {
        /// Its index in `certificateInfos`.
        index: usize,
        /// What is wrong with it.
        problem: EntryProblem,
    },
    /// When signing: the signature does not verify with the key of the x5chain's first
    /// certificate.
    WrongSigner,
    /// The list is not newer than the one it should replace (a lower issue number, the
    /// same number for another list, or an earlier `date`): see
    /// [`VerifiedList::check_supersedes`](super::VerifiedList::check_supersedes).
    Rollback,
}

/// What is wrong with one entry: each is ambiguous (the list says one thing, the
/// certificate another), so the whole list is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EntryProblem {
    /// The certificate does not parse.
    Certificate(CertificateError),
    /// `ski` is not the certificate's subject key identifier (nor it wrapped in DER
    /// OCTET STRING headers).
    SkiMismatch,
    /// `serialNumber` is not the certificate's.
    SerialMismatch,
    /// `issuer` or `subject` differs from the certificate's.
    FieldMismatch(&'static str),
    /// The same certificate appears again with other docTypes (VICAL) or other trust
    /// constraints (RICAL).
    ConflictingDuplicate,
    /// RICAL: both `trustContraints` and `trustConstraints`.
    AmbiguousTrustConstraints,
    /// RICAL: `isTrustAnchor` present but not a boolean, or `trustConstraints` (the
    /// prose spelling) not an array of maps.
    IllTyped(&'static str),
}

impl ListError {
    /// A stable machine-readable name (the `mdoc vical verify` JSON's `error.kind`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::Header(_) => "header",
            Self::MissingCertificate => "missing_certificate",
            Self::Chain(_) => "untrusted",
            Self::Cose(_) => "algorithm",
            Self::Signature => "signature",
            Self::Expired => "expired",
            Self::IssuedInFuture => "issued_in_future",
            Self::Empty => "empty",
            Self::Entry { problem, .. } => problem.name(),
            Self::WrongSigner => "wrong_signer",
            Self::Rollback => "rollback",
        }
    }
}

impl EntryProblem {
    /// A stable machine-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Certificate(_) => "entry_certificate",
            Self::SkiMismatch => "entry_ski_mismatch",
            Self::SerialMismatch => "entry_serial_mismatch",
            Self::FieldMismatch(_) => "entry_field_mismatch",
            Self::ConflictingDuplicate => "entry_conflicting_duplicate",
            Self::AmbiguousTrustConstraints => "entry_ambiguous_trust_constraints",
            Self::IllTyped(_) => "entry_ill_typed",
        }
    }
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Certificate(e) => write!(f, "certificate: {e}"),
            Self::SkiMismatch => f.write_str("ski is not the certificate's key identifier"),
            Self::SerialMismatch => f.write_str("serialNumber is not the certificate's"),
            Self::FieldMismatch(field) => write!(f, "{field} differs from the certificate's"),
            Self::ConflictingDuplicate => {
                f.write_str("the certificate is listed again with a different scope")
            }
            Self::AmbiguousTrustConstraints => {
                f.write_str("both trustContraints and trustConstraints")
            }
            Self::IllTyped(field) => write!(f, "{field} has the wrong type"),
        }
    }
}

impl fmt::Display for ListError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed list: {e}"),
            Self::Header(e) => write!(f, "COSE header: {e}"),
            Self::MissingCertificate => f.write_str("no x5chain"),
            Self::Chain(e) => write!(f, "list signer not trusted: {e}"),
            Self::Cose(e) => write!(f, "COSE: {e}"),
            Self::Signature => f.write_str("the list's signature does not verify"),
            Self::Expired => f.write_str("the list's notAfter has passed"),
            Self::IssuedInFuture => f.write_str("the list's date is in the future"),
            Self::Empty => f.write_str("the list has no entries"),
            Self::Entry { index, problem } => write!(f, "certificateInfos[{index}]: {problem}"),
            Self::WrongSigner => {
                f.write_str("the signature does not verify with the x5chain's first certificate")
            }
            Self::Rollback => f.write_str("the list is not newer than the one it would replace"),
        }
    }
}

impl core::error::Error for ListError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Malformed(e) => Some(e),
            Self::Header(e) => Some(e),
            Self::Chain(e) => Some(e),
            Self::Cose(e) => Some(e),
            Self::Entry {
                problem: EntryProblem::Certificate(e),
                ..
            } => Some(e),
            _ => None,
        }
    }
}

/// Something a list does that its annex says it should not, accepted because it is
/// unambiguous (lists in the field do it: AAMVA's of 2025-11-18 gives several).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ListFinding {
    /// The `COSE_Sign1` carries its tag (18); the annexes want it untagged.
    TaggedSign1,
    /// The protected header holds more than `alg` (and, for a RICAL, `x5chain`).
    ExtraProtectedHeader,
    /// The `x5chain` is in the other header bucket than the annex says (VICAL:
    /// unprotected; RICAL: protected).
    X5ChainPlacement,
    /// The `x5chain` ends with the provider's root itself (the RICAL annex forbids it;
    /// AAMVA's VICAL does it).
    RootInX5Chain,
    /// The signer certificate breaks a rule its profile sets only as a "should".
    Certificate(Finding),
    /// `nextUpdate` has passed: a newer list should be fetched.
    NextUpdatePassed,
    /// An entry's `ski` is the certificate's key identifier wrapped in DER OCTET STRING
    /// headers (`04 14` or `04 16 04 14`), as AAMVA writes it.
    WrappedSki {
        /// The entry's index.
        index: usize,
    },
    /// A key spelt with other capitals than the CDDL's (`Extensions`,
    /// `CertificateProfile`): kept in `rest`, not read as the CDDL's key.
    CaseVariantKey {
        /// The entry's index, or `None` for the list's own map.
        index: Option<usize>,
        /// The key as received.
        key: String,
    },
    /// An entry's `notBefore` or `notAfter` differs from its certificate's. The
    /// certificate's validity is the one enforced (the entry's dates only describe it).
    EntryDateMismatch {
        /// The entry's index.
        index: usize,
        /// `"notBefore"` or `"notAfter"`.
        field: &'static str,
    },
    /// An entry's certificate is not valid at the time of verification (expired, or
    /// not yet valid). It stays in the list's trust store, where chain validation
    /// refuses it at such times.
    EntryOutsideValidity {
        /// The entry's index.
        index: usize,
    },
    /// The same certificate is listed again with the same scope.
    DuplicateEntry {
        /// The later entry's index.
        index: usize,
    },
    /// RICAL: an entry with `isTrustAnchor: false`, not made a reader root.
    NotTrustAnchor {
        /// The entry's index.
        index: usize,
    },
    /// RICAL: an entry whose trust constraints this crate cannot evaluate (the draft
    /// defines none), not made a reader root.
    UnsupportedTrustConstraints {
        /// The entry's index.
        index: usize,
    },
    /// RICAL: the constraints under the prose's spelling `trustConstraints`.
    TrustConstraintsSpelling {
        /// The entry's index.
        index: usize,
    },
}

impl ListFinding {
    /// A stable machine-readable name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::TaggedSign1 => "tagged_sign1",
            Self::ExtraProtectedHeader => "extra_protected_header",
            Self::X5ChainPlacement => "x5chain_placement",
            Self::RootInX5Chain => "root_in_x5chain",
            Self::Certificate(_) => "signer_certificate",
            Self::NextUpdatePassed => "next_update_passed",
            Self::WrappedSki { .. } => "wrapped_ski",
            Self::CaseVariantKey { .. } => "case_variant_key",
            Self::EntryDateMismatch { .. } => "entry_date_mismatch",
            Self::EntryOutsideValidity { .. } => "entry_outside_validity",
            Self::DuplicateEntry { .. } => "duplicate_entry",
            Self::NotTrustAnchor { .. } => "not_trust_anchor",
            Self::UnsupportedTrustConstraints { .. } => "unsupported_trust_constraints",
            Self::TrustConstraintsSpelling { .. } => "trust_constraints_spelling",
        }
    }
}

impl fmt::Display for ListFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TaggedSign1 => f.write_str("COSE_Sign1 tagged"),
            Self::ExtraProtectedHeader => f.write_str("protected header holds more than alg"),
            Self::X5ChainPlacement => f.write_str("x5chain in the other header"),
            Self::RootInX5Chain => f.write_str("x5chain includes the provider's root"),
            Self::Certificate(finding) => write!(f, "signer: {finding}"),
            Self::NextUpdatePassed => f.write_str("nextUpdate has passed: fetch a newer list"),
            Self::WrappedSki { index } => {
                write!(
                    f,
                    "certificateInfos[{index}]: ski wrapped in OCTET STRING headers"
                )
            }
            Self::CaseVariantKey {
                index: Some(i),
                key,
            } => {
                write!(
                    f,
                    "certificateInfos[{i}]: key {key:?} capitalised unlike the CDDL"
                )
            }
            Self::CaseVariantKey { index: None, key } => {
                write!(f, "key {key:?} capitalised unlike the CDDL")
            }
            Self::EntryDateMismatch { index, field } => write!(
                f,
                "certificateInfos[{index}]: {field} differs from the certificate's (the certificate's is used)"
            ),
            Self::EntryOutsideValidity { index } => write!(
                f,
                "certificateInfos[{index}]: the certificate is not valid at this time"
            ),
            Self::DuplicateEntry { index } => {
                write!(
                    f,
                    "certificateInfos[{index}]: the certificate is listed twice"
                )
            }
            Self::NotTrustAnchor { index } => {
                write!(f, "certificateInfos[{index}]: isTrustAnchor is false")
            }
            Self::UnsupportedTrustConstraints { index } => write!(
                f,
                "certificateInfos[{index}]: trust constraints not understood, not used"
            ),
            Self::TrustConstraintsSpelling { index } => {
                write!(
                    f,
                    "certificateInfos[{index}]: trustConstraints spelt as in the prose"
                )
            }
        }
    }
}
