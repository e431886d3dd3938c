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

mod builders;

use alloc::string::String;
use alloc::vec::Vec;

use crate::cbor::fields::{self, context_string};
use crate::cbor::map::{
    array_of, encode_array, encode_text_map, field, non_empty_text_map, text_map,
};
use crate::cbor::name_spaces::encode_text_maps;
use crate::cbor::{
    Decode, DecodeError, Decoder, Encode, Encoder, NameSpaces, TaggedCbor, TextRest, Value,
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
    /// "1.0" or "1.1" (any "1.minor" is read, ISO 18013-5 8.3).
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
    pub name_spaces: NameSpaces<DataElements>,
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

crate::cbor::text_map_codec! {
    DeviceRequest as "DeviceRequest" {
        version: "version" required (decode_at = |d, s, _| fields::version(d, s)),
        doc_requests: "docRequests" required (decode = decode_doc_requests, encode = encode_array),
        device_request_info: "deviceRequestInfo" optional,
        reader_auth_all: "readerAuthAll" optional (
            decode = |d| array_of(d, 1, None, CoseSign1::decode),
            encode = encode_array
        ),
    }
    rest rest
}

fn decode_doc_requests(d: &mut Decoder<'_>) -> Result<Vec<DocRequest>, DecodeError> {
    let max_docs = d.limits().max_documents;
    array_of(
        d,
        1,
        Some((max_docs, "document requests")),
        DocRequest::decode,
    )
}

crate::cbor::text_map_codec! {
    DocRequest as "DocRequest" {
        items_request: "itemsRequest" required,
        reader_auth: "readerAuth" optional,
    }
    rest rest
}

crate::cbor::text_map_codec! {
    ItemsRequest as "ItemsRequest" {
        doc_type: "docType" required,
        name_spaces: "nameSpaces" required (decode_at = decode_name_spaces, encode = encode_text_maps),
        request_info: "requestInfo" optional (decode = decode_request_info, encode = encode_text_map),
    }
    rest rest
}

fn decode_name_spaces(
    d: &mut Decoder<'_>,
    structure: &'static str,
    name: &'static str,
) -> Result<NameSpaces<DataElements>, DecodeError> {
    NameSpaces::decode_non_empty(d, structure, name, |d| {
        non_empty_text_map(d, "DataElements", "intent to retain", bool::decode)
    })
}

fn decode_request_info(d: &mut Decoder<'_>) -> Result<Vec<(String, Value)>, DecodeError> {
    let mut entries = Vec::new();
    text_map(d, "RequestInfo", |d, k| {
        entries.push((String::from(k), field(d, "RequestInfo", "(entry)")?));
        Ok(())
    })?;
    Ok(entries)
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
