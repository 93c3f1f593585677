//! Calendar arithmetic for deadlines, and the response window linger sets
//! for each law. Pure: every function takes its dates as arguments.
//!
//! No law sets a deadline for a former processor asked to delete at the end
//! of a contract. The windows here are linger's policy, modelled on the
//! deadlines the laws give for requests by data subjects and consumers
//! (docs/inventory.md, "Response windows").
//!
//! "One calendar month" follows EU Regulation 1182/71 Art. 3 and the ICO's
//! published reading: the same day of the next month, or the last day of
//! that month where the day does not exist. A deadline that falls on a
//! weekend or a public holiday moves to the next working day, as the ICO
//! moves one: the principle is to never call a vendor late before it is.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::holidays::{self, Country, Subdivision};
use crate::inventory::{Inventory, Law};

/// How long a vendor has to answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Months(u32),
    Days(u32),
}

impl Window {
    /// The last day of the window that starts on `from`. Saturates at the
    /// end of chrono's calendar rather than panicking.
    pub fn end(self, from: NaiveDate) -> NaiveDate {
        match self {
            Window::Months(n) => add_months(from, n),
            Window::Days(n) => add_days(from, n),
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Window::Months(1) => f.write_str("one calendar month"),
            Window::Months(n) => write!(f, "{n} calendar months"),
            Window::Days(1) => f.write_str("1 day"),
            Window::Days(n) => write!(f, "{n} days"),
        }
    }
}

impl Law {
    /// The response window linger sets under this law, modelled on the
    /// law's deadline for a data subject's or consumer's request (GDPR Art.
    /// 12(3), UK GDPR Art. 12A, 11 CCR §7021(b), LGPD Art. 19, PIPEDA s. 8(3)).
    pub fn window(self) -> Window {
        match self {
            Law::Gdpr | Law::UkGdpr => Window::Months(1),
            Law::Ccpa => Window::Days(45),
            Law::Lgpd => Window::Days(15),
            Law::Pipeda | Law::Contract => Window::Days(30),
        }
    }

    /// The deadline a law sets for a data subject's or consumer's request,
    /// which linger's window for this law is modelled on; none for
    /// `contract`.
    pub fn window_model(self) -> Option<&'static str> {
        match self {
            Law::Gdpr => Some("GDPR Art. 12(3)"),
            // Since 5 February 2026 (Data (Use and Access) Act 2025 s.76).
            Law::UkGdpr => Some("UK GDPR Art. 12A"),
            Law::Ccpa => Some("11 CCR §7021(b)"),
            Law::Lgpd => Some("LGPD Art. 19"),
            Law::Pipeda => Some("PIPEDA s. 8(3)"),
            Law::Contract => None,
        }
    }

    /// The law's name as a person writes it.
    pub fn title(self) -> &'static str {
        match self {
            Law::Gdpr => "GDPR",
            Law::UkGdpr => "UK GDPR",
            Law::Ccpa => "CCPA",
            Law::Lgpd => "LGPD",
            Law::Pipeda => "PIPEDA",
            Law::Contract => "the contract",
        }
    }
}

/// `date` plus `n` calendar months, clamped to the last day of the target
/// month.
///
/// ```
/// use chrono::NaiveDate;
/// use linger::deadline::add_months;
///
/// let d = |s: &str| s.parse::<NaiveDate>().unwrap();
/// assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
/// assert_eq!(add_months(d("2024-03-31"), 1), d("2024-04-30"));
/// assert_eq!(add_months(d("2021-03-01"), 1), d("2021-04-01"));
/// ```
pub fn add_months(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

pub fn add_days(date: NaiveDate, n: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(n)))
        .unwrap_or(NaiveDate::MAX)
}

/// Why a day is not a working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOff {
    Weekend(Weekday),
    /// A public holiday of the organization's country, by name.
    Holiday(Country, &'static str),
    /// A public holiday of the organization's subdivision, by name.
    RegionalHoliday(Subdivision, &'static str),
    /// A day in `policy.holidays`.
    Local,
}

impl fmt::Display for DayOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayOff::Weekend(Weekday::Sat) => f.write_str("a Saturday"),
            DayOff::Weekend(_) => f.write_str("a Sunday"),
            DayOff::Holiday(country, name) => write!(f, "{name}, a public holiday in {country}"),
            DayOff::RegionalHoliday(subdivision, name) => {
                write!(f, "{name}, a public holiday in {subdivision}")
            }
            DayOff::Local => f.write_str("a local holiday (`policy.holidays`)"),
        }
    }
}

