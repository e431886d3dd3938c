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
];
