//! One parsed message, as every command that reads mail takes it
//! (`discover`, `trace`, `inbox`, `phish`, the breach letters): parsed
//! once, by `mail-parser`, here and nowhere else, with the accessors those
//! readers share. What a header says is read one way for all of them: the
//! addresses it was sent to, the receiving server's verdict, the date it
//! was received, the originals a forward carries, its own words, its
//! links. Pure.

use chrono::{DateTime, NaiveDate, Utc};
use mail_parser::{HeaderValue, MessageParser};

/// A `Received:` hop and its hosts, as `mail-parser` reads them: `phish`
/// walks the chain (`Message::received`).
pub use mail_parser::{Host, Received};

use super::auth::{self, Verdict};

/// How deep forwards of forwards are opened: a colleague forwards what a
/// colleague forwarded, rarely more; a hostile message nests without end.
pub const MAX_FORWARDS: usize = 4;

/// A parsed message: the whole message, or (`headers`) its header block
/// only; or an original attached to another as `message/rfc822`.
pub struct Message<'a> {
    parsed: Parsed<'a>,
}

enum Parsed<'a> {
    Whole(mail_parser::Message<'a>),
    Attached(&'a mail_parser::Message<'a>),
}

/// One message attached inside another, with whether it is an innermost
/// one (it carries no original of its own, within `MAX_FORWARDS`).
pub struct Nested<'a> {
    pub message: Message<'a>,
    pub innermost: bool,
}

