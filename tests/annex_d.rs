//! ISO 18013-5 Annex D, byte for byte: every CBOR structure decodes into the typed model
//! and re-encodes to the identical bytes.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, TaggedCbor, Value};
use iso18013::cose::{CoseKey, CoseSign1, Curve, EcY};
use iso18013::doctype::mdl::DrivingPrivileges;
use iso18013::engagement::{DeviceEngagement, RetrievalOptions};
use iso18013::mso::{IssuerAuth, MobileSecurityObjectBytes};
use iso18013::request::{DeviceRequest, ItemsRequest, ReaderAuthenticationBytes};
use iso18013::response::{DeviceAuth, DeviceAuthenticationBytes, DeviceResponse};
use iso18013::session::{
    EReaderKeyBytes, Handover, SessionData, SessionEstablishment, SessionTranscript,
    SessionTranscriptBytes,
};

fn vector(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(&path).unwrap().trim()).unwrap()
}

/// Decodes the named vector as `T`, re-encodes it, and demands identical bytes.
fn round_trip<T: Decode + Encode>(name: &str) -> T {
    let bytes = vector(name);
    let value = T::from_cbor(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        hex::encode(value.to_cbor()),
        hex::encode(&bytes),
        "{name} re-encodes differently"
    );
    value
}

#[test]
fn device_engagement() {
    let de: DeviceEngagement = round_trip("device_engagement");
    assert_eq!(de.version, "1.0");
    assert_eq!(de.security.cipher_suite, 1);
    let key = de.security.e_device_key.value();
    assert_eq!(key.curve, Curve::P256);
    assert_eq!(key.x, vector("edevice_key_x"));
    assert_eq!(key.y, Some(EcY::Bytes(vector("edevice_key_y"))));
    let methods = de.device_retrieval_methods.unwrap();
    let RetrievalOptions::Ble(ble) = &methods[0].options else {
        panic!("not BLE")
    };
    assert!(!ble.peripheral_server_mode && ble.central_client_mode);
    assert_eq!(
        ble.central_client_uuid.unwrap().to_vec(),
        hex::decode("45efef742b2c4837a9a3b0e1d05a6917").unwrap()
    );
    let nfc: DeviceEngagement = round_trip("device_engagement_nfc");
    assert!(nfc.device_retrieval_methods.is_none());
}

#[test]
fn ephemeral_keys() {
    let d: TaggedCbor<CoseKey> = round_trip("edevice_key_bytes");
    assert_eq!(d.value().x, vector("edevice_key_x"));
    let r: EReaderKeyBytes = round_trip("ereader_key_bytes");
    assert_eq!(r.value().x, vector("ereader_key_x"));
    assert_eq!(r.value().y, Some(EcY::Bytes(vector("ereader_key_y"))));
}

#[test]
fn session_messages() {
    let est: SessionEstablishment = round_trip("session_establishment");
    assert_eq!(est.e_reader_key.encoded(), vector("ereader_key_bytes"));
    assert_eq!(est.data.len(), 735);
    let data: SessionData = round_trip("session_data");
    assert_eq!(data.data.unwrap().len(), 3578);
    assert_eq!(data.status, None);
    let end: SessionData = round_trip("session_termination");
    assert_eq!((end.data, end.status), (None, Some(20)));
}

#[test]
fn session_transcript() {
    let st: SessionTranscript = round_trip("session_transcript");
    assert!(st.device_engagement().is_some());
    assert_eq!(
        st.e_reader_key().unwrap().encoded(),
        vector("ereader_key_bytes")
    );
    let Handover::Nfc {
        handover_select,
        handover_request,
    } = st.handover()
    else {
        panic!("not NFC")
    };
    assert_eq!(*handover_select, vector("handover_select"));
    assert_eq!(
        handover_request.as_deref(),
        Some(vector("handover_request").as_slice())
    );
    let stb: SessionTranscriptBytes = round_trip("session_transcript_bytes");
    assert_eq!(stb.inner_bytes(), vector("session_transcript"));
    assert_eq!(
        stb.value().device_engagement().unwrap().inner_bytes(),
        vector("device_engagement_nfc")
    );
}

