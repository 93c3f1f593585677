//! The audit report (`linger report`): one self-contained HTML page, or the
//! same content as Markdown, for the auditor, the board or a ticket. Pure:
//! the model is built from the inventory, `today`, the findings of
//! `check`, the commit the caller found, and a function that makes an
//! evidence path into a link; the templates turn it into text.
//!
//! When the inventory has incidents, the report opens with their story
//! (`incident`): facts, clocks, reports and steps, as `crate::incident`
//! computes them at `Made::now`.
//!
//! The HTML has no script, font, image or stylesheet from elsewhere: the
//! timelines are inline SVG, the styles are in the page, and a print
//! stylesheet keeps each vendor on one page where it fits. Every string
//! from the inventory is escaped by the template engine.

mod incident;
mod timeline;

use chrono::{DateTime, NaiveDate, Utc};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::checks::{Finding, Severity};
use crate::inventory::{Inventory, Language, Source};
use crate::status::evaluate;
use crate::views::{self, OverdueRow};

pub use timeline::Timeline;

const HTML: &str = include_str!("report.html");
const MARKDOWN: &str = include_str!("report.md");

/// The git commit the inventory was read at.
#[derive(Debug, Clone, Serialize)]
pub struct Commit {
    pub id: String,
    /// The inventory differs from that commit.
    pub dirty: bool,
}

/// What the caller knows about where the report is made.
pub struct Made<'a> {
    pub today: NaiveDate,
    /// The moment the incidents' hour clocks count to (`--today` with a
    /// time, or now).
    pub now: DateTime<Utc>,
    /// The inventory's file name, as the report names it.
    pub file: &'a str,
    pub commit: Option<Commit>,
    /// An evidence value (a path relative to the inventory, or a URL) as a
    /// link the reader can follow from where the report is written.
    pub evidence_href: &'a dyn Fn(&str) -> String,
}

/// What the report's templates see: the whole page.
#[derive(Debug, Serialize)]
struct Page<'a> {
    version: &'static str,
    organization: &'a str,
    made_on: NaiveDate,
    file: &'a str,
    commit: Option<Commit>,
    summary: Summary,
    /// Open incidents first, then closed ones; empty: no section.
    incidents: Vec<incident::IncidentView<'a>>,
    overdue: Vec<OverdueRow<'a>>,
    vendors: Vec<VendorView<'a>>,
    findings: Vec<FindingView>,
    /// The findings about no vendor (the organization, a source).
    general: Vec<FindingView>,
    by_code: Vec<CodeCount>,
    axis: Vec<timeline::Tick>,
    today_x: f64,
}

#[derive(Debug, Default, Serialize)]
struct Summary {
    vendors: usize,
    in_use: usize,
    retired: usize,
    holding_data: usize,
    overdue: usize,
    done: usize,
    errors: usize,
    warnings: usize,
    incidents: usize,
    incidents_open: usize,
}

#[derive(Debug, Serialize)]
struct VendorView<'a> {
    id: &'a str,
    name: &'a str,
    website: Option<&'a str>,
    state: String,
    used_from: Option<NaiveDate>,
    retired_on: Option<NaiveDate>,
    due_on: Option<NaiveDate>,
    days_overdue: Option<i64>,
    overdue: bool,
    done: bool,
    next_action: Option<String>,
    data: Vec<&'a str>,
    events: Vec<EventView<'a>>,
    timeline: Timeline,
    /// The findings about this vendor (the HTML shows them in its section).
    findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
struct EventView<'a> {
    on: NaiveDate,
    kind: &'static str,
    note: Option<&'a str>,
    reference: Option<&'a str>,
    evidence: Option<Link<'a>>,
    /// The evidence file's SHA-256 as recorded, for an auditor to verify.
    sha256: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct Link<'a> {
    text: &'a str,
    href: String,
}

/// How many findings a code has, for the HTML's summary of the findings.
#[derive(Debug, Serialize)]
struct CodeCount {
    code: &'static str,
    severity: &'static str,
    count: usize,
}

#[derive(Debug, Clone, Serialize)]
struct FindingView {
    code: &'static str,
    severity: &'static str,
    vendor: Option<String>,
    incident: Option<String>,
    message: String,
    line: usize,
    help: String,
}

/// The format of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Markdown,
}

/// How serious a severity is, for ordering: errors first.
fn rank(severity: Severity) -> u8 {
    match severity {
        Severity::Error => 3,
        Severity::Warn => 2,
        Severity::Info => 1,
        Severity::Allow => 0,
    }
}

/// Renders the report of `inventory` with the findings of `check`.
pub fn render(
    inventory: &Inventory,
    source: &Source,
    findings: &[Finding],
    made: &Made<'_>,
    format: Format,
) -> Result<String, String> {
    let report = build(inventory, source, findings, made);
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("md", markdown_text);
    env.add_filter("thousands", crate::printable::thousands);
    let (name, text, escape) = match format {
        Format::Html => ("report.html", HTML, AutoEscape::Html),
        Format::Markdown => ("report.md", MARKDOWN, AutoEscape::None),
    };
    env.set_auto_escape_callback(move |_| escape.clone());
    env.add_template(name, text).map_err(|e| e.to_string())?;
    env.get_template(name)
        .and_then(|t| t.render(minijinja::value::Serde(&report)))
        .map_err(|e| e.to_string())
}

