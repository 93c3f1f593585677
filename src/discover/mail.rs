//! Reads the headers of every message in mail archives, streaming: mbox
//! files (a Google Takeout or Thunderbird export) and Maildir folders. Only
//! the header block of each message is kept in memory (at most 64 KiB of
//! it); bodies are skipped line by line and never stored, so memory stays
//! bounded whatever the archive's size. Headers are parsed by
//! `mail-parser` (RFC 2047 encoded words included).

use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use chrono::NaiveDate;
use mail_parser::MessageParser;

use crate::online::domains::registrable;

/// The part of a header block linger keeps past this is dropped: no real
/// header block is larger, and a broken one must not grow without bound.
const MAX_HEADER: usize = 64 * 1024;

/// What a message's headers say about its sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The registrable domain of the `From` address, lower case.
    pub domain: String,
    /// The local part of the `From` address, lower case (`billing`).
    pub local: String,
    pub date: Option<NaiveDate>,
    pub subject: Option<String>,
    /// The message has a `List-Unsubscribe` header.
    pub unsubscribe: bool,
}

/// How much was read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub messages: u64,
    /// Messages without a usable `From` address.
    pub unreadable: u64,
}

/// Reads `path` (an mbox file, a Maildir folder, a folder of either, or a
/// single message), calling `each` with every message's header.
pub fn read(path: &Path, each: &mut dyn FnMut(Header)) -> io::Result<Tally> {
    let mut tally = Tally::default();
    if path.is_dir() {
        read_dir(path, each, &mut tally)?;
    } else {
        read_file(path, each, &mut tally)?;
    }
    Ok(tally)
}

fn read_dir(dir: &Path, each: &mut dyn FnMut(Header), tally: &mut Tally) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for entry in entries {
        let name = entry
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        // Maildir's `tmp` holds messages still being delivered.
        if name == "tmp" || name.starts_with('.') && entry.is_file() {
            continue;
        }
        if entry.is_dir() {
            read_dir(&entry, each, tally)?;
        } else {
            read_file(&entry, each, tally)?;
        }
    }
    Ok(())
}

/// An mbox file (it starts with a `From ` line) or one message.
fn read_file(path: &Path, each: &mut dyn FnMut(Header), tally: &mut Tally) -> io::Result<()> {
    let mut reader = BufReader::with_capacity(256 * 1024, File::open(path)?);
    let mut line = Vec::with_capacity(256);
    let mut block = Vec::with_capacity(4096);
    let first = reader.read_until(b'\n', &mut line)?;
    if first == 0 {
        return Ok(());
    }
    let mbox = line.starts_with(b"From ");
    if !mbox {
        // One message: its header block is what comes before the first
        // blank line.
        block.extend_from_slice(&line);
        loop {
            line.clear();
            if reader.read_until(b'\n', &mut line)? == 0 || is_blank(&line) {
                break;
            }
            if block.len() < MAX_HEADER {
                block.extend_from_slice(&line);
            }
        }
        emit(&block, each, tally);
        return Ok(());
    }
    let mut in_headers = true;
    // A `From ` line starts a message only after a blank line: a body line
    // that begins with "From " and was not escaped (`>From `), as some
    // writers leave it, stays body.
    let mut after_blank = false;
    loop {
        line.clear();
        let read = reader.read_until(b'\n', &mut line)?;
        if read == 0 {
            break;
        }
        if line.starts_with(b"From ") && !in_headers && after_blank {
            // The next message.
            in_headers = true;
            after_blank = false;
            continue;
        }
        after_blank = is_blank(&line);
        if in_headers {
            if is_blank(&line) {
                emit(&block, each, tally);
                block.clear();
                in_headers = false;
            } else if block.len() < MAX_HEADER {
                block.extend_from_slice(&line);
            }
        }
    }
    if in_headers && !block.is_empty() {
        emit(&block, each, tally);
    }
    Ok(())
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

fn emit(block: &[u8], each: &mut dyn FnMut(Header), tally: &mut Tally) {
    tally.messages += 1;
    match parse(block) {
        Some(header) => each(header),
        None => tally.unreadable += 1,
    }
}

/// The sender facts of one header block.
pub fn parse(block: &[u8]) -> Option<Header> {
    let mut raw = block.to_vec();
    raw.extend_from_slice(b"\r\n");
    let message = MessageParser::default().parse(&raw)?;
    let address = message.from()?.first()?.address()?.to_ascii_lowercase();
    let (local, host) = address.rsplit_once('@')?;
    if address.chars().any(char::is_control) {
        return None;
    }
    let domain = registrable(host)?;
    let date = message
        .date()
        .and_then(|d| chrono::DateTime::from_timestamp(d.to_timestamp(), 0))
        .map(|d| d.date_naive());
    // Subjects come from anyone who ever wrote: control characters are
    // shown, never sent to the terminal.
    let subject = message
        .subject()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .map(|s| crate::printable::visible(&s).into_owned())
        .filter(|s| !s.is_empty());
    Some(Header {
        domain,
        local: local.to_string(),
        date,
        subject,
        unsubscribe: message.header("List-Unsubscribe").is_some(),
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
