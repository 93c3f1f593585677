//! `linger list`: every vendor with its state and due date.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::ListArgs;
use crate::error::Error;
use crate::output::table::{date_cell, opt_cell};
use crate::output::{self, table::Table, table::TableFormat};
use crate::views::{self, Which};

pub fn run(ctx: &Context, args: ListArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load_reporting_json(args.format == TableFormat::Json)?;
    let which = match (args.retired, args.active) {
        (true, _) => Which::Retired,
        (_, true) => Which::Active,
        _ => Which::All,
    };
    let rows = views::list(&loaded.inventory, ctx.today, which);
    let mut table = Table::new(vec![
        "id",
        "name",
        "status",
        "retired_on",
        "state",
        "due_on",
        "days_overdue",
        "next_action",
    ]);
    for row in &rows {
        table.push(vec![
            row.id.to_string(),
            row.name.to_string(),
            if row.retired { "retired" } else { "active" }.to_string(),
            date_cell(row.retired_on),
            row.state.to_string(),
            date_cell(row.due_on),
            opt_cell(row.days_overdue.filter(|d| *d > 0)),
            opt_cell(row.next_action),
        ]);
    }
    let mut out = output::stdout_for(args.format);
    table.write(&mut out, args.format, &rows, "No vendors.")?;
    out.flush()?;
    Ok(Outcome::Success)
}
