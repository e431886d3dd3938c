//! `mdoc present`: a DeviceResponse disclosing the requested elements, with device
//! authentication by signature or MAC over the given session transcript.

use iso18013::cbor::{Decode, Encode};
use iso18013::issuer::cose_key_from_sec1;
use iso18013::mso::IssuerSigned;
use iso18013::present::{DeviceAuthMode, Selection, present_document, selection_from_request};
use iso18013::request::DeviceRequest;
use iso18013::response::DeviceResponse;

use super::Failure;
use super::args::PresentArgs;
use super::files;

/// `ns:id,ns:id` (the namespace is everything before the last colon).
pub(crate) fn parse_elements(list: &str) -> Result<Selection, String> {
    let mut selection = Selection::new();
    for entry in list.split(',').filter(|e| !e.is_empty()) {
        let (ns, id) = entry
            .rsplit_once(':')
            .ok_or_else(|| format!("--elements: {entry} is not namespace:element"))?;
        selection.entry(ns).push(id.to_string());
    }
    Ok(selection)
}

/// `mdoc present`.
pub(crate) fn run(args: &PresentArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    let path = args.issuer_signed.as_str();
    let issued = IssuerSigned::from_cbor(&super::inspect::read_cbor(path)?)
        .map_err(|e| format!("{path}: {e}"))?;
    let device_key = files::private_key(&args.device_key)?;
    let transcript = files::transcript(&args.transcript)?;
    let doc_type = issued.issuer_auth.mso().doc_type.clone();
    let selection = match (&args.request, &args.elements) {
        (Some(request), None) => {
            let parsed = DeviceRequest::from_cbor(&super::inspect::read_cbor(request)?)
                .map_err(|e| format!("{request}: {e}"))?;
            let asked = parsed
                .doc_requests
                .iter()
                .find(|r| r.items_request.doc_type == doc_type)
                .ok_or_else(|| format!("{request}: no request for {doc_type}"))?;
            selection_from_request(asked.items_request.value())
        }
        (None, Some(list)) => parse_elements(list)?,
        _ => {
            return Err("give exactly one of --request and --elements"
                .to_string()
                .into());
        }
    };
    let reader_cose_key;
    let mode = if args.mac {
        reader_cose_key = match &args.reader_key {
            Some(path) => {
                let (curve, point) = files::public_key(path, provider)?;
                cose_key_from_sec1(curve, &point).ok_or_else(|| format!("{path}: unusable key"))?
            }
            None => transcript
                .e_reader_key()
                .map(|k| k.value().clone())
                .ok_or_else(|| {
                    "--mac needs --reader-key when the transcript has no EReaderKey".to_string()
                })?,
        };
        DeviceAuthMode::Mac {
            e_reader_key: &reader_cose_key,
        }
    } else {
        DeviceAuthMode::Signature
    };
    let document = present_document(
        &issued,
        &selection,
        &device_key,
        Default::default(),
        &transcript,
        mode,
        provider,
    )
    .map_err(|e| e.to_string())?;
    let response = DeviceResponse::new(vec![document]);
    let out = args.out.as_str();
    files::write(out, &response.to_cbor())?;
    let disclosed: usize = selection.iter().map(|(_, ids)| ids.len()).sum();
    say!(
        "{}",
        serde_json::json!({
            "out": out,
            "docType": doc_type,
            "requested": disclosed,
            "deviceAuth": if args.mac { "mac" } else { "signature" },
        })
    );
    Ok(())
}
