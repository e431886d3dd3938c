//! Checks a doctype adds to verification, and what they see.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::cbor::{NameSpaces, Value};
use crate::x509::VerifiedChain;

/// What a doctype's check sees: the document's verified issuer-signed elements and the
/// document signer's validated chain.
#[derive(Clone, Copy, Debug)]
pub struct CheckContext<'a> {
    doc_type: &'a str,
    elements: &'a NameSpaces<Vec<(String, Value)>>,
    chain: &'a VerifiedChain,
}

impl<'a> CheckContext<'a> {
    /// The context of a document of `doc_type` whose issuer-signed `elements` (per
    /// namespace) and signer `chain` verified.
    pub fn new(
        doc_type: &'a str,
        elements: &'a NameSpaces<Vec<(String, Value)>>,
        chain: &'a VerifiedChain,
    ) -> Self {
        Self {
            doc_type,
            elements,
            chain,
        }
    }

    /// The document's docType.
    pub fn doc_type(&self) -> &'a str {
        self.doc_type
    }

    /// An issuer-signed element's value, if disclosed.
    pub fn element(&self, name_space: &str, identifier: &str) -> Option<&'a Value> {
        self.elements
            .get(name_space)?
            .iter()
            .find(|(id, _)| id == identifier)
            .map(|(_, v)| v)
    }

    /// Every disclosed issuer-signed element, as (namespace, identifier, value).
    pub fn elements(&self) -> impl Iterator<Item = (&'a str, &'a str, &'a Value)> {
        self.elements
            .iter()
            .flat_map(|(ns, els)| els.iter().map(move |(id, v)| (ns.as_str(), id.as_str(), v)))
    }

    /// The document signer's validated chain (leaf, intermediates, IACA).
    pub fn chain(&self) -> &'a VerifiedChain {
        self.chain
    }
}

/// Why a doctype's check rejected a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CheckError {
    /// The document's issuing country differs from the document signer certificate's
    /// `countryName` (the mDL's `issuing_country`; see [`issuing_country_matches_signer`]).
    IssuingCountryMismatch,
    /// The check of this name (its [`DocumentCheck::name`]) failed.
    Failed(&'static str),
    /// The document's issuing subdivision (the mDL's `issuing_jurisdiction`, PhotoID's
    /// `issuing_subdivision`) differs from the document signer certificate's
    /// `stateOrProvinceName` (see [`issuing_subdivision_matches_signer`]).
    IssuingSubdivisionMismatch,
}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IssuingCountryMismatch => {
                f.write_str("issuing country differs from the signer's country")
            }
            Self::Failed(name) => write!(f, "doctype check {name} failed"),
            Self::IssuingSubdivisionMismatch => {
                f.write_str("issuing subdivision differs from the signer's state or province")
            }
        }
    }
}

impl core::error::Error for CheckError {}

/// A check verification runs on every document of a doctype, after all of ISO 18013-5's
/// own checks passed.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{CheckContext, CheckError, DocumentCheck};
/// fn member_id_is_numeric(cx: &CheckContext<'_>) -> Result<(), CheckError> {
///     match cx.element("org.example.club.1", "member_id") {
///         Some(Value::Text(t)) if !t.bytes().all(|b| b.is_ascii_digit()) => {
///             Err(CheckError::Failed("member_id_numeric"))
///         }
///         _ => Ok(()),
///     }
/// }
/// const CHECK: DocumentCheck = DocumentCheck::new("member_id_numeric", member_id_is_numeric);
/// assert_eq!(CHECK.name(), "member_id_numeric");
/// ```
#[derive(Clone, Copy)]
pub struct DocumentCheck {
    name: &'static str,
    run: fn(&CheckContext<'_>) -> Result<(), CheckError>,
}

impl DocumentCheck {
    /// A check named `name` (stable, machine-readable) that `run` performs.
    pub const fn new(
        name: &'static str,
        run: fn(&CheckContext<'_>) -> Result<(), CheckError>,
    ) -> Self {
        Self { name, run }
    }

    /// The check's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Runs the check.
    ///
    /// # Errors
    /// The check's [`CheckError`].
    pub fn run(&self, cx: &CheckContext<'_>) -> Result<(), CheckError> {
        (self.run)(cx)
    }
}

impl fmt::Debug for DocumentCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("DocumentCheck").field(&self.name).finish()
    }
}

/// The check ISO 18013-5 asks of a reader for the mDL (and other doctypes carry the same
/// element): the disclosed `identifier` of `name_space`, when present, is text equal to
/// the document signer certificate's `countryName`, when that is present.
///
/// # Errors
/// [`CheckError::IssuingCountryMismatch`] when they differ or the element is not text.
pub fn issuing_country_matches_signer(
    cx: &CheckContext<'_>,
    name_space: &str,
    identifier: &str,
) -> Result<(), CheckError> {
    match (
        cx.element(name_space, identifier),
        cx.chain().leaf().subject_country(),
    ) {
        (Some(Value::Text(disclosed)), Some(signer)) if *disclosed != signer => {
            Err(CheckError::IssuingCountryMismatch)
        }
        (Some(v), _) if v.as_text().is_none() => Err(CheckError::IssuingCountryMismatch),
        _ => Ok(()),
    }
}

/// The check ISO 18013-5 13.4.10 asks of a reader for the mDL's `issuing_jurisdiction`
/// (and PhotoID's `issuing_subdivision`): the disclosed `identifier` of `name_space`,
/// when present and when the document signer certificate has a `stateOrProvinceName`,
/// equals it.
///
/// # Errors
/// [`CheckError::IssuingSubdivisionMismatch`] when they differ or the element is not
/// text.
pub fn issuing_subdivision_matches_signer(
    cx: &CheckContext<'_>,
    name_space: &str,
    identifier: &str,
) -> Result<(), CheckError> {
    match (
        cx.element(name_space, identifier),
        cx.chain().leaf().subject_state(),
    ) {
        (Some(Value::Text(disclosed)), Some(signer)) if *disclosed != signer => {
            Err(CheckError::IssuingSubdivisionMismatch)
        }
        (Some(v), Some(_)) if v.as_text().is_none() => Err(CheckError::IssuingSubdivisionMismatch),
        _ => Ok(()),
    }
}
