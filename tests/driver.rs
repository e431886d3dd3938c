//! The role drivers against each other over the in-memory message channel: whole sessions
//! under every crypto backend, further requests, declines, corrupted and duplicated
//! messages answered with status 10 or 11, and either side ending or dropping the session.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use core::future::Future;
use core::time::Duration;

use common::mdl_world::{NOW, World, at, check_disclosed, consent, mdl_request, world};
use iso18013::cbor::{Decode, Value};
use iso18013::crypto::{CryptoProvider, SystemRandom, providers};
use iso18013::doctype::mdl;
use iso18013::driver::{
    Decision, DriverError, Retrieval, WalletOutcome, WalletSide, present, read,
};
use iso18013::exchange::{ExchangeError, MessageKind};
use iso18013::holder::{DeviceAuthChoice, HolderEngagement, ReaderIdentity};
use iso18013::reader::Reader;
use iso18013::session::{Handover, SessionData};
use iso18013::transport::channel::{MessageChannel, Received, Termination};
use iso18013::transport::memory_channel::{ChannelError, ChannelFault, MemoryChannel};
use iso18013::verify::{Answer, DeviceAuthKind, Policy};

const IDS: [&str; 3] = ["family_name", "age_over_18", "portrait"];

type Outcome = Result<WalletOutcome, DriverError<ChannelError>>;
type Verified = Result<Answer, DriverError<ChannelError>>;

/// Runs both sides to their end on one thread; a session that hangs fails the test.
fn run<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    runtime.block_on(async {
        tokio::time::timeout(Duration::from_secs(30), async { tokio::join!(a, b) })
            .await
            .expect("the session hung")
    })
}

fn engagement(provider: &'static dyn CryptoProvider) -> HolderEngagement {
    HolderEngagement::new(provider, Vec::new(), &mut SystemRandom(provider)).unwrap()
}

fn reader(w: &World) -> Reader {
    Reader::new(w.iaca_trust.clone(), Policy::new(w.provider))
        .with_reader_authentication(w.reader_auth.clone())
}

fn side<'a>(w: &'a World, policy: &'a Policy, auth: DeviceAuthChoice) -> WalletSide<'a> {
    WalletSide {
        documents: &w.wallet,
        reader_roots: &w.reader_roots,
        policy,
        auth,
        now: at(NOW),
    }
}

