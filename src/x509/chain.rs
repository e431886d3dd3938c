//! Chain validation: from an x5chain leaf to a trust anchor, with the Annex B profiles.

use alloc::vec::Vec;

use super::certificate::Certificate;
use super::error::{CertPosition, ChainError, Finding};
use super::profile::{self, LeafRole};
use super::trust::TrustStore;
use crate::crypto::ecdsa_der::ecdsa_der_to_raw;
use crate::crypto::{CryptoError, CryptoProvider};

/// The most certificates an x5chain may hold: the leaf, two intermediates and a copy of
/// the anchor (Annex B chains have only the leaf).
pub const MAX_CHAIN_LEN: usize = 4;

/// Anchors with the same name tried for one certificate, bounding signature checks.
const MAX_ANCHOR_CANDIDATES: usize = 8;

/// A chain that [`verify_chain`] accepted: the leaf, any intermediates, the anchor, and
/// what the profile checks noticed without failing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedChain {
    role: LeafRole,
    leaf: Certificate,
    intermediates: Vec<Certificate>,
    anchor: Certificate,
    valid_from: i64,
    valid_until: i64,
    findings: Vec<Finding>,
}

impl VerifiedChain {
    /// What the leaf was validated as.
    pub fn role(&self) -> LeafRole {
        self.role
    }

    /// The leaf: the document signer or reader certificate, whose key signs.
    pub fn leaf(&self) -> &Certificate {
        &self.leaf
    }

    /// Intermediate certificates between leaf and anchor, leaf side first (none in Annex
    /// B chains).
    pub fn intermediates(&self) -> &[Certificate] {
        &self.intermediates
    }

    /// The trust anchor (IACA or reader root) the chain ends at.
    pub fn anchor(&self) -> &Certificate {
        &self.anchor
    }

    /// The anchor's country: for a document signer chain, the IACA's country, which the
    /// mDL's `issuing_country` should equal.
    pub fn issuing_country(&self) -> Option<&str> {
        self.anchor.subject_country()
    }

    /// The latest notBefore of the chain, anchor included: before it this result does not
    /// hold (Unix seconds).
    pub fn valid_from(&self) -> i64 {
        self.valid_from
    }

    /// The earliest notAfter of the chain, anchor included: how long a cache may keep
    /// this result (Unix seconds).
    pub fn valid_until(&self) -> i64 {
        self.valid_until
    }

    /// Non-fatal profile observations, leaf first.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }
}

