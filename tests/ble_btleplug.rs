//! Whole ISO 18013-5 sessions through the real btleplug, against the fake BlueZ on a
//! private D-Bus (`tests/ble_fake/`), with the fake relaying the GATT traffic to the other
//! side of the exchange, which runs the crate's own holder or reader in this process
//! (`tests/ble_fake/relay.rs`). So a real request and a real, verified response cross
//! btleplug:
//!
//! - the reader as central in mdoc peripheral server mode ([`read_from_peripheral`]) and
//!   the wallet as central in mdoc central client mode ([`present_to_reader`]), each at MTU
//!   23, 185 and 517;
//! - faults, each a typed failure within bounded time and a disconnected link: a lost
//!   middle, a lost last and a duplicated notification, the peer dropping the link
//!   mid-message, State `0x02` from the peer, Connect failing, a missing characteristic, a
//!   wrong Ident, services that never resolve.
//!
//! A module of the `ble_btleplug` test binary: its root, `tests/tier/ble_btleplug.rs`, runs
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
use crate::common;
use crate::tier;

use core::time::Duration;

use ble_fake::relay::{PeerEnd, RelayPeer};
use common::mdl_world::{NOW, World, at, check_disclosed, consent, mdl_request, world};
use iso18013::cbor::Decode;
use iso18013::crypto::{CryptoProvider, SystemRandom, default_provider};
use iso18013::engagement::{BleMode, BleOptions, DeviceRetrievalMethod};
use iso18013::exchange::ExchangeError;
use iso18013::holder::{DeviceAuthChoice, HolderEngagement, ReaderIdentity};
use iso18013::reader::Reader;
use iso18013::session::SessionData;
use iso18013::transport::ble::framing::chunk_count;
use iso18013::transport::ble::{BleError, BleLink, Characteristic, Side, Termination, ble_ident};
use iso18013::transport::ble_central::{
    BleCentralError, Decision, Step, Timeouts, WalletOutcome, WalletSide, first_adapter,
    present_to_reader, read_from_peripheral,
};
use iso18013::verify::{Answer, DeviceAuthKind, Policy};

const SERVICE: &str = "7b2c1f0e-5d4a-4e3b-9c8d-1a2b3c4d5e6f";
const IDS: [&str; 3] = ["family_name", "age_over_18", "portrait"];

fn service() -> [u8; 16] {
    *uuid::Uuid::parse_str(SERVICE).unwrap().as_bytes()
}

/// The fake's parameters: the relay peer in `mode` ("peripheral" or "central"), plus `extra`
/// (JSON members, each preceded by a comma).
fn params(mode: &str, extra: &str) -> String {
    format!(r#"{{"service_uuid": "{SERVICE}", "mode": "{mode}", "peer": "relay"{extra}}}"#)
}

/// Short limits, so that every failure ends quickly.
fn timeouts() -> Timeouts {
    Timeouts {
        scan: Duration::from_secs(5),
        connect: Duration::from_secs(3),
        discovery: Duration::from_secs(3),
        gatt: Duration::from_secs(3),
        reply: Duration::from_secs(10),
        gap: Duration::from_secs(2),
        message: Duration::from_secs(20),
    }
}

fn engagement(provider: &'static dyn CryptoProvider, mode: BleMode) -> HolderEngagement {
    let method = DeviceRetrievalMethod::ble(BleOptions::new(mode, service()));
    HolderEngagement::new(provider, vec![method], &mut SystemRandom(provider)).unwrap()
}

fn reader(w: &World) -> Reader {
    Reader::new(w.iaca_trust.clone(), Policy::new(w.provider))
        .with_reader_authentication(w.reader_auth.clone())
}

// ---------------------------------------------------------------------------------------
// The reader as central, mdoc peripheral server mode; the holder is the relay peer.

/// What the holder does once the reader has connected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum HolderDoes {
    /// Nothing: the reader never gets that far.
    Nothing,
    /// Waits for the reader to disconnect.
    AwaitDisconnect,
    /// Responds with the consented elements (the fake losing the last value if asked).
    Respond { lose_last: bool },
    /// Reads the request and ends the session with State 0x02.
    EndWithState,
}

/// What the holder saw.
#[derive(Debug, Default, PartialEq, Eq)]
struct HolderSaw {
    /// The statuses of the messages that came after its response.
    statuses: Vec<u64>,
    /// How its wait for more ended.
    end: Option<PeerEnd>,
    /// Whether the reader disconnected.
    disconnected: bool,
}

