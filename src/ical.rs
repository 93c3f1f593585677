//! `linger calendar`: the open due dates as an iCalendar file (RFC 5545),
//! one `VTODO` per vendor that has a due date, with a `VALARM`
//! `reminder_days` before it. Pure: `today` and the stamp time are
//! parameters, so the same inventory on the same day gives the same file.
//!
//! Each to-do's `UID` is made of the vendor id and the stage (`request` or
//! `response`) and the organization's domain, not of the date: when a due
//! date moves (an extension, a follow-up), a calendar that imports the
//! file again updates the to-do instead of adding a second one.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use icalendar::{Alarm, Calendar, Component, Property, Todo, Trigger};

use crate::inventory::Inventory;
use crate::status::{NextAction, Stage, evaluate};

/// The calendar of `inventory`'s open due dates as of `today`; `stamp` is
/// the moment written as each to-do's `DTSTAMP`.
pub fn calendar(inventory: &Inventory, today: NaiveDate, stamp: DateTime<Utc>) -> String {
    let organization = &inventory.organization;
    let domain = organization.domain();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new(
            "PRODID",
            format!("-//linger//linger {}//EN", env!("CARGO_PKG_VERSION")),
        ))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new("METHOD", "PUBLISH"));
    let name = format!("{}: vendor data deletions", organization.name);
    // `Calendar::name` writes NAME unescaped (the crate knows it as no text
    // property), so a `;`, `,` or line break in the organization's name
    // would end the value or start a property: escaped here, as RFC 5545
    // 3.3.11 says. X-WR-CALNAME the crate escapes itself.
    calendar
        .append_property(Property::new("NAME", escape_text(&name)))
        .append_property(Property::new("X-WR-CALNAME", name));
    let reminder = i64::from(inventory.policy.reminder_days);
    for vendor in &inventory.vendors {
        let status = evaluate(inventory, vendor, today);
        let Some(due) = status.due else { continue };
        let id = &vendor.id.value;
        let (summary, steps) = match (due.stage, status.next_action) {
            (_, Some(action)) => (
                format!("{}: {}", vendor.name, action_words(action)),
                format!(
                    "Draft it: linger letter {id} --kind {action}\nOr send it: linger send {id} --kind {action}"
                ),
            ),
            (Stage::Request, None) => (
                format!("{}: ask for deletion", vendor.name),
                format!("Draft it: linger letter {id}\nOr send it: linger send {id}"),
            ),
            (Stage::Response, None) => (
                format!("{}: deletion answer due", vendor.name),
                format!(
                    "When it answers: linger mark {id} confirmed --evidence FILE (or refused, extended)\nIf it does not: linger letter {id} --kind follow-up"
                ),
            ),
        };
        let description = format!(
            "{steps}\n\nDue {} ({} stage); state: {}. Details: linger show {id}",
            due.on, due.stage, status.state
        );
        let uid = format!("{id}.{}@linger.{domain}", due.stage);
        let mut todo = to_do(
            &uid,
            stamp,
            &summary,
            &description,
            (&format!("Due in {reminder} days"), Duration::days(reminder)),
        );
        todo.due(due.on);
        if status.is_overdue() {
            todo.priority(1);
        }
        calendar.push(todo.done());
    }
    incident_todos(inventory, stamp, &mut calendar);
    calendar.done().to_string()
}

/// Each incident's notification to the authority that is not yet made and
/// has a due moment (the 72 hours of GDPR Art. 33(1), the three business
/// days of the LGPD...): a to-do due then, with an alarm 24 hours before.
fn incident_todos(inventory: &Inventory, stamp: DateTime<Utc>, calendar: &mut Calendar) {
    let domain = inventory.organization.domain();
    for incident in &inventory.incidents {
        let status = crate::incident::evaluate(inventory, incident);
        let id = &incident.id.value;
        for clock in &status.clocks {
            let (crate::incident::Audience::Authority, None, Some(due)) =
                (clock.audience, clock.met, clock.due)
            else {
                continue;
            };
            let summary = format!("Incident {id}: notify the authority");
            let description = format!(
                "Due {} of becoming aware ({}).\nDraft it: linger letter --incident {id} --kind breach-notification\nRecord it: linger incident mark {id} authority-notified\nTimeline: linger incident show {id}",
                clock.within(),
                clock.cites
            );
            let uid = format!("incident.{id}.authority@linger.{domain}");
            let mut todo = to_do(
                &uid,
                stamp,
                &summary,
                &description,
                ("Due in 24 hours", Duration::hours(24)),
            );
            todo.due(due).priority(1);
            calendar.push(todo.done());
        }
    }
}

/// A to-do with its alarm `before` its due moment (the alarm's words, and
/// how long before), without the due moment itself. The writer gives every
/// component a DTSTAMP and a UID, random when not set: both are set, so
/// that the file is the same on every run.
fn to_do(
    uid: &str,
    stamp: DateTime<Utc>,
    summary: &str,
    description: &str,
    before: (&str, Duration),
) -> Todo {
    let alarm = Alarm::display(
        &format!("{}: {summary}", before.0),
        Trigger::before_end(before.1),
    )
    .timestamp(stamp)
    .uid(&format!("alarm.{uid}"))
    .done();
    let mut todo = Todo::new();
    todo.uid(uid)
        .timestamp(stamp)
        .summary(summary)
        .description(description)
        .append_component(alarm);
    todo
}

/// TEXT as RFC 5545 3.3.11 writes it: `\\`, `\;`, `\,` and `\n`.
fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn action_words(action: NextAction) -> &'static str {
    match action {
        NextAction::Request => "send the deletion request",
        NextAction::FollowUp => "send a follow-up",
        NextAction::Escalation => "report to the authority",
        NextAction::FinalNotice => "send the final notice under the contract",
    }
}
