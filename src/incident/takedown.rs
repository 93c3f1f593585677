//! The takedown of what an incident reported: each `reported` event opens
//! a report about a target (a phishing domain, a sending account), and the
//! answers that name the same target (`acknowledged`, `acted`, `refused`)
//! move it on: waiting, acknowledged, refused, down. A report with no
//! `acted` after `policy.takedown_days` is pending, with the next party to
//! ask (a registrar's registry, a host's or sending service's network).

use chrono::{DateTime, TimeDelta, Utc};
use chrono_tz::Tz;

use super::clock::instant;
use crate::inventory::{Incident, IncidentEventKind, Party, Span, When};

/// Where one report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TakedownState {
    /// Sent, no answer yet.
    Waiting,
    Acknowledged,
    Refused,
    /// The party acted: the account suspended, the domain taken down.
    Down,
}

impl TakedownState {
    pub fn as_str(self) -> &'static str {
        match self {
            TakedownState::Waiting => "waiting",
            TakedownState::Acknowledged => "acknowledged",
            TakedownState::Refused => "refused",
            TakedownState::Down => "down",
        }
    }
}

/// One report and what became of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Takedown {
    /// What was reported (the event's `target`, else its `to`).
    pub target: String,
    pub party: Option<Party>,
    pub to: Option<String>,
    pub reported: When,
    /// The `reported` event, for findings to point at.
    pub span: Span,
    pub state: TakedownState,
    /// The last answer's day, when there was one.
    pub since: Option<When>,
    reported_at: DateTime<Utc>,
}

impl Takedown {
    /// Still not down `days` after the report, at `now`: a refusal is
    /// pending at once (there is nothing to wait for).
    pub fn pending(&self, now: DateTime<Utc>, days: u32) -> bool {
        match self.state {
            TakedownState::Down => false,
            TakedownState::Refused => true,
            _ => now - self.reported_at >= TimeDelta::days(i64::from(days)),
        }
    }

    /// Whether an answer naming `target` is about this report.
    fn is(&self, target: &str) -> bool {
        self.target == target || self.to.as_deref() == Some(target)
    }

    /// Whom to ask next.
    pub fn next_party(&self) -> Option<Party> {
        self.party.and_then(Party::next)
    }
}

/// Every report of the incident, in the order reported. An answer goes to
/// the latest report before it with the same target.
pub fn of(incident: &Incident, zone: Tz) -> Vec<Takedown> {
    let mut out: Vec<Takedown> = Vec::new();
    for event in &incident.events {
        let target = event.target.clone().or_else(|| event.to.clone());
        match event.kind {
            IncidentEventKind::Reported => {
                let Some(target) = target else { continue };
                out.push(Takedown {
                    target,
                    party: event.party,
                    to: event.to.clone(),
                    reported: event.on.value,
                    span: event.span.clone(),
                    state: TakedownState::Waiting,
                    since: None,
                    reported_at: instant(event.on.value, zone),
                });
            }
            IncidentEventKind::Acted => {
                // Down is down for every report about the target.
                let Some(target) = target else { continue };
                for report in out.iter_mut().filter(|t| t.is(&target)) {
                    report.state = TakedownState::Down;
                    report.since = Some(event.on.value);
                }
            }
            kind if kind.answers_report() => {
                let Some(target) = target else { continue };
                let Some(report) = out.iter_mut().rfind(|t| t.is(&target)) else {
                    continue;
                };
                if report.state != TakedownState::Down {
                    report.state = match kind {
                        IncidentEventKind::Refused => TakedownState::Refused,
                        _ => TakedownState::Acknowledged,
                    };
                    report.since = Some(event.on.value);
                }
            }
            _ => {}
        }
    }
    out
}
