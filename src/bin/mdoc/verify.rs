//! `mdoc verify`: verify a DeviceResponse; JSON verdict on stdout, exit 0 valid, 1 rejected.

use std::time::Instant;

use iso18013::json::to_json;
use iso18013::verify::{
    DeviceAuthKind, Policy, ReaderSession, VerifiedResponse, verify_device_response,
};
use serde_json::{Map, Value as Json, json};

use super::Failure;
use super::args::VerifyArgs;
use super::files;

fn document_json(response: &VerifiedResponse) -> Json {
    let documents: Vec<Json> = response
        .documents()
        .iter()
        .map(|doc| {
            let mut elements = Map::new();
            for (ns, items) in doc.issuer_signed().iter().chain(doc.device_signed().iter()) {
                let entry = elements
                    .entry(ns.clone())
                    .or_insert_with(|| Json::Object(Map::new()));
                if let Json::Object(map) = entry {
                    for (id, value) in items {
                        map.insert(id.clone(), to_json(value));
                    }
                }
            }
            let leaf = doc.chain().leaf();
            let validity = doc.validity();
            json!({
                "docType": doc.doc_type(),
                "elements": elements,
                "deviceAuth": match doc.device_auth() {
                    DeviceAuthKind::Signature => "signature",
                    DeviceAuthKind::Mac => "mac",
                },
                "issuer": {
                    "subject": leaf.subject(),
                    "country": leaf.subject_country(),
                    "iaca": doc.chain().anchor().subject(),
                },
                "validity": {
                    "signed": validity.signed.as_str(),
                    "validFrom": validity.valid_from.as_str(),
                    "validUntil": validity.valid_until.as_str(),
                },
                "findings": doc.findings().iter().map(|f| format!("{f:?}")).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json::Array(documents)
}

/// `mdoc verify`.
pub(crate) fn run(args: &VerifyArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    // Unreadable: exit 2; read but not a response in any accepted form: rejected below.
    let bytes = files::response(&args.response)?;
    let transcript = files::transcript(&args.transcript)?;
    let trust = files::trust(&args.trust)?;
    let reader_key = args
        .reader_key
        .as_deref()
        .map(files::private_key)
        .transpose()?;
    let now = args.at.unwrap_or_else(files::now);
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
        Ok(verified) => {
            println!(
                "{}",
                json!({ "valid": true, "documents": document_json(&verified) })
            );
            Ok(())
        }
        Err(error) => {
            println!(
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
