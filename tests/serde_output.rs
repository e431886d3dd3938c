//! The `serde` output of a verified response: issuer-signed and device-signed elements
//! stay apart (a holder authorised by keyAuthorizations to sign `given_name` and
//! `age_over_18` does not replace the issuer's values), and `mdoc verify` prints exactly
//! the serialization. Under every backend.
#![cfg(feature = "json")]
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Encode, TDate, Value};
use iso18013::crypto::{CryptoProvider, EcCurve, SystemRandom, providers};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::mso::KeyAuthorizations;
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::{DeviceNameSpaces, DeviceResponse};
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{Policy, ReaderSession, VerifiedResponse, verify_device_response};
use iso18013::x509::{Certificate, TrustStore, generate};
use serde_json::json;

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

const NOW: &str = "2026-06-01T00:00:00Z";

/// A response in which the issuer signed given_name "Jane" and age_over_18 true, and the
/// device, authorised for both by keyAuthorizations, signed given_name "Mallory" and
/// age_over_18 false.
struct Case {
    response: DeviceResponse,
    transcript: SessionTranscript,
    iaca: Certificate,
}

fn case(provider: &'static dyn CryptoProvider) -> Case {
    let mut rng = SystemRandom(provider);
    let key = || {
        provider
            .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
            .unwrap()
    };
    let (iaca_key, ds_key, device) = (key(), key(), key());
    let params = |cn| generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at("2025-01-01T00:00:00Z"),
        not_after: at("2027-06-01T00:00:00Z"),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    };
    let iaca = generate::iaca(provider, &iaca_key, &params("IACA"), &mut rng).unwrap();
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &provider.ec_public_key(&ds_key).unwrap(),
        EcCurve::P256,
        &params("DS"),
        &mut rng,
    )
    .unwrap();
    let date = |t| TDate::parse(t).unwrap();
    let device_key =
        cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(&device).unwrap()).unwrap();
    let builder = MdocBuilder::with_required(
        mdl::DOC_TYPE,
        device_key,
        Validity::new(
            date("2026-01-01T00:00:00Z"),
            date("2026-01-01T00:00:00Z"),
            date("2027-01-01T00:00:00Z"),
        ),
    )
    .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
    .element(mdl::NAME_SPACE, "given_name", Value::from("Jane"))
    .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
    .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true))
    .key_authorizations(KeyAuthorizations {
        name_spaces: None,
        data_elements: Some(
            (
                mdl::NAME_SPACE.to_string(),
                vec!["given_name".to_string(), "age_over_18".to_string()],
            )
                .into(),
        ),
        rest: Vec::new(),
    });
    let issued = Issuer::new(vec![ds.der().to_vec()])
        .with_doctypes(Registry::builtin().all_optional())
        .issue(
            builder,
            provider,
            &KeySigner::new(provider, ds_key),
            &mut rng,
        )
        .unwrap();
    let selection: Selection = (
        mdl::NAME_SPACE.to_string(),
        vec![
            "family_name".to_string(),
            "given_name".to_string(),
            "age_over_18".to_string(),
        ],
    )
        .into();
    let device_signed: DeviceNameSpaces = (
        mdl::NAME_SPACE.to_string(),
        vec![
            ("given_name".to_string(), Value::from("Mallory")),
            ("age_over_18".to_string(), Value::Bool(false)),
        ],
    )
        .into();
    let transcript = SessionTranscript::new(
        None,
        None,
        Handover::OpenId4Vp {
            info_hash: vec![1; 32],
        },
    );
    let document = present_document(
        &issued,
        &selection,
        &device,
        device_signed,
        &transcript,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    Case {
        response: DeviceResponse {
            version: "1.0".to_string(),
            documents: Some(vec![document]),
            document_errors: None,
            status: 0,
            rest: Vec::new(),
        },
        transcript,
        iaca,
    }
}

fn verify(provider: &'static dyn CryptoProvider, case: &Case) -> VerifiedResponse {
    let mut trust = TrustStore::new();
    trust.add_iaca(case.iaca.clone());
    verify_device_response(
        &case.response.to_cbor(),
        &ReaderSession::new(&case.transcript),
        &trust,
        &Policy::new(provider),
        at(NOW),
    )
    .unwrap()
}

#[test]
fn device_signed_elements_do_not_replace_issuer_signed_ones() {
    for provider in providers() {
        let verified = verify(provider, &case(provider));
        let json = serde_json::to_value(&verified).unwrap();
        let doc = &json["documents"][0];
        let ns = mdl::NAME_SPACE;
        assert_eq!(
            doc["elements"][ns]["given_name"],
            "Jane",
            "{}",
            provider.name()
        );
        assert_eq!(doc["elements"][ns]["age_over_18"], true);
        assert_eq!(doc["elements"][ns]["family_name"], "Doe");
        assert_eq!(
            doc["deviceSigned"],
            json!({ ns: { "given_name": "Mallory", "age_over_18": false } })
        );
        assert_eq!(doc["docType"], mdl::DOC_TYPE);
        assert_eq!(doc["deviceAuth"], "signature");
        assert_eq!(doc["issuer"]["subject"], "CN=DS,C=US");
        assert_eq!(doc["issuer"]["iaca"], "CN=IACA,C=US");
        assert_eq!(doc["validity"]["validUntil"], "2027-01-01T00:00:00Z");
        assert_eq!(json["version"], "1.0");
        assert_eq!(json["documentErrors"], json!([]));
        // The library's accessor agrees: the issuer's value.
        let d = &verified.documents()[0];
        assert_eq!(d.element(ns, "given_name"), Some(&Value::from("Jane")));
    }
}

/// `mdoc verify` prints `{"valid": true}` followed by exactly the serde serialization.
#[cfg(feature = "cli")]
#[test]
fn mdoc_verify_prints_the_serialization() {
    let dir = std::env::temp_dir().join(format!("iso18013-serde-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for provider in providers() {
        let case = case(provider);
        let verified = verify(provider, &case);
        let response = dir.join("response.cbor");
        let transcript = dir.join("transcript.cbor");
        let iaca = dir.join("iaca.pem");
        std::fs::write(&response, case.response.to_cbor()).unwrap();
        std::fs::write(&transcript, case.transcript.to_cbor()).unwrap();
        std::fs::write(&iaca, case.iaca.to_pem()).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_mdoc"))
            .arg("verify")
            .arg(&response)
            .arg("--transcript")
            .arg(&transcript)
            .arg("--trust")
            .arg(&iaca)
            .args(["--at", NOW, "--backend", provider.name()])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let printed = String::from_utf8(output.stdout).unwrap();
        let serialized = serde_json::to_string(&verified).unwrap();
        // Byte for byte: {"valid":true, then the serialization's fields.
        let want = format!(r#"{{"valid":true,{}"#, &serialized[1..]);
        assert_eq!(printed.trim_end(), want, "{}", provider.name());
        let printed: serde_json::Value = serde_json::from_str(&printed).unwrap();
        let doc = &printed["documents"][0];
        assert_eq!(doc["elements"][mdl::NAME_SPACE]["given_name"], "Jane");
        assert_eq!(
            doc["deviceSigned"][mdl::NAME_SPACE]["given_name"],
            "Mallory"
        );
        assert_eq!(doc["elements"][mdl::NAME_SPACE]["age_over_18"], true);
        assert_eq!(doc["deviceSigned"][mdl::NAME_SPACE]["age_over_18"], false);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
