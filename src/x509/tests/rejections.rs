//! The rejection table of `verify_chain`: one case or more per enforced Annex B rule and
//! per `ChainError` variant, each built with the generator (then bent before signing)
//! or by editing DER, each asserting the exact error.

use alloc::vec;
use alloc::vec::Vec;

use const_oid::db::rfc4519::{COMMON_NAME, ST};
use const_oid::db::rfc5280::{
    ID_CE_AUTHORITY_KEY_IDENTIFIER, ID_CE_BASIC_CONSTRAINTS, ID_CE_EXT_KEY_USAGE, ID_CE_KEY_USAGE,
};
use x509_cert::ext::pkix::KeyUsages;

use super::super::asn1::ecdsa_oid;
use super::super::extensions::FORBIDDEN;
use super::super::profile::{
    EKU_EUDI_PID_DS, EKU_EUDI_PID_READER_AUTH, EKU_MDL_DS, EKU_MDL_READER_AUTH,
};
use super::*;
use crate::crypto::{DigestAlgorithm, providers};

#[test]
fn every_enforced_rule_has_its_error() {
    use CertPosition::{Anchor, Chain};
    use ProfileViolation as V;
    let sha384 = ecdsa_oid(DigestAlgorithm::Sha384);
    let digital_signature = KeyUsage(KeyUsages::DigitalSignature.into());
    let cases: Vec<(&str, Edit, Edit, ChainError)> = vec![
        (
            "DS v1",
            keep(),
            edit(|s| s.version = None),
            ds_err(V::Version),
        ),
        (
            "IACA v2",
            edit(|s| s.version = Some(1)),
            keep(),
            iaca_err(V::Version),
        ),
        (
            "IACA signed with RSA",
            edit(|s| s.signature_oid = ObjectIdentifier::new_unwrap(RSA_SHA256)),
            keep(),
            iaca_err(V::SignatureAlgorithm),
        ),
        (
            "DS keyUsage missing",
            keep(),
            drop_ext(ID_CE_KEY_USAGE),
            ds_err(V::KeyUsage),
        ),
        (
            "DS keyUsage not critical",
            keep(),
            put(ku(digital_signature, false)),
            ds_err(V::KeyUsage),
        ),
        (
            "DS keyUsage with nonRepudiation",
            keep(),
            put(ku(
                KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation),
                true,
            )),
            ds_err(V::KeyUsage),
        ),
        (
            "IACA keyUsage without cRLSign",
            put(ku(KeyUsage(KeyUsages::KeyCertSign.into()), true)),
            keep(),
            iaca_err(V::KeyUsage),
        ),
        (
            "DS EKU missing",
            keep(),
            drop_ext(ID_CE_EXT_KEY_USAGE),
            ds_err(V::ExtendedKeyUsage),
        ),
        (
            "DS EKU not critical",
            keep(),
            put(eku(EKU_MDL_DS, false)),
            ds_err(V::ExtendedKeyUsage),
        ),
        (
            "DS EKU of a reader",
            keep(),
            put(eku(EKU_MDL_READER_AUTH, true)),
            ds_err(V::ExtendedKeyUsage),
        ),
        (
            "DS EKU of the EU PID rulebook, not critical",
            keep(),
            put(eku(EKU_EUDI_PID_DS, false)),
            ds_err(V::ExtendedKeyUsage),
        ),
        (
            "DS EKU of the EU PID rulebook's reader",
            keep(),
            put(eku(EKU_EUDI_PID_READER_AUTH, true)),
            ds_err(V::ExtendedKeyUsage),
        ),
        (
            "DS is a CA",
            keep(),
            put(bc(true, None, true)),
            ds_err(V::BasicConstraints),
        ),
        (
            "IACA BC missing",
            drop_ext(ID_CE_BASIC_CONSTRAINTS),
            keep(),
            iaca_err(V::BasicConstraints),
        ),
        (
            "IACA BC not critical",
            put(bc(true, Some(0), false)),
            keep(),
            iaca_err(V::BasicConstraints),
        ),
        (
            "IACA not a CA",
            put(bc(false, None, true)),
            keep(),
            iaca_err(V::BasicConstraints),
        ),
        (
            "IACA pathLen 1",
            put(bc(true, Some(1), true)),
            keep(),
            iaca_err(V::BasicConstraints),
        ),
        (
            "DS unknown critical extension",
            keep(),
            append(raw_ext("1.2.3.4", true)),
            ds_err(V::UnknownCriticalExtension),
        ),
        (
            "IACA certificatePolicies critical",
            append(raw_ext("2.5.29.32", true)),
            keep(),
            iaca_err(V::UnknownCriticalExtension),
        ),
        (
            "IACA without country",
            edit(|s| s.subject = name(&[(COMMON_NAME, "Test IACA")])),
            keep(),
            iaca_err(V::MissingCountry),
        ),
        (
            "DS without country",
            keep(),
            edit(|s| s.subject = name(&[(COMMON_NAME, "Test DS")])),
            ds_err(V::MissingCountry),
        ),
        (
            "DS in another country",
            keep(),
            edit(|s| s.subject = name(&[(COUNTRY_NAME, "DE"), (COMMON_NAME, "Test DS")])),
            ds_err(V::CountryMismatch),
        ),
        (
            "DS with a state, IACA without",
            keep(),
            edit(|s| {
                s.subject = name(&[
                    (COUNTRY_NAME, "US"),
                    (ST, "US-CA"),
                    (COMMON_NAME, "Test DS"),
                ]);
            }),
            ds_err(V::StateMismatch),
        ),
        (
            "IACA with a state, DS without",
            edit(|s| {
                s.subject = name(&[
                    (COUNTRY_NAME, "US"),
                    (ST, "US-CA"),
                    (COMMON_NAME, "Test IACA"),
                ]);
                s.issuer.clone_from(&s.subject);
            }),
            keep(),
            ds_err(V::StateMismatch),
        ),
        // Chain mechanics.
        (
            "DS not yet valid",
            keep(),
            edit(|s| s.not_before = NOW + 1),
            ChainError::NotYetValid { cert: Chain(0) },
        ),
        (
            "DS expired",
            keep(),
            edit(|s| s.not_after = NOW - 1),
            ChainError::Expired { cert: Chain(0) },
        ),
        (
            "IACA not yet valid",
            edit(|s| s.not_before = NOW + 1),
            keep(),
            ChainError::NotYetValid { cert: Anchor },
        ),
        (
            "IACA expired",
            edit(|s| s.not_after = NOW - 1),
            keep(),
            ChainError::Expired { cert: Anchor },
        ),
        (
            "DS signed with RSA",
            keep(),
            edit(|s| s.signature_oid = ObjectIdentifier::new_unwrap(RSA_SHA256)),
            ChainError::UnsupportedAlgorithm { index: 0 },
        ),
        (
            // Annex B allows the pairing; the signature is over the SHA-256 digest.
            "DS claims SHA-384 from a P-256 IACA that signed with SHA-256",
            keep(),
            edit(move |s| s.signature_oid = sha384),
            ChainError::BadSignature { index: 0 },
        ),
        (
            "DS with an Ed25519 key",
            keep(),
            edit(|s| s.spki = spki("1.3.101.112", None, &[7u8; 32])),
            ChainError::UnsupportedKey { cert: Chain(0) },
        ),
        (
            "IACA key on secp256k1",
            edit(|s| {
                let point = s.spki[s.spki.len() - 65..].to_vec();
                s.spki = spki("1.2.840.10045.2.1", Some("1.3.132.0.10"), &point);
            }),
            keep(),
            ChainError::UnsupportedKey { cert: Anchor },
        ),
        (
            "IACA key off the curve",
            edit(|s| {
                let mut point = vec![4u8; 65];
                point[64] = 5;
                s.spki = spki("1.2.840.10045.2.1", Some("1.2.840.10045.3.1.7"), &point);
            }),
            keep(),
            ChainError::UnsupportedKey { cert: Anchor },
        ),
        (
            "DS with keyUsage twice",
            keep(),
            append(ku(digital_signature, true)),
            ChainError::Malformed {
                index: 0,
                error: CertificateError::DuplicateExtension,
            },
        ),
        (
            "DS with a malformed keyUsage",
            keep(),
            put(raw_ext("2.5.29.15", true)),
            ChainError::Malformed {
                index: 0,
                error: CertificateError::Malformed("keyUsage"),
            },
        ),
    ];
    for provider in providers() {
        let mut pki = Pki::new(provider);
        assert!(pki.run(&keep(), &keep()).is_ok());
        for (what, edit_iaca, edit_ds, want) in &cases {
            let got = pki.run(edit_iaca, edit_ds);
            assert_eq!(
                got.as_ref().err(),
                Some(want),
                "{what} ({})",
                provider.name()
            );
        }
        for (oid, name) in FORBIDDEN {
            let ext = Extension {
                extn_id: oid,
                critical: false,
                extn_value: OctetString::new(vec![0x30, 0x00]).unwrap(),
            };
            let want = ProfileViolation::ForbiddenExtension { name };
            assert_eq!(
                pki.run(&keep(), &append(ext.clone())).err(),
                Some(ds_err(want))
            );
            assert_eq!(pki.run(&append(ext), &keep()).err(), Some(iaca_err(want)));
        }
    }
}

