//! The incident checks: the notification clocks (`breach-notification-due`,
//! `people-notification-due`), the reports not yet acted on
//! (`takedown-pending`) and the incidents still open (`incident-open`).
//! Their evidence files are checked as vendors' are (`evidence-missing`,
//! `evidence-changed`). Pure: `now` is the moment the clocks count to (the
//! real now, or `--today`); the files are asked through `Files`. The law is the organization's own, never a vendor's: we are
//! the controller here.

use chrono::{DateTime, Utc};

use super::{Code, Files, Finding, Severities, Severity};
use crate::incident::{self, Audience, Clock, Measure, Status};
use crate::inventory::{Incident, Inventory, Span};

/// A finding before its severity: `urgent` makes it an error (under 24
/// hours, or passed), `minor` at most `info` (a clock that waits for
/// another step).
struct Raw {
    code: Code,
    span: Span,
    message: String,
    label: String,
    help: String,
    urgent: bool,
    minor: bool,
}

/// Every incident finding at `now`, in file order, with `incident` set.
pub fn run(
    inventory: &Inventory,
    now: DateTime<Utc>,
    severities: &Severities,
    files: &Files<'_>,
) -> Vec<Finding> {
    let zone = inventory.organization.time_zone;
    let mut out = Vec::new();
    for incident in &inventory.incidents {
        let status = incident::evaluate(inventory, incident);
        let mut raw = Vec::new();
        for clock in status.clocks.iter().filter(|c| c.met.is_none()) {
            raw.extend(clock_finding(incident, clock, now, zone));
        }
        takedowns(&status, now, inventory.policy.takedown_days, &mut raw);
        evidence(incident, files, &mut raw);
        if incident::is_open(&status, now) {
            raw.push(Raw {
                code: Code::IncidentOpen,
                span: incident.id.span.clone(),
                message: format!(
                    "incident `{}` is open (aware {}); {} step{} recorded",
                    incident.id.value,
                    moment(incident.aware.value.with_timezone(&Utc), zone),
                    incident.events.len(),
                    if incident.events.len() == 1 { "" } else { "s" }
                ),
                label: "open".into(),
                help: format!(
                    "`linger incident show {0}` shows its timeline; close it with `linger incident mark {0} closed` when nothing is left to do",
                    incident.id.value
                ),
                urgent: false,
                minor: false,
            });
        }
        for raw in raw {
            let severity = severities.get(raw.code);
            let severity = if severity == Severity::Allow {
                continue;
            } else if raw.minor {
                severity.min(Severity::Info)
            } else if raw.urgent {
                Severity::Error
            } else {
                severity
            };
            out.push(Finding {
                code: raw.code,
                severity,
                vendor: None,
                incident: Some(incident.id.value.clone()),
                message: raw.message,
                span: raw.span,
                label: raw.label,
                help: raw.help,
            });
        }
    }
    out.sort_by_key(|f| (f.span.start, f.code));
    out
}

