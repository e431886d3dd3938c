//! Making list tokens: the claims, the protected header (`alg`, `typ`, `x5chain`), and the
//! signature, in one step through an [`issuer::Signer`](crate::issuer::Signer) or in two
//! (an HSM signs [`PreparedListToken::to_be_signed`]), as the MSO is signed.

use alloc::string::String;
use alloc::vec::Vec;

use super::claims::ListClaims;
use super::compressed::CompressedStatusList;
use super::error::{ListError, ListKind};
use super::identifier::IdentifierList;
use super::list::StatusList;
use crate::cbor::{Encode, Encoder, Label, Value};
use crate::cose::{CoseError, Header, PreparedSign1, X5Chain};
use crate::crypto::{CryptoError, CryptoProvider, SignatureAlgorithm};
use crate::issuer::Signer;
use crate::x509::{CertPosition, Certificate, CertificateRole, ChainError, profile};

/// COSE header parameter `typ` (RFC 9596).
pub const HEADER_TYP: i64 = 16;

/// The claims every list token carries besides its list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenParams {
    /// `sub`: the URI the token is published at (the `uri` of the MSO's status).
    pub uri: String,
    /// `iat`, Unix seconds.
    pub iat: i64,
    /// `exp`, Unix seconds (ISO 18013-5 requires it).
    pub exp: i64,
    /// `ttl`, seconds (optional; positive).
    pub ttl: Option<u64>,
    /// The list's `aggregation_uri` (optional).
    pub aggregation_uri: Option<String>,
}

/// Who signs list tokens: an MSO revocation list signer's certificate chain (leaf first,
/// without the IACA), which goes in the protected `x5chain` of every token, and whose
/// leaf's key every signature is checked against.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::default_provider;
/// use iso18013::issuer::KeySigner;
/// use iso18013::status::{ListSigner, ListTrust, ListVerifyOptions, Status, StatusList, TokenParams, verify_status_list};
/// use iso18013::testing::TestPki;
///
/// let provider = default_provider();
/// let now = 1_780_000_000;
/// let pki = TestPki::generate(provider, now)?;
/// let mut list = StatusList::new(1, 1024)?;
/// list.set(7, Status::Invalid)?;
/// let params = TokenParams {
///     uri: "https://issuer.example/status/1".into(),
///     iat: now,
///     exp: now + 86_400,
///     ttl: Some(3_600),
///     aggregation_uri: None,
/// };
/// let signer = ListSigner::from_certificates(&[pki.status_signer.clone()])?;
/// let token = signer.sign_status_list(&list, &params, provider,
///     &KeySigner::new(provider, pki.status_signer_key.clone()))?;
///
/// // A verifier, with the IACA that issued the MSO's document signer as trust point.
/// let trust = ListTrust::new(None, &[pki.iaca.clone()])?;
/// let verified = verify_status_list(&token, "https://issuer.example/status/1", &trust,
///     &ListVerifyOptions::default(), provider, now + 60)?;
/// assert_eq!(verified.status(7)?, Status::Invalid);
/// assert_eq!(verified.status(8)?, Status::Valid);
/// assert!(verified.status(1024).is_err());
/// # }
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct ListSigner {
    x5chain: Vec<Vec<u8>>,
    key: Option<Vec<u8>>,
}

/// A list token built and awaiting its signature (two-step signing).
#[derive(Clone, Debug)]
pub struct PreparedListToken {
    sign1: PreparedSign1,
    key: Option<Vec<u8>>,
}

impl ListSigner {
    /// A signer whose chain (DER, leaf first) goes in every token as given: nothing checks
    /// that the leaf is a list signer ([`from_certificates`](Self::from_certificates)
    /// does). When the leaf is a certificate with a supported EC key, signatures are
    /// checked against that key.
    pub fn new(x5chain: Vec<Vec<u8>>) -> Self {
        let key = x5chain
            .first()
            .and_then(|leaf| Certificate::from_der(leaf).ok())
            .filter(|leaf| leaf.curve().is_some())
            .map(|leaf| leaf.public_key().to_vec());
        Self { x5chain, key }
    }

    /// A signer from its parsed chain (leaf first, without the IACA), whose leaf must be
    /// an MSO revocation list signer (Annex B.1.7) with an EC P-256, P-384 or P-521 key.
    ///
    /// # Errors
    /// [`ListError::Chain`]: [`ChainError::EmptyChain`], [`ChainError::Profile`] when the
    /// leaf is no list signer, [`ChainError::UnsupportedKey`].
    pub fn from_certificates(chain: &[Certificate]) -> Result<Self, ListError> {
        let leaf = chain
            .first()
            .ok_or(ListError::Chain(ChainError::EmptyChain))?;
        let role = CertificateRole::StatusListSigner;
        profile::check(leaf, role, &mut Vec::new())
            .map_err(|violation| ListError::Chain(ChainError::Profile { role, violation }))?;
        if leaf.curve().is_none() {
            return Err(ListError::Chain(ChainError::UnsupportedKey {
                cert: CertPosition::Chain(0),
            }));
        }
        Ok(Self {
            x5chain: chain.iter().map(|c| c.der().to_vec()).collect(),
            key: Some(leaf.public_key().to_vec()),
        })
    }

