//! Why a response was rejected, grouped by fault the way rustls groups its errors: what
//! was malformed, who is not trusted, which of the issuer's checks failed, validity,
//! device authentication, the doctype's own rules, and what the peer said.
//!
//! Every kind has a stable machine-readable [`name`](VerifyErrorKind::name) (the `mdoc`
//! command prints it) and its group a [`fault`](VerifyErrorKind::fault) name; the table of
//! all of them is in the README ("Error kinds").

use alloc::string::String;
use core::fmt;

use crate::cbor::DecodeError;
use crate::cose::HeaderError;
use crate::doctype::CheckError;
use crate::x509::ChainError;

pub use super::status::StatusError;

/// What failed, by fault.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VerifyErrorKind {
    /// The bytes are not a valid `DeviceResponse` (strict decoding).
    Malformed(DecodeError),
    /// The peer's response says it failed: its `status` is not 0 (OK).
    ResponseStatus(u64),
    /// The document signer is not trusted.
    Untrusted(UntrustedError),
    /// A check of what the issuer signed failed (signature, MSO, digests).
    Issuer(IssuerError),
    /// The MSO is not valid at this time, or its validity is inconsistent.
    Validity(ValidityError),
    /// The device's authentication of the document failed.
    DeviceAuth(DeviceAuthError),
    /// A rule of the document's doctype is broken.
    Doctype(DoctypeError),
    /// The document's revocation status rejects it: revoked, suspended, or not known
    /// where the [policy](super::StatusPolicy) requires it.
    Status(StatusError),
}

/// Why the document signer is not trusted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UntrustedError {
    /// The `issuerAuth` carries no `x5chain`.
    MissingCertificate,
    /// The document signer's chain or certificate profile is not trusted.
    Chain(ChainError),
    /// The chain ends at an IACA that does not vouch for the document's docType (one
    /// taken from a VICAL entry that lists other docTypes; see
    /// [`TrustStore::add_iaca_for`](crate::x509::TrustStore::add_iaca_for)). Checked
    /// after the issuer's signature and the MSO's docType.
    DocTypeOutOfScope,
}

/// Which check of the issuer-signed data failed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssuerError {
    /// The `issuerAuth` algorithm is missing, unsupported, refused by the policy, or does
    /// not match the document signer's key.
    Algorithm,
    /// The issuer's signature over the MSO does not verify.
    Signature,
    /// The MSO's version is not supported.
    MsoVersion,
    /// The MSO's digest algorithm is unsupported or refused by the policy.
    DigestAlgorithm,
    /// A disclosed element has no digest in the MSO.
    MissingDigest,
    /// A disclosed element's digest differs from the MSO's: the element was altered (or
    /// its digestID moved to another element). Names the element.
    DigestMismatch {
        /// The namespace of the altered element.
        name_space: String,
        /// Its `elementIdentifier`, as disclosed.
        element: String,
        /// Its `digestID`, as disclosed.
        digest_id: u64,
    },
    /// The same element (or digestID) is disclosed twice in one namespace.
    DuplicateElement,
    /// The MSO's docType differs from the Document's.
    DocTypeMismatch,
    /// The `issuerAuth` headers break RFC 9052 §3: a protected `crit` naming a parameter
    /// not understood, absent or empty, an unprotected `crit`, or a label in both buckets.
    Header(HeaderError),
}

/// Why the MSO is not valid now.
///
/// These are checked after the certificates: an expired (or not yet valid) document
/// signer or IACA certificate is reported first, as
/// [`UntrustedError::Chain`] with [`ChainError::Expired`] or [`ChainError::NotYetValid`].
/// Among these, the order is [`InvalidValidityPeriod`](Self::InvalidValidityPeriod),
/// [`SignedOutsideCertificateValidity`](Self::SignedOutsideCertificateValidity),
/// [`NotYetValid`](Self::NotYetValid), [`Expired`](Self::Expired) (see the
/// [module](super) docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValidityError {
    /// The MSO was signed outside the document signer certificate's validity. Checked
    /// after [`InvalidValidityPeriod`](Self::InvalidValidityPeriod), before the MSO's
    /// validity at now.
    SignedOutsideCertificateValidity,
    /// validFrom is after validUntil, or signed is after validUntil. The first check of
    /// the MSO's dates (after the certificates').
    InvalidValidityPeriod,
    /// The MSO is not valid yet (validFrom is after now, beyond the clock skew). Checked
    /// only once the certificates are valid at now.
    NotYetValid,
    /// The MSO has expired (validUntil is before now, beyond the clock skew). Checked
    /// only once the certificates are valid at now: an expired document signer
    /// certificate is reported as [`ChainError::Expired`] instead, even when the MSO has
    /// expired too.
    Expired,
}

