//! The report's incident section: each incident as a reader follows it,
//! its facts, its notification clocks, the parties its phishing was
//! reported to and where each report stands, and every step in order. The
//! clocks and the reports' states come from `crate::incident` (the same
//! ones `check`, `incident show` and the register give); this module only
//! puts them into words for the templates.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{FindingView, Link, Made};
use crate::incident::{self, Audience, ClockState, TakedownState};
use crate::inventory::{Incident, Inventory, Language, When};

#[derive(Debug, Serialize)]
pub(super) struct IncidentView<'a> {
    pub id: &'a str,
    pub open: bool,
    /// When the organization became aware, in its time zone.
    aware: String,
    /// The `closed` step's date, when closed.
    closed: Option<String>,
    confirmed: Vec<VendorRef<'a>>,
    suspected: Vec<VendorRef<'a>>,
    domains: Vec<&'a str>,
    senders: Vec<&'a str>,
    people: Option<u64>,
    records: Option<u64>,
    /// The data categories, in words.
    data: Vec<&'a str>,
    description: Option<&'a str>,
    risk: &'static str,
    clocks: Vec<ClockView>,
    reports: Vec<ReportView>,
    /// `aware`, then every step, in the order they happened.
    steps: Vec<StepView<'a>>,
    /// The findings of `check` about this incident.
    pub findings: Vec<FindingView>,
}

/// A source vendor, named as the inventory names it, with whether the
/// report has a section to link to.
#[derive(Debug, Serialize)]
struct VendorRef<'a> {
    id: &'a str,
    name: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct ClockView {
    /// "the authority", "the people affected".
    to: &'static str,
    /// The law's time: "within 72 hours", "without undue delay".
    within: String,
    /// The provision, which names the law.
    cites: &'static str,
    /// `met`, `late`, `running`, `passed`, `due-now`, `waiting`: for the
    /// page's colours.
    state: &'static str,
    /// Where it stands, in words.
    text: String,
}

#[derive(Debug, Serialize)]
struct ReportView {
    target: String,
    party: Option<&'static str>,
    to: Option<String>,
    reported: String,
    state: &'static str,
    /// The day of the last answer, when there was one.
    since: Option<String>,
    /// No `acted` after `policy.takedown_days`, or refused.
    pending: bool,
    /// Whom to ask next, for a pending report.
    next: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct StepView<'a> {
    on: String,
    kind: &'static str,
    to: Option<&'a str>,
    party: Option<&'static str>,
    target: Option<&'a str>,
    letter: Option<&'a str>,
    message_id: Option<&'a str>,
    people: Option<u64>,
    how: Option<&'a str>,
    note: Option<&'a str>,
    evidence: Option<Link<'a>>,
    sha256: Option<&'a str>,
}

/// Every incident at `now`: the open ones first, then the closed ones, each
/// group in file order.
pub(super) fn views<'a>(
    inventory: &'a Inventory,
    now: DateTime<Utc>,
    made: &Made<'a>,
) -> Vec<IncidentView<'a>> {
    let zone = inventory.organization.time_zone;
    let mut out: Vec<IncidentView<'a>> = (inventory.incidents.iter())
        .map(|i| view(inventory, i, now, zone, made))
        .collect();
    out.sort_by_key(|i| !i.open);
    out
}

fn view<'a>(
    inventory: &'a Inventory,
    incident: &'a Incident,
    now: DateTime<Utc>,
    zone: Tz,
    made: &Made<'a>,
) -> IncidentView<'a> {
    let status = incident::evaluate(inventory, incident);
    let vendors = |confirmed: bool| {
        (incident.vendors.iter())
            .filter(|v| v.confirmed == confirmed)
            .map(|v| VendorRef {
                id: &v.id.value,
                name: (inventory.vendors.iter())
                    .find(|vendor| vendor.id.value == v.id.value)
                    .map(|vendor| vendor.name.as_str()),
            })
            .collect()
    };
    let days = inventory.policy.takedown_days;
    let reports = (status.takedowns.iter())
        .map(|t| {
            let pending = t.pending(now, days);
            ReportView {
                target: t.target.clone(),
                party: t.party.map(|p| p.as_str()),
                to: t.to.clone(),
                reported: when(t.reported),
                state: t.state.as_str(),
                since: t.since.map(when),
                pending,
                next: t
                    .next_party()
                    .filter(|_| pending && t.state != TakedownState::Down)
                    .map(|p| p.as_str()),
            }
        })
        .collect();
    IncidentView {
        id: &incident.id.value,
        open: incident::is_open(&status, now),
        aware: incident::local(incident.aware.value.with_timezone(&Utc), zone),
        closed: incident.closed().map(|e| when(e.on.value)),
        confirmed: vendors(true),
        suspected: vendors(false),
        domains: values(&incident.phishing_domains),
        senders: values(&incident.senders),
        people: incident.people.as_ref().map(|p| p.value),
        records: incident.records.as_ref().map(|r| r.value),
        data: (incident.data.iter())
            .map(|c| crate::lang::category_label(&c.value, Language::En))
            .collect(),
        description: incident.description.as_deref(),
        risk: incident.risk.as_ref().map_or(
            "not assessed (counts as a risk: notification is due)",
            |r| r.value.as_str(),
        ),
        clocks: (status.clocks.iter())
            .map(|c| clock(c, now, zone))
            .collect(),
        reports,
        steps: steps(incident, made),
        findings: Vec::new(),
    }
}

