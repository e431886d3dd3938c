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
//! Adding a built-in doctype: a new file here declaring its `DESCRIPTOR`, and one line in
//! the registry's built-in list.

mod check;
mod descriptor;
mod elements;
pub mod mdl;
mod registry;

pub use check::{
    CheckContext, CheckError, DocumentCheck, issuing_country_matches_signer,
};
pub use descriptor::{Constraint, Descriptor, Element, Identifier, NameSpace, Presence};
pub use elements::{ElementType, StructureCheck, element_type};
pub use registry::Registry;

#[cfg(test)]
mod tests;
