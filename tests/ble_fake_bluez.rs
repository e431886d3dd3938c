//! The real btleplug (bluez-async, dbus-rs, vendored libdbus) against a fake BlueZ
//! (python-dbusmock, `tests/fake_bluez/mdoc_bluez.py`) on a private dbus-daemon: scan,
//! connect, discovery, MTU, the mdoc characteristics in both modes, chunked echo of
//! 0 B to 64 KiB, and faults (Connect failing, services never resolving, a dropped or
//! duplicated notification, the peer dropping the link mid-message). The framing here is
//! the trivial inline one of the test, not the crate's. See `tests/ble_fake/mod.rs`.
//!
//! A module of the `ble_fake_bluez` test binary: its root, `tests/tier/ble_fake_bluez.rs`, runs
//! these cases under the tier harness (`tests/tier/mod.rs`): ignored with the reason when
//! the fake BlueZ's tools are missing, failed then under `BLE_FAKE_REQUIRED=1`.
// Test code: a panic is a failed test, not a crash on input; the harness reports on stderr.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr
)]
#![cfg(all(target_os = "linux", feature = "ble"))]

use crate::ble_fake;
use crate::tier;

use ble_fake::{Received, char_uuid, characteristic, connect, receive_message, write_message};
use btleplug::api::{Central as _, Peripheral as _, WriteType};
use uuid::Uuid;

const SERVICE: &str = "5a1d6b0e-3f5c-4c0e-9d2e-7f1b8c9a0e11";

fn service() -> Uuid {
    Uuid::parse_str(SERVICE).unwrap()
}