/// Why device authentication failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeviceAuthError {
    /// The MSO's device key is not a usable public key.
    DeviceKey,
    /// The device signature does not verify over the session transcript, or is not a
    /// detached ES256/384/512 signature by the MSO's device key.
    Signature,
    /// The device MAC does not verify over the session transcript.
    Mac,
    /// A device MAC is present but the reader's ephemeral private key was not given.
    MacKeyUnavailable,
    /// The reader's ephemeral key given does not match the transcript's `EReaderKey`.
    ReaderKeyMismatch,
    /// A device-signed element is not covered by the MSO's `keyAuthorizations`.
    UnauthorizedElement,
    /// The `deviceSignature` or `deviceMac` headers break RFC 9052 §3 (as
    /// [`IssuerError::Header`]).
    Header(HeaderError),
}

/// Which rule of the doctype is broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DoctypeError {
    /// The disclosed `issuing_country` differs from the document signer's country (or is
    /// not text).
    IssuingCountryMismatch,
    /// The disclosed issuing subdivision (the mDL's `issuing_jurisdiction`, PhotoID's
    /// `issuing_subdivision`) differs from the document signer's `stateOrProvinceName`.
    IssuingSubdivisionMismatch,
    /// Another check of the document's doctype failed: the check's name, from the
    /// doctype's descriptor in the policy's registry
    /// ([`Policy::doctypes`](super::Policy::doctypes)).
    Check(&'static str),
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
    /// The stable machine-readable name of the check that failed (the `mdoc verify`
    /// JSON's `error.kind`).
    ///
    /// ```
    /// use iso18013::verify::{ValidityError, VerifyErrorKind};
    /// let kind = VerifyErrorKind::Validity(ValidityError::Expired);
    /// assert_eq!((kind.fault(), kind.name()), ("validity", "expired"));
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::ResponseStatus(_) => "response_status",
            Self::Untrusted(UntrustedError::MissingCertificate) => "missing_certificate",
            Self::Untrusted(UntrustedError::Chain(_)) => "untrusted",
            Self::Untrusted(UntrustedError::DocTypeOutOfScope) => "doc_type_out_of_scope",
            Self::Issuer(e) => e.name(),
            Self::Validity(e) => e.name(),
            Self::DeviceAuth(e) => e.name(),
            Self::Doctype(e) => e.name(),
            Self::Status(e) => e.name(),
        }
    }

    /// The stable name of the fault group: `malformed`, `peer`, `untrusted`, `issuer`,
    /// `validity`, `device_auth`, `doctype` or `status`.
    pub fn fault(&self) -> &'static str {
        match self {
            Self::Malformed(_) => "malformed",
            Self::ResponseStatus(_) => "peer",
            Self::Untrusted(_) => "untrusted",
            Self::Issuer(_) => "issuer",
            Self::Validity(_) => "validity",
            Self::DeviceAuth(_) => "device_auth",
            Self::Doctype(_) => "doctype",
            Self::Status(_) => "status",
        }
    }
}

impl IssuerError {
    /// The stable name (see [`VerifyErrorKind::name`]).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Algorithm => "issuer_algorithm",
            Self::Signature => "issuer_signature",
            Self::MsoVersion => "mso_version",
            Self::DigestAlgorithm => "digest_algorithm",
            Self::MissingDigest => "missing_digest",
            Self::DigestMismatch { .. } => "digest_mismatch",
            Self::DuplicateElement => "duplicate_element",
            Self::DocTypeMismatch => "doc_type_mismatch",
            Self::Header(_) => "issuer_auth_header",
        }
    }
}