async fn play_holder(
    mut peer: RelayPeer,
    holder: HolderEngagement,
    w: &World,
    mtu: u16,
    does: HolderDoes,
) -> HolderSaw {
    match does {
        HolderDoes::Nothing => return HolderSaw::default(),
        HolderDoes::AwaitDisconnect => {
            return HolderSaw {
                disconnected: peer.central_disconnected().await,
                ..HolderSaw::default()
            };
        }
        HolderDoes::Respond { .. } | HolderDoes::EndWithState => {}
    }
    let policy = Policy::new(w.provider);
    let establishment = peer.receive().await.unwrap();
    let received = holder
        .accept(&establishment, &w.reader_roots, &policy, at(NOW))
        .unwrap();
    assert!(matches!(
        received.requested()[0].reader,
        ReaderIdentity::Verified(_)
    ));
    let mut saw = HolderSaw::default();
    if does == HolderDoes::EndWithState {
        peer.terminate().await;
        saw.disconnected = peer.central_disconnected().await;
        return saw;
    }
    let (next, data) = received
        .respond(&consent(&IDS), &w.wallet, DeviceAuthChoice::Signature)
        .unwrap();
    if does == (HolderDoes::Respond { lose_last: true }) {
        let last = chunk_count(data.len(), mtu).unwrap();
        peer.set_param("drop_notification", last).await;
    }
    peer.send(&data).await;
    let mut after = Vec::new();
    let end = loop {
        match peer.receive().await {
            Ok(message) => after.push(message),
            Err(end) => break end,
        }
    };
    saw.statuses = after
        .iter()
        .map(|m| SessionData::from_cbor(m).unwrap().status.unwrap())
        .collect();
    if let [message] = after.as_slice() {
        let got = next.receive(message, &w.reader_roots, &policy, at(NOW));
        assert!(
            matches!(got, Err(ExchangeError::PeerStatus(10 | 11))),
            "{got:?}"
        );
    }
    saw.end = Some(end);
    saw.disconnected = peer.central_disconnected().await;
    saw
}

