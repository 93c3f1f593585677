//! Calendar arithmetic for legal deadlines, and the response window of each
//! law. Pure: every function takes its dates as arguments.
//!
//! The rules follow EU Regulation 1182/71 Art. 3 and the ICO's published
//! reading of "one calendar month": the same day of the next month, or the
//! last day of that month where the day does not exist. A deadline that falls
//! on a weekend moves to the Monday after. Public holidays are not modelled;
//! the principle is to never call a vendor late before it is.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::inventory::Law;

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
    /// The response window the law gives a vendor, before any extension.
    pub fn window(self) -> Window {
        match self {
            Law::Gdpr | Law::UkGdpr => Window::Months(1),
            Law::Ccpa => Window::Days(45),
            Law::Lgpd => Window::Days(15),
            Law::Pipeda | Law::Contract => Window::Days(30),
        }
    }

    /// The longest extension the law allows, if any.
    pub fn extension(self) -> Option<Window> {
        match self {
            Law::Gdpr | Law::UkGdpr => Some(Window::Months(2)),
            Law::Ccpa => Some(Window::Days(45)),
            Law::Pipeda => Some(Window::Days(30)),
            Law::Lgpd | Law::Contract => None,
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

/// A deadline on a Saturday or Sunday becomes the following Monday.
///
/// ```
/// use chrono::NaiveDate;
/// use linger::deadline::roll_over_weekend;
///
/// let saturday: NaiveDate = "2026-12-05".parse().unwrap();
/// assert_eq!(roll_over_weekend(saturday).to_string(), "2026-12-07");
/// ```
pub fn roll_over_weekend(date: NaiveDate) -> NaiveDate {
    let skip = match date.weekday() {
        Weekday::Sat => 2,
        Weekday::Sun => 1,
        _ => 0,
    };
    add_days(date, skip)
}

/// Whole days from `from` to `to`; negative when `to` is earlier.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn weekend_rolls_to_monday() {
        assert_eq!(roll_over_weekend(d("2025-03-01")), d("2025-03-03")); // Saturday
        assert_eq!(roll_over_weekend(d("2025-03-02")), d("2025-03-03")); // Sunday
        assert_eq!(roll_over_weekend(d("2025-03-03")), d("2025-03-03")); // Monday
        assert_eq!(roll_over_weekend(d("2025-02-28")), d("2025-02-28")); // Friday
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
    fn arithmetic_saturates_instead_of_panicking() {
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(add_days(NaiveDate::MAX, 10), NaiveDate::MAX);
        assert_eq!(
            roll_over_weekend(NaiveDate::MAX),
            roll_over_weekend(NaiveDate::MAX)
        );
    }
}
