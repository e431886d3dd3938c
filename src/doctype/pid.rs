//! The EU Person Identification Data (`eu.europa.ec.eudi.pid.1`, docType and namespace),
//! in its mdoc form, per the PID Rulebook 1.7 (2026-07-17).
//!
//! Issued in the current form; read in the forms deployed software still emits, each with
//! a [`DoctypeFinding`](super::DoctypeFinding) naming it: `birth_place` as text and
//! `birth_country`/`birth_state`/`birth_city` (before `place_of_birth`), `gender` (before
//! `sex`), `administrative_number`, a single-text `nationality`, the age attestations
//! (removed in Rulebook 1.1) and `resident_house_number` (removed in 1.6). `portrait` is
//! optional until the rulebook's date makes it mandatory, and may be an empty byte string
//! when the holder opted out; `expiry_date` has been optional since Rulebook 1.6.
//! Member States' own elements go in their namespaces (`eu.europa.ec.eudi.pid.de.1`, ...),
//! which issue typed as given.
//!
//! ```
//! use iso18013::cbor::Value;
//! use iso18013::doctype::{pid, Registry};
//! let place = pid::PlaceOfBirth { locality: Some("Ghent".into()), ..Default::default() };
//! let registry = Registry::builtin();
//! let element = registry.element(pid::NAME_SPACE, "place_of_birth").unwrap();
//! assert!(element.accepts(&place.to_value()));
//! assert!(!element.accepts(&pid::PlaceOfBirth::default().to_value())); // at least one entry
//! ```

use alloc::borrow::Cow;
use alloc::string::String;

use super::{
    CheckContext, CheckError, Constraint, Descriptor, DocumentCheck, Element, ElementType,
    Identifier, NameSpace, StructureCheck, issuing_country_matches_signer,
};
use crate::cbor::{Decode, Encode, TextRest, Value};

/// The PID docType.
pub const DOC_TYPE: &str = "eu.europa.ec.eudi.pid.1";

/// The PID namespace (the same string as the docType).
pub const NAME_SPACE: &str = "eu.europa.ec.eudi.pid.1";

/// The PID: its namespace's table (closed) and the check of `issuing_country` against
/// the document signer.
pub const DESCRIPTOR: Descriptor = Descriptor::from_static(
    DOC_TYPE,
    NAME_SPACES,
    CHECKS,
);

const NAME_SPACES: &[NameSpace] = &[NameSpace::from_static(NAME_SPACE, ELEMENTS).closed()];

const CHECKS: &[DocumentCheck] = &[DocumentCheck::new("issuing_country", issuing_country)];

fn issuing_country(cx: &CheckContext<'_>) -> Result<(), CheckError> {
    issuing_country_matches_signer(cx, NAME_SPACE, "issuing_country")
}

/// The `place_of_birth` structure, checked by decoding it as [`PlaceOfBirth`].
pub const PLACE_OF_BIRTH: StructureCheck = StructureCheck::new("PlaceOfBirth", is_place_of_birth);

fn is_place_of_birth(value: &Value) -> bool {
    PlaceOfBirth::from_cbor(&value.to_cbor()).is_ok_and(|p| p.is_valid())
}

/// `PlaceOfBirth = {? "country": tstr, ? "region": tstr, ? "locality": tstr}`, at least
/// one present; `country` an ISO 3166-1 alpha-2 code.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlaceOfBirth {
    /// `country`.
    pub country: Option<String>,
    /// `region`: state, province, district or local area.
    pub region: Option<String>,
    /// `locality`: municipality, city, town or village.
    pub locality: Option<String>,
    /// Other entries, as received.
    pub rest: TextRest,
}

crate::cbor::text_map_codec! {
    PlaceOfBirth as "PlaceOfBirth" {
        country: "country" optional,
        region: "region" optional,
        locality: "locality" optional,
    }
    rest rest
}

