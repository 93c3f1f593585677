//! The rows of the read-only views (`list`, `overdue`), computed from the
//! inventory and `today`. Pure; `commands` decide how to print them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::inventory::{EventKind, Inventory, Law, Vendor};
use crate::status::{NextAction, Stage, State, Status, evaluate};

/// One vendor in `linger list`.
#[derive(Debug, Clone, Serialize)]
pub struct ListRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub retired: bool,
    pub retired_on: Option<NaiveDate>,
    pub state: State,
    pub stage: Option<Stage>,
    pub due_on: Option<NaiveDate>,
    pub days_overdue: Option<i64>,
    pub next_action: Option<NextAction>,
    pub law: Law,
    /// `null` when the vendor does not say what it holds.
    pub data: Option<Vec<&'a str>>,
}

/// One row of the overdue-deletion table (its JSON shape is in docs/cli.md).
#[derive(Debug, Clone, Serialize)]
pub struct OverdueRow<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub stage: Stage,
    pub state: State,
    pub retired_on: Option<NaiveDate>,
    pub requested_on: Option<NaiveDate>,
    pub due_on: NaiveDate,
    pub days_overdue: i64,
    pub law: Law,
    pub next_action: Option<NextAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    All,
    Retired,
    Active,
}

pub fn list(inventory: &Inventory, today: NaiveDate, which: Which) -> Vec<ListRow<'_>> {
    inventory
        .vendors
        .iter()
        .filter_map(|vendor| {
            let status = evaluate(inventory, vendor, today);
            let keep = match which {
                Which::All => true,
                Which::Retired => status.retired,
                Which::Active => !status.retired,
            };
            keep.then(|| ListRow {
                id: &vendor.id.value,
                name: &vendor.name,
                retired: status.retired,
                retired_on: retired_on(vendor),
                state: status.state,
                stage: status.due.map(|d| d.stage),
                due_on: status.due.map(|d| d.on),
                days_overdue: status.days_overdue,
                next_action: status.next_action,
                law: inventory.law_of(vendor),
                data: vendor
                    .data
                    .as_ref()
                    .map(|d| d.iter().map(|c| c.value.as_str()).collect()),
            })
        })
        .collect()
}

/// Vendors past their due date (today is after it), plus, with `upcoming`,
/// those due today or within that many days; most overdue first, ties by id.
pub fn overdue(
    inventory: &Inventory,
    today: NaiveDate,
    upcoming: Option<u32>,
) -> Vec<OverdueRow<'_>> {
    let mut rows: Vec<OverdueRow<'_>> = inventory
        .vendors
        .iter()
        .filter_map(|vendor| {
            let status = evaluate(inventory, vendor, today);
            overdue_row(inventory, vendor, &status).filter(|row| {
                row.days_overdue > 0
                    || upcoming.is_some_and(|days| -row.days_overdue <= i64::from(days))
            })
        })
        .collect();
    rows.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.id.cmp(b.id)));
    rows
}

/// The row of a vendor that has a due date.
fn overdue_row<'a>(
    inventory: &Inventory,
    vendor: &'a Vendor,
    status: &Status,
) -> Option<OverdueRow<'a>> {
    let due = status.due?;
    Some(OverdueRow {
        id: &vendor.id.value,
        name: &vendor.name,
        stage: due.stage,
        state: status.state,
        retired_on: retired_on(vendor),
        requested_on: vendor
            .events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Requested)
            .map(|e| e.on.value),
        due_on: due.on,
        days_overdue: status.days_overdue?,
        law: inventory.law_of(vendor),
        next_action: status.next_action,
    })
}

fn retired_on(vendor: &Vendor) -> Option<NaiveDate> {
    vendor.retired_on.as_ref().map(|r| r.value)
}
