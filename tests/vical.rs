//! VICAL and RICAL: built, signed and verified under every backend; each rule a reader
//! applies, broken once (its error kind or finding); a VICAL-scoped trust store refusing a
//! document of a docType the IACA is not listed for; and the real AAMVA VICAL of
//! 2025-11-18 (test-vectors/vical/) verified with its findings pinned.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, TDate, Value};
use iso18013::cose::{CoseError, Header, PreparedSign1, X5Chain};
use iso18013::crypto::{
    CryptoProvider, EcCurve, EcPrivateKey, SignatureAlgorithm, SystemRandom, providers,
};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity};
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::testing::TestPki;
use iso18013::verify::{
    Policy, ReaderSession, UntrustedError, VerifyErrorKind, verify_device_response,
};
use iso18013::vical::{
    CertificateInfo, EntryProblem, ListError, ListFinding, MDL_DOC_TYPE, Rical,
    RicalCertificateInfo, SignedRical, SignedVical, TrustConstraint, Vical,
};
use iso18013::x509::{
    Certificate, CertificateRole, ChainError, DocTypeScope, Finding, FindingKind, LeafRole,
    ProfileViolation, generate,
};

const NOW: i64 = 1_780_000_000; // 2026-05-28T20:26:40Z
const PID: &str = "eu.europa.ec.eudi.pid.1";

fn date(t: i64) -> TDate {
    TDate::from_unix_seconds(t).unwrap()
}

fn vical_of(pki: &TestPki, doc_types: &[&str]) -> Vical {
    Vical::new(
        "Test VICAL Provider",
        date(NOW - 60),
        vec![CertificateInfo::for_certificate(
            &pki.iaca,
            doc_types.iter().copied(),
        )],
    )
}

fn sign(pki: &TestPki, provider: &'static dyn CryptoProvider, vical: Vical) -> Vec<u8> {
    let signer = KeySigner::new(provider, pki.vical_signer_key.clone());
    SignedVical::sign(
        vical,
        vec![pki.vical_signer.der().to_vec()],
        &signer,
        provider,
    )
    .unwrap()
    .to_cbor()
}

/// Signs `payload` by hand with the given headers (for headers the builder never writes).
fn sign_raw(
    provider: &'static dyn CryptoProvider,
    key: &EcPrivateKey,
    protected: Header,
    unprotected: Header,
    payload: Vec<u8>,
) -> Vec<u8> {
    PreparedSign1::with_protected(
        SignatureAlgorithm::Es256,
        protected,
        unprotected,
        Some(payload),
        None,
    )
    .unwrap()
    .sign(provider, key)
    .unwrap()
    .to_cbor()
}

fn chain_of(certs: &[&Certificate]) -> Header {
    Header {
        x5chain: Some(X5Chain::Array(
            certs.iter().map(|c| c.der().to_vec()).collect(),
        )),
        ..Header::default()
    }
}

fn verify(
    pki: &TestPki,
    provider: &'static dyn CryptoProvider,
    bytes: &[u8],
    now: i64,
) -> Result<Vec<ListFinding>, ListError> {
    SignedVical::from_cbor(bytes)?
        .verify(core::slice::from_ref(&pki.vical_root), provider, now)
        .map(|v| v.findings().to_vec())
}

#[test]
fn a_built_vical_verifies_and_scopes_its_iacas() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let bytes = sign(&pki, provider, vical_of(&pki, &[MDL_DOC_TYPE]));
        let signed = SignedVical::from_cbor(&bytes).unwrap();
        assert!(!signed.sign1().is_tagged());
        // Only alg is protected; the x5chain is unprotected.
        assert!(signed.sign1().protected().header().x5chain.is_none());
        assert!(signed.sign1().unprotected().x5chain.is_some());
        let verified = signed
            .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
            .unwrap();
        assert_eq!(verified.findings(), &[]);
        assert!(!verified.needs_update());
        assert_eq!(verified.entries().count(), 1);
        let trust = verified.trust_store();
        assert_eq!(
            trust.iaca_scope(&pki.iaca),
            Some(&DocTypeScope::Only(vec![MDL_DOC_TYPE.to_string()]))
        );
        assert!(!trust.iaca_vouches_for(&pki.iaca, PID));
        // The list re-encodes to the bytes signed.
        assert_eq!(signed.list().to_cbor(), signed.sign1().payload().unwrap());
    }
}

fn transcript() -> SessionTranscript {
    SessionTranscript::new(
        None,
        None,
        Handover::OpenId4Vp {
            info_hash: vec![1; 32],
        },
    )
}

