//! A forwarded phishing message, read for an abuse report: when it reached
//! us, and the links it carries. Pure: the message's bytes in.
//!
//! Abuse desks ask for the original message with its headers, attached as
//! `message/rfc822` (forwarding it inline destroys them), plus the URLs and
//! the time it arrived, so that they can find the sender in their logs.

use chrono::{DateTime, Utc};

use crate::mail::Message;

/// The largest message attached to a report: 25 MB, what most mail
/// servers accept (it travels whole, as `message/rfc822`).
pub const MAX_MESSAGE: u64 = 25 << 20;

/// One phishing message, as the report describes and attaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhishingMessage {
    /// The file's name, for the attachment and the report.
    pub file_name: String,
    /// The message exactly as given.
    pub raw: Vec<u8>,
    /// When our server received it (its topmost `Received:` header), else
    /// its `Date:`.
    pub received: Option<DateTime<Utc>>,
    /// The distinct `http` and `https` links in its text and HTML bodies,
    /// in the order they first appear.
    pub urls: Vec<String>,
}

/// Why a file is not a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{file_name}` is not an e-mail message: {reason}")]
pub struct NotAMessage {
    pub file_name: String,
    pub reason: &'static str,
}

/// The phishing originals in a saved message: the messages a forward
/// carries as `message/rfc822` attachments, else the message itself. An
/// abuse desk gets the phisher's headers, not those of the colleague who
/// forwarded it (their name, our internal hosts).
pub fn read_originals(file_name: &str, raw: Vec<u8>) -> Result<Vec<PhishingMessage>, NotAMessage> {
    let (whole, originals) = {
        let message = parse(file_name, &raw)?;
        let whole = facts(file_name, &message)?;
        let inner = message.forwarded();
        let stem = file_name.strip_suffix(".eml").unwrap_or(file_name);
        let count = inner.len();
        let originals = inner
            .into_iter()
            .enumerate()
            .map(|(n, inner)| {
                let name = if count == 1 {
                    format!("{stem}-original.eml")
                } else {
                    format!("{stem}-original-{}.eml", n + 1)
                };
                let (received, urls) = facts(&name, &inner)?;
                Ok(PhishingMessage {
                    file_name: name,
                    raw: inner.raw().to_vec(),
                    received,
                    urls,
                })
            })
            .collect::<Result<Vec<_>, NotAMessage>>()?;
        (whole, originals)
    };
    if !originals.is_empty() {
        return Ok(originals);
    }
    // Not a forward: the message itself.
    let (received, urls) = whole;
    Ok(vec![PhishingMessage {
        file_name: file_name.to_string(),
        raw,
        received,
        urls,
    }])
}

/// Reads a message saved from a mail client (`.eml`, RFC 5322).
pub fn read(file_name: &str, raw: Vec<u8>) -> Result<PhishingMessage, NotAMessage> {
    let (received, urls) = facts(file_name, &parse(file_name, &raw)?)?;
    Ok(PhishingMessage {
        file_name: file_name.to_string(),
        received,
        urls,
        raw,
    })
}

fn parse<'a>(file_name: &str, raw: &'a [u8]) -> Result<Message<'a>, NotAMessage> {
    Message::parse(raw).ok_or_else(|| NotAMessage {
        file_name: file_name.to_string(),
        reason: "it has no headers",
    })
}

/// When `message` reached us and its links, once it is known to be a
/// message: headers, and a `From:` or a `Received:` among them.
fn facts(
    file_name: &str,
    message: &Message<'_>,
) -> Result<(Option<DateTime<Utc>>, Vec<String>), NotAMessage> {
    let not = |reason| NotAMessage {
        file_name: file_name.to_string(),
        reason,
    };
    if message.has_no_headers() {
        return Err(not("it has no headers"));
    }
    if !message.has_sender_or_route() {
        return Err(not("it has neither a `From:` nor a `Received:` header"));
    }
    Ok((message.received_at(), message.links()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::defang::defang;

    const MESSAGE: &str = "Received: from mx.bulkmail.example (mx.bulkmail.example [192.0.2.7])\r\n\
        \tby mx.northwind.example; Fri, 27 Nov 2026 09:14:03 +0100\r\n\
        Received: from [10.0.0.1] by out.bulkmail.example; Fri, 27 Nov 2026 09:13:58 +0100\r\n\
        From: Northwind Billing <billing@northwind-login.example>\r\n\
        To: anna.berg@example.com\r\n\
        Date: Fri, 27 Nov 2026 08:10:00 +0000\r\n\
        Subject: Your invoice\r\n\
        MIME-Version: 1.0\r\n\
        Content-Type: text/html; charset=utf-8\r\n\
        \r\n\
        <p>Pay now: <a href=\"https://northwind-login.example/pay?id=7\">here</a>.\r\n\
        Or see https://northwind-login.example/pay?id=7, or (http://cdn.bulk.example/x.png).</p>\r\n";

    #[test]
    fn reads_the_receive_time_and_the_links() {
        let m = read("one.eml", MESSAGE.as_bytes().to_vec()).unwrap();
        assert_eq!(
            m.received.unwrap().to_rfc3339(),
            "2026-11-27T08:14:03+00:00"
        );
        assert_eq!(
            m.urls,
            [
                "https://northwind-login.example/pay?id=7",
                "http://cdn.bulk.example/x.png"
            ]
        );
    }

    #[test]
    fn defang_shows_a_bidi_control() {
        assert_eq!(
            defang("https://a.example/\u{202e}x"),
            "hxxps://a[.]example/\\u{202e}x"
        );
    }

    #[test]
    fn a_forward_gives_its_original_not_the_colleagues_wrapper() {
        let forward = format!(
            "From: Eva Holm <eva.holm@northwind.example>\r\nTo: security@northwind.example\r\n\
             Received: from [10.20.0.5] by mail.northwind.example; Tue, 01 Dec 2026 09:01:22 +0100\r\n\
             Subject: Fwd: Your invoice\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
             Content-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n\
             Content-Type: message/rfc822\r\n\r\n{MESSAGE}\r\n--b--\r\n"
        );
        let found = read_originals("fwd.eml", forward.into_bytes()).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].file_name, "fwd-original.eml");
        let raw = String::from_utf8_lossy(&found[0].raw);
        assert!(
            raw.starts_with("Received: from mx.bulkmail.example"),
            "{raw}"
        );
        assert!(
            !raw.contains("eva.holm") && !raw.contains("10.20.0.5"),
            "{raw}"
        );
        assert_eq!(found[0].urls[0], "https://northwind-login.example/pay?id=7");
        // A message that is not a forward is itself.
        let plain = read_originals("one.eml", MESSAGE.as_bytes().to_vec()).unwrap();
        assert_eq!(plain.len(), 1);
        assert_eq!(plain[0].file_name, "one.eml");
    }

    #[test]
    fn refuses_what_is_not_a_message() {
        assert!(read("notes.txt", b"just some words\n".to_vec()).is_err());
        assert!(read("empty.eml", Vec::new()).is_err());
    }

    #[test]
    fn defangs_every_scheme_and_every_dot() {
        assert_eq!(
            defang("https://evil.example/a.b/c"),
            "hxxps://evil[.]example/a[.]b/c"
        );
        assert_eq!(defang("http://x.example"), "hxxp://x[.]example");
    }
}
