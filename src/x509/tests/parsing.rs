//! DER helpers, certificate parsing, PEM, private keys.

use alloc::format;
use alloc::string::String;
use alloc::vec;

use super::super::asn1::ecdsa_raw_to_der;
use super::super::key::{
    KeyError, ec_private_key_from_pem, ec_private_key_from_pkcs8, ec_private_key_to_pem,
    ec_private_key_to_pkcs8,
};
use super::super::profile::serial_bits;
use super::*;
use crate::crypto::ecdsa_der::ecdsa_der_to_raw;
use crate::crypto::providers;

#[test]
fn ecdsa_signature_conversion_is_strict() {
    // r = 1, s = 0x80 (needs a leading zero in DER).
    let der = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
    let mut raw = vec![0u8; 64];
    raw[31] = 1;
    raw[63] = 0x80;
    assert_eq!(ecdsa_der_to_raw(&der, 32).unwrap(), raw);
    assert_eq!(ecdsa_raw_to_der(&raw).unwrap(), der);
    for bad in [
        &[0x30, 0x08, 0x02, 0x02, 0x00, 0x01, 0x02, 0x02, 0x00, 0x80][..], // non-minimal r
        &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80],                 // negative s
        &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80, 0x00],     // trailing byte
        &[0x30, 0x03, 0x02, 0x01, 0x01],                                   // no s
        &[0x31, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80],           // SET, not SEQUENCE
        &[0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00, 0x00],     // indefinite length
    ] {
        assert_eq!(ecdsa_der_to_raw(bad, 32), None, "{bad:02x?}");
    }
    // An integer longer than the field.
    let mut long = vec![0x30, 0x26, 0x02, 0x21, 0x01];
    long.extend_from_slice(&[0u8; 32]);
    long.extend_from_slice(&[0x02, 0x01, 0x01]);
    assert_eq!(ecdsa_der_to_raw(&long, 32), None);
    assert!(ecdsa_der_to_raw(&long, 33).is_some());
    assert!(ecdsa_raw_to_der(&[1, 2, 3]).is_err());
}

#[test]
fn serial_bits_counts_the_magnitude() {
    assert_eq!(serial_bits(&[0x00, 0x80, 0x00]), Some(16));
    assert_eq!(serial_bits(&[0x01]), Some(1));
    assert_eq!(serial_bits(&[0x7f, 0xff]), Some(15));
    assert_eq!(serial_bits(&[0x00]), None);
    assert_eq!(serial_bits(&[0xff, 0x01]), None);
    assert_eq!(serial_bits(&[]), None);
}

#[test]
fn annex_d_iaca_parses() {
    let iaca = Certificate::from_der(&unhex(ANNEX_D_IACA)).unwrap();
    assert_eq!(iaca.version(), 3);
    assert_eq!(iaca.subject(), "C=US,CN=utopia iaca");
    assert_eq!(iaca.issuer(), iaca.subject());
    assert!(iaca.is_self_issued());
    assert_eq!(iaca.subject_common_name(), Some("utopia iaca"));
    assert_eq!(iaca.subject_country(), Some("US"));
    assert_eq!(iaca.subject_state(), None);
    assert_eq!(iaca.curve(), Some(EcCurve::P256));
    assert_eq!(iaca.public_key().len(), 65);
    assert_eq!(iaca.not_before(), 1_601_510_400); // 2020-10-01T00:00:00Z
    assert_eq!(iaca.not_after(), 1_885_334_400); // 2029-09-29T00:00:00Z
    assert_eq!(iaca.serial().len(), 20);
    assert_eq!(
        iaca.subject_key_identifier().unwrap(),
        unhex("54fa2383a04c28e0d930792261c80c4881d2c00b")
    );
    assert_eq!(iaca.authority_key_identifier(), None);
    let ds = Certificate::from_der(&unhex(ANNEX_D_DS)).unwrap();
    assert_eq!(ds.authority_key_identifier(), iaca.subject_key_identifier());
    assert_eq!(ds.issuer_der(), iaca.subject_der());
    // The tbsCertificate is the first element of the certificate, byte for byte.
    assert_eq!(&ds.der()[4..4 + ds.tbs_der().len()], ds.tbs_der());
}

