//! The properties every fuzz target checks, shared with the corpus replay in `cargo test`
//! (`tests/fuzz_corpus.rs`), so CI checks the same things without a nightly toolchain.
//!
//! For each decoder: untrusted bytes never panic (the harness catches that), and whatever
//! is accepted re-encodes to bytes that decode again and re-encode identically.
#![allow(dead_code)]
// A failed property is a finding: panicking is how a fuzz target reports it.
#![allow(clippy::panic)]

use iso18013::cbor::{Decode, Encode, Value};

fn round_trip<T: Decode + Encode>(data: &[u8]) {
    let Ok(value) = T::from_cbor(data) else {
        return;
    };
    let encoded = value.to_cbor();
    let again = match T::from_cbor(&encoded) {
        Ok(v) => v,
        Err(e) => panic!("re-encoding of accepted input does not decode: {e}"),
    };
    assert_eq!(again.to_cbor(), encoded, "encoding is not stable");
}

/// `DeviceEngagement`.
pub(crate) fn device_engagement(data: &[u8]) {
    round_trip::<iso18013::engagement::DeviceEngagement>(data);
}

/// `SessionEstablishment`.
pub(crate) fn session_establishment(data: &[u8]) {
    round_trip::<iso18013::session::SessionEstablishment>(data);
}

/// `SessionData`.
pub(crate) fn session_data(data: &[u8]) {
    round_trip::<iso18013::session::SessionData>(data);
}

/// `SessionTranscript` and `SessionTranscriptBytes`.
pub(crate) fn session_transcript(data: &[u8]) {
    round_trip::<iso18013::session::SessionTranscript>(data);
    round_trip::<iso18013::session::SessionTranscriptBytes>(data);
}

/// `DeviceRequest`.
pub(crate) fn device_request(data: &[u8]) {
    round_trip::<iso18013::request::DeviceRequest>(data);
}

/// `DeviceResponse`.
pub(crate) fn device_response(data: &[u8]) {
    round_trip::<iso18013::response::DeviceResponse>(data);
}

/// `IssuerSigned` (what an issuer hands a wallet).
pub(crate) fn issuer_signed(data: &[u8]) {
    round_trip::<iso18013::mso::IssuerSigned>(data);
}

/// `MobileSecurityObjectBytes`.
pub(crate) fn mobile_security_object(data: &[u8]) {
    round_trip::<iso18013::mso::MobileSecurityObjectBytes>(data);
}

/// `inspect::identify` over anything, and the open value type, checked against ciborium:
/// whatever the strict decoder accepts must be syntactically well-formed CBOR to an
/// independent decoder. (ciborium's value model refuses some well-formed items, such as
/// unassigned simple values, as "semantic" errors; those are not disagreements.)
pub(crate) fn identify(data: &[u8]) {
    if let Ok(found) = iso18013::inspect::identify(data) {
        // What `mdoc inspect` prints: rendering must not panic either.
        #[cfg(feature = "json")]
        let _ = iso18013::json::to_inspection_json(&found.value);
        let _ = found;
    }
    round_trip::<Value>(data);
    if Value::from_cbor(data).is_ok() {
        let other: Result<ciborium::Value, _> = ciborium::from_reader(data);
        if let Err(e @ (ciborium::de::Error::Syntax(_) | ciborium::de::Error::Io(_))) = other {
            panic!("accepted what ciborium calls malformed: {e:?}");
        }
    }
}

