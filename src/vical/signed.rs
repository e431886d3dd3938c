//! A signed list: reading the `COSE_Sign1`, signing through an [`issuer::Signer`], and
//! verifying (signer chain, signature, dates, entries).

use alloc::vec::Vec;

use super::error::{ListError, ListFinding};
use super::list::TrustList;
use super::model::Vical;
use super::rical::{Rical, RicalCertificateInfo};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Limits};
use crate::cose::{CoseError, CoseSign1, Header, PreparedSign1, X5Chain};
use crate::crypto::{CryptoError, CryptoProvider, SignatureAlgorithm};
use crate::issuer::Signer;
use crate::x509::{Certificate, TrustStore, VerifiedChain, verify_chain_to};

/// How far a list's `date` may lie ahead of the verifier's clock: five minutes.
pub const CLOCK_SKEW_SECONDS: i64 = 300;

/// A signed VICAL or RICAL as received: the `COSE_Sign1` and the list it carries.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedList<T> {
    sign1: CoseSign1,
    list: T,
}

/// A signed VICAL.
pub type SignedVical = SignedList<Vical>;
/// A signed RICAL.
pub type SignedRical = SignedList<Rical>;

struct Both<T>(CoseSign1, T);

impl<T: TrustList> Decode for Both<T> {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        let (sign1, list) = CoseSign1::decode_with_payload::<T>(d, T::NAME)?;
        Ok(Self(sign1, list))
    }
}

impl<T: TrustList> SignedList<T> {
    /// Decodes a signed list (strictly, with the default [`Limits`]; the payload must be
    /// attached and is decoded in place).
    ///
    /// # Errors
    /// [`ListError::Malformed`].
    pub fn from_cbor(bytes: &[u8]) -> Result<Self, ListError> {
        Self::from_cbor_with_limits(bytes, &Limits::DEFAULT)
    }

    /// [`from_cbor`](Self::from_cbor) under `limits`.
    ///
    /// # Errors
    /// [`ListError::Malformed`].
    pub fn from_cbor_with_limits(bytes: &[u8], limits: &Limits) -> Result<Self, ListError> {
        let Both(sign1, list) =
            Both::<T>::from_cbor_with_limits(bytes, limits).map_err(ListError::Malformed)?;
        Ok(Self { sign1, list })
    }

    /// The list, as decoded (not yet verified).
    pub fn list(&self) -> &T {
        &self.list
    }

    /// The `COSE_Sign1` it came in.
    pub fn sign1(&self) -> &CoseSign1 {
        &self.sign1
    }

    /// The signed list's bytes (the `COSE_Sign1`, its payload as signed).
    pub fn to_cbor(&self) -> Vec<u8> {
        self.sign1.to_cbor()
    }

    /// The `x5chain`'s certificates (DER, leaf first), from whichever header has it.
    pub fn x5chain(&self) -> Option<Vec<&[u8]>> {
        let chain = self.sign1.protected().header().x5chain.as_ref().or(self
            .sign1
            .unprotected()
            .x5chain
            .as_ref())?;
        Some(chain.certificates().collect())
    }

    /// Prepares `list` for a signature by `alg` (two-step signing, as for the MSO): the
    /// payload is the encoded list, the protected header holds `alg` (and for a RICAL the
    /// `x5chain`), the `x5chain` (DER, signer first, without the provider's root) goes in
    /// the header the annex names.
    ///
    /// # Errors
    /// [`ListError::Cose`] when the headers cannot be built.
    pub fn prepare(
        list: T,
        x5chain: Vec<Vec<u8>>,
        alg: SignatureAlgorithm,
    ) -> Result<PreparedList<T>, ListError> {
        let signer_key = x5chain
            .first()
            .and_then(|leaf| Certificate::from_der(leaf).ok())
            .map(|leaf| leaf.public_key().to_vec());
        let chain = match x5chain.len() {
            0 => None,
            1 => x5chain.into_iter().next().map(X5Chain::Single),
            _ => Some(X5Chain::Array(x5chain)),
        };
        let (protected, unprotected) = if T::X5CHAIN_PROTECTED {
            (
                Header {
                    x5chain: chain,
                    ..Header::default()
                },
                Header::default(),
            )
        } else {
            (
                Header::default(),
                Header {
                    x5chain: chain,
                    ..Header::default()
                },
            )
        };
        let sign1 =
            PreparedSign1::with_protected(alg, protected, unprotected, Some(list.to_cbor()), None)
                .map_err(ListError::Cose)?;
        Ok(PreparedList {
            sign1,
            list,
            signer_key,
        })
    }