/// An mDL issued and presented under `pki`, as DeviceResponse bytes.
fn mdl_response(pki: &TestPki, provider: &'static dyn CryptoProvider) -> Vec<u8> {
    let validity = Validity::new(date(NOW - 60), date(NOW - 60), date(NOW + 86_400 * 30));
    let builder =
        MdocBuilder::with_required(mdl::DOC_TYPE, pki.device_public_key.clone(), validity)
            .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
            .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"));
    let issued = Issuer::new(vec![pki.ds.der().to_vec()])
        .with_doctypes(Registry::builtin().all_optional())
        .issue(
            builder,
            provider,
            &KeySigner::new(provider, pki.ds_key.clone()),
            &mut SystemRandom(provider),
        )
        .unwrap();
    let selection: Selection = (
        mdl::NAME_SPACE.to_string(),
        vec!["family_name".to_string(), "issuing_country".to_string()],
    )
        .into();
    let document = present_document(
        &issued,
        &selection,
        &pki.device_key,
        Default::default(),
        &transcript(),
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    DeviceResponse {
        version: "1.0".to_string(),
        documents: Some(vec![document]),
        document_errors: None,
        status: 0,
        rest: Vec::new(),
    }
    .to_cbor()
}

#[test]
fn a_root_listed_for_the_pid_does_not_vouch_for_an_mdl() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let response = mdl_response(&pki, provider);
        let t = transcript();
        let session = ReaderSession::new(&t);
        let policy = Policy::new(provider);
        let trust_from = |doc_types: &[&str]| {
            SignedVical::from_cbor(&sign(&pki, provider, vical_of(&pki, doc_types)))
                .unwrap()
                .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
                .unwrap()
                .trust_store()
        };
        // Listed for the PID only: the mDL is refused, with its own kind.
        let e = verify_device_response(&response, &session, &trust_from(&[PID]), &policy, NOW)
            .unwrap_err();
        assert_eq!(
            e.kind,
            VerifyErrorKind::Untrusted(UntrustedError::DocTypeOutOfScope)
        );
        assert_eq!(
            (e.kind.fault(), e.kind.name()),
            ("untrusted", "doc_type_out_of_scope")
        );
        // Listed for the mDL (and the PID): accepted.
        verify_device_response(
            &response,
            &session,
            &trust_from(&[PID, MDL_DOC_TYPE]),
            &policy,
            NOW,
        )
        .unwrap();
        // The same IACA added by hand vouches for every docType, as before.
        let mut trust = trust_from(&[PID]);
        trust.add_iaca(pki.iaca.clone());
        verify_device_response(&response, &session, &trust, &policy, NOW).unwrap();
        verify_device_response(&response, &session, &pki.trust_store(), &policy, NOW).unwrap();
    }
}

/// Two-step signing (an HSM or KMS signs the bytes), a signature by another key refused
/// when finishing, and an older list refused as a rollback.
#[test]
fn two_step_signing_and_rollback() {
    use iso18013::issuer::Signer;
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let list = vical_of(&pki, &[MDL_DOC_TYPE]);
        let x5chain = vec![pki.vical_signer.der().to_vec()];
        let prepared =
            SignedVical::prepare(list.clone(), x5chain.clone(), SignatureAlgorithm::Es256).unwrap();
        assert_eq!(prepared.algorithm(), SignatureAlgorithm::Es256);
        let hsm = KeySigner::new(provider, pki.vical_signer_key.clone());
        let signature = hsm.sign(prepared.to_be_signed()).unwrap();
        let signed = prepared.clone().finish(provider, signature).unwrap();
        // The same bytes as signing in one step would give, but for ECDSA's randomness:
        // both verify, both carry the same list.
        let verified = SignedVical::from_cbor(&signed.to_cbor())
            .unwrap()
            .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
            .unwrap();
        assert_eq!(verified.list(), &list);
        // Signed by the document signer's key: refused when finishing.
        let wrong = KeySigner::new(provider, pki.ds_key.clone())
            .sign(prepared.to_be_signed())
            .unwrap();
        assert_eq!(
            prepared.finish(provider, wrong).unwrap_err(),
            ListError::WrongSigner
        );
        // ... and by SignedVical::sign, which checks the same way.
        assert_eq!(
            SignedVical::sign(
                list.clone(),
                x5chain.clone(),
                &KeySigner::new(provider, pki.ds_key.clone()),
                provider
            )
            .unwrap_err(),
            ListError::WrongSigner
        );

        // Rollback: issue numbers must increase; without them, dates must not go back.
        let issue = |id: Option<u64>, at: i64| {
            let mut v = vical_of(&pki, &[MDL_DOC_TYPE]);
            v.vical_issue_id = id;
            v.date = date(at);
            SignedVical::from_cbor(&sign(&pki, provider, v.clone()))
                .unwrap()
                .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
                .unwrap()
        };
        let (v7, v8) = (issue(Some(7), NOW - 100), issue(Some(8), NOW - 200));
        assert_eq!(v8.check_supersedes(v7.list()), Ok(()));
        assert_eq!(v7.check_supersedes(v7.list()), Ok(()));
        assert_eq!(v7.check_supersedes(v8.list()), Err(ListError::Rollback));
        let other7 = issue(Some(7), NOW - 50);
        assert_eq!(other7.check_supersedes(v7.list()), Err(ListError::Rollback));
        assert_eq!(ListError::Rollback.name(), "rollback");
        let (early, late) = (issue(None, NOW - 100), issue(None, NOW - 50));
        assert_eq!(late.check_supersedes(early.list()), Ok(()));
        assert_eq!(late.check_supersedes(v7.list()), Ok(()));
        assert_eq!(
            early.check_supersedes(late.list()),
            Err(ListError::Rollback)
        );
    }
}

