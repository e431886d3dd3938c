//! Issuing an mdoc: salted, digested elements, the MSO, and the issuer's signature.
//!
//! The [`Issuer`] holds the document signer's certificate chain
//! ([`Issuer::from_pem`] checks that its leaf is a document signer); the device key is
//! the holder's public key as a COSE_Key ([`CoseKey::from_sec1`](crate::cose::CoseKey::from_sec1)
//! of its SEC1 point, or
//! [`EcPrivateKey::public_cose_key`](crate::crypto::EcPrivateKey::public_cose_key)).
//! Every signature, made in memory ([`KeySigner`]) or by an HSM or KMS in two steps
//! ([`Issuer::prepare`], [`PreparedMdoc::finish`], raw or DER), is checked against the
//! document signer's key before an mdoc is returned.
//!
//! ```
//! # #[cfg(feature = "rustcrypto")] {
//! use iso18013::cbor::{TDate, Value};
//! use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
//! use iso18013::issuer::{
//!     IssueError, Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1,
//! };
//! use iso18013::doctype::{Registry, mdl};
//!
//! let provider = default_provider();
//! let mut rng = SystemRandom(provider);
//! let ds_key = provider.ec_generate(EcCurve::P256, &mut rng)?;
//! let device_key = provider.ec_generate(EcCurve::P256, &mut rng)?;
//! let device_public = provider.ec_public_key(&device_key)?;
//!
//! // The device key and the validity are required: without them (or without an element)
//! // the mdoc does not compile.
//! let device_key = cose_key_from_sec1(EcCurve::P256, &device_public)
//!     .ok_or(IssueError::InvalidDeviceKey)?;
//! let validity = Validity::new(
//!     TDate::parse("2026-01-01T00:00:00Z")?,
//!     TDate::parse("2026-01-01T00:00:00Z")?,
//!     TDate::parse("2027-01-01T00:00:00Z")?,
//! );
//! let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, device_key, validity)
//!     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
//!     .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
//! // The DS certificate chain goes in x5chain (Issuer::from_pem checks it is one); with
//! // `new`, any DER stands in here, and no certificate key checks the signature.
//! // The claims are held to the mDL's table; two elements are not a whole mDL, so this
//! // sketch lifts the mandatory rule.
//! let issuer = Issuer::new(vec![vec![0x30, 0x00]])
//!     .with_doctypes(Registry::builtin().all_optional());
//! let signer = KeySigner::new(provider, ds_key);
//! let issued = issuer.issue(mdoc, provider, &signer, &mut rng)?;
//! assert_eq!(issued.issuer_auth.mso().doc_type, mdl::DOC_TYPE);
//! # }
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

mod builder;
mod document_signer;

pub use builder::{Issuable, MdocBuilder, NoElements, Ready, Unchecked, Validity};

use crate::cbor::TaggedCbor;
use crate::cose::{CoseError, Header, PreparedSign1, X5Chain};
use crate::crypto::{CryptoError, CryptoProvider, EcPrivateKey, RandomSource, SignatureAlgorithm};
use crate::doctype::{ClaimError, Constraint, Registry, age};
use crate::mso::{
    DeviceKeyInfo, DigestId, IssuerAuth, IssuerNameSpaces, IssuerSigned, IssuerSignedItem,
    MobileSecurityObject, ValidityInfo, ValueDigests,
};
use crate::x509::{Certificate, CertificateError, ChainError};

/// Length of each element's salt, in bytes (ISO 18013-5 asks for at least 16).
pub const SALT_LEN: usize = 32;

