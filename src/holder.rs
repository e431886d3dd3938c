//! The holder (wallet) side of proximity presentation, as a sans-I/O state machine: show
//! an engagement, receive the reader's encrypted request (verifying its reader
//! authentication, if any), respond with what the holder consents to, take further
//! requests, and end the session. Bytes in, bytes out; any transport carries them.
//!
//! ```text
//! HolderEngagement --accept()--> RequestReceived --respond()--> AwaitingRequest
//!                                      ^                              |
//!                                      +-------- receive() -----------+--> Ended
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::{Decode, Encode, NameSpaces, TaggedCbor};
use crate::cose::CoseKey;
use crate::cose::{cose_key_from_sec1, sec1_from_cose_key};
use crate::crypto::{CryptoProvider, EcCurve, EcPrivateKey, RandomSource};
use crate::engagement::{
    DeviceEngagement, DeviceEngagementBytes, DeviceRetrievalMethod, Security, device_engagement_uri,
};
use crate::exchange::{
    ExchangeError, MessageKind, check_status, data_message, decode_message, decode_session_data,
    status_message,
};
use crate::mso::IssuerSigned;
use crate::present::{DeviceAuthMode, Selection, present_document};
use crate::request::{DataElements, DeviceRequest};
use crate::response::{DeviceResponse, DocumentError};
use crate::session::{
    Handover, SessionEncryption, SessionEstablishment, SessionKeys, SessionRole, SessionStatus,
    SessionTranscript,
};
use crate::verify::{Policy, ReaderAuthError, VerifiedReader, verify_reader_auth};
use crate::x509::TrustStore;

/// Error code for a requested document the holder does not return (`DocumentError`).
pub const DOCUMENT_NOT_RETURNED: i64 = 0;

/// A document in the wallet: what the issuer signed, and the device key bound to it.
#[derive(Clone, Debug)]
pub struct WalletDocument {
    /// The issuer's `IssuerSigned`.
    pub issued: IssuerSigned,
    /// The device private key whose public key the MSO holds.
    pub device_key: EcPrivateKey,
}

/// How the holder authenticates its responses: signature or MAC, the one
/// [`DeviceAuthKind`](crate::response::DeviceAuthKind) (this name is kept for existing code).
pub type DeviceAuthChoice = crate::response::DeviceAuthKind;

/// Who asked, as far as the holder can tell.
#[derive(Clone, Debug)]
pub enum ReaderIdentity {
    /// `readerAuth` verified under one of the holder's reader roots.
    Verified(alloc::boxed::Box<VerifiedReader>),
    /// The request carried no `readerAuth`.
    Unauthenticated,
    /// `readerAuth` was present but did not verify (the consent step decides).
    Failed(ReaderAuthError),
}

/// One document the reader asks for.
#[derive(Clone, Debug)]
pub struct RequestedDocument {
    /// The document type.
    pub doc_type: String,
    /// Per namespace, the elements with their intent to retain.
    pub elements: NameSpaces<DataElements>,
    /// Who asked.
    pub reader: ReaderIdentity,
}

/// The holder's answer to one requested document: which of the requested elements to
/// disclose.
#[derive(Clone, Debug)]
pub struct Consent {
    /// The document type consented to.
    pub doc_type: String,
    /// The elements to disclose; only elements that were requested are ever disclosed.
    pub elements: Selection,
}

/// The holder's engagement: its ephemeral key and the `DeviceEngagement` it shows.
#[derive(Debug)]
pub struct HolderEngagement {
    provider: &'static dyn CryptoProvider,
    e_device_key: EcPrivateKey,
    engagement: DeviceEngagementBytes,
}

impl HolderEngagement {
    /// A new engagement (version "1.0", cipher suite 1) with a fresh P-256 ephemeral key,
    /// offering `methods` (e.g. BLE in either or both modes).
    ///
    /// # Errors
    /// When key generation fails.
    pub fn new(
        provider: &'static dyn CryptoProvider,
        methods: Vec<DeviceRetrievalMethod>,
        rng: &mut dyn RandomSource,
    ) -> Result<Self, ExchangeError> {
        let e_device_key = provider.ec_generate(EcCurve::P256, rng)?;
        let public = provider.ec_public_key(&e_device_key)?;
        let key: CoseKey = cose_key_from_sec1(EcCurve::P256, &public)
            .ok_or(ExchangeError::Engagement("device key"))?;
        let engagement = TaggedCbor::new(DeviceEngagement {
            version: String::from("1.0"),
            security: Security {
                cipher_suite: 1,
                e_device_key: TaggedCbor::new(key),
            },
            device_retrieval_methods: (!methods.is_empty()).then_some(methods),
            server_retrieval_methods: None,
            protocol_info: None,
            origin_infos: None,
            capabilities: None,
            rest: Vec::new(),
        });
        Ok(Self {
            provider,
            e_device_key,
            engagement,
        })
    }

