//! Verifying list tokens: the signature under the trust point the MSO gives, the signer's
//! Annex B.1.7 profile, `typ`, `sub`, `iat`, `exp`, `ttl`, and the list inside.

use alloc::string::String;
use alloc::vec::Vec;

use super::claims::ListClaims;
use super::error::{ListError, ListFinding, ListKind};
use super::identifier::IdentifierList;
use super::list::{Status, StatusList, StatusListError};
use super::sign::HEADER_TYP;
use crate::cbor::{Decoder, Label, Limits, Value};
use crate::cose::{CoseSign1, Header};
use crate::crypto::CryptoProvider;
use crate::mso::{IdentifierListInfo, StatusListInfo};
use crate::x509::{Certificate, CertificateRole, LeafRole, VerifiedChain, verify_chain_to};

/// What a list's signer chain must lead to (ISO 18013-5 2nd edition 12.3.6.2): the
/// `certificate` of the MSO's `StatusListInfo` or `IdentifierListInfo` when it has one (the
/// certificate whose key signed the top certificate of the list's x5chain), else the IACA
/// that issued the MSO's document signer.
///
/// A `certificate` trust point is held to the rules of a CA (v3, `cA`, keyCertSign when
/// keyUsage is present: Annex B gives it no profile of its own); an IACA to the IACA
/// profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListTrust {
    anchors: Vec<Certificate>,
    named: bool,
}

impl ListTrust {
    /// The trust point for a list the MSO's status refers to: `certificate` (the DER of
    /// the status's `certificate`) when given, else `iacas` (the IACA that anchored the
    /// MSO's document signer chain, e.g. [`VerifiedChain::anchor`]).
    ///
    /// # Errors
    /// [`ListError::TrustPoint`] when `certificate` cannot be read.
    pub fn new(certificate: Option<&[u8]>, iacas: &[Certificate]) -> Result<Self, ListError> {
        Ok(match certificate {
            Some(der) => Self {
                anchors: alloc::vec![Certificate::from_der(der).map_err(ListError::TrustPoint)?],
                named: true,
            },
            None => Self {
                anchors: iacas.to_vec(),
                named: false,
            },
        })
    }

    /// The trust anchors.
    pub fn anchors(&self) -> &[Certificate] {
        &self.anchors
    }

    /// Whether the trust point is the MSO's `certificate` (not an IACA).
    pub fn is_named_certificate(&self) -> bool {
        self.named
    }
}

/// Bounds and tolerances of list verification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListVerifyOptions {
    /// The largest decompressed status list accepted, in bytes (default
    /// [`DEFAULT_MAX_LIST_BYTES`](super::DEFAULT_MAX_LIST_BYTES)).
    pub max_list_bytes: usize,
    /// How far `iat` may be ahead of `now`, in seconds (default 300).
    pub clock_skew: i64,
    /// Bounds of the token's CBOR: the defaults with room for identifier lists of a
    /// million entries.
    pub limits: Limits,
}

impl Default for ListVerifyOptions {
    fn default() -> Self {
        Self {
            max_list_bytes: super::DEFAULT_MAX_LIST_BYTES,
            clock_skew: 300,
            limits: Limits {
                max_container_len: 1 << 20,
                max_items: 4 << 20,
                ..Limits::DEFAULT
            },
        }
    }
}

/// What every verified list token tells besides its list.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenInfo {
    uri: String,
    iat: i64,
    exp: i64,
    ttl: Option<u64>,
    aggregation_uri: Option<String>,
    chain: VerifiedChain,
    findings: Vec<ListFinding>,
}

impl TokenInfo {
    /// `sub`: the URI (equal to the referenced token's).
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// `iat`, Unix seconds.
    pub fn iat(&self) -> i64 {
        self.iat
    }

    /// `exp`, Unix seconds.
    pub fn exp(&self) -> i64 {
        self.exp
    }

    /// `ttl`, seconds, when given.
    pub fn ttl(&self) -> Option<u64> {
        self.ttl
    }

    /// The list's `aggregation_uri`, when given.
    pub fn aggregation_uri(&self) -> Option<&str> {
        self.aggregation_uri.as_deref()
    }

