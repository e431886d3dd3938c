//! Claims held to the doctype tables: a whole mDL, PhotoID and EU PID issue and verify with
//! no finding under both backends; each rule of each table, broken once, is refused with the
//! error that names it; a national profile registered at run time gets the same checks; and
//! the older forms deployed software still writes verify, each with a finding naming it.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::borrow::Cow;

use iso18013::cbor::{Encode, TDate, Value};
use iso18013::crypto::{CryptoProvider, SystemRandom, providers};
use iso18013::doctype::{
    Constraint, Descriptor, DoctypeFinding, DoctypeFindingKind, Element, ElementType, NameSpace,
    Registry, mdl, photoid, pid,
};
use iso18013::issuer::{IssueError, Issuer, KeySigner, MdocBuilder, Validity};
use iso18013::mso::IssuerSigned;
use iso18013::present::{DeviceAuthMode, Selection, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::{Handover, SessionTranscript};
use iso18013::testing::TestPki;
use iso18013::verify::{
    DoctypeError, Policy, ReaderSession, VerifiedDocument, VerifyErrorKind, verify_device_response,
};

const NOW: i64 = 1_780_000_000; // 2026-05-28

type Claims = Vec<(&'static str, &'static str, Value)>;

fn full_date(s: &str) -> Value {
    Value::Tag(1004, Box::new(Value::from(s)))
}

fn text_map(entries: &[(&str, Value)]) -> Value {
    Value::Map(
        entries
            .iter()
            .map(|(k, v)| (Value::from(*k), v.clone()))
            .collect(),
    )
}

/// A JPEG without metadata.
fn jpeg() -> Value {
    Value::Bytes(vector("portraits/clean.jpg"))
}

fn vector(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn mdl_claims() -> Claims {
    let ns = mdl::NAME_SPACE;
    vec![
        (ns, "family_name", Value::from("Doe")),
        (ns, "given_name", Value::from("Jane")),
        (ns, "birth_date", full_date("1990-05-01")),
        (ns, "issue_date", full_date("2026-01-15")),
        (ns, "expiry_date", full_date("2031-01-14")),
        (ns, "issuing_country", Value::from("US")),
        (ns, "issuing_authority", Value::from("Utah DLD")),
        (ns, "document_number", Value::from("D1234567")),
        (ns, "portrait", jpeg()),
        (
            ns,
            "driving_privileges",
            Value::Array(vec![text_map(&[
                ("vehicle_category_code", Value::from("B")),
                ("issue_date", full_date("2010-06-01")),
            ])]),
        ),
        (ns, "un_distinguishing_sign", Value::from("USA")),
        (ns, "sex", Value::from(2u64)),
        (ns, "age_over_18", Value::Bool(true)),
    ]
}

fn photoid_claims() -> Claims {
    let ns = photoid::NAME_SPACE;
    vec![
        (ns, "family_name", Value::from("Ørsted")),
        (ns, "given_name", Value::from("Hans Christian")),
        (
            ns,
            "birth_date",
            photoid::BirthDate::from_text("2010-08-14")
                .unwrap()
                .to_value(),
        ),
        (ns, "portrait", jpeg()),
        (ns, "issue_date", full_date("2026-05-01")),
        (ns, "expiry_date", full_date("2036-04-30")),
        (ns, "issuing_authority", Value::from("Passport Office")),
        (ns, "issuing_country", Value::from("US")),
        (ns, "age_over_18", Value::Bool(false)),
        (ns, "age_over_14", Value::Bool(true)),
        (ns, "sex", Value::from(1u64)),
        (
            photoid::PHOTOID_NAME_SPACE,
            "travel_document_number",
            Value::from("X1234567"),
        ),
        (
            photoid::DATAGROUPS_NAME_SPACE,
            "dg3",
            Value::Bytes(vector("emrtd/dg3.bin")),
        ),
        (
            photoid::DATAGROUPS_NAME_SPACE,
            "dg4",
            Value::Bytes(vector("emrtd/dg4.bin")),
        ),
    ]
}

fn pid_claims() -> Claims {
    let ns = pid::NAME_SPACE;
    vec![
        (ns, "family_name", Value::from("Mustermann")),
        (ns, "given_name", Value::from("Erika")),
        (ns, "birth_date", full_date("1964-08-12")),
        (
            ns,
            "place_of_birth",
            pid::PlaceOfBirth {
                country: Some("DE".into()),
                locality: Some("Berlin".into()),
                ..Default::default()
            }
            .to_value(),
        ),
        (ns, "nationality", Value::Array(vec![Value::from("DE")])),
        (ns, "issuing_authority", Value::from("DE")),
        (ns, "issuing_country", Value::from("US")),
        (ns, "portrait", Value::Bytes(vec![])), // the holder opted out
        (ns, "email_address", Value::from("erika@example.org")),
        (ns, "mobile_phone_number", Value::from("+4915112345678")),
        (ns, "sex", Value::from(5u64)),
    ]
}

fn builder(
    pki: &TestPki,
    doc_type: &str,
    claims: &[(&str, &str, Value)],
) -> MdocBuilder<iso18013::issuer::Ready> {
    let at = |t| TDate::from_unix_seconds(t).unwrap();
    let validity = Validity::new(at(NOW), at(NOW), at(NOW + 365 * 86_400));
    let ((ns, id, value), rest) = claims.split_first().unwrap();
    let mut builder = MdocBuilder::with_required(doc_type, pki.device_public_key.clone(), validity)
        .element(ns, id, value.clone());
    for (ns, id, value) in rest {
        builder = builder.element(ns, id, value.clone());
    }
    builder
}

fn issue(
    provider: &'static dyn CryptoProvider,
    pki: &TestPki,
    doctypes: Registry,
    doc_type: &str,
    claims: &[(&str, &str, Value)],
) -> Result<IssuerSigned, IssueError> {
    Issuer::from_certificates(core::slice::from_ref(&pki.ds))
        .unwrap()
        .with_doctypes(doctypes)
        .issue(
            builder(pki, doc_type, claims),
            provider,
            &KeySigner::new(provider, pki.ds_key.clone()),
            &mut SystemRandom(provider),
        )
}

/// Presents every element of `issued` and verifies the response.
fn verify(
    provider: &'static dyn CryptoProvider,
    pki: &TestPki,
    issued: &IssuerSigned,
    claims: &[(&str, &str, Value)],
) -> Result<VerifiedDocument, VerifyErrorKind> {
    let transcript = SessionTranscript::new(None, None, Handover::Qr);
    let selection: Selection = claims.iter().map(|(ns, id, _)| (*ns, *id)).collect();
    let document = present_document(
        issued,
        &selection,
        &pki.device_key,
        Default::default(),
        &transcript,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    verify_device_response(
        &DeviceResponse::new(vec![document]).to_cbor(),
        &ReaderSession::new(&transcript),
        &pki.trust_store(),
        &Policy::new(provider),
        NOW + 3600,
    )
    .map(|r| r.documents()[0].clone())
    .map_err(|e| e.kind)
}

#[test]
fn a_whole_mdl_photoid_and_pid_issue_and_verify_without_a_finding() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        for (doc_type, claims) in [
            (mdl::DOC_TYPE, mdl_claims()),
            (photoid::DOC_TYPE, photoid_claims()),
            (pid::DOC_TYPE, pid_claims()),
        ] {
            let issued = issue(provider, &pki, Registry::builtin(), doc_type, &claims)
                .unwrap_or_else(|e| panic!("{doc_type}: {e}"));
            let verified = verify(provider, &pki, &issued, &claims).unwrap();
            assert_eq!(verified.doc_type(), doc_type);
            assert_eq!(verified.doctype_findings(), &[], "{doc_type}");
        }
    }
}

/// How a claim set is broken, and the error the issuer must give.
enum Break {
    Set(&'static str, &'static str, Value),
    Remove(&'static str, &'static str),
}

enum Expect {
    WrongType,
    Constraint(Constraint),
    Missing,
    Unknown,
    Older,
    Age,
}

#[test]
fn each_rule_of_each_table_broken_once_is_refused_with_its_error() {
    use Break::{Remove, Set};
    use Expect::{Age, Constraint as C, Missing, Older, Unknown, WrongType};
    let (m, p, g) = (mdl::NAME_SPACE, photoid::NAME_SPACE, pid::NAME_SPACE);
    let png = Value::Bytes(b"\x89PNG\r\n\x1a\n".to_vec());
    let builtin = Registry::builtin();
    let eye_colours = builtin
        .element(m, "eye_colour")
        .unwrap()
        .constraint()
        .unwrap();
    #[rustfmt::skip]
    let cases: Vec<(&str, Break, Expect)> = vec![
        // The mDL (ISO 18013-5 13.4).
        (mdl::DOC_TYPE, Remove(m, "family_name"), Missing),
        (mdl::DOC_TYPE, Remove(m, "portrait"), Missing),
        (mdl::DOC_TYPE, Remove(m, "driving_privileges"), Missing),
        (mdl::DOC_TYPE, Set(m, "birth_date", Value::from("1990-05-01")), WrongType),
        (mdl::DOC_TYPE, Set(m, "birth_date", full_date("1990-02-30")), WrongType),
        (mdl::DOC_TYPE, Set(m, "issue_date", Value::from(20260115u64)), WrongType),
        (mdl::DOC_TYPE, Set(m, "age_over_18", Value::from("yes")), WrongType),
        (mdl::DOC_TYPE, Set(m, "driving_privileges", Value::Array(vec![text_map(&[("codes", Value::Array(vec![]))])])), WrongType),
        (mdl::DOC_TYPE, Set(m, "issuing_country", Value::from("USA")), C(Constraint::CountryCode)),
        (mdl::DOC_TYPE, Set(m, "issuing_country", Value::from("us")), C(Constraint::CountryCode)),
        (mdl::DOC_TYPE, Set(m, "family_name", Value::from("Дое")), C(Constraint::Latin1 { max_chars: 150 })),
        (mdl::DOC_TYPE, Set(m, "given_name", Value::from("J".repeat(151))), C(Constraint::Latin1 { max_chars: 150 })),
        (mdl::DOC_TYPE, Set(m, "sex", Value::from(3u64)), C(Constraint::OneOfUint(&[0, 1, 2, 9]))),
        (mdl::DOC_TYPE, Set(m, "eye_colour", Value::from("purple")), C(eye_colours)),
        (mdl::DOC_TYPE, Set(m, "portrait", png.clone()), C(Constraint::Image)),
        (mdl::DOC_TYPE, Set(m, "issuing_jurisdiction", Value::from("US-")), C(Constraint::SubdivisionCode)),
        (mdl::DOC_TYPE, Set(m, "resident_country", Value::from("NLD")), C(Constraint::CountryCode)),
        (mdl::DOC_TYPE, Set(m, "favourite_colour", Value::from("blue")), Unknown),
        (mdl::DOC_TYPE, Set(m, "age_over_7", Value::Bool(true)), Unknown),
        (mdl::DOC_TYPE, Set("org.iso.18013.5.1.aamva", "organ_donor", Value::from(2u64)), C(Constraint::OneOfUint(&[1]))),
        (mdl::DOC_TYPE, Set("org.iso.18013.5.1.aamva", "resident_county", Value::from("12")), C(Constraint::Digits(3))),
        (mdl::DOC_TYPE, Set(m, "age_in_years", Value::from(35u64)), Age),
        // PhotoID (ISO/IEC 23220-4 Annex C).
        (photoid::DOC_TYPE, Set(p, "age_over_18", Value::Bool(true)), Age),
        (photoid::DOC_TYPE, Set(p, "age_over_15", Value::Bool(false)), Age),
        (photoid::DOC_TYPE, Set(p, "age_birth_year", Value::from(2011u64)), Age),
        (photoid::DOC_TYPE, Remove(p, "age_over_18"), Missing),
        (photoid::DOC_TYPE, Remove(p, "issuing_authority"), Missing),
        (photoid::DOC_TYPE, Set(p, "birth_date", full_date("2010-08-14")), WrongType),
        (photoid::DOC_TYPE, Set(p, "birth_date", text_map(&[("birth_date", full_date("2010-08-14")), ("approximate_mask", Value::from("0011"))])), WrongType),
        (photoid::DOC_TYPE, Set(p, "issue_date", Value::Tag(0, Box::new(Value::from("2026-05-01T00:00:00Z")))), WrongType),
        (photoid::DOC_TYPE, Set(p, "family_name_latin1", Value::from("Ørsted Œ")), C(Constraint::Latin1 { max_chars: 150 })),
        (photoid::DOC_TYPE, Set(p, "portrait", Value::Bytes(vec![])), C(Constraint::Image)),
        (photoid::DOC_TYPE, Set(p, "family_name_unicode", Value::from("Ørsted")), Older),
        (photoid::DOC_TYPE, Set(photoid::DTC_NAME_SPACE, "dtc_dg2", Value::Bytes(vec![0x75, 0x00])), Older),
        (photoid::DOC_TYPE, Set(photoid::PHOTOID_NAME_SPACE, "passport_colour", Value::from("red")), Unknown),
        (photoid::DOC_TYPE, Set(photoid::PHOTOID_NAME_SPACE, "birth_country", Value::from("Denmark")), C(Constraint::CountryCode)),
        (photoid::DOC_TYPE, Set(photoid::DATAGROUPS_NAME_SPACE, "dg3", Value::Bytes(vec![0x63, 0x00])), WrongType),
        (photoid::DOC_TYPE, Set(photoid::DATAGROUPS_NAME_SPACE, "dg4", Value::Bytes(vector("emrtd/dg3.bin"))), WrongType),
        (photoid::DOC_TYPE, Set(photoid::DATAGROUPS_NAME_SPACE, "dg2", Value::Bytes(vector("emrtd/dg2.bin")[..100].to_vec())), WrongType),
        (photoid::DOC_TYPE, Set(photoid::DATAGROUPS_NAME_SPACE, "sod", Value::from("not bytes")), WrongType),
        (photoid::DOC_TYPE, Set(p, "portrait", Value::Bytes(vector("portraits/with-metadata.jpg"))), C(Constraint::Image)),
        (photoid::DOC_TYPE, Set(p, "portrait", Value::Bytes(vector("portraits/with-metadata.jp2"))), C(Constraint::Image)),
        (photoid::DOC_TYPE, Set(p, "portrait", Value::Bytes(vector("portraits/clean.jpg")[..600].to_vec())), C(Constraint::Image)),
        (mdl::DOC_TYPE, Set(m, "biometric_template_face", Value::Bytes(vector("emrtd/dg2.bin"))), WrongType),
        // The EU PID (Rulebook 1.7).
        (pid::DOC_TYPE, Remove(g, "place_of_birth"), Missing),
        (pid::DOC_TYPE, Remove(g, "nationality"), Missing),
        (pid::DOC_TYPE, Set(g, "nationality", Value::from("DE")), WrongType),
        (pid::DOC_TYPE, Set(g, "nationality", Value::Array(vec![])), WrongType),
        (pid::DOC_TYPE, Set(g, "nationality", Value::Array(vec![Value::from("DEU")])), C(Constraint::CountryCode)),
        (pid::DOC_TYPE, Set(g, "place_of_birth", text_map(&[])), WrongType),
        (pid::DOC_TYPE, Set(g, "place_of_birth", text_map(&[("country", Value::from("Germany"))])), WrongType),
        (pid::DOC_TYPE, Set(g, "sex", Value::from(7u64)), C(Constraint::OneOfUint(&[0, 1, 2, 3, 4, 5, 6, 9]))),
        (pid::DOC_TYPE, Set(g, "email_address", Value::from("erika at example.org")), C(Constraint::Email)),
        (pid::DOC_TYPE, Set(g, "mobile_phone_number", Value::from("0151 123")), C(Constraint::PhoneNumber)),
        (pid::DOC_TYPE, Set(g, "portrait", png), C(Constraint::ImageOrEmpty)),
        (pid::DOC_TYPE, Set(g, "attestation_legal_category", Value::from("QEAA")), C(Constraint::OneOf(&["PID"]))),
        (pid::DOC_TYPE, Set(g, "gender", Value::from(1u64)), Older),
        (pid::DOC_TYPE, Set(g, "birth_place", Value::from("Berlin")), Older),
        (pid::DOC_TYPE, Set(g, "age_over_18", Value::Bool(true)), Older),
        (pid::DOC_TYPE, Set(g, "nickname", Value::from("Eri")), Unknown),
    ];
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        for (doc_type, broken, expect) in &cases {
            let mut claims = match *doc_type {
                mdl::DOC_TYPE => mdl_claims(),
                photoid::DOC_TYPE => photoid_claims(),
                _ => pid_claims(),
            };
            let (ns, id) = match broken {
                Remove(ns, id) => {
                    claims.retain(|(n, i, _)| (n, i) != (ns, id));
                    (*ns, *id)
                }
                Set(ns, id, value) => {
                    claims.retain(|(n, i, _)| (n, i) != (ns, id));
                    claims.push((ns, id, value.clone()));
                    (*ns, *id)
                }
            };
            let error = issue(provider, &pki, Registry::builtin(), doc_type, &claims)
                .err()
                .unwrap_or_else(|| panic!("{doc_type} {ns}/{id}: issued"));
            let named = |n: &str, i: &str| n == ns && i == id;
            let ok = match (expect, &error) {
                (
                    WrongType,
                    IssueError::WrongElementType {
                        name_space,
                        identifier,
                    },
                ) => named(name_space, identifier),
                (
                    C(want),
                    IssueError::ConstraintViolated {
                        name_space,
                        identifier,
                        constraint,
                    },
                ) => named(name_space, identifier) && constraint == want,
                (
                    Missing,
                    IssueError::MissingElement {
                        name_space,
                        identifier,
                    },
                )
                | (
                    Unknown,
                    IssueError::UnknownElement {
                        name_space,
                        identifier,
                    },
                )
                | (
                    Older,
                    IssueError::OlderForm {
                        name_space,
                        identifier,
                        ..
                    },
                )
                | (
                    Age,
                    IssueError::AgeContradicted {
                        name_space,
                        identifier,
                    },
                ) => named(name_space, identifier),
                _ => false,
            };
            assert!(ok, "{doc_type} {ns}/{id}: {error:?}");
            assert!(error.to_string().contains(id), "{error}");
        }
    }
}

