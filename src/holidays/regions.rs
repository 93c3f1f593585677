//! The public holidays a province, state or nation adds to its country's:
//! `organization.subdivision` (ISO 3166-2, `"CA-QC"`, `"DE-BY"`,
//! `"GB-SCT"`). Pure: a subdivision and a year in, dates out.
//!
//! A subdivision only ever adds days off. Canada's calendar is the federal
//! one (the Canada Labour Code), so a Quebec office gets the federal days
//! and Quebec's; a Scottish one keeps England and Wales's bank holidays and
//! gains Scotland's. A deadline then never falls on a day either calendar
//! keeps free: never call a vendor late before it is.
//!
//! `tests/holidays.rs` checks every subdivision from 2000 to 2060 against
//! Python's `holidays` (its `public` holidays of the subdivision), as
//! `tests/data/gen_holidays.py` writes them.

use chrono::{Datelike, Weekday};

use super::{Country, Observed, Year};
use crate::terms::keyword_enum;

keyword_enum! {
    /// A province, territory, state or nation whose own public holidays
    /// linger knows (ISO 3166-2).
    Subdivision {
        CaAb = "CA-AB",
        CaBc = "CA-BC",
        CaMb = "CA-MB",
        CaNb = "CA-NB",
        CaNl = "CA-NL",
        CaNs = "CA-NS",
        CaNt = "CA-NT",
        CaNu = "CA-NU",
        CaOn = "CA-ON",
        CaPe = "CA-PE",
        CaQc = "CA-QC",
        CaSk = "CA-SK",
        CaYt = "CA-YT",
        DeBb = "DE-BB",
        DeBe = "DE-BE",
        DeBw = "DE-BW",
        DeBy = "DE-BY",
        DeHb = "DE-HB",
        DeHe = "DE-HE",
        DeHh = "DE-HH",
        DeMv = "DE-MV",
        DeNi = "DE-NI",
        DeNw = "DE-NW",
        DeRp = "DE-RP",
        DeSh = "DE-SH",
        DeSl = "DE-SL",
        DeSn = "DE-SN",
        DeSt = "DE-ST",
        DeTh = "DE-TH",
        GbEng = "GB-ENG",
        GbNir = "GB-NIR",
        GbSct = "GB-SCT",
        GbWls = "GB-WLS",
    }
}

impl Subdivision {
    /// The country the subdivision belongs to.
    pub fn country(self) -> Country {
        match &self.as_str()[..2] {
            "CA" => Country::Ca,
            "DE" => Country::De,
            _ => Country::Gb,
        }
    }
}

/// Saturday and Sunday to the next Monday.
const SAT_SUN_TO_MON: Observed = Observed::Shift(&[(Weekday::Sat, 2), (Weekday::Sun, 1)]);
/// Sunday to the next Monday.
const SUN_TO_MON: Observed = Observed::Shift(&[(Weekday::Sun, 1)]);
/// Saturday to Monday, Sunday to Tuesday: the second of two days off.
const SAT_SUN_TO_MON_TUE: Observed = Observed::Shift(&[(Weekday::Sat, 2), (Weekday::Sun, 2)]);

/// Adds the subdivision's own holidays to `y`, which holds none of the
/// country's: the caller unites the two.
pub(super) fn add(subdivision: Subdivision, y: &mut Year) {
    use Subdivision::*;
    match subdivision {
        CaAb | CaBc | CaMb | CaNb | CaNl | CaNs | CaNt | CaNu | CaOn | CaPe | CaQc | CaSk
        | CaYt => canada(subdivision, y),
        DeBb | DeBe | DeBw | DeBy | DeHb | DeHe | DeHh | DeMv | DeNi | DeNw | DeRp | DeSh
        | DeSl | DeSn | DeSt | DeTh => germany(subdivision, y),
        GbEng | GbNir | GbSct | GbWls => united_kingdom(subdivision, y),
    }
}