/// One session between the two drivers: the holder consents to `IDS` each time, the
/// reader asks for `IDS`; `holder_end` and `reader_end` carry the faults.
fn session(
    w: &World,
    auth: DeviceAuthChoice,
    holder_end: MemoryChannel,
    reader_end: MemoryChannel,
) -> (Outcome, Verified, usize) {
    let policy = Policy::new(w.provider);
    let side = side(w, &policy, auth);
    let holder = engagement(w.provider);
    let reader = reader(w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let mut asked = 0;
    let wallet = present(holder_end, holder, Handover::Qr, &side, |request| {
        asked += 1;
        assert!(matches!(
            request.requested()[0].reader,
            ReaderIdentity::Verified(_)
        ));
        Decision::Respond(consent(&IDS))
    });
    let mut rng = SystemRandom(w.provider);
    let verifier = read(
        reader_end,
        engaged,
        vec![mdl_request(&IDS)],
        &mut rng,
        at(NOW),
    );
    let (outcome, verified) = run(wallet, verifier);
    (outcome, verified, asked)
}

#[test]
fn the_drivers_run_a_whole_session_under_every_backend() {
    for provider in providers() {
        let w = world(provider);
        for (auth, kind) in [
            (DeviceAuthChoice::Signature, DeviceAuthKind::Signature),
            (DeviceAuthChoice::Mac, DeviceAuthKind::Mac),
        ] {
            let (holder_end, reader_end) = MemoryChannel::pair();
            let (outcome, verified, asked) = session(&w, auth, holder_end, reader_end);
            check_disclosed(&verified.unwrap(), kind);
            assert_eq!(asked, 1);
            // The reader ends the session the transport's way.
            assert_eq!(
                outcome.unwrap(),
                WalletOutcome {
                    responses: 1,
                    termination: Termination::EndReceived
                }
            );
        }
    }
}

#[test]
fn a_second_request_on_the_same_session() {
    for provider in providers() {
        let w = world(provider);
        let policy = Policy::new(provider);
        let side = side(&w, &policy, DeviceAuthChoice::Mac);
        let holder = engagement(provider);
        let reader = reader(&w);
        let engaged = reader.scan(&holder.uri()).unwrap();
        let (holder_end, reader_end) = MemoryChannel::pair();
        let mut asked = Vec::new();
        let wallet = present(holder_end, holder, Handover::Qr, &side, |request| {
            asked.push(request.requested()[0].elements[0].1.len());
            Decision::Respond(consent(&IDS))
        });
        let mut rng = SystemRandom(provider);
        let first = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
        let verifier = async {
            let (first, open) = Retrieval::start(reader_end, first, at(NOW)).await?;
            assert!(!open.holder_ended());
            let (second, open) = open
                .request_more(vec![mdl_request(&["family_name"])], at(NOW))
                .await?;
            open.end().await.map_err(DriverError::Channel)?;
            Ok::<_, DriverError<ChannelError>>((first, second))
        };
        let (outcome, verified) = run(wallet, verifier);
        let (first, second) = verified.unwrap();
        check_disclosed(&first, DeviceAuthKind::Mac);
        // The second answer is compared with the second request: family_name only.
        assert_eq!(
            second.comparison().requests[0].documents[0].elements.len(),
            1
        );
        let second = second.into_complete().unwrap();
        let doc = &second.documents()[0];
        assert_eq!(
            doc.element(mdl::NAME_SPACE, "family_name"),
            Some(&Value::from("Doe"))
        );
        // Consent to more than was asked discloses only what was asked.
        assert_eq!(doc.element(mdl::NAME_SPACE, "portrait"), None);
        assert_eq!(asked, [3, 1]);
        assert_eq!(
            outcome.unwrap(),
            WalletOutcome {
                responses: 2,
                termination: Termination::EndReceived
            }
        );
        // The document signer's chain was validated once.
        let stats = reader.cache().stats();
        assert_eq!((stats.hits, stats.misses), (1, 1));
    }
}

#[test]
fn a_decline_ends_the_session_with_status_20() {
    let w = world(providers()[0]);
    let policy = Policy::new(w.provider);
    let side = side(&w, &policy, DeviceAuthChoice::Signature);

    // Declining the first request.
    let holder = engagement(w.provider);
    let reader = reader(&w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (holder_end, reader_end) = MemoryChannel::pair();
    let wallet = present(holder_end, holder, Handover::Qr, &side, |_| {
        Decision::Decline
    });
    let mut rng = SystemRandom(w.provider);
    let verifier = read(
        reader_end,
        engaged,
        vec![mdl_request(&IDS)],
        &mut rng,
        at(NOW),
    );
    let (outcome, verified) = run(wallet, verifier);
    assert_eq!(
        outcome.unwrap(),
        WalletOutcome {
            responses: 0,
            termination: Termination::StatusSent
        }
    );
    assert!(
        matches!(
            verified,
            Err(DriverError::Exchange(ExchangeError::Terminated))
        ),
        "{verified:?}"
    );

    // Answering the first request and declining the second.
    let holder = engagement(w.provider);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (holder_end, reader_end) = MemoryChannel::pair();
    let mut asked = 0;
    let wallet = present(holder_end, holder, Handover::Qr, &side, |_| {
        asked += 1;
        if asked == 1 {
            Decision::Respond(consent(&IDS))
        } else {
            Decision::Decline
        }
    });
    let first = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
    let verifier = async {
        let (_, open) = Retrieval::start(reader_end, first, at(NOW)).await?;
        open.request_more(vec![mdl_request(&IDS)], at(NOW))
            .await
            .map(|_| ())
    };
    let (outcome, more) = run(wallet, verifier);
    assert_eq!(
        outcome.unwrap(),
        WalletOutcome {
            responses: 1,
            termination: Termination::StatusSent
        }
    );
    assert!(
        matches!(more, Err(DriverError::Exchange(ExchangeError::Terminated))),
        "{more:?}"
    );
}

#[test]
fn a_corrupted_request_is_answered_with_status_10_or_11() {
    let w = world(providers()[0]);
    let cases = [
        // The establishment's last byte is in the GCM tag: it does not decrypt.
        (ChannelFault::FlipLastByte { message: 0 }, 10),
        // Cut short: it does not decode.
        (
            ChannelFault::Truncate {
                message: 0,
                len: 10,
            },
            11,
        ),
        // The map header of the establishment turned into something else.
        (
            ChannelFault::FlipByte {
                message: 0,
                index: 0,
            },
            11,
        ),
    ];
    for (fault, status) in cases {
        let (holder_end, reader_end) = MemoryChannel::pair();
        let (outcome, verified, asked) = session(
            &w,
            DeviceAuthChoice::Signature,
            holder_end,
            reader_end.with_fault(fault),
        );
        assert_eq!(asked, 0, "{fault:?}");
        let Err(DriverError::Exchange(why)) = outcome else {
            panic!("{fault:?}: {outcome:?}")
        };
        assert_eq!(
            why.status_for_peer().map(|s| s.code()),
            Some(status),
            "{fault:?}: {why:?}"
        );
        // The reader hears the status and fails on it.
        assert!(
            matches!(
                verified,
                Err(DriverError::Exchange(ExchangeError::PeerStatus(s))) if s == status
            ),
            "{fault:?}: {verified:?}"
        );
    }

    // A corrupted second request: the holder answered the first, refuses the second.
    let policy = Policy::new(w.provider);
    let side = side(&w, &policy, DeviceAuthChoice::Signature);
    let holder = engagement(w.provider);
    let reader = reader(&w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (holder_end, reader_end) = MemoryChannel::pair();
    let reader_end = reader_end.with_fault(ChannelFault::FlipLastByte { message: 1 });
    let wallet = present(holder_end, holder, Handover::Qr, &side, |_| {
        Decision::Respond(consent(&IDS))
    });
    let mut rng = SystemRandom(w.provider);
    let first = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
    let verifier = async {
        let (_, open) = Retrieval::start(reader_end, first, at(NOW)).await?;
        open.request_more(vec![mdl_request(&IDS)], at(NOW))
            .await
            .map(|_| ())
    };
    let (outcome, more) = run(wallet, verifier);
    assert!(
        matches!(outcome, Err(DriverError::Exchange(ExchangeError::Decrypt))),
        "{outcome:?}"
    );
    assert!(
        matches!(
            more,
            Err(DriverError::Exchange(ExchangeError::PeerStatus(10)))
        ),
        "{more:?}"
    );
}

#[test]
fn a_duplicated_request_is_refused_as_the_wrong_message() {
    let w = world(providers()[0]);
    let (holder_end, reader_end) = MemoryChannel::pair();
    let reader_end = reader_end.with_fault(ChannelFault::Duplicate { message: 0 });
    let (outcome, verified, asked) =
        session(&w, DeviceAuthChoice::Signature, holder_end, reader_end);
    // The reader got its answer to the first copy and ended the session.
    check_disclosed(&verified.unwrap(), DeviceAuthKind::Signature);
    assert_eq!(asked, 1);
    let Err(DriverError::Exchange(why)) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(
        why,
        ExchangeError::UnexpectedMessage {
            expected: MessageKind::SessionData,
            got: MessageKind::SessionEstablishment,
        }
    );
    assert_eq!(
        why.to_string(),
        "expected SessionData, got SessionEstablishment"
    );
}

#[test]
fn a_corrupted_response_is_refused_with_a_status() {
    let w = world(providers()[0]);
    for (fault, status) in [
        (ChannelFault::FlipLastByte { message: 0 }, 10),
        (ChannelFault::Truncate { message: 0, len: 3 }, 11),
    ] {
        let (holder_end, reader_end) = MemoryChannel::pair();
        let (outcome, verified, _) = session(
            &w,
            DeviceAuthChoice::Signature,
            holder_end.with_fault(fault),
            reader_end,
        );
        let Err(DriverError::Exchange(why)) = verified else {
            panic!("{fault:?}: {verified:?}")
        };
        assert_eq!(why.status_for_peer().map(|s| s.code()), Some(status));
        assert!(
            matches!(
                outcome,
                Err(DriverError::Exchange(ExchangeError::PeerStatus(s))) if s == status
            ),
            "{fault:?}: {outcome:?}"
        );
    }
}

#[test]
fn the_holder_ends_or_drops_the_session() {
    let w = world(providers()[0]);
    let policy = Policy::new(w.provider);
    let reader = reader(&w);
    let mut rng = SystemRandom(w.provider);

    // A holder that reads the request and ends the transport's way.
    let holder = engagement(w.provider);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (mut holder_end, reader_end) = MemoryChannel::pair();
    let hand_played = async {
        let Received::Message(establishment) = holder_end.receive().await.unwrap() else {
            panic!("no request")
        };
        holder
            .accept(&establishment, &w.reader_roots, &policy, at(NOW))
            .unwrap();
        holder_end.terminate().await.unwrap();
    };
    let verifier = read(
        reader_end,
        engaged,
        vec![mdl_request(&IDS)],
        &mut rng,
        at(NOW),
    );
    let ((), verified) = run(hand_played, verifier);
    assert!(
        matches!(
            verified,
            Err(DriverError::EndedByPeer(Termination::EndReceived))
        ),
        "{verified:?}"
    );

    // The holder's link drops instead of carrying its response.
    let (holder_end, reader_end) = MemoryChannel::pair();
    let holder_end = holder_end.with_fault(ChannelFault::Close { message: 0 });
    let (outcome, verified, _) = session(&w, DeviceAuthChoice::Signature, holder_end, reader_end);
    assert!(
        matches!(outcome, Err(DriverError::Channel(ChannelError::Closed))),
        "{outcome:?}"
    );
    assert!(
        matches!(
            verified,
            Err(DriverError::Channel(ChannelError::Disconnected))
        ),
        "{verified:?}"
    );
}

#[test]
fn the_reader_ends_or_drops_the_session() {
    let w = world(providers()[0]);
    let policy = Policy::new(w.provider);
    let side = side(&w, &policy, DeviceAuthChoice::Signature);
    let reader = reader(&w);
    let mut rng = SystemRandom(w.provider);
    let respond = |_: &_| Decision::Respond(consent(&IDS));

    // Before any request, the transport's way.
    let (holder_end, reader_end) = MemoryChannel::pair();
    let wallet = present(
        holder_end,
        engagement(w.provider),
        Handover::Qr,
        &side,
        respond,
    );
    let (outcome, ()) = run(wallet, async {
        reader_end.terminate().await.unwrap();
    });
    assert!(
        matches!(
            outcome,
            Err(DriverError::EndedByPeer(Termination::EndReceived))
        ),
        "{outcome:?}"
    );

    // After a response, with status 20.
    let holder = engagement(w.provider);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (awaiting, establishment) = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
    let (holder_end, mut reader_end) = MemoryChannel::pair();
    let wallet = present(holder_end, holder, Handover::Qr, &side, respond);
    let hand_played = async {
        reader_end.send(&establishment).await.unwrap();
        let Received::Message(response) = reader_end.receive().await.unwrap() else {
            panic!("no response")
        };
        let (verified, responded) = awaiting.receive(&response, at(NOW)).unwrap();
        let end = responded.terminate();
        assert_eq!(SessionData::from_cbor(&end).unwrap().status, Some(20));
        reader_end.send(&end).await.unwrap();
        reader_end.close().await;
        verified
    };
    let (outcome, verified) = run(wallet, hand_played);
    check_disclosed(&verified, DeviceAuthKind::Signature);
    assert_eq!(
        outcome.unwrap(),
        WalletOutcome {
            responses: 1,
            termination: Termination::StatusReceived
        }
    );

    // After a request, by dropping the link.
    let holder = engagement(w.provider);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (_, establishment) = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
    let (holder_end, mut reader_end) = MemoryChannel::pair();
    let wallet = present(holder_end, holder, Handover::Qr, &side, respond);
    let hand_played = async move {
        reader_end.send(&establishment).await.unwrap();
        drop(reader_end);
    };
    let (outcome, ()) = run(wallet, hand_played);
    assert!(
        matches!(
            outcome,
            Err(DriverError::Channel(ChannelError::Disconnected))
        ),
        "{outcome:?}"
    );
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn the_drivers_over_the_memory_channel_can_run_on_other_threads() {
    let w = world(providers()[0]);
    let policy = Policy::new(w.provider);
    let side = side(&w, &policy, DeviceAuthChoice::Signature);
    let holder = engagement(w.provider);
    let reader = reader(&w);
    let engaged = reader.scan(&holder.uri()).unwrap();
    let (holder_end, reader_end) = MemoryChannel::pair();
    assert_send(&holder_end);
    let wallet = present(holder_end, holder, Handover::Qr, &side, |_| {
        Decision::Decline
    });
    assert_send(&wallet);
    let mut rng = SystemRandom(w.provider);
    let first = engaged.request(vec![mdl_request(&IDS)], &mut rng).unwrap();
    let verifier = Retrieval::start(reader_end, first, at(NOW));
    assert_send(&verifier);
    // Each on a thread of its own.
    let (outcome, verified) = std::thread::scope(|s| {
        let wallet = s.spawn(|| run(wallet, async {}).0);
        let verifier = s.spawn(|| run(verifier, async {}).0);
        (wallet.join().unwrap(), verifier.join().unwrap())
    });
    assert_eq!(outcome.unwrap().termination, Termination::StatusSent);
    assert!(matches!(
        verified,
        Err(DriverError::Exchange(ExchangeError::Terminated))
    ));
}

#[test]
fn the_memory_channel_carries_faults_and_ends() {
    let ((), ()) = run(
        async {
            let (mut a, b) = MemoryChannel::pair();
            let mut b = b
                .with_fault(ChannelFault::Drop { message: 0 })
                .with_fault(ChannelFault::Duplicate { message: 1 });
            b.send(b"lost").await.unwrap();
            b.send(b"twice").await.unwrap();
            for _ in 0..2 {
                assert_eq!(
                    a.receive().await.unwrap(),
                    Received::Message(b"twice".to_vec())
                );
            }
            // Ending: what was sent before the end still arrives, then the end.
            b.send(b"last").await.unwrap();
            b.terminate().await.unwrap();
            assert_eq!(
                a.receive().await.unwrap(),
                Received::Message(b"last".to_vec())
            );
            assert_eq!(
                a.receive().await.unwrap(),
                Received::Ended(Termination::EndReceived)
            );
            assert!(!a.is_open());
            assert_eq!(a.send(b"late").await, Err(ChannelError::Closed));
        },
        async {
            // Sending to a closed peer fails, and closes this end.
            let (mut a, b) = MemoryChannel::pair();
            b.close().await;
            assert_eq!(a.send(b"gone").await, Err(ChannelError::Disconnected));
            assert!(!a.is_open());
            assert_eq!(a.receive().await, Err(ChannelError::Closed));
        },
    );
}
