//! Validated chains remembered by their certificates' hash (DESIGN §5): repeated
//! documents from one issuer skip chain validation, and the document signer's key comes
//! prepared for its next verification.

use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use std::sync::{OnceLock, PoisonError, RwLock};

use super::chain::{VerifiedChain, verify_chain};
use super::error::ChainError;
use super::profile::LeafRole;
use super::trust::TrustStore;
use crate::crypto::{
    CryptoError, CryptoProvider, DigestAlgorithm, PreparedVerifyingKey, SignatureAlgorithm,
};

/// What an entry is found by: the leaf's role, the x5chain's length and the SHA-256 of
/// its certificates (see [`chain_hash`]).
type Key = (u8, usize, [u8; 32]);

/// One validated chain.
struct Entry {
    /// The [`TrustStore::id`] it was validated against.
    store: u64,
    chain: Arc<VerifiedChain>,
    /// The leaf's key, prepared at the first hit (a key seen once may never repeat, and
    /// preparing costs about one verification with `rustcrypto`).
    key: OnceLock<Option<Arc<dyn PreparedVerifyingKey>>>,
    /// The tick of its last use, for eviction.
    last_used: AtomicU64,
}

/// How a cache has fared since it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Chains found valid in the cache.
    pub hits: u64,
    /// Chains validated in full (absent, stale, or for another store).
    pub misses: u64,
}

/// Validated chains, remembered by the SHA-256 of their certificates, so that documents
/// from a known signer cost one ECDSA verification less.
///
/// An entry answers only
/// - for the same certificates: the SHA-256 of the document signer's certificate when the
///   x5chain holds it alone (as Annex B chains do), else of every certificate with its
///   length,
///   validated for the same [`LeafRole`],
/// - against the same [`TrustStore`] contents (its [`id`](TrustStore::id) changes with
///   every added anchor),
/// - at a time within every certificate's validity, anchor included: from the latest
///   notBefore to the earliest notAfter.
///
/// Anything else is validated in full by [`verify_chain`] and then remembered. The cache
/// holds at most [`capacity`](Self::capacity) chains; when full, the least recently used
/// gives way (stale entries first). A hit skips only the chain's validation: the caller
/// still verifies the signature the leaf's key made, with the
/// [prepared key](CachedChain::verify_signature) kept here (prepared at the first hit,
/// once the key has shown that it repeats).
///
/// `Send + Sync`: one cache serves every thread of a verifier service (readers share a
/// lock; writers take it only to add). Needs the `std` feature.
///
/// ```
/// use iso18013::x509::{Certificate, LeafRole, TrustCache, TrustStore};
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop/isomdl");
/// let trust = TrustStore::from_iaca_pem(&std::fs::read_to_string(format!("{dir}/iaca.cert.pem"))?)?;
/// let ds = Certificate::from_pem(&std::fs::read_to_string(format!("{dir}/ds.cert.pem"))?)?;
/// let provider = iso18013::crypto::default_provider();
/// let now = 1_796_083_200; // 2026-12-01T00:00:00Z
///
/// let cache = TrustCache::new(16);
/// let first = cache.verify_chain(&trust, &[ds[0].der()], LeafRole::DocumentSigner, provider, now)?;
/// let again = cache.verify_chain(&trust, &[ds[0].der()], LeafRole::DocumentSigner, provider, now)?;
/// assert!(!first.was_cached() && again.was_cached());
/// assert_eq!(again.chain().issuing_country(), Some("US"));
/// assert_eq!((cache.stats().hits, cache.stats().misses), (1, 1));
///
/// // After the document signer's notAfter the entry answers no more.
/// let later = again.chain().valid_until() + 1;
/// assert!(cache.verify_chain(&trust, &[ds[0].der()], LeafRole::DocumentSigner, provider, later).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct TrustCache {
    capacity: usize,
    entries: RwLock<BTreeMap<Key, Entry>>,
    tick: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl core::fmt::Debug for TrustCache {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("TrustCache")
            .field("capacity", &self.capacity)
            .field("len", &self.len())
            .field("stats", &self.stats())
            .finish()
    }
}

impl Default for TrustCache {
    /// A cache of [`DEFAULT_CAPACITY`](Self::DEFAULT_CAPACITY) chains.
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

/// A validated chain, from the cache or just validated, with its leaf's key prepared.
#[derive(Clone, Debug)]
pub struct CachedChain {
    chain: Arc<VerifiedChain>,
    key: Option<Arc<dyn PreparedVerifyingKey>>,
    cached: bool,
}

impl CachedChain {
    /// The validated chain.
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }

    /// The validated chain, shared.
    pub fn shared(&self) -> Arc<VerifiedChain> {
        Arc::clone(&self.chain)
    }

    /// Whether the chain came from the cache (its validation skipped).
    pub fn was_cached(&self) -> bool {
        self.cached
    }

    /// Verifies an ECDSA signature the leaf's key made over `message`: with the prepared
    /// key when `provider` prepared it for `alg`, else by
    /// [`CryptoProvider::ecdsa_verify`].
    ///
    /// # Errors
    /// As [`CryptoProvider::ecdsa_verify`].
    pub fn verify_signature(
        &self,
        provider: &dyn CryptoProvider,
        alg: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        self.verify_signature_parts(provider, alg, &[message], signature)
    }