/// Why an mdoc could not be issued.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum IssueError {
    /// An element of a known doctype has a value of the wrong CBOR type.
    WrongElementType {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// An element of a known doctype has the right CBOR type but breaks the constraint
    /// of the doctype's element table (a country code, a Latin-1 length, one of a set).
    ConstraintViolated {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
        /// The rule it breaks.
        constraint: Constraint,
    },
    /// A mandatory element of the doctype is missing (see
    /// [`Descriptor::all_optional`](crate::doctype::Descriptor::all_optional) to issue
    /// a subset on purpose).
    MissingElement {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// An element the doctype's table does not define, in a namespace that allows no
    /// others (the mDL's, PhotoID's, the PID's).
    UnknownElement {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// An element (or the docType) of an older form of the doctype, which verifiers
    /// read but an issuer no longer writes; the note names the current form.
    OlderForm {
        /// The namespace (empty for the docType).
        name_space: String,
        /// The element (empty for the docType).
        identifier: String,
        /// Which form, and what replaced it.
        note: &'static str,
    },
    /// An age element (`age_over_NN`, `age_in_years`, `age_birth_year`) contradicts the
    /// same namespace's `birth_date` at validFrom (ISO 18013-5 13.4.6: the values hold at
    /// validFrom).
    AgeContradicted {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// The same element was added twice.
    DuplicateElement {
        /// The namespace.
        name_space: String,
        /// The element.
        identifier: String,
    },
    /// No elements, no device key or no validity was given (only on the deprecated
    /// [`MdocBuilder::new`] path; [`MdocBuilder::with_required`] makes these compile
    /// errors).
    Incomplete(&'static str),
    /// validFrom is after validUntil, or signed after validUntil.
    InvalidValidity,
    /// The device key is not a valid public key for its curve.
    InvalidDeviceKey,
    /// Signing failed, or the signature given to [`PreparedMdoc::finish`] is neither raw
    /// `r || s` of the algorithm's length nor DER
    /// ([`CoseError::SignatureLength`]).
    Cose(CoseError),
    /// Randomness or another cryptographic operation failed.
    Crypto(CryptoError),
    /// The signature does not verify with the document signer certificate's key (the
    /// leaf of the issuer's x5chain): it was made with another key, or over other bytes.
    /// An mdoc with it would be rejected by every verifier.
    WrongSigner,
    /// A certificate given to [`Issuer::from_pem`] could not be read.
    Certificate(CertificateError),
    /// The certificates given to [`Issuer::from_pem`] or [`Issuer::from_der`] are not a
    /// usable document signer chain: none, unreadable, or a leaf that is not a document
    /// signer under ISO 18013-5 Annex B ([`ChainError::Profile`]) or has no supported EC
    /// key.
    DocumentSigner(ChainError),
}

impl fmt::Display for IssueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongElementType {
                name_space,
                identifier,
            } => write!(
                f,
                "element {name_space}/{identifier} has the wrong CBOR type"
            ),
            Self::ConstraintViolated {
                name_space,
                identifier,
                constraint,
            } => write!(f, "element {name_space}/{identifier} is not {constraint}"),
            Self::DuplicateElement {
                name_space,
                identifier,
            } => write!(f, "element {name_space}/{identifier} given twice"),
            Self::MissingElement {
                name_space,
                identifier,
            } => write!(f, "mandatory element {name_space}/{identifier} is missing"),
            Self::AgeContradicted {
                name_space,
                identifier,
            } => write!(
                f,
                "element {name_space}/{identifier} contradicts birth_date at validFrom"
            ),
            Self::UnknownElement {
                name_space,
                identifier,
            } => write!(
                f,
                "element {name_space}/{identifier} is not defined, and the namespace allows no other"
            ),
            Self::OlderForm {
                name_space,
                identifier,
                note,
            } => {
                if name_space.is_empty() {
                    write!(f, "the docType is an older form ({note})")
                } else {
                    write!(
                        f,
                        "element {name_space}/{identifier} is an older form ({note})"
                    )
                }
            }
            Self::Incomplete(what) => write!(f, "incomplete mdoc: {what}"),
            Self::InvalidValidity => f.write_str("validity dates are out of order"),
            Self::InvalidDeviceKey => f.write_str("invalid device key"),
            Self::Cose(e) => write!(f, "signing failed: {e}"),
            Self::Crypto(e) => write!(f, "cryptographic failure: {e}"),
            Self::WrongSigner => f.write_str(
                "the signature does not verify with the document signer certificate's key",
            ),
            Self::Certificate(e) => write!(f, "document signer certificate: {e}"),
            Self::DocumentSigner(e) => write!(f, "not a document signer chain: {e}"),
        }
    }
}

impl core::error::Error for IssueError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Cose(e) => Some(e),
            Self::Crypto(e) => Some(e),
            Self::Certificate(e) => Some(e),
            Self::DocumentSigner(e) => Some(e),
            _ => None,
        }
    }
}

/// Each rule of the doctype's table as its own kind.
impl From<ClaimError> for IssueError {
    fn from(e: ClaimError) -> Self {
        match e {
            ClaimError::WrongType {
                name_space,
                identifier,
                ..
            } => Self::WrongElementType {
                name_space,
                identifier,
            },
            ClaimError::ConstraintViolated {
                name_space,
                identifier,
                constraint,
            } => Self::ConstraintViolated {
                name_space,
                identifier,
                constraint,
            },
            ClaimError::MissingMandatory {
                name_space,
                identifier,
            } => Self::MissingElement {
                name_space,
                identifier,
            },
            ClaimError::UnknownElement {
                name_space,
                identifier,
            } => Self::UnknownElement {
                name_space,
                identifier,
            },
            ClaimError::OlderForm {
                name_space,
                identifier,
                note,
            } => Self::OlderForm {
                name_space,
                identifier,
                note,
            },
            ClaimError::OlderDocType { note } => Self::OlderForm {
                name_space: String::new(),
                identifier: String::new(),
                note,
            },
        }
    }
}

