//! [`MdocBuilder`]: what an mdoc will hold, with the device key and validity required up
//! front and at least one element before the builder can be issued (a typestate).

use alloc::string::String;
use alloc::vec::Vec;

use super::{IssueError, cose_key_from_sec1};
use crate::cbor::{FullDate, TDate, Value};
use crate::cose::CoseKey;
use crate::crypto::{DigestAlgorithm, EcCurve};
use crate::doctype::age::{AgeAttestations, AgeError};
use crate::mso::{KeyAuthorizations, Status};

/// When the MSO is signed and the period it is valid for (`ValidityInfo` without
/// `expectedUpdate`, which [`MdocBuilder::expected_update`] sets).
///
/// The order (`valid_from` and `signed` not after `valid_until`) is checked when the mdoc
/// is issued ([`IssueError::InvalidValidity`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Validity {
    /// When the MSO is signed.
    pub signed: TDate,
    /// The start of the validity period.
    pub valid_from: TDate,
    /// The end of the validity period.
    pub valid_until: TDate,
}

impl Validity {
    /// A validity period, signed at `signed`.
    pub fn new(signed: TDate, valid_from: TDate, valid_until: TDate) -> Self {
        Self {
            signed,
            valid_from,
            valid_until,
        }
    }
}

/// [`MdocBuilder`] state: device key and validity given, no element yet (not issuable).
#[derive(Clone, Debug)]
pub struct NoElements(Required);

/// [`MdocBuilder`] state: device key, validity and at least one element (issuable).
#[derive(Clone, Debug)]
pub struct Ready(Required);

/// [`MdocBuilder`] state of the deprecated [`MdocBuilder::new`] path: device key and
/// validity set later, checked when issued ([`IssueError::Incomplete`]).
#[derive(Clone, Debug, Default)]
pub struct Unchecked {
    device_key: Option<CoseKey>,
    validity: Option<Validity>,
}

#[derive(Clone, Debug)]
struct Required {
    device_key: CoseKey,
    validity: Validity,
}

/// A builder state that [`Issuer::issue`](super::Issuer::issue) and
/// [`Issuer::prepare`](super::Issuer::prepare) accept: [`Ready`], or [`Unchecked`] (the
/// deprecated path). Sealed.
pub trait Issuable: sealed::Sealed {}

impl Issuable for Ready {}
impl Issuable for Unchecked {}

mod sealed {
    use super::{IssueError, Ready, Unchecked, Validity};
    use crate::cose::CoseKey;

    /// The device key and validity, or why the deprecated path has none.
    #[allow(
        unreachable_pub,
        reason = "sealed: nameable by no one outside the crate"
    )]
    pub trait Sealed {
        fn required(self) -> Result<(CoseKey, Validity), IssueError>;
    }

    impl Sealed for Ready {
        fn required(self) -> Result<(CoseKey, Validity), IssueError> {
            Ok((self.0.device_key, self.0.validity))
        }
    }

    impl Sealed for Unchecked {
        fn required(self) -> Result<(CoseKey, Validity), IssueError> {
            let device_key = self
                .device_key
                .ok_or(IssueError::Incomplete("no device key"))?;
            let validity = self.validity.ok_or(IssueError::Incomplete("no validity"))?;
            Ok((device_key, validity))
        }
    }
}

