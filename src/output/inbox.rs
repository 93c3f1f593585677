//! What `inbox` shows: the replies read, as a table, Markdown or JSON
//! (`RepliesRead`), the abuse desks' answers to incidents' reports beside
//! them, and the one-line summary of a run for standard error.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Table, TableFormat};
use crate::inbox::Reply;
use crate::inbox::incident::IncidentReply;

/// The JSON `inbox --format json` writes: how many messages were read,
/// how many answered no vendor and no incident's report, the replies to
/// vendors, and the answers to incidents' reports (`"incident": ID`).
#[derive(Serialize)]
pub struct RepliesRead<'a> {
    pub read: u64,
    pub unmatched: u64,
    pub replies: &'a [Reply],
    pub incidents: &'a [IncidentReply],
}

/// The replies as a table (or Markdown), one row a reply.
pub fn write_replies(
    out: &mut impl Write,
    listing: &RepliesRead<'_>,
    format: TableFormat,
) -> io::Result<()> {
    write_vendors(out, listing.replies, format)?;
    let incidents = listing.incidents;
    if incidents.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nAnswers to incidents' reports:")?;
    let mut table = Table::new(vec![
        "date",
        "incident",
        "target",
        "from",
        "matched_by",
        "proposal",
        "detail",
        "trusted",
        "applied",
        "accept",
    ]);
    for reply in incidents {
        let mut row = vec![
            reply.date.to_string(),
            reply.incident.clone(),
            reply.target.clone().unwrap_or_else(|| "-".into()),
            reply.sender_domain.clone(),
            reply.matched_by.to_string(),
            reply.proposal.map_or("-".into(), |p| p.to_string()),
        ];
        let detail = [
            reply.reference.as_ref().map(|r| format!("reference {r}")),
            reply.quote.as_ref().map(|q| format!("\"{q}\"")),
            reply.note.as_ref().map(|n| format!("({n})")),
        ];
        let waits = reply.waits_for_accept().then_some(reply.accept.as_ref());
        row.extend(last_columns(
            &detail,
            reply.trusted,
            reply.applied,
            waits.flatten(),
        ));
        table.push(row);
    }
    table.write(out, format, &(), "")
}

/// The columns both tables end with: the detail, whether the sender is
/// trusted, whether it was recorded, and the tag a yes takes.
fn last_columns(
    detail: &[Option<String>],
    trusted: Option<bool>,
    applied: bool,
    waits: Option<&String>,
) -> [String; 4] {
    let detail = detail
        .iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    [
        crate::printable::line(&detail).into_owned(),
        match trusted {
            Some(true) => "yes".into(),
            Some(false) => "NO".into(),
            None => "-".into(),
        },
        if applied { "yes" } else { "no" }.into(),
        waits.map_or_else(|| "-".into(), String::clone),
    ]
}

/// The replies to vendors, one row a reply.
fn write_vendors(out: &mut impl Write, replies: &[Reply], format: TableFormat) -> io::Result<()> {
    let mut table = Table::new(vec![
        "date",
        "vendor",
        "from",
        "matched_by",
        "proposal",
        "detail",
        "trusted",
        "applied",
        "accept",
    ]);
    for reply in replies {
        let mut row = vec![
            reply.date.to_string(),
            reply.vendor.clone(),
            reply.sender_domain.clone(),
            reply.matched_by.to_string(),
            reply.proposal.map_or("-".into(), |p| p.to_string()),
        ];
        let detail = [
            reply.reference.as_ref().map(|r| format!("reference {r}")),
            reply.until.map(|u| format!("until {u}")),
            reply.url.as_ref().map(|u| format!("web form {u}")),
            reply
                .new_address
                .as_ref()
                .map(|a| format!("new address {a}")),
            reply.quote.as_ref().map(|q| format!("\"{q}\"")),
            reply.kept.as_ref().map(|k| format!("kept: \"{k}\"")),
            reply.note.as_ref().map(|n| format!("({n})")),
        ];
        let waits = reply.waits_for_accept().then_some(reply.accept.as_ref());
        row.extend(last_columns(
            &detail,
            reply.trusted,
            reply.applied,
            waits.flatten(),
        ));
        table.push(row);
    }
    table.write(out, format, &(), "No message answers a vendor.")
}

/// The run in one line: what was read, what answers a vendor, what was
/// proposed and (`apply`) recorded, or how to record it.
pub fn summary(read: u64, replies: &[Reply], incidents: &[IncidentReply], apply: bool) -> String {
    let proposals = replies.iter().filter(|r| r.proposal.is_some()).count()
        + incidents.iter().filter(|r| r.proposal.is_some()).count();
    let applied = replies.iter().filter(|r| r.applied).count()
        + incidents.iter().filter(|r| r.applied).count();
    let reports = match incidents.len() {
        0 => String::new(),
        1 => ", 1 answers an incident's report".to_string(),
        n => format!(", {n} answer an incident's report"),
    };
    let mut line = format!(
        "Read {read} message{}: {} answer{} a vendor{reports}, {proposals} with a proposal",
        plural(read),
        replies.len(),
        if replies.len() == 1 { "s" } else { "" },
    );
    if apply {
        line.push_str(&format!("; recorded {applied}."));
    } else if proposals > 0 {
        line.push_str(
            ". Nothing was recorded: `--apply` records them (end states only with `--accept REPLY`).",
        );
    } else {
        line.push('.');
    }
    line
}

/// `s` for any count but one.
pub fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_says_what_was_recorded_or_how_to() {
        assert_eq!(
            summary(1, &[], &[], false),
            "Read 1 message: 0 answer a vendor, 0 with a proposal."
        );
        assert_eq!(
            summary(3, &[], &[], true),
            "Read 3 messages: 0 answer a vendor, 0 with a proposal; recorded 0."
        );
    }
}
