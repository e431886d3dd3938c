//! The reader's request: `DeviceRequest`, `DocRequest`, `ItemsRequest`, and the
//! `ReaderAuthentication` structure that `readerAuth` signs.
//!
//! ```cddl
//! DeviceRequest = {"version": tstr, "docRequests": [+ DocRequest],
//!                  ? "deviceRequestInfo": DeviceRequestInfoBytes, ? "readerAuthAll": [+ ReaderAuthAll]}
//! DocRequest = {"itemsRequest": ItemsRequestBytes, ? "readerAuth": ReaderAuth}
//! ItemsRequest = {"docType": tstr, "nameSpaces": {+ NameSpace => {+ DataElementIdentifier => IntentToRetain}},
//!                 ? "requestInfo": {* tstr => any}}
//! ReaderAuthentication = ["ReaderAuthentication", SessionTranscript, ItemsRequestBytes]
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::map::{
    array_of, count_some, encode_text_rest, field, keep_text, required, text_map,
};
use crate::cbor::{
    Decode, DecodeError, DecodeErrorKind, Decoder, Encode, Encoder, TaggedCbor, TextRest, Value,
};
use crate::cose::CoseSign1;
use crate::session::SessionTranscript;

/// `ItemsRequestBytes = #6.24(bstr .cbor ItemsRequest)`.
pub type ItemsRequestBytes = TaggedCbor<ItemsRequest>;

/// `ReaderAuthenticationBytes = #6.24(bstr .cbor ReaderAuthentication)`.
pub type ReaderAuthenticationBytes = TaggedCbor<ReaderAuthentication>;

/// Requested elements of one namespace: identifier and intent to retain, in received order.
pub type DataElements = Vec<(String, bool)>;

/// `DeviceRequest`.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceRequest {
    /// "1.0" or "1.1".
    pub version: String,
    /// One request per document.
    pub doc_requests: Vec<DocRequest>,
    /// Version 1.1: `DeviceRequestInfoBytes`, as received.
    pub device_request_info: Option<TaggedCbor<Value>>,
    /// Version 1.1: reader authentication over all document requests.
    pub reader_auth_all: Option<Vec<CoseSign1>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `DocRequest`.
#[derive(Clone, Debug, PartialEq)]
pub struct DocRequest {
    /// What is asked for, with its exact bytes (signed by `readerAuth`).
    pub items_request: ItemsRequestBytes,
    /// The reader's signature over `ReaderAuthenticationBytes` (detached payload).
    pub reader_auth: Option<CoseSign1>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `ItemsRequest`.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemsRequest {
    /// The document type asked for.
    pub doc_type: String,
    /// Per namespace, the element identifiers with their intent to retain.
    pub name_spaces: Vec<(String, DataElements)>,
    /// Additional information, as received.
    pub request_info: Option<Vec<(String, Value)>>,
    /// Other entries, as received.
    pub rest: TextRest,
}

/// `ReaderAuthentication`: what `readerAuth` signs.
#[derive(Clone, Debug, PartialEq)]
pub struct ReaderAuthentication {
    /// The session transcript.
    pub session_transcript: SessionTranscript,
    /// The request, with its exact bytes.
    pub items_request: ItemsRequestBytes,
}

pub(crate) fn version(d: &mut Decoder<'_>, structure: &'static str) -> Result<String, DecodeError> {
    let at = d.offset();
    let v: String = field(d, structure, "version")?;
    if v.starts_with("1.") {
        Ok(v)
    } else {
        Err(DecodeError::new(
            DecodeErrorKind::InvalidValue("unsupported major version"),
            at,
        )
        .at(structure, "version"))
    }
}

impl Decode for DeviceRequest {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DeviceRequest";
        let at = d.offset();
        let max_docs = d.limits().max_documents;
        let (mut v, mut docs, mut info, mut all) = (None, None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "version" => v = Some(version(d, S)?),
                "docRequests" => {
                    docs = Some(
                        array_of(
                            d,
                            1,
                            Some((max_docs, "document requests")),
                            DocRequest::decode,
                        )
                        .map_err(|e| e.at(S, "docRequests"))?,
                    );
                }
                "deviceRequestInfo" => info = Some(field(d, S, "deviceRequestInfo")?),
                "readerAuthAll" => {
                    all = Some(
                        array_of(d, 1, None, CoseSign1::decode)
                            .map_err(|e| e.at(S, "readerAuthAll"))?,
                    );
                }
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            version: required(v, S, "version", at)?,
            doc_requests: required(docs, S, "docRequests", at)?,
            device_request_info: info,
            reader_auth_all: all,
            rest,
        })
    }
}

