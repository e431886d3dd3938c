//! Session encryption under every compiled backend: nonces, round trips, and every way a
//! message can fail to be the next one.
// Test code (helpers included): a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use alloc::format;
use alloc::string::ToString;
use alloc::vec::Vec;

use super::*;
use crate::crypto::{EcCurve, SystemRandom, providers};
use crate::session::Handover;

const SK_READER: [u8; 32] = [0x11; 32];
const SK_DEVICE: [u8; 32] = [0x22; 32];

fn keys() -> SessionKeys {
    SessionKeys::from_raw(&SK_READER, &SK_DEVICE)
}

/// A reader and an mdoc sharing one pair of keys.
fn pair() -> (SessionEncryption, SessionEncryption) {
    (
        SessionEncryption::new(SessionRole::Reader, keys()),
        SessionEncryption::new(SessionRole::Mdoc, keys()),
    )
}

fn message(i: usize) -> Vec<u8> {
    format!("message number {i}").into_bytes()
}

#[test]
fn nonces_follow_the_layout() {
    assert_eq!(
        nonce(SessionRole::Reader, 1),
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]
    );
    assert_eq!(
        nonce(SessionRole::Mdoc, 1),
        [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]
    );
    assert_eq!(
        nonce(SessionRole::Mdoc, 0x0102_0304),
        [0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 4]
    );
    assert_eq!(
        nonce(SessionRole::Reader, u32::MAX),
        [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]
    );
}

#[test]
fn first_messages_use_the_right_key_and_nonce() {
    for p in providers() {
        let (mut reader, mut mdoc) = pair();
        let from_reader = reader.encrypt(p, b"request").unwrap();
        let expected = p
            .aes256gcm_seal(&SK_READER, &nonce(SessionRole::Reader, 1), &[], b"request")
            .unwrap();
        assert_eq!(from_reader, expected, "{}", p.name());
        let from_mdoc = mdoc.encrypt(p, b"response").unwrap();
        let expected = p
            .aes256gcm_seal(&SK_DEVICE, &nonce(SessionRole::Mdoc, 1), &[], b"response")
            .unwrap();
        assert_eq!(from_mdoc, expected, "{}", p.name());
        assert_eq!(from_mdoc.len(), b"response".len() + 16);
    }
}

#[test]
fn many_messages_round_trip_both_ways() {
    for p in providers() {
        let (mut reader, mut mdoc) = pair();
        assert_eq!(reader.role(), SessionRole::Reader);
        assert_eq!(mdoc.role(), SessionRole::Mdoc);
        for i in 0..50 {
            let request = reader.encrypt(p, &message(i)).unwrap();
            assert_eq!(mdoc.decrypt(p, &request).unwrap(), message(i));
            // Sometimes the mdoc answers twice in a row, sometimes not at all.
            for j in 0..(i % 3) {
                let response = mdoc.encrypt(p, &message(1000 + i * 10 + j)).unwrap();
                assert_eq!(
                    reader.decrypt(p, &response).unwrap(),
                    message(1000 + i * 10 + j),
                    "{}",
                    p.name()
                );
            }
        }
        // The empty message too.
        let empty = mdoc.encrypt(p, &[]).unwrap();
        assert_eq!(reader.decrypt(p, &empty).unwrap(), Vec::<u8>::new());
    }
}

#[test]
fn the_same_plaintext_encrypts_differently_each_time() {
    for p in providers() {
        let (mut reader, _) = pair();
        let first = reader.encrypt(p, b"same").unwrap();
        let second = reader.encrypt(p, b"same").unwrap();
        assert_ne!(first, second, "{}", p.name());
    }
}

#[test]
fn a_replay_fails() {
    for p in providers() {
        let (mut reader, mut mdoc) = pair();
        let request = reader.encrypt(p, b"one").unwrap();
        assert_eq!(mdoc.decrypt(p, &request).unwrap(), b"one");
        assert_eq!(
            mdoc.decrypt(p, &request),
            Err(SessionCryptoError::Decrypt),
            "{}",
            p.name()
        );
        // The session goes on with the next real message.
        let next = reader.encrypt(p, b"two").unwrap();
        assert_eq!(mdoc.decrypt(p, &next).unwrap(), b"two");
    }
}

#[test]
fn reordering_fails_and_does_not_advance_the_counter() {
    for p in providers() {
        let (mut reader, mut mdoc) = pair();
        let first = reader.encrypt(p, b"first").unwrap();
        let second = reader.encrypt(p, b"second").unwrap();
        assert_eq!(mdoc.decrypt(p, &second), Err(SessionCryptoError::Decrypt));
        assert_eq!(mdoc.decrypt(p, &first).unwrap(), b"first");
        assert_eq!(mdoc.decrypt(p, &second).unwrap(), b"second", "{}", p.name());
    }
}

#[test]
fn a_tampered_message_fails_and_the_original_still_decrypts() {
    for p in providers() {
        let (mut reader, mut mdoc) = pair();
        let request = reader.encrypt(p, b"a request of some length").unwrap();
        for i in [
            0,
            5,
            request.len() - 17,
            request.len() - 16,
            request.len() - 1,
        ] {
            let mut tampered = request.clone();
            tampered[i] ^= 0x01;
            assert_eq!(
                mdoc.decrypt(p, &tampered),
                Err(SessionCryptoError::Decrypt),
                "{}: byte {i}",
                p.name()
            );
        }
        // Truncated, extended, empty, shorter than a tag.
        let mut extended = request.clone();
        extended.push(0);
        for bad in [
            &request[..request.len() - 1],
            &extended[..],
            &[][..],
            &request[..15],
        ] {
            assert_eq!(mdoc.decrypt(p, bad), Err(SessionCryptoError::Decrypt));
        }
        assert_eq!(
            mdoc.decrypt(p, &request).unwrap(),
            b"a request of some length"
        );
    }
}

