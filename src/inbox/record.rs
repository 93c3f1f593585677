//! What `inbox --apply` writes, planned before anything is: which replies
//! are recorded (`decide`), each as one `mark` change of the inventory
//! with its evidence file, and which copy written aside goes where. Pure:
//! the evidence file's name comes from the caller, who knows what is on
//! disk.

use super::accept::Accept;
use super::{Proposal, Reply, contact, decide, event_note};
use crate::inventory::Inventory;
use crate::inventory::edit::{Change, NewAttachment, NewEvent};

/// A matched message as the run keeps it: the reply, not the message.
/// Its bytes are gone once it is read; what `--apply` needs of them is
/// their hash and, when the reply may be recorded, a copy written aside
/// as it was read (its number among the copies).
pub struct Found {
    pub reply: Reply,
    /// The message's SHA-256 (`--apply` only).
    pub sha256: Option<String>,
    /// The copy written aside (`--apply` only, and only for a reply that
    /// may be recorded).
    pub staged: Option<usize>,
    /// Read over IMAP: where it lies (mailbox, UID).
    pub at: Option<(String, u32)>,
    /// The files attached to it whose text was read with its words.
    pub attached: Vec<Attached>,
}

/// A file attached to a reply, read and, for a reply that may be
/// recorded, written aside to be kept beside its message.
pub struct Attached {
    /// Its file name, as the sender gave it, made printable.
    pub name: String,
    /// A PDF; else plain text.
    pub pdf: bool,
    /// The file's own SHA-256.
    pub sha256: String,
    /// The copy written aside (`--apply` only).
    pub staged: Option<usize>,
}

/// What one write of the inventory records.
pub struct Plan {
    /// The places in `found` of the replies recorded.
    pub recorded: Vec<usize>,
    /// One event a recorded reply; a contact change also sets the
    /// vendor's `privacy_email`.
    pub changes: Vec<Change>,
    /// Each recorded reply's copy, and the evidence file it becomes.
    pub moves: Vec<(usize, String)>,
}

/// The plan for `found` (in date order): the replies `decide` records,
/// less those whose message was not written aside (`staged`: a copy is
/// needed unless `dry_run`), each with its evidence file named by
/// `evidence` (vendor, date, kind).
pub fn plan(
    accept: &Accept,
    inventory: &Inventory,
    found: &mut [Found],
    dry_run: bool,
    evidence: &mut dyn FnMut(&str, chrono::NaiveDate, Proposal) -> String,
) -> Plan {
    let mut recorded =
        decide::decide_all(accept, inventory, found.iter_mut().map(|f| &mut f.reply));
    recorded.retain(|&n| {
        // Every reply that may be recorded was written aside as it was
        // read (`may_record`); should one not have been, it is not
        // recorded without its evidence.
        let missing = !dry_run && found[n].staged.is_none();
        if missing {
            found[n].reply.note =
                Some("its message was not kept as evidence: run again to record it".into());
        }
        !missing
    });
    let mut changes = Vec::with_capacity(recorded.len());
    let mut moves = Vec::new();
    for &n in &recorded {
        let Found {
            reply,
            sha256,
            staged,
            attached,
            ..
        } = &found[n];
        let Some(proposal) = reply.proposal else {
            continue;
        };
        let relative = evidence(&reply.vendor, reply.date, proposal);
        if let Some(copy) = staged {
            moves.push((*copy, relative.clone()));
        }
        let mut note = event_note(reply);
        if proposal == Proposal::ContactChanged
            && let Some(new) = &reply.new_address
        {
            // The address on record before this run's changes, so the
            // event says what it replaced.
            let old = inventory
                .vendor(&reply.vendor)
                .and_then(|v| v.privacy_email.as_deref());
            let old = changes
                .iter()
                .rev()
                .find_map(|c| match c {
                    Change::SetPrivacyEmail { id, address } if *id == reply.vendor => {
                        Some(address.as_str())
                    }
                    _ => None,
                })
                .or(old);
            note = Some(contact::note(
                reply,
                reply.quote.as_deref().unwrap_or(""),
                old,
            ));
            changes.push(Change::SetPrivacyEmail {
                id: reply.vendor.clone(),
                address: new.clone(),
            });
        }
        // Each attached file beside the message, named after it, with its
        // own hash: `check` verifies it and the pack collects it.
        let stem = relative.strip_suffix(".eml").unwrap_or(&relative);
        let mut names = Vec::new();
        let mut kept = Vec::new();
        for (number, file) in attached.iter().enumerate() {
            let name = kept_name(file, number + 1, &names);
            let path = format!("{stem}-{name}");
            if let Some(copy) = file.staged {
                moves.push((copy, path.clone()));
            } else if !dry_run {
                continue;
            }
            names.push(name);
            kept.push(NewAttachment {
                name: file.name.clone(),
                evidence: path,
                sha256: file.sha256.clone(),
            });
        }
        changes.push(Change::Mark {
            id: reply.vendor.clone(),
            event: NewEvent {
                on: reply.date,
                kind: proposal.event_kind(),
                until: reply.until,
                reason: reply.reason.clone(),
                evidence: Some(relative),
                evidence_sha256: sha256.clone(),
                reference: reply.reference.clone(),
                message_id: reply.message_id.clone(),
                note,
                attachments: kept,
            },
        });
    }
    Plan {
        recorded,
        changes,
        moves,
    }
}

