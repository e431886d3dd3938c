//! Certificates conforming to Annex B: IACA, document signer, reader root, reader, and
//! MSO revocation list (status list) signer; and for trust lists, a provider root with
//! VICAL (Table C.1) and RICAL (Table F.1) signers.
//!
//! Keys sign through a [`CryptoProvider`]; serial numbers come from a [`RandomSource`]
//! (20 octets, 158 random bits). Every certificate carries a subjectKeyIdentifier (SHA-1
//! of the public key), leaves an authorityKeyIdentifier equal to the issuer's, roots
//! basicConstraints `cA` with pathLen 0. issuerAltName and cRLDistributionPoints are
//! written when the parameters give them (Annex B wants both for IACA and document
//! signer; chains without them validate with findings).

use alloc::string::ToString;
use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use const_oid::db::rfc4519::{COMMON_NAME, COUNTRY_NAME, ORGANIZATION_NAME, ST};
use der::Encode;
use der::asn1::{Any, Ia5String, OctetString, PrintableString};
use sha1::{Digest, Sha1};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, CrlDistributionPoints, ExtendedKeyUsage,
    IssuerAltName, KeyUsage, KeyUsages,
};
use x509_cert::name::RdnSequence;

use super::asn1::ecdsa_oid;
use super::certificate::Certificate;
use super::profile::{CertificateRole, EKU_MDOC_VICAL};
use super::tbs::{TbsSpec, extension, rdn, sign, ski, spki};
use crate::crypto::{
    CryptoError, CryptoProvider, EcCurve, EcPrivateKey, RandomSource, SignatureAlgorithm,
};

/// The issuer's alternative name: Annex B allows an e-mail address or a URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AltName<'a> {
    /// A URI (`uniformResourceIdentifier`).
    Uri(&'a str),
    /// An e-mail address (`rfc822Name`).
    Email(&'a str),
}

/// What varies between generated certificates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CertificateParams<'a> {
    /// Subject common name (`CN`).
    pub common_name: &'a str,
    /// Subject country (`C`): ISO 3166-1 alpha-2, upper case. A document signer's must
    /// equal its IACA's.
    pub country: &'a str,
    /// Subject state or province (`ST`). A document signer's must equal its IACA's.
    pub state: Option<&'a str>,
    /// notBefore, Unix seconds (not before 1970).
    pub not_before: i64,
    /// notAfter, Unix seconds, after `not_before`.
    pub not_after: i64,
    /// issuerAltName: the issuing authority's contact.
    pub issuer_alt_name: Option<AltName<'a>>,
    /// A URI for cRLDistributionPoints.
    pub crl_distribution_point: Option<&'a str>,
}

/// Why a certificate could not be generated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GenerateError {
    /// A parameter is unusable (the message says which and why).
    InvalidParams(&'static str),
    /// Signing, key derivation or the random source failed.
    Crypto(CryptoError),
    /// DER encoding failed (a value too large to encode).
    Encoding,
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::InvalidParams(why) => write!(f, "invalid certificate parameters: {why}"),
            Self::Crypto(e) => write!(f, "certificate generation: {e}"),
            Self::Encoding => f.write_str("certificate generation: DER encoding failed"),
        }
    }
}

impl core::error::Error for GenerateError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<der::Error> for GenerateError {
    fn from(_: der::Error) -> Self {
        Self::Encoding
    }
}

impl From<CryptoError> for GenerateError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

/// A self-signed IACA root for `key`.
///
/// # Errors
/// [`GenerateError`] for unusable parameters or a failing provider or random source.
pub fn iaca(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let spec = prepare_root(CertificateRole::Iaca, provider, key, params, rng)?;
    sign(&spec, provider, key)
}

/// A self-signed reader root for `key` (Annex B sets no profile for it; this one is made
/// like an IACA).
///
/// # Errors
/// [`GenerateError`] for unusable parameters or a failing provider or random source.
pub fn reader_root(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let spec = prepare_root(CertificateRole::ReaderRoot, provider, key, params, rng)?;
    sign(&spec, provider, key)
}

/// A document signer certificate for `public_key` (SEC1, on `curve`), issued by the
/// IACA `issuer` whose private key is `issuer_key`.
///
/// # Errors
/// [`GenerateError`] for unusable parameters (including a country or state other than
/// the IACA's, or an issuer key that is not the IACA's) or a failing provider.
pub fn document_signer(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
    public_key: &[u8],
    curve: EcCurve,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    if issuer.subject_country() != Some(params.country) || issuer.subject_state() != params.state {
        return Err(GenerateError::InvalidParams(
            "country and state must be the IACA's",
        ));
    }
    let leaf = Leaf {
        role: CertificateRole::DocumentSigner,
        issuer,
        public_key,
        curve,
    };
    check_issuer_key(provider, issuer_key, issuer)?;
    let spec = prepare_leaf(&leaf, issuer_key, params, rng)?;
    sign(&spec, provider, issuer_key)
}

