//! Status list and identifier list tokens under every crypto backend: issuing (one and
//! two steps), verifying, a negative test for each rule a reader applies, and the
//! structures of ISO 18013-5 2nd edition Annex D.6 with the draft's errors corrected.
// Test code: a panic is a failed test, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use iso18013::cbor::{Decode, Encode, Encoder, Label, Value};
use iso18013::cose::{
    CoseError, CoseSign1, Header, HeaderError, HeaderLabel, PreparedSign1, ProtectedHeader,
    X5Chain, sig_structure,
};
use iso18013::crypto::{CryptoProvider, EcPrivateKey, SignatureAlgorithm, providers};
use iso18013::issuer::KeySigner;
use iso18013::mso;
use iso18013::status::{
    CompressedStatusList, HEADER_TYP, IdentifierList, ListClaims, ListError, ListFinding, ListKind,
    ListSigner, ListTrust, ListVerifyOptions, Status, StatusList, StatusListError, TokenParams,
    verify_identifier_list, verify_status_list,
};
use iso18013::testing::TestPki;
use iso18013::x509::{CertPosition, CertificateRole, ChainError, ProfileViolation};

const NOW: i64 = 1_780_000_000;
const DAY: i64 = 86_400;
const URI: &str = "https://issuer.example/status/1";

fn params() -> TokenParams {
    TokenParams {
        uri: URI.into(),
        iat: NOW,
        exp: NOW + DAY,
        ttl: Some(3_600),
        aggregation_uri: None,
    }
}

fn list() -> StatusList {
    let mut list = StatusList::new(2, 4096).unwrap();
    list.set(3, Status::Invalid).unwrap();
    list.set(4, Status::Suspended).unwrap();
    list
}

fn iaca_trust(pki: &TestPki) -> ListTrust {
    ListTrust::new(None, core::slice::from_ref(&pki.iaca)).unwrap()
}

fn status_claims() -> ListClaims {
    ListClaims {
        sub: Some(URI.into()),
        iat: Some(NOW),
        exp: Some(NOW + DAY),
        ttl: Some(3_600),
        status_list: Some(CompressedStatusList::compress(&list())),
        ..ListClaims::default()
    }
}

/// A protected header with `typ` and the status list signer's x5chain.
fn protected(pki: &TestPki, typ: Option<&str>) -> Header {
    let mut header = Header {
        x5chain: Some(X5Chain::Single(pki.status_signer.der().to_vec())),
        ..Header::default()
    };
    if let Some(typ) = typ {
        header.rest.push((Label::Int(HEADER_TYP), Value::from(typ)));
    }
    header
}

/// A token made by hand, for the forms `ListSigner` never makes.
fn craft(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    protected: Header,
    unprotected: Header,
    claims: &ListClaims,
    tagged: bool,
) -> Vec<u8> {
    let prepared = PreparedSign1::with_protected(
        SignatureAlgorithm::Es256,
        protected,
        unprotected,
        Some(claims.to_cbor()),
        None,
    )
    .unwrap();
    let sign1 = prepared.sign(provider, key).unwrap();
    let mut e = Encoder::new();
    if tagged {
        e.tag(18);
    }
    sign1.encode(&mut e);
    e.into_bytes()
}

/// As [`craft`], without the header checks `PreparedSign1` makes (for headers that break
/// RFC 9052 §3, which the verifier must refuse).
fn craft_unchecked(
    provider: &dyn CryptoProvider,
    key: &EcPrivateKey,
    protected: Header,
    claims: &ListClaims,
) -> Vec<u8> {
    let protected = ProtectedHeader::new(Header {
        alg: Some(Label::Int(-7)),
        ..protected
    });
    let payload = claims.to_cbor();
    let tbs = sig_structure(&protected, &[], &payload);
    let signature = provider
        .ecdsa_sign(SignatureAlgorithm::Es256, key, &tbs)
        .unwrap();
    let sign1 = CoseSign1::new(protected, Header::default(), Some(payload), signature);
    let mut e = Encoder::new();
    e.tag(18);
    sign1.encode(&mut e);
    e.into_bytes()
}

fn verify(
    provider: &dyn CryptoProvider,
    pki: &TestPki,
    token: &[u8],
) -> Result<iso18013::status::VerifiedStatusList, ListError> {
    verify_status_list(
        token,
        URI,
        &iaca_trust(pki),
        &ListVerifyOptions::default(),
        provider,
        NOW,
    )
}

