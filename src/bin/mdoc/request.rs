//! `mdoc request`: an unsigned DeviceRequest for elements of one doctype, as a reader
//! sends it; `mdoc present --request` answers it and `mdoc verify --request` compares a
//! response with it.

use iso18013::cbor::{Encode as _, Value};
use iso18013::request::{DeviceRequest, DocRequest, ItemsRequest};
use serde_json::json;

use super::Failure;
use super::args::RequestArgs;
use super::files;
use super::present::parse_elements;

/// `mdoc request`.
pub(crate) fn run(args: &RequestArgs) -> Result<(), Failure> {
    let selection = parse_elements(&args.elements)?;
    if selection.is_empty() {
        return Err("--elements: no element given".to_string().into());
    }
    let name_spaces = selection
        .iter()
        .map(|(ns, ids)| {
            let ids = ids.iter().map(|id| (id.clone(), args.intent_to_retain));
            (ns.clone(), ids.collect::<Vec<_>>())
        })
        .collect::<Vec<_>>();
    let items = ItemsRequest {
        doc_type: args.doctype.clone(),
        name_spaces: name_spaces
            .try_into()
            .map_err(|e| format!("--elements: {e}"))?,
        request_info: args
            .unique
            .map(|unique| vec![("uniqueDocSetRequired".to_string(), Value::Bool(unique))]),
        rest: Vec::new(),
    };
    let request = DeviceRequest::new(vec![DocRequest::new(items)]);
    let bytes = request.to_cbor();
    files::write(&args.out, &bytes)?;
    say!(
        "{}",
        json!({ "out": args.out, "bytes": bytes.len(), "docType": args.doctype })
    );
    Ok(())
}