impl PlaceOfBirth {
    /// Whether at least one entry is present and `country`, if any, is a country code.
    pub fn is_valid(&self) -> bool {
        (self.country.is_some() || self.region.is_some() || self.locality.is_some())
            && self.country.as_deref().is_none_or(|c| {
                Constraint::CountryCode.accepts(&Value::from(c))
            })
    }

    /// The element value.
    pub fn to_value(&self) -> Value {
        // Decoding what we encode cannot fail.
        Value::from_cbor(&self.to_cbor()).unwrap_or(Value::Map(alloc::vec::Vec::new()))
    }
}

/// Every text attribute: at most 150 characters (PID Rulebook 3.1.2).
const fn text(id: &'static str) -> Element {
    Element::new(id, ElementType::Text).with_constraint(Constraint::MaxChars(150))
}

const fn country(id: &'static str) -> Element {
    Element::new(id, ElementType::Text).with_constraint(Constraint::CountryCode)
}

const fn date(id: &'static str) -> Element {
    Element::new(id, ElementType::TDateOrFullDate)
}

const TEXT: ElementType = ElementType::Text;

const ELEMENTS: &[Element] = &[
    text("family_name").mandatory(),
    text("given_name").mandatory(),
    Element::new("birth_date", ElementType::FullDate).mandatory(),
    Element::new("place_of_birth", ElementType::Structure(PLACE_OF_BIRTH)).mandatory(),
    Element::new("nationality", ElementType::Array(&TEXT))
        .mandatory()
        .with_constraint(Constraint::CountryCode)
        .or_older_type(TEXT, "one text (ARF 1.4); now an array of country codes"),
    Element::new("portrait", ElementType::Bytes).with_constraint(Constraint::ImageOrEmpty),
    text("resident_address"),
    country("resident_country"),
    text("resident_state"),
    text("resident_city"),
    text("resident_postal_code"),
    text("resident_street"),
    text("personal_administrative_number"),
    text("family_name_birth"),
    text("given_name_birth"),
    Element::new("sex", ElementType::Uint)
        .with_constraint(Constraint::OneOfUint(&[0, 1, 2, 3, 4, 5, 6, 9])),
    Element::new("email_address", ElementType::Text).with_constraint(Constraint::Email),
    Element::new("mobile_phone_number", ElementType::Text)
        .with_constraint(Constraint::PhoneNumber),
    text("issuing_authority").mandatory(),
    country("issuing_country").mandatory(),
    date("expiry_date"),
    date("issuance_date"),
    text("document_number"),
    Element::new("issuing_jurisdiction", ElementType::Text)
        .with_constraint(Constraint::SubdivisionCode),
    text("trust_anchor"),
    Element::new("attestation_legal_category", ElementType::Text)
        .with_constraint(Constraint::OneOf(&["PID"])),
    // Older forms, read with a finding.
    Element::new("birth_place", TEXT)
        .older_form("a text (ARF 1.4 to 1.9); now place_of_birth"),
    Element::new("birth_country", TEXT).older_form("ARF 1.4; now place_of_birth"),
    Element::new("birth_state", TEXT).older_form("ARF 1.4; now place_of_birth"),
    Element::new("birth_city", TEXT).older_form("ARF 1.4; now place_of_birth"),
    Element::new("gender", ElementType::Uint).older_form("ARF 1.4; now sex"),
    Element::new("administrative_number", TEXT)
        .older_form("ARF 1.4; now personal_administrative_number"),
    Element::new("resident_house_number", TEXT)
        .older_form("removed in PID Rulebook 1.6; now part of resident_street"),
    Element::covering(
        Identifier::Digits {
            prefix: Cow::Borrowed("age_over_"),
            count: 2,
        },
        ElementType::Bool,
    )
    .older_form("removed in PID Rulebook 1.1"),
    Element::new("age_in_years", ElementType::Uint).older_form("removed in PID Rulebook 1.1"),
    Element::new("age_birth_year", ElementType::Uint)
        .older_form("removed in PID Rulebook 1.1"),
];
