//! The rules RFC 9052 §3 sets across a message's two header buckets, checked before a
//! signature or MAC is trusted: `crit` only in the protected bucket, never empty, naming
//! only parameters present there that this crate understands; no label in both buckets.

use alloc::vec::Vec;
use core::fmt;

use coset::iana::HeaderParameter;

use super::header::Header;
use crate::cbor::Label;

/// The header parameters this crate understands, by label: `alg` (1), `crit` (2),
/// `content type` (3), `kid` (4) and `x5chain` (33), the ones [`Header`] decodes. A
/// protected `crit` naming any other label makes a message unacceptable (RFC 9052 §3.1).
pub const UNDERSTOOD_LABELS: [i64; 5] = [ALG, CRIT, CONTENT_TYPE, KID, X5CHAIN];

// The labels of the parameters `Header` decodes, from coset's IANA registry (as the
// decoder names them).
#[allow(
    clippy::as_conversions,
    reason = "a fieldless enum's discriminant, in const context"
)]
const ALG: i64 = HeaderParameter::Alg as i64;
#[allow(
    clippy::as_conversions,
    reason = "a fieldless enum's discriminant, in const context"
)]
const CRIT: i64 = HeaderParameter::Crit as i64;
#[allow(
    clippy::as_conversions,
    reason = "a fieldless enum's discriminant, in const context"
)]
const CONTENT_TYPE: i64 = HeaderParameter::ContentType as i64;
#[allow(
    clippy::as_conversions,
    reason = "a fieldless enum's discriminant, in const context"
)]
const KID: i64 = HeaderParameter::Kid as i64;
#[allow(
    clippy::as_conversions,
    reason = "a fieldless enum's discriminant, in const context"
)]
const X5CHAIN: i64 = HeaderParameter::X5Chain as i64;

/// A header parameter's label as an error names it: integer labels by value, text labels
/// only as such (their text stays in the message), so that errors stay `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderLabel {
    /// An integer label.
    Int(i64),
    /// A text label.
    Text,
}

impl From<&Label> for HeaderLabel {
    fn from(label: &Label) -> Self {
        match label {
            Label::Int(i) => Self::Int(*i),
            Label::Text(_) => Self::Text,
        }
    }
}

impl fmt::Display for HeaderLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(i) => write!(f, "label {i}"),
            Self::Text => f.write_str("a text label"),
        }
    }
}

/// Why a message's headers break RFC 9052 §3: the message is refused whatever its
/// signature says.
///
/// ```
/// use iso18013::cose::{check_headers, Header, HeaderError, HeaderLabel};
/// use iso18013::cbor::{Label, Value};
///
/// let mut protected = Header { alg: Some(Label::Int(-7)), ..Header::default() };
/// protected.crit = Some(vec![Label::Int(99)]);
/// protected.rest.push((Label::Int(99), Value::from(1u64)));
/// assert_eq!(
///     check_headers(&protected, &Header::default()),
///     Err(HeaderError::UnknownCritical(HeaderLabel::Int(99)))
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HeaderError {
    /// The protected `crit` names a parameter this crate does not understand (see
    /// [`UNDERSTOOD_LABELS`]).
    UnknownCritical(HeaderLabel),
    /// The protected `crit` names a parameter the protected header does not carry.
    CriticalAbsent(HeaderLabel),
    /// The protected `crit` is an empty array.
    EmptyCritical,
    /// `crit` is in the unprotected header (it must be protected).
    UnprotectedCritical,
    /// The same label is in both the protected and the unprotected header.
    DuplicateLabel(HeaderLabel),
}

impl fmt::Display for HeaderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownCritical(l) => write!(f, "crit names {l}, which is not understood"),
            Self::CriticalAbsent(l) => {
                write!(f, "crit names {l}, which the protected header lacks")
            }
            Self::EmptyCritical => f.write_str("crit is empty"),
            Self::UnprotectedCritical => f.write_str("crit is not protected"),
            Self::DuplicateLabel(l) => {
                write!(f, "{l} is in both the protected and the unprotected header")
            }
        }
    }
}

impl core::error::Error for HeaderError {}

/// A label as the rules compare them, borrowed from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Int(i64),
    Text(&'a str),
}

impl<'a> From<&'a Label> for Key<'a> {
    fn from(label: &'a Label) -> Self {
        match label {
            Label::Int(i) => Self::Int(*i),
            Label::Text(t) => Self::Text(t),
        }
    }
}

impl From<Key<'_>> for HeaderLabel {
    fn from(key: Key<'_>) -> Self {
        match key {
            Key::Int(i) => Self::Int(i),
            Key::Text(_) => Self::Text,
        }
    }
}

/// Every label `header` carries, sorted.
fn keys(header: &Header) -> Vec<Key<'_>> {
    let known = [
        (header.alg.is_some(), ALG),
        (header.crit.is_some(), CRIT),
        (header.content_type.is_some(), CONTENT_TYPE),
        (header.kid.is_some(), KID),
        (header.x5chain.is_some(), X5CHAIN),
    ];
    let mut keys: Vec<Key<'_>> = known
        .iter()
        .filter(|(present, _)| *present)
        .map(|(_, label)| Key::Int(*label))
        .chain(header.rest.iter().map(|(label, _)| Key::from(label)))
        .collect();
    keys.sort_unstable();
    keys
}

/// Checks the rules of RFC 9052 §3 across a message's `protected` and `unprotected`
/// headers.
///
/// # Errors
/// [`HeaderError`] naming the first rule broken (and the label, where there is one).
pub fn check_headers(protected: &Header, unprotected: &Header) -> Result<(), HeaderError> {
    if unprotected.crit.is_some() {
        return Err(HeaderError::UnprotectedCritical);
    }
    let present = keys(protected);
    if let Some(crit) = &protected.crit {
        if crit.is_empty() {
            return Err(HeaderError::EmptyCritical);
        }
        for label in crit {
            let key = Key::from(label);
            if present.binary_search(&key).is_err() {
                return Err(HeaderError::CriticalAbsent(key.into()));
            }
            if !matches!(key, Key::Int(i) if UNDERSTOOD_LABELS.contains(&i)) {
                return Err(HeaderError::UnknownCritical(key.into()));
            }
        }
    }
    match keys(unprotected)
        .into_iter()
        .find(|key| present.binary_search(key).is_ok())
    {
        Some(key) => Err(HeaderError::DuplicateLabel(key.into())),
        None => Ok(()),
    }
}
