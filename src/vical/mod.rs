//! Trust lists of ISO/IEC 18013-5 second edition: the VICAL (Annex C, the IACA roots a
//! provider vouches for, each for some docTypes) and the RICAL (Annex F, reader CA roots).
//!
//! Sans-I/O: bytes in, a verified list out, and from it a [`TrustStore`](crate::x509::TrustStore).
//!
//! - [`Vical`], [`CertificateInfo`], [`Rical`], [`RicalCertificateInfo`]: the lists,
//!   decoded strictly, keeping unknown keys; encoded back.
//! - [`SignedList`] ([`SignedVical`], [`SignedRical`]): the untagged `COSE_Sign1`,
//!   signed through an [`issuer::Signer`](crate::issuer::Signer) or in two steps
//!   ([`PreparedList`]), and [verified](SignedList::verify) against the provider's root:
//!   the signer chain under its profile, the signature, the dates, every entry against
//!   its certificate.
//! - [`VerifiedList`]: [`trust_store`](VerifiedList::trust_store) gives the VICAL's
//!   IACAs, each vouching only for its entry's docTypes (a root listed for the mDL does
//!   not vouch for a PID: verification rejects it with
//!   [`UntrustedError::DocTypeOutOfScope`](crate::verify::UntrustedError::DocTypeOutOfScope));
//!   [`reader_trust_store`](VerifiedList::reader_trust_store) the RICAL's reader roots.
//!
//! Lists in the field deviate from the annexes. What is unambiguous is accepted with a
//! [`ListFinding`] (an `ski` wrapped in OCTET STRING headers and equal to the
//! certificate's, keys capitalised unlike the CDDL, the provider's root in the
//! `x5chain`, a tagged `COSE_Sign1`, the `x5chain` in the other header); what is not is
//! refused with a [`ListError`] (an `ski`, serial, name or date that contradicts the
//! certificate, a certificate that does not parse, one certificate listed twice with
//! different docTypes). The real AAMVA VICAL of 2025-11-18 verifies this way
//! (`test-vectors/vical/`).
//!
//! ```
//! # #[cfg(feature = "rustcrypto")] {
//! use iso18013::crypto::default_provider;
//! use iso18013::issuer::KeySigner;
//! use iso18013::testing::TestPki;
//! use iso18013::vical::{CertificateInfo, SignedVical, Vical};
//! use iso18013::cbor::TDate;
//!
//! let provider = default_provider();
//! let now = 1_780_000_000;
//! let pki = TestPki::generate(provider, now)?;
//! let vical = Vical::new("Test VICAL Provider", TDate::from_unix_seconds(now)?,
//!     vec![CertificateInfo::for_certificate(&pki.iaca, ["org.iso.18013.5.1.mDL"])]);
//! let signer = KeySigner::new(provider, pki.vical_signer_key.clone());
//! let signed = SignedVical::sign(vical, vec![pki.vical_signer.der().to_vec()], &signer, provider)?;
//!
//! let received = SignedVical::from_cbor(&signed.to_cbor())?;
//! let verified = received.verify(&[pki.vical_root.clone()], provider, now)?;
//! let trust = verified.trust_store();
//! assert!(trust.iaca_vouches_for(&pki.iaca, "org.iso.18013.5.1.mDL"));
//! assert!(!trust.iaca_vouches_for(&pki.iaca, "eu.europa.ec.eudi.pid.1"));
//! # }
//! # Ok::<(), Box<dyn core::error::Error>>(())
//! ```

mod entries;
mod error;
mod list;
mod model;
mod rical;
mod signed;

pub use error::{EntryProblem, ListError, ListFinding};
pub use list::TrustList;
pub use model::{CertificateInfo, MDL_DOC_TYPE, Vical};
pub use rical::{RICAL_TYPE_READER_AUTH, Rical, RicalCertificateInfo, TrustConstraint};
pub use signed::{
    CLOCK_SKEW_SECONDS, PreparedList, SignedList, SignedRical, SignedVical, VerifiedList,
    VerifiedRical, VerifiedVical,
};

#[cfg(test)]
mod tests;
