//! Trust anchors: IACA roots for document signers, reader roots for readers.

use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};

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
/// Each store carries an [`id`](Self::id) that changes whenever an anchor is added, so a
/// [`TrustCache`](super::TrustCache) never serves a chain validated against other anchors.
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
#[derive(Clone, Debug)]
pub struct TrustStore {
    iaca: Vec<Certificate>,
    reader_roots: Vec<Certificate>,
    id: u64,
}

/// Where store identities come from: every new or changed store takes the next value, so
/// two different contents never share one within a process.
static NEXT_STORE_ID: AtomicU64 = AtomicU64::new(1);

fn next_store_id() -> u64 {
    NEXT_STORE_ID.fetch_add(1, Ordering::Relaxed)
}

impl Default for TrustStore {
    fn default() -> Self {
        Self {
            iaca: Vec::new(),
            reader_roots: Vec::new(),
            id: next_store_id(),
        }
    }
}

/// Two stores are equal when they hold the same anchors, whatever their [`id`](TrustStore::id).
impl PartialEq for TrustStore {
    fn eq(&self, other: &Self) -> bool {
        self.iaca == other.iaca && self.reader_roots == other.reader_roots
    }
}

impl Eq for TrustStore {}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// This store's identity: unique to its contents within the process, new after every
    /// change, kept by clones (which hold the same anchors). Caches of validated chains
    /// key on it.
    ///
    /// ```
    /// use iso18013::x509::TrustStore;
    ///
    /// let pem = include_str!(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/test-vectors/interop/isomdl/iaca.cert.pem"
    /// ));
    /// let mut trust = TrustStore::new();
    /// let empty = trust.id();
    /// trust.add_iaca_pem(pem)?;
    /// assert_ne!(trust.id(), empty);
    /// assert_eq!(trust.clone().id(), trust.id());
    /// # Ok::<(), iso18013::x509::CertificateError>(())
    /// ```
    pub fn id(&self) -> u64 {
        self.id
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
        if push_unique(&mut self.iaca, cert) {
            self.id = next_store_id();
        }
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
        if push_unique(&mut self.reader_roots, cert) {
            self.id = next_store_id();
        }
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
            LeafRole::DocumentSigner | LeafRole::StatusListSigner => &self.iaca,
            LeafRole::Reader => &self.reader_roots,
        }
    }

    /// Whether the store holds no anchor at all.
    pub fn is_empty(&self) -> bool {
        self.iaca.is_empty() && self.reader_roots.is_empty()
    }
}

/// Adds `cert` unless present; whether it was added.
fn push_unique(list: &mut Vec<Certificate>, cert: Certificate) -> bool {
    let new = !list.contains(&cert);
    if new {
        list.push(cert);
    }
    new
}
