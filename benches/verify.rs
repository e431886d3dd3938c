//! The verification hot path under every compiled backend: whole `DeviceResponse`
//! verification with a cold and a warm trust cache, the floor it is measured against,
//! and the parts (ECDSA, CBOR decoding, digests, chain validation, session encryption,
//! issuing), plus `verify_many` on one and on every core.
//!
//! `cargo bench --features aws-lc --bench verify`; `benches/run.sh` runs it with the
//! isomdl comparison and the memory measurement and writes `benches/README.md`.
// Bench code: a panic is a failed run, not a crash on input.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use core::hint::black_box;
use core::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use iso18013::cbor::{Decode, Encode, TDate, Value};
use iso18013::cose::sig_structure;
use iso18013::crypto::{
    CryptoProvider, DigestAlgorithm, EcCurve, EcPrivateKey, SystemRandom, default_provider,
    providers,
};
use iso18013::doctype::mdl;
use iso18013::issuer::{
    Issuer, KeySigner, MdocBuilder, Ready, Validity, cose_key_from_sec1, sec1_from_cose_key,
};
use iso18013::present::{DeviceAuthMode, present_document};
use iso18013::response::{DeviceAuth, DeviceResponse, device_authentication_bytes};
use iso18013::session::{SessionEncryption, SessionKeys, SessionRole, SessionTranscript};
use iso18013::status::{
    ListSigner, ListTrust, ListVerifyOptions, Status, StatusList, StatusTokens, TokenParams,
    verify_status_list,
};
use iso18013::verify::{
    Policy, ReaderSession, StatusCheck, Verifier, verify_device_response,
    verify_device_response_cached,
};
use iso18013::x509::{Certificate, LeafRole, TrustCache, TrustStore, generate, verify_chain};

fn vector(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn annex_d(name: &str) -> Vec<u8> {
    let hex_text = vector(&format!("iso18013-5-annex-d/{name}.hex"));
    hex::decode(String::from_utf8(hex_text).unwrap().trim()).unwrap()
}

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

/// One response to verify, with what verifying it takes.
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    transcript: SessionTranscript,
    reader_key: Option<EcPrivateKey>,
    trust: TrustStore,
    now: i64,
}

impl Case {
    fn session(&self) -> ReaderSession<'_> {
        let session = ReaderSession::new(&self.transcript);
        match &self.reader_key {
            Some(key) => session.with_reader_key(key),
            None => session,
        }
    }
}

/// An mDL of 13 elements (a 3,929-byte JPEG portrait among them) for `device_public`.
fn mdl_13(device_public: &[u8]) -> MdocBuilder<Ready> {
    let validity = Validity::new(
        TDate::parse("2026-01-01T00:00:00Z").unwrap(),
        TDate::parse("2026-01-01T00:00:00Z").unwrap(),
        TDate::parse("2027-01-01T00:00:00Z").unwrap(),
    );
    let device_key = cose_key_from_sec1(EcCurve::P256, device_public).unwrap();
    let mut elements = mdl_13_elements().into_iter();
    let (id, value) = elements.next().unwrap();
    let builder = MdocBuilder::with_required(mdl::DOC_TYPE, device_key, validity).element(
        mdl::NAME_SPACE,
        id,
        value,
    );
    elements.fold(builder, |b, (id, value)| {
        b.element(mdl::NAME_SPACE, id, value)
    })
}

/// The 13 elements of [`mdl_13`], in the mDL namespace.
fn mdl_13_elements() -> Vec<(&'static str, Value)> {
    let date = |s: &str| Value::Tag(1004, Box::new(Value::from(s)));
    vec![
        ("family_name", Value::from("Mustermann")),
        ("given_name", Value::from("Erika")),
        ("birth_date", date("1971-09-01")),
        ("issue_date", date("2024-01-15")),
        ("expiry_date", date("2034-01-14")),
        ("issuing_country", Value::from("US")),
        ("issuing_authority", Value::from("DMV")),
        ("document_number", Value::from("D1234567")),
        ("portrait", Value::Bytes(portrait())),
        ("driving_privileges", Value::Array(vec![])),
        ("un_distinguishing_sign", Value::from("USA")),
        ("age_over_18", Value::Bool(true)),
        ("age_over_21", Value::Bool(true)),
    ]
}

