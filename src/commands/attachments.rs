//! The text of the files attached to a reply (a certificate of deletion
//! in a PDF, a plain-text notice), for `inbox` to classify like the body,
//! and the hidden `linger pdf-text` that reads one PDF. A PDF is read in
//! a child process under limits (`crate::child`); plain text needs no
//! parser and is read here.

use std::io::{Read, Write};

use super::{Context, Loaded, Outcome};
use crate::error::{Error, Failure};
use crate::inbox::Reply;
use crate::inbox::rules::Lexicon;
use crate::mail::Message;
use crate::mail::pdf::{MAX_BYTES, MAX_TEXT};

/// The largest message whose attachments are read: a 25 MB file in
/// base64 and its headers.
pub const MAX_MESSAGE: usize = 36 << 20;

/// An attached file that was read.
pub struct AttachmentRead {
    pub name: String,
    pub pdf: bool,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub text: String,
}

/// The readable attachments of the message `raw`, each with its text;
/// `warn` hears of each one skipped, and why.
pub fn read(raw: &[u8], warn: &mut dyn FnMut(String)) -> Vec<AttachmentRead> {
    if raw.len() > MAX_MESSAGE {
        warn(format!(
            "a message of {} bytes: its attachments are not read (at most {MAX_MESSAGE})",
            raw.len()
        ));
        return Vec::new();
    }
    // Only a multipart message has files: the others are not parsed again
    // (a mailbox's thousands of plain replies cost nothing more).
    let head_end = [&b"\n\n"[..], b"\n\r\n"]
        .iter()
        .filter_map(|end| memchr::memmem::find(raw, end))
        .min()
        .unwrap_or(raw.len());
    let head = raw[..head_end.min(256 << 10)].to_ascii_lowercase();
    if memchr::memmem::find(&head, b"multipart/").is_none() {
        return Vec::new();
    }
    let Some(message) = Message::parse(raw) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for attachment in message.attachments() {
        let name = crate::printable::line(&attachment.name).into_owned();
        let shown = if name.is_empty() { "(no name)" } else { &name };
        if attachment.bytes.len() > MAX_BYTES {
            warn(format!(
                "the attachment {shown} has {} bytes, more than the {MAX_BYTES} read: skipped",
                attachment.bytes.len()
            ));
            continue;
        }
        let text = if attachment.pdf {
            match crate::child::pdf_text(attachment.bytes) {
                Ok(text) => text,
                Err(why) => {
                    warn(format!("the attachment {shown} was skipped: {why}"));
                    continue;
                }
            }
        } else {
            let mut text = String::from_utf8_lossy(attachment.bytes).into_owned();
            let mut end = text.len().min(MAX_TEXT);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text
        };
        out.push(AttachmentRead {
            name,
            pdf: attachment.pdf,
            sha256: crate::inventory::sha256_bytes(attachment.bytes),
            bytes: attachment.bytes.to_vec(),
            text,
        });
    }
    out
}

/// `reply`, the message `raw` as read, read again with the text of its
/// attachments after its words; and the files read. Each file skipped is
/// a warning on standard error (not with `--quiet`).
pub fn read_with(
    ctx: &Context,
    reply: Reply,
    raw: &[u8],
    loaded: &Loaded,
    table: &Lexicon,
) -> (Reply, Vec<AttachmentRead>) {
    let files = read(raw, &mut |why| {
        if !ctx.quiet {
            let from = crate::printable::line(&reply.from);
            let _ = writeln!(
                crate::output::stderr(),
                "warning: the reply from {from} of {}: {why}",
                reply.date
            );
        }
    });
    if files.is_empty() {
        return (reply, files);
    }
    let texts: Vec<String> = files.iter().map(|f| f.text.clone()).collect();
    let again = crate::inbox::read::reply_with(raw, &texts, &loaded.inventory, table, ctx.today);
    (again.unwrap_or(reply), files)
}

/// `linger pdf-text`: a PDF on standard input, its text on standard
/// output; what is wrong with it as an error. Run by `inbox`, not by
/// people (hidden).
pub fn child() -> Result<Outcome, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    crate::child::stall_for_tests();
    let read = std::panic::catch_unwind(|| crate::mail::pdf::text(&bytes));
    let text = match read {
        Ok(Ok(text)) => text,
        Ok(Err(why)) => {
            return Err(Error::failed(
                Failure::Input,
                why,
                "the PDF is listed, not read",
            ));
        }
        Err(_) => {
            return Err(Error::failed(
                Failure::Input,
                "the PDF reader gave up on it",
                "the PDF is listed, not read",
            ));
        }
    };
    let mut out = crate::output::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