/// What an mdoc will hold: elements, device key, validity. Any doctype and namespace;
/// elements of known doctypes (the issuer's [`Registry`](crate::doctype::Registry), by
/// default the mDL) are checked against their types when issued.
///
/// [`MdocBuilder::with_required`] takes the device key and the validity; the builder can
/// be issued once it has an element, so an incomplete mdoc does not compile:
///
/// ```
/// use iso18013::cbor::{TDate, Value};
/// use iso18013::cose::{CoseKey, Curve};
/// use iso18013::issuer::{MdocBuilder, Ready, Validity};
///
/// let device_key = CoseKey::ec2(Curve::P256, vec![1; 32], vec![2; 32]);
/// let day = TDate::parse("2026-01-01T00:00:00Z")?;
/// let validity = Validity::new(day.clone(), day, TDate::parse("2027-01-01T00:00:00Z")?);
/// let mdoc: MdocBuilder<Ready> =
///     MdocBuilder::with_required("org.iso.18013.5.1.mDL", device_key, validity)
///         .element("org.iso.18013.5.1", "family_name", Value::from("Doe"));
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
///
/// Without an element it is not [`Issuable`]:
///
/// ```compile_fail,E0277
/// # use iso18013::cbor::TDate;
/// # use iso18013::cose::{CoseKey, Curve};
/// # use iso18013::crypto::{default_provider, EcCurve, SystemRandom};
/// # use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
/// # let provider = default_provider();
/// # let mut rng = SystemRandom(provider);
/// # let signer = KeySigner::new(provider, provider.ec_generate(EcCurve::P256, &mut rng).unwrap());
/// # let key = CoseKey::ec2(Curve::P256, vec![1; 32], vec![2; 32]);
/// # let day = TDate::parse("2026-01-01T00:00:00Z").unwrap();
/// let empty = MdocBuilder::with_required("org.iso.18013.5.1.mDL", key,
///     Validity::new(day.clone(), day.clone(), day));
/// Issuer::new(vec![]).issue(empty, provider, &signer, &mut rng); // no element: error[E0277]
/// ```
///
/// The type parameter is the builder's state ([`NoElements`], [`Ready`]); a plain
/// `MdocBuilder` is the deprecated [`MdocBuilder::new`] path, checked at run time.
#[derive(Clone, Debug)]
pub struct MdocBuilder<S = Unchecked> {
    pub(super) doc_type: String,
    pub(super) elements: Vec<(String, String, Value)>,
    pub(super) key_authorizations: Option<KeyAuthorizations>,
    pub(super) expected_update: Option<TDate>,
    pub(super) status: Option<Status>,
    pub(super) digest_algorithm: DigestAlgorithm,
    pub(super) state: S,
}

impl<S> MdocBuilder<S> {
    fn with_state(doc_type: &str, state: S) -> Self {
        Self {
            doc_type: String::from(doc_type),
            elements: Vec::new(),
            key_authorizations: None,
            expected_update: None,
            status: None,
            digest_algorithm: DigestAlgorithm::Sha256,
            state,
        }
    }

    fn push(&mut self, name_space: &str, identifier: &str, value: Value) {
        self.elements
            .push((String::from(name_space), String::from(identifier), value));
    }

    fn map_state<T>(self, f: impl FnOnce(S) -> T) -> MdocBuilder<T> {
        MdocBuilder {
            doc_type: self.doc_type,
            elements: self.elements,
            key_authorizations: self.key_authorizations,
            expected_update: self.expected_update,
            status: self.status,
            digest_algorithm: self.digest_algorithm,
            state: f(self.state),
        }
    }

    /// What the device key may sign in `DeviceSigned`.
    #[must_use]
    pub fn key_authorizations(mut self, authorizations: KeyAuthorizations) -> Self {
        self.key_authorizations = Some(authorizations);
        self
    }

    /// When the issuer expects to update the mdoc.
    #[must_use]
    pub fn expected_update(mut self, at: TDate) -> Self {
        self.expected_update = Some(at);
        self
    }

    /// Where the credential's revocation status is published.
    #[must_use]
    pub fn status(mut self, status: Status) -> Self {
        self.status = Some(status);
        self
    }

    /// The digest algorithm (SHA-256 by default).
    #[must_use]
    pub fn digest_algorithm(mut self, alg: DigestAlgorithm) -> Self {
        self.digest_algorithm = alg;
        self
    }
}

impl MdocBuilder<NoElements> {
    /// An mdoc of `doc_type` for the holder's `device_key`, valid for `validity`, digested
    /// with SHA-256. Add at least one element to issue it.
    pub fn with_required(doc_type: &str, device_key: CoseKey, validity: Validity) -> Self {
        Self::with_state(
            doc_type,
            NoElements(Required {
                device_key,
                validity,
            }),
        )
    }

    /// Adds the first data element.
    #[must_use]
    pub fn element(self, name_space: &str, identifier: &str, value: Value) -> MdocBuilder<Ready> {
        let mut ready = self.map_state(|NoElements(required)| Ready(required));
        ready.push(name_space, identifier, value);
        ready
    }
}

impl MdocBuilder<Ready> {
    /// Adds a data element.
    #[must_use]
    pub fn element(mut self, name_space: &str, identifier: &str, value: Value) -> Self {
        self.push(name_space, identifier, value);
        self
    }
}