#[test]
fn status_list_round_trip_in_one_and_two_steps() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let signer =
            ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap();
        let key = KeySigner::new(provider, pki.status_signer_key.clone());
        let token = signer
            .sign_status_list(&list(), &params(), provider, &key)
            .unwrap();
        assert_eq!(token[0], 0xd2, "tagged 18");
        let verified = verify(provider, &pki, &token).unwrap();
        assert_eq!(verified.status(3).unwrap(), Status::Invalid);
        assert_eq!(verified.status(4).unwrap(), Status::Suspended);
        assert_eq!(verified.status(5).unwrap(), Status::Valid);
        assert_eq!(
            verified.status(4096),
            Err(StatusListError::IndexOutOfRange {
                index: 4096,
                len: 4096
            })
        );
        assert_eq!(verified.bits(), 2);
        // Through the MSO's status_list: the uri must be the list's.
        let info = |uri: &str, idx| mso::StatusListInfo {
            idx,
            uri: uri.into(),
            certificate: None,
            rest: Default::default(),
        };
        assert_eq!(verified.status_for(&info(URI, 3)), Ok(Status::Invalid));
        assert_eq!(verified.status_for(&info(URI, 5)), Ok(Status::Valid));
        assert_eq!(
            verified.status_for(&info("https://issuer.example/status/2", 3)),
            Err(ListError::SubjectMismatch)
        );
        assert_eq!(
            verified.status_for(&info(URI, 4096)),
            Err(ListError::List(StatusListError::IndexOutOfRange {
                index: 4096,
                len: 4096
            }))
        );
        assert_eq!(verified.uri(), URI);
        assert_eq!((verified.iat(), verified.exp()), (NOW, NOW + DAY));
        assert_eq!(verified.ttl(), Some(3_600));
        assert!(verified.findings().is_empty());
        assert_eq!(verified.chain().anchor(), &pki.iaca);
        assert_eq!(verified.chain().leaf(), &pki.status_signer);
        assert_eq!(verified.info().fresh_until(NOW + 10), NOW + 3_610);
        assert_eq!(verified.info().valid_until(), NOW + DAY);
        // What a cache keeps it for: iat + ttl here, before exp.
        assert_eq!(verified.usable_until(), NOW + 3_600);
        assert_eq!(verified.valid_until(), NOW + DAY);
        assert!(verified.is_usable_at(NOW + 3_599));
        assert!(!verified.is_usable_at(NOW + 3_600));
        // Without ttl: until exp. With a ttl beyond exp: still until exp.
        for ttl in [None, Some(2 * 86_400)] {
            let p = TokenParams { ttl, ..params() };
            let token = signer
                .sign_status_list(&list(), &p, provider, &key)
                .unwrap();
            let verified = verify(provider, &pki, &token).unwrap();
            assert_eq!(verified.usable_until(), NOW + DAY, "{ttl:?}");
        }
        // A token whose signer certificate ends before exp: until the certificate ends.
        let long = TokenParams {
            exp: NOW + 800 * DAY,
            ttl: None,
            ..params()
        };
        let token = signer
            .sign_status_list(&list(), &long, provider, &key)
            .unwrap();
        let verified = verify(provider, &pki, &token).unwrap();
        assert_eq!(verified.usable_until(), pki.status_signer.not_after());

        // Two steps: an HSM signs the bytes (here DER, as cloud KMSs return it).
        let prepared = signer
            .prepare_status_list(&list(), &params(), SignatureAlgorithm::Es256)
            .unwrap();
        let raw = provider
            .ecdsa_sign(
                prepared.algorithm(),
                &pki.status_signer_key,
                prepared.to_be_signed(),
            )
            .unwrap();
        let two_step = prepared.finish_with(provider, raw).unwrap();
        assert_eq!(verify(provider, &pki, &two_step).unwrap().list(), &list());

        // The wrong key is caught when signing.
        let wrong = KeySigner::new(provider, pki.ds_key.clone());
        assert_eq!(
            signer.sign_status_list(&list(), &params(), provider, &wrong),
            Err(ListError::WrongSigner)
        );
        // A document signer is no list signer.
        assert!(matches!(
            ListSigner::from_certificates(core::slice::from_ref(&pki.ds)),
            Err(ListError::Chain(ChainError::Profile {
                role: CertificateRole::StatusListSigner,
                violation: ProfileViolation::ExtendedKeyUsage
            }))
        ));
        // Parameters no verifier accepts are refused when signing.
        let mut bad = params();
        bad.ttl = Some(0);
        assert_eq!(
            signer.sign_status_list(&list(), &bad, provider, &key),
            Err(ListError::InvalidTtl)
        );
        bad = params();
        bad.exp = NOW - 1;
        assert_eq!(
            signer.sign_status_list(&list(), &bad, provider, &key),
            Err(ListError::ExpiresBeforeIssued)
        );
    }
}

