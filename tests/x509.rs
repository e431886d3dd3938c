//! X.509 through the public API: the Annex D chains, every interop chain, generated
//! chains and keys, under every compiled crypto backend.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::Decode;
use iso18013::crypto::{CryptoError, EcCurve, RandomSource, providers};
use iso18013::mso::IssuerAuth;
use iso18013::x509::generate::{self, AltName, CertificateParams};
use iso18013::x509::key::{ec_private_key_from_pem, ec_private_key_to_pem};
use iso18013::x509::{
    CertPosition, Certificate, CertificateRole, ChainError, Finding, FindingKind, LeafRole,
    TrustStore, verify_chain,
};

/// 2020-10-01T13:30:02Z: the Annex D chains are valid.
const ANNEX_D_NOW: i64 = 1_601_559_002;
/// 2026-12-01T00:00:00Z: the interop chains are valid.
const INTEROP_NOW: i64 = 1_796_083_200;

fn annex_d(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(&path).unwrap().trim()).unwrap()
}

fn interop(path: &str) -> String {
    let path = format!("{}/test-vectors/interop/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

fn found(role: CertificateRole, kind: FindingKind) -> Finding {
    Finding { role, kind }
}

#[test]
fn annex_d_document_signer_chain() {
    let mut trust = TrustStore::new();
    trust.add_iaca_der(&annex_d("iaca_cert")).unwrap();
    let ds = annex_d("ds_cert");
    for provider in providers() {
        let chain = verify_chain(
            &trust,
            &[&ds],
            LeafRole::DocumentSigner,
            provider,
            ANNEX_D_NOW,
        )
        .unwrap();
        assert_eq!(chain.leaf().subject(), "C=US,CN=utopia ds");
        assert_eq!(chain.anchor().subject(), "C=US,CN=utopia iaca");
        assert_eq!(chain.issuing_country(), Some("US"));
        assert_eq!(chain.valid_until(), 1_633_046_400); // the DS's notAfter, 2021-10-01
        // Both carry a cRLDistributionPoints whose fullName is a dNSName
        // ("example.com"), not the URI Annex B asks for.
        assert_eq!(
            chain.findings(),
            &[
                found(
                    CertificateRole::DocumentSigner,
                    FindingKind::CrlDistributionPointWithoutUri
                ),
                found(
                    CertificateRole::Iaca,
                    FindingKind::CrlDistributionPointWithoutUri
                ),
            ]
        );
        let at = |now| verify_chain(&trust, &[&ds], LeafRole::DocumentSigner, provider, now);
        let expired = at(1_640_995_200); // 2022-01-01
        assert_eq!(
            expired.unwrap_err(),
            ChainError::Expired {
                cert: CertPosition::Chain(0)
            }
        );
        assert_eq!(
            at(1_601_510_399).unwrap_err(),
            ChainError::NotYetValid {
                cert: CertPosition::Chain(0)
            }
        );
        // The IACA alone is not a document signer chain.
        let iaca = trust.iaca_roots()[0].der();
        assert_eq!(
            verify_chain(
                &trust,
                &[iaca],
                LeafRole::DocumentSigner,
                provider,
                ANNEX_D_NOW
            )
            .unwrap_err(),
            ChainError::LeafIsTrustAnchor
        );
    }
}

#[test]
fn annex_d_issuer_auth_x5chain() {
    let auth = IssuerAuth::from_cbor(&annex_d("issuer_auth")).unwrap();
    let x5chain = auth.sign1().unprotected().x5chain.as_ref().unwrap();
    let chain: Vec<&[u8]> = x5chain.certificates().collect();
    assert_eq!(chain, [annex_d("ds_cert").as_slice()]);
    let mut trust = TrustStore::new();
    trust.add_iaca_der(&annex_d("iaca_cert")).unwrap();
    for provider in providers() {
        let verified = verify_chain(
            &trust,
            &chain,
            LeafRole::DocumentSigner,
            provider,
            ANNEX_D_NOW,
        )
        .unwrap();
        assert_eq!(verified.leaf().curve(), Some(EcCurve::P256));
    }
}

#[test]
fn annex_d_reader_chain() {
    let mut trust = TrustStore::new();
    trust
        .add_reader_root_der(&annex_d("reader_root_cert"))
        .unwrap();
    let reader = annex_d("reader_cert");
    for provider in providers() {
        let chain =
            verify_chain(&trust, &[&reader], LeafRole::Reader, provider, ANNEX_D_NOW).unwrap();
        assert_eq!(chain.leaf().subject(), "CN=reader");
        assert_eq!(chain.issuing_country(), None);
        // The reader root has no country, no issuerAltName and a dNSName CRL point: Annex
        // B sets no profile for reader roots, so only the reader's CRL point is reported.
        assert_eq!(
            chain.findings(),
            &[found(
                CertificateRole::Reader,
                FindingKind::CrlDistributionPointWithoutUri
            )]
        );
        // Reader roots do not anchor document signers.
        let as_ds = verify_chain(
            &trust,
            &[&reader],
            LeafRole::DocumentSigner,
            provider,
            ANNEX_D_NOW,
        );
        assert_eq!(as_ds.unwrap_err(), ChainError::UntrustedIssuer { index: 0 });
    }
}

#[test]
fn every_interop_chain_validates() {
    use CertificateRole::{DocumentSigner, Iaca};
    use FindingKind::MissingCrlDistributionPoints;
    let no_crl = vec![
        found(DocumentSigner, MissingCrlDistributionPoints),
        found(Iaca, MissingCrlDistributionPoints),
    ];
    let cases = [
        // @auth0/mdl 3.0.1: neither certificate has cRLDistributionPoints.
        ("auth0-mdl", "iaca_cert.pem", "ds_cert.pem", no_crl.clone()),
        // @owf/mdoc 0.6.0: neither certificate has cRLDistributionPoints.
        ("owf-mdoc", "iaca_cert.pem", "ds_cert.pem", no_crl.clone()),
        // pymdoccbor 1.4.0: neither certificate has cRLDistributionPoints.
        ("pymdoccbor", "iaca_cert.pem", "ds_cert.pem", no_crl),
        // isomdl 0.2.0: the full Annex B profile, nothing to report.
        ("isomdl", "iaca.cert.pem", "ds.cert.pem", vec![]),
    ];
    for (dir, iaca, ds, want) in cases {
        let trust = TrustStore::from_iaca_pem(&interop(&format!("{dir}/{iaca}"))).unwrap();
        let ds = Certificate::from_pem(&interop(&format!("{dir}/{ds}"))).unwrap();
        assert_eq!(ds.len(), 1);
        for provider in providers() {
            let chain = verify_chain(
                &trust,
                &[ds[0].der()],
                LeafRole::DocumentSigner,
                provider,
                INTEROP_NOW,
            )
            .unwrap_or_else(|e| panic!("{dir} ({}): {e}", provider.name()));
            assert_eq!(chain.findings(), want.as_slice(), "{dir}");
            assert_eq!(chain.issuing_country(), Some("US"));
        }
    }
    // One library's document signer does not chain to another's IACA.
    let trust = TrustStore::from_iaca_pem(&interop("owf-mdoc/iaca_cert.pem")).unwrap();
    let auth0_ds = Certificate::from_pem(&interop("auth0-mdl/ds_cert.pem")).unwrap();
    for provider in providers() {
        let r = verify_chain(
            &trust,
            &[auth0_ds[0].der()],
            LeafRole::DocumentSigner,
            provider,
            INTEROP_NOW,
        );
        assert_eq!(r.unwrap_err(), ChainError::UntrustedIssuer { index: 0 });
    }
}

#[test]
fn interop_private_keys_import_and_export_identically() {
    for path in [
        "auth0-mdl/device_key.pem",
        "auth0-mdl/reader_key.pem",
        "owf-mdoc/device_key.pem",
        "pymdoccbor/device_key.pem",
        "isomdl/device.key.pem",
    ] {
        let text = interop(path);
        let key = ec_private_key_from_pem(&text).unwrap();
        assert_eq!(key.curve(), EcCurve::P256, "{path}");
        for provider in providers() {
            let public = provider.ec_public_key(&key).unwrap();
            let pem = ec_private_key_to_pem(&key, &public).unwrap();
            assert_eq!(pem.trim_end(), text.trim_end(), "{path}");
        }
    }
}

/// A deterministic random source for reproducible keys and serials.
struct Counter(u8);

impl RandomSource for Counter {
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CryptoError> {
        for b in out {
            self.0 = self.0.wrapping_mul(29).wrapping_add(71);
            *b = self.0;
        }
        Ok(())
    }
}

#[test]
fn generated_chains_validate_without_findings() {
    let t0 = 1_767_225_600; // 2026-01-01
    let params = |cn, days: i64| CertificateParams {
        common_name: cn,
        country: "NL",
        state: Some("NH"),
        not_before: t0,
        not_after: t0 + days * 86_400,
        issuer_alt_name: Some(AltName::Email("iaca@example.org")),
        crl_distribution_point: Some("https://example.org/iaca.crl"),
    };
    for provider in providers() {
        let mut rng = Counter(1);
        let iaca_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let iaca = generate::iaca(provider, &iaca_key, &params("IACA", 3650), &mut rng).unwrap();
        let ds_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let ds_public = provider.ec_public_key(&ds_key).unwrap();
        let ds = generate::document_signer(
            provider,
            &iaca_key,
            &iaca,
            &ds_public,
            EcCurve::P256,
            &params("DS", 457),
            &mut rng,
        )
        .unwrap();
        // Through PEM, as files on disk would be.
        let trust = TrustStore::from_iaca_pem(&iaca.to_pem()).unwrap();
        let ds = Certificate::from_pem(&ds.to_pem()).unwrap().remove(0);
        let now = t0 + 86_400;
        let chain =
            verify_chain(&trust, &[ds.der()], LeafRole::DocumentSigner, provider, now).unwrap();
        assert_eq!(chain.findings(), &[]);
        assert_eq!(chain.issuing_country(), Some("NL"));
        assert_eq!(chain.leaf().subject_state(), Some("NH"));
        assert_eq!(chain.leaf().public_key(), ds_public.as_slice());

        let root_key = provider.ec_generate(EcCurve::P384, &mut rng).unwrap();
        let root =
            generate::reader_root(provider, &root_key, &params("Readers", 3650), &mut rng).unwrap();
        let reader_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let reader = generate::reader(
            provider,
            &root_key,
            &root,
            &provider.ec_public_key(&reader_key).unwrap(),
            EcCurve::P256,
            &params("Reader", 1187),
            &mut rng,
        )
        .unwrap();
        let mut trust = TrustStore::new();
        trust.add_reader_root_pem(&root.to_pem()).unwrap();
        let chain = verify_chain(&trust, &[reader.der()], LeafRole::Reader, provider, now).unwrap();
        assert_eq!(chain.findings(), &[]);
        assert_eq!(chain.anchor(), &root);
    }
}