impl From<CryptoError> for IssueError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

impl From<CoseError> for IssueError {
    fn from(e: CoseError) -> Self {
        Self::Cose(e)
    }
}

/// Something that signs with the document signer's key: a key in memory
/// ([`KeySigner`]), or an HSM or secure enclave.
///
/// For devices that cannot be called synchronously, use two-step signing instead:
/// [`Issuer::prepare`], then [`PreparedMdoc::finish`].
pub trait Signer {
    /// The signature algorithm (it fixes the curve of the key).
    fn algorithm(&self) -> SignatureAlgorithm;

    /// Signs `to_be_signed`; returns raw `r || s`.
    ///
    /// # Errors
    /// When the signer fails.
    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>, CryptoError>;
}

/// A [`Signer`] over a private key in memory.
#[derive(Debug)]
pub struct KeySigner<'p> {
    provider: &'p dyn CryptoProvider,
    key: EcPrivateKey,
}

impl<'p> KeySigner<'p> {
    /// Signs with `key` through `provider`, with the algorithm of the key's curve.
    pub fn new(provider: &'p dyn CryptoProvider, key: EcPrivateKey) -> Self {
        Self { provider, key }
    }
}

impl Signer for KeySigner<'_> {
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::for_curve(self.key.curve())
    }

    fn sign(&self, to_be_signed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        self.provider
            .ecdsa_sign(self.algorithm(), &self.key, to_be_signed)
    }
}

#[doc(inline)]
pub use crate::cose::{cose_key_from_sec1, sec1_from_cose_key};

/// The issuer: a document signer's certificate chain and how to sign.
///
/// Built from the document signer's certificate ([`from_pem`](Self::from_pem),
/// [`from_der`](Self::from_der)), which checks that it is one, or from DER taken as given
/// ([`new`](Self::new)). Every signature is checked against the key of the chain's leaf
/// before an mdoc is returned.
#[derive(Clone, Debug)]
pub struct Issuer {
    x5chain: Vec<Vec<u8>>,
    /// The leaf's public key (SEC1), when the leaf is a certificate with a supported key.
    ds_key: Option<Vec<u8>>,
    doctypes: Registry,
}

/// An mdoc whose MSO is built and awaits the issuer's signature (two-step signing).
#[derive(Clone, Debug)]
pub struct PreparedMdoc {
    name_spaces: IssuerNameSpaces,
    sign1: PreparedSign1,
    ds_key: Option<Vec<u8>>,
}

impl PreparedMdoc {
    /// The bytes the document signer signs (the COSE `Sig_structure`).
    pub fn to_be_signed(&self) -> &[u8] {
        self.sign1.to_be_signed()
    }

    /// The algorithm the signature must use.
    pub fn algorithm(&self) -> SignatureAlgorithm {
        self.sign1.algorithm()
    }