#[test]
fn chain_shape_errors() {
    for provider in providers() {
        let mut pki = Pki::new(provider);
        let iaca = pki.iaca(&keep());
        let ds = pki.ds(&iaca, &keep());
        let mut trust = TrustStore::new();
        trust.add_iaca(iaca.clone());
        let run = |chain: &[&[u8]], role| verify_chain(&trust, chain, role, provider, NOW);
        let dsr = LeafRole::DocumentSigner;

        assert_eq!(run(&[], dsr).err(), Some(ChainError::EmptyChain));
        let five = [ds.der(); 5];
        assert_eq!(
            run(&five, dsr).err(),
            Some(ChainError::TooLong { max: MAX_CHAIN_LEN })
        );
        let malformed = |index| ChainError::Malformed {
            index,
            error: CertificateError::Malformed("certificate"),
        };
        assert_eq!(run(&[b"junk"], dsr).err(), Some(malformed(0)));
        assert_eq!(run(&[ds.der(), b"junk"], dsr).err(), Some(malformed(1)));
        assert_eq!(
            run(&[iaca.der()], dsr).err(),
            Some(ChainError::LeafIsTrustAnchor)
        );
        // Validated as a reader, the DS has no anchor.
        assert_eq!(
            run(&[ds.der()], LeafRole::Reader).err(),
            Some(ChainError::UntrustedIssuer { index: 0 })
        );
        // A trailing copy of the anchor is accepted; an unrelated second certificate is not.
        assert!(run(&[ds.der(), iaca.der()], dsr).is_ok());
        let empty = TrustStore::new();
        let unrelated = verify_chain(&empty, &[ds.der(), ds.der()], dsr, provider, NOW);
        assert_eq!(
            unrelated.err(),
            Some(ChainError::UntrustedIssuer { index: 0 })
        );

        // Another IACA with the same name and another key: the name matches, the
        // signature does not.
        let mut impostor = Pki::new(provider);
        impostor.iaca_key = key(provider, EcCurve::P256, 999);
        let impostor_iaca = impostor.iaca(&keep());
        let mut trust2 = TrustStore::new();
        trust2.add_iaca(impostor_iaca.clone());
        let r = verify_chain(&trust2, &[ds.der()], dsr, provider, NOW);
        assert_eq!(r.err(), Some(ChainError::BadSignature { index: 0 }));
        // With both anchors present, the right one is found.
        trust2.add_iaca(iaca.clone());
        assert!(verify_chain(&trust2, &[ds.der()], dsr, provider, NOW).is_ok());

        // A changed byte in the signed part (the serial number's last octet).
        let mut tampered = ds.der().to_vec();
        let at = find(&tampered, ds.serial()) + ds.serial().len() - 1;
        tampered[at] ^= 1;
        assert_eq!(
            run(&[&tampered], dsr).err(),
            Some(ChainError::BadSignature { index: 0 })
        );

        // A signature value that is not DER Ecdsa-Sig-Value, and mismatched algorithms.
        let alg = sequence(&[&ecdsa_oid(DigestAlgorithm::Sha256).to_der().unwrap()]).unwrap();
        let alg384 = sequence(&[&ecdsa_oid(DigestAlgorithm::Sha384).to_der().unwrap()]).unwrap();
        let bits = |sig: &[u8]| tlv(Tag::BitString, &[&[0u8][..], sig]).unwrap();
        let not_der = sequence(&[ds.tbs_der(), &alg, &bits(&[0x30, 0x00])]).unwrap();
        assert_eq!(
            run(&[&not_der], dsr).err(),
            Some(ChainError::BadSignature { index: 0 })
        );
        let mismatch = sequence(&[ds.tbs_der(), &alg384, &bits(ds.signature())]).unwrap();
        assert_eq!(
            run(&[&mismatch], dsr).err(),
            Some(ChainError::Malformed {
                index: 0,
                error: CertificateError::SignatureAlgorithmMismatch
            })
        );
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

#[test]
fn intermediates_follow_basic_constraints_and_path_length() {
    for provider in providers() {
        let mut pki = Pki::new(provider);
        // An IACA allowing one intermediate (Annex B wants 0: reported, not rejected, when
        // absent; here it is 1, so the IACA itself breaks the profile).
        let int_key = key(provider, EcCurve::P256, 200);
        let build = |pki: &mut Pki<'_>, iaca_edit: &Edit, int_edit: &Edit| {
            let iaca = pki.iaca(iaca_edit);
            let p = params("Test Intermediate", 3000);
            let mut spec =
                prepare_root(CertificateRole::Iaca, provider, &int_key, &p, &mut pki.rng).unwrap();
            spec.issuer = iaca.subject_der().to_vec();
            int_edit(&mut spec);
            let int = sign(&spec, provider, &pki.iaca_key).unwrap();
            let mut ds_spec = pki.ds_spec(&int, CertificateRole::DocumentSigner);
            ds_spec
                .extensions
                .retain(|e| e.extn_id != ID_CE_AUTHORITY_KEY_IDENTIFIER);
            let ds = sign(&ds_spec, provider, &int_key).unwrap();
            let mut trust = TrustStore::new();
            trust.add_iaca(iaca);
            (trust, int, ds)
        };
        let check = |trust: &TrustStore, int: &Certificate, ds: &Certificate| {
            verify_chain(
                trust,
                &[ds.der(), int.der()],
                LeafRole::DocumentSigner,
                provider,
                NOW,
            )
        };

        let no_path_len = put(bc(true, None, true));
        let (trust, int, ds) = build(&mut pki, &no_path_len, &keep());
        let chain = check(&trust, &int, &ds).unwrap();
        assert_eq!(chain.intermediates(), core::slice::from_ref(&int));
        assert_eq!(
            chain.findings(),
            &[
                Finding {
                    role: CertificateRole::DocumentSigner,
                    kind: FindingKind::MissingAuthorityKeyIdentifier
                },
                Finding {
                    role: CertificateRole::Iaca,
                    kind: FindingKind::MissingPathLenConstraint
                },
            ]
        );
        // Without the intermediate in the x5chain the DS has no known issuer.
        let alone = verify_chain(&trust, &[ds.der()], LeafRole::DocumentSigner, provider, NOW);
        assert_eq!(alone.err(), Some(ChainError::UntrustedIssuer { index: 0 }));

        let (trust, int, ds) = build(&mut pki, &keep(), &keep());
        assert_eq!(
            check(&trust, &int, &ds).err(),
            Some(ChainError::PathLenExceeded {
                cert: CertPosition::Anchor
            })
        );
        let cases: [(Edit, ProfileViolation); 3] = [
            (
                put(bc(false, None, true)),
                ProfileViolation::BasicConstraints,
            ),
            (
                put(ku(KeyUsage(KeyUsages::DigitalSignature.into()), true)),
                ProfileViolation::KeyUsage,
            ),
            (edit(|s| s.version = None), ProfileViolation::Version),
        ];
        for (int_edit, violation) in cases {
            let (trust, int, ds) = build(&mut pki, &no_path_len, &int_edit);
            assert_eq!(
                check(&trust, &int, &ds).err(),
                Some(ChainError::Intermediate {
                    index: 1,
                    violation
                })
            );
        }
        let (trust, int, ds) = build(&mut pki, &keep(), &edit(|s| s.not_after = NOW - 1));
        assert_eq!(
            check(&trust, &int, &ds).err(),
            Some(ChainError::Expired {
                cert: CertPosition::Chain(1)
            })
        );
    }
}
