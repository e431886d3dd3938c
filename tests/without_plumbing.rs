//! Issuing and presenting without plumbing (issue 11, point 3), under every backend: the
//! issuer's signature checked before a credential is returned (raw or DER, a wrong length
//! its own error), the test PKI in one call, the constructors, and errors that chain
//! their `source()`.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use core::error::Error as _;

use iso18013::cbor::{Decode, Encode, FullDate, TDate, Value};
use iso18013::cose::{CoseError, Header, PreparedSign1};
use iso18013::crypto::{
    CryptoError, CryptoProvider, EcCurve, SignatureAlgorithm, SystemRandom, providers,
};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{IssueError, Issuer, KeySigner, MdocBuilder, Ready, Validity};
use iso18013::mso::IssuerSigned;
use iso18013::present::{DeviceAuthMode, PresentError, Selection, present_document};
use iso18013::request::{DeviceRequest, DocRequest, ItemsRequest};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::testing::TestPki;
use iso18013::verify::{
    Policy, ReaderSession, UntrustedError, VerifyErrorKind, verify_device_response,
};
use iso18013::x509::{CertificateError, ChainError, LeafRole, TrustStore, verify_chain};

/// 2026-06-01T00:00:00Z.
const NOW: i64 = 1_780_272_000;

fn builder(pki: &TestPki) -> MdocBuilder<Ready> {
    let t = |s| TDate::from_unix_seconds(s).unwrap();
    MdocBuilder::with_required(
        mdl::DOC_TYPE,
        pki.device_public_key.clone(),
        Validity::new(t(NOW - 60), t(NOW - 60), t(NOW + 86_400 * 30)),
    )
    .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
    .element(mdl::NAME_SPACE, "given_name", Value::from("Jane"))
    .element(
        mdl::NAME_SPACE,
        "birth_date",
        FullDate::new(1990, 5, 1).unwrap().into(),
    )
    .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
    .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true))
}

fn transcript(pki: &TestPki) -> SessionTranscript {
    // Any valid DeviceEngagement: the holder's, from an engagement in memory.
    let p = providers()[0];
    let holder =
        iso18013::holder::HolderEngagement::new(p, Vec::new(), &mut SystemRandom(p)).unwrap();
    SessionTranscript::for_qr(holder.engagement().inner_bytes(), &pki.e_reader_public_key).unwrap()
}

/// Presents `issued` with the PKI's device key and verifies the response.
fn present_and_verify(
    provider: &'static dyn CryptoProvider,
    pki: &TestPki,
    issued: &IssuerSigned,
) -> Result<(), VerifyErrorKind> {
    let t = transcript(pki);
    let selection = Selection::from_elements([
        (mdl::NAME_SPACE, "given_name"),
        (mdl::NAME_SPACE, "age_over_18"),
        (mdl::NAME_SPACE, "issuing_country"),
    ]);
    let document = present_document(
        issued,
        &selection,
        &pki.device_key,
        Default::default(),
        &t,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    let bytes = DeviceResponse::new(vec![document]).to_cbor();
    let verified = verify_device_response(
        &bytes,
        &ReaderSession::new(&t),
        &pki.trust_store(),
        &Policy::new(provider),
        NOW,
    )
    .map_err(|e| e.kind)?;
    let names: Vec<&str> = verified.documents()[0].issuer_signed()[0]
        .1
        .iter()
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(names, ["given_name", "age_over_18", "issuing_country"]);
    Ok(())
}

#[test]
fn test_pki_issues_presents_and_verifies_under_every_backend() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let trust = pki.trust_store();
        verify_chain(
            &trust,
            &[pki.ds.der()],
            LeafRole::DocumentSigner,
            provider,
            NOW,
        )
        .unwrap();
        verify_chain(&trust, &[pki.reader.der()], LeafRole::Reader, provider, NOW).unwrap();
        // Secrets stay out of Debug.
        let debug = format!("{pki:?}");
        assert!(debug.contains("<redacted>"), "{debug}");
        assert!(!debug.contains(&format!("{:?}", pki.ds_key.expose_scalar())));

        let issuer = Issuer::from_pem(&pki.ds.to_pem())
            .unwrap()
            .with_doctypes(Registry::builtin().all_optional());
        let signer = KeySigner::new(provider, pki.ds_key.clone());
        let issued = issuer
            .issue(
                builder(&pki),
                provider,
                &signer,
                &mut SystemRandom(provider),
            )
            .unwrap();
        present_and_verify(provider, &pki, &issued).unwrap();
    }
}