    /// The signer's validated chain (leaf: the list signer; anchor: the trust point).
    pub fn chain(&self) -> &VerifiedChain {
        &self.chain
    }

    /// What was tolerated.
    pub fn findings(&self) -> &[ListFinding] {
        &self.findings
    }

    /// Until when this result holds at all: the earlier of `exp` and the end of the
    /// signer chain's validity (Unix seconds).
    pub fn valid_until(&self) -> i64 {
        self.exp.min(self.chain.valid_until())
    }

    /// Until when a cache may use this result without fetching the token again (Unix
    /// seconds): [`valid_until`](Self::valid_until), and, when the token gives a `ttl`, no
    /// later than `iat + ttl`. This needs no fetch time, and is never later than
    /// [`fresh_until`](Self::fresh_until) of a copy fetched after `iat`.
    pub fn usable_until(&self) -> i64 {
        self.fresh_until(self.iat)
    }

    /// Until when a copy fetched at `fetched_at` may be used without fetching again (the
    /// IETF draft's reading of `ttl`, counted from the fetch): also bounded by
    /// `fetched_at + ttl` when the token gives a `ttl`.
    pub fn fresh_until(&self, fetched_at: i64) -> i64 {
        let ttl = self.ttl.map_or(i64::MAX, |ttl| {
            fetched_at.saturating_add(i64::try_from(ttl).unwrap_or(i64::MAX))
        });
        self.valid_until().min(ttl)
    }
}

/// The [`TokenInfo`] accessors on a verified list.
macro_rules! token_info_accessors {
    ($name:ident) => {
        impl $name {
            /// `sub`: the URI (equal to the referenced token's).
            pub fn uri(&self) -> &str {
                self.info.uri()
            }

            /// `iat`, Unix seconds.
            pub fn iat(&self) -> i64 {
                self.info.iat()
            }

            /// `exp`, Unix seconds.
            pub fn exp(&self) -> i64 {
                self.info.exp()
            }

            /// `ttl`, seconds, when given.
            pub fn ttl(&self) -> Option<u64> {
                self.info.ttl()
            }

            /// The signer's validated chain.
            pub fn chain(&self) -> &VerifiedChain {
                self.info.chain()
            }

            /// See [`TokenInfo::valid_until`]: the earlier of `exp` and the end of the
            /// signer chain's validity.
            pub fn valid_until(&self) -> i64 {
                self.info.valid_until()
            }

            /// See [`TokenInfo::usable_until`]: until when a cache may use this result
            /// (also no later than `iat + ttl`).
            pub fn usable_until(&self) -> i64 {
                self.info.usable_until()
            }

            /// Whether a cache may still use this result at `now`
            /// (`now <` [`usable_until`](Self::usable_until)).
            pub fn is_usable_at(&self, now: i64) -> bool {
                now < self.usable_until()
            }

            /// What was tolerated.
            pub fn findings(&self) -> &[ListFinding] {
                self.info.findings()
            }
        }
    };
}

token_info_accessors!(VerifiedStatusList);
token_info_accessors!(VerifiedIdentifierList);

/// A status list token that [`verify_status_list`] accepted, with its list decompressed.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedStatusList {
    info: TokenInfo,
    list: StatusList,
}

impl VerifiedStatusList {
    /// The status of the referenced token at `idx`: a read of the list decompressed once,
    /// when the token was verified.
    ///
    /// # Errors
    /// [`StatusListError::IndexOutOfRange`] beyond the list: the referenced token must then
    /// be rejected.
    pub fn status(&self, idx: u64) -> Result<Status, StatusListError> {
        self.list.get(idx)
    }

    /// The status of the credential whose MSO `status_list` is `info`: its `idx`, after
    /// checking that its `uri` is this list's `sub` (a list fetched for another URI says
    /// nothing about it). The trust point `info.certificate` names is the caller's to have
    /// verified this list under ([`ListTrust::new`]).
    ///
    /// # Errors
    /// [`ListError::SubjectMismatch`] for another URI; [`ListError::List`] with
    /// [`StatusListError::IndexOutOfRange`] beyond the list.
    pub fn status_for(&self, info: &StatusListInfo) -> Result<Status, ListError> {
        if info.uri != self.info.uri {
            return Err(ListError::SubjectMismatch);
        }
        Ok(self.list.get(info.idx)?)
    }

