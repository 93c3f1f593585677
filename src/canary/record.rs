//! What `canary watch --apply` writes into the inventory, planned from
//! what it read. Pure: the observations (each with its hash and its copy
//! written aside) and the inventory in, the changes and the evidence
//! files to put in place out; the edit session and the files are the
//! command's.
//!
//! Leaked and contradicting mail is recorded once a message: each is
//! evidence against the vendor. The vendor's own mail before its deletion
//! is confirmed (expected) is not: only its last one is kept, one entry a
//! vendor that a newer message replaces in place (`ReplaceCanaryMail`), so
//! that a newsletter does not grow the inventory by a line a week.

use chrono::NaiveDate;

use super::verify::{Pending, Verdict};
use super::watch::{Meaning, Observation};
use crate::inventory::edit::{Change, NewCanaryMail, NewEvent};
use crate::inventory::{CanaryMail, CanarySender, EventKind, Inventory, Vendor};

/// One observation and what was kept of its message.
pub struct Found {
    pub observation: Observation,
    /// The SHA-256 of the message (`--apply`).
    pub sha256: Option<String>,
    /// Its copy written aside, when it may be recorded.
    pub staged: Option<usize>,
}

/// The changes of a run and the files they name.
#[derive(Default)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// Each copy written aside, and the path under `evidence/` it goes to.
    pub moves: Vec<(usize, String)>,
    /// The observations recorded (indexes into `found`).
    pub recorded: Vec<usize>,
    /// The vendors whose `verified` is recorded.
    pub verified: Vec<String>,
}

/// The vendor's entry of expected mail, the one a newer one replaces: its
/// last entry of its own mail that contradicts no confirmation, with its
/// position in `canary_mail`.
pub fn last_expected(vendor: &Vendor) -> Option<(usize, &CanaryMail)> {
    vendor
        .canary_mail
        .iter()
        .enumerate()
        .rev()
        .find(|(_, m)| m.sender == CanarySender::Vendor && vendor.contradicted_by(m).is_none())
}

/// Whether the vendor's recorded expected mail already stands for an
/// expected message received on `on`: it is as new or newer.
pub fn expected_is_recorded(vendor: &Vendor, on: NaiveDate) -> bool {
    last_expected(vendor).is_some_and(|(_, m)| m.on.value >= on)
}

/// Plans the run's changes: every observation not recorded yet (the
/// expected ones, only each vendor's newest), named by `path(vendor,
/// day, kind)` under `evidence/`. With `dry_run`, observations without a
/// copy are planned too (nothing was written aside).
pub fn plan(
    inventory: &Inventory,
    found: &[Found],
    dry_run: bool,
    path: &mut dyn FnMut(&str, NaiveDate) -> String,
) -> Plan {
    let mut plan = Plan::default();
    // Each vendor's newest expected message of this run.
    let mut newest: Vec<(String, usize)> = Vec::new();
    for (n, f) in found.iter().enumerate() {
        let o = &f.observation;
        if o.recorded || (!dry_run && f.staged.is_none()) {
            continue;
        }
        if o.meaning == Meaning::Expected {
            match newest.iter_mut().find(|(v, _)| *v == o.vendor) {
                Some((_, best)) if found[*best].observation.on > o.on => {}
                Some((_, best)) => *best = n,
                None => newest.push((o.vendor.clone(), n)),
            }
            continue;
        }
        let (change, copy) = entry(f, path);
        plan.changes.push(Change::AddCanaryMail {
            id: o.vendor.clone(),
            mail: change,
        });
        plan.push(n, copy, f);
    }
    for (vendor, n) in newest {
        let f = &found[n];
        let (mail, copy) = entry(f, path);
        let at = inventory
            .vendor(&vendor)
            .and_then(last_expected)
            .map(|(at, _)| at);
        plan.changes.push(match at {
            Some(at) => Change::ReplaceCanaryMail {
                id: vendor,
                at,
                mail,
            },
            None => Change::AddCanaryMail { id: vendor, mail },
        });
        plan.push(n, copy, f);
    }
    plan
}

impl Plan {
    fn push(&mut self, n: usize, path: String, f: &Found) {
        if let Some(copy) = f.staged {
            self.moves.push((copy, path));
        }
        self.recorded.push(n);
    }

    /// Adds the `verified` event of a proposal a person accepted, dated
    /// `today`, with the coverage record `evidence` (its copy written
    /// aside, `copy`) and its hash.
    pub fn verify(
        &mut self,
        pending: &Pending,
        note: String,
        evidence: String,
        sha256: String,
        copy: Option<usize>,
        today: NaiveDate,
    ) {
        debug_assert_eq!(pending.verdict, Verdict::Verified);
        if let Some(copy) = copy {
            self.moves.push((copy, evidence.clone()));
        }
        self.changes.push(Change::Mark {
            id: pending.vendor.clone(),
            event: NewEvent {
                on: today,
                kind: EventKind::Verified,
                until: None,
                reason: None,
                evidence: Some(evidence),
                evidence_sha256: Some(sha256),
                reference: None,
                message_id: None,
                note: Some(note),
                attachments: Vec::new(),
            },
        });
        self.verified.push(pending.vendor.clone());
    }
}

/// The `canary_mail` entry of an observation, and its evidence path.
fn entry(f: &Found, path: &mut dyn FnMut(&str, NaiveDate) -> String) -> (NewCanaryMail, String) {
    let o = &f.observation;
    let relative = path(&o.vendor, o.on);
    let mail = NewCanaryMail {
        on: o.on,
        from: o.sender.domain.clone(),
        sender: o.sender_kind(),
        message_id: o.message_id.clone(),
        evidence: Some(relative.clone()),
        sha256: f.sha256.clone(),
    };
    (mail, relative)
}
