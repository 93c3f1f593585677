//! Where a vendor stands: its deletion state, its due date and the next
//! action, evaluated from the inventory's facts and a `today`
//! (docs/inventory.md, "Due dates" and "Next action"). Pure.

use chrono::{Datelike, NaiveDate};

use crate::deadline::{DayOff, Window, add_days, days_between};
use crate::inventory::{EventKind, Inventory, Vendor};
use crate::terms::keyword_enum;

keyword_enum! {
    /// The deletion state: the kind of the vendor's last event, or `none`.
    /// An enum of its own rather than `Option<EventKind>`, so that `none`
    /// prints, serialises, sorts and matches like every other state in the
    /// views, the report and `--format json`; `From<EventKind>` keeps the two
    /// lists in step (a new event kind fails to compile until it is added).
    State {
        None = "none",
        Requested = "requested",
        Acknowledged = "acknowledged",
        Extended = "extended",
        Reminded = "reminded",
        Refused = "refused",
        Escalated = "escalated",
        Confirmed = "confirmed",
        NotNeeded = "not-needed",
        Bounced = "bounced",
        Verified = "verified",
    }
}

impl From<EventKind> for State {
    fn from(kind: EventKind) -> Self {
        match kind {
            EventKind::Requested => State::Requested,
            EventKind::Acknowledged => State::Acknowledged,
            EventKind::Extended => State::Extended,
            EventKind::Reminded => State::Reminded,
            EventKind::Refused => State::Refused,
            EventKind::Escalated => State::Escalated,
            EventKind::Confirmed => State::Confirmed,
            EventKind::NotNeeded => State::NotNeeded,
            EventKind::Bounced => State::Bounced,
            EventKind::Verified => State::Verified,
        }
    }
}

impl State {
    /// The deletion is finished: confirmed, not needed, or (after either)
    /// verified by a person.
    pub fn is_done(self) -> bool {
        matches!(self, State::Confirmed | State::NotNeeded | State::Verified)
    }
}

keyword_enum! {
    /// What a due date is waiting for: our request, or the vendor's answer.
    Stage {
        Request = "request",
        Response = "response",
    }
}

