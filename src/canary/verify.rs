//! Whether a watch of the canary mailbox proves a confirmed deletion, so
//! that `canary watch` can propose a `verified` event. Pure: what was read
//! (its coverage, its observations) and the inventory in, a proposal per
//! vendor out; recording it (`--apply --accept ID`) is the command's.
//!
//! A vendor's deletion is proved when both hold: the mailbox was read
//! without a gap from the day after its confirmation (`confirmed` or
//! `not-needed`, the last event) until `verify_after_days` after it; and
//! nothing authenticated as the vendor reached its canary in that time.
//! Mail on the day of the confirmation is the confirmation's own
//! (`Vendor::confirmed_before`). Over IMAP the state proves the coverage
//! (`net::imap::Covered`, each folder read); with `--mail` the dates of
//! the messages read span it, which is weaker: a file proves what it
//! holds, not that nothing was left out of it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::watch::{Meaning, Observation};
use crate::deadline::add_days;
use crate::inventory::{CanarySender, EventKind, Inventory, Vendor};

/// A span of time read without a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// One folder the run read, and the span it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Folder {
    /// The IMAP mailbox, or `--mail` for the files given.
    pub name: String,
    /// The mailbox's UIDVALIDITY, for IMAP: a new one starts a new span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uid_validity: Option<u32>,
    /// `None`: nothing proves a span (a state from before coverage was
    /// kept, an incremental read without a full one before it, no dated
    /// message).
    pub span: Option<Span>,
}

/// What the run read, as far as it proves a span.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub folders: Vec<Folder>,
    /// Messages read this run.
    pub messages: u64,
}

impl Coverage {
    /// The span every folder covers: the latest start to the earliest
    /// end. A spam folder not read leaves a gap as surely as a day not
    /// read.
    pub fn span(&self) -> Option<Span> {
        let mut spans = self.folders.iter().map(|f| f.span);
        let first = spans.next()??;
        spans.try_fold(first, |joint, span| {
            let span = span?;
            let joint = Span {
                from: joint.from.max(span.from),
                to: joint.to.min(span.to),
            };
            (joint.from <= joint.to).then_some(joint)
        })
    }
}

/// The dates of the messages a `--mail` read got (`watch::Read::at`),
/// gathered into its one folder.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dates {
    span: Option<Span>,
}

impl Dates {
    pub fn add(&mut self, at: DateTime<Utc>) {
        self.span = Some(match self.span {
            Some(s) => Span {
                from: s.from.min(at),
                to: s.to.max(at),
            },
            None => Span { from: at, to: at },
        });
    }

    pub fn folder(self) -> Folder {
        Folder {
            name: "--mail".to_string(),
            uid_validity: None,
            span: self.span,
        }
    }
}

/// What the watch says of a vendor whose deletion waits to be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The window was read without a gap and nothing came from the
    /// vendor: `verified` may be recorded (`--accept ID`).
    Verified,
    /// The window was not read whole (yet).
    Gap,
    /// The vendor mailed its canary in the window.
    Contradicted,
}

/// A vendor awaiting verification, and what the watch proves of it.
#[derive(Debug, Clone, Serialize)]
pub struct Pending {
    pub vendor: String,
    /// The `confirmed` or `not-needed` event's day and kind.
    pub confirmed_on: NaiveDate,
    pub confirmed_kind: EventKind,
    /// The window to read: the day after the confirmation, to
    /// `verify_after_days` after it.
    pub needs_from: NaiveDate,
    pub needs_until: NaiveDate,
    /// The span read, when any.
    pub read: Option<Span>,
    /// The first day the vendor's own mail reached the canary in the
    /// window, when it did.
    pub vendor_mail_on: Option<NaiveDate>,
    pub verdict: Verdict,
    /// Whether this run recorded `verified` (`--apply --accept ID`).
    pub applied: bool,
}