    /// The decompressed list.
    pub fn list(&self) -> &StatusList {
        &self.list
    }

    /// Bits per entry (ISO 18013-5 wants 1 for an mDL; the caller's policy decides).
    pub fn bits(&self) -> u8 {
        self.list.bits()
    }

    /// The token's claims and signer.
    pub fn info(&self) -> &TokenInfo {
        &self.info
    }
}

/// An identifier list token that [`verify_identifier_list`] accepted.
#[derive(Clone, Debug, PartialEq)]
pub struct VerifiedIdentifierList {
    info: TokenInfo,
    list: IdentifierList,
}

impl VerifiedIdentifierList {
    /// Whether `id` is listed: the MSO whose status names it is revoked. A binary search.
    pub fn contains(&self, id: &[u8]) -> bool {
        self.list.contains(id)
    }

    /// Whether the credential whose MSO `identifier_list` is `info` is revoked (its `id`
    /// is listed), after checking that its `uri` is this list's `sub`.
    ///
    /// # Errors
    /// [`ListError::SubjectMismatch`] for another URI.
    pub fn is_revoked_for(&self, info: &IdentifierListInfo) -> Result<bool, ListError> {
        if info.uri != self.info.uri {
            return Err(ListError::SubjectMismatch);
        }
        Ok(self.list.contains(&info.id))
    }

    /// Whether the MSO whose status names `id` is revoked (its `id` is listed); the same
    /// as [`contains`](Self::contains).
    pub fn is_revoked(&self, id: &[u8]) -> bool {
        self.list.contains(id)
    }

    /// The list.
    pub fn list(&self) -> &IdentifierList {
        &self.list
    }

    /// The token's claims and signer.
    pub fn info(&self) -> &TokenInfo {
        &self.info
    }
}