keyword_enum! {
    /// The letter a vendor needs next.
    NextAction {
        Request = "request",
        FollowUp = "follow-up",
        Escalation = "escalation",
        FinalNotice = "final-notice",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    pub on: NaiveDate,
    pub stage: Stage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    pub retired: bool,
    pub due: Option<Due>,
    /// `today - due` in days; negative while the due date is ahead.
    pub days_overdue: Option<i64>,
    pub next_action: Option<NextAction>,
}

impl Status {
    pub fn is_overdue(&self) -> bool {
        self.days_overdue.is_some_and(|d| d > 0)
    }
}

/// Evaluates one vendor.
pub fn evaluate(inventory: &Inventory, vendor: &Vendor, today: NaiveDate) -> Status {
    let state = vendor
        .last_event()
        .map_or(State::None, |event| event.kind.into());
    let retired = vendor.is_retired(today);
    let due = due_date(inventory, vendor, today, &mut ());
    let days_overdue = due.map(|due| days_between(due.on, today));
    let overdue = days_overdue.is_some_and(|d| d > 0);
    let next_action = match state {
        State::None if retired && vendor.may_hold_data() => Some(NextAction::Request),
        State::Requested | State::Acknowledged | State::Extended if overdue => {
            Some(NextAction::FollowUp)
        }
        State::Reminded if overdue => Some(last_step(inventory, vendor)),
        State::Refused => Some(last_step(inventory, vendor)),
        _ => None,
    };
    Status {
        state,
        retired,
        due,
        days_overdue,
        next_action,
    }
}

/// The step after a reminder that went unanswered, or a refusal: a report
/// to the authority for the vendor's law, or, where only a contract binds
/// the vendor and no authority oversees it, the final notice under that
/// contract.
fn last_step(inventory: &Inventory, vendor: &Vendor) -> NextAction {
    match inventory.law_of(vendor) {
        crate::inventory::Law::Contract => NextAction::FinalNotice,
        _ => NextAction::Escalation,
    }
}

/// The reasoning behind a vendor's due date, one step a line, for `show`.
pub fn explain(inventory: &Inventory, vendor: &Vendor, today: NaiveDate) -> Vec<String> {
    let mut steps = Vec::new();
    due_date(inventory, vendor, today, &mut steps);
    steps
}

/// Receives the steps of a due-date computation. The unit type ignores
/// them, so `evaluate` pays nothing for the explanations `show` prints.
trait Trace {
    fn step(&mut self, line: impl FnOnce() -> String);
}

impl Trace for () {
    fn step(&mut self, _: impl FnOnce() -> String) {}
}

impl Trace for Vec<String> {
    fn step(&mut self, line: impl FnOnce() -> String) {
        self.push(line());
    }
}

/// How long a vendor has to answer a request: its own `response_days`,
/// else its law's window.
pub fn response_window(inventory: &Inventory, vendor: &Vendor) -> Window {
    match vendor.response_days {
        Some(days) => Window::Days(days),
        None => inventory.law_of(vendor).window(),
    }
}

/// `date`, moved off a weekend or holiday when the policy says so.
pub fn roll_over(inventory: &Inventory, date: NaiveDate) -> NaiveDate {
    crate::deadline::calendar(inventory).roll(date).0
}

fn due_date(
    inventory: &Inventory,
    vendor: &Vendor,
    today: NaiveDate,
    trace: &mut impl Trace,
) -> Option<Due> {
    let policy = &inventory.policy;
    let calendar = crate::deadline::calendar(inventory);
    let roll = |date: NaiveDate, trace: &mut _| {
        let (rolled, skipped) = calendar.roll(date);
        if rolled != date {
            Trace::step(trace, || {
                // Every holiday passed over is named; weekends after the
                // first day go without saying.
                let reasons: Vec<String> = skipped
                    .iter()
                    .enumerate()
                    .filter(|(i, (_, off))| *i == 0 || !matches!(off, DayOff::Weekend(_)))
                    .map(|(_, (day, off))| format!("{day} is {off}"))
                    .collect();
                format!(
                    "{}: moved to {} {rolled}",
                    reasons.join(", "),
                    weekday_name(rolled)
                )
            });
        }
        rolled
    };

    if vendor.events.is_empty() {
        if !vendor.may_hold_data() {
            trace.step(|| "holds no personal data (`data = []`): nothing is due".into());
            return None;
        }
        let Some(retired_on) = vendor.retired_on.as_ref().map(|r| r.value) else {
            trace.step(|| "active (no `retired_on`): nothing is due until it is retired".into());
            return None;
        };
        if retired_on > today {
            trace.step(|| format!("retires on {retired_on}: nothing is due before then"));
            return None;
        }
        let days = policy.request_within_days;
        let raw = add_days(retired_on, days);
        trace.step(|| {
            format!("retired {retired_on}; policy.request_within_days = {days} → request due {raw}")
        });
        let on = roll(raw, trace);
        return Some(Due {
            on,
            stage: Stage::Request,
        });
    }

    let law = inventory.law_of(vendor);
    let window = response_window(inventory, vendor);
    let window_source = match vendor.response_days {
        Some(days) => format!("response_days = {days}"),
        None => match law.window_model() {
            Some(model) => format!(
                "{}: {window}, the deadline linger sets, modelled on {model}",
                law.title()
            ),
            None => format!("{}: {window}, the deadline linger sets", law.title()),
        },
    };
    let mut due: Option<NaiveDate> = None;
    for event in &vendor.events {
        let on = event.on.value;
        match event.kind {
            EventKind::Requested => {
                let raw = window.end(on);
                trace.step(|| format!("requested {on}; {window_source} → response due {raw}"));
                due = Some(roll(raw, trace));
            }
            EventKind::Acknowledged => {
                trace.step(|| format!("acknowledged {on}: the deadline stands"));
            }
            EventKind::Bounced => {
                // The letter never arrived, so no deadline runs for it.
                trace.step(|| {
                    format!("bounced {on}: the letter never arrived, so nothing is due until it is sent again")
                });
                due = None;
            }
            EventKind::Extended => {
                // The loader guarantees `until` on every `extended` event.
                let until = event.until.unwrap_or(on);
                trace.step(|| format!("extended {on} → response due {until}"));
                due = Some(roll(until, trace));
            }
            EventKind::Reminded => {
                let days = policy.reminder_days;
                let raw = add_days(on, days);
                trace.step(|| {
                    format!("reminded {on}; policy.reminder_days = {days} → response due {raw}")
                });
                let rolled = roll(raw, trace);
                // A reminder never shortens the time the vendor already had.
                due = match due {
                    Some(earlier) if earlier > rolled => {
                        trace
                            .step(|| format!("the earlier due date {earlier} is later: it stands"));
                        Some(earlier)
                    }
                    _ => Some(rolled),
                };
            }
            kind @ (EventKind::Refused
            | EventKind::Escalated
            | EventKind::Confirmed
            | EventKind::NotNeeded
            | EventKind::Verified) => {
                trace.step(|| format!("{kind} {on}: nothing more is due from the vendor"));
                due = None;
            }
        }
    }
    due.map(|on| Due {
        on,
        stage: Stage::Response,
    })
}

fn weekday_name(date: NaiveDate) -> &'static str {
    match date.weekday() {
        chrono::Weekday::Mon => "Monday",
        chrono::Weekday::Tue => "Tuesday",
        chrono::Weekday::Wed => "Wednesday",
        chrono::Weekday::Thu => "Thursday",
        chrono::Weekday::Fri => "Friday",
        chrono::Weekday::Sat => "Saturday",
        chrono::Weekday::Sun => "Sunday",
    }
}
