//! A verified response read against the request it answers: per requested document and
//! element, returned and verified, declined by the holder, or absent; and what was
//! disclosed without being asked.
//!
//! Verification says a response is *authentic*; only the comparison with the request says
//! it is *complete*. [`Answer`] keeps the two apart: a caller matches on
//! [`Answer::Complete`] or [`Answer::Incomplete`], and reaches the authentic response of an
//! incomplete answer only by name ([`Answer::authentic`]).
//!
//! Documents are matched to document requests by docType. ISO 18013-5 lets a holder
//! return several documents of one docType for one request (a car and a trailer
//! licence), unless the request's `DocRequestInfo` sets `uniqueDocSetRequired` to true:
//! then a second document of that docType makes the answer incomplete
//! ([`DocRequestAnswer::too_many`]). Each document returned is compared on its own with
//! every request for its docType. A request is satisfied when it asks for at least one
//! element, a document returned holds everything it asks, and every document of its
//! docType satisfies some request for that docType (with one request per docType: every
//! document returned holds everything asked). An element is unrequested when no request
//! for the document's docType asks for it. `AlternativeDataElements` and use cases
//! (second edition) are not evaluated: every element of every request is expected.
//!
//! With the `serde` feature, [`Comparison`] serializes as `mdoc verify --request` prints it.

use alloc::string::String;
use alloc::vec::Vec;

use super::{VerifiedDocument, VerifiedResponse};
use crate::cbor::Value;
use crate::doctype::age::{age_over_identifier, answers, nearest_attestation, parse_age_over};
use crate::request::{DeviceRequest, ItemsRequest};

/// Who signed a returned element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signer {
    /// The issuer: the element's digest is in the MSO.
    Issuer,
    /// The device, under the MSO's key authorizations.
    Device,
    /// Both: the issuer and, separately, the device returned an element of this name.
    Both,
}

impl Signer {
    /// A stable name: `issuer`, `device` or `both`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Issuer => "issuer",
            Self::Device => "device",
            Self::Both => "both",
        }
    }
}

/// What became of one requested element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ElementOutcome {
    /// Returned and verified.
    Returned(Signer),
    /// A request for `age_over_NN` answered, as ISO 18013-5 13.4.6 allows, by another
    /// age attestation: `age_over_<age_over>`, `true` at or above NN or `false` at or
    /// below it (the nearest the holder had).
    Attested {
        /// The threshold of the attestation returned.
        age_over: u8,
        /// Who signed it.
        signer: Signer,
    },
    /// Not returned; the holder gave this error code in the document's `errors`.
    Declined(i64),
    /// Neither returned nor declined.
    Absent,
}

impl ElementOutcome {
    /// A stable name: `returned`, `attested`, `declined` or `absent`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Returned(_) => "returned",
            Self::Attested { .. } => "attested",
            Self::Declined(_) => "declined",
            Self::Absent => "absent",
        }
    }
}

/// One requested element and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestedElement {
    /// The namespace.
    pub name_space: String,
    /// The element identifier.
    pub identifier: String,
    /// The reader's intent to retain, as requested.
    pub intent_to_retain: bool,
    /// Returned, declined or absent.
    pub outcome: ElementOutcome,
}

/// An element disclosed without being asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnrequestedElement {
    /// The namespace.
    pub name_space: String,
    /// The element identifier.
    pub identifier: String,
    /// Who signed it.
    pub signer: Signer,
}

/// One document returned for a document request, compared with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentAnswer {
    /// The document's position in the response's `documents`.
    pub document: usize,
    /// Every requested element, in the request's order.
    pub elements: Vec<RequestedElement>,
    /// Elements disclosed in this document that the request did not ask for.
    pub unrequested: Vec<UnrequestedElement>,
}

impl DocumentAnswer {
    /// Whether every requested element was returned (an `age_over_NN` possibly as the
    /// nearest attestation).
    pub fn is_complete(&self) -> bool {
        self.elements.iter().all(|e| {
            matches!(
                e.outcome,
                ElementOutcome::Returned(_) | ElementOutcome::Attested { .. }
            )
        })
    }
}

