//! `incident show` (a timeline with every clock) and `incident register`
//! (the breach register as Markdown, CSV or JSON).

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::incident::register::Entry;
use crate::incident::{Audience, ClockState, Status, TakedownState};
use crate::printable::visible;

fn moment(at: DateTime<Utc>, zone: Tz) -> String {
    crate::incident::local(at, zone)
}

fn audience(audience: Audience) -> &'static str {
    match audience {
        Audience::Authority => "the authority",
        Audience::People => "the people affected",
    }
}

/// The timeline of one incident at `now`: its facts, every clock (met,
/// running or passed), each report's state, and every step in order.
pub fn show(status: &Status<'_>, now: DateTime<Utc>, zone: Tz, takedown_days: u32) -> String {
    let incident = status.incident;
    let mut out = String::new();
    let _ = writeln!(out, "Incident {}", visible(&incident.id.value));
    let aware = incident.aware.value.with_timezone(&Utc);
    let _ = writeln!(out, "  aware      {}", moment(aware, zone));
    let list = |items: Vec<String>| {
        if items.is_empty() {
            "-".to_string()
        } else {
            visible(&items.join(", ")).into_owned()
        }
    };
    let confirmed = |c: bool| {
        incident
            .vendors
            .iter()
            .filter(|v| v.confirmed == c)
            .map(|v| v.id.value.clone())
            .collect::<Vec<_>>()
    };
    let _ = writeln!(out, "  source     {} (confirmed)", list(confirmed(true)));
    let _ = writeln!(out, "  suspected  {}", list(confirmed(false)));
    let values = |items: &[crate::inventory::Located<String>]| {
        list(items.iter().map(|i| i.value.clone()).collect())
    };
    let _ = writeln!(out, "  domains    {}", values(&incident.phishing_domains));
    let _ = writeln!(out, "  senders    {}", values(&incident.senders));
    let count = |n: &Option<crate::inventory::Located<u64>>| {
        n.as_ref()
            .map_or("unknown".to_string(), |n| format!("about {}", n.value))
    };
    let _ = writeln!(
        out,
        "  affected   {} people, {} records",
        count(&incident.people),
        count(&incident.records)
    );
    let _ = writeln!(out, "  data       {}", values(&incident.data));
    let _ = writeln!(
        out,
        "  risk       {}",
        incident
            .risk
            .as_ref()
            .map_or("not assessed (counts as a risk)", |r| r.value.as_str())
    );
    if let Some(description) = &incident.description {
        let _ = writeln!(out, "  {}", visible(description));
    }

    let _ = writeln!(out, "\nClocks");
    if status.clocks.is_empty() {
        let _ = writeln!(
            out,
            "  none: no notification is due under the organization's law for this incident"
        );
    }
    for clock in &status.clocks {
        let whom = audience(clock.audience);
        let state = match clock.state(now, zone) {
            ClockState::Met { on, on_time } => match (on_time, clock.due) {
                (Some(on_time), Some(due)) => format!(
                    "met {on} ({}; due {})",
                    if on_time { "on time" } else { "late" },
                    moment(due, zone)
                ),
                _ => format!("met {on}"),
            },
            ClockState::Passed { due, hours_ago } => {
                format!("PASSED {} ({hours_ago} hours ago)", moment(due, zone))
            }
            ClockState::Running { due, hours_left } => {
                format!("due {} ({hours_left} hours left)", moment(due, zone))
            }
            ClockState::Waiting(why) => format!("not yet running: {why}"),
            ClockState::Unnumbered => "due now: the law names no number of hours".to_string(),
        };
        let _ = writeln!(
            out,
            "  {whom}: {} ({}): {state}",
            clock.within(),
            clock.cites
        );
    }

    if !status.takedowns.is_empty() {
        let _ = writeln!(out, "\nTakedowns");
    }
    for report in &status.takedowns {
        let party = report.party.map_or(String::new(), |p| format!(" ({p})"));
        let pending = report.pending(now, takedown_days);
        let state = match report.state {
            TakedownState::Down => format!(
                "down since {}",
                report.since.map_or_else(String::new, |s| s.to_string())
            ),
            other => format!(
                "{}{}",
                other.as_str(),
                match (pending, report.next_party()) {
                    (true, Some(next)) => format!("; escalate to the {next}"),
                    (true, None) => "; follow up".to_string(),
                    _ => String::new(),
                }
            ),
        };
        let _ = writeln!(
            out,
            "  {}{party}: reported {}: {state}",
            visible(&report.target),
            report.reported
        );
    }

    let _ = writeln!(out, "\nTimeline");
    let _ = writeln!(out, "  {}  aware", incident.aware.value.to_rfc3339());
    for event in &incident.events {
        let mut line = format!("  {}  {}", event.on.value, event.kind);
        for (label, value) in [
            ("to", event.to.as_deref()),
            ("party", event.party.map(|p| p.as_str())),
            ("target", event.target.as_deref()),
            ("letter", event.letter.as_deref()),
            ("how", event.how.as_deref()),
            ("note", event.note.as_deref()),
            (
                "evidence",
                event.evidence.as_ref().map(|e| e.value.as_str()),
            ),
        ] {
            if let Some(value) = value {
                let _ = write!(line, "  {label}: {}", visible(value));
            }
        }
        if let Some(people) = event.people {
            let _ = write!(line, "  people: {people}");
        }
        let _ = writeln!(out, "{line}");
    }
    out
}

