//! What `canary watch` shows: each message to a canary as a row (table or
//! Markdown), the whole run as JSON (`Watched`), the unknown canaries, the
//! vendors awaiting verification with the span read or the gap, and the
//! one-line summary for standard error.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Table, TableFormat};
use crate::canary::verify::{Coverage, Pending};
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
    /// The vendors whose confirmed deletion awaits verification, and what
    /// this read proves of each.
    pub awaiting: &'a [Pending],
    /// The span each folder read covers.
    pub coverage: &'a Coverage,
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
    if !watched.awaiting.is_empty() {
        writeln!(out)?;
        writeln!(out, "Awaiting verification:")?;
        let mut table = Table::new(vec![
            "vendor",
            "confirmed",
            "verdict",
            "coverage",
            "recorded",
        ]);
        for p in watched.awaiting {
            table.push(vec![
                p.vendor.clone(),
                format!("{} ({})", p.confirmed_on, p.confirmed_kind.as_str()),
                serde_json::to_value(p.verdict)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                p.describe(),
                if p.applied { "now" } else { "no" }.into(),
            ]);
        }
        table.write(out, format, &(), "")?;
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

/// A line for each vendor whose deletion the watch proves and that was
/// not recorded: how to record it.
pub fn proposals(pending: &[Pending]) -> Vec<String> {
    pending
        .iter()
        .filter(|p| p.verdict == crate::canary::verify::Verdict::Verified && !p.applied)
        .map(|p| {
            format!(
                "The deletion of `{0}` is proved: `--apply --accept {0}` records `verified`.",
                p.vendor
            )
        })
        .collect()
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
