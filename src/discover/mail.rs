//! The sender facts in mail archives: every message's header block, read
//! by the shared streamed reader (`crate::mail`, which also decides what
//! is skipped), parsed as `mail::Message` (RFC 2047 encoded words
//! included). Bodies are never read.

use std::io;
use std::path::Path;

use chrono::NaiveDate;

use crate::address::registrable;
use crate::mail::auth::Verdict;
use crate::mail::labels::{self, Bin};
use crate::mail::{self, Message, Want};
use crate::online::domains::shared_platform;

/// What a message's headers say about its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The registrable domain of the `From` address, lower case; for a
    /// tenant of a shared platform, the tenant (`contoso.onmicrosoft.com`).
    pub domain: String,
    /// The shared platform the sender is a tenant of, if any.
    pub platform: Option<String>,
    /// What the receiving server's `Authentication-Results` said.
    pub verdict: Verdict,
    /// The local part of the `From` address, lower case (`billing`).
    pub local: String,
    /// The `From` display name (`QuizBox`), printable, when there is one.
    pub display: Option<String>,
    pub date: Option<NaiveDate>,
    pub subject: Option<String>,
    /// The message has a `List-Unsubscribe` header.
    pub unsubscribe: bool,
}

/// How much was read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub messages: u64,
    /// Messages without a usable `From` address (none, an IP literal, a
    /// domain that is not a name).
    pub unreadable: u64,
    /// Messages in spam or trash (labels, flags, folders), not read further.
    pub spam: u64,
    pub trash: u64,
    /// What the reader skipped: files that are not mail, links, devices.
    pub archive: mail::Tally,
}

impl Tally {
    pub fn absorb(&mut self, other: Tally) {
        self.messages += other.messages;
        self.unreadable += other.unreadable;
        self.spam += other.spam;
        self.trash += other.trash;
        self.archive.absorb(other.archive);
    }
}

/// Reads `path` (an mbox file, a Maildir folder, a folder of either, or a
/// single message), calling `each` with every message's header.
pub fn read(path: &Path, each: &mut dyn FnMut(Header)) -> io::Result<Tally> {
    let (mut unreadable, mut spam, mut trash) = (0, 0, 0);
    let archive = mail::read(path, Want::Headers, &mut |message| match labels::bin(
        message.bytes,
        message.within,
    ) {
        Some(Bin::Spam) => spam += 1,
        Some(Bin::Trash) => trash += 1,
        None => match parse(message.bytes) {
            Some(header) => each(header),
            None => unreadable += 1,
        },
    })?;
    Ok(Tally {
        messages: archive.messages,
        unreadable,
        spam,
        trash,
        archive,
    })
}

/// The sender facts of one header block.
pub fn parse(block: &[u8]) -> Option<Header> {
    // The blank line that ends a header block, which the reader's block
    // may lack.
    let mut raw = block.to_vec();
    raw.extend_from_slice(b"\r\n");
    let message = Message::headers(&raw)?;
    let (name, address) = message.sender()?;
    let address = address.to_ascii_lowercase();
    let display = name
        .map(|n| crate::printable::visible(n.trim()).into_owned())
        .filter(|n| !n.is_empty());
    let (local, host) = crate::address::split(&address)?;
    if address.chars().any(char::is_control) {
        return None;
    }
    let shared = shared_platform(host);
    let domain = match &shared {
        Some((_, tenant)) => tenant.clone(),
        None => registrable(host)?,
    };
    let date = message.date();
    // Subjects come from anyone who ever wrote: control characters are
    // shown, never sent to the terminal.
    let subject = message
        .subject_line()
        .map(|s| crate::printable::visible(&s).into_owned())
        .filter(|s| !s.is_empty());
    Some(Header {
        verdict: message.verdict(host),
        platform: shared.map(|(platform, _)| platform),
        domain,
        local: local.to_string(),
        display,
        date,
        subject,
        unsubscribe: message.has_header("List-Unsubscribe"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_sender_date_and_an_encoded_subject() {
        let header = parse(
            b"From: \"Mailchimp\" <billing@mail.mailchimp.com>\r\nDate: Tue, 3 Mar 2020 10:00:00 +0100\r\n\
              Subject: =?UTF-8?Q?Your_receipt_=E2=80=93_March?=\r\nList-Unsubscribe: <mailto:u@x>\r\n",
        )
        .unwrap();
        assert_eq!(header.domain, "mailchimp.com");
        assert_eq!(header.local, "billing");
        assert_eq!(header.date, NaiveDate::from_ymd_opt(2020, 3, 3));
        assert_eq!(header.subject.as_deref(), Some("Your receipt – March"));
        assert!(header.unsubscribe);
        assert!(parse(b"Subject: no sender\r\n").is_none());
        assert!(parse(b"From: not an address\r\n").is_none());
    }
}
