//! Peak heap while `iso18013` verifies a DeviceResponse of about 1 MiB (one mDL whose
//! portrait is most of it, deviceSignature), under every backend, without and with a
//! warm trust cache. Prints one JSON line per measurement:
//! `{"backend", "mode", "response_bytes", "peak_bytes", "ratio"}`, where `peak_bytes` is
//! the most heap in use during the call beyond what was in use before it (the input
//! itself, the caller's, is not counted).
//!
//! `cargo run --release` (from this folder); `benches/run.sh` runs it.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use iso18013::cbor::{Decode, Encode, TDate, Value};
use iso18013::crypto::{CryptoProvider, EcCurve, SystemRandom, providers};
use iso18013::doctype::{Registry, mdl};
use iso18013::issuer::{Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::present::{DeviceAuthMode, present_document};
use iso18013::response::DeviceResponse;
use iso18013::session::SessionTranscript;
use iso18013::verify::{Policy, ReaderSession, Verifier, verify_device_response};
use iso18013::x509::{TrustStore, generate};

/// The system allocator, counting bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    CALLS.fetch_add(1, Ordering::Relaxed);
    let now = IN_USE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call goes to `System` unchanged; only counters are updated around it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on to `System`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as above.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The most heap in use beyond the starting point while `f` runs.
fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (out, PEAK.load(Ordering::Relaxed) - base)
}

/// How many allocations (and reallocations) `f` makes.
fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let before = CALLS.load(Ordering::Relaxed);
    let out = f();
    (out, CALLS.load(Ordering::Relaxed) - before)
}

fn at(text: &str) -> i64 {
    TDate::parse(text).unwrap().unix_seconds()
}

const PORTRAIT: usize = 1024 * 1024 - 4 * 1024;

/// A test PKI, an mDL with a portrait of almost 1 MiB, and a response disclosing all of
/// it with a device signature.
fn response(provider: &'static dyn CryptoProvider) -> (Vec<u8>, SessionTranscript, TrustStore) {
    let mut rng = SystemRandom(provider);
    let key = || provider.ec_generate(EcCurve::P256, &mut SystemRandom(provider)).unwrap();
    let (iaca_key, ds_key, device_key) = (key(), key(), key());
    let params = |cn| generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: at("2025-01-01T00:00:00Z"),
        not_after: at("2030-01-01T00:00:00Z"),
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    };
    let iaca = generate::iaca(provider, &iaca_key, &params("IACA"), &mut rng).unwrap();
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &provider.ec_public_key(&ds_key).unwrap(),
        EcCurve::P256,
        &params("DS"),
        &mut rng,
    )
    .unwrap();
    let date = |s: &str| Value::Tag(1004, Box::new(Value::from(s)));
    // A portrait-sized filler, not an image: the issuer types nothing by a table here
    // (what is measured is memory, not claim validation).
    let portrait: Vec<u8> = (0..PORTRAIT).map(|i| (i * 7 % 251) as u8).collect();
    let issued = Issuer::new(vec![ds.der().to_vec()])
        .with_doctypes(Registry::empty())
        .issue(
            MdocBuilder::with_required(
                mdl::DOC_TYPE,
                cose_key_from_sec1(EcCurve::P256, &provider.ec_public_key(&device_key).unwrap())
                    .unwrap(),
                Validity::new(
                    TDate::parse("2026-01-01T00:00:00Z").unwrap(),
                    TDate::parse("2026-01-01T00:00:00Z").unwrap(),
                    TDate::parse("2027-01-01T00:00:00Z").unwrap(),
                ),
            )
            .element(mdl::NAME_SPACE, "family_name", Value::from("Mustermann"))
                .element(mdl::NAME_SPACE, "given_name", Value::from("Erika"))
                .element(mdl::NAME_SPACE, "birth_date", date("1971-09-01"))
                .element(mdl::NAME_SPACE, "issuing_country", Value::from("US"))
                .element(mdl::NAME_SPACE, "document_number", Value::from("D1234567"))
                .element(mdl::NAME_SPACE, "portrait", Value::Bytes(portrait))
                .element(mdl::NAME_SPACE, "age_over_18", Value::Bool(true)),
            provider,
            &KeySigner::new(provider, ds_key),
            &mut rng,
        )
        .unwrap();
    let transcript_bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../test-vectors/interop/isomdl/session_transcript.qr.cbor"
    ))
    .unwrap();
    let transcript = SessionTranscript::from_cbor(&transcript_bytes).unwrap();
    let selection = (
        mdl::NAME_SPACE.to_string(),
        [
            "family_name",
            "given_name",
            "birth_date",
            "issuing_country",
            "document_number",
            "portrait",
            "age_over_18",
        ]
        .map(String::from)
        .to_vec(),
    )
        .into();
    let document = present_document(
        &issued,
        &selection,
        &device_key,
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
    trust.add_iaca(iaca);
    (response.to_cbor(), transcript, trust)
}

/// Allocations for isomdl's QR response (13 elements, deviceSignature): decoding alone,
/// and a whole warm verification; one JSON line per backend.
fn allocation_counts() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../test-vectors/interop/isomdl");
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).unwrap();
    let bytes = read("device_response.qr.cbor");
    let transcript = SessionTranscript::from_cbor(&read("session_transcript.qr.cbor")).unwrap();
    let trust = TrustStore::from_iaca_pem(&String::from_utf8(read("iaca.cert.pem")).unwrap())
        .unwrap();
    let now = at("2026-12-01T00:00:00Z");
    let (decoded, decode) = allocations_during(|| DeviceResponse::from_cbor(&bytes).unwrap());
    drop(decoded);
    for provider in providers() {
        let verifier = Verifier::new(trust.clone(), Policy::new(provider));
        let session = ReaderSession::new(&transcript);
        verifier.verify(&bytes, &session, now).unwrap();
        let (verified, verify) =
            allocations_during(|| verifier.verify(&bytes, &session, now).unwrap());
        drop(verified);
        println!(
            "{{\"allocations\": true, \"backend\": \"{}\", \"response_bytes\": {}, \"decode\": {decode}, \"warm_verify\": {verify}}}",
            provider.name(),
            bytes.len()
        );
    }
}

fn main() {
    allocation_counts();
    let now = at("2026-06-01T00:00:00Z");
    for provider in providers() {
        let (bytes, transcript, trust) = response(provider);
        let session = ReaderSession::new(&transcript);
        let policy = Policy::new(provider);
        let verifier = Verifier::new(trust.clone(), policy.clone());
        verifier.verify(&bytes, &session, now).unwrap();
        let runs: [(&str, &dyn Fn() -> usize); 2] = [
            ("no-cache", &|| {
                let (verified, peak) = peak_during(|| {
                    verify_device_response(&bytes, &session, &trust, &policy, now).unwrap()
                });
                drop(verified);
                peak
            }),
            ("warm", &|| {
                let (verified, peak) =
                    peak_during(|| verifier.verify(&bytes, &session, now).unwrap());
                drop(verified);
                peak
            }),
        ];
        for (mode, run) in runs {
            let peak = run();
            println!(
                "{{\"backend\": \"{}\", \"mode\": \"{mode}\", \"response_bytes\": {}, \"peak_bytes\": {peak}, \"ratio\": {:.3}}}",
                provider.name(),
                bytes.len(),
                peak as f64 / bytes.len() as f64
            );
        }
    }
}