/// An entry whose certificate is not yet valid (or expired) when the list is verified is
/// noted, stays in the trust store, and chain validation refuses it then.
#[test]
fn an_entry_outside_its_validity_is_noted() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let mut rng = SystemRandom(provider);
        let key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let params = generate::CertificateParams {
            common_name: "Future IACA",
            country: "US",
            state: None,
            not_before: NOW + 86_400,
            not_after: NOW + 365 * 86_400,
            issuer_alt_name: None,
            crl_distribution_point: Some("https://iaca.example/crl"),
        };
        let future = generate::iaca(provider, &key, &params, &mut rng).unwrap();
        let mut v = vical_of(&pki, &[MDL_DOC_TYPE]);
        v.certificate_infos
            .push(CertificateInfo::for_certificate(&future, [MDL_DOC_TYPE]));
        let verified = SignedVical::from_cbor(&sign(&pki, provider, v))
            .unwrap()
            .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
            .unwrap();
        assert_eq!(
            verified.findings(),
            &[ListFinding::EntryOutsideValidity { index: 1 }]
        );
        let trust = verified.trust_store();
        assert!(trust.iaca_vouches_for(&future, MDL_DOC_TYPE));
        assert!(trust.iaca_vouches_for(&pki.iaca, MDL_DOC_TYPE));
    }
}

/// A VICAL signer under the test provider root without cRLDistributionPoints.
fn vical_signer_without_crl(
    pki: &TestPki,
    provider: &'static dyn CryptoProvider,
) -> (Certificate, EcPrivateKey) {
    let mut rng = SystemRandom(provider);
    let key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
    let params = generate::CertificateParams {
        common_name: "Test VICAL signer",
        country: "US",
        state: None,
        not_before: NOW - 86_400,
        not_after: NOW + 365 * 86_400,
        issuer_alt_name: None,
        crl_distribution_point: None,
    };
    let cert = generate::vical_signer(
        provider,
        &pki.vical_root_key,
        &pki.vical_root,
        &provider.ec_public_key(&key).unwrap(),
        EcCurve::P256,
        &params,
        "Test VICAL Provider",
        &mut rng,
    )
    .unwrap();
    (cert, key)
}

