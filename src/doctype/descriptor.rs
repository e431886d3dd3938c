//! A doctype described by tables: its docType, namespaces, elements and checks.

use alloc::borrow::Cow;

use super::ElementType;
use super::check::DocumentCheck;
use crate::cbor::Value;

/// A document type: its docType, its namespaces with their element tables, and the
/// checks verification runs on its documents.
///
/// Built-in descriptors are `const` tables (see [`Descriptor::from_static`]); your own can
/// be built at run time, with owned strings, by [`Descriptor::new`]:
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{Descriptor, Element, ElementType, NameSpace, Presence};
/// let member_id = String::from("member_id");
/// let club = Descriptor::new("org.example.club.1").with_name_space(
///     NameSpace::new("org.example.club.1")
///         .with_element(Element::named(member_id, ElementType::Text).with_presence(Presence::Mandatory)),
/// );
/// let element = club.element("org.example.club.1", "member_id").unwrap();
/// assert!(element.accepts(&Value::from("42")));
/// assert_eq!(club.mandatory().count(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Descriptor {
    doc_type: Cow<'static, str>,
    name_spaces: Cow<'static, [NameSpace]>,
    checks: Cow<'static, [DocumentCheck]>,
}

impl Descriptor {
    /// A descriptor from static tables (what a built-in doctype's file declares).
    pub const fn from_static(
        doc_type: &'static str,
        name_spaces: &'static [NameSpace],
        checks: &'static [DocumentCheck],
    ) -> Self {
        Self {
            doc_type: Cow::Borrowed(doc_type),
            name_spaces: Cow::Borrowed(name_spaces),
            checks: Cow::Borrowed(checks),
        }
    }

    /// A descriptor of `doc_type` with no namespaces and no checks yet.
    pub fn new(doc_type: impl Into<Cow<'static, str>>) -> Self {
        Self {
            doc_type: doc_type.into(),
            name_spaces: Cow::Borrowed(&[]),
            checks: Cow::Borrowed(&[]),
        }
    }

    /// Adds a namespace (e.g. a domestic one, `org.iso.18013.5.1.UT`, to the mDL); one of
    /// the same name is replaced.
    #[must_use]
    pub fn with_name_space(mut self, name_space: NameSpace) -> Self {
        let list = self.name_spaces.to_mut();
        list.retain(|ns| ns.name != name_space.name);
        list.push(name_space);
        self
    }

    /// Adds a check verification runs on every document of this type.
    #[must_use]
    pub fn with_check(mut self, check: DocumentCheck) -> Self {
        self.checks.to_mut().push(check);
        self
    }

    /// The docType.
    pub fn doc_type(&self) -> &str {
        &self.doc_type
    }

    /// The namespaces.
    pub fn name_spaces(&self) -> &[NameSpace] {
        &self.name_spaces
    }

    /// The namespace called `name`.
    pub fn name_space(&self, name: &str) -> Option<&NameSpace> {
        self.name_spaces.iter().find(|ns| ns.name == name)
    }

    /// The element `identifier` of namespace `name_space`.
    pub fn element(&self, name_space: &str, identifier: &str) -> Option<&Element> {
        self.name_space(name_space)?.element(identifier)
    }

    /// The checks verification runs.
    pub fn checks(&self) -> &[DocumentCheck] {
        &self.checks
    }

    /// The mandatory elements, as (namespace, element).
    pub fn mandatory(&self) -> impl Iterator<Item = (&str, &Element)> {
        self.name_spaces.iter().flat_map(|ns| {
            ns.elements
                .iter()
                .filter(|e| e.presence == Presence::Mandatory)
                .map(|e| (&*ns.name, e))
        })
    }
}

/// A namespace and its element table.
#[derive(Clone, Debug)]
pub struct NameSpace {
    name: Cow<'static, str>,
    elements: Cow<'static, [Element]>,
}

impl NameSpace {
    /// A namespace from a static table.
    pub const fn from_static(name: &'static str, elements: &'static [Element]) -> Self {
        Self {
            name: Cow::Borrowed(name),
            elements: Cow::Borrowed(elements),
        }
    }

    /// A namespace called `name` with no elements yet.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self {
            name: name.into(),
            elements: Cow::Borrowed(&[]),
        }
    }

    /// Adds an element.
    #[must_use]
    pub fn with_element(mut self, element: Element) -> Self {
        self.elements.to_mut().push(element);
        self
    }

    /// The namespace's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The element table.
    pub fn elements(&self) -> &[Element] {
        &self.elements
    }

    /// The first element whose identifier matches `identifier`.
    pub fn element(&self, identifier: &str) -> Option<&Element> {
        self.elements
            .iter()
            .find(|e| e.identifier.matches(identifier))
    }
}

/// Which identifiers an element row covers.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Identifier {
    /// Exactly this identifier.
    Exact(Cow<'static, str>),
    /// `prefix` followed by exactly `count` ASCII digits (the mDL's `age_over_NN`).
    Digits {
        /// The text before the digits.
        prefix: Cow<'static, str>,
        /// How many digits follow.
        count: usize,
    },
    /// `prefix` followed by anything (the mDL's `biometric_template_xx`).
    Prefix(Cow<'static, str>),
}

impl Identifier {
    /// Whether `identifier` is covered.
    pub fn matches(&self, identifier: &str) -> bool {
        match self {
            Self::Exact(id) => id == identifier,
            Self::Digits { prefix, count } => identifier
                .strip_prefix(&**prefix)
                .is_some_and(|n| n.len() == *count && n.bytes().all(|b| b.is_ascii_digit())),
            Self::Prefix(prefix) => identifier.starts_with(&**prefix),
        }
    }
}

/// Whether an element must be present in every document of its type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Mandatory (M).
    Mandatory,
    /// Optional (O).
    Optional,
}

