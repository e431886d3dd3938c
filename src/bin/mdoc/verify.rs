//! `mdoc verify`: verify a DeviceResponse; JSON verdict on stdout, exit 0 valid, 1 rejected.
//!
//! With `--request`, the verified response is compared with the DeviceRequest it answers:
//! `"complete"` and the comparison under `"request"` are added, and an authentic response
//! that lacks anything asked exits 3.

use std::time::Instant;

use iso18013::cbor::Decode as _;
use iso18013::request::DeviceRequest;
use iso18013::verify::{Answer, Policy, ReaderSession, VerifiedResponse, verify_device_response};
use serde_json::{Map, Value as Json, json};

use super::Failure;
use super::args::VerifyArgs;
use super::files;

/// The verdict for a verified response: `{"valid": true}` and the response's own
/// serialization (`version`, `documents`, `documentErrors`), which keeps issuer-signed and
/// device-signed elements apart.
pub(crate) fn verified_json(response: &VerifiedResponse) -> Result<Json, String> {
    let mut out = Map::new();
    out.insert("valid".to_string(), Json::Bool(true));
    match serde_json::to_value(response).map_err(|e| e.to_string())? {
        Json::Object(fields) => out.extend(fields),
        other => {
            out.insert("response".to_string(), other);
        }
    }
    Ok(Json::Object(out))
}

/// `mdoc verify`.
pub(crate) fn run(args: &VerifyArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    // Unreadable: exit 2; read but not a response in any accepted form: rejected below.
    let bytes = files::response(&args.response)?;
    let transcript = files::transcript(&args.transcript)?;
    let mut trust = if args.trust.is_empty() {
        iso18013::x509::TrustStore::new()
    } else {
        files::trust(&args.trust)?
    };
    if let Some(path) = &args.vical {
        let now = args.at.unwrap_or_else(iso18013::now);
        super::vical::trusted(path, &args.vical_trust, provider, now)?.add_to(&mut trust);
    }
    let request = args
        .request
        .as_deref()
        .map(|path| {
            DeviceRequest::from_cbor(&super::inspect::read_cbor(path)?)
                .map_err(|e| format!("{path}: not a DeviceRequest: {e}"))
        })
        .transpose()?;
    let reader_key = args
        .reader_key
        .as_deref()
        .map(files::private_key)
        .transpose()?;
    let now = args.at.unwrap_or_else(iso18013::now);
    let repeat = args.repeat;
    let mut session = ReaderSession::new(&transcript);
    if let Some(key) = &reader_key {
        session = session.with_reader_key(key);
    }
    let policy = Policy::new(provider);

    // Each run verifies from the bytes, in full.
    let mut timings = Vec::with_capacity(repeat.clamp(1, 1_000_000));
    let mut result = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        result = Some(match &bytes {
            Ok(bytes) => verify_device_response(bytes, &session, &trust, &policy, now),
            Err(malformed) => Err(malformed.clone()),
        });
        timings.push(start.elapsed().as_secs_f64() * 1e6);
    }
    let result = result.ok_or_else(|| "nothing verified".to_string())?;
    if repeat > 1 {
        timings.sort_by(f64::total_cmp);
        let median = timings.get(timings.len() / 2).copied().unwrap_or_default();
        let count = f64::from(u32::try_from(timings.len()).unwrap_or(u32::MAX).max(1));
        let mean = timings.iter().sum::<f64>() / count;
        eprintln!(
            "{}",
            json!({ "repeat": repeat, "backend": provider.name(), "median_us": median, "mean_us": mean })
        );
    }
    match result {
        Ok(verified) => match &request {
            None => {
                say!("{}", verified_json(&verified)?);
                Ok(())
            }
            Some(request) => {
                let answer = Answer::compare(verified, request);
                let mut out = verified_json(answer.authentic())?;
                if let Json::Object(fields) = &mut out {
                    fields.insert("complete".to_string(), Json::Bool(answer.is_complete()));
                    let comparison =
                        serde_json::to_value(answer.comparison()).map_err(|e| e.to_string())?;
                    fields.insert("request".to_string(), comparison);
                }
                say!("{out}");
                if answer.is_complete() {
                    Ok(())
                } else {
                    Err(Failure::Incomplete)
                }
            }
        },
        Err(error) => {
            say!(
                "{}",
                json!({
                    "valid": false,
                    "error": {
                        "kind": error.kind.name(),
                        "fault": error.kind.fault(),
                        "message": error.to_string(),
                    },
                })
            );
            Err(Failure::Rejected)
        }
    }
}