#[test]
fn finish_refuses_a_signature_by_another_key() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let issuer = Issuer::from_der(vec![pki.ds.der().to_vec()])
            .unwrap()
            .with_doctypes(Registry::builtin().all_optional());
        let mut rng = SystemRandom(provider);
        for wrong in [&pki.iaca_key, &pki.device_key, &pki.reader_key] {
            let prepared = issuer
                .prepare(builder(&pki), SignatureAlgorithm::Es256, provider, &mut rng)
                .unwrap();
            let signature = provider
                .ecdsa_sign(prepared.algorithm(), wrong, prepared.to_be_signed())
                .unwrap();
            assert_eq!(
                prepared.clone().finish_with(provider, signature.clone()),
                Err(IssueError::WrongSigner),
                "{}",
                provider.name()
            );
            assert_eq!(prepared.finish(signature), Err(IssueError::WrongSigner));
            // One-step signing with the wrong key is refused the same way.
            let signer = KeySigner::new(provider, wrong.clone());
            assert_eq!(
                issuer.issue(builder(&pki), provider, &signer, &mut rng),
                Err(IssueError::WrongSigner)
            );
        }
        // A signature over other bytes, by the right key, too.
        let prepared = issuer
            .prepare(builder(&pki), SignatureAlgorithm::Es256, provider, &mut rng)
            .unwrap();
        let other = provider
            .ecdsa_sign(prepared.algorithm(), &pki.ds_key, b"other bytes")
            .unwrap();
        assert_eq!(
            prepared.finish_with(provider, other),
            Err(IssueError::WrongSigner)
        );
    }
}

#[test]
fn finish_takes_der_signatures_as_cloud_kms_return_them() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let issuer = Issuer::from_pem(&pki.ds.to_pem())
            .unwrap()
            .with_doctypes(Registry::builtin().all_optional());
        let mut rng = SystemRandom(provider);
        let mut der_lengths = Vec::new();
        // Several signatures, so that r or s sometimes has its top bit set (a 33-byte
        // INTEGER) or is short (leading zeros dropped in DER).
        for _ in 0..8 {
            let prepared = issuer
                .prepare(builder(&pki), SignatureAlgorithm::Es256, provider, &mut rng)
                .unwrap();
            let raw = provider
                .ecdsa_sign(prepared.algorithm(), &pki.ds_key, prepared.to_be_signed())
                .unwrap();
            let der = raw_to_der(&raw);
            assert_ne!(der.len(), 64);
            der_lengths.push(der.len());
            assert_eq!(
                SignatureAlgorithm::Es256.signature_from_der(&der),
                Ok(raw.clone())
            );
            let issued = prepared.finish_with(provider, der).unwrap();
            // What is carried is the raw form COSE requires.
            assert_eq!(issued.issuer_auth.sign1().signature(), raw.as_slice());
            present_and_verify(provider, &pki, &issued).unwrap();
        }
        assert!(der_lengths.iter().all(|l| (8..=72).contains(l)));
    }
}

