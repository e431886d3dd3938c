//! Generated certificates: their shape, their times, the chains they make.

use super::super::profile::serial_bits;
use super::*;
use crate::crypto::providers;

#[test]
fn generated_certificates_have_the_annex_b_shape() {
    for provider in providers() {
        let iaca_key = key(provider, EcCurve::P384, 10);
        let mut rng = TestRng(11);
        let iaca =
            generate::iaca(provider, &iaca_key, &params("Test IACA", 3650), &mut rng).unwrap();
        assert_eq!(iaca.subject(), "CN=Test IACA,C=US");
        assert_eq!(iaca.curve(), Some(EcCurve::P384));
        assert_eq!(iaca.serial().len(), 20);
        assert_eq!(serial_bits(iaca.serial()), Some(159));
        let ds_key = key(provider, EcCurve::P256, 12);
        let ds_public = provider.ec_public_key(&ds_key).unwrap();
        let ds = generate::document_signer(
            provider,
            &iaca_key,
            &iaca,
            &ds_public,
            EcCurve::P256,
            &params("Test DS", 365),
            &mut rng,
        )
        .unwrap();
        assert_eq!(ds.public_key(), ds_public);
        assert_eq!(ds.authority_key_identifier(), iaca.subject_key_identifier());
        assert_eq!(
            ds.signature_digest(),
            Some(crate::crypto::DigestAlgorithm::Sha384)
        );
        assert_eq!(
            Certificate::from_pem(&ds.to_pem()).unwrap(),
            vec![ds.clone()]
        );

        let mut trust = TrustStore::new();
        trust.add_iaca(iaca.clone());
        let chain =
            verify_chain(&trust, &[ds.der()], LeafRole::DocumentSigner, provider, NOW).unwrap();
        assert_eq!(chain.findings(), &[]);
        assert_eq!(chain.valid_until(), T0 + 365 * DAY);

        // The generator refuses what would not validate.
        let other_state = CertificateParams {
            state: Some("CA"),
            ..params("Test DS", 365)
        };
        let wrong = [
            (&iaca_key, &other_state),
            (&ds_key, &params("Test DS", 365)),
        ];
        for (issuer_key, p) in wrong {
            let r = generate::document_signer(
                provider,
                issuer_key,
                &iaca,
                &ds_public,
                EcCurve::P256,
                p,
                &mut rng,
            );
            assert!(matches!(r, Err(generate::GenerateError::InvalidParams(_))));
        }
        let bad_country = CertificateParams {
            country: "usa",
            ..params("Test IACA", 10)
        };
        let backwards = CertificateParams {
            not_after: T0 - 1,
            ..params("Test IACA", 10)
        };
        for p in [bad_country, backwards] {
            assert!(matches!(
                generate::iaca(provider, &iaca_key, &p, &mut rng),
                Err(generate::GenerateError::InvalidParams(_))
            ));
        }
        let r = generate::reader(
            provider,
            &iaca_key,
            &iaca,
            &ds_public[..64],
            EcCurve::P256,
            &params("R", 10),
            &mut rng,
        );
        assert!(matches!(r, Err(generate::GenerateError::InvalidParams(_))));
    }
}

#[test]
fn generated_times_use_generalized_time_from_2050() {
    let provider = providers()[0];
    let key = key(provider, EcCurve::P256, 20);
    let far = CertificateParams {
        not_after: 2_556_143_999 + DAY, // 2051-01-01
        ..params("Long IACA", 1)
    };
    let iaca = generate::iaca(provider, &key, &far, &mut TestRng(21)).unwrap();
    assert_eq!(iaca.not_after(), far.not_after);
    // GeneralizedTime tag (0x18) with a four-digit year.
    assert!(iaca.tbs_der().windows(6).any(|w| w == b"\x18\x0f2051"));
}

#[test]
fn generated_reader_chains_validate() {
    for provider in providers() {
        let root_key = key(provider, EcCurve::P256, 300);
        let mut rng = TestRng(301);
        let root =
            generate::reader_root(provider, &root_key, &params("Reader Root", 3650), &mut rng)
                .unwrap();
        let reader_key = key(provider, EcCurve::P521, 302);
        let reader_public = provider.ec_public_key(&reader_key).unwrap();
        let reader = generate::reader(
            provider,
            &root_key,
            &root,
            &reader_public,
            EcCurve::P521,
            &params("Reader", 1000),
            &mut rng,
        )
        .unwrap();
        let mut trust = TrustStore::new();
        trust.add_reader_root(root.clone());
        let chain = verify_chain(&trust, &[reader.der()], LeafRole::Reader, provider, NOW).unwrap();
        assert_eq!(chain.findings(), &[]);
        assert_eq!(chain.anchor(), &root);
        assert_eq!(chain.leaf().curve(), Some(EcCurve::P521));
        // A reader certificate is no document signer, and vice versa.
        trust.add_iaca(root.clone());
        let as_ds = verify_chain(
            &trust,
            &[reader.der()],
            LeafRole::DocumentSigner,
            provider,
            NOW,
        );
        assert_eq!(
            as_ds.err(),
            Some(ChainError::Profile {
                role: CertificateRole::DocumentSigner,
                violation: ProfileViolation::ExtendedKeyUsage
            })
        );
    }
}
