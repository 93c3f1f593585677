//! The checks: a linter over the inventory. Each finding has a stable code,
//! a severity, the place in the file it is about, and the next command to
//! run. Pure: the questions that need the file system (does an evidence
//! file exist? does a vendor have a subject set?) are asked through
//! closures the caller provides (`Files`).

mod canary;
mod code;
mod deadlines;
mod incident;
mod logins;
mod online;
mod placeholders;
mod records;
mod takedown;
mod verify;

use chrono::NaiveDate;

pub use code::{Code, Severities, Severity};
pub use incident::run as run_incidents;
pub use logins::run as run_logins;
pub use takedown::run as run_takedowns;

use crate::holidays::Country;
use crate::inventory::{Inventory, Span};
use crate::status::{Status, evaluate};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: Code,
    pub severity: Severity,
    /// The vendor the finding is about; none for the organization.
    pub vendor: Option<String>,
    /// The incident the finding is about, if any.
    pub incident: Option<String>,
    pub message: String,
    pub span: Span,
    /// What the caret under `span` says.
    pub label: String,
    /// What to do about it, ideally a command.
    pub help: String,
}

/// What a check learns about a vendor, and where it reports.
pub(crate) struct Subject<'a> {
    pub vendor: &'a crate::inventory::Vendor,
    pub status: Status,
    pub today: NaiveDate,
    pub policy: &'a crate::inventory::Policy,
}

/// A finding before its severity is applied.
pub(crate) struct Raw {
    pub code: Code,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: String,
}

/// What the checks may ask of the world outside the inventory, answered by
/// the caller: whether an evidence path exists (relative to the inventory),
/// whether a vendor has a subject set (`subjects/ID.hashes`), and what is
/// wrong with that set.
pub struct Files<'a> {
    pub evidence_exists: &'a dyn Fn(&str) -> bool,
    /// The SHA-256 of an evidence file (lower-case hex), `None` when it
    /// cannot be read.
    pub evidence_sha256: &'a dyn Fn(&str) -> Option<String>,
    pub has_subjects: &'a dyn Fn(&str) -> bool,
    /// What is wrong with a vendor's subject set, and what to do: `None`
    /// when it is sound (or there is none).
    pub subjects_problem: &'a dyn Fn(&str) -> Option<(String, String)>,
}

/// Runs every check that `severities` does not allow, in file order.
pub fn run(
    inventory: &Inventory,
    today: NaiveDate,
    severities: &Severities,
    files: &Files<'_>,
) -> Vec<Finding> {
    let mut raw: Vec<(Option<usize>, Raw)> = Vec::new();
    if let Some(finding) = unsupported_country(inventory) {
        raw.push((None, finding));
    }
    for finding in placeholders::check(&inventory.organization) {
        raw.push((None, finding));
    }
    for (index, vendor) in inventory.vendors.iter().enumerate() {
        let subject = Subject {
            vendor,
            status: evaluate(inventory, vendor, today),
            today,
            policy: &inventory.policy,
        };
        let mut push = |finding: Raw| raw.push((Some(index), finding));
        deadlines::check(&subject, &mut push);
        records::check(&subject, files, &mut push);
        verify::check(&subject, &mut push);
        canary::check(&subject, &mut push);
    }
    records::duplicate_domains(inventory, &mut |index, finding| {
        raw.push((Some(index), finding))
    });

    let mut findings: Vec<Finding> = raw
        .into_iter()
        .filter_map(|(index, raw)| {
            let severity = severities.get(raw.code);
            finish(inventory, index, raw, severity)
        })
        .collect();
    findings.sort_by_key(|f| (f.span.start, f.code));
    findings
}

/// The online checks over `facts` (see `checks::online`), in file order.
/// A finding the check calls minor (a breach before our time or after the
/// deletion) is at most `info`, whatever `severities` says of its code; one
/// it calls major (a lookalike registered in the last 30 days) is an
/// error unless the code is allowed.
pub fn run_online(
    inventory: &Inventory,
    severities: &Severities,
    facts: &crate::online::Facts,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut findings: Vec<Finding> = online::check(inventory, facts, today)
        .into_iter()
        .filter_map(|found| {
            let severity = severities.get(found.raw.code);
            let severity = if found.minor {
                severity.min(Severity::Info)
            } else if found.major && severity != Severity::Allow {
                Severity::Error
            } else {
                severity
            };
            finish(inventory, found.vendor, found.raw, severity)
        })
        .collect();
    findings.sort_by_key(|f| (f.span.start, f.code));
    findings
}

/// The finding `raw` makes at `severity`; none when that is `allow`.
fn finish(
    inventory: &Inventory,
    vendor: Option<usize>,
    raw: Raw,
    severity: Severity,
) -> Option<Finding> {
    (severity != Severity::Allow).then(|| Finding {
        code: raw.code,
        severity,
        vendor: vendor.map(|i| inventory.vendors[i].id.value.clone()),
        incident: None,
        message: raw.message,
        span: raw.span,
        label: raw.label,
        help: raw.help,
    })
}

/// A country without a holiday calendar: only weekends then move deadlines,
/// which may call a vendor late on a day nobody worked.
fn unsupported_country(inventory: &Inventory) -> Option<Raw> {
    let country = inventory.organization.country.as_ref()?;
    if Country::parse(&country.value).is_some() {
        return None;
    }
    Some(Raw {
        code: Code::UnsupportedCountry,
        span: country.span.clone(),
        message: format!(
            "linger has no public-holiday calendar for `{}`: only weekends move deadlines",
            country.value
        ),
        label: "no holiday calendar".into(),
        help: format!(
            "linger knows {}; list your public holidays in `[policy] holidays = [2026-12-24, …]`",
            Country::names().join(", ")
        ),
    })
}

/// Severities after the inventory's `[checks]` table and then the command
/// line (`--deny`, `--warn`, `--allow`, applied in that order).
pub fn severities(inventory: &Inventory, overrides: &[(Code, Severity)]) -> Severities {
    let mut severities = Severities::default();
    for (code, severity) in inventory.checks.iter().chain(overrides) {
        severities.set(*code, *severity);
    }
    severities
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub error: usize,
    pub warn: usize,
    pub info: usize,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Self {
        let mut summary = Self::default();
        for finding in findings {
            match finding.severity {
                Severity::Error => summary.error += 1,
                Severity::Warn => summary.warn += 1,
                Severity::Info => summary.info += 1,
                Severity::Allow => {}
            }
        }
        summary
    }
}
