//! The geometry of the report's timelines: one time axis shared by every
//! vendor (so that bars line up and can be compared), and per vendor the
//! span it was in use, the span it kept our data after retirement, each
//! event and the due date, as x positions from 0 to 1000 in the SVG's
//! view box.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::inventory::{Inventory, Vendor};
use crate::status::Status;

/// The width of the view box, and the margin on each side that keeps the
/// first and last year's labels inside it.
const WIDTH: f64 = 1000.0;
const MARGIN: f64 = 24.0;

#[derive(Debug, Clone, Copy)]
pub struct Axis {
    start: NaiveDate,
    end: NaiveDate,
    /// Where bars of what still goes on end.
    today: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub x: f64,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    pub x: f64,
    pub width: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub x: f64,
    pub on: NaiveDate,
    pub label: String,
}

/// One vendor's line.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// From `used_from` to retirement (or today).
    pub used: Option<Bar>,
    /// From retirement to the deletion (or today): our data still there.
    pub held: Option<Bar>,
    pub events: Vec<Mark>,
    pub due: Option<Mark>,
}

impl Axis {
    /// An axis from the earliest date in the inventory to the latest due
    /// date or today, whole years, so that the ticks fall on 1 January.
    pub fn of(inventory: &Inventory, statuses: &[Status], today: NaiveDate) -> Self {
        let mut first = today;
        let mut last = today;
        for (vendor, status) in inventory.vendors.iter().zip(statuses) {
            let dates = (vendor.used_from.iter().copied())
                .chain(vendor.retired_on.iter().map(|r| r.value))
                .chain(vendor.events.iter().map(|e| e.on.value))
                .chain(status.due.map(|d| d.on));
            for date in dates {
                first = first.min(date);
                last = last.max(date);
            }
        }
        let year = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or(first);
        Self {
            start: year(first.year()),
            end: year(last.year() + 1),
            today,
        }
    }

    /// Where `date` falls, from `MARGIN` to `WIDTH - MARGIN`.
    pub fn x(&self, date: NaiveDate) -> f64 {
        // Rounded to a tenth: enough for 1000 units, and a smaller page.
        let span = (self.end - self.start).num_days().max(1) as f64;
        let at = (date - self.start).num_days() as f64;
        let x = MARGIN + (at / span) * (WIDTH - 2.0 * MARGIN);
        (x * 10.0).round() / 10.0
    }

    /// A tick on 1 January of every year, or of every few years when the
    /// axis spans many.
    pub fn ticks(&self) -> Vec<Tick> {
        let years = self.end.year() - self.start.year();
        let step = match years {
            0..=12 => 1,
            13..=30 => 5,
            _ => 10,
        };
        (self.start.year()..=self.end.year())
            .filter(|y| y % step == 0)
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .map(|d| Tick {
                x: self.x(d),
                label: d.year().to_string(),
            })
            .collect()
    }

    pub fn timeline(&self, vendor: &Vendor, status: &Status) -> Timeline {
        let today = self.today;
        let retired = vendor.retired_on.as_ref().map(|r| r.value);
        let done_on = vendor
            .events
            .iter()
            .find(|e| e.kind.is_done())
            .map(|e| e.on.value);
        let bar = |from: NaiveDate, to: NaiveDate| {
            let x = self.x(from);
            Bar {
                x,
                width: (self.x(to) - x).max(2.0),
            }
        };
        let used = vendor
            .used_from
            .map(|from| bar(from, retired.unwrap_or(today).max(from)));
        let held = retired
            .filter(|_| vendor.may_hold_data())
            .map(|from| bar(from, done_on.unwrap_or(today).max(from)));
        Timeline {
            used,
            held,
            events: (vendor.events.iter())
                .map(|e| Mark {
                    x: self.x(e.on.value),
                    on: e.on.value,
                    label: e.kind.as_str().to_string(),
                })
                .collect(),
            due: status.due.map(|d| Mark {
                x: self.x(d.on),
                on: d.on,
                label: format!("{} due", d.stage),
            }),
        }
    }
}