fn values(items: &[crate::inventory::Located<String>]) -> Vec<&str> {
    items.iter().map(|i| i.value.as_str()).collect()
}

fn clock(clock: &incident::Clock, now: DateTime<Utc>, zone: Tz) -> ClockView {
    let local = |at| incident::local(at, zone);
    let (state, text) = match clock.state(now, zone) {
        ClockState::Met { on, on_time } => match (on_time, clock.due) {
            (Some(true), Some(due)) => (
                "met",
                format!("met {}, on time (due {})", when(on), local(due)),
            ),
            (Some(false), Some(due)) => (
                "late",
                format!("met {}, late (due {})", when(on), local(due)),
            ),
            _ => ("met", format!("met {}", when(on))),
        },
        ClockState::Running { due, hours_left } => (
            "running",
            format!(
                "due {}: {hours_left} hour{} left",
                local(due),
                plural(hours_left)
            ),
        ),
        ClockState::Passed { due, hours_ago } => (
            "passed",
            format!(
                "passed {}: {hours_ago} hour{} ago, not yet met",
                local(due),
                plural(hours_ago)
            ),
        ),
        ClockState::Unnumbered => (
            "due-now",
            "due now, not yet met: the law names no number of hours".to_string(),
        ),
        ClockState::Waiting(why) => ("waiting", format!("not yet running: {why}")),
    };
    ClockView {
        to: match clock.audience {
            Audience::Authority => "the authority",
            Audience::People => "the people affected",
        },
        within: clock.within(),
        cites: clock.cites,
        state,
        text,
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `aware` and every step, in the order they happened: the file keeps the
/// steps in time order (loading checks it), and `aware` goes before the
/// first step not surely before it (a report may precede it).
fn steps<'a>(incident: &'a Incident, made: &Made<'a>) -> Vec<StepView<'a>> {
    let aware = When::At(incident.aware.value);
    let step = |on: When, event: Option<&'a crate::inventory::IncidentEvent>| StepView {
        on: when(on),
        kind: event.map_or("aware", |e| e.kind.as_str()),
        to: event.and_then(|e| e.to.as_deref()),
        party: event.and_then(|e| e.party).map(|p| p.as_str()),
        target: event.and_then(|e| e.target.as_deref()),
        letter: event.and_then(|e| e.letter.as_deref()),
        message_id: event.and_then(|e| e.message_id.as_deref()),
        people: event.and_then(|e| e.people),
        how: event.and_then(|e| e.how.as_deref()),
        note: event.and_then(|e| e.note.as_deref()),
        evidence: event.and_then(|e| e.evidence.as_ref()).map(|ev| Link {
            text: &ev.value,
            href: (made.evidence_href)(&ev.value),
        }),
        sha256: (event.and_then(|e| e.evidence_sha256.as_ref())).map(|h| h.value.as_str()),
    };
    let before = (incident.events.iter())
        .take_while(|e| e.on.value.surely_before(aware))
        .count();
    let (earlier, later) = incident.events.split_at(before);
    (earlier.iter().map(|e| step(e.on.value, Some(e))))
        .chain(std::iter::once(step(aware, None)))
        .chain(later.iter().map(|e| step(e.on.value, Some(e))))
        .collect()
}

/// A step's moment as written, for reading: `2026-11-29 10:00 +01:00`, or
/// the day alone.
fn when(on: When) -> String {
    match on {
        When::At(at) => at.format("%Y-%m-%d %H:%M %:z").to_string(),
        When::Day(day) => day.to_string(),
    }
}