#[test]
fn the_wrong_key_fails() {
    for p in providers() {
        let mut reader = SessionEncryption::new(SessionRole::Reader, keys());
        let mut stranger = SessionEncryption::new(
            SessionRole::Mdoc,
            SessionKeys::from_raw(&[0x33; 32], &SK_DEVICE),
        );
        let request = reader.encrypt(p, b"request").unwrap();
        assert_eq!(
            stranger.decrypt(p, &request),
            Err(SessionCryptoError::Decrypt),
            "{}",
            p.name()
        );

        // A reader's own message reflected back to it: right keys, wrong direction.
        let mut reader = SessionEncryption::new(SessionRole::Reader, keys());
        let request = reader.encrypt(p, b"request").unwrap();
        assert_eq!(
            reader.decrypt(p, &request),
            Err(SessionCryptoError::Decrypt)
        );

        // The right party still reads it.
        let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, keys());
        assert_eq!(mdoc.decrypt(p, &request).unwrap(), b"request");
    }
}

#[test]
fn the_send_counter_never_wraps() {
    for p in providers() {
        let mut mdoc =
            SessionEncryption::with_counters(SessionRole::Mdoc, keys(), Some(u32::MAX), Some(1));
        let last = mdoc.encrypt(p, b"last").unwrap();
        assert_eq!(
            mdoc.encrypt(p, b"one too many"),
            Err(SessionCryptoError::CounterExhausted),
            "{}",
            p.name()
        );
        assert_eq!(
            mdoc.encrypt(p, b"still"),
            Err(SessionCryptoError::CounterExhausted)
        );

        // The last message carried counter 2^32 - 1.
        let mut reader =
            SessionEncryption::with_counters(SessionRole::Reader, keys(), Some(1), Some(u32::MAX));
        assert_eq!(reader.decrypt(p, &last).unwrap(), b"last");
    }
}

#[test]
fn the_receive_counter_never_wraps() {
    for p in providers() {
        let mut mdoc = SessionEncryption::with_counters(SessionRole::Mdoc, keys(), Some(1), None);
        let mut reader = SessionEncryption::new(SessionRole::Reader, keys());
        let request = reader.encrypt(p, b"request").unwrap();
        assert_eq!(
            mdoc.decrypt(p, &request),
            Err(SessionCryptoError::CounterExhausted),
            "{}",
            p.name()
        );
        // Sending is a separate direction and still works.
        assert!(mdoc.encrypt(p, b"response").is_ok());
    }
}

#[test]
fn both_sides_derive_the_same_keys() {
    for p in providers() {
        let reader_key = p.ec_generate(EcCurve::P256, &mut SystemRandom(p)).unwrap();
        let device_key = p.ec_generate(EcCurve::P256, &mut SystemRandom(p)).unwrap();
        let transcript = SessionTranscript::new(None, None, Handover::Qr);
        let at_reader = SessionKeys::derive(
            p,
            &reader_key,
            &p.ec_public_key(&device_key).unwrap(),
            &transcript,
        )
        .unwrap();
        let at_mdoc = SessionKeys::derive(
            p,
            &device_key,
            &p.ec_public_key(&reader_key).unwrap(),
            &transcript,
        )
        .unwrap();
        assert_eq!(at_reader.sk_reader(), at_mdoc.sk_reader(), "{}", p.name());
        assert_eq!(at_reader.sk_device(), at_mdoc.sk_device());
        assert_eq!(at_reader.sk_reader().len(), 32);
        assert_ne!(at_reader.sk_reader(), at_reader.sk_device());

        // Another transcript, other keys.
        let other = SessionTranscript::new(
            None,
            None,
            Handover::OpenId4Vp {
                info_hash: alloc::vec![0; 32],
            },
        );
        let elsewhere = SessionKeys::derive(
            p,
            &reader_key,
            &p.ec_public_key(&device_key).unwrap(),
            &other,
        )
        .unwrap();
        assert_ne!(elsewhere.sk_reader(), at_reader.sk_reader());

        // A peer key on another curve, or not a point at all.
        let p384 = p.ec_generate(EcCurve::P384, &mut SystemRandom(p)).unwrap();
        let wrong = p.ec_public_key(&p384).unwrap();
        for bad in [&wrong[..], &[0x04; 65][..], &[][..]] {
            assert_eq!(
                SessionKeys::derive(p, &reader_key, bad, &transcript).map(|_| ()),
                Err(CryptoError::InvalidKey),
                "{}",
                p.name()
            );
        }
    }
}

#[test]
fn keys_print_redacted() {
    let printed = format!("{:?}", SessionEncryption::new(SessionRole::Reader, keys()));
    assert!(printed.contains("redacted"), "{printed}");
    assert!(!printed.contains("17"), "{printed}"); // 0x11 in decimal
    assert!(!printed.contains("34"), "{printed}"); // 0x22 in decimal
}

#[test]
fn errors_display() {
    assert_eq!(
        SessionCryptoError::Decrypt.to_string(),
        "session message does not decrypt"
    );
    assert_eq!(
        SessionCryptoError::CounterExhausted.to_string(),
        "session message counter exhausted"
    );
    let e = SessionCryptoError::Crypto(CryptoError::InvalidLength);
    assert_eq!(e.to_string(), "session encryption: invalid length");
    assert!(core::error::Error::source(&e).is_some());
}
