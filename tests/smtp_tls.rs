//! Sending over TLS to a real SMTP server on loopback, with certificates
//! made here by a test CA (rcgen): STARTTLS and implicit TLS delivered end
//! to end when `[smtp] ca_file` names the CA; refused for an untrusted
//! certificate, the wrong host name, and a server that does not offer
//! STARTTLS (no downgrade). XOAUTH2 sends exactly the SASL string of the
//! spec, and a server that never greets is a clear timeout.

mod common;

use common::text;

use std::path::Path;
use std::sync::Arc;

use common::smtp::{Options, Server, TlsMode};

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const PASSWORD: &str = "s3cret-tls-password";
const TOKEN: &str = "ya29.test-access-token";

/// A CA, and a server certificate it signs for `names`.
struct Pki {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

fn pki(names: &[&str]) -> Pki {
    let common::pki::Issued { ca_pem, cert, key } = common::pki::issue(names);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let server = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    Pki {
        ca_pem,
        server: Arc::new(server),
    }
}

/// The example inventory sending to `localhost:port`, with `smtp` lines
/// added, and `ca_pem` written to `ca.pem` beside it.
fn workspace(port: u16, smtp: &str, ca_pem: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = common::example_with_every_authority().replace(
        "[policy]",
        &format!("[smtp]\nhost = \"localhost\"\nport = {port}\n{smtp}\n\n[policy]"),
    );
    assert_ne!(text, EXAMPLE);
    std::fs::write(dir.path().join("vendors.toml"), text).unwrap();
    if let Some(pem) = ca_pem {
        std::fs::write(dir.path().join("ca.pem"), pem).unwrap();
    }
    dir
}

fn send(dir: &Path) -> std::process::Output {
    common::linger()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", PASSWORD)
        .env("LINGER_SMTP_TOKEN", TOKEN)
        .args(["send", "oldcrm", "--yes"])
        .current_dir(dir)
        .output()
        .unwrap()
}

fn assert_no_secret(out: &std::process::Output, dir: &Path) {
    for secret in [PASSWORD, TOKEN] {
        assert!(!text(&out.stdout).contains(secret));
        assert!(!text(&out.stderr).contains(secret));
        let inventory = std::fs::read_to_string(dir.join("vendors.toml")).unwrap();
        assert!(!inventory.contains(secret));
    }
}

#[test]
fn starttls_and_implicit_tls_deliver_with_the_ca_file() {
    let pki = pki(&["localhost"]);
    for (mode, security) in [
        (TlsMode::StartTls(Arc::clone(&pki.server)), "starttls"),
        (TlsMode::Implicit(Arc::clone(&pki.server)), "tls"),
    ] {
        let server = Server::start(Options {
            login: Some(("linger".into(), PASSWORD.into())),
            tls: Some(mode),
            ..Options::default()
        });
        let dir = workspace(
            server.port,
            &format!("username = \"linger\"\nsecurity = \"{security}\"\nca_file = \"ca.pem\""),
            Some(&pki.ca_pem),
        );
        let out = send(dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{security}: {}",
            text(&out.stderr)
        );
        let received = server.received();
        assert_eq!(received.len(), 1, "{security}");
        assert!(received[0].tls, "{security}: the message came over TLS");
        assert_eq!(received[0].login, Some(("linger".into(), PASSWORD.into())));
        assert!(received[0].data.contains("Subject: Deletion request"));
        let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
        assert!(
            inventory.contains("kind = \"requested\""),
            "{security}: recorded"
        );
        assert_no_secret(&out, dir.path());
    }
}

#[test]
fn an_untrusted_certificate_or_the_wrong_host_name_is_refused() {
    let trusted = pki(&["localhost"]);
    let stranger = pki(&["localhost"]);
    let elsewhere = pki(&["mail.other.example"]);
    for (what, server_pki, ca) in [
        ("without the CA", &stranger, None),
        ("with another CA", &stranger, Some(&trusted.ca_pem)),
        ("for another host", &elsewhere, Some(&elsewhere.ca_pem)),
    ] {
        let server = Server::start(Options {
            tls: Some(TlsMode::StartTls(Arc::clone(&server_pki.server))),
            ..Options::default()
        });
        let ca_line = if ca.is_some() {
            "ca_file = \"ca.pem\""
        } else {
            ""
        };
        let dir = workspace(
            server.port,
            &format!("security = \"starttls\"\n{ca_line}"),
            ca.map(String::as_str),
        );
        let before = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
        let out = send(dir.path());
        assert_ne!(out.status.code(), Some(0), "{what}");
        assert!(server.received().is_empty(), "{what}: nothing delivered");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("showed a certificate linger does not trust"),
            "{what}: {stderr}"
        );
        assert!(stderr.contains("ca_file"), "{what}: {stderr}");
        let after = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
        assert_eq!(before, after, "{what}: nothing recorded");
    }
}

