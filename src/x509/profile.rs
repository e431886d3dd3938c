//! The ISO 18013-5 Annex B certificate profiles: what is enforced per role, and what is
//! only reported (see `shared/spec/certificate-profiles.md` for the sources).
//!
//! Enforced: X.509 v3; ECDSA with SHA-2; keyUsage critical with exactly the role's bits;
//! extKeyUsage critical with the role's purpose (leaves); basicConstraints (roots:
//! critical, `cA`, pathLen 0 when present; leaves: not `cA`); none of the five forbidden
//! extensions; no unknown critical extension; a subject country for IACA and document
//! signer, equal between them, and equal states when either has one.
//!
//! Reported: a leaf whose critical extKeyUsage has the EU PID rulebook's purpose
//! ([`EKU_EUDI_PID_DS`], [`EKU_EUDI_PID_READER_AUTH`]) instead of ISO's, missing SKI or AKI, AKI not equal to the issuer's SKI, missing
//! issuerAltName or cRLDistributionPoints (or one without a URI), a root without
//! pathLenConstraint, validity beyond the role's maximum, short or non-positive serials.

use alloc::vec::Vec;
use core::fmt;

use const_oid::ObjectIdentifier;

use super::certificate::Certificate;
use super::error::{Finding, FindingKind, ProfileViolation};
use super::extensions::key_usage::{CRL_SIGN, DIGITAL_SIGNATURE, KEY_CERT_SIGN, NON_REPUDIATION};

/// Extended key usage of an mDL document signer: 1.0.18013.5.1.2.
pub const EKU_MDL_DS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.2");
/// Extended key usage of mdoc reader authentication: 1.0.18013.5.1.6.
pub const EKU_MDL_READER_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.6");
/// The EU PID rulebook's document signer purpose (`id-eudi-iso-pid-kp-DS`,
/// 1.3.130.2.0.0.1.2, under the European Commission's arc), which the EUDI reference
/// issuer's document signers carry instead of [`EKU_MDL_DS`]: accepted in its place with
/// [`FindingKind::EudiPidExtendedKeyUsage`].
pub const EKU_EUDI_PID_DS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.130.2.0.0.1.2");
/// The EU PID rulebook's reader authentication purpose (`id-eudi-iso-pid-kp-ReaderAuth`,
/// 1.3.130.2.0.0.1.6): accepted in place of [`EKU_MDL_READER_AUTH`] with
/// [`FindingKind::EudiPidExtendedKeyUsage`].
pub const EKU_EUDI_PID_READER_AUTH: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.3.130.2.0.0.1.6");

/// Extended key usage of a VICAL signer (`id-mdl-kp-mdlVICAL`, 1.0.18013.5.1.8, ISO/IEC
/// 18013-5 second edition Table C.1): mandatory.
pub const EKU_MDL_VICAL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.18013.5.1.8");
/// The generic mdoc VICAL purpose (`id-mdoc-kp` .8, 1.0.23220.4.1.8), recommended beside
/// [`EKU_MDL_VICAL`]: a VICAL signer carrying it alone is accepted with
/// [`FindingKind::MdocVicalExtendedKeyUsageOnly`].
pub const EKU_MDOC_VICAL: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.0.23220.4.1.8");

/// The purposes of the other Annex B leaves, which a status list signer must not carry.
const OTHER_ROLES_PURPOSES: [ObjectIdentifier; 4] = [
    EKU_MDL_DS,
    EKU_MDL_READER_AUTH,
    EKU_EUDI_PID_DS,
    EKU_EUDI_PID_READER_AUTH,
];

const DAY: i64 = 86_400;
/// Serial numbers shall carry at least 63 bits (Annex B, after the CA/B Forum rule).
const MIN_SERIAL_BITS: usize = 63;

