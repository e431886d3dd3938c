//! The MSO revocation list signer profile (Annex B.1.7 Table B.9): each enforced rule
//! has its error, and the validity limit its finding.

use alloc::vec;
use alloc::vec::Vec;

use x509_cert::ext::pkix::KeyUsages;

use super::*;
use crate::x509::profile::{EKU_MDL_DS, EKU_MDL_READER_AUTH};

fn status_err(violation: ProfileViolation) -> ChainError {
    ChainError::Profile {
        role: CertificateRole::StatusListSigner,
        violation,
    }
}

/// Validates a status list signer made from the DS spec with the list signer's role,
/// edited, under an unedited IACA.
fn run(pki: &mut Pki<'_>, edit_leaf: &Edit) -> Result<VerifiedChain, ChainError> {
    let iaca = pki.iaca(&keep());
    let mut spec = pki.ds_spec(&iaca, CertificateRole::StatusListSigner);
    edit_leaf(&mut spec);
    let der = sign_der(&spec, pki.provider, &pki.iaca_key).unwrap();
    let mut trust = TrustStore::new();
    trust.add_iaca(iaca);
    verify_chain(
        &trust,
        &[&der],
        LeafRole::StatusListSigner,
        pki.provider,
        NOW,
    )
}

#[test]
fn status_list_signer_profile() {
    use ProfileViolation as V;
    let eku_oid = const_oid::db::rfc5280::ID_KP_CODE_SIGNING;
    for provider in crate::crypto::providers() {
        let mut pki = Pki::new(provider);
        // As generated: no extKeyUsage, no finding (no country or CRL DP rule either).
        let chain = run(&mut pki, &keep()).unwrap();
        assert!(chain.findings().is_empty(), "{:?}", chain.findings());
        assert_eq!(chain.role(), LeafRole::StatusListSigner);
        let cases: Vec<(Edit, ChainError)> = vec![
            (
                put(ku(KeyUsage(KeyUsages::DigitalSignature.into()), false)),
                status_err(V::KeyUsage),
            ),
            (
                put(ku(KeyUsage(KeyUsages::NonRepudiation.into()), true)),
                status_err(V::KeyUsage),
            ),
            (
                drop_ext(const_oid::db::rfc5280::ID_CE_KEY_USAGE),
                status_err(V::KeyUsage),
            ),
            (put(eku(EKU_MDL_DS, true)), status_err(V::ExtendedKeyUsage)),
            (
                put(eku(EKU_MDL_READER_AUTH, false)),
                status_err(V::ExtendedKeyUsage),
            ),
            (put(bc(true, None, true)), status_err(V::BasicConstraints)),
            (
                append(raw_ext("1.2.3.4.5", true)),
                status_err(V::UnknownCriticalExtension),
            ),
        ];
        for (i, (edit, expected)) in cases.into_iter().enumerate() {
            assert_eq!(run(&mut pki, &edit).unwrap_err(), expected, "case {i}");
        }
        // Another purpose (the draft's has no number yet): accepted.
        assert!(run(&mut pki, &put(eku(eku_oid, false))).is_ok());
        // Validity beyond 1187 days: a finding.
        let long = run(&mut pki, &edit(|s| s.not_after = s.not_before + 1200 * DAY)).unwrap();
        assert!(
            long.findings()
                .iter()
                .any(|f| f.kind == FindingKind::ValidityTooLong { max_days: 1187 })
        );
        // Without SKI: a finding.
        let no_ski = run(
            &mut pki,
            &drop_ext(const_oid::db::rfc5280::ID_CE_SUBJECT_KEY_IDENTIFIER),
        )
        .unwrap();
        assert!(
            no_ski
                .findings()
                .iter()
                .any(|f| f.kind == FindingKind::MissingSubjectKeyIdentifier)
        );
    }
}