#[test]
fn unknown_doctypes_and_domestic_namespaces_issue_as_given() {
    let provider = providers()[0];
    let pki = TestPki::generate(provider, NOW).unwrap();
    let anything: Claims = vec![("org.example.club.1", "member_since", Value::from("ever"))];
    issue(
        provider,
        &pki,
        Registry::builtin(),
        "org.example.club",
        &anything,
    )
    .unwrap();
    let mut claims = mdl_claims();
    claims.push((
        "org.iso.18013.5.1.US-UT",
        "hunting_licence",
        Value::from(1u64),
    ));
    issue(provider, &pki, Registry::builtin(), mdl::DOC_TYPE, &claims).unwrap();
    // An older docType is read, never issued.
    let error = issue(
        provider,
        &pki,
        Registry::builtin(),
        photoid::EUDI_DRAFT_DOC_TYPE,
        &photoid_claims(),
    )
    .unwrap_err();
    assert!(matches!(error, IssueError::OlderForm { ref name_space, .. } if name_space.is_empty()));
}

/// A national passport profile: PhotoID plus a domestic namespace with the passport's
/// series and number and the issuing office's code, declared by the user at run time.
fn passport_profile() -> Registry {
    const NATIONAL: &str = "org.iso.23220.photoid.1.UT";
    let national = NameSpace::new(NATIONAL)
        .with_element(
            Element::named(Cow::Borrowed("document_series"), ElementType::Text)
                .mandatory()
                .with_constraint(Constraint::Digits(4)),
        )
        .with_element(
            Element::new("issuing_office_code", ElementType::Text)
                .with_constraint(Constraint::OneOf(&["SLC", "OGD", "PRO"])),
        )
        .closed();
    let mut registry = Registry::builtin();
    registry.register(photoid::DESCRIPTOR.with_name_space(national));
    registry
}