fn params(extra: &str) -> String {
    let extra = if extra.is_empty() {
        String::new()
    } else {
        format!(", {extra}")
    };
    format!(r#"{{"service_uuid": "{SERVICE}"{extra}}}"#)
}

/// A message whose bytes all differ from their neighbours' (so loss and duplication show).
fn message(len: usize) -> Vec<u8> {
    (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect()
}

async fn check_mtu(mtu: Option<u16>) {
    let adapter = ble_fake::adapter().await;
    let p = connect(&adapter, service()).await;
    for n in 1..=3 {
        characteristic(&p, char_uuid(n));
    }
    assert_eq!(p.mtu(), mtu.unwrap_or(23));
    p.disconnect().await.unwrap();
}

fn ble_mtu_23() {
    ble_fake::run("ble_mtu_23", &params(r#""mtu": 23"#), || {
        check_mtu(Some(23))
    });
}

fn ble_mtu_185() {
    ble_fake::run("ble_mtu_185", &params(r#""mtu": 185"#), || {
        check_mtu(Some(185))
    });
}

fn ble_mtu_517() {
    ble_fake::run("ble_mtu_517", &params(r#""mtu": 517"#), || {
        check_mtu(Some(517))
    });
}

fn ble_mtu_absent_falls_back_to_23() {
    ble_fake::run(
        "ble_mtu_absent_falls_back_to_23",
        &params(r#""mtu": null"#),
        || check_mtu(None),
    );
}

/// Subscribes, writes State 0x01, sends `sent` and returns how the receive loop ended.
async fn exchange(sent: &[u8]) -> Received {
    exchange_in(1, sent).await
}

/// `exchange` with State, Client2Server, Server2Client at `first`, `first + 1`, `first + 2`
/// (1 in peripheral server mode, 5 in central client mode).
async fn exchange_in(first: u32, sent: &[u8]) -> Received {
    let adapter = ble_fake::adapter().await;
    let mut events = adapter.events().await.unwrap();
    let p = connect(&adapter, service()).await;
    let mtu = usize::from(p.mtu());
    let state = characteristic(&p, char_uuid(first));
    let c2s = characteristic(&p, char_uuid(first + 1));
    let s2c = characteristic(&p, char_uuid(first + 2));
    let mut notifications = p.notifications().await.unwrap();
    p.subscribe(&s2c).await.unwrap();
    p.subscribe(&state).await.unwrap();
    p.write(&state, &[0x01], WriteType::WithoutResponse)
        .await
        .unwrap();
    // A failed write (the peer gone) is seen by the receive loop as the disconnect.
    let _ = write_message(&p, &c2s, sent, mtu).await;
    receive_message(&p, &mut events, &mut notifications, s2c.uuid).await
}

async fn echo(len: usize) {
    let sent = message(len);
    match exchange(&sent).await {
        Received::Message(got) => assert!(got == sent, "echo of {len} B differs"),
        other => panic!("no echo: {other:?}"),
    }
}

fn ble_echo_0_bytes() {
    ble_fake::run("ble_echo_0_bytes", &params(r#""mtu": 185"#), || echo(0));
}

fn ble_echo_100_bytes() {
    ble_fake::run("ble_echo_100_bytes", &params(r#""mtu": 23"#), || echo(100));
}

fn ble_echo_64_kib() {
    ble_fake::run("ble_echo_64_kib", &params(r#""mtu": 517"#), || echo(65536));
}

fn ble_echo_64_kib_at_mtu_23() {
    ble_fake::run("ble_echo_64_kib_at_mtu_23", &params(r#""mtu": 23"#), || {
        echo(65536)
    });
}

fn ble_central_mode_echo() {
    ble_fake::run(
        "ble_central_mode_echo",
        &params(r#""mode": "central", "mtu": 185"#),
        || async {
            let sent = message(1000);
            match exchange_in(5, &sent).await {
                Received::Message(got) => assert!(got == sent, "echo differs"),
                other => panic!("no echo: {other:?}"),
            }
        },
    );
}

fn ble_write_with_response_to_client2server_is_rejected() {
    ble_fake::run(
        "ble_write_with_response_to_client2server_is_rejected",
        &params(""),
        || async {
            let adapter = ble_fake::adapter().await;
            let p = connect(&adapter, service()).await;
            let c2s = characteristic(&p, char_uuid(2));
            let err = p.write(&c2s, &[0x00], WriteType::WithResponse).await;
            assert!(
                err.is_err(),
                "a write request to Client2Server was accepted"
            );
        },
    );
}

fn ble_central_mode_reads_ident() {
    const IDENT: &str = "00112233445566778899aabbccddeeff";
    ble_fake::run(
        "ble_central_mode_reads_ident",
        &params(&format!(r#""mode": "central", "ident": "{IDENT}""#)),
        || async {
            let adapter = ble_fake::adapter().await;
            let p = connect(&adapter, service()).await;
            for n in 5..=7 {
                characteristic(&p, char_uuid(n));
            }
            let ident = characteristic(&p, char_uuid(8));
            let value = ble_fake::within("read Ident", p.read(&ident))
                .await
                .unwrap();
            assert_eq!(hex::encode(value), IDENT);
            p.disconnect().await.unwrap();
        },
    );
}

fn ble_connect_failure_is_an_error() {
    ble_fake::run(
        "ble_connect_failure_is_an_error",
        &params(r#""connect_fails": true"#),
        || async {
            let adapter = ble_fake::adapter().await;
            let p = ble_fake::scan(&adapter, service()).await;
            let result = ble_fake::within("connect", p.connect()).await;
            let err = result.expect_err("Connect should fail");
            assert!(
                err.to_string().contains("le-connection-abort-by-local"),
                "{err}"
            );
        },
    );
}

fn ble_services_never_resolving_hits_our_timeout() {
    ble_fake::run(
        "ble_services_never_resolving_hits_our_timeout",
        &params(r#""never_resolve": true"#),
        || async {
            let adapter = ble_fake::adapter().await;
            let p = ble_fake::scan(&adapter, service()).await;
            // Our bound, not bluez-async's 30 s, ends the wait.
            let result = tokio::time::timeout(ble_fake::STEP_TIMEOUT, p.connect()).await;
            assert!(
                result.is_err(),
                "connect ended without ServicesResolved: {result:?}"
            );
        },
    );
}

fn ble_dropped_notification_gives_a_wrong_message_not_a_hang() {
    ble_fake::run(
        "ble_dropped_notification_gives_a_wrong_message_not_a_hang",
        &params(r#""mtu": 23, "drop_notification": 3"#),
        || async {
            let sent = message(1000);
            match exchange(&sent).await {
                Received::Message(got) => {
                    assert_eq!(got.len(), sent.len() - 19);
                    assert!(got != sent);
                }
                other => panic!("{other:?}"),
            }
        },
    );
}

fn ble_duplicated_notification_gives_a_wrong_message() {
    ble_fake::run(
        "ble_duplicated_notification_gives_a_wrong_message",
        &params(r#""mtu": 23, "duplicate_notification": 2"#),
        || async {
            let sent = message(1000);
            match exchange(&sent).await {
                Received::Message(got) => {
                    assert_eq!(got.len(), sent.len() + 19);
                    assert!(got != sent);
                }
                other => panic!("{other:?}"),
            }
        },
    );
}

fn ble_peer_disconnecting_mid_message_ends_the_receive_loop() {
    ble_fake::run(
        "ble_peer_disconnecting_mid_message_ends_the_receive_loop",
        &params(r#""mtu": 23, "disconnect_after_writes": 3"#),
        || async {
            match exchange(&message(1000)).await {
                Received::Disconnected(partial) => assert!(partial.is_empty()),
                other => panic!("{other:?}"),
            }
        },
    );
}

/// The libtest-mimic harness: each test runs, is ignored with the reason when the fake
/// BlueZ's tools are missing, or fails then under `BLE_FAKE_REQUIRED=1`.
pub(crate) fn main() -> ! {
    tier::run(
        &ble_fake::FAKE_BLUEZ,
        tier::cases![
            ble_mtu_23,
            ble_mtu_185,
            ble_mtu_517,
            ble_mtu_absent_falls_back_to_23,
            ble_echo_0_bytes,
            ble_echo_100_bytes,
            ble_echo_64_kib,
            ble_echo_64_kib_at_mtu_23,
            ble_central_mode_echo,
            ble_write_with_response_to_client2server_is_rejected,
            ble_central_mode_reads_ident,
            ble_connect_failure_is_an_error,
            ble_services_never_resolving_hits_our_timeout,
            ble_dropped_notification_gives_a_wrong_message_not_a_hang,
            ble_duplicated_notification_gives_a_wrong_message,
            ble_peer_disconnecting_mid_message_ends_the_receive_loop,
        ],
    )
}
