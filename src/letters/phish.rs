//! A forwarded phishing message, read for an abuse report: when it reached
//! us, and the links it carries. Pure: the message's bytes in.
//!
//! Abuse desks ask for the original message with its headers, attached as
//! `message/rfc822` (forwarding it inline destroys them), plus the URLs and
//! the time it arrived, so that they can find the sender in their logs.

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

/// The most links one message lists; a page of them is enough to act on.
const MAX_URLS: usize = 50;

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

/// Reads a message saved from a mail client (`.eml`, RFC 5322).
pub fn read(file_name: &str, raw: Vec<u8>) -> Result<PhishingMessage, NotAMessage> {
    let not = |reason| NotAMessage {
        file_name: file_name.to_string(),
        reason,
    };
    let message = MessageParser::default()
        .parse(&raw[..])
        .ok_or_else(|| not("it has no headers"))?;
    if message.headers().is_empty() {
        return Err(not("it has no headers"));
    }
    if message.from().is_none() && message.received().is_none() {
        return Err(not("it has neither a `From:` nor a `Received:` header"));
    }
    let received = message
        .received_all()
        .find_map(|r| r.date)
        .or_else(|| message.date().copied())
        .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0));
    let mut urls = Vec::new();
    let bodies = (0..message.text_body.len())
        .filter_map(|i| message.body_text(i))
        .chain((0..message.html_body.len()).filter_map(|i| message.body_html(i)));
    for body in bodies {
        for url in links(&body) {
            if urls.len() < MAX_URLS && !urls.contains(&url) {
                urls.push(url);
            }
        }
    }
    Ok(PhishingMessage {
        file_name: file_name.to_string(),
        received,
        urls,
        raw,
    })
}

/// Every `http://` or `https://` link in `text`, up to the first character
/// that cannot be part of one in running text or HTML.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = ["http://", "https://"]
        .iter()
        .filter_map(|scheme| lower[from..].find(scheme))
        .min()
    {
        let start = from + at;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`')
            })
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        if url.len() > "https://".len() {
            found.push(url.to_string());
        }
        from = start + end.max(1);
    }
    found
}

/// A link written so that no mail client or reader opens it by accident:
/// `hxxps://evil[.]example/login`, the form abuse desks expect.
pub fn defang(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme.replacen('t', "x", 2), rest),
        None => (String::new(), url),
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    format!("{scheme}://{}{path}", host.replace('.', "[.]"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn refuses_what_is_not_a_message() {
        assert!(read("notes.txt", b"just some words\n".to_vec()).is_err());
        assert!(read("empty.eml", Vec::new()).is_err());
    }

    #[test]
    fn defangs_scheme_and_host_only() {
        assert_eq!(
            defang("https://evil.example/a.b/c"),
            "hxxps://evil[.]example/a.b/c"
        );
        assert_eq!(defang("http://x.example"), "hxxp://x[.]example");
    }
}
