//! Sending mail by SMTP with lettre. TLS is required (STARTTLS or implicit
//! TLS, verified against the web's root certificates and any CA in
//! `[smtp] ca_file`, as `net::tls` reads it) unless the server is on
//! loopback and the inventory says `security = "none"`, which the loader
//! allows only there. There is no
//! switch to accept an invalid certificate. Login is PLAIN, LOGIN or
//! XOAUTH2 (an OAuth2 access token). Every network step has a timeout.
//! Errors carry the server's own answer and never the password or token.

use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use super::tls::ExtraRoots;
use crate::inventory::{MailAuth, Security, Smtp, is_loopback};
use crate::secrets::Secret;

#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    #[error("{0}")]
    Setup(String),
    /// The server answered with an error: its code and text.
    #[error("the server refused: {0}")]
    Refused(String),
    /// The connection failed or broke off.
    #[error("could not talk to {server}: {reason}")]
    Connection { server: String, reason: String },
    /// The server's certificate is not one linger trusts.
    #[error("{server} showed a certificate linger does not trust: {reason}")]
    Certificate { server: String, reason: String },
    /// The server did not answer in time.
    #[error(
        "timed out after {seconds} s waiting for {server} to answer (its greeting, the TLS handshake or a reply)"
    )]
    Timeout { server: String, seconds: u64 },
}

/// A configured SMTP client. Each `send` opens its own connection, so a
/// dropped connection costs one message, not the batch.
pub struct Mailer {
    transport: SmtpTransport,
    server: String,
    timeout: Duration,
}

/// What linger logs in with: the `[smtp]` username and a password or, for
/// `auth = "xoauth2"`, an OAuth2 access token.
pub struct Login<'a> {
    pub username: &'a str,
    pub secret: &'a Secret,
}

impl Mailer {
    /// `hello` is the name linger greets the server with (the
    /// organization's mail domain). `extra_roots` are the CA certificates
    /// to trust besides the built-in roots (`[smtp] ca_file`, `net::tls`).
    pub fn new(
        smtp: &Smtp,
        login: Option<Login<'_>>,
        hello: &str,
        extra_roots: &ExtraRoots,
    ) -> Result<Mailer, SmtpError> {
        let server = format!("{}:{}", smtp.host, smtp.port);
        let tls = |host: &str| -> Result<TlsParameters, SmtpError> {
            // lettre builds its rustls config itself, from the same Mozilla
            // roots; it takes the `ca_file`'s certificates one by one.
            let mut params = TlsParameters::builder(host.to_string());
            for der in extra_roots.certificates() {
                let certificate = Certificate::from_der(der.to_vec()).map_err(|err| {
                    SmtpError::Setup(format!(
                        "`smtp.ca_file` holds no certificate linger can use: {err}"
                    ))
                })?;
                params = params.add_root_certificate(certificate);
            }
            params
                .build_rustls()
                .map_err(|err| SmtpError::Setup(format!("cannot set up TLS for {host}: {err}")))
        };
        let tls = match smtp.security {
            // No downgrade: a server that does not offer STARTTLS is an
            // error, never a plain-text session.
            Security::StartTls => Tls::Required(tls(&smtp.host)?),
            Security::Tls => Tls::Wrapper(tls(&smtp.host)?),
            // The loader refuses `none` for any host but loopback; check
            // again here, where it matters.
            Security::None if is_loopback(&smtp.host) => Tls::None,
            Security::None => {
                return Err(SmtpError::Setup(format!(
                    "`security = \"none\"` is only allowed for a loopback host, not `{}`",
                    smtp.host
                )));
            }
        };
        let timeout = Duration::from_secs(smtp.timeout_seconds);
        let mut builder = SmtpTransport::builder_dangerous(&smtp.host)
            .port(smtp.port)
            .tls(tls)
            .timeout(Some(timeout))
            .hello_name(ClientId::Domain(hello.to_string()));
        if let Some(login) = login {
            builder = builder.credentials(Credentials::new(
                login.username.to_string(),
                login.secret.expose().to_string(),
            ));
            let mechanisms = match smtp.auth {
                Some(MailAuth::Plain) => vec![Mechanism::Plain],
                Some(MailAuth::Login) => vec![Mechanism::Login],
                Some(MailAuth::Xoauth2) => vec![Mechanism::Xoauth2],
                None => vec![Mechanism::Plain, Mechanism::Login],
            };
            builder = builder.authentication(mechanisms);
        }
        Ok(Mailer {
            transport: builder.build(),
            server,
            timeout,
        })
    }

    pub fn send(&self, message: &Message) -> Result<(), SmtpError> {
        match self.transport.send(message) {
            Ok(_) => Ok(()),
            Err(err) if timed_out(&err) => Err(SmtpError::Timeout {
                server: self.server.clone(),
                seconds: self.timeout.as_secs(),
            }),
            Err(err) => Err(describe(&err, &self.server)),
        }
    }
}

/// A read or connect that ran out of time: `TimedOut`, or the `WouldBlock`
/// ("Resource temporarily unavailable") a socket timeout gives on Linux.
fn timed_out(err: &lettre::transport::smtp::Error) -> bool {
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            );
        }
        source = cause.source();
    }
    err.is_timeout()
}

/// The server's answer where there is one ("550 Mailbox unavailable"),
/// else what broke.
fn describe(err: &lettre::transport::smtp::Error, server: &str) -> SmtpError {
    if let Some(code) = err.status() {
        // lettre's message already holds the server's text.
        let text = err.to_string();
        return SmtpError::Refused(if text.contains(&code.to_string()) {
            text
        } else {
            format!("{code} {text}")
        });
    }
    let mut reason = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        // lettre's message often repeats its cause's already: say it once.
        let cause_text = cause.to_string();
        if !reason.contains(&cause_text) {
            reason.push_str(&format!(": {cause_text}"));
        }
        source = cause.source();
    }
    if reason.contains("invalid peer certificate") {
        return SmtpError::Certificate {
            server: server.to_string(),
            reason: reason
                .split("invalid peer certificate: ")
                .nth(1)
                .unwrap_or(&reason)
                .to_string(),
        };
    }
    SmtpError::Connection {
        server: server.to_string(),
        reason,
    }
}

impl SmtpError {
    /// What to do about it.
    pub fn help(&self) -> &'static str {
        match self {
            SmtpError::Certificate { .. } => {
                "if the server uses a CA of its own (a corporate relay, Proton Mail Bridge), name that CA's PEM file in `[smtp] ca_file`; linger never accepts an untrusted certificate"
            }
            SmtpError::Timeout { .. } => {
                "check `host`, `port` and `security`: a TLS port spoken to in plain text (or the reverse) waits like this; `timeout_seconds` sets the wait"
            }
            SmtpError::Connection { reason, .. }
                if reason.contains("STARTTLS is not supported") =>
            {
                "the server does not offer STARTTLS; if it speaks TLS from the first byte (port 465), set `security = \"tls\"`"
            }
            _ => "check the [smtp] table and the password, then send again",
        }
    }
}
