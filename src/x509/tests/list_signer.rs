//! The trust-list signer profiles (VICAL Table C.1, RICAL Table F.1) and the provider
//! root's minimal rules: each enforced rule broken once, each tolerated one noted.

use alloc::vec;
use alloc::vec::Vec;

use const_oid::db::rfc4519::{COMMON_NAME, COUNTRY_NAME};
use const_oid::db::rfc5280::{ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_KEY_USAGE};
use x509_cert::ext::pkix::KeyUsages;

use super::super::chain::verify_chain_to;
use super::super::generate::prepare_leaf_with;
use super::super::profile::{EKU_MDL_DS, EKU_MDL_VICAL, EKU_MDOC_VICAL};
use super::*;
use crate::crypto::providers;

/// A provider root and a signer of `role` under it, both bent by the edits, validated.
fn run(
    provider: &dyn CryptoProvider,
    role: CertificateRole,
    edit_root: &Edit,
    edit_signer: &Edit,
) -> Result<VerifiedChain, ChainError> {
    let root_key = key(provider, EcCurve::P256, 200);
    let signer_public = provider
        .ec_public_key(&key(provider, EcCurve::P256, 201))
        .unwrap();
    let mut rng = TestRng(202);
    let mut spec = prepare_root(
        CertificateRole::ProviderRoot,
        provider,
        &root_key,
        &params("Test provider root", 3650),
        &mut rng,
    )
    .unwrap();
    edit_root(&mut spec);
    let root = sign(&spec, provider, &root_key).unwrap();
    let leaf = Leaf {
        role,
        issuer: &root,
        public_key: &signer_public,
        curve: EcCurve::P256,
    };
    let p = params("Test list signer", 365);
    let mut spec = prepare_leaf_with(&leaf, &root_key, &p, Some("Provider"), &mut rng).unwrap();
    edit_signer(&mut spec);
    let signer = sign_der(&spec, provider, &root_key).unwrap();
    let leaf_role = match role {
        CertificateRole::RicalSigner => LeafRole::RicalSigner,
        _ => LeafRole::VicalSigner,
    };
    verify_chain_to(
        &[root],
        &[&signer],
        leaf_role,
        Some(CertificateRole::ProviderRoot),
        provider,
        NOW,
    )
}

fn signer_err(violation: ProfileViolation) -> ChainError {
    ChainError::Profile {
        role: CertificateRole::VicalSigner,
        violation,
    }
}

fn root_err(violation: ProfileViolation) -> ChainError {
    ChainError::Profile {
        role: CertificateRole::ProviderRoot,
        violation,
    }
}

fn kinds(chain: &VerifiedChain) -> Vec<FindingKind> {
    chain.findings().iter().map(|f| f.kind).collect()
}

