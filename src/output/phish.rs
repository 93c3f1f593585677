//! The phishing findings for a person (`linger phish`): the senders, the
//! evidence for each, the phishing domains, where the links point, and
//! the next steps, as aligned tables or Markdown. JSON is the findings
//! serialized as they are (`super::write_json`).

use std::io::{self, Write};

use super::table::{Table, TableFormat};
use crate::phish::Summary;
use crate::phish::findings::{Findings, HostRow};

/// Writes `findings` as tables, or as Markdown with headings and the
/// next steps in code blocks.
pub fn write(
    out: &mut impl Write,
    findings: &Findings,
    summary: &Summary,
    markdown: bool,
) -> io::Result<()> {
    let table_format = if markdown {
        TableFormat::Markdown
    } else {
        TableFormat::Table
    };
    let heading = |out: &mut dyn Write, text: &str| -> io::Result<()> {
        if markdown {
            writeln!(out, "## {text}\n")
        } else {
            writeln!(out, "{text}")
        }
    };
    let when = match (&summary.first, &summary.last) {
        (Some(first), Some(last)) if first != last => {
            format!(
                ", received {} to {}",
                first.format("%Y-%m-%d %H:%M UTC"),
                last.format("%Y-%m-%d %H:%M UTC")
            )
        }
        (Some(first), _) => format!(", received {}", first.format("%Y-%m-%d %H:%M UTC")),
        _ => String::new(),
    };
    writeln!(
        out,
        "{} phishing message{}{when}.\n",
        findings.messages,
        if findings.messages == 1 { "" } else { "s" }
    )?;

    heading(out, "Senders")?;
    let mut senders = Table::new(vec![
        "service", "address", "host", "network", "abuse", "messages",
    ]);
    for s in &findings.senders {
        senders.push(vec![
            s.service.clone().unwrap_or_else(|| "none known".into()),
            s.ip.clone().unwrap_or_else(|| "-".into()),
            s.shown_host.clone().unwrap_or_else(|| "-".into()),
            s.network.clone().unwrap_or_else(|| "-".into()),
            s.abuse
                .clone()
                .or_else(|| s.error.clone())
                .unwrap_or_else(|| "-".into()),
            s.messages.to_string(),
        ]);
    }
    senders.write(
        out,
        table_format,
        &findings.senders,
        "No sending hop was found.",
    )?;
    writeln!(out)?;
    heading(out, "Evidence")?;
    for s in &findings.senders {
        writeln!(
            out,
            "{}{}:",
            if markdown { "- " } else { "" },
            s.service.as_deref().unwrap_or("unknown sender")
        )?;
        for line in &s.evidence {
            writeln!(out, "  - {line}")?;
        }
        if s.evidence.is_empty() {
            writeln!(out, "  - no `Received:` field names a sending address")?;
        }
    }
    writeln!(out)?;

    heading(out, "Phishing domains")?;
    let mut domains = Table::new(vec![
        "domain",
        "role",
        "registered",
        "registrar",
        "registrar abuse",
        "imitates",
        "messages",
    ]);
    for d in &findings.domains {
        domains.push(vec![
            d.defanged.clone(),
            d.role.to_string(),
            d.registered.clone().unwrap_or_else(|| "-".into()),
            d.registrar.clone().unwrap_or_else(|| "-".into()),
            d.registrar_abuse
                .clone()
                .or_else(|| d.error.clone())
                .unwrap_or_else(|| "-".into()),
            match (&d.lookalike_of, &d.fuzzer) {
                (Some(of), Some(how)) => format!("{of} ({how})"),
                _ => "-".into(),
            },
            d.messages.to_string(),
        ]);
    }
    domains.write(
        out,
        table_format,
        &findings.domains,
        "No phishing domain was found (only ours and known services').",
    )?;
    let hosted: Vec<&HostRow> = findings
        .domains
        .iter()
        .flat_map(|d| &d.hosts)
        .filter(|h| h.ip.is_some() || h.error.is_some())
        .collect();
    if !hosted.is_empty() {
        writeln!(out)?;
        heading(out, "Where the links point")?;
        let mut hosts = Table::new(vec!["host", "address", "network", "abuse"]);
        for h in &hosted {
            hosts.push(vec![
                h.defanged.clone(),
                h.ip.clone().unwrap_or_else(|| "-".into()),
                h.network.clone().unwrap_or_else(|| "-".into()),
                h.abuse
                    .clone()
                    .or_else(|| h.error.clone())
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        hosts.write(out, table_format, &hosted, "")?;
    }
    writeln!(out)?;
    heading(out, "Next steps")?;
    for step in &findings.next {
        if markdown {
            writeln!(out, "```sh\n{step}\n```")?;
        } else {
            writeln!(out, "  {step}")?;
        }
    }
    Ok(())
}