impl<'a> Message<'a> {
    /// The whole message in `raw`: headers, bodies and attached originals.
    /// `None` when `mail-parser` finds no message at all.
    pub fn parse(raw: &'a [u8]) -> Option<Message<'a>> {
        let parsed = MessageParser::default().parse(raw)?;
        Some(Message {
            parsed: Parsed::Whole(parsed),
        })
    }

    /// The header block only (`Want::Headers`): bodies are never decoded,
    /// which is what keeps `discover --mail` fast on a large archive.
    pub fn headers(raw: &'a [u8]) -> Option<Message<'a>> {
        let parsed = MessageParser::default().parse_headers(raw)?;
        Some(Message {
            parsed: Parsed::Whole(parsed),
        })
    }

    fn inner(&self) -> &mail_parser::Message<'a> {
        match &self.parsed {
            Parsed::Whole(message) => message,
            Parsed::Attached(message) => message,
        }
    }

    /// Whether it has no header at all (a file of words is no message).
    pub fn has_no_headers(&self) -> bool {
        self.inner().headers().is_empty()
    }

    /// The message's bytes as they were given (for an attached original,
    /// its own bytes, not the forward's around it).
    pub fn raw(&self) -> &[u8] {
        match &self.parsed {
            Parsed::Whole(message) => &message.raw_message,
            Parsed::Attached(message) => message.raw_message(),
        }
    }

    /// The first `From` address and its display name, as written.
    pub fn sender(&self) -> Option<(Option<&str>, &str)> {
        let from = self.inner().from()?.first()?;
        Some((from.name(), from.address()?))
    }

    /// Every `From` address, as written.
    pub fn from_addresses(&self) -> Vec<&str> {
        let from = self.inner().from().into_iter();
        from.flat_map(|a| a.iter())
            .filter_map(|a| a.address())
            .collect()
    }

    /// Every `Reply-To` address, as written.
    pub fn reply_to_addresses(&self) -> Vec<&str> {
        let reply_to = self.inner().reply_to().into_iter();
        reply_to
            .flat_map(|a| a.iter())
            .filter_map(|a| a.address())
            .collect()
    }

    /// Whether it has a `From` or a `Received` header: what a message a
    /// person saved from a mail client always has.
    pub fn has_sender_or_route(&self) -> bool {
        self.inner().from().is_some() || self.inner().received().is_some()
    }

    /// The addresses it was delivered to, as written: `To`, `Cc`,
    /// `Delivered-To` and `X-Original-To`, in header order. `trace` takes
    /// the leaked addresses from them, `inbox` the plus tag that names a
    /// vendor.
    pub fn recipients(&self) -> Vec<String> {
        self.addresses_in(&["to", "cc", "delivered-to", "x-original-to"])
    }

    /// Every address its envelope and headers say it was delivered to:
    /// `To`, `Cc`, `Delivered-To`, `X-Original-To` and `Envelope-To` in
    /// header order, then the `for <…>` of each `Received:` hop, as
    /// written. Mail sent in bulk names its recipient only in the envelope
    /// (`canary watch` finds a canary by it). Linear in the header's size.
    pub fn envelope_recipients(&self) -> Vec<String> {
        let mut out =
            self.addresses_in(&["to", "cc", "delivered-to", "x-original-to", "envelope-to"]);
        for hop in self.inner().received_all() {
            if let Some(to) = &hop.for_ {
                let to = to.trim().trim_start_matches('<').trim_end_matches('>');
                out.push(to.to_string());
            }
        }
        out
    }

    /// The addresses of the headers named `names` (lower case), in header
    /// order.
    fn addresses_in(&self, names: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for header in self.inner().headers() {
            let name = header.name.as_str();
            if !names.iter().any(|w| name.eq_ignore_ascii_case(w)) {
                continue;
            }
            match &header.value {
                HeaderValue::Address(address) => {
                    out.extend(address.iter().filter_map(|a| a.address()).map(String::from));
                }
                HeaderValue::Text(text) => out.extend(text.split(',').map(|t| {
                    t.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })),
                HeaderValue::TextList(list) => out.extend(list.iter().map(|t| {
                    t.trim()
                        .trim_start_matches('<')
                        .trim_end_matches('>')
                        .to_string()
                })),
                _ => {}
            }
        }
        out
    }

    /// The domain the receiving server authenticated for a sender of the
    /// `From:` domain `from`: a passing DKIM signature or SPF check aligned
    /// with it, or a DMARC pass (`auth::authenticated`). `None` when
    /// nothing aligned passed, or the message has no
    /// `Authentication-Results` at all.
    pub fn authenticated_domain(&self, from: &str) -> Option<String> {
        let topmost = self.values("authentication-results").next();
        auth::authenticated(topmost.as_deref(), from)
    }

    /// The subject, decoded (RFC 2047).
    pub fn subject(&self) -> Option<&str> {
        self.inner().subject()
    }

    /// The subject on one line: decoded, each run of whitespace one space.
    pub fn subject_line(&self) -> Option<String> {
        self.subject()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// The `Message-ID`, without its brackets.
    pub fn message_id(&self) -> Option<&str> {
        self.inner().message_id()
    }

    /// `In-Reply-To` and `References`, each with its brackets.
    pub fn thread(&self) -> Vec<String> {
        let mut thread = Vec::new();
        for value in [self.inner().in_reply_to(), self.inner().references()] {
            match value {
                HeaderValue::Text(id) => thread.push(format!("<{id}>")),
                HeaderValue::TextList(ids) => thread.extend(ids.iter().map(|id| format!("<{id}>"))),
                _ => {}
            }
        }
        thread
    }

    /// The first `name` header's value as written (folded), when it is
    /// UTF-8.
    pub fn header_raw(&self, name: &'static str) -> Option<&str> {
        self.inner().header_raw(name)
    }

    /// Whether it has a `name` header.
    pub fn has_header(&self, name: &'static str) -> bool {
        self.inner().header(name).is_some()
    }

    /// The names of its header fields, in order.
    pub fn header_names(&self) -> impl Iterator<Item = &str> {
        self.inner().headers().iter().map(|h| h.name.as_str())
    }

    /// Every header field, with its value as written, unfolded: each run
    /// of whitespace (a fold included) is one space. The one unfolding
    /// rule of linger.
    pub fn unfolded_headers(&self) -> impl Iterator<Item = (&str, String)> {
        let message = self.inner();
        let raw = message.raw_message();
        message.headers().iter().map(move |h| {
            let start = (h.offset_start as usize).min(raw.len());
            let end = (h.offset_end as usize).clamp(start, raw.len());
            (h.name.as_str(), unfold(&raw[start..end]))
        })
    }

    /// The values of every `name` header, unfolded, in order.
    pub fn header_values(&self, name: &str) -> Vec<String> {
        self.values(name).collect()
    }

    /// The values of the `name` headers, unfolded, each only when asked
    /// for: most callers want the first.
    fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = String> + 's {
        let message = self.inner();
        let raw = message.raw_message();
        message
            .headers()
            .iter()
            .filter(move |h| h.name.as_str().eq_ignore_ascii_case(name))
            .map(move |h| {
                let start = (h.offset_start as usize).min(raw.len());
                let end = (h.offset_end as usize).clamp(start, raw.len());
                unfold(&raw[start..end])
            })
    }

    /// The receiving server's verdict on a sender of the domain `from`:
    /// its topmost `Authentication-Results` (`auth`).
    pub fn verdict(&self, from: &str) -> Verdict {
        let topmost = self.values("authentication-results").next();
        auth::verdict(topmost.as_deref(), from)
    }

    /// The `Received:` chain, from the top (the last hop, ours) down.
    pub fn received(&self) -> impl Iterator<Item = &Received<'a>> {
        self.inner().received_all()
    }

    /// The day of its `Date:` header (UTC).
    pub fn date(&self) -> Option<NaiveDate> {
        self.inner()
            .date()
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
            .map(|d| d.date_naive())
    }

