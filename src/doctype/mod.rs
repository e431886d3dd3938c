//! Typed views of doctype data. They add meaning on top of the open element values; they
//! never restrict what the data model can read.

mod elements;
pub mod mdl;

pub use elements::{ElementType, element_type};
