//! HTTPS from a loopback TLS server (rustls) whose certificate chains to a test CA
//! (`tls/`, made by `tls/make_fixtures.py`), trusted through `FetchConfig::tls_roots`.

use std::sync::Arc;

use iso18013::fetch::{FetchConfig, FetchError, Fetcher, StatusServer};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use super::faults::{FaultServer, Tls, ok, redirect};
use super::{STATUS, TOKEN};

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key.pem");

fn server_config() -> Tls {
    let certs = vec![CertificateDer::from_pem_slice(SERVER).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap();
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    Arc::new(config)
}

/// Trusts the test CA (and, having a root of its own, no longer the built-in ones).
fn trusting_the_test_ca() -> FetchConfig {
    let ca = CertificateDer::from_pem_slice(CA).unwrap();
    FetchConfig::default().with_tls_root(ca.to_vec())
}

#[test]
fn a_token_over_tls_from_a_test_ca() {
    let server = FaultServer::start_tls(server_config(), |_| ok(Some(STATUS), TOKEN));
    let fetched = Fetcher::new(trusting_the_test_ca())
        .fetch_status_list(&server.url("https", "/lists/1"))
        .unwrap();
    assert_eq!(fetched.bytes, TOKEN);
    assert_eq!(fetched.content_type, STATUS);
}

#[test]
fn an_untrusted_server_certificate_is_a_tls_failure() {
    let server = FaultServer::start_tls(server_config(), |_| ok(Some(STATUS), TOKEN));
    // the built-in Mozilla roots do not know the test CA
    let e = Fetcher::new(FetchConfig::default())
        .fetch_status_list(&server.url("https", "/lists/1"))
        .unwrap_err();
    assert!(matches!(e, FetchError::Tls(_)), "{e:?}");
    assert!(core::error::Error::source(&e).is_some());
}

#[test]
fn https_to_a_plain_http_server_is_a_tls_failure() {
    // the crate's own server answers a ClientHello with a plain-text 400
    let plain = StatusServer::bind(0, Vec::new()).unwrap().spawn().unwrap();
    let url = plain.url("/lists/1").replacen("http:", "https:", 1);
    let e = Fetcher::new(trusting_the_test_ca())
        .fetch_status_list(&url)
        .unwrap_err();
    assert!(matches!(e, FetchError::Tls(_)), "{e:?}");
}

#[test]
fn no_redirect_from_https_to_http() {
    let plain = FaultServer::start(|_| ok(Some(STATUS), TOKEN));
    let target = plain.url("http", "/lists/1");
    let server = FaultServer::start_tls(server_config(), move |_| redirect(&target));
    let url = server.url("https", "/lists/1");
    // refused even when plain http is allowed
    for config in [
        trusting_the_test_ca(),
        trusting_the_test_ca().dangerous_allow_http(),
    ] {
        let e = Fetcher::new(config).fetch_status_list(&url).unwrap_err();
        assert!(matches!(e, FetchError::InsecureRedirect), "{e}");
    }
}

#[test]
fn a_redirect_from_http_to_https_is_followed() {
    let tls = FaultServer::start_tls(server_config(), |_| ok(Some(STATUS), TOKEN));
    let target = tls.url("https", "/lists/1");
    let plain = FaultServer::start(move |_| redirect(&target));
    let fetched = Fetcher::new(trusting_the_test_ca().dangerous_allow_http())
        .fetch_status_list(&plain.url("http", "/old"))
        .unwrap();
    assert_eq!(fetched.bytes, TOKEN);
    assert!(fetched.uri.starts_with("https://"));
}