impl Encode for DeviceRequest {
    fn encode(&self, e: &mut Encoder) {
        let n =
            2 + count_some(&[
                self.device_request_info.is_some(),
                self.reader_auth_all.is_some(),
            ]) + self.rest.len();
        e.map(n);
        e.text("version").text(&self.version);
        e.text("docRequests").array(self.doc_requests.len());
        for r in &self.doc_requests {
            r.encode(e);
        }
        if let Some(info) = &self.device_request_info {
            e.text("deviceRequestInfo");
            info.encode(e);
        }
        if let Some(all) = &self.reader_auth_all {
            e.text("readerAuthAll").array(all.len());
            for a in all {
                a.encode(e);
            }
        }
        encode_text_rest(e, &self.rest);
    }
}

impl Decode for DocRequest {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "DocRequest";
        let at = d.offset();
        let (mut items, mut auth) = (None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "itemsRequest" => items = Some(field(d, S, "itemsRequest")?),
                "readerAuth" => auth = Some(field(d, S, "readerAuth")?),
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            items_request: required(items, S, "itemsRequest", at)?,
            reader_auth: auth,
            rest,
        })
    }
}

impl Encode for DocRequest {
    fn encode(&self, e: &mut Encoder) {
        e.map(1 + count_some(&[self.reader_auth.is_some()]) + self.rest.len());
        e.text("itemsRequest");
        self.items_request.encode(e);
        if let Some(auth) = &self.reader_auth {
            e.text("readerAuth");
            auth.encode(e);
        }
        encode_text_rest(e, &self.rest);
    }
}

/// Decodes `{+ tstr => T}` (at least one entry) in received order.
pub(crate) fn non_empty_text_map<T>(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
    mut value: impl FnMut(&mut Decoder<'_>) -> Result<T, DecodeError>,
) -> Result<Vec<(String, T)>, DecodeError> {
    let at = d.offset();
    let mut out = Vec::new();
    text_map(d, structure, |d, k| {
        out.push((String::from(k), value(d)?));
        Ok(())
    })
    .map_err(|e| e.at(structure, name))?;
    if out.is_empty() {
        return Err(DecodeError::new(
            DecodeErrorKind::InvalidValue("empty map where one entry or more is required"),
            at,
        )
        .at(structure, name));
    }
    Ok(out)
}

impl Decode for ItemsRequest {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "ItemsRequest";
        let at = d.offset();
        let (mut doc_type, mut name_spaces, mut info) = (None, None, None);
        let mut rest = TextRest::new();
        text_map(d, S, |d, k| {
            match k {
                "docType" => doc_type = Some(field(d, S, "docType")?),
                "nameSpaces" => {
                    name_spaces = Some(non_empty_text_map(d, S, "nameSpaces", |d| {
                        non_empty_text_map(d, "DataElements", "intent to retain", bool::decode)
                    })?);
                }
                "requestInfo" => {
                    let mut entries = Vec::new();
                    text_map(d, "RequestInfo", |d, k| {
                        entries.push((String::from(k), field(d, "RequestInfo", "(entry)")?));
                        Ok(())
                    })
                    .map_err(|e| e.at(S, "requestInfo"))?;
                    info = Some(entries);
                }
                other => keep_text(d, &mut rest, S, other)?,
            }
            Ok(())
        })?;
        Ok(Self {
            doc_type: required(doc_type, S, "docType", at)?,
            name_spaces: required(name_spaces, S, "nameSpaces", at)?,
            request_info: info,
            rest,
        })
    }
}

