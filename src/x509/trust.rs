//! Trust anchors: IACA roots for document signers, reader roots for readers.

use alloc::vec::Vec;

use super::certificate::Certificate;
use super::error::CertificateError;
use super::profile::LeafRole;

/// The trust anchors a verifier accepts: IACA roots (document signers chain to them) and
/// reader roots (reader authentication certificates chain to them).
///
/// Anchors are taken as configured: their profile and validity are checked by
/// [`verify_chain`](super::verify_chain) each time they are used, their own signature
/// never. Adding a certificate already present does nothing.
///
/// ```
/// use iso18013::x509::TrustStore;
///
/// let pem = include_str!(concat!(
///     env!("CARGO_MANIFEST_DIR"),
///     "/test-vectors/interop/isomdl/iaca.cert.pem"
/// ));
/// let trust = TrustStore::from_iaca_pem(pem)?;
/// assert_eq!(trust.iaca_roots().len(), 1);
/// assert_eq!(trust.iaca_roots()[0].subject_country(), Some("US"));
/// assert!(trust.reader_roots().is_empty());
/// # Ok::<(), iso18013::x509::CertificateError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustStore {
    iaca: Vec<Certificate>,
    reader_roots: Vec<Certificate>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding every certificate of the PEM text as an IACA root.
    ///
    /// # Errors
    /// As [`Certificate::from_pem`].
    pub fn from_iaca_pem(pem: &str) -> Result<Self, CertificateError> {
        let mut store = Self::new();
        store.add_iaca_pem(pem)?;
        Ok(store)
    }

    /// Adds an IACA root.
    pub fn add_iaca(&mut self, cert: Certificate) {
        push_unique(&mut self.iaca, cert);
    }

    /// Adds an IACA root given as DER.
    ///
    /// # Errors
    /// As [`Certificate::from_der`].
    pub fn add_iaca_der(&mut self, der: &[u8]) -> Result<(), CertificateError> {
        self.add_iaca(Certificate::from_der(der)?);
        Ok(())
    }

    /// Adds every certificate of the PEM text as an IACA root; returns how many there
    /// were. Nothing is added when one fails to parse.
    ///
    /// # Errors
    /// As [`Certificate::from_pem`].
    pub fn add_iaca_pem(&mut self, pem: &str) -> Result<usize, CertificateError> {
        let certs = Certificate::from_pem(pem)?;
        let n = certs.len();
        certs.into_iter().for_each(|c| self.add_iaca(c));
        Ok(n)
    }

    /// Adds a reader root.
    pub fn add_reader_root(&mut self, cert: Certificate) {
        push_unique(&mut self.reader_roots, cert);
    }

    /// Adds a reader root given as DER.
    ///
    /// # Errors
    /// As [`Certificate::from_der`].
    pub fn add_reader_root_der(&mut self, der: &[u8]) -> Result<(), CertificateError> {
        self.add_reader_root(Certificate::from_der(der)?);
        Ok(())
    }

    /// Adds every certificate of the PEM text as a reader root; returns how many there
    /// were. Nothing is added when one fails to parse.
    ///
    /// # Errors
    /// As [`Certificate::from_pem`].
    pub fn add_reader_root_pem(&mut self, pem: &str) -> Result<usize, CertificateError> {
        let certs = Certificate::from_pem(pem)?;
        let n = certs.len();
        certs.into_iter().for_each(|c| self.add_reader_root(c));
        Ok(n)
    }

    /// The IACA roots.
    pub fn iaca_roots(&self) -> &[Certificate] {
        &self.iaca
    }

    /// The reader roots.
    pub fn reader_roots(&self) -> &[Certificate] {
        &self.reader_roots
    }

    /// The anchors for leaves of `role`.
    pub fn anchors_for(&self, role: LeafRole) -> &[Certificate] {
        match role {
            LeafRole::DocumentSigner => &self.iaca,
            LeafRole::Reader => &self.reader_roots,
        }
    }

    /// Whether the store holds no anchor at all.
    pub fn is_empty(&self) -> bool {
        self.iaca.is_empty() && self.reader_roots.is_empty()
    }
}

fn push_unique(list: &mut Vec<Certificate>, cert: Certificate) {
    if !list.contains(&cert) {
        list.push(cert);
    }
}
