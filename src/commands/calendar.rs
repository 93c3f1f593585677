//! `linger calendar`: the open due dates as an iCalendar file for the
//! person who sends the letters (see `crate::ical`). Changes nothing.

use std::io::Write;

use super::{Context, Outcome, write_output};
use crate::cli::CalendarArgs;
use crate::error::Error;
use crate::output;

pub fn run(ctx: &Context, args: CalendarArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let text = crate::ical::calendar(&loaded.inventory, ctx.today, ctx.now);
    if write_output(args.output.as_deref(), &text)?
        && let (Some(path), false) = (&args.output, ctx.quiet)
    {
        writeln!(
            output::stderr(),
            "Wrote {} to-dos to {}; import it into your calendar (again after changes: each to-do keeps its UID).",
            text.matches("BEGIN:VTODO").count(),
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}