/// A target: its name and its check.
pub(crate) type Target = (&'static str, fn(&[u8]));

/// Every target by name, for the corpus replay.
pub(crate) const TARGETS: &[Target] = &[
    ("device_engagement", device_engagement),
    ("session_establishment", session_establishment),
    ("session_data", session_data),
    ("session_transcript", session_transcript),
    ("device_request", device_request),
    ("device_response", device_response),
    ("issuer_signed", issuer_signed),
    ("mobile_security_object", mobile_security_object),
    ("identify", identify),
    ("certificate", certificate),
    ("pem", pem),
    ("verify_response", verify_response),
];

/// The ISO 18013-5 Annex D setting: the IACA, the session transcript, the reader's
/// ephemeral key and the time the example was made.
mod annex_d {
    use std::sync::OnceLock;

    use iso18013::cbor::Decode;
    use iso18013::crypto::{EcCurve, EcPrivateKey};
    use iso18013::session::SessionTranscript;
    use iso18013::x509::{Certificate, TrustStore};

    pub(crate) const NOW: i64 = 1_601_559_002; // 2020-10-01T13:30:02Z

    fn hex(text: &str) -> Vec<u8> {
        let digit = |b: u8| match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => 0,
        };
        text.trim()
            .as_bytes()
            .chunks(2)
            .map(|p| (digit(p[0]) << 4) | digit(p[1]))
            .collect()
    }

    pub(crate) struct Setting {
        pub(crate) trust: TrustStore,
        pub(crate) transcript: SessionTranscript,
        pub(crate) reader_key: EcPrivateKey,
    }

    pub(crate) fn setting() -> &'static Setting {
        static SETTING: OnceLock<Setting> = OnceLock::new();
        SETTING.get_or_init(|| {
            let mut trust = TrustStore::new();
            trust.add_iaca(
                Certificate::from_der(&hex(include_str!(
                    "../test-vectors/iso18013-5-annex-d/iaca_cert.hex"
                )))
                .unwrap(),
            );
            trust.add_reader_root(
                Certificate::from_der(&hex(include_str!(
                    "../test-vectors/iso18013-5-annex-d/reader_root_cert.hex"
                )))
                .unwrap(),
            );
            Setting {
                trust,
                transcript: SessionTranscript::from_cbor(&hex(include_str!(
                    "../test-vectors/iso18013-5-annex-d/session_transcript.hex"
                )))
                .unwrap(),
                reader_key: EcPrivateKey::from_scalar(
                    EcCurve::P256,
                    &hex(include_str!(
                        "../test-vectors/iso18013-5-annex-d/ereader_key_private.hex"
                    )),
                )
                .unwrap(),
            }
        })
    }
}

/// A DER certificate: parsing, its accessors, and chain validation as a document signer
/// and as a reader under the Annex D roots.
pub(crate) fn certificate(data: &[u8]) {
    use iso18013::x509::{Certificate, LeafRole, verify_chain};
    if let Ok(cert) = Certificate::from_der(data) {
        let _ = (
            cert.to_pem(),
            cert.subject(),
            cert.issuer(),
            cert.curve(),
            cert.subject_country(),
        );
        assert_eq!(
            Certificate::from_pem(&cert.to_pem()).map(|c| c.len()),
            Ok(1)
        );
    }
    let s = annex_d::setting();
    let provider = iso18013::crypto::default_provider();
    for role in [LeafRole::DocumentSigner, LeafRole::Reader] {
        let _ = verify_chain(&s.trust, &[data], role, provider, annex_d::NOW);
    }
}

/// PEM text: certificates, private keys and public keys.
pub(crate) fn pem(data: &[u8]) {
    use iso18013::x509::{Certificate, key};
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let _ = Certificate::from_pem(text);
    if let Ok(k) = key::ec_private_key_from_pem(text) {
        // A key read back from what is written is the same key.
        let provider = iso18013::crypto::default_provider();
        if let Ok(public) = provider.ec_public_key(&k) {
            let written = key::ec_private_key_to_pem(&k, &public).unwrap();
            assert_eq!(key::ec_private_key_from_pem(&written).unwrap(), k);
        }
    }
    let _ = key::ec_public_key_from_pem(text);
}

/// The whole verifier, on anything, in the Annex D setting (MAC key available).
pub(crate) fn verify_response(data: &[u8]) {
    use iso18013::verify::{Policy, ReaderSession, verify_device_response};
    let s = annex_d::setting();
    let session = ReaderSession::new(&s.transcript).with_reader_key(&s.reader_key);
    let policy = Policy::default();
    let _ = verify_device_response(data, &session, &s.trust, &policy, annex_d::NOW);
}
