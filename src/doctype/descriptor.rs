//! A doctype described by tables: its docType, namespaces, elements and checks.

use alloc::borrow::Cow;

use super::check::DocumentCheck;
use super::{Constraint, ElementType};
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
    older_form: Option<&'static str>,
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
            older_form: None,
        }
    }

    /// Marks the whole doctype as an older form of another (a docType that deployed
    /// software still emits, e.g. a draft's): documents of it are read, with a
    /// [`DoctypeFinding`](super::DoctypeFinding) naming `note`, and never issued.
    #[must_use]
    pub const fn older_form(mut self, note: &'static str) -> Self {
        self.older_form = Some(note);
        self
    }

    /// The note of [`older_form`](Self::older_form), if this doctype is one.
    pub fn older_form_note(&self) -> Option<&'static str> {
        self.older_form
    }

    /// A descriptor of `doc_type` with no namespaces and no checks yet.
    pub fn new(doc_type: impl Into<Cow<'static, str>>) -> Self {
        Self {
            doc_type: doc_type.into(),
            name_spaces: Cow::Borrowed(&[]),
            checks: Cow::Borrowed(&[]),
            older_form: None,
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

    /// The same doctype with every element optional: the element types, constraints and
    /// closed namespaces still hold when issuing, but nothing is required (test
    /// credentials, demonstrations, or a profile that issues a subset on purpose).
    ///
    /// ```
    /// use iso18013::doctype::mdl;
    /// assert_eq!(mdl::DESCRIPTOR.mandatory().count(), 11);
    /// assert_eq!(mdl::DESCRIPTOR.all_optional().mandatory().count(), 0);
    /// ```
    #[must_use]
    pub fn all_optional(mut self) -> Self {
        for ns in self.name_spaces.to_mut() {
            for element in ns.elements.to_mut() {
                element.presence = Presence::Optional;
            }
        }
        self
    }
}

/// A namespace and its element table.
#[derive(Clone, Debug)]
pub struct NameSpace {
    name: Cow<'static, str>,
    elements: Cow<'static, [Element]>,
    closed: bool,
}

impl NameSpace {
    /// A namespace from a static table.
    pub const fn from_static(name: &'static str, elements: &'static [Element]) -> Self {
        Self {
            name: Cow::Borrowed(name),
            elements: Cow::Borrowed(elements),
            closed: false,
        }
    }

    /// Marks the namespace closed: only the elements of its table may appear in it (ISO
    /// 18013-5 13.4.1 for the mDL's); an issuer refuses any other, and a verifier notes
    /// one with a [`DoctypeFinding`](super::DoctypeFinding). Namespaces are open unless
    /// marked.
    #[must_use]
    pub const fn closed(mut self) -> Self {
        self.closed = true;
        self
    }

    /// Whether only the elements of the table may appear.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// A namespace called `name` with no elements yet.
    pub fn new(name: impl Into<Cow<'static, str>>) -> Self {
        Self {
            name: name.into(),
            elements: Cow::Borrowed(&[]),
            closed: false,
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
    older_form: Option<&'static str>,
    older_type: Option<(ElementType, &'static str)>,
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
            older_form: None,
            older_type: None,
        }
    }

    /// Marks the row as an older form of the doctype (an identifier a previous version
    /// defined, e.g. the EU PID's `gender` before `sex`): read with a
    /// [`DoctypeFinding`](super::DoctypeFinding) naming `note`, never issued.
    #[must_use]
    pub const fn older_form(mut self, note: &'static str) -> Self {
        self.older_form = Some(note);
        self
    }

    /// Accepts, on reading, values of `ty` as an older form of the element (e.g. the
    /// PID's `nationality` as one text before it became an array), with a
    /// [`DoctypeFinding`](super::DoctypeFinding) naming `note`; issuing uses the current
    /// type only.
    #[must_use]
    pub const fn or_older_type(mut self, ty: ElementType, note: &'static str) -> Self {
        self.older_type = Some((ty, note));
        self
    }

    /// The note of [`older_form`](Self::older_form), if the row is one.
    pub fn older_form_note(&self) -> Option<&'static str> {
        self.older_form
    }

    /// The older type [`or_older_type`](Self::or_older_type) accepts, and its note.
    pub fn older_type(&self) -> Option<(ElementType, &'static str)> {
        self.older_type
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
