//! Presenting an mdoc: selective disclosure of issuer-signed elements and device
//! authentication bound to the session transcript.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::cbor::{NameSpaces, TaggedCbor, Value};
use crate::cose::sec1_from_cose_key;
use crate::cose::{CoseError, CoseKey, CoseMac0, Header, PreparedSign1};
use crate::crypto::{CryptoError, CryptoProvider, EcPrivateKey, SignatureAlgorithm};
use crate::doctype::age::{nearest_attestation, parse_age_over};
use crate::mso::{IssuerNameSpaces, IssuerSigned};
use crate::request::ItemsRequest;
use crate::response::{
    DeviceAuth, DeviceAuthKind, DeviceNameSpaces, DeviceNameSpacesMap, DeviceSigned, Document,
    Errors, device_authentication_bytes, emac_key,
};
use crate::session::SessionTranscript;

/// Error code for an element that is not returned (ISO 18013-5 `ErrorCode` 0).
pub const DATA_NOT_RETURNED: i64 = 0;

/// How the device authenticates the response: the [`DeviceAuthKind`] with what a MAC
/// needs (the reader's ephemeral key).
#[derive(Clone, Copy, Debug)]
pub enum DeviceAuthMode<'a> {
    /// `deviceSignature`: ECDSA with the device key.
    Signature,
    /// `deviceMac`: HMAC with `EMacKey`, agreed with the reader's ephemeral key.
    Mac {
        /// The reader's ephemeral public key (`EReaderKey`).
        e_reader_key: &'a CoseKey,
    },
}

impl DeviceAuthMode<'_> {
    /// Signature or MAC, without the key.
    pub fn kind(&self) -> DeviceAuthKind {
        match self {
            Self::Signature => DeviceAuthKind::Signature,
            Self::Mac { .. } => DeviceAuthKind::Mac,
        }
    }
}

/// What to disclose: per namespace, the element identifiers.
///
/// Built from `(namespace, element)` pairs with [`Selection::from_elements`] or
/// `collect()`:
///
/// ```
/// use iso18013::doctype::mdl;
/// use iso18013::present::Selection;
///
/// let selection = Selection::from_elements([
///     (mdl::NAME_SPACE, "given_name"),
///     (mdl::NAME_SPACE, "age_over_18"),
///     ("org.example.loyalty", "level"),
/// ]);
/// assert_eq!(selection.len(), 2);
/// assert_eq!(selection.get(mdl::NAME_SPACE).map(Vec::len), Some(2));
/// let same: Selection = [(mdl::NAME_SPACE, "given_name")].into_iter().collect();
/// assert_eq!(same.get(mdl::NAME_SPACE), Some(&vec!["given_name".to_string()]));
/// ```
pub type Selection = NameSpaces<Vec<String>>;

impl NameSpaces<Vec<String>> {
    /// A [`Selection`] of `(namespace, element)` pairs: namespaces in order of first
    /// appearance, each element once.
    pub fn from_elements<'a>(elements: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        elements.into_iter().collect()
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for NameSpaces<Vec<String>> {
    /// As [`NameSpaces::from_elements`].
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(elements: I) -> Self {
        let mut selection = Self::new();
        for (name_space, element) in elements {
            let ids = selection.entry(name_space);
            if !ids.iter().any(|id| id == element) {
                ids.push(String::from(element));
            }
        }
        selection
    }
}

/// The elements an `ItemsRequest` asks for, as a [`Selection`] (to be narrowed by the
/// holder's consent before presenting).
pub fn selection_from_request(request: &ItemsRequest) -> Selection {
    request
        .name_spaces
        .filter_map(|_, elements| Some(elements.iter().map(|(id, _)| id.clone()).collect()))
}

/// Why a document could not be presented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PresentError {
    /// The issued document carries no elements.
    NoElements,
    /// The device key is not one this crate can sign with, or does not match the MSO.
    DeviceKey,
    /// The reader's ephemeral key is unusable for MAC agreement.
    ReaderKey,
    /// Signing or MACing failed.
    Cose(CoseError),
    /// Another cryptographic failure.
    Crypto(CryptoError),
}

impl fmt::Display for PresentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoElements => f.write_str("the issued document has no elements"),
            Self::DeviceKey => f.write_str("device key unusable or not the MSO's"),
            Self::ReaderKey => f.write_str("reader key unusable"),
            Self::Cose(e) => write!(f, "device authentication failed: {e}"),
            Self::Crypto(e) => write!(f, "cryptographic failure: {e}"),
        }
    }
}

impl core::error::Error for PresentError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Cose(e) => Some(e),
            Self::Crypto(e) => Some(e),
            _ => None,
        }
    }
}

impl From<CoseError> for PresentError {
    fn from(e: CoseError) -> Self {
        Self::Cose(e)
    }
}

impl From<CryptoError> for PresentError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

