//! Session establishment, the messages that carry encrypted data, and their encryption
//! ([`SessionKeys`], [`SessionEncryption`]).
//!
//! ```cddl
//! SessionEstablishment = {"eReaderKey": EReaderKeyBytes, "data": bstr}
//! SessionData = {? "data": bstr, ? "status": uint}
//! SessionTranscript = [DeviceEngagementBytes / null, EReaderKeyBytes / null, Handover]
//! ```

mod derive;
mod encryption;
mod messages;
mod transcript;

pub(crate) use derive::TranscriptKdf;
pub use derive::transcript_salt;
pub use encryption::{SessionCryptoError, SessionEncryption, SessionKeys, SessionRole};
pub use messages::{EReaderKeyBytes, SessionData, SessionEstablishment, SessionStatus};
pub use transcript::{Handover, SessionTranscript, SessionTranscriptBytes};
