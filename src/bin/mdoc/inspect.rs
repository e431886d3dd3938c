//! `mdoc inspect FILE`: which ISO 18013-5 structure FILE holds, printed as JSON.

use base64::Engine as _;
use iso18013::inspect::identify;
use iso18013::json::inspection_view;

/// Reads a file of binary CBOR, hexadecimal text or an `mdoc:` URI.
pub(crate) fn read_cbor(file: &str) -> Result<Vec<u8>, String> {
    let raw = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
    cbor_bytes(raw).map_err(|e| format!("{file}: {e}"))
}

/// The CBOR bytes a file holds: binary as is, hexadecimal text decoded, an `mdoc:` URI's
/// base64url payload decoded.
pub(crate) fn cbor_bytes(raw: Vec<u8>) -> Result<Vec<u8>, String> {
    let Ok(text) = core::str::from_utf8(&raw) else {
        return Ok(raw);
    };
    let trimmed = text.trim();
    if let Some(encoded) = trimmed.strip_prefix("mdoc:") {
        return base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded.trim_end_matches('='))
            .map_err(|e| format!("mdoc: URI is not base64url: {e}"));
    }
    let is_hex = !trimmed.is_empty()
        && trimmed.len() % 2 == 0
        && trimmed.bytes().all(|b| b.is_ascii_hexdigit());
    if is_hex {
        return hex_decode(trimmed);
    }
    Ok(raw)
}

/// Hexadecimal text to bytes (the `hex` crate; either case, no separators).
pub(crate) fn hex_decode(text: &str) -> Result<Vec<u8>, String> {
    hex::decode(text).map_err(|e| format!("invalid hexadecimal: {e}"))
}

/// `mdoc inspect FILE`.
pub(crate) fn run(file: &str) -> Result<(), String> {
    let bytes = read_cbor(file)?;
    let found =
        identify(&bytes).map_err(|e| format!("{file}: not a valid ISO 18013-5 structure: {e}"))?;
    #[derive(serde::Serialize)]
    struct Output<V> {
        structure: String,
        bytes: usize,
        value: V,
    }
    let output = Output {
        structure: found.to_string(),
        bytes: bytes.len(),
        value: inspection_view(&found.value),
    };
    let text = serde_json::to_string_pretty(&output).map_err(|e| e.to_string())?;
    say!("{text}");
    Ok(())
}
