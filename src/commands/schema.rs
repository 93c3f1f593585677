//! `linger schema`: the JSON Schema of `vendors.toml` (see `crate::schema`).
//! Needs no inventory.

use std::io::Write;

use super::{Context, Outcome, write_output};
use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::output;

pub fn run(ctx: &Context, args: SchemaArgs) -> Result<Outcome, Error> {
    let text = crate::schema::text();
    if write_output(args.output.as_deref(), &text)?
        && let (Some(path), false) = (&args.output, ctx.quiet)
    {
        writeln!(
            output::stderr(),
            "Wrote the schema to {}; a `#:schema {}` line at the top of vendors.toml points editors at it.",
            path.display(),
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}
