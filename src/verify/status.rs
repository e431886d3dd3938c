//! The revocation check of a verified document (ISO/IEC 18013-5 2nd edition 12.3.6, with
//! the IETF Token Status List's verifier steps): after everything else about the document
//! has passed, its MSO's `status` is looked up in a cached list or resolved, verified
//! under the issuer's trust point, and read.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use super::status_policy::{StatusRule, StatusRules};
use super::{Finding, Policy};
#[cfg(feature = "std")]
use crate::status::{Cached, ListCache};
use crate::status::{
    ListError, ListKind, ListTrust, ResolveError, Status, StatusListError, StatusResolver,
    VerifiedIdentifierList, VerifiedStatusList, verify_identifier_list, verify_status_list,
};
use crate::x509::VerifiedChain;

/// Why a document's revocation status rejects it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusError {
    /// The issuer's list says the document is revoked (status INVALID in a status list,
    /// or its identifier in an identifier list).
    Revoked {
        /// The list that says so.
        list: ListKind,
    },
    /// The issuer's status list says the document is suspended (SUSPENDED, 2).
    Suspended,
    /// The status list holds another value for the document (3, or one of the values an
    /// application defines): not valid.
    NotValid(u8),
    /// The MSO's index is beyond the status list.
    IndexOutOfRange,
    /// The list token does not verify (signature, signer, `sub`, `typ`, claims, list).
    List(ListError),
    /// The MSO has no `status` and the policy requires one.
    Missing,
    /// No list could be had and the policy requires one.
    Unavailable,
    /// Only an out-of-date list could be had and the policy requires a current one.
    Stale,
}

impl StatusError {
    /// The stable name (see [`VerifyErrorKind::name`](super::VerifyErrorKind::name)).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Revoked { .. } => "revoked",
            Self::Suspended => "suspended",
            Self::NotValid(_) => "status_not_valid",
            Self::IndexOutOfRange => "status_index_out_of_range",
            Self::List(_) => "status_list_invalid",
            Self::Missing => "status_missing",
            Self::Unavailable => "status_unavailable",
            Self::Stale => "status_stale",
        }
    }
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Revoked { list } => write!(f, "revoked: the issuer's {list} lists it"),
            Self::Suspended => f.write_str("suspended: the issuer's status list says so"),
            Self::NotValid(v) => write!(f, "the issuer's status list holds {v:#04x}, not valid"),
            Self::IndexOutOfRange => f.write_str("the MSO's status index is beyond the list"),
            Self::List(e) => write!(f, "the status list token does not verify: {e}"),
            Self::Missing => f.write_str("the MSO has no status and the policy requires one"),
            Self::Unavailable => {
                f.write_str("no status list could be had and the policy requires one")
            }
            Self::Stale => {
                f.write_str("the only status list to be had is out of date and the policy requires a current one")
            }
        }
    }
}

/// What the revocation check of a document found, when it passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StatusCheck {
    /// A current list says valid.
    Valid,
    /// Only an out-of-date list could be had (see
    /// [`StatusRules::stale`](super::StatusRules::stale)); the policy let it pass.
    Stale,
    /// The MSO has no `status`.
    NoStatus,
    /// No list could be had; the policy let it pass.
    Unavailable,
}

/// Where a verifier gets lists: a resolver, and with `std` a cache.
#[derive(Clone, Copy, Default)]
pub(crate) struct StatusSource<'a> {
    pub resolver: Option<&'a dyn StatusResolver>,
    #[cfg(feature = "std")]
    pub cache: Option<&'a ListCache>,
}

/// One mechanism's answer.
enum Answer {
    Listed(Status, ListKind),
    Unavailable,
}

/// Checks the MSO's `status` of a document of `doc_type` whose issuer chain is `chain`.
pub(super) fn check_status(
    doc_type: &str,
    status: Option<&crate::mso::Status>,
    chain: &VerifiedChain,
    policy: &Policy,
    source: StatusSource<'_>,
    now: i64,
    findings: &mut Vec<Finding>,
) -> Result<StatusCheck, StatusError> {
    let rules = policy.status.rules_for(doc_type);
    let Some(status) = status else {
        return unclear(
            rules.missing,
            StatusCheck::NoStatus,
            Finding::StatusMissing,
            StatusError::Missing,
            findings,
        );
    };
    let mut stale = false;
    let mut answered = false;
    if let Some(info) = &status.status_list {
        match status_list(info, chain, policy, source, now, &mut stale)? {
            Answer::Listed(Status::Valid, _) => answered = true,
            Answer::Listed(listed, kind) => return Err(rejection(listed, kind)),
            Answer::Unavailable => {}
        }
    }
    if let Some(info) = &status.identifier_list {
        match identifier_list(info, chain, policy, source, now, &mut stale)? {
            Answer::Listed(Status::Valid, _) => answered = true,
            Answer::Listed(listed, kind) => return Err(rejection(listed, kind)),
            Answer::Unavailable => {}
        }
    }
    conclude(rules, answered, stale, findings)
}

/// The outcome once every mechanism has answered valid or not at all.
fn conclude(
    rules: &StatusRules,
    answered: bool,
    stale: bool,
    findings: &mut Vec<Finding>,
) -> Result<StatusCheck, StatusError> {
    match (answered, stale) {
        (true, false) => Ok(StatusCheck::Valid),
        // A stale list that says valid, or one that could not be read for being expired.
        (_, true) => unclear(
            rules.stale,
            StatusCheck::Stale,
            Finding::StatusStale,
            StatusError::Stale,
            findings,
        ),
        (false, false) => unclear(
            rules.unavailable,
            StatusCheck::Unavailable,
            Finding::StatusUnavailable,
            StatusError::Unavailable,
            findings,
        ),
    }
}

