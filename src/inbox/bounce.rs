//! Delivery status notifications: whether a message says a letter was not
//! delivered, to whom, and which of our letters it returns. RFC 3464's
//! `multipart/report` (Postfix, Exim, most MTAs), Exim's and Gmail's
//! `X-Failed-Recipients`, and the prose of Exchange's and Gmail's
//! non-delivery reports. Pure: the message in, what it failed out. The
//! subjects such reports carry, per language, are data
//! (`src/mail/markers.toml`).

use crate::mail::{Message, markers};

/// What a notification says failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bounce {
    /// The addresses it could not deliver to, lower case.
    pub failed: Vec<String>,
    /// The `Message-ID`s of the returned message's headers: our letter's.
    pub returned: Vec<String>,
}

/// Local parts that send non-delivery reports.
const DAEMONS: &[&str] = &["mailer-daemon", "postmaster", "mail-daemon"];

/// Whether a header may be a non-delivery report's, so that its body is
/// worth reading: a `multipart/report`, a mailer daemon's, a bounce's
/// subject.
pub fn may_be(from: &str, subject: &str, content_type: &str) -> bool {
    let subject = subject.to_lowercase();
    is_report(content_type)
        || is_daemon(from)
        || markers::get()
            .bounce_subjects
            .iter()
            .any(|s| subject.contains(s.as_str()))
}

/// Whether an address is a mail system's own (`MAILER-DAEMON@`,
/// `postmaster@`), not a person's mailbox.
pub fn is_daemon(from: &str) -> bool {
    // A local bounce may name the daemon without a domain.
    let local = crate::address::local(from).unwrap_or(from);
    DAEMONS.iter().any(|d| local.eq_ignore_ascii_case(d))
}

fn is_report(content_type: &str) -> bool {
    let content_type = content_type.to_ascii_lowercase();
    content_type.contains("multipart/report") && content_type.contains("delivery-status")
}

/// The bounce in `raw`, if it is a non-delivery report: `from` is the
/// sender's address and `subject` its subject, as parsed. For a message
/// already parsed, `of`.
pub fn read(raw: &[u8], from: &str, subject: &str, content_type: &str) -> Option<Bounce> {
    of(&Message::headers(raw)?, from, subject, content_type)
}

/// The bounce `message` is, if it is a non-delivery report: `from` is the
/// sender's address and `subject` its subject, as parsed.
pub fn of(message: &Message<'_>, from: &str, subject: &str, content_type: &str) -> Option<Bounce> {
    let text = String::from_utf8_lossy(message.raw());
    // After an ASCII line break, so a character boundary of `text`.
    let header_end = super::read::header_end(text.as_bytes());
    let report = is_report(content_type);
    let failed_header = message.header_values("x-failed-recipients");
    if !may_be(from, subject, content_type) && failed_header.is_empty() {
        return None;
    }
    let mut bounce = Bounce::default();
    for value in failed_header {
        bounce.failed.extend(addresses(&value));
    }
    // RFC 3464 per-recipient fields: a recipient counts when its action
    // is `failed` (a `delayed` report is no bounce).
    let mut recipient: Option<String> = None;
    let mut delayed_only = report;
    for line in text[header_end..].lines() {
        // ASCII lower case keeps the offsets of `line.trim()`.
        let lower = line.trim().to_ascii_lowercase();
        if let Some(value) = lower
            .strip_prefix("final-recipient:")
            .or_else(|| lower.strip_prefix("original-recipient:"))
        {
            recipient = addresses(value).into_iter().next().or(recipient);
        } else if let Some(action) = lower.strip_prefix("action:") {
            if action.trim() == "failed" {
                delayed_only = false;
                bounce.failed.extend(recipient.take());
            }
        } else if lower.starts_with("message-id:") {
            bounce
                .returned
                .extend(angle(&line.trim()["message-id:".len()..]));
        }
    }
    if report && delayed_only && bounce.failed.is_empty() {
        return None;
    }
    // Exchange and Gmail name the address in prose.
    if bounce.failed.is_empty() {
        let body = &text[header_end..];
        let lower = body.to_lowercase();
        for marker in [
            "your message to ",
            "delivery has failed to these recipients or groups:",
            "wasn't delivered to ",
            "was not delivered to ",
            "couldn't be delivered to ",
            "the following address(es) failed:",
            "failed permanently:",
        ] {
            if let Some(at) = lower.find(marker) {
                let after = &body[at + marker.len()..];
                let window: String = after.chars().take(400).collect();
                if let Some(address) = addresses(&window).into_iter().next() {
                    bounce.failed.push(address);
                    break;
                }
            }
        }
    }
    bounce.failed.sort();
    bounce.failed.dedup();
    Some(bounce)
}

/// The `<...>` in a text, with its brackets.
fn angle(text: &str) -> Option<String> {
    let start = text.find('<')?;
    let end = text[start..].find('>')? + start;
    Some(text[start..=end].to_string())
}

/// The e-mail addresses in a text, lower case.
pub fn addresses(text: &str) -> Vec<String> {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '<' | '>' | ',' | ';' | '(' | ')' | '"' | '\'' | '[' | ']'
            )
    })
    .map(|w| w.trim_end_matches(['.', ':']))
    .map(|w| w.strip_prefix("rfc822;").unwrap_or(w))
    .filter(|w| {
        w.split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
    })
    .map(str::to_ascii_lowercase)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postfix_report_names_the_failed_recipient_and_returns_our_message_id() {
        let raw = b"From: MAILER-DAEMON@mx.northwind.example (Mail Delivery System)\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.northwind.example\r\n\r\n\
Final-Recipient: rfc822; privacy@oldcrm.example\r\nAction: failed\r\nStatus: 5.1.1\r\n\
--b\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <20261102.request.abc@northwind.example>\r\n--b--\r\n";
        let bounce = read(
            raw,
            "mailer-daemon@mx.northwind.example",
            "Undelivered Mail Returned to Sender",
            "multipart/report; report-type=delivery-status",
        )
        .unwrap();
        assert_eq!(bounce.failed, ["privacy@oldcrm.example"]);
        assert_eq!(
            bounce.returned,
            ["<20261102.request.abc@northwind.example>"]
        );
    }

    #[test]
    fn a_delay_is_not_a_bounce_and_a_reply_is_not_a_report() {
        let raw = b"From: MAILER-DAEMON@mx.example\r\nContent-Type: multipart/report; report-type=delivery-status\r\n\r\n\
Final-Recipient: rfc822; privacy@oldcrm.example\r\nAction: delayed\r\n";
        assert_eq!(
            read(
                raw,
                "mailer-daemon@mx.example",
                "Delayed Mail (still being retried)",
                "multipart/report; report-type=delivery-status"
            ),
            None
        );
        assert_eq!(
            read(
                b"From: a@b.example\r\n\r\nThanks!",
                "a@b.example",
                "Re: Deletion request",
                "text/plain"
            ),
            None
        );
    }
}