/// The certificate profiles of Annex B, and those of the trust-list signers (Annex C
/// VICAL, Annex F RICAL) with their provider's root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CertificateRole {
    /// Issuing Authority Certificate Authority: the root of document signers.
    Iaca,
    /// Document signer: signs the MSO.
    DocumentSigner,
    /// Root of reader authentication certificates.
    ReaderRoot,
    /// mdoc reader authentication.
    Reader,
    /// MSO revocation list signer (ISO 18013-5 2nd edition, Annex B.1.7 Table B.9): signs
    /// status list and identifier list tokens. keyUsage critical `digitalSignature`; the
    /// extKeyUsage is optional (the IETF draft's `id-kp-oauthStatusSigning` has no number
    /// yet), so none is required, but one naming a document signer's or reader's purpose
    /// is refused (those keys sign no revocation list); no country required; validity up
    /// to 1187 days (longer is a finding).
    StatusListSigner,
    /// Signs a VICAL (Table C.1): keyUsage nonRepudiation alone, critical; critical
    /// extKeyUsage [`EKU_MDL_VICAL`]; subject C, O and CN; at most 1187 days.
    VicalSigner,
    /// Signs a RICAL (Table F.1): as the VICAL signer, without an extKeyUsage.
    RicalSigner,
    /// The root of a VICAL or RICAL provider, configured out of band. No profile is
    /// given for it (F.3.4 points to the IACA's for guidance): enforced are only v3,
    /// basicConstraints critical with `cA`, and keyCertSign in a critical keyUsage (other
    /// bits allowed, as AAMVA's root has digitalSignature too).
    ProviderRoot,
}

impl CertificateRole {
    /// Whether the role is a trust anchor (IACA, reader root, trust list provider root).
    pub fn is_root(self) -> bool {
        matches!(self, Self::Iaca | Self::ReaderRoot | Self::ProviderRoot)
    }

    /// The longest validity Annex B allows, in days (`None`: no limit for reader roots).
    pub fn max_validity_days(self) -> Option<u32> {
        match self {
            // 20 years, 5 of them leap years.
            Self::Iaca => Some(20 * 365 + 5),
            Self::DocumentSigner => Some(457),
            Self::Reader | Self::StatusListSigner | Self::VicalSigner | Self::RicalSigner => {
                Some(1187)
            }
            Self::ReaderRoot | Self::ProviderRoot => None,
        }
    }

    /// The exact keyUsage bits required.
    fn key_usage(self) -> u16 {
        match self {
            Self::VicalSigner | Self::RicalSigner => NON_REPUDIATION,
            _ if self.is_root() => KEY_CERT_SIGN | CRL_SIGN,
            _ => DIGITAL_SIGNATURE,
        }
    }

    /// The extended key usage a leaf must carry.
    pub(super) fn ext_key_usage(self) -> Option<ObjectIdentifier> {
        match self {
            Self::DocumentSigner => Some(EKU_MDL_DS),
            Self::Reader => Some(EKU_MDL_READER_AUTH),
            Self::VicalSigner => Some(EKU_MDL_VICAL),
            Self::Iaca
            | Self::ReaderRoot
            | Self::StatusListSigner
            | Self::RicalSigner
            | Self::ProviderRoot => None,
        }
    }

    /// Another purpose tolerated in place of the role's, with the finding it gives: the
    /// EU PID rulebook's, or the generic mdoc VICAL purpose.
    fn alternative_ext_key_usage(self) -> Option<(ObjectIdentifier, FindingKind)> {
        match self {
            Self::DocumentSigner => Some((EKU_EUDI_PID_DS, FindingKind::EudiPidExtendedKeyUsage)),
            Self::Reader => Some((
                EKU_EUDI_PID_READER_AUTH,
                FindingKind::EudiPidExtendedKeyUsage,
            )),
            Self::VicalSigner => Some((EKU_MDOC_VICAL, FindingKind::MdocVicalExtendedKeyUsageOnly)),
            _ => None,
        }
    }

    /// Whether the subject must name a country.
    fn needs_country(self) -> bool {
        matches!(
            self,
            Self::Iaca | Self::DocumentSigner | Self::VicalSigner | Self::RicalSigner
        )
    }

    /// Whether the subject must also name an organization and a common name (the
    /// trust-list signers: C, O and CN).
    fn needs_organization(self) -> bool {
        matches!(self, Self::VicalSigner | Self::RicalSigner)
    }
}

impl fmt::Display for CertificateRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Iaca => "IACA",
            Self::DocumentSigner => "document signer",
            Self::ReaderRoot => "reader root",
            Self::Reader => "reader",
            Self::StatusListSigner => "status list signer",
            Self::VicalSigner => "VICAL signer",
            Self::RicalSigner => "RICAL signer",
            Self::ProviderRoot => "trust list provider root",
        })
    }
}

/// What the leaf of an x5chain is for; decides the anchors and profiles used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LeafRole {
    /// A document signer, anchored at an IACA.
    DocumentSigner,
    /// A reader, anchored at a reader root.
    Reader,
    /// An MSO revocation list signer (status or identifier list), anchored at an IACA
    /// root (or at the certificate the MSO's status names, see
    /// [`status::ListTrust`](crate::status::ListTrust)).
    StatusListSigner,
    /// A VICAL signer, anchored at the VICAL provider's root (which a
    /// [`TrustStore`](super::TrustStore) does not hold: see [`crate::vical`]).
    VicalSigner,
    /// A RICAL signer, anchored at the RICAL provider's root (see [`crate::vical`]).
    RicalSigner,
}

