//! A verifier service's state: trust anchors, policy and a cache of validated chains,
//! shared by every thread.

#[cfg(feature = "std")]
use alloc::vec::Vec;
#[cfg(feature = "std")]
use core::sync::atomic::{AtomicUsize, Ordering};

#[cfg(feature = "std")]
use super::TrustCache;
use alloc::boxed::Box;
use core::fmt;

use super::status::StatusSource;
use super::{Answer, Policy, ReaderSession, VerifiedResponse, VerifyError, verify_response};
use crate::request::DeviceRequest;
#[cfg(feature = "std")]
use crate::status::ListCache;
use crate::status::StatusResolver;
use crate::x509::TrustStore;

/// What a verifier service holds: its [`TrustStore`], its [`Policy`] and a [`TrustCache`]
/// of validated document signer chains, so that responses from known issuers skip chain
/// validation (and, with `rustcrypto`, verify the issuer's signature with a prepared key).
/// Every other check runs for every response.
///
/// `Send + Sync`: share one by reference or `Arc` across threads. Changing the anchors
/// through [`trust_mut`](Self::trust_mut) or [`set_trust`](Self::set_trust) retires every
/// cached chain. Without the `std` feature there is no cache (and no `verify_many`): every
/// chain is validated in full.
///
/// ```
/// use iso18013::cbor::Decode;
/// use iso18013::session::SessionTranscript;
/// use iso18013::verify::{Policy, ReaderSession, Verifier};
/// use iso18013::x509::TrustStore;
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop/isomdl");
/// let read = |name: &str| std::fs::read(format!("{dir}/{name}"));
/// let trust = TrustStore::from_iaca_pem(&String::from_utf8(read("iaca.cert.pem")?)?)?;
/// let transcript = SessionTranscript::from_cbor(&read("session_transcript.qr.cbor")?)?;
/// let response = read("device_response.qr.cbor")?;
/// let now = 1_796_083_200; // 2026-12-01T00:00:00Z
///
/// let verifier = Verifier::new(trust, Policy::default());
/// let session = ReaderSession::new(&transcript);
/// let first = verifier.verify(&response, &session, now)?;
/// let second = verifier.verify(&response, &session, now)?; // the chain from the cache
/// assert_eq!(first.documents()[0].doc_type(), "org.iso.18013.5.1.mDL");
/// assert_eq!(verifier.cache().stats().hits, 1);
///
/// // Many at once, over every core, results in input order.
/// let batch = vec![(response.as_slice(), session); 8];
/// assert!(verifier.verify_many(&batch, now).iter().all(Result::is_ok));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Verifier {
    trust: TrustStore,
    policy: Policy,
    #[cfg(feature = "std")]
    cache: TrustCache,
    resolver: Option<Box<dyn StatusResolver>>,
    #[cfg(feature = "std")]
    lists: ListCache,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Verifier");
        d.field("trust", &self.trust).field("policy", &self.policy);
        #[cfg(feature = "std")]
        d.field("cache", &self.cache).field("lists", &self.lists);
        d.field("resolver", &self.resolver.as_ref().map(|_| ".."))
            .finish()
    }
}

impl Verifier {
    /// A verifier with a cache of
    /// [`TrustCache::DEFAULT_CAPACITY`](crate::x509::TrustCache::DEFAULT_CAPACITY) chains
    /// (with `std`).
    pub fn new(trust: TrustStore, policy: Policy) -> Self {
        Self {
            trust,
            policy,
            #[cfg(feature = "std")]
            cache: TrustCache::default(),
            resolver: None,
            #[cfg(feature = "std")]
            lists: ListCache::default(),
        }
    }

    /// A verifier with the given cache (e.g. of another capacity).
    #[cfg(feature = "std")]
    pub fn with_cache(trust: TrustStore, policy: Policy, cache: TrustCache) -> Self {
        Self {
            cache,
            ..Self::new(trust, policy)
        }
    }

    /// Checks revocation with the lists `resolver` gives: for a document whose MSO has a
    /// `status`, the list at its URI is taken from the [list cache](Self::lists) while
    /// fresh, else resolved and verified (under the MSO's `certificate`, else the IACA
    /// that anchors the document signer), then read. Without a resolver every such status
    /// is unavailable, and the [`StatusPolicy`](super::StatusPolicy) decides.
    ///
    /// ```
    /// use iso18013::status::StatusTokens;
    /// use iso18013::verify::{Policy, Verifier};
    /// use iso18013::x509::TrustStore;
    ///
    /// let tokens = StatusTokens::new(); // the tokens a download job keeps
    /// let verifier = Verifier::new(TrustStore::new(), Policy::default())
    ///     .with_status_resolver(tokens);
    /// assert!(verifier.lists().is_empty());
    /// ```
    #[must_use]
    pub fn with_status_resolver(mut self, resolver: impl StatusResolver + 'static) -> Self {
        self.resolver = Some(Box::new(resolver));
        self
    }

