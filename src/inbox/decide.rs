//! What a run records of the replies it read, decided before anything is
//! written: each reply in date order against the vendor as the replies
//! before it left it, so that a look and `--apply` agree. Pure: the
//! inventory and the replies in, the places of those to record out.

use std::collections::HashMap;

use super::accept::Accept;
use super::{Proposal, Reply};
use crate::inventory::{Event, EventKind, Inventory, Located, Vendor};

/// Whether `reply` may be recorded for `vendor` as the inventory stood
/// when the run began: false only when it surely will not be (nothing
/// proposed, no Message-ID, recorded before, or an acknowledgement of a
/// request already acknowledged). The run only adds events, so none of
/// these can turn true later in it. Only such a reply's message is
/// written aside.
pub fn may_record(reply: &Reply, vendor: &Vendor) -> bool {
    let Some(proposal) = reply.proposal else {
        return false;
    };
    let Some(id) = &reply.message_id else {
        return false;
    };
    let recorded = vendor
        .events
        .iter()
        .any(|e| e.message_id.as_deref() == Some(id));
    let acknowledged_already = proposal == Proposal::Acknowledged && acknowledged(vendor).is_some();
    !recorded && !acknowledged_already
}

/// The acknowledgement already on record of the vendor's last request:
/// a second acknowledgement of one request adds nothing, however many
/// auto-replies and ticket updates say "we received your request". A
/// question (an acknowledgement with a `question:` note) is not one, nor
/// a contact change (`contact-changed:`).
fn acknowledged(vendor: &Vendor) -> Option<&Event> {
    let request = vendor
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Requested)?;
    vendor.events[request..].iter().find(|e| {
        e.kind == EventKind::Acknowledged
            && !e.note.as_deref().is_some_and(|n| {
                n.starts_with(crate::inventory::QUESTION_NOTE)
                    || n.starts_with(super::contact::NOTE)
            })
    })
}

/// Decides every reply in date order, each against the inventory as the
/// ones before it left it (in memory: nothing is written here); returns
/// the replies to record, by their place in `replies`.
pub fn decide_all<'a>(
    accept: &Accept,
    inventory: &Inventory,
    replies: impl Iterator<Item = &'a mut Reply>,
) -> Vec<usize> {
    // Each vendor a reply answers, as this run would leave it.
    let mut now: HashMap<String, Vendor> = HashMap::new();
    let mut recorded = Vec::new();
    for (n, reply) in replies.enumerate() {
        if reply.proposal.is_none() || reply.note.is_some() {
            continue;
        }
        if !now.contains_key(&reply.vendor) {
            let Some(vendor) = inventory.vendor(&reply.vendor) else {
                continue;
            };
            now.insert(reply.vendor.clone(), vendor.clone());
        }
        let Some(vendor) = now.get_mut(&reply.vendor) else {
            continue;
        };
        let accepted = accept.covers(reply);
        // As this run leaves the vendor: its earlier extensions count too.
        reply.needs_accept = super::needs_yes(reply, vendor).is_some();
        if let Err(why) = super::decide(reply, vendor, accepted) {
            reply.note = Some(why);
            continue;
        }
        let Some(proposal) = reply.proposal else {
            continue;
        };
        if proposal == Proposal::Acknowledged
            && let Some(first) = acknowledged(vendor)
        {
            reply.note = Some(format!(
                "the request is already acknowledged ({}): one acknowledgement is recorded, not one a reply",
                first.on.value
            ));
            continue;
        }
        // In date order, as the edit records it: an older reply goes
        // where it happened.
        let at = vendor
            .events
            .iter()
            .position(|e| e.on.value > reply.date)
            .unwrap_or(vendor.events.len());
        if proposal == Proposal::ContactChanged {
            vendor.privacy_email = reply.new_address.clone();
        }
        vendor.events.insert(
            at,
            Event {
                span: 0..0,
                on: Located {
                    value: reply.date,
                    span: 0..0,
                },
                kind: proposal.event_kind(),
                note: super::event_note(reply),
                reference: reply.reference.clone(),
                message_id: reply.message_id.clone(),
                until: reply.until,
                reason: reply.reason.clone(),
                evidence: None,
                evidence_sha256: None,
                attachments: Vec::new(),
            },
        );
        recorded.push(n);
    }
    recorded
}