#[test]
fn a_national_profile_registered_at_run_time_gets_the_same_validation() {
    const NATIONAL: &str = "org.iso.23220.photoid.1.UT";
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let mut claims = photoid_claims();
        // Without the series, PhotoID alone would do, the profile does not.
        let error = issue(
            provider,
            &pki,
            passport_profile(),
            photoid::DOC_TYPE,
            &claims,
        )
        .unwrap_err();
        assert!(
            matches!(&error, IssueError::MissingElement { identifier, .. } if identifier == "document_series"),
            "{error:?}"
        );
        claims.push((NATIONAL, "document_series", Value::from("12AB")));
        let error = issue(
            provider,
            &pki,
            passport_profile(),
            photoid::DOC_TYPE,
            &claims,
        )
        .unwrap_err();
        assert!(
            matches!(
                &error,
                IssueError::ConstraintViolated {
                    constraint: Constraint::Digits(4),
                    ..
                }
            ),
            "{error:?}"
        );
        claims.pop();
        claims.push((NATIONAL, "document_series", Value::from("4471")));
        claims.push((NATIONAL, "blood_group", Value::from("0+")));
        let error = issue(
            provider,
            &pki,
            passport_profile(),
            photoid::DOC_TYPE,
            &claims,
        )
        .unwrap_err();
        assert!(
            matches!(&error, IssueError::UnknownElement { identifier, .. } if identifier == "blood_group"),
            "{error:?}"
        );
        claims.pop();
        claims.push((NATIONAL, "issuing_office_code", Value::from("SLC")));
        let issued = issue(
            provider,
            &pki,
            passport_profile(),
            photoid::DOC_TYPE,
            &claims,
        )
        .unwrap();
        assert_eq!(
            verify(provider, &pki, &issued, &claims)
                .unwrap()
                .doctype_findings(),
            &[]
        );
    }
}