    /// Completes the mdoc with the document signer's signature over
    /// [`to_be_signed`](Self::to_be_signed): raw `r || s` as COSE carries it, or a DER
    /// `Ecdsa-Sig-Value` as AWS KMS, Google Cloud KMS and Azure Key Vault return it.
    ///
    /// The signature is checked against the key of the issuer's document signer
    /// certificate (the leaf of its x5chain) with the default backend; use
    /// [`finish_with`](Self::finish_with) to choose the backend. Only an issuer made by
    /// [`Issuer::new`] from bytes that are not a certificate, or from no chain, has no key
    /// to check against (and without a backend compiled in, nothing checks).
    ///
    /// ```
    /// # #[cfg(all(feature = "rustcrypto", feature = "std"))] {
    /// # use iso18013::cbor::{TDate, Value};
    /// # use iso18013::crypto::{default_provider, SignatureAlgorithm, SystemRandom};
    /// # use iso18013::issuer::{IssueError, Issuer, MdocBuilder, Validity};
    /// # use iso18013::testing::TestPki;
    /// # use iso18013::doctype::mdl;
    /// # let provider = default_provider();
    /// # let pki = TestPki::generate(provider, 1_780_000_000)?;
    /// # let t = TDate::from_unix_seconds(1_780_000_000)?;
    /// # let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, pki.device_public_key.clone(),
    /// #     Validity::new(t.clone(), t.clone(), TDate::from_unix_seconds(1_790_000_000)?))
    /// #     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"));
    /// # use iso18013::doctype::Registry;
    /// let issuer = Issuer::from_der(vec![pki.ds.der().to_vec()])?
    ///     .with_doctypes(Registry::builtin().all_optional()); // one element, not a whole mDL
    /// let prepared = issuer.prepare(mdoc, SignatureAlgorithm::Es256, provider, &mut SystemRandom(provider))?;
    /// // The HSM or KMS signs prepared.to_be_signed(); here a key of the wrong signer does:
    /// let wrong = provider.ecdsa_sign(prepared.algorithm(), &pki.iaca_key, prepared.to_be_signed())?;
    /// assert_eq!(prepared.finish(wrong).unwrap_err(), IssueError::WrongSigner);
    /// # }
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`IssueError::Cose`] with [`CoseError::SignatureLength`] when the signature is
    /// neither raw of the algorithm's length nor DER; [`IssueError::WrongSigner`] when it
    /// does not verify with the document signer's key.
    pub fn finish(self, signature: Vec<u8>) -> Result<IssuerSigned, IssueError> {
        #[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
        {
            self.finish_with(crate::crypto::default_provider(), signature)
        }
        #[cfg(not(any(feature = "rustcrypto", feature = "aws-lc")))]
        {
            let sign1 = self.sign1.finish(signature)?;
            Self::complete(self.name_spaces, sign1)
        }
    }

    /// [`finish`](Self::finish), checking the signature through `provider`.
    ///
    /// # Errors
    /// As [`finish`](Self::finish).
    pub fn finish_with(
        self,
        provider: &dyn CryptoProvider,
        signature: Vec<u8>,
    ) -> Result<IssuerSigned, IssueError> {
        let sign1 = match &self.ds_key {
            Some(key) => self
                .sign1
                .finish_verified(provider, key, signature)
                .map_err(|e| match e {
                    CoseError::BadSignature | CoseError::Crypto(CryptoError::InvalidKey) => {
                        IssueError::WrongSigner
                    }
                    other => IssueError::Cose(other),
                })?,
            None => self.sign1.finish(signature)?,
        };
        Self::complete(self.name_spaces, sign1)
    }

    fn complete(
        name_spaces: IssuerNameSpaces,
        sign1: crate::cose::CoseSign1,
    ) -> Result<IssuerSigned, IssueError> {
        let issuer_auth = IssuerAuth::from_sign1(sign1)
            .map_err(|_| IssueError::Incomplete("the MSO did not re-read"))?;
        Ok(IssuerSigned {
            name_spaces: Some(name_spaces),
            issuer_auth,
            rest: Vec::new(),
        })
    }
}

impl Issuer {
    /// An issuer whose document signer certificate chain (DER, leaf first, without the
    /// IACA) goes in the `x5chain` of every `issuerAuth`, as given: nothing checks that it
    /// is a document signer chain ([`from_der`](Self::from_der) does). When the leaf is a
    /// certificate with a supported EC key, signatures are checked against that key.
    pub fn new(x5chain: Vec<Vec<u8>>) -> Self {
        let ds_key = x5chain
            .first()
            .and_then(|leaf| Certificate::from_der(leaf).ok())
            .filter(|leaf| leaf.curve().is_some())
            .map(|leaf| leaf.public_key().to_vec());
        Self {
            x5chain,
            ds_key,
            doctypes: Registry::builtin(),
        }
    }

    /// Types elements by `doctypes` instead of the built-in doctypes (e.g. to add a
    /// national profile's domestic namespace).
    #[must_use]
    pub fn with_doctypes(mut self, doctypes: Registry) -> Self {
        self.doctypes = doctypes;
        self
    }

