//! Device authentication: the device signature or MAC over `DeviceAuthenticationBytes`,
//! checked against the MSO's device key.

use alloc::vec::Vec;

use super::error::DeviceAuthError;
use super::{DeviceAuthKind, Finding, Policy, ReaderSession, VerifyErrorKind, header_findings};
use crate::cose::{CoseSign1, sec1_from_cose_key, sig_structure_head};
use crate::crypto::SignatureAlgorithm;
use crate::mso::MobileSecurityObject;
use crate::response::{DeviceAuth, DeviceAuthenticationParts, Document, emac_key};

pub(super) fn verify_device_auth(
    document: &Document,
    mso: &MobileSecurityObject,
    session: &ReaderSession<'_>,
    policy: &Policy,
    findings: &mut Vec<Finding>,
) -> Result<DeviceAuthKind, VerifyErrorKind> {
    let (curve, device_public) = sec1_from_cose_key(&mso.device_key_info.device_key)
        .ok_or(VerifyErrorKind::DeviceAuth(DeviceAuthError::DeviceKey))?;
    let signed = &document.device_signed;
    let authentication =
        DeviceAuthenticationParts::new(session.transcript, &document.doc_type, &signed.name_spaces);
    match &signed.device_auth {
        DeviceAuth::Signature(sign1) => {
            sign1
                .check_headers()
                .map_err(|e| VerifyErrorKind::DeviceAuth(DeviceAuthError::Header(e)))?;
            findings.extend(header_findings(sign1.unprotected()));
            let alg = sign1
                .signature_algorithm()
                .map_err(|_| VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature))?;
            if alg.curve() != curve || !policy.signature_algorithms.contains(&alg) {
                return Err(VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature));
            }
            if sign1.payload().is_some() {
                return Err(VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature));
            }
            verify_device_signature(sign1, alg, &device_public, &authentication, policy)?;
            Ok(DeviceAuthKind::Signature)
        }
        DeviceAuth::Mac(mac0) => {
            mac0.check_headers()
                .map_err(|e| VerifyErrorKind::DeviceAuth(DeviceAuthError::Header(e)))?;
            findings.extend(header_findings(mac0.unprotected()));
            let reader_key = session.e_reader_key.ok_or(VerifyErrorKind::DeviceAuth(
                DeviceAuthError::MacKeyUnavailable,
            ))?;
            if let Some(expected) = session.transcript.e_reader_key() {
                let reader_public = policy
                    .provider
                    .ec_public_key(reader_key)
                    .map_err(|_| VerifyErrorKind::DeviceAuth(DeviceAuthError::ReaderKeyMismatch))?;
                match sec1_from_cose_key(expected.value()) {
                    Some((_, point)) if point == reader_public => {}
                    _ => {
                        return Err(VerifyErrorKind::DeviceAuth(
                            DeviceAuthError::ReaderKeyMismatch,
                        ));
                    }
                }
            }
            if mac0.payload().is_some() {
                return Err(VerifyErrorKind::DeviceAuth(DeviceAuthError::Mac));
            }
            let key = emac_key(
                policy.provider,
                reader_key,
                &device_public,
                session.transcript,
            )
            .map_err(|_| VerifyErrorKind::DeviceAuth(DeviceAuthError::Mac))?;
            let authenticated = authentication.parts().concat();
            mac0.verify(policy.provider, key.expose(), Some(&authenticated), &[])
                .map_err(|_| VerifyErrorKind::DeviceAuth(DeviceAuthError::Mac))?;
            Ok(DeviceAuthKind::Mac)
        }
    }
}

/// Verifies a device signature over its `Sig_structure`, `["Signature1", protected, h'',
/// DeviceAuthenticationBytes]`, hashed in parts: the `Sig_structure`'s head, then the
/// parts of [`DeviceAuthenticationParts`] (the transcript and namespaces as their exact
/// bytes), none of it copied together.
fn verify_device_signature(
    sign1: &CoseSign1,
    alg: SignatureAlgorithm,
    device_public: &[u8],
    authentication: &DeviceAuthenticationParts<'_>,
    policy: &Policy,
) -> Result<(), VerifyErrorKind> {
    let head = sig_structure_head(sign1.protected(), &[], authentication.len());
    let [a, b, c, d] = authentication.parts();
    policy
        .provider
        .ecdsa_verify_parts(alg, device_public, &[&head, a, b, c, d], sign1.signature())
        .map_err(|_| VerifyErrorKind::DeviceAuth(DeviceAuthError::Signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor::{Decode, Encoder};
    use crate::response::{DeviceResponse, device_authentication_bytes};
    use crate::session::SessionTranscript;

    #[test]
    fn device_signature_parts_are_the_sig_structure() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/test-vectors/interop");
        for (response, transcript) in [
            (
                "isomdl/device_response.qr.cbor",
                "isomdl/session_transcript.qr.cbor",
            ),
            ("auth0-mdl/response_sig.cbor", "auth0-mdl/transcript.cbor"),
            ("owf-mdoc/response_sig.cbor", "owf-mdoc/transcript.cbor"),
        ] {
            let read = |name: &str| std::fs::read(std::format!("{dir}/{name}")).unwrap();
            let response = DeviceResponse::from_cbor(&read(response)).unwrap();
            let transcript = SessionTranscript::from_cbor(&read(transcript)).unwrap();
            let document = &response.documents.as_ref().unwrap()[0];
            let DeviceAuth::Signature(sign1) = &document.device_signed.device_auth else {
                panic!("not a device signature");
            };
            let authentication = DeviceAuthenticationParts::new(
                &transcript,
                &document.doc_type,
                &document.device_signed.name_spaces,
            );
            let head = sig_structure_head(sign1.protected(), &[], authentication.len());
            // DeviceAuthenticationBytes written independently of the parts.
            let mut inner = Encoder::new();
            inner
                .array(4)
                .text("DeviceAuthentication")
                .raw(transcript.encoded())
                .text(&document.doc_type)
                .raw(document.device_signed.name_spaces.encoded());
            let mut tagged = Encoder::new();
            tagged.tag(24).bytes(inner.as_bytes());
            assert_eq!(
                device_authentication_bytes(
                    &transcript,
                    &document.doc_type,
                    &document.device_signed.name_spaces,
                ),
                tagged.as_bytes()
            );
            let expected = crate::cose::sig_structure(sign1.protected(), &[], tagged.as_bytes());
            let mut parts = alloc::vec![head.as_slice()];
            parts.extend(authentication.parts());
            assert_eq!(parts.concat(), expected);
        }
    }
}
