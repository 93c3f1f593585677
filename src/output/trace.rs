//! The trace report for a person: the ranked vendors (or, with nothing to
//! rank, the guesses), the counts, and the next steps, as an aligned table
//! or Markdown. JSON is the report serialized as it is.

use std::io::{self, Write};

use crate::trace::{Guess, Ranking};

/// The report when no vendor has canaries or a subject set.
pub fn write_guesses(
    out: &mut impl Write,
    report: &Ranking,
    guesses: &[Guess],
    next: &[String],
    messages: usize,
    markdown: bool,
) -> io::Result<()> {
    writeln!(
        out,
        "No vendor has canaries or a subject set, so nothing can be ranked by evidence."
    )?;
    if !guesses.is_empty() {
        writeln!(
            out,
            "A guess: these vendors recorded e-mail addresses in their `data`, so any of them could hold these.\n"
        )?;
        let mut table = super::table::Table::new(vec!["id", "name", "records", "deletion"]);
        for g in guesses {
            table.push(vec![
                g.id.clone(),
                crate::printable::line(&g.name).into_owned(),
                g.records.map_or("-".into(), |r| r.to_string()),
                if g.deleted {
                    "confirmed"
                } else {
                    "not confirmed"
                }
                .into(),
            ]);
        }
        let table_format = if markdown {
            super::table::TableFormat::Markdown
        } else {
            super::table::TableFormat::Table
        };
        table.write(out, table_format, &(), "")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{} leaked address{} ({messages} message{} read); {} of our own domain set aside.",
        report.leaked,
        if report.leaked == 1 { "" } else { "es" },
        if messages == 1 { "" } else { "s" },
        report.own,
    )?;
    let bullet = if markdown { "- " } else { "  " };
    writeln!(out, "\nNext:")?;
    for step in next {
        writeln!(out, "{bullet}{step}")?;
    }
    Ok(())
}

pub fn write_table(
    out: &mut impl Write,
    report: &Ranking,
    next: &[String],
    messages: usize,
    markdown: bool,
) -> io::Result<()> {
    let mut table = super::table::Table::new(vec![
        "id",
        "name",
        "hits",
        "coverage",
        "exclusive",
        "canary_hits",
        "chance",
        "verdict",
    ]);
    for s in &report.vendors {
        table.push(vec![
            s.id.clone(),
            s.name.clone(),
            s.hits.to_string(),
            format!("{:.0}%", s.coverage * 100.0),
            s.exclusive.to_string(),
            s.canary_hits.to_string(),
            s.chance.map_or("-".to_string(), |c| {
                if c == 0.0 {
                    format!("< 1e-300 (ln {:.0})", s.ln_chance)
                } else if c >= 0.01 {
                    // A plain number where one reads plainly: 1.00, 0.25.
                    format!("{c:.2}")
                } else {
                    format!("{c:.2e}")
                }
            }),
            s.verdict.to_string(),
        ]);
    }
    let table_format = if markdown {
        super::table::TableFormat::Markdown
    } else {
        super::table::TableFormat::Table
    };
    table.write(
        out,
        table_format,
        &(),
        "No vendor held any of the addresses.",
    )?;
    let bullet = if markdown { "- " } else { "  " };
    writeln!(out)?;
    writeln!(
        out,
        "{} leaked address{} ({messages} message{} read); {} of our own domain set aside; {} held by no vendor{}.",
        report.leaked,
        if report.leaked == 1 { "" } else { "es" },
        if messages == 1 { "" } else { "s" },
        report.own,
        report.unknown,
        if report.unknown > 0 {
            ": the subject sets are incomplete, or the leak came from somewhere not in the inventory"
        } else {
            ""
        }
    )?;
    writeln!(out, "\nNext:")?;
    for step in next {
        writeln!(out, "{bullet}{step}")?;
    }
    Ok(())
}