    /// When our side received it: the date of its topmost `Received:` hop
    /// that has one, else its `Date:`. The one received-date rule.
    pub fn received_at(&self) -> Option<DateTime<Utc>> {
        let message = self.inner();
        message
            .received_all()
            .find_map(|r| r.date)
            .or_else(|| message.date().copied())
            .and_then(|d| DateTime::from_timestamp(d.to_timestamp(), 0))
    }

    /// Every message attached inside it as `message/rfc822`, and theirs in
    /// turn, depth first, at most `MAX_FORWARDS` deep: the one walk of a
    /// forward's originals.
    pub fn nested(&self) -> Vec<Nested<'_>> {
        let mut out = Vec::new();
        walk(self.inner(), 0, &mut out);
        out
    }

    /// The originals a forward carries: the innermost messages attached to
    /// it (`nested`). Empty when it is no forward. `phish` reads these, and
    /// the abuse letters attach them, instead of the colleague's forward
    /// around them.
    pub fn forwarded(&self) -> Vec<Message<'_>> {
        self.nested()
            .into_iter()
            .filter(|n| n.innermost)
            .map(|n| n.message)
            .collect()
    }

    /// Its first text part (HTML converted when it has none), empty when
    /// it has none.
    pub fn text(&self) -> String {
        self.inner()
            .body_text(0)
            .map(|b| b.into_owned())
            .unwrap_or_default()
    }

    /// Its own words: the first text part without what it quotes or
    /// signs (`body::own_words`).
    pub fn own_words(&self) -> String {
        super::body::own_words(&self.text())
    }

    /// Its attached files whose text can be read: PDFs (by type, name or
    /// `%PDF-` header) and plain-text files, decoded from their transfer
    /// encoding, in order.
    pub fn attachments(&self) -> Vec<Attachment<'_>> {
        use mail_parser::MimeHeaders;
        self.inner()
            .attachments()
            .filter(|part| part.message().is_none())
            .filter_map(|part| {
                let name = part.attachment_name().unwrap_or_default().to_string();
                let (ctype, subtype) =
                    part.content_type()
                        .map_or((String::new(), String::new()), |c| {
                            (
                                c.ctype().to_ascii_lowercase(),
                                c.subtype().unwrap_or_default().to_ascii_lowercase(),
                            )
                        });
                let bytes = part.contents();
                let pdf = (ctype == "application" && subtype == "pdf")
                    || name.to_ascii_lowercase().ends_with(".pdf")
                    || bytes.starts_with(b"%PDF-");
                let text = ctype == "text" && subtype == "plain";
                (pdf || text).then_some(Attachment { name, pdf, bytes })
            })
            .collect()
    }

    /// The distinct links of its text and HTML bodies, in the order they
    /// first appear (`links`).
    pub fn links(&self) -> Vec<String> {
        let message = self.inner();
        let texts = (0..message.text_body.len()).filter_map(|i| message.body_text(i));
        let htmls = (0..message.html_body.len()).filter_map(|i| message.body_html(i));
        super::links::of_bodies(texts, htmls)
    }
}

/// A file attached to a message whose text can be read.
pub struct Attachment<'m> {
    /// Its file name, as the sender gave it (may be empty).
    pub name: String,
    /// A PDF; else plain text.
    pub pdf: bool,
    /// Its bytes, decoded from base64 or quoted-printable.
    pub bytes: &'m [u8],
}

/// Adds the messages attached to `message` to `out`, depth first; whether
/// there were any (within the depth).
fn walk<'m>(
    message: &'m mail_parser::Message<'m>,
    depth: usize,
    out: &mut Vec<Nested<'m>>,
) -> bool {
    if depth >= MAX_FORWARDS {
        return false;
    }
    let mut any = false;
    for inner in message.attachments().filter_map(|part| part.message()) {
        let at = out.len();
        out.push(Nested {
            message: Message {
                parsed: Parsed::Attached(inner),
            },
            innermost: false,
        });
        out[at].innermost = !walk(inner, depth + 1, out);
        any = true;
    }
    any
}