    /// The engagement shown.
    pub fn engagement(&self) -> &DeviceEngagementBytes {
        &self.engagement
    }

    /// The `mdoc:` URI for the QR code.
    pub fn uri(&self) -> String {
        device_engagement_uri(&self.engagement)
    }

    /// Receives the reader's `SessionEstablishment` (QR engagement): derives the session
    /// keys, decrypts the `DeviceRequest`, and verifies each document request's
    /// `readerAuth` against `reader_roots`.
    ///
    /// # Errors
    /// [`ExchangeError`]: the wrong message, malformed bytes, or decryption failure.
    pub fn accept(
        self,
        session_establishment: &[u8],
        reader_roots: &TrustStore,
        policy: &Policy,
        now: i64,
    ) -> Result<RequestReceived, ExchangeError> {
        self.accept_with_handover(
            session_establishment,
            Handover::Qr,
            reader_roots,
            policy,
            now,
        )
    }

    /// As [`accept`](Self::accept), for an engagement handed over otherwise (NFC).
    ///
    /// # Errors
    /// As [`accept`](Self::accept).
    pub fn accept_with_handover(
        self,
        session_establishment: &[u8],
        handover: Handover,
        reader_roots: &TrustStore,
        policy: &Policy,
        now: i64,
    ) -> Result<RequestReceived, ExchangeError> {
        let establishment: SessionEstablishment =
            decode_message(session_establishment, MessageKind::SessionEstablishment)?;
        let (_, reader_public) = sec1_from_cose_key(establishment.e_reader_key.value()).ok_or(
            ExchangeError::Engagement("EReaderKey is not an EC2 key on a NIST curve"),
        )?;
        let transcript = SessionTranscript::new(
            Some(self.engagement),
            Some(establishment.e_reader_key.clone()),
            handover,
        );
        let keys = SessionKeys::derive(
            self.provider,
            &self.e_device_key,
            &reader_public,
            &transcript,
        )?;
        let mut session = HolderSession {
            provider: self.provider,
            encryption: SessionEncryption::new(SessionRole::Mdoc, keys),
            transcript,
            e_reader_key: establishment.e_reader_key.value().clone(),
        };
        let plaintext = session
            .encryption
            .decrypt(self.provider, &establishment.data)?;
        session.read_request(&plaintext, reader_roots, policy, now)
    }
}

/// The keys and transcript of an established session.
#[derive(Debug)]
struct HolderSession {
    provider: &'static dyn CryptoProvider,
    encryption: SessionEncryption,
    transcript: SessionTranscript,
    e_reader_key: CoseKey,
}

impl HolderSession {
    fn read_request(
        self,
        plaintext: &[u8],
        reader_roots: &TrustStore,
        policy: &Policy,
        now: i64,
    ) -> Result<RequestReceived, ExchangeError> {
        let request = DeviceRequest::from_cbor(plaintext).map_err(ExchangeError::Decode)?;
        let documents = request
            .doc_requests
            .iter()
            .map(|doc| RequestedDocument {
                doc_type: doc.items_request.doc_type.clone(),
                elements: doc.items_request.name_spaces.clone(),
                reader: match verify_reader_auth(doc, &self.transcript, reader_roots, policy, now) {
                    Ok(verified) => ReaderIdentity::Verified(alloc::boxed::Box::new(verified)),
                    Err(ReaderAuthError::Missing) => ReaderIdentity::Unauthenticated,
                    Err(other) => ReaderIdentity::Failed(other),
                },
            })
            .collect();
        Ok(RequestReceived {
            session: self,
            documents,
        })
    }
}

/// A request has arrived and awaits the holder's consent.
#[derive(Debug)]
pub struct RequestReceived {
    session: HolderSession,
    documents: Vec<RequestedDocument>,
}

impl RequestReceived {
    /// What the reader asks for, per document, with who asked.
    pub fn requested(&self) -> &[RequestedDocument] {
        &self.documents
    }

