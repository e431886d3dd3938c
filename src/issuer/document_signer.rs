//! An [`Issuer`] from its document signer's certificates, checked to be one.

use alloc::vec::Vec;

use super::{IssueError, Issuer};
use crate::doctype::Registry;
use crate::x509::{CertPosition, Certificate, CertificateRole, ChainError, profile};

impl Issuer {
    /// An issuer from the PEM text of its document signer certificate (and any
    /// intermediates after it, without the IACA): the certificates go in the `x5chain`
    /// of every `issuerAuth`, and every signature is checked against the leaf's key.
    ///
    /// The leaf must be a document signer under ISO 18013-5 Annex B (critical key usage
    /// `digitalSignature`, extended key usage `1.0.18013.5.1.2`, not a CA, a country) with
    /// an EC P-256, P-384 or P-521 key. Whether an IACA trusts it is the verifier's
    /// question, not checked here.
    ///
    /// ```
    /// # #[cfg(all(feature = "rustcrypto", feature = "std"))] {
    /// use iso18013::crypto::default_provider;
    /// use iso18013::issuer::{IssueError, Issuer};
    /// use iso18013::testing::TestPki;
    ///
    /// let pki = TestPki::generate(default_provider(), 1_780_000_000)?;
    /// let issuer = Issuer::from_pem(&pki.ds.to_pem())?;
    /// // A reader certificate is no document signer.
    /// assert!(matches!(Issuer::from_pem(&pki.reader.to_pem()), Err(IssueError::DocumentSigner(_))));
    /// # }
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// [`IssueError::Certificate`] when the text holds no readable certificate;
    /// [`IssueError::DocumentSigner`] when the leaf is not a document signer.
    pub fn from_pem(pem_text: &str) -> Result<Self, IssueError> {
        let chain = Certificate::from_pem(pem_text).map_err(IssueError::Certificate)?;
        Self::from_certificates(&chain)
    }

    /// An issuer from its document signer certificate chain in DER (leaf first, without
    /// the IACA), checked as [`from_pem`](Self::from_pem) checks it.
    ///
    /// # Errors
    /// [`IssueError::DocumentSigner`]: [`ChainError::EmptyChain`],
    /// [`ChainError::Malformed`] naming the certificate that cannot be read, or as
    /// [`from_pem`](Self::from_pem).
    pub fn from_der(x5chain: Vec<Vec<u8>>) -> Result<Self, IssueError> {
        let chain = x5chain
            .iter()
            .enumerate()
            .map(|(index, der)| {
                Certificate::from_der(der).map_err(|error| ChainError::Malformed { index, error })
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(IssueError::DocumentSigner)?;
        let ds_key = document_signer_key(&chain)?;
        Ok(Self::with_key(x5chain, ds_key))
    }

    /// An issuer from its parsed document signer certificate chain (leaf first, without
    /// the IACA), checked as [`from_pem`](Self::from_pem) checks it.
    ///
    /// # Errors
    /// As [`from_pem`](Self::from_pem); [`ChainError::EmptyChain`] for no certificate.
    pub fn from_certificates(chain: &[Certificate]) -> Result<Self, IssueError> {
        let ds_key = document_signer_key(chain)?;
        Ok(Self::with_key(
            chain.iter().map(|c| c.der().to_vec()).collect(),
            ds_key,
        ))
    }

    /// The issuer of `x5chain`, whose leaf's public key is `ds_key`.
    fn with_key(x5chain: Vec<Vec<u8>>, ds_key: Vec<u8>) -> Self {
        Self {
            x5chain,
            ds_key: Some(ds_key),
            doctypes: Registry::builtin(),
        }
    }
}

/// The public key of the chain's leaf, once it is checked to be an Annex B document
/// signer with a supported EC key.
fn document_signer_key(chain: &[Certificate]) -> Result<Vec<u8>, IssueError> {
    let leaf = chain
        .first()
        .ok_or(IssueError::DocumentSigner(ChainError::EmptyChain))?;
    profile::check(leaf, CertificateRole::DocumentSigner, &mut Vec::new()).map_err(
        |violation| {
            IssueError::DocumentSigner(ChainError::Profile {
                role: CertificateRole::DocumentSigner,
                violation,
            })
        },
    )?;
    if leaf.curve().is_none() {
        return Err(IssueError::DocumentSigner(ChainError::UnsupportedKey {
            cert: CertPosition::Chain(0),
        }));
    }
    Ok(leaf.public_key().to_vec())
}
