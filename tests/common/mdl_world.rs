//! A small mDL world for exchange tests: an IACA and document signer, a reader root and
//! reader certificate, and a wallet holding one mDL (with a 1,500-byte portrait, so that a
//! response takes many BLE values at MTU 23 and several at 517).
#![allow(dead_code)]

use iso18013::cbor::{TDate, Value};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SystemRandom};
use iso18013::doctype::{Registry, mdl};
use iso18013::holder::{Consent, WalletDocument};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::reader::ReaderAuthentication;
use iso18013::request::ItemsRequest;
use iso18013::verify::{Answer, DeviceAuthKind, ElementOutcome, Signer};
use iso18013::x509::{TrustStore, generate};

pub(crate) const NOW: &str = "2026-06-01T00:00:00Z";

pub(crate) fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

pub(crate) struct World {
    pub(crate) provider: &'static dyn CryptoProvider,
    pub(crate) iaca_trust: TrustStore,
    pub(crate) reader_roots: TrustStore,
    pub(crate) reader_auth: ReaderAuthentication,
    pub(crate) wallet: Vec<WalletDocument>,
}

/// The world with an mDL of family_name, given_name, age_over_18 and a 1,525-byte portrait.
pub(crate) fn world(provider: &'static dyn CryptoProvider) -> World {
    world_with(
        provider,
        vec![
            ("family_name", Value::from("Doe")),
            ("given_name", Value::from("Jane")),
            ("age_over_18", Value::Bool(true)),
            // Enough to need many chunks at MTU 23 and several at 517.
            ("portrait", Value::Bytes(portrait())),
        ],
    )
}

/// A 1,525-byte JPEG without metadata (test-vectors/portraits/clean.jpg): the issuer
/// checks the format and that nothing but the image is signed.
pub(crate) fn portrait() -> Vec<u8> {
    include_bytes!("../../test-vectors/portraits/clean.jpg").to_vec()
}

/// The world with an mDL of these elements (in the mDL namespace).
pub(crate) fn world_with(
    provider: &'static dyn CryptoProvider,
    elements: Vec<(&str, Value)>,
) -> World {
    let mut rng = SystemRandom(provider);
    let new_key = || {
        provider
            .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
            .unwrap()
    };
    let public = |k: &EcPrivateKey| provider.ec_public_key(k).unwrap();
    let cert = |cn: &'static str| generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at("2025-01-01T00:00:00Z"),
        not_after: at("2026-12-31T00:00:00Z"),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    };
    let (iaca_key, ds_key, root_key, reader_key, device_key) =
        (new_key(), new_key(), new_key(), new_key(), new_key());
    let iaca = generate::iaca(provider, &iaca_key, &cert("IACA"), &mut rng).unwrap();
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &public(&ds_key),
        EcCurve::P256,
        &cert("DS"),
        &mut rng,
    )
    .unwrap();
    let root = generate::reader_root(provider, &root_key, &cert("Reader root"), &mut rng).unwrap();
    let reader = generate::reader(
        provider,
        &root_key,
        &root,
        &public(&reader_key),
        EcCurve::P256,
        &cert("Reader"),
        &mut rng,
    )
    .unwrap();
    let date = |t| TDate::parse(t).unwrap();
    let mut elements = elements.into_iter();
    let (id, value) = elements.next().unwrap();
    let mut builder = MdocBuilder::with_required(
        mdl::DOC_TYPE,
        cose_key_from_sec1(EcCurve::P256, &public(&device_key)).unwrap(),
        Validity::new(
            date("2026-01-01T00:00:00Z"),
            date("2026-01-01T00:00:00Z"),
            date("2027-01-01T00:00:00Z"),
        ),
    )
    .element(mdl::NAME_SPACE, id, value);
    for (id, value) in elements {
        builder = builder.element(mdl::NAME_SPACE, id, value);
    }
    let issued = Issuer::new(vec![ds.der().to_vec()])
        .with_doctypes(Registry::builtin().all_optional())
        .issue(
            builder,
            provider,
            &KeySigner::new(provider, ds_key),
            &mut rng,
        )
        .unwrap();
    let mut iaca_trust = TrustStore::new();
    iaca_trust.add_iaca(iaca);
    let mut reader_roots = TrustStore::new();
    reader_roots.add_reader_root(root);
    World {
        provider,
        iaca_trust,
        reader_roots,
        reader_auth: ReaderAuthentication::new(reader_key, vec![reader.der().to_vec()]),
        wallet: vec![WalletDocument { issued, device_key }],
    }
}

pub(crate) fn mdl_request(ids: &[&str]) -> ItemsRequest {
    ItemsRequest {
        doc_type: mdl::DOC_TYPE.to_string(),
        name_spaces: (
            mdl::NAME_SPACE.to_string(),
            ids.iter().map(|id| (id.to_string(), false)).collect(),
        )
            .into(),
        request_info: None,
        rest: Vec::new(),
    }
}

pub(crate) fn consent(ids: &[&str]) -> Vec<Consent> {
    vec![Consent {
        doc_type: mdl::DOC_TYPE.to_string(),
        elements: (
            mdl::NAME_SPACE.to_string(),
            ids.iter().map(|s| s.to_string()).collect(),
        )
            .into(),
    }]
}

/// Asserts what a session asking for family_name and portrait (never given_name) verified,
/// and how the device authenticated.
pub(crate) fn check_disclosed(answer: &Answer, auth: DeviceAuthKind) {
    // Everything asked (`family_name`, `age_over_18`, `portrait`) was returned, issuer-signed.
    let Answer::Complete {
        response: verified,
        comparison,
    } = answer
    else {
        panic!("incomplete: {:?}", answer.comparison())
    };
    let outcomes: Vec<ElementOutcome> = comparison.requests[0].documents[0]
        .elements
        .iter()
        .map(|e| e.outcome)
        .collect();
    assert_eq!(outcomes, [ElementOutcome::Returned(Signer::Issuer); 3]);
    let doc = &verified.documents()[0];
    assert_eq!(
        doc.element(mdl::NAME_SPACE, "family_name"),
        Some(&Value::from("Doe"))
    );
    assert_eq!(
        doc.element(mdl::NAME_SPACE, "portrait"),
        Some(&Value::Bytes(portrait()))
    );
    assert_eq!(doc.element(mdl::NAME_SPACE, "given_name"), None);
    assert_eq!(doc.device_auth(), auth);
}
