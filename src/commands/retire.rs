//! `linger retire ID [--on DATE]`: records the day a vendor stopped being
//! used, which starts the clock for the deletion request.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::RetireArgs;
use crate::commands::edit;
use crate::error::Error;
use crate::inventory::edit::Change;
use crate::output;
use crate::status::evaluate;

pub fn run(ctx: &Context, args: RetireArgs) -> Result<Outcome, Error> {
    let on = args.on.unwrap_or(ctx.today);
    let id = args.id;
    let mut previous = None;
    let applied = edit::apply(ctx, &args.edit, |loaded| {
        let vendor = loaded.vendor(&id)?;
        previous = vendor.retired_on.as_ref().map(|r| r.value);
        Ok(Change::Retire { id: id.clone(), on })
    })?;
    let Some(applied) = applied else {
        return Ok(Outcome::Success);
    };
    if ctx.quiet {
        return Ok(Outcome::Success);
    }
    let was = match previous {
        Some(date) if date == on => " (unchanged)".to_string(),
        Some(date) => format!(" (was {date})"),
        None => String::new(),
    };
    // A date ahead is a planned retirement: the vendor counts as active
    // until then.
    let verb = if on > ctx.today {
        "Will retire"
    } else {
        "Retired"
    };
    let mut line = format!("{verb} `{id}` on {on}{was} at {}.", applied.location);
    let vendor = &applied.vendor;
    let status = evaluate(&applied.before.inventory, vendor, ctx.today);
    if let (Some(due), None) = (status.due, vendor.last_event()) {
        line.push_str(&format!(" The deletion request is due by {}.", due.on));
    }
    writeln!(output::stderr(), "{line}")?;
    Ok(Outcome::Success)
}