/// A reader authentication certificate for `public_key` (SEC1, on `curve`), issued by
/// the reader root `issuer` whose private key is `issuer_key`.
///
/// # Errors
/// [`GenerateError`] for unusable parameters (including an issuer key that is not the
/// root's) or a failing provider.
pub fn reader(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
    public_key: &[u8],
    curve: EcCurve,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let leaf = Leaf {
        role: CertificateRole::Reader,
        issuer,
        public_key,
        curve,
    };
    check_issuer_key(provider, issuer_key, issuer)?;
    let spec = prepare_leaf(&leaf, issuer_key, params, rng)?;
    sign(&spec, provider, issuer_key)
}

/// An MSO revocation list signer certificate (Annex B.1.7 Table B.9) for `public_key`
/// (SEC1, on `curve`), issued by the IACA `issuer` whose private key is `issuer_key`: it
/// signs status list and identifier list tokens. keyUsage critical `digitalSignature`, no
/// extKeyUsage (the IETF draft's `id-kp-oauthStatusSigning` has no number yet), SKI and
/// AKI; Table B.9 allows at most 1187 days of validity. The subject's country need not be
/// the IACA's (Table B.9 leaves the subject to the issuing CA).
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::{EcCurve, SystemRandom, default_provider};
/// use iso18013::testing::TestPki;
/// use iso18013::x509::generate::{self, CertificateParams};
/// use iso18013::x509::{LeafRole, verify_chain};
///
/// let provider = default_provider();
/// let now = 1_780_000_000;
/// let pki = TestPki::generate(provider, now)?;
/// let key = provider.ec_generate(EcCurve::P256, &mut SystemRandom(provider))?;
/// let params = CertificateParams {
///     common_name: "Status lists",
///     country: "US",
///     state: None,
///     not_before: now - 60,
///     not_after: now + 86_400 * 365,
///     issuer_alt_name: None,
///     crl_distribution_point: None,
/// };
/// let cert = generate::status_list_signer(provider, &pki.iaca_key, &pki.iaca,
///     &provider.ec_public_key(&key)?, EcCurve::P256, &params, &mut SystemRandom(provider))?;
/// let chain = verify_chain(&pki.trust_store(), &[cert.der()], LeafRole::StatusListSigner, provider, now)?;
/// assert!(chain.findings().is_empty());
/// // It is no document signer.
/// assert!(verify_chain(&pki.trust_store(), &[cert.der()], LeafRole::DocumentSigner, provider, now).is_err());
/// # }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
///
/// # Errors
/// [`GenerateError`] for unusable parameters (including an issuer key that is not the
/// IACA's) or a failing provider.
pub fn status_list_signer(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
    public_key: &[u8],
    curve: EcCurve,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let leaf = Leaf {
        role: CertificateRole::StatusListSigner,
        issuer,
        public_key,
        curve,
    };
    check_issuer_key(provider, issuer_key, issuer)?;
    let spec = prepare_leaf(&leaf, issuer_key, params, rng)?;
    sign(&spec, provider, issuer_key)
}

/// A self-signed root for a VICAL or RICAL provider (made like an IACA: keyCertSign and
/// cRLSign, pathLen 0, so the list signers sit directly under it).
///
/// # Errors
/// [`GenerateError`] for unusable parameters or a failing provider or random source.
pub fn provider_root(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let spec = prepare_root(CertificateRole::ProviderRoot, provider, key, params, rng)?;
    sign(&spec, provider, key)
}

/// A VICAL signer certificate (ISO/IEC 18013-5 second edition, Table C.1) for
/// `public_key` (SEC1, on `curve`), issued by the provider root `issuer` whose private key
/// is `issuer_key`: subject C, O (`organization`, the provider's registered name) and CN,
/// keyUsage nonRepudiation (critical), extKeyUsage 1.0.18013.5.1.8 and 1.0.23220.4.1.8
/// (critical). Keep the validity within 1187 days.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
/// use iso18013::x509::generate::{self, CertificateParams};
///
/// let provider = default_provider();
/// let mut rng = SystemRandom(provider);
/// let (root_key, key) = (provider.ec_generate(EcCurve::P256, &mut rng)?, provider.ec_generate(EcCurve::P256, &mut rng)?);
/// let params = |common_name| CertificateParams {
///     common_name, country: "US", state: None,
///     not_before: 1_780_000_000, not_after: 1_780_000_000 + 365 * 86_400,
///     issuer_alt_name: None, crl_distribution_point: Some("https://vical.example/crl"),
/// };
/// let root = generate::provider_root(provider, &root_key, &params("Test VICAL root"), &mut rng)?;
/// let signer = generate::vical_signer(provider, &root_key, &root, &provider.ec_public_key(&key)?,
///     EcCurve::P256, &params("Test VICAL signer"), "Test VICAL Provider", &mut rng)?;
/// assert_eq!(signer.subject_organization(), Some("Test VICAL Provider"));
/// # }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
///
/// # Errors
/// [`GenerateError`] for unusable parameters (an empty organization, an issuer key that
/// is not the root's) or a failing provider.
#[allow(clippy::too_many_arguments)] // the document signer's and the organization
pub fn vical_signer(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
    public_key: &[u8],
    curve: EcCurve,
    params: &CertificateParams<'_>,
    organization: &str,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let leaf = Leaf {
        role: CertificateRole::VicalSigner,
        issuer,
        public_key,
        curve,
    };
    list_signer(&leaf, provider, issuer_key, params, organization, rng)
}