impl ValidityError {
    /// The stable name (see [`VerifyErrorKind::name`]).
    pub fn name(self) -> &'static str {
        match self {
            Self::SignedOutsideCertificateValidity => "signed_outside_certificate_validity",
            Self::InvalidValidityPeriod => "invalid_validity_period",
            Self::NotYetValid => "not_yet_valid",
            Self::Expired => "expired",
        }
    }
}

impl DeviceAuthError {
    /// The stable name (see [`VerifyErrorKind::name`]).
    pub fn name(self) -> &'static str {
        match self {
            Self::DeviceKey => "device_key",
            Self::Signature => "device_signature",
            Self::Mac => "device_mac",
            Self::MacKeyUnavailable => "mac_key_unavailable",
            Self::ReaderKeyMismatch => "reader_key_mismatch",
            Self::UnauthorizedElement => "unauthorized_device_signed_element",
            Self::Header(_) => "device_auth_header",
        }
    }
}

impl DoctypeError {
    /// The stable name (see [`VerifyErrorKind::name`]).
    pub fn name(self) -> &'static str {
        match self {
            Self::IssuingCountryMismatch => "issuing_country_mismatch",
            Self::IssuingSubdivisionMismatch => "issuing_subdivision_mismatch",
            Self::Check(_) => "doctype_check",
        }
    }
}

impl fmt::Display for IssuerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Self::Header(e) = self {
            return write!(f, "issuerAuth header: {e}");
        }
        if let Self::DigestMismatch {
            name_space,
            element,
            digest_id,
        } = self
        {
            return write!(
                f,
                "disclosed element {name_space}/{element} (digestID {digest_id}) does not match its digest"
            );
        }
        f.write_str(match self {
            Self::Algorithm => "issuerAuth algorithm missing, refused or not the key's",
            Self::Signature => "issuer signature does not verify",
            Self::MsoVersion => "unsupported MSO version",
            Self::DigestAlgorithm => "MSO digest algorithm unsupported or refused",
            Self::MissingDigest => "a disclosed element has no digest in the MSO",
            Self::DigestMismatch { .. } => "a disclosed element does not match its digest",
            Self::DuplicateElement => "an element is disclosed twice",
            Self::DocTypeMismatch => "MSO docType differs from the document's",
            Self::Header(_) => "issuerAuth header",
        })
    }
}

impl fmt::Display for ValidityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::SignedOutsideCertificateValidity => {
                "MSO signed outside the document signer certificate's validity"
            }
            Self::InvalidValidityPeriod => "MSO validity period out of order",
            Self::NotYetValid => "MSO not yet valid",
            Self::Expired => "MSO expired",
        })
    }
}

impl fmt::Display for DeviceAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Self::Header(e) = self {
            return write!(f, "device authentication header: {e}");
        }
        f.write_str(match self {
            Self::DeviceKey => "MSO device key unusable",
            Self::Signature => "device signature does not verify",
            Self::Mac => "device MAC does not verify",
            Self::MacKeyUnavailable => "device MAC present but no reader key given",
            Self::ReaderKeyMismatch => "reader key does not match the transcript",
            Self::UnauthorizedElement => "device-signed element not authorized by the MSO",
            Self::Header(_) => "device authentication header",
        })
    }
}

impl fmt::Display for DoctypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IssuingCountryMismatch => {
                f.write_str("issuing_country differs from the signer's country")
            }
            Self::IssuingSubdivisionMismatch => {
                f.write_str("the issuing subdivision differs from the signer's state or province")
            }
            Self::Check(name) => write!(f, "doctype check {name} failed"),
        }
    }
}

impl fmt::Display for VerifyErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Malformed(e) => write!(f, "malformed response: {e}"),
            Self::ResponseStatus(s) => write!(f, "response status {s} is not OK"),
            Self::Untrusted(UntrustedError::MissingCertificate) => {
                f.write_str("issuerAuth carries no x5chain")
            }
            Self::Untrusted(UntrustedError::Chain(e)) => {
                write!(f, "document signer not trusted: {e}")
            }
            Self::Untrusted(UntrustedError::DocTypeOutOfScope) => {
                f.write_str("the IACA does not vouch for the document's docType")
            }
            Self::Issuer(e) => fmt::Display::fmt(e, f),
            Self::Validity(e) => fmt::Display::fmt(e, f),
            Self::DeviceAuth(e) => fmt::Display::fmt(e, f),
            Self::Doctype(e) => fmt::Display::fmt(e, f),
            Self::Status(e) => fmt::Display::fmt(e, f),
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

