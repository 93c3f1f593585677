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
use lettre::message::{Mailbox, SinglePart};

use super::{Letter, Party};

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
    let domain = letter
        .from
        .email
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| {
            d.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        })
        .unwrap_or("linger.invalid");
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
    builder = builder
        .subject(one_line(&letter.subject))
        .date(SystemTime::from(now))
        .message_id(Some(message_id(letter)));
    if purpose == Purpose::Draft {
        builder = builder.header(XUnsent);
    }
    builder
        .singlepart(
            SinglePart::builder()
                .header(ContentType::TEXT_PLAIN)
                .header(ContentTransferEncoding::QuotedPrintable)
                .body(letter.body.clone()),
        )
        .map_err(|err| EmlError::Build(err.to_string()))
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
    let (local, domain) = address
        .rsplit_once('@')
        .ok_or_else(|| "it has no `@`".to_string())?;
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
    fn international_domains_become_ascii_and_local_parts_must_be() {
        assert_eq!(
            ascii_address("personvern@ærlig.example").unwrap(),
            "personvern@xn--rlig-uoa.example"
        );
        assert!(ascii_address("🌀@example.com").is_err());
    }
}
