//! The doctypes a verifier, issuer or JSON converter knows.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;

use super::check::{CheckContext, CheckError};
use super::{BUILTIN, Descriptor, Element, ElementType};
use crate::cbor::{NameSpaces, Value};
use crate::x509::VerifiedChain;

/// A list of doctype descriptors: the built-in ones ([`Registry::builtin`], the
/// default) plus any you register.
///
/// ```
/// use iso18013::cbor::Value;
/// use iso18013::doctype::{mdl, Element, ElementType, NameSpace, Registry};
/// // A national profile: the mDL with a domestic namespace.
/// let mut registry = Registry::builtin();
/// registry.register(mdl::DESCRIPTOR.with_name_space(
///     NameSpace::new("org.iso.18013.5.1.UT")
///         .with_element(Element::new("hunting_licence", ElementType::Bool)),
/// ));
/// assert_eq!(
///     registry.element_type("org.iso.18013.5.1.UT", "hunting_licence"),
///     Some(ElementType::Bool)
/// );
/// assert_eq!(registry.element_type(mdl::NAME_SPACE, "birth_date"), Some(ElementType::FullDate));
/// ```
#[derive(Clone, Debug)]
pub struct Registry {
    descriptors: Cow<'static, [Descriptor]>,
}

impl Registry {
    /// The built-in doctypes (the mDL with its AAMVA namespace, PhotoID and the
    /// older PhotoID docTypes still read, the EU PID), without allocating.
    pub const fn builtin() -> Self {
        Self {
            descriptors: Cow::Borrowed(BUILTIN),
        }
    }

    /// A registry that knows no doctype (no element typing, no doctype checks).
    pub const fn empty() -> Self {
        Self {
            descriptors: Cow::Borrowed(&[]),
        }
    }

    /// Adds `descriptor`; one of the same docType (a built-in one too) is replaced.
    pub fn register(&mut self, descriptor: Descriptor) {
        let list = self.descriptors.to_mut();
        list.retain(|d| d.doc_type() != descriptor.doc_type());
        list.push(descriptor);
    }

    /// The same doctypes with every element optional ([`Descriptor::all_optional`]):
    /// an issuer with it checks types, constraints and closed namespaces but requires
    /// nothing (test credentials, demonstrations, a subset issued on purpose).
    #[must_use]
    pub fn all_optional(mut self) -> Self {
        for descriptor in self.descriptors.to_mut() {
            *descriptor = descriptor.clone().all_optional();
        }
        self
    }

    /// The known descriptors.
    pub fn descriptors(&self) -> &[Descriptor] {
        &self.descriptors
    }

    /// The descriptor of `doc_type`.
    pub fn get(&self, doc_type: &str) -> Option<&Descriptor> {
        self.descriptors.iter().find(|d| d.doc_type() == doc_type)
    }

    /// The element `identifier` of `name_space`, in the first descriptor that defines
    /// that namespace.
    pub fn element(&self, name_space: &str, identifier: &str) -> Option<&Element> {
        self.descriptors
            .iter()
            .find_map(|d| d.name_space(name_space))
            .and_then(|ns| ns.element(identifier))
    }

    /// The type of element `identifier` of `name_space`.
    pub fn element_type(&self, name_space: &str, identifier: &str) -> Option<ElementType> {
        self.element(name_space, identifier).map(Element::ty)
    }

    /// Runs the checks of `doc_type`'s descriptor (none for an unknown docType) on a
    /// verified document: its issuer-signed `elements` and its signer's `chain`.
    ///
    /// # Errors
    /// The first check's [`CheckError`].
    pub fn check(
        &self,
        doc_type: &str,
        elements: &NameSpaces<Vec<(String, Value)>>,
        chain: &VerifiedChain,
    ) -> Result<(), CheckError> {
        let Some(descriptor) = self.get(doc_type) else {
            return Ok(());
        };
        let cx = CheckContext::new(doc_type, elements, chain);
        descriptor.checks().iter().try_for_each(|c| c.run(&cx))
    }
}

impl Default for Registry {
    /// [`Registry::builtin`].
    fn default() -> Self {
        Self::builtin()
    }
}
