//! The changes `incident open` and `incident mark` make: a new
//! `[[incident]]` appended at the end of the file, and a new
//! `[[incident.event]]` after an incident's last line. Both only insert
//! text, so no byte of the file moves; the new text is written in the
//! file's own line endings, with values quoted by toml_edit.
//!
//! Pure, like the vendor edits: the caller loads the result again (the
//! whole file: incidents are few) and writes it atomically under the lock.

use chrono::{DateTime, FixedOffset};
use toml_edit::Value;

use super::splice::{incident_insert_point, line_ending};
use crate::inventory::model::{IncidentEventKind, Inventory, Party, Risk, When};

/// A new `[[incident]]`, as `incident open` writes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewIncident {
    pub id: String,
    pub aware: Option<DateTime<FixedOffset>>,
    pub vendors: Vec<String>,
    pub confirmed_vendors: Vec<String>,
    pub phishing_domains: Vec<String>,
    pub senders: Vec<String>,
    pub people: Option<u64>,
    pub records: Option<u64>,
    pub data: Vec<String>,
    pub description: Option<String>,
    pub risk: Option<Risk>,
}

/// A new `[[incident.event]]`, as `incident mark` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIncidentEvent {
    pub on: When,
    pub kind: IncidentEventKind,
    pub to: Option<String>,
    pub party: Option<Party>,
    pub target: Option<String>,
    pub letter: Option<String>,
    pub message_id: Option<String>,
    pub people: Option<u64>,
    pub how: Option<String>,
    pub note: Option<String>,
    pub evidence: Option<String>,
    pub evidence_sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncidentChange {
    Open(NewIncident),
    Mark { id: String, event: NewIncidentEvent },
}

impl IncidentChange {
    pub fn incident_id(&self) -> &str {
        match self {
            IncidentChange::Open(new) => &new.id,
            IncidentChange::Mark { id, .. } => id,
        }
    }
}

/// The text with `change` made, and the range of the new bytes; `None`
/// when `Mark` names no incident of `inventory`.
pub fn apply_incident(
    text: &str,
    inventory: &Inventory,
    change: &IncidentChange,
) -> Option<(String, std::ops::Range<usize>)> {
    let eol = line_ending(text);
    let (point, lines) = match change {
        IncidentChange::Open(new) => (text.len(), open_lines(new)),
        IncidentChange::Mark { id, event } => {
            let incident = inventory.incidents.iter().find(|i| i.id.value == *id)?;
            (
                incident_insert_point(text, incident.span.start),
                event_lines(event),
            )
        }
    };
    let mut insert = String::new();
    if point > 0 && !text[..point].ends_with('\n') {
        insert.push_str(eol);
    }
    insert.push_str(eol);
    for line in lines {
        insert.push_str(&line);
        insert.push_str(eol);
    }
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..point]);
    out.push_str(&insert);
    out.push_str(&text[point..]);
    Some((out, point..point + insert.len()))
}

fn string(text: &str) -> String {
    Value::from(text).to_string()
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| string(i)).collect();
    format!("[{}]", quoted.join(", "))
}

fn when(on: When) -> String {
    match on {
        When::At(at) => at.to_rfc3339(),
        When::Day(day) => day.format("%Y-%m-%d").to_string(),
    }
}

fn open_lines(new: &NewIncident) -> Vec<String> {
    let mut lines = vec![
        "[[incident]]".to_string(),
        format!("id = {}", string(&new.id)),
    ];
    if let Some(aware) = new.aware {
        lines.push(format!("aware = {}", aware.to_rfc3339()));
    }
    for (key, items) in [
        ("vendors", &new.vendors),
        ("confirmed_vendors", &new.confirmed_vendors),
        ("phishing_domains", &new.phishing_domains),
        ("senders", &new.senders),
    ] {
        if !items.is_empty() {
            lines.push(format!("{key} = {}", list(items)));
        }
    }
    for (key, count) in [("people", new.people), ("records", new.records)] {
        if let Some(count) = count {
            lines.push(format!("{key} = {count}"));
        }
    }
    if !new.data.is_empty() {
        lines.push(format!("data = {}", list(&new.data)));
    }
    if let Some(risk) = new.risk {
        lines.push(format!("risk = {}", string(risk.as_str())));
    }
    if let Some(description) = &new.description {
        lines.push(format!("description = {}", string(description)));
    }
    lines
}