/// `2026-10-27 09:00 +01:00`: a moment as the organization's clocks show it.
fn moment(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

fn clock_finding(
    incident: &Incident,
    clock: &Clock,
    now: DateTime<Utc>,
    zone: chrono_tz::Tz,
) -> Option<Raw> {
    let id = &incident.id.value;
    let (code, whom, kind) = match clock.audience {
        Audience::Authority => (
            Code::BreachNotificationDue,
            "the notification to the authority",
            "authority-notified",
        ),
        Audience::People => (
            Code::PeopleNotificationDue,
            "the notice to the people affected",
            "people-notified",
        ),
    };
    let record = format!("`linger incident mark {id} {kind} --on DATETIME` once it is sent");
    let help = match clock.audience {
        Audience::Authority => format!(
            "draft it with `linger letter --incident {id} --kind breach-notification`; record it with {record}; if the breach is unlikely to result in a risk, say so with `risk = \"unlikely\"`"
        ),
        Audience::People => format!("record it with {record}"),
    };
    let span = incident.aware.span.clone();
    let Some(due) = clock.due else {
        let message = match clock.waits_for {
            Some(why) => format!(
                "incident `{id}`: {whom} is due {} ({}); {why}",
                clock.within(),
                clock.cites
            ),
            None => format!(
                "incident `{id}`: {whom} is due {} ({}); the law names no number of hours",
                clock.within(),
                clock.cites
            ),
        };
        return Some(Raw {
            code,
            span,
            message,
            label: "due".into(),
            help,
            urgent: false,
            minor: clock.waits_for.is_some(),
        });
    };
    let hours = clock.hours_left(now).unwrap_or(0);
    let within = match clock.measure {
        Measure::Hours(_) => format!("{} from `aware`", clock.describe()),
        _ => format!("{} from the day of `aware`", clock.describe()),
    };
    let (message, label) = if due <= now {
        let late = -hours.clamp(i64::MIN + 1, -1);
        let reasons = if clock.cites.contains("GDPR Art. 33") {
            "; a notification made now must give the reasons for the delay"
        } else {
            ""
        };
        (
            format!(
                "incident `{id}`: {whom} was due by {} ({within}, {}), {late} hour{} ago{reasons}",
                moment(due, zone),
                clock.cites,
                if late == 1 { "" } else { "s" },
            ),
            "passed".to_string(),
        )
    } else {
        (
            format!(
                "incident `{id}`: {whom} is due by {} ({within}, {}): {hours} hour{} left",
                moment(due, zone),
                clock.cites,
                if hours == 1 { "" } else { "s" },
            ),
            format!("{hours} hours left"),
        )
    };
    Some(Raw {
        code,
        span,
        message,
        label,
        help,
        urgent: due <= now || hours < 24,
        minor: false,
    })
}

fn takedowns(status: &Status<'_>, now: DateTime<Utc>, days: u32, raw: &mut Vec<Raw>) {
    let id = &status.incident.id.value;
    for report in status.takedowns.iter().filter(|t| t.pending(now, days)) {
        let to = match (&report.party, &report.to) {
            (Some(party), Some(to)) => format!(" to the {party} ({to})"),
            (Some(party), None) => format!(" to the {party}"),
            (None, Some(to)) => format!(" to {to}"),
            (None, None) => String::new(),
        };
        let state = match report.state {
            incident::TakedownState::Refused => "refused".to_string(),
            incident::TakedownState::Acknowledged => {
                format!("acknowledged, not acted on after {days} days")
            }
            _ => format!("no answer after {days} days"),
        };
        let next = match report.next_party() {
            Some(next) => format!(
                "ask the {next} next, then record it: `linger incident mark {id} reported --party {next} --target {} --to ADDRESS`",
                report.target
            ),
            None => format!(
                "follow up with the same party, or record what it did: `linger incident mark {id} acted --target {}`",
                report.target
            ),
        };
        raw.push(Raw {
            code: Code::TakedownPending,
            span: report.span.clone(),
            message: format!(
                "incident `{id}`: `{}` was reported{to} on {}: {state}",
                report.target, report.reported
            ),
            label: "reported here".into(),
            help: next,
            urgent: false,
            minor: false,
        });
    }
}

/// Each step's evidence file: inside the inventory's folder, there, and
/// the file that was recorded.
fn evidence(incident: &Incident, files: &Files<'_>, raw: &mut Vec<Raw>) {
    let id = &incident.id.value;
    for event in &incident.events {
        let Some(evidence) = &event.evidence else {
            continue;
        };
        if evidence.value.contains("://") {
            continue;
        }
        let missing = |label: &str, help: &str| Raw {
            code: Code::EvidenceMissing,
            span: evidence.span.clone(),
            message: format!(
                "incident `{id}`: the evidence file `{}` of its `{}` step is missing",
                evidence.value, event.kind
            ),
            label: label.to_string(),
            help: help.to_string(),
            urgent: false,
            minor: false,
        };
        if crate::inventory::inside::escapes(&evidence.value) {
            raw.push(missing(
                "outside the inventory's folder: linger neither looks at nor hashes it",
                "keep the evidence inside the inventory's folder (e.g. `evidence/…`)",
            ));
            continue;
        }
        if !(files.evidence_exists)(&evidence.value) {
            raw.push(missing(
                "no such file inside the inventory's folder (links are not followed)",
                "add the file, or fix the path (it is resolved from the inventory's directory)",
            ));
            continue;
        }
        let Some(recorded) = &event.evidence_sha256 else {
            continue;
        };
        let found = (files.evidence_sha256)(&evidence.value);
        if found.as_deref() != Some(recorded.value.as_str()) {
            raw.push(Raw {
                code: Code::EvidenceChanged,
                span: recorded.span.clone(),
                message: format!(
                    "incident `{id}`: the evidence file `{}` is not the file that was recorded",
                    evidence.value
                ),
                label: match found {
                    Some(found) => format!("recorded; the file now hashes to {found}"),
                    None => "recorded; the file cannot be read".to_string(),
                },
                help: "restore the original: a changed file no longer proves what the step says"
                    .to_string(),
                urgent: false,
                minor: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(law: &str, extra: &str, now: &str) -> Vec<Finding> {
        let text = format!(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\nlaw = \"{law}\"\ntime_zone = \"America/Toronto\"\n\n[[incident]]\nid = \"a\"\naware = 2026-11-02T09:00:00-05:00\n{extra}"
        );
        let inventory = crate::inventory::parse(
            &text,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .unwrap();
        let now = DateTime::parse_from_rfc3339(now)
            .unwrap()
            .with_timezone(&Utc);
        let files = Files {
            evidence_exists: &|_| true,
            evidence_sha256: &|_| None,
            has_subjects: &|_| false,
            subjects_problem: &|_| None,
        };
        run(&inventory, now, &Severities::default(), &files)
    }

    fn of(found: &[Finding], code: Code) -> Vec<&Finding> {
        found.iter().filter(|f| f.code == code).collect()
    }

    #[test]
    fn pipeda_names_no_hours_and_never_turns_them_into_an_error() {
        // A month later, still only a warning: the law says "as soon as
        // feasible", and linger does not invent a deadline.
        let found = findings("pipeda", "", "2026-12-02T09:00:00-05:00");
        for code in [Code::BreachNotificationDue, Code::PeopleNotificationDue] {
            let found = of(&found, code);
            assert_eq!(found.len(), 1, "{code}");
            assert_eq!(found[0].severity, Severity::Warn);
            assert!(
                found[0].message.contains("as soon as feasible"),
                "{}",
                found[0].message
            );
            assert!(
                !found[0].message.contains("hours left"),
                "{}",
                found[0].message
            );
        }
        // Assessed as no real risk of significant harm: no clock at all.
        let found = findings(
            "pipeda",
            "risk = \"unlikely\"\n",
            "2026-12-02T09:00:00-05:00",
        );
        assert!(of(&found, Code::BreachNotificationDue).is_empty());
    }

    #[test]
    fn gdpr_tells_the_people_only_when_the_risk_is_high() {
        let found = findings("gdpr", "risk = \"risk\"\n", "2026-11-02T10:00:00-05:00");
        assert!(of(&found, Code::PeopleNotificationDue).is_empty());
        let found = findings("gdpr", "risk = \"high\"\n", "2026-11-02T10:00:00-05:00");
        let people = of(&found, Code::PeopleNotificationDue);
        assert_eq!(people[0].severity, Severity::Warn);
        assert!(people[0].message.contains("without undue delay"));
        assert_eq!(people[0].incident.as_deref(), Some("a"));
    }

    #[test]
    fn california_counts_30_days_and_the_attorney_generals_copy_waits_for_the_notice() {
        let found = findings("ccpa", "people = 800\n", "2026-11-03T09:00:00-05:00");
        let people = of(&found, Code::PeopleNotificationDue);
        assert!(
            people[0].message.contains("due by 2026-12-03 00:00 -05:00"),
            "{}",
            people[0].message
        );
        let copy = of(&found, Code::BreachNotificationDue);
        assert_eq!(copy[0].severity, Severity::Info, "{}", copy[0].message);
        assert!(copy[0].message.contains("§1798.82(f)"));
        // 500 residents or fewer: no copy is due.
        let found = findings("ccpa", "people = 400\n", "2026-11-03T09:00:00-05:00");
        assert!(of(&found, Code::BreachNotificationDue).is_empty());
        // Once the residents were told, the copy's 15 days run from then.
        let found = findings(
            "ccpa",
            "people = 800\n\n[[incident.event]]\non = 2026-11-10T12:00:00-05:00\nkind = \"people-notified\"\npeople = 800\n",
            "2026-11-20T09:00:00-05:00",
        );
        let copy = of(&found, Code::BreachNotificationDue);
        assert!(
            copy[0].message.contains("due by 2026-11-26 00:00 -05:00"),
            "{}",
            copy[0].message
        );
        assert_eq!(copy[0].severity, Severity::Warn);
    }

    #[test]
    fn an_allowed_code_stays_silent_even_when_passed() {
        let mut severities = Severities::default();
        severities.set(Code::BreachNotificationDue, Severity::Allow);
        let text = "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n[[incident]]\nid = \"a\"\naware = 2026-11-02T09:00:00Z\n";
        let inventory =
            crate::inventory::parse(text, chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap())
                .unwrap();
        let files = Files {
            evidence_exists: &|_| true,
            evidence_sha256: &|_| None,
            has_subjects: &|_| false,
            subjects_problem: &|_| None,
        };
        let now = DateTime::parse_from_rfc3339("2026-11-20T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let found = run(&inventory, now, &severities, &files);
        assert!(of(&found, Code::BreachNotificationDue).is_empty());
        assert_eq!(of(&found, Code::IncidentOpen).len(), 1);
    }
}