/// A RICAL signer certificate (Table F.1): as [`vical_signer`], without extKeyUsage.
///
/// # Errors
/// As [`vical_signer`].
#[allow(clippy::too_many_arguments)]
pub fn rical_signer(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
    public_key: &[u8],
    curve: EcCurve,
    params: &CertificateParams<'_>,
    organization: &str,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    let leaf = Leaf {
        role: CertificateRole::RicalSigner,
        issuer,
        public_key,
        curve,
    };
    list_signer(&leaf, provider, issuer_key, params, organization, rng)
}

fn list_signer(
    leaf: &Leaf<'_>,
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    organization: &str,
    rng: &mut dyn RandomSource,
) -> Result<Certificate, GenerateError> {
    if organization.is_empty() {
        return Err(GenerateError::InvalidParams("empty organization"));
    }
    check_issuer_key(provider, issuer_key, leaf.issuer)?;
    let spec = prepare_leaf_with(leaf, issuer_key, params, Some(organization), rng)?;
    sign(&spec, provider, issuer_key)
}

pub(crate) struct Leaf<'a> {
    pub(crate) role: CertificateRole,
    pub(crate) issuer: &'a Certificate,
    pub(crate) public_key: &'a [u8],
    pub(crate) curve: EcCurve,
}

pub(crate) fn prepare_root(
    role: CertificateRole,
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<TbsSpec, GenerateError> {
    check_role(role, true)?;
    check_validity(params)?;
    let public_key = provider.ec_public_key(key)?;
    let subject = name(params, None)?;
    let mut extensions = vec![
        extension(
            &BasicConstraints {
                ca: true,
                path_len_constraint: Some(0),
            },
            true,
        )?,
        extension(&KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign), true)?,
    ];
    extensions.push(extension(&ski(&public_key)?, false)?);
    optional_extensions(params, &mut extensions)?;
    Ok(TbsSpec {
        version: Some(2),
        serial: serial(rng)?,
        signature_oid: ecdsa_oid(SignatureAlgorithm::for_curve(key.curve()).digest()),
        issuer: subject.clone(),
        not_before: params.not_before,
        not_after: params.not_after,
        subject,
        spki: spki(&public_key, key.curve())?,
        extensions,
    })
}

pub(crate) fn prepare_leaf(
    leaf: &Leaf<'_>,
    issuer_key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    rng: &mut dyn RandomSource,
) -> Result<TbsSpec, GenerateError> {
    prepare_leaf_with(leaf, issuer_key, params, None, rng)
}

/// [`prepare_leaf`], with an organization (`O`) in the subject.
pub(crate) fn prepare_leaf_with(
    leaf: &Leaf<'_>,
    issuer_key: &EcPrivateKey,
    params: &CertificateParams<'_>,
    organization: Option<&str>,
    rng: &mut dyn RandomSource,
) -> Result<TbsSpec, GenerateError> {
    check_role(leaf.role, false)?;
    check_validity(params)?;
    check_point(leaf.public_key, leaf.curve)?;
    let key_id = match leaf.issuer.subject_key_identifier() {
        Some(id) => id.to_vec(),
        None => Sha1::digest(leaf.issuer.public_key()).to_vec(),
    };
    let aki = AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(key_id)?),
        ..Default::default()
    };
    let usage = match leaf.role {
        CertificateRole::VicalSigner | CertificateRole::RicalSigner => {
            KeyUsages::NonRepudiation.into()
        }
        _ => KeyUsages::DigitalSignature.into(),
    };
    let mut extensions = vec![extension(&KeyUsage(usage), true)?];
    // A status list signer carries none: its purpose has no number yet; nor does a RICAL
    // signer (Table F.1). A VICAL signer gets the recommended generic purpose too.
    if let Some(purpose) = leaf.role.ext_key_usage() {
        let mut purposes = vec![purpose];
        if leaf.role == CertificateRole::VicalSigner {
            purposes.push(EKU_MDOC_VICAL);
        }
        extensions.push(extension(&ExtendedKeyUsage(purposes), true)?);
    }
    extensions.push(extension(&ski(leaf.public_key)?, false)?);
    extensions.push(extension(&aki, false)?);
    optional_extensions(params, &mut extensions)?;
    Ok(TbsSpec {
        version: Some(2),
        serial: serial(rng)?,
        signature_oid: ecdsa_oid(SignatureAlgorithm::for_curve(issuer_key.curve()).digest()),
        issuer: leaf.issuer.subject_der().to_vec(),
        not_before: params.not_before,
        not_after: params.not_after,
        subject: name(params, organization)?,
        spki: spki(leaf.public_key, leaf.curve)?,
        extensions,
    })
}

