//! ISO 18013-5 Annex D through the session API, under every compiled backend: both sides
//! derive `SKReader` and `SKDevice` (D.5.1), decrypt the Annex's SessionEstablishment and
//! SessionData into the DeviceRequest and DeviceResponse, and re-encrypt them into the
//! very same ciphertexts; the QR engagement (D.3.1) travels as its `mdoc:` URI.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, DecodeErrorKind, TaggedCbor};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, providers};
use iso18013::engagement::{
    DeviceEngagement, DeviceEngagementBytes, EngagementUriError, MAX_ENGAGEMENT_URI_LEN,
    device_engagement_uri, parse_device_engagement_uri,
};
use iso18013::issuer::sec1_from_cose_key;
use iso18013::session::{
    SessionCryptoError, SessionData, SessionEncryption, SessionEstablishment, SessionKeys,
    SessionRole, SessionTranscript,
};

/// The QR text of `device_engagement.hex`, as the vectors' README gives it.
const ANNEX_D_URI: &str = "mdoc:owBjMS4wAYIB2BhYS6QBAiABIVggWojRgrzl9C76WZQ_MzWdLoqWj_KJ2T5fpES2JDQxZ_4iWCCxboz4WN3HaQQHumHUwzgjeoz8895qpnL8YKVXqjL8ZwKBgwIBowD0AfULUEXv73QrLEg3qaOw4dBaaRc";

fn vector(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(&path).unwrap().trim()).unwrap()
}

fn private_key(name: &str) -> EcPrivateKey {
    EcPrivateKey::from_scalar(EcCurve::P256, &vector(name)).unwrap()
}

fn transcript() -> SessionTranscript {
    SessionTranscript::from_cbor(&vector("session_transcript")).unwrap()
}

fn establishment() -> SessionEstablishment {
    SessionEstablishment::from_cbor(&vector("session_establishment")).unwrap()
}

fn session_data() -> Vec<u8> {
    SessionData::from_cbor(&vector("session_data"))
        .unwrap()
        .data
        .unwrap()
}

/// The reader's public key, as the mdoc learns it: from the SessionEstablishment.
fn e_reader_public() -> Vec<u8> {
    let (curve, point) = sec1_from_cose_key(establishment().e_reader_key.value()).unwrap();
    assert_eq!(curve, EcCurve::P256);
    point
}

/// The mdoc's public key, as the reader learns it: from the engagement in the transcript.
fn e_device_public() -> Vec<u8> {
    let t = transcript();
    let engagement = t.device_engagement().unwrap();
    let (curve, point) = sec1_from_cose_key(engagement.security.e_device_key.value()).unwrap();
    assert_eq!(curve, EcCurve::P256);
    point
}

fn reader_keys(p: &dyn CryptoProvider) -> SessionKeys {
    SessionKeys::derive(
        p,
        &private_key("ereader_key_private"),
        &e_device_public(),
        &transcript(),
    )
    .unwrap()
}

fn mdoc_keys(p: &dyn CryptoProvider) -> SessionKeys {
    SessionKeys::derive(
        p,
        &private_key("edevice_key_private"),
        &e_reader_public(),
        &transcript(),
    )
    .unwrap()
}

#[test]
fn both_sides_derive_the_annex_session_keys() {
    for p in providers() {
        let zab = p
            .ecdh(&private_key("ereader_key_private"), &e_device_public())
            .unwrap();
        assert_eq!(zab.expose(), vector("session_key_zab"), "{}", p.name());
        let zab = p
            .ecdh(&private_key("edevice_key_private"), &e_reader_public())
            .unwrap();
        assert_eq!(zab.expose(), vector("session_key_zab"), "{}", p.name());

        for keys in [reader_keys(p), mdoc_keys(p)] {
            assert_eq!(keys.sk_reader(), vector("sk_reader"), "{}", p.name());
            assert_eq!(keys.sk_device(), vector("sk_device"), "{}", p.name());
        }
    }
}

