use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec;

use super::*;
use crate::cbor::Value;

fn full_date(s: &str) -> Value {
    Value::Tag(1004, Box::new(Value::from(s)))
}

#[test]
fn the_builtin_registry_knows_the_mdl() {
    let registry = Registry::builtin();
    // The mDL, PhotoID with its two older docTypes, the EU PID.
    assert_eq!(registry.descriptors().len(), 5);
    let descriptor = registry.get(mdl::DOC_TYPE).unwrap();
    assert_eq!(descriptor.doc_type(), mdl::DOC_TYPE);
    assert_eq!(descriptor.name_spaces()[0].name(), mdl::NAME_SPACE);
    assert_eq!(descriptor.checks()[0].name(), "issuing_country");
    assert!(registry.get("org.iso.23220.photoid.1").is_some());
    assert_eq!(descriptor.name_spaces()[1].name(), aamva::NAME_SPACE);
    assert_eq!(descriptor.checks()[1].name(), "issuing_jurisdiction");
    let ty = |id| registry.element_type(mdl::NAME_SPACE, id);
    assert_eq!(ty("family_name"), Some(ElementType::Text));
    assert_eq!(ty("birth_date"), Some(ElementType::FullDate));
    assert_eq!(ty("expiry_date"), Some(ElementType::TDateOrFullDate));
    assert_eq!(ty("portrait_capture_date"), Some(ElementType::TDate));
    assert_eq!(ty("height"), Some(ElementType::Uint));
    assert_eq!(ty("age_over_18"), Some(ElementType::Bool));
    assert_eq!(ty("age_over_7"), None);
    assert_eq!(ty("age_over_180"), None);
    assert_eq!(
        ty("biometric_template_face"),
        Some(ElementType::Structure(biometrics::BIOMETRIC_TEMPLATE))
    );
    assert_eq!(ty("resident_street"), Some(ElementType::Text));
    assert_eq!(ty("favourite_colour"), None);
    assert_eq!(
        ty("driving_privileges"),
        Some(ElementType::Structure(mdl::DRIVING_PRIVILEGES))
    );
    assert_eq!(registry.element_type("org.example", "family_name"), None);
    // The free functions give the same answers.
    assert_eq!(
        element_type(mdl::NAME_SPACE, "sex"),
        Some(ElementType::Uint)
    );
    assert_eq!(mdl::element_type("sex"), Some(ElementType::Uint));
    assert_eq!(Registry::default().descriptors().len(), 5);
    assert!(Registry::empty().element(mdl::NAME_SPACE, "sex").is_none());
}