/// The provinces' and territories' statutory holidays beyond the federal
/// ones (each province's own Employment Standards Act).
fn canada(subdivision: Subdivision, y: &mut Year) {
    use Subdivision::*;
    let year = y.year;
    let third_monday_of_february = |y: &mut Year, name| y.nth(3, Weekday::Mon, 2, name);
    let first_monday_of_august = |y: &mut Year, name| y.nth(1, Weekday::Mon, 8, name);
    let truth = "National Day for Truth and Reconciliation";
    // Queen Elizabeth II's state funeral, a holiday in six provinces.
    if year == 2022 && matches!(subdivision, CaBc | CaNb | CaNl | CaNs | CaPe | CaYt) {
        y.fixed(9, 19, "Funeral of Queen Elizabeth II");
    }
    match subdivision {
        CaAb if year >= 1990 => third_monday_of_february(y, "Family Day"),
        CaBc => {
            match year {
                2013..=2018 => y.nth(2, Weekday::Mon, 2, "Family Day"),
                2019.. => third_monday_of_february(y, "Family Day"),
                _ => {}
            }
            first_monday_of_august(y, "British Columbia Day");
            if year >= 2023 {
                let day = y.fixed(9, 30, truth);
                y.observe(day, SAT_SUN_TO_MON, truth);
            }
        }
        CaMb => {
            if year >= 2008 {
                third_monday_of_february(y, "Louis Riel Day");
            }
            if year >= 2024 {
                let day = y.fixed(9, 30, truth);
                y.observe(day, SAT_SUN_TO_MON, truth);
            }
        }
        CaNb => {
            if year >= 2018 {
                third_monday_of_february(y, "Family Day");
            }
            first_monday_of_august(y, "New Brunswick Day");
        }
        CaNl => {
            let memorial = y.fixed(7, 1, "Memorial Day");
            y.observe(memorial, SAT_SUN_TO_MON, "Memorial Day (observed)");
            remembrance_observed(y);
        }
        CaNs => {
            if year >= 2015 {
                third_monday_of_february(y, "Heritage Day");
            }
            remembrance_observed(y);
        }
        CaNt => {
            if year >= 2001 {
                y.fixed(6, 21, "National Indigenous Peoples Day");
            }
            first_monday_of_august(y, "Civic Holiday");
            if year >= 2022 {
                y.fixed(9, 30, truth);
            }
        }
        CaNu => {
            if year >= 2020 {
                y.fixed(7, 9, "Nunavut Day");
            }
            first_monday_of_august(y, "Civic Holiday");
            if year >= 2022 {
                y.fixed(9, 30, truth);
            }
        }
        CaOn => {
            if year >= 2008 {
                third_monday_of_february(y, "Family Day");
            }
            let boxing = y.fixed(12, 26, "Boxing Day");
            y.observe(boxing, SAT_SUN_TO_MON_TUE, "Boxing Day (observed)");
        }
        CaPe => {
            match year {
                2009 => y.nth(2, Weekday::Mon, 2, "Islander Day"),
                2010.. => third_monday_of_february(y, "Islander Day"),
                _ => {}
            }
            if year >= 2022 {
                y.fixed(9, 30, truth);
            }
            remembrance_observed(y);
        }
        CaQc => {
            if year >= 2003 {
                // Victoria Day elsewhere.
                let monday = y.monday_before_may_25();
                y.add(monday, "National Patriots' Day");
            }
            let fete = y.fixed(6, 24, "Saint-Jean-Baptiste Day");
            y.observe(fete, SUN_TO_MON, "Saint-Jean-Baptiste Day (observed)");
        }
        CaSk => {
            if year >= 2007 {
                third_monday_of_february(y, "Family Day");
            }
            first_monday_of_august(y, "Saskatchewan Day");
            remembrance_observed(y);
        }
        CaYt => {
            if year >= 2017 {
                y.fixed(6, 21, "National Indigenous Peoples Day");
            }
            y.nth(3, Weekday::Mon, 8, "Discovery Day");
            if year >= 2023 {
                y.fixed(9, 30, truth);
            }
            remembrance_observed(y);
        }
        _ => {}
    }
}

