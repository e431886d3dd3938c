//! The one key derivation of ISO 18013-5 (clauses 9.1.1.5 and 9.1.3.5): ECDH between an
//! own and a peer key, then HKDF-SHA-256 salted with `SHA-256(SessionTranscriptBytes)`.
//! `SKReader`, `SKDevice` and `EMacKey` differ only in their `info`.

use alloc::vec::Vec;

use zeroize::Zeroizing;

use super::SessionTranscript;
use crate::cbor::Encoder;
use crate::crypto::{CryptoError, CryptoProvider, DigestAlgorithm, EcPrivateKey, SecretBytes};

/// Length in bytes of every key derived over a transcript.
pub(crate) const KEY_LEN: usize = 32;

/// SHA-256 of `SessionTranscriptBytes` (`#6.24(bstr .cbor SessionTranscript)`, over the
/// transcript's exact bytes): the HKDF salt of the session keys and of `EMacKey`.
pub fn transcript_salt(provider: &dyn CryptoProvider, transcript: &SessionTranscript) -> Vec<u8> {
    let mut bytes = Encoder::new();
    bytes.tag(24).bytes(transcript.encoded());
    provider.digest(DigestAlgorithm::Sha256, bytes.as_bytes())
}

/// The shared secret and salt of one agreement, from which keys are expanded by `info`.
pub(crate) struct TranscriptKdf<'p> {
    provider: &'p dyn CryptoProvider,
    shared: SecretBytes,
    salt: Vec<u8>,
}

impl<'p> TranscriptKdf<'p> {
    /// `ECDH(own_key, peer_public_key)` and the transcript's salt.
    pub(crate) fn agree(
        provider: &'p dyn CryptoProvider,
        own_key: &EcPrivateKey,
        peer_public_key: &[u8],
        transcript: &SessionTranscript,
    ) -> Result<Self, CryptoError> {
        Ok(Self {
            provider,
            shared: provider.ecdh(own_key, peer_public_key)?,
            salt: transcript_salt(provider, transcript),
        })
    }

    /// `HKDF-SHA-256(shared, salt, info, 32)`.
    pub(crate) fn expand(&self, info: &[u8]) -> Result<SecretBytes, CryptoError> {
        let mut okm = Zeroizing::new(alloc::vec![0u8; KEY_LEN]);
        self.provider
            .hkdf_sha256(&self.salt, self.shared.expose(), info, &mut okm)?;
        Ok(SecretBytes::new(okm.to_vec()))
    }
}
