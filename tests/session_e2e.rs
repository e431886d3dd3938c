//! Whole proximity exchanges in memory: issuer -> wallet; wallet QR -> reader; request with
//! reader authentication -> consent to a subset -> response by signature, then by MAC on
//! the same session; and what goes wrong: unknown reader root, tampering, replay, the
//! wrong key, status 10/11/20, messages out of order. Under every backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mdl_world::{NOW, World, at, consent, mdl_request, world_with};
use iso18013::cbor::{Decode, Encode, Value};
use iso18013::crypto::{CryptoProvider, SystemRandom, providers};
use iso18013::doctype::mdl;
use iso18013::engagement::{BleOptions, DeviceRetrievalMethod, RetrievalOptions};
use iso18013::exchange::{ExchangeError, MessageKind};
use iso18013::holder::{DeviceAuthChoice, HolderEngagement, Next, ReaderIdentity};
use iso18013::reader::Reader;
use iso18013::session::{SessionData, SessionStatus};
use iso18013::verify::{Answer, DeviceAuthKind, ElementOutcome, Policy, Signer};
use iso18013::x509::TrustStore;

fn world(provider: &'static dyn CryptoProvider) -> World {
    world_with(
        provider,
        vec![
            ("family_name", Value::from("Doe")),
            ("given_name", Value::from("Jane")),
            (
                "birth_date",
                Value::Tag(1004, Box::new(Value::from("1990-05-01"))),
            ),
            ("age_over_18", Value::Bool(true)),
            ("issuing_country", Value::from("US")),
        ],
    )
}

fn ble() -> Vec<DeviceRetrievalMethod> {
    vec![DeviceRetrievalMethod {
        version: 1,
        options: RetrievalOptions::Ble(BleOptions {
            central_client_mode: true,
            central_client_uuid: Some([0x45; 16]),
            ..BleOptions::default()
        }),
    }]
}

#[test]
fn a_whole_exchange_discloses_exactly_what_was_consented() {
    for provider in providers() {
        let w = world(provider);
        let policy = Policy::new(provider);
        let mut rng = SystemRandom(provider);
        let holder = HolderEngagement::new(provider, ble(), &mut rng).unwrap();
        let uri = holder.uri();
        assert!(uri.starts_with("mdoc:"));

        let reader = Reader::new(w.iaca_trust.clone(), policy.clone())
            .with_reader_authentication(w.reader_auth.clone());
        let engaged = reader.scan(&uri).unwrap();
        assert!(matches!(
            engaged.retrieval_methods()[0].options,
            RetrievalOptions::Ble(_)
        ));
        let (awaiting, establishment) = engaged
            .request(
                vec![mdl_request(&[
                    "family_name",
                    "given_name",
                    "age_over_18",
                    "portrait",
                ])],
                &mut rng,
            )
            .unwrap();

        let received = holder
            .accept(&establishment, &w.reader_roots, &policy, at(NOW))
            .unwrap();
        let asked = &received.requested()[0];
        assert_eq!(asked.elements[0].1.len(), 4);
        let ReaderIdentity::Verified(who) = &asked.reader else {
            panic!("{:?}", asked.reader)
        };
        assert_eq!(who.chain().leaf().subject_common_name(), Some("Reader"));
        assert_eq!(received.transcript(), awaiting.transcript());

        // The holder consents to two of the four, and tries to slip in one not requested.
        let (next, session_data) = received
            .respond(
                &consent(&["given_name", "age_over_18", "birth_date"]),
                &w.wallet,
                DeviceAuthChoice::Signature,
            )
            .unwrap();
        let (answer, responded) = awaiting.receive(&session_data, at(NOW)).unwrap();
        // Authentic but incomplete: two of the four asked were not given; the element
        // slipped in unasked was not disclosed.
        let Answer::Incomplete {
            response: verified,
            comparison,
        } = answer
        else {
            panic!("expected an incomplete answer")
        };
        let outcomes: Vec<(&str, ElementOutcome)> = comparison.requests[0].documents[0]
            .elements
            .iter()
            .map(|e| (e.identifier.as_str(), e.outcome))
            .collect();
        let given = ElementOutcome::Returned(Signer::Issuer);
        assert_eq!(
            outcomes[1..3],
            [("given_name", given), ("age_over_18", given)]
        );
        assert!(!matches!(outcomes[0].1, ElementOutcome::Returned(_)));
        assert!(!matches!(outcomes[3].1, ElementOutcome::Returned(_)));
        assert_eq!(comparison.unrequested_elements().count(), 0);
        let doc = &verified.documents()[0];
        assert_eq!(doc.device_auth(), DeviceAuthKind::Signature);
        let disclosed: Vec<&str> = doc.issuer_signed()[0]
            .1
            .iter()
            .map(|(id, _)| id.as_str())
            .collect();
        assert_eq!(disclosed, ["given_name", "age_over_18"]);
        assert_eq!(
            doc.element(mdl::NAME_SPACE, "given_name"),
            Some(&Value::from("Jane"))
        );

        // A second request on the same session, answered with a MAC.
        let (awaiting, request) = responded
            .request_more(vec![mdl_request(&["family_name"])])
            .unwrap();
        let Next::Request(received) = next
            .receive(&request, &w.reader_roots, &policy, at(NOW))
            .unwrap()
        else {
            panic!("expected a request")
        };
        let (next, session_data) = received
            .respond(&consent(&["family_name"]), &w.wallet, DeviceAuthChoice::Mac)
            .unwrap();
        let (answer, responded) = awaiting.receive(&session_data, at(NOW)).unwrap();
        let verified = answer.into_complete().unwrap();
        assert_eq!(verified.documents()[0].device_auth(), DeviceAuthKind::Mac);
        // The reader validated the document signer's chain once and took it from its cache
        // the second time.
        let stats = reader.cache().stats();
        assert_eq!((stats.hits, stats.misses), (1, 1));
        assert_eq!(
            verified.documents()[0].element(mdl::NAME_SPACE, "family_name"),
            Some(&Value::from("Doe"))
        );

        // The reader ends the session; the holder sees it end.
        let end = responded.terminate();
        assert_eq!(SessionData::from_cbor(&end).unwrap().status, Some(20));
        assert!(matches!(
            next.receive(&end, &w.reader_roots, &policy, at(NOW))
                .unwrap(),
            Next::Ended
        ));
    }
}

