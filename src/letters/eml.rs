//! A letter as an RFC 5322 e-mail draft (`.eml`), built with lettre's
//! message builder: `Date`, `From`, `To`, `Subject`, `Message-ID`, MIME
//! headers, a UTF-8 body in quoted-printable (so no line passes 76
//! characters), and `X-Unsent: 1`, which makes mail clients open it as a
//! draft to send. Non-ASCII headers are RFC 2047-encoded by lettre.
//!
//! Pure: the moment written into `Date` is a parameter.

use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::Message;
use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};

use super::{Attachment, Letter, Party};

/// Why a letter cannot become an e-mail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmlError {
    #[error("`{address}` is not an address an e-mail can be sent to: {reason}")]
    Address { address: String, reason: String },
    #[error("the e-mail could not be built: {0}")]
    Build(String),
}

/// `X-Unsent: 1`: Outlook, Thunderbird and Apple Mail open the file as a
/// draft rather than as a received message.
#[derive(Debug, Clone, Copy)]
struct XUnsent;

impl Header for XUnsent {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("X-Unsent")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(XUnsent)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "1".to_string())
    }
}

/// The `Message-ID` of a letter: the same letter written the same day gets
/// the same id, so a draft written twice is recognisably one message. Short
/// enough to stay within 78 characters for any ordinary domain.
pub fn message_id(letter: &Letter) -> String {
    // FNV-1a: stable across Rust versions and platforms, unlike `Hash`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [
        &letter.vendor,
        &letter.to.email,
        &letter.subject,
        &letter.body,
    ] {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    // An international domain goes in its ASCII (`xn--`) form, which a
    // Message-ID may hold; only a sender without a domain falls back.
    let domain = crate::address::domain(&letter.from.email)
        .and_then(crate::address::normal)
        .unwrap_or_else(|| crate::address::NO_DOMAIN.to_string());
    format!(
        "<{}.{}.{:012x}@{domain}>",
        letter.date.format("%Y%m%d"),
        letter.kind,
        hash >> 16
    )
}

/// The draft's bytes. `now` goes into the `Date` header.
pub fn to_eml(letter: &Letter, now: DateTime<Utc>) -> Result<Vec<u8>, EmlError> {
    Ok(message(letter, now, Purpose::Draft)?.formatted())
}

/// What a message is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose<'a> {
    /// A draft to open in a mail client: `X-Unsent: 1`.
    Draft,
    /// A message to send now, with a copy to `cc` (the organization's own
    /// mailbox, so the sent letter is on file there too).
    Send { cc: Option<&'a Party> },
}

/// The letter as a lettre message; its envelope is From → To (and Cc).
pub fn message(
    letter: &Letter,
    now: DateTime<Utc>,
    purpose: Purpose<'_>,
) -> Result<Message, EmlError> {
    let mut builder = Message::builder()
        .from(mailbox(&letter.from)?)
        .to(mailbox(&letter.to)?);
    if let Purpose::Send { cc: Some(cc) } = purpose
        && !cc.email.eq_ignore_ascii_case(&letter.to.email)
    {
        builder = builder.cc(mailbox(cc)?);
    }
    if let Some(reply_to) = &letter.reply_to {
        builder = builder.reply_to(mailbox(reply_to)?);
    }
    builder = builder
        .subject(one_line(&letter.subject))
        .date(SystemTime::from(now))
        .message_id(Some(message_id(letter)));
    if purpose == Purpose::Draft {
        builder = builder.header(XUnsent);
    }
    let text = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::QuotedPrintable)
        .body(letter.body.clone());
    let built = if letter.attachments.is_empty() {
        builder.singlepart(text)
    } else {
        let mut parts = MultiPart::mixed().singlepart(text);
        for attachment in &letter.attachments {
            parts = parts.singlepart(attached_message(attachment)?);
        }
        builder.multipart(parts)
    };
    built.map_err(|err| EmlError::Build(err.to_string()))
}

