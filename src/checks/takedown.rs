//! The takedown re-check of `check --online`, over what was seen of each
//! reported phishing domain (`online::takedown::Observation`): a domain
//! gone (`takedown-observed`, proposing `acted`), a domain that could not
//! be looked at (`online-check-failed`), and the `takedown-pending`
//! findings made concrete: dropped for a domain that is gone, and given
//! the next party's address and what was seen when it is still up. Pure:
//! whether a domain is gone is `incident::gone`'s to say.

use chrono::{DateTime, Utc};

use super::{Code, Finding, Severities, Severity};
use crate::incident::gone::{self, Open};
use crate::inventory::Inventory;
use crate::online::takedown::Observation;

/// `2026-12-07 23:10 +01:00`: the moment as the organization's clocks show it.
fn moment(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// The findings of the re-check at `now`, and `findings` (the offline
/// ones) amended.
pub fn run(
    inventory: &Inventory,
    observations: &[Observation],
    now: DateTime<Utc>,
    severities: &Severities,
    findings: &mut Vec<Finding>,
) {
    let zone = inventory.organization.time_zone;
    let reports = gone::open_reports(inventory, now);
    let seen = |domain: &str| observations.iter().find(|o| o.domain == domain);
    findings.retain_mut(|finding| {
        if finding.code != Code::TakedownPending {
            return true;
        }
        let report = reports
            .iter()
            .find(|r| r.span == finding.span && finding.incident.as_deref() == Some(r.incident));
        let Some((report, o)) = report.and_then(|r| Some((r, seen(&r.domain)?))) else {
            return true;
        };
        let decision = gone::decide(o);
        if decision.gone {
            // `takedown-observed` says it, with what to record.
            return false;
        }
        if !decision.seen.is_empty() {
            finding.message = format!(
                "{}; seen {}: {}",
                finding.message,
                moment(now, zone),
                decision.seen.join("; ")
            );
        }
        amend_next(finding, report, o);
        true
    });
    let push = |findings: &mut Vec<Finding>, code, open: &Open<'_>, message, label, help| {
        let severity = severities.get(code);
        if severity != Severity::Allow {
            findings.push(Finding {
                code,
                severity,
                vendor: None,
                incident: Some(open.incident.to_string()),
                message,
                span: open.span.clone(),
                label,
                help,
            });
        }
    };
    for proposal in gone::proposals(inventory, observations, now) {
        let Some(open) = reports
            .iter()
            .find(|r| r.span == proposal.span && r.incident == proposal.incident)
        else {
            continue;
        };
        let (id, domain) = (&proposal.incident, &proposal.domain);
        push(
            findings,
            Code::TakedownObserved,
            open,
            format!(
                "incident `{id}`: `{domain}` is gone, seen {}: {}",
                moment(now, zone),
                proposal.seen.join("; ")
            ),
            "reported here; now gone".to_string(),
            format!(
                "record it as `acted` with this observation as evidence: `linger check --online --apply` (or `linger incident mark {id} acted --target {domain}`)"
            ),
        );
    }
    for o in observations {
        let decision = gone::decide(o);
        let Some(open) = reports.iter().find(|r| r.domain == o.domain) else {
            continue;
        };
        if decision.gone || decision.failed.is_empty() {
            continue;
        }
        push(
            findings,
            Code::OnlineCheckFailed,
            open,
            format!(
                "could not re-check the reported domain `{}`: {}",
                o.domain,
                decision.failed.join("; ")
            ),
            "not re-checked".to_string(),
            "run `linger check --online` again later; `docs/online.md` says how to use a mirror or a proxy".to_string(),
        );
    }
}

/// Names the next party's address, found online, in a pending report's
/// finding.
fn amend_next(finding: &mut Finding, report: &Open<'_>, o: &Observation) {
    let Some(next) = report.next else {
        return;
    };
    let Some(contact) = gone::next_contact(next, o) else {
        return;
    };
    finding.message = format!("{}; next: {}", finding.message, contact.words);
    finding.help = format!(
        "write to {}, then record it: `linger incident mark {} reported --party {} --target {} --to {}`",
        contact.address, report.incident, contact.party, report.domain, contact.address
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::online::doh::Answer;
    use crate::online::rdap::DomainStatus;

    const TEXT: &str = "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\ntime_zone = \"Europe/Oslo\"\n\n[[incident]]\nid = \"a\"\naware = 2026-11-29T08:30:00+01:00\n\n[[incident.event]]\non = 2026-11-29T12:00:00+01:00\nkind = \"reported\"\nparty = \"registrar\"\ntarget = \"phish.example\"\nto = \"abuse@registrar.example\"\n";

    fn observed(a: Answer) -> Observation {
        Observation {
            domain: "phish.example".into(),
            aaaa: matches!(a, Answer::Records(_)).then(|| Ok(Answer::Records(vec![]))),
            a: Ok(a),
            rdap: Ok(DomainStatus::Listed {
                status: vec!["active".into()],
                registrar: None,
                registrar_abuse: None,
                registry_abuse: Some("abuse@registry.example".into()),
            }),
            web: None,
            network: None,
        }
    }

    fn findings(o: Observation, text: &str) -> Vec<Finding> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let inventory = crate::inventory::parse(text, today).unwrap();
        let now = DateTime::parse_from_rfc3339("2026-12-07T10:00:00+01:00")
            .unwrap()
            .with_timezone(&Utc);
        let severities = Severities::default();
        let files = super::super::Files {
            evidence_exists: &|_| true,
            evidence_sha256: &|_| None,
            has_subjects: &|_| false,
            subjects_problem: &|_| None,
        };
        let mut found = super::super::run_incidents(&inventory, now, &severities, &files);
        run(&inventory, &[o], now, &severities, &mut found);
        found
    }

    #[test]
    fn a_gone_domain_is_proposed_and_no_longer_pending() {
        let found = findings(observed(Answer::NoSuchName), TEXT);
        assert!(found.iter().all(|f| f.code != Code::TakedownPending));
        let observed: Vec<_> = found
            .iter()
            .filter(|f| f.code == Code::TakedownObserved)
            .collect();
        assert_eq!(observed.len(), 1);
        assert_eq!(observed[0].severity, Severity::Info);
        assert!(
            observed[0].message.contains(
                "`phish.example` is gone, seen 2026-12-07 10:00 +01:00: DNS: no such name"
            ),
            "{}",
            observed[0].message
        );
        // Once `acted` is recorded, nothing is proposed.
        let acted = format!(
            "{TEXT}\n[[incident.event]]\non = 2026-12-07T10:00:00+01:00\nkind = \"acted\"\ntarget = \"phish.example\"\n"
        );
        let found = findings(self::observed(Answer::NoSuchName), &acted);
        assert!(found.iter().all(|f| f.code != Code::TakedownObserved));
    }

    #[test]
    fn a_domain_still_up_stays_pending_with_the_registrys_address() {
        let found = findings(observed(Answer::Records(vec!["203.0.113.7".into()])), TEXT);
        let pending: Vec<_> = found
            .iter()
            .filter(|f| f.code == Code::TakedownPending)
            .collect();
        assert_eq!(pending.len(), 1);
        assert!(
            pending[0].message.contains("DNS: resolves to 203.0.113.7")
                && pending[0].message.contains("abuse@registry.example"),
            "{}",
            pending[0].message
        );
        assert!(
            pending[0]
                .help
                .contains("--party registry --target phish.example --to abuse@registry.example"),
            "{}",
            pending[0].help
        );
        assert!(found.iter().all(|f| f.code != Code::TakedownObserved));
    }
}