fn older(name_space: &str, identifier: &str) -> impl Fn(&DoctypeFinding) -> bool {
    let (name_space, identifier) = (name_space.to_string(), identifier.to_string());
    move |f: &DoctypeFinding| {
        f.name_space == name_space
            && f.identifier == identifier
            && matches!(f.kind, DoctypeFindingKind::OlderForm(_))
    }
}

#[test]
fn older_forms_verify_with_a_finding_that_names_them() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        // A PID as ARF 1.4 software writes it (issued here without the tables).
        let g = pid::NAME_SPACE;
        let arf_1_4: Claims = vec![
            (g, "family_name", Value::from("Mustermann")),
            (g, "birth_place", Value::from("Berlin")),
            (g, "gender", Value::from(2u64)),
            (g, "nationality", Value::from("DE")),
            (g, "age_over_18", Value::Bool(true)),
            (g, "issuing_country", Value::from("US")),
        ];
        let issued = issue(provider, &pki, Registry::empty(), pid::DOC_TYPE, &arf_1_4).unwrap();
        let verified = verify(provider, &pki, &issued, &arf_1_4).unwrap();
        let found = verified.doctype_findings();
        assert_eq!(found.len(), 4, "{found:?}");
        for id in ["birth_place", "gender", "nationality", "age_over_18"] {
            assert!(found.iter().any(older(g, id)), "{id}: {found:?}");
        }
        // The EUDI reference issuer's PhotoID: its docType, one namespace, a plain date.
        let p = photoid::PHOTOID_NAME_SPACE;
        let eudi: Claims = vec![
            (p, "family_name", Value::from("Ørsted")),
            (p, "birth_date", full_date("2010-08-14")),
            (p, "issuing_country", Value::from("US")),
        ];
        let issued = issue(
            provider,
            &pki,
            Registry::empty(),
            photoid::EUDI_DRAFT_DOC_TYPE,
            &eudi,
        )
        .unwrap();
        let found = verify(provider, &pki, &issued, &eudi)
            .unwrap()
            .doctype_findings()
            .to_vec();
        assert!(found.iter().any(older("", "")), "{found:?}");
        assert!(found.iter().any(older(p, "birth_date")), "{found:?}");
        assert_eq!(found.len(), 2, "{found:?}");
        // A value that breaks the table is noted, not rejected.
        let m = mdl::NAME_SPACE;
        let odd: Claims = vec![
            (m, "sex", Value::from(7u64)),
            (m, "nickname", Value::from("JD")),
        ];
        let issued = issue(provider, &pki, Registry::empty(), mdl::DOC_TYPE, &odd).unwrap();
        let found = verify(provider, &pki, &issued, &odd)
            .unwrap()
            .doctype_findings()
            .to_vec();
        assert_eq!(
            found.iter().map(|f| f.kind.name()).collect::<Vec<_>>(),
            ["constraintViolated", "unknownElement"]
        );
    }
}