impl Pending {
    /// The coverage or the gap, in words: "read from 2026-09-02 to
    /// 2026-12-01; needs until 2026-12-30".
    pub fn describe(&self) -> String {
        let read = match self.read {
            Some(span) => format!(
                "read from {} to {}",
                span.from.date_naive(),
                span.to.date_naive()
            ),
            None => "no span read without a gap".to_string(),
        };
        match self.verdict {
            Verdict::Verified => format!(
                "{read}; covers {} to {}, nothing from the vendor",
                self.needs_from, self.needs_until
            ),
            Verdict::Contradicted => format!(
                "{read}; the vendor mailed its canary on {}",
                self.vendor_mail_on
                    .map_or("-".to_string(), |d| d.to_string())
            ),
            Verdict::Gap => {
                let early = self
                    .read
                    .is_some_and(|s| s.from > start_of(self.needs_from));
                if early {
                    format!("{read}; needs from {}", self.needs_from)
                } else {
                    format!("{read}; needs until {}", self.needs_until)
                }
            }
        }
    }
}

fn start_of(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The confirmation a vendor's verification waits on: its last event, a
/// `confirmed` or `not-needed`, when it has a canary to test.
pub fn awaiting(vendor: &Vendor) -> Option<(NaiveDate, EventKind)> {
    if vendor.canaries.is_empty() {
        return None;
    }
    let last = vendor.events.last()?;
    matches!(last.kind, EventKind::Confirmed | EventKind::NotNeeded)
        .then_some((last.on.value, last.kind))
}

/// Each vendor awaiting verification, with what `coverage` and the
/// vendor's own mail (this run's `observations`, and what `canary_mail`
/// records) prove of it.
pub fn pending(
    inventory: &Inventory,
    coverage: &Coverage,
    observations: &[&Observation],
) -> Vec<Pending> {
    let read = coverage.span();
    let days = inventory.policy.verify_after_days;
    inventory
        .vendors
        .iter()
        .filter_map(|vendor| {
            let (confirmed_on, confirmed_kind) = awaiting(vendor)?;
            let needs_from = add_days(confirmed_on, 1);
            let needs_until = add_days(confirmed_on, days);
            let within = |on: NaiveDate| on > confirmed_on && on <= needs_until;
            let seen = observations
                .iter()
                .filter(|o| o.vendor == vendor.id.value && o.meaning != Meaning::Leaked)
                .map(|o| o.on);
            let recorded = vendor
                .canary_mail
                .iter()
                .filter(|m| m.sender == CanarySender::Vendor)
                .map(|m| m.on.value);
            let vendor_mail_on = seen.chain(recorded).filter(|on| within(*on)).min();
            let covered = read.is_some_and(|span| {
                span.from <= start_of(needs_from) && span.to >= start_of(needs_until)
            });
            let verdict = match (vendor_mail_on, covered) {
                (Some(_), _) => Verdict::Contradicted,
                (None, true) => Verdict::Verified,
                (None, false) => Verdict::Gap,
            };
            Some(Pending {
                vendor: vendor.id.value.clone(),
                confirmed_on,
                confirmed_kind,
                needs_from,
                needs_until,
                read,
                vendor_mail_on,
                verdict,
                applied: false,
            })
        })
        .collect()
}

/// `--accept`'s values, read as `inbox` reads them: here each must be a
/// vendor's id (a yes is given to what the watch proves of one vendor).
pub fn accepted(values: &[String]) -> Result<Vec<&str>, crate::inbox::accept::Refusal> {
    use crate::inbox::accept::{Accept, Pick, Refusal};
    if Accept::parse(values)
        .picks
        .iter()
        .any(|p| !matches!(p, Pick::Vendor(_)))
    {
        return Err(Refusal {
            problem: "`canary watch --accept` takes vendors' ids".into(),
            hint: "name the vendor whose deletion the watch proves: `--accept oldcrm`".into(),
        });
    }
    Ok(values
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect())
}

/// Why `--accept` cannot be carried out: it names a vendor the watch
/// proposes nothing for.
pub fn refuse(accepted: &[&str], pending: &[Pending]) -> Option<crate::inbox::accept::Refusal> {
    for id in accepted {
        let found = pending.iter().find(|p| p.vendor == *id);
        let problem = match found.map(|p| p.verdict) {
            Some(Verdict::Verified) => continue,
            Some(_) => format!(
                "`--accept {id}`: this watch does not prove the deletion ({})",
                found.map(Pending::describe).unwrap_or_default()
            ),
            None => format!(
                "`--accept {id}`: `{id}` awaits no verification (its last event is no `confirmed` or `not-needed`, or it has no canary)"
            ),
        };
        return Some(crate::inbox::accept::Refusal {
            problem,
            hint: "accept only a vendor whose row says `verified`; read the window whole first (`--imap --full`, or `--since` the day of the confirmation)".into(),
        });
    }
    None
}

/// The evidence file of a recorded `verified`: the coverage that proved
/// it, as JSON.
#[derive(Debug, Serialize)]
struct Evidence<'a> {
    kind: &'static str,
    vendor: &'a str,
    confirmed_on: NaiveDate,
    confirmed_kind: EventKind,
    window: (NaiveDate, NaiveDate),
    read: Option<Span>,
    source: &'static str,
    folders: &'a [Folder],
    messages: u64,
    recorded_on: NaiveDate,
}

