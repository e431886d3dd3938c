//! `mdoc status new|set|sign|get`: status lists (ISO 18013-5 2nd edition 12.3.6, the IETF
//! Token Status List in CWT form).
//!
//! The unsigned list file that `new` writes, `allocate` and `set` change and `sign` reads
//! is one CBOR map, `{"uri": tstr, "status_list": StatusList, "allocated": StatusList}`,
//! where `StatusList` is the IETF structure `{"bits": uint, "lst": bstr}` (`lst`
//! ZLIB-compressed, as in the token) and `allocated` a 1-bit list of the indexes handed
//! out: small even for a million entries, and readable by `mdoc inspect`.
//!
//! `get` prints `{"status": "valid"|"invalid"|"suspended"|"0x03".., "value": N, "index": N,
//! "verified": bool, ..}`: with `--trust`, after verifying the token (exit 1 with
//! `{"valid": false, "error": {"kind", "message"}}` when it does not verify, or when the
//! index is beyond the list); without, only decoded (`"verified": false`).

use iso18013::cbor::{Decode as _, Encode as _, Encoder, Value};
use iso18013::crypto::SystemRandom;
use iso18013::issuer::{KeySigner, Signer as _};
use iso18013::status::{
    CompressedStatusList, DEFAULT_MAX_LIST_BYTES, IndexAllocator, ListError, ListSigner, ListTrust,
    ListVerifyOptions, Status, StatusList, TokenParams, decode_token, verify_status_list,
};
use iso18013::x509::Certificate;
use serde_json::json;

use super::Failure;
use super::args::{
    StatusAllocateArgs, StatusCommand, StatusGetArgs, StatusNewArgs, StatusSetArgs, StatusSignArgs,
};
use super::files;

/// `mdoc status ...`.
pub(crate) fn run(command: &StatusCommand) -> Result<(), Failure> {
    match command {
        StatusCommand::New(args) => new(args).map_err(Failure::from),
        StatusCommand::Allocate(args) => allocate(args).map_err(Failure::from),
        StatusCommand::Set(args) => set(args).map_err(Failure::from),
        StatusCommand::Sign(args) => sign(args).map_err(Failure::from),
        StatusCommand::Get(args) => get(args),
    }
}

/// The unsigned list file: the URI, the list, and which indexes are handed out.
struct ListFile {
    uri: String,
    list: StatusList,
    allocated: IndexAllocator,
}

/// Writes the unsigned list file.
fn write_list(path: &str, file: &ListFile) -> Result<(), String> {
    let mut e = Encoder::new();
    e.map(3).text("uri").text(&file.uri).text("status_list");
    CompressedStatusList::compress(&file.list).encode(&mut e);
    let bitmap =
        StatusList::from_bytes(1, file.allocated.as_bytes().to_vec()).map_err(|e| e.to_string())?;
    e.text("allocated");
    CompressedStatusList::compress(&bitmap).encode(&mut e);
    files::write(path, &e.into_bytes())
}

/// Reads the unsigned list file: its URI, the list, decompressed, and the allocated
/// indexes (none when the file has no `allocated`).
fn read_list(path: &str) -> Result<ListFile, String> {
    let bad = |why: &str| format!("{path}: not a status list file ({why})");
    let value = Value::from_cbor(&files::read_bytes(path)?).map_err(|e| bad(&e.to_string()))?;
    let Value::Map(entries) = value else {
        return Err(bad("not a map"));
    };
    let get = |key: &str| {
        entries
            .iter()
            .find(|(k, _)| k.as_text() == Some(key))
            .map(|(_, v)| v)
    };
    let decompress = |value: &Value| {
        CompressedStatusList::from_cbor(&value.to_cbor())
            .map_err(|e| bad(&e.to_string()))?
            .decompress(DEFAULT_MAX_LIST_BYTES)
            .map_err(|e| bad(&e.to_string()))
    };
    let uri = get("uri")
        .and_then(Value::as_text)
        .ok_or_else(|| bad("no uri"))?;
    let list = decompress(get("status_list").ok_or_else(|| bad("no status_list"))?)?;
    let allocated = match get("allocated") {
        None => IndexAllocator::for_list(&list),
        Some(bitmap) => {
            IndexAllocator::from_bytes(list.len(), decompress(bitmap)?.as_bytes().to_vec())
                .map_err(|e| bad(&format!("allocated: {e}")))?
        }
    };
    Ok(ListFile {
        uri: uri.to_string(),
        list,
        allocated,
    })
}

fn new(args: &StatusNewArgs) -> Result<(), String> {
    let list = StatusList::new(args.bits, args.size).map_err(|e| e.to_string())?;
    let file = ListFile {
        uri: args.uri.clone(),
        allocated: IndexAllocator::for_list(&list),
        list,
    };
    write_list(&args.out, &file)?;
    let list = &file.list;
    say!(
        "{}",
        json!({ "out": args.out, "uri": args.uri, "bits": list.bits(), "size": list.len() })
    );
    Ok(())
}