/// Remembrance Day, moved to Monday from a weekend.
fn remembrance_observed(y: &mut Year) {
    let day = y.fixed(11, 11, "Remembrance Day");
    y.observe(day, SAT_SUN_TO_MON, "Remembrance Day (observed)");
}

/// The states' public holidays beyond the nationwide ones (each state's
/// Feiertagsgesetz).
fn germany(subdivision: Subdivision, y: &mut Year) {
    use Subdivision::*;
    let year = y.year;
    if matches!(subdivision, DeBw | DeBy | DeSt) {
        y.fixed(1, 6, "Epiphany");
    }
    if matches!(subdivision, DeBe) && year >= 2019 || matches!(subdivision, DeMv) && year >= 2023 {
        y.fixed(3, 8, "International Women's Day");
    }
    if matches!(subdivision, DeBe) && matches!(year, 2020 | 2025) {
        // The 75th and 80th anniversaries of the end of the Second World War.
        y.fixed(5, 8, "Liberation Day");
    }
    if matches!(subdivision, DeBw | DeBy | DeHe | DeNw | DeRp | DeSl) {
        y.easter(60, "Corpus Christi");
    }
    if matches!(subdivision, DeSl) {
        y.fixed(8, 15, "Assumption Day");
    }
    if matches!(subdivision, DeTh) && year >= 2019 {
        y.fixed(9, 20, "World Children's Day");
    }
    let reformation = match subdivision {
        DeBb | DeMv | DeSn | DeSt | DeTh => true,
        DeHb | DeHh | DeNi | DeSh => year >= 2018,
        _ => false,
    };
    if reformation {
        y.fixed(10, 31, "Reformation Day");
    }
    if matches!(subdivision, DeBw | DeBy | DeNw | DeRp | DeSl) {
        y.fixed(11, 1, "All Saints' Day");
    }
    if matches!(subdivision, DeSn) {
        // The Wednesday before 23 November.
        let day = y.date(11, 22).and_then(|d| {
            let back = (d.weekday().num_days_from_monday() + 7 - 2) % 7;
            d.checked_sub_days(chrono::Days::new(u64::from(back)))
        });
        y.add(day, "Repentance and Prayer Day");
    }
}

/// Northern Ireland's and Scotland's bank holidays beyond England and
/// Wales's (the Banking and Financial Dealings Act 1971, Schedule 1, and
/// royal proclamations).
fn united_kingdom(subdivision: Subdivision, y: &mut Year) {
    let year = y.year;
    match subdivision {
        Subdivision::GbNir => {
            let patrick = y.fixed(3, 17, "Saint Patrick's Day");
            y.observe(patrick, SAT_SUN_TO_MON, "Saint Patrick's Day (observed)");
            let boyne = y.fixed(7, 12, "Battle of the Boyne");
            y.observe(boyne, SAT_SUN_TO_MON, "Battle of the Boyne (observed)");
        }
        Subdivision::GbSct => {
            // 2 January moves past a substitute New Year's Day on Monday.
            let second = y.fixed(1, 2, "2nd January");
            y.observe(
                second,
                Observed::Shift(&[(Weekday::Sat, 2), (Weekday::Sun, 2), (Weekday::Mon, 1)]),
                "2nd January (substitute day)",
            );
            y.nth(1, Weekday::Mon, 8, "Summer bank holiday");
            if year >= 2006 {
                let andrew = y.fixed(11, 30, "St Andrew's Day");
                y.observe(andrew, SAT_SUN_TO_MON, "St Andrew's Day (substitute day)");
            }
            if year == 2026 {
                // By royal proclamation, for Scotland's World Cup match.
                y.fixed(6, 15, "Scotland's FIFA World Cup match");
            }
        }
        _ => {}
    }
}
