//! `linger show ID`: one vendor, its history, and the reasoning behind its
//! due date.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::ShowArgs;
use crate::error::Error;
use crate::output;

pub fn run(ctx: &Context, args: ShowArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let vendor = loaded.vendor(&args.id)?;
    let mut out = output::stdout();
    output::vendor::write(&mut out, inventory, vendor, ctx.today)?;
    out.flush()?;
    Ok(Outcome::Success)
}