#[test]
fn each_rule_of_vical_verification_rejects_or_notes() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let good = vical_of(&pki, &[MDL_DOC_TYPE]);
        let key = &pki.vical_signer_key;
        let unprotected = chain_of(&[&pki.vical_signer]);

        // The wrong provider root.
        let bytes = sign(&pki, provider, good.clone());
        let e = SignedVical::from_cbor(&bytes)
            .unwrap()
            .verify(core::slice::from_ref(&pki.reader_root), provider, NOW)
            .unwrap_err();
        assert!(
            matches!(e, ListError::Chain(ChainError::UntrustedIssuer { .. })),
            "{e:?}"
        );
        assert_eq!(e.name(), "untrusted");

        // A signer without the VICAL profile: the reader certificate (digitalSignature).
        let bytes = sign_raw(
            provider,
            &pki.reader_key,
            Header::default(),
            chain_of(&[&pki.reader]),
            good.to_cbor(),
        );
        let e = verify_under(&bytes, core::slice::from_ref(&pki.reader_root), provider);
        assert_eq!(
            e,
            Err(ListError::Chain(ChainError::Profile {
                role: CertificateRole::VicalSigner,
                violation: ProfileViolation::KeyUsage
            }))
        );

        // A payload altered after signing.
        let mut bytes = sign(&pki, provider, good.clone());
        // (the last occurrence: the first is the signer certificate's O, in the x5chain)
        let at = bytes
            .windows(19)
            .rposition(|w| w == b"Test VICAL Provider")
            .unwrap();
        bytes[at] = b'B';
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Err(ListError::Signature)
        );

        // The signer's certificate expired.
        let later = pki.vical_signer.not_after() + 1;
        let e = verify(&pki, provider, &sign(&pki, provider, good.clone()), later).unwrap_err();
        assert!(
            matches!(e, ListError::Chain(ChainError::Expired { .. })),
            "{e:?}"
        );

        // notAfter passed; date in the future; nextUpdate passed (a finding).
        let mut v = good.clone();
        v.not_after = Some(date(NOW - 1));
        assert_eq!(
            verify(&pki, provider, &sign(&pki, provider, v), NOW),
            Err(ListError::Expired)
        );
        let mut v = good.clone();
        v.date = date(NOW + 301);
        assert_eq!(
            verify(&pki, provider, &sign(&pki, provider, v), NOW),
            Err(ListError::IssuedInFuture)
        );
        let mut v = good.clone();
        v.date = date(NOW + 299); // within the skew
        v.next_update = Some(date(NOW - 1));
        let bytes = sign(&pki, provider, v);
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Ok(vec![ListFinding::NextUpdatePassed])
        );
        assert!(
            SignedVical::from_cbor(&bytes)
                .unwrap()
                .verify(core::slice::from_ref(&pki.vical_root), provider, NOW)
                .unwrap()
                .needs_update()
        );

        // No x5chain.
        let bytes = sign_raw(
            provider,
            key,
            Header::default(),
            Header::default(),
            good.to_cbor(),
        );
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Err(ListError::MissingCertificate)
        );

        // Deviations accepted with a finding: the x5chain protected, the root in it, tagged.
        let bytes = sign_raw(
            provider,
            key,
            unprotected.clone(),
            Header::default(),
            good.to_cbor(),
        );
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Ok(vec![
                ListFinding::ExtraProtectedHeader,
                ListFinding::X5ChainPlacement
            ])
        );
        let with_root = chain_of(&[&pki.vical_signer, &pki.vical_root]);
        let bytes = sign_raw(provider, key, Header::default(), with_root, good.to_cbor());
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Ok(vec![ListFinding::RootInX5Chain])
        );
        let mut tagged = vec![0xd2];
        tagged.extend(sign(&pki, provider, good.clone()));
        assert_eq!(
            verify(&pki, provider, &tagged, NOW),
            Ok(vec![ListFinding::TaggedSign1])
        );

        // Not a signed VICAL at all.
        assert!(matches!(
            verify(&pki, provider, &[0x80], NOW),
            Err(ListError::Malformed(_))
        ));
        assert!(matches!(
            verify(&pki, provider, &good.to_cbor(), NOW),
            Err(ListError::Malformed(_))
        ));

        // The COSE_Sign1 edited as a value: the headers broken, the algorithm changed.
        let edit = |change: &dyn Fn(&mut Vec<Value>)| {
            let mut value = Value::from_cbor(&sign(&pki, provider, good.clone())).unwrap();
            let Value::Array(items) = &mut value else {
                panic!("not an array")
            };
            change(items);
            value.to_cbor()
        };
        // alg in both buckets (RFC 9052 §3): refused before anything else.
        let bytes = edit(&|items| {
            let Value::Map(unprotected) = &mut items[1] else {
                panic!("unprotected not a map")
            };
            unprotected.push((Value::from(1i64), Value::from(-7i64)));
        });
        assert!(
            matches!(
                verify(&pki, provider, &bytes, NOW),
                Err(ListError::Header(_))
            ),
            "{:?}",
            verify(&pki, provider, &bytes, NOW)
        );
        // ES384 named for the P-256 signer: the algorithm is not the key's.
        let bytes = edit(&|items| {
            let protected = Value::Map(vec![(Value::from(1i64), Value::from(-35i64))]);
            items[0] = Value::Bytes(protected.to_cbor());
        });
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Err(ListError::Cose(CoseError::AlgorithmKeyMismatch))
        );
        assert_eq!(
            ListError::Cose(CoseError::AlgorithmKeyMismatch).name(),
            "algorithm"
        );

        // A signer certificate breaking a "should" of Table C.1 (no cRLDistributionPoints):
        // accepted, the finding passed on.
        let (signer_cert, signer_key) = vical_signer_without_crl(&pki, provider);
        let bytes = SignedVical::sign(
            good.clone(),
            vec![signer_cert.der().to_vec()],
            &KeySigner::new(provider, signer_key),
            provider,
        )
        .unwrap()
        .to_cbor();
        assert_eq!(
            verify(&pki, provider, &bytes, NOW),
            Ok(vec![ListFinding::Certificate(Finding {
                role: CertificateRole::VicalSigner,
                kind: FindingKind::MissingCrlDistributionPoints
            })])
        );

        // Signing with a key that is not the signer certificate's.
        let wrong = KeySigner::new(provider, pki.ds_key.clone());
        let e = SignedVical::sign(
            good.clone(),
            vec![pki.vical_signer.der().to_vec()],
            &wrong,
            provider,
        )
        .unwrap_err();
        assert_eq!(e, ListError::WrongSigner);
    }
}

