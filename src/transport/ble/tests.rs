//! The BLE core in isolation: UUIDs, framing errors, State values, and each side's state
//! machine fed events by hand.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::vec;
use alloc::vec::Vec;

use super::framing::{self, DEFAULT_MAX_MESSAGE};
use super::uuids::{self, format_uuid, parse_uuid};
use super::*;
use crate::cbor::Encode;
use crate::engagement::BleMode;
use crate::session::SessionData;

const IDENT: [u8; 16] = [0x8d; 16];

fn received(characteristic: Characteristic, value: &[u8]) -> Event {
    Event::Received {
        characteristic,
        value: value.to_vec(),
    }
}

fn status_20() -> Vec<u8> {
    SessionData {
        data: None,
        status: Some(20),
        rest: Vec::new(),
    }
    .to_cbor()
}

#[test]
fn ble_uuids_match_the_spec_text() {
    let table = [
        (
            uuids::PERIPHERAL_SERVER_STATE,
            "00000001-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::PERIPHERAL_SERVER_CLIENT2SERVER,
            "00000002-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::PERIPHERAL_SERVER_SERVER2CLIENT,
            "00000003-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::PERIPHERAL_SERVER_L2CAP,
            "0000000a-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::CENTRAL_CLIENT_STATE,
            "00000005-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::CENTRAL_CLIENT_CLIENT2SERVER,
            "00000006-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::CENTRAL_CLIENT_SERVER2CLIENT,
            "00000007-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::CENTRAL_CLIENT_IDENT,
            "00000008-a123-48ce-896b-4c76973373e6",
        ),
        (
            uuids::CENTRAL_CLIENT_L2CAP,
            "0000000b-a123-48ce-896b-4c76973373e6",
        ),
        (uuids::CCCD, "00002902-0000-1000-8000-00805f9b34fb"),
    ];
    for (uuid, text) in table {
        assert_eq!(format_uuid(&uuid), text);
        assert_eq!(parse_uuid(text), Some(uuid));
        assert_eq!(parse_uuid(&text.to_uppercase()), Some(uuid));
    }
    assert_eq!(parse_uuid("00000001-a123-48ce-896b-4c76973373e"), None);
    assert_eq!(parse_uuid("00000001-a123-48ce-896b_4c76973373e6"), None);
    assert_eq!(parse_uuid("0000000g-a123-48ce-896b-4c76973373e6"), None);
    for mode in [BleMode::PeripheralServer, BleMode::CentralClient] {
        for c in Characteristic::ALL {
            if let Some(uuid) = c.uuid(mode) {
                assert_eq!(Characteristic::from_uuid(mode, &uuid), Some(c));
            }
        }
    }
    assert_eq!(
        Characteristic::from_uuid(BleMode::PeripheralServer, &uuids::CENTRAL_CLIENT_IDENT),
        None
    );
}

#[test]
fn ble_framing_mtu_limits() {
    assert_eq!(max_chunk_payload(23), Ok(19));
    assert_eq!(max_chunk_payload(185), Ok(181));
    assert_eq!(max_chunk_payload(515), Ok(511));
    assert_eq!(max_chunk_payload(516), Ok(511));
    assert_eq!(max_chunk_payload(517), Ok(511));
    assert_eq!(max_chunk_payload(u16::MAX), Ok(511));
    assert_eq!(max_chunk_payload(5), Ok(1));
    for mtu in 0..5 {
        assert_eq!(max_chunk_payload(mtu), Err(FramingError::MtuTooSmall(mtu)));
        assert!(chunk(&[1, 2, 3], mtu).is_err());
    }
}

