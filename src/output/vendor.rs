//! One vendor as `linger show` prints it: its fields, its history, its
//! status and the steps that gave its due date.

use std::io::Write;

use crate::inventory::{Event, Inventory, Language, Vendor};
use crate::lang::category_label;
use crate::printable::visible;
use crate::status::{evaluate, explain};

/// One vendor for a person: its fields, its history, its status, and the
/// reasoning behind its due date, each value from the file made visible.
pub fn write(
    out: &mut impl Write,
    inventory: &Inventory,
    vendor: &Vendor,
    today: chrono::NaiveDate,
) -> std::io::Result<()> {
    let bold = anstyle::Style::new().bold();
    let status = evaluate(inventory, vendor, today);
    let law = inventory.law_of(vendor);

    // Every value from the file goes through `visible`: no control
    // character reaches the terminal, whatever the loader let through.
    writeln!(
        out,
        "{bold}{}{bold:#} ({})",
        visible(&vendor.name),
        visible(&vendor.id.value)
    )?;
    let mut field = |name: &str, value: Option<String>| -> std::io::Result<()> {
        match value {
            Some(value) => writeln!(out, "  {name:<15}{}", visible(&value)),
            None => Ok(()),
        }
    };
    field("website", vendor.website.as_ref().map(|w| w.value.clone()))?;
    field("privacy email", vendor.privacy_email.clone())?;
    field(
        "in use",
        Some(format!(
            "{} to {}",
            vendor.used_from.map_or("?".to_string(), |d| d.to_string()),
            vendor
                .retired_on
                .as_ref()
                .map_or("now".to_string(), |r| r.value.to_string())
        )),
    )?;
    field("account", vendor.account.clone())?;
    field(
        "data",
        Some(match &vendor.data {
            None => "not recorded".to_string(),
            Some(data) if data.is_empty() => "no personal data".to_string(),
            Some(data) => data
                .iter()
                .map(|c| format!("{} ({})", category_label(&c.value, Language::En), c.value))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    )?;
    field("records", vendor.records.map(|r| r.to_string()))?;
    field(
        "subjects",
        (!vendor.subjects.is_empty()).then(|| vendor.subjects.join(", ")),
    )?;
    field("law", Some(law.title().to_string()))?;
    // The time to answer is a policy, never the law's: no law sets a
    // deadline for a former processor asked to delete.
    let policy = match (vendor.response_days, law.window_model()) {
        (Some(days), _) => {
            format!("{days} days to answer, from the vendor's agreement (response_days)")
        }
        (None, Some(model)) => format!("{} to answer, modelled on {model}", law.window()),
        (None, None) => format!("{} to answer, set by linger", law.window()),
    };
    field("policy", Some(policy))?;
    field(
        "retention",
        vendor
            .retention_days
            .as_ref()
            .map(|r| format!("{} days after the end", r.value)),
    )?;
    field(
        "canaries",
        (!vendor.canaries.is_empty()).then(|| vendor.canaries.join(", ")),
    )?;
    field("notes", vendor.notes.clone())?;

    writeln!(out, "\n{bold}History{bold:#}")?;
    if vendor.events.is_empty() {
        writeln!(out, "  (no events)")?;
    }
    for event in &vendor.events {
        writeln!(
            out,
            "  {}  {:<13}{}",
            event.on.value,
            event.kind,
            visible(&event_details(event))
        )?;
    }

    writeln!(out, "\n{bold}Status{bold:#}")?;
    let state = if status.state.is_done() {
        format!("{} (done)", status.state)
    } else {
        status.state.to_string()
    };
    writeln!(out, "  {:<15}{state}", "state")?;
    if let (Some(due), Some(days)) = (status.due, status.days_overdue) {
        let when = match days {
            d if d > 0 => format!("{d} days overdue"),
            0 => "due today".to_string(),
            d => format!("in {} days", -d),
        };
        writeln!(out, "  {:<15}{} ({}; {when})", "due", due.on, due.stage)?;
    }
    let next = status.next_action.map_or("none".to_string(), |a| {
        format!("{a} (`linger letter {} --kind {a}`)", vendor.id.value)
    });
    writeln!(out, "  {:<15}{next}", "next action")?;

    writeln!(out, "\n{bold}Due date{bold:#}")?;
    writeln!(out, "  {}", crate::deadline::calendar(inventory).describe())?;
    for step in explain(inventory, vendor, today) {
        writeln!(out, "  {}", visible(&step))?;
    }
    Ok(())
}

fn event_details(event: &Event) -> String {
    let mut parts = Vec::new();
    if let Some(until) = event.until {
        parts.push(format!("until {until}"));
    }
    if let Some(reference) = &event.reference {
        parts.push(format!("reference: {reference}"));
    }
    if let Some(reason) = &event.reason {
        parts.push(format!("reason: {reason}"));
    }
    if let Some(evidence) = &event.evidence {
        parts.push(format!("evidence: {}", evidence.value));
    }
    if let Some(note) = &event.note {
        parts.push(note.replace('\n', " "));
    }
    parts.join("; ")
}
