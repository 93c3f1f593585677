//! The holiday rules against a reference: every weekday public holiday from
//! 2000 to 2060 in each supported country, as Python's `holidays` package
//! computes them (tests/data/gen_holidays.py wrote the file).

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use linger::holidays::{self, Country, Subdivision};

const REFERENCE: &str = include_str!("data/holidays.tsv");

fn weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[test]
fn every_weekday_holiday_2000_to_2060_matches_the_reference() {
    for country in Country::ALL {
        let expected: BTreeSet<NaiveDate> = REFERENCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("country"))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .filter(|f| f[0] == country.as_str())
            .map(|f| f[1].parse().unwrap())
            .collect();
        assert!(
            expected.len() > 250,
            "{country}: reference has {}",
            expected.len()
        );
        let actual: BTreeSet<NaiveDate> = (2000..=2060)
            .flat_map(|year| holidays::in_year(*country, year))
            .map(|h| h.date)
            .filter(|d| weekday(*d) && (2000..=2060).contains(&d.year()))
            .collect();
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = actual.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{country}: missing {missing:?}, extra {extra:?}"
        );
    }
}

/// The weekday dates the reference gives for `code` (a country or a
/// subdivision).
fn reference(code: &str) -> BTreeSet<NaiveDate> {
    REFERENCE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("country"))
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == code)
        .map(|f| f[1].parse().unwrap())
        .collect()
}

/// A subdivision adds its own holidays to its country's: linger's calendar
/// for it is the country's united with the reference's holidays of the
/// subdivision, every weekday from 2000 to 2060.
#[test]
fn every_subdivision_adds_its_holidays_2000_to_2060() {
    for subdivision in Subdivision::ALL {
        let country = subdivision.country();
        let own = reference(subdivision.as_str());
        assert!(
            own.len() > 250,
            "{subdivision}: reference has {}",
            own.len()
        );
        let expected: BTreeSet<NaiveDate> =
            reference(country.as_str()).union(&own).copied().collect();
        let actual: BTreeSet<NaiveDate> = (2000..=2060)
            .flat_map(|year| {
                let national = holidays::in_year(country, year);
                national
                    .into_iter()
                    .chain(holidays::regional(*subdivision, year))
                    .collect::<Vec<_>>()
            })
            .map(|h| h.date)
            .filter(|d| weekday(*d) && (2000..=2060).contains(&d.year()))
            .collect();
        let missing: Vec<_> = expected.difference(&actual).collect();
        let extra: Vec<_> = actual.difference(&expected).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{subdivision}: missing {missing:?}, extra {extra:?}"
        );
        // Every day `on_in` names is one of them, and says whose it is.
        for date in &actual {
            let (_, regional) = holidays::on_in(country, Some(*subdivision), *date)
                .unwrap_or_else(|| panic!("{subdivision}: {date} not named"));
            assert_eq!(regional, holidays::on(country, *date).is_none(), "{date}");
        }
    }
}

#[test]
fn well_known_days() {
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    assert_eq!(holidays::on(Country::No, d("2026-05-16")), None);
    assert_eq!(
        holidays::on(Country::No, d("2027-05-17")),
        Some("Constitution Day")
    );
    assert_eq!(
        holidays::on(Country::Us, d("2026-07-03")),
        Some("Independence Day (observed)")
    );
    assert_eq!(
        holidays::on(Country::Gb, d("2026-04-06")),
        Some("Easter Monday")
    );
    assert_eq!(
        holidays::on(Country::De, d("2026-12-25")),
        Some("Christmas Day")
    );
    assert_eq!(holidays::on(Country::De, d("2026-12-28")), None);
    let quebec = Some(Subdivision::CaQc);
    assert_eq!(
        holidays::on_in(Country::Ca, quebec, d("2026-06-24")),
        Some(("Saint-Jean-Baptiste Day", true))
    );
    assert_eq!(
        holidays::on_in(Country::Ca, quebec, d("2026-07-01")),
        Some(("Canada Day", false))
    );
    // A subdivision of another country adds nothing.
    assert_eq!(holidays::on_in(Country::De, quebec, d("2026-06-24")), None);
    assert_eq!(
        holidays::on_in(Country::Gb, Some(Subdivision::GbSct), d("2026-11-30")),
        Some(("St Andrew's Day", true))
    );
}