/// What a `verified` event records: its evidence file's bytes, and its
/// note.
pub struct Record {
    pub bytes: Vec<u8>,
    pub note: String,
}

/// The records of the vendors `accepted` (each proved: `refuse` said so),
/// from `coverage`, read over IMAP (`imap`) or from files.
pub fn records<'a>(
    pending: &'a [Pending],
    accepted: &[&str],
    coverage: &Coverage,
    imap: bool,
    today: NaiveDate,
) -> Vec<(&'a Pending, Record)> {
    let source = if imap { "imap" } else { "mail" };
    pending
        .iter()
        .filter(|p| p.verdict == Verdict::Verified && accepted.contains(&p.vendor.as_str()))
        .map(|p| {
            let evidence = Evidence {
                kind: "linger canary watch coverage",
                vendor: &p.vendor,
                confirmed_on: p.confirmed_on,
                confirmed_kind: p.confirmed_kind,
                window: (p.needs_from, p.needs_until),
                read: p.read,
                source,
                folders: &coverage.folders,
                messages: coverage.messages,
                recorded_on: today,
            };
            let mut bytes = serde_json::to_vec_pretty(&evidence).unwrap_or_default();
            bytes.push(b'\n');
            let folders: Vec<&str> = coverage.folders.iter().map(|f| f.name.as_str()).collect();
            let span = p.read.map_or(String::new(), |s| {
                format!(" from {} to {}", s.from.date_naive(), s.to.date_naive())
            });
            let note = format!(
                "canary watch: the canary mailbox ({}) was read without a gap{span}, and nothing from the vendor reached its canary",
                folders.join(", ")
            );
            (p, Record { bytes, note })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn folder(name: &str, from: &str, to: &str) -> Folder {
        Folder {
            name: name.into(),
            uid_validity: Some(1),
            span: Some(Span {
                from: at(from),
                to: at(to),
            }),
        }
    }

    fn inventory(extra: &str) -> Inventory {
        let text = format!(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\n[policy]\nverify_after_days = 30\n\n[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\ncanaries = [\"oldcrm.k7q3x9ab@canary.northwind.example\"]\n{extra}\n[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n[[vendor.event]]\non = 2026-11-01\nkind = \"confirmed\"\n"
        );
        crate::inventory::parse(&text, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap()
    }

    #[test]
    fn every_folder_must_cover_the_span() {
        let both = Coverage {
            folders: vec![
                folder("INBOX", "2026-09-01T00:00:00Z", "2026-12-07T12:00:00Z"),
                folder("Junk", "2026-10-15T00:00:00Z", "2026-12-01T00:00:00Z"),
            ],
            messages: 0,
        };
        let span = both.span().unwrap();
        assert_eq!(span.from, at("2026-10-15T00:00:00Z"));
        assert_eq!(span.to, at("2026-12-01T00:00:00Z"));
        let mut unproved = both.clone();
        unproved.folders[1].span = None;
        assert_eq!(unproved.span(), None);
        assert_eq!(Coverage::default().span(), None);
    }

    #[test]
    fn a_window_read_whole_with_nothing_from_the_vendor_is_verified() {
        let inv = inventory("");
        let covered = Coverage {
            folders: vec![folder(
                "INBOX",
                "2026-10-20T00:00:00Z",
                "2026-12-07T12:00:00Z",
            )],
            messages: 3,
        };
        let p = &pending(&inv, &covered, &[])[0];
        assert_eq!(p.verdict, Verdict::Verified);
        assert_eq!(p.needs_from, NaiveDate::from_ymd_opt(2026, 11, 2).unwrap());
        assert_eq!(p.needs_until, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        assert!(refuse(&["oldcrm"], std::slice::from_ref(p)).is_none());
        // Read to a day short of the window's end: the gap is named.
        let short = Coverage {
            folders: vec![folder(
                "INBOX",
                "2026-10-20T00:00:00Z",
                "2026-11-30T23:00:00Z",
            )],
            messages: 3,
        };
        let p = &pending(&inv, &short, &[])[0];
        assert_eq!(p.verdict, Verdict::Gap);
        assert_eq!(
            p.describe(),
            "read from 2026-10-20 to 2026-11-30; needs until 2026-12-01"
        );
        assert!(refuse(&["oldcrm"], std::slice::from_ref(p)).is_some());
        // Read from after the confirmation: the start is missing.
        let late = Coverage {
            folders: vec![folder(
                "INBOX",
                "2026-11-05T00:00:00Z",
                "2026-12-07T12:00:00Z",
            )],
            messages: 3,
        };
        let p = &pending(&inv, &late, &[])[0];
        assert_eq!(p.verdict, Verdict::Gap);
        assert!(
            p.describe().ends_with("needs from 2026-11-02"),
            "{}",
            p.describe()
        );
    }

    #[test]
    fn the_vendors_recorded_mail_in_the_window_defeats_it() {
        let inv = inventory(
            "canary_mail = [{ on = 2026-11-20, from = \"oldcrm.example\", sender = \"vendor\" }]\n",
        );
        let covered = Coverage {
            folders: vec![folder(
                "INBOX",
                "2026-10-20T00:00:00Z",
                "2026-12-07T12:00:00Z",
            )],
            messages: 0,
        };
        let p = &pending(&inv, &covered, &[])[0];
        assert_eq!(p.verdict, Verdict::Contradicted);
        assert_eq!(p.vendor_mail_on, NaiveDate::from_ymd_opt(2026, 11, 20));
        // A leak (someone else) does not.
        let leak = inventory(
            "canary_mail = [{ on = 2026-11-20, from = \"bad.example\", sender = \"other\" }]\n",
        );
        assert_eq!(pending(&leak, &covered, &[])[0].verdict, Verdict::Verified);
    }

    #[test]
    fn mail_dates_span_the_files_read() {
        let mut dates = Dates::default();
        assert_eq!(dates.folder().span, None);
        dates.add(at("2026-11-20T10:00:00Z"));
        dates.add(at("2026-10-01T10:00:00Z"));
        dates.add(at("2026-11-01T10:00:00Z"));
        let span = dates.folder().span.unwrap();
        assert_eq!(
            (span.from, span.to),
            (at("2026-10-01T10:00:00Z"), at("2026-11-20T10:00:00Z"))
        );
    }
}