#[test]
fn issuing_country_is_checked_against_the_signer_for_photoid_and_the_pid() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap(); // country US
        for (doc_type, ns, mut claims) in [
            (photoid::DOC_TYPE, photoid::NAME_SPACE, photoid_claims()),
            (pid::DOC_TYPE, pid::NAME_SPACE, pid_claims()),
        ] {
            claims.retain(|(_, id, _)| *id != "issuing_country");
            claims.push((ns, "issuing_country", Value::from("NL")));
            let issued = issue(provider, &pki, Registry::builtin(), doc_type, &claims).unwrap();
            assert_eq!(
                verify(provider, &pki, &issued, &claims).unwrap_err(),
                VerifyErrorKind::Doctype(DoctypeError::IssuingCountryMismatch),
                "{doc_type}"
            );
        }
    }
}

#[test]
fn descriptors_list_their_mandatory_elements() {
    let registry = Registry::builtin();
    let mandatory = |d: &Descriptor| {
        d.mandatory()
            .map(|(ns, e)| format!("{ns}/{:?}", e.identifier()))
            .count()
    };
    assert_eq!(mandatory(registry.get(mdl::DOC_TYPE).unwrap()), 11);
    assert_eq!(mandatory(registry.get(photoid::DOC_TYPE).unwrap()), 9);
    assert_eq!(mandatory(registry.get(pid::DOC_TYPE).unwrap()), 7);
}

