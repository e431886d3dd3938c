//! The mdoc's answer: `DeviceResponse`, `Document`, `DeviceSigned`, and the
//! `DeviceAuthentication` structure that device authentication covers.
//!
//! ```cddl
//! DeviceResponse = {"version": tstr, ? "documents": [+ Document],
//!                   ? "documentErrors": [+ DocumentError], "status": uint}
//! Document = {"docType": DocType, "issuerSigned": IssuerSigned,
//!             "deviceSigned": DeviceSigned, ? "errors": Errors}
//! ```

mod builders;
mod device_auth;
mod device_signed;

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::fields;
use crate::cbor::map::{array_of, encode_array, encode_text_map, non_empty_text_map};
use crate::cbor::name_spaces::encode_text_maps;
use crate::cbor::{Decode, DecodeError, Decoder, Encoder, NameSpaces, TextRest};
use crate::mso::IssuerSigned;

#[doc(inline)]
pub use crate::session::transcript_salt;
pub(crate) use device_auth::DeviceAuthenticationParts;
pub use device_auth::{device_authentication_bytes, emac_key};
pub use device_signed::{
    DeviceAuth, DeviceAuthKind, DeviceAuthentication, DeviceAuthenticationBytes, DeviceNameSpaces,
    DeviceNameSpacesBytes, DeviceNameSpacesMap, DeviceSigned,
};

/// Error codes per element: `{+ NameSpace => {+ DataElementIdentifier => ErrorCode}}`.
pub type Errors = NameSpaces<Vec<(String, i64)>>;

/// `DocumentError = {+ DocType => ErrorCode}`.
pub type DocumentError = Vec<(String, i64)>;

/// `DeviceResponse`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceResponse {
    /// "1.0" (any "1.minor" is read, ISO 18013-5 8.3).
    pub version: String,
    /// The returned documents.
    pub documents: Option<Vec<Document>>,
    /// Documents that could not be returned, with error codes.
    pub document_errors: Option<Vec<DocumentError>>,
    /// Status code: 0 OK, 10 general error, 11 CBOR decoding error, 12 CBOR validation error.
    pub status: u64,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `Document`.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The document type.
    pub doc_type: String,
    /// Issuer-signed elements and the issuer's signature.
    pub issuer_signed: IssuerSigned,
    /// Device-signed elements and device authentication.
    pub device_signed: DeviceSigned,
    /// Elements that could not be returned, with error codes.
    pub errors: Option<Errors>,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    DeviceResponse as "DeviceResponse" {
        version: "version" required (decode_at = |d, s, _| fields::version(d, s)),
        documents: "documents" optional (decode = decode_documents, encode = encode_array),
        document_errors: "documentErrors" optional (
            decode = decode_document_errors,
            encode = encode_document_errors
        ),
        status: "status" required,
    }
    rest rest
}

fn decode_documents(d: &mut Decoder<'_>) -> Result<Vec<Document>, DecodeError> {
    let max_docs = d.limits().max_documents;
    array_of(d, 1, Some((max_docs, "documents")), Document::decode)
}

fn decode_document_errors(d: &mut Decoder<'_>) -> Result<Vec<DocumentError>, DecodeError> {
    let max_docs = d.limits().max_documents;
    array_of(d, 1, Some((max_docs, "document errors")), |d| {
        non_empty_text_map(d, "DocumentError", "(docType)", i64::decode)
    })
}

fn encode_document_errors(e: &mut Encoder, errors: &[DocumentError]) {
    e.array(errors.len());
    for entry in errors {
        encode_text_map(e, entry);
    }
}

crate::cbor::text_map_codec! {
    Document as "Document" {
        doc_type: "docType" required,
        issuer_signed: "issuerSigned" required,
        device_signed: "deviceSigned" required,
        errors: "errors" optional (
            decode = device_signed::decode_errors,
            encode = encode_text_maps
        ),
    }
    rest rest
}
