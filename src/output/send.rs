//! What `linger send` shows: the messages under `--dry-run` as the server
//! would receive them, the batch `--due` asks about, each letter's
//! progress, and the table of results.

use std::io::{self, Write};

use super::table::{Table, TableFormat};
use crate::inventory::EventKind;
use crate::letters::sending::{Outgoing, event_for};

/// Each message as the SMTP server would get it: the envelope, then the
/// message, CRLF and all, shown with the line breaks of this terminal.
pub fn write_dry_run(out: &mut impl Write, outgoing: &[Outgoing]) -> io::Result<()> {
    for item in outgoing {
        let envelope = item.message.envelope();
        let to: Vec<String> = envelope.to().iter().map(|a| format!("<{a}>")).collect();
        writeln!(
            out,
            "== {}: {} (not sent)\nMAIL FROM:<{}>\nRCPT TO:{}\n",
            item.vendor,
            item.kind,
            envelope.from().map(ToString::to_string).unwrap_or_default(),
            to.join(", ")
        )?;
        let text = String::from_utf8_lossy(&item.message.formatted()).replace("\r\n", "\n");
        writeln!(out, "{text}")?;
    }
    Ok(())
}

/// The batch `send --due` asks about: who, what, and by when they must
/// answer.
fn write_batch(out: &mut impl Write, outgoing: &[Outgoing]) -> io::Result<()> {
    let mut table = Table::new(vec!["id", "kind", "to", "answer_by"]);
    for item in outgoing {
        table.push(vec![
            item.vendor.clone(),
            item.kind.to_string(),
            item.letter.to.email.clone(),
            super::table::date_cell(item.letter.deadline),
        ]);
    }
    table.write(out, TableFormat::Table, &(), "")
}

/// Shows the batch on standard error and asks whether to send it; the
/// command reads the answer.
pub fn write_question(outgoing: &[Outgoing]) -> io::Result<()> {
    let mut err = super::stderr();
    write_batch(&mut err, outgoing)?;
    write!(err, "Send these {} letters? [y/N] ", outgoing.len())?;
    err.flush()
}

/// Why each vendor is skipped, or that nothing is left to send.
pub fn write_skipped(
    err: &mut impl Write,
    skipped: &[(String, String)],
    nothing_left: bool,
) -> io::Result<()> {
    for (id, reason) in skipped {
        writeln!(err, "Skipped `{id}`: {reason}.")?;
    }
    if nothing_left {
        writeln!(err, "Nothing to send: no vendor needs a letter today.")?;
    }
    Ok(())
}

/// The line before the `at`th of `total` letters goes out.
pub fn write_sending(
    err: &mut impl Write,
    at: usize,
    total: usize,
    out: &Outgoing,
) -> io::Result<()> {
    writeln!(
        err,
        "[{at}/{total}] sending the {} to {} ({})...",
        out.kind, out.letter.to.email, out.vendor
    )
}

/// The line after one letter went out and was recorded at `location`,
/// with the copy kept at `kept`.
pub fn write_sent(
    err: &mut impl Write,
    out: &Outgoing,
    location: &str,
    kept: Option<&str>,
) -> io::Result<()> {
    let kept = kept.map_or_else(String::new, |path| format!(", the message kept as {path}"));
    writeln!(
        err,
        "Sent the {} to {} (copy to {}); recorded `{}` at {location}{kept}.",
        out.kind,
        out.letter.to.email,
        out.letter.from.email,
        event_for(out.kind).map_or("", EventKind::as_str)
    )
}

/// The warning when a letter went out but its copy could not be kept.
pub fn write_uncopied(out: &Outgoing) -> io::Result<()> {
    writeln!(
        super::stderr(),
        "warning: the {} to `{}` WAS sent; recording it without a kept copy (the organization's copy went to {}: save it as evidence)",
        out.kind,
        out.vendor,
        out.letter.from.email
    )
}

/// The results of `send --due`: each letter, and whether it was sent.
pub fn write_results(out: &mut impl Write, results: &[(&Outgoing, bool)]) -> io::Result<()> {
    let mut table = Table::new(vec!["id", "kind", "to", "result", "message_id"]);
    for (item, sent) in results {
        table.push(vec![
            item.vendor.clone(),
            item.kind.to_string(),
            item.letter.to.email.clone(),
            if *sent { "sent" } else { "failed" }.to_string(),
            item.message_id.clone(),
        ]);
    }
    table.write(out, TableFormat::Table, &(), "")
}