/// Verifies a status list token (`COSE_Sign1`, tagged 18 or not) published at `uri`
/// under `trust`, at `now` (Unix seconds), and decompresses its list (bounded by
/// `options`).
///
/// Checked, each with its own [`ListError`]: the CBOR; the protected `typ`
/// (`application/statuslist+cwt`; `statuslist+cwt` with [`ListFinding::ShortType`]); the
/// protected `x5chain`, validated to `trust` with its leaf an MSO revocation list signer
/// (Annex B.1.7); the signature with that leaf's key; the claims `sub` (equal to `uri`),
/// `iat` (not later than `now` plus the skew), `exp` (required, not passed), `ttl` (not
/// 0), `status_list` (required; `bits` 1, 2, 4 or 8; `lst` ZLIB within the size limit).
///
/// # Errors
/// [`ListError`] naming the first check that failed.
pub fn verify_status_list(
    token: &[u8],
    uri: &str,
    trust: &ListTrust,
    options: &ListVerifyOptions,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedStatusList, ListError> {
    let (claims, info) = verify_token(
        token,
        ListKind::StatusList,
        uri,
        trust,
        options,
        provider,
        now,
    )?;
    let compressed = claims
        .status_list
        .ok_or(ListError::MissingClaim("status_list"))?;
    let list = compressed.decompress(options.max_list_bytes)?;
    Ok(VerifiedStatusList {
        info: TokenInfo {
            aggregation_uri: compressed.aggregation_uri,
            ..info
        },
        list,
    })
}

/// Verifies an identifier list token as [`verify_status_list`] verifies a status list
/// token, with `typ` `application/identifierlist+cwt` (`identifierlist+cwt` and Annex
/// D.6's `identfierlist+cwt` accepted with a finding), the `IdentifierList` claim (65530)
/// required and `status_list` (65533) forbidden.
///
/// # Errors
/// [`ListError`] naming the first check that failed.
pub fn verify_identifier_list(
    token: &[u8],
    uri: &str,
    trust: &ListTrust,
    options: &ListVerifyOptions,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedIdentifierList, ListError> {
    let (claims, info) = verify_token(
        token,
        ListKind::IdentifierList,
        uri,
        trust,
        options,
        provider,
        now,
    )?;
    if claims.status_list.is_some() {
        return Err(ListError::ForbiddenClaim("status_list"));
    }
    let list = claims
        .identifier_list
        .ok_or(ListError::MissingClaim("IdentifierList"))?;
    Ok(VerifiedIdentifierList {
        info: TokenInfo {
            aggregation_uri: list.aggregation_uri.clone(),
            ..info
        },
        list,
    })
}

/// Decodes a list token without verifying anything: its `COSE_Sign1` and claims (for
/// inspection and tools; never for a status decision).
///
/// # Errors
/// [`ListError::Malformed`] when the bytes are not a `COSE_Sign1` whose payload is a
/// claims map.
pub fn decode_token(token: &[u8], limits: &Limits) -> Result<(CoseSign1, ListClaims), ListError> {
    let mut d = Decoder::new(token, limits)?;
    let decoded = CoseSign1::decode_with_payload::<ListClaims>(&mut d, "list token")?;
    d.finish()?;
    Ok(decoded)
}

/// The `typ` finding, or the error, for a token of `kind`.
fn check_typ(
    protected: &Header,
    kind: ListKind,
    findings: &mut Vec<ListFinding>,
) -> Result<(), ListError> {
    let typ = protected
        .rest
        .iter()
        .find(|(label, _)| *label == Label::Int(HEADER_TYP))
        .and_then(|(_, value)| match value {
            Value::Text(text) => Some(text.as_str()),
            _ => None,
        });
    let finding = match (kind, typ) {
        (_, Some(typ)) if typ == kind.typ() => None,
        (ListKind::StatusList, Some("statuslist+cwt"))
        | (ListKind::IdentifierList, Some("identifierlist+cwt")) => Some(ListFinding::ShortType),
        (ListKind::IdentifierList, Some("identfierlist+cwt")) => Some(ListFinding::MisspeltType),
        _ => return Err(ListError::WrongType { expected: kind }),
    };
    findings.extend(finding);
    Ok(())
}

/// The checks both kinds share; the claims come back for the list.
fn verify_token(
    token: &[u8],
    kind: ListKind,
    uri: &str,
    trust: &ListTrust,
    options: &ListVerifyOptions,
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<(ListClaims, TokenInfo), ListError> {
    let (sign1, claims) = decode_token(token, &options.limits)?;
    let mut findings = Vec::new();
    if !sign1.is_tagged() {
        findings.push(ListFinding::Untagged);
    }
    sign1
        .check_headers()
        .map_err(|e| ListError::Cose(e.into()))?;
    let protected = sign1.protected().header();
    check_typ(protected, kind, &mut findings)?;
    let x5chain = match (&protected.x5chain, &sign1.unprotected().x5chain) {
        (Some(chain), _) => chain,
        (None, Some(_)) => return Err(ListError::UnprotectedX5Chain),
        (None, None) => return Err(ListError::MissingX5Chain),
    };
    let certificates: Vec<&[u8]> = x5chain.certificates().collect();
    let anchor_role = (!trust.named).then_some(CertificateRole::Iaca);
    let chain = verify_chain_to(
        &trust.anchors,
        &certificates,
        LeafRole::StatusListSigner,
        anchor_role,
        provider,
        now,
    )
    .map_err(ListError::Chain)?;
    sign1
        .verify(provider, chain.leaf().public_key(), None, &[])
        .map_err(ListError::Cose)?;

    let sub = claims
        .sub
        .as_deref()
        .ok_or(ListError::MissingClaim("sub"))?;
    if sub != uri {
        return Err(ListError::SubjectMismatch);
    }
    let iat = claims.iat.ok_or(ListError::MissingClaim("iat"))?;
    let exp = claims.exp.ok_or(ListError::MissingClaim("exp"))?;
    if exp < iat {
        return Err(ListError::ExpiresBeforeIssued);
    }
    if iat > now.saturating_add(options.clock_skew) {
        return Err(ListError::IssuedInFuture { iat });
    }
    if now >= exp {
        return Err(ListError::Expired { exp });
    }
    if claims.ttl == Some(0) {
        return Err(ListError::InvalidTtl);
    }
    let info = TokenInfo {
        uri: String::from(sub),
        iat,
        exp,
        ttl: claims.ttl,
        aggregation_uri: None,
        chain,
        findings,
    };
    Ok((claims, info))
}
