//! Session encryption (ISO 18013-5 clause 9.1.1): the session keys both sides derive from
//! their ephemeral keys and the transcript, and the AES-256-GCM message protection with
//! one counter per direction.
//!
//! ```text
//! Zab      = ECDH(own ephemeral key, peer's ephemeral public key)
//! salt     = SHA-256(SessionTranscriptBytes)
//! SKReader = HKDF-SHA-256(Zab, salt, "SKReader", 32)    reader -> mdoc
//! SKDevice = HKDF-SHA-256(Zab, salt, "SKDevice", 32)    mdoc -> reader
//! nonce    = identifier (8 bytes: 0 reader -> mdoc, 1 mdoc -> reader) || counter (4 bytes)
//! ```
//!
//! Both integers are big-endian; the counter starts at 1 in each direction and never
//! wraps. There is no additional authenticated data; the 16-byte tag follows the
//! ciphertext.

use alloc::vec::Vec;
use core::fmt;

use super::derive::{KEY_LEN, TranscriptKdf};
use crate::crypto::{CryptoError, CryptoProvider, EcPrivateKey, SecretBytes};
use crate::session::SessionTranscript;

#[cfg(all(test, any(feature = "rustcrypto", feature = "aws-lc")))]
mod tests;

/// The two session keys, `SKReader` and `SKDevice`: zeroized on drop, redacted in `Debug`.
///
/// Deliberately not `Clone`: two [`SessionEncryption`] values over the same keys and role
/// would reuse nonces. Derive again when a second session is really meant.
#[derive(Debug)]
pub struct SessionKeys {
    sk_reader: SecretBytes,
    sk_device: SecretBytes,
}

impl SessionKeys {
    /// Derives both session keys: `Zab = ECDH(own_key, peer_public_key)`;
    /// `salt = SHA-256(SessionTranscriptBytes)`; `SKReader` / `SKDevice` =
    /// HKDF-SHA-256(Zab, salt, info `"SKReader"` / `"SKDevice"`, 32 bytes).
    ///
    /// The reader passes its `EReaderKey` and the mdoc's `EDeviceKey` public point, the
    /// mdoc its `EDeviceKey` and the reader's `EReaderKey` public point (uncompressed SEC1);
    /// both get the same keys.
    ///
    /// # Errors
    /// [`CryptoError::InvalidKey`] when the peer's point is malformed, off the curve or on
    /// another curve than `own_key`, or when `own_key` is out of range.
    pub fn derive(
        provider: &dyn CryptoProvider,
        own_key: &EcPrivateKey,
        peer_public_key: &[u8],
        transcript: &SessionTranscript,
    ) -> Result<Self, CryptoError> {
        let kdf = TranscriptKdf::agree(provider, own_key, peer_public_key, transcript)?;
        Ok(Self {
            sk_reader: kdf.expand(b"SKReader")?,
            sk_device: kdf.expand(b"SKDevice")?,
        })
    }

    /// `SKReader`, the key of messages from the reader to the mdoc. Handle with care.
    pub fn sk_reader(&self) -> &[u8] {
        self.sk_reader.expose()
    }

    /// `SKDevice`, the key of messages from the mdoc to the reader. Handle with care.
    pub fn sk_device(&self) -> &[u8] {
        self.sk_device.expose()
    }

    /// Keys from their raw bytes, for tests that need keys without an agreement.
    #[cfg(test)]
    pub(crate) fn from_raw(sk_reader: &[u8], sk_device: &[u8]) -> Self {
        Self {
            sk_reader: SecretBytes::new(sk_reader.to_vec()),
            sk_device: SecretBytes::new(sk_device.to_vec()),
        }
    }

    /// The key that `sender` encrypts with (and its peer decrypts with).
    fn sending_key(&self, sender: SessionRole) -> Result<&[u8; KEY_LEN], SessionCryptoError> {
        let key = match sender {
            SessionRole::Reader => self.sk_reader.expose(),
            SessionRole::Mdoc => self.sk_device.expose(),
        };
        <&[u8; KEY_LEN]>::try_from(key)
            .map_err(|_| SessionCryptoError::Crypto(CryptoError::InvalidLength))
    }
}

/// Which side of the session this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SessionRole {
    /// The mdoc reader (verifier): sends with `SKReader`, receives with `SKDevice`.
    Reader,
    /// The mdoc (holder's device): sends with `SKDevice`, receives with `SKReader`.
    Mdoc,
}

impl SessionRole {
    /// The other side.
    fn peer(self) -> Self {
        match self {
            Self::Reader => Self::Mdoc,
            Self::Mdoc => Self::Reader,
        }
    }

    /// The nonce's identifier for messages this side sends.
    fn identifier(self) -> u64 {
        match self {
            Self::Reader => 0,
            Self::Mdoc => 1,
        }
    }
}

/// Session encryption failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SessionCryptoError {
    /// An incoming message does not decrypt under the peer's key and the next expected
    /// counter: tampered, replayed, reordered or from another session. Maps to session
    /// status 10 (session encryption error).
    Decrypt,
    /// 2^32 - 1 messages have gone in this direction; the counter never wraps, so the
    /// session must end.
    CounterExhausted,
    /// The cryptographic backend failed otherwise.
    Crypto(CryptoError),
}

impl fmt::Display for SessionCryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decrypt => f.write_str("session message does not decrypt"),
            Self::CounterExhausted => f.write_str("session message counter exhausted"),
            Self::Crypto(e) => write!(f, "session encryption: {e}"),
        }
    }
}

