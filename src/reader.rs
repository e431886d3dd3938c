//! The reader (verifier) side of proximity presentation, as a sans-I/O state machine:
//! scan the holder's QR code, send an encrypted (optionally reader-authenticated)
//! request, receive and verify the response, and end the session. Bytes in, bytes out;
//! any transport carries them.
//!
//! ```text
//! Reader::scan(uri) -> Engaged --request()--> AwaitingResponse --receive()--> Responded
//!                                   ^                                            |
//!                                   +-------------- request_more() --------------+
//! ```

use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::cbor::{Encode, TaggedCbor};
use crate::cose::{cose_key_from_sec1, sec1_from_cose_key};
use crate::crypto::{CryptoProvider, EcPrivateKey, RandomSource};
use crate::engagement::{
    BleChoice, BleMode, DeviceEngagement, DeviceEngagementBytes, DeviceRetrievalMethod,
    parse_device_engagement_uri,
};
use crate::exchange::{
    ExchangeError, check_status, data_message, decode_session_data, status_message,
};
use crate::request::{DeviceRequest, DocRequest, ItemsRequest, sign_reader_auth};
use crate::session::{
    Handover, SessionEncryption, SessionEstablishment, SessionKeys, SessionRole, SessionStatus,
    SessionTranscript,
};
use crate::verify::{Answer, Comparison, Policy, ReaderSession, Verifier};
use crate::x509::TrustStore;

/// The reader's certificate and key, for signing `readerAuth`.
#[derive(Clone, Debug)]
pub struct ReaderAuthentication {
    key: EcPrivateKey,
    chain: Vec<Vec<u8>>,
}

impl ReaderAuthentication {
    /// Signs with `key`; `chain` is the reader certificate chain (DER, leaf first, without
    /// the reader root).
    pub fn new(key: EcPrivateKey, chain: Vec<Vec<u8>>) -> Self {
        Self { key, chain }
    }
}

/// A verifier in a proximity session: its [`Verifier`] (whom it trusts, what it accepts,
/// and, with the `std` feature, the [`TrustCache`](crate::x509::TrustCache) of validated
/// document-signer chains, shared by its clones and by whoever else holds the verifier)
/// and how it authenticates itself.
#[derive(Clone, Debug)]
pub struct Reader {
    verifier: Arc<Verifier>,
    auth: Option<ReaderAuthentication>,
}

impl Reader {
    /// A reader trusting the IACAs of `trust`, under `policy`.
    pub fn new(trust: TrustStore, policy: Policy) -> Self {
        Self::from_verifier(Arc::new(Verifier::new(trust, policy)))
    }

    /// A reader verifying with `verifier` (shared, e.g. with a service's other readers).
    pub fn from_verifier(verifier: Arc<Verifier>) -> Self {
        Self {
            verifier,
            auth: None,
        }
    }

    /// The verifier: trust store, policy and cache.
    pub fn verifier(&self) -> &Arc<Verifier> {
        &self.verifier
    }

    /// The cache of validated document-signer chains (shared by clones).
    #[cfg(feature = "std")]
    pub fn cache(&self) -> &crate::x509::TrustCache {
        self.verifier.cache()
    }

    /// Signs every request with `auth` (reader authentication).
    #[must_use]
    pub fn with_reader_authentication(mut self, auth: ReaderAuthentication) -> Self {
        self.auth = Some(auth);
        self
    }