impl Encode for ItemsRequest {
    fn encode(&self, e: &mut Encoder) {
        e.map(2 + count_some(&[self.request_info.is_some()]) + self.rest.len());
        e.text("docType").text(&self.doc_type);
        e.text("nameSpaces").map(self.name_spaces.len());
        for (ns, elements) in &self.name_spaces {
            e.text(ns).map(elements.len());
            for (id, retain) in elements {
                e.text(id).bool(*retain);
            }
        }
        if let Some(info) = &self.request_info {
            e.text("requestInfo").map(info.len());
            for (k, v) in info {
                e.text(k);
                v.encode(e);
            }
        }
        encode_text_rest(e, &self.rest);
    }
}

/// Reads the fixed text at the head of an authentication structure.
pub(crate) fn context_string(
    d: &mut Decoder<'_>,
    structure: &'static str,
    expected: &'static str,
) -> Result<(), DecodeError> {
    let at = d.offset();
    let got: &str = d.text().map_err(|e| e.at(structure, "context"))?;
    if got == expected {
        Ok(())
    } else {
        Err(
            DecodeError::new(DecodeErrorKind::InvalidValue("wrong context string"), at)
                .at(structure, "context"),
        )
    }
}

impl Decode for ReaderAuthentication {
    fn decode(d: &mut Decoder<'_>) -> Result<Self, DecodeError> {
        const S: &str = "ReaderAuthentication";
        d.array_exact(3, |d| {
            context_string(d, S, "ReaderAuthentication")?;
            Ok(Self {
                session_transcript: field(d, S, "SessionTranscript")?,
                items_request: field(d, S, "ItemsRequestBytes")?,
            })
        })
        .map_err(|e| e.or_at(S, "(array)"))
    }
}

impl Encode for ReaderAuthentication {
    fn encode(&self, e: &mut Encoder) {
        e.array(3).text("ReaderAuthentication");
        self.session_transcript.encode(e);
        self.items_request.encode(e);
    }
}

/// `ReaderAuthenticationBytes`: what `readerAuth` signs (as a detached payload), written
/// straight from the transcript's and the request's exact bytes.
pub fn reader_authentication_bytes(
    transcript: &SessionTranscript,
    items_request: &ItemsRequestBytes,
) -> Vec<u8> {
    let mut inner = Encoder::new();
    inner
        .array(3)
        .text("ReaderAuthentication")
        .raw(transcript.encoded())
        .raw(items_request.encoded());
    let mut e = Encoder::new();
    e.tag(24).bytes(inner.as_bytes());
    e.into_bytes()
}

/// Signs `readerAuth` for a document request: a `COSE_Sign1` with a detached payload,
/// `ReaderAuthenticationBytes` over the transcript and the exact `ItemsRequestBytes`, and
/// the reader's certificate chain (DER, leaf first, without the root) in `x5chain`.
///
/// # Errors
/// When the key does not match its algorithm or signing fails.
pub fn sign_reader_auth(
    provider: &dyn crate::crypto::CryptoProvider,
    reader_key: &crate::crypto::EcPrivateKey,
    chain: &[Vec<u8>],
    transcript: &SessionTranscript,
    items_request: &ItemsRequestBytes,
) -> Result<CoseSign1, crate::cose::CoseError> {
    use crate::cose::{Header, PreparedSign1, X5Chain};
    let authenticated = reader_authentication_bytes(transcript, items_request);
    let unprotected = Header {
        x5chain: match chain {
            [] => None,
            [single] => Some(X5Chain::Single(single.clone())),
            many => Some(X5Chain::Array(many.to_vec())),
        },
        ..Header::default()
    };
    let alg = crate::crypto::SignatureAlgorithm::for_curve(reader_key.curve());
    PreparedSign1::new(alg, unprotected, None, Some(&authenticated))?.sign(provider, reader_key)
}