impl core::error::Error for SessionCryptoError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Crypto(e) => Some(e),
            Self::Decrypt | Self::CounterExhausted => None,
        }
    }
}

/// A message counter of one direction: the next value to use, `None` once `u32::MAX`
/// has been used.
#[derive(Debug)]
struct Counter(Option<u32>);

impl Counter {
    /// A fresh direction: the first message uses 1.
    const FIRST: Self = Self(Some(1));

    fn next(&self) -> Result<u32, SessionCryptoError> {
        self.0.ok_or(SessionCryptoError::CounterExhausted)
    }

    fn advance(&mut self) {
        self.0 = self.0.and_then(|n| n.checked_add(1));
    }
}

/// The 12-byte AES-GCM nonce of a message sent by `sender` with `counter`.
fn nonce(sender: SessionRole, counter: u32) -> [u8; 12] {
    let mut out = [0u8; 12];
    let parts = sender
        .identifier()
        .to_be_bytes()
        .into_iter()
        .chain(counter.to_be_bytes());
    for (byte, value) in out.iter_mut().zip(parts) {
        *byte = value;
    }
    out
}

/// One side's session encryption: its role, the keys, and the next counter in each
/// direction.
///
/// Not `Clone`, so that no two values send under the same nonce.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use iso18013::crypto::{default_provider, EcCurve, EcPrivateKey, SystemRandom};
/// use iso18013::session::{Handover, SessionEncryption, SessionKeys, SessionRole, SessionTranscript};
///
/// let p = default_provider();
/// let reader_key = p.ec_generate(EcCurve::P256, &mut SystemRandom(p))?;
/// let device_key = p.ec_generate(EcCurve::P256, &mut SystemRandom(p))?;
/// let transcript = SessionTranscript::new(None, None, Handover::Qr);
/// let keys = |own: &EcPrivateKey, peer: &EcPrivateKey| SessionKeys::derive(p, own, &p.ec_public_key(peer)?, &transcript);
///
/// let mut reader = SessionEncryption::new(SessionRole::Reader, keys(&reader_key, &device_key)?);
/// let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, keys(&device_key, &reader_key)?);
/// let request = reader.encrypt(p, b"DeviceRequest").unwrap();
/// assert_eq!(mdoc.decrypt(p, &request).unwrap(), b"DeviceRequest");
/// assert!(mdoc.decrypt(p, &request).is_err()); // a replay
/// # }
/// # Ok::<(), iso18013::crypto::CryptoError>(())
/// ```
#[derive(Debug)]
pub struct SessionEncryption {
    role: SessionRole,
    keys: SessionKeys,
    send: Counter,
    receive: Counter,
}

impl SessionEncryption {
    /// A new session for `role`: both counters start at 1.
    pub fn new(role: SessionRole, keys: SessionKeys) -> Self {
        Self {
            role,
            keys,
            send: Counter::FIRST,
            receive: Counter::FIRST,
        }
    }

    /// A session whose next counters are `send` and `receive` (`None`: exhausted), to
    /// test what happens near the end of the counter range.
    #[cfg(test)]
    pub(crate) fn with_counters(
        role: SessionRole,
        keys: SessionKeys,
        send: Option<u32>,
        receive: Option<u32>,
    ) -> Self {
        Self {
            role,
            keys,
            send: Counter(send),
            receive: Counter(receive),
        }
    }

    /// Which side this is.
    pub fn role(&self) -> SessionRole {
        self.role
    }

    /// Encrypts the next outgoing message: with `SKReader` when the reader sends and
    /// `SKDevice` when the mdoc sends, the nonce of this direction and its next counter,
    /// no AAD. Returns the ciphertext followed by the 16-byte tag.
    ///
    /// # Errors
    /// [`SessionCryptoError::CounterExhausted`] after 2^32 - 1 messages sent;
    /// [`SessionCryptoError::Crypto`] when the backend refuses (e.g. a plaintext too long
    /// for GCM). A failure does not use up a counter value.
    pub fn encrypt(
        &mut self,
        provider: &dyn CryptoProvider,
        plaintext: &[u8],
    ) -> Result<Vec<u8>, SessionCryptoError> {
        let counter = self.send.next()?;
        let key = self.keys.sending_key(self.role)?;
        let sealed = provider
            .aes256gcm_seal(key, &nonce(self.role, counter), &[], plaintext)
            .map_err(SessionCryptoError::Crypto)?;
        self.send.advance();
        Ok(sealed)
    }

    /// Decrypts the next incoming message with the peer's key and the next expected
    /// counter of the peer's direction.
    ///
    /// # Errors
    /// [`SessionCryptoError::Decrypt`] when the message is tampered, replayed, reordered,
    /// truncated or under another key; [`SessionCryptoError::CounterExhausted`] after
    /// 2^32 - 1 messages received. A failure leaves the expected counter where it was, so
    /// the right message still decrypts afterwards.
    pub fn decrypt(
        &mut self,
        provider: &dyn CryptoProvider,
        ciphertext: &[u8],
    ) -> Result<Vec<u8>, SessionCryptoError> {
        let counter = self.receive.next()?;
        let sender = self.role.peer();
        let key = self.keys.sending_key(sender)?;
        let plaintext = provider
            .aes256gcm_open(key, &nonce(sender, counter), &[], ciphertext)
            .map_err(|e| match e {
                CryptoError::DecryptFailed => SessionCryptoError::Decrypt,
                other => SessionCryptoError::Crypto(other),
            })?;
        self.receive.advance();
        Ok(plaintext)
    }
}
