//! The BLE transport core through the public API: framing properties at MTU 23, 185, 517
//! and at every boundary; the Annex D Ident under every backend; and whole holder/reader
//! exchanges carried over the in-memory link in both modes, with lost, duplicated and
//! refused values ending in typed failures.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::mdl_world::{NOW, World, at, consent, mdl_request, portrait, world};
use proptest::collection::vec as bytes_vec;
use proptest::prelude::*;

use iso18013::cbor::{Decode, Value};
use iso18013::crypto::{SystemRandom, providers};
use iso18013::doctype::mdl;
use iso18013::engagement::{BleMode, BleOptions, DeviceRetrievalMethod, random_service_uuid};
use iso18013::exchange::ExchangeError;
use iso18013::holder::{AwaitingRequest, DeviceAuthChoice, HolderEngagement, Next};
use iso18013::reader::{AwaitingResponse, Reader};
use iso18013::session::SessionData;
use iso18013::transport::ble::framing::{LAST, MORE, chunk_count, max_value_len};
use iso18013::transport::ble::{
    BleError, BleLink, Characteristic, Event, FramingError, Reassembler, Side, Termination,
    ble_ident, check_ble_ident, chunk, max_chunk_payload,
};
use iso18013::transport::memory::{Fault, FaultKind, MemoryError, MemoryLink};
use iso18013::verify::Policy;

const MODES: [BleMode; 2] = [BleMode::PeripheralServer, BleMode::CentralClient];
const MTUS: [u16; 3] = [23, 185, 517];

fn hex(text: &str) -> Vec<u8> {
    hex::decode(text.trim()).unwrap()
}

// ---------------------------------------------------------------------------------------
// Framing

/// Chunks `message`, checks the shape of every value, and reassembles it.
fn check_round_trip(message: &[u8], mtu: u16) -> Vec<Vec<u8>> {
    let values: Vec<Vec<u8>> = chunk(message, mtu).unwrap().collect();
    let payload = max_chunk_payload(mtu).unwrap();
    assert_eq!(values.len(), chunk_count(message.len(), mtu).unwrap());
    let mut reassembler = Reassembler::new();
    for (i, value) in values.iter().enumerate() {
        assert!(value.len() <= max_value_len(mtu).unwrap());
        let last = i + 1 == values.len();
        if last {
            assert_eq!(value[0], LAST);
            assert_eq!(
                reassembler.push(value).unwrap().as_deref(),
                Some(message),
                "mtu {mtu}, {} bytes",
                message.len()
            );
        } else {
            assert_eq!(value[0], MORE);
            assert_eq!(value.len(), payload + 1, "non-final chunks are full");
            assert_eq!(reassembler.push(value).unwrap(), None);
        }
    }
    assert!(!reassembler.is_partial());
    values
}