    /// The claims common to both kinds.
    fn claims(params: &TokenParams) -> Result<ListClaims, ListError> {
        if params.exp < params.iat {
            return Err(ListError::ExpiresBeforeIssued);
        }
        if params.ttl == Some(0) {
            return Err(ListError::InvalidTtl);
        }
        Ok(ListClaims {
            sub: Some(params.uri.clone()),
            iat: Some(params.iat),
            exp: Some(params.exp),
            ttl: params.ttl,
            ..ListClaims::default()
        })
    }

    fn prepare(
        &self,
        kind: ListKind,
        claims: &ListClaims,
        alg: SignatureAlgorithm,
    ) -> Result<PreparedListToken, ListError> {
        let mut protected = Header {
            x5chain: match self.x5chain.as_slice() {
                [] => return Err(ListError::MissingX5Chain),
                [single] => Some(X5Chain::Single(single.clone())),
                many => Some(X5Chain::Array(many.to_vec())),
            },
            ..Header::default()
        };
        protected
            .rest
            .push((Label::Int(HEADER_TYP), Value::from(kind.typ())));
        let sign1 = PreparedSign1::with_protected(
            alg,
            protected,
            Header::default(),
            Some(claims.to_cbor()),
            None,
        )
        .map_err(ListError::Cose)?;
        Ok(PreparedListToken {
            sign1,
            key: self.key.clone(),
        })
    }

    /// Builds a status list token for `list`, ready for a signature by `alg`.
    ///
    /// # Errors
    /// [`ListError::ExpiresBeforeIssued`], [`ListError::InvalidTtl`] for parameters no
    /// verifier accepts; [`ListError::MissingX5Chain`] for a signer without certificates.
    pub fn prepare_status_list(
        &self,
        list: &StatusList,
        params: &TokenParams,
        alg: SignatureAlgorithm,
    ) -> Result<PreparedListToken, ListError> {
        let mut compressed = CompressedStatusList::compress(list);
        compressed
            .aggregation_uri
            .clone_from(&params.aggregation_uri);
        let claims = ListClaims {
            status_list: Some(compressed),
            ..Self::claims(params)?
        };
        self.prepare(ListKind::StatusList, &claims, alg)
    }

    /// Builds an identifier list token for `list` (its `aggregation_uri` replaced by the
    /// parameters' when they give one), ready for a signature by `alg`.
    ///
    /// # Errors
    /// As [`prepare_status_list`](Self::prepare_status_list).
    pub fn prepare_identifier_list(
        &self,
        list: &IdentifierList,
        params: &TokenParams,
        alg: SignatureAlgorithm,
    ) -> Result<PreparedListToken, ListError> {
        let mut list = list.clone();
        if params.aggregation_uri.is_some() {
            list.aggregation_uri.clone_from(&params.aggregation_uri);
        }
        let claims = ListClaims {
            identifier_list: Some(list),
            ..Self::claims(params)?
        };
        self.prepare(ListKind::IdentifierList, &claims, alg)
    }

    /// Builds and signs a status list token: its bytes (`COSE_Sign1`, tagged 18).
    ///
    /// # Errors
    /// As [`prepare_status_list`](Self::prepare_status_list) and
    /// [`PreparedListToken::finish_with`].
    pub fn sign_status_list(
        &self,
        list: &StatusList,
        params: &TokenParams,
        provider: &dyn CryptoProvider,
        signer: &dyn Signer,
    ) -> Result<Vec<u8>, ListError> {
        let prepared = self.prepare_status_list(list, params, signer.algorithm())?;
        let signature = signer.sign(prepared.to_be_signed())?;
        prepared.finish_with(provider, signature)
    }

    /// Builds and signs an identifier list token: its bytes (`COSE_Sign1`, tagged 18).
    ///
    /// # Errors
    /// As [`sign_status_list`](Self::sign_status_list).
    pub fn sign_identifier_list(
        &self,
        list: &IdentifierList,
        params: &TokenParams,
        provider: &dyn CryptoProvider,
        signer: &dyn Signer,
    ) -> Result<Vec<u8>, ListError> {
        let prepared = self.prepare_identifier_list(list, params, signer.algorithm())?;
        let signature = signer.sign(prepared.to_be_signed())?;
        prepared.finish_with(provider, signature)
    }
}

impl PreparedListToken {
    /// The bytes the list signer signs (the COSE `Sig_structure`).
    pub fn to_be_signed(&self) -> &[u8] {
        self.sign1.to_be_signed()
    }

    /// The algorithm the signature must use.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.sign1.algorithm()
    }

    /// Completes the token with the signature (raw `r || s` or DER), checked against the
    /// signer certificate's key through `provider`; returns the token's bytes
    /// (`COSE_Sign1`, tagged 18).
    ///
    /// # Errors
    /// [`ListError::Cose`] for a signature neither raw nor DER; [`ListError::WrongSigner`]
    /// when it does not verify with the signer certificate's key.
    pub fn finish_with(
        self,
        provider: &dyn CryptoProvider,
        signature: Vec<u8>,
    ) -> Result<Vec<u8>, ListError> {
        let sign1 = match &self.key {
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
        let mut e = Encoder::new();
        e.tag(18);
        sign1.encode(&mut e);
        Ok(e.into_bytes())
    }
}
