//! Checks about time: overdue requests and answers, refusals, a vendor's own
//! retention promise, and deadlines coming up.

use super::{Code, Raw, Subject};
use crate::deadline::{add_days, days_between};
use crate::status::{NextAction, Stage, State};

/// How far ahead `due-soon` looks.
pub const DUE_SOON_DAYS: i64 = 7;

pub(super) fn check(s: &Subject<'_>, push: &mut impl FnMut(Raw)) {
    let vendor = s.vendor;
    let id = &vendor.id.value;
    let last_event_span = vendor.last_event().map(|e| e.span.clone());

    if let (Some(due), Some(days)) = (s.status.due, s.status.days_overdue) {
        let span = match due.stage {
            Stage::Request => vendor.retired_on.as_ref().map(|r| r.span.clone()),
            Stage::Response => vendor.last_event().map(|e| e.on.span.clone()),
        }
        .unwrap_or_else(|| vendor.span.clone());
        if days > 0 {
            let (code, message) = match due.stage {
                Stage::Request => (
                    Code::RequestOverdue,
                    format!("`{id}` was retired but never asked to delete its data"),
                ),
                Stage::Response => (
                    Code::ResponseOverdue,
                    format!("`{id}` has not confirmed deletion by its deadline"),
                ),
            };
            push(Raw {
                code,
                span,
                message,
                label: format!(
                    "{} was due {} ({} ago)",
                    due.stage,
                    due.on,
                    plural_days(days)
                ),
                help: next_step(id, s.status.next_action),
            });
        } else if -days <= DUE_SOON_DAYS {
            let ahead = -days;
            push(Raw {
                code: Code::DueSoon,
                span,
                message: format!("`{id}`: the {} is due {}", due.stage, due.on),
                label: if ahead == 0 {
                    "due today".to_string()
                } else {
                    format!("due in {}", plural_days(ahead))
                },
                help: match due.stage {
                    Stage::Request => format!("send the request now: `linger letter {id}`"),
                    Stage::Response => format!(
                        "nothing to do yet; if no confirmation comes, `linger letter {id} --kind follow-up` after {}",
                        due.on
                    ),
                },
            });
        }
    }

    if s.status.state == State::Refused {
        push(Raw {
            code: Code::DeletionRefused,
            span: last_event_span.unwrap_or_else(|| vendor.span.clone()),
            message: format!("`{id}` refused to delete its data"),
            label: "refused here".to_string(),
            help: next_step(id, s.status.next_action),
        });
    }

    if let (Some(retired), Some(retention)) = (&vendor.retired_on, &vendor.retention_days)
        && vendor.is_retired(s.today)
        && !s.status.state.is_done()
    {
        let promised = add_days(retired.value, retention.value);
        if s.today > promised {
            push(Raw {
                code: Code::RetentionUnverified,
                span: retention.span.clone(),
                message: format!(
                    "`{id}` promised deletion {} after the end, and nobody has confirmed it",
                    plural_days(i64::from(retention.value))
                ),
                label: format!(
                    "should have been deleted by {promised} ({} ago)",
                    plural_days(days_between(promised, s.today))
                ),
                help: format!(
                    "check in the vendor's console or ask for a certificate, then `linger mark {id} confirmed --evidence PATH`"
                ),
            });
        }
    }
}

/// The command that moves a vendor forward.
fn next_step(id: &str, action: Option<NextAction>) -> String {
    match action {
        Some(NextAction::Request) => format!(
            "draft the request with `linger letter {id}`, send it, then `linger mark {id} requested`"
        ),
        Some(NextAction::FollowUp) => format!(
            "send a follow-up: `linger letter {id} --kind follow-up`, then `linger mark {id} reminded`"
        ),
        Some(NextAction::Escalation) => format!(
            "report it to the authority: `linger letter {id} --kind escalation`, then `linger mark {id} escalated`"
        ),
        Some(NextAction::FinalNotice) => format!(
            "no authority oversees a contract: send the final notice, `linger letter {id} --kind final-notice`, then `linger mark {id} escalated`"
        ),
        None => format!("see `linger show {id}`"),
    }
}

pub fn plural_days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}