#[test]
fn ble_framing_errors_are_typed_and_discard_the_partial_message() {
    let mut r = Reassembler::with_limit(10);
    assert_eq!(r.push(&[]), Err(FramingError::EmptyValue));
    assert_eq!(r.push(&[0x01, 1, 2]), Ok(None));
    assert!(r.is_partial());
    assert_eq!(r.push(&[0x02, 3]), Err(FramingError::BadHeader(0x02)));
    assert!(!r.is_partial());
    assert_eq!(r.push(&[0xff]), Err(FramingError::BadHeader(0xff)));
    // Exactly at the limit is fine, one more byte is not.
    assert_eq!(r.push(&[0x01, 0, 1, 2, 3, 4]), Ok(None));
    assert_eq!(r.push(&[0x00, 5, 6, 7, 8, 9]), Ok(Some((0..10).collect())));
    assert_eq!(r.push(&[0x01; 8]), Ok(None));
    assert_eq!(
        r.push(&[0x00, 1, 2, 3, 4]),
        Err(FramingError::MessageTooLong { limit: 10 })
    );
    // A fresh message after the failure.
    assert_eq!(r.push(&[0x00, 42]), Ok(Some(vec![42])));
    assert_eq!(r.push(&[0x00]), Ok(Some(Vec::new())));
    assert_eq!(Reassembler::new().limit(), DEFAULT_MAX_MESSAGE);
}

#[test]
fn ble_framing_accepts_short_chunks_and_bounds_memory() {
    let mut r = Reassembler::with_limit(1000);
    // Non-final chunks of any length, even empty.
    assert_eq!(r.push(&[0x01, 1]), Ok(None));
    assert_eq!(r.push(&[0x01]), Ok(None));
    assert_eq!(r.push(&[0x01, 2, 3]), Ok(None));
    assert_eq!(r.push(&[0x00, 4]), Ok(Some(vec![1, 2, 3, 4])));
    // Memory follows what was received: at most twice, never past the limit.
    let mut received = 0usize;
    for _ in 0..99 {
        assert_eq!(r.push(&[0x01; 10]), Ok(None));
        received += 9;
        assert!(r.capacity() <= (2 * received).min(1000), "{}", r.capacity());
    }
    assert_eq!(
        r.push(&[0x00; 120]),
        Err(FramingError::MessageTooLong { limit: 1000 })
    );
}

#[test]
fn ble_state_values() {
    assert_eq!(State::parse(&[0x01]), Ok(State::Start));
    assert_eq!(State::parse(&[0x02]), Ok(State::End));
    assert_eq!(State::Start.to_value(), [0x01]);
    assert_eq!(State::End.value(), 0x02);
    for b in [0x00, 0x03, 0xff] {
        assert_eq!(State::parse(&[b]), Err(StateError::Unknown(b)));
    }
    assert_eq!(State::parse(&[0x01, 0x01]), Err(StateError::Length(2)));
    assert_eq!(State::parse(&[]), Err(StateError::Length(0)));
}

#[test]
fn ble_roles_follow_the_mode() {
    use BleMode::{CentralClient, PeripheralServer};
    assert_eq!(Side::Mdoc.gatt_role(PeripheralServer), GattRole::Server);
    assert_eq!(Side::Reader.gatt_role(PeripheralServer), GattRole::Client);
    assert_eq!(Side::Mdoc.gatt_role(CentralClient), GattRole::Client);
    assert_eq!(Side::Reader.gatt_role(CentralClient), GattRole::Server);
}

#[test]
fn ble_link_client_in_central_client_mode_checks_ident_then_starts() {
    let mut mdoc = BleLink::new(BleMode::CentralClient, Side::Mdoc, IDENT);
    assert_eq!(mdoc.start(), [Action::Read(Characteristic::Ident)]);
    assert_eq!(mdoc.start(), []);
    let actions = mdoc.handle(Event::IdentRead(IDENT.to_vec())).unwrap();
    assert_eq!(
        actions,
        [
            Action::Subscribe(Characteristic::State),
            Action::Subscribe(Characteristic::Server2Client),
            Action::Write {
                characteristic: Characteristic::State,
                value: vec![0x01]
            },
            Action::Started,
        ]
    );
    assert!(mdoc.is_open());
    // Data now flows over Client2Server writes.
    let actions = mdoc.send(&[7; 30]).unwrap();
    assert_eq!(actions.len(), 2);
    assert!(matches!(
        &actions[0],
        Action::Write { characteristic: Characteristic::Client2Server, value } if value[0] == 1
    ));
}

