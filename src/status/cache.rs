//! A cache of verified, decompressed lists (feature `std`): a verifier resolves and
//! verifies a list once, then answers from memory until the list's `ttl` says to fetch
//! it again, and never past its `exp` or its signer's certificate.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicU64, Ordering};
use std::collections::HashMap;
use std::sync::RwLock;

use super::verify::{VerifiedIdentifierList, VerifiedStatusList};

/// Verified lists by URI, each kept with the trust point it was verified under.
///
/// An entry is **fresh** until `min(exp, the signer chain's end, fetched + ttl)`
/// ([`TokenInfo::fresh_until`](super::TokenInfo::fresh_until)): then it answers without
/// any fetch. Past that, and before `exp` and the chain's end, it is **stale**: a verifier
/// fetches again and falls back on it only when that fails (its `StatusPolicy` says
/// whether a stale answer is good enough). Past `exp` it is never used.
///
/// An entry answers only for documents whose list trust point (the MSO's `certificate`,
/// else the IACA that anchors the document signer) is the one it was verified under: one
/// issuer cannot answer for another's URI. At most [`capacity`](Self::capacity) lists
/// are kept; a full cache first drops the lists no longer usable, then the one that
/// goes stale first.
///
/// `Send + Sync`; lookups take a read lock.
#[derive(Debug)]
pub struct ListCache {
    status: RwLock<HashMap<String, Entry<VerifiedStatusList>>>,
    identifier: RwLock<HashMap<String, Entry<VerifiedIdentifierList>>>,
    capacity: usize,
    hits: AtomicU64,
    stale_hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Debug)]
struct Entry<L> {
    list: Arc<L>,
    anchor: Vec<u8>,
    fresh_until: i64,
    valid_until: i64,
}

/// What the cache holds for a URI at a time.
#[derive(Debug)]
pub enum Cached<L> {
    /// A list within its `ttl`: use it.
    Fresh(Arc<L>),
    /// A list past its `ttl` but before its `exp`: fetch again, and use this only if
    /// that fails.
    Stale(Arc<L>),
    /// Nothing usable.
    Miss,
}

/// Counters of a [`ListCache`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListCacheStats {
    /// Lookups answered by a fresh list.
    pub hits: u64,
    /// Lookups that found only a stale list.
    pub stale_hits: u64,
    /// Lookups that found nothing usable.
    pub misses: u64,
}

impl Default for ListCache {
    fn default() -> Self {
        Self::with_capacity(Self::DEFAULT_CAPACITY)
    }
}

impl ListCache {
    /// The capacity of [`ListCache::default`], in lists of each kind.
    pub const DEFAULT_CAPACITY: usize = 256;

    /// A cache of at most `capacity` lists of each kind (at least 1).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            status: RwLock::default(),
            identifier: RwLock::default(),
            capacity: capacity.max(1),
            hits: AtomicU64::new(0),
            stale_hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// How many lists of each kind it keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// The status list of `uri` verified under the trust point `anchor` (its DER), as
    /// usable at `now`.
    pub fn status_list(&self, uri: &str, anchor: &[u8], now: i64) -> Cached<VerifiedStatusList> {
        self.count(lookup(&self.status, uri, anchor, now))
    }

    /// The identifier list of `uri` verified under `anchor`, as usable at `now`.
    pub fn identifier_list(
        &self,
        uri: &str,
        anchor: &[u8],
        now: i64,
    ) -> Cached<VerifiedIdentifierList> {
        self.count(lookup(&self.identifier, uri, anchor, now))
    }

    /// Keeps `list`, verified under `anchor` and fetched at `fetched_at`; returns it
    /// shared.
    pub fn insert_status_list(
        &self,
        list: VerifiedStatusList,
        anchor: &[u8],
        fetched_at: i64,
    ) -> Arc<VerifiedStatusList> {
        let (fresh_until, valid_until) = (
            list.info().fresh_until(fetched_at),
            list.info().valid_until(),
        );
        let uri = String::from(list.uri());
        insert(
            &self.status,
            self.capacity,
            uri,
            list,
            anchor,
            (fresh_until, valid_until, fetched_at),
        )
    }

    /// Keeps `list`, verified under `anchor` and fetched at `fetched_at`; returns it
    /// shared.
    pub fn insert_identifier_list(
        &self,
        list: VerifiedIdentifierList,
        anchor: &[u8],
        fetched_at: i64,
    ) -> Arc<VerifiedIdentifierList> {
        let (fresh_until, valid_until) = (
            list.info().fresh_until(fetched_at),
            list.info().valid_until(),
        );
        let uri = String::from(list.uri());
        insert(
            &self.identifier,
            self.capacity,
            uri,
            list,
            anchor,
            (fresh_until, valid_until, fetched_at),
        )
    }

    /// The counters so far.
    pub fn stats(&self) -> ListCacheStats {
        ListCacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            stale_hits: self.stale_hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
        }
    }

    /// How many lists are kept (both kinds).
    pub fn len(&self) -> usize {
        read_len(&self.status) + read_len(&self.identifier)
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every list (for example when the trust anchors change).
    pub fn clear(&self) {
        clear(&self.status);
        clear(&self.identifier);
    }

    fn count<L>(&self, cached: Cached<L>) -> Cached<L> {
        let counter = match cached {
            Cached::Fresh(_) => &self.hits,
            Cached::Stale(_) => &self.stale_hits,
            Cached::Miss => &self.misses,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        cached
    }
}

fn lookup<L>(
    map: &RwLock<HashMap<String, Entry<L>>>,
    uri: &str,
    anchor: &[u8],
    now: i64,
) -> Cached<L> {
    // A poisoned lock only means another thread panicked mid-insert; the map is still
    // whole (inserts do not leave it half-done), so it is read on.
    let map = map
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match map.get(uri) {
        Some(entry) if entry.anchor == anchor && now < entry.fresh_until => {
            Cached::Fresh(Arc::clone(&entry.list))
        }
        Some(entry) if entry.anchor == anchor && now < entry.valid_until => {
            Cached::Stale(Arc::clone(&entry.list))
        }
        _ => Cached::Miss,
    }
}

fn insert<L>(
    map: &RwLock<HashMap<String, Entry<L>>>,
    capacity: usize,
    uri: String,
    list: L,
    anchor: &[u8],
    (fresh_until, valid_until, now): (i64, i64, i64),
) -> Arc<L> {
    let list = Arc::new(list);
    let mut map = map
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !map.contains_key(&uri) && map.len() >= capacity {
        map.retain(|_, e| now < e.valid_until);
        if map.len() >= capacity
            && let Some(first) = map
                .iter()
                .min_by_key(|(_, e)| e.fresh_until)
                .map(|(k, _)| k.clone())
        {
            map.remove(&first);
        }
    }
    map.insert(
        uri,
        Entry {
            list: Arc::clone(&list),
            anchor: anchor.to_vec(),
            fresh_until,
            valid_until,
        },
    );
    list
}

fn read_len<L>(map: &RwLock<HashMap<String, Entry<L>>>) -> usize {
    map.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .len()
}

fn clear<L>(map: &RwLock<HashMap<String, Entry<L>>>) {
    map.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clear();
}
