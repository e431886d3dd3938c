//! Session establishment and the messages that carry encrypted data.
//!
//! ```cddl
//! SessionEstablishment = {"eReaderKey": EReaderKeyBytes, "data": bstr}
//! SessionData = {? "data": bstr, ? "status": uint}
//! SessionTranscript = [DeviceEngagementBytes / null, EReaderKeyBytes / null, Handover]
//! ```

mod messages;
mod transcript;

pub use messages::{EReaderKeyBytes, SessionData, SessionEstablishment, SessionStatus};
pub use transcript::{Handover, SessionTranscript, SessionTranscriptBytes};
