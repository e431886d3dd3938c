//! The X.509 v3 extensions Annex B speaks about, decoded once when a certificate is
//! parsed. Recognised extensions that fail to decode make the certificate malformed
//! (RFC 5280 §4.2: a recognised extension must be processed).

use alloc::vec::Vec;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_CRL_DISTRIBUTION_POINTS,
    ID_CE_EXT_KEY_USAGE, ID_CE_FRESHEST_CRL, ID_CE_INHIBIT_ANY_POLICY, ID_CE_ISSUER_ALT_NAME,
    ID_CE_KEY_USAGE, ID_CE_NAME_CONSTRAINTS, ID_CE_POLICY_CONSTRAINTS, ID_CE_POLICY_MAPPINGS,
    ID_CE_SUBJECT_ALT_NAME, ID_CE_SUBJECT_KEY_IDENTIFIER,
};
use der::Decode;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, CrlDistributionPoints, ExtendedKeyUsage,
    IssuerAltName, KeyUsage, SubjectAltName, SubjectKeyIdentifier,
};

use super::CertificateError;

/// At most this many extensions in one certificate (Annex B certificates carry 4 to 7).
pub(crate) const MAX_EXTENSIONS: usize = 32;

/// Key usage bits, numbered as RFC 5280 §4.2.1.3 numbers them.
pub(crate) mod key_usage {
    /// `digitalSignature (0)`.
    pub(crate) const DIGITAL_SIGNATURE: u16 = 1 << 0;
    /// `nonRepudiation (1)` (`contentCommitment`).
    pub(crate) const NON_REPUDIATION: u16 = 1 << 1;
    /// `keyCertSign (5)`.
    pub(crate) const KEY_CERT_SIGN: u16 = 1 << 5;
    /// `cRLSign (6)`.
    pub(crate) const CRL_SIGN: u16 = 1 << 6;
}

/// The extensions Annex B forbids (B.1.1), with their names.
pub(crate) const FORBIDDEN: [(ObjectIdentifier, &str); 5] = [
    (ID_CE_POLICY_MAPPINGS, "policyMappings"),
    (ID_CE_NAME_CONSTRAINTS, "nameConstraints"),
    (ID_CE_POLICY_CONSTRAINTS, "policyConstraints"),
    (ID_CE_INHIBIT_ANY_POLICY, "inhibitAnyPolicy"),
    (ID_CE_FRESHEST_CRL, "freshestCRL"),
];

/// An extension's value with its `critical` flag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Flagged<T> {
    pub(crate) critical: bool,
    pub(crate) value: T,
}

/// `BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Constraints {
    pub(crate) ca: bool,
    pub(crate) path_len: Option<u8>,
}

/// What a certificate's extensions say, for the chain and profile checks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct ExtensionSummary {
    /// keyUsage bits (see [`key_usage`]).
    pub(crate) key_usage: Option<Flagged<u16>>,
    /// extKeyUsage purposes.
    pub(crate) ext_key_usage: Option<Flagged<Vec<ObjectIdentifier>>>,
    pub(crate) basic_constraints: Option<Flagged<Constraints>>,
    pub(crate) subject_key_id: Option<Vec<u8>>,
    /// The authorityKeyIdentifier extension is present.
    pub(crate) has_authority_key_id: bool,
    /// Its `keyIdentifier`, when it has one.
    pub(crate) authority_key_id: Option<Vec<u8>>,
    pub(crate) has_issuer_alt_name: bool,
    /// `Some(has_uri)` when cRLDistributionPoints is present: whether some distribution
    /// point's fullName holds a URI.
    pub(crate) crl_distribution_points: Option<bool>,
    /// The first forbidden extension present, by name.
    pub(crate) forbidden: Option<&'static str>,
    /// A critical extension we do not process.
    pub(crate) unknown_critical: bool,
}

fn malformed(what: &'static str) -> impl FnOnce(der::Error) -> CertificateError {
    move |_| CertificateError::Malformed(what)
}

impl ExtensionSummary {
    /// Decodes the extensions Annex B uses; rejects duplicates and oversized lists.
    pub(crate) fn parse(extensions: &[Extension]) -> Result<Self, CertificateError> {
        if extensions.len() > MAX_EXTENSIONS {
            return Err(CertificateError::TooManyExtensions);
        }
        let mut s = Self::default();
        for (i, ext) in extensions.iter().enumerate() {
            // Quadratic, but over at most MAX_EXTENSIONS entries.
            if extensions
                .iter()
                .take(i)
                .any(|prev| prev.extn_id == ext.extn_id)
            {
                return Err(CertificateError::DuplicateExtension);
            }
            s.add(ext)?;
        }
        Ok(s)
    }

    fn add(&mut self, ext: &Extension) -> Result<(), CertificateError> {
        let value = ext.extn_value.as_bytes();
        let critical = ext.critical;
        match ext.extn_id {
            ID_CE_KEY_USAGE => {
                let ku = KeyUsage::from_der(value).map_err(malformed("keyUsage"))?;
                self.key_usage = Some(Flagged {
                    critical,
                    value: ku.0.bits(),
                });
            }
            ID_CE_EXT_KEY_USAGE => {
                let eku = ExtendedKeyUsage::from_der(value).map_err(malformed("extKeyUsage"))?;
                self.ext_key_usage = Some(Flagged {
                    critical,
                    value: eku.0,
                });
            }
            ID_CE_BASIC_CONSTRAINTS => {
                let bc =
                    BasicConstraints::from_der(value).map_err(malformed("basicConstraints"))?;
                self.basic_constraints = Some(Flagged {
                    critical,
                    value: Constraints {
                        ca: bc.ca,
                        path_len: bc.path_len_constraint,
                    },
                });
            }
            ID_CE_SUBJECT_KEY_IDENTIFIER => {
                let ski = SubjectKeyIdentifier::from_der(value)
                    .map_err(malformed("subjectKeyIdentifier"))?;
                self.subject_key_id = Some(ski.0.as_bytes().to_vec());
            }
            ID_CE_AUTHORITY_KEY_IDENTIFIER => {
                let aki = AuthorityKeyIdentifier::from_der(value)
                    .map_err(malformed("authorityKeyIdentifier"))?;
                self.has_authority_key_id = true;
                self.authority_key_id = aki.key_identifier.map(|k| k.as_bytes().to_vec());
            }
            ID_CE_ISSUER_ALT_NAME => {
                let ian = IssuerAltName::from_der(value).map_err(malformed("issuerAltName"))?;
                self.has_issuer_alt_name = !ian.0.is_empty();
            }
            ID_CE_SUBJECT_ALT_NAME => {
                SubjectAltName::from_der(value).map_err(malformed("subjectAltName"))?;
            }
            ID_CE_CRL_DISTRIBUTION_POINTS => {
                let dps = CrlDistributionPoints::from_der(value)
                    .map_err(malformed("cRLDistributionPoints"))?;
                let has_uri = dps.0.iter().any(|dp| match &dp.distribution_point {
                    Some(DistributionPointName::FullName(names)) => names
                        .iter()
                        .any(|n| matches!(n, GeneralName::UniformResourceIdentifier(_))),
                    _ => false,
                });
                self.crl_distribution_points = Some(has_uri);
            }
            other => {
                if let Some((_, name)) = FORBIDDEN.iter().find(|(oid, _)| *oid == other) {
                    if self.forbidden.is_none() {
                        self.forbidden = Some(name);
                    }
                } else if critical {
                    self.unknown_critical = true;
                }
            }
        }
        Ok(())
    }
}
