//! `linger overdue`: who is late, by how many days, and what to do next.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::OverdueArgs;
use crate::error::Error;
use crate::output::table::{date_cell, opt_cell};
use crate::output::{self, table::Table, table::TableFormat};
use crate::views;

pub fn run(ctx: &Context, args: OverdueArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load_reporting_json(args.format == TableFormat::Json)?;
    let rows = views::overdue(&loaded.inventory, ctx.today, args.upcoming);
    let mut table = Table::new(vec![
        "id",
        "name",
        "stage",
        "state",
        "due_on",
        "days_overdue",
        "law",
        "next_action",
    ]);
    for row in &rows {
        table.push(vec![
            row.id.to_string(),
            row.name.to_string(),
            row.stage.to_string(),
            row.state.to_string(),
            date_cell(Some(row.due_on)),
            row.days_overdue.to_string(),
            row.law.to_string(),
            opt_cell(row.next_action),
        ]);
    }
    let empty = match args.upcoming {
        Some(days) => format!("Nothing is overdue or due within {days} days."),
        None => "Nothing is overdue.".to_string(),
    };
    let mut out = output::stdout_for(args.format);
    table.write(&mut out, args.format, &rows, &empty)?;
    out.flush()?;
    // Rows due today or later are shown under `--upcoming` but are not late.
    Ok(
        if args.exit_code && rows.iter().any(|row| row.days_overdue > 0) {
            Outcome::Findings
        } else {
            Outcome::Success
        },
    )
}
