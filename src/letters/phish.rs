//! A forwarded phishing message, read for an abuse report: when it reached
//! us, and the links it carries. Pure: the message's bytes in.
//!
//! Abuse desks ask for the original message with its headers, attached as
//! `message/rfc822` (forwarding it inline destroys them), plus the URLs and
//! the time it arrived, so that they can find the sender in their logs.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use mail_parser::MessageParser;

use super::defang::unescape_html;

/// The most links one message lists; a page of them is enough to act on.
const MAX_URLS: usize = 50;

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
        let inner = crate::mail::fields::forwarded(&message);
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
                let (received, urls) = facts(&name, inner)?;
                Ok(PhishingMessage {
                    file_name: name,
                    raw: inner.raw_message().to_vec(),
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

fn parse<'a>(file_name: &str, raw: &'a [u8]) -> Result<mail_parser::Message<'a>, NotAMessage> {
    MessageParser::default()
        .parse(raw)
        .ok_or_else(|| NotAMessage {
            file_name: file_name.to_string(),
            reason: "it has no headers",
        })
}

/// When `message` reached us and its links, once it is known to be a
/// message: headers, and a `From:` or a `Received:` among them.
fn facts(
    file_name: &str,
    message: &mail_parser::Message<'_>,
) -> Result<(Option<DateTime<Utc>>, Vec<String>), NotAMessage> {
    let not = |reason| NotAMessage {
        file_name: file_name.to_string(),
        reason,
    };
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
    Ok((received, urls(message)))
}

/// The distinct links of `message`'s text and HTML bodies, in the order
/// they first appear, at most `MAX_URLS`. An HTML body is read with its
/// character references decoded, as a browser reads its `href`s.
pub fn urls(message: &mail_parser::Message<'_>) -> Vec<String> {
    let mut urls = Vec::new();
    let texts = (0..message.text_body.len()).filter_map(|i| message.body_text(i));
    let htmls = (0..message.html_body.len())
        .filter_map(|i| message.body_html(i))
        .map(|html| Cow::Owned(unescape_html(&html).into_owned()));
    for body in texts.chain(htmls) {
        links(&body, &mut urls, MAX_URLS);
        if urls.len() >= MAX_URLS {
            break;
        }
    }
    urls
}

/// The host of a link as `urls` finds them (`https://...`, `//...` or
/// `www....`), lower case, as a browser resolves it: IDNA maps `。` to a
/// dot, and a percent-encoded host is decoded.
pub fn host(link: &str) -> Option<String> {
    let lower = link.get(..4).map(str::to_ascii_lowercase);
    let absolute = if link.starts_with("//") {
        format!("http:{link}")
    } else if lower.as_deref() == Some("www.") {
        format!("http://{link}")
    } else {
        link.to_string()
    };
    let url = url::Url::parse(&absolute).ok()?;
    url.host_str().map(str::to_ascii_lowercase)
}

/// The distinct links of `text`, added to `found` until it holds `limit`:
/// `http://` and `https://` ones in any case, scheme-relative ones
/// (`href="//evil.example"`) and those written without a scheme
/// (`www.evil.example`). Each ends at the first character that cannot be
/// part of one in running text or HTML. A link in another's query
/// (`/r?u=https://next.example`) is a link too. Linear in the text: a body
/// of a million `http://a ` takes as long as reading it.
fn links(text: &str, found: &mut Vec<String>, limit: usize) {
    // ASCII lower case keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut seen: std::collections::HashSet<String> = found.iter().cloned().collect();
    let mut slashes = memchr::memmem::find_iter(bytes, b"//")
        .filter_map(|at| link_start(bytes, at))
        .peekable();
    let mut wwws = memchr::memmem::find_iter(bytes, b"www.")
        .filter(|&at| at == 0 || opens_link(bytes[at - 1]))
        .peekable();
    while found.len() < limit {
        // The next start of either kind, in the order of the text.
        let start = match (slashes.peek(), wwws.peek()) {
            (Some(&s), Some(&w)) if s <= w => slashes.next(),
            (_, Some(_)) => wwws.next(),
            (Some(_), None) => slashes.next(),
            (None, None) => None,
        };
        let Some(start) = start else { break };
        let rest = &text[start..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace()
                    || c.is_control()
                    || crate::printable::is_bidi_control(c)
                    || matches!(c, '"' | '\'' | '<' | '>' | '`')
            })
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        // More than a scheme, `//` or `www.` alone.
        let shortest = match url.as_bytes().first() {
            Some(b'/') => "//x".len(),
            Some(b'w' | b'W') if url.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) => {
                "www.x".len()
            }
            _ => "https://x".len(),
        };
        if url.len() >= shortest && !seen.contains(url) {
            seen.insert(url.to_string());
            found.push(url.to_string());
        }
    }
}