impl MdocBuilder<NoElements> {
    /// Adds the age attestations of someone born on `birth` to `name_space`, computed at
    /// the validity's `validFrom` as ISO 18013-5 13.4.6 requires: `age_over_NN` for each
    /// of `thresholds` (14, 16, 18, 21, 65 or any from 00 to 99), `age_in_years` and
    /// `age_birth_year` (see [`AgeAttestations`]).
    ///
    /// ```
    /// # use iso18013::cbor::{FullDate, TDate, Value};
    /// # use iso18013::cose::{CoseKey, Curve};
    /// # use iso18013::doctype::mdl;
    /// # use iso18013::issuer::{MdocBuilder, Validity};
    /// # let key = CoseKey::ec2(Curve::P256, vec![1; 32], vec![2; 32]);
    /// let from = TDate::parse("2026-06-01T00:00:00Z")?;
    /// let until = TDate::parse("2036-06-01T00:00:00Z")?;
    /// let birth = FullDate::parse("2012-05-31")?; // 14 on validFrom
    /// let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, key, Validity::new(from.clone(), from, until))
    ///     .element(mdl::NAME_SPACE, "birth_date", birth.clone().into())
    ///     .age_attestations(mdl::NAME_SPACE, &birth, &[14, 18])?;
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`AgeError`]: a threshold above 99, or a birth date after `validFrom`.
    pub fn age_attestations(
        self,
        name_space: &str,
        birth: &FullDate,
        thresholds: &[u8],
    ) -> Result<MdocBuilder<Ready>, AgeError> {
        self.map_state(|NoElements(required)| Ready(required))
            .age_attestations(name_space, birth, thresholds)
    }
}

impl MdocBuilder<Ready> {
    /// As [`MdocBuilder::<NoElements>::age_attestations`]: the age attestations of
    /// someone born on `birth`, at the validity's `validFrom`.
    ///
    /// # Errors
    /// [`AgeError`]: a threshold above 99, or a birth date after `validFrom`.
    pub fn age_attestations(
        self,
        name_space: &str,
        birth: &FullDate,
        thresholds: &[u8],
    ) -> Result<Self, AgeError> {
        let ages = AgeAttestations::at(birth, &self.state.0.validity.valid_from, thresholds)?;
        let mut ready = self;
        for (identifier, value) in ages.elements() {
            ready.push(name_space, &identifier, value);
        }
        Ok(ready)
    }
}

impl MdocBuilder<Unchecked> {
    /// An mdoc of `doc_type`, digested with SHA-256, whose device key and validity are set
    /// later and checked when issued.
    #[deprecated(
        note = "use MdocBuilder::with_required(doc_type, device_key, validity): an mdoc without them then does not compile"
    )]
    pub fn new(doc_type: &str) -> Self {
        Self::with_state(doc_type, Unchecked::default())
    }

    /// Adds a data element.
    #[must_use]
    pub fn element(mut self, name_space: &str, identifier: &str, value: Value) -> Self {
        self.push(name_space, identifier, value);
        self
    }

    /// The holder's device key.
    #[must_use]
    pub fn device_key(mut self, key: CoseKey) -> Self {
        self.state.device_key = Some(key);
        self
    }

    /// The holder's device key from an uncompressed SEC1 point.
    ///
    /// # Errors
    /// [`IssueError::InvalidDeviceKey`] unless `point` is `04 || x || y` for the curve.
    pub fn device_key_sec1(self, curve: EcCurve, point: &[u8]) -> Result<Self, IssueError> {
        Ok(self.device_key(cose_key_from_sec1(curve, point).ok_or(IssueError::InvalidDeviceKey)?))
    }

    /// When the MSO is signed and the period it is valid for.
    #[must_use]
    pub fn validity(mut self, signed: TDate, valid_from: TDate, valid_until: TDate) -> Self {
        self.state.validity = Some(Validity::new(signed, valid_from, valid_until));
        self
    }
}

/// The builder's state, consumed: device key and validity (or why there are none).
pub(super) fn required<S: Issuable>(state: S) -> Result<(CoseKey, Validity), IssueError> {
    sealed::Sealed::required(state)
}
