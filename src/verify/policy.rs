//! What a verifier accepts: clock skew, algorithms, limits, and the crypto backend.

use alloc::vec;
use alloc::vec::Vec;

use crate::cbor::Limits;
use crate::crypto::{CryptoProvider, DigestAlgorithm, SignatureAlgorithm};
use crate::doctype::Registry;

use super::StatusPolicy;

/// The verifier's configurable choices. Everything else the standard requires is always
/// checked.
///
/// The backend: [`Policy::default`] takes the
/// [default backend](crate::crypto::default_provider), which is `rustcrypto` whenever that
/// feature is compiled in, also with the `aws-lc` feature on. To verify with aws-lc-rs,
/// say so: `Policy::new(&iso18013::crypto::aws_lc::AwsLc)`, or build without default
/// features and with `aws-lc` only (see
/// [Choosing the backend](crate::crypto#choosing-the-backend)).
#[derive(Clone, Debug)]
pub struct Policy {
    /// The cryptographic backend.
    pub provider: &'static dyn CryptoProvider,
    /// Tolerated clock difference, in seconds, for the MSO's validFrom and validUntil.
    pub clock_skew_seconds: i64,
    /// Signature algorithms accepted for `issuerAuth` and device signatures.
    pub signature_algorithms: Vec<SignatureAlgorithm>,
    /// Digest algorithms accepted for the MSO.
    pub digest_algorithms: Vec<DigestAlgorithm>,
    /// Decoding limits for the response.
    pub limits: Limits,
    /// The doctypes whose checks run on their documents (by default the built-in ones:
    /// the mDL's `issuing_country` against the signer). Register your own to add checks.
    pub doctypes: Registry,
    /// What a document's revocation status must be: what a missing, unavailable or stale
    /// status means, per doctype (by default [`StatusRules::OPTIONAL`] for all:
    /// checking is optional in ISO/IEC 18013-5, so an unknown status passes with a
    /// finding), and the bounds of list verification. Revoked and suspended documents
    /// are always rejected.
    ///
    /// [`StatusRules::OPTIONAL`]: super::StatusRules::OPTIONAL
    pub status: StatusPolicy,
}

impl Policy {
    /// The defaults with `provider`: 5 minutes of clock skew, ES256/384/512,
    /// SHA-256/384/512, default limits, the built-in doctypes, status checking optional.
    pub fn new(provider: &'static dyn CryptoProvider) -> Self {
        Self {
            provider,
            clock_skew_seconds: 300,
            signature_algorithms: vec![
                SignatureAlgorithm::Es256,
                SignatureAlgorithm::Es384,
                SignatureAlgorithm::Es512,
            ],
            digest_algorithms: vec![
                DigestAlgorithm::Sha256,
                DigestAlgorithm::Sha384,
                DigestAlgorithm::Sha512,
            ],
            limits: Limits::DEFAULT,
            doctypes: Registry::builtin(),
            status: StatusPolicy::default(),
        }
    }
}

#[cfg(any(feature = "rustcrypto", feature = "aws-lc"))]
impl Default for Policy {
    /// [`Policy::new`] with the [default backend](crate::crypto::default_provider):
    /// `rustcrypto` when compiled in, else `aws-lc`.
    fn default() -> Self {
        Self::new(crate::crypto::default_provider())
    }
}
