//! The mdoc's answer: `DeviceResponse`, `Document`, `DeviceSigned`, and the
//! `DeviceAuthentication` structure that device authentication covers.
//!
//! ```cddl
//! DeviceResponse = {"version": tstr, ? "documents": [+ Document],
//!                   ? "documentErrors": [+ DocumentError], "status": uint}
//! Document = {"docType": DocType, "issuerSigned": IssuerSigned,
//!             "deviceSigned": DeviceSigned, ? "errors": Errors}
//! ```

mod device_auth;
mod device_signed;

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::map::{
    array_of, count_some, encode_text_rest, field, keep_text, required, text_map,
};
use crate::cbor::{Decode, DecodeError, Decoder, Encode, Encoder, TextRest};
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
pub type Errors = Vec<(String, Vec<(String, i64)>)>;

/// `DocumentError = {+ DocType => ErrorCode}`.
pub type DocumentError = Vec<(String, i64)>;

/// `DeviceResponse`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceResponse {
    /// "1.0" (or "1.1").
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

impl Decode for DeviceResponse {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceResponse";
        let at = d.offset();
        let max_docs = d.limits().max_documents;
        let (mut version, mut docs, mut errors, mut status) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "version" => version = Some(crate::request::version(d, S)?),
                "documents" => {
                    docs = Some(
                        array_of(d, 1, Some((max_docs, "documents")), Document::decode)
                            .map_err(|e| e.at(S, "documents"))?,
                    );
                }
                "documentErrors" => {
                    errors = Some(
                        array_of(d, 1, Some((max_docs, "document errors")), |d| {
                            crate::request::non_empty_text_map(
                                d,
                                "DocumentError",
                                "(docType)",
                                i64::decode,
                            )
                        })
                        .map_err(|e| e.at(S, "documentErrors"))?,
                    );
                }
                "status" => status = Some(field(d, S, "status")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            version: required(version, S, "version", at)?,
            documents: docs,
            document_errors: errors,
            status: required(status, S, "status", at)?,
            rest,
        })
    }
}

impl Encode for DeviceResponse {
    fn encode(&self, e: &mut Encoder) {
        let n = 2
            + count_some(&[self.documents.is_some(), self.document_errors.is_some()])
            + self.rest.len();
        e.map(n);
        e.text("version").text(&self.version);
        if let Some(docs) = &self.documents {
            e.text("documents").array(docs.len());
            for doc in docs {
                doc.encode(e);
            }
        }
        if let Some(errors) = &self.document_errors {
            e.text("documentErrors").array(errors.len());
            for entry in errors {
                e.map(entry.len());
                for (doc_type, code) in entry {
                    e.text(doc_type).i64(*code);
                }
            }
        }
        e.text("status").u64(self.status);
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for Document {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "Document";
        let at = d.offset();
        let (mut doc_type, mut issuer, mut device, mut errors) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "docType" => doc_type = Some(field(d, S, "docType")?),
                "issuerSigned" => issuer = Some(field(d, S, "issuerSigned")?),
                "deviceSigned" => device = Some(field(d, S, "deviceSigned")?),
                "errors" => {
                    errors = Some(device_signed::decode_errors(d).map_err(|e| e.at(S, "errors"))?)
                }
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            doc_type: required(doc_type, S, "docType", at)?,
            issuer_signed: required(issuer, S, "issuerSigned", at)?,
            device_signed: required(device, S, "deviceSigned", at)?,
            errors,
            rest,
        })
    }
}

impl Encode for Document {
    fn encode(&self, e: &mut Encoder) {
        e.map(3 + count_some(&[self.errors.is_some()]) + self.rest.len());
        e.text("docType").text(&self.doc_type);
        e.text("issuerSigned");
        self.issuer_signed.encode(e);
        e.text("deviceSigned");
        self.device_signed.encode(e);
        if let Some(errors) = &self.errors {
            e.text("errors").map(errors.len());
            for (ns, items) in errors {
                e.text(ns).map(items.len());
                for (id, code) in items {
                    e.text(id).i64(*code);
                }
            }
        }
        encode_text_rest(e, &self.rest);
    }
}