/// A reader session over btleplug at `mtu` against a holder that `does` so.
async fn reader_session(
    mtu: u16,
    does: HolderDoes,
) -> (Result<Answer, BleCentralError>, HolderSaw) {
    let w = world(default_provider());
    let holder = engagement(w.provider, BleMode::PeripheralServer);
    let reader = reader(&w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let adapter = first_adapter().await.unwrap();
    let link = BleLink::new(BleMode::PeripheralServer, Side::Mdoc, [0; 16]);
    let peer = RelayPeer::connect(link, mtu).await;
    let mut rng = SystemRandom(w.provider);
    let central = read_from_peripheral(
        &adapter,
        engaged,
        vec![mdl_request(&IDS)],
        &mut rng,
        at(NOW),
        timeouts(),
    );
    tokio::join!(central, play_holder(peer, holder, &w, mtu, does))
}

async fn reader_reads_at(mtu: u16) {
    let (verified, saw) = reader_session(mtu, HolderDoes::Respond { lose_last: false }).await;
    check_disclosed(&verified.unwrap(), DeviceAuthKind::Signature);
    // The reader ends with State 0x02 and hangs up.
    assert_eq!(
        saw,
        HolderSaw {
            statuses: Vec::new(),
            end: Some(PeerEnd::Ended(Termination::EndReceived)),
            disconnected: true,
        }
    );
}

fn ble_reader_peripheral_server_mode_at_mtu_23() {
    let name = "ble_reader_peripheral_server_mode_at_mtu_23";
    ble_fake::run(name, &params("peripheral", r#", "mtu": 23"#), || {
        reader_reads_at(23)
    });
}

fn ble_reader_peripheral_server_mode_at_mtu_185() {
    let name = "ble_reader_peripheral_server_mode_at_mtu_185";
    ble_fake::run(name, &params("peripheral", r#", "mtu": 185"#), || {
        reader_reads_at(185)
    });
}

fn ble_reader_peripheral_server_mode_at_mtu_517() {
    let name = "ble_reader_peripheral_server_mode_at_mtu_517";
    ble_fake::run(name, &params("peripheral", r#", "mtu": 517"#), || {
        reader_reads_at(517)
    });
}

/// A lost or duplicated middle value: the message completes, does not decrypt or decode,
/// and the reader says so (status 10 or 11), ends with State 0x02 and disconnects.
async fn corrupted_response_is_refused() {
    let (result, saw) = reader_session(23, HolderDoes::Respond { lose_last: false }).await;
    let err = result.unwrap_err();
    assert!(
        matches!(
            err,
            BleCentralError::Exchange(ExchangeError::Decrypt | ExchangeError::Decode(_))
        ),
        "{err:?}"
    );
    assert_eq!(saw.statuses.len(), 1, "{saw:?}");
    assert!(matches!(saw.statuses[0], 10 | 11), "{saw:?}");
    assert_eq!(saw.end, Some(PeerEnd::Ended(Termination::EndReceived)));
    assert!(saw.disconnected);
}

fn ble_reader_lost_middle_notification_fails_cleanly() {
    let name = "ble_reader_lost_middle_notification_fails_cleanly";
    let extra = r#", "mtu": 23, "drop_notification": 3"#;
    ble_fake::run(
        name,
        &params("peripheral", extra),
        corrupted_response_is_refused,
    );
}

fn ble_reader_duplicated_notification_fails_cleanly() {
    let name = "ble_reader_duplicated_notification_fails_cleanly";
    let extra = r#", "mtu": 23, "duplicate_notification": 2"#;
    ble_fake::run(
        name,
        &params("peripheral", extra),
        corrupted_response_is_refused,
    );
}

fn ble_reader_lost_last_notification_times_out_between_values() {
    let name = "ble_reader_lost_last_notification_times_out_between_values";
    ble_fake::run(name, &params("peripheral", r#", "mtu": 185"#), || async {
        let (result, saw) = reader_session(185, HolderDoes::Respond { lose_last: true }).await;
        let err = result.unwrap_err();
        assert!(
            matches!(err, BleCentralError::Timeout(Step::Gap)),
            "{err:?}"
        );
        assert_eq!(saw.statuses, Vec::<u64>::new());
        assert_eq!(saw.end, Some(PeerEnd::Disconnected));
        assert!(saw.disconnected);
    });
}

fn ble_reader_peer_dropping_the_link_mid_message() {
    let name = "ble_reader_peer_dropping_the_link_mid_message";
    let extra = r#", "mtu": 23, "disconnect_after_notifications": 4"#;
    ble_fake::run(name, &params("peripheral", extra), || async {
        let (result, saw) = reader_session(23, HolderDoes::Respond { lose_last: false }).await;
        let err = result.unwrap_err();
        assert!(
            matches!(err, BleCentralError::Link(BleError::Disconnected)),
            "{err:?}"
        );
        assert_eq!(saw.end, Some(PeerEnd::Disconnected));
    });
}

fn ble_reader_peer_ending_with_state_end() {
    let name = "ble_reader_peer_ending_with_state_end";
    ble_fake::run(name, &params("peripheral", r#", "mtu": 185"#), || async {
        let (result, saw) = reader_session(185, HolderDoes::EndWithState).await;
        let err = result.unwrap_err();
        assert!(
            matches!(err, BleCentralError::EndedByPeer(Termination::EndReceived)),
            "{err:?}"
        );
        assert!(saw.disconnected, "the reader hangs up after State 0x02");
    });
}

fn ble_reader_connect_failure_is_typed() {
    let name = "ble_reader_connect_failure_is_typed";
    ble_fake::run(
        name,
        &params("peripheral", r#", "connect_fails": true"#),
        || async {
            let (result, _) = reader_session(185, HolderDoes::Nothing).await;
            match result.unwrap_err() {
                BleCentralError::Bluetooth {
                    step: Step::Connect,
                    error,
                } => assert!(error.to_string().contains("le-connection-abort-by-local")),
                other => panic!("{other:?}"),
            }
        },
    );
}

fn ble_reader_missing_characteristic_is_typed_and_disconnects() {
    let name = "ble_reader_missing_characteristic_is_typed_and_disconnects";
    let extra = r#", "omit": ["s2c"]"#;
    ble_fake::run(name, &params("peripheral", extra), || async {
        let (result, saw) = reader_session(185, HolderDoes::AwaitDisconnect).await;
        let err = result.unwrap_err();
        assert!(
            matches!(
                err,
                BleCentralError::MissingCharacteristic(Characteristic::Server2Client)
            ),
            "{err:?}"
        );
        assert!(saw.disconnected);
    });
}

fn ble_reader_services_never_resolving_hit_our_timeout() {
    let name = "ble_reader_services_never_resolving_hit_our_timeout";
    let extra = r#", "never_resolve": true"#;
    ble_fake::run(name, &params("peripheral", extra), || async {
        // timeouts().connect is 3 s; bluez-async alone would wait 30 s.
        let (result, saw) = reader_session(185, HolderDoes::AwaitDisconnect).await;
        let err = result.unwrap_err();
        assert!(
            matches!(err, BleCentralError::Timeout(Step::Connect)),
            "{err:?}"
        );
        assert!(saw.disconnected);
    });
}

// ---------------------------------------------------------------------------------------
// The wallet as central, mdoc central client mode; the reader is the relay peer.

/// A wallet session over btleplug at `mtu`; the reader serves `ident` (its own, computed
/// from the engagement, when `None`). Returns the wallet's outcome, what the reader
/// verified, and whether the wallet disconnected.
async fn wallet_session(
    mtu: u16,
    ident: Option<[u8; 16]>,
) -> (Result<WalletOutcome, BleCentralError>, Option<Answer>, bool) {
    let w = world(default_provider());
    let holder = engagement(w.provider, BleMode::CentralClient);
    let reader = reader(&w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let own = ble_ident(
        w.provider,
        engaged.engagement().security.e_device_key.encoded(),
    )
    .unwrap();
    let link = BleLink::new(BleMode::CentralClient, Side::Reader, own);
    let mut peer = RelayPeer::connect(link, mtu).await;
    peer.set_value(Characteristic::Ident, &ident.unwrap_or(own))
        .await;
    let (awaiting, establishment) = engaged
        .request(vec![mdl_request(&IDS)], &mut SystemRandom(w.provider))
        .unwrap();
    let adapter = first_adapter().await.unwrap();
    let policy = Policy::new(w.provider);
    let side = WalletSide {
        documents: &w.wallet,
        reader_roots: &w.reader_roots,
        policy: &policy,
        auth: DeviceAuthChoice::Mac,
        now: at(NOW),
    };
    let wallet = present_to_reader(
        &adapter,
        holder,
        &side,
        |request| {
            assert!(matches!(
                request.requested()[0].reader,
                ReaderIdentity::Verified(_)
            ));
            Decision::Respond(consent(&IDS))
        },
        timeouts(),
    );
    let reader_side = async {
        if ident.is_some() {
            return (None, peer.central_disconnected().await);
        }
        peer.started().await.unwrap();
        peer.send(&establishment).await;
        let response = peer.receive().await.unwrap();
        let (verified, responded) = awaiting.receive(&response, at(NOW)).unwrap();
        peer.send(&responded.terminate()).await;
        (Some(verified), peer.central_disconnected().await)
    };
    let (outcome, (verified, disconnected)) = tokio::join!(wallet, reader_side);
    (outcome, verified, disconnected)
}

async fn wallet_presents_at(mtu: u16) {
    let (outcome, verified, disconnected) = wallet_session(mtu, None).await;
    assert_eq!(
        outcome.unwrap(),
        WalletOutcome {
            responses: 1,
            termination: Termination::StatusReceived
        }
    );
    check_disclosed(&verified.unwrap(), DeviceAuthKind::Mac);
    assert!(disconnected, "the wallet hangs up after status 20");
}

fn ble_wallet_central_client_mode_at_mtu_23() {
    let name = "ble_wallet_central_client_mode_at_mtu_23";
    ble_fake::run(name, &params("central", r#", "mtu": 23"#), || {
        wallet_presents_at(23)
    });
}

fn ble_wallet_central_client_mode_at_mtu_185() {
    let name = "ble_wallet_central_client_mode_at_mtu_185";
    ble_fake::run(name, &params("central", r#", "mtu": 185"#), || {
        wallet_presents_at(185)
    });
}

fn ble_wallet_central_client_mode_at_mtu_517() {
    let name = "ble_wallet_central_client_mode_at_mtu_517";
    ble_fake::run(name, &params("central", r#", "mtu": 517"#), || {
        wallet_presents_at(517)
    });
}

fn ble_wallet_refuses_a_wrong_ident_and_disconnects() {
    let name = "ble_wallet_refuses_a_wrong_ident_and_disconnects";
    ble_fake::run(name, &params("central", r#", "mtu": 185"#), || async {
        let (outcome, verified, disconnected) = wallet_session(185, Some([0x5a; 16])).await;
        let err = outcome.unwrap_err();
        assert!(
            matches!(err, BleCentralError::Link(BleError::WrongIdent)),
            "{err:?}"
        );
        assert!(verified.is_none());
        assert!(disconnected);
    });
}

/// The libtest-mimic harness: each test runs, is ignored with the reason when the fake
/// BlueZ's tools are missing, or fails then under `BLE_FAKE_REQUIRED=1`.
pub(crate) fn main() -> ! {
    tier::run(
        &ble_fake::FAKE_BLUEZ,
        tier::cases![
            ble_reader_peripheral_server_mode_at_mtu_23,
            ble_reader_peripheral_server_mode_at_mtu_185,
            ble_reader_peripheral_server_mode_at_mtu_517,
            ble_reader_lost_middle_notification_fails_cleanly,
            ble_reader_duplicated_notification_fails_cleanly,
            ble_reader_lost_last_notification_times_out_between_values,
            ble_reader_peer_dropping_the_link_mid_message,
            ble_reader_peer_ending_with_state_end,
            ble_reader_connect_failure_is_typed,
            ble_reader_missing_characteristic_is_typed_and_disconnects,
            ble_reader_services_never_resolving_hit_our_timeout,
            ble_wallet_central_client_mode_at_mtu_23,
            ble_wallet_central_client_mode_at_mtu_185,
            ble_wallet_central_client_mode_at_mtu_517,
            ble_wallet_refuses_a_wrong_ident_and_disconnects,
        ],
    )
}