    /// Signs `list` with `signer` (the key of the x5chain's first certificate, which is
    /// checked), through the same COSE path as the MSO.
    ///
    /// # Errors
    /// [`ListError::Cose`] when signing fails, [`ListError::WrongSigner`] when the
    /// signature does not verify with the x5chain's first certificate.
    pub fn sign(
        list: T,
        x5chain: Vec<Vec<u8>>,
        signer: &dyn Signer,
        provider: &dyn CryptoProvider,
    ) -> Result<Self, ListError> {
        let prepared = Self::prepare(list, x5chain, signer.algorithm())?;
        let signature = signer
            .sign(prepared.to_be_signed())
            .map_err(|e| ListError::Cose(CoseError::Crypto(e)))?;
        prepared.finish(provider, signature)
    }

    /// Verifies the list at `now` (Unix seconds) against the provider roots `anchors`
    /// (configured out of band):
    ///
    /// 1. the headers (RFC 9052 §3) and the `x5chain`, validated to one of `anchors` with
    ///    the signer's profile (VICAL: Table C.1; RICAL: Table F.1) and the provider
    ///    root's minimal rules;
    /// 2. the signature, with the signer certificate's key (external_aad empty);
    /// 3. the dates: `date` not after `now` plus [`CLOCK_SKEW_SECONDS`], `notAfter` not
    ///    before `now`; a past `nextUpdate` is a [finding](ListFinding::NextUpdatePassed);
    /// 4. every entry against its certificate (see [`ListError::Entry`]); an entry whose
    ///    certificate is not valid at `now` is a
    ///    [finding](ListFinding::EntryOutsideValidity).
    ///
    /// Whether the list may replace the one used so far is
    /// [`VerifiedList::check_supersedes`].
    ///
    /// What deviates from the annex without ambiguity is accepted and reported in
    /// [`VerifiedList::findings`].
    ///
    /// # Errors
    /// [`ListError`] naming the first check that failed.
    pub fn verify(
        &self,
        anchors: &[Certificate],
        provider: &dyn CryptoProvider,
        now: i64,
    ) -> Result<VerifiedList<T>, ListError> {
        let mut findings = Vec::new();
        let sign1 = &self.sign1;
        sign1.check_headers().map_err(ListError::Header)?;
        if sign1.is_tagged() {
            findings.push(ListFinding::TaggedSign1);
        }
        let protected = sign1.protected().header();
        let in_protected = protected.x5chain.is_some();
        if protected.crit.is_some()
            || protected.content_type.is_some()
            || protected.kid.is_some()
            || !protected.rest.is_empty()
            || (in_protected && !T::X5CHAIN_PROTECTED)
        {
            findings.push(ListFinding::ExtraProtectedHeader);
        }
        let certificates = self.x5chain().ok_or(ListError::MissingCertificate)?;
        if in_protected != T::X5CHAIN_PROTECTED {
            findings.push(ListFinding::X5ChainPlacement);
        }
        let alg = sign1.signature_algorithm().map_err(ListError::Cose)?;
        let chain = verify_chain_to(
            anchors,
            &certificates,
            T::SIGNER,
            Some(T::SIGNER.anchor_role()),
            provider,
            now,
        )
        .map_err(ListError::Chain)?;
        if chain.leaf().curve() != Some(alg.curve()) {
            return Err(ListError::Cose(CoseError::AlgorithmKeyMismatch));
        }
        sign1
            .verify(provider, chain.leaf().public_key(), None, &[])
            .map_err(|e| match e {
                CoseError::BadSignature => ListError::Signature,
                other => ListError::Cose(other),
            })?;
        if certificates.last() == Some(&chain.anchor().der()) {
            findings.push(ListFinding::RootInX5Chain);
        }
        findings.extend(
            chain
                .findings()
                .iter()
                .copied()
                .map(ListFinding::Certificate),
        );

        let list = &self.list;
        if list.date().unix_seconds() > now.saturating_add(CLOCK_SKEW_SECONDS) {
            return Err(ListError::IssuedInFuture);
        }
        if list.not_after().is_some_and(|t| t.unix_seconds() < now) {
            return Err(ListError::Expired);
        }
        if list.next_update().is_some_and(|t| t.unix_seconds() < now) {
            findings.push(ListFinding::NextUpdatePassed);
        }
        let entries = list.check_entries(&mut findings)?;
        for (index, (cert, _)) in entries.iter().enumerate() {
            if cert.not_before() > now || cert.not_after() < now {
                findings.push(ListFinding::EntryOutsideValidity { index });
            }
        }
        Ok(VerifiedList {
            list: list.clone(),
            chain,
            entries,
            findings,
        })
    }
}

/// A list ready for its signature (two-step signing by an HSM or KMS).
#[derive(Clone, Debug)]
pub struct PreparedList<T> {
    sign1: PreparedSign1,
    list: T,
    signer_key: Option<Vec<u8>>,
}

impl<T: TrustList> PreparedList<T> {
    /// The bytes to sign (the COSE `Sig_structure`).
    pub fn to_be_signed(&self) -> &[u8] {
        self.sign1.to_be_signed()
    }

