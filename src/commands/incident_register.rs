//! `linger incident register`: the breach register (GDPR Art. 33(5),
//! PIPEDA s. 10.3) of every incident, as Markdown, CSV or JSON
//! (`crate::incident::register`, `output::incident::register`).

use std::io::Write;

use super::{Context, Outcome, write_output};
use crate::cli::IncidentRegisterArgs;
use crate::error::Error;
use crate::output;

pub fn run(ctx: &Context, args: IncidentRegisterArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let zone = inventory.organization.time_zone;
    let entries: Vec<_> = inventory
        .incidents
        .iter()
        .map(|incident| {
            crate::incident::register::entry(&crate::incident::evaluate(inventory, incident), zone)
        })
        .collect();
    let format = match args.format {
        crate::cli::RegisterFormat::Markdown => output::incident::RegisterFormat::Markdown,
        crate::cli::RegisterFormat::Csv => output::incident::RegisterFormat::Csv,
        crate::cli::RegisterFormat::Json => output::incident::RegisterFormat::Json,
    };
    let text = output::incident::register(&inventory.organization.name, &entries, format)?;
    if write_output(args.output.as_deref(), &text)?
        && let (Some(path), false) = (&args.output, ctx.quiet)
    {
        writeln!(
            output::stderr(),
            "Wrote the register of {} incident{} to {}.",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}