/// A constraint on an element's value beyond its CBOR type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Constraint {
    /// ISO 3166-1 alpha-2 country code: two upper-case ASCII letters.
    CountryCode,
    /// ISO 3166-2 subdivision code: a country code, `-`, one to three upper-case ASCII
    /// letters or digits (e.g. `US-MD`).
    SubdivisionCode,
    /// Only ISO/IEC 8859-1 (Latin-1) characters, at most this many.
    Latin1 {
        /// The maximum number of characters.
        max_chars: usize,
    },
    /// An unsigned integer no larger than this.
    MaxUint(u64),
    /// One of these texts.
    OneOf(&'static [&'static str]),
}

/// The rule in words: "an ISO 3166-1 alpha-2 country code", "at most 150 Latin-1
/// characters", ...
impl core::fmt::Display for Constraint {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::CountryCode => f.write_str("an ISO 3166-1 alpha-2 country code"),
            Self::SubdivisionCode => f.write_str("an ISO 3166-2 subdivision code"),
            Self::Latin1 { max_chars } => write!(f, "at most {max_chars} Latin-1 characters"),
            Self::MaxUint(max) => write!(f, "an unsigned integer no larger than {max}"),
            Self::OneOf(texts) => write!(f, "one of {}", texts.join(", ")),
        }
    }
}

impl Constraint {
    /// Whether `value` satisfies the constraint (a value of the wrong CBOR type does not).
    pub fn accepts(&self, value: &Value) -> bool {
        match (self, value) {
            (Self::CountryCode, Value::Text(t)) => is_country_code(t),
            (Self::SubdivisionCode, Value::Text(t)) => t.split_once('-').is_some_and(|(c, s)| {
                is_country_code(c)
                    && (1..=3).contains(&s.len())
                    && s.bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }),
            (Self::Latin1 { max_chars }, Value::Text(t)) => {
                t.chars().all(|c| u32::from(c) <= 0xff) && t.chars().count() <= *max_chars
            }
            (Self::MaxUint(max), Value::Int(i)) => u64::try_from(i.get()).is_ok_and(|n| n <= *max),
            (Self::OneOf(allowed), Value::Text(t)) => allowed.contains(&t.as_str()),
            _ => false,
        }
    }
}

fn is_country_code(t: &str) -> bool {
    t.len() == 2 && t.bytes().all(|b| b.is_ascii_uppercase())
}

/// One row of an element table: which identifiers, their CBOR type, whether mandatory,
/// and an optional constraint.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{Constraint, Element, ElementType};
/// const COUNTRY: Element = Element::new("issuing_country", ElementType::Text)
///     .mandatory()
///     .with_constraint(Constraint::CountryCode);
/// assert!(COUNTRY.accepts(&Value::from("NL")));
/// assert!(!COUNTRY.accepts(&Value::from("NLD")));
/// assert!(COUNTRY.ty().accepts(&Value::from("NLD"))); // the type alone
/// ```
#[derive(Clone, Debug)]
pub struct Element {
    identifier: Identifier,
    ty: ElementType,
    presence: Presence,
    constraint: Option<Constraint>,
}

impl Element {
    /// An optional element `identifier` of type `ty`, from static text.
    pub const fn new(identifier: &'static str, ty: ElementType) -> Self {
        Self::covering(Identifier::Exact(Cow::Borrowed(identifier)), ty)
    }

    /// An optional element `identifier` of type `ty` (owned or static text).
    pub fn named(identifier: impl Into<Cow<'static, str>>, ty: ElementType) -> Self {
        Self::covering(Identifier::Exact(identifier.into()), ty)
    }

    /// An optional row covering every identifier `identifier` matches.
    pub const fn covering(identifier: Identifier, ty: ElementType) -> Self {
        Self {
            identifier,
            ty,
            presence: Presence::Optional,
            constraint: None,
        }
    }

    /// Marks the element mandatory.
    #[must_use]
    pub const fn mandatory(self) -> Self {
        self.with_presence(Presence::Mandatory)
    }

    /// Sets whether the element is mandatory.
    #[must_use]
    pub const fn with_presence(mut self, presence: Presence) -> Self {
        self.presence = presence;
        self
    }

    /// Adds a constraint on the value.
    #[must_use]
    pub const fn with_constraint(mut self, constraint: Constraint) -> Self {
        self.constraint = Some(constraint);
        self
    }

    /// The identifiers the row covers.
    pub fn identifier(&self) -> &Identifier {
        &self.identifier
    }

    /// The CBOR type.
    pub fn ty(&self) -> ElementType {
        self.ty
    }

    /// Mandatory or optional.
    pub fn presence(&self) -> Presence {
        self.presence
    }

    /// The constraint beyond the type.
    pub fn constraint(&self) -> Option<Constraint> {
        self.constraint
    }

    /// Whether `value` has the element's type and meets its constraint.
    pub fn accepts(&self, value: &Value) -> bool {
        self.ty.accepts(value) && self.constraint.is_none_or(|c| c.accepts(value))
    }
}
