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
//! (IACA). The signer may be an HSM or a cloud KMS: [`Issuer::prepare`](issuer::Issuer::prepare)
//! gives the bytes to sign and [`PreparedMdoc::finish`](issuer::PreparedMdoc::finish) takes
//! the signature back (raw or DER), refusing one that the DS certificate's key did not
//! make.
//!
//! ```
//! use iso18013::cbor::{Encode, TDate, Value};
//! use iso18013::crypto::{SignatureAlgorithm, SystemRandom, default_provider};
//! use iso18013::doctype::{Registry, mdl};
//! use iso18013::issuer::{Issuer, MdocBuilder, Validity};
//! use iso18013::testing::TestPki;
//!
//! let provider = default_provider();
//! let mut rng = SystemRandom(provider);
//! let at = |t| TDate::parse(t);
//!
//! // A test PKI (Annex B profiles) valid from 2026-05-27; a real issuer loads its DS
//! // certificate with Issuer::from_pem and keeps the key in its HSM.
//! let pki = TestPki::generate(provider, 1_780_000_000)?;
//! // The issuer holds claims to the doctype's table. This sketch issues three of the
//! // mDL's elements, so it lifts the mandatory rule; a real mDL has all eleven.
//! let issuer = Issuer::from_certificates(&[pki.ds.clone()])?
//!     .with_doctypes(Registry::builtin().all_optional());
//!
//! // The holder's device key (sent by the wallet) and the validity are required; an mdoc
//! // without an element does not compile.
//! let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, pki.device_key.public_cose_key()?,
//!         Validity::new(at("2026-06-01T00:00:00Z")?, at("2026-06-01T00:00:00Z")?,
//!                       at("2027-06-01T00:00:00Z")?))
//!     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
//!     .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
//!     .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
//!
//! // Two-step signing: the bytes go to the HSM, its signature comes back and is checked.
//! let prepared = issuer.prepare(mdoc, SignatureAlgorithm::Es256, provider, &mut rng)?;
//! let signature = provider.ecdsa_sign(prepared.algorithm(), &pki.ds_key, prepared.to_be_signed())?;
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
//! # use iso18013::crypto::{SystemRandom, default_provider};
//! # use iso18013::doctype::{Registry, mdl};
//! # use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
//! # use iso18013::testing::TestPki;
//! # use iso18013::x509::TrustStore;
//! use iso18013::holder::{Consent, DeviceAuthChoice, HolderEngagement, WalletDocument};
//! use iso18013::present::Selection;
//! use iso18013::reader::Reader;
//! use iso18013::request::ItemsRequest;
//! use iso18013::verify::{Answer, ElementOutcome, Policy};
//! # let provider = default_provider();
//! # let mut rng = SystemRandom(provider);
//! # let pki = TestPki::generate(provider, 1_780_000_000)?;
//! # let at = |t| TDate::parse(t);
//! # let mdoc = MdocBuilder::with_required(mdl::DOC_TYPE, pki.device_key.public_cose_key()?,
//! #         Validity::new(at("2026-06-01T00:00:00Z")?, at("2026-06-01T00:00:00Z")?,
//! #                       at("2027-06-01T00:00:00Z")?))
//! #     .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
//! #     .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
//! # let issued = Issuer::from_certificates(&[pki.ds.clone()])?
//! #     .with_doctypes(Registry::builtin().all_optional())
//! #     .issue(mdoc, provider, &KeySigner::new(provider, pki.ds_key.clone()), &mut rng)?;
//! let now = 1_790_000_000; // 2026-09-21
//! let policy = Policy::new(provider);
//! let wallet = vec![WalletDocument { issued, device_key: pki.device_key.clone() }];
//!
//! // The holder's engagement (no BLE methods here: the bytes move in memory).
//! let holder = HolderEngagement::new(provider, Vec::new(), &mut rng)?;
//! let qr_text = holder.uri();
//!
//! // A reader scans it and asks for two elements (its side is the verifier's example).
//! let reader = Reader::new(pki.trust_store(), policy.clone());
//! let ask = ItemsRequest::new(mdl::DOC_TYPE).elements(mdl::NAME_SPACE, ["family_name", "age_over_18"]);
//! let (awaiting, establishment) = reader.scan(&qr_text)?.request(vec![ask], &mut rng)?;
//!
//! // The wallet decrypts the request and asks its user; the user agrees to age_over_18 only.
//! let received = holder.accept(&establishment, &TrustStore::new(), &policy, now)?;
//! assert_eq!(received.requested()[0].doc_type, mdl::DOC_TYPE);
//! let consent = [Consent {
//!     doc_type: mdl::DOC_TYPE.into(),
//!     elements: Selection::from_elements([(mdl::NAME_SPACE, "age_over_18")]),
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
//! the request it answers, the IACAs it trusts and the session transcript: every check the
//! standard requires, then the comparison with the request. The answer is
//! [`Complete`](verify::Answer::Complete) or authentic but
//! [`Incomplete`](verify::Answer::Incomplete), never confused; a
//! [`VerifiedResponse`](verify::VerifiedResponse) only verification can build. A
//! [`Verifier`](verify::Verifier) keeps validated document-signer chains for the next
//! response; each failure is a typed [`VerifyErrorKind`](verify::VerifyErrorKind).
//!
//! ```
//! use iso18013::cbor::Decode;
//! use iso18013::request::DeviceRequest;
//! use iso18013::session::SessionTranscript;
//! use iso18013::verify::{Answer, Policy, ReaderSession, UntrustedError, Verifier, VerifyErrorKind};
//! use iso18013::x509::{ChainError, TrustStore};
//!
//! // A request and its response made by another implementation (isomdl), with its IACA
//! // and the session transcript.
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop/isomdl");
//! let read = |name: &str| std::fs::read(format!("{dir}/{name}"));
//! let trust = TrustStore::from_iaca_pem(&String::from_utf8(read("iaca.cert.pem")?)?)?;
//! let transcript = SessionTranscript::from_cbor(&read("session_transcript.qr.cbor")?)?;
//! let request = DeviceRequest::from_cbor(&read("device_request.cbor")?)?;
//! let response = read("device_response.qr.cbor")?;
//!
//! let verifier = Verifier::new(trust, Policy::default());
//! let session = ReaderSession::new(&transcript);
//! let now = 1_796_083_200; // 2026-12-01; a service passes iso18013::now()
//! let answer = verifier.verify_answer(&request, &response, &session, now)?;
//! let Answer::Complete { response: verified, .. } = answer else {
//!     return Err("authentic, but not everything asked was returned".into());
//! };
//! let document = &verified.documents()[0];
//! assert_eq!(document.doc_type(), "org.iso.18013.5.1.mDL");
//! for (name_space, elements) in document.issuer_signed() {
//!     for (identifier, _value) in elements {
//!         println!("{name_space} {identifier}: signed by {:?}", document.chain().leaf().subject_country());
//!     }
//! }
//!
//! // Twenty years later the same bytes are rejected, and the error says why: the document
//! // signer's certificate has expired (certificates are checked before the MSO's dates).
//! let error = verifier.verify(&response, &session, 2_427_235_200).unwrap_err();
//! assert!(matches!(error.kind,
//!     VerifyErrorKind::Untrusted(UntrustedError::Chain(ChainError::Expired { .. }))));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Revocation and trust lists
//!
//! An issuer gives each mdoc an index in a status list ([`status::IndexAllocator`]),
//! names the list in the MSO's `status`, and publishes the list as a signed token
//! ([`status::ListSigner`], in one step or two like the MSO). A verifier given a
//! [`StatusResolver`](status::StatusResolver) by
//! [`Verifier::with_status_resolver`](verify::Verifier::with_status_resolver) checks
//! each document's status last, after every other check: the list is verified under the
//! MSO's `certificate`, else the IACA that anchors the document signer, and kept in a
//! [`ListCache`](status::ListCache) until its `ttl` or `exp`. Revoked and suspended
//! documents are rejected ([`StatusError`](verify::StatusError)); what a missing,
//! unavailable or stale status means is [`Policy::status`](verify::Policy::status), per
//! doctype, and [`VerifiedDocument::status_check`](verify::VerifiedDocument::status_check)
//! says what was found. The IACAs themselves can come from a VICAL ([`vical`]), each
//! trusted only for the docTypes the list gives it. The core takes bytes; the `fetch`
//! feature adds an HTTPS client that implements the resolver, and a loopback server for
//! issuers.
//!
//! # Modules, bottom up
//!
//! Data: [`cbor`] (strict decoder, preferred-serialization encoder, `tdate`/`full-date`,
//! tag-24 items with their exact bytes, the open [`Value`](cbor::Value), the per-namespace
//! map [`NameSpaces`](cbor::NameSpaces), declared map codecs); [`cose`] (COSE_Key and its SEC1 points, headers, COSE_Sign1 and COSE_Mac0 as
//! received); [`crypto`] (the [`CryptoProvider`](crypto::CryptoProvider) trait, the
//! `rustcrypto` and `aws-lc` backends; secrets zeroize); [`mso`] (IssuerSigned, the MSO);
//! [`doctype`] (descriptors of doctypes and their [`Registry`](doctype::Registry): element
//! tables, constraints, closed namespaces, older forms, the checks verification runs; the
//! mDL in [`doctype::mdl`] and [`doctype::aamva`], ISO/IEC 23220 PhotoID in
//! [`doctype::photoid`], the EU PID in [`doctype::pid`], age attestations in
//! [`doctype::age`]); [`portrait`] (which metadata an image carries; with the `portrait`
//! feature, decoding and stripping an upload); [`emrtd`] (the ICAO data groups' structure).
//!
//! Trust: [`x509`] (certificates, trust anchors, Annex B chain validation and generation,
//! the trust cache); [`status`] (status lists of 1, 2, 4 or 8 bits and identifier lists of
//! ISO 18013-5 2nd edition 12.3.6, the IETF Token Status List in CWT form: zlib with
//! bounded decompression, index allocation, signing in one or two steps, verification
//! under the MSO's trust point with the Annex B.1.7 signer profile, the
//! [`StatusResolver`](status::StatusResolver) trait, the list cache); [`vical`] (VICAL,
//! Annex C, and RICAL, Annex F: strict decoding, signing, verification against the
//! provider's root, the rollback check, trust stores scoped by docType; deviations of
//! published lists accepted with findings).
//!
//! Protocol: [`engagement`] (DeviceEngagement, retrieval methods, the `mdoc:` URI),
//! [`session`] (SessionEstablishment, SessionData, SessionTranscript and handovers, the
//! transcript key derivation, session encryption), [`request`] (DeviceRequest and reader
//! authentication), [`response`] (DeviceResponse, DeviceSigned, device authentication).
//!
//! Roles: [`issuer`] (building and signing an mdoc, in one or two steps; a signature is
//! checked against the document signer's certificate, raw or DER), [`present`]
//! (selective disclosure, device signature or MAC), [`verify`] (verifying a response, with
//! its documents' revocation status, or a reader; errors grouped by fault; the
//! [`Answer`](verify::Answer) comparing a response with its request), [`holder`] and [`reader`] (sans-I/O state machines of
//! proximity presentation), [`exchange`] (what the two share: `ExchangeError`,
//! `MessageKind`, the status sent to the peer).
//!
//! Drivers and transports: [`driver`] (a whole holder or reader session over any
//! [`MessageChannel`](driver::channel::MessageChannel)), [`transport`] (the BLE core, the
//! in-memory BLE link and message channel; `transport::ble_central` with the `ble`
//! feature).
//!
//! I/O: `fetch` (feature `fetch`: a blocking HTTPS client, ureq on rustls, for status
//! list tokens, identifier list tokens and VICALs, with timeouts, a size limit, bounded
//! redirects, content types checked and HTTPS only unless
//! `FetchConfig::dangerous_allow_http`; `Fetcher` is a `StatusResolver`; `Publication`
//! and the loopback `StatusServer` for issuers).
//!
//! Tools: [`inspect`] (which structure a byte string holds), `serde` (feature: `Serialize`
//! on the data model and the verified output, one unambiguous JSON form per CBOR value),
//! `json` (feature `json`, built on it: the `mdoc` command's JSON), `qr` (feature `qr`: QR
//! codes of engagement URIs as terminal text, SVG and PNG), `testing` (with `std`: a
//! one-call Annex B test PKI, [`testing::TestPki`]) and `now()` (with `std`).
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
pub mod emrtd;
pub mod engagement;
pub mod exchange;
#[cfg(feature = "fetch")]
pub mod fetch;
pub mod holder;
pub mod inspect;
pub mod issuer;
#[cfg(feature = "json")]
pub mod json;
pub mod mso;
pub mod portrait;
pub mod present;
#[cfg(feature = "qr")]
pub mod qr;
pub mod reader;
pub mod request;
pub mod response;
#[cfg(feature = "serde")]
mod serde_model;
pub mod session;
pub mod status;
#[cfg(feature = "std")]
pub mod testing;
pub mod transport;
pub mod verify;
pub mod vical;
pub mod x509;

#[cfg(feature = "std")]
mod clock;
#[cfg(feature = "std")]
pub use clock::now;
