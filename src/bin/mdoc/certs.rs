//! `mdoc certs --out DIR`: a test PKI conforming to ISO 18013-5 Annex B, plus a device key
//! and a reader ephemeral key, as PEM files.

use iso18013::crypto::{EcCurve, EcPrivateKey, SystemRandom};
use iso18013::x509::{self, generate};

use super::Failure;
use super::args::CertsArgs;
use super::files;

const DAY: i64 = 86_400;

/// `mdoc certs`.
pub(crate) fn run(args: &CertsArgs) -> Result<(), Failure> {
    let dir = args.out.as_str();
    let provider = files::backend(&args.backend)?;
    let mut rng = SystemRandom(provider);
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
    let now = files::now();
    let key = |rng: &mut SystemRandom<'_>| {
        provider
            .ec_generate(EcCurve::P256, rng)
            .map_err(|e| format!("key generation: {e}"))
    };
    let public = |k: &EcPrivateKey| {
        provider
            .ec_public_key(k)
            .map_err(|e| format!("public key: {e}"))
    };
    let params = |cn: &'static str, from: i64, days: i64| generate::CertificateParams {
        common_name: cn,
        country: "US",
        state: None,
        not_before: from,
        not_after: from + days * DAY,
        issuer_alt_name: Some(generate::AltName::Uri("https://issuer.example")),
        crl_distribution_point: Some("https://issuer.example/crl"),
    };
    let (iaca_key, ds_key, root_key, reader_key) = (
        key(&mut rng)?,
        key(&mut rng)?,
        key(&mut rng)?,
        key(&mut rng)?,
    );
    let (device_key, ereader_key) = (key(&mut rng)?, key(&mut rng)?);
    let start = now - DAY;
    let iaca = generate::iaca(
        provider,
        &iaca_key,
        &params("Test IACA", start, 9 * 365),
        &mut rng,
    )
    .map_err(|e| format!("IACA: {e}"))?;
    let ds = generate::document_signer(
        provider,
        &iaca_key,
        &iaca,
        &public(&ds_key)?,
        EcCurve::P256,
        &params("Test DS", start, 365),
        &mut rng,
    )
    .map_err(|e| format!("document signer: {e}"))?;
    let root = generate::reader_root(
        provider,
        &root_key,
        &params("Test reader root", start, 9 * 365),
        &mut rng,
    )
    .map_err(|e| format!("reader root: {e}"))?;
    let reader = generate::reader(
        provider,
        &root_key,
        &root,
        &public(&reader_key)?,
        EcCurve::P256,
        &params("Test reader", start, 365),
        &mut rng,
    )
    .map_err(|e| format!("reader: {e}"))?;

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
    out("iaca.pem", &iaca.to_pem())?;
    out("iaca.key.pem", &private_pem(&iaca_key)?)?;
    out("ds.pem", &ds.to_pem())?;
    out("ds.key.pem", &private_pem(&ds_key)?)?;
    out("reader_root.pem", &root.to_pem())?;
    out("reader_root.key.pem", &private_pem(&root_key)?)?;
    out("reader.pem", &reader.to_pem())?;
    out("reader.key.pem", &private_pem(&reader_key)?)?;
    out("device.key.pem", &private_pem(&device_key)?)?;
    out("device.pub.pem", &public_pem(&device_key)?)?;
    out("ereader.key.pem", &private_pem(&ereader_key)?)?;
    out("ereader.pub.pem", &public_pem(&ereader_key)?)?;
    say!("{}", serde_json::json!({ "out": dir, "files": written }));
    Ok(())
}
