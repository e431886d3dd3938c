//! Doctypes as plug-ins: each doctype is a [`Descriptor`] in a file of its own (its
//! docType, namespaces, element table with types, presence and constraints, and the checks
//! verification runs), plus its typed views; a [`Registry`] lists the known ones.
//!
//! The descriptors add meaning on top of the open element values: they type elements
//! when issuing and converting JSON, and add checks to verification; they never restrict
//! what the data model can read. Your own doctype, or a national profile of the mDL with
//! a domestic namespace, is a [`Descriptor`] built at run time and registered in the
//! [`Registry`] you give the issuer, the JSON converter or the verifier's `Policy`.
//!
//! Adding a built-in doctype: a new file here declaring its `DESCRIPTOR` (and its typed
//! views), and its name on one line of the `builtin!` list below.

pub mod aamva;
pub mod age;
pub mod biometrics;
mod check;
mod claims;
mod constraint;
mod descriptor;
mod elements;
mod registry;
#[cfg(feature = "serde")]
mod serialize;

/// Declares each built-in doctype's module (`pub mod name;`, a file of its own that
/// declares a `DESCRIPTOR`, and perhaps descriptors of the older forms still read) and
/// lists the descriptors, in order, for [`Registry::builtin`].
macro_rules! builtin {
    ($($name:ident: [$($descriptor:ident),*]),* $(,)?) => {
        $(pub mod $name;)*
        const BUILTIN: &[Descriptor] = &[$($($name::$descriptor,)*)*];
    };
}

builtin! {
    mdl: [DESCRIPTOR],
    photoid: [DESCRIPTOR, EUDI_DRAFT_DESCRIPTOR, CAMEL_CASE_DESCRIPTOR],
    pid: [DESCRIPTOR],
}

pub use check::{
    CheckContext, CheckError, DocumentCheck, issuing_country_matches_signer,
    issuing_subdivision_matches_signer,
};
pub use claims::{ClaimError, DoctypeFinding, DoctypeFindingKind};
pub use constraint::Constraint;
pub use descriptor::{Descriptor, Element, Identifier, NameSpace, Presence};
pub use elements::{ElementType, StructureCheck, element_type};
pub use registry::Registry;

#[cfg(test)]
mod tests;