impl LeafRole {
    /// The leaf's profile.
    pub fn role(self) -> CertificateRole {
        match self {
            Self::DocumentSigner => CertificateRole::DocumentSigner,
            Self::Reader => CertificateRole::Reader,
            Self::StatusListSigner => CertificateRole::StatusListSigner,
            Self::VicalSigner => CertificateRole::VicalSigner,
            Self::RicalSigner => CertificateRole::RicalSigner,
        }
    }

    /// The anchor's profile.
    pub fn anchor_role(self) -> CertificateRole {
        match self {
            Self::DocumentSigner | Self::StatusListSigner => CertificateRole::Iaca,
            Self::Reader => CertificateRole::ReaderRoot,
            Self::VicalSigner | Self::RicalSigner => CertificateRole::ProviderRoot,
        }
    }
}

/// Checks `cert` against the profile of `role`: the first enforced rule broken is the
/// error; findings are appended.
pub(crate) fn check(
    cert: &Certificate,
    role: CertificateRole,
    findings: &mut Vec<Finding>,
) -> Result<(), ProfileViolation> {
    if role == CertificateRole::ProviderRoot {
        return check_provider_root(cert);
    }
    check_common(cert)?;
    if cert.signature_digest().is_none() {
        return Err(ProfileViolation::SignatureAlgorithm);
    }
    let ext = cert.extensions();
    if !ext
        .key_usage
        .as_ref()
        .is_some_and(|ku| ku.critical && ku.value == role.key_usage())
    {
        return Err(ProfileViolation::KeyUsage);
    }
    let mut found = |kind| findings.push(Finding { role, kind });
    if let Some(purpose) = role.ext_key_usage() {
        let critical = ext.ext_key_usage.as_ref().filter(|eku| eku.critical);
        let has = |oid: Option<ObjectIdentifier>| {
            critical.is_some_and(|eku| oid.is_some_and(|oid| eku.value.contains(&oid)))
        };
        if !has(Some(purpose)) {
            let alternative = role.alternative_ext_key_usage();
            if let Some((_, kind)) = alternative.filter(|(oid, _)| has(Some(*oid))) {
                found(kind);
            } else {
                return Err(ProfileViolation::ExtendedKeyUsage);
            }
        }
    }
    // A list signer's purpose has no number yet, so any extKeyUsage is accepted but one
    // naming another role's: a document signer or reader key signs no revocation list.
    if role == CertificateRole::StatusListSigner
        && ext
            .ext_key_usage
            .as_ref()
            .is_some_and(|eku| OTHER_ROLES_PURPOSES.iter().any(|p| eku.value.contains(p)))
    {
        return Err(ProfileViolation::ExtendedKeyUsage);
    }
    match &ext.basic_constraints {
        Some(bc) if role.is_root() => {
            if !bc.critical || !bc.value.ca || bc.value.path_len.is_some_and(|n| n != 0) {
                return Err(ProfileViolation::BasicConstraints);
            }
            if bc.value.path_len.is_none() {
                found(FindingKind::MissingPathLenConstraint);
            }
        }
        None if role.is_root() => return Err(ProfileViolation::BasicConstraints),
        Some(bc) if bc.value.ca => return Err(ProfileViolation::BasicConstraints),
        _ => {}
    }
    if role.needs_country() && cert.subject_country().is_none_or(str::is_empty) {
        return Err(ProfileViolation::MissingCountry);
    }
    if role.needs_organization()
        && (cert.subject_organization().is_none_or(str::is_empty)
            || cert.subject_common_name().is_none_or(str::is_empty))
    {
        return Err(ProfileViolation::MissingSubjectName);
    }

    if ext.subject_key_id.is_none() {
        found(FindingKind::MissingSubjectKeyIdentifier);
    }
    if !role.is_root() && !ext.has_authority_key_id {
        found(FindingKind::MissingAuthorityKeyIdentifier);
    }
    if matches!(
        role,
        CertificateRole::Iaca | CertificateRole::DocumentSigner
    ) && !ext.has_issuer_alt_name
    {
        found(FindingKind::MissingIssuerAltName);
    }
    if !matches!(
        role,
        CertificateRole::ReaderRoot | CertificateRole::StatusListSigner
    ) {
        match ext.crl_distribution_points {
            None => found(FindingKind::MissingCrlDistributionPoints),
            Some(false) => found(FindingKind::CrlDistributionPointWithoutUri),
            Some(true) => {}
        }
    }
    if let Some(max_days) = role.max_validity_days() {
        let max = i64::from(max_days).saturating_mul(DAY);
        if cert.not_after().saturating_sub(cert.not_before()) > max {
            found(FindingKind::ValidityTooLong { max_days });
        }
    }
    match serial_bits(cert.serial()) {
        None => found(FindingKind::SerialNotPositive),
        Some(bits) if bits < MIN_SERIAL_BITS => found(FindingKind::SerialTooShort),
        Some(_) => {}
    }
    Ok(())
}