#[test]
fn the_mdl_table_has_mandatory_flags_and_constraints() {
    let registry = Registry::builtin();
    let mandatory: vec::Vec<&str> = registry
        .get(mdl::DOC_TYPE)
        .unwrap()
        .mandatory()
        .map(|(ns, e)| {
            assert_eq!(ns, mdl::NAME_SPACE);
            match e.identifier() {
                Identifier::Exact(id) => &**id,
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert_eq!(
        mandatory,
        [
            "family_name",
            "given_name",
            "birth_date",
            "issue_date",
            "expiry_date",
            "issuing_country",
            "issuing_authority",
            "document_number",
            "portrait",
            "driving_privileges",
            "un_distinguishing_sign"
        ]
    );
    let element = |id| registry.element(mdl::NAME_SPACE, id).unwrap();
    assert_eq!(element("sex").presence(), Presence::Optional);
    assert!(element("issuing_country").accepts(&Value::from("NL")));
    assert!(!element("issuing_country").accepts(&Value::from("nl")));
    assert!(element("issuing_jurisdiction").accepts(&Value::from("US-MD")));
    assert!(element("issuing_jurisdiction").accepts(&Value::from("NL-NH")));
    assert!(!element("issuing_jurisdiction").accepts(&Value::from("US")));
    assert!(!element("issuing_jurisdiction").accepts(&Value::from("US-MARY")));
    assert!(element("family_name").accepts(&Value::from("Müller")));
    assert!(!element("family_name").accepts(&Value::from("Ŋ")));
    let long: String = "a".repeat(151);
    assert!(!element("family_name").accepts(&Value::from(long.as_str())));
    assert!(element("family_name_national_character").accepts(&Value::from("Ŋ")));
    assert!(element("sex").accepts(&Value::from(9u64)));
    assert!(!element("sex").accepts(&Value::from(10u64)));
    assert!(element("eye_colour").accepts(&Value::from("hazel")));
    assert!(!element("eye_colour").accepts(&Value::from("violet")));
    // A constraint never widens the type.
    assert!(!element("sex").accepts(&Value::from("1")));
}

#[test]
fn a_structured_element_is_validated_by_its_check() {
    let privileges = ElementType::Structure(mdl::DRIVING_PRIVILEGES);
    let good = Value::Array(vec![Value::Map(vec![
        (Value::from("vehicle_category_code"), Value::from("B")),
        (Value::from("issue_date"), full_date("2020-01-01")),
    ])]);
    let no_code = Value::Array(vec![Value::Map(vec![(
        Value::from("issue_date"),
        full_date("2020-01-01"),
    )])]);
    assert!(privileges.accepts(&good));
    assert!(privileges.accepts(&Value::Array(vec![])));
    assert!(!privileges.accepts(&no_code));
    assert!(!privileges.accepts(&Value::from("B")));
    assert_eq!(privileges.structure().unwrap().name(), "driving_privileges");
    assert_eq!(
        mdl::DRIVING_PRIVILEGES.full_date_fields(),
        ["issue_date", "expiry_date"]
    );
    // The deprecated variant is the same type and checks the same way.
    #[allow(deprecated)]
    let old = ElementType::DrivingPrivileges;
    assert_eq!(old, privileges);
    assert_eq!(mdl::element_type("driving_privileges"), Some(old));
    assert!(old.accepts(&good) && !old.accepts(&no_code));
    assert_eq!(old.structure(), Some(mdl::DRIVING_PRIVILEGES));
    assert_ne!(ElementType::Text, privileges);
    assert_ne!(ElementType::Text, ElementType::Bytes);

    // A user's structure: a vehicle registration, {"plate": tstr, "axles": uint}.
    fn is_vehicle(v: &Value) -> bool {
        let Value::Map(entries) = v else {
            return false;
        };
        let field = |k: &str| entries.iter().find(|(key, _)| key.as_text() == Some(k));
        matches!(field("plate"), Some((_, Value::Text(_))))
            && matches!(field("axles"), Some((_, Value::Int(n))) if n.get() >= 0)
    }
    const VEHICLE: StructureCheck = StructureCheck::new("vehicle", is_vehicle);
    let mut registry = Registry::builtin();
    registry.register(
        Descriptor::new("org.example.vehicle.1").with_name_space(
            NameSpace::new("org.example.vehicle.1")
                .with_element(Element::new("vehicle", ElementType::Structure(VEHICLE))),
        ),
    );
    let element = registry
        .element("org.example.vehicle.1", "vehicle")
        .unwrap();
    let vehicle = Value::Map(vec![
        (Value::from("plate"), Value::from("AB-12-CD")),
        (Value::from("axles"), Value::from(2u64)),
    ]);
    assert!(element.accepts(&vehicle));
    assert!(!element.accepts(&Value::Map(vec![(Value::from("plate"), Value::from("X"))])));
    assert_ne!(element.ty(), privileges);
}

#[test]
fn a_national_profile_adds_a_domestic_namespace_at_run_time() {
    const DOMESTIC: &str = "org.iso.18013.5.1.UT";
    let mut registry = Registry::builtin();
    let domestic = NameSpace::new(String::from(DOMESTIC))
        .with_element(
            Element::named(String::from("hunting_licence"), ElementType::Bool).mandatory(),
        )
        .with_element(
            Element::new("county", ElementType::Text)
                .with_constraint(Constraint::OneOf(&["Salt Lake", "Utah"])),
        );
    registry.register(mdl::DESCRIPTOR.with_name_space(domestic));
    // The profile replaced the built-in mDL: still five descriptors; the mDL with its
    // two namespaces (its own, AAMVA's) and the domestic one, and the mDL's checks.
    assert_eq!(registry.descriptors().len(), 5);
    let profile = registry.get(mdl::DOC_TYPE).unwrap();
    assert_eq!(profile.name_spaces().len(), 3);
    assert_eq!(profile.checks().len(), 2);
    assert_eq!(profile.mandatory().count(), 12);
    assert_eq!(
        registry.element_type(DOMESTIC, "hunting_licence"),
        Some(ElementType::Bool)
    );
    assert!(
        registry
            .element(DOMESTIC, "county")
            .unwrap()
            .accepts(&Value::from("Utah"))
    );
    assert!(
        !registry
            .element(DOMESTIC, "county")
            .unwrap()
            .accepts(&Value::from("Iron"))
    );
    assert_eq!(registry.element_type(DOMESTIC, "family_name"), None);
    assert_eq!(
        registry.element_type(mdl::NAME_SPACE, "family_name"),
        Some(ElementType::Text)
    );
    // The built-in registry is untouched.
    assert_eq!(
        Registry::builtin().element_type(DOMESTIC, "hunting_licence"),
        None
    );

    // A second namespace of the same name replaces the first.
    let again = registry
        .get(mdl::DOC_TYPE)
        .unwrap()
        .clone()
        .with_name_space(NameSpace::new(DOMESTIC));
    assert_eq!(again.name_spaces().len(), 3);
    assert!(again.element(DOMESTIC, "hunting_licence").is_none());

    // A doctype of its own sits beside the mDL.
    fn always_fails(_: &CheckContext<'_>) -> Result<(), CheckError> {
        Err(CheckError::Failed("never"))
    }
    registry.register(
        Descriptor::new("org.example.club.1").with_check(DocumentCheck::new("never", always_fails)),
    );
    assert_eq!(registry.descriptors().len(), 6);
    assert_eq!(
        registry.get("org.example.club.1").unwrap().checks()[0].name(),
        "never"
    );
}

#[test]
fn identifiers_match_exactly_by_digits_or_by_prefix() {
    let exact = Identifier::Exact("a".into());
    assert!(exact.matches("a") && !exact.matches("ab"));
    let digits = Identifier::Digits {
        prefix: "age_over_".into(),
        count: 2,
    };
    assert!(digits.matches("age_over_00") && digits.matches("age_over_99"));
    assert!(!digits.matches("age_over_1x") && !digits.matches("age_over_"));
    assert!(!digits.matches("age_over_١٨")); // non-ASCII digits
    let prefix = Identifier::Prefix("biometric_template_".into());
    assert!(prefix.matches("biometric_template_iris") && !prefix.matches("biometric"));
}

#[test]
fn check_errors_display() {
    assert_eq!(
        alloc::format!("{}", CheckError::Failed("member_id")),
        "doctype check member_id failed"
    );
    assert!(alloc::format!("{:?}", mdl::DESCRIPTOR).contains("issuing_country"));
}
