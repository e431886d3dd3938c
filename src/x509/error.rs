//! Errors of certificate parsing and chain validation, and non-fatal findings.

use core::fmt;

use super::profile::CertificateRole;

/// Why bytes are not a certificate we can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// Not well-formed DER for the named part.
    Malformed(&'static str),
    /// Larger than [`MAX_CERTIFICATE_LEN`](super::MAX_CERTIFICATE_LEN).
    TooLarge,
    /// More extensions than an Annex B certificate has any use for.
    TooManyExtensions,
    /// One extension appears twice (RFC 5280 §4.2).
    DuplicateExtension,
    /// `signatureAlgorithm` differs from the `tbsCertificate`'s `signature` field.
    SignatureAlgorithmMismatch,
    /// The PEM text is malformed (the message says how).
    Pem(&'static str),
    /// The PEM text holds no `CERTIFICATE` block.
    NoCertificate,
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Malformed(what) => write!(f, "malformed {what}"),
            Self::TooLarge => f.write_str("certificate too large"),
            Self::TooManyExtensions => f.write_str("too many extensions"),
            Self::DuplicateExtension => f.write_str("an extension appears twice"),
            Self::SignatureAlgorithmMismatch => {
                f.write_str("signatureAlgorithm differs from tbsCertificate.signature")
            }
            Self::Pem(why) => write!(f, "PEM: {why}"),
            Self::NoCertificate => f.write_str("no CERTIFICATE block in the PEM text"),
        }
    }
}

impl core::error::Error for CertificateError {}

/// Where a certificate sits in a validated path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertPosition {
    /// `x5chain[i]` (0 is the leaf).
    Chain(usize),
    /// The trust anchor from the [`TrustStore`](super::TrustStore).
    Anchor,
}

impl fmt::Display for CertPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Chain(i) => write!(f, "x5chain[{i}]"),
            Self::Anchor => f.write_str("the trust anchor"),
        }
    }
}

/// An Annex B rule a certificate breaks; fatal. One variant per enforced rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProfileViolation {
    /// Not an X.509 v3 certificate.
    Version,
    /// The signature algorithm is not ECDSA with SHA-256, SHA-384 or SHA-512.
    SignatureAlgorithm,
    /// keyUsage is missing, not critical, or not exactly the role's bits
    /// (keyCertSign + cRLSign for roots, digitalSignature for leaves, nonRepudiation for
    /// trust-list signers; a provider root needs keyCertSign among others).
    KeyUsage,
    /// extKeyUsage is missing, not critical, or lacks the role's purpose
    /// (1.0.18013.5.1.2 for document signers, 1.0.18013.5.1.6 for readers,
    /// 1.0.18013.5.1.8 for VICAL signers).
    ExtendedKeyUsage,
    /// Roots: basicConstraints missing, not critical, `cA` false, or a pathLenConstraint
    /// other than 0. Leaves: `cA` true.
    BasicConstraints,
    /// One of the extensions Annex B forbids.
    ForbiddenExtension {
        /// Its name (`"nameConstraints"`, ...).
        name: &'static str,
    },
    /// A critical extension this crate does not process.
    UnknownCriticalExtension,
    /// The subject has no country (`C`).
    MissingCountry,
    /// The document signer's country differs from its IACA's.
    CountryMismatch,
    /// The document signer's state or province differs from its IACA's (checked when
    /// either has one).
    StateMismatch,
    /// A trust-list signer's subject lacks an organization (`O`) or common name (`CN`)
    /// (Tables C.1 and F.1 want C, O and CN).
    MissingSubjectName,
}

impl fmt::Display for ProfileViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Version => f.write_str("not an X.509 v3 certificate"),
            Self::SignatureAlgorithm => f.write_str("signature algorithm is not ECDSA with SHA-2"),
            Self::KeyUsage => f.write_str("keyUsage missing, not critical, or wrong bits"),
            Self::ExtendedKeyUsage => {
                f.write_str("extKeyUsage missing, not critical, or without the role's purpose")
            }
            Self::BasicConstraints => f.write_str("basicConstraints not as the role requires"),
            Self::ForbiddenExtension { name } => write!(f, "forbidden extension {name}"),
            Self::UnknownCriticalExtension => f.write_str("unknown critical extension"),
            Self::MissingCountry => f.write_str("subject has no country"),
            Self::CountryMismatch => f.write_str("country differs from the IACA's"),
            Self::StateMismatch => f.write_str("state or province differs from the IACA's"),
            Self::MissingSubjectName => {
                f.write_str("subject has no organization or no common name")
            }
        }
    }
}

