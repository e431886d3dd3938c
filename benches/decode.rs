//! Decoding and encoding of the messages a verifier reads on its hot path.
//!
//! `cargo bench --bench decode`
// Bench code: a panic is a failed run, not a crash on input.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use core::hint::black_box;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iso18013::cbor::{Decode, Encode, Value};
use iso18013::mso::IssuerSigned;
use iso18013::response::DeviceResponse;

fn annex_d(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/test-vectors/iso18013-5-annex-d/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    hex::decode(std::fs::read_to_string(path).unwrap().trim()).unwrap()
}

fn interop(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/test-vectors/interop/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn decode(c: &mut Criterion) {
    let mut g = c.benchmark_group("decode");
    for (name, bytes) in [
        ("DeviceResponse/annex-d", annex_d("device_response")),
        (
            "DeviceResponse/isomdl-qr",
            interop("isomdl/device_response.qr.cbor"),
        ),
    ] {
        g.throughput(Throughput::Bytes(u64::try_from(bytes.len()).unwrap()));
        g.bench_function(name, |b| {
            b.iter(|| DeviceResponse::from_cbor(black_box(&bytes)).unwrap())
        });
    }
    let issuer_signed = interop("owf-mdoc/issuer_signed.cbor");
    g.bench_function("IssuerSigned/owf", |b| {
        b.iter(|| IssuerSigned::from_cbor(black_box(&issuer_signed)).unwrap())
    });
    let response = annex_d("device_response");
    g.bench_function("Value/annex-d-response", |b| {
        b.iter(|| Value::from_cbor(black_box(&response)).unwrap())
    });
    g.finish();
}

fn encode(c: &mut Criterion) {
    let response = DeviceResponse::from_cbor(&annex_d("device_response")).unwrap();
    c.bench_function("encode/DeviceResponse/annex-d", |b| {
        b.iter(|| black_box(&response).to_cbor())
    });
}

criterion_group!(benches, decode, encode);
criterion_main!(benches);
