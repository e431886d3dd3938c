//! Unit tests of the X.509 layer, with the helpers they share: a deterministic random
//! source, parameters, and `Pki`, which builds an IACA and a document signer from specs a
//! test may bend before signing.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use const_oid::ObjectIdentifier;
use const_oid::db::rfc4519::COUNTRY_NAME;
use der::asn1::OctetString;
use der::{Encode, Tag};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage};

use super::asn1::{sequence, tlv};
use super::generate::{AltName, CertificateParams, Leaf, prepare_leaf, prepare_root};
use super::tbs::{TbsSpec, extension, sign, sign_der};
use super::*;
use crate::crypto::{CryptoError, CryptoProvider, EcCurve, EcPrivateKey, RandomSource};

#[cfg(feature = "rustcrypto")]
mod any_digest;
mod findings;
mod generation;
mod list_signer;
mod parsing;
mod rejections;
mod status_signer;

/// 2023-11-14T22:13:20Z: the generated certificates start here.
pub(super) const T0: i64 = 1_700_000_000;
pub(super) const DAY: i64 = 86_400;
/// When generated chains are checked.
pub(super) const NOW: i64 = T0 + 10 * DAY;

/// A deterministic random source (a 64-bit LCG): reproducible keys and serials.
pub(super) struct TestRng(pub(super) u64);

impl RandomSource for TestRng {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError> {
        for b in out {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            *b = self.0.to_be_bytes()[1];
        }
        Ok(())
    }
}

/// Parameters with everything Annex B wants: IAN, CRL DP, valid T0 .. T0 + `days`.
pub(super) fn params(common_name: &str, days: i64) -> CertificateParams<'_> {
    CertificateParams {
        common_name,
        country: "US",
        state: None,
        not_before: T0,
        not_after: T0 + days * DAY,
        issuer_alt_name: Some(AltName::Uri("https://iaca.example")),
        crl_distribution_point: Some("https://iaca.example/crl"),
    }
}

pub(super) fn key(provider: &dyn CryptoProvider, curve: EcCurve, seed: u64) -> EcPrivateKey {
    provider.ec_generate(curve, &mut TestRng(seed)).unwrap()
}

const ANNEX_D_IACA: &str = include_str!("../../../test-vectors/iso18013-5-annex-d/iaca_cert.hex");
const ANNEX_D_DS: &str = include_str!("../../../test-vectors/iso18013-5-annex-d/ds_cert.hex");

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text.trim()).unwrap()
}

type Edit = Box<dyn Fn(&mut TbsSpec)>;

fn keep() -> Edit {
    Box::new(|_| {})
}

/// Replaces the extension with `ext`'s OID, or appends `ext`.
fn put(ext: Extension) -> Edit {
    Box::new(
        move |s| match s.extensions.iter_mut().find(|e| e.extn_id == ext.extn_id) {
            Some(slot) => *slot = ext.clone(),
            None => s.extensions.push(ext.clone()),
        },
    )
}

fn drop_ext(oid: ObjectIdentifier) -> Edit {
    Box::new(move |s| s.extensions.retain(|e| e.extn_id != oid))
}

fn append(ext: Extension) -> Edit {
    Box::new(move |s| s.extensions.push(ext.clone()))
}

fn edit(f: impl Fn(&mut TbsSpec) + 'static) -> Edit {
    Box::new(f)
}

fn raw_ext(oid: &str, critical: bool) -> Extension {
    Extension {
        extn_id: ObjectIdentifier::new_unwrap(oid),
        critical,
        extn_value: OctetString::new(vec![0x30, 0x00]).unwrap(),
    }
}

fn ku(usages: KeyUsage, critical: bool) -> Extension {
    extension(&usages, critical).unwrap()
}

fn eku(purpose: ObjectIdentifier, critical: bool) -> Extension {
    extension(&ExtendedKeyUsage(vec![purpose]), critical).unwrap()
}

fn bc(ca: bool, path_len: Option<u8>, critical: bool) -> Extension {
    let value = BasicConstraints {
        ca,
        path_len_constraint: path_len,
    };
    extension(&value, critical).unwrap()
}

