//! Age attestations end to end: issued from the birth date at validFrom, a request for
//! `age_over_NN` answered by the nearest attestation held (ISO 18013-5 13.4.6) and never
//! more, and the reader counting it as answered. Under every backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mdl_world::{NOW, World, at, mdl_request, world_with};
use iso18013::cbor::{Encode, FullDate, TDate, Value};
use iso18013::crypto::providers;
use iso18013::doctype::age::AgeAttestations;
use iso18013::doctype::{Registry, mdl};
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::request::{DeviceRequest, DocRequest};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{ElementOutcome, Policy, ReaderSession, Signer, verify_answer};

/// The mDL world's validFrom.
const VALID_FROM: &str = "2026-01-01T00:00:00Z";

/// A wallet whose mDL holds the age attestations 14, 18 and 21 of someone born on
/// 2009-06-30 (16 at validFrom: 14 true, 18 and 21 false).
fn wallet(provider: &'static dyn iso18013::crypto::CryptoProvider) -> World {
    let birth = FullDate::parse("2009-06-30").unwrap();
    let ages =
        AgeAttestations::at(&birth, &TDate::parse(VALID_FROM).unwrap(), &[14, 18, 21]).unwrap();
    assert_eq!(ages.age_over(), &[(14, true), (18, false), (21, false)]);
    let names: Vec<(String, Value)> = ages.elements();
    let mut elements: Vec<(&str, Value)> = vec![("birth_date", birth.into())];
    elements.extend(names.iter().map(|(id, v)| (id.as_str(), v.clone())));
    world_with(provider, elements)
}

/// What the holder discloses when asked for `ids`, and the reader's outcome for each.
fn ask(w: &World, ids: &[&str]) -> (Vec<(String, Value)>, Vec<ElementOutcome>, bool) {
    let t = SessionTranscript::new(None, None, Handover::Qr);
    let selection: Selection = ids.iter().map(|id| (mdl::NAME_SPACE, *id)).collect();
    let document = present_document(
        &w.wallet[0].issued,
        &selection,
        &w.wallet[0].device_key,
        Default::default(),
        &t,
        DeviceAuthMode::Signature,
        w.provider,
    )
    .unwrap();
    let bytes = DeviceResponse::new(vec![document]).to_cbor();
    let request = DeviceRequest::new(vec![DocRequest::new(mdl_request(ids))]);
    let answer = verify_answer(
        &request,
        &bytes,
        &ReaderSession::new(&t),
        &w.iaca_trust,
        &Policy::new(w.provider),
        at(NOW),
    )
    .unwrap();
    let disclosed = answer.authentic().documents()[0]
        .issuer_signed()
        .get(mdl::NAME_SPACE)
        .cloned()
        .unwrap_or_default();
    let outcomes = answer.comparison().requests[0].documents[0]
        .elements
        .iter()
        .map(|e| e.outcome)
        .collect();
    (disclosed, outcomes, answer.is_complete())
}

#[test]
fn a_request_for_age_over_nn_gets_the_nearest_attestation_and_nothing_more() {
    for provider in providers() {
        let w = wallet(provider);
        let attested = |age_over| ElementOutcome::Attested {
            age_over,
            signer: Signer::Issuer,
        };

        // Asked for 16: no true attestation at or above 16 (18 and 21 are false), none
        // false at or below 16 either: nothing is returned.
        let (disclosed, outcomes, complete) = ask(&w, &["age_over_16"]);
        assert!(disclosed.is_empty(), "{disclosed:?}");
        assert!(!complete);
        assert!(!matches!(
            outcomes[0],
            ElementOutcome::Returned(_) | ElementOutcome::Attested { .. }
        ));

        // Asked for 13: age_over_14 (true), the nearest above.
        let (disclosed, outcomes, complete) = ask(&w, &["age_over_13"]);
        assert_eq!(disclosed, [("age_over_14".to_string(), Value::Bool(true))]);
        assert_eq!(outcomes, [attested(14)]);
        assert!(complete);

        // Asked for 19: age_over_18 (false), the nearest below; 21 is not disclosed.
        let (disclosed, outcomes, complete) = ask(&w, &["age_over_19"]);
        assert_eq!(disclosed, [("age_over_18".to_string(), Value::Bool(false))]);
        assert_eq!(outcomes, [attested(18)]);
        assert!(complete);

        // Asked for an attestation held: itself.
        let (disclosed, outcomes, _) = ask(&w, &["age_over_18"]);
        assert_eq!(disclosed, [("age_over_18".to_string(), Value::Bool(false))]);
        assert_eq!(outcomes, [ElementOutcome::Returned(Signer::Issuer)]);

        // Two requests answered by one attestation disclose it once.
        let (disclosed, outcomes, complete) = ask(&w, &["age_over_12", "age_over_13"]);
        assert_eq!(disclosed, [("age_over_14".to_string(), Value::Bool(true))]);
        assert_eq!(outcomes, [attested(14), attested(14)]);
        assert!(complete);
    }
}

/// Signed on 2026-01-01, valid from 2026-07-01: someone born on 2008-03-01 is 17 when
/// the MSO is signed and 18 at validFrom, which is what the attestations say.
#[test]
fn issued_attestations_are_computed_at_valid_from_not_at_signing() {
    use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
    use iso18013::testing::TestPki;
    for provider in providers() {
        let pki = TestPki::generate(provider, at("2026-01-01T00:00:00Z")).unwrap();
        let date = |t| TDate::parse(t).unwrap();
        let birth = FullDate::parse("2008-03-01").unwrap();
        let validity = Validity::new(
            date("2026-01-01T00:00:00Z"),
            date("2026-07-01T00:00:00Z"),
            date("2027-01-01T00:00:00Z"),
        );
        let mdoc = MdocBuilder::with_required(
            mdl::DOC_TYPE,
            pki.device_key.public_cose_key().unwrap(),
            validity,
        )
        .age_attestations(mdl::NAME_SPACE, &birth, &[18, 21])
        .unwrap();
        let issued = Issuer::from_certificates(core::slice::from_ref(&pki.ds))
            .unwrap()
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                mdoc,
                provider,
                &KeySigner::new(provider, pki.ds_key.clone()),
                &mut iso18013::crypto::SystemRandom(provider),
            )
            .unwrap();
        let held: Vec<(String, Value)> = issued.name_spaces.as_ref().unwrap()[0]
            .1
            .iter()
            .map(|item| (item.element_identifier.clone(), item.element_value.clone()))
            .collect();
        assert_eq!(
            held,
            [
                ("age_over_18".to_string(), Value::Bool(true)),
                ("age_over_21".to_string(), Value::Bool(false)),
                ("age_in_years".to_string(), Value::from(18u64)),
                ("age_birth_year".to_string(), Value::from(2008u64)),
            ]
        );
    }
}