#[test]
fn identifier_list_round_trip() {
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let signer =
            ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap();
        let key = KeySigner::new(provider, pki.status_signer_key.clone());
        let mut ids = IdentifierList::new();
        ids.insert(b"revoked-1".to_vec());
        ids.insert(b"revoked-2".to_vec());
        ids.remove(b"revoked-2");
        let mut p = params();
        p.aggregation_uri = Some("https://issuer.example/identifierlists".into());
        let token = signer
            .sign_identifier_list(&ids, &p, provider, &key)
            .unwrap();
        let verified = verify_identifier_list(
            &token,
            URI,
            &iaca_trust(&pki),
            &ListVerifyOptions::default(),
            provider,
            NOW,
        )
        .unwrap();
        assert!(verified.is_revoked(b"revoked-1"));
        assert!(!verified.is_revoked(b"revoked-2"));
        assert!(verified.contains(b"revoked-1"));
        let info = |uri: &str, id: &[u8]| mso::IdentifierListInfo {
            id: id.to_vec(),
            uri: uri.into(),
            certificate: None,
            rest: Default::default(),
        };
        assert_eq!(verified.is_revoked_for(&info(URI, b"revoked-1")), Ok(true));
        assert_eq!(verified.is_revoked_for(&info(URI, b"revoked-2")), Ok(false));
        assert_eq!(
            verified.is_revoked_for(&info("https://issuer.example/other", b"revoked-1")),
            Err(ListError::SubjectMismatch)
        );
        assert!(!verified.contains(b"revoked-2"));
        assert!(!verified.contains(b""));
        assert_eq!(verified.usable_until(), NOW + 3_600);
        assert!(verified.is_usable_at(NOW));
        assert_eq!(
            verified.info().aggregation_uri(),
            Some("https://issuer.example/identifierlists")
        );
        // A status list token is not an identifier list token, and the reverse.
        let status = signer
            .sign_status_list(&list(), &params(), provider, &key)
            .unwrap();
        let options = ListVerifyOptions::default();
        let trust = iaca_trust(&pki);
        assert_eq!(
            verify_identifier_list(&status, URI, &trust, &options, provider, NOW).unwrap_err(),
            ListError::WrongType {
                expected: ListKind::IdentifierList
            }
        );
        assert_eq!(
            verify_status_list(&token, URI, &trust, &options, provider, NOW).unwrap_err(),
            ListError::WrongType {
                expected: ListKind::StatusList
            }
        );
    }
}