#[test]
fn certificate_parse_errors() {
    let der = unhex(ANNEX_D_IACA);
    let cases: [(&[u8], CertificateError); 4] = [
        (&[], CertificateError::Malformed("certificate")),
        (
            &der[..der.len() - 1],
            CertificateError::Malformed("certificate"),
        ),
        (&[0u8; MAX_CERTIFICATE_LEN + 1], CertificateError::TooLarge),
        (&[0x30, 0x00], CertificateError::Malformed("certificate")),
    ];
    for (bytes, want) in cases {
        assert_eq!(Certificate::from_der(bytes).unwrap_err(), want);
    }
    let mut trailing = der.clone();
    trailing.push(0);
    assert_eq!(
        Certificate::from_der(&trailing).unwrap_err(),
        CertificateError::Malformed("certificate")
    );
}

#[test]
fn pem_reads_every_certificate_and_skips_the_rest() {
    let iaca = Certificate::from_der(&unhex(ANNEX_D_IACA)).unwrap();
    let ds = Certificate::from_der(&unhex(ANNEX_D_DS)).unwrap();
    let mut text = String::from("Bag Attributes: junk\r\n");
    text.push_str(&iaca.to_pem().replace('\n', "\r\n"));
    text.push_str("-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n");
    text.push_str(&ds.to_pem());
    assert_eq!(
        Certificate::from_pem(&text).unwrap(),
        vec![iaca.clone(), ds]
    );
    assert!(iaca.to_pem().lines().all(|l| l.len() <= 64));

    // Unwrapped base64 on one line is accepted too.
    let one_line: String = iaca
        .to_pem()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let text = format!("-----BEGIN CERTIFICATE-----\n{one_line}\n-----END CERTIFICATE-----");
    assert_eq!(Certificate::from_pem(&text).unwrap(), vec![iaca.clone()]);

    let no_end = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    assert!(matches!(
        Certificate::from_pem(no_end),
        Err(CertificateError::Pem(_))
    ));
    let wrong_end = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END X509 CRL-----\n";
    assert!(matches!(
        Certificate::from_pem(wrong_end),
        Err(CertificateError::Pem(_))
    ));
    let bad_base64 = "-----BEGIN CERTIFICATE-----\nM!IB\n-----END CERTIFICATE-----\n";
    assert!(matches!(
        Certificate::from_pem(bad_base64),
        Err(CertificateError::Pem(_))
    ));
    assert_eq!(
        Certificate::from_pem("no pem here"),
        Err(CertificateError::NoCertificate)
    );
}

#[test]
fn private_keys_round_trip_through_pkcs8_and_sec1() {
    for provider in providers() {
        for (curve, seed) in [(EcCurve::P256, 1), (EcCurve::P384, 2), (EcCurve::P521, 3)] {
            let key = key(provider, curve, seed);
            let public = provider.ec_public_key(&key).unwrap();
            let pem = ec_private_key_to_pem(&key, &public).unwrap();
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
            assert_eq!(ec_private_key_from_pem(&pem).unwrap(), key);
            let der = ec_private_key_to_pkcs8(&key, &public).unwrap();
            assert_eq!(ec_private_key_from_pkcs8(&der).unwrap(), key);
        }
    }
    // SEC1 as `openssl ecparam -name prime256v1 -genkey` writes it (parameters, then key).
    let sec1 = concat!(
        "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n",
        "-----BEGIN EC PRIVATE KEY-----\n",
        "MHcCAQEEIKzwkdPDT5g9NrbEns7nUogX0Zk4i6a0kxRV5aiilDK8oAoGCCqGSM49\n",
        "AwEHoUQDQgAEu153yZ05ORgwOoFFPy5QkgLc8YVBsgRIhbeS+1RC2oUJLvuQmK2v\n",
        "AuXTK5h0+Sei7jGM/N+YnpCYOeKAid9ADg==\n",
        "-----END EC PRIVATE KEY-----\n",
    );
    let key = ec_private_key_from_pem(sec1).unwrap();
    assert_eq!(key.curve(), EcCurve::P256);
    assert_eq!(key.expose_scalar()[..4], [0xac, 0xf0, 0x91, 0xd3]);
    assert_eq!(ec_private_key_from_pem("nothing"), Err(KeyError::NoKey));
    assert!(matches!(
        ec_private_key_from_pkcs8(&[0x30, 0x00]),
        Err(KeyError::Malformed(_))
    ));
}
