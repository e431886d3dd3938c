//! Verifying a `DeviceResponse`: the response, then per document the issuer's chain and
//! signature, the MSO, validity, every disclosed digest, device authentication (see
//! [`device_auth`](super::device_auth)) and the doctype's own checks.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::device_auth::verify_device_auth;
use super::error::{DeviceAuthError, IssuerError, UntrustedError, ValidityError};
use super::status::{StatusSource, check_status};
use super::{
    Elements, Finding, Policy, ReaderSession, TrustCache, VerifiedDocument, VerifiedResponse,
    VerifyError, VerifyErrorKind, header_findings, x5chain_of,
};
use crate::cbor::map::has_duplicates;
use crate::cbor::{Decode, TDate, Value};
use crate::cose::sig_structure_head;
use crate::crypto::{DigestAlgorithm, SignatureAlgorithm};
use crate::mso::{DigestId, IssuerSigned, MobileSecurityObject};
use crate::response::{DeviceResponse, DeviceSigned, Document};
use crate::x509::{LeafRole, TrustStore, VerifiedChain, verify_chain};

pub(super) fn verify_response(
    bytes: &[u8],
    session: &ReaderSession<'_>,
    trust: &TrustStore,
    policy: &Policy,
    cache: Option<&TrustCache>,
    status: StatusSource<'_>,
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
        let verified = verify_document(document, session, trust, policy, cache, status, now)
            .map_err(|kind| VerifyError {
                document: Some(index),
                kind,
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
    source: StatusSource<'_>,
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
        return Err(VerifyErrorKind::Issuer(IssuerError::DocTypeMismatch));
    }
    if !trust.iaca_vouches_for(chain.anchor(), &mso.doc_type) {
        return Err(VerifyErrorKind::Untrusted(
            UntrustedError::DocTypeOutOfScope,
        ));
    }
    check_validity(mso, &chain, policy, now, &mut findings)?;
    let identifier_list = mso.status.as_ref().and_then(|s| s.identifier_list.as_ref());
    if identifier_list.is_some_and(|list| list.text_id().is_some()) {
        findings.push(Finding::TextIdentifierListId);
    }
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
        .unwrap_or_default()
        .map(|_, items| {
            items
                .into_iter()
                .map(|item| {
                    let item = item.into_value();
                    (item.element_identifier, item.element_value)
                })
                .collect()
        });
    policy.doctypes.check(&doc_type, &issuer_signed, &chain)?;
    let device_signed = device_signed.name_spaces.into_value().0;
    let doctype_findings = policy.doctypes.review(
        &doc_type,
        [&issuer_signed, &device_signed]
            .into_iter()
            .flatten()
            .flat_map(|(ns, elements)| {
                elements
                    .iter()
                    .map(move |(id, value)| (ns.as_str(), id.as_str(), value))
            }),
    );
    if [&issuer_signed, &device_signed]
        .into_iter()
        .flatten()
        .flat_map(|(_, elements)| elements)
        .any(|(_, value)| has_loose_tdate(value))
    {
        findings.push(Finding::NonCanonicalElementTimestamp);
    }
    let status_check = check_status(
        &doc_type,
        status.as_ref(),
        &chain,
        policy,
        source,
        now,
        &mut findings,
    )?;
    Ok(VerifiedDocument {
        doc_type,
        issuer_signed,
        device_signed,
        device_auth,
        validity,
        status,
        status_check,
        errors,
        chain,
        findings,
        doctype_findings,
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
    sign1
        .check_headers()
        .map_err(|e| VerifyErrorKind::Issuer(IssuerError::Header(e)))?;
    findings.extend(header_findings(sign1.unprotected()));
    let alg = sign1
        .signature_algorithm()
        .map_err(|_| VerifyErrorKind::Issuer(IssuerError::Algorithm))?;
    if !policy.signature_algorithms.contains(&alg) {
        return Err(VerifyErrorKind::Issuer(IssuerError::Algorithm));
    }
    let certificates = x5chain_of(sign1).ok_or(VerifyErrorKind::Untrusted(
        UntrustedError::MissingCertificate,
    ))?;
    let (role, provider) = (LeafRole::DocumentSigner, policy.provider);
    let signature = sign1.signature();
    let chain = match cache {
        #[cfg(feature = "std")]
        Some(cache) => {
            let cached = cache
                .verify_chain(trust, &certificates, role, provider, now)
                .map_err(|e| VerifyErrorKind::Untrusted(UntrustedError::Chain(e)))?;
            issuer_signature(sign1, alg, cached.chain(), |parts| {
                cached.verify_signature_parts(provider, alg, parts, signature)
            })?;
            cached.shared()
        }
        #[cfg(not(feature = "std"))]
        Some(never) => match *never {},
        None => {
            let chain = verify_chain(trust, &certificates, role, provider, now)
                .map_err(|e| VerifyErrorKind::Untrusted(UntrustedError::Chain(e)))?;
            issuer_signature(sign1, alg, &chain, |parts| {
                provider.ecdsa_verify_parts(alg, chain.leaf().public_key(), parts, signature)
            })?;
            Arc::new(chain)
        }
    };
    let mso = issuer_signed.issuer_auth.mso();
    if !matches!(mso.version.as_str(), "1.0" | "1.1") {
        return Err(VerifyErrorKind::Issuer(IssuerError::MsoVersion));
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
        return Err(VerifyErrorKind::Issuer(IssuerError::Algorithm));
    }
    let payload = sign1
        .payload()
        .ok_or(VerifyErrorKind::Issuer(IssuerError::Signature))?;
    let head = sig_structure_head(sign1.protected(), &[], payload.len());
    verify(&[&head, payload]).map_err(|_| VerifyErrorKind::Issuer(IssuerError::Signature))
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
        return Err(VerifyErrorKind::Validity(
            ValidityError::InvalidValidityPeriod,
        ));
    }
    let leaf = chain.leaf();
    if signed < leaf.not_before() || signed > leaf.not_after() {
        return Err(VerifyErrorKind::Validity(
            ValidityError::SignedOutsideCertificateValidity,
        ));
    }
    let skew = policy.clock_skew_seconds.max(0);
    if now.saturating_add(skew) < from {
        return Err(VerifyErrorKind::Validity(ValidityError::NotYetValid));
    }
    if now.saturating_sub(skew) > until {
        return Err(VerifyErrorKind::Validity(ValidityError::Expired));
    }
    Ok(())
}

/// Whether `value` holds, at any depth, a `tdate` not in the form ISO 18013-5 asks for
/// (the decoder has already refused tag-0 content that is not an RFC 3339 date-time;
/// the depth is bounded by its limits).
fn has_loose_tdate(value: &Value) -> bool {
    match value {
        Value::Tag(0, inner) => inner
            .as_text()
            .and_then(|text| TDate::parse(text).ok())
            .is_some_and(|t| !t.is_whole_seconds_utc()),
        Value::Tag(_, inner) => has_loose_tdate(inner),
        Value::Array(items) => items.iter().any(has_loose_tdate),
        Value::Map(entries) => entries
            .iter()
            .any(|(k, v)| has_loose_tdate(k) || has_loose_tdate(v)),
        _ => false,
    }
}

/// Checks the digest of every disclosed item over its exact bytes.
fn check_digests(
    issuer_signed: &IssuerSigned,
    mso: &MobileSecurityObject,
    policy: &Policy,
) -> Result<(), VerifyErrorKind> {
    let alg = DigestAlgorithm::from_name(&mso.digest_algorithm)
        .filter(|a| policy.digest_algorithms.contains(a))
        .ok_or(VerifyErrorKind::Issuer(IssuerError::DigestAlgorithm))?;
    for (ns, items) in issuer_signed.name_spaces.iter().flatten() {
        let digests = mso
            .value_digests
            .get(ns)
            .ok_or(VerifyErrorKind::Issuer(IssuerError::MissingDigest))?;
        // The counts are the sender's: duplicates are found by sorting, and each digest
        // is found by binary search, so the work stays n log n.
        let mut ids: Vec<DigestId> = items.iter().map(|i| i.digest_id).collect();
        let mut names: Vec<&str> = items
            .iter()
            .map(|i| i.element_identifier.as_str())
            .collect();
        if has_duplicates(&mut ids) || has_duplicates(&mut names) {
            return Err(VerifyErrorKind::Issuer(IssuerError::DuplicateElement));
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
                .ok_or(VerifyErrorKind::Issuer(IssuerError::MissingDigest))?;
            let actual = policy.provider.digest(alg, item.encoded());
            if !bool::from(subtle::ConstantTimeEq::ct_eq(actual.as_slice(), expected)) {
                return Err(VerifyErrorKind::Issuer(IssuerError::DigestMismatch {
                    name_space: ns.clone(),
                    element: item.element_identifier.clone(),
                    digest_id: item.digest_id,
                }));
            }
        }
    }
    Ok(())
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
            .and_then(|de| de.get(ns))
            .map(Vec::as_slice)
            .unwrap_or_default();
        for (id, _) in elements {
            if !whole_namespace && !listed.iter().any(|l| l == id) {
                return Err(VerifyErrorKind::DeviceAuth(
                    DeviceAuthError::UnauthorizedElement,
                ));
            }
        }
    }
    Ok(())
}
