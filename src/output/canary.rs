//! What `canary watch` shows: each message to a canary as a row (table or
//! Markdown), the whole run as JSON (`Watched`), the unknown canaries, and
//! the one-line summary for standard error.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Table, TableFormat};
use crate::canary::watch::{Meaning, Observation};

/// The JSON `canary watch --format json` writes.
#[derive(Serialize)]
pub struct Watched<'a> {
    /// Messages read.
    pub read: u64,
    /// Canaries known to the inventory.
    pub canaries: usize,
    pub observations: &'a [Observation],
    /// Addresses that look like canaries but are no vendor's, each once.
    pub unknown: &'a [String],
}

/// The rows, then the leaks' analysis and next steps, then the unknown
/// canaries.
pub fn write(out: &mut impl Write, watched: &Watched<'_>, format: TableFormat) -> io::Result<()> {
    let mut table = Table::new(vec![
        "date", "vendor", "sender", "meaning", "subject", "recorded",
    ]);
    for o in watched.observations {
        let meaning = match (o.meaning, o.confirmed_on) {
            (Meaning::Contradicted, Some(day)) => {
                format!("{} (confirmed {day})", o.meaning.name())
            }
            _ => o.meaning.name().to_string(),
        };
        table.push(vec![
            o.on.to_string(),
            o.vendor.clone(),
            crate::printable::line(&o.sender.describe()).into_owned(),
            meaning,
            crate::printable::line(o.subject.as_deref().unwrap_or("-")).into_owned(),
            if o.applied {
                "now"
            } else if o.recorded {
                "yes"
            } else {
                "no"
            }
            .into(),
        ]);
    }
    table.write(out, format, &(), "No message was sent to a canary.")?;
    let markdown = matches!(format, TableFormat::Markdown);
    let mut leaked_vendors: Vec<&str> = Vec::new();
    for o in watched
        .observations
        .iter()
        .filter(|o| o.meaning == Meaning::Leaked)
    {
        if let Some(analysis) = o.analysis.as_ref().map(|a| a.line())
            && !analysis.is_empty()
        {
            let line = crate::printable::line(&analysis).into_owned();
            writeln!(out)?;
            writeln!(out, "{} {} (phish analysis): {line}", o.vendor, o.on)?;
        }
        if !leaked_vendors.contains(&o.vendor.as_str()) {
            leaked_vendors.push(&o.vendor);
        }
    }
    for vendor in leaked_vendors {
        let Some(first) = watched
            .observations
            .iter()
            .find(|o| o.vendor == vendor && o.meaning == Meaning::Leaked)
        else {
            continue;
        };
        writeln!(out)?;
        writeln!(
            out,
            "The canary of `{vendor}` is in someone else's hands. Next:"
        )?;
        for step in &first.next {
            if markdown {
                writeln!(out, "- `{step}`")?;
            } else {
                writeln!(out, "  {step}")?;
            }
        }
    }
    if !watched.unknown.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "Canaries of no vendor (a typo, or one removed from the inventory):"
        )?;
        for address in watched.unknown {
            let address = crate::printable::line(address);
            if markdown {
                writeln!(out, "- `{address}`")?;
            } else {
                writeln!(out, "  {address}")?;
            }
        }
    }
    Ok(())
}

/// The run in one line.
pub fn summary(read: u64, observations: &[Observation], unknown: usize, apply: bool) -> String {
    let count = |m: Meaning| observations.iter().filter(|o| o.meaning == m).count();
    let applied = observations.iter().filter(|o| o.applied).count();
    let mut line = format!(
        "Read {read} message{}: {} to a canary ({} expected, {} deletion-contradicted, {} canary-leaked), {unknown} unknown canar{}",
        super::inbox::plural(read),
        observations.len(),
        count(Meaning::Expected),
        count(Meaning::Contradicted),
        count(Meaning::Leaked),
        if unknown == 1 { "y" } else { "ies" },
    );
    let new = observations.iter().filter(|o| !o.recorded).count();
    if apply {
        line.push_str(&format!("; recorded {applied}."));
    } else if new > 0 {
        line.push_str(&format!(
            ". {new} not yet recorded: `--apply` records them for `linger check`."
        ));
    } else {
        line.push('.');
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_each_meaning_and_says_how_to_record() {
        assert_eq!(
            summary(2, &[], 1, false),
            "Read 2 messages: 0 to a canary (0 expected, 0 deletion-contradicted, 0 canary-leaked), 1 unknown canary."
        );
    }
}