#[test]
fn ble_link_refuses_a_wrong_ident() {
    for value in [vec![0u8; 16], IDENT[..15].to_vec(), Vec::new()] {
        let mut mdoc = BleLink::new(BleMode::CentralClient, Side::Mdoc, IDENT);
        mdoc.start();
        assert_eq!(
            mdoc.handle(Event::IdentRead(value)),
            Err(BleError::WrongIdent)
        );
        assert_eq!(mdoc.send(&[1]), Err(BleError::Closed));
    }
    // An Ident nobody asked for.
    let mut reader = BleLink::new(BleMode::PeripheralServer, Side::Reader, IDENT);
    reader.start();
    assert_eq!(
        reader.handle(Event::IdentRead(IDENT.to_vec())),
        Err(BleError::UnexpectedEvent("Ident read result"))
    );
}

#[test]
fn ble_link_refuses_data_before_start() {
    // The server before State 0x01.
    let mut mdoc = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, IDENT);
    assert_eq!(mdoc.start(), []);
    assert_eq!(mdoc.send(&[1]), Err(BleError::NotStarted));
    assert_eq!(
        mdoc.handle(received(Characteristic::Client2Server, &[0x00, 1])),
        Err(BleError::DataBeforeStart)
    );
    // The client before its Ident check.
    let mut mdoc = BleLink::new(BleMode::CentralClient, Side::Mdoc, IDENT);
    mdoc.start();
    assert_eq!(
        mdoc.handle(received(Characteristic::Server2Client, &[0x00, 1])),
        Err(BleError::DataBeforeStart)
    );
    // After State 0x01 the server accepts data, and a repeated 0x01 is harmless.
    let mut mdoc = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, IDENT);
    mdoc.start();
    assert_eq!(
        mdoc.handle(received(Characteristic::State, &[0x01])),
        Ok(vec![Action::Started])
    );
    assert_eq!(
        mdoc.handle(received(Characteristic::State, &[0x01])),
        Ok(vec![])
    );
    assert_eq!(
        mdoc.handle(received(Characteristic::Client2Server, &[0x00, 1])),
        Ok(vec![Action::Deliver(vec![1])])
    );
    // A server whose adapter never called start() still opens on State 0x01.
    let mut reader = BleLink::new(BleMode::CentralClient, Side::Reader, IDENT);
    assert_eq!(
        reader.handle(received(Characteristic::State, &[0x01])),
        Ok(vec![Action::Started])
    );
    assert!(reader.is_open());
}

#[test]
fn ble_link_types_protocol_violations() {
    let open_server = || {
        let mut reader = BleLink::new(BleMode::CentralClient, Side::Reader, IDENT);
        reader.start();
        reader
            .handle(received(Characteristic::State, &[0x01]))
            .unwrap();
        reader
    };
    let cases = [
        (
            received(Characteristic::Client2Server, &[0x05, 1]),
            BleError::Framing(FramingError::BadHeader(0x05)),
        ),
        (
            received(Characteristic::Client2Server, &[]),
            BleError::Framing(FramingError::EmptyValue),
        ),
        (
            received(Characteristic::State, &[0x07]),
            BleError::State(StateError::Unknown(0x07)),
        ),
        (
            received(Characteristic::Server2Client, &[0x00]),
            BleError::UnexpectedCharacteristic(Characteristic::Server2Client),
        ),
        (
            received(Characteristic::Ident, &IDENT),
            BleError::UnexpectedCharacteristic(Characteristic::Ident),
        ),
        (
            Event::MtuChanged(4),
            BleError::Framing(FramingError::MtuTooSmall(4)),
        ),
        (Event::Disconnected, BleError::Disconnected),
    ];
    for (event, error) in cases {
        let mut reader = open_server();
        assert_eq!(reader.handle(event), Err(error));
        assert!(!reader.is_open());
        assert_eq!(reader.send(&[1]), Err(BleError::Closed));
    }
    // A message over the limit.
    let mut reader = open_server().with_max_message(4);
    reader
        .handle(received(Characteristic::State, &[0x01]))
        .unwrap();
    assert_eq!(
        reader.handle(received(
            Characteristic::Client2Server,
            &[0x00, 1, 2, 3, 4, 5]
        )),
        Err(BleError::Framing(FramingError::MessageTooLong { limit: 4 }))
    );
}

