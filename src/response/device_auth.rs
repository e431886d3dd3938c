//! The cryptography of device authentication, shared by the holder and the verifier:
//! `DeviceAuthenticationBytes` and `EMacKey`.

use alloc::vec::Vec;

use super::device_signed::DeviceNameSpacesBytes;
use crate::cbor::Encoder;
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, EcPrivateKey, SecretBytes};
use crate::session::SessionTranscript;

/// `DeviceAuthenticationBytes`: what `deviceSignature` signs and `deviceMac` MACs (as a
/// detached payload), built over the transcript's and namespaces' exact bytes.
pub fn device_authentication_bytes(
    transcript: &SessionTranscript,
    doc_type: &str,
    name_spaces: &DeviceNameSpacesBytes,
) -> Vec<u8> {
    // The same bytes as `TaggedCbor::new(DeviceAuthentication { .. })`, written straight
    // from the exact bytes the parts hold, without copying them into a structure first.
    let mut inner = Encoder::new();
    inner
        .array(4)
        .text("DeviceAuthentication")
        .raw(transcript.encoded())
        .text(doc_type)
        .raw(name_spaces.encoded());
    let mut e = Encoder::new();
    e.tag(24).bytes(inner.as_bytes());
    e.into_bytes()
}

/// SHA-256 of `SessionTranscriptBytes` (`#6.24(bstr .cbor SessionTranscript)`): the HKDF
/// salt of the session keys and of `EMacKey`.
pub fn transcript_salt(provider: &dyn CryptoProvider, transcript: &SessionTranscript) -> Vec<u8> {
    let mut bytes = Encoder::new();
    bytes.tag(24).bytes(transcript.encoded());
    provider.digest(DigestAlgorithm::Sha256, bytes.as_bytes())
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
    let shared = provider.ecdh(own_key, peer_public_key)?;
    let mut okm = zeroize::Zeroizing::new(alloc::vec![0u8; 32]);
    provider.hkdf_sha256(
        &transcript_salt(provider, transcript),
        shared.expose(),
        b"EMacKey",
        &mut okm,
    )?;
    Ok(SecretBytes::new(okm.to_vec()))
}
