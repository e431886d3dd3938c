//! What verification rejects: one or more rows per check, each asserting its error kind,
//! plus malformed inputs. Built on our own issuer and holder, under every backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, DecodeErrorKind, Encode, Label, TDate, TaggedCbor, Value};
use iso18013::cose::{
    CoseKey, CoseMac0, CoseSign1, Curve, HMAC_256_256, Header, HeaderError, HeaderLabel,
    PreparedSign1, ProtectedHeader, X5Chain, mac_structure, sig_structure,
};
use iso18013::crypto::{
    CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, SignatureAlgorithm, SystemRandom,
    providers,
};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Ready, Validity, cose_key_from_sec1};
use iso18013::mso::{IssuerAuth, IssuerSigned, KeyAuthorizations, MobileSecurityObject};
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::request::{DocRequest, ItemsRequest, reader_authentication_bytes};
use iso18013::response::{
    DeviceAuth, DeviceNameSpaces, DeviceResponse, Document, device_authentication_bytes, emac_key,
};
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{
    DeviceAuthError, DoctypeError, Finding, IssuerError, Policy, ReaderAuthError, ReaderSession,
    UntrustedError, ValidityError, VerifyError, VerifyErrorKind, verify_device_response,
    verify_reader_auth,
};
use iso18013::x509::{Certificate, TrustStore, generate};

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

/// A test PKI and holder, valid through 2026.
struct Fixture {
    provider: &'static dyn CryptoProvider,
    iaca_key: EcPrivateKey,
    iaca: Certificate,
    ds_key: EcPrivateKey,
    ds: Certificate,
    trust: TrustStore,
    device: EcPrivateKey,
    reader: EcPrivateKey,
}

fn params<'a>(cn: &'a str, from: &str, until: &str) -> generate::CertificateParams<'a> {
    generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at(from),
        not_after: at(until),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    }
}

fn fixture(provider: &'static dyn CryptoProvider) -> Fixture {
    let mut rng = SystemRandom(provider);
    let key = |rng: &mut SystemRandom<'_>| provider.ec_generate(EcCurve::P256, rng).unwrap();
    let (iaca_key, ds_key, device, reader) =
        (key(&mut rng), key(&mut rng), key(&mut rng), key(&mut rng));
    let iaca = generate::iaca(
        provider,
        &iaca_key,
        &params("IACA", "2025-01-01T00:00:00Z", "2034-01-01T00:00:00Z"),
        &mut rng,
    )
    .unwrap();
    let ds = ds_certificate(
        provider,
        &iaca,
        &iaca_key,
        &ds_key,
        "2025-12-01T00:00:00Z",
        "2027-06-01T00:00:00Z",
    );
    let mut trust = TrustStore::new();
    trust.add_iaca(iaca.clone());
    Fixture {
        provider,
        iaca_key,
        iaca,
        ds_key,
        ds,
        trust,
        device,
        reader,
    }
}

fn ds_certificate(
    provider: &dyn CryptoProvider,
    iaca: &Certificate,
    iaca_key: &EcPrivateKey,
    ds_key: &EcPrivateKey,
    from: &str,
    until: &str,
) -> Certificate {
    let public = provider.ec_public_key(ds_key).unwrap();
    generate::document_signer(
        provider,
        iaca_key,
        iaca,
        &public,
        EcCurve::P256,
        &params("DS", from, until),
        &mut SystemRandom(provider),
    )
    .unwrap()
}

const NOW: &str = "2026-06-01T00:00:00Z";

impl Fixture {
    fn builder(&self) -> MdocBuilder<Ready> {
        self.builder_valid(Validity::new(
            TDate::parse("2026-01-01T00:00:00Z").unwrap(),
            TDate::parse("2026-01-01T00:00:00Z").unwrap(),
            TDate::parse("2027-01-01T00:00:00Z").unwrap(),
        ))
    }

    fn device_cose_key(&self) -> CoseKey {
        cose_key_from_sec1(
            EcCurve::P256,
            &self.provider.ec_public_key(&self.device).unwrap(),
        )
        .unwrap()
    }