/// Builds a `Document` disclosing only the selected issuer-signed elements (their
/// `IssuerSignedItemBytes` copied exactly), with `device_name_spaces` (often empty)
/// device-signed and device authentication over the session transcript. Selected elements
/// the document does not hold are listed in `errors` as not returned. A selected
/// `age_over_NN` is answered with the nearest age attestation held (ISO 18013-5 13.4.6:
/// `true` at or above NN, else `false` at or below it; see
/// [`nearest_attestation`]), which may be
/// another `age_over_nn`, and never with more than that one.
///
/// # Errors
/// [`PresentError`] when the device key does not match the MSO or authentication fails.
pub fn present_document(
    issued: &IssuerSigned,
    selection: &Selection,
    device_key: &EcPrivateKey,
    device_name_spaces: DeviceNameSpaces,
    transcript: &SessionTranscript,
    mode: DeviceAuthMode<'_>,
    provider: &dyn CryptoProvider,
) -> Result<Document, PresentError> {
    let mso = issued.issuer_auth.mso();
    let all = issued
        .name_spaces
        .as_ref()
        .ok_or(PresentError::NoElements)?;
    let (curve, mso_device_public) =
        sec1_from_cose_key(&mso.device_key_info.device_key).ok_or(PresentError::DeviceKey)?;
    if curve != device_key.curve() || provider.ec_public_key(device_key)? != mso_device_public {
        return Err(PresentError::DeviceKey);
    }

    let mut disclosed = IssuerNameSpaces::new();
    let mut errors = Errors::new();
    // An element named twice in `selection` is disclosed (or reported) once: a response
    // with duplicates would be rejected by any verifier.
    for (ns, wanted) in selection {
        let held = all.get(ns).map(Vec::as_slice);
        for id in wanted {
            // A request for age_over_NN is answered with the nearest attestation held
            // (ISO 18013-5 13.4.6), which may be another age_over_nn, or none.
            let answering = match parse_age_over(id) {
                Some(asked) => held.and_then(|h| nearest_held_attestation(asked, h)),
                None => held.and_then(|h| h.iter().find(|i| i.element_identifier == *id)),
            };
            match answering {
                Some(item) => {
                    let items = disclosed.entry(ns);
                    if !items
                        .iter()
                        .any(|i| i.element_identifier == item.element_identifier)
                    {
                        items.push(item.clone());
                    }
                }
                None => {
                    let missing = errors.entry(ns);
                    if !missing.iter().any(|(i, _)| i == id) {
                        missing.push((id.clone(), DATA_NOT_RETURNED));
                    }
                }
            }
        }
    }

    let name_spaces = TaggedCbor::new(DeviceNameSpacesMap(device_name_spaces));
    let authenticated = device_authentication_bytes(transcript, &mso.doc_type, &name_spaces);
    let device_auth = match mode {
        DeviceAuthMode::Signature => {
            let alg = SignatureAlgorithm::for_curve(device_key.curve());
            let prepared = PreparedSign1::new(alg, Header::default(), None, Some(&authenticated))?;
            DeviceAuth::Signature(prepared.sign(provider, device_key)?)
        }
        DeviceAuthMode::Mac { e_reader_key } => {
            let (_, reader_public) =
                sec1_from_cose_key(e_reader_key).ok_or(PresentError::ReaderKey)?;
            let key = emac_key(provider, device_key, &reader_public, transcript)
                .map_err(|_| PresentError::ReaderKey)?;
            DeviceAuth::Mac(CoseMac0::create(
                provider,
                key.expose(),
                Header::default(),
                None,
                Some(&authenticated),
            )?)
        }
    };

    Ok(Document {
        doc_type: mso.doc_type.clone(),
        issuer_signed: IssuerSigned {
            name_spaces: (!disclosed.is_empty()).then_some(disclosed),
            issuer_auth: issued.issuer_auth.clone(),
            rest: Vec::new(),
        },
        device_signed: DeviceSigned {
            name_spaces,
            device_auth,
            rest: Vec::new(),
        },
        errors: (!errors.is_empty()).then_some(errors),
        rest: Vec::new(),
    })
}

/// The held item that answers a request for `age_over_<asked>` (ISO 18013-5 13.4.6): the
/// nearest `true` attestation at or above it, else the nearest `false` one at or below it.
fn nearest_held_attestation(
    asked: u8,
    held: &[crate::mso::IssuerSignedItemBytes],
) -> Option<&crate::mso::IssuerSignedItemBytes> {
    let attestations: Vec<(u8, bool, &crate::mso::IssuerSignedItemBytes)> = held
        .iter()
        .filter_map(|item| match item.element_value {
            Value::Bool(value) => Some((parse_age_over(&item.element_identifier)?, value, item)),
            _ => None,
        })
        .collect();
    let nn = nearest_attestation(asked, attestations.iter().map(|&(nn, v, _)| (nn, v)))?;
    attestations
        .into_iter()
        .find(|&(held_nn, _, _)| held_nn == nn)
        .map(|(_, _, item)| item)
}