impl core::error::Error for VerifyError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.kind {
            VerifyErrorKind::Malformed(e) => Some(e),
            VerifyErrorKind::Untrusted(UntrustedError::Chain(e)) => Some(e),
            VerifyErrorKind::Issuer(IssuerError::Header(e))
            | VerifyErrorKind::DeviceAuth(DeviceAuthError::Header(e)) => Some(e),
            VerifyErrorKind::Status(StatusError::List(e)) => Some(e),
            _ => None,
        }
    }
}

impl From<IssuerError> for VerifyErrorKind {
    fn from(e: IssuerError) -> Self {
        Self::Issuer(e)
    }
}

impl From<ValidityError> for VerifyErrorKind {
    fn from(e: ValidityError) -> Self {
        Self::Validity(e)
    }
}

impl From<DeviceAuthError> for VerifyErrorKind {
    fn from(e: DeviceAuthError) -> Self {
        Self::DeviceAuth(e)
    }
}

impl From<CheckError> for DoctypeError {
    fn from(e: CheckError) -> Self {
        match e {
            CheckError::IssuingCountryMismatch => Self::IssuingCountryMismatch,
            CheckError::IssuingSubdivisionMismatch => Self::IssuingSubdivisionMismatch,
            CheckError::Failed(name) => Self::Check(name),
        }
    }
}

impl From<CheckError> for VerifyErrorKind {
    fn from(e: CheckError) -> Self {
        Self::Doctype(e.into())
    }
}

impl From<StatusError> for VerifyErrorKind {
    fn from(e: StatusError) -> Self {
        Self::Status(e)
    }
}

impl From<DoctypeError> for VerifyErrorKind {
    fn from(e: DoctypeError) -> Self {
        Self::Doctype(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every name is distinct, so a name tells the check.
    #[test]
    fn names_are_distinct() {
        let mut kinds = alloc::vec![
            VerifyErrorKind::ResponseStatus(10),
            VerifyErrorKind::Untrusted(UntrustedError::MissingCertificate),
            VerifyErrorKind::Untrusted(UntrustedError::DocTypeOutOfScope),
        ];
        use IssuerError as I;
        for e in [
            I::Algorithm,
            I::Signature,
            I::MsoVersion,
            I::DigestAlgorithm,
            I::MissingDigest,
            I::DigestMismatch {
                name_space: "ns".into(),
                element: "e".into(),
                digest_id: 0,
            },
            I::DuplicateElement,
            I::DocTypeMismatch,
            I::Header(HeaderError::EmptyCritical),
        ] {
            kinds.push(e.into());
        }
        use ValidityError as V;
        for e in [
            V::SignedOutsideCertificateValidity,
            V::InvalidValidityPeriod,
            V::NotYetValid,
            V::Expired,
        ] {
            kinds.push(e.into());
        }
        use DeviceAuthError as D;
        for e in [
            D::DeviceKey,
            D::Signature,
            D::Mac,
            D::MacKeyUnavailable,
            D::ReaderKeyMismatch,
            D::UnauthorizedElement,
            D::Header(HeaderError::EmptyCritical),
        ] {
            kinds.push(e.into());
        }
        kinds.push(DoctypeError::IssuingCountryMismatch.into());
        kinds.push(DoctypeError::IssuingSubdivisionMismatch.into());
        kinds.push(DoctypeError::Check("a_check").into());
        use crate::status::{ListError, ListKind};
        for e in [
            StatusError::Revoked {
                list: ListKind::StatusList,
            },
            StatusError::Suspended,
            StatusError::NotValid(3),
            StatusError::IndexOutOfRange,
            StatusError::List(ListError::SubjectMismatch),
            StatusError::Missing,
            StatusError::Unavailable,
            StatusError::Stale,
        ] {
            kinds.push(e.into());
        }
        let mut names: alloc::vec::Vec<&str> = kinds.iter().map(VerifyErrorKind::name).collect();
        names.push("malformed");
        names.push("untrusted");
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
    }
}