#[test]
fn every_rule_has_its_rejection() {
    let typ = Some("application/statuslist+cwt");
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let key = &pki.status_signer_key;
        let none = Header::default();
        let with = |change: &dyn Fn(&mut ListClaims)| {
            let mut claims = status_claims();
            change(&mut claims);
            craft(
                provider,
                key,
                protected(&pki, typ),
                none.clone(),
                &claims,
                true,
            )
        };
        let cases: Vec<(&str, Vec<u8>, ListError)> = vec![
            (
                "no typ",
                craft(
                    provider,
                    key,
                    protected(&pki, None),
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::WrongType {
                    expected: ListKind::StatusList,
                },
            ),
            (
                "another typ",
                craft(
                    provider,
                    key,
                    protected(&pki, Some("application/cwt")),
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::WrongType {
                    expected: ListKind::StatusList,
                },
            ),
            (
                "no x5chain",
                craft(
                    provider,
                    key,
                    Header {
                        x5chain: None,
                        ..protected(&pki, typ)
                    },
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::MissingX5Chain,
            ),
            (
                "x5chain unprotected",
                craft(
                    provider,
                    key,
                    Header {
                        x5chain: None,
                        ..protected(&pki, typ)
                    },
                    Header {
                        x5chain: Some(X5Chain::Single(pki.status_signer.der().to_vec())),
                        ..Header::default()
                    },
                    &status_claims(),
                    true,
                ),
                ListError::UnprotectedX5Chain,
            ),
            (
                "signed by another key",
                craft(
                    provider,
                    &pki.ds_key,
                    protected(&pki, typ),
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::Cose(CoseError::BadSignature),
            ),
            (
                "signed by the document signer",
                craft(
                    provider,
                    &pki.ds_key,
                    Header {
                        x5chain: Some(X5Chain::Single(pki.ds.der().to_vec())),
                        ..protected(&pki, typ)
                    },
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::Chain(ChainError::Profile {
                    role: CertificateRole::StatusListSigner,
                    violation: ProfileViolation::ExtendedKeyUsage,
                }),
            ),
            (
                "signed by the IACA itself",
                craft(
                    provider,
                    &pki.iaca_key,
                    Header {
                        x5chain: Some(X5Chain::Single(pki.iaca.der().to_vec())),
                        ..protected(&pki, typ)
                    },
                    none.clone(),
                    &status_claims(),
                    true,
                ),
                ListError::Chain(ChainError::LeafIsTrustAnchor),
            ),
            (
                "unknown critical header",
                craft_unchecked(
                    provider,
                    key,
                    Header {
                        crit: Some(vec![Label::Int(99)]),
                        rest: vec![
                            (
                                Label::Int(HEADER_TYP),
                                Value::from("application/statuslist+cwt"),
                            ),
                            (Label::Int(99), Value::from(1u64)),
                        ],
                        ..protected(&pki, None)
                    },
                    &status_claims(),
                ),
                ListError::Cose(CoseError::Header(HeaderError::UnknownCritical(
                    HeaderLabel::Int(99),
                ))),
            ),
            (
                "sub is another URI",
                with(&|c| c.sub = Some("https://issuer.example/status/2".into())),
                ListError::SubjectMismatch,
            ),
            (
                "no sub",
                with(&|c| c.sub = None),
                ListError::MissingClaim("sub"),
            ),
            (
                "no iat",
                with(&|c| c.iat = None),
                ListError::MissingClaim("iat"),
            ),
            (
                "no exp",
                with(&|c| c.exp = None),
                ListError::MissingClaim("exp"),
            ),
            (
                "expired",
                with(&|c| c.exp = Some(NOW)),
                ListError::Expired { exp: NOW },
            ),
            (
                "issued in the future",
                with(&|c| c.iat = Some(NOW + 301)),
                ListError::IssuedInFuture { iat: NOW + 301 },
            ),
            (
                "exp before iat",
                with(&|c| {
                    c.iat = Some(NOW - 10);
                    c.exp = Some(NOW - 20);
                }),
                ListError::ExpiresBeforeIssued,
            ),
            ("ttl 0", with(&|c| c.ttl = Some(0)), ListError::InvalidTtl),
            (
                "no status_list",
                with(&|c| c.status_list = None),
                ListError::MissingClaim("status_list"),
            ),
            (
                "bits 3",
                with(&|c| c.status_list.as_mut().unwrap().bits = 3),
                ListError::List(StatusListError::InvalidBits(3)),
            ),
            (
                "lst not zlib",
                with(&|c| c.status_list.as_mut().unwrap().lst = vec![1, 2, 3]),
                ListError::List(StatusListError::Compression),
            ),
            (
                "a decompression bomb",
                with(&|c| {
                    c.status_list = Some(CompressedStatusList::compress(
                        &StatusList::new(8, 8 << 20).unwrap(),
                    ));
                }),
                ListError::List(StatusListError::TooLarge {
                    limit: iso18013::status::DEFAULT_MAX_LIST_BYTES,
                }),
            ),
        ];
        for (name, token, expected) in cases {
            assert_eq!(
                verify(provider, &pki, &token).unwrap_err(),
                expected,
                "{name} ({})",
                provider.name()
            );
        }
        // Within the clock skew, iat ahead of now is accepted.
        assert!(verify(provider, &pki, &with(&|c| c.iat = Some(NOW + 300))).is_ok());
        // Not CBOR, or a COSE_Mac0: malformed.
        assert!(matches!(
            verify(provider, &pki, &[0xd1, 0x84]).unwrap_err(),
            ListError::Malformed(_)
        ));
        let good = with(&|_| {});
        assert!(matches!(
            verify(provider, &pki, &good[..good.len() - 1]).unwrap_err(),
            ListError::Malformed(_)
        ));
    }
}

#[test]
fn trust_points_and_times_of_the_signer_chain() {
    let typ = Some("application/statuslist+cwt");
    for provider in providers() {
        let pki = TestPki::generate(provider, NOW).unwrap();
        let other = TestPki::generate(provider, NOW).unwrap();
        let signer =
            ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap();
        let key = KeySigner::new(provider, pki.status_signer_key.clone());
        let token = signer
            .sign_status_list(&list(), &params(), provider, &key)
            .unwrap();
        let options = ListVerifyOptions::default();
        // Another issuer's IACA does not vouch for this signer (both test IACAs are named
        // `Test IACA`, so the name matches and the signature does not).
        let foreign = ListTrust::new(None, core::slice::from_ref(&other.iaca)).unwrap();
        assert_eq!(
            verify_status_list(&token, URI, &foreign, &options, provider, NOW).unwrap_err(),
            ListError::Chain(ChainError::BadSignature { index: 0 })
        );
        // The MSO's `certificate` as trust point: the right one, then another.
        let named =
            ListTrust::new(Some(pki.iaca.der()), core::slice::from_ref(&other.iaca)).unwrap();
        assert!(named.is_named_certificate());
        let verified = verify_status_list(&token, URI, &named, &options, provider, NOW).unwrap();
        assert_eq!(verified.chain().anchor(), &pki.iaca);
        let wrong =
            ListTrust::new(Some(other.iaca.der()), core::slice::from_ref(&pki.iaca)).unwrap();
        assert_eq!(
            verify_status_list(&token, URI, &wrong, &options, provider, NOW).unwrap_err(),
            ListError::Chain(ChainError::BadSignature { index: 0 })
        );
        assert!(matches!(
            ListTrust::new(Some(&[0x30, 0x00]), &[]),
            Err(ListError::TrustPoint(_))
        ));
        // A token valid for longer than its signer's certificate: refused once the
        // certificate has expired.
        let long = TokenParams {
            exp: NOW + 800 * DAY,
            ..params()
        };
        let token = signer
            .sign_status_list(&list(), &long, provider, &key)
            .unwrap();
        let later = NOW + 400 * DAY;
        assert_eq!(
            verify_status_list(&token, URI, &iaca_trust(&pki), &options, provider, later)
                .unwrap_err(),
            ListError::Chain(ChainError::Expired {
                cert: CertPosition::Chain(0)
            })
        );
        // Untagged: accepted, with a finding.
        let untagged = craft(
            provider,
            &pki.status_signer_key,
            protected(&pki, typ),
            Header::default(),
            &status_claims(),
            false,
        );
        assert_eq!(
            verify(provider, &pki, &untagged).unwrap().findings(),
            &[ListFinding::Untagged]
        );
    }
}

/// ISO 18013-5 2nd edition (draft 2025-09-14) Annex D.6, the status list example, with
/// real certificates, list and signature in place of the `h'aa....'` placeholders.
/// Corrected: the missing commas after `65534: 86400`, `"bits": 1` and `"lst": ...`,
/// the trailing comma after `"aggregation_uri": ...}`. Kept as the draft has it (and
/// accepted with a finding): `typ` `"statuslist+cwt"`, the short form of the media type
/// 12.3.6.3 names.
#[test]
fn annex_d6_status_list() {
    const D6_URI: &str = "https://example.com/statuslists/1";
    let now = 1_700_000_000; // within the test certificates, after iat 1686920170
    for provider in providers() {
        let pki = TestPki::generate(provider, now).unwrap();
        // MSO: "status": {"status_list": {"idx": 1340, "uri": ..., "certificate": h'..'}}
        let status = Value::Map(vec![(
            Value::from("status_list"),
            Value::Map(vec![
                (Value::from("idx"), Value::from(1340u64)),
                (Value::from("uri"), Value::from(D6_URI)),
                (
                    Value::from("certificate"),
                    Value::Bytes(pki.iaca.der().to_vec()),
                ),
            ]),
        )]);
        let status = mso::Status::from_cbor(&status.to_cbor()).unwrap();
        let info = status.status_list.unwrap();
        assert_eq!(info.idx, 1340);

        let mut list = StatusList::new(1, 2048).unwrap();
        list.set(1340, Status::Invalid).unwrap();
        let mut compressed = CompressedStatusList::compress(&list);
        compressed.aggregation_uri = Some("https://example.com/statuslists/aggregation".into());
        let claims = ListClaims {
            sub: Some(D6_URI.into()),
            exp: Some(2_291_720_170),
            iat: Some(1_686_920_170),
            ttl: Some(86_400),
            status_list: Some(compressed),
            ..ListClaims::default()
        };
        let token = craft(
            provider,
            &pki.status_signer_key,
            protected(&pki, Some("statuslist+cwt")),
            Header::default(),
            &claims,
            true,
        );
        let trust = ListTrust::new(info.certificate.as_deref(), &[]).unwrap();
        let verified = verify_status_list(
            &token,
            &info.uri,
            &trust,
            &ListVerifyOptions::default(),
            provider,
            now,
        )
        .unwrap();
        assert_eq!(verified.findings(), &[ListFinding::ShortType]);
        assert_eq!(verified.status(info.idx).unwrap(), Status::Invalid);
        assert_eq!(verified.status(1339).unwrap(), Status::Valid);
        assert_eq!(verified.bits(), 1);
        assert_eq!(verified.ttl(), Some(86_400));
        assert_eq!(
            verified.info().aggregation_uri(),
            Some("https://example.com/statuslists/aggregation")
        );
    }
}

/// Annex D.6, the identifier list example. Corrected: `typ` is
/// `"application/identifierlist+cwt"` (12.3.6.4) where the draft has `"identfierlist+cwt"`
/// (misspelt and short: accepted with a finding, checked below); the missing comma after
/// `65534: 86400`; the trailing commas after `h'cccc': {}` and the `aggregation_uri`.
/// The MSO's `id` h'cccc' is listed, so that mdoc is revoked.
#[test]
fn annex_d6_identifier_list() {
    const D6_URI: &str = "https://example.com/identifierlists/1";
    let now = 1_700_000_000;
    for provider in providers() {
        let pki = TestPki::generate(provider, now).unwrap();
        let status = Value::Map(vec![(
            Value::from("identifier_list"),
            Value::Map(vec![
                (Value::from("id"), Value::Bytes(vec![0xcc, 0xcc])),
                (Value::from("uri"), Value::from(D6_URI)),
                (
                    Value::from("certificate"),
                    Value::Bytes(pki.iaca.der().to_vec()),
                ),
            ]),
        )]);
        let info = mso::Status::from_cbor(&status.to_cbor())
            .unwrap()
            .identifier_list
            .unwrap();
        let mut ids = IdentifierList::new();
        for id in [[0xab, 0xcd], [0xaa, 0xaa], [0xcc, 0xcc]] {
            ids.insert(id.to_vec());
        }
        ids.aggregation_uri = Some("https://example.com/identifierlists/aggregation".into());
        let claims = ListClaims {
            sub: Some(D6_URI.into()),
            exp: Some(2_291_720_170),
            iat: Some(1_686_920_170),
            ttl: Some(86_400),
            identifier_list: Some(ids.clone()),
            ..ListClaims::default()
        };
        let trust = ListTrust::new(info.certificate.as_deref(), &[]).unwrap();
        let options = ListVerifyOptions::default();
        for (typ, findings) in [
            ("application/identifierlist+cwt", &[][..]),
            ("identfierlist+cwt", &[ListFinding::MisspeltType][..]),
            ("identifierlist+cwt", &[ListFinding::ShortType][..]),
        ] {
            let token = craft(
                provider,
                &pki.status_signer_key,
                protected(&pki, Some(typ)),
                Header::default(),
                &claims,
                true,
            );
            let verified =
                verify_identifier_list(&token, &info.uri, &trust, &options, provider, now).unwrap();
            assert_eq!(verified.findings(), findings, "{typ}");
            assert!(verified.is_revoked(&info.id));
            assert!(!verified.is_revoked(&[0xcc]));
            assert_eq!(verified.list(), &ids);
        }
        // The status list claim must not be present; the identifier list must.
        let typ = Some("application/identifierlist+cwt");
        let mut both = claims.clone();
        both.status_list = Some(CompressedStatusList::compress(&list()));
        let mut neither = claims.clone();
        neither.identifier_list = None;
        for (claims, expected) in [
            (both, ListError::ForbiddenClaim("status_list")),
            (neither, ListError::MissingClaim("IdentifierList")),
        ] {
            let token = craft(
                provider,
                &pki.status_signer_key,
                protected(&pki, typ),
                Header::default(),
                &claims,
                true,
            );
            assert_eq!(
                verify_identifier_list(&token, &info.uri, &trust, &options, provider, now)
                    .unwrap_err(),
                expected
            );
        }
    }
}

/// A verification-time cache shares verified lists between threads.
#[test]
fn verified_lists_are_send_and_sync() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<iso18013::status::VerifiedStatusList>();
    shareable::<iso18013::status::VerifiedIdentifierList>();
    shareable::<ListError>();
}