#[test]
fn the_reader_chooses_a_ble_mode_it_can_play() {
    use iso18013::engagement::{BleMode, choose_ble, random_service_uuid};
    let provider = providers()[0];
    let w = world(provider);
    let mut rng = SystemRandom(provider);
    let uuid = random_service_uuid(&mut rng).unwrap();
    assert_eq!(
        (uuid[6] >> 4, uuid[8] >> 6),
        (4, 2),
        "version 4, RFC 4122 variant"
    );
    let reader = Reader::new(w.iaca_trust.clone(), Policy::new(provider));
    let both = HolderEngagement::new(
        provider,
        vec![DeviceRetrievalMethod::ble(BleOptions::both(uuid))],
        &mut rng,
    )
    .unwrap();
    let engaged = reader.scan(&both.uri()).unwrap();
    let choice = engaged
        .choose_ble(&[BleMode::PeripheralServer, BleMode::CentralClient])
        .unwrap();
    assert_eq!(
        (choice.mode, choice.service_uuid),
        (BleMode::PeripheralServer, uuid)
    );
    let central = HolderEngagement::new(provider, ble(), &mut rng).unwrap();
    let engaged = reader.scan(&central.uri()).unwrap();
    assert_eq!(engaged.choose_ble(&[BleMode::PeripheralServer]), None);
    assert_eq!(
        engaged
            .choose_ble(&[BleMode::PeripheralServer, BleMode::CentralClient])
            .unwrap()
            .mode,
        BleMode::CentralClient
    );
    assert_eq!(choose_ble(&[], &[BleMode::CentralClient]), None);
}