    fn builder_valid(&self, validity: Validity) -> MdocBuilder<Ready> {
        MdocBuilder::with_required(mdl::DOC_TYPE, self.device_cose_key(), validity)
            .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
            .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
            .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true))
    }

    fn issue(&self, builder: MdocBuilder<Ready>) -> IssuerSigned {
        Issuer::new(vec![self.ds.der().to_vec()])
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                builder,
                self.provider,
                &KeySigner::new(self.provider, self.ds_key.clone()),
                &mut SystemRandom(self.provider),
            )
            .unwrap()
    }

    /// Re-signs `issued` with an edited MSO.
    fn resign(
        &self,
        issued: &IssuerSigned,
        edit: impl FnOnce(&mut MobileSecurityObject),
    ) -> IssuerSigned {
        let mut mso = issued.issuer_auth.mso().value().clone();
        edit(&mut mso);
        let unprotected = Header {
            x5chain: Some(X5Chain::Single(self.ds.der().to_vec())),
            ..Header::default()
        };
        let sign1 = PreparedSign1::new(
            SignatureAlgorithm::Es256,
            unprotected,
            Some(TaggedCbor::new(mso).encoded().to_vec()),
            None,
        )
        .unwrap()
        .sign(self.provider, &self.ds_key)
        .unwrap();
        IssuerSigned {
            issuer_auth: IssuerAuth::from_sign1(sign1).unwrap(),
            ..issued.clone()
        }
    }

    fn all_elements(&self) -> Selection {
        (
            mdl::NAME_SPACE.to_string(),
            vec![
                "family_name".to_string(),
                "issuing_country".to_string(),
                "age_over_18".to_string(),
            ],
        )
            .into()
    }

    fn document(
        &self,
        issued: &IssuerSigned,
        transcript: &SessionTranscript,
        mode: DeviceAuthMode<'_>,
    ) -> Document {
        present_document(
            issued,
            &self.all_elements(),
            &self.device,
            Default::default(),
            transcript,
            mode,
            self.provider,
        )
        .unwrap()
    }

    fn verify_at(
        &self,
        response: &DeviceResponse,
        transcript: &SessionTranscript,
        reader: Option<&EcPrivateKey>,
        policy: &Policy,
        now: &str,
    ) -> Result<(), VerifyError> {
        let mut session = ReaderSession::new(transcript);
        if let Some(key) = reader {
            session = session.with_reader_key(key);
        }
        verify_device_response(&response.to_cbor(), &session, &self.trust, policy, at(now))
            .map(drop)
    }

    fn verify(
        &self,
        response: &DeviceResponse,
        transcript: &SessionTranscript,
    ) -> Result<(), VerifyError> {
        self.verify_at(
            response,
            transcript,
            Some(&self.reader),
            &Policy::new(self.provider),
            NOW,
        )
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

fn response(document: Document) -> DeviceResponse {
    DeviceResponse {
        version: "1.0".to_string(),
        documents: Some(vec![document]),
        document_errors: None,
        status: 0,
        rest: Vec::new(),
    }
}

/// The issuer-signed items of a document's mDL namespace.
fn mdl_items(doc: &mut Document) -> &mut Vec<iso18013::mso::IssuerSignedItemBytes> {
    doc.issuer_signed
        .name_spaces
        .as_mut()
        .unwrap()
        .get_mut(mdl::NAME_SPACE)
        .unwrap()
}

/// Edits the first issuer-signed item of a document.
fn edit_item(doc: &mut Document, edit: impl FnOnce(&mut iso18013::mso::IssuerSignedItem)) {
    let items = mdl_items(doc);
    let mut item = items[0].value().clone();
    edit(&mut item);
    items[0] = TaggedCbor::new(item);
}

/// A row of the table: its name, what verification said, and what it should have said.
type Row = (&'static str, VerifyErrorKind, fn(&VerifyErrorKind) -> bool);

fn kind(result: Result<(), VerifyError>) -> VerifyErrorKind {
    result.expect_err("expected a rejection").kind
}

#[test]
fn the_unedited_response_verifies_both_ways() {
    for provider in providers() {
        let f = fixture(provider);
        let issued = f.issue(f.builder());
        let t = transcript();
        f.verify(
            &response(f.document(&issued, &t, DeviceAuthMode::Signature)),
            &t,
        )
        .unwrap();
        let reader_cose =
            cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(&f.reader).unwrap()).unwrap();
        let mac = f.document(
            &issued,
            &t,
            DeviceAuthMode::Mac {
                e_reader_key: &reader_cose,
            },
        );
        f.verify(&response(mac), &t).unwrap();
    }
}

#[test]
fn every_check_rejects_with_its_own_kind() {
    use VerifyErrorKind as K;
    for provider in providers() {
        let f = fixture(provider);
        let t = transcript();
        let issued = f.issue(f.builder());
        let good = f.document(&issued, &t, DeviceAuthMode::Signature);
        let mut rows: Vec<Row> = Vec::new();
        let mut row = |name, got, want: fn(&VerifyErrorKind) -> bool| rows.push((name, got, want));

        let mut r = response(good.clone());
        r.status = 10;
        row("status 10", kind(f.verify(&r, &t)), |k| {
            *k == K::ResponseStatus(10)
        });

        let bare = Issuer::new(vec![])
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                f.builder(),
                provider,
                &KeySigner::new(provider, f.ds_key.clone()),
                &mut SystemRandom(provider),
            )
            .unwrap();
        row(
            "no x5chain",
            kind(f.verify(
                &response(f.document(&bare, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Untrusted(UntrustedError::MissingCertificate),
        );

        // Another IACA: the chain reaches no trust anchor.
        let mut rng = SystemRandom(provider);
        let other_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let other_iaca = generate::iaca(
            provider,
            &other_key,
            &params("Other IACA", "2025-01-01T00:00:00Z", "2034-01-01T00:00:00Z"),
            &mut rng,
        )
        .unwrap();
        let mut other_trust = TrustStore::new();
        other_trust.add_iaca(other_iaca);
        let session = ReaderSession::new(&t);
        let untrusted = verify_device_response(
            &response(good.clone()).to_cbor(),
            &session,
            &other_trust,
            &Policy::new(provider),
            at(NOW),
        );
        row("unknown IACA", untrusted.map(drop).unwrap_err().kind, |k| {
            matches!(k, K::Untrusted(_))
        });

        // A document signer certificate that has expired by now.
        let old_ds = ds_certificate(
            provider,
            &f.iaca,
            &f.iaca_key,
            &f.ds_key,
            "2025-01-01T00:00:00Z",
            "2026-02-01T00:00:00Z",
        );
        let old = Issuer::new(vec![old_ds.der().to_vec()])
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                f.builder(),
                provider,
                &KeySigner::new(provider, f.ds_key.clone()),
                &mut SystemRandom(provider),
            )
            .unwrap();
        row(
            "expired DS certificate",
            kind(f.verify(
                &response(f.document(&old, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| matches!(k, K::Untrusted(_)),
        );

        // A reader certificate in the document signer's place: wrong extended key usage.
        let reader_cert = generate::reader(
            provider,
            &f.iaca_key,
            &f.iaca,
            &provider.ec_public_key(&f.ds_key).unwrap(),
            EcCurve::P256,
            &params("Reader", "2025-12-01T00:00:00Z", "2027-06-01T00:00:00Z"),
            &mut rng,
        )
        .unwrap();
        let wrong_role = Issuer::new(vec![reader_cert.der().to_vec()])
            .with_doctypes(Registry::builtin().all_optional())
            .issue(
                f.builder(),
                provider,
                &KeySigner::new(provider, f.ds_key.clone()),
                &mut SystemRandom(provider),
            )
            .unwrap();
        row(
            "reader certificate as DS",
            kind(f.verify(
                &response(f.document(&wrong_role, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| matches!(k, K::Untrusted(_)),
        );

        let mut strict = Policy::new(provider);
        strict.signature_algorithms = vec![SignatureAlgorithm::Es384];
        row(
            "ES256 refused",
            kind(f.verify_at(&response(good.clone()), &t, None, &strict, NOW)),
            |k| *k == K::Issuer(IssuerError::Algorithm),
        );

        let mut tampered = issued.clone();
        let mut sig = tampered.issuer_auth.sign1().signature().to_vec();
        sig[10] ^= 1;
        let s = tampered.issuer_auth.sign1();
        let resigned = CoseSign1::new(
            s.protected().clone(),
            s.unprotected().clone(),
            s.payload().map(<[u8]>::to_vec),
            sig,
        );
        tampered.issuer_auth = IssuerAuth::from_sign1(resigned).unwrap();
        row(
            "issuer signature",
            kind(f.verify(
                &response(f.document(&tampered, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Issuer(IssuerError::Signature),
        );

        let v15 = f.resign(&issued, |m| m.version = "1.5".to_string());
        row(
            "MSO version 1.5",
            kind(f.verify(
                &response(f.document(&v15, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Issuer(IssuerError::MsoVersion),
        );

        let md5 = f.resign(&issued, |m| m.digest_algorithm = "MD5".to_string());
        row(
            "MD5",
            kind(f.verify(
                &response(f.document(&md5, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Issuer(IssuerError::DigestAlgorithm),
        );
        let mut sha512_only = Policy::new(provider);
        sha512_only.digest_algorithms = vec![DigestAlgorithm::Sha512];
        row(
            "SHA-256 refused",
            kind(f.verify_at(&response(good.clone()), &t, None, &sha512_only, NOW)),
            |k| *k == K::Issuer(IssuerError::DigestAlgorithm),
        );

        let mut doc = good.clone();
        edit_item(&mut doc, |i| i.element_value = Value::from("Roe"));
        // (IssuerError::DigestMismatch now names the element: the row checks that too.)
        let altered_id = mdl_items(&mut doc)[0].digest_id;
        let altered = kind(f.verify(&response(doc), &t));
        assert_eq!(
            altered,
            K::Issuer(IssuerError::DigestMismatch {
                name_space: mdl::NAME_SPACE.to_string(),
                element: "family_name".to_string(),
                digest_id: altered_id,
            })
        );
        assert_eq!(altered.name(), "digest_mismatch");
        assert!(
            altered
                .to_string()
                .contains("org.iso.18013.5.1/family_name")
        );
        row("value changed", altered, |k| {
            matches!(k, K::Issuer(IssuerError::DigestMismatch { .. }))
        });

        let mut doc = good.clone();
        edit_item(&mut doc, |i| {
            i.digest_id = i.digest_id.wrapping_add(1) | (1 << 40)
        });
        row(
            "digestID without digest",
            kind(f.verify(&response(doc), &t)),
            |k| *k == K::Issuer(IssuerError::MissingDigest),
        );

        let mut doc = good.clone();
        let items = mdl_items(&mut doc);
        items.push(items[0].clone());
        row("element twice", kind(f.verify(&response(doc), &t)), |k| {
            *k == K::Issuer(IssuerError::DuplicateElement)
        });

        let mut doc = good.clone();
        doc.doc_type = "org.example.other".to_string();
        row("docType", kind(f.verify(&response(doc), &t)), |k| {
            *k == K::Issuer(IssuerError::DocTypeMismatch)
        });

        let early = f.issue(f.builder_valid(Validity::new(
            TDate::parse("2025-06-01T00:00:00Z").unwrap(),
            TDate::parse("2026-01-01T00:00:00Z").unwrap(),
            TDate::parse("2027-01-01T00:00:00Z").unwrap(),
        )));
        row(
            "signed before the DS certificate",
            kind(f.verify(
                &response(f.document(&early, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Validity(ValidityError::SignedOutsideCertificateValidity),
        );

        let backwards = f.resign(&issued, |m| {
            core::mem::swap(
                &mut m.validity_info.valid_from,
                &mut m.validity_info.valid_until,
            )
        });
        row(
            "validFrom after validUntil",
            kind(f.verify(
                &response(f.document(&backwards, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Validity(ValidityError::InvalidValidityPeriod),
        );

        let policy = Policy::new(provider);
        row(
            "not yet valid",
            kind(f.verify_at(
                &response(good.clone()),
                &t,
                None,
                &policy,
                "2025-12-15T00:00:00Z",
            )),
            |k| *k == K::Validity(ValidityError::NotYetValid),
        );
        row(
            "expired",
            kind(f.verify_at(
                &response(good.clone()),
                &t,
                None,
                &policy,
                "2027-03-01T00:00:00Z",
            )),
            |k| *k == K::Validity(ValidityError::Expired),
        );
        // Within the clock skew both ends still pass.
        f.verify_at(
            &response(good.clone()),
            &t,
            None,
            &policy,
            "2025-12-31T23:58:00Z",
        )
        .unwrap();
        f.verify_at(
            &response(good.clone()),
            &t,
            None,
            &policy,
            "2027-01-01T00:04:00Z",
        )
        .unwrap();

        let okp = f.resign(&issued, |m| {
            m.device_key_info.device_key = CoseKey {
                curve: Curve::Ed25519,
                x: vec![9; 32],
                y: None,
                kid: None,
                alg: None,
                rest: Vec::new(),
            };
        });
        let mut doc = good.clone();
        doc.issuer_signed.issuer_auth = okp.issuer_auth.clone();
        row(
            "Ed25519 device key",
            kind(f.verify(&response(doc), &t)),
            |k| *k == K::DeviceAuth(DeviceAuthError::DeviceKey),
        );

        let other_t = SessionTranscript::new(None, None, Handover::Qr);
        row(
            "signature over another transcript",
            kind(f.verify(&response(good.clone()), &other_t)),
            |k| *k == K::DeviceAuth(DeviceAuthError::Signature),
        );

        let reader_cose =
            cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(&f.reader).unwrap()).unwrap();
        let mac_doc = f.document(
            &issued,
            &t,
            DeviceAuthMode::Mac {
                e_reader_key: &reader_cose,
            },
        );
        let stranger = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        row(
            "MAC with another reader key",
            kind(f.verify_at(
                &response(mac_doc.clone()),
                &t,
                Some(&stranger),
                &policy,
                NOW,
            )),
            |k| *k == K::DeviceAuth(DeviceAuthError::Mac),
        );
        row(
            "MAC without a reader key",
            kind(f.verify_at(&response(mac_doc.clone()), &t, None, &policy, NOW)),
            |k| *k == K::DeviceAuth(DeviceAuthError::MacKeyUnavailable),
        );
        let bound = SessionTranscript::new(
            None,
            Some(TaggedCbor::new(reader_cose.clone())),
            Handover::Qr,
        );
        let bound_doc = f.document(
            &issued,
            &bound,
            DeviceAuthMode::Mac {
                e_reader_key: &reader_cose,
            },
        );
        row(
            "reader key not the transcript's",
            kind(f.verify_at(
                &response(bound_doc.clone()),
                &bound,
                Some(&stranger),
                &policy,
                NOW,
            )),
            |k| *k == K::DeviceAuth(DeviceAuthError::ReaderKeyMismatch),
        );
        f.verify_at(&response(bound_doc), &bound, Some(&f.reader), &policy, NOW)
            .unwrap();

        let device_signed: DeviceNameSpaces = (
            mdl::NAME_SPACE.to_string(),
            vec![("given_name".to_string(), Value::from("Jo"))],
        )
            .into();
        let unauthorized = present_document(
            &issued,
            &f.all_elements(),
            &f.device,
            device_signed.clone(),
            &t,
            DeviceAuthMode::Signature,
            provider,
        )
        .unwrap();
        row(
            "device-signed element not authorized",
            kind(f.verify(&response(unauthorized), &t)),
            |k| *k == K::DeviceAuth(DeviceAuthError::UnauthorizedElement),
        );
        let authorized_issue = f.issue(f.builder().key_authorizations(KeyAuthorizations {
            name_spaces: None,
            data_elements: Some(
                (mdl::NAME_SPACE.to_string(), vec!["given_name".to_string()]).into(),
            ),
            rest: Vec::new(),
        }));
        let authorized = present_document(
            &authorized_issue,
            &f.all_elements(),
            &f.device,
            device_signed,
            &t,
            DeviceAuthMode::Signature,
            provider,
        )
        .unwrap();
        f.verify(&response(authorized), &t).unwrap();

        let french = f.issue(
            MdocBuilder::with_required(
                mdl::DOC_TYPE,
                f.device_cose_key(),
                Validity::new(
                    TDate::parse("2026-01-01T00:00:00Z").unwrap(),
                    TDate::parse("2026-01-01T00:00:00Z").unwrap(),
                    TDate::parse("2027-01-01T00:00:00Z").unwrap(),
                ),
            )
            .element(mdl::NAME_SPACE, "family_name", Value::from("Doe"))
            .element(mdl::NAME_SPACE, "issuing_country", Value::from("FR")),
        );
        row(
            "issuing_country not the signer's",
            kind(f.verify(
                &response(f.document(&french, &t, DeviceAuthMode::Signature)),
                &t,
            )),
            |k| *k == K::Doctype(DoctypeError::IssuingCountryMismatch),
        );

        assert_eq!(rows.len(), 25);
        for (name, got, want) in &rows {
            assert!(want(got), "{} {name}: got {got:?}", provider.name());
        }
    }
}

#[test]
fn malformed_responses_are_rejected_as_malformed() {
    let provider = providers()[0];
    let f = fixture(provider);
    let t = transcript();
    let issued = f.issue(f.builder());
    let good = response(f.document(&issued, &t, DeviceAuthMode::Signature)).to_cbor();
    let session = ReaderSession::new(&t);
    let malformed = |bytes: &[u8]| match verify_device_response(
        bytes,
        &session,
        &f.trust,
        &Policy::new(provider),
        at(NOW),
    ) {
        Err(VerifyError {
            kind: VerifyErrorKind::Malformed(e),
            ..
        }) => e.kind(),
        other => panic!("expected malformed, got {other:?}"),
    };
    assert!(matches!(
        malformed(&good[..good.len() - 1]),
        DecodeErrorKind::UnexpectedEnd | DecodeErrorKind::LengthBeyondInput { .. }
    ));
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(malformed(&trailing), DecodeErrorKind::TrailingBytes);
    // {"version": "1.0", "status": 0, "status": 0}
    let dup = [
        &[0xa3, 0x67][..],
        b"version",
        &[0x63],
        b"1.0",
        &[0x66],
        b"status",
        &[0x00],
        &[0x66],
        b"status",
        &[0x00],
    ]
    .concat();
    assert_eq!(malformed(&dup), DecodeErrorKind::DuplicateKey);
    // The same as an indefinite-length map.
    let indefinite = [
        &[0xbf, 0x67][..],
        b"version",
        &[0x63],
        b"1.0",
        &[0x66],
        b"status",
        &[0x00, 0xff],
    ]
    .concat();
    assert_eq!(malformed(&indefinite), DecodeErrorKind::IndefiniteLength);
    // {"version": "1.0x", "status": 0}: a version is "major.minor", not any "1." text.
    let not_a_version = [
        &[0xa2, 0x67][..],
        b"version",
        &[0x64],
        b"1.0x",
        &[0x66],
        b"status",
        &[0x00],
    ]
    .concat();
    assert_eq!(
        malformed(&not_a_version),
        DecodeErrorKind::InvalidValue("version is not \"major.minor\" in decimal")
    );
    // {"documents": [2^62 elements...]}
    let huge = [
        &[0xa1, 0x69][..],
        b"documents",
        &[0x9b, 0x40, 0, 0, 0, 0, 0, 0, 0],
    ]
    .concat();
    assert_eq!(
        malformed(&huge),
        DecodeErrorKind::LengthBeyondInput { claimed: 1 << 62 }
    );
}

/// A `COSE_Sign1` by `key` (ES256) with exactly the headers given: built by hand, since
/// [`PreparedSign1`] refuses to write headers that break RFC 9052 §3.
fn hand_signed(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    protected: Header,
    unprotected: Header,
    attached: Option<Vec<u8>>,
    detached: Option<&[u8]>,
) -> CoseSign1 {
    let protected = ProtectedHeader::new(protected);
    let payload = attached.as_deref().or(detached).unwrap();
    let tbs = sig_structure(&protected, &[], payload);
    let signature = provider
        .ecdsa_sign(SignatureAlgorithm::Es256, key, &tbs)
        .unwrap();
    CoseSign1::new(protected, unprotected, attached, signature)
}

/// Header pairs that break RFC 9052 §3, each with the error it must give, built around
/// an unprotected `base` (the `x5chain` where there is one).
fn hostile_headers(base: &Header) -> Vec<(&'static str, Header, Header, HeaderError)> {
    let alg = |a: i64| Some(Label::Int(a));
    let protected = |edit: fn(&mut Header)| {
        let mut h = Header {
            alg: alg(-7),
            ..Header::default()
        };
        edit(&mut h);
        h
    };
    let unprotected = |edit: fn(&mut Header)| {
        let mut h = base.clone();
        edit(&mut h);
        h
    };
    let der = base.x5chain.clone();
    let mut x5_both = protected(|_| {});
    x5_both.x5chain = der.clone().or(Some(X5Chain::Single(vec![0x30])));
    let mut x5_unprotected = unprotected(|_| {});
    x5_unprotected.x5chain = x5_both.x5chain.clone();
    vec![
        (
            "crit naming a label not understood",
            protected(|h| {
                h.crit = Some(vec![Label::Int(99)]);
                h.rest.push((Label::Int(99), Value::from(1u64)));
            }),
            unprotected(|_| {}),
            HeaderError::UnknownCritical(HeaderLabel::Int(99)),
        ),
        (
            "crit naming a text label",
            protected(|h| {
                h.crit = Some(vec![Label::Text("must-understand".to_string())]);
                h.rest.push((
                    Label::Text("must-understand".to_string()),
                    Value::Bool(true),
                ));
            }),
            unprotected(|_| {}),
            HeaderError::UnknownCritical(HeaderLabel::Text),
        ),
        (
            "crit naming a label the protected header lacks",
            protected(|h| h.crit = Some(vec![Label::Int(4)])),
            unprotected(|h| h.kid = Some(vec![1])),
            HeaderError::CriticalAbsent(HeaderLabel::Int(4)),
        ),
        (
            "crit in the unprotected header",
            protected(|_| {}),
            unprotected(|h| h.crit = Some(vec![Label::Int(1)])),
            HeaderError::UnprotectedCritical,
        ),
        (
            "alg in both buckets, different",
            protected(|_| {}),
            unprotected(|h| h.alg = Some(Label::Int(-35))),
            HeaderError::DuplicateLabel(HeaderLabel::Int(1)),
        ),
        (
            "alg in both buckets, the same",
            protected(|_| {}),
            unprotected(|h| h.alg = Some(Label::Int(-7))),
            HeaderError::DuplicateLabel(HeaderLabel::Int(1)),
        ),
        (
            "kid in both buckets, the unprotected one ill-typed",
            protected(|h| h.kid = Some(vec![1])),
            unprotected(|h| h.rest.push((Label::Int(4), Value::Undefined))),
            HeaderError::DuplicateLabel(HeaderLabel::Int(4)),
        ),
        (
            "x5chain in both buckets",
            x5_both,
            x5_unprotected,
            HeaderError::DuplicateLabel(HeaderLabel::Int(33)),
        ),
    ]
}

/// Headers that keep the rules: a `crit` naming understood parameters the protected
/// header carries.
fn lawful_headers(base: &Header) -> Vec<(Header, Header)> {
    let mut crit_alg = Header {
        alg: Some(Label::Int(-7)),
        crit: Some(vec![Label::Int(1)]),
        ..Header::default()
    };
    let plain = (crit_alg.clone(), base.clone());
    crit_alg.crit = Some(vec![Label::Int(1), Label::Int(2)]);
    crit_alg.x5chain = base.x5chain.clone();
    if crit_alg.x5chain.is_some() {
        crit_alg.crit = Some(vec![Label::Int(33)]);
    }
    let moved = (
        crit_alg,
        Header {
            x5chain: None,
            ..base.clone()
        },
    );
    vec![plain, moved]
}

#[test]
fn issuer_auth_headers_are_held_to_rfc_9052() {
    use VerifyErrorKind as K;
    for provider in providers() {
        let f = fixture(provider);
        let t = transcript();
        let issued = f.issue(f.builder());
        let base = Header {
            x5chain: Some(X5Chain::Single(f.ds.der().to_vec())),
            ..Header::default()
        };
        let mso = issued.issuer_auth.sign1().payload().unwrap().to_vec();
        let with = |protected: Header, unprotected: Header| {
            let sign1 = hand_signed(
                provider,
                &f.ds_key,
                protected,
                unprotected,
                Some(mso.clone()),
                None,
            );
            let issued = IssuerSigned {
                issuer_auth: IssuerAuth::from_sign1(sign1).unwrap(),
                ..issued.clone()
            };
            let r = response(f.document(&issued, &t, DeviceAuthMode::Signature));
            // Through the bytes, as a verifier receives them.
            let r = DeviceResponse::from_cbor(&r.to_cbor()).unwrap();
            f.verify(&r, &t)
        };
        for (protected, unprotected) in lawful_headers(&base) {
            with(protected, unprotected).unwrap();
        }
        for (name, protected, unprotected, error) in hostile_headers(&base) {
            let got = kind(with(protected, unprotected));
            assert_eq!(got, K::Issuer(IssuerError::Header(error)), "{name}");
            assert_eq!(got.name(), "issuer_auth_header");
            assert_eq!(got.fault(), "issuer");
        }
    }
}

#[test]
fn device_auth_headers_are_held_to_rfc_9052() {
    use VerifyErrorKind as K;
    for provider in providers() {
        let f = fixture(provider);
        let t = transcript();
        let issued = f.issue(f.builder());
        let good = f.document(&issued, &t, DeviceAuthMode::Signature);
        let authenticated =
            device_authentication_bytes(&t, &good.doc_type, &good.device_signed.name_spaces);
        let signed = |protected: Header, unprotected: Header| {
            let mut doc = good.clone();
            doc.device_signed.device_auth = DeviceAuth::Signature(hand_signed(
                provider,
                &f.device,
                protected,
                unprotected,
                None,
                Some(&authenticated),
            ));
            f.verify(
                &DeviceResponse::from_cbor(&response(doc).to_cbor()).unwrap(),
                &t,
            )
        };
        let device_public = provider.ec_public_key(&f.device).unwrap();
        let key = emac_key(provider, &f.reader, &device_public, &t).unwrap();
        let maced = |mut protected: Header, unprotected: Header| {
            protected.alg = Some(Label::Int(HMAC_256_256));
            let protected = ProtectedHeader::new(protected);
            let tag = provider.hmac_sha256(
                key.expose(),
                &mac_structure(&protected, &[], &authenticated),
            );
            let mut doc = good.clone();
            doc.device_signed.device_auth =
                DeviceAuth::Mac(CoseMac0::new(protected, unprotected, None, tag.to_vec()));
            f.verify(
                &DeviceResponse::from_cbor(&response(doc).to_cbor()).unwrap(),
                &t,
            )
        };
        let base = Header::default();
        for (protected, unprotected) in lawful_headers(&base) {
            signed(protected.clone(), unprotected.clone()).unwrap();
            maced(protected, unprotected).unwrap();
        }
        for (name, protected, unprotected, error) in hostile_headers(&base) {
            // An HMAC alg in the unprotected header stands for any alg there.
            let mac_unprotected = Header {
                alg: unprotected.alg.as_ref().map(|_| Label::Int(HMAC_256_256)),
                ..unprotected.clone()
            };
            for got in [
                kind(signed(protected.clone(), unprotected)),
                kind(maced(protected, mac_unprotected)),
            ] {
                assert_eq!(got, K::DeviceAuth(DeviceAuthError::Header(error)), "{name}");
                assert_eq!(got.name(), "device_auth_header");
                assert_eq!(got.fault(), "device_auth");
            }
        }
    }
}

#[test]
fn reader_auth_headers_are_held_to_rfc_9052() {
    for provider in providers() {
        let f = fixture(provider);
        let t = transcript();
        let mut rng = SystemRandom(provider);
        let root_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let root = generate::reader_root(
            provider,
            &root_key,
            &params(
                "Reader root",
                "2025-01-01T00:00:00Z",
                "2034-01-01T00:00:00Z",
            ),
            &mut rng,
        )
        .unwrap();
        let reader_cert = generate::reader(
            provider,
            &root_key,
            &root,
            &provider.ec_public_key(&f.reader).unwrap(),
            EcCurve::P256,
            &params("Reader", "2025-12-01T00:00:00Z", "2027-06-01T00:00:00Z"),
            &mut rng,
        )
        .unwrap();
        let mut trust = TrustStore::new();
        trust.add_reader_root(root);
        let items = TaggedCbor::new(ItemsRequest {
            doc_type: mdl::DOC_TYPE.to_string(),
            name_spaces: (
                mdl::NAME_SPACE.to_string(),
                vec![("family_name".to_string(), false)],
            )
                .into(),
            request_info: None,
            rest: Vec::new(),
        });
        let authenticated = reader_authentication_bytes(&t, &items);
        let check = |protected: Header, unprotected: Header| {
            let request = DocRequest {
                items_request: items.clone(),
                reader_auth: Some(hand_signed(
                    provider,
                    &f.reader,
                    protected,
                    unprotected,
                    None,
                    Some(&authenticated),
                )),
                rest: Vec::new(),
            };
            let request = DocRequest::from_cbor(&request.to_cbor()).unwrap();
            verify_reader_auth(&request, &t, &trust, &Policy::new(provider), at(NOW)).map(drop)
        };
        let base = Header {
            x5chain: Some(X5Chain::Single(reader_cert.der().to_vec())),
            ..Header::default()
        };
        for (protected, unprotected) in lawful_headers(&base) {
            check(protected, unprotected).unwrap();
        }
        for (name, protected, unprotected, error) in hostile_headers(&base) {
            let got = check(protected, unprotected).unwrap_err();
            assert_eq!(got, ReaderAuthError::Header(error), "{name}");
            assert_eq!(got.name(), "reader_auth_header");
        }
    }
}

fn tdate_value(text: &str) -> Value {
    Value::Tag(0, Box::new(Value::from(text)))
}

/// Forms RFC 3339 allows but ISO 18013-5 does not use (a lowercase `t` or `z`, a leap
/// second, a fraction, an offset) are read with a finding, in the MSO's validity and in
/// disclosed elements; a leap second anywhere but 23:59:60 UTC is malformed.
#[test]
fn loose_timestamps_are_read_with_a_finding() {
    for provider in providers() {
        let f = fixture(provider);
        let t = transcript();
        let selection = || {
            Selection::try_from_iter([
                (
                    mdl::NAME_SPACE.to_string(),
                    vec![
                        "family_name".to_string(),
                        "issuing_country".to_string(),
                        "age_over_18".to_string(),
                        "portrait_capture_date".to_string(),
                    ],
                ),
                ("org.example.dates".to_string(), vec!["history".to_string()]),
            ])
            .unwrap()
        };
        let verified = |builder: MdocBuilder<Ready>, device_signed: DeviceNameSpaces| {
            let issued = f.issue(builder.key_authorizations(KeyAuthorizations {
                name_spaces: Some(vec!["org.example.dates".to_string()]),
                data_elements: None,
                rest: Vec::new(),
            }));
            let doc = present_document(
                &issued,
                &selection(),
                &f.device,
                device_signed,
                &t,
                DeviceAuthMode::Signature,
                provider,
            )
            .unwrap();
            let bytes = response(doc).to_cbor();
            let session = ReaderSession::new(&t);
            verify_device_response(&bytes, &session, &f.trust, &Policy::new(provider), at(NOW))
        };
        let findings = |builder, device_signed| {
            verified(builder, device_signed).unwrap().documents()[0]
                .findings()
                .to_vec()
        };
        let none = DeviceNameSpaces::default;
        let validity = |signed: &str, until: &str| {
            Validity::new(
                TDate::parse(signed).unwrap(),
                TDate::parse(signed).unwrap(),
                TDate::parse(until).unwrap(),
            )
        };
        let canonical = ("2026-01-01T00:00:00Z", "2026-12-31T23:59:59Z");
        assert_eq!(
            findings(f.builder_valid(validity(canonical.0, canonical.1)), none()),
            []
        );
        for (signed, until) in [
            ("2026-01-01t00:00:00Z", canonical.1),
            ("2026-01-01T00:00:00z", canonical.1),
            (canonical.0, "2026-12-31T23:59:60Z"),
            (canonical.0, "2026-12-31T15:59:60-08:00"),
            (canonical.0, "2026-12-31T23:59:59.5Z"),
        ] {
            assert_eq!(
                findings(f.builder_valid(validity(signed, until)), none()),
                [Finding::NonCanonicalTimestamp],
                "{signed} {until}"
            );
        }
        // Disclosed elements: an mDL tdate, one nested in an array of another namespace,
        // and a device-signed one.
        let element = |text: &str| {
            f.builder()
                .element(mdl::NAME_SPACE, "portrait_capture_date", tdate_value(text))
        };
        let nested = |text: &str| {
            f.builder().element(
                "org.example.dates",
                "history",
                Value::Array(vec![Value::Map(vec![(
                    Value::from("at"),
                    tdate_value(text),
                )])]),
            )
        };
        let device = |text: &str| -> DeviceNameSpaces {
            (
                "org.example.dates".to_string(),
                vec![("seen".to_string(), tdate_value(text))],
            )
                .into()
        };
        assert_eq!(findings(element("2026-01-01T00:00:00Z"), none()), []);
        assert_eq!(findings(nested("2026-01-01T00:00:00Z"), none()), []);
        assert_eq!(findings(f.builder(), device("2026-01-01T00:00:00Z")), []);
        for loose in [
            "2026-01-01t00:00:00Z",
            "2026-01-01T00:00:00z",
            "2016-12-31T23:59:60Z",
            "2026-01-01T00:00:00.25Z",
            "2026-01-01T01:00:00+01:00",
        ] {
            for got in [
                findings(element(loose), none()),
                findings(nested(loose), none()),
                findings(f.builder(), device(loose)),
            ] {
                assert_eq!(got, [Finding::NonCanonicalElementTimestamp], "{loose}");
            }
        }
        // A leap second at another minute, in validUntil and in an element: the text is
        // written at :59 and turned into :60 in the response's bytes.
        let issued = f.issue(
            f.builder_valid(validity(canonical.0, "2026-12-31T12:00:59Z"))
                .element(
                    mdl::NAME_SPACE,
                    "portrait_capture_date",
                    tdate_value("2026-01-01T12:00:59Z"),
                ),
        );
        let doc = present_document(
            &issued,
            &selection(),
            &f.device,
            DeviceNameSpaces::default(),
            &t,
            DeviceAuthMode::Signature,
            provider,
        )
        .unwrap();
        let bytes = response(doc).to_cbor();
        for at_59 in ["2026-12-31T12:00:59Z", "2026-01-01T12:00:59Z"] {
            let pos = bytes
                .windows(at_59.len())
                .position(|w| w == at_59.as_bytes())
                .unwrap();
            let mut edited = bytes.clone();
            edited[pos + 17] = b'6';
            edited[pos + 18] = b'0';
            let session = ReaderSession::new(&t);
            let err = verify_device_response(
                &edited,
                &session,
                &f.trust,
                &Policy::new(provider),
                at(NOW),
            )
            .unwrap_err();
            assert!(
                matches!(
                    err.kind,
                    VerifyErrorKind::Malformed(ref e)
                        if matches!(e.kind(), DecodeErrorKind::InvalidValue(_))
                ),
                "{at_59}: {err:?}"
            );
        }
    }
}