fn verify_under(
    bytes: &[u8],
    anchors: &[Certificate],
    provider: &'static dyn CryptoProvider,
) -> Result<(), ListError> {
    SignedVical::from_cbor(bytes)?
        .verify(anchors, provider, NOW)
        .map(drop)
}

#[test]
fn each_entry_is_held_to_its_certificate() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let base = CertificateInfo::for_certificate(&pki.iaca, [MDL_DOC_TYPE]);
        let with = |edit: &dyn Fn(&mut CertificateInfo)| {
            let mut info = base.clone();
            edit(&mut info);
            let v = Vical::new("P", date(NOW - 60), vec![info]);
            verify(&pki, provider, &sign(&pki, provider, v), NOW)
        };
        let entry = |problem| Err(ListError::Entry { index: 0, problem });

        // The ski wrapped as AAMVA writes it: accepted, noted.
        let wrapped = |prefix: &[u8]| {
            with(&|i: &mut CertificateInfo| {
                let mut ski = prefix.to_vec();
                ski.extend_from_slice(pki.iaca.subject_key_identifier().unwrap());
                i.ski = ski;
            })
        };
        assert_eq!(
            wrapped(&[0x04, 0x16, 0x04, 0x14]),
            Ok(vec![ListFinding::WrappedSki { index: 0 }])
        );
        assert_eq!(
            wrapped(&[0x04, 0x14]),
            Ok(vec![ListFinding::WrappedSki { index: 0 }])
        );
        // An ski of another key.
        assert_eq!(with(&|i| i.ski[0] ^= 1), entry(EntryProblem::SkiMismatch));
        assert_eq!(
            with(&|i| i.ski = vec![0x04, 0x16, 0x04, 0x14, 1, 2]),
            entry(EntryProblem::SkiMismatch)
        );
        // A serial of another certificate.
        assert_eq!(
            with(&|i| i.serial_number[0] ^= 1),
            entry(EntryProblem::SerialMismatch)
        );
        // Names that contradict the certificate: refused.
        assert_eq!(
            with(&|i| i.subject = Some(pki.ds.subject_der().to_vec())),
            entry(EntryProblem::FieldMismatch("subject"))
        );
        assert_eq!(
            with(&|i| i.issuer = Some(pki.ds.subject_der().to_vec())),
            entry(EntryProblem::FieldMismatch("issuer"))
        );
        // Dates that contradict the certificate: noted, the certificate's govern.
        assert_eq!(
            with(&|i| i.not_before = Some(date(NOW))),
            Ok(vec![ListFinding::EntryDateMismatch {
                index: 0,
                field: "notBefore"
            }])
        );
        assert_eq!(
            with(&|i| i.not_after = Some(date(NOW))),
            Ok(vec![ListFinding::EntryDateMismatch {
                index: 0,
                field: "notAfter"
            }])
        );
        // A certificate that does not parse.
        assert!(matches!(
            with(&|i| i.certificate.truncate(10)),
            Err(ListError::Entry {
                index: 0,
                problem: EntryProblem::Certificate(_)
            })
        ));
        // Keys capitalised unlike the CDDL, kept and noted.
        assert_eq!(
            with(&|i| i.rest.push(("Extensions".to_string(), Value::Map(vec![])))),
            Ok(vec![ListFinding::CaseVariantKey {
                index: Some(0),
                key: "Extensions".to_string()
            }])
        );

        // The same certificate twice: with the same docTypes noted, with others refused.
        let twice = |second: &[&str]| {
            let v = Vical::new(
                "P",
                date(NOW - 60),
                vec![
                    base.clone(),
                    CertificateInfo::for_certificate(&pki.iaca, second.iter().copied()),
                ],
            );
            verify(&pki, provider, &sign(&pki, provider, v), NOW)
        };
        assert_eq!(
            twice(&[MDL_DOC_TYPE]),
            Ok(vec![ListFinding::DuplicateEntry { index: 1 }])
        );
        assert_eq!(
            twice(&[PID]),
            Err(ListError::Entry {
                index: 1,
                problem: EntryProblem::ConflictingDuplicate
            })
        );
    }
}

