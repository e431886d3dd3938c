//! A test PKI in one call (feature `std`): what `mdoc certs` writes, as values. For tests,
//! demos and conformance runs, never for production keys.

use crate::cose::CoseKey;
use crate::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SystemRandom};
use crate::x509::generate::{self, AltName, CertificateParams, GenerateError};
use crate::x509::{Certificate, TrustStore};

const DAY: i64 = 86_400;

/// A complete ISO 18013-5 Annex B test PKI on P-256: an IACA with its document signer
/// and its status list signer, a reader root and its reader certificate, a VICAL provider
/// root and its VICAL signer, with their keys, plus a device key and a reader ephemeral
/// key.
///
/// The certificates are valid from a day before `now`: the document signer, the reader,
/// the status list signer and the VICAL signer for a year, the roots for nine. Subjects
/// are `Test IACA`, `Test DS`, `Test status list signer`, `Test reader root`,
/// `Test reader`, `Test VICAL root` and `Test VICAL signer` (organization `Test VICAL
/// Provider`), country `US`. The keys are [`EcPrivateKey`]s:
/// zeroized on drop and redacted in `Debug`.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::default_provider;
/// use iso18013::testing::TestPki;
/// use iso18013::x509::{LeafRole, verify_chain};
///
/// let provider = default_provider();
/// let now = 1_780_000_000;
/// let pki = TestPki::generate(provider, now)?;
/// let trust = pki.trust_store();
/// verify_chain(&trust, &[pki.ds.der()], LeafRole::DocumentSigner, provider, now)?;
/// verify_chain(&trust, &[pki.reader.der()], LeafRole::Reader, provider, now)?;
/// assert!(format!("{pki:?}").contains("<redacted>"));
/// # }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct TestPki {
    /// The IACA root certificate.
    pub iaca: Certificate,
    /// The IACA's private key.
    pub iaca_key: EcPrivateKey,
    /// The document signer certificate, issued by the IACA.
    pub ds: Certificate,
    /// The document signer's private key.
    pub ds_key: EcPrivateKey,
    /// The reader root certificate.
    pub reader_root: Certificate,
    /// The reader root's private key.
    pub reader_root_key: EcPrivateKey,
    /// The reader authentication certificate, issued by the reader root.
    pub reader: Certificate,
    /// The reader's private key.
    pub reader_key: EcPrivateKey,
    /// The VICAL provider's root (a separate CA, as Table C.1 has it: the VICAL signer is
    /// issued by the provider's CA, not by an IACA).
    pub vical_root: Certificate,
    /// The VICAL root's private key.
    pub vical_root_key: EcPrivateKey,
    /// The VICAL signer certificate (Table C.1), issued by the VICAL root.
    pub vical_signer: Certificate,
    /// The VICAL signer's private key.
    pub vical_signer_key: EcPrivateKey,
    /// The holder's device key (its public key goes in the MSO).
    pub device_key: EcPrivateKey,
    /// The device key's public key, as the MSO's `deviceKey`.
    pub device_public_key: CoseKey,
    /// A reader ephemeral key (`EReaderKey`).
    pub e_reader_key: EcPrivateKey,
    /// The reader ephemeral key's public key.
    pub e_reader_public_key: CoseKey,
    /// The MSO revocation list signer certificate (Annex B.1.7), issued by the IACA:
    /// signs status list and identifier list tokens.
    pub status_signer: Certificate,
    /// The status list signer's private key.
    pub status_signer_key: EcPrivateKey,
}

impl TestPki {
    /// Generates the keys and certificates through `provider`, valid around `now` (Unix
    /// seconds, e.g. [`crate::now`]).
    ///
    /// # Errors
    /// [`GenerateError`] when the provider or its random source fails.
    pub fn generate(provider: &dyn CryptoProvider, now: i64) -> Result<Self, GenerateError> {
        let mut rng = SystemRandom(provider);
        let mut key = || provider.ec_generate(EcCurve::P256, &mut rng);
        let (iaca_key, ds_key, reader_root_key, reader_key) = (key()?, key()?, key()?, key()?);
        let (device_key, e_reader_key, status_signer_key) = (key()?, key()?, key()?);
        let (vical_root_key, vical_signer_key) = (key()?, key()?);
        let public = |k: &EcPrivateKey| provider.ec_public_key(k);
        let cose = |k: &EcPrivateKey| {
            CoseKey::from_sec1(EcCurve::P256, &public(k)?).ok_or(GenerateError::InvalidParams(
                "the generated key is not a point",
            ))
        };
        let start = now.saturating_sub(DAY);
        let params = |common_name: &'static str, days: i64| CertificateParams {
            common_name,
            country: "US",
            state: None,
            not_before: start,
            not_after: start.saturating_add(days.saturating_mul(DAY)),
            issuer_alt_name: Some(AltName::Uri("https://issuer.example")),
            crl_distribution_point: Some("https://issuer.example/crl"),
        };
        let mut rng = SystemRandom(provider);
        let iaca = generate::iaca(provider, &iaca_key, &params("Test IACA", 9 * 365), &mut rng)?;
        let ds = generate::document_signer(
            provider,
            &iaca_key,
            &iaca,
            &public(&ds_key)?,
            EcCurve::P256,
            &params("Test DS", 365),
            &mut rng,
        )?;
        let reader_root = generate::reader_root(
            provider,
            &reader_root_key,
            &params("Test reader root", 9 * 365),
            &mut rng,
        )?;
        let reader = generate::reader(
            provider,
            &reader_root_key,
            &reader_root,
            &public(&reader_key)?,
            EcCurve::P256,
            &params("Test reader", 365),
            &mut rng,
        )?;
        let status_signer = generate::status_list_signer(
            provider,
            &iaca_key,
            &iaca,
            &public(&status_signer_key)?,
            EcCurve::P256,
            &params("Test status list signer", 365),
            &mut rng,
        )?;
        let vical_root = generate::provider_root(
            provider,
            &vical_root_key,
            &params("Test VICAL root", 9 * 365),
            &mut rng,
        )?;
        let vical_signer = generate::vical_signer(
            provider,
            &vical_root_key,
            &vical_root,
            &public(&vical_signer_key)?,
            EcCurve::P256,
            &params("Test VICAL signer", 365),
            "Test VICAL Provider",
            &mut rng,
        )?;
        Ok(Self {
            status_signer,
            status_signer_key,
            vical_root,
            vical_root_key,
            vical_signer,
            vical_signer_key,
            device_public_key: cose(&device_key)?,
            e_reader_public_key: cose(&e_reader_key)?,
            iaca,
            iaca_key,
            ds,
            ds_key,
            reader_root,
            reader_root_key,
            reader,
            reader_key,
            device_key,
            e_reader_key,
        })
    }

    /// A trust store holding the IACA and the reader root.
    pub fn trust_store(&self) -> TrustStore {
        let mut trust = TrustStore::new();
        trust.add_iaca(self.iaca.clone());
        trust.add_reader_root(self.reader_root.clone());
        trust
    }
}
