//! Files the commands read and write: keys, certificates, transcripts, times, backends.
//! Everything that touches PEM or the trust store goes through here.

use iso18013::cbor::{Decode, DecodeError, DecodeErrorKind, TaggedCbor};
use iso18013::crypto::{CryptoProvider, EcCurve, EcPrivateKey, providers};
use iso18013::session::SessionTranscript;
use iso18013::verify::{VerifyError, VerifyErrorKind};
use iso18013::x509::{self, Certificate, TrustStore};

use super::args::BackendArg;

/// The backend named by `--backend` (default: the crate's default backend).
pub(crate) fn backend(arg: &BackendArg) -> Result<&'static dyn CryptoProvider, String> {
    let all = providers();
    match arg.backend.map(|b| b.name()) {
        None => all
            .first()
            .copied()
            .ok_or_else(|| "no crypto backend compiled in".to_string()),
        Some(name) => all
            .iter()
            .copied()
            .find(|p| p.name() == name)
            .ok_or_else(|| {
                let names: Vec<&str> = all.iter().map(|p| p.name()).collect();
                format!(
                    "backend {name} is not compiled in (have: {})",
                    names.join(", ")
                )
            }),
    }
}

/// A file's text.
pub(crate) fn read_text(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))
}

/// A file's bytes.
pub(crate) fn read_bytes(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{path}: {e}"))
}

/// Writes a file.
pub(crate) fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{path}: {e}"))
}

/// The response file of `mdoc verify`, under the rule of its exit codes: `Err` (exit 2) only
/// when the file cannot be read; otherwise the bytes it holds in any accepted form (binary
/// CBOR as is, hexadecimal text or an `mdoc:` URI decoded: [`cbor_bytes`]), or, when text
/// of one of those forms does not decode (an `mdoc:` URI that is not base64url), the
/// rejection of a malformed response (exit 1). Other content that is no DeviceResponse
/// (any other text, an empty file, broken CBOR) goes to the verifier, which rejects it as
/// malformed.
///
/// [`cbor_bytes`]: super::inspect::cbor_bytes
pub(crate) fn response(path: &str) -> Result<Result<Vec<u8>, VerifyError>, String> {
    let raw = read_bytes(path)?;
    Ok(super::inspect::cbor_bytes(raw).map_err(|_| VerifyError {
        document: None,
        kind: VerifyErrorKind::Malformed(DecodeError::new(
            DecodeErrorKind::InvalidValue("the mdoc: URI is not base64url"),
            0,
        )),
    }))
}

/// A private key from a PKCS#8 (or SEC1) PEM file.
pub(crate) fn private_key(path: &str) -> Result<EcPrivateKey, String> {
    x509::key::ec_private_key_from_pem(&read_text(path)?).map_err(|e| format!("{path}: {e}"))
}

/// A public key (curve and SEC1 point) from a PEM file holding a public key
/// (SubjectPublicKeyInfo) or a private key.
pub(crate) fn public_key(
    path: &str,
    provider: &dyn CryptoProvider,
) -> Result<(EcCurve, Vec<u8>), String> {
    let text = read_text(path)?;
    if text.contains("PRIVATE KEY") {
        let key = x509::key::ec_private_key_from_pem(&text).map_err(|e| format!("{path}: {e}"))?;
        let point = provider
            .ec_public_key(&key)
            .map_err(|e| format!("{path}: {e}"))?;
        return Ok((key.curve(), point));
    }
    x509::key::ec_public_key_from_pem(&text).map_err(|e| format!("{path}: {e}"))
}

/// The first certificate of a PEM or DER file.
pub(crate) fn certificate(path: &str) -> Result<Certificate, String> {
    let bytes = read_bytes(path)?;
    let parsed = match core::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN") => Certificate::from_pem(text)
            .map_err(|e| format!("{path}: {e}"))?
            .into_iter()
            .next()
            .ok_or_else(|| format!("{path}: no certificate"))?,
        _ => Certificate::from_der(&bytes).map_err(|e| format!("{path}: {e}"))?,
    };
    Ok(parsed)
}

/// A trust store of every certificate in the given IACA files.
pub(crate) fn trust(paths: &[String]) -> Result<TrustStore, String> {
    if paths.is_empty() {
        return Err("at least one --trust IACA.pem is required".to_string());
    }
    let mut store = TrustStore::new();
    for path in paths {
        let text = read_text(path)?;
        for cert in Certificate::from_pem(&text).map_err(|e| format!("{path}: {e}"))? {
            store.add_iaca(cert);
        }
    }
    Ok(store)
}

/// A session transcript from a file holding a plain `SessionTranscript` or the tag-24
/// `SessionTranscriptBytes` (binary or hex).
pub(crate) fn transcript(path: &str) -> Result<SessionTranscript, String> {
    let bytes = super::inspect::read_cbor(path)?;
    if bytes.first() == Some(&0xd8) {
        return TaggedCbor::<SessionTranscript>::from_cbor(&bytes)
            .map(TaggedCbor::into_value)
            .map_err(|e| format!("{path}: not a SessionTranscriptBytes: {e}"));
    }
    SessionTranscript::from_cbor(&bytes)
        .map_err(|e| format!("{path}: not a SessionTranscript: {e}"))
}
