//! What `inbox --apply` writes, planned before anything is: which replies
//! are recorded (`decide`), each as one `mark` change of the inventory
//! with its evidence file, and which copy written aside goes where. Pure:
//! the evidence file's name comes from the caller, who knows what is on
//! disk.

use super::accept::Accept;
use super::{Proposal, Reply, decide, event_note};
use crate::inventory::Inventory;
use crate::inventory::edit::{Change, NewEvent};

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
}

/// What one write of the inventory records.
pub struct Plan {
    /// The places in `found` of the replies recorded.
    pub recorded: Vec<usize>,
    /// One event a recorded reply.
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
            ..
        } = &found[n];
        let Some(proposal) = reply.proposal else {
            continue;
        };
        let relative = evidence(&reply.vendor, reply.date, proposal);
        if let Some(copy) = staged {
            moves.push((*copy, relative.clone()));
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
                note: event_note(reply),
            },
        });
    }
    Plan {
        recorded,
        changes,
        moves,
    }
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
}