#[test]
fn starttls_not_offered_is_an_error_never_plain_text() {
    let server = Server::start(Options::default());
    let dir = workspace(server.port, "security = \"starttls\"", None);
    let out = send(dir.path());
    assert_ne!(out.status.code(), Some(0));
    assert!(server.received().is_empty(), "no downgrade to plain text");
    assert!(text(&out.stderr).contains("does not offer STARTTLS"));
}

#[test]
fn xoauth2_sends_the_token_in_the_sasl_string_of_the_spec() {
    let pki = pki(&["localhost"]);
    let server = Server::start(Options {
        tls: Some(TlsMode::Implicit(Arc::clone(&pki.server))),
        xoauth2: true,
        ..Options::default()
    });
    let dir = workspace(
        server.port,
        "username = \"privacy@northwind.example\"\nsecurity = \"tls\"\nauth = \"xoauth2\"\nca_file = \"ca.pem\"",
        Some(&pki.ca_pem),
    );
    let out = send(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].xoauth2.as_deref(),
        Some(format!("user=privacy@northwind.example\u{1}auth=Bearer {TOKEN}\u{1}\u{1}").as_str())
    );
    // The server decoded that string from base64 off the wire (a value
    // that was not base64 would have left it empty), as Microsoft and
    // Google document the mechanism.
    assert_no_secret(&out, dir.path());
}

#[test]
fn a_server_that_never_greets_is_a_timeout_that_says_so() {
    let server = Server::start(Options {
        silent: true,
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let text_ = EXAMPLE.replace(
        "[policy]",
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\ntimeout_seconds = 1\n\n[policy]",
            server.port
        ),
    );
    std::fs::write(dir.path().join("vendors.toml"), text_).unwrap();
    let out = send(dir.path());
    assert_ne!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("timed out after 1 s waiting for 127.0.0.1"),
        "{stderr}"
    );
    assert!(!stderr.contains("os error 11"), "{stderr}");
}

#[test]
fn auth_login_logs_in_with_the_login_mechanism() {
    let server = Server::start(Options {
        login: Some(("linger".into(), PASSWORD.into())),
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let inventory = EXAMPLE.replace(
        "[policy]",
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"linger\"\nsecurity = \"none\"\nauth = \"login\"\n\n[policy]",
            server.port
        ),
    );
    std::fs::write(dir.path().join("vendors.toml"), inventory).unwrap();
    let out = send(dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].login, Some(("linger".into(), PASSWORD.into())));
    assert_eq!(received[0].mechanism.as_deref(), Some("LOGIN"));
    assert_no_secret(&out, dir.path());
}

#[test]
fn a_ca_file_too_large_or_without_a_certificate_stops_send_and_inbox_alike() {
    let server = Server::start(Options::default());
    let too_large = "#".repeat((1 << 20) + 1);
    for (what, pem, says) in [
        ("too large", too_large.as_str(), "more than 1 MB"),
        (
            "not PEM",
            "a note, not a certificate\n",
            "holds no certificate",
        ),
    ] {
        let dir = workspace(
            server.port,
            "username = \"linger\"\nsecurity = \"starttls\"\nca_file = \"ca.pem\"\n\n\
             [imap]\nhost = \"localhost\"\nport = 9\nsecurity = \"tls\"\nusername = \"linger\"\nca_file = \"ca.pem\"",
            Some(pem),
        );
        let sent = send(dir.path());
        let read = common::linger()
            .env("LINGER_IMAP_PASSWORD", PASSWORD)
            .args(["inbox", "--imap"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        for (table, out) in [("smtp", &sent), ("imap", &read)] {
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what}, {table}: {stderr}");
            assert!(stderr.contains("ca.pem"), "{what}, {table}: {stderr}");
            assert!(
                stderr.contains(&format!("`[{table}] ca_file`")),
                "{what}, {table}: {stderr}"
            );
            assert!(stderr.contains(says), "{what}, {table}: {stderr}");
            assert_no_secret(out, dir.path());
        }
        assert!(server.received().is_empty(), "{what}: nothing was sent");
    }
}
