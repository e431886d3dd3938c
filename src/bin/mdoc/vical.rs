//! `mdoc vical build|verify|inspect`: VICALs (ISO 18013-5 second edition, Annex C).
//!
//! `verify` exits 0 when the list verifies against the provider's root (and, with
//! `--previous`, is not older than the list used so far) and prints its entries and
//! findings, 1 when it is rejected (a file read but not a signed VICAL
//! included: `error.kind` "malformed"), 2 for usage and I/O. `inspect` prints the content
//! without verifying anything.

use iso18013::cbor::{Encode as _, TDate};
use iso18013::crypto::CryptoProvider;
use iso18013::issuer::KeySigner;
use iso18013::json::{bytes_to_json, to_json};
use iso18013::vical::{
    CertificateInfo, ListError, MDL_DOC_TYPE, SignedVical, VerifiedVical, Vical,
};
use iso18013::x509::{Certificate, CertificateError};
use serde_json::{Value as Json, json};

use super::Failure;
use super::args::{VicalArgs, VicalBuildArgs, VicalCommand, VicalInspectArgs, VicalVerifyArgs};
use super::files;

/// `mdoc vical`.
pub(crate) fn run(args: &VicalArgs) -> Result<(), Failure> {
    match &args.command {
        VicalCommand::Build(args) => build(args),
        VicalCommand::Verify(args) => verify(args),
        VicalCommand::Inspect(args) => inspect(args).map_err(Failure::from),
    }
}

/// Every certificate of each PEM (or DER) file.
fn certificates(paths: &[String]) -> Result<Vec<Certificate>, String> {
    let mut out = Vec::new();
    for path in paths {
        let bytes = files::read_bytes(path)?;
        match core::str::from_utf8(&bytes) {
            Ok(text) if text.contains("-----BEGIN") => out.extend(
                Certificate::from_pem(text)
                    .map_err(|e: CertificateError| format!("{path}: {e}"))?,
            ),
            _ => out.push(Certificate::from_der(&bytes).map_err(|e| format!("{path}: {e}"))?),
        }
    }
    Ok(out)
}

fn build(args: &VicalBuildArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    let iacas = certificates(&args.iaca)?;
    let doc_types: Vec<String> = if args.doctype.is_empty() {
        vec![MDL_DOC_TYPE.to_string()]
    } else {
        args.doctype.clone()
    };
    let key = files::private_key(&args.key)?;
    let chain = certificates(core::slice::from_ref(&args.cert))?;
    let date = match &args.date {
        Some(date) => date.clone(),
        None => TDate::from_unix_seconds(iso18013::now()).map_err(|e| e.to_string())?,
    };
    let infos = iacas
        .iter()
        .map(|iaca| CertificateInfo::for_certificate(iaca, doc_types.iter().cloned()))
        .collect();
    let mut vical = Vical::new(&args.provider, date, infos);
    vical.vical_issue_id = args.issue_id;
    vical.next_update.clone_from(&args.next_update);
    vical.not_after.clone_from(&args.not_after);
    let x5chain = chain.iter().map(|c| c.der().to_vec()).collect();
    let signer = KeySigner::new(provider, key);
    let signed = SignedVical::sign(vical, x5chain, &signer, provider)
        .map_err(|e| format!("{}: {e}", args.key))?;
    let bytes = signed.to_cbor();
    files::write(&args.out, &bytes)?;
    say!(
        "{}",
        json!({
            "out": args.out,
            "bytes": bytes.len(),
            "provider": args.provider,
            "entries": iacas.len(),
            "docTypes": doc_types,
        })
    );
    Ok(())
}

/// A VICAL file verified against the roots in `trust_paths`, for `mdoc verify --vical`:
/// any failure is a configuration error (exit 2).
pub(crate) fn trusted(
    path: &str,
    trust_paths: &[String],
    provider: &dyn CryptoProvider,
    now: i64,
) -> Result<VerifiedVical, String> {
    let anchors = certificates(trust_paths)?;
    let bytes = super::inspect::read_cbor(path)?;
    SignedVical::from_cbor(&bytes)
        .and_then(|signed| signed.verify(&anchors, provider, now))
        .map_err(|e| format!("{path}: the VICAL does not verify ({}): {e}", e.name()))
}