impl core::error::Error for ProfileViolation {}

/// Why a certificate chain is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainError {
    /// The x5chain holds no certificate.
    EmptyChain,
    /// The x5chain holds more certificates than allowed.
    TooLong {
        /// The limit ([`MAX_CHAIN_LEN`](super::MAX_CHAIN_LEN)).
        max: usize,
    },
    /// `x5chain[index]` is not a certificate we can read.
    Malformed {
        /// Position in the x5chain.
        index: usize,
        /// What was wrong.
        error: CertificateError,
    },
    /// The leaf is itself one of the trust anchors: a root cannot sign documents.
    LeafIsTrustAnchor,
    /// No trust anchor (and no later x5chain certificate) issued `x5chain[index]`.
    UntrustedIssuer {
        /// Position in the x5chain of the certificate whose issuer is unknown.
        index: usize,
    },
    /// The signature on `x5chain[index]` does not verify, or is not valid DER.
    BadSignature {
        /// Position in the x5chain.
        index: usize,
    },
    /// `x5chain[index]` is signed with an algorithm other than ECDSA with SHA-256,
    /// SHA-384 or SHA-512, or with a pairing of its issuer's curve and that hash that the
    /// [`CryptoProvider`](crate::crypto::CryptoProvider) does not implement (the bundled
    /// backends implement all nine; a provider of one's own may not, see
    /// [`ecdsa_verify_with_digest`](crate::crypto::CryptoProvider::ecdsa_verify_with_digest)).
    UnsupportedAlgorithm {
        /// Position in the x5chain.
        index: usize,
    },
    /// A key that is not EC P-256, P-384 or P-521, or not a valid point.
    UnsupportedKey {
        /// Which certificate carries it.
        cert: CertPosition,
    },
    /// The time given is before the certificate's notBefore.
    NotYetValid {
        /// Which certificate.
        cert: CertPosition,
    },
    /// The time given is after the certificate's notAfter.
    Expired {
        /// Which certificate.
        cert: CertPosition,
    },
    /// An intermediate certificate is not a usable CA certificate.
    Intermediate {
        /// Position in the x5chain.
        index: usize,
        /// The rule it breaks (`Version`, `KeyUsage`, `BasicConstraints`, ...).
        violation: ProfileViolation,
    },
    /// An issuer's pathLenConstraint allows fewer intermediates than there are below it.
    PathLenExceeded {
        /// The issuer whose constraint is exceeded.
        cert: CertPosition,
    },
    /// The leaf or the anchor breaks an enforced Annex B rule.
    Profile {
        /// The role of the offending certificate.
        role: CertificateRole,
        /// The rule.
        violation: ProfileViolation,
    },
}

impl fmt::Display for ChainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::EmptyChain => f.write_str("empty certificate chain"),
            Self::TooLong { max } => write!(f, "certificate chain longer than {max}"),
            Self::Malformed { index, error } => write!(f, "x5chain[{index}]: {error}"),
            Self::LeafIsTrustAnchor => f.write_str("the leaf certificate is a trust anchor"),
            Self::UntrustedIssuer { index } => {
                write!(f, "x5chain[{index}]: issuer is not a trust anchor")
            }
            Self::BadSignature { index } => write!(f, "x5chain[{index}]: bad signature"),
            Self::UnsupportedAlgorithm { index } => {
                write!(f, "x5chain[{index}]: unsupported signature algorithm")
            }
            Self::UnsupportedKey { cert } => write!(f, "{cert}: unsupported or invalid key"),
            Self::NotYetValid { cert } => write!(f, "{cert}: not yet valid"),
            Self::Expired { cert } => write!(f, "{cert}: expired"),
            Self::Intermediate { index, violation } => {
                write!(f, "x5chain[{index}] (intermediate): {violation}")
            }
            Self::PathLenExceeded { cert } => write!(f, "{cert}: pathLenConstraint exceeded"),
            Self::Profile { role, violation } => write!(f, "{role} certificate: {violation}"),
        }
    }
}

