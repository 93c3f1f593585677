//! TLS, set up once for every protocol linger speaks: rustls with the
//! `ring` provider, the built-in Mozilla roots, and the CA certificates of
//! a `ca_file` (a company's own CA, Proton Mail Bridge, a test CA) trusted
//! besides them. There is no switch to accept an invalid certificate.
//!
//! What each client takes from here, as far as its crate allows:
//! - IMAP (`net::imap`, tokio-rustls) takes the whole `ClientConfig`.
//! - SMTP (`net::smtp`, lettre) builds its own rustls config from the same
//!   Mozilla set (lettre's `webpki-roots`) and takes the `ca_file`'s
//!   certificates, parsed here, one by one.
//! - HTTP (`net::http`, reqwest) verifies against the operating system's
//!   store (rustls-platform-verifier) and takes the Mozilla roots from
//!   here; it has no `ca_file` (a proxy's CA belongs in that store).

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use rustls::{ClientConfig, RootCertStore};

/// The crypto provider of every TLS client: `ring`, the one lettre uses.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Makes `provider` the process's default, for the clients that take it
/// from there (reqwest). The first call installs it; a later one fails
/// harmlessly.
pub fn install_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The Mozilla roots built into linger (so a machine with an empty or
/// missing trust store still works).
pub fn mozilla_roots() -> &'static [CertificateDer<'static>] {
    webpki_root_certs::TLS_SERVER_ROOT_CERTS
}

/// Why a `ca_file` cannot be used; the caller names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaError {
    #[error("is not PEM: {0}")]
    NotPem(String),
    #[error("holds a certificate rustls refuses: {0}")]
    Refused(String),
    #[error("holds no certificate")]
    Empty,
}

impl CaError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            CaError::Empty | CaError::NotPem(_) => {
                "give a PEM file with `-----BEGIN CERTIFICATE-----`"
            }
            CaError::Refused(_) => "give the CA's own certificate, in PEM",
        }
    }
}

/// The CA certificates of a `ca_file`, checked: every one is a certificate
/// rustls takes as a root, and there is at least one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraRoots(Vec<CertificateDer<'static>>);

impl ExtraRoots {
    /// No certificate besides the built-in roots.
    pub fn none() -> ExtraRoots {
        ExtraRoots::default()
    }

    /// Every certificate in `pem`.
    pub fn from_pem(pem: &[u8]) -> Result<ExtraRoots, CaError> {
        let mut certificates = Vec::new();
        let mut check = RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|err| CaError::NotPem(err.to_string()))?;
            check
                .add(cert.clone())
                .map_err(|err| CaError::Refused(err.to_string()))?;
            certificates.push(cert);
        }
        if certificates.is_empty() {
            return Err(CaError::Empty);
        }
        Ok(ExtraRoots(certificates))
    }

    pub fn certificates(&self) -> &[CertificateDer<'static>] {
        &self.0
    }
}

/// The Mozilla roots and `extra`.
pub fn roots(extra: &ExtraRoots) -> Result<RootCertStore, CaError> {
    let mut roots = RootCertStore::empty();
    for cert in mozilla_roots() {
        let _ = roots.add(cert.clone());
    }
    for cert in extra.certificates() {
        roots
            .add(cert.clone())
            .map_err(|err| CaError::Refused(err.to_string()))?;
    }
    Ok(roots)
}

/// A client config that trusts the Mozilla roots and `extra`, over TLS 1.2
/// and 1.3, without a client certificate.
pub fn client_config(extra: &ExtraRoots) -> Result<Arc<ClientConfig>, String> {
    let roots = roots(extra).map_err(|err| format!("`ca_file` {err}"))?;
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|err| err.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_ca() -> String {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn a_ca_file_adds_its_certificates_to_the_built_in_roots() {
        let pem = format!("{}{}", test_ca(), test_ca());
        let extra = ExtraRoots::from_pem(pem.as_bytes()).unwrap();
        assert_eq!(extra.certificates().len(), 2);
        let built_in = roots(&ExtraRoots::none()).unwrap().len();
        assert!(built_in > 100, "{built_in} Mozilla roots");
        assert_eq!(roots(&extra).unwrap().len(), built_in + 2);
        assert!(client_config(&extra).is_ok());
    }

    #[test]
    fn a_ca_file_without_a_certificate_is_refused() {
        assert_eq!(ExtraRoots::from_pem(b""), Err(CaError::Empty));
        assert_eq!(
            ExtraRoots::from_pem(b"not a certificate at all\n"),
            Err(CaError::Empty)
        );
        let broken = b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            ExtraRoots::from_pem(broken),
            Err(CaError::NotPem(_))
        ));
        let junk = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(matches!(
            ExtraRoots::from_pem(junk),
            Err(CaError::Refused(_))
        ));
    }
}