    fn provider(&self) -> &'static dyn CryptoProvider {
        self.verifier.policy().provider
    }

    /// The `DeviceRequest` for `requests`, each signed over `transcript` when reader
    /// authentication is configured.
    fn device_request(
        &self,
        transcript: &SessionTranscript,
        requests: Vec<ItemsRequest>,
    ) -> Result<Vec<u8>, ExchangeError> {
        let provider = self.provider();
        let mut doc_requests = Vec::new();
        for items in requests {
            let items_request = TaggedCbor::new(items);
            let reader_auth = match &self.auth {
                Some(auth) => Some(
                    sign_reader_auth(provider, &auth.key, &auth.chain, transcript, &items_request)
                        .map_err(ExchangeError::Cose)?,
                ),
                None => None,
            };
            doc_requests.push(DocRequest {
                items_request,
                reader_auth,
                rest: Vec::new(),
            });
        }
        Ok(DeviceRequest {
            version: alloc::string::String::from("1.0"),
            doc_requests,
            device_request_info: None,
            reader_auth_all: None,
            rest: Vec::new(),
        }
        .to_cbor())
    }

    /// Starts from a scanned QR code (`mdoc:` URI).
    ///
    /// # Errors
    /// [`ExchangeError::Engagement`] when the URI is malformed or the engagement unusable.
    pub fn scan(&self, uri: &str) -> Result<Engaged<'_>, ExchangeError> {
        let engagement = parse_device_engagement_uri(uri)
            .map_err(|_| ExchangeError::Engagement("malformed mdoc: URI"))?;
        self.engaged(engagement, Handover::Qr)
    }

    /// Starts from an engagement received otherwise (NFC), with its handover.
    ///
    /// # Errors
    /// [`ExchangeError::Engagement`] when the engagement is unusable.
    pub fn engaged(
        &self,
        engagement: DeviceEngagementBytes,
        handover: Handover,
    ) -> Result<Engaged<'_>, ExchangeError> {
        if engagement.security.cipher_suite != 1 {
            return Err(ExchangeError::Engagement("cipher suite is not 1"));
        }
        sec1_from_cose_key(engagement.security.e_device_key.value()).ok_or(
            ExchangeError::Engagement("EDeviceKey is not an EC2 key on a NIST curve"),
        )?;
        Ok(Engaged {
            reader: self,
            engagement,
            handover,
        })
    }
}

/// Engaged with a holder: its engagement is known, no request sent yet.
#[derive(Debug)]
pub struct Engaged<'r> {
    reader: &'r Reader,
    engagement: DeviceEngagementBytes,
    handover: Handover,
}

impl<'r> Engaged<'r> {
    /// The holder's engagement.
    pub fn engagement(&self) -> &DeviceEngagement {
        self.engagement.value()
    }

    /// The retrieval methods the holder offers (choose a transport from these).
    pub fn retrieval_methods(&self) -> &[DeviceRetrievalMethod] {
        self.engagement.retrieval_methods()
    }

    /// The BLE connection to make, in the reader's order of preference (a reader that can
    /// only be a BLE central prefers, or requires, mdoc peripheral server mode).
    pub fn choose_ble(&self, preference: &[BleMode]) -> Option<BleChoice> {
        self.engagement.choose_ble(preference)
    }

    /// Sends the first request: makes the ephemeral key, the session transcript and keys,
    /// signs each document request if reader authentication is configured, and returns
    /// the `SessionEstablishment` to send.
    ///
    /// # Errors
    /// When key generation, signing or encryption fails.
    pub fn request(
        self,
        requests: Vec<ItemsRequest>,
        rng: &mut dyn RandomSource,
    ) -> Result<(AwaitingResponse<'r>, Vec<u8>), ExchangeError> {
        let provider = self.reader.provider();
        let (curve, device_public) =
            sec1_from_cose_key(self.engagement.security.e_device_key.value()).ok_or(
                ExchangeError::Engagement("EDeviceKey is not an EC2 key on a NIST curve"),
            )?;
        let e_reader_key = provider.ec_generate(curve, rng)?;
        let e_reader_public = provider.ec_public_key(&e_reader_key)?;
        let e_reader_cose = cose_key_from_sec1(curve, &e_reader_public)
            .ok_or(ExchangeError::Engagement("reader key"))?;
        let e_reader_key_bytes = TaggedCbor::new(e_reader_cose);
        let transcript = SessionTranscript::new(
            Some(self.engagement),
            Some(e_reader_key_bytes.clone()),
            self.handover,
        );
        let keys = SessionKeys::derive(provider, &e_reader_key, &device_public, &transcript)?;
        let mut encryption = SessionEncryption::new(SessionRole::Reader, keys);
        let request = self.reader.device_request(&transcript, requests.clone())?;
        let data = encryption.encrypt(provider, &request)?;
        let state = AwaitingResponse {
            reader: self.reader,
            transcript,
            e_reader_key,
            encryption,
            requests,
        };
        let establishment = SessionEstablishment {
            e_reader_key: e_reader_key_bytes,
            data,
            rest: Vec::new(),
        };
        Ok((state, establishment.to_cbor()))
    }
}