/// One document request and the documents that answered it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocRequestAnswer {
    /// The request's position in the `DeviceRequest`'s `docRequests`.
    pub request: usize,
    /// The docType asked for.
    pub doc_type: String,
    /// The documents of that docType returned, each compared with the request.
    pub documents: Vec<DocumentAnswer>,
    /// The error code the holder gave for the docType in `documentErrors`, if any.
    pub declined: Option<i64>,
    /// The request's `uniqueDocSetRequired`, when it set one.
    pub unique_doc_set_required: Option<bool>,
    /// Whether the request was satisfied (see [`is_complete`](Self::is_complete)).
    complete: bool,
}

impl DocRequestAnswer {
    /// Whether more documents were returned than the request allows (more than one where
    /// `uniqueDocSetRequired` is true).
    pub fn too_many(&self) -> bool {
        self.unique_doc_set_required == Some(true) && self.documents.len() > 1
    }

    /// Whether the request was satisfied: it asks for at least one element, not more
    /// documents came than it allows, one of them holds every element it asks, and every
    /// document of its docType satisfies some request for that docType.
    pub fn is_complete(&self) -> bool {
        self.complete
    }
}

/// A verified response compared with its request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// One entry per document request, in the request's order.
    pub requests: Vec<DocRequestAnswer>,
    /// Positions in the response's `documents` of the documents whose docType no
    /// request asked for.
    pub unrequested_documents: Vec<usize>,
}

impl Comparison {
    /// Compares `response` with the document requests of `request`.
    pub fn new(response: &VerifiedResponse, request: &DeviceRequest) -> Self {
        let items: Vec<&ItemsRequest> = request
            .doc_requests
            .iter()
            .map(|r| r.items_request.value())
            .collect();
        Self::of_items(response, &items)
    }

    /// Compares `response` with `requests` (as a reader sent them).
    pub fn of_items(response: &VerifiedResponse, requests: &[&ItemsRequest]) -> Self {
        let documents = response.documents();
        let mut answers: Vec<DocRequestAnswer> = requests
            .iter()
            .enumerate()
            .map(|(index, items)| {
                // Every request for this docType says what is asked of its documents.
                let same_type: Vec<&ItemsRequest> = requests
                    .iter()
                    .copied()
                    .filter(|r| r.doc_type == items.doc_type)
                    .collect();
                let answers = documents
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.doc_type() == items.doc_type)
                    .map(|(position, document)| {
                        compare_document(position, document, items, &same_type)
                    })
                    .collect();
                DocRequestAnswer {
                    request: index,
                    doc_type: items.doc_type.clone(),
                    documents: answers,
                    declined: declined_document(response, &items.doc_type),
                    unique_doc_set_required: unique_doc_set_required(items),
                    complete: false,
                }
            })
            .collect();
        // A document satisfies a request when it holds everything the request asks.
        let satisfies = |answer: &DocRequestAnswer, document: usize| {
            answer
                .documents
                .iter()
                .any(|d| d.document == document && d.is_complete())
        };
        let verdicts: Vec<bool> = answers
            .iter()
            .enumerate()
            .map(|(index, answer)| {
                let asks_something = requests
                    .get(index)
                    .is_some_and(|r| r.name_spaces.iter().any(|(_, ids)| !ids.is_empty()));
                let every_document_answers_some_request = answer.documents.iter().all(|d| {
                    answers
                        .iter()
                        .filter(|other| other.doc_type == answer.doc_type)
                        .any(|other| satisfies(other, d.document))
                });
                asks_something
                    && !answer.too_many()
                    && answer.documents.iter().any(DocumentAnswer::is_complete)
                    && every_document_answers_some_request
            })
            .collect();
        for (answer, complete) in answers.iter_mut().zip(verdicts) {
            answer.complete = complete;
        }
        let unrequested_documents = documents
            .iter()
            .enumerate()
            .filter(|(_, d)| !answers.iter().any(|r| r.doc_type == d.doc_type()))
            .map(|(position, _)| position)
            .collect();
        Self {
            requests: answers,
            unrequested_documents,
        }
    }

    /// Whether there was a document request and every one was satisfied.
    pub fn is_complete(&self) -> bool {
        !self.requests.is_empty() && self.requests.iter().all(DocRequestAnswer::is_complete)
    }

    /// Every element disclosed without being asked, with the document it came in (each
    /// document once, however many requests share its docType).
    pub fn unrequested_elements(&self) -> impl Iterator<Item = (usize, &UnrequestedElement)> {
        self.requests
            .iter()
            .enumerate()
            .filter(|(index, r)| {
                // The first request of each docType lists its documents' extra elements.
                !self
                    .requests
                    .iter()
                    .take(*index)
                    .any(|earlier| earlier.doc_type == r.doc_type)
            })
            .flat_map(|(_, r)| &r.documents)
            .flat_map(|d| d.unrequested.iter().map(move |e| (d.document, e)))
    }
}

