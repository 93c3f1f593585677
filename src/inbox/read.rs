//! One message of the mailbox, from its bytes to the reply it is: parsed
//! once (`mail::Message`), its header matched to a vendor, and only then
//! its body read for what it says. Pure.

use chrono::NaiveDate;

use super::incident::{self, IncidentReply, Reports};
use super::rules::Lexicon;
use super::{Head, Read, Reply, Route, bounce, read_reply, route};
use crate::inventory::Inventory;
use crate::mail::Message;

/// How much of a message's body is read for what it says (the evidence
/// keeps the whole message): a reply's own words and a bounce's report
/// come first, and a message of 60 MB must cost neither another 60 MB nor
/// minutes of reading.
pub const BODY_READ: usize = 256 << 10;

/// The reply a message is, if it answers a vendor of `inventory`; `None`
/// for every other message (never stored or printed).
pub fn reply_of(
    raw: &[u8],
    inventory: &Inventory,
    table: &Lexicon,
    today: NaiveDate,
) -> Option<Reply> {
    reply_with(raw, &[], inventory, table, today)
}

/// The reply a message is, read with the text of its attachments
/// (`attached`: a certificate of deletion in a PDF, a plain-text notice)
/// after its own words, each classified like them.
pub fn reply_with(
    raw: &[u8],
    attached: &[String],
    inventory: &Inventory,
    table: &Lexicon,
    today: NaiveDate,
) -> Option<Reply> {
    let none = Reports::none();
    match answer_with(raw, attached, inventory, &none, table, today)? {
        Answer::Vendor(reply) => Some(reply),
        Answer::Incident(_) => None,
    }
}

/// What a message of the mailbox answers: a vendor's request, or an
/// incident's report (`inbox::incident`).
pub enum Answer {
    Vendor(Reply),
    Incident(IncidentReply),
}

/// `reply_with`, and a message that answers no vendor tied to the report
/// of an incident it answers (`reports`, indexed once per run).
pub fn answer_with<'a>(
    raw: &'a [u8],
    attached: &[String],
    inventory: &Inventory,
    reports: &Reports<'_>,
    table: &Lexicon,
    today: NaiveDate,
) -> Option<Answer> {
    let raw = &raw[..raw.len().min(header_end(raw) + BODY_READ)];
    // Most of a mailbox answers nothing: its header decides that, and only
    // a message that may be a bounce, or that answers, has its body
    // parsed (decoding every newsletter's body cost the 1 GB bench a
    // fifth of its time).
    let head = Head::of(&Message::headers(raw)?, table)?;
    let mut parsed = None;
    if head.may_bounce() {
        parsed = Some(Message::parse(raw)?);
    }
    let bounced = parsed
        .as_ref()
        .and_then(|message| bounce::of(message, &head.from, &head.subject, &head.content_type));
    let whole = |parsed: Option<Message<'a>>| parsed.or_else(|| Message::parse(raw));
    // A message only its subject made look like a bounce ("Undeliverable
    // mailbox: …" from a person's auto-reply), returning no letter of ours
    // and naming no vendor's address, is read as what else it is. A mail
    // system's report stays a bounce or nothing.
    let (bounced, (vendor, route)) = match route(&head, bounced.as_ref(), inventory, table) {
        // A guess from the sender's domain yields to a report's thread or
        // tag: the sending service may be a vendor too.
        Some((_, Route::Domain | Route::Portal))
            if let Some(tied) = incident::route(&head, reports) =>
        {
            let message = whole(parsed)?;
            let reply = incident::read(&message, &head, tied, reports, table, today);
            return Some(Answer::Incident(reply));
        }
        Some(found) => (bounced, found),
        None if bounced.is_some()
            && !bounce::is_daemon(&head.from)
            && !head
                .content_type
                .to_ascii_lowercase()
                .contains("multipart/report") =>
        {
            (None, route(&head, None, inventory, table)?)
        }
        None => {
            let tied = incident::route(&head, reports)?;
            let message = whole(parsed)?;
            let reply = incident::read(&message, &head, tied, reports, table, today);
            return Some(Answer::Incident(reply));
        }
    };
    // Only now, for a message that answers a vendor, are its words read.
    let message = whole(parsed)?;
    let mut own = message.own_words();
    for text in attached {
        own.push_str("\n\n");
        own.push_str(text);
    }
    let read = Read {
        head: &head,
        own: &own,
        bounced: bounced.as_ref(),
    };
    let mut reply = read_reply(&read, vendor, route, inventory, table, today);
    super::contact::settle(&mut reply, vendor, table);
    Some(Answer::Vendor(reply))
}

/// Where the header block ends (the whole message when it has no body):
/// after the first blank line, CRLF or LF, whichever comes first. Also
/// where a bounce's report starts (`bounce::of`).
pub(super) fn header_end(raw: &[u8]) -> usize {
    let crlf = memchr::memmem::find(raw, b"\r\n\r\n").map(|i| i + 4);
    let lf = memchr::memmem::find(raw, b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(raw.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_ends_at_the_first_blank_line_of_either_kind() {
        assert_eq!(header_end(b"A: b\r\n\r\nbody"), 8);
        assert_eq!(header_end(b"A: b\n\nbody\r\n\r\n"), 6);
        assert_eq!(header_end(b"A: b\r\n"), 6);
    }

    #[test]
    fn a_message_that_answers_no_vendor_is_none_and_a_reply_is_read_without_its_quote() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let inventory = crate::inventory::parse(
            "schema = 1\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\n\n\
             [[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\n\
             privacy_email = \"privacy@oldcrm.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
             [[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n",
            today,
        )
        .unwrap();
        let table = Lexicon::builtin();
        let stranger = b"From: a@elsewhere.example\r\nSubject: Hello\r\n\r\nHi.\r\n";
        assert!(reply_of(stranger, &inventory, &table, today).is_none());
        let reply =
            b"From: privacy@oldcrm.example\r\nSubject: Re: Deletion request [ref:oldcrm]\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nYour data has been deleted.\r\n\r\n\
On 1 Oct, Northwind wrote:\r\n> please confirm the deletion\r\n";
        let reply = reply_of(reply, &inventory, &table, today).unwrap();
        assert_eq!(reply.vendor, "oldcrm");
        assert_eq!(reply.quote.as_deref(), Some("Your data has been deleted."));
    }

    #[test]
    fn a_deletion_not_done_in_the_replys_own_language_is_no_confirmation() {
        // Portuguese reads "no" as "in the", and "han sido eliminados" as
        // done; Spanish, the reply's language, reads "no" as a negation.
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let inventory = crate::inventory::parse(
            "schema = 1\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\n\n\
             [[vendor]]\nid = \"tiendix\"\nname = \"Tiendix\"\nwebsite = \"https://tiendix.example\"\n\
             privacy_email = \"privacidad@tiendix.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
             [[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n",
            today,
        )
        .unwrap();
        let table = Lexicon::builtin();
        let reply = "From: privacidad@tiendix.example\r\nSubject: Re: Solicitud de supresión [ref:tiendix]\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
Hola:\r\n\r\nLe informamos de que sus datos todavía no han sido eliminados, ya que quedan \
pedidos pendientes de liquidar. Seguimos trabajando en ello y le escribiremos de nuevo.\r\n";
        let reply = reply_of(reply.as_bytes(), &inventory, &table, today).unwrap();
        assert_ne!(reply.proposal, Some(super::super::Proposal::Confirmed));
    }
}