fn set(args: &StatusSetArgs) -> Result<(), String> {
    let mut file = read_list(&args.list)?;
    let status = Status::from_value(args.status);
    file.list
        .set(args.index, status)
        .map_err(|e| e.to_string())?;
    write_list(&args.list, &file)?;
    say!(
        "{}",
        json!({ "index": args.index, "status": status.name(), "value": status.value() })
    );
    Ok(())
}

fn allocate(args: &StatusAllocateArgs) -> Result<(), String> {
    let provider = files::backend(&args.backend)?;
    let mut file = read_list(&args.list)?;
    let index = file
        .allocated
        .allocate(&mut SystemRandom(provider))
        .map_err(|e| format!("{}: {e}", args.list))?;
    write_list(&args.list, &file)?;
    say!(
        "{}",
        json!({ "index": index, "uri": file.uri, "remaining": file.allocated.remaining() })
    );
    Ok(())
}

fn sign(args: &StatusSignArgs) -> Result<(), String> {
    let provider = files::backend(&args.backend)?;
    let ListFile { uri, list, .. } = read_list(&args.list)?;
    let chain = Certificate::from_pem(&files::read_text(&args.cert)?)
        .map_err(|e| format!("{}: {e}", args.cert))?;
    let signer =
        ListSigner::from_certificates(&chain).map_err(|e| format!("{}: {e}", args.cert))?;
    let key = files::private_key(&args.key)?;
    let iat = args.at.unwrap_or_else(iso18013::now);
    let params = TokenParams {
        uri: uri.clone(),
        iat,
        exp: iat.saturating_add(i64::try_from(args.exp).unwrap_or(i64::MAX)),
        ttl: args.ttl,
        aggregation_uri: None,
    };
    let key = KeySigner::new(provider, key);
    let token = signer
        .sign_status_list(&list, &params, provider, &key)
        .map_err(|e| e.to_string())?;
    files::write(&args.out, &token)?;
    say!(
        "{}",
        json!({
            "out": args.out, "uri": uri, "iat": params.iat, "exp": params.exp,
            "ttl": params.ttl, "bits": list.bits(), "size": list.len(),
            "alg": key.algorithm().cose_id(),
        })
    );
    Ok(())
}

/// Exit 1 with the error's kind on stdout.
fn rejected(error: &ListError) -> Failure {
    say!(
        "{}",
        json!({ "valid": false, "error": { "kind": error.name(), "message": error.to_string() } })
    );
    Failure::Rejected
}

fn get(args: &StatusGetArgs) -> Result<(), Failure> {
    let provider = files::backend(&args.backend)?;
    let bytes = super::inspect::read_cbor(&args.token)?;
    let options = ListVerifyOptions::default();
    if args.trust.is_empty() {
        let (_, claims) = decode_token(&bytes, &options.limits).map_err(|e| rejected(&e))?;
        let list = claims
            .status_list
            .ok_or(ListError::MissingClaim("status_list"))
            .and_then(|l| Ok(l.decompress(options.max_list_bytes)?))
            .map_err(|e| rejected(&e))?;
        let status = list
            .get(args.index)
            .map_err(|e| rejected(&ListError::List(e)))?;
        say!(
            "{}",
            json!({
                "status": status.name(), "value": status.value(), "index": args.index,
                "verified": false, "uri": claims.sub, "iat": claims.iat, "exp": claims.exp,
                "ttl": claims.ttl, "bits": list.bits(),
            })
        );
        return Ok(());
    }
    let trust = files::trust(&args.trust)?;
    let anchors = ListTrust::new(None, trust.iaca_roots()).map_err(|e| rejected(&e))?;
    let uri = match &args.uri {
        Some(uri) => uri.clone(),
        None => decode_token(&bytes, &options.limits)
            .map_err(|e| rejected(&e))?
            .1
            .sub
            .ok_or_else(|| rejected(&ListError::MissingClaim("sub")))?,
    };
    let now = args.at.unwrap_or_else(iso18013::now);
    let verified = verify_status_list(&bytes, &uri, &anchors, &options, provider, now)
        .map_err(|e| rejected(&e))?;
    let status = verified
        .status(args.index)
        .map_err(|e| rejected(&ListError::List(e)))?;
    let findings: Vec<String> = verified
        .findings()
        .iter()
        .map(ToString::to_string)
        .collect();
    say!(
        "{}",
        json!({
            "status": status.name(), "value": status.value(), "index": args.index,
            "verified": true, "uri": verified.uri(), "iat": verified.iat(),
            "exp": verified.exp(), "ttl": verified.ttl(), "bits": verified.bits(),
            "signer": verified.chain().leaf().subject_common_name(),
            "findings": findings,
        })
    );
    Ok(())
}
