//! Verification bound to the request: a response compared with what was asked, per
//! document and element (returned, declined, absent), with what was disclosed unasked and
//! the same document returned twice. Under every backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mdl_world::{NOW, World, at, mdl_request, world};
use iso18013::cbor::{Encode, TaggedCbor, Value};
use iso18013::crypto::providers;
use iso18013::doctype::mdl;
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::request::{DeviceRequest, DocRequest, ItemsRequest};
use iso18013::response::{DeviceResponse, Document};
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{
    Answer, ElementOutcome, Policy, ReaderSession, Signer, Verifier, verify_answer,
};

const GIVEN: ElementOutcome = ElementOutcome::Returned(Signer::Issuer);

fn transcript() -> SessionTranscript {
    SessionTranscript::new(None, None, Handover::Qr)
}

/// The wallet's mDL, disclosing `ids` (an id the wallet does not hold is reported in the
/// document's `errors` with code 0).
fn document(w: &World, ids: &[&str]) -> Document {
    let selection: Selection = (
        mdl::NAME_SPACE.to_string(),
        ids.iter().map(|id| id.to_string()).collect(),
    )
        .into();
    present_document(
        &w.wallet[0].issued,
        &selection,
        &w.wallet[0].device_key,
        Default::default(),
        &transcript(),
        DeviceAuthMode::Signature,
        w.provider,
    )
    .unwrap()
}

fn response(documents: Vec<Document>, document_errors: Option<Vec<(String, i64)>>) -> Vec<u8> {
    DeviceResponse {
        version: "1.0".to_string(),
        documents: (!documents.is_empty()).then_some(documents),
        document_errors: document_errors.map(|e| vec![e]),
        status: 0,
        rest: Vec::new(),
    }
    .to_cbor()
}

fn request(items: Vec<ItemsRequest>) -> DeviceRequest {
    DeviceRequest {
        version: "1.0".to_string(),
        doc_requests: items
            .into_iter()
            .map(|items| DocRequest {
                items_request: TaggedCbor::new(items),
                reader_auth: None,
                rest: Vec::new(),
            })
            .collect(),
        device_request_info: None,
        reader_auth_all: None,
        rest: Vec::new(),
    }
}

fn answer(w: &World, request: &DeviceRequest, bytes: &[u8]) -> Answer {
    let t = transcript();
    verify_answer(
        request,
        bytes,
        &ReaderSession::new(&t),
        &w.iaca_trust,
        &Policy::new(w.provider),
        at(NOW),
    )
    .unwrap()
}

fn outcomes(answer: &Answer, document: usize) -> Vec<(&str, ElementOutcome)> {
    answer.comparison().requests[0].documents[document]
        .elements
        .iter()
        .map(|e| (e.identifier.as_str(), e.outcome))
        .collect()
}

#[test]
fn everything_asked_and_returned_is_complete() {
    for provider in providers() {
        let w = world(provider);
        let asked = request(vec![mdl_request(&["family_name", "age_over_18"])]);
        let bytes = response(vec![document(&w, &["family_name", "age_over_18"])], None);
        let got = answer(&w, &asked, &bytes);
        assert!(got.is_complete(), "{:?}", got.comparison());
        assert_eq!(
            outcomes(&got, 0),
            [("family_name", GIVEN), ("age_over_18", GIVEN)]
        );
        assert_eq!(got.comparison().unrequested_elements().count(), 0);
        assert!(got.complete().is_some());
        // The Verifier's call gives the same answer.
        let t = transcript();
        let verifier = Verifier::new(w.iaca_trust.clone(), Policy::new(provider));
        let again = verifier
            .verify_answer(&asked, &bytes, &ReaderSession::new(&t), at(NOW))
            .unwrap();
        assert_eq!(again.comparison(), got.comparison());
        assert!(again.into_complete().is_ok());
    }
}