/// A DER Name of single-attribute RDNs; `C` as PrintableString, the rest UTF8String.
fn name(parts: &[(ObjectIdentifier, &str)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = parts
        .iter()
        .map(|(oid, value)| {
            let tag = if *oid == COUNTRY_NAME {
                Tag::PrintableString
            } else {
                Tag::Utf8String
            };
            let atv = sequence(&[
                &oid.to_der().unwrap(),
                &tlv(tag, &[value.as_bytes()]).unwrap(),
            ]);
            tlv(Tag::Set, &[&atv.unwrap()]).unwrap()
        })
        .collect();
    let refs: Vec<&[u8]> = rdns.iter().map(Vec::as_slice).collect();
    sequence(&refs).unwrap()
}

/// An SPKI with an arbitrary algorithm and parameters.
fn spki(alg: &str, params: Option<&str>, key: &[u8]) -> Vec<u8> {
    let oid = ObjectIdentifier::new_unwrap(alg).to_der().unwrap();
    let params = params.map_or(Vec::new(), |p| {
        ObjectIdentifier::new_unwrap(p).to_der().unwrap()
    });
    let bits = [&[0u8][..], key].concat();
    sequence(&[
        &sequence(&[&oid, &params]).unwrap(),
        &tlv(Tag::BitString, &[&bits]).unwrap(),
    ])
    .unwrap()
}

fn ds_err(violation: ProfileViolation) -> ChainError {
    ChainError::Profile {
        role: CertificateRole::DocumentSigner,
        violation,
    }
}

fn iaca_err(violation: ProfileViolation) -> ChainError {
    ChainError::Profile {
        role: CertificateRole::Iaca,
        violation,
    }
}

const RSA_SHA256: &str = "1.2.840.113549.1.1.11";

/// An IACA and a document signer from specs the test may bend before signing.
struct Pki<'p> {
    provider: &'p dyn CryptoProvider,
    iaca_key: EcPrivateKey,
    ds_public: Vec<u8>,
    rng: TestRng,
}

impl<'p> Pki<'p> {
    fn new(provider: &'p dyn CryptoProvider) -> Self {
        let iaca_key = key(provider, EcCurve::P256, 100);
        let ds_public = provider
            .ec_public_key(&key(provider, EcCurve::P256, 101))
            .unwrap();
        Self {
            provider,
            iaca_key,
            ds_public,
            rng: TestRng(102),
        }
    }

    fn iaca(&mut self, edit: &Edit) -> Certificate {
        let p = params("Test IACA", 3650);
        let mut spec = prepare_root(
            CertificateRole::Iaca,
            self.provider,
            &self.iaca_key,
            &p,
            &mut self.rng,
        )
        .unwrap();
        edit(&mut spec);
        sign(&spec, self.provider, &self.iaca_key).unwrap()
    }

    fn ds_spec(&mut self, issuer: &Certificate, role: CertificateRole) -> TbsSpec {
        let leaf = Leaf {
            role,
            issuer,
            public_key: &self.ds_public,
            curve: EcCurve::P256,
        };
        let p = params("Test DS", 365);
        prepare_leaf(&leaf, &self.iaca_key, &p, &mut self.rng).unwrap()
    }

    /// The DER of a DS, unparsed (it may be malformed on purpose).
    fn ds_der(&mut self, issuer: &Certificate, edit: &Edit) -> Vec<u8> {
        let mut spec = self.ds_spec(issuer, CertificateRole::DocumentSigner);
        edit(&mut spec);
        sign_der(&spec, self.provider, &self.iaca_key).unwrap()
    }

    fn ds(&mut self, issuer: &Certificate, edit: &Edit) -> Certificate {
        Certificate::from_der(&self.ds_der(issuer, edit)).unwrap()
    }

    /// Validates the DS (alone in the x5chain) under the IACA, both edited.
    fn run(&mut self, edit_iaca: &Edit, edit_ds: &Edit) -> Result<VerifiedChain, ChainError> {
        let iaca = self.iaca(edit_iaca);
        let ds = self.ds_der(&iaca, edit_ds);
        let mut trust = TrustStore::new();
        trust.add_iaca(iaca);
        verify_chain(&trust, &[&ds], LeafRole::DocumentSigner, self.provider, NOW)
    }
}

#[test]
fn shared_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Certificate>();
    check::<TrustStore>();
    check::<VerifiedChain>();
    check::<ChainError>();
}