/// Rules for every certificate of the path: v3, no forbidden or unknown critical
/// extension.
fn check_common(cert: &Certificate) -> Result<(), ProfileViolation> {
    if cert.version() != 3 {
        return Err(ProfileViolation::Version);
    }
    let ext = cert.extensions();
    if let Some(name) = ext.forbidden {
        return Err(ProfileViolation::ForbiddenExtension { name });
    }
    if ext.unknown_critical {
        return Err(ProfileViolation::UnknownCriticalExtension);
    }
    Ok(())
}

/// A VICAL or RICAL provider's root: v3, no forbidden or unknown critical extension,
/// basicConstraints critical with `cA`, keyCertSign in a critical keyUsage.
fn check_provider_root(cert: &Certificate) -> Result<(), ProfileViolation> {
    check_common(cert)?;
    let ext = cert.extensions();
    if !ext
        .basic_constraints
        .as_ref()
        .is_some_and(|bc| bc.critical && bc.value.ca)
    {
        return Err(ProfileViolation::BasicConstraints);
    }
    if !ext
        .key_usage
        .as_ref()
        .is_some_and(|ku| ku.critical && ku.value & KEY_CERT_SIGN != 0)
    {
        return Err(ProfileViolation::KeyUsage);
    }
    Ok(())
}

/// Checks between a leaf, its issuer and the anchor: document signer and IACA share
/// country (and state, when either has one); the leaf's AKI should be its issuer's SKI.
pub(crate) fn check_pair(
    leaf: &Certificate,
    issuer: &Certificate,
    anchor: &Certificate,
    role: LeafRole,
    findings: &mut Vec<Finding>,
) -> Result<(), ProfileViolation> {
    if role == LeafRole::DocumentSigner {
        if leaf.subject_country() != anchor.subject_country() {
            return Err(ProfileViolation::CountryMismatch);
        }
        let states = (leaf.subject_state(), anchor.subject_state());
        if (states.0.is_some() || states.1.is_some()) && states.0 != states.1 {
            return Err(ProfileViolation::StateMismatch);
        }
    }
    if let (Some(aki), Some(ski)) = (
        leaf.authority_key_identifier(),
        issuer.subject_key_identifier(),
    ) && aki != ski
    {
        findings.push(Finding {
            role: role.role(),
            kind: FindingKind::AuthorityKeyIdentifierMismatch,
        });
    }
    Ok(())
}

/// An intermediate CA between leaf and anchor (Annex B has none, RFC 5280 allows them):
/// v3, basicConstraints with `cA`, keyCertSign when keyUsage is present.
pub(crate) fn check_intermediate(cert: &Certificate) -> Result<(), ProfileViolation> {
    check_common(cert)?;
    let ext = cert.extensions();
    if !ext.basic_constraints.as_ref().is_some_and(|bc| bc.value.ca) {
        return Err(ProfileViolation::BasicConstraints);
    }
    if ext
        .key_usage
        .as_ref()
        .is_some_and(|ku| ku.value & KEY_CERT_SIGN == 0)
    {
        return Err(ProfileViolation::KeyUsage);
    }
    Ok(())
}

/// The bit length of a serial number given as DER INTEGER content octets; `None` when
/// it is zero or negative.
pub(crate) fn serial_bits(serial: &[u8]) -> Option<usize> {
    let first = *serial.first()?;
    if first & 0x80 != 0 {
        return None;
    }
    let significant = serial.iter().position(|b| *b != 0)?;
    let rest = serial.get(significant..)?;
    let top = *rest.first()?;
    let top_bits = usize::try_from(u8::BITS - top.leading_zeros()).ok()?;
    Some(
        rest.len()
            .saturating_sub(1)
            .saturating_mul(8)
            .saturating_add(top_bits),
    )
}