#[test]
fn device_request_and_reader_auth() {
    let req: DeviceRequest = round_trip("device_request");
    assert_eq!(req.version, "1.0");
    let doc = &req.doc_requests[0];
    assert_eq!(doc.items_request.inner_bytes(), vector("items_request"));
    let items = doc.items_request.value();
    assert_eq!(items.doc_type, "org.iso.18013.5.1.mDL");
    let elements = &items.name_spaces[0].1;
    assert_eq!(elements.len(), 6);
    assert!(elements.contains(&("portrait".to_string(), false)));
    assert!(elements.contains(&("family_name".to_string(), true)));
    let reader_auth = doc.reader_auth.as_ref().unwrap();
    assert_eq!(reader_auth.to_cbor(), vector("reader_auth"));
    assert_eq!(reader_auth.payload(), None);
    assert_eq!(reader_auth.alg(), Some(-7));
    let chain: Vec<&[u8]> = reader_auth
        .unprotected()
        .x5chain
        .as_ref()
        .unwrap()
        .certificates()
        .collect();
    assert_eq!(chain, [vector("reader_cert").as_slice()]);
    let _: ItemsRequest = round_trip("items_request");
    let _: CoseSign1 = round_trip("reader_auth");
    let rab: ReaderAuthenticationBytes = round_trip("reader_authentication_bytes");
    assert_eq!(
        rab.value().items_request.inner_bytes(),
        vector("items_request")
    );
    assert_eq!(
        rab.value().session_transcript.to_cbor(),
        vector("session_transcript")
    );
}

#[test]
fn device_response() {
    let resp: DeviceResponse = round_trip("device_response");
    assert_eq!((resp.version.as_str(), resp.status), ("1.0", 0));
    let doc = &resp.documents.as_ref().unwrap()[0];
    assert_eq!(doc.doc_type, "org.iso.18013.5.1.mDL");
    let (ns, items) = &doc.issuer_signed.name_spaces.as_ref().unwrap()[0];
    assert_eq!(ns, "org.iso.18013.5.1");
    let ids: Vec<&str> = items
        .iter()
        .map(|i| i.value().element_identifier.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "family_name",
            "issue_date",
            "expiry_date",
            "document_number",
            "portrait",
            "driving_privileges"
        ]
    );
    let portrait = items
        .iter()
        .find(|i| i.element_identifier == "portrait")
        .unwrap();
    assert_eq!(
        portrait.element_value,
        Value::Bytes(vector("portrait_jpeg"))
    );
    let privileges = items
        .iter()
        .find(|i| i.element_identifier == "driving_privileges")
        .unwrap();
    assert_eq!(
        privileges.element_value.to_cbor(),
        vector("driving_privileges")
    );
    assert_eq!(
        doc.issuer_signed.issuer_auth.to_cbor(),
        vector("issuer_auth")
    );
    let DeviceAuth::Mac(mac) = &doc.device_signed.device_auth else {
        panic!("not a MAC")
    };
    assert_eq!(mac.tag(), vector("device_mac_tag"));
    assert_eq!(
        doc.device_signed.device_auth.to_cbor(),
        vector("device_auth")
    );
    assert!(doc.device_signed.name_spaces.value().0.is_empty());
}

#[test]
fn issuer_auth_and_mso() {
    let auth: IssuerAuth = round_trip("issuer_auth");
    assert_eq!(auth.mso().encoded(), vector("mobile_security_object_bytes"));
    assert_eq!(
        auth.sign1().payload().unwrap(),
        vector("mobile_security_object_bytes")
    );
    let chain: Vec<&[u8]> = auth
        .sign1()
        .unprotected()
        .x5chain
        .as_ref()
        .unwrap()
        .certificates()
        .collect();
    assert_eq!(chain, [vector("ds_cert").as_slice()]);
    let mso: MobileSecurityObjectBytes = round_trip("mobile_security_object_bytes");
    assert_eq!(mso.version, "1.0");
    assert_eq!(mso.digest_algorithm, "SHA-256");
    assert_eq!(mso.doc_type, "org.iso.18013.5.1.mDL");
    assert_eq!(mso.value_digests.len(), 2);
    assert_eq!(mso.value_digests[0].1.len(), 13);
    assert_eq!(mso.value_digests[1].1.len(), 4);
    assert_eq!(mso.device_key_info.device_key.x, vector("device_key_x"));
    assert_eq!(mso.validity_info.signed.as_str(), "2020-10-01T13:30:02Z");
    assert_eq!(
        mso.validity_info.valid_until.as_str(),
        "2021-10-01T13:30:02Z"
    );
    assert!(mso.validity_info.signed.is_whole_seconds_utc());
}

