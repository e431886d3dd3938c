//! Doctypes as plug-ins: a user-registered doctype's checks run during verification, a
//! national profile keeps the mDL's check and adds its own, and the issuer types a
//! domestic namespace's elements by the registry it is given.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Encode, TDate, Value};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, SystemRandom, providers};
use iso18013::doctype::{
    CheckContext, CheckError, Descriptor, DocumentCheck, Element, ElementType, NameSpace, Registry,
    mdl,
};
use iso18013::issuer::{
    IssueError, Issuer, KeySigner, MdocBuilder, Ready, Validity, cose_key_from_sec1,
};
use iso18013::mso::IssuerSigned;
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::verify::{
    DoctypeError, Policy, ReaderSession, VerifiedResponse, VerifyError, VerifyErrorKind,
    verify_device_response,
};
use iso18013::x509::{Certificate, TrustStore, generate};

const CLUB: &str = "org.example.club.1";
const DOMESTIC: &str = "org.iso.18013.5.1.UT";

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

struct World {
    provider: &'static dyn CryptoProvider,
    ds_key: EcPrivateKey,
    ds: Certificate,
    trust: TrustStore,
    device: EcPrivateKey,
}

fn world(provider: &'static dyn CryptoProvider) -> World {
    let mut rng = SystemRandom(provider);
    let key = |rng: &mut SystemRandom<'_>| provider.ec_generate(EcCurve::P256, rng).unwrap();
    let (iaca_key, ds_key, device) = (key(&mut rng), key(&mut rng), key(&mut rng));
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
    let mut trust = TrustStore::new();
    trust.add_iaca(iaca);
    World {
        provider,
        ds_key,
        ds,
        trust,
        device,
    }
}

impl World {
    fn builder(&self, doc_type: &str, elements: &[(&str, &str, Value)]) -> MdocBuilder<Ready> {
        let date = |t| TDate::parse(t).unwrap();
        let device_key = cose_key_from_sec1(
            EcCurve::P256,
            &self.provider.ec_public_key(&self.device).unwrap(),
        )
        .unwrap();
        let validity = Validity::new(
            date("2026-01-01T00:00:00Z"),
            date("2026-01-01T00:00:00Z"),
            date("2027-01-01T00:00:00Z"),
        );
        let ((ns, id, value), rest) = elements.split_first().unwrap();
        let mut builder = MdocBuilder::with_required(doc_type, device_key, validity).element(
            ns,
            id,
            value.clone(),
        );
        for (ns, id, value) in rest {
            builder = builder.element(ns, id, value.clone());
        }
        builder
    }

    fn issue_with(
        &self,
        issuer: Issuer,
        builder: MdocBuilder<Ready>,
    ) -> Result<IssuerSigned, IssueError> {
        issuer.issue(
            builder,
            self.provider,
            &KeySigner::new(self.provider, self.ds_key.clone()),
            &mut SystemRandom(self.provider),
        )
    }

    fn issuer(&self) -> Issuer {
        Issuer::new(vec![self.ds.der().to_vec()]).with_doctypes(Registry::builtin().all_optional())
    }

    /// Issues `elements`, presents them all, and verifies the response under `doctypes`.
    fn round_trip(
        &self,
        doc_type: &str,
        elements: &[(&str, &str, Value)],
        doctypes: Registry,
    ) -> Result<VerifiedResponse, VerifyError> {
        let issued = self
            .issue_with(self.issuer(), self.builder(doc_type, elements))
            .unwrap();
        let mut selection = Selection::new();
        for (ns, id, _) in elements {
            selection.entry(ns).push(id.to_string());
        }
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
            &self.device,
            Default::default(),
            &transcript,
            DeviceAuthMode::Signature,
            self.provider,
        )
        .unwrap();
        let response = DeviceResponse {
            version: "1.0".to_string(),
            documents: Some(vec![document]),
            document_errors: None,
            status: 0,
            rest: Vec::new(),
        };
        let policy = Policy {
            doctypes,
            ..Policy::new(self.provider)
        };
        verify_device_response(
            &response.to_cbor(),
            &ReaderSession::new(&transcript),
            &self.trust,
            &policy,
            at("2026-06-01T00:00:00Z"),
        )
    }
}

