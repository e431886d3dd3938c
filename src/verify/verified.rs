//! What verification yields. Only the verifier can build these.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::cbor::{NameSpaces, Value};
use crate::cose::HeaderFinding;
use crate::mso::{Status, ValidityInfo};
use crate::response::DocumentError;
use crate::x509::VerifiedChain;

/// Elements per namespace, in the order received.
pub type Elements = NameSpaces<Vec<(String, Value)>>;

#[doc(no_inline)]
pub use crate::response::DeviceAuthKind;

/// Something odd but acceptable, noted during verification.
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
}

/// A document whose every check passed.
#[derive(Clone, Debug)]
pub struct VerifiedDocument {
    pub(super) doc_type: String,
    pub(super) issuer_signed: Elements,
    pub(super) device_signed: Elements,
    pub(super) device_auth: DeviceAuthKind,
    pub(super) chain: Arc<VerifiedChain>,
    pub(super) validity: ValidityInfo,
    pub(super) status: Option<Status>,
    pub(super) errors: Option<crate::response::Errors>,
    pub(super) findings: Vec<Finding>,
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

    /// Elements the holder did not return, with error codes.
    pub fn errors(&self) -> Option<&crate::response::Errors> {
        self.errors.as_ref()
    }

    /// Non-fatal observations.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

/// A `DeviceResponse` whose every document passed every check.
#[derive(Clone, Debug)]
pub struct VerifiedResponse {
    pub(super) version: String,
    pub(super) documents: Vec<VerifiedDocument>,
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