fn rical_signer(
    pki: &TestPki,
    provider: &'static dyn CryptoProvider,
) -> (Certificate, EcPrivateKey) {
    let mut rng = SystemRandom(provider);
    let key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
    let params = generate::CertificateParams {
        common_name: "Test RICAL signer",
        country: "US",
        state: None,
        not_before: NOW - 86_400,
        not_after: NOW + 86_400 * 365,
        issuer_alt_name: None,
        crl_distribution_point: Some("https://rical.example/crl"),
    };
    let cert = generate::rical_signer(
        provider,
        &pki.vical_root_key,
        &pki.vical_root,
        &provider.ec_public_key(&key).unwrap(),
        EcCurve::P256,
        &params,
        "Test RICAL Provider",
        &mut rng,
    )
    .unwrap();
    (cert, key)
}

#[test]
fn a_rical_gives_reader_roots() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let (signer_cert, signer_key) = rical_signer(&pki, provider);
        let signer = KeySigner::new(provider, signer_key.clone());
        let anchors = [pki.vical_root.clone()];
        let build = |infos: Vec<RicalCertificateInfo>| {
            SignedRical::sign(
                Rical::new("Test RICAL Provider", date(NOW - 60), infos),
                vec![signer_cert.der().to_vec()],
                &signer,
                provider,
            )
            .unwrap()
            .to_cbor()
        };
        let check = |bytes: &[u8]| SignedRical::from_cbor(bytes)?.verify(&anchors, provider, NOW);

        let plain = RicalCertificateInfo::for_certificate(&pki.reader_root);
        let signed = SignedRical::from_cbor(&build(vec![plain.clone()])).unwrap();
        // The x5chain is protected, as Annex F has it.
        assert!(signed.sign1().protected().header().x5chain.is_some());
        let verified = signed.verify(&anchors, provider, NOW).unwrap();
        assert_eq!(verified.findings(), &[]);
        let trust = verified.reader_trust_store();
        assert_eq!(
            trust.reader_roots(),
            core::slice::from_ref(&pki.reader_root)
        );
        assert!(trust.iaca_roots().is_empty());
        // The reader certificate now validates against it.
        iso18013::x509::verify_chain(&trust, &[pki.reader.der()], LeafRole::Reader, provider, NOW)
            .unwrap();

        // isTrustAnchor false, or constraints not understood: not a reader root.
        let mut not_anchor = plain.clone();
        not_anchor
            .rest
            .push(("isTrustAnchor".to_string(), Value::Bool(false)));
        let mut constrained = RicalCertificateInfo::for_certificate(&pki.iaca);
        constrained.trust_contraints = Some(vec![TrustConstraint {
            extensions: Some(vec![("eku".to_string(), Value::from("1.2.3"))]),
            rest: Vec::new(),
        }]);
        let v = check(&build(vec![not_anchor, constrained])).unwrap();
        assert_eq!(
            v.findings(),
            &[
                ListFinding::NotTrustAnchor { index: 0 },
                ListFinding::UnsupportedTrustConstraints { index: 1 }
            ]
        );
        assert!(v.reader_trust_store().reader_roots().is_empty());
        // An empty constraint is satisfied.
        let mut empty = plain.clone();
        empty.trust_contraints = Some(vec![TrustConstraint::default()]);
        assert_eq!(
            check(&build(vec![empty]))
                .unwrap()
                .reader_trust_store()
                .reader_roots()
                .len(),
            1
        );

        // Ambiguous: both spellings; isTrustAnchor not a boolean; no entries.
        let mut both = plain.clone();
        both.trust_contraints = Some(vec![TrustConstraint::default()]);
        both.rest
            .push(("trustConstraints".to_string(), Value::Array(vec![])));
        assert_eq!(
            check(&build(vec![both])).unwrap_err(),
            ListError::Entry {
                index: 0,
                problem: EntryProblem::AmbiguousTrustConstraints
            }
        );
        let mut ill = plain.clone();
        ill.rest
            .push(("isTrustAnchor".to_string(), Value::from("yes")));
        assert_eq!(
            check(&build(vec![ill])).unwrap_err(),
            ListError::Entry {
                index: 0,
                problem: EntryProblem::IllTyped("isTrustAnchor")
            }
        );
        assert_eq!(check(&build(vec![])).unwrap_err(), ListError::Empty);
        // The prose's spelling is read (and noted).
        let mut prose = plain.clone();
        prose.rest.push((
            "trustConstraints".to_string(),
            Value::Array(vec![Value::Map(vec![(
                Value::from("extensions"),
                Value::Map(vec![(Value::from("x"), Value::from(1u64))]),
            )])]),
        ));
        let v = check(&build(vec![prose])).unwrap();
        assert_eq!(
            v.findings(),
            &[
                ListFinding::TrustConstraintsSpelling { index: 0 },
                ListFinding::UnsupportedTrustConstraints { index: 0 }
            ]
        );

        // The x5chain unprotected: accepted, noted. A VICAL signer cannot sign a RICAL.
        let bytes = sign_raw(
            provider,
            &signer_key,
            Header::default(),
            chain_of(&[&signer_cert]),
            Rical::new("P", date(NOW - 60), vec![plain.clone()]).to_cbor(),
        );
        assert_eq!(
            check(&bytes).unwrap().findings(),
            &[ListFinding::X5ChainPlacement]
        );
        let bytes = sign_raw(
            provider,
            &pki.vical_signer_key,
            chain_of(&[&pki.vical_signer]),
            Header::default(),
            Rical::new("P", date(NOW - 60), vec![plain.clone()]).to_cbor(),
        );
        // A VICAL signer has nonRepudiation too, and the RICAL profile sets no EKU.
        assert!(check(&bytes).is_ok());
        // A RICAL signer cannot sign a VICAL (no VICAL EKU).
        let bytes = sign_raw(
            provider,
            &signer_key,
            Header::default(),
            chain_of(&[&signer_cert]),
            vical_of(&pki, &[MDL_DOC_TYPE]).to_cbor(),
        );
        assert_eq!(
            verify_under(&bytes, &anchors, provider),
            Err(ListError::Chain(ChainError::Profile {
                role: CertificateRole::VicalSigner,
                violation: ProfileViolation::ExtendedKeyUsage
            }))
        );
    }
}