fn check_issuer_key(
    provider: &dyn CryptoProvider,
    issuer_key: &EcPrivateKey,
    issuer: &Certificate,
) -> Result<(), GenerateError> {
    if provider.ec_public_key(issuer_key)? == issuer.public_key() {
        Ok(())
    } else {
        Err(GenerateError::InvalidParams(
            "issuer key is not the issuer certificate's",
        ))
    }
}

fn check_role(role: CertificateRole, root: bool) -> Result<(), GenerateError> {
    if role.is_root() == root {
        Ok(())
    } else {
        Err(GenerateError::InvalidParams("role"))
    }
}

fn check_validity(params: &CertificateParams<'_>) -> Result<(), GenerateError> {
    if params.not_before < 0 || params.not_after <= params.not_before {
        return Err(GenerateError::InvalidParams(
            "validity must start after 1970 and end after it starts",
        ));
    }
    Ok(())
}

/// A SEC1 point of the right length for `curve` (uncompressed or compressed).
fn check_point(point: &[u8], curve: EcCurve) -> Result<(), GenerateError> {
    let n = curve.field_len();
    let ok = match point.first() {
        Some(0x04) => point.len() == 1 + 2 * n,
        Some(0x02 | 0x03) => point.len() == 1 + n,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(GenerateError::InvalidParams(
            "public key is not a SEC1 point of the curve",
        ))
    }
}

fn optional_extensions(
    params: &CertificateParams<'_>,
    extensions: &mut Vec<Extension>,
) -> Result<(), GenerateError> {
    if let Some(alt) = params.issuer_alt_name {
        let name = match alt {
            AltName::Uri(uri) => GeneralName::UniformResourceIdentifier(Ia5String::new(uri)?),
            AltName::Email(mail) => GeneralName::Rfc822Name(Ia5String::new(mail)?),
        };
        extensions.push(extension(&IssuerAltName(vec![name]), false)?);
    }
    if let Some(uri) = params.crl_distribution_point {
        let point = DistributionPoint {
            distribution_point: Some(DistributionPointName::FullName(vec![
                GeneralName::UniformResourceIdentifier(Ia5String::new(uri)?),
            ])),
            reasons: None,
            crl_issuer: None,
        };
        extensions.push(extension(&CrlDistributionPoints(vec![point]), false)?);
    }
    Ok(())
}

/// `C`, optional `ST`, optional `O`, `CN` (in that order), as a DER Name.
fn name(
    params: &CertificateParams<'_>,
    organization: Option<&str>,
) -> Result<Vec<u8>, GenerateError> {
    let country = params.country;
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(GenerateError::InvalidParams(
            "country must be ISO 3166-1 alpha-2",
        ));
    }
    if params.common_name.is_empty() || params.state.is_some_and(str::is_empty) {
        return Err(GenerateError::InvalidParams("empty common name or state"));
    }
    let mut rdns = RdnSequence::default();
    rdns.push(rdn(
        COUNTRY_NAME,
        Any::encode_from(&PrintableString::new(country)?)?,
    )?);
    if let Some(state) = params.state {
        rdns.push(rdn(ST, Any::encode_from(&state.to_string())?)?);
    }
    if let Some(organization) = organization {
        rdns.push(rdn(
            ORGANIZATION_NAME,
            Any::encode_from(&organization.to_string())?,
        )?);
    }
    rdns.push(rdn(
        COMMON_NAME,
        Any::encode_from(&params.common_name.to_string())?,
    )?);
    Ok(rdns.to_der()?)
}

/// 20 random octets, top bits `01`: positive, always 20 octets, 158 random bits.
fn serial(rng: &mut dyn RandomSource) -> Result<Vec<u8>, GenerateError> {
    let mut serial = vec![0u8; 20];
    rng.fill(&mut serial)?;
    if let Some(first) = serial.first_mut() {
        *first = (*first & 0x3f) | 0x40;
    }
    Ok(serial)
}
