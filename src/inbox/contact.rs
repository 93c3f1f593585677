//! A reply that says the vendor's privacy contact changed ("this address
//! is not read any more; please write to privacy@…"): the proposal
//! `contact-changed`, what makes its new address usable, and how it is
//! recorded. Pure.
//!
//! With `--apply --accept ID` two changes go into the one edit: the
//! vendor's `privacy_email` becomes the new address (the byte-preserving
//! edit `mark` uses, `Change::SetPrivacyEmail`), and an event records the
//! old and new address with the message as evidence. That event is an
//! `acknowledged` one whose note starts with `contact-changed:`, as a
//! question's starts with `question:`: someone at the vendor read our
//! letter and answered, so the deadline it started stands, and a new kind
//! would have every reader of the history (the deadline, `check`, the
//! letters' words in ten languages, the schema) learn to look past it.
//! An acknowledgement with this note is not counted as the request's
//! acknowledgement (`decide`).
//!
//! The new address must be an address (`crate::address`), differ from the
//! one on record, and lie on the vendor's own domain or a ticket system's
//! sub-domain of the vendor (`trust::is_vendors`). One on another domain
//! is shown, never set: a forged or mistaken redirect would send every
//! later letter, with the people's data it names, to a stranger. Set it
//! by hand after checking.

use super::rules::Lexicon;
use super::{Proposal, Reply, trust};
use crate::inventory::Vendor;

/// How a contact change's event note starts.
pub const NOTE: &str = "contact-changed:";

/// Withholds a `contact-changed` proposal whose new address is missing,
/// not an address, the one on record, or on another domain than the
/// vendor's; the note says which.
pub fn settle(reply: &mut Reply, vendor: &Vendor, table: &Lexicon) {
    if reply.proposal != Some(Proposal::ContactChanged) || reply.note.is_some() {
        return;
    }
    let why = match unusable(reply, vendor) {
        Some(why) => Some(why),
        None => {
            let new = reply.new_address.as_deref().unwrap_or_default();
            let host = crate::address::domain(new).unwrap_or_default();
            (!trust::is_vendors(host, vendor, table)).then(|| {
                format!(
                    "contact-changed withheld: the new address {} is on {}, not the vendor's domain: check it, then set `privacy_email` by hand",
                    crate::printable::line(new),
                    crate::printable::line(host)
                )
            })
        }
    };
    if let Some(why) = why {
        reply.note = Some(why);
    }
}

/// Whether the new address can be set for `vendor` as it is now.
pub fn usable(reply: &Reply, vendor: &Vendor) -> Result<(), String> {
    unusable(reply, vendor).map_or(Ok(()), Err)
}

fn unusable(reply: &Reply, vendor: &Vendor) -> Option<String> {
    let Some(new) = reply.new_address.as_deref() else {
        return Some("contact-changed withheld: the reply names no new address".into());
    };
    if let Some(problem) = crate::address::email_problem(new) {
        return Some(format!(
            "contact-changed withheld: {} is not a usable address ({problem})",
            crate::printable::line(new)
        ));
    }
    let same = vendor
        .privacy_email
        .as_deref()
        .is_some_and(|old| old.eq_ignore_ascii_case(new));
    same.then(|| {
        format!(
            "{} is already the vendor's privacy_email: nothing to change",
            crate::printable::line(new)
        )
    })
}

/// The recorded event's note: the old and new address, and who said it.
pub fn note(reply: &Reply, quote: &str, old: Option<&str>) -> String {
    format!(
        "{NOTE} privacy_email {} -> {}; reply from {}: \"{quote}\"",
        old.unwrap_or("(none)"),
        reply.new_address.as_deref().unwrap_or("(none)"),
        reply.from
    )
}
