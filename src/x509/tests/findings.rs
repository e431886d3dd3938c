//! What validates with findings, and the validity bounds.

use alloc::vec;
use alloc::vec::Vec;

use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_CRL_DISTRIBUTION_POINTS, ID_CE_ISSUER_ALT_NAME,
    ID_CE_SUBJECT_KEY_IDENTIFIER,
};
use der::asn1::Ia5String;
use x509_cert::ext::pkix::crl::dp::DistributionPoint;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName};
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, CrlDistributionPoints};

use super::super::profile::{EKU_EUDI_PID_DS, EKU_MDL_DS};
use super::*;
use crate::crypto::providers;

#[test]
fn findings_report_what_is_tolerated() {
    use CertificateRole::{DocumentSigner as Ds, Iaca};
    use FindingKind as F;
    let found = |role, kind| Finding { role, kind };
    let dns_crl = {
        let name = GeneralName::DnsName(Ia5String::new("example.com").unwrap());
        let point = DistributionPoint {
            distribution_point: Some(DistributionPointName::FullName(vec![name])),
            reasons: None,
            crl_issuer: None,
        };
        extension(&CrlDistributionPoints(vec![point]), false).unwrap()
    };
    let wrong_aki = AuthorityKeyIdentifier {
        key_identifier: Some(OctetString::new(vec![1u8; 20]).unwrap()),
        ..Default::default()
    };
    let cases: Vec<(&str, Edit, Edit, Vec<Finding>)> = vec![
        ("none", keep(), keep(), vec![]),
        (
            "DS without the optional extensions",
            keep(),
            edit(|s| {
                let optional = [
                    ID_CE_SUBJECT_KEY_IDENTIFIER,
                    ID_CE_AUTHORITY_KEY_IDENTIFIER,
                    ID_CE_ISSUER_ALT_NAME,
                    ID_CE_CRL_DISTRIBUTION_POINTS,
                ];
                s.extensions.retain(|e| !optional.contains(&e.extn_id));
            }),
            vec![
                found(Ds, F::MissingSubjectKeyIdentifier),
                found(Ds, F::MissingAuthorityKeyIdentifier),
                found(Ds, F::MissingIssuerAltName),
                found(Ds, F::MissingCrlDistributionPoints),
            ],
        ),
        (
            "IACA without SKI, IAN, CRL DP",
            edit(|s| {
                let optional = [
                    ID_CE_SUBJECT_KEY_IDENTIFIER,
                    ID_CE_ISSUER_ALT_NAME,
                    ID_CE_CRL_DISTRIBUTION_POINTS,
                ];
                s.extensions.retain(|e| !optional.contains(&e.extn_id));
            }),
            keep(),
            vec![
                found(Iaca, F::MissingSubjectKeyIdentifier),
                found(Iaca, F::MissingIssuerAltName),
                found(Iaca, F::MissingCrlDistributionPoints),
            ],
        ),
        (
            "CRL DP without URI",
            put(dns_crl.clone()),
            put(dns_crl),
            vec![
                found(Ds, F::CrlDistributionPointWithoutUri),
                found(Iaca, F::CrlDistributionPointWithoutUri),
            ],
        ),
        (
            "IACA without pathLen",
            put(bc(true, None, true)),
            keep(),
            vec![found(Iaca, F::MissingPathLenConstraint)],
        ),
        (
            "validity too long",
            edit(|s| s.not_after = s.not_before + (20 * 365 + 6) * DAY),
            edit(|s| s.not_after = s.not_before + 458 * DAY),
            vec![
                found(Ds, F::ValidityTooLong { max_days: 457 }),
                found(Iaca, F::ValidityTooLong { max_days: 7305 }),
            ],
        ),
        (
            "longest validity allowed",
            keep(),
            edit(|s| s.not_after = s.not_before + 457 * DAY),
            vec![],
        ),
        (
            "62-bit serial",
            keep(),
            edit(|s| s.serial = vec![0x20, 0, 0, 0, 0, 0, 0, 1]),
            vec![found(Ds, F::SerialTooShort)],
        ),
        (
            "63-bit serial",
            keep(),
            edit(|s| s.serial = vec![0x40, 0, 0, 0, 0, 0, 0, 1]),
            vec![],
        ),
        (
            "zero serial",
            keep(),
            edit(|s| s.serial = vec![0]),
            vec![found(Ds, F::SerialNotPositive)],
        ),
        (
            "negative serial",
            edit(|s| s.serial = vec![0xff, 0x01]),
            keep(),
            vec![found(Iaca, F::SerialNotPositive)],
        ),
        (
            "DS EKU of the EU PID rulebook",
            keep(),
            put(eku(EKU_EUDI_PID_DS, true)),
            vec![found(Ds, F::EudiPidExtendedKeyUsage)],
        ),
        (
            "DS EKU of ISO and of the EU PID rulebook",
            keep(),
            put(extension(&ExtendedKeyUsage(vec![EKU_EUDI_PID_DS, EKU_MDL_DS]), true).unwrap()),
            vec![],
        ),
        (
            "AKI not the IACA's SKI",
            keep(),
            put(extension(&wrong_aki, false).unwrap()),
            vec![found(Ds, F::AuthorityKeyIdentifierMismatch)],
        ),
    ];
    for provider in providers() {
        let mut pki = Pki::new(provider);
        for (what, edit_iaca, edit_ds, want) in &cases {
            let chain = pki
                .run(edit_iaca, edit_ds)
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(chain.findings(), want.as_slice(), "{what}");
        }
    }
}

#[test]
fn validity_bounds_are_inclusive_and_valid_until_is_the_earliest() {
    for provider in providers() {
        let mut pki = Pki::new(provider);
        let iaca = pki.iaca(&keep());
        let ds = pki.ds(&iaca, &keep());
        let mut trust = TrustStore::new();
        trust.add_iaca(iaca.clone());
        let at = |now| verify_chain(&trust, &[ds.der()], LeafRole::DocumentSigner, provider, now);
        assert!(at(ds.not_before()).is_ok());
        assert_eq!(at(ds.not_after()).unwrap().valid_until(), T0 + 365 * DAY);
        assert!(at(ds.not_before() - 1).is_err());
        assert!(at(ds.not_after() + 1).is_err());
        assert_eq!(at(NOW).unwrap().issuing_country(), Some("US"));
    }
}
