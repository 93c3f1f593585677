//! The notification clocks of an incident, under the organization's own law
//! (we are the controller here, so never a vendor's): to whom notice is
//! due, by when, and in the law's own words. Each rule is written as the
//! law gives it: in hours, business days or calendar days where it names a
//! number, and as words alone ("as soon as feasible", "without undue
//! delay") where it names none: linger never invents a number of hours.
//!
//! Sources (docs/checks.md cites them in full):
//! - GDPR and UK GDPR Art. 33(1): the authority "without undue delay and,
//!   where feasible, not later than 72 hours after having become aware of
//!   it", unless the breach "is unlikely to result in a risk"; Art. 34(1):
//!   the people "without undue delay" when the risk is high.
//! - LGPD Art. 48 with Resolução CD/ANPD 15/2024: the ANPD (Art. 6) and
//!   the people (Art. 9) within three business days of the controller
//!   learning that the incident affected personal data (doubled for a
//!   small-scale processing agent, Art. 6 §8 and Art. 9 §6, which linger
//!   does not model: it counts three).
//! - PIPEDA s. 10.1(1)-(3), (6): the Commissioner and the people "as soon
//!   as feasible" after the breach is determined, when it creates a real
//!   risk of significant harm.
//! - California Civ. Code §1798.82(a) (as amended by SB 446, Stats. 2025,
//!   ch. 319, in force 2026-01-01): the residents within 30 calendar days
//!   of discovery or notification of the breach; §1798.82(f): the Attorney
//!   General's copy within 15 calendar days of notifying more than 500
//!   residents. Checked against secondary sources only (see
//!   docs/checks.md).

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::deadline::Calendar;
use crate::inventory::{Incident, IncidentEventKind, Law, Risk, When};

/// Who a clock's notice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Audience {
    /// The supervisory authority (the ANPD, the Commissioner, the
    /// Attorney General).
    Authority,
    /// The people whose data it is.
    People,
}

/// How a law measures the time it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Hours(u32),
    BusinessDays(u32),
    CalendarDays(u32),
    /// The law names no number; these are its words.
    Words(&'static str),
}

/// One clock: a notice due under the organization's law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub audience: Audience,
    pub measure: Measure,
    /// The provision, as cited.
    pub cites: &'static str,
    /// When it runs out; `None` where the law names no number, or where
    /// it counts from a step not yet taken.
    pub due: Option<DateTime<Utc>>,
    /// The step that met it, when one was recorded.
    pub met: Option<When>,
    /// Why it has no due moment yet, when it counts from something else.
    pub waits_for: Option<&'static str>,
}

impl Clock {
    /// Hours from `now` to `due` (negative once passed), rounded down.
    pub fn hours_left(&self, now: DateTime<Utc>) -> Option<i64> {
        self.due.map(|due| (due - now).num_minutes().div_euclid(60))
    }

    /// The law's time as a phrase: "within 72 hours", "within 3 business
    /// days", "as soon as feasible".
    pub fn within(&self) -> String {
        match self.measure {
            Measure::Words(words) => words.to_string(),
            _ => format!("within {}", self.describe()),
        }
    }

    /// The law's time in words: "72 hours", "3 business days",
    /// "as soon as feasible".
    pub fn describe(&self) -> String {
        match self.measure {
            Measure::Hours(n) => format!("{n} hours"),
            Measure::BusinessDays(n) => format!("{n} business days"),
            Measure::CalendarDays(n) => format!("{n} calendar days"),
            Measure::Words(words) => words.to_string(),
        }
    }
}

/// Where a clock stands at a moment: what `incident show`, the register
/// and the report say of it, computed once here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    /// Met by a recorded step; `on_time` where the law names a due moment.
    Met { on: When, on_time: Option<bool> },
    /// Running, with the whole hours left until `due`.
    Running { due: DateTime<Utc>, hours_left: i64 },
    /// Passed, `hours_ago` (rounded up, at least 1, as `check` says it).
    Passed { due: DateTime<Utc>, hours_ago: i64 },
    /// Due now: the law names no number of hours ("as soon as feasible").
    Unnumbered,
    /// Not yet running: it counts from a step not yet taken (the reason).
    Waiting(&'static str),
}

impl Clock {
    /// Whether the step that met the clock came by its due moment; `None`
    /// when not met or when the law names no number. A step recorded by
    /// its day only counts from the start of that day in `zone`.
    pub fn on_time(&self, zone: Tz) -> Option<bool> {
        let met = instant(self.met?, zone);
        self.due.map(|due| met <= due)
    }

    /// Where the clock stands at `now`.
    pub fn state(&self, now: DateTime<Utc>, zone: Tz) -> ClockState {
        match (self.met, self.due) {
            (Some(on), _) => ClockState::Met {
                on,
                on_time: self.on_time(zone),
            },
            (None, Some(due)) => match self.hours_left(now) {
                Some(hours) if due > now => ClockState::Running {
                    due,
                    hours_left: hours,
                },
                hours => ClockState::Passed {
                    due,
                    hours_ago: (-hours.unwrap_or(0)).max(1),
                },
            },
            (None, None) => match self.waits_for {
                Some(why) => ClockState::Waiting(why),
                None => ClockState::Unnumbered,
            },
        }
    }
}