fn unclear(
    rule: StatusRule,
    check: StatusCheck,
    finding: Finding,
    error: StatusError,
    findings: &mut Vec<Finding>,
) -> Result<StatusCheck, StatusError> {
    match rule {
        StatusRule::Accept => Ok(check),
        StatusRule::AcceptWithFinding => {
            findings.push(finding);
            Ok(check)
        }
        StatusRule::Reject => Err(error),
    }
}

fn rejection(status: Status, list: ListKind) -> StatusError {
    match status {
        Status::Invalid => StatusError::Revoked { list },
        Status::Suspended => StatusError::Suspended,
        other => StatusError::NotValid(other.value()),
    }
}

/// The trust point's DER (the MSO's `certificate`, else the chain's IACA), which keys
/// the cache.
fn trust_der<'a>(certificate: Option<&'a [u8]>, chain: &'a VerifiedChain) -> &'a [u8] {
    certificate.unwrap_or_else(|| chain.anchor().der())
}

/// Reads one list through the cache and the resolver: the fresh cached list, else a newly
/// resolved and verified one, else the stale cached one (setting `stale`).
fn resolve_list<L>(
    uri: &str,
    kind: ListKind,
    source: StatusSource<'_>,
    stale: &mut bool,
    #[cfg(feature = "std")] cached: impl Fn(&ListCache) -> Cached<L>,
    verify: impl FnOnce(&[u8]) -> Result<Arc<L>, ListError>,
) -> Result<Option<Arc<L>>, StatusError> {
    #[cfg(feature = "std")]
    let fallback = match source.cache.map(cached) {
        Some(Cached::Fresh(list)) => return Ok(Some(list)),
        Some(Cached::Stale(list)) => Some(list),
        Some(Cached::Miss) | None => None,
    };
    #[cfg(not(feature = "std"))]
    let fallback: Option<Arc<L>> = None;
    let resolved = source
        .resolver
        .ok_or(ResolveError::NotFound)
        .and_then(|r| r.resolve(uri, kind));
    let outcome = match resolved {
        Ok(token) => match verify(&token) {
            Ok(list) => return Ok(Some(list)),
            // An expired token is an out-of-date list, not a forgery.
            Err(ListError::Expired { .. }) => {
                *stale = true;
                None
            }
            Err(e) => return Err(StatusError::List(e)),
        },
        Err(_) => None,
    };
    Ok(outcome.or_else(|| {
        let list = fallback?;
        *stale = true;
        Some(list)
    }))
}

fn status_list(
    info: &crate::mso::StatusListInfo,
    chain: &VerifiedChain,
    policy: &Policy,
    source: StatusSource<'_>,
    now: i64,
    stale: &mut bool,
) -> Result<Answer, StatusError> {
    let certificate = info.certificate.as_deref();
    let anchor = trust_der(certificate, chain);
    let list = resolve_list(
        &info.uri,
        ListKind::StatusList,
        source,
        stale,
        #[cfg(feature = "std")]
        |cache| cache.status_list(&info.uri, anchor, now),
        |token| {
            let trust = ListTrust::new(certificate, core::slice::from_ref(chain.anchor()))?;
            let list = verify_status_list(
                token,
                &info.uri,
                &trust,
                &policy.status.lists,
                policy.provider,
                now,
            )?;
            Ok(keep_status_list(list, anchor, source, now))
        },
    )?;
    let Some(list) = list else {
        return Ok(Answer::Unavailable);
    };
    match list.status(info.idx) {
        Ok(status) => Ok(Answer::Listed(status, ListKind::StatusList)),
        Err(StatusListError::IndexOutOfRange { .. }) => Err(StatusError::IndexOutOfRange),
        Err(e) => Err(StatusError::List(ListError::List(e))),
    }
}

fn identifier_list(
    info: &crate::mso::IdentifierListInfo,
    chain: &VerifiedChain,
    policy: &Policy,
    source: StatusSource<'_>,
    now: i64,
    stale: &mut bool,
) -> Result<Answer, StatusError> {
    let certificate = info.certificate.as_deref();
    let anchor = trust_der(certificate, chain);
    let list = resolve_list(
        &info.uri,
        ListKind::IdentifierList,
        source,
        stale,
        #[cfg(feature = "std")]
        |cache| cache.identifier_list(&info.uri, anchor, now),
        |token| {
            let trust = ListTrust::new(certificate, core::slice::from_ref(chain.anchor()))?;
            let list = verify_identifier_list(
                token,
                &info.uri,
                &trust,
                &policy.status.lists,
                policy.provider,
                now,
            )?;
            Ok(keep_identifier_list(list, anchor, source, now))
        },
    )?;
    Ok(match list {
        Some(list) if list.is_revoked(&info.id) => {
            Answer::Listed(Status::Invalid, ListKind::IdentifierList)
        }
        Some(_) => Answer::Listed(Status::Valid, ListKind::IdentifierList),
        None => Answer::Unavailable,
    })
}

fn keep_status_list(
    list: VerifiedStatusList,
    anchor: &[u8],
    source: StatusSource<'_>,
    now: i64,
) -> Arc<VerifiedStatusList> {
    #[cfg(feature = "std")]
    if let Some(cache) = source.cache {
        return cache.insert_status_list(list, anchor, now);
    }
    let _ = (anchor, source, now);
    Arc::new(list)
}

fn keep_identifier_list(
    list: VerifiedIdentifierList,
    anchor: &[u8],
    source: StatusSource<'_>,
    now: i64,
) -> Arc<VerifiedIdentifierList> {
    #[cfg(feature = "std")]
    if let Some(cache) = source.cache {
        return cache.insert_identifier_list(list, anchor, now);
    }
    let _ = (anchor, source, now);
    Arc::new(list)
}
