//! Sending mail by SMTP with lettre. TLS is required (STARTTLS or implicit
//! TLS, verified against the web's root certificates) unless the server is
//! on loopback and the inventory says `security = "none"`, which the loader
//! allows only there. Every network step has a timeout. Errors carry the
//! server's own answer and never the password.

use std::time::Duration;

use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use crate::inventory::{Security, Smtp, is_loopback};
use crate::secrets::Secret;

/// How long a connection, a command or a reply may take.
const TIMEOUT: Duration = Duration::from_secs(30);

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
}

/// A configured SMTP client. Each `send` opens its own connection, so a
/// dropped connection costs one message, not the batch.
pub struct Mailer {
    transport: SmtpTransport,
    server: String,
}

impl Mailer {
    /// `hello` is the name linger greets the server with (the
    /// organization's mail domain).
    pub fn new(smtp: &Smtp, password: Option<&Secret>, hello: &str) -> Result<Mailer, SmtpError> {
        let server = format!("{}:{}", smtp.host, smtp.port);
        let builder = match smtp.security {
            Security::StartTls => SmtpTransport::starttls_relay(&smtp.host),
            Security::Tls => SmtpTransport::relay(&smtp.host),
            // The loader refuses `none` for any host but loopback; check
            // again here, where it matters.
            Security::None if is_loopback(&smtp.host) => {
                Ok(SmtpTransport::builder_dangerous(&smtp.host))
            }
            Security::None => {
                return Err(SmtpError::Setup(format!(
                    "`security = \"none\"` is only allowed for a loopback host, not `{}`",
                    smtp.host
                )));
            }
        }
        .map_err(|err| SmtpError::Setup(format!("cannot set up TLS for {}: {err}", smtp.host)))?;
        let mut builder = builder
            .port(smtp.port)
            .timeout(Some(TIMEOUT))
            .hello_name(ClientId::Domain(hello.to_string()));
        match (&smtp.username, password) {
            (Some(user), Some(password)) => {
                builder = builder.credentials(Credentials::new(
                    user.clone(),
                    password.expose().to_string(),
                ));
            }
            (Some(_), None) => {
                return Err(SmtpError::Setup(
                    "`smtp.username` is set but there is no password".to_string(),
                ));
            }
            (None, _) => {}
        }
        Ok(Mailer {
            transport: builder.build(),
            server,
        })
    }

    pub fn send(&self, message: &Message) -> Result<(), SmtpError> {
        match self.transport.send(message) {
            Ok(_) => Ok(()),
            Err(err) => Err(describe(&err, &self.server)),
        }
    }
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
    SmtpError::Connection {
        server: server.to_string(),
        reason,
    }
}
