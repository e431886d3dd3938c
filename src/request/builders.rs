//! Constructors of requests, so that callers need not write the `rest` of a decoded
//! message.

use alloc::string::String;
use alloc::vec::Vec;

use super::{DeviceRequest, DocRequest, ItemsRequest};
use crate::cbor::{NameSpaces, TaggedCbor};

impl ItemsRequest {
    /// A request for a document of `doc_type`, asking for no element yet: add them with
    /// [`element`](Self::element) or [`elements`](Self::elements).
    ///
    /// ```
    /// use iso18013::doctype::mdl;
    /// use iso18013::request::ItemsRequest;
    ///
    /// let ask = ItemsRequest::new(mdl::DOC_TYPE)
    ///     .elements(mdl::NAME_SPACE, ["family_name", "age_over_18"])
    ///     .element(mdl::NAME_SPACE, "portrait", true); // to be retained
    /// let asked = ask.name_spaces.get(mdl::NAME_SPACE).unwrap();
    /// assert_eq!(asked.len(), 3);
    /// assert_eq!(asked[2], ("portrait".to_string(), true));
    /// ```
    pub fn new(doc_type: impl Into<String>) -> Self {
        Self {
            doc_type: doc_type.into(),
            name_spaces: NameSpaces::new(),
            request_info: None,
            rest: Vec::new(),
        }
    }

    /// Asks for `identifier` of `name_space`, with the reader's intent to retain it; asked
    /// again, the element keeps its place and takes the new intent.
    #[must_use]
    pub fn element(mut self, name_space: &str, identifier: &str, intent_to_retain: bool) -> Self {
        let elements = self.name_spaces.entry(name_space);
        match elements.iter_mut().find(|(id, _)| id == identifier) {
            Some((_, intent)) => *intent = intent_to_retain,
            None => elements.push((String::from(identifier), intent_to_retain)),
        }
        self
    }

    /// Asks for each of `identifiers` of `name_space`, without intent to retain.
    #[must_use]
    pub fn elements<'a>(
        self,
        name_space: &str,
        identifiers: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        identifiers
            .into_iter()
            .fold(self, |request, id| request.element(name_space, id, false))
    }
}

impl DocRequest {
    /// A document request for `items_request`, without reader authentication.
    pub fn new(items_request: ItemsRequest) -> Self {
        Self {
            items_request: TaggedCbor::new(items_request),
            reader_auth: None,
            rest: Vec::new(),
        }
    }
}

impl DeviceRequest {
    /// A version "1.0" device request of `doc_requests`.
    ///
    /// ```
    /// use iso18013::cbor::{Decode, Encode};
    /// use iso18013::doctype::mdl;
    /// use iso18013::request::{DeviceRequest, DocRequest, ItemsRequest};
    ///
    /// let ask = ItemsRequest::new(mdl::DOC_TYPE).elements(mdl::NAME_SPACE, ["age_over_18"]);
    /// let request = DeviceRequest::new(vec![DocRequest::new(ask)]);
    /// assert_eq!(DeviceRequest::from_cbor(&request.to_cbor())?, request);
    /// # Ok::<(), iso18013::cbor::DecodeError>(())
    /// ```
    pub fn new(doc_requests: Vec<DocRequest>) -> Self {
        Self {
            version: String::from("1.0"),
            doc_requests,
            device_request_info: None,
            reader_auth_all: None,
            rest: Vec::new(),
        }
    }
}