/// A message attached as `message/rfc822`, its headers intact. RFC 2046
/// allows only 7bit, 8bit or binary for this type; a message that fits
/// none of the first two (long lines, bare CRs) goes as base64, which mail
/// clients still open.
fn attached_message(attachment: &Attachment) -> Result<SinglePart, EmlError> {
    let rfc822 =
        ContentType::parse("message/rfc822").map_err(|err| EmlError::Build(err.to_string()))?;
    let body = match as_mime_lines(&attachment.raw) {
        Some(lines) => {
            let encoding = if lines.is_ascii() {
                ContentTransferEncoding::SevenBit
            } else {
                ContentTransferEncoding::EightBit
            };
            Body::dangerous_pre_encoded(lines, encoding)
        }
        None => Body::new(attachment.raw.clone()),
    };
    let name = one_line(&attachment.file_name);
    Ok(lettre::message::Attachment::new(name).body(body, rfc822))
}

/// The message with CRLF line endings, if it can travel as 7bit or 8bit:
/// no NUL, no bare CR, no line over 998 octets (RFC 5322 2.1.1).
fn as_mime_lines(raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len() + raw.len() / 40);
    for line in raw.split_inclusive(|b| *b == b'\n') {
        let text = line
            .strip_suffix(b"\n")
            .map_or(line, |l| l.strip_suffix(b"\r").unwrap_or(l));
        if text.len() > 998 || text.iter().any(|b| matches!(b, b'\0' | b'\r')) {
            return None;
        }
        out.extend_from_slice(text);
        out.extend_from_slice(b"\r\n");
    }
    Some(out)
}

fn mailbox(party: &Party) -> Result<Mailbox, EmlError> {
    let bad = |reason: String| EmlError::Address {
        address: one_line(&party.email),
        reason,
    };
    let address = ascii_address(&party.email)
        .map_err(bad)?
        .parse()
        .map_err(|err: lettre::address::AddressError| bad(err.to_string()))?;
    let name = one_line(&party.name);
    Ok(Mailbox::new((!name.is_empty()).then_some(name), address))
}

/// The address as plain ASCII, as every header and envelope here must be:
/// an international domain becomes its `xn--` form. A non-ASCII local part
/// has no ASCII form (it needs SMTPUTF8, which linger does not use).
fn ascii_address(address: &str) -> Result<String, String> {
    if address.is_ascii() {
        return Ok(address.to_string());
    }
    let (local, domain) =
        crate::address::split(address).ok_or_else(|| "it has no `@`".to_string())?;
    if !local.is_ascii() {
        return Err("the part before the `@` is not ASCII; ask for an ASCII address".to_string());
    }
    let domain = idna::domain_to_ascii(domain)
        .map_err(|_| "its domain is not a valid international domain name".to_string())?;
    Ok(format!("{local}@{domain}"))
}

/// Header text on one line: every control character (a CR or LF above all,
/// which could start a header of its own) becomes a space. The inventory
/// already refuses them; this keeps the e-mail safe whatever it is given.
fn one_line(text: &str) -> String {
    let spaced: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_reach_a_header() {
        assert_eq!(one_line("a\r\nBcc: x@y\tz"), "a Bcc: x@y z");
    }

    #[test]
    fn a_message_id_takes_the_ascii_form_of_an_international_domain() {
        let party = |email: &str| Party {
            name: "N".into(),
            email: email.into(),
        };
        let letter = |from: &str| Letter {
            kind: crate::letters::Kind::Request,
            language: crate::letters::Language::En,
            vendor: "v".into(),
            from: party(from),
            to: party("privacy@v.example"),
            reply_to: None,
            subject: "s".into(),
            body: "b".into(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            deadline: None,
            attachments: Vec::new(),
        };
        let id = message_id(&letter("personvern@ærlig.example"));
        assert!(id.ends_with("@xn--rlig-uoa.example>"), "{id}");
        let id = message_id(&letter("no-domain"));
        assert!(id.ends_with("@linger.invalid>"), "{id}");
    }

    #[test]
    fn international_domains_become_ascii_and_local_parts_must_be() {
        assert_eq!(
            ascii_address("personvern@ærlig.example").unwrap(),
            "personvern@xn--rlig-uoa.example"
        );
        assert!(ascii_address("🌀@example.com").is_err());
    }
}