/// A 3929-byte JPEG without metadata (test-vectors/portraits/bench-portrait.jpg).
fn portrait() -> Vec<u8> {
    include_bytes!("../test-vectors/portraits/bench-portrait.jpg").to_vec()
}

/// The bench issuer: an IACA and a document signer (Annex B profiles), and a device key.
#[derive(Clone)]
struct BenchPki {
    iaca: Certificate,
    iaca_key: EcPrivateKey,
    ds: Certificate,
    ds_key: EcPrivateKey,
    device: EcPrivateKey,
}

impl BenchPki {
    fn generate() -> Self {
        let provider = default_provider();
        let mut rng = SystemRandom(provider);
        let mut key = || provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let (iaca_key, ds_key, device) = (key(), key(), key());
        let mut rng = SystemRandom(provider);
        let pki = |iaca, ds| Self {
            iaca,
            iaca_key: iaca_key.clone(),
            ds,
            ds_key: ds_key.clone(),
            device: device.clone(),
        };
        let iaca = generate::iaca(
            provider,
            &iaca_key,
            &Self::params_of("Bench IACA"),
            &mut rng,
        )
        .unwrap();
        let ds_public = provider.ec_public_key(&ds_key).unwrap();
        let ds = generate::document_signer(
            provider,
            &iaca_key,
            &iaca,
            &ds_public,
            EcCurve::P256,
            &Self::params_of("Bench DS"),
            &mut rng,
        )
        .unwrap();
        pki(iaca, ds)
    }