/// A verified response and its comparison with the request: complete, or authentic but
/// incomplete.
///
/// ```
/// # use iso18013::verify::{Answer, VerifiedResponse};
/// fn admit(answer: Answer) -> Result<VerifiedResponse, String> {
///     match answer {
///         Answer::Complete { response, .. } => Ok(response),
///         Answer::Incomplete { comparison, .. } => Err(format!(
///             "{} of {} document requests unanswered",
///             comparison.requests.iter().filter(|r| !r.is_complete()).count(),
///             comparison.requests.len(),
///         )),
///     }
/// }
/// ```
#[derive(Clone, Debug)]
#[must_use = "an answer may be incomplete: match on it"]
pub enum Answer {
    /// Authentic, and everything asked was returned and verified.
    Complete {
        /// The verified response.
        response: VerifiedResponse,
        /// Its comparison with the request (it may still list unrequested elements).
        comparison: Comparison,
    },
    /// Authentic, but something asked was declined, absent, or returned more often than
    /// the request allows.
    Incomplete {
        /// The verified response: authentic, not complete.
        response: VerifiedResponse,
        /// Its comparison with the request, saying what is missing.
        comparison: Comparison,
    },
}

impl Answer {
    /// Compares `response` with `comparison`'s verdict and files it as complete or not.
    pub(crate) fn new(response: VerifiedResponse, comparison: Comparison) -> Self {
        if comparison.is_complete() {
            Self::Complete {
                response,
                comparison,
            }
        } else {
            Self::Incomplete {
                response,
                comparison,
            }
        }
    }

    /// Compares a verified response with the request it answers.
    pub fn compare(response: VerifiedResponse, request: &DeviceRequest) -> Self {
        let comparison = Comparison::new(&response, request);
        Self::new(response, comparison)
    }

    /// Whether everything asked was returned and verified.
    pub fn is_complete(&self) -> bool {
        matches!(self, Self::Complete { .. })
    }

    /// The verified response when the answer is complete.
    pub fn complete(&self) -> Option<&VerifiedResponse> {
        match self {
            Self::Complete { response, .. } => Some(response),
            Self::Incomplete { .. } => None,
        }
    }

    /// The verified response, complete or not: authentic, nothing more.
    pub fn authentic(&self) -> &VerifiedResponse {
        match self {
            Self::Complete { response, .. } | Self::Incomplete { response, .. } => response,
        }
    }

    /// The comparison with the request.
    pub fn comparison(&self) -> &Comparison {
        match self {
            Self::Complete { comparison, .. } | Self::Incomplete { comparison, .. } => comparison,
        }
    }

    /// The verified response when complete; the whole answer back when not.
    ///
    /// # Errors
    /// The answer itself when it is incomplete.
    pub fn into_complete(self) -> Result<VerifiedResponse, Self> {
        match self {
            Self::Complete { response, .. } => Ok(response),
            incomplete @ Self::Incomplete { .. } => Err(incomplete),
        }
    }

    /// The verified response, complete or not, and the comparison.
    pub fn into_parts(self) -> (VerifiedResponse, Comparison) {
        match self {
            Self::Complete {
                response,
                comparison,
            }
            | Self::Incomplete {
                response,
                comparison,
            } => (response, comparison),
        }
    }
}