#[test]
fn the_mdoc_decrypts_the_device_request() {
    for p in providers() {
        let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, mdoc_keys(p));
        let request = mdoc.decrypt(p, &establishment().data).unwrap();
        assert_eq!(request, vector("device_request"), "{}", p.name());
        // The counter moved on: the same message again is a replay.
        assert_eq!(
            mdoc.decrypt(p, &establishment().data),
            Err(SessionCryptoError::Decrypt)
        );
    }
}

#[test]
fn the_reader_decrypts_the_device_response() {
    for p in providers() {
        let mut reader = SessionEncryption::new(SessionRole::Reader, reader_keys(p));
        let response = reader.decrypt(p, &session_data()).unwrap();
        assert_eq!(response, vector("device_response"), "{}", p.name());
    }
}

#[test]
fn the_wrong_side_cannot_decrypt() {
    for p in providers() {
        // The reader reading its own request, the mdoc its own response.
        let mut reader = SessionEncryption::new(SessionRole::Reader, reader_keys(p));
        assert_eq!(
            reader.decrypt(p, &establishment().data),
            Err(SessionCryptoError::Decrypt),
            "{}",
            p.name()
        );
        let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, mdoc_keys(p));
        assert_eq!(
            mdoc.decrypt(p, &session_data()),
            Err(SessionCryptoError::Decrypt)
        );
    }
}

#[test]
fn re_encryption_reproduces_the_annex_ciphertexts() {
    for p in providers() {
        let mut reader = SessionEncryption::new(SessionRole::Reader, reader_keys(p));
        assert_eq!(
            reader.encrypt(p, &vector("device_request")).unwrap(),
            establishment().data,
            "{}",
            p.name()
        );
        let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, mdoc_keys(p));
        assert_eq!(
            mdoc.encrypt(p, &vector("device_response")).unwrap(),
            session_data(),
            "{}",
            p.name()
        );
    }
}

#[test]
fn the_engagement_uri_is_the_annex_one() {
    let bytes = vector("device_engagement");
    let engagement = DeviceEngagementBytes::from_inner_bytes(&bytes).unwrap();
    assert_eq!(device_engagement_uri(&engagement), ANNEX_D_URI);

    let parsed = parse_device_engagement_uri(ANNEX_D_URI).unwrap();
    assert_eq!(parsed.inner_bytes(), bytes);
    assert_eq!(parsed.encoded(), engagement.encoded());
    assert_eq!(
        parsed.value(),
        &DeviceEngagement::from_cbor(&bytes).unwrap()
    );
    assert_eq!(device_engagement_uri(&parsed), ANNEX_D_URI);
}

