//! An incident, evaluated: the notification clocks that run from `aware`
//! under the organization's law (`clock`), the state of each takedown
//! report (`takedown`), whether a reported domain is gone by what
//! `check --online` saw of it (`gone`), what `incident open` writes from
//! `trace` and `phish` (`open`), the rows of the breach register
//! (`register`), and whom and what an abuse or registrar report sent for
//! it is about (`reports`).
//!
//! Pure: the moment the clocks count to (`now`) is a parameter, like
//! `today` for the deletion deadlines.

pub mod clock;
pub mod gone;
pub mod open;
pub mod register;
pub mod reports;
pub mod takedown;

use chrono::{DateTime, Utc};

pub use clock::{Audience, Clock, ClockState, Measure, instant, start_of_day};
pub use takedown::{Takedown, TakedownState};

use crate::inventory::{Incident, Inventory};

/// Everything linger computes about one incident at `now`.
#[derive(Debug, Clone)]
pub struct Status<'a> {
    pub incident: &'a Incident,
    pub clocks: Vec<Clock>,
    pub takedowns: Vec<Takedown>,
    /// The moment of the `closed` event, when closed.
    pub closed: Option<DateTime<Utc>>,
}

/// The incident's clocks and takedowns. `now` only decides which reports
/// are overdue (`takedown::pending`); the clocks themselves are facts.
pub fn evaluate<'a>(inventory: &Inventory, incident: &'a Incident) -> Status<'a> {
    let zone = inventory.organization.time_zone;
    let calendar = crate::deadline::calendar(inventory);
    Status {
        incident,
        clocks: clock::clocks(incident, inventory.organization.law, &calendar, zone),
        takedowns: takedown::of(incident, zone),
        closed: incident.closed().map(|e| instant(e.on.value, zone)),
    }
}

/// The next free id for an incident opened on `day`: `YYYY-MM-DD`, then
/// `YYYY-MM-DD-2`, `-3`... A vendor's id is taken too (a `[ref:ID]` tag
/// names one or the other).
pub fn next_id(inventory: &Inventory, day: chrono::NaiveDate) -> String {
    let taken = |id: &str| {
        inventory.incidents.iter().any(|i| i.id.value == id) || inventory.vendor(id).is_some()
    };
    let base = format!("{day}");
    let mut n = 1;
    loop {
        let id = match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        };
        if !taken(&id) {
            return id;
        }
        n += 1;
    }
}

/// `2026-10-27 09:00 +01:00`: a moment as the organization's clocks in
/// `zone` show it.
pub fn local(at: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    at.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %:z")
        .to_string()
}

/// Whether an incident is still open at `now`.
pub fn is_open(status: &Status<'_>, now: DateTime<Utc>) -> bool {
    status.closed.is_none_or(|closed| closed > now)
}
