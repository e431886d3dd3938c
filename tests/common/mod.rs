//! Helpers shared by integration tests.
#![allow(dead_code)]

pub(crate) mod mdl_world;