/// The calendar of an inventory: `organization.country`'s public holidays
/// and `policy.holidays`, rolled over as `policy.weekend_rollover` says.
pub fn calendar(inventory: &Inventory) -> Calendar<'_> {
    Calendar {
        rollover: inventory.policy.weekend_rollover,
        country: inventory
            .organization
            .country
            .as_ref()
            .and_then(|c| Country::parse(&c.value)),
        subdivision: inventory.organization.subdivision,
        local: &inventory.policy.holidays,
    }
}

/// The days a deadline may not fall on: weekends, the public holidays of
/// one country, and local days off.
#[derive(Debug, Clone, Copy)]
pub struct Calendar<'a> {
    /// `false` keeps every deadline where it falls.
    pub rollover: bool,
    pub country: Option<Country>,
    /// Adds its own holidays to `country`'s.
    pub subdivision: Option<Subdivision>,
    /// Sorted.
    pub local: &'a [NaiveDate],
}

impl Calendar<'static> {
    /// Weekends only: the calendar without `organization.country` or
    /// `policy.holidays`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use linger::deadline::Calendar;
    ///
    /// let saturday: NaiveDate = "2026-12-05".parse().unwrap();
    /// assert_eq!(Calendar::WEEKENDS.roll(saturday).0.to_string(), "2026-12-07");
    /// ```
    pub const WEEKENDS: Calendar<'static> = Calendar {
        rollover: true,
        country: None,
        subdivision: None,
        local: &[],
    };
}

impl Calendar<'_> {
    /// Which days deadlines skip, in words, for `show`.
    pub fn describe(&self) -> String {
        if !self.rollover {
            return "deadlines stay where they fall (`policy.weekend_rollover = false`)".into();
        }
        let mut days = vec!["weekends".to_string()];
        if let Some(country) = self.country {
            days.push(format!("the public holidays of {}", country.scope()));
        }
        if let Some(subdivision) = self.subdivision {
            days.push(format!("those of {subdivision}"));
        }
        if !self.local.is_empty() {
            days.push("`policy.holidays`".into());
        }
        let last = days.pop().unwrap_or_default();
        match days.is_empty() {
            true => format!("deadlines skip {last}"),
            false => format!("deadlines skip {} and {last}", days.join(", ")),
        }
    }

    /// Why `date` is not a working day, if it is not.
    pub fn day_off(&self, date: NaiveDate) -> Option<DayOff> {
        if let weekday @ (Weekday::Sat | Weekday::Sun) = date.weekday() {
            return Some(DayOff::Weekend(weekday));
        }
        if let Some(country) = self.country {
            match holidays::on_in(country, self.subdivision, date) {
                Some((name, false)) => return Some(DayOff::Holiday(country, name)),
                Some((name, true)) => {
                    // `on_in` finds a regional holiday only with a subdivision.
                    if let Some(subdivision) = self.subdivision {
                        return Some(DayOff::RegionalHoliday(subdivision, name));
                    }
                }
                None => {}
            }
        }
        self.local
            .binary_search(&date)
            .is_ok()
            .then_some(DayOff::Local)
    }

    /// The first working day on or after `date`, with every day passed over
    /// and why. Without rollover, `date` itself.
    pub fn roll(&self, date: NaiveDate) -> (NaiveDate, Vec<(NaiveDate, DayOff)>) {
        let mut skipped = Vec::new();
        if !self.rollover {
            return (date, skipped);
        }
        let mut day = date;
        // A year of days off in a row is a typo in `policy.holidays`; stop
        // there rather than walk on.
        while skipped.len() < 366 {
            let Some(off) = self.day_off(day) else { break };
            skipped.push((day, off));
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        (day, skipped)
    }
}

/// Whole days from `from` to `to`; negative when `to` is earlier.
/// Why a `YYYY-MM-DD` names no day although its month is real: "February
/// 2023 has 28 days". `None` when that is not what is wrong.
pub fn month_too_short(text: &str) -> Option<String> {
    let mut parts = text.splitn(3, '-');
    let year: i32 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days = first.checked_add_months(Months::new(1))?.pred_opt()?.day();
    let name = chrono::Month::try_from(u8::try_from(month).ok()?)
        .ok()?
        .name();
    (day > days && day <= 31).then(|| format!("{name} {year} has {days} days"))
}

pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_past_its_months_end_says_how_long_the_month_is() {
        assert_eq!(
            month_too_short("2023-02-30").as_deref(),
            Some("February 2023 has 28 days")
        );
        assert_eq!(
            month_too_short("2024-02-30").as_deref(),
            Some("February 2024 has 29 days")
        );
        assert_eq!(
            month_too_short("2026-04-31").as_deref(),
            Some("April 2026 has 30 days")
        );
        assert_eq!(month_too_short("2026-13-01"), None);
        assert_eq!(month_too_short("2026-01-32"), None);
        assert_eq!(month_too_short("tomorrow"), None);
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn one_month_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(d("2024-01-31"), 1), d("2024-02-29"));
        assert_eq!(add_months(d("2023-01-31"), 1), d("2023-02-28"));
        assert_eq!(add_months(d("2024-03-31"), 1), d("2024-04-30"));
        assert_eq!(add_months(d("2025-01-31"), 1), d("2025-02-28"));
    }

    #[test]
    fn one_month_keeps_the_day_where_it_exists() {
        assert_eq!(add_months(d("2021-03-01"), 1), d("2021-04-01"));
        assert_eq!(add_months(d("2021-12-15"), 1), d("2022-01-15"));
        assert_eq!(add_months(d("2024-02-29"), 1), d("2024-03-29"));
    }

    fn weekends(date: NaiveDate) -> NaiveDate {
        Calendar::WEEKENDS.roll(date).0
    }

    #[test]
    fn weekend_rolls_to_monday() {
        assert_eq!(weekends(d("2025-03-01")), d("2025-03-03")); // Saturday
        assert_eq!(weekends(d("2025-03-02")), d("2025-03-03")); // Sunday
        assert_eq!(weekends(d("2025-03-03")), d("2025-03-03")); // Monday
        assert_eq!(weekends(d("2025-02-28")), d("2025-02-28")); // Friday
    }

    #[test]
    fn windows_per_law() {
        assert_eq!(Law::Gdpr.window().end(d("2021-03-01")), d("2021-04-01"));
        assert_eq!(Law::UkGdpr.window().end(d("2024-01-31")), d("2024-02-29"));
        assert_eq!(Law::Ccpa.window().end(d("2024-01-01")), d("2024-02-15"));
        assert_eq!(Law::Lgpd.window().end(d("2024-01-01")), d("2024-01-16"));
        assert_eq!(Law::Pipeda.window().end(d("2024-01-01")), d("2024-01-31"));
        assert_eq!(Law::Contract.window().end(d("2024-01-01")), d("2024-01-31"));
    }

    #[test]
    fn holidays_and_weekends_roll_together() {
        let local = [d("2026-12-29")];
        let calendar = Calendar {
            rollover: true,
            country: Some(Country::Gb),
            subdivision: None,
            local: &local,
        };
        // Christmas (Fri), Boxing Day (Sat), Sunday, the substitute day
        // (Mon 28), then the local day off.
        let (day, skipped) = calendar.roll(d("2026-12-25"));
        assert_eq!(day, d("2026-12-30"));
        assert_eq!(skipped.len(), 5);
        assert_eq!(skipped[4].1, DayOff::Local);
        let off = Calendar {
            rollover: false,
            ..calendar
        };
        assert_eq!(off.roll(d("2026-12-25")), (d("2026-12-25"), vec![]));
    }

    #[test]
    fn a_subdivision_adds_its_holidays() {
        let quebec = Calendar {
            rollover: true,
            country: Some(Country::Ca),
            subdivision: Some(Subdivision::CaQc),
            local: &[],
        };
        // Wednesday 24 June 2026 is Quebec's, not Canada's.
        assert_eq!(quebec.roll(d("2026-06-24")).0, d("2026-06-25"));
        assert_eq!(
            quebec.day_off(d("2026-06-24")).unwrap().to_string(),
            "Saint-Jean-Baptiste Day, a public holiday in CA-QC"
        );
        assert_eq!(
            quebec.describe(),
            "deadlines skip weekends, the public holidays of Canada (the federal holidays of the Canada Labour Code, s. 166) and those of CA-QC"
        );
        let federal = Calendar {
            subdivision: None,
            ..quebec
        };
        assert_eq!(federal.roll(d("2026-06-24")).0, d("2026-06-24"));
        let fixed = Calendar {
            rollover: false,
            ..federal
        };
        assert!(fixed.describe().contains("stay where they fall"));
    }

    #[test]
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MAX, 10), NaiveDate::MAX);
        assert_eq!(weekends(NaiveDate::MAX), weekends(NaiveDate::MAX));
    }
}
