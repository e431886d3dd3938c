//! `mdoc issue`: issue and sign an mdoc from JSON claims.

use iso18013::cbor::{Encode, FullDate, TDate, TextRest, Value};
use iso18013::crypto::SystemRandom;
use iso18013::doctype::Registry;
use iso18013::issuer::{IssueError, Issuer, KeySigner, MdocBuilder, Validity, cose_key_from_sec1};
use iso18013::json::element_from_json;
use iso18013::mso::{Status, StatusListInfo};
use iso18013::portrait::{Portrait, PortraitLimits};

use super::Failure;
use super::args::IssueArgs;
use super::files;

/// `mdoc issue`.
pub(crate) fn run(args: &IssueArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    let doc_type = args.doctype.as_str();
    let claims_path = args.claims.as_str();
    let claims: serde_json::Value = serde_json::from_str(&files::read_text(claims_path)?)
        .map_err(|e| format!("{claims_path}: {e}"))?;
    let serde_json::Value::Object(name_spaces) = &claims else {
        return Err(format!("{claims_path}: expected {{namespace: {{element: value}}}}").into());
    };
    let ds_key = files::private_key(&args.ds_key)?;
    let ds_cert = files::certificate(&args.ds_cert)?;
    let (curve, device_public) = files::public_key(&args.device_key, provider)?;

    let now = iso18013::now();
    let signed = TDate::from_unix_seconds(now).map_err(|e| e.to_string())?;
    let valid_from = match &args.valid_from {
        Some(t) => t.clone(),
        None => signed.clone(),
    };
    let valid_until = match &args.valid_until {
        Some(t) => t.clone(),
        None => TDate::from_unix_seconds(now + 365 * 86_400).map_err(|e| e.to_string())?,
    };

    let device_key = cose_key_from_sec1(curve, &device_public)
        .ok_or_else(|| IssueError::InvalidDeviceKey.to_string())?;
    let mut elements: Vec<(&str, &str, Value)> = Vec::new();
    let portrait = match &args.portrait {
        Some(path) => Some(portrait(doc_type, path)?),
        None => None,
    };
    if let Some((ns, accepted)) = &portrait {
        elements.push((
            ns.as_str(),
            "portrait",
            Value::Bytes(accepted.bytes().to_vec()),
        ));
    }
    for (ns, values) in name_spaces {
        let serde_json::Value::Object(values) = values else {
            return Err(format!("{claims_path}: namespace {ns} is not an object").into());
        };
        for (id, json) in values {
            let value = element_from_json(ns, id, json).map_err(|e| format!("{ns}/{id}: {e}"))?;
            elements.push((ns.as_str(), id.as_str(), value));
        }
    }
    let birth = elements.iter().find_map(|(ns, id, value)| {
        (*id == "birth_date")
            .then(|| birth_date(value))
            .flatten()
            .map(|date| (ns.to_string(), date))
    });
    if birth.is_none() && !args.age_over.is_empty() {
        return Err(format!("{claims_path}: --age-over needs a birth_date").into());
    }
    let mut count = elements.len();
    let mut elements = elements.into_iter();
    let Some((ns, id, value)) = elements.next() else {
        return Err(format!("{claims_path}: no elements").into());
    };
    let mut mdoc = MdocBuilder::with_required(
        doc_type,
        device_key,
        Validity::new(signed, valid_from, valid_until),
    )
    .element(ns, id, value);
    for (ns, id, value) in elements {
        mdoc = mdoc.element(ns, id, value);
    }
    if let Some((uri, idx)) = &args.status_list {
        mdoc = mdoc.status(Status {
            status_list: Some(StatusListInfo {
                idx: *idx,
                uri: uri.clone(),
                certificate: None,
                rest: TextRest::new(),
            }),
            ..Status::default()
        });
    }
    if let Some((ns, birth)) = birth.filter(|_| !args.age_over.is_empty()) {
        mdoc = mdoc
            .age_attestations(&ns, &birth, &args.age_over)
            .map_err(|e| format!("--age-over: {e}"))?;
        count += args.age_over.len() + 2;
    }
    let doctypes = match args.partial {
        true => Registry::builtin().all_optional(),
        false => Registry::builtin(),
    };
    let issuer = Issuer::new(vec![ds_cert.der().to_vec()]).with_doctypes(doctypes);
    let signer = KeySigner::new(provider, ds_key);
    let issued = issuer
        .issue(mdoc, provider, &signer, &mut SystemRandom(provider))
        .map_err(|e| e.to_string())?;
    let out = args.out.as_str();
    files::write(out, &issued.to_cbor())?;
    let mso = issued.issuer_auth.mso();
    let mut summary = serde_json::Map::new();
    summary.insert("out".into(), out.into());
    summary.insert("docType".into(), mso.doc_type.as_str().into());
    summary.insert("elements".into(), count.into());
    summary.insert(
        "digestAlgorithm".into(),
        mso.digest_algorithm.as_str().into(),
    );
    let validity = &mso.validity_info;
    summary.insert("validFrom".into(), validity.valid_from.as_str().into());
    summary.insert("validUntil".into(), validity.valid_until.as_str().into());
    if let Some(list) = mso.status.as_ref().and_then(|s| s.status_list.as_ref()) {
        summary.insert(
            "statusList".into(),
            serde_json::json!({ "uri": list.uri, "idx": list.idx }),
        );
    }
    if let Some((_, accepted)) = &portrait {
        let (width, height) = accepted.dimensions();
        let removed: Vec<serde_json::Value> = accepted
            .removed()
            .iter()
            .map(|block| serde_json::json!({"kind": block.kind.to_string(), "bytes": block.len}))
            .collect();
        summary.insert(
            "portrait".into(),
            serde_json::json!({
                "format": accepted.format().to_string(),
                "width": width,
                "height": height,
                "bytes": accepted.bytes().len(),
                "removed": removed,
            }),
        );
    }
    let summary = serde_json::Value::Object(summary);
    say!("{summary}");
    Ok(())
}

/// The date of a `birth_date` element: a full-date, or PhotoID's `{"birth_date":
/// full-date, ..}`.
fn birth_date(value: &Value) -> Option<FullDate> {
    match value {
        Value::Tag(1004, text) => FullDate::parse(text.as_text()?).ok(),
        Value::Map(_) => birth_date(value.get("birth_date")?),
        _ => None,
    }
}

/// Reads, checks and strips the photo at `path` as the portrait of `doc_type`: the
/// namespace of the doctype's `portrait` element, and the accepted image.
fn portrait(doc_type: &str, path: &str) -> Result<(String, Portrait), String> {
    let registry = Registry::builtin();
    let name_space = registry
        .get(doc_type)
        .and_then(|d| {
            d.name_spaces()
                .iter()
                .find(|ns| ns.element("portrait").is_some())
        })
        .ok_or_else(|| format!("--portrait: {doc_type} has no portrait element"))?
        .name()
        .to_string();
    let upload = files::read_bytes(path)?;
    let accepted = Portrait::accept(&upload, &PortraitLimits::default())
        .map_err(|e| format!("{path}: {e}"))?;
    Ok((name_space, accepted))
}
