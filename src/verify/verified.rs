//! What verification yields. Only the verifier can build these.
//!
//! With the `serde` feature, [`VerifiedResponse`] and [`VerifiedDocument`] implement
//! `Serialize` in the JSON that `mdoc verify` prints (`serde_json::to_string(&verified)`
//! is its output without `"valid": true`): issuer-signed and device-signed elements apart,
//! under `"elements"` and `"deviceSigned"`.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use super::StatusCheck;
use crate::cbor::{NameSpaces, Value};
use crate::cose::HeaderFinding;
use crate::doctype::DoctypeFinding;
use crate::mso::{Status, ValidityInfo};
use crate::response::DocumentError;
use crate::x509::VerifiedChain;

/// Elements per namespace, in the order received.
pub type Elements = NameSpaces<Vec<(String, Value)>>;

#[doc(no_inline)]
pub use crate::response::DeviceAuthKind;

/// Something odd but acceptable, noted during verification. (Serialized as its `Debug`
/// text, e.g. `"NonCanonicalTimestamp"`.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Finding {
    /// A COSE header held something tolerated (e.g. an ill-typed unprotected `kid`).
    Header(HeaderFinding),
    /// An MSO timestamp (`validityInfo`) has fractional seconds, a local offset, a
    /// lowercase `t` or `z`, or a leap second: RFC 3339 allows them, but ISO 18013-5 asks
    /// issuers for `YYYY-MM-DDThh:mm:ssZ`.
    NonCanonicalTimestamp,
    /// A disclosed element's value (issuer- or device-signed) holds a `tdate` in one of
    /// the forms of [`NonCanonicalTimestamp`](Self::NonCanonicalTimestamp).
    NonCanonicalElementTimestamp,
    /// The MSO's `status.identifier_list.id` is a text string where ISO/IEC 18013-5 (2nd
    /// edition, 12.3.6.4) has a byte string, as the EUDI reference issuer wrote it in
    /// 2025: its UTF-8 bytes are taken as the identifier
    /// ([`IdentifierListInfo::text_id`](crate::mso::IdentifierListInfo::text_id)).
    TextIdentifierListId,
    /// The MSO has no `status`, and the policy's
    /// [`StatusRules::missing`](super::StatusRules::missing) asks for a finding.
    StatusMissing,
    /// The MSO has a `status` but no list could be had (no resolver, none at the URI,
    /// fetching failed, or no mechanism this crate knows), and the policy let the
    /// document pass ([`StatusRules::unavailable`](super::StatusRules::unavailable)): its
    /// revocation status is unknown.
    StatusUnavailable,
    /// Only an out-of-date list could be had (an expired token, which is not read, or a
    /// cached list past its `ttl` that does not list the document), and the policy let
    /// the document pass ([`StatusRules::stale`](super::StatusRules::stale)).
    StatusStale,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{self:?}"))
    }
}

/// A document whose every check passed.
///
/// Serialized (feature `serde`) as `{"docType", "elements": {namespace: {identifier:
/// value}}` (the issuer-signed elements), `"deviceSigned"` (the device-signed ones, in
/// the same shape), `"deviceAuth": "signature" | "mac"`, `"issuer": {"subject",
/// "country", "iaca"}`, `"validity"` (the MSO's `ValidityInfo`), `"status"` when present,
/// `"statusCheck": "valid" | "stale" | "no_status" | "unavailable"`, `"errors"` when
/// present, `"findings"`, `"doctypeFindings"`}.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct VerifiedDocument {
    pub(super) doc_type: String,
    #[cfg_attr(
        feature = "serde",
        serde(
            rename = "elements",
            serialize_with = "crate::cbor::serialize::name_spaces_of_pairs"
        )
    )]
    pub(super) issuer_signed: Elements,
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::cbor::serialize::name_spaces_of_pairs")
    )]
    pub(super) device_signed: Elements,
    pub(super) device_auth: DeviceAuthKind,
    #[cfg_attr(
        feature = "serde",
        serde(rename = "issuer", serialize_with = "issuer_summary")
    )]
    pub(super) chain: Arc<VerifiedChain>,
    pub(super) validity: ValidityInfo,
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub(super) status: Option<Status>,
    pub(super) status_check: StatusCheck,
    #[cfg_attr(
        feature = "serde",
        serde(
            skip_serializing_if = "Option::is_none",
            serialize_with = "optional_errors"
        )
    )]
    pub(super) errors: Option<crate::response::Errors>,
    pub(super) findings: Vec<Finding>,
    pub(super) doctype_findings: Vec<DoctypeFinding>,
}