#[test]
fn lenient_forms_of_the_uri_parse() {
    let bytes = vector("device_engagement");
    // 116 bytes: two over a multiple of three, so one "=".
    let padded = format!("{ANNEX_D_URI}=");
    let upper = ANNEX_D_URI.replacen("mdoc:", "MDOC:", 1);
    let mixed = ANNEX_D_URI.replacen("mdoc:", "mDoc:", 1);
    let spaced = format!("  \n{ANNEX_D_URI}\r\n\t");
    for text in [padded.as_str(), &upper, &mixed, &spaced] {
        let parsed = parse_device_engagement_uri(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(parsed.inner_bytes(), bytes, "{text}");
        assert_eq!(device_engagement_uri(&parsed), ANNEX_D_URI);
    }
}

#[test]
fn malformed_uris_fail_with_their_errors() {
    let payload = &ANNEX_D_URI["mdoc:".len()..];
    for text in [
        "",
        "mdoc",
        payload,
        &format!("mdl:{payload}"),
        &format!("https://example.com/mdoc:{payload}"),
        &format!("mdóc:{payload}"),
        "md",
    ] {
        assert_eq!(
            parse_device_engagement_uri(text),
            Err(EngagementUriError::Scheme),
            "{text}"
        );
    }

    for text in [
        // The standard alphabet's "+" and "/", broken padding, stray characters.
        format!("mdoc:{}", payload.replace('_', "/")),
        format!("mdoc:{payload}=="),
        format!("mdoc:{payload}==="),
        format!("mdoc:{payload}=x"),
        format!("mdoc:{payload}?x=1"),
        format!("mdoc: {payload}"),
        "mdoc:a".to_owned(),
    ] {
        assert_eq!(
            parse_device_engagement_uri(&text),
            Err(EngagementUriError::Base64),
            "{text}"
        );
    }

    // The engagement followed by one more byte, as base64url without padding.
    let mut trailing = vector("device_engagement");
    trailing.push(0x00);
    let text = format!(
        "mdoc:{}",
        base64_url(&trailing) // 117 bytes: a multiple of three, no padding either way
    );
    let Err(EngagementUriError::Decode(e)) = parse_device_engagement_uri(&text) else {
        panic!("trailing bytes accepted");
    };
    assert_eq!(e.kind(), DecodeErrorKind::TrailingBytes);

    // Nothing at all after the scheme, or not a DeviceEngagement.
    assert!(matches!(
        parse_device_engagement_uri("mdoc:"),
        Err(EngagementUriError::Decode(_))
    ));
    let transcript = format!("mdoc:{}", base64_url(&vector("session_transcript")));
    assert!(matches!(
        parse_device_engagement_uri(&transcript),
        Err(EngagementUriError::Decode(_))
    ));

    // Major version 2 is refused; "1.1" is read.
    let mut v2 = vector("device_engagement");
    let at = v2.windows(3).position(|w| w == b"1.0").unwrap();
    v2[at] = b'2';
    let text = format!("mdoc:{}", base64_url(&v2));
    assert!(matches!(
        parse_device_engagement_uri(&text),
        Err(EngagementUriError::Decode(_))
    ));
    v2[at] = b'1';
    v2[at + 2] = b'1';
    let text = format!("mdoc:{}", base64_url(&v2));
    assert_eq!(parse_device_engagement_uri(&text).unwrap().version, "1.1");
}

#[test]
fn overlong_text_is_refused_before_decoding() {
    let mut text = String::from(ANNEX_D_URI);
    text.push_str(&" ".repeat(MAX_ENGAGEMENT_URI_LEN - ANNEX_D_URI.len()));
    assert!(parse_device_engagement_uri(&text).is_ok());
    text.push(' ');
    let Err(EngagementUriError::Decode(e)) = parse_device_engagement_uri(&text) else {
        panic!("overlong text accepted");
    };
    assert!(matches!(
        e.kind(),
        DecodeErrorKind::MessageTooLarge { limit: 8192 }
    ));
}

#[test]
fn errors_display() {
    assert_eq!(EngagementUriError::Scheme.to_string(), "not an mdoc: URI");
    assert!(
        parse_device_engagement_uri("mdoc:")
            .unwrap_err()
            .to_string()
            .starts_with("invalid DeviceEngagement in mdoc: URI: ")
    );
}

/// base64url without padding, written out here rather than taken from the library.
fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            let index = usize::try_from((n >> (18 - 6 * i)) & 0x3f).unwrap();
            out.push(char::from(ALPHABET[index]));
        }
    }
    out
}

#[test]
fn the_helper_agrees_with_the_annex_uri() {
    assert_eq!(
        format!("mdoc:{}", base64_url(&vector("device_engagement"))),
        ANNEX_D_URI
    );
    // And the wrapper keeps its bytes as tag 24 around the content.
    let tagged: TaggedCbor<DeviceEngagement> = parse_device_engagement_uri(ANNEX_D_URI).unwrap();
    assert_eq!(&tagged.encoded()[..2], [0xd8, 0x18]);
}