#[test]
fn a_disclosed_portrait_that_still_carries_metadata_is_noted_gps_first() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let p = photoid::NAME_SPACE;
        for (file, expected) in [
            (
                "portraits/with-metadata.jpg",
                "EXIF with GPS and a thumbnail, IPTC, XMP, ICC profile, comment",
            ),
            ("portraits/progressive.jpg", "EXIF with GPS"),
            ("portraits/cmyk-adobe.jpg", "comment"),
        ] {
            // Issued by software that does not hold claims to the table.
            let claims: Claims = vec![
                (p, "portrait", Value::Bytes(vector(file))),
                (p, "issuing_country", Value::from("US")),
            ];
            let issued = issue(
                provider,
                &pki,
                Registry::empty(),
                photoid::DOC_TYPE,
                &claims,
            )
            .unwrap();
            let found = verify(provider, &pki, &issued, &claims)
                .unwrap()
                .doctype_findings()
                .to_vec();
            assert_eq!(
                found,
                [DoctypeFinding {
                    name_space: p.into(),
                    identifier: "portrait".into(),
                    kind: DoctypeFindingKind::ImageMetadata(expected.into()),
                }],
                "{file}"
            );
        }
        // A clean portrait, and the face inside a DG2, carry nothing to note.
        let claims: Claims = vec![
            (p, "portrait", jpeg()),
            (
                photoid::DATAGROUPS_NAME_SPACE,
                "dg2",
                Value::Bytes(vector("emrtd/dg2.bin")),
            ),
        ];
        let issued = issue(
            provider,
            &pki,
            Registry::empty(),
            photoid::DOC_TYPE,
            &claims,
        )
        .unwrap();
        let verified = verify(provider, &pki, &issued, &claims).unwrap();
        assert_eq!(verified.doctype_findings(), &[]);
    }
}