/// The club's rule: a member number is all digits.
fn member_id_numeric(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    assert_eq!(cx.doc_type(), CLUB);
    assert_eq!(cx.chain().leaf().subject_country(), Some("US"));
    match cx.element(CLUB, "member_id") {
        Some(Value::Text(t)) if t.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
        _ => Err(CheckError::Failed("member_id_numeric")),
    }
}

fn club() -> Descriptor {
    Descriptor::new(CLUB)
        .with_name_space(
            NameSpace::new(CLUB).with_element(Element::new("member_id", ElementType::Text)),
        )
        .with_check(DocumentCheck::new("member_id_numeric", member_id_numeric))
}

#[test]
fn a_user_registered_doctype_check_runs_during_verification() {
    for provider in providers() {
        let w = world(provider);
        let mut doctypes = Registry::builtin();
        doctypes.register(club());
        let bad = [(CLUB, "member_id", Value::from("12a"))];
        let error = w.round_trip(CLUB, &bad, doctypes.clone()).unwrap_err();
        assert_eq!(
            error.kind,
            VerifyErrorKind::Doctype(DoctypeError::Check("member_id_numeric"))
        );
        assert_eq!(error.kind.name(), "doctype_check");
        assert_eq!(error.document, Some(0));
        assert_eq!(
            error.to_string(),
            "document 0: doctype check member_id_numeric failed"
        );
        // Unknown to the built-in registry, the doctype has no checks.
        w.round_trip(CLUB, &bad, Registry::builtin()).unwrap();
        let good = [(CLUB, "member_id", Value::from("123"))];
        let verified = w.round_trip(CLUB, &good, doctypes).unwrap();
        assert_eq!(verified.documents()[0].doc_type(), CLUB);
    }
}

/// The profile's rule: whoever discloses a hunting licence discloses age_over_18 too.
fn hunting_needs_age(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    match (
        cx.element(DOMESTIC, "hunting_licence"),
        cx.element(mdl::NAME_SPACE, "age_over_18"),
    ) {
        (Some(_), None) => Err(CheckError::Failed("hunting_needs_age")),
        _ => Ok(()),
    }
}

fn utah_profile() -> Registry {
    let mut doctypes = Registry::builtin();
    doctypes.register(
        mdl::DESCRIPTOR
            .with_name_space(
                NameSpace::new(DOMESTIC)
                    .with_element(Element::new("hunting_licence", ElementType::Bool)),
            )
            .with_check(DocumentCheck::new("hunting_needs_age", hunting_needs_age)),
    );
    doctypes
}

