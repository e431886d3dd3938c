//! X.509 for ISO 18013-5: certificates, trust anchors, chain validation under the
//! Annex B profiles, and generation of conforming certificates.
//!
//! - [`Certificate`]: parsed once, keeping its exact DER.
//! - [`TrustStore`]: IACA roots (each scoped to the docTypes it vouches for) and reader
//!   roots.
//! - [`verify_chain`]: an x5chain (leaf first, normally the leaf alone) to a trust
//!   anchor, checking signatures through a [`CryptoProvider`](crate::crypto::CryptoProvider),
//!   validity at a given time, and the [`profile`] of leaf and anchor. What Annex B
//!   wants but certificates in the field omit is reported as [`Finding`]s, not
//!   rejected.
//! - `TrustCache` (feature `std`): validated chains remembered by their certificates'
//!   hash, until the earliest notAfter or a change of the store.
//! - [`generate`]: IACA, document signer, reader root, reader and status list signer
//!   certificates, and the trust-list provider root and VICAL / RICAL signers.
//! - [`key`]: EC private keys as PKCS#8 or SEC1 PEM.

mod asn1;
#[cfg(feature = "std")]
mod cache;
mod certificate;
mod chain;
mod error;
mod extensions;
pub mod generate;
pub mod key;
mod pem;
pub mod profile;
mod tbs;
mod trust;

#[cfg(feature = "std")]
pub use cache::{CacheStats, CachedChain, TrustCache};
pub use certificate::{Certificate, MAX_CERTIFICATE_LEN};
pub(crate) use chain::verify_chain_to;
pub use chain::{MAX_CHAIN_LEN, VerifiedChain, verify_chain};
pub use error::{
    CertPosition, CertificateError, ChainError, Finding, FindingKind, ProfileViolation,
};
pub use profile::{CertificateRole, LeafRole};
pub use trust::{DocTypeScope, TrustStore};

#[cfg(test)]
mod tests;