const AAMVA: &str = "test-vectors/vical/aamva-vical-2025-11-18-1763491092481.cbor";

fn aamva() -> (Vec<u8>, Certificate) {
    let dir = env!("CARGO_MANIFEST_DIR");
    let bytes = std::fs::read(format!("{dir}/{AAMVA}")).unwrap();
    let root =
        std::fs::read_to_string(format!("{dir}/test-vectors/vical/aamva_ca_root.pem")).unwrap();
    (bytes, Certificate::from_pem(&root).unwrap().remove(0))
}

#[test]
fn the_aamva_vical_of_2025_11_18_verifies_with_its_findings() {
    let (bytes, root) = aamva();
    let signed = SignedVical::from_cbor(&bytes).unwrap();
    let vical = signed.list();
    assert_eq!(vical.vical_provider, "AAMVA");
    assert_eq!(vical.vical_issue_id, Some(227_602));
    assert_eq!(vical.certificate_infos.len(), 14);
    assert!(
        vical
            .certificate_infos
            .iter()
            .all(|i| i.doc_type == [MDL_DOC_TYPE])
    );
    // The exact bytes are kept (AAMVA orders `date` before `vicalIssueID` and writes
    // serial numbers with a leading zero octet, so a re-encoding differs from the signed
    // payload); the re-encoding decodes to the same list.
    assert_eq!(signed.to_cbor(), bytes);
    assert_ne!(vical.to_cbor(), signed.sign1().payload().unwrap());
    assert_eq!(&Vical::from_cbor(&vical.to_cbor()).unwrap(), vical);
    let issued = vical.date.unix_seconds();
    for provider in providers() {
        let verified = signed
            .verify(core::slice::from_ref(&root), provider, issued + 3600)
            .unwrap();
        let names: Vec<&str> = verified.findings().iter().map(ListFinding::name).collect();
        assert!(names.contains(&"root_in_x5chain"));
        assert_eq!(names.iter().filter(|n| **n == "wrapped_ski").count(), 14);
        // `Extensions` in all 14 entries, `CertificateProfile` in one.
        assert_eq!(
            names.iter().filter(|n| **n == "case_variant_key").count(),
            15
        );
        // Six entries give their certificate's dates 12 hours early: each certificate whose
        // times fall after 13:00 UTC (a 12-hour clock without AM/PM in AAMVA's generator).
        // Noted; the certificates' own dates are the ones used.
        let mut off: Vec<(usize, &str)> = Vec::new();
        for f in verified.findings() {
            if let ListFinding::EntryDateMismatch { index, field } = f {
                let info = &vical.certificate_infos[*index];
                let cert = Certificate::from_der(&info.certificate).unwrap();
                let (listed, actual) = match *field {
                    "notBefore" => (info.not_before.as_ref().unwrap(), cert.not_before()),
                    _ => (info.not_after.as_ref().unwrap(), cert.not_after()),
                };
                assert_eq!(actual - listed.unix_seconds(), 12 * 3600);
                off.push((*index, *field));
            }
        }
        let expected: Vec<(usize, &str)> = [2, 3, 6, 9, 10, 11]
            .into_iter()
            .flat_map(|i| [(i, "notBefore"), (i, "notAfter")])
            .collect();
        assert_eq!(off, expected);
        assert_eq!(
            names.len(),
            1 + 14 + 15 + 12,
            "no other finding: {:?}",
            verified.findings()
        );
        assert!(!verified.needs_update());
        let trust = verified.trust_store();
        assert_eq!(trust.iaca_roots().len(), 14);
        assert!(trust.iaca_roots().iter().all(|c| trust.iaca_vouches_for(c, MDL_DOC_TYPE) && !trust.iaca_vouches_for(c, PID)));
        // Two days later nextUpdate has passed: still valid, a newer list is due.
        let later = signed
            .verify(core::slice::from_ref(&root), provider, issued + 2 * 86_400)
            .unwrap();
        assert!(later.needs_update());
        // Under another root it does not verify.
        let pki = TestPki::generate(provider, NOW).unwrap();
        assert!(matches!(
            signed.verify(
                core::slice::from_ref(&pki.vical_root),
                provider,
                issued + 3600
            ),
            Err(ListError::Chain(_))
        ));
    }
}

