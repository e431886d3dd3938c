//! The cryptography of device authentication, shared by the holder and the verifier:
//! `DeviceAuthenticationBytes` and `EMacKey`.

use alloc::vec::Vec;

use super::device_signed::DeviceNameSpacesBytes;
use crate::cbor::Encoder;
use crate::crypto::{CryptoError, CryptoProvider, EcPrivateKey, SecretBytes};
use crate::session::{SessionTranscript, TranscriptKdf};

/// `DeviceAuthenticationBytes`: what `deviceSignature` signs and `deviceMac` MACs (as a
/// detached payload), built over the transcript's and namespaces' exact bytes.
pub fn device_authentication_bytes(
    transcript: &SessionTranscript,
    doc_type: &str,
    name_spaces: &DeviceNameSpacesBytes,
) -> Vec<u8> {
    DeviceAuthenticationParts::new(transcript, doc_type, name_spaces)
        .parts()
        .concat()
}

/// The one layout of `DeviceAuthenticationBytes`, in the parts it is hashed from:
/// `#6.24(bstr .cbor ["DeviceAuthentication", SessionTranscript, DocType,
/// DeviceNameSpacesBytes])`, with the transcript and the namespaces as the exact bytes
/// received and never copied together (the verifier hashes the parts in turn).
pub(crate) struct DeviceAuthenticationParts<'a> {
    /// The tag-24 byte-string head, the array head and `"DeviceAuthentication"`.
    head: Vec<u8>,
    transcript: &'a [u8],
    doc_type: Vec<u8>,
    name_spaces: &'a [u8],
}

impl<'a> DeviceAuthenticationParts<'a> {
    pub(crate) fn new(
        transcript: &'a SessionTranscript,
        doc_type: &str,
        name_spaces: &'a DeviceNameSpacesBytes,
    ) -> Self {
        let (transcript, name_spaces) = (transcript.encoded(), name_spaces.encoded());
        let mut doc_type_text = Encoder::new();
        doc_type_text.text(doc_type);
        let mut array = Encoder::new();
        array.array(4).text("DeviceAuthentication");
        let inner = [
            array.as_bytes(),
            transcript,
            doc_type_text.as_bytes(),
            name_spaces,
        ]
        .iter()
        .fold(0usize, |n, part| n.saturating_add(part.len()));
        let mut head = Encoder::new();
        head.tag(24).bytes_head(inner).raw(array.as_bytes());
        Self {
            head: head.into_bytes(),
            transcript,
            doc_type: doc_type_text.into_bytes(),
            name_spaces,
        }
    }

    /// The parts, in order; their concatenation is `DeviceAuthenticationBytes`.
    pub(crate) fn parts(&self) -> [&[u8]; 4] {
        [
            &self.head,
            self.transcript,
            &self.doc_type,
            self.name_spaces,
        ]
    }

    /// The length of `DeviceAuthenticationBytes`.
    pub(crate) fn len(&self) -> usize {
        self.parts()
            .iter()
            .fold(0usize, |n, part| n.saturating_add(part.len()))
    }
}

/// `EMacKey = HKDF-SHA-256(ECDH(own key, peer key), SHA-256(SessionTranscriptBytes),
/// "EMacKey", 32)`: the holder passes its device key and the reader's ephemeral public
/// key; the verifier its ephemeral key and the device key from the MSO.
///
/// # Errors
/// When the peer's key is invalid or on another curve.
pub fn emac_key(
    provider: &dyn CryptoProvider,
    own_key: &EcPrivateKey,
    peer_public_key: &[u8],
    transcript: &SessionTranscript,
) -> Result<SecretBytes, CryptoError> {
    TranscriptKdf::agree(provider, own_key, peer_public_key, transcript)?.expand(b"EMacKey")
}