/// Validates an x5chain (DER certificates, leaf first) at `now` (Unix seconds) against
/// the anchors of `trust` for `leaf` role: IACA roots for document signers, reader roots
/// for readers.
///
/// The chain need not (and normally does not) contain the anchor; a trailing copy of it
/// is ignored, as is anything after the certificate an anchor issued. An anchor is found
/// by issuer name, preferring those whose subjectKeyIdentifier equals the certificate's
/// authorityKeyIdentifier, and proven by the signature. Every signature is checked with
/// `provider`; every certificate, anchor included, must be valid at `now`; the leaf and
/// the anchor must meet their Annex B profiles (see the [`profile`](super::profile)
/// module for what is enforced and what is only reported in
/// [`findings`](VerifiedChain::findings)).
///
/// ```
/// use iso18013::x509::{Certificate, LeafRole, TrustStore, verify_chain};
///
/// let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop/isomdl");
/// let trust = TrustStore::from_iaca_pem(&std::fs::read_to_string(format!("{dir}/iaca.cert.pem"))?)?;
/// let ds = Certificate::from_pem(&std::fs::read_to_string(format!("{dir}/ds.cert.pem"))?)?;
/// let now = 1_796_083_200; // 2026-12-01T00:00:00Z
/// for provider in iso18013::crypto::providers() {
///     let chain = verify_chain(&trust, &[ds[0].der()], LeafRole::DocumentSigner, provider, now)?;
///     assert_eq!(chain.issuing_country(), Some("US"));
///     assert!(chain.findings().is_empty());
///     // The IACA itself is no document signer.
///     let iaca = trust.iaca_roots()[0].der();
///     assert!(verify_chain(&trust, &[iaca], LeafRole::DocumentSigner, provider, now).is_err());
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`ChainError`] says which check failed and on which certificate.
pub fn verify_chain(
    trust: &TrustStore,
    chain: &[&[u8]],
    leaf: LeafRole,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedChain, ChainError> {
    let anchors = trust.anchors_for(leaf);
    verify_chain_to(
        anchors,
        chain,
        leaf,
        Some(leaf.anchor_role()),
        provider,
        now,
    )
}

/// [`verify_chain`] to the given `anchors`, whose profile is `anchor_role`'s, or, with
/// `None`, only that of a CA (v3, `cA`, keyCertSign when keyUsage is present): the trust
/// point an MSO's status names for its list signer, which Annex B gives no profile.
pub(crate) fn verify_chain_to(
    anchors: &[Certificate],
    chain: &[&[u8]],
    leaf: LeafRole,
    anchor_role: Option<super::CertificateRole>,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedChain, ChainError> {
    if chain.is_empty() {
        return Err(ChainError::EmptyChain);
    }
    if chain.len() > MAX_CHAIN_LEN {
        return Err(ChainError::TooLong { max: MAX_CHAIN_LEN });
    }
    let certs = chain
        .iter()
        .enumerate()
        .map(|(index, der)| {
            Certificate::from_der(der).map_err(|error| ChainError::Malformed { index, error })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (leaf_cert, rest) = certs.split_first().ok_or(ChainError::EmptyChain)?;
    if anchors.contains(leaf_cert) {
        return Err(ChainError::LeafIsTrustAnchor);
    }
    if leaf_cert.curve().is_none() {
        return Err(ChainError::UnsupportedKey {
            cert: CertPosition::Chain(0),
        });
    }

    // Walk up until an anchor issued the current certificate; `issuers` collects the
    // intermediates passed on the way.
    let mut issuers: Vec<&Certificate> = Vec::new();
    let mut current = leaf_cert;
    let mut found = None;
    for index in 0..certs.len() {
        if let Some(anchor) = find_anchor(current, index, anchors, provider)? {
            found = Some(anchor);
            break;
        }
        let next = rest
            .get(index)
            .filter(|next| next.subject_der() == current.issuer_der())
            .ok_or(ChainError::UntrustedIssuer { index })?;
        let next_index = index.saturating_add(1);
        verify_signature(
            current,
            index,
            next,
            CertPosition::Chain(next_index),
            provider,
        )?;
        issuers.push(next);
        current = next;
    }
    let anchor = found.ok_or(ChainError::UntrustedIssuer {
        index: certs.len().saturating_sub(1),
    })?;

    let path = core::iter::once(leaf_cert).chain(issuers.iter().copied());
    for (index, cert) in path.clone().enumerate() {
        check_time(cert, CertPosition::Chain(index), now)?;
    }
    check_time(anchor, CertPosition::Anchor, now)?;

    for (below, cert) in issuers.iter().enumerate() {
        let index = below.saturating_add(1);
        profile::check_intermediate(cert)
            .map_err(|violation| ChainError::Intermediate { index, violation })?;
        check_path_len(cert, below, CertPosition::Chain(index))?;
    }
    check_path_len(anchor, issuers.len(), CertPosition::Anchor)?;

    let mut findings = Vec::new();
    let profile_error = |role| move |violation| ChainError::Profile { role, violation };
    profile::check(leaf_cert, leaf.role(), &mut findings).map_err(profile_error(leaf.role()))?;
    match anchor_role {
        Some(role) => profile::check(anchor, role, &mut findings).map_err(profile_error(role))?,
        None => profile::check_intermediate(anchor).map_err(profile_error(leaf.anchor_role()))?,
    }
    let issuer = issuers.first().copied().unwrap_or(anchor);
    profile::check_pair(leaf_cert, issuer, anchor, leaf, &mut findings)
        .map_err(profile_error(leaf.role()))?;

    let valid_from = path
        .clone()
        .map(Certificate::not_before)
        .fold(anchor.not_before(), i64::max);
    let valid_until = path
        .map(Certificate::not_after)
        .fold(anchor.not_after(), i64::min);
    Ok(VerifiedChain {
        role: leaf,
        leaf: leaf_cert.clone(),
        intermediates: issuers.into_iter().cloned().collect(),
        anchor: anchor.clone(),
        valid_from,
        valid_until,
        findings,
    })
}

/// The anchor that issued `cert`, if one has its issuer's name. Anchors whose SKI
/// contradicts the AKI are tried last. `Err` when anchors have the name but none
/// verifies the signature.
fn find_anchor<'t>(
    cert: &Certificate,
    index: usize,
    anchors: &'t [Certificate],
    provider: &dyn CryptoProvider,
) -> Result<Option<&'t Certificate>, ChainError> {
    let contradicts = |anchor: &Certificate| {
        matches!(
            (cert.authority_key_identifier(), anchor.subject_key_identifier()),
            (Some(aki), Some(ski)) if aki != ski
        )
    };
    let named = anchors
        .iter()
        .filter(|a| a.subject_der() == cert.issuer_der());
    let ordered = named
        .clone()
        .filter(|a| !contradicts(a))
        .chain(named.filter(|a| contradicts(a)))
        .take(MAX_ANCHOR_CANDIDATES);
    let mut first_error = None;
    for anchor in ordered {
        match verify_signature(cert, index, anchor, CertPosition::Anchor, provider) {
            Ok(()) => return Ok(Some(anchor)),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    first_error.map_or(Ok(None), Err)
}

/// Verifies `cert`'s signature with `issuer`'s key, hashed with the digest its
/// signatureAlgorithm names: Annex B allows ecdsa-with-SHA256, -SHA384 and -SHA512 with
/// any issuer curve (a P-384 IACA signing with SHA-256, say), unlike COSE's pairings.
fn verify_signature(
    cert: &Certificate,
    index: usize,
    issuer: &Certificate,
    issuer_position: CertPosition,
    provider: &dyn CryptoProvider,
) -> Result<(), ChainError> {
    let digest = cert
        .signature_digest()
        .ok_or(ChainError::UnsupportedAlgorithm { index })?;
    let curve = issuer.curve().ok_or(ChainError::UnsupportedKey {
        cert: issuer_position,
    })?;
    let raw = ecdsa_der_to_raw(cert.signature(), curve.field_len())
        .ok_or(ChainError::BadSignature { index })?;
    provider
        .ecdsa_verify_with_digest(curve, digest, issuer.public_key(), cert.tbs_der(), &raw)
        .map_err(|e| match e {
            CryptoError::InvalidKey => ChainError::UnsupportedKey {
                cert: issuer_position,
            },
            CryptoError::Unsupported => ChainError::UnsupportedAlgorithm { index },
            _ => ChainError::BadSignature { index },
        })
}

/// `notBefore <= now <= notAfter` (RFC 5280 §4.1.2.5: both bounds inclusive).
fn check_time(cert: &Certificate, position: CertPosition, now: i64) -> Result<(), ChainError> {
    if now < cert.not_before() {
        return Err(ChainError::NotYetValid { cert: position });
    }
    if now > cert.not_after() {
        return Err(ChainError::Expired { cert: position });
    }
    Ok(())
}

/// An issuer with `below` intermediates under it must allow at least that many.
fn check_path_len(
    cert: &Certificate,
    below: usize,
    position: CertPosition,
) -> Result<(), ChainError> {
    let limit = cert
        .extensions()
        .basic_constraints
        .as_ref()
        .and_then(|bc| bc.value.path_len);
    match limit {
        Some(n) if below > usize::from(n) => Err(ChainError::PathLenExceeded { cert: position }),
        _ => Ok(()),
    }
}