/// The start of `day` in `zone`, as an instant: midnight, or the first
/// moment of the day where summer time skips midnight.
pub fn start_of_day(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let mut local = day.and_time(chrono::NaiveTime::MIN);
    // A gap is at most a few hours; step until the wall clock exists.
    for _ in 0..48 {
        if let Some(at) = local.and_local_timezone(zone).earliest() {
            return at.with_timezone(&Utc);
        }
        local += TimeDelta::minutes(30);
    }
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// The instant an event's `on` stands for: a moment as written, a day
/// from its start in `zone`.
pub fn instant(on: When, zone: Tz) -> DateTime<Utc> {
    match on {
        When::At(at) => at.with_timezone(&Utc),
        When::Day(day) => start_of_day(day, zone),
    }
}

/// The clocks an incident runs under `law`, the organization's. `calendar`
/// gives the business days (weekends, the organization's holidays and
/// `policy.holidays`), `zone` its days.
pub fn clocks(incident: &Incident, law: Law, calendar: &Calendar<'_>, zone: Tz) -> Vec<Clock> {
    let aware = incident.aware.value.with_timezone(&Utc);
    let risk = incident.risk.as_ref().map(|r| r.value);
    let unlikely = risk == Some(Risk::Unlikely);
    let met = |kind| incident.first(kind).map(|e| e.on.value);
    let authority_met = met(IncidentEventKind::AuthorityNotified);
    let people_met = met(IncidentEventKind::PeopleNotified);
    let clock = |audience, measure, cites, due, met| Clock {
        audience,
        measure,
        cites,
        due,
        met,
        waits_for: None,
    };
    let local_day = incident.aware.value.with_timezone(&zone).date_naive();
    let mut out = Vec::new();
    match law {
        Law::Gdpr | Law::UkGdpr => {
            let (authority, people) = match law {
                Law::Gdpr => ("GDPR Art. 33(1)", "GDPR Art. 34(1)"),
                _ => ("UK GDPR Art. 33(1)", "UK GDPR Art. 34(1)"),
            };
            if !unlikely {
                out.push(clock(
                    Audience::Authority,
                    Measure::Hours(72),
                    authority,
                    Some(aware + TimeDelta::hours(72)),
                    authority_met,
                ));
            }
            if risk == Some(Risk::High) {
                out.push(clock(
                    Audience::People,
                    Measure::Words("without undue delay"),
                    people,
                    None,
                    people_met,
                ));
            }
        }
        Law::Lgpd if !unlikely => {
            let due = Some(end_of_business_days(local_day, 3, calendar, zone));
            out.push(clock(
                Audience::Authority,
                Measure::BusinessDays(3),
                "LGPD Art. 48; Resolução CD/ANPD 15/2024, Art. 6",
                due,
                authority_met,
            ));
            out.push(clock(
                Audience::People,
                Measure::BusinessDays(3),
                "LGPD Art. 48; Resolução CD/ANPD 15/2024, Art. 9",
                due,
                people_met,
            ));
        }
        Law::Pipeda if !unlikely => {
            out.push(clock(
                Audience::Authority,
                Measure::Words("as soon as feasible"),
                "PIPEDA s. 10.1(1)-(2)",
                None,
                authority_met,
            ));
            out.push(clock(
                Audience::People,
                Measure::Words("as soon as feasible"),
                "PIPEDA s. 10.1(3), (6)",
                None,
                people_met,
            ));
        }
        Law::Ccpa => {
            out.push(clock(
                Audience::People,
                Measure::CalendarDays(30),
                "Cal. Civ. Code §1798.82(a)",
                Some(end_of_days(local_day, 30, zone)),
                people_met,
            ));
            // The Attorney General's copy: only above 500 residents, and
            // counted from the residents' notice.
            if incident.people.as_ref().is_none_or(|p| p.value > 500) {
                let notified = people_met.map(|on| match on {
                    When::At(at) => at.with_timezone(&zone).date_naive(),
                    When::Day(day) => day,
                });
                out.push(Clock {
                    audience: Audience::Authority,
                    measure: Measure::CalendarDays(15),
                    cites: "Cal. Civ. Code §1798.82(f)",
                    due: notified.map(|day| end_of_days(day, 15, zone)),
                    met: authority_met,
                    waits_for: notified.is_none().then_some(
                        "it counts from the residents' notice, when more than 500 are notified",
                    ),
                });
            }
        }
        Law::Lgpd | Law::Pipeda | Law::Contract => {}
    }
    out
}

/// The end (the next day's start in `zone`) of the `n`-th day after `day`.
fn end_of_days(day: NaiveDate, n: u32, zone: Tz) -> DateTime<Utc> {
    let last = day
        .checked_add_days(Days::new(u64::from(n) + 1))
        .unwrap_or(NaiveDate::MAX);
    start_of_day(last, zone)
}

/// The end of the `n`-th business day after `day`: the days counted skip
/// weekends and the calendar's holidays, whatever `weekend_rollover` says
/// (the law counts business days, it does not roll a date).
pub fn end_of_business_days(
    day: NaiveDate,
    n: u32,
    calendar: &Calendar<'_>,
    zone: Tz,
) -> DateTime<Utc> {
    let counting = Calendar {
        rollover: true,
        ..*calendar
    };
    let mut current = day;
    let mut counted = 0;
    // Bounded: a year of days off in a row is a typo in `policy.holidays`.
    for _ in 0..400 {
        if counted == n {
            break;
        }
        let Some(next) = current.succ_opt() else {
            break;
        };
        current = next;
        if counting.day_off(current).is_none() {
            counted += 1;
        }
    }
    end_of_days(current, 0, zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(text: &str) -> crate::inventory::Inventory {
        let head =
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\ncountry = \"NO\"\n";
        crate::inventory::parse(
            &format!("{head}{text}"),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn seventy_two_hours_are_hours_across_the_end_of_summer_time() {
        let inventory = incident("[[incident]]\nid = \"a\"\naware = 2026-10-24T10:00:00+02:00\n");
        let zone = inventory.organization.time_zone;
        assert_eq!(zone, chrono_tz::Europe::Oslo);
        let clocks = clocks(
            &inventory.incidents[0],
            Law::Gdpr,
            &crate::deadline::calendar(&inventory),
            zone,
        );
        let due = clocks[0].due.unwrap().with_timezone(&zone);
        assert_eq!(due.to_rfc3339(), "2026-10-27T09:00:00+01:00");
        assert_eq!(clocks.len(), 1, "no people clock without a high risk");
    }

    #[test]
    fn a_clock_stands_running_passed_or_met_on_time_or_late() {
        let inventory = incident("[[incident]]\nid = \"a\"\naware = 2026-11-29T08:30:00+01:00\n");
        let zone = inventory.organization.time_zone;
        let calendar = crate::deadline::calendar(&inventory);
        let clock = clocks(&inventory.incidents[0], Law::Gdpr, &calendar, zone).remove(0);
        let at = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        let due = at("2026-12-02T08:30:00+01:00");
        // Half an hour before: running, no whole hour left.
        assert_eq!(
            clock.state(at("2026-12-02T08:00:00+01:00"), zone),
            ClockState::Running { due, hours_left: 0 }
        );
        // At the due moment it has passed, as `check` says: an hour ago at
        // least, rounded up.
        for (now, hours_ago) in [
            ("2026-12-02T08:30:00+01:00", 1),
            ("2026-12-02T10:31:00+01:00", 3),
        ] {
            assert_eq!(
                clock.state(at(now), zone),
                ClockState::Passed { due, hours_ago }
            );
        }
        let met = |on: When| Clock {
            met: Some(on),
            ..clock.clone()
        };
        let on_time = When::At(DateTime::parse_from_rfc3339("2026-12-02T08:30:00+01:00").unwrap());
        let late = When::At(DateTime::parse_from_rfc3339("2026-12-02T08:31:00+01:00").unwrap());
        // A day only counts from its start: on the due day, on time.
        let day = When::Day(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        let later = at("2026-12-09T00:00:00Z");
        for (on, expected) in [(on_time, true), (late, false), (day, true)] {
            assert_eq!(
                met(on).state(later, zone),
                ClockState::Met {
                    on,
                    on_time: Some(expected)
                }
            );
        }
        let words = Clock {
            due: None,
            measure: Measure::Words("without undue delay"),
            ..clock.clone()
        };
        assert_eq!(words.state(later, zone), ClockState::Unnumbered);
        assert_eq!(
            Clock {
                met: Some(day),
                ..words
            }
            .state(later, zone),
            ClockState::Met {
                on: day,
                on_time: None
            }
        );
    }

    #[test]
    fn three_business_days_skip_the_weekend_and_a_holiday() {
        // Aware on Thursday 2026-12-24; Friday 25 and Saturday 26 are off
        // (Christmas, the weekend), Sunday 27 too, Monday 28 counts,
        // as do Tuesday 29 and Wednesday 30.
        let inventory = incident(
            "[policy]\nholidays = [2026-12-29]\n\n[[incident]]\nid = \"a\"\naware = 2026-12-24T10:00:00+01:00\n",
        );
        let zone = inventory.organization.time_zone;
        let clocks = clocks(
            &inventory.incidents[0],
            Law::Lgpd,
            &crate::deadline::calendar(&inventory),
            zone,
        );
        // 25 (Christmas) and 26 (Boxing Day, a Saturday) and 27 (Sunday)
        // off, 28 counts, 29 is a local holiday, 30 and 31 count.
        let due = clocks[0].due.unwrap().with_timezone(&zone);
        assert_eq!(due.to_rfc3339(), "2027-01-01T00:00:00+01:00");
        assert_eq!(clocks[0].measure, Measure::BusinessDays(3));
    }
}