#[test]
fn ble_link_state_end_terminates() {
    // Received by the client: it disconnects.
    let mut reader = BleLink::new(BleMode::PeripheralServer, Side::Reader, IDENT);
    reader.start();
    assert_eq!(
        reader.handle(received(Characteristic::State, &[0x02])),
        Ok(vec![
            Action::Ended(Termination::EndReceived),
            Action::Disconnect
        ])
    );
    assert_eq!(reader.termination(), Some(Termination::EndReceived));
    // Late values are ignored, the disconnection is expected, sending is refused.
    assert_eq!(
        reader.handle(received(Characteristic::Server2Client, &[0x00, 1])),
        Ok(vec![])
    );
    assert_eq!(reader.handle(Event::Disconnected), Ok(vec![]));
    assert_eq!(reader.send(&[1]), Err(BleError::Closed));
    // Sent by the server: a notification, no disconnect.
    let mut mdoc = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, IDENT);
    mdoc.start();
    mdoc.handle(received(Characteristic::State, &[0x01]))
        .unwrap();
    assert_eq!(
        mdoc.terminate(),
        [
            Action::Notify {
                characteristic: Characteristic::State,
                value: vec![0x02]
            },
            Action::Ended(Termination::EndSent)
        ]
    );
    assert_eq!(mdoc.terminate(), []);
    assert!(Termination::EndReceived.by_peer() && !Termination::EndSent.by_peer());
}

#[test]
fn ble_link_status_20_terminates() {
    let end = status_20();
    assert!(link::is_termination(&end));
    assert!(!link::is_termination(&[0xa1, 0x66]));
    // Received by the server: delivered, then ended.
    let mut mdoc = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, IDENT);
    mdoc.start();
    mdoc.handle(received(Characteristic::State, &[0x01]))
        .unwrap();
    let mut value = vec![0x00];
    value.extend_from_slice(&end);
    assert_eq!(
        mdoc.handle(received(Characteristic::Client2Server, &value)),
        Ok(vec![
            Action::Deliver(end.clone()),
            Action::Ended(Termination::StatusReceived)
        ])
    );
    // Sent by the client: written, then it disconnects.
    let mut reader = BleLink::new(BleMode::PeripheralServer, Side::Reader, IDENT);
    reader.start();
    assert_eq!(
        reader.send(&end),
        Ok(vec![
            Action::Write {
                characteristic: Characteristic::Client2Server,
                value
            },
            Action::Ended(Termination::StatusSent),
            Action::Disconnect
        ])
    );
    assert_eq!(reader.termination(), Some(Termination::StatusSent));
}

#[test]
fn ble_link_chunks_at_the_negotiated_mtu() {
    let mut reader = BleLink::new(BleMode::PeripheralServer, Side::Reader, IDENT);
    assert_eq!(reader.mtu(), framing::DEFAULT_MTU);
    reader.handle(Event::MtuChanged(185)).unwrap();
    reader.start();
    let actions = reader.send(&[3; 400]).unwrap();
    let sizes: Vec<usize> = actions
        .iter()
        .map(|a| match a {
            Action::Write { value, .. } => value.len(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(sizes, [182, 182, 39]);
}