/// Where the link that the `//` at `at` belongs to starts: at its
/// `http`/`https` scheme, or at the `//` itself when it opens an attribute
/// value (`href="//evil.example"`, `url(//...)`). `None` for any other `//`.
fn link_start(bytes: &[u8], at: usize) -> Option<usize> {
    let before = &bytes[..at];
    if let Some(scheme) = before.strip_suffix(b":") {
        return if scheme.ends_with(b"https") {
            Some(at - 6)
        } else if scheme.ends_with(b"http") {
            Some(at - 5)
        } else {
            None
        };
    }
    let after = bytes.get(at + 2)?;
    (matches!(before.last(), Some(b'"' | b'\'' | b'=' | b'(')) && after.is_ascii_alphanumeric())
        .then_some(at)
}

/// Whether a link written without its scheme can start after `byte`:
/// not inside a word, a host name or another link.
fn opens_link(byte: u8) -> bool {
    !(byte.is_ascii_alphanumeric() || b"./-_@:%&#=?".contains(&byte))
}

/// A link written so that no mail client or reader opens it by accident
/// (`hxxps://evil[.]example/login`): see `defang`.
pub use super::defang::defang;

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
    fn many_links_are_read_in_one_pass_and_capped() {
        let body = "http://a ".repeat(200_000) + "https://b.example/x";
        let mut found = Vec::new();
        links(&body, &mut found, MAX_URLS);
        assert_eq!(found, ["https://b.example/x"]);
        let distinct: String = (0..100)
            .map(|i| format!("see https://x{i}.example/ "))
            .collect();
        let mut found = Vec::new();
        links(&distinct, &mut found, MAX_URLS);
        assert_eq!(found.len(), MAX_URLS);
        let mut found = Vec::new();
        links(
            "go to HTTPS://evil.example/\u{202e}gpj.exe now",
            &mut found,
            MAX_URLS,
        );
        assert_eq!(found, ["HTTPS://evil.example/"]);
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

    #[test]
    fn finds_links_written_without_a_scheme_or_with_references() {
        let mut found = Vec::new();
        links(
            "<a href=\"//slashes.example/login\">a</a> see www.wwwlink.example/x, \
             or WWW.CAPS.example; not xwww.no.example nor a.www.no.example \
             https://pay.example/r?u=https://second.example/login",
            &mut found,
            MAX_URLS,
        );
        assert_eq!(
            found,
            [
                "//slashes.example/login",
                "www.wwwlink.example/x",
                "WWW.CAPS.example",
                "https://pay.example/r?u=https://second.example/login",
                "https://second.example/login",
            ]
        );
        for (link, expected) in [
            ("//slashes.example/login", "slashes.example"),
            ("www.wwwlink.example/x", "www.wwwlink.example"),
            ("HTTPS://CAPS.EXAMPLE/x", "caps.example"),
            ("https://ideo\u{3002}example/", "ideo.example"),
            ("https://pct%2Eexample/", "pct.example"),
        ] {
            assert_eq!(host(link).as_deref(), Some(expected), "{link}");
        }
        // A reference in an `href`, read as the browser reads it.
        let html = "From: a@b.example\r\nContent-Type: text/html\r\n\r\n\
            <a href=\"https://entity&#46;example/x\">x</a>\
            <a href=\"https&colon;//named&period;example/\">y</a>\r\n";
        let message = MessageParser::default().parse(html.as_bytes()).unwrap();
        let found = urls(&message);
        assert!(
            found.contains(&"https://entity.example/x".to_string())
                && found.contains(&"https://named.example/".to_string()),
            "{found:?}"
        );
    }
}
