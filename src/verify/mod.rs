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
//! against the signer's).

mod error;
mod policy;
mod verified;
#[cfg(feature = "std")]
mod verifier;

use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::cbor::map::has_duplicates;
use crate::cbor::{Decode, Encoder};
use crate::cose::sig_structure_head;
use crate::crypto::{DigestAlgorithm, EcPrivateKey, SignatureAlgorithm};
use crate::issuer::sec1_from_cose_key;
use crate::mso::{DigestId, IssuerSigned, MobileSecurityObject};
use crate::request::{DocRequest, reader_authentication_bytes};
use crate::response::{
    DeviceAuth, DeviceResponse, DeviceSigned, Document, device_authentication_bytes, emac_key,
};
use crate::session::SessionTranscript;
#[cfg(feature = "std")]
use crate::x509::TrustCache;
use crate::x509::{LeafRole, TrustStore, VerifiedChain, verify_chain};

pub use error::{VerifyError, VerifyErrorKind};
pub use policy::Policy;
pub use verified::{DeviceAuthKind, Elements, Finding, VerifiedDocument, VerifiedResponse};
#[cfg(feature = "std")]
pub use verifier::Verifier;

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
    verify_response(bytes, session, trust, policy, None, now)
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
    verify_response(bytes, session, trust, policy, Some(cache), now)
}

fn verify_response(
    bytes: &[u8],
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    cache: Option<&TrustCache>,
    now: i64,
) -> Result<VerifiedResponse, VerifyError> {
    let response = DeviceResponse::from_cbor_with_limits(bytes, &policy.limits)
        .map_err(|e| VerifyError::response(VerifyErrorKind::Malformed(e)))?;
    if response.status != 0 {
        return Err(VerifyError::response(VerifyErrorKind::ResponseStatus(
            response.status,
        )));
    }
    let mut documents = Vec::new();
    for (index, document) in response.documents.into_iter().flatten().enumerate() {
        let verified =
            verify_document(document, session, trust, policy, cache, now).map_err(|kind| {
                VerifyError {
                    document: Some(index),
                    kind,
                }
            })?;
        documents.push(verified);
    }
    Ok(VerifiedResponse {
        version: response.version,
        documents,
        document_errors: response.document_errors.unwrap_or_default(),
    })
}

/// Verifies one document of a response; its elements move into the result, so nothing
/// large is copied.
fn verify_document(
    document: Document,
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    cache: Option<&TrustCache>,
    now: i64,
) -> Result<VerifiedDocument, VerifyErrorKind> {
    let mut findings = Vec::new();
    let chain = verify_issuer(
        &document.issuer_signed,
        trust,
        policy,
        cache,
        now,
        &mut findings,
    )?;
    let mso = document.issuer_signed.issuer_auth.mso().value();
    if mso.doc_type != document.doc_type {
        return Err(VerifyErrorKind::DocTypeMismatch);
    }
    check_validity(mso, &chain, policy, now, &mut findings)?;
    check_digests(&document.issuer_signed, mso, policy)?;
    let device_auth = verify_device_auth(&document, mso, session, policy, &mut findings)?;
    check_device_elements(&document.device_signed, mso)?;
    let (validity, status) = (mso.validity_info.clone(), mso.status.clone());
    let Document {
        doc_type,
        issuer_signed,
        device_signed,
        errors,
        ..
    } = document;
    let issuer_signed: Elements = issuer_signed
        .name_spaces
        .into_iter()
        .flatten()
        .map(|(ns, items)| {
            let elements = items
                .into_iter()
                .map(|item| {
                    let item = item.into_value();
                    (item.element_identifier, item.element_value)
                })
                .collect();
            (ns, elements)
        })
        .collect();
    policy.doctypes.check(&doc_type, &issuer_signed, &chain)?;
    Ok(VerifiedDocument {
        doc_type,
        issuer_signed,
        device_signed: device_signed.name_spaces.into_value().0,
        device_auth,
        validity,
        status,
        errors,
        chain,
        findings,
    })
}

