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

/// The `mdoc:` URI of a QR code, from any text: whatever parses gives a URI that parses
/// back to the very same `DeviceEngagementBytes`.
pub(crate) fn engagement_uri(data: &[u8]) {
    use iso18013::cbor::Encode;
    use iso18013::engagement::{device_engagement_uri, parse_device_engagement_uri};
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let Ok(engagement) = parse_device_engagement_uri(text) else {
        return;
    };
    let uri = device_engagement_uri(&engagement);
    let again = match parse_device_engagement_uri(&uri) {
        Ok(again) => again,
        Err(e) => panic!("the URI of an accepted engagement does not parse: {e}"),
    };
    // Byte identity is the property that matters (the bytes are hashed into the
    // transcript); values are compared through their encoding, since a NaN inside an
    // unknown field is never equal to itself.
    assert_eq!(again.encoded(), engagement.encoded(), "bytes changed");
    assert_eq!(
        again.value().to_cbor(),
        engagement.value().to_cbor(),
        "value changed"
    );
    assert_eq!(device_engagement_uri(&again), uri, "URI is not stable");
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

/// BLE message reassembly from any sequence of characteristic values: the input is read
/// as values, each a length byte then that many bytes (cut short at the end), fed to a
/// reassembler limited to 300 bytes. Nothing panics, no message exceeds the limit, and
/// every message re-chunks at MTU 23 and 185 and reassembles to itself.
pub(crate) fn ble_reassembly(data: &[u8]) {
    use iso18013::transport::ble::{FramingError, Reassembler, chunk};
    const LIMIT: usize = 300;
    let mut reassembler = Reassembler::with_limit(LIMIT);
    let mut rest = data;
    while let Some((&len, tail)) = rest.split_first() {
        let (value, tail) = tail.split_at(usize::from(len).min(tail.len()));
        rest = tail;
        match reassembler.push(value) {
            Ok(Some(message)) => {
                assert!(message.len() <= LIMIT, "message over the limit");
                for mtu in [23, 185] {
                    let mut again = Reassembler::with_limit(LIMIT);
                    let mut out = None;
                    for v in chunk(&message, mtu).unwrap() {
                        assert!(out.is_none(), "a value after the last");
                        out = again.push(&v).unwrap();
                    }
                    assert_eq!(out.as_deref(), Some(message.as_slice()), "round trip");
                }
            }
            Ok(None) => assert!(reassembler.is_partial()),
            Err(FramingError::EmptyValue) => assert!(value.is_empty()),
            Err(FramingError::BadHeader(b)) => assert!(b > 1),
            Err(FramingError::MessageTooLong { limit }) => assert_eq!(limit, LIMIT),
            Err(e) => panic!("unexpected error {e:?}"),
        }
        assert!(reassembler.capacity() <= LIMIT, "allocated past the limit");
    }
}

/// One side of the BLE link under any sequence of events and calls. The first byte picks
/// the mode (bit 0) and the side (bit 1); then each operation is an opcode byte and, where
/// it carries bytes, a length byte and that many bytes (cut short at the end): MTU change,
/// Ident read, a value on State, Client2Server, Server2Client or Ident, the disconnection,
/// start, send and terminate. Nothing panics; every value the link asks to write or notify
/// fits the MTU; only the GATT client reads, subscribes, writes and disconnects, only the
/// server notifies; messages delivered stay under the limit; once ended, or failed on an
/// event, the link stays so.
pub(crate) fn ble_link(data: &[u8]) {
    use iso18013::engagement::BleMode;
    use iso18013::transport::ble::framing::max_value_len;
    use iso18013::transport::ble::{Action, BleLink, Characteristic, Event, GattRole, Side};
    const LIMIT: usize = 500;
    let Some((&setup, mut rest)) = data.split_first() else {
        return;
    };
    let mode = if setup & 1 == 0 {
        BleMode::PeripheralServer
    } else {
        BleMode::CentralClient
    };
    let side = if setup & 2 == 0 {
        Side::Mdoc
    } else {
        Side::Reader
    };
    let mut link = BleLink::new(mode, side, [7; 16]).with_max_message(LIMIT);
    let client = link.role() == GattRole::Client;
    let take = |rest: &mut &[u8]| -> Vec<u8> {
        let Some((&len, tail)) = rest.split_first() else {
            return Vec::new();
        };
        let (value, tail) = tail.split_at(usize::from(len).min(tail.len()));
        *rest = tail;
        value.to_vec()
    };
    let mut closed = false;
    while let Some((&op, tail)) = rest.split_first() {
        rest = tail;
        let result = match op % 10 {
            0 => {
                let bytes = take(&mut rest);
                let mtu = u16::from_le_bytes([
                    bytes.first().copied().unwrap_or(0),
                    bytes.get(1).copied().unwrap_or(0),
                ]);
                link.handle(Event::MtuChanged(mtu))
            }
            1 => link.handle(Event::IdentRead(take(&mut rest))),
            2..=5 => {
                let characteristic = [
                    Characteristic::State,
                    Characteristic::Client2Server,
                    Characteristic::Server2Client,
                    Characteristic::Ident,
                ][usize::from(op % 10 - 2)];
                link.handle(Event::Received {
                    characteristic,
                    value: take(&mut rest),
                })
            }
            6 => link.handle(Event::Disconnected),
            7 => Ok(link.start()),
            8 => link.send(&take(&mut rest)),
            _ => Ok(link.terminate()),
        };
        let was_closed = closed;
        let ended = link.termination().is_some();
        match result {
            // An event the link refuses closes it; a refused send (not started, closed)
            // changes nothing.
            Err(_) => closed |= !matches!(op % 10, 7..=9),
            Ok(actions) => {
                for action in &actions {
                    match action {
                        Action::Write { value, .. } | Action::Notify { value, .. } => {
                            let fits =
                                max_value_len(link.mtu()).is_ok_and(|max| value.len() <= max);
                            assert!(fits, "a value over the MTU");
                            assert_eq!(matches!(action, Action::Write { .. }), client);
                        }
                        Action::Read(_) | Action::Subscribe(_) | Action::Disconnect => {
                            assert!(client, "a GATT server asked for {action:?}");
                        }
                        Action::Deliver(message) => {
                            assert!(message.len() <= LIMIT, "message over the limit");
                            assert!(!was_closed, "delivered after closing");
                        }
                        Action::Started | Action::Ended(_) => {
                            assert!(!was_closed, "{action:?} after closing");
                        }
                    }
                }
            }
        }
        if was_closed {
            assert!(!link.is_open(), "reopened after closing");
        }
        closed |= ended;
    }
}

/// A target: its name and its check.
/// `portrait::metadata`: any bytes give a report or an error; a report's blocks lie within
/// the input, in order, without overlapping.
pub(crate) fn portrait_metadata(data: &[u8]) {
    let Ok(report) = iso18013::portrait::metadata(data) else {
        return;
    };
    let mut end = 0usize;
    for block in &report.blocks {
        assert!(block.len > 0, "empty block {block:?}");
        assert!(
            block.offset >= end,
            "blocks overlap or are out of order: {block:?}"
        );
        end = block.offset + block.len;
        assert!(end <= data.len(), "block past the input: {block:?}");
    }
    assert!(report.blocks.len() <= iso18013::portrait::MAX_BLOCKS);
    assert_eq!(report.is_clean(), report.blocks.is_empty());
}

/// `emrtd`: any bytes parse as a data group, a template and a SOD or give an error; what
/// is accepted borrows from the input and has as many templates as it declares.
pub(crate) fn emrtd(data: &[u8]) {
    use iso18013::emrtd::{DataGroup, check_sod, parse_biometric_template, parse_data_group};
    let range = data.as_ptr_range();
    let within = |slice: &[u8]| {
        let r = slice.as_ptr_range();
        slice.is_empty() || (r.start >= range.start && r.end <= range.end)
    };
    let mut groups = Vec::new();
    for dg in [DataGroup::Dg2, DataGroup::Dg3, DataGroup::Dg4] {
        groups.push(parse_data_group(data, dg));
    }
    groups.push(parse_biometric_template(data));
    for group in groups.into_iter().flatten() {
        assert!(!group.templates.is_empty(), "a group without templates");
        assert!(group.templates.len() <= iso18013::emrtd::MAX_TEMPLATES);
        for template in &group.templates {
            assert!(within(template.data) && within(template.header.raw));
        }
        for face in group.face_images() {
            assert!(within(face.data), "face image outside the input");
        }
    }
    if let Ok(sod) = check_sod(data) {
        assert!(within(sod.content_info) && sod.content_info.first() == Some(&0x30));
    }
}

pub(crate) type Target = (&'static str, fn(&[u8]));

/// Every target by name, for the corpus replay.
pub(crate) const TARGETS: &[Target] = &[
    ("device_engagement", device_engagement),
    ("engagement_uri", engagement_uri),
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
    ("ecdsa_der_signature", ecdsa_der_signature),
    ("verify_response", verify_response),
    ("holder_request", holder_request),
    ("reader_response", reader_response),
    ("ble_reassembly", ble_reassembly),
    ("ble_link", ble_link),
    ("portrait_metadata", portrait_metadata),
    ("emrtd", emrtd),
    ("doctype_claims", doctype_claims),
    ("status_list", status_list),
    ("status_list_token", status_list_token),
    ("trust_list", trust_list),
];

/// VICAL and RICAL, bare and signed: decoding never panics, what is accepted re-encodes
/// stably, and a signed VICAL is verified against the AAMVA root (entries held to their
/// certificates) without panicking.
pub(crate) fn trust_list(data: &[u8]) {
    use iso18013::vical::{Rical, SignedRical, SignedVical, Vical};
    use iso18013::x509::Certificate;
    round_trip::<Vical>(data);
    round_trip::<Rical>(data);
    if let Ok(signed) = SignedVical::from_cbor(data) {
        let again = SignedVical::from_cbor(&signed.to_cbor())
            .unwrap_or_else(|e| panic!("a signed VICAL does not decode again: {e}"));
        assert_eq!(again, signed, "a signed VICAL changed on re-encoding");
        let root = include_str!("../test-vectors/vical/aamva_ca_root.pem");
        let anchors = Certificate::from_pem(root).unwrap_or_default();
        let provider = iso18013::crypto::default_provider();
        // 2025-11-18T20:00:00Z, within the AAMVA list's day.
        if let Ok(verified) = signed.verify(&anchors, provider, 1_763_496_000) {
            let _ = verified.trust_store();
        }
    }
    if let Ok(signed) = SignedRical::from_cbor(data) {
        let again = SignedRical::from_cbor(&signed.to_cbor())
            .unwrap_or_else(|e| panic!("a signed RICAL does not decode again: {e}"));
        assert_eq!(again, signed, "a signed RICAL changed on re-encoding");
        let provider = iso18013::crypto::default_provider();
        let _ = signed.verify(&[], provider, 1_763_496_000);
    }
}

/// The CBOR `StatusList` and `IdentifierList`: accepted ones re-encode stably; a list
/// decompresses within the limit or is refused (never beyond it), and every index is
/// either in the list or an error.
pub(crate) fn status_list(data: &[u8]) {
    use iso18013::status::{CompressedStatusList, IdentifierList, StatusListError};
    round_trip::<CompressedStatusList>(data);
    round_trip::<IdentifierList>(data);
    let Ok(compressed) = CompressedStatusList::from_cbor(data) else {
        return;
    };
    const LIMIT: usize = 1 << 20;
    match compressed.decompress(LIMIT) {
        Ok(list) => {
            assert!(
                list.as_bytes().len() <= LIMIT,
                "decompressed beyond the limit"
            );
            let len = list.len();
            for index in [0, len / 2, len.saturating_sub(1)] {
                if index < len {
                    assert!(list.get(index).is_ok(), "index {index} of {len} refused");
                }
            }
            assert!(matches!(
                list.get(len),
                Err(StatusListError::IndexOutOfRange { .. })
            ));
        }
        Err(StatusListError::TooLarge { limit }) => assert_eq!(limit, LIMIT),
        Err(_) => {}
    }
}

/// A status list or identifier list token: decoding never panics, accepted claims
/// re-encode stably, and verification without a trust anchor never succeeds.
pub(crate) fn status_list_token(data: &[u8]) {
    use iso18013::status::{
        ListTrust, ListVerifyOptions, decode_token, verify_identifier_list, verify_status_list,
    };
    let options = ListVerifyOptions::default();
    if let Ok((_, claims)) = decode_token(data, &options.limits) {
        let encoded = claims.to_cbor();
        let again = iso18013::status::ListClaims::from_cbor(&encoded)
            .unwrap_or_else(|e| panic!("re-encoded claims do not decode: {e}"));
        assert_eq!(again.to_cbor(), encoded, "claims encoding is not stable");
    }
    let Ok(trust) = ListTrust::new(None, &[]) else {
        panic!("an empty trust point")
    };
    let uri = "https://example.com/statuslists/1";
    for provider in iso18013::crypto::providers() {
        let now = 1_700_000_000;
        assert!(verify_status_list(data, uri, &trust, &options, provider, now).is_err());
        assert!(verify_identifier_list(data, uri, &trust, &options, provider, now).is_err());
    }
}

/// Claims `{namespace: {identifier: value}}` held to every built-in doctype's table, as an
/// issuer does (`Registry::validate`) and a verifier does (`Registry::review`), and the
/// typed views of the structured elements: nothing panics, and validation agrees with the
/// review (claims that validate have nothing to note but older forms of the docType).
pub(crate) fn doctype_claims(data: &[u8]) {
    use iso18013::doctype::{DoctypeFindingKind, Registry, aamva, mdl, photoid, pid};
    let Ok(Value::Map(name_spaces)) = Value::from_cbor(data) else {
        return;
    };
    let mut claims: Vec<(&str, &str, &Value)> = Vec::new();
    for (ns, elements) in &name_spaces {
        let (Some(ns), Value::Map(elements)) = (ns.as_text(), elements) else {
            continue;
        };
        for (id, value) in elements {
            if let Some(id) = id.as_text() {
                claims.push((ns, id, value));
            }
        }
    }
    let registry = Registry::builtin();
    for descriptor in registry.descriptors() {
        let doc_type = descriptor.doc_type();
        let valid = registry.validate(doc_type, claims.iter().copied()).is_ok();
        let found = registry.review(doc_type, claims.iter().copied());
        if valid {
            assert!(
                found.iter().all(|f| f.name_space.is_empty()
                    && matches!(f.kind, DoctypeFindingKind::OlderForm(_))),
                "{doc_type}: validated claims with findings {found:?}"
            );
        }
    }
    let _ = iso18013::doctype::age::contradiction(
        claims.iter().copied(),
        &iso18013::cbor::TDate::from_unix_seconds(1_780_000_000).unwrap_or_else(|_| unreachable!()),
    );
    for (_, _, value) in &claims {
        let bytes = value.to_cbor();
        round_trip::<photoid::BirthDate>(&bytes);
        round_trip::<pid::PlaceOfBirth>(&bytes);
        round_trip::<mdl::DrivingPrivileges>(&bytes);
        let _ = aamva::DOMESTIC_DRIVING_PRIVILEGES.accepts(value);
    }
}

/// The ISO 18013-5 Annex D setting: the IACA, the session transcript, the reader's
/// ephemeral key and the time the example was made.
mod annex_d {
    use std::sync::OnceLock;

    use iso18013::cbor::Decode;
    use iso18013::crypto::{EcCurve, EcPrivateKey};
    use iso18013::session::SessionTranscript;
    use iso18013::x509::{Certificate, TrustStore};

    pub(crate) const NOW: i64 = 1_601_559_002; // 2020-10-01T13:30:02Z

    pub(crate) fn hex(text: &str) -> Vec<u8> {
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
/// A DER `Ecdsa-Sig-Value` (as a cloud KMS returns it) to COSE's `r || s`: never a panic,
/// the fixed length of the curve when accepted, and the DER written back from the raw form
/// reads as the same signature.
pub(crate) fn ecdsa_der_signature(data: &[u8]) {
    use iso18013::crypto::SignatureAlgorithm;
    for alg in [
        SignatureAlgorithm::Es256,
        SignatureAlgorithm::Es384,
        SignatureAlgorithm::Es512,
    ] {
        if let Ok(raw) = alg.signature_from_der(data) {
            assert_eq!(raw.len(), 2 * alg.curve().field_len());
        }
    }
}

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

/// Deterministic randomness, so a fuzz input always meets the same keys.
struct Lcg(u64);

impl iso18013::crypto::RandomSource for Lcg {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), iso18013::crypto::CryptoError> {
        for b in out {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *b = self.0.to_be_bytes()[0];
        }
        Ok(())
    }
}

/// The holder state machine, given `data` as the decrypted `DeviceRequest`: the harness
/// plays the reader, encrypting `data` under the session's real keys, then consents to
/// everything requested from a wallet holding the Annex D mDL.
pub(crate) fn holder_request(data: &[u8]) {
    use iso18013::cbor::{Decode, Encode, TaggedCbor};
    use iso18013::crypto::{EcCurve, EcPrivateKey};
    use iso18013::holder::{Consent, DeviceAuthChoice, HolderEngagement, WalletDocument};
    use iso18013::issuer::{cose_key_from_sec1, sec1_from_cose_key};
    use iso18013::response::DeviceResponse;
    use iso18013::session::{
        Handover, SessionEncryption, SessionEstablishment, SessionKeys, SessionRole,
        SessionTranscript,
    };
    use iso18013::verify::Policy;

    let provider = iso18013::crypto::default_provider();
    let mut rng = Lcg(1);
    let holder = HolderEngagement::new(provider, Vec::new(), &mut rng).unwrap();
    let (curve, device_public) =
        sec1_from_cose_key(holder.engagement().security.e_device_key.value()).unwrap();
    let reader_key = provider.ec_generate(curve, &mut rng).unwrap();
    let reader_cose =
        cose_key_from_sec1(curve, &provider.ec_public_key(&reader_key).unwrap()).unwrap();
    let transcript = SessionTranscript::new(
        Some(holder.engagement().clone()),
        Some(TaggedCbor::new(reader_cose.clone())),
        Handover::Qr,
    );
    let keys = SessionKeys::derive(provider, &reader_key, &device_public, &transcript).unwrap();
    let mut encryption = SessionEncryption::new(SessionRole::Reader, keys);
    let establishment = SessionEstablishment {
        e_reader_key: TaggedCbor::new(reader_cose),
        data: encryption.encrypt(provider, data).unwrap(),
        rest: Vec::new(),
    }
    .to_cbor();
    let s = annex_d::setting();
    let Ok(received) = holder.accept(&establishment, &s.trust, &Policy::default(), annex_d::NOW)
    else {
        return;
    };
    let response = DeviceResponse::from_cbor(&annex_d::hex(include_str!(
        "../test-vectors/iso18013-5-annex-d/device_response.hex"
    )))
    .unwrap();
    let wallet = vec![WalletDocument {
        issued: response.documents.unwrap().remove(0).issuer_signed,
        device_key: EcPrivateKey::from_scalar(
            EcCurve::P256,
            &annex_d::hex(include_str!(
                "../test-vectors/iso18013-5-annex-d/device_key_private.hex"
            )),
        )
        .unwrap(),
    }];
    let consent: Vec<Consent> = received
        .requested()
        .iter()
        .map(|doc| Consent {
            doc_type: doc.doc_type.clone(),
            elements: doc
                .elements
                .filter_map(|_, ids| Some(ids.iter().map(|(id, _)| id.clone()).collect())),
        })
        .collect();
    // Responding consumes the state: the input's length picks the device authentication.
    let auth = if data.len().is_multiple_of(2) {
        DeviceAuthChoice::Signature
    } else {
        DeviceAuthChoice::Mac
    };
    if let Ok((_, session_data)) = received.respond(&consent, &wallet, auth) {
        // What the holder sends decodes, and decrypts under the reader's key.
        let message = iso18013::session::SessionData::from_cbor(&session_data).unwrap();
        encryption
            .decrypt(provider, message.data.as_deref().unwrap())
            .unwrap();
    }
}

/// The reader state machine, given `data` as the decrypted `DeviceResponse`: the harness
/// plays the holder (a fixed engagement key), encrypts `data` under the session's real
/// keys, and the reader decrypts and verifies it in the Annex D setting.
pub(crate) fn reader_response(data: &[u8]) {
    use iso18013::cbor::{Decode, Encode, TaggedCbor};
    use iso18013::engagement::{DeviceEngagement, Security, device_engagement_uri};
    use iso18013::issuer::{cose_key_from_sec1, sec1_from_cose_key};
    use iso18013::reader::Reader;
    use iso18013::request::ItemsRequest;
    use iso18013::session::{
        Handover, SessionData, SessionEncryption, SessionEstablishment, SessionKeys, SessionRole,
        SessionTranscript,
    };
    use iso18013::verify::Policy;

    let provider = iso18013::crypto::default_provider();
    let mut rng = Lcg(2);
    let device_key = provider
        .ec_generate(iso18013::crypto::EcCurve::P256, &mut rng)
        .unwrap();
    let device_cose = cose_key_from_sec1(
        iso18013::crypto::EcCurve::P256,
        &provider.ec_public_key(&device_key).unwrap(),
    )
    .unwrap();
    let engagement = TaggedCbor::new(DeviceEngagement {
        version: "1.0".to_string(),
        security: Security {
            cipher_suite: 1,
            e_device_key: TaggedCbor::new(device_cose),
        },
        device_retrieval_methods: None,
        server_retrieval_methods: None,
        protocol_info: None,
        origin_infos: None,
        capabilities: None,
        rest: Vec::new(),
    });
    let s = annex_d::setting();
    let reader = Reader::new(s.trust.clone(), Policy::default());
    let request = ItemsRequest {
        doc_type: "org.iso.18013.5.1.mDL".to_string(),
        name_spaces: (
            "org.iso.18013.5.1".to_string(),
            vec![("family_name".to_string(), false)],
        )
            .into(),
        request_info: None,
        rest: Vec::new(),
    };
    let (awaiting, establishment) = reader
        .scan(&device_engagement_uri(&engagement))
        .unwrap()
        .request(vec![request], &mut rng)
        .unwrap();
    let establishment = SessionEstablishment::from_cbor(&establishment).unwrap();
    let (_, reader_public) = sec1_from_cose_key(establishment.e_reader_key.value()).unwrap();
    let transcript = SessionTranscript::new(
        Some(engagement),
        Some(establishment.e_reader_key),
        Handover::Qr,
    );
    let keys = SessionKeys::derive(provider, &device_key, &reader_public, &transcript).unwrap();
    let mut encryption = SessionEncryption::new(SessionRole::Mdoc, keys);
    encryption.decrypt(provider, &establishment.data).unwrap();
    let message = SessionData {
        data: Some(encryption.encrypt(provider, data).unwrap()),
        status: None,
        rest: Vec::new(),
    };
    let _ = awaiting.receive(&message.to_cbor(), annex_d::NOW);
}
