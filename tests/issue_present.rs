//! The issuer and the holder's presentation, checked at the COSE and digest level under
//! every backend (full verification of what they make is in `tests/round_trip.rs`).
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, TDate, TaggedCbor, Value};
use iso18013::cose::CoseKey;
use iso18013::crypto::{
    CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, SystemRandom, providers,
};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{
    IssueError, Issuer, KeySigner, MdocBuilder, Ready, SALT_LEN, Validity, cose_key_from_sec1,
    sec1_from_cose_key,
};
use iso18013::mso::IssuerSigned;
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::{DeviceAuth, device_authentication_bytes, emac_key};
use iso18013::session::{Handover, SessionTranscript};

fn date(text: &str) -> TDate {
    TDate::parse(text).unwrap()
}

fn full_date(text: &str) -> Value {
    Value::Tag(1004, Box::new(Value::from(text)))
}

struct Keys {
    ds: EcPrivateKey,
    device: EcPrivateKey,
}

fn keys(provider: &dyn CryptoProvider) -> Keys {
    let mut rng = SystemRandom(provider);
    Keys {
        ds: provider.ec_generate(EcCurve::P256, &mut rng).unwrap(),
        device: provider.ec_generate(EcCurve::P256, &mut rng).unwrap(),
    }
}

fn validity() -> Validity {
    Validity::new(
        date("2026-01-01T00:00:00Z"),
        date("2026-01-01T00:00:00Z"),
        date("2027-01-01T00:00:00Z"),
    )
}

fn device_cose_key(provider: &dyn CryptoProvider, device: &EcPrivateKey) -> CoseKey {
    cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(device).unwrap()).unwrap()
}

fn mdl_builder(provider: &dyn CryptoProvider, device: &EcPrivateKey) -> MdocBuilder<Ready> {
    MdocBuilder::with_required(mdl::DOC_TYPE, device_cose_key(provider, device), validity())
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .element(mdl::NAME_SPACE, "given_name", Value::from("Jane"))
        .element(mdl::NAME_SPACE, "birth_date", full_date("1990-05-01"))
        .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true))
        .element("org.example.custom", "loyalty_level", Value::from(3u64))
}

fn issue(provider: &dyn CryptoProvider, k: &Keys) -> IssuerSigned {
    let issuer = Issuer::new(vec![vec![0x30, 0x03, 0x02, 0x01, 0x00]])
        .with_doctypes(Registry::builtin().all_optional());
    let signer = KeySigner::new(provider, k.ds.clone());
    issuer
        .issue(
            mdl_builder(provider, &k.device),
            provider,
            &signer,
            &mut SystemRandom(provider),
        )
        .unwrap()
}

#[test]
fn issued_items_are_salted_digested_and_signed() {
    for provider in providers() {
        let k = keys(provider);
        let issued = issue(provider, &k);
        // What is encoded decodes again to the same thing.
        let again = IssuerSigned::from_cbor(&issued.to_cbor()).unwrap();
        assert_eq!(again, issued);
        let mso = issued.issuer_auth.mso();
        assert_eq!(mso.digest_algorithm, "SHA-256");
        assert_eq!(mso.doc_type, mdl::DOC_TYPE);
        let name_spaces = issued.name_spaces.as_ref().unwrap();
        assert_eq!(name_spaces.len(), 2);
        let mut ids = Vec::new();
        for (ns, items) in name_spaces {
            for item in items {
                assert_eq!(item.random.len(), SALT_LEN);
                assert!(item.digest_id < 1 << 31);
                let digest = provider.digest(DigestAlgorithm::Sha256, item.encoded());
                assert_eq!(mso.digest(ns, item.digest_id), Some(digest.as_slice()));
                ids.push(item.digest_id);
            }
        }
        // Random, so not 0, 1, 2, ... in order.
        assert_ne!(ids[..4], [0, 1, 2, 3]);
        let ds_public = provider.ec_public_key(&k.ds).unwrap();
        issued
            .issuer_auth
            .sign1()
            .verify(provider, &ds_public, None, &[])
            .unwrap();
        let device = sec1_from_cose_key(&mso.device_key_info.device_key).unwrap();
        assert_eq!(device.1, provider.ec_public_key(&k.device).unwrap());
    }
}

#[test]
fn two_step_signing_matches_one_step() {
    let provider = providers()[0];
    let k = keys(provider);
    let issuer = Issuer::new(vec![]).with_doctypes(Registry::builtin().all_optional());
    let prepared = issuer
        .prepare(
            mdl_builder(provider, &k.device),
            iso18013::crypto::SignatureAlgorithm::Es256,
            provider,
            &mut SystemRandom(provider),
        )
        .unwrap();
    // An HSM signs the bytes elsewhere.
    let signature = provider
        .ecdsa_sign(prepared.algorithm(), &k.ds, prepared.to_be_signed())
        .unwrap();
    let issued = prepared.finish(signature).unwrap();
    let ds_public = provider.ec_public_key(&k.ds).unwrap();
    issued
        .issuer_auth
        .sign1()
        .verify(provider, &ds_public, None, &[])
        .unwrap();
    assert!(issued.issuer_auth.sign1().unprotected().x5chain.is_none());
}