    /// The session transcript both sides hold.
    pub fn transcript(&self) -> &SessionTranscript {
        &self.session.transcript
    }

    /// Responds with the consented elements of the wallet's documents (never an element
    /// the reader did not request), authenticated as `auth` chooses. Requested documents
    /// without consent or not in the wallet are reported in `documentErrors`.
    ///
    /// # Errors
    /// When a response cannot be built or encrypted.
    pub fn respond(
        mut self,
        consent: &[Consent],
        wallet: &[WalletDocument],
        auth: DeviceAuthChoice,
    ) -> Result<(AwaitingRequest, Vec<u8>), ExchangeError> {
        let mut documents = Vec::new();
        let mut errors: Vec<DocumentError> = Vec::new();
        for requested in &self.documents {
            let agreed = consent.iter().find(|c| c.doc_type == requested.doc_type);
            let held = wallet
                .iter()
                .find(|w| w.issued.issuer_auth.mso().doc_type == requested.doc_type);
            let (Some(agreed), Some(held)) = (agreed, held) else {
                errors.push(alloc::vec![(
                    requested.doc_type.clone(),
                    DOCUMENT_NOT_RETURNED
                )]);
                continue;
            };
            let selection = within_request(&agreed.elements, &requested.elements);
            let mode = match auth {
                DeviceAuthChoice::Signature => DeviceAuthMode::Signature,
                DeviceAuthChoice::Mac => DeviceAuthMode::Mac {
                    e_reader_key: &self.session.e_reader_key,
                },
            };
            documents.push(present_document(
                &held.issued,
                &selection,
                &held.device_key,
                NameSpaces::new(),
                &self.session.transcript,
                mode,
                self.session.provider,
            )?);
        }
        let response = DeviceResponse {
            version: String::from("1.0"),
            documents: (!documents.is_empty()).then_some(documents),
            document_errors: (!errors.is_empty()).then_some(errors),
            status: 0,
            rest: Vec::new(),
        };
        let data = self
            .session
            .encryption
            .encrypt(self.session.provider, &response.to_cbor())?;
        Ok((
            AwaitingRequest {
                session: self.session,
            },
            data_message(data),
        ))
    }

    /// Declines and ends the session: the `SessionData` (status 20) to send.
    pub fn terminate(self) -> Vec<u8> {
        status_message(SessionStatus::Termination)
    }
}

/// The consented elements that were also requested.
fn within_request(consented: &Selection, requested: &NameSpaces<DataElements>) -> Selection {
    consented.filter_map(|ns, ids| {
        let asked = requested.get(ns)?;
        let ids: Vec<String> = ids
            .iter()
            .filter(|id| asked.iter().any(|(a, _)| a == *id))
            .cloned()
            .collect();
        (!ids.is_empty()).then_some(ids)
    })
}

/// A response was sent; the reader may send another request or end the session.
#[derive(Debug)]
pub struct AwaitingRequest {
    session: HolderSession,
}

/// What came after a response.
#[derive(Debug)]
pub enum Next {
    /// Another request on the same session.
    Request(alloc::boxed::Box<RequestReceived>),
    /// The reader ended the session (status 20).
    Ended,
}

impl AwaitingRequest {
    /// Receives the reader's next `SessionData`: a further request, or termination.
    ///
    /// # Errors
    /// [`ExchangeError`]: the wrong message, a status 10 or 11, or decryption failure.
    pub fn receive(
        mut self,
        session_data: &[u8],
        reader_roots: &TrustStore,
        policy: &Policy,
        now: i64,
    ) -> Result<Next, ExchangeError> {
        let message = decode_session_data(session_data)?;
        // Status 20 ends the session even with data beside it: the transport closes on it,
        // so a request that came along could not be answered.
        if message.status == Some(SessionStatus::Termination.code()) {
            return Ok(Next::Ended);
        }
        check_status(&message)?;
        let ciphertext = message.data.as_deref().ok_or(ExchangeError::Terminated)?;
        let plaintext = self
            .session
            .encryption
            .decrypt(self.session.provider, ciphertext)?;
        self.session
            .read_request(&plaintext, reader_roots, policy, now)
            .map(|received| Next::Request(alloc::boxed::Box::new(received)))
    }

    /// Ends the session: the `SessionData` (status 20) to send.
    pub fn terminate(self) -> Vec<u8> {
        status_message(SessionStatus::Termination)
    }
}