#[test]
fn a_national_profile_keeps_the_mdl_check_and_adds_its_own() {
    let provider = providers()[0];
    let w = world(provider);
    let licence = (DOMESTIC, "hunting_licence", Value::Bool(true));
    let adult = (mdl::NAME_SPACE, "age_over_18", Value::Bool(true));
    let us = (mdl::NAME_SPACE, "issuing_country", Value::from("US"));
    let fr = (mdl::NAME_SPACE, "issuing_country", Value::from("FR"));

    let verified = w
        .round_trip(
            mdl::DOC_TYPE,
            &[us.clone(), adult, licence.clone()],
            utah_profile(),
        )
        .unwrap();
    assert_eq!(
        verified.documents()[0].element(DOMESTIC, "hunting_licence"),
        Some(&Value::Bool(true))
    );
    let error = w
        .round_trip(
            mdl::DOC_TYPE,
            &[us.clone(), licence.clone()],
            utah_profile(),
        )
        .unwrap_err();
    assert_eq!(
        error.kind,
        VerifyErrorKind::Doctype(DoctypeError::Check("hunting_needs_age"))
    );
    // The mDL's own check still runs under the profile, and comes first.
    let error = w
        .round_trip(
            mdl::DOC_TYPE,
            &[fr.clone(), licence.clone()],
            utah_profile(),
        )
        .unwrap_err();
    assert_eq!(
        error.kind,
        VerifyErrorKind::Doctype(DoctypeError::IssuingCountryMismatch)
    );
    assert_eq!(error.kind.name(), "issuing_country_mismatch");
    // The issuing_country check lives in the registry: without it, nothing checks it.
    w.round_trip(mdl::DOC_TYPE, core::slice::from_ref(&fr), Registry::empty())
        .unwrap();
    let error = w
        .round_trip(mdl::DOC_TYPE, &[fr], Registry::builtin())
        .unwrap_err();
    assert_eq!(
        error.kind,
        VerifyErrorKind::Doctype(DoctypeError::IssuingCountryMismatch)
    );
}

#[test]
fn the_issuer_types_a_domestic_namespace_by_its_registry() {
    let provider = providers()[0];
    let w = world(provider);
    let wrong = [(DOMESTIC, "hunting_licence", Value::from("yes"))];
    // The built-in doctypes do not know the domestic namespace: any value goes.
    w.issue_with(w.issuer(), w.builder(mdl::DOC_TYPE, &wrong))
        .unwrap();
    let error = w
        .issue_with(
            w.issuer().with_doctypes(utah_profile()),
            w.builder(mdl::DOC_TYPE, &wrong),
        )
        .unwrap_err();
    assert!(
        matches!(&error, IssueError::WrongElementType { name_space, identifier }
            if name_space == DOMESTIC && identifier == "hunting_licence"),
        "{error:?}"
    );
    // The mDL's own types still apply under the profile.
    let error = w
        .issue_with(
            w.issuer().with_doctypes(utah_profile()),
            w.builder(
                mdl::DOC_TYPE,
                &[(mdl::NAME_SPACE, "birth_date", Value::from("1990-01-01"))],
            ),
        )
        .unwrap_err();
    assert!(matches!(error, IssueError::WrongElementType { .. }));
    w.issue_with(
        w.issuer().with_doctypes(utah_profile().all_optional()),
        w.builder(
            mdl::DOC_TYPE,
            &[(DOMESTIC, "hunting_licence", Value::Bool(false))],
        ),
    )
    .unwrap();
}

/// The issuer holds elements of a known doctype to the constraints of its table, not
/// only to their CBOR types, and says which rule an element breaks.
#[test]
fn the_issuer_refuses_values_that_break_the_element_table() {
    use iso18013::doctype::Constraint;
    for provider in providers() {
        let w = world(provider);
        for (id, value, broken) in [
            (
                "issuing_country",
                Value::from("us"),
                Constraint::CountryCode,
            ),
            (
                "issuing_country",
                Value::from("USA"),
                Constraint::CountryCode,
            ),
            (
                "family_name",
                Value::from("Дое"),
                Constraint::Latin1 { max_chars: 150 },
            ),
        ] {
            let error = w
                .issue_with(
                    w.issuer(),
                    w.builder(mdl::DOC_TYPE, &[(mdl::NAME_SPACE, id, value)]),
                )
                .unwrap_err();
            assert!(
                matches!(&error, IssueError::ConstraintViolated { name_space, identifier, constraint }
                    if name_space == mdl::NAME_SPACE && identifier == id && *constraint == broken),
                "{id}: {error:?}"
            );
            assert!(error.to_string().contains(id), "{error}");
        }
        w.issue_with(
            w.issuer(),
            w.builder(
                mdl::DOC_TYPE,
                &[(mdl::NAME_SPACE, "issuing_country", Value::from("US"))],
            ),
        )
        .unwrap();
    }
}