#[test]
fn ble_framing_boundaries_give_exact_values_and_headers() {
    // (MTU, message length, values, length of the last value)
    let table: &[(u16, usize, usize, usize)] = &[
        (23, 0, 1, 1), // an empty message is [0x00]
        (23, 1, 1, 2),
        (23, 18, 1, 19), // MTU-5
        (23, 19, 1, 20), // MTU-4: one full value of MTU-3 bytes
        (23, 20, 2, 2),  // MTU-3: one byte spills over
        (23, 21, 2, 3),  // MTU-2
        (23, 22, 2, 4),  // MTU-1
        (23, 38, 2, 20),
        (23, 39, 3, 2),
        (185, 0, 1, 1),
        (185, 180, 1, 181), // MTU-5
        (185, 181, 1, 182), // MTU-4
        (185, 182, 2, 2),   // MTU-3
        (185, 183, 2, 3),   // MTU-2
        (185, 184, 2, 4),   // MTU-1
        (517, 0, 1, 1),
        (517, 510, 1, 511),
        (517, 511, 1, 512), // the 512-byte cap: 511 bytes of data
        (517, 512, 2, 2),   // MTU-5
        (517, 513, 2, 3),   // MTU-4
        (517, 514, 2, 4),   // MTU-3
        (517, 515, 2, 5),   // MTU-2
        (517, 516, 2, 6),   // MTU-1
        (517, 1022, 2, 512),
        (517, 1023, 3, 2),
        (5, 0, 1, 1), // the smallest MTU: one data byte per value
        (5, 3, 3, 2),
    ];
    for &(mtu, len, count, last_len) in table {
        let message: Vec<u8> = (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect();
        let values = check_round_trip(&message, mtu);
        assert_eq!(values.len(), count, "mtu {mtu}, {len} bytes");
        assert_eq!(
            values.last().unwrap().len(),
            last_len,
            "mtu {mtu}, {len} bytes"
        );
        let headers: Vec<u8> = values.iter().map(|v| v[0]).collect();
        let mut expected = vec![MORE; count - 1];
        expected.push(LAST);
        assert_eq!(headers, expected);
    }
    // The same boundaries derived from the formula, at more MTUs.
    for mtu in [23u16, 24, 100, 185, 247, 514, 515, 516, 517, 1024] {
        let payload = max_chunk_payload(mtu).unwrap();
        for len in [
            0,
            1,
            payload - 1,
            payload,
            payload + 1,
            2 * payload,
            2 * payload + 1,
        ] {
            let values = check_round_trip(&vec![0x5a; len], mtu);
            assert_eq!(values.len(), len.div_ceil(payload).max(1));
        }
        let m = usize::from(mtu);
        for len in [m - 5, m - 4, m - 3, m - 2, m - 1] {
            check_round_trip(&vec![0xa5; len], mtu);
        }
    }
    assert_eq!(chunk(&[], 4).err(), Some(FramingError::MtuTooSmall(4)));
}

proptest! {
    #[test]
    fn ble_framing_round_trips_at_common_mtus(
        message in bytes_vec(any::<u8>(), 0..3000),
        mtu in prop::sample::select(MTUS.to_vec()),
    ) {
        check_round_trip(&message, mtu);
    }

    #[test]
    fn ble_framing_round_trips_at_any_mtu(
        message in bytes_vec(any::<u8>(), 0..1500),
        mtu in 5u16..=600,
    ) {
        check_round_trip(&message, mtu);
    }

    #[test]
    fn ble_framing_round_trips_several_messages_in_a_row(
        messages in bytes_vec(bytes_vec(any::<u8>(), 0..200), 1..6),
        mtu in prop::sample::select(MTUS.to_vec()),
    ) {
        let mut reassembler = Reassembler::new();
        let mut out = Vec::new();
        for message in &messages {
            for value in chunk(message, mtu).unwrap() {
                out.extend(reassembler.push(&value).unwrap());
            }
        }
        prop_assert_eq!(out, messages);
    }

    #[test]
    fn ble_reassembly_of_arbitrary_values_is_bounded_and_typed(
        values in bytes_vec(bytes_vec(any::<u8>(), 0..40), 0..60),
        limit in 0usize..300,
    ) {
        let mut reassembler = Reassembler::with_limit(limit);
        for value in &values {
            match reassembler.push(value) {
                Ok(Some(message)) => {
                    prop_assert!(message.len() <= limit);
                    check_round_trip(&message, 23);
                }
                Ok(None) => prop_assert!(reassembler.is_partial()),
                Err(FramingError::EmptyValue) => prop_assert!(value.is_empty()),
                Err(FramingError::BadHeader(b)) => prop_assert!(b > 1 && value[0] == b),
                Err(FramingError::MessageTooLong { limit: l }) => prop_assert_eq!(l, limit),
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            prop_assert!(reassembler.capacity() <= limit);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Ident

#[test]
fn ble_ident_matches_annex_d_under_every_backend() {
    let key = hex(include_str!(
        "../test-vectors/iso18013-5-annex-d/edevice_key_bytes.hex"
    ));
    let expected = hex(include_str!(
        "../test-vectors/iso18013-5-annex-d/ble_ident.hex"
    ));
    assert_eq!(expected.len(), 16);
    assert_eq!(
        &key[..2],
        [0xd8, 0x18],
        "the tag-24 bytes, as in the engagement"
    );
    assert!(!providers().is_empty());
    for provider in providers() {
        let ident = ble_ident(provider, &key).unwrap();
        assert_eq!(ident.as_slice(), expected, "{}", provider.name());
        assert_eq!(check_ble_ident(provider, &key, &expected), Ok(()));
        let mut wrong = expected.clone();
        wrong[15] ^= 1;
        assert_eq!(
            check_ble_ident(provider, &key, &wrong),
            Err(BleError::WrongIdent)
        );
        assert_eq!(
            check_ble_ident(provider, &key, &expected[..15]),
            Err(BleError::WrongIdent)
        );
        // Not the inner COSE_Key bytes: the exact tag-24 item.
        assert_ne!(ble_ident(provider, &key[4..]).unwrap(), ident);
    }
}

// ---------------------------------------------------------------------------------------
// Whole exchanges over the in-memory link

/// An engagement in `mode`, the reader engaged with it, and the two sides' Idents.
fn engage(w: &World, mode: BleMode) -> (HolderEngagement, Reader, [u8; 16], [u8; 16]) {
    let mut rng = SystemRandom(w.provider);
    let uuid = random_service_uuid(&mut rng).unwrap();
    let method = DeviceRetrievalMethod::ble(BleOptions::new(mode, uuid));
    let holder = HolderEngagement::new(w.provider, vec![method], &mut rng).unwrap();
    let reader = Reader::new(w.iaca_trust.clone(), Policy::new(w.provider))
        .with_reader_authentication(w.reader_auth.clone());
    let engaged = reader.scan(&holder.uri()).unwrap();
    let choice = engaged.choose_ble(&MODES).unwrap();
    assert_eq!((choice.mode, choice.service_uuid), (mode, uuid));
    let mdoc_ident = ble_ident(
        w.provider,
        holder.engagement().security.e_device_key.encoded(),
    )
    .unwrap();
    let reader_ident = ble_ident(
        w.provider,
        engaged.engagement().security.e_device_key.encoded(),
    )
    .unwrap();
    (holder, reader, mdoc_ident, reader_ident)
}

/// Engages, connects over `link`, carries the request and the holder's response; returns
/// what the reader still has to do with the response as it arrived, if it arrived.
fn request_and_respond<'r>(
    w: &World,
    holder: HolderEngagement,
    reader: &'r Reader,
    link: &mut MemoryLink,
) -> (AwaitingResponse<'r>, Option<Vec<u8>>, AwaitingRequest) {
    let mut rng = SystemRandom(w.provider);
    let policy = Policy::new(w.provider);
    link.connect().unwrap();
    assert!(link.started(Side::Mdoc) && link.started(Side::Reader));
    let (awaiting, establishment) = reader
        .scan(&holder.uri())
        .unwrap()
        .request(
            vec![mdl_request(&["family_name", "age_over_18", "portrait"])],
            &mut rng,
        )
        .unwrap();
    link.send(Side::Reader, &establishment).unwrap();
    let arrived = link.receive(Side::Mdoc).unwrap();
    assert_eq!(arrived, establishment);
    let received = holder
        .accept(&arrived, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    let (next, session_data) = received
        .respond(
            &consent(&["family_name", "age_over_18", "portrait"]),
            &w.wallet,
            DeviceAuthChoice::Signature,
        )
        .unwrap();
    link.send(Side::Mdoc, &session_data).unwrap();
    (awaiting, link.receive(Side::Reader), next)
}

#[test]
fn ble_memory_link_carries_whole_exchanges_in_both_modes_at_every_mtu() {
    for provider in providers() {
        let w = world(provider);
        for mode in MODES {
            for mtu in MTUS {
                let (holder, reader, mdoc_ident, reader_ident) = engage(&w, mode);
                assert_eq!(mdoc_ident, reader_ident);
                let mut link = MemoryLink::new(mode, mtu, mdoc_ident, reader_ident);
                let (awaiting, response, next) =
                    request_and_respond(&w, holder, &reader, &mut link);
                let (answer, responded) = awaiting.receive(&response.unwrap(), at(NOW)).unwrap();
                let verified = answer.into_complete().unwrap();
                let doc = &verified.documents()[0];
                assert_eq!(
                    doc.element(mdl::NAME_SPACE, "family_name"),
                    Some(&Value::from("Doe"))
                );
                assert_eq!(
                    doc.element(mdl::NAME_SPACE, "portrait"),
                    Some(&Value::Bytes(portrait()))
                );
                // The reader ends with status 20: both links end, the GATT client hangs up.
                let end = responded.terminate();
                link.send(Side::Reader, &end).unwrap();
                assert_eq!(link.ended(Side::Reader), Some(Termination::StatusSent));
                assert_eq!(link.ended(Side::Mdoc), Some(Termination::StatusReceived));
                let arrived = link.receive(Side::Mdoc).unwrap();
                assert_eq!(SessionData::from_cbor(&arrived).unwrap().status, Some(20));
                assert!(matches!(
                    next.receive(&arrived, &w.reader_roots, &Policy::new(provider), at(NOW))
                        .unwrap(),
                    Next::Ended
                ));
                assert!(!link.is_connected(), "{mode:?} {mtu}");
                assert_eq!(
                    link.send(Side::Mdoc, &[1]),
                    Err(MemoryError {
                        side: Side::Mdoc,
                        error: BleError::Closed
                    })
                );
            }
        }
    }
}

#[test]
fn ble_memory_lost_or_duplicated_chunks_end_in_a_typed_failure() {
    let w = world(providers()[0]);
    for mode in MODES {
        for kind in [FaultKind::Drop, FaultKind::Duplicate] {
            for mtu in MTUS {
                let (holder, reader, ident, _) = engage(&w, mode);
                let mut link = MemoryLink::new(mode, mtu, ident, ident).with_fault(Fault {
                    to: Side::Reader,
                    chunk: 1,
                    kind,
                });
                let (awaiting, response, _) = request_and_respond(&w, holder, &reader, &mut link);
                let response = response.expect("a middle chunk: the message still completes");
                let err = awaiting.receive(&response, at(NOW)).unwrap_err();
                assert!(
                    matches!(err, ExchangeError::Decode(_) | ExchangeError::Decrypt),
                    "{mode:?} {kind:?} {mtu}: {err:?}"
                );
                // The reader can tell the holder why, over the same link, and hang up.
                let status = err.status_message().unwrap();
                link.send(Side::Reader, &status).unwrap();
                assert!(link.receive(Side::Mdoc).is_some());
                link.terminate(Side::Reader).unwrap();
                assert_eq!(link.ended(Side::Mdoc), Some(Termination::EndReceived));
            }
        }
    }
}

#[test]
fn ble_memory_lost_last_chunk_leaves_nothing_and_the_drop_is_an_error() {
    let w = world(providers()[0]);
    for mode in MODES {
        let (holder, reader, ident, _) = engage(&w, mode);
        // The establishment takes a handful of values at MTU 185; lose its last.
        let mut rng = SystemRandom(w.provider);
        let (_, establishment) = reader
            .scan(&holder.uri())
            .unwrap()
            .request(vec![mdl_request(&["family_name"])], &mut rng)
            .unwrap();
        let last = chunk_count(establishment.len(), 185).unwrap() - 1;
        let mut link = MemoryLink::new(mode, 185, ident, ident).with_fault(Fault {
            to: Side::Mdoc,
            chunk: last,
            kind: FaultKind::Drop,
        });
        link.connect().unwrap();
        link.send(Side::Reader, &establishment).unwrap();
        assert_eq!(link.receive(Side::Mdoc), None);
        assert_eq!(
            link.inject(Side::Mdoc, Event::Disconnected),
            Err(MemoryError {
                side: Side::Mdoc,
                error: BleError::Disconnected
            })
        );
    }
}

#[test]
fn ble_memory_refuses_data_before_start() {
    for mode in MODES {
        let mut link = MemoryLink::new(mode, 23, [1; 16], [1; 16]);
        for side in [Side::Mdoc, Side::Reader] {
            let inbound = match link.link(side).role() {
                iso18013::transport::ble::GattRole::Client => Characteristic::Server2Client,
                iso18013::transport::ble::GattRole::Server => Characteristic::Client2Server,
            };
            let event = Event::Received {
                characteristic: inbound,
                value: vec![0x00, 0xa0],
            };
            assert_eq!(
                link.inject(side, event),
                Err(MemoryError {
                    side,
                    error: BleError::DataBeforeStart
                })
            );
        }
    }
    // A server that is up but has not seen State 0x01.
    let mut mdoc = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, [1; 16]);
    mdoc.start();
    assert_eq!(
        mdoc.handle(Event::Received {
            characteristic: Characteristic::Client2Server,
            value: vec![0x00, 0xa0],
        }),
        Err(BleError::DataBeforeStart)
    );
}

#[test]
fn ble_memory_refuses_a_wrong_ident_in_central_client_mode() {
    let w = world(providers()[0]);
    let (_, _, mdoc_ident, _) = engage(&w, BleMode::CentralClient);
    // A reader that engaged with another holder serves another Ident.
    let (_, _, _, other_ident) = engage(&w, BleMode::CentralClient);
    assert_ne!(mdoc_ident, other_ident);
    let mut link = MemoryLink::new(BleMode::CentralClient, 185, mdoc_ident, other_ident);
    assert_eq!(
        link.connect(),
        Err(MemoryError {
            side: Side::Mdoc,
            error: BleError::WrongIdent
        })
    );
    assert!(!link.started(Side::Mdoc) && !link.started(Side::Reader));
    // Peripheral server mode has no Ident: the same mismatch does not matter there.
    let mut link = MemoryLink::new(BleMode::PeripheralServer, 185, mdoc_ident, other_ident);
    link.connect().unwrap();
    assert!(link.started(Side::Mdoc) && link.started(Side::Reader));
}

#[test]
fn ble_memory_state_end_terminates_either_way() {
    for mode in MODES {
        for side in [Side::Mdoc, Side::Reader] {
            let mut link = MemoryLink::new(mode, 517, [3; 16], [3; 16]);
            link.connect().unwrap();
            link.send(side.peer(), b"before the end").unwrap();
            assert_eq!(link.receive(side).as_deref(), Some(&b"before the end"[..]));
            link.terminate(side).unwrap();
            assert_eq!(link.ended(side), Some(Termination::EndSent));
            assert_eq!(link.ended(side.peer()), Some(Termination::EndReceived));
            assert!(!link.is_connected(), "the GATT client disconnected");
            assert_eq!(
                link.send(side.peer(), b"after"),
                Err(MemoryError {
                    side: side.peer(),
                    error: BleError::Closed
                })
            );
        }
    }
}

#[test]
fn ble_memory_enforces_the_message_limit() {
    let mode = BleMode::PeripheralServer;
    let mut link = MemoryLink::from_links(
        BleLink::new(mode, Side::Mdoc, [0; 16]).with_max_message(100),
        BleLink::new(mode, Side::Reader, [0; 16]),
        23,
    );
    link.connect().unwrap();
    link.send(Side::Reader, &[7; 100]).unwrap();
    assert_eq!(link.receive(Side::Mdoc), Some(vec![7; 100]));
    assert_eq!(
        link.send(Side::Reader, &[7; 101]),
        Err(MemoryError {
            side: Side::Mdoc,
            error: BleError::Framing(FramingError::MessageTooLong { limit: 100 })
        })
    );
}
