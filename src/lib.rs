//! # iso18013
//!
//! ISO/IEC 18013-5 mobile documents (mdoc; the mobile driving licence is one doctype):
//! a strict, bounded data model of every message of issuance and proximity presentation.
//!
//! Everything starts from how bytes from strangers are read: [`cbor`] is the one decoding
//! path, rejecting trailing bytes, duplicate keys, indefinite lengths and anything beyond
//! its [`Limits`](cbor::Limits), and keeping the exact bytes of whatever is later hashed
//! or signed.
//!
//! ```
//! use iso18013::cbor::Decode;
//! use iso18013::response::DeviceResponse;
//!
//! // A DeviceResponse with no documents and status 0 ("OK").
//! let bytes = [0xa2, 0x67, b'v', b'e', b'r', b's', b'i', b'o', b'n', 0x63, b'1', b'.', b'0',
//!              0x66, b's', b't', b'a', b't', b'u', b's', 0x00];
//! let response = DeviceResponse::from_cbor(&bytes)?;
//! assert_eq!(response.status, 0);
//! assert!(DeviceResponse::from_cbor(&bytes[..bytes.len() - 1]).is_err());
//! # Ok::<(), iso18013::cbor::DecodeError>(())
//! ```
//!
//! Modules, bottom up:
//! - [`cbor`]: strict decoder, preferred-serialization encoder, `tdate`/`full-date`,
//!   tag-24 items with their exact bytes, the open [`Value`](cbor::Value) type.
//! - [`cose`]: COSE_Key, headers, COSE_Sign1 and COSE_Mac0 as received.
//! - [`engagement`]: DeviceEngagement, retrieval methods, origin infos, capabilities.
//! - [`session`]: SessionEstablishment, SessionData, SessionTranscript and handovers.
//! - [`request`]: DeviceRequest, ItemsRequest, ReaderAuthentication.
//! - [`mso`]: IssuerSigned, IssuerSignedItem, MobileSecurityObject.
//! - [`response`]: DeviceResponse, Document, DeviceSigned, DeviceAuthentication.
//! - [`doctype`]: typed views of doctype data (the mDL's driving privileges).
//! - [`inspect`]: recognises which structure a byte string holds.
//! - [`transport`]: the sans-I/O BLE core (framing, State, Ident) and an in-memory link.
//! - [`x509`]: certificates, trust anchors, Annex B chain validation and generation.
//! - `qr` (feature `qr`): QR codes of engagement URIs as terminal text,
//!   SVG and PNG.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod cbor;
pub mod cose;
pub mod crypto;
pub mod doctype;
pub mod driver;
pub mod engagement;
pub mod exchange;
pub mod holder;
pub mod inspect;
pub mod issuer;
#[cfg(feature = "json")]
pub mod json;
pub mod mso;
pub mod present;
#[cfg(feature = "qr")]
pub mod qr;
pub mod reader;
pub mod request;
pub mod response;
pub mod session;
pub mod transport;
pub mod verify;
pub mod x509;