/// The document signer chain as `{"subject": leaf, "country": leaf's, "iaca": anchor}`.
#[cfg(feature = "serde")]
fn issuer_summary<S: serde::Serializer>(
    chain: &Arc<VerifiedChain>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap as _;
    let mut map = serializer.serialize_map(Some(3))?;
    map.serialize_entry("subject", chain.leaf().subject())?;
    map.serialize_entry("country", &chain.leaf().subject_country())?;
    map.serialize_entry("iaca", chain.anchor().subject())?;
    map.end()
}

/// `Errors` as `{namespace: {identifier: code}}` (only called when present).
#[cfg(feature = "serde")]
fn optional_errors<S: serde::Serializer>(
    errors: &Option<crate::response::Errors>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match errors {
        Some(errors) => crate::cbor::serialize::name_spaces_of_pairs(errors, serializer),
        None => serializer.serialize_none(),
    }
}

impl VerifiedDocument {
    /// The document type.
    pub fn doc_type(&self) -> &str {
        &self.doc_type
    }

    /// The issuer-signed elements disclosed, each checked against its MSO digest.
    pub fn issuer_signed(&self) -> &Elements {
        &self.issuer_signed
    }

    /// The device-signed elements, each authorized by the MSO's key authorizations.
    pub fn device_signed(&self) -> &Elements {
        &self.device_signed
    }

    /// An issuer-signed element's value.
    pub fn element(&self, name_space: &str, identifier: &str) -> Option<&Value> {
        self.issuer_signed
            .get(name_space)
            .and_then(|els| els.iter().find(|(id, _)| id == identifier))
            .map(|(_, v)| v)
    }

    /// How the device authenticated.
    pub fn device_auth(&self) -> DeviceAuthKind {
        self.device_auth
    }

    /// The document signer's validated chain (leaf and IACA).
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }

    /// The MSO's validity information.
    pub fn validity(&self) -> &ValidityInfo {
        &self.validity
    }

    /// Where the issuer publishes the document's revocation status, if it does.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// What the revocation check found: [`StatusCheck::Valid`] when a current list of
    /// the issuer's says the document is valid (see
    /// [`Verifier::with_status_resolver`](super::Verifier::with_status_resolver) and
    /// [`StatusPolicy`](super::StatusPolicy)).
    pub fn status_check(&self) -> StatusCheck {
        self.status_check
    }

    /// Elements the holder did not return, with error codes.
    pub fn errors(&self) -> Option<&crate::response::Errors> {
        self.errors.as_ref()
    }

    /// Non-fatal observations.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// What the doctype's table noted about the disclosed elements (issuer- and
    /// device-signed): older forms of the doctype, values that break the table, elements
    /// a closed namespace does not define, images that still carry metadata. None makes
    /// the document invalid; a verifier with stricter needs rejects on them itself.
    pub fn doctype_findings(&self) -> &[DoctypeFinding] {
        &self.doctype_findings
    }
}

/// A `DeviceResponse` whose every document passed every check.
///
/// Serialized (feature `serde`) as `{"version", "documents": [VerifiedDocument],
/// "documentErrors": [{docType: code}]}`: what `mdoc verify` prints beside `"valid"`.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct VerifiedResponse {
    pub(super) version: String,
    pub(super) documents: Vec<VerifiedDocument>,
    #[cfg_attr(
        feature = "serde",
        serde(serialize_with = "crate::cbor::serialize::list_of_pairs")
    )]
    pub(super) document_errors: Vec<DocumentError>,
}

impl VerifiedResponse {
    /// The response's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The verified documents.
    pub fn documents(&self) -> &[VerifiedDocument] {
        &self.documents
    }

    /// Documents the holder could not return, with error codes.
    pub fn document_errors(&self) -> &[DocumentError] {
        &self.document_errors
    }
}