#[test]
fn a_signature_of_the_wrong_length_is_its_own_error() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let issuer = Issuer::from_pem(&pki.ds.to_pem())
            .unwrap()
            .with_doctypes(Registry::builtin().all_optional());
        let mut rng = SystemRandom(provider);
        for len in [0, 10, 63, 65, 96, 132] {
            let prepared = issuer
                .prepare(builder(&pki), SignatureAlgorithm::Es256, provider, &mut rng)
                .unwrap();
            let err = prepared.finish(vec![0x01; len]).unwrap_err();
            assert_eq!(
                err,
                IssueError::Cose(CoseError::SignatureLength {
                    expected: 64,
                    actual: len
                })
            );
            assert!(err.to_string().contains("neither raw"), "{err}");
            assert!(err.source().is_some());
        }
        // An issuer without a certificate to check against still refuses the length.
        let bare = Issuer::new(Vec::new()).with_doctypes(Registry::builtin().all_optional());
        let prepared = bare
            .prepare(builder(&pki), SignatureAlgorithm::Es256, provider, &mut rng)
            .unwrap();
        assert!(matches!(
            prepared.finish(vec![0; 63]),
            Err(IssueError::Cose(CoseError::SignatureLength { .. }))
        ));
    }
}

#[test]
fn prepared_sign1_takes_raw_and_der_on_every_curve() {
    for provider in providers() {
        let mut rng = SystemRandom(provider);
        for curve in [EcCurve::P256, EcCurve::P384, EcCurve::P521] {
            let alg = SignatureAlgorithm::for_curve(curve);
            let key = provider.ec_generate(curve, &mut rng).unwrap();
            let public = provider.ec_public_key(&key).unwrap();
            let prepared =
                PreparedSign1::new(alg, Header::default(), Some(b"payload".to_vec()), None)
                    .unwrap();
            let raw = provider
                .ecdsa_sign(alg, &key, prepared.to_be_signed())
                .unwrap();
            let der = raw_to_der(&raw);
            let from_raw = prepared.clone().finish(raw.clone()).unwrap();
            let from_der = prepared
                .clone()
                .finish_verified(provider, &public, der)
                .unwrap();
            assert_eq!(from_raw, from_der);
            from_der.verify(provider, &public, None, &[]).unwrap();
            assert_eq!(
                prepared.clone().finish(vec![0; 7]).unwrap_err(),
                CoseError::SignatureLength {
                    expected: alg.signature_len(),
                    actual: 7
                }
            );
            let other = provider.ec_generate(curve, &mut rng).unwrap();
            let other_public = provider.ec_public_key(&other).unwrap();
            assert_eq!(
                prepared.finish_verified(provider, &other_public, raw),
                Err(CoseError::BadSignature)
            );
        }
    }
}

#[test]
fn issuer_from_certificates_checks_the_document_signer() {
    let provider = providers()[0];
    let pki = TestPki::generate(provider, NOW).unwrap();
    for not_ds in [&pki.reader, &pki.iaca, &pki.reader_root] {
        let err = Issuer::from_pem(&not_ds.to_pem()).unwrap_err();
        assert!(
            matches!(err, IssueError::DocumentSigner(ChainError::Profile { .. })),
            "{err}"
        );
        // The chain: IssueError -> ChainError -> ProfileViolation.
        let source = err.source().unwrap();
        assert!(source.source().is_some(), "{source}");
    }
    assert_eq!(
        Issuer::from_pem("no PEM here").unwrap_err(),
        IssueError::Certificate(CertificateError::NoCertificate)
    );
    assert_eq!(
        Issuer::from_der(Vec::new()).unwrap_err(),
        IssueError::DocumentSigner(ChainError::EmptyChain)
    );
    let err = Issuer::from_der(vec![pki.ds.der().to_vec(), vec![0x30, 0x00]]).unwrap_err();
    assert!(matches!(
        err,
        IssueError::DocumentSigner(ChainError::Malformed { index: 1, .. })
    ));
    assert_eq!(
        chain_len(&err),
        3,
        "IssueError -> ChainError -> CertificateError"
    );
    // The DS with its IACA after it is accepted (the verifier ignores the extra root).
    Issuer::from_pem(&format!("{}{}", pki.ds.to_pem(), pki.iaca.to_pem())).unwrap();
}