fn event_lines(event: &NewIncidentEvent) -> Vec<String> {
    let mut lines = vec![
        "[[incident.event]]".to_string(),
        format!("on = {}", when(event.on)),
        format!("kind = {}", string(event.kind.as_str())),
    ];
    let party = event.party.map(|p| p.as_str().to_string());
    for (key, value) in [
        ("party", &party),
        ("target", &event.target),
        ("to", &event.to),
        ("letter", &event.letter),
        ("message_id", &event.message_id),
    ] {
        if let Some(value) = value {
            lines.push(format!("{key} = {}", string(value)));
        }
    }
    if let Some(people) = event.people {
        lines.push(format!("people = {people}"));
    }
    for (key, value) in [
        ("how", &event.how),
        ("note", &event.note),
        ("evidence", &event.evidence),
        ("evidence_sha256", &event.evidence_sha256),
    ] {
        if let Some(value) = value {
            lines.push(format!("{key} = {}", string(value)));
        }
    }
    lines
}

/// Whether the edited inventory `after` shows the change where it was
/// meant to go: one more incident with the new id, or one more event,
/// last, of the right kind.
pub fn incident_landed(before: &Inventory, after: &Inventory, change: &IncidentChange) -> bool {
    match change {
        IncidentChange::Open(new) => {
            after.incidents.len() == before.incidents.len() + 1
                && after.incidents.iter().any(|i| i.id.value == new.id)
        }
        IncidentChange::Mark { id, event } => {
            let count = |inv: &Inventory| {
                inv.incidents
                    .iter()
                    .find(|i| i.id.value == *id)
                    .map(|i| i.events.len())
            };
            let last = after
                .incidents
                .iter()
                .find(|i| i.id.value == *id)
                .and_then(|i| i.events.last());
            count(after) == count(before).map(|n| n + 1)
                && last.is_some_and(|e| e.kind == event.kind && e.on.value == event.on)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    const TEXT: &str = "schema = 1\r\n[organization]\r\nname = \"N\"\r\nemail = \"p@n.example\"\r\n\r\n[[incident]]\r\nid = \"a\"\r\naware = 2026-11-29T08:30:00+01:00 # when the first mail came\r\n\r\n# the vendors follow\r\n[[vendor]]\r\nid = \"v\"\r\nname = \"V\"\r\n";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    #[test]
    fn an_event_goes_after_the_incident_and_nothing_else_moves() {
        let before = crate::inventory::parse(TEXT, today()).unwrap();
        let change = IncidentChange::Mark {
            id: "a".into(),
            event: NewIncidentEvent {
                on: When::Day(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()),
                kind: IncidentEventKind::Reported,
                to: Some("abuse@registrar.example".into()),
                party: Some(Party::Registrar),
                target: Some("northwind-billing.example".into()),
                letter: None,
                message_id: None,
                people: None,
                how: None,
                note: Some("a \"quoted\" note".into()),
                evidence: None,
                evidence_sha256: None,
            },
        };
        let (text, range) = apply_incident(TEXT, &before, &change).unwrap();
        assert_eq!(text[..range.start], TEXT[..range.start]);
        assert_eq!(text[range.end..], TEXT[range.start..]);
        assert!(text[range.clone()].contains("\r\n[[incident.event]]\r\n"));
        assert!(!text[range].replace("\r\n", "").contains('\n'));
        let after = crate::inventory::parse(&text, today()).unwrap();
        assert!(incident_landed(&before, &after, &change));
        assert_eq!(
            after.incidents[0].events[0].note.as_deref(),
            Some("a \"quoted\" note")
        );
        assert!(text.contains("\r\n# the vendors follow\r\n[[vendor]]"));
    }

    #[test]
    fn a_new_incident_goes_at_the_end() {
        let before = crate::inventory::parse(TEXT, today()).unwrap();
        let change = IncidentChange::Open(NewIncident {
            id: "b".into(),
            aware: Some(DateTime::parse_from_rfc3339("2026-11-30T10:00:00+01:00").unwrap()),
            confirmed_vendors: vec!["v".into()],
            ..NewIncident::default()
        });
        let (text, range) = apply_incident(TEXT, &before, &change).unwrap();
        assert_eq!(&text[..range.start], TEXT);
        let after = crate::inventory::parse(&text, today()).unwrap();
        assert!(incident_landed(&before, &after, &change));
        assert!(after.incidents[1].vendors[0].confirmed);
    }
}