/// The chain, the algorithm and the signature of `issuerAuth`; returns the chain and MSO.
fn verify_issuer(
    issuer_signed: &IssuerSigned,
    trust: &TrustStore,
    policy: &Policy,
    cache: Option<&TrustCache>,
    now: i64,
    findings: &mut Vec<Finding>,
) -> Result<Arc<VerifiedChain>, VerifyErrorKind> {
    let sign1 = issuer_signed.issuer_auth.sign1();
    findings.extend(header_findings(sign1.unprotected()));
    let alg = sign1
        .signature_algorithm()
        .map_err(|_| VerifyErrorKind::IssuerAlgorithm)?;
    if !policy.signature_algorithms.contains(&alg) {
        return Err(VerifyErrorKind::IssuerAlgorithm);
    }
    let certificates = x5chain_of(sign1).ok_or(VerifyErrorKind::MissingCertificate)?;
    let (role, provider) = (LeafRole::DocumentSigner, policy.provider);
    let signature = sign1.signature();
    let chain = match cache {
        #[cfg(feature = "std")]
        Some(cache) => {
            let cached = cache
                .verify_chain(trust, &certificates, role, provider, now)
                .map_err(VerifyErrorKind::Untrusted)?;
            issuer_signature(sign1, alg, cached.chain(), |parts| {
                cached.verify_signature_parts(provider, alg, parts, signature)
            })?;
            cached.shared()
        }
        #[cfg(not(feature = "std"))]
        Some(never) => match *never {},
        None => {
            let chain = verify_chain(trust, &certificates, role, provider, now)
                .map_err(VerifyErrorKind::Untrusted)?;
            issuer_signature(sign1, alg, &chain, |parts| {
                provider.ecdsa_verify_parts(alg, chain.leaf().public_key(), parts, signature)
            })?;
            Arc::new(chain)
        }
    };
    let mso = issuer_signed.issuer_auth.mso();
    if !matches!(mso.version.as_str(), "1.0" | "1.1") {
        return Err(VerifyErrorKind::MsoVersion);
    }
    Ok(chain)
}

/// Checks that the document signer's key is on `alg`'s curve and verifies the issuer
/// signature with `verify`, given the `Sig_structure` in parts (its head, then the
/// payload as received).
fn issuer_signature(
    sign1: &crate::cose::CoseSign1,
    alg: SignatureAlgorithm,
    chain: &VerifiedChain,
    verify: impl FnOnce(&[&[u8]]) -> Result<(), crate::crypto::CryptoError>,
) -> Result<(), VerifyErrorKind> {
    if chain.leaf().curve() != Some(alg.curve()) {
        return Err(VerifyErrorKind::IssuerAlgorithm);
    }
    let payload = sign1.payload().ok_or(VerifyErrorKind::IssuerSignature)?;
    let head = sig_structure_head(sign1.protected(), &[], payload.len());
    verify(&[&head, payload]).map_err(|_| VerifyErrorKind::IssuerSignature)
}

fn check_validity(
    mso: &MobileSecurityObject,
    chain: &VerifiedChain,
    policy: &Policy,
    now: i64,
    findings: &mut Vec<Finding>,
) -> Result<(), VerifyErrorKind> {
    let v = &mso.validity_info;
    let (signed, from, until) = (
        v.signed.unix_seconds(),
        v.valid_from.unix_seconds(),
        v.valid_until.unix_seconds(),
    );
    if [&v.signed, &v.valid_from, &v.valid_until]
        .into_iter()
        .chain(v.expected_update.as_ref())
        .any(|t| !t.is_whole_seconds_utc())
    {
        findings.push(Finding::NonCanonicalTimestamp);
    }
    if from > until || signed > until {
        return Err(VerifyErrorKind::InvalidValidityPeriod);
    }
    let leaf = chain.leaf();
    if signed < leaf.not_before() || signed > leaf.not_after() {
        return Err(VerifyErrorKind::SignedOutsideCertificateValidity);
    }
    let skew = policy.clock_skew_seconds.max(0);
    if now.saturating_add(skew) < from {
        return Err(VerifyErrorKind::NotYetValid);
    }
    if now.saturating_sub(skew) > until {
        return Err(VerifyErrorKind::Expired);
    }
    Ok(())
}