    /// [`verify_signature`](Self::verify_signature) over the concatenation of `parts`
    /// (hashed one after the other, not copied together).
    ///
    /// # Errors
    /// As [`CryptoProvider::ecdsa_verify`].
    pub fn verify_signature_parts(
        &self,
        provider: &dyn CryptoProvider,
        alg: SignatureAlgorithm,
        parts: &[&[u8]],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        match &self.key {
            Some(key) if key.algorithm() == alg && key.provider_name() == provider.name() => {
                key.verify_parts(parts, signature)
            }
            _ => provider.ecdsa_verify_parts(alg, self.chain.leaf().public_key(), parts, signature),
        }
    }
}

fn role_tag(role: LeafRole) -> u8 {
    match role {
        LeafRole::DocumentSigner => 0,
        LeafRole::Reader => 1,
        LeafRole::StatusListSigner => 2,
        LeafRole::VicalSigner => 3,
        LeafRole::RicalSigner => 4,
    }
}

impl TrustCache {
    /// The capacity of [`TrustCache::default`].
    pub const DEFAULT_CAPACITY: usize = 256;

    /// An empty cache holding at most `capacity` chains (0 remembers nothing).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: RwLock::new(BTreeMap::new()),
            tick: AtomicU64::new(0),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The most chains it holds.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many chains it holds now (stale ones included until they give way).
    pub fn len(&self) -> usize {
        self.entries
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether it holds no chain.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every chain.
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Hits and misses so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// The chain `chain` (DER certificates, leaf first) validated as [`verify_chain`]
    /// would, from the cache when an entry answers (see the type's documentation), else
    /// validated now and remembered.
    ///
    /// # Errors
    /// As [`verify_chain`]; failures are not remembered.
    pub fn verify_chain(
        &self,
        trust: &TrustStore,
        chain: &[&[u8]],
        role: LeafRole,
        provider: &dyn CryptoProvider,
        now: i64,
    ) -> Result<CachedChain, ChainError> {
        let key = (role_tag(role), chain.len(), chain_hash(chain, provider));
        if let Some(found) = self.lookup(&key, trust.id(), now, provider) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok(found);
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        let verified = Arc::new(verify_chain(trust, chain, role, provider, now)?);
        self.insert(key, trust.id(), &verified, now);
        Ok(CachedChain {
            chain: verified,
            key: None,
            cached: false,
        })
    }

    fn next_tick(&self) -> u64 {
        self.tick.fetch_add(1, Ordering::Relaxed)
    }

    fn lookup(
        &self,
        key: &Key,
        store: u64,
        now: i64,
        provider: &dyn CryptoProvider,
    ) -> Option<CachedChain> {
        let entries = self.entries.read().unwrap_or_else(PoisonError::into_inner);
        let entry = entries.get(key)?;
        let chain = &entry.chain;
        if entry.store != store || now < chain.valid_from() || now > chain.valid_until() {
            return None;
        }
        entry.last_used.store(self.next_tick(), Ordering::Relaxed);
        let prepared = entry.key.get_or_init(|| {
            let leaf = chain.leaf();
            let alg = SignatureAlgorithm::for_curve(leaf.curve()?);
            provider
                .prepare_verifying_key(alg, leaf.public_key())
                .map(Arc::from)
        });
        Some(CachedChain {
            chain: Arc::clone(chain),
            key: prepared.clone(),
            cached: true,
        })
    }

    fn insert(&self, key: Key, store: u64, chain: &Arc<VerifiedChain>, now: i64) {
        if self.capacity == 0 {
            return;
        }
        let entry = Entry {
            store,
            chain: Arc::clone(chain),
            key: OnceLock::new(),
            last_used: AtomicU64::new(self.next_tick()),
        };
        let mut entries = self.entries.write().unwrap_or_else(PoisonError::into_inner);
        if !entries.contains_key(&key) && entries.len() >= self.capacity {
            // Stale entries go first; if none is, the least recently used one.
            entries.retain(|_, e| {
                e.store == store && now >= e.chain.valid_from() && now <= e.chain.valid_until()
            });
            while entries.len() >= self.capacity {
                let oldest = entries
                    .iter()
                    .min_by_key(|(_, e)| e.last_used.load(Ordering::Relaxed))
                    .map(|(k, _)| *k);
                match oldest {
                    Some(k) => entries.remove(&k),
                    None => break,
                };
            }
        }
        entries.insert(key, entry);
    }
}

/// The SHA-256 of the certificate when the chain holds one; else of every certificate,
/// each preceded by its length (4 bytes, big-endian; certificates are far shorter than
/// 4 GiB, and longer ones are refused by [`verify_chain`] anyway). The key also holds the
/// chain's length, so the two forms never meet.
fn chain_hash(chain: &[&[u8]], provider: &dyn CryptoProvider) -> [u8; 32] {
    let digest = match chain {
        [single] => provider.digest(DigestAlgorithm::Sha256, single),
        _ => {
            let len: usize = chain.iter().map(|c| c.len().saturating_add(4)).sum();
            let mut bytes = Vec::with_capacity(len);
            for cert in chain {
                let n = u32::try_from(cert.len()).unwrap_or(u32::MAX);
                bytes.extend_from_slice(&n.to_be_bytes());
                bytes.extend_from_slice(cert);
            }
            provider.digest(DigestAlgorithm::Sha256, &bytes)
        }
    };
    let mut out = [0u8; 32];
    out.iter_mut().zip(digest).for_each(|(o, d)| *o = d);
    out
}