#[test]
fn an_empty_response_is_authentic_but_incomplete() {
    for provider in providers() {
        let w = world(provider);
        let asked = request(vec![mdl_request(&["family_name"])]);
        let got = answer(&w, &asked, &response(Vec::new(), None));
        let Answer::Incomplete {
            response,
            comparison,
        } = &got
        else {
            panic!("an empty response answered the request")
        };
        assert!(response.documents().is_empty());
        assert!(comparison.requests[0].documents.is_empty());
        assert_eq!(comparison.requests[0].declined, None);
        assert!(got.complete().is_none());
        assert!(got.into_complete().is_err());
    }
}

#[test]
fn a_declined_document_and_a_declined_element_are_reported_with_their_codes() {
    for provider in providers() {
        let w = world(provider);
        // The whole document declined in documentErrors.
        let asked = request(vec![mdl_request(&["family_name"])]);
        let declined = response(Vec::new(), Some(vec![(mdl::DOC_TYPE.to_string(), 0)]));
        let got = answer(&w, &asked, &declined);
        assert!(!got.is_complete());
        assert_eq!(got.comparison().requests[0].declined, Some(0));

        // birth_date is not in the wallet's mDL: the holder reports it in `errors`;
        // given_name is neither returned nor reported.
        let asked = request(vec![mdl_request(&[
            "family_name",
            "birth_date",
            "given_name",
        ])]);
        let bytes = response(vec![document(&w, &["family_name", "birth_date"])], None);
        let got = answer(&w, &asked, &bytes);
        assert!(!got.is_complete());
        assert_eq!(
            outcomes(&got, 0),
            [
                ("family_name", GIVEN),
                ("birth_date", ElementOutcome::Declined(0)),
                ("given_name", ElementOutcome::Absent),
            ]
        );
        assert_eq!(ElementOutcome::Declined(0).name(), "declined");
        assert_eq!(ElementOutcome::Absent.name(), "absent");
    }
}

#[test]
fn elements_and_documents_disclosed_unasked_are_reported_apart() {
    for provider in providers() {
        let w = world(provider);
        let asked = request(vec![mdl_request(&["age_over_18"])]);
        let bytes = response(
            vec![document(&w, &["age_over_18", "family_name", "portrait"])],
            None,
        );
        let got = answer(&w, &asked, &bytes);
        // Complete (everything asked is there), and the extra elements are named.
        assert!(got.is_complete());
        let extra: Vec<(usize, &str, Signer)> = got
            .comparison()
            .unrequested_elements()
            .map(|(doc, e)| (doc, e.identifier.as_str(), e.signer))
            .collect();
        assert_eq!(
            extra,
            [
                (0, "family_name", Signer::Issuer),
                (0, "portrait", Signer::Issuer)
            ]
        );

        // A document of a docType nobody asked for.
        let mut other = mdl_request(&["age_over_18"]);
        other.doc_type = "org.example.other".to_string();
        let got = answer(&w, &request(vec![other]), &bytes);
        assert!(!got.is_complete());
        assert!(got.comparison().requests[0].documents.is_empty());
        assert_eq!(got.comparison().unrequested_documents, [0]);
    }
}