    /// The algorithm the signature must use.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.sign1.algorithm()
    }

    /// Completes the signed list with a signature (raw `r || s` or DER), checked against
    /// the key of the x5chain's first certificate through `provider`.
    ///
    /// # Errors
    /// [`ListError::WrongSigner`] when it does not verify with that key;
    /// [`ListError::Cose`] for a signature of the wrong form.
    pub fn finish(
        self,
        provider: &dyn CryptoProvider,
        signature: Vec<u8>,
    ) -> Result<SignedList<T>, ListError> {
        let sign1 = match &self.signer_key {
            Some(key) => self
                .sign1
                .finish_verified(provider, key, signature)
                .map_err(|e| match e {
                    CoseError::BadSignature | CoseError::Crypto(CryptoError::InvalidKey) => {
                        ListError::WrongSigner
                    }
                    other => ListError::Cose(other),
                })?,
            None => self.sign1.finish(signature).map_err(ListError::Cose)?,
        };
        Ok(SignedList {
            sign1,
            list: self.list,
        })
    }
}

/// A list that [`SignedList::verify`] accepted.
#[derive(Clone, Debug)]
pub struct VerifiedList<T> {
    list: T,
    chain: VerifiedChain,
    entries: Vec<(Certificate, bool)>,
    findings: Vec<ListFinding>,
}

/// A verified VICAL.
pub type VerifiedVical = VerifiedList<Vical>;
/// A verified RICAL.
pub type VerifiedRical = VerifiedList<Rical>;

impl<T: TrustList> VerifiedList<T> {
    /// The list.
    pub fn list(&self) -> &T {
        &self.list
    }

    /// The signer's validated chain.
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }

    /// Each entry's certificate, in list order.
    pub fn certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.entries.iter().map(|(c, _)| c)
    }

    /// What was accepted with a remark.
    pub fn findings(&self) -> &[ListFinding] {
        &self.findings
    }

    /// Whether `nextUpdate` has passed: a newer list should be fetched.
    pub fn needs_update(&self) -> bool {
        self.findings.contains(&ListFinding::NextUpdatePassed)
    }

    /// Checks that this list may replace `previous` (the list the caller used so far):
    /// the issue number (`vicalIssueID`, a RICAL's `id`) is "unique and monotonically
    /// increasing", so when both carry one this one's must be greater, or equal for the
    /// very same list; when either lacks one, `date` must not go back. An older list
    /// signed by the same provider is a replay (a root removed since would come back).
    ///
    /// # Errors
    /// [`ListError::Rollback`].
    pub fn check_supersedes(&self, previous: &T) -> Result<(), ListError>
    where
        T: PartialEq,
    {
        let newer = match (self.list.issue_id(), previous.issue_id()) {
            (Some(id), Some(old)) => id > old || (id == old && self.list == *previous),
            _ => self.list.date().unix_seconds() >= previous.date().unix_seconds(),
        };
        if newer {
            Ok(())
        } else {
            Err(ListError::Rollback)
        }
    }
}

impl VerifiedList<Vical> {
    /// Adds every IACA of the list to `trust`, each vouching only for the docTypes its
    /// entry lists ([`TrustStore::add_iaca_for`]).
    pub fn add_to(&self, trust: &mut TrustStore) {
        for (info, (cert, _)) in self.list.certificate_infos.iter().zip(&self.entries) {
            trust.add_iaca_for(cert.clone(), info.doc_type.iter().cloned());
        }
    }

    /// A trust store holding the list's IACAs, scoped by docType.
    pub fn trust_store(&self) -> TrustStore {
        let mut trust = TrustStore::new();
        self.add_to(&mut trust);
        trust
    }

    /// The entries with their certificates, in list order.
    pub fn entries(&self) -> impl Iterator<Item = (&super::CertificateInfo, &Certificate)> {
        self.list
            .certificate_infos
            .iter()
            .zip(self.entries.iter().map(|(c, _)| c))
    }
}

impl VerifiedList<Rical> {
    /// Adds the list's usable CAs to `trust` as reader roots: those not marked
    /// `isTrustAnchor: false` and without trust constraints this crate cannot evaluate
    /// (see [`ListFinding::NotTrustAnchor`], [`ListFinding::UnsupportedTrustConstraints`]).
    pub fn add_reader_roots_to(&self, trust: &mut TrustStore) {
        for (cert, usable) in &self.entries {
            if *usable {
                trust.add_reader_root(cert.clone());
            }
        }
    }

    /// A trust store holding the list's usable CAs as reader roots.
    pub fn reader_trust_store(&self) -> TrustStore {
        let mut trust = TrustStore::new();
        self.add_reader_roots_to(&mut trust);
        trust
    }

    /// The entries with their certificates and whether each became a reader root.
    pub fn entries(&self) -> impl Iterator<Item = (&RicalCertificateInfo, &Certificate, bool)> {
        self.list
            .certificate_infos
            .iter()
            .zip(self.entries.iter())
            .map(|(info, (c, usable))| (info, c, *usable))
    }
}