#[test]
fn the_vical_signer_profile() {
    use ProfileViolation as V;
    let non_repudiation = KeyUsage(KeyUsages::NonRepudiation.into());
    for provider in providers() {
        let vical = CertificateRole::VicalSigner;
        // As generated: accepted, nothing to note.
        let chain = run(provider, vical, &keep(), &keep()).unwrap();
        assert_eq!(kinds(&chain), []);
        assert_eq!(chain.leaf().subject_organization(), Some("Provider"));
        let cases: Vec<(&str, Edit, Edit, ChainError)> = vec![
            (
                "digitalSignature",
                keep(),
                put(ku(KeyUsage(KeyUsages::DigitalSignature.into()), true)),
                signer_err(V::KeyUsage),
            ),
            (
                "nonRepudiation and digitalSignature",
                keep(),
                put(ku(
                    KeyUsage(KeyUsages::NonRepudiation | KeyUsages::DigitalSignature),
                    true,
                )),
                signer_err(V::KeyUsage),
            ),
            (
                "keyUsage not critical",
                keep(),
                put(ku(non_repudiation, false)),
                signer_err(V::KeyUsage),
            ),
            (
                "no keyUsage",
                keep(),
                drop_ext(ID_CE_KEY_USAGE),
                signer_err(V::KeyUsage),
            ),
            (
                "no extKeyUsage",
                keep(),
                drop_ext(ID_CE_EXT_KEY_USAGE),
                signer_err(V::ExtendedKeyUsage),
            ),
            (
                "extKeyUsage not critical",
                keep(),
                put(eku(EKU_MDL_VICAL, false)),
                signer_err(V::ExtendedKeyUsage),
            ),
            (
                "a document signer's purpose",
                keep(),
                put(eku(EKU_MDL_DS, true)),
                signer_err(V::ExtendedKeyUsage),
            ),
            (
                "no organization",
                keep(),
                edit(|s| s.subject = name(&[(COUNTRY_NAME, "US"), (COMMON_NAME, "S")])),
                signer_err(V::MissingSubjectName),
            ),
            (
                "no country",
                keep(),
                edit(|s| s.subject = name(&[(COMMON_NAME, "S")])),
                signer_err(V::MissingCountry),
            ),
            (
                "a signer that is a CA",
                keep(),
                append(bc(true, None, true)),
                signer_err(V::BasicConstraints),
            ),
            (
                "a root without keyCertSign",
                put(ku(KeyUsage(KeyUsages::CRLSign.into()), true)),
                keep(),
                root_err(V::KeyUsage),
            ),
            (
                "a root whose keyUsage is not critical",
                put(ku(KeyUsage(KeyUsages::KeyCertSign.into()), false)),
                keep(),
                root_err(V::KeyUsage),
            ),
            (
                "a root without basicConstraints",
                drop_ext(ID_CE_BASIC_CONSTRAINTS),
                keep(),
                root_err(V::BasicConstraints),
            ),
            (
                "a root whose basicConstraints is not critical",
                put(bc(true, None, false)),
                keep(),
                root_err(V::BasicConstraints),
            ),
        ];
        for (what, edit_root, edit_signer, want) in cases {
            assert_eq!(
                run(provider, vical, &edit_root, &edit_signer).unwrap_err(),
                want,
                "{what}"
            );
        }

        // Tolerated: the mdoc VICAL purpose alone; a validity beyond 1187 days; a root
        // with digitalSignature beside keyCertSign and no pathLen (AAMVA's).
        let chain = run(provider, vical, &keep(), &put(eku(EKU_MDOC_VICAL, true))).unwrap();
        assert_eq!(kinds(&chain), [FindingKind::MdocVicalExtendedKeyUsageOnly]);
        let chain = run(
            provider,
            vical,
            &keep(),
            &edit(|s| s.not_after = T0 + 1200 * DAY),
        )
        .unwrap();
        assert_eq!(
            kinds(&chain),
            [FindingKind::ValidityTooLong { max_days: 1187 }]
        );
        let aamva_like = |s: &mut TbsSpec| {
            put(ku(
                KeyUsage(KeyUsages::DigitalSignature | KeyUsages::KeyCertSign | KeyUsages::CRLSign),
                true,
            ))(s);
            put(bc(true, None, true))(s);
        };
        run(provider, vical, &edit(aamva_like), &keep()).unwrap();

        // The RICAL signer: no extKeyUsage wanted; nonRepudiation still.
        let rical = CertificateRole::RicalSigner;
        let chain = run(provider, rical, &keep(), &keep()).unwrap();
        assert_eq!(chain.role(), LeafRole::RicalSigner);
        assert_eq!(
            run(
                provider,
                rical,
                &keep(),
                &put(ku(KeyUsage(KeyUsages::DigitalSignature.into()), true))
            )
            .unwrap_err(),
            ChainError::Profile {
                role: rical,
                violation: V::KeyUsage
            }
        );
    }
}

#[test]
fn a_trust_store_holds_no_list_provider_roots() {
    let store = TrustStore::new();
    assert!(store.anchors_for(LeafRole::VicalSigner).is_empty());
    assert!(store.anchors_for(LeafRole::RicalSigner).is_empty());
    assert!(CertificateRole::ProviderRoot.is_root());
}