/// ISO 18013-5 (10.2.4, `uniqueDocSetRequired`): a holder may return several documents
/// for one request unless the request requires a unique one. Each document returned is
/// compared on its own.
#[test]
fn the_same_document_twice_is_two_answers_unless_the_request_wants_one() {
    for provider in providers() {
        let w = world(provider);
        let twice = response(
            vec![
                document(&w, &["family_name"]),
                document(&w, &["family_name"]),
            ],
            None,
        );
        // No uniqueDocSetRequired: both documents are compared; complete.
        let asked = request(vec![mdl_request(&["family_name"])]);
        let got = answer(&w, &asked, &twice);
        assert!(got.is_complete(), "{:?}", got.comparison());
        let documents: Vec<usize> = got.comparison().requests[0]
            .documents
            .iter()
            .map(|d| d.document)
            .collect();
        assert_eq!(documents, [0, 1]);
        assert_eq!(outcomes(&got, 1), [("family_name", GIVEN)]);

        // uniqueDocSetRequired false: the same.
        let mut many = mdl_request(&["family_name"]);
        many.request_info = Some(vec![(
            "uniqueDocSetRequired".to_string(),
            Value::Bool(false),
        )]);
        assert!(answer(&w, &request(vec![many]), &twice).is_complete());

        // uniqueDocSetRequired true: one document was asked for, two came back.
        let mut unique = mdl_request(&["family_name"]);
        unique.request_info = Some(vec![(
            "uniqueDocSetRequired".to_string(),
            Value::Bool(true),
        )]);
        let asked = request(vec![unique]);
        let got = answer(&w, &asked, &twice);
        assert!(!got.is_complete());
        assert!(got.comparison().requests[0].too_many());
        // One document is what it wanted.
        let once = response(vec![document(&w, &["family_name"])], None);
        assert!(answer(&w, &asked, &once).is_complete());

        // Every document returned must hold everything asked.
        let uneven = response(
            vec![
                document(&w, &["family_name"]),
                document(&w, &["age_over_18"]),
            ],
            None,
        );
        let got = answer(&w, &request(vec![mdl_request(&["family_name"])]), &uneven);
        assert!(!got.is_complete());
        assert_eq!(outcomes(&got, 1), [("family_name", ElementOutcome::Absent)]);
    }
}

#[test]
fn a_response_that_is_not_authentic_is_an_error_not_an_answer() {
    for provider in providers() {
        let w = world(provider);
        let asked = request(vec![mdl_request(&["family_name"])]);
        let bytes = response(vec![document(&w, &["family_name"])], None);
        let t = transcript();
        let error = verify_answer(
            &asked,
            &bytes,
            &ReaderSession::new(&t),
            &iso18013::x509::TrustStore::new(),
            &Policy::new(provider),
            at(NOW),
        )
        .unwrap_err();
        assert_eq!(error.kind.name(), "untrusted");
    }
}

/// Two requests for one docType, each answered by its own document: complete, and what
/// one request asks is not "unrequested" in the other's document.
#[test]
fn two_requests_for_one_doctype_are_answered_by_two_documents() {
    for provider in providers() {
        let w = world(provider);
        let asked = request(vec![
            mdl_request(&["family_name"]),
            mdl_request(&["portrait"]),
        ]);
        let bytes = response(
            vec![document(&w, &["family_name"]), document(&w, &["portrait"])],
            None,
        );
        let got = answer(&w, &asked, &bytes);
        assert!(got.is_complete(), "{:?}", got.comparison());
        assert_eq!(got.comparison().unrequested_elements().count(), 0);

        // A third document that answers neither request leaves the answer incomplete, and
        // its extra element is listed once.
        let bytes = response(
            vec![
                document(&w, &["family_name"]),
                document(&w, &["portrait"]),
                document(&w, &["age_over_18"]),
            ],
            None,
        );
        let got = answer(&w, &asked, &bytes);
        assert!(!got.is_complete());
        let extra: Vec<(usize, &str)> = got
            .comparison()
            .unrequested_elements()
            .map(|(doc, e)| (doc, e.identifier.as_str()))
            .collect();
        assert_eq!(extra, [(2, "age_over_18")]);
    }
}

/// Nothing asked is never "complete": no request, or a request for no element.
#[test]
fn a_request_for_nothing_is_not_answered_completely() {
    use iso18013::verify::Comparison;
    for provider in providers() {
        let w = world(provider);
        let bytes = response(vec![document(&w, &["family_name"])], None);
        let t = transcript();
        let verified = Verifier::new(w.iaca_trust.clone(), Policy::new(provider))
            .verify(&bytes, &ReaderSession::new(&t), at(NOW))
            .unwrap();
        assert!(!Comparison::of_items(&verified, &[]).is_complete());
        let nothing = ItemsRequest::new(mdl::DOC_TYPE);
        assert!(!Comparison::of_items(&verified, &[&nothing]).is_complete());
        let something = mdl_request(&["family_name"]);
        assert!(Comparison::of_items(&verified, &[&something]).is_complete());
    }
}