#[test]
fn device_auth_and_authentication_bytes() {
    let auth: DeviceAuth = round_trip("device_auth");
    assert!(matches!(auth, DeviceAuth::Mac(_)));
    let dab: DeviceAuthenticationBytes = round_trip("device_authentication_bytes");
    assert_eq!(dab.value().doc_type, "org.iso.18013.5.1.mDL");
    assert_eq!(dab.value().name_spaces.encoded(), [0xd8, 0x18, 0x41, 0xa0]);
    assert_eq!(
        dab.value().session_transcript.to_cbor(),
        vector("session_transcript")
    );
}

#[test]
fn driving_privileges() {
    let dp: DrivingPrivileges = round_trip("driving_privileges");
    assert_eq!(dp.0.len(), 2);
    assert_eq!(dp.0[0].vehicle_category_code, "A");
    assert_eq!(dp.0[0].issue_date.unwrap().to_string(), "2018-08-09");
    assert_eq!(dp.0[1].expiry_date.unwrap().to_string(), "2024-10-20");
}

/// Files that are not CBOR, and so have nothing to round-trip.
const NOT_CBOR: &[&str] = &[
    "ble_ident",
    "device_key_private",
    "device_key_x",
    "device_key_y",
    "device_mac_tag",
    "ds_cert",
    "edevice_key_private",
    "edevice_key_x",
    "edevice_key_y",
    "emac_key",
    "emac_key_zab",
    "ereader_key_private",
    "ereader_key_x",
    "ereader_key_y",
    "handover_request",
    "handover_select",
    "iaca_cert",
    "portrait_jpeg",
    "reader_cert",
    "reader_root_cert",
    "session_key_zab",
    "session_transcript_bytes_sha256",
    "sk_device",
    "sk_reader",
];

/// COSE intermediate structures (not ISO 18013-5 messages): checked as open values.
const COSE_INTERMEDIATE: &[&str] = &[
    "issuer_sig_structure",
    "reader_sig_structure",
    "mac_structure",
];

#[test]
fn every_cbor_vector_is_covered() {
    let dir = format!(
        "{}/test-vectors/iso18013-5-annex-d",
        env!("CARGO_MANIFEST_DIR")
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let Some(stem) = name.strip_suffix(".hex") else {
            continue;
        };
        if NOT_CBOR.contains(&stem) {
            continue;
        }
        let bytes = vector(stem);
        // Every CBOR vector is recognised by `inspect` as a named structure ...
        let found = iso18013::inspect::identify(&bytes).unwrap_or_else(|e| panic!("{stem}: {e}"));
        if !COSE_INTERMEDIATE.contains(&stem) {
            assert_ne!(
                found.structure,
                iso18013::inspect::Structure::Other,
                "{stem}"
            );
        }
        // ... and as an open value re-encodes identically too.
        assert_eq!(Value::from_cbor(&bytes).unwrap().to_cbor(), bytes, "{stem}");
    }
}

#[test]
fn authentication_bytes_are_built_exactly() {
    use iso18013::request::reader_authentication_bytes;
    use iso18013::response::device_authentication_bytes;
    let transcript = SessionTranscript::from_cbor(&vector("session_transcript")).unwrap();
    let request = DeviceRequest::from_cbor(&vector("device_request")).unwrap();
    assert_eq!(
        reader_authentication_bytes(&transcript, &request.doc_requests[0].items_request),
        vector("reader_authentication_bytes")
    );
    let response = DeviceResponse::from_cbor(&vector("device_response")).unwrap();
    let doc = &response.documents.unwrap()[0];
    assert_eq!(
        device_authentication_bytes(&transcript, &doc.doc_type, &doc.device_signed.name_spaces),
        vector("device_authentication_bytes")
    );
}
