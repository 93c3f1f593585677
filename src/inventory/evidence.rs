//! Every evidence value a vendor's records name, in one list: what
//! `linger evidence pack` collects. A new kind of record that keeps
//! evidence (a canary observation) joins the list with one line in
//! `Vendor::evidence`, and the pack takes its files with no other change.

use chrono::NaiveDate;

use super::model::{Located, Vendor};

/// One evidence value and the record that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<'a> {
    /// What kind of record names it, as the pack's manifest says it:
    /// `event` or `canary_mail`.
    pub record: &'static str,
    /// Its place among the vendor's records of that kind, from 1, in file
    /// order (`event 3` is the third `[[vendor.event]]`).
    pub index: usize,
    pub on: NaiveDate,
    /// The record's kind (`requested`, `confirmed`, …; for canary mail,
    /// who sent it: `vendor` or `other`).
    pub kind: &'static str,
    /// The path (relative to the inventory's folder) or URL, as written.
    pub evidence: &'a Located<String>,
    /// The file's SHA-256 when it was recorded.
    pub sha256: Option<&'a Located<String>>,
}

impl Named<'_> {
    /// A URL, not a file in the inventory's folder (as `check` tells them).
    pub fn is_url(&self) -> bool {
        self.evidence.value.contains("://")
    }
}

impl Vendor {
    /// Every evidence value this vendor's records name, record kind by
    /// record kind, each in file order.
    pub fn evidence(&self) -> Vec<Named<'_>> {
        let mut named = Vec::new();
        named.extend(self.events.iter().enumerate().filter_map(|(i, event)| {
            Some(Named {
                record: "event",
                index: i + 1,
                on: event.on.value,
                kind: event.kind.as_str(),
                evidence: event.evidence.as_ref()?,
                sha256: event.evidence_sha256.as_ref(),
            })
        }));
        named.extend(self.canary_mail.iter().enumerate().filter_map(|(i, mail)| {
            Some(Named {
                record: "canary_mail",
                index: i + 1,
                on: mail.on.value,
                kind: mail.sender.as_str(),
                evidence: mail.evidence.as_ref()?,
                sha256: mail.sha256.as_ref(),
            })
        }));
        named
    }
}
