//! What a verifier makes of a document's revocation status when it cannot get a clear
//! answer: no status in the MSO, no list to be had, or only an out-of-date one. A clear
//! answer needs no policy: revoked and suspended documents are always rejected, and a
//! list that fails verification is never taken as "valid".

use alloc::string::String;
use alloc::vec::Vec;

use crate::status::ListVerifyOptions;

/// What one unclear case means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusRule {
    /// The document passes and nothing is said.
    Accept,
    /// The document passes with a [`Finding`](super::Finding) that says what was not
    /// known.
    AcceptWithFinding,
    /// The document is rejected with a [`StatusError`](super::StatusError).
    Reject,
}

/// The rules for one doctype (or the default for all).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StatusRules {
    /// The MSO has no `status` (the issuer publishes none): [`Finding::StatusMissing`]
    /// or [`StatusError::Missing`].
    ///
    /// [`Finding::StatusMissing`]: super::Finding::StatusMissing
    /// [`StatusError::Missing`]: super::StatusError::Missing
    pub missing: StatusRule,
    /// The MSO has a `status` but no list could be had: no resolver, the resolver has
    /// none, or fetching failed; or the status names no mechanism this crate knows.
    /// [`Finding::StatusUnavailable`] or [`StatusError::Unavailable`].
    ///
    /// [`Finding::StatusUnavailable`]: super::Finding::StatusUnavailable
    /// [`StatusError::Unavailable`]: super::StatusError::Unavailable
    pub unavailable: StatusRule,
    /// The only list to be had is out of date: a token whose `exp` has passed (which is
    /// not read), or a cached list past its `ttl` when fetching a new one failed and that
    /// does not list the document:
    /// [`Finding::StatusStale`] or [`StatusError::Stale`]. A stale list that lists the
    /// document is still a revocation (revocation is final).
    ///
    /// [`Finding::StatusStale`]: super::Finding::StatusStale
    /// [`StatusError::Stale`]: super::StatusError::Stale
    pub stale: StatusRule,
}

impl StatusRules {
    /// Status checking as ISO/IEC 18013-5 leaves it, optional: a document without status
    /// passes silently, one whose status cannot be checked or is only stale passes with a
    /// finding. The default.
    pub const OPTIONAL: Self = Self {
        missing: StatusRule::Accept,
        unavailable: StatusRule::AcceptWithFinding,
        stale: StatusRule::AcceptWithFinding,
    };

    /// Nothing passes without a current list that says valid: for documents that must
    /// be revocable (a passport at a border).
    pub const REQUIRED: Self = Self {
        missing: StatusRule::Reject,
        unavailable: StatusRule::Reject,
        stale: StatusRule::Reject,
    };
}

impl Default for StatusRules {
    fn default() -> Self {
        Self::OPTIONAL
    }
}

/// The verifier's status rules: a default and per-doctype exceptions, and the bounds of
/// list verification.
///
/// ```
/// use iso18013::verify::{Policy, StatusRule, StatusRules};
///
/// let mut policy = Policy::default();
/// policy
///     .status
///     .require("org.iso.23220.photoid.1")
///     .set("org.iso.18013.5.1.mDL", StatusRules { missing: StatusRule::AcceptWithFinding, ..StatusRules::OPTIONAL });
/// assert_eq!(policy.status.rules_for("org.iso.23220.photoid.1"), &StatusRules::REQUIRED);
/// assert_eq!(policy.status.rules_for("eu.europa.ec.eudi.pid.1"), &StatusRules::OPTIONAL);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatusPolicy {
    /// The rules for doctypes without their own.
    pub default: StatusRules,
    /// Per-doctype rules, by docType.
    pub doctypes: Vec<(String, StatusRules)>,
    /// Bounds and clock skew of list token verification (the largest decompressed list,
    /// the CBOR limits).
    pub lists: ListVerifyOptions,
}

impl StatusPolicy {
    /// The rules for `doc_type`.
    pub fn rules_for(&self, doc_type: &str) -> &StatusRules {
        self.doctypes
            .iter()
            .find(|(d, _)| d == doc_type)
            .map_or(&self.default, |(_, rules)| rules)
    }

    /// Sets the rules of `doc_type` (replacing any).
    pub fn set(&mut self, doc_type: impl Into<String>, rules: StatusRules) -> &mut Self {
        let doc_type = doc_type.into();
        match self.doctypes.iter_mut().find(|(d, _)| *d == doc_type) {
            Some((_, r)) => *r = rules,
            None => self.doctypes.push((doc_type, rules)),
        }
        self
    }

    /// [`StatusRules::REQUIRED`] for `doc_type`.
    pub fn require(&mut self, doc_type: impl Into<String>) -> &mut Self {
        self.set(doc_type, StatusRules::REQUIRED)
    }
}
