//! # iso18013
//!
//! ISO/IEC 18013-5 mobile documents (mdoc; the mobile driving licence is one doctype):
//! a strict, bounded data model of every message of issuance and proximity presentation,
//! and the three roles that use it: the issuer, the wallet (holder) and the verifier
//! (reader).
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
//! # Issuer service
//!
//! An issuer signs an mdoc with its document signer (DS) key, certified by its root
//! (IACA). The signer may be an HSM: [`Issuer::prepare`](issuer::Issuer::prepare) gives
//! the bytes to sign and [`PreparedMdoc::finish`](issuer::PreparedMdoc::finish) takes the
//! signature.
//!
//! ```
//! use iso18013::cbor::{Encode, TDate, Value};
//! use iso18013::cose::CoseKey;
//! use iso18013::crypto::{EcCurve, SystemRandom, default_provider};
//! use iso18013::doctype::mdl;
//! use iso18013::issuer::{Issuer, MdocBuilder, Validity};
//! use iso18013::x509::generate::{self, CertificateParams};
//!
//! let provider = default_provider();
//! let mut rng = SystemRandom(provider);
//! let at = |t| TDate::parse(t);
//!
//! // The issuing authority's PKI (Annex B profiles); a real one keeps its keys in an HSM.
//! let params = |cn| CertificateParams {
//!     common_name: cn, country: "US", state: None,
//!     not_before: 1_767_225_600, not_after: 1_830_297_600, // 2026-01-01 .. 2028-01-01
//!     issuer_alt_name: Some(generate::AltName::Uri("https://dmv.example")),
//!     crl_distribution_point: Some("https://dmv.example/crl"),
//! };
//! let (iaca_key, ds_key) = (provider.ec_generate(EcCurve::P256, &mut rng)?,
//!                           provider.ec_generate(EcCurve::P256, &mut rng)?);
//! let iaca = generate::iaca(provider, &iaca_key, &params("IACA"), &mut rng)?;
//! let ds = generate::document_signer(provider, &iaca_key, &iaca,
//!     &provider.ec_public_key(&ds_key)?, EcCurve::P256, &params("DS"), &mut rng)?;
//!
//! // The holder's device key, sent by the wallet when it asks for the credential.
//! let device_key = provider.ec_generate(EcCurve::P256, &mut rng)?;
//! let device_public = CoseKey::from_sec1(EcCurve::P256, &provider.ec_public_key(&device_key)?)
//!     .ok_or("not a P-256 point")?;
//!
//! // Device key and validity are required; an mdoc without an element does not compile.
//! let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, device_public,
//!         Validity::new(at("2026-06-01T00:00:00Z")?, at("2026-06-01T00:00:00Z")?,
//!                       at("2027-06-01T00:00:00Z")?))
//!     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
//!     .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
//!     .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
//!
//! // Two-step signing: the bytes go to the HSM, its signature comes back.
//! let issuer = Issuer::new(vec![ds.der().to_vec()]);
//! let prepared = issuer.prepare(mdoc, iso18013::crypto::SignatureAlgorithm::Es256,
//!                               provider, &mut rng)?;
//! let signature = provider.ecdsa_sign(prepared.algorithm(), &ds_key, prepared.to_be_signed())?;
//! let issuer_signed = prepared.finish(signature)?;
//! let for_the_wallet: Vec<u8> = issuer_signed.to_cbor();
//! assert!(!for_the_wallet.is_empty());
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! # Wallet
//!
//! The wallet shows its engagement as a QR code, receives the reader's encrypted request,
//! tells its user who asks for what ([`holder::RequestReceived`]), and answers with only
//! the elements the user agreed to, signed by the device key. The state machines move
//! bytes; a [`driver`] runs them over any transport.
//!
//! ```
//! # use iso18013::cbor::{TDate, Value};
//! # use iso18013::cose::CoseKey;
//! # use iso18013::crypto::{EcCurve, SystemRandom, default_provider};
//! # use iso18013::doctype::mdl;
//! # use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
//! # use iso18013::x509::{TrustStore, generate::{self, CertificateParams}};
//! use iso18013::holder::{Consent, DeviceAuthChoice, HolderEngagement, WalletDocument};
//! use iso18013::reader::Reader;
//! use iso18013::request::ItemsRequest;
//! use iso18013::verify::{Answer, ElementOutcome, Policy};
//! # let provider = default_provider();
//! # let mut rng = SystemRandom(provider);
//! # let params = |cn| CertificateParams { common_name: cn, country: "US", state: None,
//! #     not_before: 1_767_225_600, not_after: 1_830_297_600, issuer_alt_name: None,
//! #     crl_distribution_point: None };
//! # let (iaca_key, ds_key) = (provider.ec_generate(EcCurve::P256, &mut rng)?,
//! #                           provider.ec_generate(EcCurve::P256, &mut rng)?);
//! # let iaca = generate::iaca(provider, &iaca_key, &params("IACA"), &mut rng)?;
//! # let ds = generate::document_signer(provider, &iaca_key, &iaca,
//! #     &provider.ec_public_key(&ds_key)?, EcCurve::P256, &params("DS"), &mut rng)?;
//! # let device_key = provider.ec_generate(EcCurve::P256, &mut rng)?;
//! # let at = |t| TDate::parse(t);
//! # let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE,
//! #         CoseKey::from_sec1(EcCurve::P256, &provider.ec_public_key(&device_key)?).unwrap(),
//! #         Validity::new(at("2026-06-01T00:00:00Z")?, at("2026-06-01T00:00:00Z")?,
//! #                       at("2027-06-01T00:00:00Z")?))
//! #     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
//! #     .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
//! # let issued = Issuer::new(vec![ds.der().to_vec()])
//! #     .issue(mdoc, provider, &KeySigner::new(provider, ds_key), &mut rng)?;
//! # let mut iacas = TrustStore::new();
//! # iacas.add_iaca(iaca);
//! let now = 1_790_000_000; // 2026-09-21
//! let policy = Policy::new(provider);
//! let wallet = vec![WalletDocument { issued, device_key }];
//!
//! // The holder's engagement (no BLE methods here: the bytes move in memory).
//! let holder = HolderEngagement::new(provider, Vec::new(), &mut rng)?;
//! let qr_text = holder.uri();
//!
//! // A reader scans it and asks for two elements (its side is the verifier's example).
//! let reader = Reader::new(iacas, policy.clone());
//! let ask = ItemsRequest {
//!     doc_type: mdl::DOC_TYPE.into(),
//!     name_spaces: (mdl::NAME_SPACE.into(),
//!                   vec![("family_name".into(), false), ("age_over_18".into(), false)]).into(),
//!     request_info: None,
//!     rest: Vec::new(),
//! };
//! let (awaiting, establishment) = reader.scan(&qr_text)?.request(vec![ask], &mut rng)?;
//!
//! // The wallet decrypts the request and asks its user; the user agrees to age_over_18 only.
//! let received = holder.accept(&establishment, &TrustStore::new(), &policy, now)?;
//! assert_eq!(received.requested()[0].doc_type, mdl::DOC_TYPE);
//! let consent = [Consent {
//!     doc_type: mdl::DOC_TYPE.into(),
//!     elements: (mdl::NAME_SPACE.into(), vec!["age_over_18".into()]).into(),
//! }];
//! let (_more, reply) = received.respond(&consent, &wallet, DeviceAuthChoice::Signature)?;
//!
//! // The reader verifies what it got and compares it with what it asked: authentic, but
//! // incomplete, since family_name was not given.
//! let (answer, _) = awaiting.receive(&reply, now)?;
//! let Answer::Incomplete { response, comparison } = answer else {
//!     return Err("the holder was asked for family_name and did not give it".into());
//! };
//! let asked = &comparison.requests[0].documents[0].elements;
//! assert_eq!(asked[0].outcome, ElementOutcome::Absent); // family_name
//! let document = &response.documents()[0];
//! assert_eq!(document.element(mdl::NAME_SPACE, "age_over_18"), Some(&Value::Bool(true)));
//! assert_eq!(document.element(mdl::NAME_SPACE, "family_name"), None);
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```
//!
//! # Verifier
//!
//! A verifier service checks a `DeviceResponse` (received in person or online) against
//! the IACAs it trusts and the session transcript: every check the standard requires, and
//! a [`VerifiedResponse`](verify::VerifiedResponse) only verification can build. A
//! [`Verifier`](verify::Verifier) keeps validated document-signer chains for the next
//! response; each failure is a typed [`VerifyErrorKind`](verify::VerifyErrorKind).
//!
//! ```
//! use iso18013::cbor::Decode;
//! use iso18013::session::SessionTranscript;
//! use iso18013::verify::{Policy, ReaderSession, ValidityError, Verifier, VerifyErrorKind};
//! use iso18013::x509::TrustStore;
//!
//! // A response made by another implementation (isomdl), with its IACA and transcript.
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop/isomdl");
//! let read = |name: &str| std::fs::read(format!("{dir}/{name}"));
//! let trust = TrustStore::from_iaca_pem(&String::from_utf8(read("iaca.cert.pem")?)?)?;
//! let transcript = SessionTranscript::from_cbor(&read("session_transcript.qr.cbor")?)?;
//! let response = read("device_response.qr.cbor")?;
//!
//! let verifier = Verifier::new(trust, Policy::default());
//! let session = ReaderSession::new(&transcript);
//! let verified = verifier.verify(&response, &session, 1_796_083_200)?; // 2026-12-01
//! let document = &verified.documents()[0];
//! assert_eq!(document.doc_type(), "org.iso.18013.5.1.mDL");
//! for (name_space, elements) in document.issuer_signed() {
//!     for (identifier, _value) in elements {
//!         println!("{name_space} {identifier}: signed by {:?}", document.chain().leaf().subject_country());
//!     }
//! }
//!
//! // Twenty years later the same bytes are rejected, and the error says why.
//! let error = verifier.verify(&response, &session, 2_427_235_200).unwrap_err();
//! assert!(matches!(error.kind,
//!     VerifyErrorKind::Validity(ValidityError::Expired) | VerifyErrorKind::Untrusted(_)));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules, bottom up
//!
//! Data: [`cbor`] (strict decoder, preferred-serialization encoder, `tdate`/`full-date`,
//! tag-24 items with their exact bytes, the open [`Value`](cbor::Value), the per-namespace
//! map [`NameSpaces`](cbor::NameSpaces), declared map codecs); [`cose`] (COSE_Key and its SEC1 points, headers, COSE_Sign1 and COSE_Mac0 as
//! received); [`crypto`] (the [`CryptoProvider`](crypto::CryptoProvider) trait, the
//! `rustcrypto` and `aws-lc` backends; secrets zeroize); [`mso`] (IssuerSigned, the MSO);
//! [`doctype`] (descriptors of doctypes and their [`Registry`](doctype::Registry): element
//! tables, constraints, the checks verification runs; the mDL in [`doctype::mdl`]).
//!
//! Trust: [`x509`] (certificates, trust anchors, Annex B chain validation and generation,
//! the trust cache).
//!
//! Protocol: [`engagement`] (DeviceEngagement, retrieval methods, the `mdoc:` URI),
//! [`session`] (SessionEstablishment, SessionData, SessionTranscript and handovers, the
//! transcript key derivation, session encryption), [`request`] (DeviceRequest and reader
//! authentication), [`response`] (DeviceResponse, DeviceSigned, device authentication).
//!
//! Roles: [`issuer`] (building and signing an mdoc, in one or two steps), [`present`]
//! (selective disclosure, device signature or MAC), [`verify`] (verifying a response or a
//! reader; errors grouped by fault), [`holder`] and [`reader`] (sans-I/O state machines of
//! proximity presentation), [`exchange`] (what the two share: `ExchangeError`,
//! `MessageKind`, the status sent to the peer).
//!
//! Drivers and transports: [`driver`] (a whole holder or reader session over any
//! [`MessageChannel`](driver::channel::MessageChannel)), [`transport`] (the BLE core, the
//! in-memory BLE link and message channel; `transport::ble_central` with the `ble`
//! feature).
//!
//! Tools: [`inspect`] (which structure a byte string holds), `json` (feature `json`: JSON
//! views with the `mdoc` command's conventions), `qr` (feature `qr`: QR codes of
//! engagement URIs as terminal text, SVG and PNG).
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
#[cfg(feature = "serde")]
mod serde_model;
pub mod session;
#[cfg(feature = "std")]
pub mod testing;
pub mod transport;
pub mod verify;
pub mod x509;

#[cfg(feature = "std")]
mod clock;
#[cfg(feature = "std")]
pub use clock::now;
