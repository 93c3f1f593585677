//! Property tests of the calendar arithmetic behind every deadline.

use chrono::{Datelike, NaiveDate, Weekday};
use linger::deadline::{Calendar, Window, add_months};
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // Years a real inventory could hold, and then some.
    (1900i32..2300, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real day", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

fn roll_over_weekend(date: NaiveDate) -> NaiveDate {
    Calendar::WEEKENDS.roll(date).0
}

fn last_day_of_month(date: NaiveDate) -> u32 {
    (28..=31)
        .rev()
        .find(|d| date.with_day(*d).is_some())
        .unwrap()
}

proptest! {
    #[test]
    fn a_due_date_is_never_before_its_request(from in any_date(), months in 0u32..24, days in 0u32..400) {
        prop_assert!(Window::Months(months).end(from) >= from);
        prop_assert!(Window::Days(days).end(from) >= from);
        prop_assert!(roll_over_weekend(Window::Days(days).end(from)) >= from);
    }

    #[test]
    fn rollover_never_lands_on_a_weekend_and_moves_at_most_two_days(date in any_date()) {
        let rolled = roll_over_weekend(date);
        prop_assert!(!matches!(rolled.weekday(), Weekday::Sat | Weekday::Sun));
        let moved = (rolled - date).num_days();
        prop_assert!((0..=2).contains(&moved));
        if !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            prop_assert_eq!(rolled, date);
        }
    }

    #[test]
    fn one_month_lands_in_the_next_month_never_skipping_one(date in any_date()) {
        let next = add_months(date, 1);
        let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        prop_assert_eq!(month_index(next), month_index(date) + 1);
        // The same day where it exists, else the last day of the month.
        let expected_day = date.day().min(last_day_of_month(next));
        prop_assert_eq!(next.day(), expected_day);
    }

    #[test]
    fn months_add_up_like_the_calendar(date in any_date(), n in 0u32..36) {
        let later = add_months(date, n);
        let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
        prop_assert_eq!(month_index(later) - month_index(date), n as i32);
        prop_assert!(later.day() <= date.day());
    }
}