fn build<'a>(
    inventory: &'a Inventory,
    source: &Source,
    findings: &[Finding],
    made: &Made<'a>,
) -> Page<'a> {
    let today = made.today;
    let statuses: Vec<_> = (inventory.vendors.iter())
        .map(|v| evaluate(inventory, v, today))
        .collect();
    let axis = timeline::Axis::of(inventory, &statuses, today);
    let mut summary = Summary {
        vendors: inventory.vendors.len(),
        ..Summary::default()
    };
    let mut vendors = Vec::with_capacity(inventory.vendors.len());
    for (vendor, status) in inventory.vendors.iter().zip(&statuses) {
        let done = status.state.is_done();
        summary.retired += usize::from(status.retired);
        summary.in_use += usize::from(!status.retired);
        summary.overdue += usize::from(status.is_overdue());
        summary.done += usize::from(done);
        summary.holding_data += usize::from(!done && vendor.may_hold_data());
        vendors.push(VendorView {
            id: &vendor.id.value,
            name: &vendor.name,
            website: vendor.website.as_ref().map(|w| w.value.as_str()),
            state: status.state.to_string(),
            used_from: vendor.used_from,
            retired_on: vendor.retired_on.as_ref().map(|r| r.value),
            due_on: status.due.map(|d| d.on),
            days_overdue: status.days_overdue,
            overdue: status.is_overdue(),
            done,
            next_action: status.next_action.map(|a| a.to_string()),
            // In words, as `show` and the letters give them.
            data: (vendor.data.iter().flatten())
                .map(|c| crate::lang::category_label(&c.value, Language::En))
                .collect(),
            events: (vendor.events.iter())
                .map(|e| EventView {
                    on: e.on.value,
                    kind: e.kind.as_str(),
                    note: e.note.as_deref(),
                    reference: e.reference.as_deref(),
                    evidence: e.evidence.as_ref().map(|ev| Link {
                        text: &ev.value,
                        href: (made.evidence_href)(&ev.value),
                    }),
                    sha256: e.evidence_sha256.as_ref().map(|h| h.value.as_str()),
                })
                .collect(),
            timeline: axis.timeline(vendor, status),
            findings: Vec::new(),
        });
    }
    // The worst first, in file order within a severity: a reader who stops
    // after the first lines has seen the errors.
    let mut findings: Vec<&Finding> = findings.iter().collect();
    findings.sort_by_key(|f| std::cmp::Reverse(rank(f.severity)));
    let findings: Vec<FindingView> = findings
        .into_iter()
        .map(|f| {
            summary.errors += usize::from(f.severity == Severity::Error);
            summary.warnings += usize::from(f.severity == Severity::Warn);
            FindingView {
                code: f.code.as_str(),
                severity: f.severity.as_str(),
                vendor: f.vendor.clone(),
                incident: f.incident.clone(),
                message: f.message.clone(),
                line: source.line_col(f.span.start).0,
                help: f.help.clone(),
            }
        })
        .collect();
    // Each vendor's findings in its own section: a page of a thousand
    // vendors then lays out only the sections on screen, where one table
    // of every finding would be laid out whole.
    let mut incidents = incident::views(inventory, made.now, made);
    summary.incidents = incidents.len();
    summary.incidents_open = incidents.iter().filter(|i| i.open).count();
    let mut general = Vec::new();
    for finding in &findings {
        let vendor =
            (finding.vendor.as_deref()).and_then(|id| vendors.iter_mut().find(|v| v.id == id));
        let incident =
            (finding.incident.as_deref()).and_then(|id| incidents.iter_mut().find(|i| i.id == id));
        match (vendor, incident) {
            (Some(vendor), _) => vendor.findings.push(finding.clone()),
            (None, Some(incident)) => incident.findings.push(finding.clone()),
            (None, None) => general.push(finding.clone()),
        }
    }
    let mut by_code: Vec<CodeCount> = Vec::new();
    for finding in &findings {
        match by_code.iter_mut().find(|c| c.code == finding.code) {
            Some(count) => count.count += 1,
            None => by_code.push(CodeCount {
                code: finding.code,
                severity: finding.severity,
                count: 1,
            }),
        }
    }
    Page {
        version: env!("CARGO_PKG_VERSION"),
        organization: &inventory.organization.name,
        made_on: today,
        file: made.file,
        commit: made.commit.clone(),
        summary,
        incidents,
        overdue: views::overdue(inventory, today, None),
        vendors,
        findings,
        general,
        by_code,
        axis: axis.ticks(),
        today_x: axis.x(today),
    }
}

/// Text for a Markdown table cell or line: the characters Markdown would
/// read as markup are escaped, line breaks become spaces.
fn markdown_text(text: String) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_escapes_markup() {
        assert_eq!(
            markdown_text("a|b [x](javascript:y) <b>\n*".into()),
            "a\\|b \\[x\\](javascript:y) \\<b\\> \\*"
        );
    }
}
