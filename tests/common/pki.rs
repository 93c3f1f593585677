//! A throwaway certificate authority for the TLS tests (`smtp_tls.rs`
//! against linger's own SMTP test server, `imap.rs` against Dovecot):
//! linger is pointed at the CA with `ca_file`, never at the system store.

use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, IsCa, KeyPair};

/// A CA, and a server certificate it signed.
pub struct Issued {
    /// The CA's certificate, for `ca_file`.
    pub ca_pem: String,
    pub cert: rcgen::Certificate,
    pub key: KeyPair,
}

/// A fresh CA and a certificate it signs for `names`.
pub fn issue(names: &[&str]) -> Issued {
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "linger test CA");
    let ca = CertifiedIssuer::self_signed(ca_params, KeyPair::generate().unwrap()).unwrap();
    let key = KeyPair::generate().unwrap();
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    let cert = CertificateParams::new(names)
        .unwrap()
        .signed_by(&key, &ca)
        .unwrap();
    Issued {
        ca_pem: ca.pem(),
        cert,
        key,
    }
}