#[test]
fn errors_chain_their_sources() {
    let provider = providers()[0];
    let pki = TestPki::generate(provider, NOW).unwrap();
    let issued = Issuer::from_pem(&pki.ds.to_pem())
        .unwrap()
        .with_doctypes(Registry::builtin().all_optional())
        .issue(
            builder(&pki),
            provider,
            &KeySigner::new(provider, pki.ds_key.clone()),
            &mut SystemRandom(provider),
        )
        .unwrap();
    // Verification without the IACA: VerifyError -> ChainError.
    let t = transcript(&pki);
    let document = present_document(
        &issued,
        &Selection::from_elements([(mdl::NAME_SPACE, "given_name")]),
        &pki.device_key,
        Default::default(),
        &t,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    let err = verify_device_response(
        &DeviceResponse::new(vec![document]).to_cbor(),
        &ReaderSession::new(&t),
        &TrustStore::new(),
        &Policy::new(provider),
        NOW,
    )
    .unwrap_err();
    assert!(matches!(
        err.kind,
        VerifyErrorKind::Untrusted(UntrustedError::Chain(_))
    ));
    let exchange = iso18013::exchange::ExchangeError::Verify(err);
    assert_eq!(
        chain_len(&exchange),
        3,
        "ExchangeError -> VerifyError -> ChainError"
    );

    // PresentError -> CoseError -> CryptoError.
    let present = PresentError::Cose(CoseError::Crypto(CryptoError::InvalidKey));
    let source = present.source().unwrap();
    assert_eq!(
        source.to_string(),
        CoseError::Crypto(CryptoError::InvalidKey).to_string()
    );
    assert_eq!(
        source.source().unwrap().to_string(),
        CryptoError::InvalidKey.to_string()
    );
    // GenerateError -> CryptoError.
    let generate = iso18013::x509::generate::GenerateError::Crypto(CryptoError::InvalidKey);
    assert!(generate.source().is_some());
}

#[test]
fn constructors_build_what_struct_literals_built() {
    // DeviceResponse::new and Default.
    let empty = DeviceResponse::default();
    assert_eq!(
        (
            empty.version.as_str(),
            empty.documents.as_ref(),
            empty.status
        ),
        ("1.0", None, 0)
    );
    assert_eq!(DeviceResponse::from_cbor(&empty.to_cbor()).unwrap(), empty);

    // ItemsRequest, DocRequest, DeviceRequest.
    let ask = ItemsRequest::new(mdl::DOC_TYPE)
        .elements(
            mdl::NAME_SPACE,
            ["family_name", "age_over_18", "family_name"],
        )
        .element(mdl::NAME_SPACE, "age_over_18", true);
    assert_eq!(
        ask.name_spaces.get(mdl::NAME_SPACE).unwrap(),
        &vec![
            ("family_name".to_string(), false),
            ("age_over_18".to_string(), true)
        ]
    );
    let request = DeviceRequest::new(vec![DocRequest::new(ask.clone())]);
    let again = DeviceRequest::from_cbor(&request.to_cbor()).unwrap();
    assert_eq!(again.doc_requests[0].items_request.value(), &ask);
    assert_eq!(
        iso18013::present::selection_from_request(&ask),
        Selection::from_elements([
            (mdl::NAME_SPACE, "family_name"),
            (mdl::NAME_SPACE, "age_over_18")
        ])
    );

    // Dates as element values.
    let birth = FullDate::new(1990, 5, 1).unwrap();
    assert_eq!(Value::from(birth).to_cbor(), birth.to_cbor());
    let signed = TDate::parse("2026-01-01T00:00:00Z").unwrap();
    assert_eq!(Value::from(signed.clone()).to_cbor(), signed.to_cbor());
    assert!(TDate::now().unwrap().unix_seconds() >= iso18013::now() - 5);
    assert!(iso18013::now() > 1_750_000_000);
}

#[test]
fn public_keys_without_the_provider_match_every_backend() {
    for provider in providers() {
        let mut rng = SystemRandom(provider);
        for curve in [EcCurve::P256, EcCurve::P384, EcCurve::P521] {
            let key = provider.ec_generate(curve, &mut rng).unwrap();
            let public = provider.ec_public_key(&key).unwrap();
            assert_eq!(key.public_key().unwrap(), public);
            assert_eq!(
                key.public_cose_key().unwrap().to_sec1(),
                Some((curve, public))
            );
        }
    }
}

#[test]
fn transcripts_for_qr_and_nfc_have_the_standard_shape() {
    let provider = providers()[0];
    let pki = TestPki::generate(provider, NOW).unwrap();
    let holder =
        iso18013::holder::HolderEngagement::new(provider, Vec::new(), &mut SystemRandom(provider))
            .unwrap();
    let engagement = holder.engagement().inner_bytes();
    let qr = SessionTranscript::for_qr(engagement, &pki.e_reader_public_key).unwrap();
    let by_hand = SessionTranscript::new(
        Some(holder.engagement().clone()),
        Some(iso18013::cbor::TaggedCbor::new(
            pki.e_reader_public_key.clone(),
        )),
        Handover::Qr,
    );
    assert_eq!(qr, by_hand);
    assert_eq!(qr.encoded(), by_hand.encoded());
    // [24(<<DeviceEngagement>>), 24(<<EReaderKey>>), null]
    assert_eq!(qr.encoded()[0], 0x83);
    assert_eq!(*qr.encoded().last().unwrap(), 0xf6);

    let select = vec![0xd1, 0x02, 0x0a];
    let nfc =
        SessionTranscript::for_nfc(engagement, &pki.e_reader_public_key, select.clone(), None)
            .unwrap();
    // ... [h'd1020a', null]
    assert!(
        nfc.encoded()
            .ends_with(&[0x82, 0x43, 0xd1, 0x02, 0x0a, 0xf6])
    );
    let decoded = SessionTranscript::from_cbor(nfc.encoded()).unwrap();
    assert_eq!(
        decoded.handover(),
        &Handover::Nfc {
            handover_select: select.clone(),
            handover_request: None
        }
    );
    let negotiated = SessionTranscript::for_nfc(
        engagement,
        &pki.e_reader_public_key,
        select,
        Some(vec![0x91]),
    )
    .unwrap();
    assert!(negotiated.encoded().ends_with(&[0x41, 0x91]));
    assert!(SessionTranscript::for_qr(&[0xff], &pki.e_reader_public_key).is_err());
}

/// How many errors the chain of `source()`s from `err` holds (itself included).
fn chain_len(err: &(dyn core::error::Error + 'static)) -> usize {
    let mut n = 1;
    let mut at = err;
    while let Some(next) = at.source() {
        n += 1;
        at = next;
    }
    n
}

/// DER `Ecdsa-Sig-Value` of raw `r || s` (what a cloud KMS returns), written by hand.
fn raw_to_der(raw: &[u8]) -> Vec<u8> {
    let (r, s) = raw.split_at(raw.len() / 2);
    let integer = |x: &[u8]| {
        let mut x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        if x.first().is_none_or(|b| b & 0x80 != 0) {
            x.insert(0, 0);
        }
        let mut out = vec![0x02, u8::try_from(x.len()).unwrap()];
        out.extend(x);
        out
    };
    let body = [integer(r), integer(s)].concat();
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(u8::try_from(body.len()).unwrap());
    out.extend(body);
    out
}

#[test]
fn key_authorizations_from_str_pairs_authorize_device_signed_elements() {
    use iso18013::mso::KeyAuthorizations;
    let by_element = KeyAuthorizations::for_elements([
        (mdl::NAME_SPACE, "given_name"),
        (mdl::NAME_SPACE, "given_name"),
    ]);
    assert_eq!(
        by_element,
        KeyAuthorizations {
            name_spaces: None,
            data_elements: Some(
                (mdl::NAME_SPACE.to_string(), vec!["given_name".to_string()]).into()
            ),
            rest: Vec::new(),
        }
    );
    let whole = KeyAuthorizations::for_name_spaces(["org.example.wallet"]);
    assert_eq!(
        whole.name_spaces.as_deref(),
        Some(&["org.example.wallet".to_string()][..])
    );
    assert_eq!(
        KeyAuthorizations::for_elements([]),
        KeyAuthorizations::default()
    );
    // They encode as the MSO carries them.
    let again = KeyAuthorizations::from_cbor(&by_element.to_cbor()).unwrap();
    assert_eq!(again, by_element);
}
