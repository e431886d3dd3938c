//! Verifying a `DeviceResponse` in one call: everything ISO 18013-5 requires, each failure
//! its own error kind, and a [`VerifiedResponse`] that only verification can build.
//!
//! Per document, in order: the issuer's algorithm and certificate chain (Annex B profiles,
//! validity at `now`), the issuer signature over the exact MSO bytes, the MSO's version
//! and digest algorithm, docType, validity (signed within the DS certificate's validity;
//! validFrom ≤ now ≤ validUntil within the clock skew), the digest of every disclosed
//! item over its exact bytes, the device key, device authentication (signature or MAC)
//! over the session transcript, key authorizations of device-signed elements, and the
//! checks of the document's doctype in the policy's registry (the mDL's issuing country
//! against the signer's), and last its revocation status (the MSO's `status`: a list
//! resolved through [`Verifier::with_status_resolver`], verified under the issuer's trust
//! point, kept in a cache; what an unknown status means is the
//! [`StatusPolicy`]'s).
//!
//! Authentic is not complete: a response with no documents, or without an element the
//! reader asked for, verifies. [`verify_answer`] and [`Verifier::verify_answer`] take the
//! request too and return an [`Answer`], complete or incomplete, with the
//! [`Comparison`] per requested document and element.
//!
//! # Which expiry is reported
//!
//! The certificates are checked before the MSO, so when several things have expired the
//! first in this order is the error:
//!
//! 1. the document signer certificate and its IACA, at `now` exactly (no clock skew):
//!    [`UntrustedError::Chain`] with
//!    [`ChainError::Expired`](crate::x509::ChainError::Expired) or
//!    [`NotYetValid`](crate::x509::ChainError::NotYetValid) naming the certificate
//!    (kind name `untrusted`);
//! 2. the MSO's own dates: [`ValidityError::InvalidValidityPeriod`] (out of order), then
//!    [`ValidityError::SignedOutsideCertificateValidity`] (`signed` outside the document
//!    signer certificate's validity);
//! 3. the MSO at `now`, within [`Policy::clock_skew_seconds`]:
//!    [`ValidityError::NotYetValid`], then [`ValidityError::Expired`].
//!
//! So an mdoc whose MSO and document signer certificate have both expired is rejected as
//! `untrusted` (certificate expired), not as `expired`.

mod answer;
#[cfg(feature = "serde")]
mod answer_serde;
mod device_auth;
mod error;
mod policy;
mod reader_auth;
mod response;
mod status;
mod status_policy;
mod verified;
mod verifier;

use alloc::vec::Vec;

use crate::crypto::EcPrivateKey;
use crate::request::DeviceRequest;
use crate::session::SessionTranscript;
#[cfg(feature = "std")]
use crate::x509::TrustCache;
use crate::x509::TrustStore;

pub use answer::{
    Answer, Comparison, DocRequestAnswer, DocumentAnswer, ElementOutcome, RequestedElement, Signer,
    UnrequestedElement,
};
pub use error::{
    DeviceAuthError, DoctypeError, IssuerError, StatusError, UntrustedError, ValidityError,
    VerifyError, VerifyErrorKind,
};
use status::StatusSource;

pub use policy::Policy;
pub use reader_auth::{ReaderAuthError, VerifiedReader, verify_reader_auth};
pub use status::StatusCheck;
pub use status_policy::{StatusPolicy, StatusRule, StatusRules};
pub use verified::{DeviceAuthKind, Elements, Finding, VerifiedDocument, VerifiedResponse};
pub use verifier::Verifier;

use response::verify_response;

/// Without `std` there is no cache: an `Option<&TrustCache>` is always `None`.
#[cfg(not(feature = "std"))]
enum TrustCache {}

/// The reader's side of the session a response belongs to: the transcript, and for MAC
/// device authentication the reader's ephemeral private key.
#[derive(Clone, Copy, Debug)]
pub struct ReaderSession<'a> {
    transcript: &'a SessionTranscript,
    e_reader_key: Option<&'a EcPrivateKey>,
}

impl<'a> ReaderSession<'a> {
    /// A session known by its transcript (enough for signature device authentication).
    pub fn new(transcript: &'a SessionTranscript) -> Self {
        Self {
            transcript,
            e_reader_key: None,
        }
    }

    /// Adds the reader's ephemeral private key, needed to check a device MAC.
    #[must_use]
    pub fn with_reader_key(mut self, key: &'a EcPrivateKey) -> Self {
        self.e_reader_key = Some(key);
        self
    }
}

/// What a COSE header held that was tolerated, as findings.
fn header_findings(header: &crate::cose::Header) -> impl Iterator<Item = Finding> + '_ {
    header.findings.iter().copied().map(Finding::Header)
}

/// The certificates of a message's `x5chain` (protected header first, as COSE allows
/// either), leaf first.
fn x5chain_of(sign1: &crate::cose::CoseSign1) -> Option<Vec<&[u8]>> {
    let chain = sign1
        .protected()
        .header()
        .x5chain
        .as_ref()
        .or(sign1.unprotected().x5chain.as_ref())?;
    Some(chain.certificates().collect())
}

/// Verifies a `DeviceResponse` received as `bytes`.
///
/// Every document signer's chain is validated in full; [`Verifier`] (feature `std`)
/// remembers validated chains in a [trust cache](crate::x509::TrustCache) instead.
///
/// # Errors
/// [`VerifyError`] naming the check that failed and the document it failed for.
pub fn verify_device_response(
    bytes: &[u8],
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    now: i64,
) -> Result<VerifiedResponse, VerifyError> {
    verify_response(
        bytes,
        session,
        trust,
        policy,
        None,
        StatusSource::default(),
        now,
    )
}

/// [`verify_device_response`] with document signer chains taken from `cache` when it
/// holds them validated (and added to it when not). Only the chain's validation is ever
/// skipped; every other check, the issuer's signature included, runs each time.
///
/// # Errors
/// As [`verify_device_response`].
#[cfg(feature = "std")]
pub fn verify_device_response_cached(
    bytes: &[u8],
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    cache: &TrustCache,
    now: i64,
) -> Result<VerifiedResponse, VerifyError> {
    verify_response(
        bytes,
        session,
        trust,
        policy,
        Some(cache),
        StatusSource::default(),
        now,
    )
}

/// Verifies the response to `request` ([`verify_device_response`]) and compares the two:
/// [`Answer::Complete`] when everything asked was returned and verified,
/// [`Answer::Incomplete`] when the response is authentic but something asked was declined,
/// absent or returned more often than allowed (see [`Comparison`]).
///
/// A verifier that checks a response without its request accepts an empty answer as
/// valid; this call does not.
///
/// # Errors
/// As [`verify_device_response`]: a response that is not authentic.
pub fn verify_answer(
    request: &DeviceRequest,
    bytes: &[u8],
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    now: i64,
) -> Result<Answer, VerifyError> {
    let response = verify_response(
        bytes,
        session,
        trust,
        policy,
        None,
        StatusSource::default(),
        now,
    )?;
    Ok(Answer::compare(response, request))
}
