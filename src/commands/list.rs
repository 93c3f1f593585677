//! `linger list`: every vendor with its state and due date.

use std::io::Write;

use super::{date_cell, opt_cell};
use crate::app::{Context, Outcome};
use crate::cli::ListArgs;
use crate::error::Error;
use crate::output::{self, table::Table, table::TableFormat};
use crate::views::{self, Which};

pub fn run(ctx: &Context, args: ListArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let which = match (args.retired, args.active) {
        (true, _) => Which::Retired,
        (_, true) => Which::Active,
        _ => Which::All,
    };
    let rows = views::list(&loaded.inventory, ctx.today, which);
    let mut out = output::stdout();
    if args.format == TableFormat::Json {
        output::write_json(&mut out, &rows)?;
    } else {
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
        match args.format {
            TableFormat::Csv => table.write_csv(&mut out)?,
            TableFormat::Markdown => table.write_markdown(&mut out)?,
            _ if table.is_empty() => writeln!(out, "No vendors.")?,
            _ => table.write_text(&mut out)?,
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}