    /// The cache of verified status and identifier lists.
    #[cfg(feature = "std")]
    pub fn lists(&self) -> &ListCache {
        &self.lists
    }

    /// The trust anchors.
    pub fn trust(&self) -> &TrustStore {
        &self.trust
    }

    /// The trust anchors, to change: any change retires every cached chain (the store's
    /// [`id`](TrustStore::id) changes with it).
    pub fn trust_mut(&mut self) -> &mut TrustStore {
        &mut self.trust
    }

    /// Replaces the trust anchors; cached chains validated against the old ones are never
    /// used again.
    pub fn set_trust(&mut self, trust: TrustStore) {
        self.trust = trust;
        #[cfg(feature = "std")]
        self.lists.clear();
    }

    /// The policy.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The cache of validated chains.
    #[cfg(feature = "std")]
    pub fn cache(&self) -> &TrustCache {
        &self.cache
    }

    /// Verifies one `DeviceResponse`, as
    /// [`verify_device_response`](super::verify_device_response) does, with chains from
    /// the cache.
    ///
    /// # Errors
    /// [`VerifyError`] naming the check that failed and the document it failed for.
    pub fn verify(
        &self,
        bytes: &[u8],
        session: &ReaderSession<'_>,
        now: i64,
    ) -> Result<VerifiedResponse, VerifyError> {
        #[cfg(feature = "std")]
        let cache = Some(&self.cache);
        #[cfg(not(feature = "std"))]
        let cache = None;
        let status = StatusSource {
            resolver: self.resolver.as_deref(),
            #[cfg(feature = "std")]
            cache: Some(&self.lists),
        };
        verify_response(
            bytes,
            session,
            &self.trust,
            &self.policy,
            cache,
            status,
            now,
        )
    }

    /// Verifies the response to `request` and compares the two: [`Answer::Complete`] when
    /// everything asked was returned and verified, [`Answer::Incomplete`] when the response
    /// is authentic but something asked is missing (see [`Comparison`](super::Comparison)).
    ///
    /// # Errors
    /// As [`verify`](Self::verify): a response that is not authentic.
    pub fn verify_answer(
        &self,
        request: &DeviceRequest,
        bytes: &[u8],
        session: &ReaderSession<'_>,
        now: i64,
    ) -> Result<Answer, VerifyError> {
        let response = self.verify(bytes, session, now)?;
        Ok(Answer::compare(response, request))
    }

    /// Verifies many responses, each with its session, on as many threads as the machine
    /// has cores; results in input order.
    #[cfg(feature = "std")]
    pub fn verify_many(
        &self,
        responses: &[(&[u8], ReaderSession<'_>)],
        now: i64,
    ) -> Vec<Result<VerifiedResponse, VerifyError>> {
        let threads = std::thread::available_parallelism().map_or(1, usize::from);
        self.verify_many_on(responses, now, threads)
    }

    /// [`verify_many`](Self::verify_many) on at most `threads` threads (the calling one
    /// among them; 0 counts as 1). Threads take the next response as they finish one, so
    /// a slow response holds up no other.
    #[cfg(feature = "std")]
    pub fn verify_many_on(
        &self,
        responses: &[(&[u8], ReaderSession<'_>)],
        now: i64,
        threads: usize,
    ) -> Vec<Result<VerifiedResponse, VerifyError>> {
        let threads = threads.clamp(1, responses.len().max(1));
        let next = AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some((bytes, session)) = responses.get(index) else {
                    return done;
                };
                done.push((index, self.verify(bytes, session, now)));
            }
        };
        let mut results: Vec<(usize, Result<VerifiedResponse, VerifyError>)> = if threads == 1 {
            work()
        } else {
            std::thread::scope(|scope| {
                let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
                let mut all = work();
                for helper in helpers {
                    // A helper only panics if verification does, which it must not; should
                    // it, the panic goes on here, as it would have on one thread.
                    match helper.join() {
                        Ok(done) => all.extend(done),
                        Err(panic) => std::panic::resume_unwind(panic),
                    }
                }
                all
            })
        };
        results.sort_unstable_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, r)| r).collect()
    }
}