/// A request is out; the response is awaited.
#[derive(Debug)]
pub struct AwaitingResponse<'r> {
    reader: &'r Reader,
    transcript: SessionTranscript,
    e_reader_key: EcPrivateKey,
    encryption: SessionEncryption,
    /// What the request out asked, to compare the response with.
    requests: Vec<ItemsRequest>,
}

impl<'r> AwaitingResponse<'r> {
    /// The session transcript both sides hold.
    pub fn transcript(&self) -> &SessionTranscript {
        &self.transcript
    }

    /// Receives the holder's `SessionData`, decrypts it, verifies the response in full
    /// (device authentication against this session's transcript), and compares it with
    /// the request: an [`Answer`], complete or authentic but incomplete.
    ///
    /// # Errors
    /// [`ExchangeError`]: the wrong message, a status from the holder (10, 11, or 20 before
    /// any response), decryption failure, or a response that does not verify.
    pub fn receive(
        mut self,
        session_data: &[u8],
        now: i64,
    ) -> Result<(Answer, Responded<'r>), ExchangeError> {
        let message = decode_session_data(session_data)?;
        check_status(&message)?;
        let ciphertext = message.data.as_deref().ok_or(ExchangeError::Terminated)?;
        let provider = self.reader.provider();
        let plaintext = self.encryption.decrypt(provider, ciphertext)?;
        let session = ReaderSession::new(&self.transcript).with_reader_key(&self.e_reader_key);
        let verified = self.reader.verifier.verify(&plaintext, &session, now);
        let verified = verified.map_err(|e| match e.kind {
            crate::verify::VerifyErrorKind::Malformed(d) => ExchangeError::Decode(d),
            _ => ExchangeError::Verify(e),
        })?;
        let requests: Vec<&ItemsRequest> = self.requests.iter().collect();
        let comparison = Comparison::of_items(&verified, &requests);
        let ended = message.status == Some(SessionStatus::Termination.code());
        Ok((
            Answer::new(verified, comparison),
            Responded { state: self, ended },
        ))
    }

    /// Ends the session without waiting: the `SessionData` (status 20) to send.
    pub fn terminate(self) -> Vec<u8> {
        status_message(SessionStatus::Termination)
    }
}

/// A response was received and verified; the session may carry further requests.
#[derive(Debug)]
pub struct Responded<'r> {
    state: AwaitingResponse<'r>,
    ended: bool,
}

impl<'r> Responded<'r> {
    /// Whether the holder ended the session along with its response.
    pub fn holder_ended(&self) -> bool {
        self.ended
    }

    /// Sends a further request on the same session.
    ///
    /// # Errors
    /// [`ExchangeError::Terminated`] when the holder ended the session; otherwise as
    /// [`Engaged::request`].
    pub fn request_more(
        mut self,
        requests: Vec<ItemsRequest>,
    ) -> Result<(AwaitingResponse<'r>, Vec<u8>), ExchangeError> {
        if self.ended {
            return Err(ExchangeError::Terminated);
        }
        let provider = self.state.reader.provider();
        let request = self
            .state
            .reader
            .device_request(&self.state.transcript, requests.clone())?;
        let data = self.state.encryption.encrypt(provider, &request)?;
        self.state.requests = requests;
        Ok((self.state, data_message(data)))
    }

    /// Ends the session: the `SessionData` (status 20) to send.
    pub fn terminate(self) -> Vec<u8> {
        status_message(SessionStatus::Termination)
    }
}