#[test]
fn requests_without_or_with_untrusted_reader_authentication_reach_consent_marked() {
    let provider = providers()[0];
    let w = world(provider);
    let policy = Policy::new(provider);
    let mut rng = SystemRandom(provider);
    // No reader authentication.
    let holder = HolderEngagement::new(provider, ble(), &mut rng).unwrap();
    let reader = Reader::new(w.iaca_trust.clone(), policy.clone());
    let (_, establishment) = reader
        .scan(&holder.uri())
        .unwrap()
        .request(vec![mdl_request(&["family_name"])], &mut rng)
        .unwrap();
    let received = holder
        .accept(&establishment, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    assert!(matches!(
        received.requested()[0].reader,
        ReaderIdentity::Unauthenticated
    ));
    // Reader authentication under a root the holder does not know.
    let holder = HolderEngagement::new(provider, ble(), &mut rng).unwrap();
    let reader = Reader::new(w.iaca_trust.clone(), policy.clone())
        .with_reader_authentication(w.reader_auth.clone());
    let (_, establishment) = reader
        .scan(&holder.uri())
        .unwrap()
        .request(vec![mdl_request(&["family_name"])], &mut rng)
        .unwrap();
    let received = holder
        .accept(&establishment, &TrustStore::new(), &policy, at(NOW))
        .unwrap();
    assert!(
        matches!(received.requested()[0].reader, ReaderIdentity::Failed(_)),
        "{:?}",
        received.requested()[0].reader
    );
}

#[test]
fn what_goes_wrong_is_caught_and_typed() {
    let provider = providers()[0];
    let w = world(provider);
    let policy = Policy::new(provider);
    let mut rng = SystemRandom(provider);
    let reader = Reader::new(w.iaca_trust.clone(), policy.clone());
    let start = |rng: &mut SystemRandom<'_>| {
        let holder = HolderEngagement::new(provider, ble(), rng).unwrap();
        let (awaiting, establishment) = reader
            .scan(&holder.uri())
            .unwrap()
            .request(vec![mdl_request(&["family_name"])], rng)
            .unwrap();
        (holder, awaiting, establishment)
    };

    // Tampered ciphertext: the reader cannot decrypt, and answers status 10.
    let (holder, awaiting, establishment) = start(&mut rng);
    let received = holder
        .accept(&establishment, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    let (_, session_data) = received
        .respond(
            &consent(&["family_name"]),
            &w.wallet,
            DeviceAuthChoice::Signature,
        )
        .unwrap();
    let mut message = SessionData::from_cbor(&session_data).unwrap();
    let data = message.data.as_mut().unwrap();
    data[5] ^= 0x80;
    let err = awaiting.receive(&message.to_cbor(), at(NOW)).unwrap_err();
    assert_eq!(err, ExchangeError::Decrypt);
    assert_eq!(err.status_for_peer(), Some(SessionStatus::EncryptionError));

    // A replayed request: the second copy does not decrypt.
    let (holder, awaiting, establishment) = start(&mut rng);
    let received = holder
        .accept(&establishment, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    let (next, session_data) = received
        .respond(
            &consent(&["family_name"]),
            &w.wallet,
            DeviceAuthChoice::Signature,
        )
        .unwrap();
    let (_, responded) = awaiting.receive(&session_data, at(NOW)).unwrap();
    let (_, request) = responded
        .request_more(vec![mdl_request(&["given_name"])])
        .unwrap();
    let Next::Request(again) = next
        .receive(&request, &w.reader_roots, &policy, at(NOW))
        .unwrap()
    else {
        panic!()
    };
    let (next, _) = again
        .respond(
            &consent(&["given_name"]),
            &w.wallet,
            DeviceAuthChoice::Signature,
        )
        .unwrap();
    assert_eq!(
        next.receive(&request, &w.reader_roots, &policy, at(NOW))
            .unwrap_err(),
        ExchangeError::Decrypt
    );

    // The wrong session key: an establishment made for another holder's engagement.
    let (_, _, other_establishment) = start(&mut rng);
    let (holder, _, _) = start(&mut rng);
    assert_eq!(
        holder
            .accept(&other_establishment, &w.reader_roots, &policy, at(NOW))
            .unwrap_err(),
        ExchangeError::Decrypt
    );

    // Status 10 and 11 from the holder, and termination before any response.
    for (status, expected) in [
        (
            SessionStatus::EncryptionError,
            ExchangeError::PeerStatus(10),
        ),
        (SessionStatus::DecodingError, ExchangeError::PeerStatus(11)),
        (SessionStatus::Termination, ExchangeError::Terminated),
    ] {
        let (_, awaiting, _) = start(&mut rng);
        let message = iso18013::exchange::status_message(status);
        assert_eq!(awaiting.receive(&message, at(NOW)).unwrap_err(), expected);
    }

    // A malformed request makes the holder answer status 11.
    let (holder, _, _) = start(&mut rng);
    let err = holder
        .accept(&[0xa1, 0x01], &w.reader_roots, &policy, at(NOW))
        .unwrap_err();
    assert!(matches!(err, ExchangeError::Decode(_)));
    assert_eq!(
        SessionData::from_cbor(&err.status_message().unwrap())
            .unwrap()
            .status,
        Some(11)
    );

    // Messages out of order: "expected X, got Y".
    let (holder, awaiting, establishment) = start(&mut rng);
    let end = iso18013::exchange::status_message(SessionStatus::Termination);
    assert_eq!(
        holder
            .accept(&end, &w.reader_roots, &policy, at(NOW))
            .unwrap_err(),
        ExchangeError::UnexpectedMessage {
            expected: MessageKind::SessionEstablishment,
            got: MessageKind::SessionData
        }
    );
    assert_eq!(
        awaiting.receive(&establishment, at(NOW)).unwrap_err(),
        ExchangeError::UnexpectedMessage {
            expected: MessageKind::SessionData,
            got: MessageKind::SessionEstablishment
        }
    );
}

#[test]
fn the_reader_verifies_what_it_receives_at_its_own_time() {
    let provider = providers()[0];
    let w = world(provider);
    let policy = Policy::new(provider);
    let mut rng = SystemRandom(provider);
    let reader = Reader::new(w.iaca_trust.clone(), policy.clone());
    let holder = HolderEngagement::new(provider, ble(), &mut rng).unwrap();
    let (awaiting, establishment) = reader
        .scan(&holder.uri())
        .unwrap()
        .request(vec![mdl_request(&["family_name"])], &mut rng)
        .unwrap();
    let received = holder
        .accept(&establishment, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    // Received after the document and its signer expired: the reader rejects it.
    let (_, session_data) = received
        .respond(
            &consent(&["family_name"]),
            &w.wallet,
            DeviceAuthChoice::Signature,
        )
        .unwrap();
    let err = awaiting
        .receive(&session_data, at("2027-02-01T00:00:00Z"))
        .unwrap_err();
    assert!(matches!(err, ExchangeError::Verify(_)), "{err}");
}