/// `document` compared with `items`; its unrequested elements are those no request of
/// `same_type` (every request for its docType) asks for.
fn compare_document(
    position: usize,
    document: &VerifiedDocument,
    items: &ItemsRequest,
    same_type: &[&ItemsRequest],
) -> DocumentAnswer {
    let mut elements = Vec::new();
    for (name_space, requested) in items.name_spaces.iter() {
        for (identifier, intent_to_retain) in requested {
            let attested = || {
                let asked = parse_age_over(identifier)?;
                let age_over = nearest_attestation(asked, attestations(document, name_space))?;
                let signer = signer_of(document, name_space, &age_over_identifier(age_over))?;
                Some(ElementOutcome::Attested { age_over, signer })
            };
            let outcome = match signer_of(document, name_space, identifier) {
                Some(signer) => ElementOutcome::Returned(signer),
                None => attested().unwrap_or_else(|| {
                    declined_element(document, name_space, identifier)
                        .map_or(ElementOutcome::Absent, ElementOutcome::Declined)
                }),
            };
            elements.push(RequestedElement {
                name_space: name_space.clone(),
                identifier: identifier.clone(),
                intent_to_retain: *intent_to_retain,
                outcome,
            });
        }
    }
    let mut unrequested = Vec::new();
    let disclosed = [
        (document.issuer_signed(), Signer::Issuer),
        (document.device_signed(), Signer::Device),
    ];
    for (elements_of, _) in disclosed {
        for (name_space, values) in elements_of.iter() {
            for (identifier, value) in values {
                let asked = same_type.iter().any(|items| {
                    items.name_spaces.get(name_space).is_some_and(|r| {
                        r.iter().any(|(id, _)| {
                            id == identifier || answers_age_request(id, identifier, value)
                        })
                    })
                });
                let listed = unrequested.iter().any(|e: &UnrequestedElement| {
                    e.name_space == *name_space && e.identifier == *identifier
                });
                if !asked && !listed {
                    unrequested.push(UnrequestedElement {
                        name_space: name_space.clone(),
                        identifier: identifier.clone(),
                        signer: signer_of(document, name_space, identifier)
                            .unwrap_or(Signer::Issuer),
                    });
                }
            }
        }
    }
    DocumentAnswer {
        document: position,
        elements,
        unrequested,
    }
}

/// Who signed the element `name_space`/`identifier` of `document`, if it was returned.
fn signer_of(document: &VerifiedDocument, name_space: &str, identifier: &str) -> Option<Signer> {
    let holds = |elements: &super::Elements| {
        elements
            .get(name_space)
            .is_some_and(|values| values.iter().any(|(id, _)| id == identifier))
    };
    match (
        holds(document.issuer_signed()),
        holds(document.device_signed()),
    ) {
        (true, true) => Some(Signer::Both),
        (true, false) => Some(Signer::Issuer),
        (false, true) => Some(Signer::Device),
        (false, false) => None,
    }
}

fn declined_element(
    document: &VerifiedDocument,
    name_space: &str,
    identifier: &str,
) -> Option<i64> {
    document
        .errors()?
        .get(name_space)?
        .iter()
        .find(|(id, _)| id == identifier)
        .map(|(_, code)| *code)
}

fn declined_document(response: &VerifiedResponse, doc_type: &str) -> Option<i64> {
    response
        .document_errors()
        .iter()
        .flatten()
        .find(|(d, _)| d == doc_type)
        .map(|(_, code)| *code)
}

/// `uniqueDocSetRequired` from the request's `DocRequestInfo` (`requestInfo`), when it is
/// a boolean.
fn unique_doc_set_required(items: &ItemsRequest) -> Option<bool> {
    items
        .request_info
        .as_ref()?
        .iter()
        .find(|(key, _)| key == "uniqueDocSetRequired")
        .and_then(|(_, value)| match value {
            Value::Bool(b) => Some(*b),
            _ => None,
        })
}

/// The `age_over_nn` attestations disclosed in `name_space` (issuer- or device-signed).
fn attestations<'d>(
    document: &'d VerifiedDocument,
    name_space: &'d str,
) -> impl Iterator<Item = (u8, bool)> + 'd {
    [document.issuer_signed(), document.device_signed()]
        .into_iter()
        .filter_map(move |elements| elements.get(name_space))
        .flatten()
        .filter_map(|(identifier, value)| match value {
            Value::Bool(b) => Some((parse_age_over(identifier)?, *b)),
            _ => None,
        })
}

/// Whether the disclosed `identifier = value` is an age attestation that answers a
/// request for `requested` (an `age_over_NN`) as 13.4.6 allows.
fn answers_age_request(requested: &str, identifier: &str, value: &Value) -> bool {
    match (parse_age_over(requested), parse_age_over(identifier), value) {
        (Some(asked), Some(nn), Value::Bool(b)) => answers(asked, nn, *b),
        _ => false,
    }
}
