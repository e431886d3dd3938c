//! Trust anchors: IACA roots for document signers (each with the docTypes it may vouch
//! for), reader roots for readers.

use alloc::string::String;
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
    /// The docTypes each IACA vouches for, by the index of `iaca`.
    iaca_scopes: Vec<DocTypeScope>,
    reader_roots: Vec<Certificate>,
    id: u64,
}

/// The docTypes an IACA root may vouch for: any (an IACA configured by hand), or only
/// those a VICAL lists for it (ISO/IEC 18013-5 second edition, C.1.7.1: a relying party
/// should not use a certificate as a trust point for a docType its entry does not list).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocTypeScope {
    /// Every docType.
    Any,
    /// Only these docTypes.
    Only(Vec<String>),
}

impl DocTypeScope {
    /// Whether `doc_type` is within the scope.
    pub fn allows(&self, doc_type: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Only(list) => list.iter().any(|d| d == doc_type),
        }
    }

    /// The union of two scopes; whether `self` changed.
    fn widen(&mut self, other: DocTypeScope) -> bool {
        match (&mut *self, other) {
            (Self::Any, _) => false,
            (_, Self::Any) => {
                *self = Self::Any;
                true
            }
            (Self::Only(list), Self::Only(more)) => {
                let before = list.len();
                for d in more {
                    if !list.contains(&d) {
                        list.push(d);
                    }
                }
                list.len() != before
            }
        }
    }
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
            iaca_scopes: Vec::new(),
            reader_roots: Vec::new(),
            id: next_store_id(),
        }
    }
}

/// Two stores are equal when they hold the same anchors with the same scopes, whatever
/// their [`id`](TrustStore::id).
impl PartialEq for TrustStore {
    fn eq(&self, other: &Self) -> bool {
        self.iaca == other.iaca
            && self.iaca_scopes == other.iaca_scopes
            && self.reader_roots == other.reader_roots
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

    /// Adds an IACA root that vouches for every docType (an IACA already present for
    /// some docTypes is widened to all).
    pub fn add_iaca(&mut self, cert: Certificate) {
        self.add_iaca_scoped(cert, DocTypeScope::Any);
    }

    /// Adds an IACA root that vouches only for `doc_types` (as a VICAL entry lists them;
    /// an IACA already present keeps its docTypes and gains these). Verification rejects
    /// a document of another docType whose chain ends at it
    /// ([`UntrustedError::DocTypeOutOfScope`](crate::verify::UntrustedError::DocTypeOutOfScope)).
    ///
    /// ```
    /// use iso18013::x509::{Certificate, DocTypeScope, TrustStore};
    ///
    /// let pem = include_str!(concat!(
    ///     env!("CARGO_MANIFEST_DIR"),
    ///     "/test-vectors/interop/isomdl/iaca.cert.pem"
    /// ));
    /// let iaca = Certificate::from_pem(pem)?.remove(0);
    /// let mut trust = TrustStore::new();
    /// trust.add_iaca_for(iaca.clone(), ["org.iso.18013.5.1.mDL"]);
    /// assert!(trust.iaca_vouches_for(&iaca, "org.iso.18013.5.1.mDL"));
    /// assert!(!trust.iaca_vouches_for(&iaca, "eu.europa.ec.eudi.pid.1"));
    /// trust.add_iaca(iaca.clone());
    /// assert_eq!(trust.iaca_scope(&iaca), Some(&DocTypeScope::Any));
    /// # Ok::<(), iso18013::x509::CertificateError>(())
    /// ```
    pub fn add_iaca_for<I, S>(&mut self, cert: Certificate, doc_types: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut list: Vec<String> = Vec::new();
        for d in doc_types {
            let d = d.into();
            if !list.contains(&d) {
                list.push(d);
            }
        }
        self.add_iaca_scoped(cert, DocTypeScope::Only(list));
    }

    fn add_iaca_scoped(&mut self, cert: Certificate, scope: DocTypeScope) {
        let changed = match self.iaca.iter().position(|c| *c == cert) {
            Some(i) => self.iaca_scopes.get_mut(i).is_some_and(|s| s.widen(scope)),
            None => {
                self.iaca.push(cert);
                self.iaca_scopes.push(scope);
                true
            }
        };
        if changed {
            self.id = next_store_id();
        }
    }

    /// The docTypes the IACA root `cert` vouches for; `None` when it is not one.
    pub fn iaca_scope(&self, cert: &Certificate) -> Option<&DocTypeScope> {
        let i = self.iaca.iter().position(|c| c == cert)?;
        self.iaca_scopes.get(i)
    }

    /// Whether `cert` is an IACA root of this store that vouches for `doc_type`.
    pub fn iaca_vouches_for(&self, cert: &Certificate, doc_type: &str) -> bool {
        self.iaca_scope(cert).is_some_and(|s| s.allows(doc_type))
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

    /// The anchors for leaves of `role` (none for the trust-list signers: their
    /// provider's root is given to the list's verification, see [`crate::vical`]).
    pub fn anchors_for(&self, role: LeafRole) -> &[Certificate] {
        match role {
            LeafRole::DocumentSigner | LeafRole::StatusListSigner => &self.iaca,
            LeafRole::Reader => &self.reader_roots,
            LeafRole::VicalSigner | LeafRole::RicalSigner => &[],
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