/// Checks the digest of every disclosed item over its exact bytes.
fn check_digests(
    issuer_signed: &IssuerSigned,
    mso: &MobileSecurityObject,
    policy: &Policy,
) -> Result<(), VerifyErrorKind> {
    let alg = DigestAlgorithm::from_name(&mso.digest_algorithm)
        .filter(|a| policy.digest_algorithms.contains(a))
        .ok_or(VerifyErrorKind::DigestAlgorithm)?;
    for (ns, items) in issuer_signed.name_spaces.iter().flatten() {
        let digests = mso
            .value_digests
            .iter()
            .find(|(n, _)| n == ns)
            .map(|(_, d)| d.as_slice())
            .ok_or(VerifyErrorKind::MissingDigest)?;
        // The counts are the sender's: duplicates are found by sorting, and each digest
        // is found by binary search, so the work stays n log n.
        let mut ids: Vec<DigestId> = items.iter().map(|i| i.digest_id).collect();
        let mut names: Vec<&str> = items
            .iter()
            .map(|i| i.element_identifier.as_str())
            .collect();
        if has_duplicates(&mut ids) || has_duplicates(&mut names) {
            return Err(VerifyErrorKind::DuplicateElement);
        }
        // The MSO decoder has already refused duplicate digestIDs.
        let mut index: Vec<(DigestId, &[u8])> =
            digests.iter().map(|(id, d)| (*id, d.as_slice())).collect();
        index.sort_unstable_by_key(|(id, _)| *id);
        for item in items {
            let expected = index
                .binary_search_by_key(&item.digest_id, |(id, _)| *id)
                .ok()
                .and_then(|i| index.get(i))
                .map(|(_, d)| *d)
                .ok_or(VerifyErrorKind::MissingDigest)?;
            let actual = policy.provider.digest(alg, item.encoded());
            if !bool::from(subtle::ConstantTimeEq::ct_eq(actual.as_slice(), expected)) {
                return Err(VerifyErrorKind::DigestMismatch);
            }
        }
    }
    Ok(())
}

fn verify_device_auth(
    document: &Document,
    mso: &MobileSecurityObject,
    session: &ReaderSession<'_>,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Result<DeviceAuthKind, VerifyErrorKind> {
    let (curve, device_public) =
        sec1_from_cose_key(&mso.device_key_info.device_key).ok_or(VerifyErrorKind::DeviceKey)?;
    let signed = &document.device_signed;
    match &signed.device_auth {
        DeviceAuth::Signature(sign1) => {
            findings.extend(header_findings(sign1.unprotected()));
            let alg = sign1
                .signature_algorithm()
                .map_err(|_| VerifyErrorKind::DeviceSignature)?;
            if alg.curve() != curve || !policy.signature_algorithms.contains(&alg) {
                return Err(VerifyErrorKind::DeviceSignature);
            }
            if sign1.payload().is_some() {
                return Err(VerifyErrorKind::DeviceSignature);
            }
            let parts = DeviceSigParts::new(sign1, session.transcript, document);
            policy
                .provider
                .ecdsa_verify_parts(alg, &device_public, &parts.parts(), sign1.signature())
                .map_err(|_| VerifyErrorKind::DeviceSignature)?;
            Ok(DeviceAuthKind::Signature)
        }
        DeviceAuth::Mac(mac0) => {
            findings.extend(header_findings(mac0.unprotected()));
            let reader_key = session
                .e_reader_key
                .ok_or(VerifyErrorKind::MacKeyUnavailable)?;
            if let Some(expected) = session.transcript.e_reader_key() {
                let reader_public = policy
                    .provider
                    .ec_public_key(reader_key)
                    .map_err(|_| VerifyErrorKind::ReaderKeyMismatch)?;
                match sec1_from_cose_key(expected.value()) {
                    Some((_, point)) if point == reader_public => {}
                    _ => return Err(VerifyErrorKind::ReaderKeyMismatch),
                }
            }
            if mac0.payload().is_some() {
                return Err(VerifyErrorKind::DeviceMac);
            }
            let key = emac_key(
                policy.provider,
                reader_key,
                &device_public,
                session.transcript,
            )
            .map_err(|_| VerifyErrorKind::DeviceMac)?;
            let authenticated = device_authentication_bytes(
                session.transcript,
                &document.doc_type,
                &signed.name_spaces,
            );
            mac0.verify(policy.provider, key.expose(), Some(&authenticated), &[])
                .map_err(|_| VerifyErrorKind::DeviceMac)?;
            Ok(DeviceAuthKind::Mac)
        }
    }
}

