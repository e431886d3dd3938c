//! `mdoc verify`: verify a DeviceResponse; JSON verdict on stdout, exit 0 valid, 1 rejected.
//!
//! With `--request`, the verified response is compared with the DeviceRequest it answers:
//! `"complete"` and the comparison under `"request"` are added, and an authentic response
//! that lacks anything asked exits 3.

use std::time::Instant;

use iso18013::cbor::Decode as _;
use iso18013::request::DeviceRequest;
use iso18013::status::{ListKind, ResolveError, StatusResolver, StatusTokens, decode_token};
use iso18013::verify::{
    Answer, Policy, ReaderSession, StatusRules, VerifiedResponse, Verifier, verify_device_response,
};
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
    let mut policy = Policy::new(provider);
    if args.require_status {
        policy.status.default = StatusRules::REQUIRED;
    }
    let status = status_source(args)?;

    // Each run verifies from the bytes, in full (with status: a new verifier each time,
    // so no list or chain comes from a cache).
    let mut timings = Vec::with_capacity(repeat.clamp(1, 1_000_000));
    let mut result = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        result = Some(match (&bytes, &status) {
            (Ok(bytes), None) => verify_device_response(bytes, &session, &trust, &policy, now),
            (Ok(bytes), Some(status)) => Verifier::new(trust.clone(), policy.clone())
                .with_status_resolver(status.clone())
                .verify(bytes, &session, now),
            (Err(malformed), _) => Err(malformed.clone()),
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

/// Where `mdoc verify` gets status lists: the tokens given, then (with `--fetch-status`)
/// HTTPS.
#[derive(Clone)]
struct CliStatus {
    tokens: StatusTokens,
    #[cfg(feature = "fetch")]
    fetch: Option<iso18013::fetch::FetchConfig>,
}

impl StatusResolver for CliStatus {
    fn resolve(&self, uri: &str, kind: ListKind) -> Result<Vec<u8>, ResolveError> {
        match self.tokens.resolve(uri, kind) {
            Err(ResolveError::NotFound) => {}
            held => return held,
        }
        #[cfg(feature = "fetch")]
        if let Some(config) = &self.fetch {
            return iso18013::fetch::Fetcher::new(config.clone()).resolve(uri, kind);
        }
        Err(ResolveError::NotFound)
    }
}

/// The status options: `None` when none is given (verification then finds every status
/// unavailable, and the policy decides).
fn status_source(args: &VerifyArgs) -> Result<Option<CliStatus>, Failure> {
    let mut tokens = StatusTokens::new();
    for path in &args.status_token {
        let token = super::inspect::read_cbor(path)?;
        let limits = iso18013::status::ListVerifyOptions::default().limits;
        let (_, claims) =
            decode_token(&token, &limits).map_err(|e| format!("{path}: not a list token: {e}"))?;
        let uri = claims
            .sub
            .ok_or_else(|| format!("{path}: the token has no sub (the URI it is published at)"))?;
        tokens.insert(uri, token);
    }
    #[cfg(feature = "fetch")]
    let fetch = args.fetch_status.then(|| {
        let config = iso18013::fetch::FetchConfig::default();
        if args.dangerous_allow_http {
            config.dangerous_allow_http()
        } else {
            config
        }
    });
    #[cfg(feature = "fetch")]
    let none = fetch.is_none();
    #[cfg(not(feature = "fetch"))]
    let none = true;
    if tokens.is_empty() && none {
        return Ok(None);
    }
    Ok(Some(CliStatus {
        tokens,
        #[cfg(feature = "fetch")]
        fetch,
    }))
}