    fn params(&self, cn: &'static str) -> generate::CertificateParams<'static> {
        Self::params_of(cn)
    }

    fn params_of(cn: &'static str) -> generate::CertificateParams<'static> {
        generate::CertificateParams {
            common_name: cn,
            country: "US",
            state: None,
            not_before: at("2025-01-01T00:00:00Z"),
            not_after: at("2027-06-01T00:00:00Z"),
            issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
            crl_distribution_point: Some("https://issuer.example/crl"),
        }
    }
}

/// The issue's own case: one mDL of 13 elements, all disclosed, deviceSignature; issued
/// here under a fresh IACA and document signer (Annex B profiles) and presented over
/// isomdl's QR session transcript.
fn mdl_13_case(transcript: SessionTranscript) -> Case {
    mdl_13_issued(transcript, None).0
}

/// [`mdl_13_case`], by `pki` and with `status` in the MSO when given (else by a new PKI,
/// without status); returns the PKI too.
fn mdl_13_issued(
    transcript: SessionTranscript,
    status: Option<(iso18013::mso::Status, BenchPki)>,
) -> (Case, BenchPki) {
    let provider = default_provider();
    let mut rng = SystemRandom(provider);
    let (status, pki) = match status {
        Some((status, pki)) => (Some(status), pki),
        None => (None, BenchPki::generate()),
    };
    let device_public = provider.ec_public_key(&pki.device).unwrap();
    let mut builder = mdl_13(&device_public);
    if let Some(status) = status {
        builder = builder.status(status);
    }
    let issued = Issuer::new(vec![pki.ds.der().to_vec()])
        .issue(
            builder,
            provider,
            &KeySigner::new(provider, pki.ds_key.clone()),
            &mut rng,
        )
        .unwrap();
    let ids = issued.name_spaces.as_ref().unwrap()[0]
        .1
        .iter()
        .map(|item| item.value().element_identifier.clone())
        .collect();
    let selection = (mdl::NAME_SPACE.to_string(), ids).into();
    let document = present_document(
        &issued,
        &selection,
        &pki.device,
        Default::default(),
        &transcript,
        DeviceAuthMode::Signature,
        provider,
    )
    .unwrap();
    let response = DeviceResponse {
        version: "1.0".to_string(),
        documents: Some(vec![document]),
        document_errors: None,
        status: 0,
        rest: Vec::new(),
    };
    let mut trust = TrustStore::new();
    trust.add_iaca(pki.iaca.clone());
    let case = Case {
        name: "mdl-13-signature",
        bytes: response.to_cbor(),
        transcript,
        reader_key: None,
        trust,
        now: at("2026-12-01T00:00:00Z"),
    };
    (case, pki)
}

/// isomdl's QR response (one mDL, deviceSignature), the Annex D one (deviceMac), and an
/// mDL of 13 elements with deviceSignature issued here.
fn cases() -> Vec<Case> {
    let iaca = String::from_utf8(vector("interop/isomdl/iaca.cert.pem")).unwrap();
    let mut annex_d_trust = TrustStore::new();
    annex_d_trust.add_iaca(Certificate::from_der(&annex_d("iaca_cert")).unwrap());
    vec![
        Case {
            name: "isomdl-qr-signature",
            bytes: vector("interop/isomdl/device_response.qr.cbor"),
            transcript: SessionTranscript::from_cbor(&vector(
                "interop/isomdl/session_transcript.qr.cbor",
            ))
            .unwrap(),
            reader_key: None,
            trust: TrustStore::from_iaca_pem(&iaca).unwrap(),
            now: at("2026-12-01T00:00:00Z"),
        },
        Case {
            name: "annex-d-mac",
            bytes: annex_d("device_response"),
            transcript: SessionTranscript::from_cbor(&annex_d("session_transcript")).unwrap(),
            reader_key: Some(
                EcPrivateKey::from_scalar(EcCurve::P256, &annex_d("ereader_key_private")).unwrap(),
            ),
            trust: annex_d_trust,
            now: at("2020-10-01T13:30:02Z"),
        },
        mdl_13_case(
            SessionTranscript::from_cbor(&vector("interop/isomdl/session_transcript.qr.cbor"))
                .unwrap(),
        ),
    ]
}

/// Whole verification: without a cache, with a cache emptied before each run (the miss:
/// validation and insertion), and with a warm cache; then, right after the warm run so
/// that both see the same machine, the floor of the signature response.
fn verify(c: &mut Criterion) {
    for case in cases() {
        let session = case.session();
        let floor = (case.reader_key.is_none()).then(|| Floor::of(&case));
        for provider in providers() {
            let mut g = c.benchmark_group("verify");
            let policy = Policy::new(provider);
            let id = |mode: &str| format!("{}/{}/{mode}", case.name, provider.name());
            verify_device_response(&case.bytes, &session, &case.trust, &policy, case.now).unwrap();
            g.bench_function(id("no-cache"), |b| {
                b.iter(|| {
                    verify_device_response(
                        black_box(&case.bytes),
                        &session,
                        &case.trust,
                        &policy,
                        case.now,
                    )
                    .unwrap()
                })
            });
            let cache = TrustCache::default();
            g.bench_function(id("cold"), |b| {
                b.iter(|| {
                    cache.clear();
                    verify_device_response_cached(
                        black_box(&case.bytes),
                        &session,
                        &case.trust,
                        &policy,
                        &cache,
                        case.now,
                    )
                    .unwrap()
                })
            });
            let verifier = Verifier::new(case.trust.clone(), policy.clone());
            verifier.verify(&case.bytes, &session, case.now).unwrap();
            g.bench_function(id("warm"), |b| {
                b.iter(|| {
                    verifier
                        .verify(black_box(&case.bytes), &session, case.now)
                        .unwrap()
                })
            });
            g.finish();
            if let Some(floor) = &floor {
                let mut g = c.benchmark_group("floor");
                g.bench_function(format!("{}/{}", case.name, provider.name()), |b| {
                    b.iter(|| floor.run(provider))
                });
                g.finish();
            }
        }
    }
}

/// What a signature response costs at least: the issuer's and the device's ECDSA
/// verifications (each hashing its message) and the SHA-256 of every disclosed item.
struct Floor {
    ds_key: Vec<u8>,
    mso_tbs: Vec<u8>,
    mso_signature: Vec<u8>,
    device_key: Vec<u8>,
    device_tbs: Vec<u8>,
    device_signature: Vec<u8>,
    items: Vec<Vec<u8>>,
}

impl Floor {
    fn of(case: &Case) -> Self {
        let response = DeviceResponse::from_cbor(&case.bytes).unwrap();
        let doc = &response.documents.as_ref().unwrap()[0];
        let sign1 = doc.issuer_signed.issuer_auth.sign1();
        let x5chain = sign1.unprotected().x5chain.as_ref().unwrap();
        let ds = Certificate::from_der(x5chain.certificates().next().unwrap()).unwrap();
        let mso = doc.issuer_signed.issuer_auth.mso();
        let (_, device_key) = sec1_from_cose_key(&mso.device_key_info.device_key).unwrap();
        let DeviceAuth::Signature(device_sign1) = &doc.device_signed.device_auth else {
            panic!("{}: not a device signature", case.name);
        };
        let device_auth = device_authentication_bytes(
            &case.transcript,
            &doc.doc_type,
            &doc.device_signed.name_spaces,
        );
        Self {
            ds_key: ds.public_key().to_vec(),
            mso_tbs: sig_structure(sign1.protected(), &[], sign1.payload().unwrap()),
            mso_signature: sign1.signature().to_vec(),
            device_key,
            device_tbs: sig_structure(device_sign1.protected(), &[], &device_auth),
            device_signature: device_sign1.signature().to_vec(),
            items: doc
                .issuer_signed
                .name_spaces
                .iter()
                .flatten()
                .flat_map(|(_, items)| items.iter().map(|i| i.encoded().to_vec()))
                .collect(),
        }
    }

    fn run(&self, provider: &dyn CryptoProvider) {
        let alg = iso18013::crypto::SignatureAlgorithm::Es256;
        provider
            .ecdsa_verify(alg, &self.ds_key, &self.mso_tbs, &self.mso_signature)
            .unwrap();
        provider
            .ecdsa_verify(
                alg,
                &self.device_key,
                &self.device_tbs,
                &self.device_signature,
            )
            .unwrap();
        for item in &self.items {
            black_box(provider.digest(DigestAlgorithm::Sha256, black_box(item)));
        }
    }
}

/// The parts: ECDSA (plain and with a prepared key), decoding, digests, chains.
fn parts(c: &mut Criterion) {
    let all = cases();
    let case = &all[0];
    let floor = Floor::of(case);
    let alg = iso18013::crypto::SignatureAlgorithm::Es256;
    let mut g = c.benchmark_group("parts");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for provider in providers() {
        let name = provider.name();
        g.bench_function(format!("ecdsa-verify-p256/{name}"), |b| {
            b.iter(|| {
                provider
                    .ecdsa_verify(
                        alg,
                        &floor.ds_key,
                        black_box(&floor.mso_tbs),
                        &floor.mso_signature,
                    )
                    .unwrap()
            })
        });
        let prepared = provider.prepare_verifying_key(alg, &floor.ds_key).unwrap();
        g.bench_function(format!("ecdsa-verify-p256-prepared/{name}"), |b| {
            b.iter(|| {
                prepared
                    .verify(black_box(&floor.mso_tbs), &floor.mso_signature)
                    .unwrap()
            })
        });
        // As the verifier does it: the Sig_structure's head, then the payload as received.
        let response = DeviceResponse::from_cbor(&case.bytes).unwrap();
        let sign1 = response.documents.as_ref().unwrap()[0]
            .issuer_signed
            .issuer_auth
            .sign1()
            .clone();
        let payload = sign1.payload().unwrap();
        let head = iso18013::cose::sig_structure_head(sign1.protected(), &[], payload.len());
        g.bench_function(format!("ecdsa-verify-p256-prepared-parts/{name}"), |b| {
            b.iter(|| {
                prepared
                    .verify_parts(&[black_box(&head), payload], &floor.mso_signature)
                    .unwrap()
            })
        });
        g.bench_function(format!("prepare-key-p256/{name}"), |b| {
            b.iter(|| provider.prepare_verifying_key(alg, black_box(&floor.ds_key)))
        });
        let response = DeviceResponse::from_cbor(&case.bytes).unwrap();
        let doc = &response.documents.as_ref().unwrap()[0];
        let mso = doc.issuer_signed.issuer_auth.mso();
        g.bench_function(format!("digests/{}/{name}", case.name), |b| {
            b.iter(|| {
                for (ns, items) in doc.issuer_signed.name_spaces.iter().flatten() {
                    for item in items {
                        let actual = provider.digest(DigestAlgorithm::Sha256, item.encoded());
                        assert_eq!(mso.digest(ns, item.digest_id), Some(actual.as_slice()));
                    }
                }
            })
        });
        let x5chain = doc
            .issuer_signed
            .issuer_auth
            .sign1()
            .unprotected()
            .x5chain
            .as_ref()
            .unwrap();
        let certificates: Vec<&[u8]> = x5chain.certificates().collect();
        g.bench_function(format!("chain/{}/{name}", case.name), |b| {
            b.iter(|| {
                verify_chain(
                    &case.trust,
                    black_box(&certificates),
                    LeafRole::DocumentSigner,
                    provider,
                    case.now,
                )
                .unwrap()
            })
        });
    }
    // What the doctype tables add to a verification: the review of the 13 disclosed
    // elements (types, constraints, the portrait's metadata walk), and the walk alone.
    let elements = mdl_13_elements();
    let registry = iso18013::doctype::Registry::builtin();
    g.bench_function("doctype-review/mdl-13", |b| {
        b.iter(|| {
            registry.review(
                mdl::DOC_TYPE,
                black_box(&elements)
                    .iter()
                    .map(|(id, value)| (mdl::NAME_SPACE, *id, value)),
            )
        })
    });
    let jpeg = portrait();
    g.bench_function("portrait-metadata/3929-bytes", |b| {
        b.iter(|| iso18013::portrait::metadata(black_box(&jpeg)).unwrap())
    });
    for case in &all {
        g.throughput(Throughput::Bytes(u64::try_from(case.bytes.len()).unwrap()));
        g.bench_function(format!("decode-device-response/{}", case.name), |b| {
            b.iter(|| DeviceResponse::from_cbor(black_box(&case.bytes)).unwrap())
        });
    }
    g.finish();
}

/// SessionData encryption (AES-256-GCM with the session's counters) both ways.
fn session(c: &mut Criterion) {
    let transcript =
        SessionTranscript::from_cbor(&vector("interop/isomdl/session_transcript.qr.cbor")).unwrap();
    let mut g = c.benchmark_group("session");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for provider in providers() {
        let mut rng = SystemRandom(provider);
        let reader_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let device_key = provider.ec_generate(EcCurve::P256, &mut rng).unwrap();
        let keys = |own: &EcPrivateKey, peer: &EcPrivateKey| {
            let peer_public = provider.ec_public_key(peer).unwrap();
            SessionKeys::derive(provider, own, &peer_public, &transcript).unwrap()
        };
        let mut reader =
            SessionEncryption::new(SessionRole::Reader, keys(&reader_key, &device_key));
        let mut mdoc = SessionEncryption::new(SessionRole::Mdoc, keys(&device_key, &reader_key));
        for (label, size) in [("1KiB", 1024), ("64KiB", 64 * 1024)] {
            let plaintext = vec![0x5au8; size];
            g.throughput(Throughput::Bytes(u64::try_from(size).unwrap()));
            g.bench_function(format!("seal/{label}/{}", provider.name()), |b| {
                b.iter(|| mdoc.encrypt(provider, black_box(&plaintext)).unwrap())
            });
            // Sealed by the reader in order, opened by the mdoc in the same order.
            g.bench_function(format!("open/{label}/{}", provider.name()), |b| {
                b.iter_batched(
                    || reader.encrypt(provider, &plaintext).unwrap(),
                    |sealed| mdoc.decrypt(provider, black_box(&sealed)).unwrap(),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    g.finish();
}

/// Issuing one mDL of 13 elements: salts, digests, the MSO, one ECDSA signature and its
/// check against the document signer's certificate.
fn issue(c: &mut Criterion) {
    let mut g = c.benchmark_group("issue");
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for provider in providers() {
        let mut rng = SystemRandom(provider);
        // A document signer whose certificate holds its key: the issuer checks the
        // signature against it before returning the mdoc (so the time includes that check).
        let pki = iso18013::testing::TestPki::generate(provider, 1_767_225_600).unwrap();
        let device_public = provider.ec_public_key(&pki.device_key).unwrap();
        let issuer = Issuer::from_certificates(core::slice::from_ref(&pki.ds)).unwrap();
        let signer = KeySigner::new(provider, pki.ds_key.clone());
        let builder = || mdl_13(&device_public);
        g.bench_function(format!("mdl-13-elements/{}", provider.name()), |b| {
            b.iter_batched(
                builder,
                |builder| issuer.issue(builder, provider, &signer, &mut rng).unwrap(),
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// `verify_many` over 1,000 copies of the signature response with a warm cache: on one
/// thread, and on every core.
fn many(c: &mut Criterion) {
    let case = &cases()[0];
    let session = case.session();
    let batch: Vec<(&[u8], ReaderSession<'_>)> = (0..1000)
        .map(|_| (case.bytes.as_slice(), session))
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut g = c.benchmark_group("verify_many");
    g.sample_size(10);
    g.throughput(Throughput::Elements(1000));
    for provider in providers() {
        let verifier = Verifier::new(case.trust.clone(), Policy::new(provider));
        verifier.verify(&case.bytes, &session, case.now).unwrap();
        for threads in [1, cores.max(2)] {
            g.bench_function(format!("1000/{}/{threads}-threads", provider.name()), |b| {
                b.iter(|| {
                    let results = verifier.verify_many_on(&batch, case.now, threads);
                    assert!(results.iter().all(Result::is_ok));
                })
            });
        }
    }
    g.finish();
}

/// The revocation status (issue 13): building and signing a status list of 1,000,000
/// entries, verifying its token (decompression included), looking an index up, and whole
/// verification with a warm list cache against the same verification without status,
/// measured back to back so that the ratio compares numbers of the same moment.
fn status(c: &mut Criterion) {
    let transcript =
        SessionTranscript::from_cbor(&vector("interop/isomdl/session_transcript.qr.cbor")).unwrap();
    let (without, with) = status_cases(transcript);
    let mut g = c.benchmark_group("status");
    for provider in providers() {
        let pki = iso18013::testing::TestPki::generate(provider, with.case.now).unwrap();
        let lists =
            ListSigner::from_certificates(core::slice::from_ref(&pki.status_signer)).unwrap();
        let key = KeySigner::new(provider, pki.status_signer_key.clone());
        let params = TokenParams {
            uri: STATUS_URI.into(),
            iat: with.case.now,
            exp: with.case.now + 86_400,
            ttl: Some(3_600),
            aggregation_uri: None,
        };
        g.sample_size(20);
        g.bench_function(format!("build-sign-1m/{}", provider.name()), |b| {
            b.iter(|| {
                let mut list = StatusList::new(1, 1_000_000).unwrap();
                for index in (0..1_000_000).step_by(100) {
                    list.set(index, Status::Invalid).unwrap();
                }
                lists
                    .sign_status_list(&list, &params, provider, &key)
                    .unwrap()
            })
        });
        let token = lists
            .sign_status_list(&revoked_every_100th(), &params, provider, &key)
            .unwrap();
        let trust = ListTrust::new(None, core::slice::from_ref(&pki.iaca)).unwrap();
        let options = ListVerifyOptions::default();
        g.bench_function(format!("verify-token-1m/{}", provider.name()), |b| {
            b.iter(|| {
                verify_status_list(
                    black_box(&token),
                    STATUS_URI,
                    &trust,
                    &options,
                    provider,
                    with.case.now,
                )
                .unwrap()
            })
        });
        g.sample_size(100);
        if provider.name() == providers()[0].name() {
            let verified = verify_status_list(
                &token,
                STATUS_URI,
                &trust,
                &options,
                provider,
                with.case.now,
            )
            .unwrap();
            let mut index = 0u64;
            g.bench_function("lookup-1m", |b| {
                b.iter(|| {
                    index = (index + 7_919) % 1_000_000;
                    verified.status(black_box(index)).unwrap()
                })
            });
        }
        let policy = Policy::new(provider);
        let session = without.session();
        let plain = Verifier::new(without.trust.clone(), policy.clone());
        assert_eq!(
            plain
                .verify(&without.bytes, &session, without.now)
                .unwrap()
                .documents()[0]
                .status_check(),
            StatusCheck::NoStatus
        );
        let checked = Verifier::new(with.case.trust.clone(), policy)
            .with_status_resolver(with.tokens.clone());
        let session_with = with.case.session();
        assert_eq!(
            checked
                .verify(&with.case.bytes, &session_with, with.case.now)
                .unwrap()
                .documents()[0]
                .status_check(),
            StatusCheck::Valid
        );
        g.bench_function(
            format!("verify-warm-without-status/{}", provider.name()),
            |b| {
                b.iter(|| {
                    plain
                        .verify(black_box(&without.bytes), &session, without.now)
                        .unwrap()
                })
            },
        );
        g.bench_function(
            format!("verify-warm-with-status/{}", provider.name()),
            |b| {
                b.iter(|| {
                    checked
                        .verify(black_box(&with.case.bytes), &session_with, with.case.now)
                        .unwrap()
                })
            },
        );
        assert_eq!(
            checked.lists().stats().misses,
            1,
            "one resolution, then the cache"
        );
    }
    g.finish();
}

const STATUS_URI: &str = "https://issuer.example/status/1";

/// A 1,000,000-entry 1-bit list, one entry in a hundred revoked.
fn revoked_every_100th() -> StatusList {
    let mut list = StatusList::new(1, 1_000_000).unwrap();
    for index in (0..1_000_000).step_by(100) {
        list.set(index, Status::Invalid).unwrap();
    }
    list
}

/// The mdl-13 case with status: its token, published at [`STATUS_URI`].
struct WithStatus {
    case: Case,
    tokens: StatusTokens,
}

/// The mdl-13 response without status, and one issued by the same issuer with an index
/// (valid) in a 1,000,000-entry list whose token the resolver holds.
fn status_cases(transcript: SessionTranscript) -> (Case, WithStatus) {
    let (without, pki) = mdl_13_issued(transcript.clone(), None);
    let status = iso18013::mso::Status {
        status_list: Some(iso18013::mso::StatusListInfo {
            idx: 123_457,
            uri: STATUS_URI.into(),
            certificate: None,
            rest: Vec::new(),
        }),
        ..iso18013::mso::Status::default()
    };
    let (case, _) = mdl_13_issued(transcript, Some((status, pki.clone())));
    let provider = default_provider();
    let status_key = provider
        .ec_generate(EcCurve::P256, &mut SystemRandom(provider))
        .unwrap();
    let signer_cert = generate::status_list_signer(
        provider,
        &pki.iaca_key,
        &pki.iaca,
        &provider.ec_public_key(&status_key).unwrap(),
        EcCurve::P256,
        &pki.params("Bench status signer"),
        &mut SystemRandom(provider),
    )
    .unwrap();
    let token = ListSigner::from_certificates(core::slice::from_ref(&signer_cert))
        .unwrap()
        .sign_status_list(
            &revoked_every_100th(),
            &TokenParams {
                uri: STATUS_URI.into(),
                iat: case.now,
                exp: case.now + 86_400,
                ttl: Some(3_600),
                aggregation_uri: None,
            },
            provider,
            &KeySigner::new(provider, status_key),
        )
        .unwrap();
    let mut tokens = StatusTokens::new();
    tokens.insert(STATUS_URI, token);
    (without, WithStatus { case, tokens })
}

criterion_group!(benches, verify, parts, session, issue, many, status);
criterion_main!(benches);