/// The `Sig_structure` of a device signature, in the parts it is hashed from:
/// `["Signature1", protected, h'', DeviceAuthenticationBytes]` where
/// `DeviceAuthenticationBytes = #6.24(bstr .cbor ["DeviceAuthentication",
/// SessionTranscript, DocType, DeviceNameSpacesBytes])`, the transcript and namespaces as
/// their exact bytes, none of it copied together (the same bytes as
/// [`sig_structure`](crate::cose::sig_structure) over
/// [`device_authentication_bytes`]).
struct DeviceSigParts<'a> {
    head: Vec<u8>,
    transcript: &'a [u8],
    doc_type: Vec<u8>,
    name_spaces: &'a [u8],
}

impl<'a> DeviceSigParts<'a> {
    fn new(
        sign1: &crate::cose::CoseSign1,
        transcript: &'a SessionTranscript,
        document: &'a Document,
    ) -> Self {
        let (transcript, name_spaces) = (
            transcript.encoded(),
            document.device_signed.name_spaces.encoded(),
        );
        let mut doc_type = Encoder::new();
        doc_type.text(&document.doc_type);
        let mut array = Encoder::new();
        array.array(4).text("DeviceAuthentication");
        let inner = [
            array.as_bytes(),
            transcript,
            doc_type.as_bytes(),
            name_spaces,
        ]
        .iter()
        .fold(0usize, |n, part| n.saturating_add(part.len()));
        let mut tagged = Encoder::new();
        tagged.tag(24).bytes_head(inner);
        let payload_len = tagged.as_bytes().len().saturating_add(inner);
        let mut head = sig_structure_head(sign1.protected(), &[], payload_len);
        head.extend_from_slice(tagged.as_bytes());
        head.extend_from_slice(array.as_bytes());
        Self {
            head,
            transcript,
            doc_type: doc_type.into_bytes(),
            name_spaces,
        }
    }

    fn parts(&self) -> [&[u8]; 4] {
        [
            &self.head,
            self.transcript,
            &self.doc_type,
            self.name_spaces,
        ]
    }
}

/// Checks that every device-signed element is authorized by `keyAuthorizations`.
fn check_device_elements(
    signed: &DeviceSigned,
    mso: &MobileSecurityObject,
) -> Result<(), VerifyErrorKind> {
    let auth = mso.device_key_info.key_authorizations.as_ref();
    for (ns, elements) in &signed.name_spaces.value().0 {
        let whole_namespace = auth
            .and_then(|a| a.name_spaces.as_ref())
            .is_some_and(|list| list.iter().any(|n| n == ns));
        let listed = auth
            .and_then(|a| a.data_elements.as_ref())
            .and_then(|de| de.iter().find(|(n, _)| n == ns))
            .map(|(_, ids)| ids.as_slice())
            .unwrap_or_default();
        for (id, _) in elements {
            if !whole_namespace && !listed.iter().any(|l| l == id) {
                return Err(VerifyErrorKind::UnauthorizedDeviceSignedElement);
            }
        }
    }
    Ok(())
}

/// A reader whose `readerAuth` verified: its certificate chain.
#[derive(Clone, Debug)]
pub struct VerifiedReader {
    chain: VerifiedChain,
}

