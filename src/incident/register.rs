//! The breach register: every incident with its facts, its effects and
//! every step taken, each with its date. GDPR Art. 33(5) asks the
//! controller to "document any personal data breaches, comprising the
//! facts relating to the personal data breach, its effects and the
//! remedial action taken"; PIPEDA s. 10.3 and the Breach of Security
//! Safeguards Regulations s. 6 ask for a record of every breach, kept 24
//! months. The register holds breaches that were not notified too: the
//! assessment (`risk`) says why.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Audience, Status, clock::Clock};
use crate::inventory::{Incident, IncidentEvent};

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: String,
    /// RFC 3339, with the offset it was written with.
    pub aware: String,
    pub confirmed_vendors: Vec<String>,
    pub suspected_vendors: Vec<String>,
    pub phishing_domains: Vec<String>,
    pub senders: Vec<String>,
    pub people: Option<u64>,
    pub records: Option<u64>,
    pub data: Vec<String>,
    pub description: Option<String>,
    /// `unlikely`, `risk`, `high`; `null` when not assessed.
    pub risk: Option<&'static str>,
    pub clocks: Vec<ClockRow>,
    pub steps: Vec<Step>,
    /// The `closed` event's date, when closed.
    pub closed: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClockRow {
    pub to: Audience,
    /// The law's time: "within 72 hours", "as soon as feasible".
    pub within: String,
    pub cites: &'static str,
    /// RFC 3339 in UTC; `null` where the law names no number.
    pub due: Option<String>,
    pub met: Option<String>,
    /// Whether the notice was on time, where that can be told.
    pub on_time: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub on: String,
    pub kind: &'static str,
    pub to: Option<String>,
    pub party: Option<&'static str>,
    pub target: Option<String>,
    pub letter: Option<String>,
    pub message_id: Option<String>,
    pub people: Option<u64>,
    pub how: Option<String>,
    pub note: Option<String>,
    pub evidence: Option<String>,
    pub evidence_sha256: Option<String>,
}

/// The register's entry for one evaluated incident; `zone` is the
/// organization's time zone, for telling whether a day-only step was on
/// time.
pub fn entry(status: &Status<'_>, zone: chrono_tz::Tz) -> Entry {
    let incident: &Incident = status.incident;
    let vendors = |confirmed: bool| {
        incident
            .vendors
            .iter()
            .filter(|v| v.confirmed == confirmed)
            .map(|v| v.id.value.clone())
            .collect()
    };
    Entry {
        id: incident.id.value.clone(),
        aware: incident.aware.value.to_rfc3339(),
        confirmed_vendors: vendors(true),
        suspected_vendors: vendors(false),
        phishing_domains: incident
            .phishing_domains
            .iter()
            .map(|d| d.value.clone())
            .collect(),
        senders: incident.senders.iter().map(|s| s.value.clone()).collect(),
        people: incident.people.as_ref().map(|p| p.value),
        records: incident.records.as_ref().map(|r| r.value),
        data: incident.data.iter().map(|d| d.value.clone()).collect(),
        description: incident.description.clone(),
        risk: incident.risk.as_ref().map(|r| r.value.as_str()),
        clocks: status.clocks.iter().map(|c| clock_row(c, zone)).collect(),
        steps: incident.events.iter().map(step).collect(),
        closed: incident.closed().map(|e| e.on.value.to_string()),
    }
}

fn clock_row(clock: &Clock, zone: chrono_tz::Tz) -> ClockRow {
    ClockRow {
        to: clock.audience,
        within: clock.within(),
        cites: clock.cites,
        due: clock.due.map(utc),
        met: clock.met.map(|m| m.to_string()),
        on_time: clock.on_time(zone),
    }
}

fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn step(event: &IncidentEvent) -> Step {
    Step {
        on: event.on.value.to_string(),
        kind: event.kind.as_str(),
        to: event.to.clone(),
        party: event.party.map(|p| p.as_str()),
        target: event.target.clone(),
        letter: event.letter.clone(),
        message_id: event.message_id.clone(),
        people: event.people,
        how: event.how.clone(),
        note: event.note.clone(),
        evidence: event.evidence.as_ref().map(|e| e.value.clone()),
        evidence_sha256: event.evidence_sha256.as_ref().map(|e| e.value.clone()),
    }
}