/// Writes the `trust_list` fuzz target's seeds (run by hand: `cargo test --test vical --
/// --ignored write_fuzz_seeds`): the AAMVA VICAL (as published, with its signature's
/// last byte flipped, cut in half), its payload, and a VICAL and a RICAL built here.
#[test]
#[ignore = "writes fuzz/corpus/trust_list; run by hand"]
fn write_fuzz_seeds() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/corpus/trust_list");
    std::fs::create_dir_all(dir).unwrap();
    let (aamva, _) = aamva();
    let payload = SignedVical::from_cbor(&aamva)
        .unwrap()
        .sign1()
        .payload()
        .unwrap()
        .to_vec();
    let provider = providers()[0];
    let pki = TestPki::generate(provider, NOW).unwrap();
    let (signer_cert, signer_key) = rical_signer(&pki, provider);
    let mut entry = RicalCertificateInfo::for_certificate(&pki.reader_root);
    entry.trust_contraints = Some(vec![TrustConstraint::default()]);
    let rical = SignedRical::sign(
        Rical::new("Test RICAL Provider", date(NOW), vec![entry]),
        vec![signer_cert.der().to_vec()],
        &KeySigner::new(provider, signer_key),
        provider,
    )
    .unwrap();
    let mut bad_signature = aamva.clone();
    *bad_signature.last_mut().unwrap() ^= 1;
    let truncated = aamva[..aamva.len() / 2].to_vec();
    for (name, bytes) in [
        ("aamva-vical", aamva.clone()),
        ("aamva-vical-bad-signature", bad_signature),
        ("aamva-vical-truncated", truncated),
        ("aamva-vical-payload", payload),
        (
            "test-vical",
            sign(&pki, provider, vical_of(&pki, &[MDL_DOC_TYPE, PID])),
        ),
        ("test-rical", rical.to_cbor()),
        ("test-rical-payload", rical.list().to_cbor()),
    ] {
        std::fs::write(format!("{dir}/{name}"), bytes).unwrap();
    }
}