#[test]
fn mdl_elements_of_the_wrong_type_are_refused() {
    let provider = providers()[0];
    let k = keys(provider);
    let issuer = Issuer::new(vec![]).with_doctypes(Registry::builtin().all_optional());
    let signer = KeySigner::new(provider, k.ds.clone());
    for (id, value) in [
        ("birth_date", Value::from("1990-05-01")),
        ("age_over_18", Value::from("yes")),
        ("portrait", Value::from("not bytes")),
        ("driving_privileges", Value::from(1u64)),
    ] {
        let mdoc = mdl_builder(provider, &k.device).element(mdl::NAME_SPACE, id, value);
        let err = issuer
            .issue(mdoc, provider, &signer, &mut SystemRandom(provider))
            .unwrap_err();
        assert!(
            matches!(err, IssueError::WrongElementType { .. }),
            "{id}: {err}"
        );
    }
    let twice =
        mdl_builder(provider, &k.device).element(mdl::NAME_SPACE, "family_name", Value::from("X"));
    let err = issuer
        .issue(twice, provider, &signer, &mut SystemRandom(provider))
        .unwrap_err();
    assert!(matches!(err, IssueError::DuplicateElement { .. }));
}

fn transcript(e_reader_key: Option<&CoseKey>) -> SessionTranscript {
    SessionTranscript::new(
        None,
        e_reader_key.map(|k| TaggedCbor::new(k.clone())),
        Handover::OpenId4Vp {
            info_hash: vec![7; 32],
        },
    )
}

#[test]
fn presentation_discloses_only_the_selection_and_authenticates() {
    for provider in providers() {
        let k = keys(provider);
        let issued = issue(provider, &k);
        let selection: Selection = (
            mdl::NAME_SPACE.to_string(),
            vec![
                "given_name".to_string(),
                "age_over_18".to_string(),
                "portrait".to_string(),
            ],
        )
            .into();
        let t = transcript(None);
        let doc = present_document(
            &issued,
            &selection,
            &k.device,
            Default::default(),
            &t,
            DeviceAuthMode::Signature,
            provider,
        )
        .unwrap();
        let disclosed: Vec<&str> = doc.issuer_signed.name_spaces.as_ref().unwrap()[0]
            .1
            .iter()
            .map(|i| i.element_identifier.as_str())
            .collect();
        assert_eq!(disclosed, ["given_name", "age_over_18"]);
        // The portrait was asked for but is not held: reported as not returned.
        assert_eq!(
            doc.errors.as_ref().unwrap()[0].1,
            [("portrait".to_string(), 0)]
        );
        // Disclosed items are the issued bytes, unchanged.
        let issued_items = &issued.name_spaces.as_ref().unwrap()[0].1;
        for item in &doc.issuer_signed.name_spaces.as_ref().unwrap()[0].1 {
            assert!(issued_items.iter().any(|i| i.encoded() == item.encoded()));
        }
        let DeviceAuth::Signature(sig) = &doc.device_signed.device_auth else {
            panic!()
        };
        let authenticated =
            device_authentication_bytes(&t, mdl::DOC_TYPE, &doc.device_signed.name_spaces);
        let device_public = provider.ec_public_key(&k.device).unwrap();
        sig.verify(provider, &device_public, Some(&authenticated), &[])
            .unwrap();
        // Over another transcript, it does not verify.
        let other = SessionTranscript::new(None, None, Handover::Qr);
        let wrong =
            device_authentication_bytes(&other, mdl::DOC_TYPE, &doc.device_signed.name_spaces);
        assert!(
            sig.verify(provider, &device_public, Some(&wrong), &[])
                .is_err()
        );
    }
}

#[test]
fn mac_presentation_agrees_with_the_readers_key() {
    for provider in providers() {
        let k = keys(provider);
        let issued = issue(provider, &k);
        let reader = provider
            .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
            .unwrap();
        let reader_public = provider.ec_public_key(&reader).unwrap();
        let reader_cose = cose_key_from_sec1(EcCurve::P256, &reader_public).unwrap();
        let t = transcript(Some(&reader_cose));
        let selection: Selection =
            (mdl::NAME_SPACE.to_string(), vec!["family_name".to_string()]).into();
        let doc = present_document(
            &issued,
            &selection,
            &k.device,
            Default::default(),
            &t,
            DeviceAuthMode::Mac {
                e_reader_key: &reader_cose,
            },
            provider,
        )
        .unwrap();
        let DeviceAuth::Mac(mac) = &doc.device_signed.device_auth else {
            panic!()
        };
        // The reader derives the same EMacKey from its side of the ECDH.
        let device_public = provider.ec_public_key(&k.device).unwrap();
        let key = emac_key(provider, &reader, &device_public, &t).unwrap();
        let authenticated =
            device_authentication_bytes(&t, mdl::DOC_TYPE, &doc.device_signed.name_spaces);
        mac.verify(provider, key.expose(), Some(&authenticated), &[])
            .unwrap();
        assert!(
            mac.verify(provider, &[0u8; 32], Some(&authenticated), &[])
                .is_err()
        );
    }
}

