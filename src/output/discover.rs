//! What `linger discover` prints: the candidates, in any table format,
//! and what reading the mail archives came to (how many messages and
//! senders, what was skipped and why).

use std::io::{self, Write};

use super::table::{Table, TableFormat};
use crate::discover::{Candidate, Senders, mail::Tally};

/// The candidates, or that the inventory already has every vendor found.
pub fn write_candidates(
    out: &mut impl Write,
    candidates: &[Candidate],
    format: TableFormat,
) -> io::Result<()> {
    let mut table = Table::new(vec![
        "id",
        "name",
        "domains",
        "sources",
        "first_seen",
        "last_seen",
        "count",
        "probably_retired",
        "evidence",
    ]);
    for c in candidates {
        table.push(vec![
            c.id.clone(),
            c.name.clone(),
            c.domains.join(" "),
            c.sources
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            super::table::date_cell(c.first_seen),
            super::table::date_cell(c.last_seen),
            c.count.to_string(),
            if c.probably_retired { "yes" } else { "no" }.into(),
            c.evidence.join("; "),
        ]);
    }
    table.write(
        out,
        format,
        &candidates,
        "No vendor found that the inventory does not already have.",
    )
}

/// The people the login exports name per candidate: only under
/// `--verbose`, only on the terminal (stderr), never in the table or JSON.
pub fn write_people(err: &mut impl Write, candidates: &[Candidate]) -> io::Result<()> {
    for c in candidates.iter().filter(|c| !c.addresses.is_empty()) {
        let people: Vec<String> = (c.addresses.iter())
            .map(|a| crate::printable::line(a).into_owned())
            .collect();
        writeln!(err, "People of `{}`: {}", c.id, people.join(", "))?;
    }
    Ok(())
}

/// How many messages and senders the archives held, and each reason a
/// message or a file was skipped (`verbose`: each file the reader skipped).
pub fn write_mail_read(
    err: &mut impl Write,
    total: &Tally,
    senders: &Senders,
    verbose: bool,
) -> io::Result<()> {
    writeln!(
        err,
        "Read the headers of {} message{} from {} sender{}{}.",
        total.messages,
        if total.messages == 1 { "" } else { "s" },
        senders.by_domain.len(),
        if senders.by_domain.len() == 1 {
            ""
        } else {
            "s"
        },
        if total.unreadable > 0 {
            format!(" ({} without a usable sender, skipped)", total.unreadable)
        } else {
            String::new()
        }
    )?;
    let binned = [
        (total.spam, "in spam"),
        (total.trash, "in trash"),
        (
            senders.forged,
            "that failed authentication (DMARC, or both DKIM and SPF)",
        ),
    ];
    for (n, what) in binned.iter().filter(|(n, _)| *n > 0) {
        writeln!(
            err,
            "Skipped {n} message{} {what}.",
            if *n == 1 { "" } else { "s" }
        )?;
    }
    for line in total.archive.report(verbose) {
        writeln!(err, "{line}")?;
    }
    Ok(())
}