/// The file name an attached file is kept under, after its message's:
/// the sender's name with nothing but letters, digits, `.`, `-` and `_`
/// (no folder, no leading dot), at most 60 bytes, ending in `.pdf` for a
/// PDF and `.txt` for text whatever the sender called it (a text file
/// named `x.html` must not open as a page from the evidence pack); else
/// `attachment-N`. A name `taken` by an earlier file of the message gets
/// its number (the next free one).
fn kept_name(file: &Attached, number: usize, taken: &[String]) -> String {
    let base = file.name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut clean = String::new();
    for c in base.chars() {
        let c = if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            c
        } else {
            '-'
        };
        if !(c == '-' && clean.ends_with('-')) {
            clean.push(c);
        }
    }
    let clean = clean.trim_matches(['.', '-']);
    let extension = if file.pdf { ".pdf" } else { ".txt" };
    let stem = clean
        .strip_suffix(extension)
        .or_else(|| file.pdf.then(|| clean.strip_suffix(".PDF")).flatten())
        .unwrap_or(clean);
    let mut stem: String = stem.chars().take(60 - extension.len()).collect();
    if !stem.chars().any(|c| c.is_ascii_alphanumeric()) {
        stem = format!("attachment-{number}");
    }
    let mut name = format!("{stem}{extension}");
    let mut n = number;
    while taken.contains(&name) {
        name = format!("{stem}-{n}{extension}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::read::reply_of;
    use crate::inbox::rules::Lexicon;

    const INVENTORY: &str = "schema = 1\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\n\n\
        [[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\n\
        privacy_email = \"privacy@oldcrm.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
        [[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n";

    const RECEIPT: &[u8] =
        b"From: privacy@oldcrm.example\r\nSubject: Re: Deletion request [ref:oldcrm]\r\n\
Date: Mon, 2 Nov 2026 10:00:00 +0000\r\nMessage-ID: <1@oldcrm.example>\r\n\r\n\
Thank you, we have received your request.\r\n";

    #[test]
    fn a_receipt_is_one_mark_with_its_evidence_unless_it_was_not_kept() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let inventory = crate::inventory::parse(INVENTORY, today).unwrap();
        let reply = reply_of(RECEIPT, &inventory, &Lexicon::builtin(), today).unwrap();
        let found = |staged| Found {
            reply: reply.clone(),
            sha256: Some("ab".into()),
            staged,
            at: None,
            attached: Vec::new(),
        };
        let accept = Accept::parse(&[]);
        let mut named = Vec::new();
        let mut evidence = |id: &str, date, proposal: Proposal| {
            named.push(id.to_string());
            format!("evidence/{id}/{date}-{proposal}.eml")
        };
        let mut kept = [found(Some(3))];
        let planned = plan(&accept, &inventory, &mut kept, false, &mut evidence);
        assert_eq!(planned.recorded, [0]);
        assert_eq!(planned.changes.len(), 1);
        assert_eq!(
            planned.moves,
            [(3, "evidence/oldcrm/2026-11-02-acknowledged.eml".to_string())]
        );
        // Not written aside: not recorded, and the note says why.
        let mut lost = [found(None)];
        let planned = plan(&accept, &inventory, &mut lost, false, &mut evidence);
        assert!(planned.recorded.is_empty() && planned.changes.is_empty());
        assert!(lost[0].reply.note.as_deref().unwrap().contains("not kept"));
        assert_eq!(named, ["oldcrm"]);
    }

    fn contact_reply(inventory: &Inventory, new: &str) -> Reply {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let mut reply = reply_of(RECEIPT, inventory, &Lexicon::builtin(), today).unwrap();
        // What the reader proposes for "this address is no longer read;
        // please write to …" (its detection is `rules`'s).
        reply.proposal = Some(Proposal::ContactChanged);
        reply.new_address = Some(new.into());
        reply.quote = Some(format!(
            "This address is no longer read; please write to {new}."
        ));
        let vendor = inventory.vendor("oldcrm").unwrap();
        contact::settle(&mut reply, vendor, &Lexicon::builtin());
        reply.needs_accept = super::super::needs_yes(&reply, vendor).is_some();
        reply
    }

    fn planned(inventory: &Inventory, reply: Reply, accept: &[String]) -> (Vec<Found>, Plan) {
        let mut found = [Found {
            reply,
            sha256: Some("ab".repeat(32)),
            staged: Some(0),
            at: None,
            attached: Vec::new(),
        }];
        let mut evidence =
            |id: &str, date, proposal: Proposal| format!("evidence/{id}/{date}-{proposal}.eml");
        let plan = plan(
            &Accept::parse(accept),
            inventory,
            &mut found,
            false,
            &mut evidence,
        );
        (found.into_iter().collect(), plan)
    }

    #[test]
    fn an_accepted_contact_change_sets_privacy_email_and_records_both_addresses() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let inventory = crate::inventory::parse(INVENTORY, today).unwrap();
        let reply = contact_reply(&inventory, "dpo@oldcrm.example");
        assert!(
            reply.note.is_none() && reply.needs_accept,
            "{:?}",
            reply.note
        );
        // Without a yes: nothing, and the note says how to give one.
        let (found, nothing) = planned(&inventory, reply.clone(), &[]);
        assert!(nothing.changes.is_empty());
        assert!(found[0].reply.note.as_deref().unwrap().contains("--accept"));
        // With one: the address, then the event with old and new.
        let tag = reply.accept.clone().unwrap();
        let (_, plan) = planned(&inventory, reply, &[tag]);
        assert_eq!(
            plan.changes[0],
            Change::SetPrivacyEmail {
                id: "oldcrm".into(),
                address: "dpo@oldcrm.example".into()
            }
        );
        let Change::Mark { event, .. } = &plan.changes[1] else {
            panic!("{:?}", plan.changes);
        };
        let note = event.note.as_deref().unwrap();
        assert!(
            note.starts_with(
                "contact-changed: privacy_email privacy@oldcrm.example -> dpo@oldcrm.example;"
            ),
            "{note}"
        );
        assert_eq!(
            event.evidence.as_deref(),
            Some("evidence/oldcrm/2026-11-02-contact-changed.eml")
        );
        assert_eq!(event.evidence_sha256, Some("ab".repeat(32)));
        // Both land in one byte-preserving edit: one line changed, one
        // event added, every other byte as it was.
        let edited =
            crate::inventory::edit::apply_all(INVENTORY, &inventory, &plan.changes, today).unwrap();
        let after = crate::inventory::parse(&edited.text, today).unwrap();
        let vendor = after.vendor("oldcrm").unwrap();
        assert_eq!(vendor.privacy_email.as_deref(), Some("dpo@oldcrm.example"));
        assert_eq!(vendor.events.len(), 2);
        let moved = INVENTORY.replace(
            "privacy_email = \"privacy@oldcrm.example\"",
            "privacy_email = \"dpo@oldcrm.example\"",
        );
        let rest = edited.text.strip_prefix(moved.as_str()).unwrap();
        assert!(
            rest.starts_with("\n[[vendor.event]]\non = 2026-11-02\nkind = \"acknowledged\"\n"),
            "{rest}"
        );
    }

    #[test]
    fn a_new_address_elsewhere_or_no_address_is_withheld() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let inventory = crate::inventory::parse(INVENTORY, today).unwrap();
        for (new, why) in [
            ("privacy@stranger.example", "not the vendor's domain"),
            ("not an address", "not a usable address"),
            (
                "privacy@oldcrm.example",
                "already the vendor's privacy_email",
            ),
        ] {
            let reply = contact_reply(&inventory, new);
            let note = reply.note.clone().unwrap_or_default();
            assert!(note.contains(why), "{new}: {note}");
            let tag = reply.accept.clone().unwrap();
            let (_, plan) = planned(&inventory, reply, &[tag]);
            assert!(plan.changes.is_empty(), "{new}");
        }
        // A ticket system's sub-domain of the vendor is the vendor's.
        let reply = contact_reply(&inventory, "privacy@oldcrm.zendesk.com");
        assert!(reply.note.is_none(), "{:?}", reply.note);
    }

    #[test]
    fn an_older_reply_is_recorded_at_its_own_date_between_the_events() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let text = format!(
            "{INVENTORY}\n# the reminder, sent by hand\n[[vendor.event]]\non = 2026-11-20 # late\nkind = \"reminded\"\n"
        );
        let inventory = crate::inventory::parse(&text, today).unwrap();
        let reply = reply_of(RECEIPT, &inventory, &Lexicon::builtin(), today).unwrap();
        let (found, plan) = planned(&inventory, reply, &[]);
        assert!(found[0].reply.note.is_none(), "{:?}", found[0].reply.note);
        assert_eq!(plan.recorded, [0]);
        let edited =
            crate::inventory::edit::apply_all(&text, &inventory, &plan.changes, today).unwrap();
        let after = crate::inventory::parse(&edited.text, today).unwrap();
        let kinds: Vec<String> = after
            .vendor("oldcrm")
            .unwrap()
            .events
            .iter()
            .map(|e| format!("{} {}", e.on.value, e.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                "2026-10-01 requested",
                "2026-11-02 acknowledged",
                "2026-11-20 reminded"
            ]
        );
        // Only lines were added, and all before the comment of the
        // reminder: every byte of the file is still there, in order.
        let added = edited.text.len() - text.len();
        let at = edited
            .text
            .find("\n[[vendor.event]]\non = 2026-11-02")
            .unwrap();
        assert_eq!(
            format!("{}{}", &edited.text[..at], &edited.text[at + added..]),
            text
        );
        assert!(edited.text[at..at + added].contains("kind = \"acknowledged\""));
    }

    #[test]
    fn an_attached_file_is_kept_under_a_clean_name_of_its_kind() {
        let file = |name: &str, pdf| Attached {
            name: name.into(),
            pdf,
            sha256: String::new(),
            staged: None,
        };
        let none: &[String] = &[];
        for (name, pdf, kept) in [
            ("certificate.pdf", true, "certificate.pdf"),
            ("Scan.PDF", true, "Scan.pdf"),
            ("../../etc/passwd", false, "passwd.txt"),
            (
                "C:\\Users\\x\\.hidden notice.txt",
                false,
                "hidden-notice.txt",
            ),
            ("page.html", false, "page.html.txt"),
            ("Löschbestätigung.pdf", true, "L-schbest-tigung.pdf"),
            ("", true, "attachment-2.pdf"),
            ("///", false, "attachment-2.txt"),
        ] {
            assert_eq!(kept_name(&file(name, pdf), 2, none), kept, "{name}");
        }
        let long = kept_name(&file(&"a".repeat(500), true), 1, none);
        assert_eq!(long.len(), 60);
        assert!(long.ends_with(".pdf"));
        // Two files of one name: the second gets its number, the next
        // free one when that is taken too.
        let taken = ["c.pdf".to_string()];
        assert_eq!(kept_name(&file("c.pdf", true), 2, &taken), "c-2.pdf");
        let taken = ["c-3.pdf".to_string(), "c.pdf".to_string()];
        assert_eq!(kept_name(&file("c.pdf", true), 3, &taken), "c-4.pdf");
        assert_eq!(kept_name(&file("x-c.pdf", true), 2, &taken), "x-c.pdf");
    }
}
