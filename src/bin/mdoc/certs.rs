//! `mdoc certs --out DIR`: a test PKI conforming to ISO 18013-5 Annex B (with a status
//! list signer, `status.pem`), plus a device key and a reader ephemeral key, and a VICAL
//! provider root with its VICAL signer (Annex C, `vical_root.pem`, `vical.pem`), as PEM
//! files.

use iso18013::crypto::{EcCurve, EcPrivateKey};
use iso18013::testing::TestPki;
use iso18013::x509;

use super::Failure;
use super::args::CertsArgs;
use super::files;

/// `mdoc certs`.
pub(crate) fn run(args: &CertsArgs) -> Result<(), Failure> {
    let dir = args.out.as_str();
    let provider = files::backend(&args.backend)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    let pki = TestPki::generate(provider, iso18013::now()).map_err(|e| e.to_string())?;
    let public = |k: &EcPrivateKey| {
        provider
            .ec_public_key(k)
            .map_err(|e| format!("public key: {e}"))
    };

    let mut written = Vec::new();
    let mut out = |name: &str, text: &str| -> Result<(), String> {
        let path = format!("{dir}/{name}");
        files::write(&path, text.as_bytes())?;
        written.push(path);
        Ok(())
    };
    let private_pem = |k: &EcPrivateKey| -> Result<zeroize::Zeroizing<String>, String> {
        x509::key::ec_private_key_to_pem(k, &public(k)?).map_err(|e| e.to_string())
    };
    let public_pem = |k: &EcPrivateKey| -> Result<String, String> {
        x509::key::ec_public_key_to_pem(EcCurve::P256, &public(k)?).map_err(|e| e.to_string())
    };
    out("iaca.pem", &pki.iaca.to_pem())?;
    out("iaca.key.pem", &private_pem(&pki.iaca_key)?)?;
    out("ds.pem", &pki.ds.to_pem())?;
    out("ds.key.pem", &private_pem(&pki.ds_key)?)?;
    out("reader_root.pem", &pki.reader_root.to_pem())?;
    out("reader_root.key.pem", &private_pem(&pki.reader_root_key)?)?;
    out("reader.pem", &pki.reader.to_pem())?;
    out("reader.key.pem", &private_pem(&pki.reader_key)?)?;
    out("vical_root.pem", &pki.vical_root.to_pem())?;
    out("vical_root.key.pem", &private_pem(&pki.vical_root_key)?)?;
    out("vical.pem", &pki.vical_signer.to_pem())?;
    out("vical.key.pem", &private_pem(&pki.vical_signer_key)?)?;
    out("device.key.pem", &private_pem(&pki.device_key)?)?;
    out("device.pub.pem", &public_pem(&pki.device_key)?)?;
    out("ereader.key.pem", &private_pem(&pki.e_reader_key)?)?;
    out("ereader.pub.pem", &public_pem(&pki.e_reader_key)?)?;
    out("status.pem", &pki.status_signer.to_pem())?;
    out("status.key.pem", &private_pem(&pki.status_signer_key)?)?;
    say!("{}", serde_json::json!({ "out": dir, "files": written }));
    Ok(())
}
