//! Constructors of responses, so that callers need not write the `rest` of a decoded
//! message.

use alloc::string::String;
use alloc::vec::Vec;

use super::{DeviceResponse, Document, DocumentError};

impl DeviceResponse {
    /// A version "1.0" response with status 0 (OK) returning `documents` (none: an
    /// empty response, as a holder who declines everything sends).
    ///
    /// ```
    /// use iso18013::cbor::{Decode, Encode};
    /// use iso18013::response::DeviceResponse;
    ///
    /// let declined = DeviceResponse::new(Vec::new()).with_document_errors(vec![
    ///     vec![("org.iso.18013.5.1.mDL".to_string(), 0)],
    /// ]);
    /// assert_eq!((declined.version.as_str(), declined.status), ("1.0", 0));
    /// assert_eq!(DeviceResponse::from_cbor(&declined.to_cbor())?, declined);
    /// assert_eq!(DeviceResponse::default(), DeviceResponse::new(Vec::new()));
    /// # Ok::<(), iso18013::cbor::DecodeError>(())
    /// ```
    pub fn new(documents: Vec<Document>) -> Self {
        Self {
            version: String::from("1.0"),
            documents: (!documents.is_empty()).then_some(documents),
            document_errors: None,
            status: 0,
            rest: Vec::new(),
        }
    }

    /// Adds `documentErrors`: documents asked for but not returned, with their error
    /// codes (none leaves the field out).
    #[must_use]
    pub fn with_document_errors(mut self, document_errors: Vec<DocumentError>) -> Self {
        self.document_errors = (!document_errors.is_empty()).then_some(document_errors);
        self
    }
}

impl Default for DeviceResponse {
    /// [`DeviceResponse::new`] with no documents.
    fn default() -> Self {
        Self::new(Vec::new())
    }
}