/// The register's formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterFormat {
    Markdown,
    Csv,
    Json,
}

/// The register in `format`.
pub fn register(
    organization: &str,
    entries: &[Entry],
    format: RegisterFormat,
) -> std::io::Result<String> {
    Ok(match format {
        RegisterFormat::Json => {
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "organization": organization,
                "incidents": entries,
            }))
            .map_err(std::io::Error::other)?;
            text.push('\n');
            text
        }
        RegisterFormat::Csv => csv(entries)?,
        RegisterFormat::Markdown => markdown(organization, entries),
    })
}

const CSV_HEADER: [&str; 20] = [
    "incident",
    "aware",
    "confirmed_vendors",
    "suspected_vendors",
    "phishing_domains",
    "senders",
    "people",
    "records",
    "data",
    "risk",
    "description",
    "step_on",
    "step",
    "to",
    "party",
    "target",
    "letter",
    "message_id",
    "note",
    "evidence",
];

/// One row per step (and one for an incident without steps), each with its
/// incident's facts, so a spreadsheet can filter and sort by either.
fn csv(entries: &[Entry]) -> std::io::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let io = std::io::Error::other;
    writer.write_record(CSV_HEADER).map_err(io)?;
    for entry in entries {
        let facts = [
            entry.id.clone(),
            entry.aware.clone(),
            entry.confirmed_vendors.join(" "),
            entry.suspected_vendors.join(" "),
            entry.phishing_domains.join(" "),
            entry.senders.join(" "),
            entry.people.map_or(String::new(), |n| n.to_string()),
            entry.records.map_or(String::new(), |n| n.to_string()),
            entry.data.join(" "),
            entry.risk.unwrap_or("").to_string(),
            entry.description.clone().unwrap_or_default(),
        ];
        let empty = [(); 9].map(|()| String::new());
        if entry.steps.is_empty() {
            writer
                .write_record(facts.iter().chain(empty.iter()))
                .map_err(io)?;
        }
        for step in &entry.steps {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            let mut note = text(&step.note);
            if let Some(people) = step.people {
                note = format!(
                    "{people} people{}{note}",
                    if note.is_empty() { "" } else { "; " }
                );
            }
            if let Some(how) = &step.how {
                note = format!("{note}{}by {how}", if note.is_empty() { "" } else { "; " });
            }
            let row = [
                step.on.clone(),
                step.kind.to_string(),
                text(&step.to),
                step.party.unwrap_or("").to_string(),
                text(&step.target),
                text(&step.letter),
                text(&step.message_id),
                note,
                text(&step.evidence),
            ];
            writer
                .write_record(facts.iter().chain(row.iter()))
                .map_err(io)?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(|err| std::io::Error::other(err.to_string()))?;
    String::from_utf8(bytes).map_err(std::io::Error::other)
}

/// Markdown cells: no `|` or line break may end a cell.
fn cell(text: &str) -> String {
    visible(text).replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn markdown(organization: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Breach register: {}\n", cell(organization));
    let _ = writeln!(
        out,
        "Every personal data breach, with its facts, its effects and the remedial action taken (GDPR Art. 33(5); PIPEDA s. 10.3).\n"
    );
    if entries.is_empty() {
        let _ = writeln!(out, "No incidents are recorded.");
    }
    for entry in entries {
        let _ = writeln!(out, "## {}\n", cell(&entry.id));
        let _ = writeln!(out, "### Facts\n");
        let _ = writeln!(out, "- Aware: {}", entry.aware);
        let join = |items: &[String]| {
            if items.is_empty() {
                "none recorded".to_string()
            } else {
                cell(&items.join(", "))
            }
        };
        let _ = writeln!(
            out,
            "- Source (confirmed): {}",
            join(&entry.confirmed_vendors)
        );
        let _ = writeln!(
            out,
            "- Source (suspected): {}",
            join(&entry.suspected_vendors)
        );
        let _ = writeln!(out, "- Phishing domains: {}", join(&entry.phishing_domains));
        let _ = writeln!(out, "- Sending services: {}", join(&entry.senders));
        if let Some(description) = &entry.description {
            let _ = writeln!(out, "- Description: {}", cell(description));
        }
        let _ = writeln!(out, "\n### Effects\n");
        let count = |n: Option<u64>| n.map_or("unknown".to_string(), |n| format!("about {n}"));
        let _ = writeln!(out, "- People affected: {}", count(entry.people));
        let _ = writeln!(out, "- Records affected: {}", count(entry.records));
        let _ = writeln!(out, "- Data categories: {}", join(&entry.data));
        let _ = writeln!(
            out,
            "- Risk assessed: {}",
            entry.risk.unwrap_or("not assessed")
        );
        for clock in &entry.clocks {
            let state = match (&clock.met, clock.on_time) {
                (Some(met), Some(true)) => format!("notified {met}, on time"),
                (Some(met), Some(false)) => format!("notified {met}, late"),
                (Some(met), None) => format!("notified {met}"),
                (None, _) => "not notified".to_string(),
            };
            let _ = writeln!(
                out,
                "- Notice to {} {} ({}): {state}",
                audience(clock.to),
                clock.within,
                clock.cites
            );
        }
        let _ = writeln!(out, "\n### Steps\n");
        let _ = writeln!(out, "| Date | Step | To | About | Note | Evidence |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        let _ = writeln!(out, "| {} | aware | | | | |", entry.aware);
        for step in &entry.steps {
            let text = |v: &Option<String>| v.as_deref().map_or(String::new(), cell);
            let to = match (&step.to, step.party) {
                (Some(to), Some(party)) => format!("{} ({party})", cell(to)),
                (Some(to), None) => cell(to),
                (None, Some(party)) => party.to_string(),
                (None, None) => String::new(),
            };
            let mut note = text(&step.note);
            if let Some(people) = step.people {
                note = format!(
                    "{people} people{}{note}",
                    if note.is_empty() { "" } else { "; " }
                );
            }
            let _ = writeln!(
                out,
                "| {} | {} | {to} | {} | {note} | {} |",
                step.on,
                step.kind,
                text(&step.target),
                text(&step.evidence)
            );
        }
        if let Some(closed) = &entry.closed {
            let _ = writeln!(out, "\nClosed {closed}.");
        }
        let _ = writeln!(out);
    }
    out
}