impl VerifiedReader {
    /// The reader's validated chain (reader certificate and reader root).
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }
}

/// Why a `readerAuth` was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReaderAuthError {
    /// The document request carries no `readerAuth`.
    Missing,
    /// No `x5chain` in `readerAuth`.
    MissingCertificate,
    /// The reader's chain or certificate profile is not trusted.
    Untrusted(crate::x509::ChainError),
    /// The algorithm is unsupported, refused, or not the certificate key's.
    Algorithm,
    /// The signature does not verify over `ReaderAuthenticationBytes`.
    Signature,
}

impl core::fmt::Display for ReaderAuthError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Missing => f.write_str("no readerAuth"),
            Self::MissingCertificate => f.write_str("readerAuth carries no x5chain"),
            Self::Untrusted(e) => write!(f, "reader not trusted: {e}"),
            Self::Algorithm => f.write_str("readerAuth algorithm refused or not the key's"),
            Self::Signature => f.write_str("readerAuth signature does not verify"),
        }
    }
}

impl core::error::Error for ReaderAuthError {}

/// Verifies a document request's `readerAuth` against the reader roots of `trust`: the
/// reader certificate chain and profile, and the signature over
/// `ReaderAuthenticationBytes` (transcript and the exact `ItemsRequestBytes`).
///
/// # Errors
/// [`ReaderAuthError`] saying what failed.
pub fn verify_reader_auth(
    request: &DocRequest,
    transcript: &SessionTranscript,
    trust: &TrustStore,
    policy: &Policy,
    now: i64,
) -> Result<VerifiedReader, ReaderAuthError> {
    let sign1 = request
        .reader_auth
        .as_ref()
        .ok_or(ReaderAuthError::Missing)?;
    let alg: SignatureAlgorithm = sign1
        .signature_algorithm()
        .map_err(|_| ReaderAuthError::Algorithm)?;
    if !policy.signature_algorithms.contains(&alg) || sign1.payload().is_some() {
        return Err(ReaderAuthError::Algorithm);
    }
    let certificates = x5chain_of(sign1).ok_or(ReaderAuthError::MissingCertificate)?;
    let chain = verify_chain(trust, &certificates, LeafRole::Reader, policy.provider, now)
        .map_err(ReaderAuthError::Untrusted)?;
    if chain.leaf().curve() != Some(alg.curve()) {
        return Err(ReaderAuthError::Algorithm);
    }
    let authenticated = reader_authentication_bytes(transcript, &request.items_request);
    sign1
        .verify(
            policy.provider,
            chain.leaf().public_key(),
            Some(&authenticated),
            &[],
        )
        .map_err(|_| ReaderAuthError::Signature)?;
    Ok(VerifiedReader { chain })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_signature_parts_are_the_sig_structure() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop");
        for (response, transcript) in [
            (
                "isomdl/device_response.qr.cbor",
                "isomdl/session_transcript.qr.cbor",
            ),
            ("auth0-mdl/response_sig.cbor", "auth0-mdl/transcript.cbor"),
            ("owf-mdoc/response_sig.cbor", "owf-mdoc/transcript.cbor"),
        ] {
            let read = |name: &str| std::fs::read(std::format!("{dir}/{name}")).unwrap();
            let response = DeviceResponse::from_cbor(&read(response)).unwrap();
            let transcript = SessionTranscript::from_cbor(&read(transcript)).unwrap();
            let document = &response.documents.as_ref().unwrap()[0];
            let DeviceAuth::Signature(sign1) = &document.device_signed.device_auth else {
                panic!("not a device signature");
            };
            let parts = DeviceSigParts::new(sign1, &transcript, document);
            let expected = crate::cose::sig_structure(
                sign1.protected(),
                &[],
                &device_authentication_bytes(
                    &transcript,
                    &document.doc_type,
                    &document.device_signed.name_spaces,
                ),
            );
            assert_eq!(parts.parts().concat(), expected);
        }
    }
}
