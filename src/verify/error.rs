//! Why a response was rejected: one kind per check.

use core::fmt;

use crate::cbor::DecodeError;
use crate::cose::CoseError;
use crate::doctype::CheckError;
use crate::x509::ChainError;

/// What failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// The bytes are not a valid `DeviceResponse` (strict decoding).
    Malformed(DecodeError),
    /// The response's `status` is not 0 (OK).
    ResponseStatus(u64),
    /// The `issuerAuth` carries no `x5chain`.
    MissingCertificate,
    /// The document signer's chain or certificate profile is not trusted.
    Untrusted(ChainError),
    /// The `issuerAuth` algorithm is missing, unsupported, refused by the policy, or does
    /// not match the document signer's key.
    IssuerAlgorithm,
    /// The issuer's signature over the MSO does not verify.
    IssuerSignature,
    /// The MSO's version is not supported.
    MsoVersion,
    /// The MSO's digest algorithm is unsupported or refused by the policy.
    DigestAlgorithm,
    /// A disclosed element has no digest in the MSO.
    MissingDigest,
    /// A disclosed element's digest differs from the MSO's.
    DigestMismatch,
    /// The same element (or digestID) is disclosed twice in one namespace.
    DuplicateElement,
    /// The MSO's docType differs from the Document's.
    DocTypeMismatch,
    /// The MSO was signed outside the document signer certificate's validity.
    SignedOutsideCertificateValidity,
    /// validFrom is after validUntil, or signed is after validUntil.
    InvalidValidityPeriod,
    /// The MSO is not valid yet (validFrom is after now, beyond the clock skew).
    NotYetValid,
    /// The MSO has expired (validUntil is before now, beyond the clock skew).
    Expired,
    /// The MSO's device key is not a usable public key.
    DeviceKey,
    /// The device signature does not verify over the session transcript, or is not a
    /// detached ES256/384/512 signature by the MSO's device key.
    DeviceSignature,
    /// The device MAC does not verify over the session transcript.
    DeviceMac,
    /// A device MAC is present but the reader's ephemeral private key was not given.
    MacKeyUnavailable,
    /// The reader's ephemeral key given does not match the transcript's `EReaderKey`.
    ReaderKeyMismatch,
    /// A device-signed element is not covered by the MSO's `keyAuthorizations`.
    UnauthorizedDeviceSignedElement,
    /// The mDL's `issuing_country` differs from the document signer's country.
    IssuingCountryMismatch,
    /// A check of the document's doctype failed: the check's name, from the doctype's
    /// descriptor in the policy's registry ([`Policy::doctypes`](super::Policy::doctypes)).
    /// Stable name `doctype_check`.
    DoctypeCheck(&'static str),
}

/// A rejected response: the kind, and which document (index in `documents`) if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyError {
    /// The document, by its index in the response.
    pub document: Option<usize>,
    /// What failed.
    pub kind: VerifyErrorKind,
}

impl VerifyError {
    pub(crate) fn response(kind: VerifyErrorKind) -> Self {
        Self {
            document: None,
            kind,
        }
    }
}

impl VerifyErrorKind {
    /// A stable machine-readable name (used by the `mdoc verify` JSON).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::ResponseStatus(_) => "response_status",
            Self::MissingCertificate => "missing_certificate",
            Self::Untrusted(_) => "untrusted",
            Self::IssuerAlgorithm => "issuer_algorithm",
            Self::IssuerSignature => "issuer_signature",
            Self::MsoVersion => "mso_version",
            Self::DigestAlgorithm => "digest_algorithm",
            Self::MissingDigest => "missing_digest",
            Self::DigestMismatch => "digest_mismatch",
            Self::DuplicateElement => "duplicate_element",
            Self::DocTypeMismatch => "doc_type_mismatch",
            Self::SignedOutsideCertificateValidity => "signed_outside_certificate_validity",
            Self::InvalidValidityPeriod => "invalid_validity_period",
            Self::NotYetValid => "not_yet_valid",
            Self::Expired => "expired",
            Self::DeviceKey => "device_key",
            Self::DeviceSignature => "device_signature",
            Self::DeviceMac => "device_mac",
            Self::MacKeyUnavailable => "mac_key_unavailable",
            Self::ReaderKeyMismatch => "reader_key_mismatch",
            Self::UnauthorizedDeviceSignedElement => "unauthorized_device_signed_element",
            Self::IssuingCountryMismatch => "issuing_country_mismatch",
            Self::DoctypeCheck(_) => "doctype_check",
        }
    }
}

impl fmt::Display for VerifyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed response: {e}"),
            Self::ResponseStatus(s) => write!(f, "response status {s} is not OK"),
            Self::Untrusted(e) => write!(f, "document signer not trusted: {e}"),
            Self::DoctypeCheck(name) => write!(f, "doctype check {name} failed"),
            other => f.write_str(match other {
                Self::MissingCertificate => "issuerAuth carries no x5chain",
                Self::IssuerAlgorithm => "issuerAuth algorithm missing, refused or not the key's",
                Self::IssuerSignature => "issuer signature does not verify",
                Self::MsoVersion => "unsupported MSO version",
                Self::DigestAlgorithm => "MSO digest algorithm unsupported or refused",
                Self::MissingDigest => "a disclosed element has no digest in the MSO",
                Self::DigestMismatch => "a disclosed element does not match its digest",
                Self::DuplicateElement => "an element is disclosed twice",
                Self::DocTypeMismatch => "MSO docType differs from the document's",
                Self::SignedOutsideCertificateValidity => {
                    "MSO signed outside the document signer certificate's validity"
                }
                Self::InvalidValidityPeriod => "MSO validity period out of order",
                Self::NotYetValid => "MSO not yet valid",
                Self::Expired => "MSO expired",
                Self::DeviceKey => "MSO device key unusable",
                Self::DeviceSignature => "device signature does not verify",
                Self::DeviceMac => "device MAC does not verify",
                Self::MacKeyUnavailable => "device MAC present but no reader key given",
                Self::ReaderKeyMismatch => "reader key does not match the transcript",
                Self::UnauthorizedDeviceSignedElement => {
                    "device-signed element not authorized by the MSO"
                }
                Self::IssuingCountryMismatch => "issuing_country differs from the signer's country",
                _ => "verification failed",
            }),
        }
    }
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.document {
            Some(i) => write!(f, "document {i}: {}", self.kind),
            None => fmt::Display::fmt(&self.kind, f),
        }
    }
}

impl core::error::Error for VerifyError {}

impl From<CheckError> for VerifyErrorKind {
    fn from(e: CheckError) -> Self {
        match e {
            CheckError::IssuingCountryMismatch => Self::IssuingCountryMismatch,
            CheckError::Failed(name) => Self::DoctypeCheck(name),
        }
    }
}

impl From<CoseError> for VerifyErrorKind {
    fn from(_: CoseError) -> Self {
        Self::IssuerSignature
    }
}