    /// Builds the elements and the MSO, ready for the signature of `alg`.
    ///
    /// # Errors
    /// [`IssueError`] when the validity dates are out of order, an element has the wrong
    /// type or is given twice, or (deprecated path only) the mdoc is incomplete.
    pub fn prepare<S: Issuable>(
        &self,
        mdoc: MdocBuilder<S>,
        alg: SignatureAlgorithm,
        provider: &dyn CryptoProvider,
        rng: &mut dyn RandomSource,
    ) -> Result<PreparedMdoc, IssueError> {
        let (
            device_key,
            Validity {
                signed,
                valid_from,
                valid_until,
            },
        ) = builder::required(mdoc.state)?;
        if valid_from.unix_seconds() > valid_until.unix_seconds()
            || signed.unix_seconds() > valid_until.unix_seconds()
        {
            return Err(IssueError::InvalidValidity);
        }
        if mdoc.elements.is_empty() {
            return Err(IssueError::Incomplete("no elements"));
        }
        let claims = mdoc
            .elements
            .iter()
            .map(|(ns, id, value)| (ns.as_str(), id.as_str(), value));
        self.doctypes.validate(&mdoc.doc_type, claims.clone())?;
        if let Some((name_space, identifier)) = age::contradiction(claims, &valid_from) {
            return Err(IssueError::AgeContradicted {
                name_space: String::from(name_space),
                identifier: String::from(identifier),
            });
        }
        let mut name_spaces = IssuerNameSpaces::new();
        let mut value_digests = ValueDigests::new();
        for (name_space, identifier, value) in mdoc.elements {
            let items = name_spaces.entry(&name_space);
            let digests = value_digests.entry(&name_space);
            if items.iter().any(|i| i.element_identifier == identifier) {
                return Err(IssueError::DuplicateElement {
                    name_space,
                    identifier,
                });
            }
            let digest_id = fresh_digest_id(digests, rng)?;
            let mut random = alloc::vec![0u8; SALT_LEN];
            rng.fill(&mut random)?;
            let item = TaggedCbor::new(IssuerSignedItem {
                digest_id,
                random,
                element_identifier: identifier,
                element_value: value,
                rest: Vec::new(),
            });
            digests.push((
                digest_id,
                provider.digest(mdoc.digest_algorithm, item.encoded()),
            ));
            items.push(item);
        }
        // The MSO lists digests in identifier order, so it does not reveal element order.
        for (_, digests) in &mut value_digests {
            digests.sort_unstable_by_key(|(id, _)| *id);
        }
        let mso = MobileSecurityObject {
            version: String::from("1.0"),
            digest_algorithm: String::from(mdoc.digest_algorithm.name()),
            value_digests,
            device_key_info: DeviceKeyInfo {
                device_key,
                key_authorizations: mdoc.key_authorizations,
                key_info: None,
                rest: Vec::new(),
            },
            doc_type: mdoc.doc_type,
            validity_info: ValidityInfo {
                signed,
                valid_from,
                valid_until,
                expected_update: mdoc.expected_update,
                rest: Vec::new(),
            },
            status: mdoc.status,
            rest: Vec::new(),
        };
        let payload = TaggedCbor::new(mso).encoded().to_vec();
        let unprotected = Header {
            x5chain: match self.x5chain.as_slice() {
                [] => None,
                [single] => Some(X5Chain::Single(single.clone())),
                many => Some(X5Chain::Array(many.to_vec())),
            },
            ..Header::default()
        };
        let sign1 = PreparedSign1::new(alg, unprotected, Some(payload), None)?;
        Ok(PreparedMdoc {
            name_spaces,
            sign1,
            ds_key: self.ds_key.clone(),
        })
    }

    /// Builds, signs and returns the mdoc's `IssuerSigned`, the signature checked as
    /// [`PreparedMdoc::finish`] checks it.
    ///
    /// # Errors
    /// [`IssueError`] as [`prepare`](Self::prepare) gives, when signing fails, or
    /// [`IssueError::WrongSigner`] when `signer` does not hold the document signer's key.
    pub fn issue<S: Issuable>(
        &self,
        mdoc: MdocBuilder<S>,
        provider: &dyn CryptoProvider,
        signer: &dyn Signer,
        rng: &mut dyn RandomSource,
    ) -> Result<IssuerSigned, IssueError> {
        let prepared = self.prepare(mdoc, signer.algorithm(), provider, rng)?;
        let signature = signer.sign(prepared.to_be_signed())?;
        prepared.finish_with(provider, signature)
    }
}

/// A random digest identifier below 2^31 (some verifiers read them as signed 32-bit
/// integers) not yet used in this namespace.
fn fresh_digest_id(
    used: &[(DigestId, Vec<u8>)],
    rng: &mut dyn RandomSource,
) -> Result<DigestId, IssueError> {
    for _ in 0..64 {
        let mut bytes = [0u8; 4];
        rng.fill(&mut bytes)?;
        let id = u64::from(u32::from_be_bytes(bytes) >> 1);
        if used.iter().all(|(u, _)| *u != id) {
            return Ok(id);
        }
    }
    Err(IssueError::Crypto(CryptoError::RandomUnavailable))
}
