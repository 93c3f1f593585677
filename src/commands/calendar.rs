//! `linger calendar`: the open due dates as an iCalendar file for the
//! person who sends the letters (see `crate::ical`). Changes nothing.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::CalendarArgs;
use crate::error::Error;
use crate::inventory::store;
use crate::output;

pub fn run(ctx: &Context, args: CalendarArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let text = crate::ical::calendar(&loaded.inventory, ctx.today, ctx.now);
    match &args.output {
        Some(path) => {
            store::write_whole(path, text.as_bytes()).map_err(|err| Error::Write {
                path: path.clone(),
                err,
            })?;
            if !ctx.quiet {
                writeln!(
                    output::stderr(),
                    "Wrote {} to-dos to {}; import it into your calendar (again after changes: each to-do keeps its UID).",
                    text.matches("BEGIN:VTODO").count(),
                    path.display()
                )?;
            }
        }
        None => {
            let mut out = output::data_stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}