#[test]
fn a_device_key_other_than_the_msos_is_refused() {
    let provider = providers()[0];
    let k = keys(provider);
    let issued = issue(provider, &k);
    let stranger = provider
        .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
        .unwrap();
    let selection: Selection =
        (mdl::NAME_SPACE.to_string(), vec!["family_name".to_string()]).into();
    let err = present_document(
        &issued,
        &selection,
        &stranger,
        Default::default(),
        &transcript(None),
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap_err();
    assert_eq!(err, iso18013::present::PresentError::DeviceKey);
}

#[test]
fn a_selection_naming_things_twice_discloses_them_once() {
    let provider = providers()[0];
    let k = keys(provider);
    let issued = issue(provider, &k);
    let ns = || mdl::NAME_SPACE.to_string();
    let twice = vec![
        (
            ns(),
            vec!["given_name".to_string(), "given_name".to_string()],
        ),
        (
            ns(),
            vec!["age_over_18".to_string(), "given_name".to_string()],
        ),
        (ns(), vec!["portrait".to_string(), "portrait".to_string()]),
    ];
    // A namespace named twice no longer makes a selection (the type refuses it)...
    let refused = Selection::try_from(twice.clone()).unwrap_err();
    assert_eq!(refused.name_space(), mdl::NAME_SPACE);
    // ...and elements named twice in one namespace are still disclosed once.
    let selection: Selection = (ns(), twice.into_iter().flat_map(|(_, ids)| ids).collect()).into();
    let doc = present_document(
        &issued,
        &selection,
        &k.device,
        Default::default(),
        &transcript(None),
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    let name_spaces = doc.issuer_signed.name_spaces.as_ref().unwrap();
    assert_eq!(name_spaces.len(), 1);
    let disclosed: Vec<&str> = name_spaces[0]
        .1
        .iter()
        .map(|i| i.element_identifier.as_str())
        .collect();
    assert_eq!(disclosed, ["given_name", "age_over_18"]);
    let errors = doc.errors.as_ref().unwrap();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].1, [("portrait".to_string(), 0)]);
}

/// The deprecated `MdocBuilder::new` path still compiles and issues, and fails at run time
/// with `Incomplete` where the typestate path does not compile.
#[test]
#[allow(deprecated)]
fn deprecated_builder_still_issues_and_reports_what_is_missing() {
    let provider = providers()[0];
    let k = keys(provider);
    let issuer = Issuer::new(vec![]).with_doctypes(Registry::builtin().all_optional());
    let signer = KeySigner::new(provider, k.ds.clone());
    let public = provider.ec_public_key(&k.device).unwrap();
    let Validity {
        signed,
        valid_from,
        valid_until,
    } = validity();
    let complete = MdocBuilder::new(mdl::DOC_TYPE)
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .device_key_sec1(EcCurve::P256, &public)
        .unwrap()
        .validity(signed.clone(), valid_from.clone(), valid_until.clone());
    let issued = issuer
        .issue(
            complete.clone(),
            provider,
            &signer,
            &mut SystemRandom(provider),
        )
        .unwrap();
    assert_eq!(issued.issuer_auth.mso().doc_type, mdl::DOC_TYPE);

    let issue = |mdoc: MdocBuilder| {
        issuer
            .issue(mdoc, provider, &signer, &mut SystemRandom(provider))
            .unwrap_err()
    };
    let no_key = MdocBuilder::new(mdl::DOC_TYPE)
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .validity(signed.clone(), valid_from.clone(), valid_until.clone());
    assert_eq!(issue(no_key), IssueError::Incomplete("no device key"));
    let no_validity = MdocBuilder::new(mdl::DOC_TYPE)
        .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
        .device_key(device_cose_key(provider, &k.device));
    assert_eq!(issue(no_validity), IssueError::Incomplete("no validity"));
    let no_elements = MdocBuilder::new(mdl::DOC_TYPE)
        .device_key(device_cose_key(provider, &k.device))
        .validity(signed.clone(), valid_from.clone(), valid_until.clone());
    assert_eq!(issue(no_elements), IssueError::Incomplete("no elements"));
    assert_eq!(
        MdocBuilder::new(mdl::DOC_TYPE)
            .device_key_sec1(EcCurve::P256, &public[1..])
            .unwrap_err(),
        IssueError::InvalidDeviceKey
    );
    // Out of order: checked when issued, on both paths.
    let backwards = complete.validity(valid_until.clone(), valid_from.clone(), signed.clone());
    assert_eq!(issue(backwards), IssueError::InvalidValidity);
    let backwards = MdocBuilder::with_required(
        mdl::DOC_TYPE,
        device_cose_key(provider, &k.device),
        Validity::new(signed, valid_until, valid_from),
    )
    .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"));
    assert_eq!(
        issuer
            .issue(backwards, provider, &signer, &mut SystemRandom(provider))
            .unwrap_err(),
        IssueError::InvalidValidity
    );
}