fn verify(args: &VicalVerifyArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    let anchors = certificates(&args.trust)?;
    let bytes = super::inspect::read_cbor(&args.vical)?;
    let now = args.at.unwrap_or_else(iso18013::now);
    // The list used so far was verified when it was taken up: only its content is read.
    let previous = match &args.previous {
        Some(path) => {
            let old = super::inspect::read_cbor(path)?;
            let old = SignedVical::from_cbor(&old)
                .map_err(|e| format!("{path}: not a signed VICAL: {e}"))?;
            Some(old.list().clone())
        }
        None => None,
    };
    let result = SignedVical::from_cbor(&bytes)
        .and_then(|signed| signed.verify(&anchors, provider, now))
        .and_then(|verified| match &previous {
            Some(old) => verified.check_supersedes(old).map(|()| verified),
            None => Ok(verified),
        });
    match result {
        Ok(verified) => {
            let mut out = list_json(verified.list(), |i| verified.certificates().nth(i).cloned());
            if let Json::Object(fields) = &mut out {
                fields.insert("valid".to_string(), Json::Bool(true));
                fields.insert(
                    "needsUpdate".to_string(),
                    Json::Bool(verified.needs_update()),
                );
                fields.insert(
                    "signer".to_string(),
                    json!(verified.chain().leaf().subject()),
                );
                let findings: Vec<Json> = verified
                    .findings()
                    .iter()
                    .map(|f| json!({ "kind": f.name(), "message": f.to_string() }))
                    .collect();
                fields.insert("findings".to_string(), Json::Array(findings));
            }
            say!("{}", text(&out)?);
            Ok(())
        }
        Err(error) => {
            say!("{}", text(&rejected(&error))?);
            Err(Failure::Rejected)
        }
    }
}

fn rejected(error: &ListError) -> Json {
    json!({
        "valid": false,
        "error": { "kind": error.name(), "message": error.to_string() },
    })
}

fn inspect(args: &VicalInspectArgs) -> Result<(), String> {
    let bytes = super::inspect::read_cbor(&args.vical)?;
    let signed = SignedVical::from_cbor(&bytes)
        .map_err(|e| format!("{}: not a signed VICAL: {e}", args.vical))?;
    let mut out = list_json(signed.list(), |i| {
        signed
            .list()
            .certificate_infos
            .get(i)
            .and_then(|info| Certificate::from_der(&info.certificate).ok())
    });
    if let Json::Object(fields) = &mut out {
        let chain: Vec<Json> = signed
            .x5chain()
            .unwrap_or_default()
            .into_iter()
            .map(|der| match Certificate::from_der(der) {
                Ok(cert) => json!(cert.subject()),
                Err(e) => json!(format!("(unreadable: {e})")),
            })
            .collect();
        fields.insert("x5chain".to_string(), Json::Array(chain));
        fields.insert("tagged".to_string(), Json::Bool(signed.sign1().is_tagged()));
    }
    say!("{}", text(&out)?);
    Ok(())
}

fn text(json: &Json) -> Result<String, String> {
    serde_json::to_string_pretty(json).map_err(|e| e.to_string())
}

/// The list as JSON, each entry with its certificate's subject when it parses.
fn list_json(vical: &Vical, certificate: impl Fn(usize) -> Option<Certificate>) -> Json {
    let date = |t: &Option<TDate>| t.as_ref().map(TDate::to_string);
    let rest = |rest: &iso18013::cbor::TextRest| {
        rest.iter()
            .map(|(k, v)| (k.clone(), to_json(v)))
            .collect::<serde_json::Map<_, _>>()
    };
    let entries: Vec<Json> = vical
        .certificate_infos
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let cert = certificate(i);
            json!({
                "subject": cert.as_ref().map(|c| c.subject().to_string()),
                "notAfter": cert.as_ref().and_then(|c| TDate::from_unix_seconds(c.not_after()).ok()).map(|t| t.to_string()),
                "docType": info.doc_type,
                "serialNumber": hex::encode(&info.serial_number),
                "ski": hex::encode(&info.ski),
                "issuingAuthority": info.issuing_authority,
                "issuingCountry": info.issuing_country,
                "stateOrProvinceName": info.state_or_province_name,
                "certificateProfile": info.certificate_profile,
                "certificate": bytes_to_json(&info.certificate),
                "other": rest(&info.rest),
            })
        })
        .collect();
    json!({
        "version": vical.version,
        "vicalProvider": vical.vical_provider,
        "vicalIssueID": vical.vical_issue_id,
        "date": vical.date.to_string(),
        "nextUpdate": date(&vical.next_update),
        "notAfter": date(&vical.not_after),
        "vicalURL": vical.vical_url,
        "other": rest(&vical.rest),
        "bytes": vical.to_cbor().len(),
        "entries": entries,
    })
}