impl core::error::Error for ChainError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Malformed { error, .. } => Some(error),
            Self::Intermediate { violation, .. } | Self::Profile { violation, .. } => {
                Some(violation)
            }
            _ => None,
        }
    }
}

/// Something a certificate does that Annex B says it should not, tolerated because
/// certificates in the field do it. Reported in [`VerifiedChain::findings`](super::VerifiedChain::findings).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingKind {
    /// No subjectKeyIdentifier.
    MissingSubjectKeyIdentifier,
    /// A leaf without authorityKeyIdentifier.
    MissingAuthorityKeyIdentifier,
    /// The leaf's authorityKeyIdentifier differs from its issuer's subjectKeyIdentifier
    /// (the issuer was found by name and signature).
    AuthorityKeyIdentifierMismatch,
    /// No issuerAltName (IACA and document signer).
    MissingIssuerAltName,
    /// No cRLDistributionPoints (IACA, document signer, reader).
    MissingCrlDistributionPoints,
    /// cRLDistributionPoints without a URI in any fullName.
    CrlDistributionPointWithoutUri,
    /// A root's basicConstraints without pathLenConstraint (Annex B wants 0).
    MissingPathLenConstraint,
    /// Validity longer than Annex B allows for the role.
    ValidityTooLong {
        /// The maximum, in days (IACA 7305 = 20 years, document signer 457, reader 1187).
        max_days: u32,
    },
    /// A serial number of fewer than 63 bits.
    SerialTooShort,
    /// A serial number that is zero or negative.
    SerialNotPositive,
    /// A leaf whose critical extKeyUsage has the EU PID rulebook's purpose for its role
    /// ([`EKU_EUDI_PID_DS`](super::profile::EKU_EUDI_PID_DS) 1.3.130.2.0.0.1.2,
    /// [`EKU_EUDI_PID_READER_AUTH`](super::profile::EKU_EUDI_PID_READER_AUTH)
    /// 1.3.130.2.0.0.1.6) and not ISO/IEC 18013-5's, as the EUDI reference issuer's
    /// document signers do.
    EudiPidExtendedKeyUsage,
    /// A VICAL signer whose critical extKeyUsage has the generic mdoc VICAL purpose
    /// (1.0.23220.4.1.8) without the mandatory mDL one (1.0.18013.5.1.8).
    MdocVicalExtendedKeyUsageOnly,
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::MissingSubjectKeyIdentifier => f.write_str("no subjectKeyIdentifier"),
            Self::MissingAuthorityKeyIdentifier => f.write_str("no authorityKeyIdentifier"),
            Self::AuthorityKeyIdentifierMismatch => {
                f.write_str("authorityKeyIdentifier differs from the issuer's key identifier")
            }
            Self::MissingIssuerAltName => f.write_str("no issuerAltName"),
            Self::MissingCrlDistributionPoints => f.write_str("no cRLDistributionPoints"),
            Self::CrlDistributionPointWithoutUri => {
                f.write_str("cRLDistributionPoints without a URI")
            }
            Self::MissingPathLenConstraint => f.write_str("basicConstraints without pathLen 0"),
            Self::ValidityTooLong { max_days } => {
                write!(f, "validity longer than {max_days} days")
            }
            Self::SerialTooShort => f.write_str("serial number shorter than 63 bits"),
            Self::SerialNotPositive => f.write_str("serial number not positive"),
            Self::EudiPidExtendedKeyUsage => {
                f.write_str("extKeyUsage with the EU PID rulebook's purpose, not ISO 18013-5's")
            }
            Self::MdocVicalExtendedKeyUsageOnly => {
                f.write_str("extKeyUsage with the mdoc VICAL purpose but not the mDL one")
            }
        }
    }
}

/// A non-fatal profile observation on one certificate of a validated chain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The role of the certificate concerned.
    pub role: CertificateRole,
    /// What was observed.
    pub kind: FindingKind,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} certificate: {}", self.role, self.kind)
    }
}