/// A header value as written, unfolded: each run of whitespace one space.
fn unfold(value: &[u8]) -> String {
    let value = String::from_utf8_lossy(value);
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(inner: &str, n: u32) -> String {
        format!(
            "From: fwd{n}@northwind.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b{n}\"\r\n\r\n--b{n}\r\n\
             Content-Type: text/plain\r\n\r\nSee attached.\r\n--b{n}\r\n\
             Content-Type: message/rfc822\r\n\r\n{inner}\r\n--b{n}--\r\n"
        )
    }

    const ORIGINAL: &str = "From: billing@evil.example\r\nTo: anna@example.com\r\n\
        Subject: Pay\r\n\r\nPay now.\r\n";

    #[test]
    fn a_forward_of_a_forward_gives_the_innermost_original() {
        let twice = wrap(&wrap(ORIGINAL, 1), 2);
        let message = Message::parse(twice.as_bytes()).unwrap();
        let found = message.forwarded();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject(), Some("Pay"));
        // The walk sees both levels; only the innermost is an original.
        let nested = message.nested();
        assert_eq!(nested.len(), 2);
        assert!(!nested[0].innermost && nested[1].innermost);
        let plain = Message::parse(ORIGINAL.as_bytes()).unwrap();
        assert!(plain.forwarded().is_empty());
    }

    #[test]
    fn forwards_are_opened_at_most_max_forwards_deep() {
        let mut deep = ORIGINAL.to_string();
        for n in 0..6 {
            deep = wrap(&deep, n);
        }
        let message = Message::parse(deep.as_bytes()).unwrap();
        let nested = message.nested();
        assert_eq!(nested.len(), MAX_FORWARDS);
        // The deepest opened stands for the original.
        let found = message.forwarded();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject(), Some("Fwd"));
        assert_eq!(found[0].sender().unwrap().1, "fwd1@northwind.example");
    }

    #[test]
    fn a_folded_header_is_unfolded_and_the_topmost_verdict_counts() {
        let raw = b"Authentication-Results: mx.ours.example;\r\n\tdmarc=fail\r\n   header.from=bank.example\r\n\
Authentication-Results: evil.example; dkim=pass header.d=bank.example; dmarc=pass\r\n\
X-Failed-Recipients: a@x.example,\r\n b@x.example\r\nFrom: a@bank.example\r\n\r\n";
        let message = Message::headers(raw).unwrap();
        assert_eq!(
            message.header_values("x-failed-recipients"),
            ["a@x.example, b@x.example"]
        );
        assert_eq!(
            message.header_values("Authentication-Results")[0],
            "mx.ours.example; dmarc=fail header.from=bank.example"
        );
        assert_eq!(message.verdict("bank.example"), Verdict::Fails);
    }

    #[test]
    fn the_received_date_is_the_topmost_hop_else_the_date() {
        let raw = "Received: from a by mx.ours.example; Fri, 27 Nov 2026 09:14:03 +0100\r\n\
            Received: from b by out.example; Fri, 27 Nov 2026 09:13:58 +0100\r\n\
            Date: Thu, 26 Nov 2026 08:10:00 +0000\r\nFrom: x@y.example\r\n\r\nHi\r\n";
        let message = Message::parse(raw.as_bytes()).unwrap();
        assert_eq!(
            message.received_at().unwrap().to_rfc3339(),
            "2026-11-27T08:14:03+00:00"
        );
        assert_eq!(message.date(), NaiveDate::from_ymd_opt(2026, 11, 26));
        let dated = "Date: Thu, 26 Nov 2026 08:10:00 +0000\r\nFrom: x@y.example\r\n\r\nHi\r\n";
        let message = Message::parse(dated.as_bytes()).unwrap();
        assert_eq!(
            message.received_at().unwrap().to_rfc3339(),
            "2026-11-26T08:10:00+00:00"
        );
        let undated = Message::parse(b"From: x@y.example\r\n\r\nHi\r\n").unwrap();
        assert_eq!(undated.received_at(), None);
    }

    #[test]
    fn links_come_from_text_and_html_with_references_decoded() {
        let html = "From: a@b.example\r\nContent-Type: text/html\r\n\r\n\
            <a href=\"https://entity&#46;example/x\">x</a>\
            <a href=\"https&colon;//named&period;example/\">y</a>\r\n";
        let found = Message::parse(html.as_bytes()).unwrap().links();
        assert_eq!(
            found,
            ["https://entity.example/x", "https://named.example/"]
        );
        let text =
            "From: a@b.example\r\n\r\nSee https://one.example/a and https://one.example/a.\r\n";
        let found = Message::parse(text.as_bytes()).unwrap().links();
        assert_eq!(found, ["https://one.example/a"]);
    }

    #[test]
    fn recipients_and_own_words() {
        let raw = "From: a@b.example\r\nTo: \"Anna\" <Anna@Example.com>\r\nCc: bo@example.com\r\n\
            Delivered-To: anna@example.com\r\n\r\nWe deleted it.\r\n\r\nOn 1 May, Anna wrote:\r\n> please delete\r\n";
        let message = Message::parse(raw.as_bytes()).unwrap();
        assert_eq!(
            message.recipients(),
            ["Anna@Example.com", "bo@example.com", "anna@example.com"]
        );
        assert_eq!(message.own_words(), "We deleted it.\n");
    }
}
